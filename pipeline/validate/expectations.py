"""Run the Great Expectations suites in ``expectations/`` against the output tables.

Each suite is a JSON file in GX 1.x's own serialisation (``{"name", "meta", "expectations":
[{"type", "kwargs", "meta"}]}``), named after the table it checks: ``expectations/<table>.json``
holds the suite ``<table>``. :func:`run_suites` validates every table in one ephemeral GX context
and returns one :class:`ValidationResultRow` per expectation, in a fixed order and with nothing
that changes between runs, so the same tables always give the same rows. Given a ``docs_dir``,
the results of the same run also become GX Data Docs there: a static HTML site whose
``index.html`` lists every suite with its result (one validation per suite) and links a page per
suite and per validation.

GX's cost is a fixed overhead per expectation and per metric, hardly the rows, so each suite
first runs with the BASIC result format (success and counts, no per-row lists) and only the
expectations that failed run again with COMPLETE, to name their failing rows. The rows are the
ones a single COMPLETE run gives (``tests/validate/test_two_pass.py`` holds them to that).

A table too large to validate at once is validated a batch of rows at a time
(:meth:`SuiteRun.validate_batches`), its results combined as one validation gives them (see
``pipeline.validate.batches``).

GX is kept quiet: analytics off, no progress bars. A suite that cannot be read, or whose
expectations cannot be evaluated on its table (unknown expectation, missing column, missing
expectation parameter), raises :class:`SuiteError`; it never turns into a silent skip.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

# Before GX is imported. GX 1.24.1 ships no analytics client (the env var is only named in a
# docstring), but earlier 1.x releases read it at import: keep it off whatever is installed.
os.environ["GX_ANALYTICS_ENABLED"] = "false"
# And pydantic's copy of the fields a model inherits replaced, as GX makes its model classes as
# it is imported (see gx_models).
import pipeline.validate.gx_models  # noqa: F401

# isort: split

import great_expectations as gx
import great_expectations.exceptions as gx_exceptions
import pandas as pd
from great_expectations.constants import DATAFRAME_REPLACEMENT_STR
from great_expectations.core.expectation_suite import ExpectationSuite, ExpectationSuiteSchema
from great_expectations.core.expectation_validation_result import (
    ExpectationSuiteValidationResult,
    ExpectationValidationResult,
)
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import AbstractDataContext
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)
from great_expectations.datasource.fluent.interfaces import Batch
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
from great_expectations.validator.validation_statistics import calc_validation_statistics
from marshmallow import ValidationError

from pipeline.errors import SuiteError
from pipeline.forked import in_child
from pipeline.models import ValidationResultRow
from pipeline.validate import batches, gx_configs, gx_filters, gx_ids, gx_kwargs, gx_templates

ROW_COLUMNS: tuple[str, str] = ("source_file", "source_line")
"""The columns that name a row in ``unexpected_rows`` (``source_file:source_line``)."""

MAX_NAMED_ROWS = 20
"""At most this many failing rows are named; the rest are counted (``… (+N more)``)."""

DOCS_SITE = "kkr"
"""The name of the Data Docs site :func:`run_suites` writes into ``docs_dir``."""

DOCS_RUN_NAME = "kkr-data"
"""The run name the validations carry in the Data Docs (one run per :func:`run_suites` call)."""

FIRST_PASS_FORMAT: Mapping[str, str] = {"result_format": "BASIC"}
"""The result format every suite runs with first: BASIC gives each expectation's success,
``element_count`` and ``unexpected_count`` exactly as COMPLETE does, but not the per-row
``unexpected_index_list`` whose metrics make COMPLETE the slower (SUMMARY computes them too)."""

logging.getLogger("great_expectations").setLevel(logging.WARNING)  # its INFO lines are noise here
gx_kwargs.install()  # an expectation's kwargs read once per question (see there)
gx_configs.install()  # its configuration made once while its metrics are worked out
gx_ids.install()  # the metrics' ids made without GX's JSON conversion, where none is needed
gx_filters.install()  # a row condition applied to a frame once, not once per metric
gx_templates.install()  # the Data Docs templates compiled once (see there)

_ID_NAMESPACE = uuid.UUID("5f1d6c2e-0b7a-4c1e-9a57-6b6b2f0c4e11")
_NOT_KWARGS = ("column", "batch_id")


# --------------------------------------------------------------------------- loading


def load_suite(path: Path) -> ExpectationSuite:
    """Load one suite file into a GX ``ExpectationSuite``.

    The JSON is parsed by GX's own ``ExpectationSuiteSchema`` (which yields
    ``ExpectationConfiguration`` objects) and each is turned into an ``Expectation`` by GX, so an
    unknown field, an unknown expectation type or a bad kwarg raises :class:`SuiteError`
    (``ExpectationSuite`` itself would only log and drop it). The suite's name must be the file's
    stem. Each expectation gets an id derived from the suite name and its position, so results
    can be put back in file order.
    """
    path = Path(path)
    data = _read_suite_dict(path)
    if data.get("name") != path.stem:
        raise SuiteError(
            f"{path}: suite name {data.get('name')!r} is not the file name {path.stem!r}"
        )
    expectations = [_build_expectation(path, i, e) for i, e in enumerate(data["expectations"])]
    suite = ExpectationSuite(
        name=data["name"], expectations=expectations, meta=data.get("meta"), notes=data.get("notes")
    )
    for position, expectation in enumerate(suite.expectations):
        expectation.id = str(uuid.uuid5(_ID_NAMESPACE, f"{suite.name}/{position}"))
    return suite


def _read_suite_dict(path: Path) -> dict[str, Any]:
    """The suite file parsed by GX's schema; SuiteError when unreadable or malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise SuiteError(f"{path}: cannot read suite: {e.strerror or e}") from e
    try:
        data = ExpectationSuiteSchema().loads(text)
    except ValueError as e:  # json.JSONDecodeError
        raise SuiteError(f"{path}: not valid JSON: {e}") from e
    except ValidationError as e:
        raise SuiteError(f"{path}: not an expectation suite: {e.messages}") from e
    if not data.get("expectations"):
        raise SuiteError(f"{path}: suite has no expectations")
    return data


