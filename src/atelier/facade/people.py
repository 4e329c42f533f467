"""Use cases of the ``Workshop`` for people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.domain import roles
from atelier.domain.bounds import check_lang
from atelier.facade.base import UseCaseHost, requires

if TYPE_CHECKING:
    import datetime as dt

    from atelier.domain.people import Contract, TraineeView
    from atelier.domain.personal import Certificate, PersonalData, PersonExport
    from atelier.domain.posts import PostAssignment, PostView


class PeopleUseCases(UseCaseHost):
    """Posts, trainees, contracts, personal data, exits and certificates."""

    # -- posts ------------------------------------------------------------------------

    @requires(roles.POSTS)
    def add_post(self, code: str, label: str) -> str:
        """Declare a funded post of the workshop."""
        from atelier.services import people
        return self._write(lambda uow: people.add_post(uow, self.actor, code, label, self.clock()))

    @requires(roles.READ)
    def posts(self) -> list[PostView]:
        """Every post, with its holder and since when (vacant: ``trainee`` is None)."""
        return self._read(lambda uow: uow.people.posts())

    @requires(roles.POSTS)
    def assign_post(self, post: str, trainee: str, *, on: dt.date | None = None) -> None:
        """Give a vacant post to an active trainee holding no other one (from ``on``,
        default today)."""
        from atelier.services import people
        day = self._today(on)
        self._write(lambda uow: people.assign_post(uow, self.actor, self.clock(), post, trainee,
                                                   day))

    @requires(roles.POSTS)
    def release_post(self, post: str, *, on: dt.date | None = None) -> str:
        """Free a post (on ``on``, default today); returns the code of its former holder."""
        from atelier.services import people
        day = self._today(on)
        return self._write(lambda uow: people.release_post(uow, self.actor, self.clock(), post,
                                                           day))

    @requires(roles.READ)
    def post_history(self, post: str | None = None) -> list[PostAssignment]:
        """Who held each post (or ``post``) and when, by post then start."""
        from atelier.services import people
        return self._read(lambda uow: people.post_history(uow, post))

    # -- trainees and contracts -----------------------------------------------------------

    @requires(roles.PATHWAY)
    def add_trainee(self, *, contract: str, weekly_hours: float, start: dt.date,
                    end: dt.date | None = None, post: str | None = None,
                    code: str | None = None) -> str:
        """Register a trainee with their first contract (``cep`` or ``cddi``), optionally
        on a post from the start; returns the pseudonymous code (``T-0001``…)."""
        from atelier.services import people
        return self._write(lambda uow: people.add_trainee(
            uow, self.actor, self.clock(), contract=contract, weekly_hours=weekly_hours,
            start=start, end=end, post=post, code=code))

    @requires(roles.PATHWAY)
    def renew_contract(self, code: str, *, contract: str, weekly_hours: float, start: dt.date,
                       end: dt.date | None = None) -> Contract:
        """A new contract for an active trainee (the contract rules are checked)."""
        from atelier.services import people
        return self._write(lambda uow: people.renew_contract(
            uow, self.actor, self.clock(), code, contract=contract, weekly_hours=weekly_hours,
            start=start, end=end))

    @requires(roles.READ)
    def trainees(self, *, include_exited: bool = False) -> list[TraineeView]:
        """The trainees (active only unless ``include_exited``), by code; no names."""
        return self._read(lambda uow: uow.people.trainee_views(include_exited=include_exited))

    @requires(roles.READ)
    def trainee(self, code: str) -> TraineeView:
        """One trainee: post, current contract, exit; no name."""
        from atelier.services import people
        return self._read(lambda uow: people.trainee(uow, code))

    @requires(roles.READ)
    def contracts_ending(self, *, within_days: int = 30,
                         today: dt.date | None = None) -> list[TraineeView]:
        """Active trainees whose contract ends within ``within_days`` (or is overdue)."""
        from atelier.services import people
        day = self._today(today)
        return self._read(lambda uow: people.contracts_ending(uow, within_days, day))

    @requires(roles.PATHWAY)
    def record_exit(self, code: str, *, on: dt.date, outcome: str) -> None:
        """End a trainee's pathway with its outcome; their post is released that day.
        Refused before the start, or before a day with hours recorded
        (``exit_before_recorded_hours``)."""
        from atelier.services import people
        self._write(lambda uow: people.record_exit(uow, self.actor, self.clock(), code, on,
                                                   outcome))

    # -- personal data --------------------------------------------------------------------

    @requires(roles.PERSONAL_DATA)
    def set_personal(self, code: str, *, full_name: str | None = None,
                     contact: str | None = None, notes: str | None = None) -> list[str]:
        """Write personal fields (None: unchanged, empty text: cleared); returns the
        fields changed."""
        from atelier.services import people
        values = {"full_name": full_name, "contact": contact, "notes": notes}
        return self._write(lambda uow: people.set_personal(uow, self.actor, self.clock(), code,
                                                           values))

    @requires(roles.PERSONAL_DATA)
    def personal(self, code: str) -> PersonalData:
        """The person behind a code: name, contact, notes."""
        from atelier.services import people
        return self._read(lambda uow: people.personal(uow, code))

    @requires(roles.PERSONAL_DATA)
    def certificate(self, code: str, *, workshop: str | None = None) -> Certificate:
        """The skills certificate of a trainee."""
        from atelier.services import people_records
        today = self.clock().date()
        return self._read(lambda uow: people_records.certificate(uow, code, workshop, today))

    @requires(roles.PERSONAL_DATA)
    def certificate_html(self, code: str, *, lang: str = "fr",
                         workshop: str | None = None) -> str:
        """The skills certificate as a printable HTML page (French, or ``lang="en"``)."""
        from atelier.documents import render_certificate
        from atelier.services import people_records

        check_lang(lang)
        today = self.clock().date()
        cert = self._read(lambda uow: people_records.certificate(uow, code, workshop, today))
        return render_certificate(cert, lang)

    @requires(roles.PERSONAL_DATA)
    def export_person(self, code: str) -> PersonExport:
        """Everything stored about one person, for their right of access: records, the
        work they did, and the audit records about them or naming them."""
        from atelier.services import people_records
        now = self.clock()
        return self._read(lambda uow: people_records.export_person(uow, code, now))

    @requires(roles.ANONYMISATION)
    def anonymise(self, *, retention_days: int, today: dt.date | None = None) -> list[str]:
        """Erase the personal data and the notes about trainees exited more than
        ``retention_days`` ago; returns the codes anonymised (none on a second run).

        ``today`` (default: the clock's date) may not be later than the clock's date
        (InvalidInput ``today_in_future``): nobody is anonymised ahead of time.
        """
        from atelier.services import people_records
        day = self._today(today)
        return self._write(lambda uow: people_records.anonymise(uow, self.actor, self.clock(),
                                                                retention_days, day))
