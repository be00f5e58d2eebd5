"""Danish numbers as the referater write them: ``.`` groups thousands, ``,`` marks decimals, and
PDF conversion sometimes splits a number with a stray space (``34.741.04 3``)."""

from __future__ import annotations

import re

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_PLAIN = re.compile(r"\d+")
_STRAY_SPACE = re.compile(r"(?<=\d) (?=\d)")


def parse_int(text: str) -> int | None:
    """A whole number: ``73``, ``1.776``, ``34.741.04 3`` (a space inside the digits is a
    conversion artefact when removing it leaves a well-grouped number). None for anything else:
    decimals (``36,0``), words, empty text."""
    compact = text.strip()
    joined = _STRAY_SPACE.sub("", compact)
    for candidate in (compact, joined):
        if _GROUPED.fullmatch(candidate) or _PLAIN.fullmatch(candidate):
            return int(candidate.replace(".", ""))
    return None
