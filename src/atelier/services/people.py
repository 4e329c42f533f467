"""Use cases of people: posts, trainees, contracts, personal data, exits."""

from __future__ import annotations

import datetime as dt
import re

from atelier.domain.actor import Actor
from atelier.domain.collectivity import validate_name
from atelier.domain.errors import InvalidInput
from atelier.services.ports import UnitOfWork

_POST = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def add_post(uow: UnitOfWork, actor: Actor, code: str, label: str, now: dt.datetime) -> str:
    """Declare one of the workshop's funded posts (e.g. ``P1``, "Couvrage 1")."""
    if not _POST.match(code):
        raise InvalidInput("post", "1 to 32 letters, digits, - or _", value=code,
                           code="post_invalid")
    uow.people.add_post(code, validate_name(label, "label"))
    uow.audit.record(actor, "post.add", "post", code, None, {"label": label}, now)
    return code


def add_trainee(uow: UnitOfWork, actor: Actor, now: dt.datetime, post: str | None = None,
                code: str | None = None) -> str:
    """Register a trainee under a pseudonymous code (``T-0001``…), optionally on a post.

    No name is stored here: personal data lives apart (People issue).
    """
    if code is not None and not re.fullmatch(r"T-\d{4,6}", code):
        raise InvalidInput("code", "a trainee code looks like T-0042", value=code,
                           code="trainee_code_invalid")
    new_code = uow.people.add_trainee(code, post, now)
    uow.audit.record(actor, "trainee.add", "trainee", new_code, None, {"post": post}, now)
    return new_code
