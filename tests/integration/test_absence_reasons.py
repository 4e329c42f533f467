"""Why a trainee was absent is judicial or health data (court, lawyer, medical, sick):
the library shows it only to a role that takes the roll call or holds personal data;
every other reader sees "justified" — in the sessions, the month's hours, its CSV and
the audit log (issue 9, point 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from atelier import Workshop
from atelier.domain.attendance import JUSTIFIED, reads_absence_reasons, shown_reason

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

DAY = dt.date(2026, 2, 16)


@pytest.fixture
def trainee(workshop: Workshop) -> str:
    code = workshop.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5))
    for day, session, reason in ((DAY, "am", "court"), (DAY, "pm", "lockdown"),
                                 (DAY + dt.timedelta(days=1), "am", "medical")):
        workshop.record_attendance(code, day, session, present=False, reason=reason)
    workshop.record_attendance(code, DAY + dt.timedelta(days=1), "pm")
    return code


def test_who_reads_the_reasons() -> None:
    assert [r for r in ("admin", "supervisor", "counsellor", "viewer")
            if reads_absence_reasons(r)] == ["admin", "supervisor", "counsellor"]
    assert shown_reason("sick", "viewer") == JUSTIFIED
    assert shown_reason("workshop_closed", "viewer") == "workshop_closed"  # not the person's
    assert shown_reason(None, "viewer") is None
    assert shown_reason("court", "counsellor") == "court"


def test_a_viewer_sees_justified_everywhere(workshop: Workshop, trainee: str,
                                           tmp_path: Path) -> None:
    viewer = workshop.acting_as("Direction", role="viewer")
    assert [(e.session, e.reason) for e in viewer.attendance(month="2026-02")] == [
        ("am", "justified"), ("pm", "lockdown"), ("am", "justified"), ("pm", None)]
    month = viewer.month_hours("2026-02")[0]
    assert list(month.absences) == ["lockdown", "justified"]
    assert (month.absences["justified"].sessions, month.absences["justified"].minutes) == (
        2, 360)
    assert month.attended_minutes == workshop.month_hours("2026-02")[0].attended_minutes
    viewer.write_month_csv("2026-02", tmp_path / "mois.csv")
    text = (tmp_path / "mois.csv").read_text(encoding="utf-8-sig")
    assert "Absences justifiées (demi-journées)" in text
    records = [r for r in viewer.audit(limit=100) if r.action == "attendance.record"]
    assert len(records) == 4
    assert {r.after["reason"] for r in records} == {"justified", "lockdown", None}  # type: ignore[index]


def test_those_who_take_the_roll_call_see_why(workshop: Workshop, trainee: str) -> None:
    for role in ("supervisor", "counsellor", "admin"):
        reader = workshop.acting_as("Claire", role=role)
        assert [e.reason for e in reader.attendance(month="2026-02")] == [
            "court", "lockdown", "medical", None]
        assert set(reader.month_hours("2026-02")[0].absences) == {"court", "lockdown",
                                                                   "medical"}
