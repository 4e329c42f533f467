"""A day in the bookbinding workshop, told through the ``atelier`` library only.

A médiathèque's order of 40 books arrives with the list exported from its
Koha catalogue; the supervisor takes the roll call and scans the books in, two
trainees cover a crate of 30 during the morning (one still learning a step,
under the supervisor's eye), the afternoon's quality check sends one book back
for rework, and the finished crate leaves under a delivery note before the
workshop closes, with the day's hours counted for the funder.

Run it::

    python examples/day_in_the_workshop.py                 # a temporary SQLite file
    python examples/day_in_the_workshop.py shop.db         # a SQLite file of yours
    python examples/day_in_the_workshop.py postgresql://user@host/db

It exits with 0 when the day went as told, 1 if the library refused something.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

from stdnum import luhn

from atelier import AtelierError, Workshop

SUPERVISOR = "Claire (encadrante technique)"
UNKNOWN_BARCODE = "2907509999999"  # a book of another library, slipped into the crate


class Clock:
    """The workshop's clock for this story: the day moves on as we say."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def at(self, hhmm: str) -> str:
        """Move to ``hh:mm`` today; returns it for printing."""
        hours, minutes = (int(part) for part in hhmm.split(":"))
        self.now = self.now.replace(hour=hours, minute=minutes)
        return hhmm


def siret(siren8: str, nic4: str) -> str:
    """A valid SIRET: both Luhn check digits computed."""
    siren = siren8 + luhn.calc_check_digit(siren8)
    return siren + nic4 + luhn.calc_check_digit(siren + nic4)


def isbn13(rng: random.Random) -> str:
    """A valid ISBN-13 of the French-language group."""
    body = "9782" + "".join(str(rng.randrange(10)) for _ in range(8))
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def write_koha_list(path: Path, count: int) -> list[str]:
    """The list the médiathèque exported from Koha (``;``, UTF-8 with BOM); returns barcodes."""
    rng = random.Random(29)
    titles = ["La Maison des embruns", "Un hiver à Ouessant", "Le Goémonier",
              "Les Oiseaux de l'Iroise", "Le Chemin des douaniers", "Nuits de tempête",
              "Contes de la mer d'Iroise", "La Forêt d'Huelgoat"]
    authors = ["Le Gall, Anne", "Kerbrat, Yann", "Morvan, Soazig", "Quéré, Loïc",
               "Abgrall, Nolwenn", "Diallo, Aminata", "Riou, Fañch"]
    barcodes = [f"2901900{n:06d}" for n in range(101, 101 + count)]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        out.writerow(["Code-barres", "Titre", "Auteur", "ISBN", "Cote", "Type de document"])
        for code in barcodes:
            author = rng.choice(authors)
            out.writerow([code, rng.choice(titles), author, isbn13(rng),
                          f"R {author[:3].upper()}", "Roman"])
    return barcodes


