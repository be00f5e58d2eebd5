"""The build pauses Python's cycle collector while it makes rows, and gives it back as found."""

import gc

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
