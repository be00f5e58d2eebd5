"""The ``flygtningefordeling`` table: refugee quotas (landstal, region and kommune quotas) from
the items about them, read from their tables and from the sentences that state them."""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.constants import REGION_ADJECTIVES, REGIONS
from pipeline.kommuner import Resolution, resolve_kommune, resolve_region
from pipeline.models import AgendaItem, FindingRow, FlygtningeRow, Referat
from pipeline.numbers import parse_int
from pipeline.rules import Rule, RuleMatch, all_matches
from pipeline.text import MONTHS, Paragraph, paragraphs, sentence_spans
from pipeline.transform.areas import Area, national, region_area
from pipeline.transform.quotas import (
    Stated,
    item_year,
    one_per_key,
    table_numbers,
    table_year,
    without_year,
)

FLYGTNINGE_ITEM = re.compile(r"flygtning", re.I)
"""An item is about refugee quotas when its title says so (``Flygtningefordeling 2022``,
``Fordeling af flygtninge 2022``)."""

# --------------------------------------------------------------------------- the grammar
# A quota sentence is a subject (whose quota), a verb phrase, a figure and a year. Each part is a
# vocabulary below; the rules at the end put them together, and one engine (``prose_quotas``)
# turns a rule's named groups into rows.

QUOTA_VERBS: tuple[str, ...] = (
    "fastsat", "fastsættes", "fastlagt", "udmeldt", "udgør", "udgøre", "er", "var", "bliver",
    "skal modtage", "modtage", "modtager", "forventes boligplaceret", "forventes at modtage",
    "hævet", "nedjusteret", "opjusteret", "justeret", "ændret", "reduceret", "forhøjet", "nedsat",
)  # fmt: skip
"""Verbs that tie a subject to its quota: ``fastsættes til 600``, ``udgør 350``, ``er 113``,
``var henholdsvis 900 personer i 2018 og 1.100 personer i 2019``,
``skal modtage 437``, ``forventes boligplaceret 50``; and the verbs of a revision, which may name
the earlier figure (``hævet fra 2.500 til 4.000``, ``nedjusteret fra 1.000 til 750``)."""

QUOTA_AUXILIARIES: tuple[str, ...] = ("er blevet", "er", "bliver", "blev", "vil blive", "skal")
"""Auxiliaries before a verb: ``er fastsat``, ``bliver nedjusteret``, ``skal modtage``."""

QUOTA_ADVERBS: tuple[str, ...] = (
    "således", "dermed", "derfor", "nu", "i alt", "samlet", "foreløbig", "foreløbigt",
    "endelig", "endeligt", "efterfølgende",
)  # fmt: skip
"""Words that may stand around the verb without changing what is stated: ``fastsættes således
til 500``, ``er dermed i alt 113``."""

QUOTA_PARTICIPLES: tuple[str, ...] = (
    "boligplaceret", "boligplaceres", "modtaget", "modtages", "placeret", "placeres",
)  # fmt: skip
"""What follows the figure when a sentence puts the place first and the figure before the verb's
participle: ``I KKR Sjælland forventes 560 flygtninge boligplaceret i 2021``."""

QUOTA_INVERTED_VERBS: tuple[str, ...] = ("forventes", "skal", "vil blive", "bliver")
"""The finite verb of such a sentence, before its figure: ``forventes 560 flygtninge
boligplaceret``, ``skal 73 modtages``."""

QUOTA_RELATIVES: tuple[str, ...] = ("kvoten", "flygtningetallet", "antallet af flygtninge")
"""Nouns of a relative clause that makes a place named just before it the subject: ``i KKR
Sjælland, hvor kvoten udgør 350`` (Sjælland's quota, not the meeting's own region's)."""

QUOTA_UNITS: tuple[str, ...] = ("personer", "flygtninge", "pers.")
"""What may follow a quota's figure: ``600 personer``, ``113 flygtninge``."""

NOT_A_QUOTA: tuple[str, ...] = ("%", "procent", "pct.", "kommuner", "år", "dage", "måneder")
"""Words after a number that make it something else than a quota: a percentage, a count of
kommuner (``de 11 nordjyske kommuner``), a span of time. A date (``den 10. september 2021``) is
never one either: a number followed by a month's name is ruled out by the figure itself."""

FIGURE_ENDS: tuple[str, ...] = (
    "i", "og", "mod", "for", "heraf", "hvoraf", "til", "som", "der", "fra", "(", ",", ".", ";",
    ":", "–", "-",
)  # fmt: skip
"""What may follow a quota (with its unit and year) in a subject-verb clause; a noun
(``4 institutioner``) says the number counts something else."""


