"""kkr-data: the referater of KL's five Kommunekontaktråd as clean analytic tables.

Stages: ``extract`` (raw file -> :class:`pipeline.models.Referat`), ``transform`` (referat ->
typed rows, one function per table), ``validate`` (Great Expectations suites and cross-table
checks), ``load`` (Parquet and DuckDB). ``cli`` wires them together.
"""

__version__ = "0.1.0"
