"""Vocabularies: the closed sets of values a column may take, each said once."""

REGIONS: tuple[str, ...] = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
"""The five regions, each with one KKR (``KKR <region>``); the ``region`` column of every table."""

REGION_CODES: dict[str, int] = {
    "Nordjylland": 1081,
    "Midtjylland": 1082,
    "Syddanmark": 1083,
    "Hovedstaden": 1084,
    "Sjælland": 1085,
}
"""Danmarks Statistik's region codes, as used in the kommuner reference table."""

REGION_ALIASES: dict[str, str] = {
    "nord": "Nordjylland",
    "midt": "Midtjylland",
    "syd": "Syddanmark",
    "hovedstad": "Hovedstaden",
    "hovedstadsregionen": "Hovedstaden",
    "sjælland": "Sjælland",
    "sjaelland": "Sjælland",
    "syddanmark": "Syddanmark",
    "midtjylland": "Midtjylland",
    "nordjylland": "Nordjylland",
}
"""Other names of the regions some tables and headers use, lower case, after a ``Region``,
``Regionen`` or ``KKR`` in front is dropped: the short names (``Nord``, ``Midt``, ``Syd``: ``KKR
Syd``, ``Region Midt``), ``Hovedstadsregionen``, and the names written without their letters
(``Sjaelland``). The full names (``Hovedstaden``, ``Nordjylland``) resolve directly; they are
listed too so that the vocabulary holds every name a label may use."""

REGION_ADJECTIVES: dict[str, str] = {
    "nordjyske": "Nordjylland",
    "midtjyske": "Midtjylland",
    "syddanske": "Syddanmark",
    "sjællandske": "Sjælland",
    "hovedstadens": "Hovedstaden",
}
"""How running text names a region's kommuner together, lower case: ``de nordjyske kommuner``,
``de syddanske``, ``hovedstadens kommuner`` (the genitive of *Hovedstaden* serves as its
adjective)."""

ATTENDANCE_STATUS: tuple[str, ...] = ("present", "absent")
"""``present``: listed under *Deltagere*. ``absent``: listed under *Afbud* (sent apologies)."""

ROLES: dict[str, str] = {
    "formand": "chairs the KKR (formand)",
    "næstformand": "deputy chair of the KKR (næstformand, also 1. or 2. næstformand)",
    "borgmester": "mayor of the kommune named on the line",
    "viceborgmester": "deputy mayor of the kommune",
    "rådmand": "alderman, head of a magistrate department (Aarhus, Odense, Aalborg)",
    "udvalgsformand": "chair of one of the kommune's standing committees",
    "medlem": "member, named as such (medlem, kommunalbestyrelsesmedlem, byrådsmedlem)",
    "suppleant": "substitute member; whom they stood in for is ``substitute_for`` when named",
}
"""Allowed values of ``attendance.role``: the office an attendance line names beside the person
(``Name (A), formand, X Kommune``, ``Name (A) borgmester i X Kommune``); NULL when it names none."""

ROLE_SPELLINGS: dict[str, str] = {
    "1. næstformand": "næstformand",
    "2. næstformand": "næstformand",
    "kommunalbestyrelsesmedlem": "medlem",
    "byrådsmedlem": "medlem",
}
"""Other ways an attendance line writes a role of ``ROLES``, lower case."""

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
"""Finding severity. ``error``: a value could not be read and is missing from a table.
``warning``: a value was read but corrected or is doubtful (a misspelt kommune, an item missing
from the table of contents). ``info``: worth knowing, nothing is wrong with the data."""

STAGES: tuple[str, ...] = ("extract", "transform", "validate")
"""The stage that made a finding: ``extract`` reading a file and its structure, ``transform``
building rows, ``validate`` the suites and cross-table checks. Re-running a stage replaces only
that stage's findings."""

SECTION_NAMES: tuple[str, ...] = ("baggrund", "indstilling", "sagsfremstilling", "beslutning")
"""The four standard sections of an agenda item, in the order a referat gives them."""

PARTY_LETTERS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ")
"""Allowed values of ``attendance.party``: a Danish list letter (A Socialdemokratiet, V Venstre,
Ø Enhedslisten, Æ Danmarksdemokraterne, ...). Local lists may use any letter, so the set is every
single capital letter; it rejects lower case, words and two-letter codes."""


LEVELS: tuple[str, ...] = ("national", "region", "kommune")
"""The level a quota or a number of places is set at: the whole country (area ``Hele landet``),
one of the five regions (area = the region), or one kommune (area = its official short name)."""

NATIONAL_AREA = "Hele landet"
"""The ``area`` of a national-level row, as the referater write it."""

