"""The fast paths of issue "Scale" give what the plain rules give. Each fast primitive is checked
against a reference written the plain way (one line at a time, every rule searched in full):
cleaning a referat's lines in whole-text passes, markup rules run only on lines holding their
mark, the rules' hints and the amount rules' digit-first number pattern, paragraphs joined only
where they may hold an amount, the space-table reader skipping blocks of one-cell lines, and
results remembered within one referat."""

from __future__ import annotations

import dataclasses
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import memo
from pipeline.extract import parse_referat, read_referat, tables
from pipeline.models import TextLine, text_lines
from pipeline.numbers import (
    _KR,
    _NUMBER,
    _SCALE,
    _WORD,
    AMOUNT_RULES,
    _amount,
    _hinted_lines,
    find_amounts,
    lines_that_may_hold_amounts,
)
from pipeline.rules import Rule, all_matches, any_match, first_match
from pipeline.text import (
    MONTHS,
    PAGE_FURNITURE,
    clean,
    clean_and_layout,
    clean_lines,
    fold,
    layout,
    layout_lines,
    lines_holding,
)
from pipeline.transform.appointments import APPOINTMENT_LINES, DEPARTURE
from pipeline.transform.budgets import (
    ENTITY_RULES,
    extract_budgets,
    heading_lines,
    money_lines,
    money_paragraphs,
    paragraph_amounts,
    prose_paragraphs,
    table_lines,
)
from pipeline.transform.figures import NOT_DATA
from pipeline.transform.flygtningefordeling import PROSE
from pipeline.transform.unparsed_lines import lines_to_account_for
from tests.conftest import RAW_DIR, SEEDS

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
@given(st.lists(line_text, min_size=1, max_size=6))
def test_clean_and_layout_are_each_made_alone(lines):
    assert clean_and_layout(lines) == (
        [reference_clean(x) for x in lines],
        [reference_layout(x) for x in lines],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("a*b", [0]),
        ("x\n**y**\nz", [1]),
        ("*\n*\n*", [0, 1, 2]),
        ("a\n\nb*", [2]),
        ("\t\nplain\n<b>x</b>\t", [0, 2]),  # each line once, however many matches
        ("no marks here\nnor here", []),
    ],
)
def test_lines_holding_cases(text, expected):
    assert lines_holding(text, re.compile(r"[*<\t]")) == expected


@settings(max_examples=1000, deadline=None)
@given(st.lists(line_text, max_size=8))
def test_lines_holding_is_each_line_searched(lines):
    pattern = re.compile(r"[<#*\]\t]|kr")
    expected = [i for i, line in enumerate(lines) if pattern.search(line)]
    assert lines_holding("\n".join(lines), pattern) == expected


@settings(max_examples=3000, deadline=None)
@given(line_text)
def test_hinted_amount_rules_find_what_the_full_rules_find(text):
    assert sorted((a.dkk, a.text, a.span) for a in find_amounts(text)) == reference_amounts(text)


HINTED = (*AMOUNT_RULES, *APPOINTMENT_LINES, DEPARTURE, *ENTITY_RULES, *PROSE)
RULE_PIECES = [
    *PIECES, "- ", "– ", "• ", " – ", " — ", " - ", "ved", " ved ", "Anna", "Bo Ibsen", " (A)",
    ", Aalborg Kommune", " er ", "stoppet", "udtrådt", " som ", "udpeget", " til ", "Byråd",
    "budget", "regnskab", " for ", "Socialtilsyn Nord", "arbejdet i ", "\n", "Landstallet",
    "kvoten", " fastsættes", " udgør ", "560", "1.100", " 2022", " personer", "Heraf ", "hvoraf ",
    "I KKR Sjælland", " forventes ", " boligplaceret", " Nordjylland", " i alt ", ".",
]  # fmt: skip
rule_text = st.lists(st.sampled_from(RULE_PIECES), max_size=16).map("".join)


MATCHED = [
    # texts each hinted rule matches (random texts seldom make a whole appointment line)
    "- KKR Nordjylland – Jes Lunde (B), Aalborg Kommune",
    "- Syddansk EU-kontor ved Erik Buhl Nielsen, Varde Kommune: orienterede om arbejdet",
    "Anna Hansen er udpeget som suppleant til Byrådet (efter Bo Ibsen).",
    "Leon Sebbelin er stoppet som kommunalbestyrelsesmedlem i Rebild Kommune",
    "Socialtilsyn Nord – budget og takster for 2024",
    "Årsrapport og regnskab 2020 og budget 2022 for Fælleskommunalt Socialsekretariat",
    "Status for arbejdet i Syddansk EU-kontor",
    "i alt 1.320.124 kr. og DKK 450.000 og syv mio. kr.",
    "Landstallet for 2022 fastsættes til 600 personer",
    "I KKR Sjælland forventes 560 flygtninge boligplaceret i 2021",
    "heraf skal de midtjyske kommuner modtage 437, hvoraf 73 i Nordjylland",
]