def _words(words: tuple[str, ...]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_MONTH_NAMES = "|".join(MONTHS)
_NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+"


def _figure(name: str) -> str:
    """A whole number that is no year, no date, no percentage and no count of something else."""
    return (
        rf"(?<![\d.,])(?!(?:19|20)\d\d\b)(?P<{name}>{_NUMBER})(?![.,]?\d)"
        rf"(?!\.?\s*(?:{_MONTH_NAMES})\b)(?!\s*(?:{_words(NOT_A_QUOTA)})(?![a-zæøå]))"
        rf"(?:\s+(?:{_words(QUOTA_UNITS)}))?"
    )


def _year(name: str) -> str:
    return rf"(?:\s+(?:i|for)\s+(?P<{name}>(?:19|20)\d\d)\b)"


_END = rf"(?=\s*(?:$|(?:{_words(FIGURE_ENDS)})(?![a-zæøå])))"
_ADVERBS = rf"(?:\s+(?:{_words(QUOTA_ADVERBS)}))*"
_REGION_PREFIX = r"(?:(?:[Rr]egion(?:en)?|KKR)\s+)?"
_PLACE = (
    r"(?:(?:(?i:flygtningetal(?:let)?|kvoten?|antallet\s+af\s+flygtninge)\s+for\s+)?"
    r"kommunerne\s+i\s+)?" + _REGION_PREFIX + "(?P<region>" + "|".join(REGIONS) + r")\b"
    r"|(?:[Dd]e\s+(?:\d+\s+)?)?(?P<adjective>(?i:" + "|".join(REGION_ADJECTIVES) + r"))\b"
    r"(?:\s+kommuner)?"
    r"|(?P<kommune>[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)\s+Kommune\b"
)
"""A region by name (``Nordjylland``, ``Region Syddanmark``, ``KKR Syddanmark``, ``kommunerne i
KKR Syddanmark``), by adjective (``de midtjyske kommuner``, ``hovedstadens kommuner``), or a
kommune (``Aarhus Kommune``)."""
_RELATIVE = rf"(?:,?\s+hvor\s+(?i:{_words(QUOTA_RELATIVES)}))?"
_SUBJECT = (
    "(?:"
    + _PLACE
    + ")"
    + _RELATIVE
    + r"|(?P<national>\b(?i:landstal(?:let)?))|(?P<own>\b(?i:regionskvoten|kvoten))\b"
)
"""Whose quota a clause states: a place (also as the place of a relative clause, ``KKR
Sjælland, hvor kvoten``), the landstal (the whole country) or *kvoten* (the quota of the KKR's
own region)."""

_FIGURES = (
    r"(?:henholdsvis\s+" + _figure("quota1") + _year("year1") + r"\s+og\s+" + _figure("quota2")
    + _year("year2") + "|" + _figure("quota") + _year("year_after") + "?"
    + r"(?:\s+\(?(?:mod\s+)?(?:tidligere|før)\s+" + _figure("earlier") + r"\)?)?)" + _END
)  # fmt: skip

PROSE: tuple[Rule, ...] = (
    Rule("subject_verb_figure",
         r"(?:" + _SUBJECT + r")" + _year("year") + "?"
         + rf"(?:\s+(?:{_words(QUOTA_AUXILIARIES)}))?" + _ADVERBS
         + rf"\s+(?:{_words(QUOTA_VERBS)})" + _ADVERBS
         + r"(?:\s+fra\s+" + _figure("revised_from") + r")?(?:\s+til)?" + _ADVERBS
         + r"\s+" + _FIGURES, hint=r"\d"),
    Rule("in_place_verb_figure",
         r"\b(?i:i)\s+(?:" + _PLACE + ")" + _ADVERBS + rf"\s+(?:{_words(QUOTA_INVERTED_VERBS)})"
         + r"(?:\s+der)?\s+" + _figure("quota") + rf"\s+(?:{_words(QUOTA_PARTICIPLES)})"
         + _year("year_after") + "?" + _END, hint=r"\d"),
    Rule("heraf_in_place",
         r"\b(?i:heraf|hvoraf)\s+(?:skal\s+)?" + _figure("quota")
         + r"(?:\s+[a-zæøå]+){0,6}?\s+(?:i|til)\s+(?:" + _PLACE + ")" + _year("year_after") + "?",
         hint=r"(?i:heraf|hvoraf)"),
)  # fmt: skip
"""Quotas stated in sentences, tried in order (a later rule never takes a figure an earlier one
took): ``landstallet for 2022 fastsættes til 600 personer``; ``Det forventede flygtningetal for
kommunerne i KKR Syddanmark er dermed i alt 113 personer i 2022``; ``heraf skal de midtjyske
kommuner modtage 437``; ``er hævet fra 2.500 til 4.000``; ``udgør 350 mod tidligere 250``;
``fastsat til henholdsvis 900 personer i 2019 og 1.100 personer i 2020``; ``i KKR Sjælland,
hvor kvoten udgør 350``; ``I KKR Sjælland forventes 560 flygtninge boligplaceret i 2021``;
``heraf 73 i Nordjylland``, ``hvoraf 113 flygtninge forventes at skulle boligplaceres i Region
Syddanmark``. Every rule states a figure, so a sentence without a digit is never searched."""

FIGURE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("quota", ("year_after", "year")),
    ("quota1", ("year1",)),
    ("quota2", ("year2",)),
)
"""The figures a rule may capture, each with the groups that give its year, first found wins
(then the year of an earlier clause of the sentence, then the item title's)."""