def _build_expectation(path: Path, position: int, config: ExpectationConfiguration) -> Expectation:
    """One parsed configuration as a GX ``Expectation``; SuiteError naming it when GX rejects it."""
    try:
        return config.to_domain_obj()
    except (ValueError, TypeError, gx_exceptions.GreatExpectationsError) as e:
        reason = " ".join(str(e).split())
        raise SuiteError(f"{path}: expectation {position} ({config.type}): {reason}") from e


# --------------------------------------------------------------------------- running


def run_suites(
    tables: Mapping[str, pd.DataFrame],
    suites_dir: Path,
    parameters: Mapping[str, object],
    *,
    docs_dir: Path | None = None,
) -> list[ValidationResultRow]:
    """Validate each table against its suite ``suites_dir/<table>.json``.

    ``parameters`` fills ``{"$PARAMETER": name}`` values (``kommune_codes``: the codes in the
    kommuner table, as a list or a Series). A suite whose table is not in ``tables`` is skipped;
    a table without a suite, a bad suite or a missing parameter raises :class:`SuiteError`.
    Rows are ordered by suite name, then by the order of the expectations in the file.

    Each suite runs once with :data:`FIRST_PASS_FORMAT`; only the expectations that failed run
    again with :func:`naming_format`, which names their rows (see :func:`_validate`).

    With ``docs_dir``, the results of these validations also become GX Data Docs in that
    directory (created if missing): ``docs_dir/index.html`` lists every validated suite with its
    result. Pages of an earlier run into the same directory are removed from it; nothing is
    written anywhere else. Without it, no docs are built and nothing is stored.
    """
    run = SuiteRun()
    rows = run.validate(tables, suites_dir, parameters)
    if docs_dir is not None:
        run.build_docs(Path(docs_dir))
    return rows


