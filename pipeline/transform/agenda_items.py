"""The ``agenda_items`` table: one row per numbered point with text of its own."""

from pipeline.constants import SECTION_NAMES
from pipeline.models import AgendaItem, AgendaItemRow, FindingRow, Referat
from pipeline.text import join_prose


def extract_agenda_items(referat: Referat) -> list[AgendaItemRow]:
    """Every agenda item of a referat, its sections as running text (page breaks undone)."""
    return [
        AgendaItemRow(
            meeting_id=referat.meeting_id,
            item_no=item.item_no,
            title=item.title,
            group_no=item.group_no,
            group_title=item.group_title,
            sag_no=item.sag_no,
            **{name: section_text(item, name) for name in SECTION_NAMES},
            source_file=referat.source_file,
            source_line=item.line,
            line_end=item.line_end,
        )
        for item in referat.items
    ]


def section_text(item: AgendaItem, name: str) -> str | None:
    """The text of one section of an item, or None when the item has no such section."""
    section = item.section(name)
    if section is None:
        return None
    return join_prose([line.text for line in section.lines]) or None


def unsectioned_text_findings(referat: Referat) -> list[FindingRow]:
    """Lines of an item that stand outside its four sections (other than the sag number line):
    kept in the document, but in no column of ``agenda_items``."""
    findings = []
    for item in referat.items:
        first_section = min((s.heading_line for s in item.sections), default=item.line_end + 1)
        loose = [line for line in item.lines if line.number < first_section]
        loose = [line for line in loose if item.sag_no is None or item.sag_no not in line.text]
        findings += [
            FindingRow(
                "info",
                "text_outside_sections",
                referat.meeting_id,
                referat.source_file,
                line.number,
                f"item {item.item_no}: text before any section: '{line.text[:80]}'",
            )
            for line in loose
        ]
    return findings
