"""The C library's memory calls a build makes (glibc's; nothing where the C library has
none): freed memory handed back to the system, and large blocks mapped apart. Plain Python, so
the processes that read the referater can make them before anything else is imported."""

from __future__ import annotations

import contextlib
import ctypes


def give_back_memory() -> None:
    """Hand the memory freed so far back to the system (glibc's ``malloc_trim``, as Dask's
    workers do): freed blocks amid blocks still in use are otherwise kept by the process, so a
    large table's frame would raise the memory of every table after it. Does nothing where the
    C library has no ``malloc_trim`` (macOS, musl)."""
    _c_library("malloc_trim", 0)


M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter for the size from which a block is its own memory map."""


def large_blocks_mapped() -> None:
    """Keep glibc's mmap threshold at its default 128 KB (``mallopt``; nothing where there is
    none): a block that large (a column of a frame) is then always mapped apart and given back
    to the system when freed. Left to itself glibc raises the threshold each time such a block
    is freed, so the next frames' columns come from the heap, and the heap grows with every
    batch validated (16 MB more per batch of 50,000 rows)."""
    _c_library("mallopt", M_MMAP_THRESHOLD, 128 * 1024)


def _c_library(function: str, *args: int) -> None:
    """``function(*args)`` of the C library where it has one (glibc); nothing elsewhere."""
    with contextlib.suppress(OSError, AttributeError):
        getattr(ctypes.CDLL(None), function)(*args)
