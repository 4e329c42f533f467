"""RELIABILITY 8: every use case of the library × every staff role.

The library checks roles itself (``atelier.domain.roles``), so the CLI and the
API inherit the checks. The matrix below is written out by hand, on purpose:
a change of who may do what must change this test too.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from atelier import Workshop
from atelier.domain import roles
from atelier.domain.errors import Forbidden
from atelier.domain.roles import permission_of
from tests.conftest import Clock, open_workshop

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

ROLES = ("admin", "supervisor", "counsellor", "viewer")

#: Who may exercise each permission (the policy of decision 0005).
MATRIX: dict[str, set[str]] = {
    "setup": {"admin", "supervisor"},
    "read": {"admin", "supervisor", "counsellor", "viewer"},
    "clients": {"admin", "supervisor"},
    "production": {"admin", "supervisor"},
    "posts": {"admin", "supervisor", "counsellor"},
    "pathway": {"admin", "counsellor"},
    "attendance": {"admin", "supervisor", "counsellor"},
    "hours_validation": {"admin", "counsellor"},
    "assessment": {"admin", "supervisor", "counsellor"},
    "notes": {"admin", "supervisor", "counsellor"},
    "personal_data": {"admin", "counsellor"},
    "anonymisation": {"admin"},
    "tokens": {"admin"},
}

#: Methods of the handle that are not use cases (no database act).
NOT_USE_CASES = {"open", "acting_as", "close", "reading",
                 # the HTTP door's own checks, made before an actor exists
                 "authenticate", "idempotent",
                 # a collectivity's own view, scoped by its token (no staff role)
                 "client_orders", "client_order", "client_delivery_barcodes"}

#: Use cases that touch personal data: only the counsellor and the admin.
PERSONAL = {"personal", "set_personal", "export_person", "certificate", "certificate_html"}


def use_cases() -> list[tuple[str, Callable[..., Any]]]:
    """Every public method of ``Workshop`` that is a use case."""
    return [(name, member) for name, member in inspect.getmembers(Workshop)
            if not name.startswith("_") and callable(member) and name not in NOT_USE_CASES]


def test_every_use_case_declares_a_known_permission() -> None:
    found = use_cases()
    assert len(found) > 40  # the Foundation's and the People issue's use cases
    missing = [name for name, method in found if permission_of(method) is None]
    assert missing == []
    unknown = {name: permission_of(m) for name, m in found if permission_of(m) not in MATRIX}
    assert unknown == {}


def test_personal_data_is_for_the_counsellor_and_the_admin_only() -> None:
    by_name = dict(use_cases())
    for name in PERSONAL:
        assert MATRIX[permission_of(by_name[name]) or ""] == {"admin", "counsellor"}, name


def _dummy_arguments(method: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
    """Placeholder values for the required parameters: enough to get past the role check,
    which runs before the use case looks at any argument."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for param in list(inspect.signature(method).parameters.values())[1:]:
        if param.default is not inspect.Parameter.empty or param.kind in (
                param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.kind is param.KEYWORD_ONLY:
            kwargs[param.name] = "x"
        else:
            args.append("x")
    return args, kwargs


@pytest.mark.parametrize("role", ROLES)
def test_each_use_case_is_refused_or_let_through_by_role(db_url: str, role: str,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Every use case × this role: refused with ``Forbidden`` exactly when the matrix says so.

    A use case let through may then fail on the placeholder arguments (unknown
    order, bad value): that failure must not be ``Forbidden``.
    """
    monkeypatch.chdir(tmp_path)  # placeholder paths ("x") land here, not in the clone
    admin = open_workshop(db_url, actor="Admin", clock=Clock(dt.datetime(2026, 3, 2, 9)))
    admin.init()
    ws = admin.acting_as("Someone", role=role)
    try:
        outcomes: dict[str, bool] = {}
        for name, method in use_cases():
            args, kwargs = _dummy_arguments(method)
            try:
                getattr(ws, name)(*args, **kwargs)
            except Forbidden as err:
                assert err.params["role"] == role
                outcomes[name] = False
            except Exception:  # any other failure means the role check passed
                outcomes[name] = True
            else:
                outcomes[name] = True
        expected = {name: role in MATRIX[permission_of(m) or ""] for name, m in use_cases()}
        assert outcomes == expected
    finally:
        admin.close()


def test_personal_data_really_reaches_only_allowed_roles(workshop: Workshop) -> None:
    """The same record, read for real by each role."""
    code = workshop.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5))
    workshop.set_personal(code, full_name="Yann Kerbrat", contact="via the counsellor")
    for role in ROLES:
        ws = workshop.acting_as("Someone", role=role)
        if role in ("admin", "counsellor"):
            assert ws.personal(code).full_name == "Yann Kerbrat"
            assert "Yann Kerbrat" in str(ws.export_person(code))
        else:
            with pytest.raises(Forbidden):
                ws.personal(code)
            with pytest.raises(Forbidden):
                ws.export_person(code)
            # What they may read names the trainee by code only.
            assert "Kerbrat" not in repr(ws.trainee(code))
            assert "Kerbrat" not in repr(ws.trainees())


def test_each_role_is_granted_exactly_what_the_matrix_says() -> None:
    """Also the permissions no use case declares (``notes`` narrows what ``read`` shows)."""
    assert set(roles.PERMISSIONS) == set(MATRIX)
    for permission, allowed in MATRIX.items():
        assert {r for r in ROLES if roles.allows(r, permission)} == allowed, permission


def test_free_text_about_a_trainee_is_shown_to_staff_and_hidden_from_the_viewer(
        workshop: Workshop) -> None:
    """Assessment evidence, time-entry notes and correction reasons: the viewer reads the
    same records as the staff, with those texts left out (None)."""
    code = workshop.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5))
    day = dt.date(2026, 2, 2)
    workshop.record_attendance(code, day, "am")
    workshop.add_time(code, day, "training", 60, note="parle de sa famille")
    workshop.assess(code, "cleaning", 2, evidence="hésite encore", on=day)
    workshop.validate_month("2026-02")
    workshop.correct_hours("2026-02", code, 30, "oubli signalé par sa conseillère")
    for role in ROLES:
        ws = workshop.acting_as("Someone", role=role)
        shown = role != "viewer"
        (assessment,) = ws.assessments(code)
        (entry,) = ws.time_entries(month="2026-02", trainee=code)
        (month,) = ws.month_hours("2026-02", trainee=code)
        texts = (assessment.evidence, entry.note, month.corrections[0].reason)
        if shown:
            assert texts == ("hésite encore", "parle de sa famille",
                             "oubli signalé par sa conseillère"), role
        else:
            assert texts == (None, None, None)
            # Everything else reads the same: levels, minutes, the month's figure.
            assert (assessment.level, entry.minutes, month.total_minutes) == (2, 60, 210)
            assert month.corrections[0].minutes == 30
            assert "famille" not in repr(ws.time_entries()) + repr(ws.assessments(code))
            assert "oubli" not in repr(ws.month_hours("2026-02"))