def test_every_hinted_rule_is_tried_on_a_text_it_matches():
    for rule in HINTED:
        assert any(rule.regex.search(text) for text in MATCHED), rule.name


@settings(max_examples=3000, deadline=None)
@given(st.one_of(rule_text, st.tuples(rule_text, st.sampled_from(MATCHED), rule_text).map("".join)))
def test_a_rule_matches_only_where_its_hint_does(text):
    for rule in HINTED:
        if rule.regex.search(text):
            assert rule.may_match(text), (rule.name, text)


@settings(max_examples=2000, deadline=None)
@given(st.lists(rule_text, min_size=1, max_size=8))
def test_paragraphs_that_may_hold_no_amount_hold_none(texts):
    """Joined as the budgets reader joins them (hyphenated words mended), lines none of which
    may hold an amount give paragraphs without one; read for amounts, the paragraphs kept give
    what all of them give."""
    lines = [TextLine(n, t) for n, t in enumerate(texts, 1) if "\n" not in t]
    every = [a for p in prose_paragraphs(lines, set(), set()) for a in paragraph_amounts(p)]
    may = lines_that_may_hold_amounts([(x.number, x.text) for x in lines])
    kept = [a for p in money_paragraphs(lines, set(), set(), may) for a in paragraph_amounts(p)]
    assert kept == every
    if not may:
        assert every == []


def test_amount_hints_hold_no_space():
    """``lines_that_may_hold_amounts`` reads a paragraph's lines joined by line breaks, where the
    paragraph joins them by spaces: a hint must never match either."""
    for rule in AMOUNT_RULES:
        assert rule.hint is not None and not re.search(r"\\s| |\\n", rule.hint), rule.name


MAY_HOLD = [
    # (lines, the numbers of those that may hold an amount)
    (["Kommunerne drøfter sagen."], set()),
    (["i alt 1.320.124 kr. til projektet"], {1}),
    (["DKK 450.000"], {1}),
    (["bevilget syv mio.", "kr. til projektet"], {1, 2}),  # "kr." on the next line
    (["krav om flere midler"], set()),  # "krav" is not "kr." and "mid" not "mio"
    (["et projekt i miljøet"], {1}),  # "mil" as in "millioner": a hint, if not an amount
    (["en bevilling på 12 kro-", "ner"], {1}),  # hyphenated: joined, it may make one
    (["sundheds- ", "og socialområdet", "", "i alt 5 kr."], {1, 4}),
]


def test_lines_that_may_hold_amounts_cases():
    for texts, expected in MAY_HOLD:
        lines = list(enumerate(texts, 1))
        assert lines_that_may_hold_amounts(lines) == expected, texts


SPLITS = [
    # (a line as laid out, whether it may hold two cells)
    ("Kommunerne drøfter sagen", False),
    ("Aalborg   120   130", True),
    ("   indrykket tekst", True),  # leading spaces: read by the full reader
    ("Aalborg\u2028120", True),  # a space character other than the plain space
    ("", False),
]


def test_may_split_cases():
    for aligned, expected in SPLITS:
        assert tables._may_split(aligned) is expected, aligned


SPACED = [
    "Kommunerne drøfter sagen", "Aalborg", "120", "1.234", "  ", "   ", " ", "Aalborg   120   130",
    "Frederikshavn        45     47", "I alt", ".", "Kommune  2023  2024", "\u2003", "-",
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SPACED), max_size=5).map("".join), min_size=1,
                max_size=8))  # fmt: skip
def test_tables_of_one_cell_lines_are_found_as_without_the_shortcut(texts):
    lines = [TextLine(n, " ".join(t.split()), t.rstrip()) for n, t in enumerate(texts, 1)]
    fast = tables.find_tables(lines)
    shortcut = tables._may_split
    tables._may_split = lambda _: True  # every block read cell by cell
    try:
        assert tables.find_tables(lines) == fast
    finally:
        tables._may_split = shortcut


def test_results_are_remembered_within_one_referat_only():
    calls = []

    @memo.per_referat
    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    assert (double(2), double(2)) == (4, 4)
    assert calls == [2]
    memo.forget()
    assert double(2) == 4
    assert calls == [2, 2]


