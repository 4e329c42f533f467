"""The same library for another trade: a bicycle-repair workshop.

Another work-integration workshop embeds ``atelier`` with its own catalogue
(``examples/catalogues/bicycle-repair.toml``): its "items" are bicycles, its
formats are kinds of bicycle, its operations and defects are a mechanic's.
Nothing else changes. A town hall sends its fleet of service bicycles for the
yearly overhaul, without a list: the bicycles get numbered placeholder
labels, are received, serviced, checked, delivered, and the order is closed.

Run it::

    python examples/other_trade.py                # a temporary SQLite file
    python examples/other_trade.py cycles.db      # a SQLite file, or a PostgreSQL URL

It exits with 0 when the order ends closed, 1 if the library refused something.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from stdnum import luhn

from atelier import AtelierError, Workshop

CATALOGUE = Path(__file__).resolve().parent / "catalogues" / "bicycle-repair.toml"
SUPERVISOR = "Malo (encadrant technique)"


class Clock:
    """The workshop's clock for this story."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def at(self, day: int, hhmm: str) -> str:
        """Move to ``hh:mm`` on the ``day``-th day of the story (0 = the first)."""
        hours, minutes = (int(part) for part in hhmm.split(":"))
        self.now = dt.datetime.combine(self.start_day + dt.timedelta(days=day),
                                       dt.time(hours, minutes))
        return f"day {day + 1}, {hhmm}"

    @property
    def start_day(self) -> dt.date:
        """The first day of the story: the Monday of the current week."""
        today = dt.date.today()
        return today - dt.timedelta(days=today.weekday())


def siret(siren8: str, nic4: str) -> str:
    """A valid SIRET: both Luhn check digits computed."""
    siren = siren8 + luhn.calc_check_digit(siren8)
    return siren + nic4 + luhn.calc_check_digit(siren + nic4)


