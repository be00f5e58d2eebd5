"""kkr-data: the referater of KL's five Kommunekontaktråd as clean analytic tables.

Stages: ``extract`` (raw file -> :class:`pipeline.models.Referat`), ``transform`` (referat ->
typed rows, one function per table), ``validate`` (Great Expectations suites and cross-table
checks), ``load`` (Parquet and DuckDB). ``cli`` wires them together.
"""

__version__ = "0.1.0"

import os

# Arrow's default memory pool (mimalloc in pyarrow 26) keeps what it frees for later use: the
# Parquet reads and writes of a build then leave 40-80 MB more resident in each process. The
# system allocator gives it back (with ``run.give_back_memory``). Read when pyarrow first
# allocates, here before any stage imports it; a value the user set is kept.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