def extract_flygtningefordeling(referat: Referat) -> tuple[list[FlygtningeRow], list[FindingRow]]:
    """Every quota the refugee items of a referat state, one row per year, level and area."""
    stated, findings = [], []
    for item in referat.items:
        if not FLYGTNINGE_ITEM.search(item.title):
            continue
        for table in item.tables:
            numbers, problems = table_numbers(referat, table, table_year(item, table))
            stated += numbers
            findings += problems
        stated += prose_quotas(item, referat.header.region)
    kept, conflicts = one_per_key(referat, stated, lambda s: (s.year, s.area.level, s.area.area),
                                  "quota")  # fmt: skip
    return [_row(referat, s) for s in kept if s.year], findings + conflicts + without_year(
        referat, kept
    )


def prose_quotas(item: AgendaItem, own_region: str) -> list[Stated]:
    """The quotas stated in the sentences of an item (see ``PROSE``), read over paragraphs so a
    sentence wrapped over several lines is one sentence; each figure keeps the line it stands
    on."""
    stated: list[Stated] = []
    for paragraph in paragraphs((line.number, line.text) for line in item.lines):
        for start, end in sentence_spans(paragraph.text):
            stated += _sentence_quotas(paragraph, start, end, item_year(item), own_region)
    return stated


def _sentence_quotas(
    paragraph: Paragraph, start: int, end: int, title_year: int | None, own_region: str
) -> list[Stated]:
    stated, year = [], title_year
    for match in _clauses(paragraph.text[start:end]):
        area = _area(match.fields, own_region)
        for quota_group, year_groups in FIGURE_GROUPS:
            if quota_group not in match.fields or area is None:
                continue
            said = next((match.fields[g] for g in year_groups if g in match.fields), None)
            year = int(said) if said else year
            quota = int(match.fields[quota_group].replace(".", ""))
            line = paragraph.line_at(start + match.starts[quota_group])
            earlier = _revised_from(match.fields, quota) if quota_group == "quota" else None
            stated.append(Stated(area, year, match.rule, quota, line, "text", earlier))
    return stated


def _clauses(sentence: str) -> list[RuleMatch]:
    """The matches of ``PROSE`` in a sentence, in reading order, none overlapping another."""
    kept: list[RuleMatch] = []
    for match in all_matches(PROSE, sentence):
        if not any(k.span[0] < match.span[1] and match.span[0] < k.span[1] for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.span)


def _revised_from(fields: dict[str, str], quota: int) -> int | None:
    """The earlier figure a revision names (``fra 2.500 til``, ``mod tidligere 250``)."""
    said = fields.get("revised_from") or fields.get("earlier")
    earlier = parse_int(said) if said else None
    return earlier if earlier != quota else None


_AREAS: dict[str, Callable[[str, str], Area | None]] = {
    "national": lambda _, own: national(),
    "own": lambda _, own: region_area(own),
    "region": lambda text, own: _region(resolve_region(text)),
    "adjective": lambda text, own: _region(REGION_ADJECTIVES.get(text.lower())),
    "kommune": lambda text, own: _kommune(resolve_kommune(text)),
}
"""How each kind of subject becomes an area, by the rule group that caught it."""


def _area(fields: dict[str, str], own_region: str) -> Area | None:
    return next((_AREAS[g](fields[g], own_region) for g in _AREAS if g in fields), None)


def _region(region: str | None) -> Area | None:
    return region_area(region) if region else None


def _kommune(resolved: Resolution | None) -> Area | None:
    """A kommune named in a sentence counts only when spelt right: a near miss in running text
    is more likely another word than a misspelling."""
    if resolved is None or not resolved.exact:
        return None
    return Area("kommune", resolved.kommune, resolved.region, resolved.kommune_code)


def _row(referat: Referat, s: Stated) -> FlygtningeRow:
    return FlygtningeRow(
        meeting_id=referat.meeting_id,
        quota_year=s.year or 0,
        level=s.area.level,
        area=s.area.area,
        region=s.area.region,
        kommune_code=s.area.kommune_code,
        quota=s.value,
        revised_from=s.revised_from,
        source_file=referat.source_file,
        source_line=s.line,
    )
