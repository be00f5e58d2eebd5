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

ATTENDANCE_STATUS: tuple[str, ...] = ("present", "absent")
"""``present``: listed under *Deltagere*. ``absent``: listed under *Afbud* (sent apologies)."""

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
"""Finding severity. ``error``: a value could not be read and is missing from a table.
``warning``: a value was read but corrected or is doubtful (a misspelt kommune, an item missing
from the table of contents). ``info``: worth knowing, nothing is wrong with the data."""

SECTION_NAMES: tuple[str, ...] = ("baggrund", "indstilling", "sagsfremstilling", "beslutning")
"""The four standard sections of an agenda item, in the order a referat gives them."""

PARTY_LETTERS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ")
"""Allowed values of ``attendance.party``: a Danish list letter (A Socialdemokratiet, V Venstre,
Ø Enhedslisten, Æ Danmarksdemokraterne, ...). Local lists may use any letter, so the set is every
single capital letter; it rejects lower case, words and two-letter codes."""
