"""The data dictionary, said once: what every table and column means. ``docs/tables.md`` is
rendered from it (``kkr docs``; a test keeps the file in step) and the DuckDB file carries it as
``COMMENT ON TABLE/COLUMN``."""

from __future__ import annotations

import inspect

from pipeline.constants import (
    ALIAS_RULES,
    APPOINTMENT_ROLES,
    ATTENDANCE_STATUS,
    BASES,
    BLOCKS,
    EDUCATIONS,
    ENDED_BY,
    LEVELS,
    MEASURES,
    NATIONAL_AREA,
    REGIONS,
    ROLES,
    SEVERITIES,
    STAGES,
)
from pipeline.load import arrow_schema
from pipeline.transform import TABLES

_SOURCE_FILE = "The raw file the row was read from, relative to the raw dir (`000_8ebe....txt`)."
_SOURCE_LINE = "1-based line number in `source_file` of the line the row was read from."
_SOURCE_PAGE = (
    "The page of `source_line` in the referat: from the PDF's pages, or from the form feeds or "
    "`Side N` footers of a text; NULL when the text does not tell its pages."
)
_MEETING_ID = (
    "The meeting: `<region>-<yyyy-mm-dd>`, e.g. `nordjylland-2021-06-11` (æ/ø/å as ae/oe/aa)."
)
_REGION = f"The KKR's region, one of {', '.join(REGIONS)}."
_LEVEL = f"One of {', '.join(LEVELS)}: what the area is."
_PERSON_ID = (
    "The person (`persons.person_id`): `p` and 10 hex digits of a hash of the first-seen "
    "spelling of their name and their kommune code; stable across rebuilds and added referater."
)
_KOMMUNE_CODE = "Official 3-digit kommune code (Aalborg 851); NULL when not given."
_PARTY = "Party list letter (`A`, `V`, `Ø`); NULL where the referat gives none."
_AREA = (
    f"`{NATIONAL_AREA}` at national level, the region's name at region level (`Region "
    "Hovedstaden` is `Hovedstaden`), the kommune's official short name at kommune level."
)

