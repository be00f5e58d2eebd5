"""The pipeline's exceptions. Every message names the file (and line where there is one) and the
reason, quoting the bad value; only the CLI turns them into exit codes and one-line messages."""


class PipelineError(Exception):
    """Base class: a message that names file and reason."""


class InputError(PipelineError):
    """A raw file cannot be read as a referat (empty, binary, undecodable, no meeting header)."""


class SuiteError(PipelineError):
    """An expectation suite in ``expectations/`` is missing or malformed."""


class SqlError(PipelineError):
    """A view in ``sql/`` does not compile."""


class MissingOutput(PipelineError):
    """A stage command needs tables an earlier stage has not written."""


class OutDirRefused(PipelineError):
    """The out dir is not the pipeline's to write (a user's folder, a file, the raw dir), or
    another build holds it."""


class QueryError(PipelineError):
    """A query for ``kkr sql`` is empty or DuckDB cannot answer it."""