class SuiteRun:
    """Suites validated on one GX context, in as many parts as the tables come in (a build
    validates its data tables while it makes its findings, then the findings): the rows of
    each part, and Data Docs of every part at the end, as :func:`run_suites` gives them for
    all the tables at once."""

    def __init__(self) -> None:
        self.context = _quiet_context()
        self.source = self.context.data_sources.add_pandas("kkr")
        self.validated: list[tuple[ExpectationSuite, ExpectationSuiteValidationResult]] = []
        self.docs_run = RunIdentifier(run_name=DOCS_RUN_NAME, run_time=dt.datetime.now(dt.UTC))
        self.kept = 0  # how many of ``validated`` are in the context's stores (keep_for_docs)
        self.docs: tuple[Path, int] | None = None  # the docs' folder, how many have pages

    def validate(
        self,
        tables: Mapping[str, pd.DataFrame],
        suites_dir: Path,
        parameters: Mapping[str, object],
    ) -> list[ValidationResultRow]:
        """The rows of the suites of ``tables`` (as :func:`run_suites`)."""
        rows: list[ValidationResultRow] = []
        for name, path in _suite_paths(Path(suites_dir), tables):
            suite = load_suite(path)
            outcome = self._outcome(self._asset(name), path, suite, tables[name], parameters)
            rows += self._rows(suite, outcome)
        return rows

    def validate_batches(
        self, table: TableBatches, suites_dir: Path, parameters: Mapping[str, object]
    ) -> list[ValidationResultRow]:
        """The rows of the suite of a table too large to validate at once, as :meth:`validate`
        gives them: its row-wise expectations on each of ``table``'s batches, its uniqueness
        expectations on each group of rows (:meth:`_grouped`), the others on the whole table's
        columns they name, the results combined (``pipeline.validate.batches``). Each batch is
        let go before the next is read."""
        [(name, path)] = _suite_paths(Path(suites_dir), [table.name])
        suite = load_suite(path)
        runs = {e.id: _how(e) for e in suite.expectations}  # a configuration is costly to make
        parts = {how: _part(suite, lambda e, how=how: runs[e.id] == how) for how in _HOWS}
        asset, outcomes = self._asset(name), []
        if (by_rows := parts[batches.ROWS]) is not None:
            columns = suite_columns(path, table.columns, batches.ROWS)
            for frame in table.batches(columns):
                outcomes.append(self._outcome(asset, path, by_rows, frame, parameters))
                del frame  # not held while the next batch is read
        if (grouped := parts[batches.GROUPS]) is not None:
            columns = suite_columns(path, table.columns, batches.GROUPS)
            outcomes += self._grouped(asset, path, grouped, table, columns, parameters)
        if (whole := parts[batches.WHOLE]) is not None:
            frame = table.whole(suite_columns(path, table.columns, batches.WHOLE))
            outcomes.append(self._outcome(asset, path, whole, frame, parameters))
        return self._rows(suite, _joined(outcomes))

    def _grouped(
        self,
        asset: Any,
        path: Path,
        suite: ExpectationSuite,
        table: TableBatches,
        columns: list[str],
        parameters: Mapping[str, object],
    ) -> list[ExpectationSuiteValidationResult]:
        """The outcomes of ``suite``'s uniqueness expectations on each group of ``table``'s
        rows by their :func:`batches.group_column`. One that fails in more than one group runs
        again on the whole table's ``columns``, so its failing rows are listed in row order."""
        outcomes, by = [], {e.id: _group_column(e) for e in suite.expectations}
        for column in dict.fromkeys(by.values()):
            part = _part(suite, lambda e, column=column: by[e.id] == column)
            assert part is not None  # the column is one of its expectations'
            found = []
            for frame in table.groups(columns, column):
                found.append(self._outcome(asset, path, part, frame, parameters))
                del frame  # not held while the next group is made
            again = _part(part, lambda e, found=found: _failed_in(found, e) > 1)
            if again is not None:
                found = [_without(outcome, again) for outcome in found]
                found.append(self._outcome(asset, path, again, table.whole(columns), parameters))
            outcomes += found
        return outcomes

    def apart(
        self, validate: Callable[[SuiteRun], list[ValidationResultRow]]
    ) -> list[ValidationResultRow]:
        """``validate(self)`` in a child process (``pipeline.forked.in_child``): its rows come
        back, and what it validated is kept here for the Data Docs. The frames it read and the
        memory GX took for them go with the child."""
        known = len(self.validated)

        def child() -> tuple[list[ValidationResultRow], list]:
            return validate(self), self.validated[known:]

        rows, validated = in_child(child)
        self.validated[known:] = validated  # where no child is forked, they are there already
        return rows

    def _asset(self, name: str) -> Any:
        return self.source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)

    def _outcome(
        self,
        asset: Any,
        path: Path,
        suite: ExpectationSuite,
        frame: pd.DataFrame,
        parameters: Mapping[str, object],
    ) -> ExpectationSuiteValidationResult:
        """``suite`` validated on ``frame`` (see :func:`_validate`); the frame let go after."""
        batch = asset.get_batch(batch_parameters={"dataframe": frame})
        outcome = _validate(batch, path, suite, frame, parameters)
        _release(batch)
        return outcome

    def _rows(
        self, suite: ExpectationSuite, outcome: ExpectationSuiteValidationResult
    ) -> list[ValidationResultRow]:
        """``outcome``'s rows, in ``suite``'s order; kept for the Data Docs."""
        self.validated.append((suite, outcome))
        results = _in_suite_order(suite, outcome)
        return [_to_row(suite.name, e, r) for e, r in zip(suite.expectations, results, strict=True)]

    def keep_for_docs(self) -> None:
        """Put the suites validated since the last call and their results into the context's
        stores, which :meth:`build_docs` builds the Data Docs from. A build calls it after
        each part of its suites, while it writes the tables of the next."""
        for suite, outcome in self.validated[self.kept :]:
            _keep(self.context, suite, outcome, self.docs_run)
        self.kept = len(self.validated)

    def build_docs(self, docs_dir: Path, *, index: bool = True) -> None:
        """Data Docs of every suite validated so far, in ``docs_dir`` (see :func:`run_suites`),
        built from the context's stores (the pages and the index list the suites by name,
        whatever order they were kept in), so nothing is validated again. A run may build
        them in parts: each call makes the pages of the suites validated since the last (into
        the same ``docs_dir``), and with ``index`` the index of them all (which removes the
        pages of suites no longer in the stores: those of an earlier run)."""
        self.keep_for_docs()
        if self.docs is None or self.docs[0] != docs_dir:
            _add_docs_site(self.context, docs_dir)
            self.docs = (docs_dir, 0)
        new = [identifier for suite, outcome in self.validated[self.docs[1] :]
               for identifier in _identifiers(suite, outcome, self.docs_run)]  # fmt: skip
        if new or index:  # no identifiers: every page is built again
            self.context.build_data_docs(
                site_names=[DOCS_SITE], resource_identifiers=new or None, build_index=index
            )
        self.docs = (docs_dir, len(self.validated))