def day(url: str, workdir: Path) -> None:
    """The day itself."""
    clock = Clock(dt.datetime.combine(dt.date.today(), dt.time(8, 30)))

    # 08:30 — The supervisor opens the workshop's database. ``init`` creates or
    # upgrades the schema and installs the bookbinding catalogue; it is safe to
    # run every morning.
    print(f"{clock.at('08:30')}  Opening the workshop database")
    ws = Workshop.open(url, actor=SUPERVISOR, clock=clock)
    with ws:
        ws.init()
        catalogue = ws.catalogue()
        print(f"       catalogue: {catalogue.name} (version {catalogue.version}), "
              f"{len(catalogue.services)} services")

        # Two posts of the workshop and the trainees who hold them, known by
        # their codes only, each on a 24-hour prison work contract. The
        # coverer is autonomous; the finisher is still learning to apply film
        # (level 1 where the step asks for 2), so that step needs a supervisor.
        held = {post.code: post.trainee for post in ws.posts()}
        crew: list[str] = []
        start = clock.now.date() - dt.timedelta(days=60)
        for code, label in (("P1", "Couvrage 1"), ("P2", "Couvrage 2")):
            if code not in held:
                ws.add_post(code, label)
            trainee = held.get(code)
            if trainee is None:
                trainee = ws.add_trainee(contract="cep", weekly_hours=24, start=start, post=code)
            crew.append(trainee)
        coverer, finisher = crew
        if not ws.assessments(coverer):
            for trainee, levels in ((coverer, {"cleaning": 3, "film_cut": 3}),
                                    (finisher, {"film_apply": 1, "film_turn_in": 3})):
                for skill, level in levels.items():
                    ws.assess(trainee, skill, level, evidence="observed at the bench",
                              on=start + dt.timedelta(days=30))
        print(f"       on duty: {coverer} (post P1), {finisher} (post P2)")

        # 08:35 — The roll call: both are present for the morning and the
        # afternoon sessions (3 hours each), the hours the funder will ask for.
        for trainee in crew:
            for session in ("am", "pm"):
                ws.record_attendance(trainee, clock.now.date(), session, minutes=180)
        print(f"{clock.at('08:35')}  Roll call: {', '.join(crew)} present, 2 × 3 h")

        # 08:40 — The médiathèque signed last week's quote for covering 40
        # books; its list comes as a Koha export.
        print(f"\n{clock.at('08:40')}  A médiathèque's order arrives")
        client = ws.add_collectivity(
            "Médiathèque de la Rade (Brest Saint-Marc)", kind="mediatheque",
            siret=siret("21290019", "0012"), chorus_service_code="MEDIATHEQUE-RADE",
            engagement_ref="2100458712")
        ref = ws.create_order(client, ["couvrage:standard=40"],
                              due_date=clock.now.date() + dt.timedelta(days=21),
                              purchase_order="BC-RADE-0117")
        ws.accept(ref)
        status = ws.status(ref)
        print(f"       order {ref} for {status.collectivity}: "
              f"{status.total_cents / 100:.2f} EUR excl. VAT, due {status.due_date}, "
              f"status {status.status}")
        koha = workdir / "koha-export-rade.csv"
        barcodes = write_koha_list(koha, 40)
        imported = ws.import_items(ref, koha)
        print(f"       imported {koha.name}: {imported.items} books, {imported.tasks} tasks")

        # 09:00 — Reception: every book is scanned as it comes out of the crates.
        # A barcode the order does not know is reported, not fatal.
        print(f"\n{clock.at('09:00')}  Reception by barcode")
        received = ws.receive(ref, [*barcodes[:20], UNKNOWN_BARCODE, *barcodes[20:]])
        print(f"       received {len(received.received)} books")
        for code in received.unknown:
            print(f"       unknown barcode {code}: not in this order, put aside for the "
                  "médiathèque")

        # 09:15–11:30 — The morning's work on the first crate of 30 books. The
        # routing of a covering is clean, cut film, apply film, turn in, check.
        crate = barcodes[:30]
        print(f"\n{clock.at('09:15')}  The morning's work on a crate of {len(crate)} books")
        steps = (("09:15", "clean", coverer, None), ("09:50", "cut_film", coverer, None),
                 ("10:20", "apply_film", finisher, SUPERVISOR),
                 ("11:00", "turn_in", finisher, None))
        for hhmm, operation, trainee, supervisor in steps:
            clock.at(hhmm)
            done = ws.record_work(ref, operation, trainee, crate, supervisor=supervisor)
            under = f", supervised by {supervisor}" if supervisor else ""
            print(f"       {hhmm} {trainee} {operation}: {done.tasks} tasks, "
                  f"{done.minutes} min{under}")

        # 13:45 — Quality check: one book's film lifts at a corner; the check
        # fails with a defect code of the catalogue and the turn-in is redone.
        print(f"\n{clock.at('13:45')}  Quality check")
        faulty = crate[12]
        failed = ws.check(ref, "check", [faulty], passed=False, defect="edge_lifting")
        passed = ws.check(ref, "check", [c for c in crate if c != faulty])
        print(f"       {passed.tasks} passed, {failed.tasks} failed "
              f"({catalogue.defect('edge_lifting').label}): {faulty} back to {finisher}")
        clock.at("14:15")
        ws.record_work(ref, "turn_in", finisher, [faulty], minutes=4)
        clock.at("14:30")
        again = ws.check(ref, "check", [faulty])
        print(f"       14:30 rework checked: {again.result}, "
              f"{passed.items_ready + again.items_ready} books ready")

        # 15:30 — The finished crate goes back to the médiathèque: a partial
        # delivery under a numbered note, with the list of returned barcodes.
        print(f"\n{clock.at('15:30')}  Partial delivery")
        delivery = ws.deliver(ref)
        note = ws.delivery(delivery.number)
        print(f"       delivery note {note.number} of {note.delivered_on}: "
              f"{len(note.barcodes)} books returned")
        print("       returned barcodes:")
        for code in note.barcodes:
            print(code)

        # 16:30 — Where the order stands when the workshop closes.
        print(f"\n{clock.at('16:30')}  End of the day")
        status = ws.status(ref)
        items = status.items
        print(f"       order {status.ref}: status {status.status}")
        print(f"       books: {items.total} listed, {items.received_ever} received, "
              f"{items.returned} returned, {items.in_custody} still in the workshop")
        for line in status.services:
            print(f"       {line.service}:{line.format} — {line.items_done}/{line.items} books "
                  f"done ({line.percent}% of tasks), {line.remaining_minutes:.0f} min left")
        # The people side of the day: the hours worked this month (attendance,
        # of which the minutes recorded on the order's tasks), and what the
        # production says of the finisher's film work.
        for hours in ws.month_hours(clock.now.strftime("%Y-%m")):
            if hours.trainee in crew:
                print(f"       {hours.trainee}: {hours.total_minutes / 60:.1f} h worked this "
                      f"month, {hours.unallocated_minutes} min not allocated to an activity")
        for ev in ws.evidence(finisher):
            print(f"       {finisher} {ev.skill}: {ev.items} items, level {ev.level}"
                  + (f", level {ev.suggested} suggested" if ev.suggested else ""))
        balanced = items.balanced(0)
        print(f"       custody balance (received = held + returned + missing + refused): "
              f"{'ok' if balanced else 'BROKEN'}")
        if not balanced or status.status != "partially_delivered":
            raise SystemExit("the day did not end as told")


def main(argv: list[str] | None = None) -> int:
    """Run the day on the database given (path or URL), or on a temporary SQLite file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("database", nargs="?",
                        help="database path or URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atelier-day-") as tmp:
        url = args.database or str(Path(tmp) / "atelier.db")
        try:
            day(url, Path(tmp))
        except AtelierError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
