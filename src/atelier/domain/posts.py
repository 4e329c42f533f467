"""Posts: the workshop's funded positions, and who held each one when.

A post is held by one trainee at a time and a trainee holds one post at a time;
the history of holdings is a line: nobody takes a post (or a trainee another
one) on a day before the previous holding ended (DOMAIN.md, "Post").
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from atelier.domain import bounds
from atelier.domain.errors import InvalidInput, RuleViolation

#: A post's code (``P1``, ``couvrage-2``).
POST_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


@attrs.frozen
class PostView:
    """A funded post and who holds it since when (``trainee`` None: vacant)."""

    code: str
    label: str
    trainee: str | None
    since: dt.date | None

    @property
    def vacant(self) -> bool:
        """Whether nobody holds the post."""
        return self.trainee is None


@attrs.frozen
class PostAssignment:
    """A trainee holding a post from ``start`` to ``end`` (None: still holds it)."""

    post: str
    trainee: str
    start: dt.date
    end: dt.date | None


@attrs.frozen
class Holding:
    """What an assignment or a release of a post must know, read under the post's lock:
    the post's holder (and since when), the post the trainee holds, and the last day a
    holding of either ended."""

    holder: str | None = None
    since: dt.date | None = None
    held_by_trainee: str | None = None
    last_end: dt.date | None = None


def check_new_post(code: str, label: str) -> tuple[str, str]:
    """``(code, label)`` of a post to declare: a code of 1 to 32 letters, digits, ``-``
    or ``_``, and a label."""
    if not isinstance(code, str) or not POST_CODE.match(code):
        raise InvalidInput("post", "1 to 32 letters, digits, - or _",
                           value=code if isinstance(code, str) else repr(code)[:40],
                           code="post_invalid")
    return code, bounds.name(label, "label")


def check_post_free(code: str, exists: bool) -> None:
    """A post's code names one post only."""
    if exists:
        raise InvalidInput("post", "this post already exists", value=code, code="post_exists")


def check_post_code(code: str, field: str = "post") -> str:
    """A post's code as typed to look it up."""
    return bounds.key(code, field, bounds.POST_CODE)


def check_assignment(post: str, trainee: str, on: dt.date, holding: Holding) -> None:
    """``trainee`` may take ``post`` on ``on``: the post is vacant, the trainee holds no
    other, and neither's last holding ended after ``on``."""
    bounds.day(on, "on")
    if holding.holder is not None:
        raise RuleViolation(f"post {post} is held by {holding.holder}", code="post_held",
                            post=post, trainee=holding.holder)
    if holding.held_by_trainee is not None:
        raise RuleViolation(f"{trainee} already holds post {holding.held_by_trainee}: "
                            "release it first", code="trainee_holds_post", trainee=trainee,
                            post=holding.held_by_trainee)
    if holding.last_end is not None and on < holding.last_end:
        raise RuleViolation(f"{on} is before the end of a previous holding ({holding.last_end})",
                            code="assignment_before_previous", post=post, trainee=trainee,
                            on=on.isoformat(), previous=holding.last_end.isoformat())


def check_release(post: str, on: dt.date, holding: Holding) -> str:
    """The holder of ``post``, who may leave it on ``on`` (not before they took it)."""
    bounds.day(on, "on")
    if holding.holder is None:
        raise RuleViolation(f"post {post} is vacant", code="post_vacant", post=post)
    if holding.since is not None and on < holding.since:
        raise RuleViolation(f"{holding.holder} took post {post} on {holding.since}, after {on}",
                            code="release_before_start", post=post, trainee=holding.holder,
                            on=on.isoformat(), start=holding.since.isoformat())
    return holding.holder