COLUMNS: dict[str, dict[str, str]] = {
    "meetings": {
        "meeting_id": _MEETING_ID,
        "kkr": "The Kommunekontaktråd, e.g. `KKR Nordjylland`.",
        "region": _REGION,
        "meeting_date": "The date of the meeting (the `Dato:` line).",
        "start_time": "The start time as `HH:MM` (from the `Dato:` line); NULL when none is given.",
        "location": "The `Sted:` line as written; NULL when the referat names no location.",
        "attendance_recorded": "False when the referat has no attendance list: its members are "
        "then *not recorded*, which is not the same as absent.",
        "source_file": _SOURCE_FILE,
        "source_line": "Line of the `KKR <region>` heading.",
        "source_sha256": "SHA-256 of the raw file's bytes: tells two versions of a referat apart.",
        "source_url": "Where the referat was downloaded from, from `sources.csv` in the raw dir; "
        "NULL without it.",
        "retrieved": "When the referat was downloaded, from `sources.csv`; NULL without it.",
        "source_page": _SOURCE_PAGE,
    },
    "agenda_items": {
        "meeting_id": _MEETING_ID,
        "item_no": "The item's number as printed, without the final dot: `3.4`, `1.3.1`.",
        "title": "The item's heading text.",
        "group_no": "Number of the heading that groups this item (`3` for `3.4`); NULL when "
        "the item stands at the top level.",
        "group_title": "Title of that grouping heading (`Regionalpolitiske sager`).",
        "sag_no": "KL's case number under the heading (`SAG-2021-02944`), without the case "
        "officer's initials that follow it; NULL when none is given.",
        "baggrund": "The Baggrund (background) section as text; NULL when the item has none.",
        "indstilling": "The Indstilling (recommendation) section as text; NULL when none.",
        "sagsfremstilling": "The Sagsfremstilling (presentation) section as text; NULL when none.",
        "beslutning": "The Beslutning (decision) section as text; NULL when none.",
        "source_file": _SOURCE_FILE,
        "source_line": "Line of the item's heading.",
        "line_end": "Last non-blank line of the item (the line before the next heading).",
        "source_page": _SOURCE_PAGE,
    },
    "attendance": {
        "meeting_id": _MEETING_ID,
        "meeting_date": "The meeting's date (as in `meetings`).",
        "region": _REGION,
        "name": "The person's name as written, whitespace normalised.",
        "person_id": _PERSON_ID + " Spellings of one person share it (see `person_aliases`).",
        "party": "Party list letter from the parentheses or after the name (`A`, `V`, `Ø`); "
        "NULL where the referat gives none.",
        "kommune": "Official short name of the person's kommune (`Aalborg`, `Nordfyns`); NULL "
        "when the referat names none or an unknown one (see `findings`).",
        "kommune_code": "Official 3-digit kommune code (Aalborg 851, Odense 461); NULL with "
        "`kommune`.",
        "role": f"The office the line names beside the person, one of {', '.join(ROLES)} "
        "(`Name (A), formand, X Kommune`, `Name (A) borgmester i X Kommune`); NULL when it "
        "names none.",
        "status": f"One of {', '.join(ATTENDANCE_STATUS)}: listed under Deltagere (present) or "
        "Afbud (absent).",
        "substitute_for": "The member this person stood in for, from `(suppleant for ...)`; NULL "
        "otherwise.",
        "substitute_for_id": "The `person_id` of that member: a person listed at the same meeting "
        "whose name matches; NULL when not a substitute or the member is not listed there (a "
        "`substitute_unmatched` finding).",
        "source_file": _SOURCE_FILE,
        "source_line": _SOURCE_LINE,
        "source_page": _SOURCE_PAGE,
    },
    "appointments": {
        "meeting_id": _MEETING_ID,
        "person_id": _PERSON_ID,
        "name": "The person's name as written, whitespace normalised.",
        "party": _PARTY,
        "kommune_code": _KOMMUNE_CODE,
        "body": "The board, council or forum appointed to, as written (`KKR Nordjylland`, "
        "`Erhvervshus Nordjyllands bestyrelse`, `Syddansk EU-kontor`).",
        "role": f"The seat, one of {', '.join(APPOINTMENT_ROLES)}; `medlem` when the line names "
        "none.",
        "source_file": _SOURCE_FILE,
        "source_line": "Line that names the appointment (the first, when several do).",
        "source_page": _SOURCE_PAGE,
    },
    "persons": {
        "person_id": _PERSON_ID,
        "name": "The spelling most often written (ties: the longest); every spelling is in "
        "`person_aliases`.",
        "kommune_code": "The kommune most often given with the person; NULL when never given.",
        "party": "The party letter most often given with the person; NULL when never given.",
        "first_seen": "Date of the first meeting that names the person (listed or appointed).",
        "last_seen": "Date of the last meeting that names the person.",
    },
    "person_aliases": {
        "person_id": _PERSON_ID,
        "name": "A spelling of the person's name as written.",
        "rule": "How the spelling was joined to the person: "
        + "; ".join(f"`{name}` {meaning}" for name, meaning in ALIAS_RULES.items())
        + ".",
        "score": "How alike the two spellings are, 0–100 (100 for `exact`, `case_whitespace`, "
        "`hyphen_space`; 90 or 85 for `missing_middle_name`; the weakest part's rapidfuzz ratio "
        "for `spelling_distance`). Spellings join at 85.",
        "source_a": "`file:line` of a sighting of this spelling that justifies the join (for "
        "`exact`, its first sighting).",
        "source_b": "`file:line` of the sighting of the spelling it was joined to (for `exact`, "
        "its last sighting).",
    },
    "memberships": {
        "person_id": _PERSON_ID,
        "kkr": "The KKR (`KKR Nordjylland`).",
        "valgperiode": "The four-year municipal term: `2018-21` for meetings from 2018-01-01 to "
        "2021-12-31, `2022-25`, ...",
        "kommune_code": "The kommune most often given with the person in this membership.",
        "party": "The party letter most often given with the person in this membership.",
        "first_meeting": "The first meeting in the term the person was listed at as a member "
        "(not as a substitute) or appointed to the KKR.",
        "last_meeting": "The last such meeting.",
        "ended_by": "Why the membership ended: "
        + "; ".join(f"`{name}` {meaning}" for name, meaning in ENDED_BY.items())
        + "; NULL while it is open.",
    },
    "flygtningefordeling": {
        "meeting_id": _MEETING_ID,
        "quota_year": "The year the quotas are for (from the table's header or the item's title, "
        "`Flygtningefordeling 2022`), not the year of the meeting.",
        "level": _LEVEL,
        "area": _AREA,
        "region": "The region of the area; NULL at national level.",
        "kommune_code": "Official kommune code at kommune level; NULL otherwise.",
        "quota": "Refugees the area is to receive (boligplacere) in `quota_year`. Stated by a "
        "table or by a sentence (`landstallet ... fastsættes til 600 personer – heraf 73 i "
        "Nordjylland`); where both state it, the table's row is kept.",
        "revised_from": "The earlier figure when the referat states a revision (`hævet fra 2.500 "
        "til 4.000`, `nedjusteret fra 1.000 til 750`, `udgør 350 mod tidligere 250`); NULL when "
        "it states none. Never equal to `quota`.",
        "source_file": _SOURCE_FILE,
        "source_line": "Line of the table row or sentence that states the quota.",
        "source_page": _SOURCE_PAGE,
    },
    "sosu_laerepladser": {
        "meeting_id": _MEETING_ID,
        "year": "The year the places are for (`Dimensionering 2024`).",
        "education": "One of "
        + ", ".join(f"{code} ({name})" for code, name in EDUCATIONS.items())
        + ".",
        "level": _LEVEL,
        "area": _AREA,
        "region": "The region of the area; NULL at national level.",
        "kommune_code": "Official kommune code at kommune level; NULL otherwise.",
        "places": "Minimum number of apprenticeships (lærepladser) set for the area, year and "
        "education.",
        "source_file": _SOURCE_FILE,
        "source_line": "Line of the table row that states the number.",
        "source_page": _SOURCE_PAGE,
    },
    "budgets": {
        "meeting_id": _MEETING_ID,
        "item_no": "The agenda item the amount is stated in (`agenda_items.item_no`).",
        "entity": "The body the amount belongs to, from the item's title (`Socialtilsyn Nord – "
        "budget og takster for 2024`) or the sentence's subject (`Region Nordjylland forventer "
        "...`); NULL where the text does not tell.",
        "fiscal_year": "The year the amount is for: the table column's year, or the year the "
        "sentence ties to it (`34,7 mio. kr. i 2023`); NULL where none is stated or the amount "
        "is for a period (see `unit_note`).",
        "measure": "What the amount is: "
        + "; ".join(f"`{name}` {meaning}" for name, meaning in MEASURES.items())
        + ".",
        "label": "The table row's label (`Budget samlet`, `Heraf Tilbudsafdelingen`), or the "
        "clause of the sentence the amount sits in.",
        "amount_dkk": "The amount in whole kroner (`36,0 mio. kr.` is 36000000; a number split "
        "by a stray space, `34.741.04 3`, is 34741043).",
        "amount_text": "The amount as written (`36,0 mio. kr.`, `DKK 450.000`, `syv mio. kr.`, "
        "`34.741.04 3`): it shows how precisely the referat states it.",
        "percent": "A percentage the sentence ties to the amount (`en stigning ... på 3,8 pct. "
        "svarende til 1,3 mio. kr.` gives 3.8); a percentage is never an amount. NULL otherwise.",
        "unit_note": "What the amount is per or over: `pr. indbygger`, `årligt`, `i alt`, `i "
        "perioden 2024-2026`, `i 2024-priser`; NULL when nothing is said.",
        "basis": f"One of {', '.join(BASES)}: stated in a table cell or in a sentence.",
        "source_file": _SOURCE_FILE,
        "source_line": "Line of the table row or of the sentence's paragraph.",
        "quote": "The sentence, or the table row (cells joined by ` | `), as written.",
        "source_page": _SOURCE_PAGE,
    },
    "unparsed_lines": {
        "source_file": _SOURCE_FILE,
        "source_line": _SOURCE_LINE,
        "block": f"One of {', '.join(BLOCKS)}: a line of the attendance block, of a table, or "
        "of running text with an amount of money.",
        "text": "The line as cleaned (markup stripped, whitespace folded; tabs between cells).",
        "source_page": _SOURCE_PAGE,
    },
    "kommuner": {
        "kommune_code": "Official 3-digit municipality code (Danmarks Statistik).",
        "kommune": "Official short name (`Aalborg`, `Faaborg-Midtfyn`, `Nordfyns`).",
        "official_name": "The municipality's full official name (`Nordfyns Kommune`).",
        "region": "The region the kommune lies in.",
        "region_code": "Danmarks Statistik's region code (1081 Nordjylland ... 1085 Sjælland).",
        "source_file": "The reference file in the repository (see docs/sources.md).",
        "source_line": "Line of the kommune in that file.",
        "source_page": "Always NULL: the reference file has no pages.",
    },
    "findings": {
        "severity": f"One of {', '.join(SEVERITIES)} (see README, What the checks mean).",
        "rule": "Which rule noticed it (`kommune_misspelt`, `expectation_failed`, ...).",
        "meeting_id": "The meeting concerned; NULL for a file that gave no meeting.",
        "source_file": "The raw file concerned; NULL for a table-wide finding.",
        "source_line": "The line concerned; NULL when the finding is about a whole file or table.",
        "message": "What was noticed, quoting the value.",
        "stage": f"One of {', '.join(STAGES)}: the stage that noticed it (re-running a stage "
        "replaces only its own findings).",
        "source_page": _SOURCE_PAGE,
    },
    "validation_results": {
        "suite": "The expectation suite (= the table it checks; the findings suite checks the "
        "findings as published, the cross-table checks' findings included).",
        "expectation": "The Great Expectations expectation type.",
        "column": "The column(s) checked, comma-separated; NULL for a table-level expectation.",
        "kwargs": "The expectation's arguments as JSON.",
        "success": "True when every row met the expectation.",
        "element_count": "Rows checked.",
        "unexpected_count": "Rows that failed it.",
        "unexpected_rows": "Failing rows as `source_file:source_line`, `; `-separated (at most "
        "20, then `… (+N more)`); NULL when the expectation passed, is about the whole table, or "
        "its table has no source columns (persons, person_aliases, memberships).",
    },
}
"""Column descriptions per table; every field of every row dataclass has one."""

