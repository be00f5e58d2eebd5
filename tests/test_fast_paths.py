"""The fast paths of issue "Scale" give what the plain rules give. Each fast primitive is checked
against a reference written the plain way (one line at a time, every rule searched in full):
cleaning a referat's lines in whole-text passes, markup rules run only on lines holding their
mark, and the amount rules' hints and digit-first number pattern."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numbers import _KR, _NUMBER, _SCALE, _WORD, AMOUNT_RULES, _amount, find_amounts
from pipeline.rules import Rule
from pipeline.text import clean, clean_lines, layout, layout_lines

# --------------------------------------------------------------------------- references

_REF_MARKUP = (
    (re.compile(r"</?(?:b|i|u|em|strong|sub|sup|span|br)\b[^>]*>", re.I), ""),
    (re.compile(r"^(?P<lead>\s*)#{1,6}\s+"), r"\g<lead>"),
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"^(?P<lead>\s*)\*\*(?=[^\s*])|(?<=[^\s*])\*\*\s*$"), r"\g<lead>"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),
)
_REF_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u202f\u205f\u3000\f\v]+")
_REF_ONE_SPACE = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\v]")


def reference_clean(line: str) -> str:
    """``clean`` as it was written before the fast path: every rule on the one line."""
    text = _REF_SPACES.sub(" ", line).strip(" ")
    for pattern, replacement in _REF_MARKUP:
        text = pattern.sub(replacement, text)
    return re.sub(r" *\t *", "\t", text).strip(" ")


def reference_layout(line: str) -> str:
    text = _REF_ONE_SPACE.sub(" ", line.replace("\f", ""))
    for pattern, replacement in (_REF_MARKUP[i] for i in (0, 1, 2, 4)):
        text = pattern.sub(replacement, text)
    return text.rstrip()


REFERENCE_AMOUNT_RULES = (
    Rule("dkk_prefix", r"\bDKK\s*" + _NUMBER + r"(?:\s*" + _SCALE + r")?"),
    Rule("number_kr", r"(?<![\d.,])" + _NUMBER + r"(?:\s*" + _SCALE + r")?\s*" + _KR),
    Rule("word_kr", r"\b" + _WORD + r"\s+" + _SCALE + r"\s*" + _KR, re.I),
)


def reference_amounts(text: str) -> list[tuple[int, str, tuple[int, int]]]:
    """Every rule searched in full, overlaps resolved as ``find_amounts`` does."""
    found, taken = [], []
    for rule in REFERENCE_AMOUNT_RULES:
        for m in rule.regex.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            fields = {k: v for k, v in m.groupdict().items() if v is not None}
            found.append(_amount(fields, m.group(), m.span()))
    return sorted((a.dkk, a.text, a.span) for a in found)


# --------------------------------------------------------------------------- texts

PIECES = [
    "a", "Ø", "1", "12", ".", ",", " ", "  ", "\t", "*", "**", "#", "## ", "<b>", "</b>", "<sub>",
    "[t](l)", "<https://x.dk>", "\u00a0", "\u2003", "\f", "\v", "\x85", "\u2028", "|", "-",
    "kr.", "kr", "Kr", "KR", "KKR", "kroner", "DKK", "mio.", "Mio", "mia.", "milliarder", "syv",
    "tre", "1.320.124", "36,0", "2.5", "krav", "miljø",
]  # fmt: skip
line_text = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.lists(line_text, min_size=1, max_size=6))
def test_clean_lines_is_clean_of_each_line(lines):
    assert clean_lines(lines) == [reference_clean(x) for x in lines]
    assert [clean(x) for x in lines] == [reference_clean(x) for x in lines]


@settings(max_examples=3000, deadline=None)
@given(st.lists(line_text, min_size=1, max_size=6))
def test_layout_lines_is_layout_of_each_line(lines):
    assert layout_lines(lines) == [reference_layout(x) for x in lines]
    assert [layout(x) for x in lines] == [reference_layout(x) for x in lines]


@settings(max_examples=3000, deadline=None)
@given(line_text)
def test_hinted_amount_rules_find_what_the_full_rules_find(text):
    assert sorted((a.dkk, a.text, a.span) for a in find_amounts(text)) == reference_amounts(text)


@settings(max_examples=3000, deadline=None)
@given(line_text)
def test_a_rule_matches_only_where_its_hint_does(text):
    for rule in AMOUNT_RULES:
        if rule.regex.search(text):
            assert rule.may_match(text), (rule.name, text)


CASES = [
    # (text, the amounts as (kroner, as written))
    ("KKR Sjælland mødes 5 gange", []),
    ("i alt 1.320.124 kr. til projektet", [(1320124, "1.320.124 kr.")]),
    ("36,0 mio. kr. i 2024 og DKK 450.000", [(36000000, "36,0 mio. kr."), (450000, "DKK 450.000")]),
    ("syv mio. kr. årligt", [(7000000, "syv mio. kr.")]),
    ("SYV MIO. KR. årligt", [(7000000, "SYV MIO. KR.")]),
    ("nr. 2.5 kr. ikke", []),  # a number after a digit and a dot is not read from its middle
    ("krav om 12 kroner", [(12, "12 kroner")]),
]


def test_no_lines_clean_to_no_lines():
    assert clean_lines([]) == layout_lines([]) == []


def test_amount_cases():
    for text, expected in CASES:
        assert [(a.dkk, a.text) for a in find_amounts(text)] == expected, text