def _release(batch: Batch) -> None:
    """Let go of ``batch``'s data: GX keeps every batch it validated in its execution engine
    (for metrics asked later), which would hold every table's frame until the run ends; the
    suite's results and the Data Docs no longer need it."""
    manager = batch.data.execution_engine.batch_manager
    manager.batch_data_cache.pop(batch.id, None)
    manager.reset_batch_cache()


def suite_columns(path: Path, columns: Sequence[str], part: str | None = None) -> list[str]:
    """The ``columns`` (in their order) that the suite at ``path`` names in any expectation's
    kwargs (a column, a column list, a row condition), and the :data:`ROW_COLUMNS`: all a
    validation reads, so a table's other columns (an agenda item's text) need not be loaded. A
    name is counted wherever it stands as a word in the kwargs, so none is left out; an
    unreadable suite names them all (its error is raised when it is loaded). With ``part``,
    only the expectations that run so (``batches.how``: by rows, by groups or whole) count."""
    try:
        suite = json.loads(Path(path).read_text(encoding="utf-8"))
        named = {w for e in suite["expectations"] if _counted(e, part)
                 for w in _WORD.findall(json.dumps(e["kwargs"]))}  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return list(columns)
    return [c for c in columns if c in named or c in ROW_COLUMNS]


_WORD = re.compile(r"\w+")


def _counted(expectation: Mapping[str, Any], part: str | None) -> bool:
    """Whether a suite file's expectation counts for :func:`suite_columns` (see there)."""
    return part is None or batches.how(expectation["type"], expectation["kwargs"]) == part


_HOWS = (batches.ROWS, batches.GROUPS, batches.WHOLE)


def _how(expectation: Expectation) -> str:
    config = expectation.configuration
    return batches.how(config.type, config.kwargs)


def _group_column(expectation: Expectation) -> str | None:
    config = expectation.configuration
    return batches.group_column(config.type, config.kwargs)


def _failed_in(
    outcomes: Sequence[ExpectationSuiteValidationResult], expectation: Expectation
) -> int:
    """In how many of ``outcomes`` ``expectation`` failed."""
    return sum(not r.success for o in outcomes for r in o.results
               if r.expectation_config.id == expectation.id)  # fmt: skip