def story(url: str) -> None:
    """From the town hall's order to the closed order."""
    clock = Clock(dt.datetime.now())

    # Day 1, 08:30 — The workshop installs its own catalogue: ``init`` with a
    # path makes it the active one (the bookbinding catalogue is only a default).
    print(f"{clock.at(0, '08:30')}  Opening the cycle workshop")
    ws = Workshop.open(url, actor=SUPERVISOR, clock=clock)
    with ws:
        ws.init(catalogue=CATALOGUE)
        catalogue = ws.catalogue()
        print(f"       catalogue: {catalogue.name} — formats "
              f"{', '.join(catalogue.format_codes)}")
        # Outside a prison the contract is a CDDI: 26 hours a week for six months.
        held = {post.code: post.trainee for post in ws.posts()}
        crew: dict[str, str] = {}
        start = clock.now.date() - dt.timedelta(days=30)
        for code, label in (("M1", "Mécanique 1"), ("M2", "Mécanique 2"),
                            ("M3", "Préparation et marquage")):
            if code not in held:
                ws.add_post(code, label)
            crew[code] = held.get(code) or ws.add_trainee(
                contract="cddi", weekly_hours=26, start=start,
                end=start + dt.timedelta(days=182), post=code)
        print(f"       on duty: {', '.join(f'{t} ({p})' for p, t in crew.items())}")

        # The town hall's order: its service bicycles, overhauled and marked.
        print(f"\n{clock.at(0, '09:00')}  The town hall's order")
        client = ws.add_collectivity(
            "Mairie de Plouzané — services techniques", kind="town_hall",
            siret=siret("21290212", "0019"), chorus_service_code="SERVICES-TECHNIQUES",
            engagement_ref="EJ-2026-0458")
        ref = ws.create_order(client, ["revision:adulte=6", "marquage:adulte=6",
                                       "revision:vae=2"],
                              due_date=clock.now.date() + dt.timedelta(days=14),
                              purchase_order="BC-ST-2026-031", accepted=True)
        status = ws.status(ref)
        print(f"       order {ref}: {status.total_cents / 100:.2f} EUR excl. VAT, "
              f"status {status.status}")

        # No list: each bicycle gets a numbered label, ``REF-00001``…, one per
        # unit of the largest line of each format.
        labels = ws.add_placeholders(ref)
        bikes = [f"{ref}-{n:05d}" for n in range(1, labels.items + 1)]
        print(f"       {labels.items} numbered labels, {labels.tasks} tasks: "
              f"{bikes[0]} … {bikes[-1]}")

        # Day 1, 10:00 — The bicycles arrive on the town's van.
        print(f"\n{clock.at(0, '10:00')}  Reception")
        received = ws.receive(ref, bikes)
        print(f"       received {len(received.received)} bicycles, status "
              f"{ws.status(ref).status}")

        # Days 1 to 3 — The work, operation by operation on every bicycle ready
        # for it. The safety check is a checkpoint: a staff member records it.
        print(f"\n{clock.at(0, '10:30')}  Servicing")
        m1, m2, m3 = crew["M1"], crew["M2"], crew["M3"]
        plan = ((0, "10:30", "diagnose", m1, None), (0, "14:00", "clean", m3, None),
                (1, "09:00", "adjust_brakes", m1, None),
                (1, "10:30", "adjust_gears", m2, SUPERVISOR),
                (1, "14:00", "check_bearings", m1, None), (2, "09:00", "engrave", m3, None),
                (2, "10:00", "register", m3, None))
        # What each mechanic can do, from their assessments: the level each step
        # asks for — one level below for M2's gears, learnt under supervision.
        steps = {op.code: op for svc in catalogue.services for op in svc.operations}
        for _day, _hhmm, operation, trainee, supervisor in plan:
            op = steps[operation]
            needed = op.min_level - (1 if supervisor else 0)
            if ws.levels(trainee).get(op.skill, 0) < needed:
                ws.assess(trainee, op.skill, needed, evidence="assessed at the bench")
        for day, hhmm, operation, trainee, supervisor in plan:
            when = clock.at(day, hhmm)
            done = ws.record_work(ref, operation, trainee, supervisor=supervisor)
            under = f", supervised by {supervisor}" if supervisor else ""
            print(f"       {when} {trainee} {operation}: {done.tasks} bicycles, "
                  f"{done.minutes} min{under}")

        # Day 3, 14:00 — The safety check and road test: one handlebar is loose,
        # the bearing and play adjustment is redone, then it passes.
        print(f"\n{clock.at(2, '14:00')}  Safety check")
        loose = bikes[3]
        failed = ws.check(ref, "safety_check", [loose], passed=False, defect="loose_part")
        passed = ws.check(ref, "safety_check")
        print(f"       {passed.tasks} passed, {failed.tasks} failed "
              f"({catalogue.defect('loose_part').label}): {loose}")
        clock.at(2, "15:00")
        ws.record_work(ref, "check_bearings", m1, [loose], minutes=15)
        clock.at(2, "15:30")
        ws.check(ref, "safety_check", [loose])
        print(f"       day 3, 15:30 {loose} reworked and passed; status "
              f"{ws.status(ref).status}")

        # Day 4, 09:00 — The town's van takes the fleet back.
        print(f"\n{clock.at(3, '09:00')}  Delivery")
        delivery = ws.deliver(ref)
        print(f"       delivery note {delivery.number}: {len(delivery.barcodes)} bicycles")

        status = ws.status(ref)
        items = status.items
        print(f"\n{clock.at(3, '09:05')}  Final status of {status.ref}: {status.status}")
        print(f"       {items.returned} of {items.total} bicycles returned, "
              f"{items.missing} missing, {items.refused} refused")
        if status.status != "closed" or not items.balanced(0):
            raise SystemExit("the order did not end closed")


def main(argv: list[str] | None = None) -> int:
    """Run the story on the database given (path or URL), or on a temporary SQLite file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("database", nargs="?",
                        help="database path or URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atelier-cycles-") as tmp:
        url = args.database or str(Path(tmp) / "cycles.db")
        try:
            story(url)
        except AtelierError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