VIEW_DOCS: dict[str, str] = {
    "meeting_summaries": "One row per meeting: items, present, absent, substitutes, attendance "
    "rate, errors and warnings.",
    "member_attendance": "One row per name as written and kommune: meetings present and absent, "
    "as substitute, first and last meeting (spelling variants count apart; see "
    "attendance_by_person for one row per person).",
    "attendance_by_person": "One row per person and membership (KKR and valgperiode): meetings "
    "held during the membership, present, absent, absent_covered (absent while a substitute "
    "stood in), rate = present / meetings held. Meetings outside the membership never count.",
    "attendance_by_party": "One row per KKR, valgperiode and party: members, and their meetings "
    "held, present, absent, absent_covered and rate summed from attendance_by_person.",
    "attendance_by_kommune": "One row per KKR, valgperiode and kommune: members, and their "
    "meetings held, present, absent, absent_covered and rate summed from attendance_by_person.",
    "quota_reconciliations": "Per meeting, quota year and region (and the country): the stated "
    "quota next to the sum of its kommuner (regions), how many parts of how many are stated, and "
    "the difference when all are.",
    "budget_facts": "One row per entity, fiscal year, measure and label: each amount once, a "
    "table figure before the sentence that summarises it, with how many times it was stated.",
    "sosu_places_wide": "SOSU places per meeting and area in the referat's layout: a column per "
    "education and year (a table, rebuilt on each load).",
    "quota_facts": "One credible figure per quota (quota_table, year, education for SOSU, level, "
    "area) across all referater: value, and basis = 'stated once', 'stated alike in N "
    "referater', 'revised' (replaced = the figure it replaced), 'parts sum to it' (of "
    "conflicting figures, the one its regions or kommuner add up to) or 'undecided' (value "
    "NULL); source = the file:line it rests on; statements = every statement as 'value @ "
    "file:line'.",
}
"""What one row of each view in ``sql/marts`` is; the DuckDB file carries it as ``COMMENT ON
VIEW``. A staging view (``stg_<table>``) is its table typed; its comment is its header line."""