def test_reading_a_referat_starts_with_nothing_remembered():
    """What the readers of one referat remembered (its folded lines, paragraphs, amounts) is
    forgotten before the next referat is read: the second of two referater leaves what it
    leaves when read alone."""
    first, second = ((RAW_DIR / seed).read_bytes() for seed in SEEDS[:2])
    parse_referat(second, "b.txt")
    alone = fold.cache_info().currsize
    parse_referat(first, "a.txt")
    parse_referat(second, "b.txt")
    assert fold.cache_info().currsize == alone > 0


_REF_F = r"⟨[^⟩]+⟩"
_REF_MONTH = "(?:" + "|".join(MONTHS) + ")"
REFERENCE_NOT_DATA = {
    # the rules that gained a lookahead of their first letters, as they were written before
    "date": (rf"{_REF_F}\.?\s+{_REF_MONTH}|{_REF_MONTH}\s+{_REF_F}|\d[-./]{_REF_F}[-./]\d|"
             rf"{_REF_F}[-./]\d\d?[-./]\d", re.I),
    "period": (rf"(?:19|20)\d\d\s*[-–/]\s*{_REF_F}|⟨(?:19|20)\d\d⟩\s*[-–/]\s*(?:19|20)?\d\d", 0),
    "time": (rf"kl\.\s*{_REF_F}|⟨\d{{1,2}}⟩[.:]\d\d\b|\b\d{{1,2}}[.:]⟨\d\d⟩", 0),
    "law_reference": (rf"(?:§+|stk\.|nr\.)\s*(?:\d+\s*(?:,|og|-)\s*)*{_REF_F}", re.I),
    "table_number": (rf"\b(?:tabel|figur|bilag|skema|note)\s+{_REF_F}", re.I),
    "previous_figure": (rf"(?:mod\s+(?:tidligere\s+)?|fra\s+){_REF_F}(?:\s+\w+)?(?:\s+til\b|$)",
                        re.I),
    "share": (rf"{_REF_F}\s+(?:ud\s+af|af\s+de)\s+\d|\bud\s+af\s+{_REF_F}", re.I),
}  # fmt: skip
CONTEXT_PIECES = [
    " ", "  ", "⟨12⟩", "⟨2024⟩", "⟨3⟩", "1", "2021", "20", "-", "–", "/", ".", ":", ",", "§",
    "§§", "stk.", "STK.", "nr.", "kl.", "KL.", "Kl.", "januar", "Januar", "MAJ", "juni", "den",
    "tabel", "Bilag", "note", "mod", "tidligere", "fra", "Fra", "til", "ud", "af", "de", "UD",
    "ſ", "og", "mio", "x",
]  # fmt: skip
context_text = st.lists(st.sampled_from(CONTEXT_PIECES), max_size=12).map("".join)


@settings(max_examples=4000, deadline=None)
@given(context_text)
def test_figure_rules_with_a_lookahead_match_what_they_matched_without(text):
    for rule in NOT_DATA:
        if rule.name in REFERENCE_NOT_DATA:
            pattern, flags = REFERENCE_NOT_DATA[rule.name]
            found = re.search(pattern, text, flags)
            assert (rule.regex.search(text) is None) == (found is None), (rule.name, text)


# --------------------------------------------------------------------------- any_match

RULE_SETS = {"page_furniture": PAGE_FURNITURE, "appointments": APPOINTMENT_LINES,
             "amounts": AMOUNT_RULES, "entities": ENTITY_RULES, "prose": PROSE,
             "not_data": NOT_DATA}  # fmt: skip
FURNITURE_LINES = ["Side 3 af 26", "side 12/40", "3 af 26", "- 4 -", "– 12 –",
                   "KKR Nordjylland | Referat | 11. juni 2021", "Referat 11. juni 2021",
                   "KKR Syddanmark - Referat - 09-06-2021", "Side 3 af 26 x", "a | b",
                   "Referatet | blev godkendt", "26", ""]  # fmt: skip


@pytest.mark.parametrize("name", sorted(RULE_SETS))
@settings(max_examples=500, deadline=None)
@given(text=st.one_of(line_text, st.sampled_from(FURNITURE_LINES)))
def test_any_match_is_whether_first_match_finds_a_rule(name, text):
    rules = RULE_SETS[name]
    assert any_match(rules)(text) == (first_match(rules, text) is not None)


