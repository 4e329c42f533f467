"""Staff roles and what each may do, checked by the library itself.

The CLI and the HTTP API inherit these checks: every public use case of
:class:`atelier.Workshop` names the permission it needs, and the actor's role
must grant it. Personal data of trainees is for the counsellor and the admin
only (DOMAIN rule 7); free-text notes about a trainee are for the staff who work
with them, not for a viewer.
"""

from __future__ import annotations

from typing import Any, Final, Literal, get_args

from atelier.domain import bounds
from atelier.domain.errors import Forbidden

#: A staff member's role.
Role = Literal["admin", "supervisor", "counsellor", "viewer"]
ADMIN: Final = "admin"
SUPERVISOR: Final = "supervisor"
COUNSELLOR: Final = "counsellor"
VIEWER: Final = "viewer"
ROLES: tuple[Role, ...] = get_args(Role)

#: Create or upgrade the database and install a catalogue.
SETUP = "setup"
#: Read production, reference data and pseudonymous people data (codes, hours, skills).
READ = "read"
#: Collectivities, orders and the catalogue: what the workshop sells.
CLIENTS = "clients"
#: Items, reception, work, quality checks, deliveries.
PRODUCTION = "production"
#: Posts and who holds them.
POSTS = "posts"
#: Trainees' pathways: registration, contracts, exits.
PATHWAY = "pathway"
#: Attendance and time entries of the day.
ATTENDANCE = "attendance"
#: Month validation and dated corrections: the funder's figure.
HOURS_VALIDATION = "hours_validation"
#: Skill assessments and learning targets.
ASSESSMENT = "assessment"
#: Free-text notes about a trainee: assessment evidence, time-entry notes, correction
#: reasons. No use case requires it: the reading use cases (``read``) show those texts
#: only to a role granting it, and None to the others.
NOTES = "notes"
#: Trainees' personal data: read, write, export, certificates naming the person.
PERSONAL_DATA = "personal_data"
#: Erasing personal data after the retention period.
ANONYMISATION = "anonymisation"

#: Staff API keys: create, list, revoke.
TOKENS = "tokens"

PERMISSIONS = (SETUP, TOKENS, READ, CLIENTS, PRODUCTION, POSTS, PATHWAY, ATTENDANCE,
               HOURS_VALIDATION, ASSESSMENT, NOTES, PERSONAL_DATA, ANONYMISATION)

#: What each role may do. The viewer only reads, and not what staff wrote about a
#: trainee; nobody but the counsellor and the admin ever reads a person's name.
GRANTS: dict[str, frozenset[str]] = {
    ADMIN: frozenset(PERMISSIONS),
    SUPERVISOR: frozenset({SETUP, READ, CLIENTS, PRODUCTION, POSTS, ATTENDANCE, ASSESSMENT,
                           NOTES}),
    COUNSELLOR: frozenset({READ, POSTS, PATHWAY, ATTENDANCE, HOURS_VALIDATION, ASSESSMENT,
                           NOTES, PERSONAL_DATA}),
    VIEWER: frozenset({READ}),
}


def allows(role: str, permission: str) -> bool:
    """Whether ``role`` grants ``permission``."""
    return permission in GRANTS.get(role, frozenset())


def authorize(role: str, permission: str, action: str) -> None:
    """Raise :class:`Forbidden` unless ``role`` grants ``permission`` (for ``action``)."""
    if permission not in PERMISSIONS:  # a programming error, not a refusal
        raise ValueError(f"unknown permission {permission!r}")
    if not allows(role, permission):
        raise Forbidden(f"the role {role} may not {action} (needs {permission})",
                        code="forbidden", role=role, action=action, permission=permission)


def check_role(role: str) -> Role:
    """``role`` if it is one of :data:`ROLES`, else InvalidInput ``role_invalid``."""
    return bounds.choice(role, ROLES, "role", code="role_invalid")


def permission_of(method: Any) -> str | None:
    """The permission a ``Workshop`` method declares (``method.permission``, set by the
    facade's ``requires``), or None if it is not a staff use case."""
    value = getattr(method, "permission", None)
    return value if isinstance(value, str) else None
