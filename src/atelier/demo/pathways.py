"""The people of the demo workshop: contracts, skills, attendance, hours and exits.

The order stories of :mod:`atelier.demo` say who worked on what; this module
gives those trainees a pathway that makes the skill matrix and the monthly
hours mean something at first sight — contracts started months
ago, assessments that let them do the work they do (some of it one level below,
under the supervisor's eye, then re-assessed once practised), a roll call every
working day with the absences detention brings (visits, court hearings,
lawyers, a lockdown), the month validated by the counsellor and corrected
afterwards, one trainee leaving for a training course and a newcomer taking the
post, and a pathway that ended long ago, anonymised.

Every name here is invented.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the demo is played through a Workshop it is given
    from atelier.app import Workshop


#: The trainee who leaves mid-history (P8), the old pathway, and the newcomer on P8.
LEAVER = "T-0008"
FORMER = "T-0009"
NEWCOMER = "T-0010"

#: Skill levels at the start of the history: what each trainee was assessed at after
#: their first weeks. They let each do the work the production stories give them.
PROFILES: Mapping[str, Mapping[str, int]] = {
    "T-0001": {"cleaning": 3, "film_cut": 3, "film_apply": 3, "film_turn_in": 2,
               "labelling": 2, "punctuality": 3, "following_instructions": 3,
               "measuring": 3, "safety": 3, "teamwork": 3, "tidiness": 2},
    "T-0002": {"cleaning": 3, "film_cut": 4, "film_apply": 3, "film_turn_in": 3,
               "measuring": 4, "punctuality": 2, "following_instructions": 3,
               "safety": 3, "teamwork": 2, "tidiness": 3},
    "T-0003": {"cleaning": 3, "film_cut": 2, "film_apply": 1, "measuring": 2,
               "punctuality": 2, "following_instructions": 2, "safety": 2, "teamwork": 3},
    "T-0004": {"labelling": 3, "rfid_tagging": 3, "film_apply": 2, "stamping": 2,
               "quality_check": 2, "punctuality": 4, "following_instructions": 3,
               "tidiness": 4, "safety": 3},
    "T-0005": {"hinge_work": 3, "gluing": 3, "cleaning": 2, "page_repair": 2,
               "punctuality": 3, "following_instructions": 2, "safety": 3, "teamwork": 2},
    "T-0006": {"gluing": 2, "stamping": 3, "spine_titling": 1, "labelling": 2,
               "punctuality": 2, "following_instructions": 3, "safety": 2, "tidiness": 3},
    "T-0007": {"collating": 3, "sewing": 3, "guillotine": 3, "casing": 3, "gluing": 3,
               "measuring": 3, "punctuality": 3, "following_instructions": 4,
               "safety": 3, "teamwork": 3},
    LEAVER: {"cleaning": 3, "labelling": 3, "rfid_tagging": 2, "stamping": 3,
             "punctuality": 3, "following_instructions": 3, "safety": 3, "teamwork": 4},
}

#: Learning goals set with each trainee: (skill, target level).
TARGETS: Mapping[str, tuple[tuple[str, int], ...]] = {
    "T-0001": (("film_turn_in", 3), ("quality_check", 2)),
    "T-0003": (("film_apply", 3), ("film_cut", 3)),
    "T-0005": (("page_repair", 3), ("casing", 2)),
    "T-0006": (("spine_titling", 3),),
    "T-0007": (("casing", 4), ("quality_check", 3)),
}

#: The contracts: (weeks before the history started, weekly hours, months planned).
CONTRACTS: Mapping[str, tuple[int, float, int]] = {
    "T-0001": (40, 24, 12), "T-0002": (52, 24, 18), "T-0003": (12, 20, 12),
    "T-0004": (70, 30, 24), "T-0005": (30, 24, 12), "T-0006": (20, 24, 12),
    "T-0007": (60, 30, 24), LEAVER: (46, 24, 12),
}

#: The newcomer's weekly hours (a part-time start).
NEWCOMER_HOURS = 20

#: Invented names and contacts, visible to the counsellor and the admin only.
NAMES: Mapping[str, str] = {
    "T-0001": "Karim B.", "T-0002": "Yannick L.", "T-0003": "Steven M.",
    "T-0004": "Mickaël G.", "T-0005": "Anthony R.", "T-0006": "Julien P.",
    "T-0007": "Ludovic C.", LEAVER: "Brice T.", NEWCOMER: "Dylan K.",
}

#: Reasons for a missed session, with their weights: detention interrupts work often.
ABSENCES = (("visit", 30), ("court", 10), ("lawyer", 12), ("medical", 18), ("training", 8),
            ("sick", 12), ("other", 10))


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the last day of a shorter month)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class People:
    """The pathways of the demo's trainees, written through the library as each day goes."""

    def __init__(self, staff: Workshop, counsellor: Workshop, admin: Workshop,
                 history_start: dt.date, today: dt.date, seed: int) -> None:
        self.staff = staff
        self.counsellor = counsellor
        self.admin = admin
        self.start = history_start
        self.today = today
        self.rng = random.Random(seed)
        #: Minutes of work recorded on tasks, by (trainee, day): the roll call covers them.
        self.worked: dict[tuple[str, dt.date], int] = {}
        #: Trainees present in the workshop, by code (the leaver goes, the newcomer comes).
        self.on_site: set[str] = set()

    # -- the first morning ---------------------------------------------------------------

    def enrol(self) -> None:
        """Contracts, posts, personal data, first assessments and goals; the old pathway."""
        for n, code in enumerate(sorted(CONTRACTS), start=1):
            weeks, hours, months = CONTRACTS[code]
            begin = self.start - dt.timedelta(weeks=weeks)
            self.counsellor.add_trainee(contract="cep", weekly_hours=hours, start=begin,
                                        end=add_months(begin, months), post=f"P{n}")
            self.on_site.add(code)
            self.counsellor.set_personal(code, full_name=NAMES[code],
                                         contact="Par la conseillère en insertion")
            assessed_on = begin + dt.timedelta(weeks=3)
            for skill, level in PROFILES[code].items():
                self.staff.assess(code, skill, max(1, level - 1), on=assessed_on,
                                  evidence="Évaluation d'arrivée à l'atelier")
                if level > 1:
                    self.staff.assess(code, skill, level,
                                      on=assessed_on + dt.timedelta(weeks=6 + n % 4),
                                      evidence="Observé au poste, travail régulier")
            for skill, level in TARGETS.get(code, ()):
                self.counsellor.set_target(code, skill, level)
        # A pathway that ended more than two years ago: a job found, the person's
        # data kept past the exit until the retention period runs out.
        ended = self.today - dt.timedelta(days=800)
        begin = ended - dt.timedelta(days=300)
        self.counsellor.add_trainee(contract="cep", weekly_hours=24, start=begin)
        self.counsellor.set_personal(FORMER, full_name="Sébastien H.",
                                     notes="Parcours terminé, embauche en CDI")
        for skill, level in (("cleaning", 3), ("film_cut", 3), ("film_apply", 3),
                             ("punctuality", 3)):
            self.staff.assess(FORMER, skill, level, on=begin + dt.timedelta(weeks=20),
                              evidence="Couvrages réguliers, contrôles réussis")
        self.counsellor.record_exit(FORMER, on=ended, outcome="durable_employment")

    # -- as the days go ------------------------------------------------------------------

    def tally(self, trainee: str, day: dt.date, minutes: int) -> None:
        """Note work recorded on tasks, so the evening's roll call covers it."""
        self.worked[(trainee, day)] = self.worked.get((trainee, day), 0) + minutes

    def roll_call(self, day: dt.date, *, morning_only: bool = False) -> None:
        """The day's attendance, typed in the evening, then the time not spent on orders."""
        for code in sorted(self.on_site):
            worked = self.worked.get((code, day), 0)
            # Ten half-day sessions a week make the contract's weekly hours; a longer day
            # of work is a longer presence (at most 10 h).
            weekly = CONTRACTS[code][1] if code in CONTRACTS else NEWCOMER_HOURS
            usual = round(weekly * 60 / 10 / 15) * 15
            session = max(usual, math.ceil(worked / 2 / 15) * 15)
            absent_pm = morning_only or (worked <= session - 60 and self.rng.random() < 0.10)
            absent_am = worked == 0 and self.rng.random() < 0.06
            for name, absent in (("am", absent_am), ("pm", absent_pm)):
                if absent and morning_only and name == "pm":
                    continue  # recorded by lockdown()
                if absent:
                    reason = self.rng.choices([r for r, _ in ABSENCES],
                                              [w for _, w in ABSENCES])[0]
                    self.staff.record_attendance(code, day, name, present=False,
                                                 reason=reason)
                else:
                    self.staff.record_attendance(code, day, name, minutes=session)
            present = session * ((not absent_am) + (not absent_pm))
            room = present - worked
            if room >= 30:
                self.staff.add_time(code, day, "cleaning", 20,
                                    note="Rangement et nettoyage de l'atelier")
                room -= 20
            if day.weekday() == 4 and room >= 60:
                self.staff.add_time(code, day, "training", 60,
                                    note="Formation sécurité et gestes professionnels")

    def lockdown(self, day: dt.date) -> None:
        """The prison is locked down one afternoon: nobody comes to the workshop."""
        for code in sorted(self.on_site):
            self.staff.record_attendance(code, day, "pm", present=False, reason="lockdown")

    def leave(self, day: dt.date) -> None:
        """The leaver starts a training course outside: a positive exit; P8 falls vacant."""
        self.counsellor.record_exit(LEAVER, on=day, outcome="positive_exit")
        self.on_site.discard(LEAVER)

    def arrive(self, day: dt.date) -> str:
        """The newcomer takes post P8; nothing assessed yet, goals set with the counsellor."""
        code = self.counsellor.add_trainee(contract="cep", weekly_hours=NEWCOMER_HOURS, start=day,
                                           end=add_months(day, 12), post="P8")
        self.counsellor.set_personal(code, full_name=NAMES[NEWCOMER],
                                     contact="Par la conseillère en insertion")
        for skill, level in (("cleaning", 3), ("stamping", 2), ("punctuality", 3)):
            self.counsellor.set_target(code, skill, level)
        self.on_site.add(code)
        return code

    def assess(self, trainee: str, skill: str, level: int, day: dt.date, evidence: str) -> None:
        """A staff member's assessment during the history."""
        self.staff.assess(trainee, skill, level, on=day, evidence=evidence)

    def validate(self, month: str) -> None:
        """The counsellor validates the month's hours for the funder."""
        self.counsellor.validate_month(month)

    def correct(self, month: str) -> None:
        """A training session forgotten in a validated month: a dated correction."""
        self.counsellor.correct_hours(month, "T-0003", 90,
                                      "Formation incendie oubliée au pointage")

    def finish(self) -> list[str]:
        """The retention period has run out for the old pathway: its personal data goes."""
        return self.admin.anonymise(retention_days=730)


def months_to_validate(days: Iterator[dt.date] | list[dt.date],
                       today: dt.date) -> list[tuple[str, dt.date]]:
    """Whole months before ``today`` that the history covers from their first day, with the
    first working day after each (when the counsellor validates it). A month the history
    only ends is left open: its first weeks would show too few hours."""
    ordered = sorted(days)
    out: list[tuple[str, dt.date]] = []
    current = today.strftime("%Y-%m")
    for month in sorted({d.strftime("%Y-%m") for d in ordered}):
        if month == current or dt.date.fromisoformat(f"{month}-01") < ordered[0]:
            continue
        after = [d for d in ordered if d.strftime("%Y-%m") > month]
        if after:
            out.append((month, after[0]))
    return out
