"""Collectivities: the public bodies that order work (médiathèques, schools…)."""

from __future__ import annotations

import re

import attrs
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as stdnum_siret

from atelier.domain.errors import InvalidInput

KINDS = ("mediatheque", "library_network", "school", "archive", "town_hall", "other")

# Chorus Pro service codes are free text chosen by the buyer, up to 100 characters.
_SERVICE_CODE = re.compile(r"^[A-Za-z0-9_\-./ ]{1,100}$")


def validate_siret(value: str) -> str:
    """Return the compact SIRET (14 digits) or raise InvalidInput naming the problem.

    The Luhn check digit is verified (with La Poste's documented exception),
    through python-stdnum.
    """
    try:
        return str(stdnum_siret.validate(value))
    except StdnumError as exc:
        raise InvalidInput("siret", _siret_reason(exc), value=value, code="siret_invalid") from exc


def _siret_reason(exc: StdnumError) -> str:
    name = type(exc).__name__
    return {
        "InvalidChecksum": "bad check digit",
        "InvalidLength": "must have 14 digits",
        "InvalidFormat": "must contain only digits",
    }.get(name, "not a valid SIRET")


def validate_kind(value: str) -> str:
    """Return ``value`` if it is a known collectivity kind."""
    if value not in KINDS:
        raise InvalidInput("kind", f"must be one of {', '.join(KINDS)}", value=value,
                           code="kind_invalid")
    return value


def validate_name(value: str, field: str = "name", max_length: int = 200) -> str:
    """Return the stripped name, refusing empty or overlong ones."""
    cleaned = " ".join(value.split())
    if not cleaned:
        raise InvalidInput(field, "must not be empty", code="empty")
    if len(cleaned) > max_length:
        raise InvalidInput(field, f"at most {max_length} characters", code="too_long")
    return cleaned


def validate_service_code(value: str) -> str:
    """A Chorus Pro service code: free text of 1 to 100 safe characters."""
    if not _SERVICE_CODE.match(value):
        raise InvalidInput("chorus_service_code", "1 to 100 letters, digits or _-./",
                           value=value, code="chorus_code_invalid")
    return value


@attrs.frozen
class Contact:
    """A person to reach at the collectivity (a librarian, an accountant)."""

    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


@attrs.frozen
class Collectivity:
    """A client collectivity with its procurement references."""

    id: int
    name: str
    kind: str
    siret: str | None = None
    chorus_service_code: str | None = None
    engagement_ref: str | None = None
    contacts: tuple[Contact, ...] = ()
