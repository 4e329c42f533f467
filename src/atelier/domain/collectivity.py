"""Collectivities: the public bodies that order work (médiathèques, schools…)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, get_args

import attrs

if TYPE_CHECKING:
    from stdnum.exceptions import ValidationError as StdnumError

from atelier.domain import bounds
from atelier.domain.errors import InvalidInput

#: What kind of public body a collectivity is.
Kind = Literal["mediatheque", "library_network", "school", "archive", "town_hall", "other"]
KINDS: tuple[Kind, ...] = get_args(Kind)
#: The most contacts one collectivity lists.
MAX_CONTACTS = 50
#: A SIRET as typed (14 digits, spaces allowed between groups).
SIRET_AS_TYPED = 40

# Chorus Pro service codes are free text chosen by the buyer, up to 100 characters.
_SERVICE_CODE = re.compile(r"^[A-Za-z0-9_\-./ ]{1,100}$")


def validate_siret(value: str) -> str:
    """Return the compact SIRET (14 digits) or raise InvalidInput naming the problem.

    The Luhn check digit is verified (with La Poste's documented exception),
    through python-stdnum.
    """
    # python-stdnum is imported here, not with the module: importing it loads ssl and
    # pydoc (15 ms), which every command would pay for one that checks a SIRET.
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.fr import siret as stdnum_siret

    bounds.key(value, "siret", SIRET_AS_TYPED)
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


def validate_kind(value: str) -> Kind:
    """Return ``value`` if it is a known collectivity kind."""
    return bounds.choice(value, KINDS, "kind", code="kind_invalid")


def validate_service_code(value: str) -> str:
    """A Chorus Pro service code: free text of 1 to 100 safe characters, outer spaces
    trimmed (neither empty nor blank)."""
    cleaned = bounds.text(value, "chorus_service_code", bounds.PROCUREMENT)
    if not _SERVICE_CODE.match(cleaned):
        raise InvalidInput("chorus_service_code", "1 to 100 letters, digits or _-./",
                           value=value, code="chorus_code_invalid")
    return cleaned


@attrs.frozen
class Contact:
    """A person to reach at the collectivity (a librarian, an accountant)."""

    name: str = attrs.field(validator=bounds.text_of(bounds.NAME, field="contact.name"))
    role: str = attrs.field(default="", validator=bounds.text_of(
        bounds.CONTACT_ROLE, blank=True, field="contact.role"))
    email: str = attrs.field(default="", validator=bounds.text_of(
        bounds.EMAIL, blank=True, field="contact.email"))
    phone: str = attrs.field(default="", validator=bounds.text_of(
        bounds.PHONE, blank=True, field="contact.phone"))

    def cleaned(self) -> Contact:
        """The contact as stored: a name required, spaces trimmed."""
        return Contact(name=bounds.name(self.name, "contact.name"), role=self.role.strip(),
                       email=self.email.strip(), phone=self.phone.strip())


@attrs.frozen
class Collectivity:
    """A client collectivity with its procurement references."""

    id: int
    name: str = attrs.field(validator=bounds.text_of(bounds.NAME))
    kind: Kind = attrs.field(validator=bounds.one_of(KINDS, code="kind_invalid"))
    siret: str | None = attrs.field(default=None,
                                    validator=bounds.text_of(14, optional=True))
    chorus_service_code: str | None = attrs.field(
        default=None, validator=bounds.text_of(bounds.PROCUREMENT, optional=True))
    engagement_ref: str | None = attrs.field(
        default=None, validator=bounds.text_of(bounds.PROCUREMENT, optional=True))
    contacts: tuple[Contact, ...] = ()


def new_collectivity(name: str, *, kind: str, siret: str | None = None,
                     chorus_service_code: str | None = None, engagement_ref: str | None = None,
                     contacts: Sequence[Contact] = ()) -> Collectivity:
    """A collectivity to register, every field checked and cleaned (the SIRET compacted,
    its check digits verified); its ``id`` is 0 until it is stored."""
    if not isinstance(contacts, Sequence) or not all(isinstance(c, Contact) for c in contacts):
        raise InvalidInput("contacts", "a list of contacts", code="contacts_invalid")
    if len(contacts) > MAX_CONTACTS:
        raise InvalidInput("contacts", f"at most {MAX_CONTACTS} contacts", value=len(contacts),
                           code="too_many", limit=MAX_CONTACTS)
    return Collectivity(
        id=0, name=bounds.name(name), kind=validate_kind(kind),
        siret=validate_siret(siret) if siret else None,
        chorus_service_code=(validate_service_code(chorus_service_code)
                             if chorus_service_code is not None else None),
        engagement_ref=(bounds.name(engagement_ref, "engagement_ref", bounds.PROCUREMENT)
                        if engagement_ref is not None else None),
        contacts=tuple(c.cleaned() for c in contacts))


def check_collectivity_id(value: int, field: str = "collectivity_id") -> int:
    """A collectivity's id as a caller names it."""
    return bounds.identifier(value, field)
