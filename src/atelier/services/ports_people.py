"""What the people use cases need from storage (posts, trainees, contracts, personal data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import attrs

if TYPE_CHECKING:
    import datetime as dt

    from atelier.domain.people import Contract, ExitOutcome, TraineeView
    from atelier.domain.personal import PersonalData
    from atelier.domain.posts import Holding, PostAssignment, PostView


@attrs.frozen
class TraineeRef:
    """A trainee as the use cases find them: storage id, code, post held, whether still
    on their pathway, whether anonymised."""

    id: int
    code: str
    post: str | None
    active: bool
    anonymised: bool = False


class PeopleRepository(Protocol):
    def trainee(self, code: str, *, lock: bool = False) -> TraineeRef:
        """A trainee by code, active or not (NotFound); ``lock``: the trainee's row is
        held until the end of the transaction, and what is read is its latest committed
        state."""
        ...

    def lock_trainee(self, trainee_id: int) -> None:
        """Hold the trainee's row until the transaction ends (writers queue)."""
        ...

    def codes(self) -> set[str]:
        """Every trainee code ever given."""
        ...

    def add_trainee(self, code: str, now: dt.datetime) -> int:
        """A new trainee row with ``code``; its id."""
        ...

    def trainee_views(self, *, code: str | None = None,
                      include_exited: bool = True) -> list[TraineeView]: ...
    def set_exit(self, trainee_id: int, on: dt.date, outcome: ExitOutcome) -> None: ...
    def add_contract(self, trainee_id: int, contract: Contract, now: dt.datetime) -> None: ...
    def contracts(self, trainee_id: int) -> list[Contract]:
        """The trainee's contracts, oldest start first."""
        ...

    def post_exists(self, code: str) -> bool: ...
    def add_post(self, code: str, label: str) -> int: ...
    def holding(self, post: str, trainee_id: int | None = None) -> tuple[int, Holding]:
        """``(post id, who holds it)`` with the post's row locked (NotFound); with
        ``trainee_id``, also the post that trainee holds and the last day a holding of
        the post or the trainee ended."""
        ...

    def assign_post(self, post_id: int, trainee_id: int, on: dt.date) -> None:
        """The trainee holds the post from ``on`` (a new line of its history)."""
        ...

    def release_post(self, post_id: int, on: dt.date) -> None:
        """The post's holder leaves it on ``on`` (the open line of its history ends)."""
        ...

    def posts(self) -> list[PostView]: ...
    def post_history(self, post: str | None = None,
                     trainee_id: int | None = None) -> list[PostAssignment]: ...
    def personal(self, trainee_id: int, code: str) -> PersonalData: ...
    def set_personal(self, trainee_id: int, values: dict[str, str | None],
                     now: dt.datetime) -> None: ...
    def minutes_worked(self, trainee_id: int) -> int: ...
    def latest_assessments(self, trainee_id: int) -> list[tuple[str, int, dt.date]]: ...
    def person_records(self, trainee_id: int) -> dict[str, list[dict[str, Any]]]: ...
    def person_work(self, trainee_id: int) -> list[dict[str, Any]]:
        """The work the trainee did, by day: order, operation, minutes, supervisor, tasks."""
        ...

    def person_audit(self, code: str) -> list[dict[str, Any]]:
        """The audit records about the trainee or naming them, oldest first."""
        ...

    def last_day_worked(self, trainee_id: int) -> dt.date | None:
        """The last day with present attendance, a time entry or work recorded (or None)."""
        ...

    def exited_before(self, cutoff: dt.date) -> list[tuple[int, str]]: ...
    def erase_personal(self, trainee_ids: list[int], now: dt.datetime) -> None: ...