def _without(
    outcome: ExpectationSuiteValidationResult, suite: ExpectationSuite
) -> ExpectationSuiteValidationResult:
    """``outcome`` without the results of ``suite``'s expectations."""
    ids = {e.id for e in suite.expectations}
    outcome.results = [r for r in outcome.results if r.expectation_config.id not in ids]
    return outcome


class TableBatches(Protocol):
    """A table read a batch of rows at a time (see :meth:`SuiteRun.validate_batches`)."""

    name: str
    columns: Sequence[str]

    def batches(self, columns: Sequence[str]) -> Iterable[pd.DataFrame]:
        """Its rows in order, ``columns`` only, a frame per batch indexed by row number."""

    def whole(self, columns: Sequence[str]) -> pd.DataFrame:
        """All its rows, ``columns`` only."""

    def groups(self, columns: Sequence[str], by: str) -> Iterable[pd.DataFrame]:
        """Its rows in groups of about a batch each, ``columns`` only, a frame per group
        indexed by row number (in row order within it): every row with one value of ``by``
        (nulls too) falls in one group."""


def _suite_paths(suites_dir: Path, tables: Iterable[str]) -> list[tuple[str, Path]]:
    """(table, suite file) for every table, sorted by name; SuiteError when a suite is missing."""
    paths = []
    for name in sorted(tables):
        path = suites_dir / f"{name}.json"
        if not path.is_file():
            raise SuiteError(f"{path}: no suite for table {name!r}")
        paths.append((name, path))
    return paths


def _quiet_context() -> AbstractDataContext:
    """A fresh in-memory GX context with analytics and progress bars switched off."""
    context = gx.get_context(mode="ephemeral")
    context.variables.analytics_enabled = False
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context._save_project_config = _unsaved  # type: ignore[method-assign]
    return context


def _unsaved() -> None:
    """In place of an ephemeral context's ``_save_project_config``, which serialises the whole
    project config to YAML into an in-memory store nothing reads, on every asset added (twice
    each): 8 % of a build's validation time. The config itself is kept as before."""


def naming_format(frame: pd.DataFrame) -> dict[str, Any]:
    """The result format that names failing rows: COMPLETE, with ``unexpected_index_list``
    entries keyed by :func:`row_columns` of ``frame``."""
    return {"result_format": "COMPLETE", "unexpected_index_column_names": row_columns(frame)}


def row_columns(frame: pd.DataFrame) -> list[str]:
    """The :data:`ROW_COLUMNS` that ``frame`` has (none for persons, aliases, memberships)."""
    return [c for c in ROW_COLUMNS if c in frame.columns]


def _validate(
    batch: Batch,
    path: Path,
    suite: ExpectationSuite,
    frame: pd.DataFrame,
    parameters: Mapping[str, object],
) -> ExpectationSuiteValidationResult:
    """The result of ``suite`` on ``batch`` (the batch of ``frame``), failing rows named.

    The whole suite runs with :data:`FIRST_PASS_FORMAT`, which leaves out the costly per-row
    index lists. The expectations that failed run again with :func:`naming_format`, and their
    results replace the first ones: each result is then the one a COMPLETE run would give. A
    table without :data:`ROW_COLUMNS` has no rows to name, so nothing runs again. SuiteError
    when GX could not evaluate an expectation in either run.
    """
    outcome = _run(batch, path, suite, FIRST_PASS_FORMAT, parameters)
    _check_ran(path, suite, outcome)
    failed = _failed_part(suite, outcome)
    if failed is not None and row_columns(frame):
        again = _run(batch, path, failed, naming_format(frame), parameters)
        _check_ran(path, suite, again)
        named = {r.expectation_config.id: r for r in again.results}
        outcome.results = [named.get(r.expectation_config.id, r) for r in outcome.results]
    return outcome


def _run(
    batch: Batch,
    path: Path,
    suite: ExpectationSuite,
    result_format: Mapping[str, Any],
    parameters: Mapping[str, object],
) -> ExpectationSuiteValidationResult:
    """One GX validation of ``suite`` on ``batch``; SuiteError for a missing parameter."""
    try:
        return batch.validate(
            suite, result_format=dict(result_format), expectation_parameters=_plain(parameters)
        )
    except gx_exceptions.SuiteParameterError as e:
        raise SuiteError(f"{path}: {e}") from e


def _failed_part(
    suite: ExpectationSuite, outcome: ExpectationSuiteValidationResult
) -> ExpectationSuite | None:
    """A suite of copies of the expectations that failed (same ids, same order), or None."""
    failed_ids = {r.expectation_config.id for r in outcome.results if not r.success}
    return _part(suite, lambda e: e.id in failed_ids)