EDUCATIONS: dict[str, str] = {
    "SSH": "social- og sundhedshjælper",
    "SSA": "social- og sundhedsassistent",
    "PAU": "pædagogisk assistent",
}
"""The educations of ``sosu_laerepladser.education``: code and what it stands for. The two
SOSU educations, and the pædagogisk assistentuddannelse (PAU) that the same agreements and
tables dimension beside them; each is read as its own value."""

EDUCATION_SPELLINGS: dict[str, str] = {
    "ssh": "SSH",
    "sosu-hjælper": "SSH",
    "social- og sundhedshjælper": "SSH",
    "ssa": "SSA",
    "sosu-assistent": "SSA",
    "social- og sundhedsassistent": "SSA",
    "pau": "PAU",
    "pa-uddannelsen": "PAU",
    "pædagogisk assistent": "PAU",
    "pædagogiske assistent": "PAU",
}
"""How a table's column header or row label names an education of ``EDUCATIONS``, lower case,
as a whole word with any of ``EDUCATION_ENDINGS`` (``Social- og sundhedshjælpere``,
``SOSU-assistenter``, ``SSA (social- og sundhedsassistent)``, ``pædagogiske assistenter``); a
word broken across lines (``sundheds- hjælpere``) is read whole. A header that names two
educations (``SSH og SSA i alt``) names none."""

EDUCATION_ENDINGS: tuple[str, ...] = (
    "e", "er", "ere", "elev", "elever", "eleverne", "uddannelse", "uddannelsen",
)  # fmt: skip
"""What may follow a spelling of ``EDUCATION_SPELLINGS`` in the same word: a plural
(``hjælpere``, ``assistenter``), the pupils (``hjælperelever``, ``assistentelever``) or the
education (``assistentuddannelsen``)."""


MEASURES: dict[str, str] = {
    "budget": "a budgeted amount (Budget 2024, det samlede budget)",
    "regnskab": "an amount from a regnskab (annual accounts)",
    "overskud": "a surplus (overskud) in a regnskab",
    "underskud": "a deficit (underskud) in a regnskab",
    "stigning": "an increase (stigning, opjustering) from one amount to another",
    "fald": "a decrease (fald, nedjustering) from one amount to another",
    "besparelse": "a saving or cut (besparelse, reduktion)",
    "kontingent": "a membership fee (kontingent)",
    "bidrag": "a contribution (bidrag, udviklingsbidrag, medfinansiering)",
    "pulje": "a pool of funds (pulje, lånepulje)",
    "bevilling": "funds granted or set aside (bevilling, afsat, tilskud, støtte)",
    "beløb": "an amount whose role the text does not tell",
}
"""The vocabulary of ``budgets.measure``: what role an amount plays, as the sentence or table
row says it."""

BASES: tuple[str, ...] = ("table", "text")
"""Where an amount was stated: a table cell, or a sentence of running text."""


BLOCKS: tuple[str, ...] = ("attendance", "table", "money", "figure")
"""The kinds of data-carrying lines ``unparsed_lines.block`` names: a line of the attendance
block, a line of a table, a line of running text with an amount of money, a line of a quota or
places item with a figure that is in no row and that no rule explains as not data."""


APPOINTMENT_ROLES: dict[str, str] = {
    "medlem": "member of the body (the default when the line names no role)",
    "suppleant": "substitute member of the body",
    "formand": "chair of the body",
    "næstformand": "deputy chair of the body",
    "observatør": "observer on the body, without a vote",
}
"""Allowed values of ``appointments.role``: the seat a person is appointed to (udpeget til)."""

ALIAS_RULES: dict[str, str] = {
    "exact": "the name as first seen: the spelling the person_id is derived from",
    "case_whitespace": "the same name but for upper/lower case or spacing",
    "hyphen_space": "the same name but for a hyphen written as a space (`Bach-Laursen`)",
    "missing_middle_name": "one name leaves out a middle (or last) name of the other, same first "
    "name (`Erik Buhl`, `Erik Buhl Nielsen`)",
    "spelling_distance": "as many name parts, each spelt alike: the score is the weakest part's "
    "similarity (`Lund`/`Lunde`)",
}
"""How a spelling of a name was joined to a person (``person_aliases.rule``)."""

ENDED_BY: dict[str, str] = {
    "departure": "a referat states the person left (`X er stoppet som kommunalbestyrelsesmedlem`)",
    "successor": "a referat appoints someone to the KKR in the person's place (`(efter X)`)",
    "term_end": "the valgperiode is over: the corpus holds a meeting after its last day",
}
"""Why a membership ended (``memberships.ended_by``); NULL while it is open."""
