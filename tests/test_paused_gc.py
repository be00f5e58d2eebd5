"""The build pauses Python's cycle collector while it makes rows, and gives it back as found; the
processes it forks collect with what they inherited frozen, and ``kkr build`` freezes the heap
as it exits. It hands freed memory back to the system where it can."""

import gc

from pipeline import memory
from pipeline.run import paused_gc


def test_the_collector_is_off_inside_and_on_again_after():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_inside_gives_the_collector_back():
    try:
        with paused_gc():
            raise ValueError("x")
    except ValueError:
        pass
    assert gc.isenabled()


def test_memory_is_given_back_where_the_c_library_can(monkeypatch):
    """``give_back_memory`` calls ``malloc_trim(0)`` where the C library has it, and does
    nothing (no error) where it has not (macOS, musl) or cannot be loaded."""
    calls = []

    class Glibc:
        def malloc_trim(self, pad):
            calls.append(pad)

    monkeypatch.setattr(memory.ctypes, "CDLL", lambda name: Glibc())
    memory.give_back_memory()
    assert calls == [0]
    monkeypatch.setattr(memory.ctypes, "CDLL", lambda name: object())
    memory.give_back_memory()

    def unloadable(name):
        raise OSError("no C library")

    monkeypatch.setattr(memory.ctypes, "CDLL", unloadable)
    memory.give_back_memory()
    assert calls == [0]


def test_large_blocks_stay_mapped_where_the_c_library_can(monkeypatch):
    """``large_blocks_mapped`` fixes glibc's mmap threshold (``mallopt(M_MMAP_THRESHOLD,
    128 KB)``), and does nothing where the C library has no ``mallopt``."""
    calls = []

    class Glibc:
        def mallopt(self, parameter, value):
            calls.append((parameter, value))
            return 1

    monkeypatch.setattr(memory.ctypes, "CDLL", lambda name: Glibc())
    memory.large_blocks_mapped()
    assert calls == [(-3, 131072)]
    monkeypatch.setattr(memory.ctypes, "CDLL", lambda name: object())
    memory.large_blocks_mapped()
    assert calls == [(-3, 131072)]


def _collector() -> tuple[bool, bool]:
    return gc.isenabled(), gc.get_freeze_count() > 0


def test_a_worker_process_collects_with_what_it_inherited_frozen():
    """``forked.collector_on``, the start of every process a build forks: the collector on
    (the build paused it), the inherited objects frozen; this process is left as it was."""
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.forked import collector_on

    with paused_gc(), ProcessPoolExecutor(max_workers=1, initializer=collector_on) as pool:
        assert pool.submit(_collector).result() == (True, True)
        assert not gc.isenabled()
    assert _collector() == (True, False)


def test_a_build_freezes_the_heap_as_it_exits_and_other_commands_do_not(tmp_path):
    """``kkr build`` freezes everything at exit, so the interpreter's last collection skips it
    (a handler registered before the command runs runs after its handler). ``kkr sql``, whose
    process loads DuckDB, does not, nor a build in a process that has loaded DuckDB (a test's):
    DuckDB's objects would report themselves leaked."""
    import subprocess
    import sys

    from tests.conftest import RAW_DIR

    out = tmp_path / "out"
    build = ["build", "--raw-dir", str(RAW_DIR), "--out-dir", str(out)]
    seen = []
    for first, args in (("", build), ("", ["sql", "--out-dir", str(out), "select 1"]),
                        ("import duckdb; ", [*build, "--force"])):  # fmt: skip
        code = (f"{first}import atexit, gc, sys; from pipeline.cli import app; "
                "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0)); "
                f"app({args!r})")  # fmt: skip
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        seen.append(done.stdout.strip().splitlines()[-1])
        assert "leaked" not in done.stderr
    assert seen == ["frozen True", "frozen False", "frozen False"]