TABLE_DOCS: dict[str, str] = {
    name: " ".join(inspect.getdoc(row_type).split()) for name, row_type in TABLES.items()
}
"""One line per table: what one row means (the row dataclass's docstring)."""


_SQL_TYPES = {
    "string": "VARCHAR",
    "int64": "BIGINT",
    "double": "DOUBLE",
    "bool": "BOOLEAN",
    "date32[day]": "DATE",
}


def render_markdown() -> str:
    """``docs/tables.md``: every table, what a row is, and every column with type and meaning."""
    out = [
        "# Tables",
        "",
        "Generated from `pipeline/dictionary.py` by `kkr docs`; do not edit "
        "by hand. Every table is a Parquet file in the out dir and a table of the same name "
        "in `kkr.duckdb`.",
        "",
    ]
    for name, row_type in TABLES.items():
        out += [
            f"## {name}",
            "",
            TABLE_DOCS[name],
            "",
            "| column | type | null | meaning |",
            "|---|---|---|---|",
        ]
        for field in arrow_schema(row_type):
            null = "yes" if field.nullable else "no"
            kind = _SQL_TYPES[str(field.type)]
            out.append(f"| {field.name} | {kind} | {null} | {COLUMNS[name][field.name]} |")
        out.append("")
    return "\n".join(out + _views() + _figure_rules())


def _views() -> list[str]:
    """The views of ``sql/marts`` (``VIEW_DOCS``)."""
    out = [
        "## Views",
        "",
        "In `kkr.duckdb`, defined in `sql/marts/`; each also staging `stg_<table>`, one per "
        "table, typed only. `COMMENT ON VIEW` carries the same text.",
        "",
        "| view | one row is |",
        "|---|---|",
    ]
    return out + [f"| `{name}` | {doc} |" for name, doc in VIEW_DOCS.items()] + [""]


def _figure_rules() -> list[str]:
    """The rules that explain a figure as not data (``pipeline/transform/figures.py``)."""
    from pipeline.transform.figures import EXPLANATIONS

    out = [
        "## Figures that are not data",
        "",
        "In every agenda item about refugee quotas or SOSU places, and in every table, each "
        "figure is read into a row or explained by one of these rules; any other figure is an "
        "`unparsed_lines` row (block `figure`) and a `figure_unexplained` warning.",
        "",
        "| rule | the figure is |",
        "|---|---|",
    ]
    return out + [f"| `{name}` | {meaning} |" for name, meaning in EXPLANATIONS.items()] + [""]