@pytest.mark.parametrize(
    ("pattern", "flags", "anchored"),
    [
        (r"^\d+$", 0, True),
        (r"^(?:a|b)", 0, True),
        (r"^a|b", 0, False),  # b anywhere
        (r"a^", 0, False),
        (r"^a", re.MULTILINE, False),  # ^ starts every line
        (r"(?=x)^a", 0, False),  # not first: tried one by one, as before
        (r"(?m)^a", 0, False),
    ],
)
def test_anchored_cases(pattern, flags, anchored):
    from pipeline.rules import _anchored

    assert _anchored(Rule("r", pattern, flags)) is anchored


def test_page_furniture_lines_of_the_seeds_are_found_alike():
    for name in SEEDS:
        for line in (RAW_DIR / name).read_text("utf-8").splitlines():
            text = clean(line)
            assert any_match(PAGE_FURNITURE)(text) == (
                first_match(PAGE_FURNITURE, text) is not None
            )


@pytest.mark.parametrize("seed", SEEDS)
def test_a_referat_is_searched_for_amount_hints_once(seed):
    """The budgets reader and the coverage count both ask which lines of the whole referat may
    hold an amount: the text is searched once (``numbers._hinted_lines``, remembered while the
    referat is read), and an item's paragraphs are those it gives alone."""
    referat = read_referat(RAW_DIR / seed, RAW_DIR)  # forgets the referat before
    extract_budgets(referat)
    lines_to_account_for(referat)
    assert (_hinted_lines.cache_info().misses, _hinted_lines.cache_info().hits) == (1, 1)
    may = money_lines(referat)
    for item in referat.items:
        skip, alone = table_lines(item), heading_lines(item)
        own = lines_that_may_hold_amounts([(x.number, x.text) for x in item.lines])
        assert money_paragraphs(item.lines, skip, alone, may) == money_paragraphs(
            item.lines, skip, alone, own
        )


FOLDS = [
    ("Kommunerne drøfter sagen", "Kommunerne drøfter sagen"),  # folded already: itself
    ("", ""),
    ("Aalborg  120", "Aalborg 120"),
    (" Aalborg", "Aalborg"),
    ("Aalborg ", "Aalborg"),
    ("Aalborg\t120", "Aalborg 120"),
    ("Aalborg\xa0120", "Aalborg 120"),  # a no-break space
    ("Aalborg\u2003120", "Aalborg 120"),
    ("Aalborg\x1f120", "Aalborg 120"),  # a separator str.split splits at
    ("\u200b", "\u200b"),  # a zero-width space is no whitespace
]


def test_fold_cases():
    memo.forget()
    for text, folded in FOLDS:
        assert fold(text) == folded, repr(text)


def test_every_whitespace_character_but_the_space_is_unprintable():
    """``fold`` gives a printable text with single spaces back as it is: sound only because
    every character ``str.split`` splits at, but the plain space, is not printable."""
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    assert len(spaces) > 20 and [c for c in spaces if c.isprintable()] == [" "]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1 .\t\xa0\u2003\u200b\x1f\x85\n-"), max_size=12))
def test_fold_is_whitespace_split_and_joined(text):
    memo.forget()
    assert fold(text) == " ".join(text.split())


GROUPS = [
    (Rule("quota", r"(?P<kommune>[A-ZÆØÅ]\w+)\s+(?P<number>\d+)(?:\s+(?P<extra>\w+))?"),
     "I alt: Aalborg 120", {"kommune": "Aalborg", "number": "120"}, (7, 18),
     {"kommune": 7, "number": 15}),
    (Rule("word", r"(?P<word>udpeget)"), "er udpeget til", {"word": "udpeget"}, (3, 10),
     {"word": 3}),
    (Rule("plain", r"\d+"), "side 3", {}, (5, 6), {}),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "text", "fields", "span", "starts"), GROUPS)
def test_a_match_gives_the_groups_that_took_part_and_where_they_stand(
    rule, text, fields, span, starts
):
    for match in (first_match((rule,), text), all_matches((rule,), text)[0]):
        assert (match.rule, match.fields, match.span, match.starts) == (
            rule.name, fields, span, starts
        )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10**6), st.text(max_size=30), st.text(max_size=30),
                          st.none() | st.integers(1, 999))))  # fmt: skip
def test_text_lines_are_the_lines_their_class_makes(fields):
    made = text_lines(fields)
    assert made == tuple(TextLine(*f) for f in fields)
    assert [hash(line) for line in made] == [hash(TextLine(*f)) for f in fields]
    for line in made:
        with pytest.raises(dataclasses.FrozenInstanceError):
            line.text = "changed"  # type: ignore[misc]
