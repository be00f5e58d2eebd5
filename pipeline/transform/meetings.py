"""The ``meetings`` table: one row per referat, from its meeting header."""

from pipeline.models import MeetingRow, Referat


def extract_meetings(referat: Referat) -> list[MeetingRow]:
    """The meeting a referat records: which KKR, when, where, and whether it lists attendance."""
    header = referat.header
    return [
        MeetingRow(
            meeting_id=referat.meeting_id,
            kkr=f"KKR {header.region}",
            region=header.region,
            meeting_date=header.meeting_date,
            start_time=header.start_time,
            location=header.location,
            attendance_recorded=referat.attendance is not None,
            source_file=referat.source_file,
            source_line=header.kkr_line,
            source_sha256=referat.source_sha256,
        )
    ]
