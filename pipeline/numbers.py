"""Danish numbers as the referater write them: ``.`` groups thousands, ``,`` marks decimals, and
PDF conversion sometimes splits a number with a stray space (``34.741.04 3``); and amounts of
money in running text (``36,0 mio. kr.``, ``DKK 450.000``, ``syv mio. kr.``)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pipeline.memo import per_referat
from pipeline.rules import Rule, all_matches
from pipeline.text import lines_holding

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


NUMBER_WORDS: dict[str, Decimal] = {
    word: Decimal(value)
    for word, value in (
        ("en", 1), ("et", 1), ("halvanden", "1.5"), ("to", 2), ("tre", 3), ("fire", 4),
        ("fem", 5), ("seks", 6), ("syv", 7), ("otte", 8), ("ni", 9), ("ti", 10), ("elleve", 11),
        ("tolv", 12), ("femten", 15), ("tyve", 20), ("halvtreds", 50), ("hundrede", 100),
    )
}  # fmt: skip
"""Number words that stand before ``mio.`` / ``mia.`` in running text (``syv mio. kr.``)."""

SCALES: dict[str, int] = {
    "mio": 10**6, "million": 10**6, "millioner": 10**6,
    "mia": 10**9, "milliard": 10**9, "milliarder": 10**9,
}  # fmt: skip
"""Scale words after a number: ``36,0 mio. kr.``, ``1,5 mia. kr.``."""

_NUMBER = r"(?P<number>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<decimals>\d+))?"
_WORD = r"(?P<word>" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_SCALE = r"(?P<scale>mio|mia|millioner|milliarder|million|milliard)\.?"
_KR = r"(?:kr\.?|kroner)(?![a-zæøå])"

_FIRST_DIGIT_NUMBER = (
    r"(?P<number>\d(?<![\d.,]\d)(?:\d{0,2}(?:\.\d{3})+|\d*))(?:,(?P<decimals>\d+))?"
)
"""``_NUMBER`` not after a digit, ``.`` or ``,``: the look back stands after the first digit, so
the search skips from digit to digit."""

AMOUNT_RULES: tuple[Rule, ...] = (
    Rule("dkk_prefix", r"\bDKK\s*" + _NUMBER + r"(?:\s*" + _SCALE + r")?", hint="DKK"),
    Rule(
        "number_kr",
        _FIRST_DIGIT_NUMBER + r"(?:\s*" + _SCALE + r")?\s*" + _KR,
        hint=r"kr(?:\.|oner)?(?![a-zæøå])",
    ),
    Rule("word_kr", r"\b" + _WORD + r"\s+" + _SCALE + r"\s*" + _KR, re.I, hint=r"[Mm](?i:i[oal])"),
)
"""Amounts of money in running text, tried in order: ``DKK 450.000``; ``1.320.124 kr.``,
``36,0 mio. kr.``, ``700 mio.kr.``; ``syv mio. kr.``. A number without ``kr.``/``DKK`` (a date, a
sag number, a percentage, a count of people) is not an amount."""


@dataclass(frozen=True)
class Amount:
    """An amount found in text: its value in whole kroner, the text as written, where it stands,
    and how precisely it was written (``36,0 mio.`` is to the nearest 100.000 kr.)."""

    dkk: int
    text: str
    span: tuple[int, int]
    precision: int


def lines_that_may_hold_amounts(lines: Sequence[tuple[int, str]]) -> set[int]:
    """The numbers of the ``(number, text)`` lines that may hold an amount or part of one: a
    paragraph none of whose lines is among them holds no amount. A line may when an amount
    rule's hint is in it (every amount holds its rule's hint, a word that no line break
    splits) or it ends in a hyphen (a word broken over two lines, which joined might make
    one). Each hint searches the lines joined, once."""
    if any(rule.hinted is None for rule in AMOUNT_RULES):
        return {number for number, _ in lines}
    return {lines[i][0] for i in _hinted_lines("\n".join(line for _, line in lines))}


@per_referat
def _hinted_lines(text: str) -> frozenset[int]:
    """The indices of the lines of ``text`` that :func:`lines_that_may_hold_amounts` keeps,
    remembered while one referat is read: the budgets and the coverage count ask for the lines
    of the whole referat each."""
    patterns = (_LINE_END_HYPHEN, *(rule.hinted for rule in AMOUNT_RULES if rule.hinted))
    return frozenset(i for pattern in patterns for i in lines_holding(text, pattern))


_LINE_END_HYPHEN = re.compile(r"-\s*$", re.M)


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in ``text``, in reading order; overlapping matches keep the first
    rule's."""
    return list(_amounts(text))


@per_referat
def _amounts(text: str) -> tuple[Amount, ...]:
    """:func:`find_amounts`, remembered while one referat is read (see ``pipeline.memo``)."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []  # spans kept so far, sorted
    for match in all_matches(AMOUNT_RULES, text):
        at = bisect.bisect(taken, match.span)
        neighbours = taken[max(0, at - 1) : at + 1]
        if any(a < match.span[1] and match.span[0] < b for a, b in neighbours):
            continue
        taken.insert(at, match.span)
        found.append(_amount(match.fields, text[match.span[0] : match.span[1]], match.span))
    return tuple(sorted(found, key=lambda a: a.span))


def _amount(fields: dict[str, str], written: str, span: tuple[int, int]) -> Amount:
    scale = SCALES[fields["scale"].lower()] if "scale" in fields else 1
    if "word" in fields:
        value, precision = NUMBER_WORDS[fields["word"].lower()], scale
    else:
        decimals = fields.get("decimals", "")
        value = Decimal(fields["number"].replace(".", "") + ("." + decimals if decimals else ""))
        precision = max(1, scale // 10 ** len(decimals))
    return Amount(int((value * scale).to_integral_value(ROUND_HALF_UP)), written, span, precision)


def parse_amount(text: str) -> Amount | None:
    """The one amount ``text`` consists of (``36,0 mio. kr.``), or None."""
    amounts = find_amounts(text.strip())
    return amounts[0] if len(amounts) == 1 and amounts[0].text == text.strip() else None


FOOTNOTE = re.compile(r"\s*(?:\*+\s*\)?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\)?|(?<=\d)[a-z]\)|\s[a-z]\))$")
"""A footnote marker after a figure in a table cell: ``81*``, ``81 *)``, ``81¹``, ``81a)``."""
DASHES = frozenset("-–—")
"""A lone dash in a table cell is nil, as Danish statistics write it."""


def parse_cell(text: str) -> int | None:
    """The whole number of a table cell: as :func:`parse_int`, and a figure with a footnote
    marker (``81*``, ``81¹``, ``81 *)``, ``81a)``) as the figure, a lone dash (``-``, ``–``,
    ``—``) as 0. None for anything else."""
    compact = text.strip()
    if compact and compact in DASHES:
        return 0
    return parse_int(FOOTNOTE.sub("", compact))