def _part(
    suite: ExpectationSuite, chosen: Callable[[Expectation], bool]
) -> ExpectationSuite | None:
    """A suite of copies of ``suite``'s ``chosen`` expectations (same ids, same order), or None."""
    picked = [e for e in suite.expectations if chosen(e)]
    if not picked:
        return None
    part = ExpectationSuite(name=suite.name, expectations=[copy.copy(e) for e in picked])
    for original, duplicate in zip(picked, part.expectations, strict=True):
        duplicate.id = original.id
    return part


def _joined(
    outcomes: Sequence[ExpectationSuiteValidationResult],
) -> ExpectationSuiteValidationResult:
    """The outcomes of parts of one suite, on batches of a table and on its whole columns, as
    one outcome: an expectation run on several batches gets their combined result."""
    parts: dict[str, list[ExpectationValidationResult]] = {}
    for outcome in outcomes:
        for result in outcome.results:
            parts.setdefault(result.expectation_config.id, []).append(result)
    results = [found[0] if len(found) == 1 else batches.combined(found) for found in parts.values()]
    statistics = calc_validation_statistics(results)
    joined = outcomes[0]
    joined.results, joined.success = results, statistics.success
    joined.statistics = {k: getattr(statistics, k) for k in _STATISTICS}
    return joined


_STATISTICS = ("evaluated_expectations", "successful_expectations", "unsuccessful_expectations",
               "success_percent")  # fmt: skip


def _in_suite_order(
    suite: ExpectationSuite, outcome: ExpectationSuiteValidationResult
) -> list[ExpectationValidationResult]:
    """The results of ``outcome`` in the order of ``suite`` (GX groups them by column)."""
    by_id = {r.expectation_config.id: r for r in outcome.results}
    return [by_id[e.id] for e in suite.expectations]


def _check_ran(
    path: Path, suite: ExpectationSuite, outcome: ExpectationSuiteValidationResult
) -> None:
    """SuiteError naming the first expectation (in file order) GX could not evaluate.

    ``outcome`` may hold results for only some of the suite's expectations.
    """
    by_id = {r.expectation_config.id: r for r in outcome.results}
    for position, expectation in enumerate(suite.expectations):
        if (result := by_id.get(expectation.id)) is not None:
            _raise_on_exception(path, position, result)


# --------------------------------------------------------------------------- data docs


def _keep(
    context: AbstractDataContext,
    suite: ExpectationSuite,
    outcome: ExpectationSuiteValidationResult,
    run_id: RunIdentifier,
) -> None:
    """``suite`` and its validation result in ``context``'s (in-memory) stores, as a
    ``ValidationDefinition`` run would put them there, for the Data Docs."""
    suite_id, result_id = _identifiers(suite, outcome, run_id)
    context.suites.add(suite)
    _add_run_meta(outcome, run_id)
    context.validation_results_store.store_validation_results(
        suite_validation_result=outcome,
        suite_validation_result_identifier=result_id,
        expectation_suite_identifier=suite_id,
    )


def _identifiers(
    suite: ExpectationSuite, outcome: ExpectationSuiteValidationResult, run_id: RunIdentifier
) -> tuple[ExpectationSuiteIdentifier, ValidationResultIdentifier]:
    """The keys of ``suite`` and of its validation result in the stores (and so of their
    Data Docs pages)."""
    suite_id = ExpectationSuiteIdentifier(name=suite.name)
    return suite_id, ValidationResultIdentifier(
        expectation_suite_identifier=suite_id, run_id=run_id, batch_identifier=outcome.batch_id
    )


def _add_run_meta(outcome: ExpectationSuiteValidationResult, run_id: RunIdentifier) -> None:
    """Put into ``outcome.meta`` what ``ValidationDefinition.run`` adds there (the pages show
    the run and the batch parameters, the frame itself as GX's placeholder)."""
    outcome.meta.update(
        run_id=run_id,
        validation_time=run_id.run_time,
        batch_parameters={"dataframe": DATAFRAME_REPLACEMENT_STR},
    )


def _add_docs_site(context: AbstractDataContext, docs_dir: Path) -> None:
    """A Data Docs site writing into ``docs_dir``; no "how to" buttons (links to GX's site)."""
    context.add_data_docs_site(
        DOCS_SITE,
        {
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir.resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "show_how_to_buttons": False,
        },
    )


