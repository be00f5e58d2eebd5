"""The suites' GX context: ephemeral, quiet, and it does not serialise its config to YAML on
every change (``expectations._unsaved``), yet knows every data source and asset added."""

from __future__ import annotations

from pipeline.validate import expectations as gx_run


def test_the_context_knows_what_was_added_without_saving_it():
    suites = gx_run.SuiteRun()
    store = suites.context.variables.store
    before = list(store.list_keys())
    suites._asset("attendance")
    suites._asset("meetings")
    assert [a.name for a in suites.context.data_sources.get("kkr").assets] == [
        "attendance",
        "meetings",
    ]
    assert list(store.list_keys()) == before  # nothing serialised
    assert suites.context.variables.progress_bars.globally is False