# --------------------------------------------------------------------------- parameters


def _plain(parameters: Mapping[str, object]) -> dict[str, object]:
    """Parameters with Series/arrays as lists: GX rejects an ndarray and misreads a Series."""
    return {k: v.tolist() if hasattr(v, "tolist") else v for k, v in parameters.items()}


def _raise_on_exception(path: Path, position: int, result: ExpectationValidationResult) -> None:
    """SuiteError when GX could not evaluate an expectation (it reports that as a failure)."""
    message = _exception_message(result.exception_info or {})
    if message is not None:
        kind = result.expectation_config.type
        raise SuiteError(f"{path}: expectation {position} ({kind}) could not run: {message}")


def _exception_message(info: Mapping[str, Any]) -> str | None:
    """The exception message in a result's ``exception_info``, or None when nothing raised.

    GX 1.x uses two shapes: ``{"raised_exception": ..., "exception_message": ...}`` for the
    expectation itself, and ``{metric_id: {...same keys...}}`` when a metric failed.
    """
    if "raised_exception" in info:
        return info.get("exception_message") if info["raised_exception"] else None
    messages = sorted(
        str(v.get("exception_message")) for v in info.values() if v.get("raised_exception")
    )
    return messages[0] if messages else None


# --------------------------------------------------------------------------- rows


def _to_row(
    suite_name: str, expectation: Expectation, result: ExpectationValidationResult
) -> ValidationResultRow:
    """One result row; kwargs come from the suite (``$PARAMETER`` kept, not its value)."""
    kwargs = expectation.configuration.kwargs
    details = result.result or {}
    success = bool(result.success)
    return ValidationResultRow(
        suite=suite_name,
        expectation=expectation.configuration.type,
        column=_column(kwargs),
        kwargs=canonical_kwargs(kwargs),
        success=success,
        element_count=_int_or_none(details.get("element_count")),
        unexpected_count=_int_or_none(details.get("unexpected_count")),
        unexpected_rows=None if success else name_rows(details.get("unexpected_index_list")),
    )


def _column(kwargs: Mapping[str, Any]) -> str | None:
    """The column an expectation is about: ``column``, or its columns comma-joined."""
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    return None


def canonical_kwargs(kwargs: Mapping[str, Any]) -> str:
    """An expectation's kwargs as compact JSON with sorted keys, without ``column``/``batch_id``."""
    kept = {k: v for k, v in kwargs.items() if k not in _NOT_KWARGS}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def name_rows(unexpected_index_list: Sequence[Mapping[str, Any] | int] | None) -> str | None:
    """Failing rows as ``source_file:source_line`` joined by ``; ``, sorted and de-duplicated.

    At most :data:`MAX_NAMED_ROWS` are named, then ``… (+N more)``. ``?`` stands for a null
    file or line. None when GX gave no rows (table-level expectations), or only bare row
    numbers (what it gives for a table without :data:`ROW_COLUMNS`, whose rows have no name).
    """
    entries = [e for e in unexpected_index_list or () if isinstance(e, Mapping)]
    if not entries:
        return None
    keys = sorted({_row_key(e) for e in entries}, key=_sort_key)
    names = [f"{file or '?'}:{'?' if line is None else line}" for file, line in keys]
    extra = len(names) - MAX_NAMED_ROWS
    if extra > 0:
        names = [*names[:MAX_NAMED_ROWS], f"… (+{extra} more)"]
    return "; ".join(names)


def _row_key(entry: Mapping[str, Any]) -> tuple[str, int | None]:
    """(source_file, source_line) of one ``unexpected_index_list`` entry, nulls as ''/None."""
    file, line = (entry.get(c) for c in ROW_COLUMNS)
    return ("" if _is_null(file) else str(file), None if _is_null(line) else int(line))


def _sort_key(key: tuple[str, int | None]) -> tuple[str, bool, int]:
    """File, then line numerically, a null line first: a total order, whatever the set order."""
    file, line = key
    return (file, line is not None, line or 0)


def _is_null(value: Any) -> bool:
    """True for None, NaN and pd.NA (GX hands back whichever the column held)."""
    return value is None or bool(pd.isna(value))


def _int_or_none(value: Any) -> int | None:
    """A numpy or python integer as ``int``; None stays None."""
    return None if value is None else int(value)
