"""A realistic demo workshop: two months of a bookbinding ACI's production.

:func:`build_demo` fills an initialised, empty workshop (bookbinding catalogue)
with what a visitor, a new supervisor or a screenshot needs to see: six
collectivities of Finistère, eight posts held by eight trainees (known by
their codes only), and a dozen orders in every status an order can show,
from the quote just sent to the order closed weeks ago. Books arrive with
item lists as library systems export them (Koha in UTF-8, PMB in
Windows-1252), or as numbered placeholders; work is recorded crate by crate,
some of it under a supervisor's eye; quality checks fail now and then and the
work is redone; a book is refused, another never arrives; deliveries are
partial or whole.

Everything goes through the public :class:`~atelier.app.Workshop` methods,
with the workshop's clock moved along so that dates, receptions, audit
records and delivery notes are spread over the working days of the two
months before ``today``, in chronological order::

    from atelier import Workshop
    from atelier.demo import build_demo

    ws = Workshop.open("sqlite:///demo.db")
    ws.init()
    summary = build_demo(ws)
    print(summary.orders["in_progress"])

The demo is deterministic: the same ``today`` gives the same data.
"""

from __future__ import annotations

import csv
import datetime as dt
import heapq
import random
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from stdnum import luhn

from atelier.app import Workshop
from atelier.demo_people import NEWCOMER, People, months_to_validate
from atelier.domain.collectivity import Contact
from atelier.domain.errors import RuleViolation
from atelier.domain.order import STATUSES

__all__ = ["DEMO_SEED", "DemoSummary", "build_demo"]

#: Seed of the demo's random choices (titles, authors, ISBNs): the year the workshop opened.
DEMO_SEED = 2021

#: How far back the demo's history starts, in working days before ``today`` (about 2 months).
HISTORY_WORKING_DAYS = 44

#: The staff of the demo, as they appear in audit records, supervisions and checks.
SUPERVISOR = "Claire (encadrante technique)"
DIRECTION = "Gwenola (direction)"
COUNSELLOR = "Nolwenn (conseillère en insertion)"

#: French public holidays on a fixed date (month, day): the workshop is closed.
_FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11),
                             (12, 25)})

#: A story is a generator yielding the moment of its next step; the step runs when resumed.
_Story = Iterator[dt.datetime]


@attrs.frozen
class DemoSummary:
    """What :func:`build_demo` created, read back from the workshop at the end.

    ``orders`` maps every status of :data:`atelier.domain.order.STATUSES` to the
    references of the orders in that status (oldest first).
    """

    #: Status -> order references, for every status (all present, none empty).
    orders: Mapping[str, tuple[str, ...]] = attrs.field(hash=False)
    #: Names of the collectivities, by name.
    collectivities: tuple[str, ...]
    #: Post codes (``P1``…``P8``).
    posts: tuple[str, ...]
    #: Codes of the trainees holding the posts (``T-0001``…).
    trainees: tuple[str, ...]
    #: Items of all orders (listed, placeholders, whatever their custody).
    items: int
    #: Delivery note numbers, in the order they were issued.
    deliveries: tuple[str, ...]

    def count(self, status: str) -> int:
        """How many orders are in ``status``."""
        return len(self.orders.get(status, ()))

    @property
    def order_count(self) -> int:
        """How many orders the demo holds, all statuses together."""
        return sum(len(refs) for refs in self.orders.values())


def build_demo(ws: Workshop, today: dt.date | None = None) -> DemoSummary:
    """Fill the initialised, empty workshop ``ws`` with about two months of realistic history.

    ``today`` (default: the date of ``ws.clock()``) is the day the demo ends:
    every act is dated on a working day before it, and every open order is due
    after it. The workshop must hold the bookbinding catalogue (the default of
    :meth:`Workshop.init`) and nothing else yet (no collectivity, order or
    post); otherwise :class:`~atelier.domain.errors.RuleViolation` is raised and
    nothing is written.

    ``ws`` itself is not changed: the demo works on copies of it with their own
    clock and, for the direction's acts, their own actor.
    """
    day = today if today is not None else ws.clock().date()
    catalogue = ws.catalogue()
    if catalogue.code != "reliure":
        raise RuleViolation(
            f"the demo needs the bookbinding catalogue (active: {catalogue.code})",
            code="demo_needs_bookbinding", catalogue=catalogue.code)
    if ws.collectivities() or ws.orders() or ws.posts():
        raise RuleViolation("the demo fills an empty workshop only: this one holds data",
                            code="workshop_not_empty")
    with tempfile.TemporaryDirectory(prefix="atelier-demo-") as tmp:
        demo = _Demo(ws, day, Path(tmp))
        demo.run()
    return demo.summary()


# -- the calendar and the clock ---------------------------------------------------------------


class _Clock:
    """The demo's clock: the scheduler sets :attr:`now` before each step."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


class _Calendar:
    """Working days (Monday to Friday, fixed public holidays excepted) before ``today``."""

    def __init__(self, today: dt.date, count: int) -> None:
        self.today = today
        days: list[dt.date] = []
        current = today
        while len(days) < count:
            current -= dt.timedelta(days=1)
            if current.weekday() < 5 and (current.month, current.day) not in _FIXED_HOLIDAYS:
                days.append(current)
        self._days = days

    def day(self, k: int) -> dt.date:
        """The ``k``-th working day before today (1 = the last one)."""
        return self._days[k - 1]

    def at(self, k: int, hhmm: str) -> dt.datetime:
        """``hh:mm`` on the ``k``-th working day before today."""
        hours, minutes = (int(part) for part in hhmm.split(":"))
        return dt.datetime.combine(self.day(k), dt.time(hours, minutes))

    def after_today(self, days: int) -> dt.date:
        """A due date ``days`` calendar days after today."""
        return self.today + dt.timedelta(days=days)


# -- the books --------------------------------------------------------------------------------

_TITLES = (
    "La Maison des embruns", "Un hiver à Ouessant", "Les Oiseaux de l'Iroise",
    "Le Phare du bout du monde", "Marée basse à Landévennec", "La Route des enclos",
    "Le Secret de l'aber", "Les Gardiens de la lande", "Nuits de tempête",
    "Le Goémonier", "L'Île aux mille phares", "Histoire de la rade de Brest",
    "Les Filles du port", "Le Dernier Sonneur", "Sous les ardoises",
    "Petite histoire des chapelles", "La Baleine de Molène", "Trois jours à Camaret",
    "Le Chemin des douaniers", "Cuisine des côtes bretonnes", "Le Cheval de Kerlouan",
    "Les Sardinières", "Une saison au Conquet", "Le Loup des monts d'Arrée",
    "L'Écume des jours ordinaires", "Le Bateau de papier", "Contes de la mer d'Iroise",
    "La Forêt d'Huelgoat", "Le Voyage de Maëlle", "Mon premier atlas des océans",
    "Les Étoiles de Plouguerneau", "Dix nouvelles du Léon", "Le Grand Livre des marées",
    "Bienvenue à Kerbrat", "La Fête des brodeuses", "Les Enquêtes du commissaire Le Du",
    "Le Petit Peuple des dunes", "Jardins de bord de mer", "La Cité engloutie",
    "Atlas des mammifères marins", "Le Retour du pêcheur", "Des crêpes pour Noz",
)
_AUTHORS = (
    "Le Gall, Anne", "Kerbrat, Yann", "Morvan, Soazig", "Nguyen, Thi", "Benali, Karim",
    "Guéguen, René", "Tanguy, Maëlle", "Quéré, Loïc", "Abgrall, Nolwenn", "Diallo, Aminata",
    "Le Roux, Erwan", "Caradec, Jeanne", "Moreau, Lucie", "Riou, Fañch", "Salaün, Gaëlle",
    "Bernard, Hugo", "Cloarec, Mona", "Lemoine, Inès", "Jaouen, Pierre", "Kervella, Rozenn",
)
_DOC_TYPES: Mapping[str, tuple[str, ...]] = {
    "poche": ("Roman", "Roman policier", "Roman"),
    "standard": ("Roman", "Documentaire", "Bande dessinée", "Roman ado"),
    "grand": ("Album jeunesse", "Bande dessinée", "Beau livre"),
}
_CALL_PREFIX: Mapping[str, str] = {
    "Roman": "R", "Roman policier": "RP", "Roman ado": "JR", "Bande dessinée": "BD",
    "Album jeunesse": "A", "Beau livre": "779",
}
_DEWEY = ("914.41", "944.1", "551.46", "598.1", "641.59", "387.2", "599.5", "398.2")


@attrs.frozen
class _Book:
    """One row of an item list."""

    barcode: str
    title: str
    author: str
    isbn: str
    call_number: str
    doc_type: str
    format: str


def _isbn13(rng: random.Random) -> str:
    """A valid ISBN-13 of the French-language group (978-2-…)."""
    body = "9782" + "".join(str(rng.randrange(10)) for _ in range(8))
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _write_koha(path: Path, books: Sequence[_Book]) -> Path:
    """A Koha report export: ``;``-separated UTF-8 with BOM, Windows line ends."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        out.writerow(["Code-barres", "Titre", "Auteur", "ISBN", "Cote", "Type de document",
                      "Format"])
        for b in books:
            out.writerow([b.barcode, b.title, b.author, b.isbn, b.call_number, b.doc_type,
                          b.format])
    return path


def _write_pmb(path: Path, books: Sequence[_Book]) -> Path:
    """A PMB export: ``;``-separated Windows-1252, PMB's own column names, no format."""
    with path.open("w", encoding="cp1252", newline="") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        out.writerow(["cb", "tit1", "aut", "code", "cote", "typdoc"])
        for b in books:
            out.writerow([b.barcode, b.title, b.author, b.isbn, b.call_number, b.doc_type])
    return path


# -- the demo ---------------------------------------------------------------------------------


class _Demo:
    """The demo's state: the workshop copies, the calendar, and what was created."""

    def __init__(self, ws: Workshop, today: dt.date, tmp: Path) -> None:
        self.cal = _Calendar(today, HISTORY_WORKING_DAYS + 1)
        self.clock = _Clock(self.cal.at(HISTORY_WORKING_DAYS, "08:00"))
        self.staff = attrs.evolve(ws, clock=self.clock)
        self.direction = self.staff.acting_as(DIRECTION, role="admin")
        self.people = People(self.staff, self.staff.acting_as(COUNSELLOR, role="counsellor"),
                             self.direction, self.cal.day(HISTORY_WORKING_DAYS), today,
                             DEMO_SEED)
        self.tmp = tmp
        self.rng = random.Random(DEMO_SEED)
        self.clients: dict[str, int] = {}
        self.expected: dict[str, str] = {}
        self._barcodes: dict[str, int] = {}

    # -- running -----------------------------------------------------------------------------

    def run(self) -> None:
        """Run every story, interleaved in chronological order of their steps."""
        stories: list[Callable[[], _Story]] = [
            self.setup, self.closed_covering, self.closed_registers, self.cancelled_archive,
            self.delivered_network, self.cancelled_periodicals, self.partially_delivered,
            self.ready_school, self.in_progress_archives, self.in_progress_new_books,
            self.accepted_network, self.quote_town_hall, self.quote_school,
            self.pathways, self.hours_of_the_month, self.progress,
        ]
        queue: list[tuple[dt.datetime, int, _Story]] = []
        for n, make in enumerate(stories):
            story = make()
            first = next(story, None)
            if first is not None:
                heapq.heappush(queue, (first, n, story))
        while queue:
            when, n, story = heapq.heappop(queue)
            self.clock.now = when
            following = next(story, None)
            if following is not None:
                if following < when:
                    raise AssertionError(f"demo story {n} goes back in time at {following}")
                heapq.heappush(queue, (following, n, story))
        self._verify()

    def _verify(self) -> None:
        """Every order ended in the status its story meant (else the library changed)."""
        actual = {o.ref: o.status for o in self.staff.orders()}
        wrong = {ref: (status, actual.get(ref)) for ref, status in self.expected.items()
                 if actual.get(ref) != status}
        if wrong:
            raise RuntimeError(f"demo orders not in the intended status (wanted, got): {wrong}")

    def summary(self) -> DemoSummary:
        """The summary, read back from the workshop."""
        orders = list(reversed(self.staff.orders()))
        by_status = {s: tuple(o.ref for o in orders if o.status == s) for s in STATUSES}
        posts = self.staff.posts()
        deliveries = [d.number for o in orders for d in self.staff.status(o.ref).deliveries]
        deliveries.sort(key=lambda number: (number[3:7], number))
        return DemoSummary(
            orders=by_status,
            collectivities=tuple(c.name for c in self.staff.collectivities()),
            posts=tuple(post.code for post in posts),
            trainees=tuple(post.trainee for post in posts if post.trainee),
            items=sum(o.items for o in orders),
            deliveries=tuple(deliveries),
        )

    # -- helpers -----------------------------------------------------------------------------

    def expect(self, ref: str, status: str) -> str:
        """Note the status the story means ``ref`` to end in; returns ``ref``."""
        self.expected[ref] = status
        return ref

    def books(self, prefix: str, formats: Mapping[str, int]) -> list[_Book]:
        """Random books with the collectivity's barcodes (``prefix`` + sequence)."""
        fmts = [f for f, n in formats.items() for _ in range(n)]
        self.rng.shuffle(fmts)
        out: list[_Book] = []
        for fmt in fmts:
            seq = self._barcodes.get(prefix, 0) + 1
            self._barcodes[prefix] = seq
            author = self.rng.choice(_AUTHORS)
            doc_type = self.rng.choice(_DOC_TYPES[fmt])
            surname = author.split(",")[0].replace(" ", "").upper()[:3]
            call = (f"{self.rng.choice(_DEWEY)} {surname}" if doc_type == "Documentaire"
                    else f"{_CALL_PREFIX[doc_type]} {surname}")
            isbn = "" if self.rng.random() < 0.08 else _isbn13(self.rng)
            out.append(_Book(barcode=f"{prefix}{seq:06d}", title=self.rng.choice(_TITLES),
                             author=author, isbn=isbn, call_number=call, doc_type=doc_type,
                             format=fmt))
        return out

    def file(self, name: str) -> Path:
        """A path in the demo's temporary directory."""
        return self.tmp / name

    @staticmethod
    def crates(barcodes: Sequence[str], size: int = 30) -> list[list[str]]:
        """Barcodes in crates of ``size`` books, as they go from post to post."""
        return [list(barcodes[i:i + size]) for i in range(0, len(barcodes), size)]

    @staticmethod
    def placeholders(ref: str, count: int) -> list[str]:
        """The barcodes :meth:`Workshop.add_placeholders` gives an order's first items."""
        return [f"{ref}-{n:05d}" for n in range(1, count + 1)]

    def record_work(self, ref: str, operation: str, trainee: str,
                    barcodes: Sequence[str] | None = None, **options: Any) -> None:
        """Record work, and note its minutes for the evening's roll call."""
        done = self.staff.record_work(ref, operation, trainee, barcodes, **options)
        self.people.tally(trainee, self.clock.now.date(), done.minutes)

    # -- the stories -------------------------------------------------------------------------

    def pathways(self) -> _Story:
        """Every working day's roll call, typed at 17:30; one afternoon of lockdown."""
        locked_down = False
        for k in range(HISTORY_WORKING_DAYS, 0, -1):
            yield self.cal.at(k, "17:30")
            day = self.cal.day(k)
            quiet = not any(d == day for _t, d in self.people.worked)
            if not locked_down and quiet and k < 30 and day.weekday() == 2:
                self.people.lockdown(day)
                locked_down = True
                self.people.roll_call(day, morning_only=True)
            else:
                self.people.roll_call(day)

    def hours_of_the_month(self) -> _Story:
        """Each whole month is validated by the counsellor on the next working day; a
        forgotten training session is then added as a dated correction."""
        days = [self.cal.day(k) for k in range(1, HISTORY_WORKING_DAYS + 1)]
        for month, after in months_to_validate(days, self.cal.today):
            yield dt.datetime.combine(after, dt.time(9, 0))
            self.people.validate(month)
            yield dt.datetime.combine(after, dt.time(11, 0))
            self.people.correct(month)
        yield self.cal.at(1, "18:00")
        self.people.finish()

    def progress(self) -> _Story:
        """Assessments as the work goes: supervised practice becomes autonomy."""
        people, cal = self.people, self.cal
        yield cal.at(30, "16:00")
        people.assess("T-0003", "film_apply", 2, cal.day(30),
                      "Pose sous supervision sur deux caisses, contrôles réussis")
        yield cal.at(19, "16:00")
        people.assess(NEWCOMER, "punctuality", 2, cal.day(19), "Présent et à l'heure")
        yield cal.at(10, "08:30")
        people.assess(NEWCOMER, "cleaning", 1, cal.day(10),
                      "Nettoyage de couvertures avec l'encadrante")
        yield cal.at(6, "16:00")
        people.assess("T-0007", "casing", 4, cal.day(6),
                      "Emboîtage des registres sans reprise, montre le geste aux autres")
        yield cal.at(3, "16:00")
        people.assess("T-0006", "spine_titling", 2, cal.day(3), "Titrage des dos réguliers")

    def setup(self) -> _Story:
        """The workshop's clients and posts; the eighth trainee arrives later."""
        yield self.cal.at(HISTORY_WORKING_DAYS, "08:00")
        ws = self.staff
        labels = ("Couvrage 1", "Couvrage 2", "Couvrage 3", "Équipement", "Réparation 1",
                  "Réparation 2", "Reliure", "Préparation et nettoyage")
        for n, label in enumerate(labels, start=1):
            ws.add_post(f"P{n}", label)
        self.people.enrol()
        clients = (
            ("rade", "Médiathèque de la Rade (Brest Saint-Marc)", "mediatheque", "21290019",
             "0012", "MEDIATHEQUE-RADE", "2100458712",
             Contact("Service des collections", "Acquisitions et équipement",
                     "collections@mediatheque-rade.example")),
            ("levriou", "Médiathèque Ti al Levrioù (Guipavas)", "mediatheque", "21290075",
             "0027", "CULTURE-MEDIATHEQUE", None,
             Contact("Secteur jeunesse", "Responsable du secteur jeunesse",
                     "jeunesse@tialevriou.example")),
            ("abers", "Réseau des bibliothèques du Pays des Abers", "library_network",
             "20006729", "0018", "RESEAU-LECTURE", "EJ-2026-0031",
             Contact("Coordination du réseau", "Coordinatrice",
                     "reseau.lecture@paysdesabers.example")),
            ("college", "Collège des Trois Rivières (CDI), Châteaulin", "school", "19290412",
             "0015", None, None,
             Contact("CDI", "Professeure documentaliste", "cdi.troisrivieres@ac.example")),
            ("archives", "Archives départementales du Finistère", "archive", "22290001",
             "0210", "AD29-CONSERVATION", "2100461290",
             Contact("Service de la conservation", "Chargé de conservation préventive",
                     "conservation@archives29.example")),
            ("mairie", "Mairie de Loc-Maria-Plouzané", "town_hall", "21290130", "0014",
             "MAIRIE-SECRETARIAT", None,
             Contact("Secrétariat général", "Secrétaire générale",
                     "secretariat@mairie-locmaria.example")),
        )
        for key, name, kind, siren8, nic, chorus, engagement, contact in clients:
            self.clients[key] = ws.add_collectivity(
                name, kind=kind, siret=_siret(siren8, nic), chorus_service_code=chorus,
                engagement_ref=engagement, contacts=[contact])
        yield self.cal.at(21, "17:45")
        self.people.leave(self.cal.day(21))
        yield self.cal.at(20, "08:15")
        self.people.arrive(self.cal.day(20))

    def closed_covering(self) -> _Story:
        """48 books covered, one refused, a check failed and redone, two deliveries: closed."""
        ws, cal = self.staff, self.cal
        yield cal.at(42, "09:10")
        ref = self.expect(self.direction.create_order(
            self.clients["rade"], ["couvrage:poche=14", "couvrage:standard=22",
                                   "couvrage:grand=12"],
            due_date=cal.day(42) + dt.timedelta(days=35),
            purchase_order=f"BC-{cal.day(42).year}-0117"), "closed")
        books = self.books("2901900", {"poche": 14, "standard": 22, "grand": 12})
        barcodes = [b.barcode for b in books]
        yield cal.at(40, "10:30")
        self.direction.accept(ref)
        yield cal.at(39, "14:00")
        ws.import_items(ref, _write_koha(self.file("rade-couvrage-koha.csv"), books))
        yield cal.at(37, "08:45")
        ws.receive(ref, barcodes)
        yield cal.at(37, "09:20")
        ws.refuse(ref, barcodes[:1], "Dos cassé et cahiers détachés : à relier avant tout "
                                     "couvrage, rendu en l'état")
        first, second = self.crates(barcodes[1:])
        yield cal.at(37, "09:30")
        self.record_work(ref, "clean", "T-0001", first)
        yield cal.at(37, "10:45")
        self.record_work(ref, "cut_film", "T-0002", first)
        yield cal.at(37, "14:00")
        self.record_work(ref, "clean", "T-0001", second)
        yield cal.at(37, "15:00")
        self.record_work(ref, "cut_film", "T-0002", second)
        yield cal.at(36, "09:00")
        self.record_work(ref, "apply_film", "T-0001", first)
        yield cal.at(36, "09:10")
        self.record_work(ref, "apply_film", "T-0003", second, minutes=70, supervisor=SUPERVISOR)
        yield cal.at(36, "14:00")
        self.record_work(ref, "turn_in", "T-0002", first + second)
        yield cal.at(35, "09:00")
        ws.check(ref, "check", second[:3], passed=False, defect="edge_lifting",
                 checker=SUPERVISOR)
        ws.check(ref, "check", checker=SUPERVISOR)
        yield cal.at(35, "10:00")
        self.record_work(ref, "turn_in", "T-0002", second[:3], minutes=6)
        yield cal.at(35, "11:00")
        ws.check(ref, "check", second[:3], checker=SUPERVISOR)
        yield cal.at(34, "15:00")
        ws.deliver(ref, first)
        yield cal.at(32, "15:00")
        ws.deliver(ref)

    def closed_registers(self) -> _Story:
        """Six registers of council deliberations rebound (reserved contract): closed."""
        ws, cal = self.staff, self.cal
        yield cal.at(41, "11:00")
        ref = self.expect(self.direction.create_order(
            self.clients["mairie"], ["reliure:grand=6"],
            due_date=cal.day(41) + dt.timedelta(days=42),
            purchase_order=f"BC-{cal.day(41).year}-MAIRIE-009", reserved_contract=True,
            accepted=True), "closed")
        yield cal.at(41, "11:05")
        ws.add_placeholders(ref)
        registers = self.placeholders(ref, 6)
        yield cal.at(38, "09:00")
        ws.receive(ref, registers)
        steps = ((38, "09:30", "dismantle", "T-0007"), (37, "09:00", "sew", "T-0007"),
                 (35, "14:00", "glue_spine", "T-0005"), (34, "09:00", "trim", "T-0007"),
                 (33, "09:00", "case_in", "T-0007"))
        for k, hhmm, operation, trainee in steps:
            yield cal.at(k, hhmm)
            self.record_work(ref, operation, trainee)
        yield cal.at(31, "10:00")
        ws.check(ref, "check", checker=SUPERVISOR)
        yield cal.at(29, "15:30")
        ws.deliver(ref)

    def cancelled_archive(self) -> _Story:
        """An accepted order with placeholders, cancelled before the documents came."""
        ws, cal = self.staff, self.cal
        yield cal.at(33, "11:00")
        ref = self.expect(self.direction.create_order(
            self.clients["archives"], ["nettoyage:grand=10"],
            due_date=cal.day(33) + dt.timedelta(days=30), accepted=True), "cancelled")
        ws.add_placeholders(ref)
        yield cal.at(30, "16:00")
        self.direction.cancel(ref, "Fonds finalement confié à un atelier de restauration agréé")

    def delivered_network(self) -> _Story:
        """36 books listed (PMB), 33 arrive, all delivered; 3 still on loan: delivered."""
        ws, cal = self.staff, self.cal
        yield cal.at(31, "10:00")
        ref = self.expect(self.direction.create_order(
            self.clients["abers"], ["couvrage:standard=36", "cote:standard=36"],
            due_date=cal.day(31) + dt.timedelta(days=28),
            purchase_order=f"RBA-{cal.day(31).year}-014"), "delivered")
        books = self.books("2900672", {"standard": 36})
        yield cal.at(30, "09:15")
        self.direction.accept(ref)
        yield cal.at(30, "14:00")
        ws.import_items(ref, _write_pmb(self.file("abers-export-pmb.csv"), books))
        arrived = [b.barcode for b in books[:33]]  # the last three are still on loan
        yield cal.at(28, "08:50")
        ws.receive(ref, arrived)
        # Labels first: the call-number check then never meets the covering check.
        for k, hhmm, operation in ((28, "09:30", "match_label"), (28, "11:00", "apply_label"),
                                   (27, "09:00", "protect_label")):
            yield cal.at(k, hhmm)
            self.record_work(ref, operation, "T-0004", arrived)
        yield cal.at(27, "11:00")
        ws.check(ref, "check", arrived[5:7], passed=False, defect="misaligned_label",
                 checker=SUPERVISOR)
        ws.check(ref, "check", checker=SUPERVISOR)
        yield cal.at(27, "14:00")
        self.record_work(ref, "protect_label", "T-0004", arrived[5:7], minutes=4)
        ws.check(ref, "check", arrived[5:7], checker=SUPERVISOR)
        for k, hhmm, operation, trainee in ((26, "09:00", "clean", "T-0003"),
                                            (26, "10:15", "cut_film", "T-0002"),
                                            (25, "09:00", "apply_film", "T-0001"),
                                            (25, "14:00", "turn_in", "T-0002")):
            yield cal.at(k, hhmm)
            self.record_work(ref, operation, trainee, arrived)
        yield cal.at(24, "10:00")
        ws.check(ref, "check", checker=SUPERVISOR)
        yield cal.at(20, "15:00")
        ws.deliver(ref)

    def cancelled_periodicals(self) -> _Story:
        """A quote for periodical binding, cancelled when the budget was not renewed."""
        cal = self.cal
        yield cal.at(26, "10:00")
        ref = self.expect(self.direction.create_order(
            self.clients["levriou"], ["reliure_periodiques:standard=12"],
            due_date=cal.day(26) + dt.timedelta(days=45)), "cancelled")
        yield cal.at(21, "11:30")
        self.direction.cancel(ref, "Budget non reconduit : les périodiques seront désherbés")

    def partially_delivered(self) -> _Story:
        """72 books listed, one never came, 30 delivered, the rest still in the workshop."""
        ws, cal = self.staff, self.cal
        yield cal.at(24, "09:30")
        ref = self.expect(self.direction.create_order(
            self.clients["levriou"], ["couvrage:standard=50", "couvrage:grand=22"],
            due_date=cal.after_today(15), purchase_order=f"MTL-{cal.day(24).year}-0042",
            accepted=True), "partially_delivered")
        books = self.books("2900750", {"standard": 50, "grand": 22})
        barcodes = [b.barcode for b in books]
        yield cal.at(24, "10:00")
        ws.import_items(ref, _write_koha(self.file("tialevriou-koha.csv"), books))
        yield cal.at(22, "08:45")
        ws.receive(ref, barcodes[:-1])
        yield cal.at(22, "09:15")
        ws.mark_missing(ref, barcodes[-1:], "Absent du bac à la réception : non reçu, "
                                            "signalé à la médiathèque")
        first, second, third = self.crates(barcodes[:-1])
        plan = ((22, "10:00", "clean", "T-0001", first), (22, "14:00", "cut_film", "T-0002",
                                                          first),
                (21, "09:00", "apply_film", "T-0001", first),
                (21, "14:00", "turn_in", "T-0002", first),
                (19, "09:00", "clean", "T-0003", second),
                (19, "10:30", "cut_film", "T-0002", second),
                (18, "09:00", "apply_film", "T-0003", second),
                (18, "14:00", "turn_in", "T-0002", second))
        for k, hhmm, operation, trainee, crate in plan:
            yield cal.at(k, hhmm)
            self.record_work(ref, operation, trainee, crate)
        yield cal.at(17, "09:00")
        ws.check(ref, "check", second[10:12], passed=False, defect="film_crease",
                 checker=SUPERVISOR)
        ws.check(ref, "check", checker=SUPERVISOR)
        yield cal.at(17, "10:30")
        self.record_work(ref, "turn_in", "T-0002", second[10:12], minutes=5)
        yield cal.at(17, "11:00")
        ws.check(ref, "check", second[10:12], checker=SUPERVISOR)
        yield cal.at(12, "15:00")
        ws.deliver(ref, first)
        yield cal.at(11, "09:00")
        self.record_work(ref, "clean", NEWCOMER, third, minutes=20, supervisor=SUPERVISOR)
        yield cal.at(10, "09:00")
        self.record_work(ref, "cut_film", "T-0002", third)

    def ready_school(self) -> _Story:
        """24 pocket books (no list) covered and hinge-reinforced, waiting for delivery."""
        ws, cal = self.staff, self.cal
        yield cal.at(18, "11:00")
        ref = self.expect(self.direction.create_order(
            self.clients["college"], ["couvrage:poche=24", "renfort_charniere:poche=24"],
            due_date=cal.after_today(10)), "ready")
        yield cal.at(16, "10:00")
        self.direction.accept(ref)
        ws.add_placeholders(ref)
        books = self.placeholders(ref, 24)
        yield cal.at(14, "08:45")
        ws.receive(ref, books)
        plan = ((14, "09:30", "cut_strip", "T-0005"), (14, "14:00", "apply_strip", "T-0005"),
                (13, "09:00", "press", "T-0006"), (13, "10:00", "clean", "T-0003"),
                (12, "09:00", "cut_film", "T-0003"))
        for k, hhmm, operation, trainee in plan:
            yield cal.at(k, hhmm)
            self.record_work(ref, operation, trainee)
        yield cal.at(12, "11:00")
        ws.check(ref, "check", checker=SUPERVISOR)  # only the hinges are at their checkpoint
        yield cal.at(12, "14:00")
        self.record_work(ref, "apply_film", "T-0001")
        yield cal.at(11, "14:00")
        self.record_work(ref, "turn_in", "T-0002")
        yield cal.at(5, "10:00")
        ws.check(ref, "check", checker=SUPERVISOR)

    def in_progress_archives(self) -> _Story:
        """Archive volumes cleaned and periodicals bound; one spine title to redo."""
        ws, cal = self.staff, self.cal
        yield cal.at(15, "10:00")
        ref = self.expect(self.direction.create_order(
            self.clients["archives"], ["nettoyage:standard=30", "reliure_periodiques:grand=6"],
            due_date=cal.after_today(30), purchase_order=f"AD29-{cal.day(15).year}-0387"),
            "in_progress")
        yield cal.at(13, "09:00")
        self.direction.accept(ref)
        volumes = [f"AD29-{n:06d}" for n in range(1201, 1231)]
        bulletins = [f"AD29-{n:06d}" for n in range(1301, 1307)]
        path = self.file("ad29-liste-traitement.csv")
        with path.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, delimiter=";", lineterminator="\n")
            out.writerow(["Code-barres", "Titre", "Cote", "Format", "Prestations"])
            for n, code in enumerate(volumes):
                out.writerow([code, f"Registre paroissial, volume {n + 1}",
                              f"3 E {140 + n // 10}/{n % 10 + 1}", "standard",
                              "Nettoyage et remise à neuf"])
            for n, code in enumerate(bulletins):
                out.writerow([code, f"Bulletin de la Société d'études du Léon, {1961 + n}",
                              f"PER 88/{1961 + n}", "grand format", "reliure_periodiques"])
        yield cal.at(13, "10:00")
        ws.import_items(ref, path)
        yield cal.at(10, "08:45")
        ws.receive(ref, volumes + bulletins)
        plan = ((10, "09:30", "dust", NEWCOMER, volumes, None, None),
                (10, "14:00", "collate", "T-0007", bulletins, None, None),
                (9, "09:00", "clean_cover", NEWCOMER, volumes, None, None),
                (8, "09:00", "erase_marks", NEWCOMER, volumes, 90, SUPERVISOR),
                (8, "14:00", "sew", "T-0007", bulletins, None, None),
                (7, "09:00", "remove_labels", "T-0005", volumes[:15], None, None),
                (7, "14:00", "trim", "T-0007", bulletins, None, SUPERVISOR),
                (6, "09:00", "case_in", "T-0007", bulletins, None, None),
                (5, "14:00", "title_spine", "T-0006", bulletins, 30, SUPERVISOR))
        for k, hhmm, operation, trainee, codes, minutes, supervisor in plan:
            yield cal.at(k, hhmm)
            self.record_work(ref, operation, trainee, codes, minutes=minutes,
                           supervisor=supervisor)
        yield cal.at(4, "10:00")
        ws.check(ref, "check", bulletins[2:3], passed=False, defect="misaligned_label",
                 checker=SUPERVISOR)
        ws.check(ref, "check", checker=SUPERVISOR)  # the rest at the checkpoint passes

    def in_progress_new_books(self) -> _Story:
        """60 new books to equip (reserved contract), work under way, one tag redone."""
        ws, cal = self.staff, self.cal
        yield cal.at(9, "09:00")
        lines = ["code_barres:standard=60", "antivol_rfid:standard=60",
                 "estampille:standard=60", "cote:standard=60"]
        ref = self.expect(self.direction.create_order(
            self.clients["rade"], lines, due_date=cal.after_today(21),
            purchase_order=f"BC-{cal.day(9).year}-0164", reserved_contract=True,
            accepted=True), "in_progress")
        books = self.books("2901900", {"standard": 60})
        barcodes = [b.barcode for b in books]
        yield cal.at(9, "09:30")
        ws.import_items(ref, _write_koha(self.file("rade-nouveautes-koha.csv"), books))
        yield cal.at(6, "08:45")
        ws.receive(ref, barcodes)
        first, second = self.crates(barcodes)
        plan = ((6, "09:15", "apply_barcode", "T-0004", first),
                (6, "14:00", "stamp_title", "T-0006", first),
                (5, "09:00", "place_tag", "T-0004", first),
                (5, "10:30", "stamp_edge", "T-0006", first),
                (5, "14:00", "apply_barcode", "T-0004", second))
        for k, hhmm, operation, trainee, crate in plan:
            yield cal.at(k, hhmm)
            self.record_work(ref, operation, trainee, crate)
        yield cal.at(4, "09:00")  # only the barcode checks are due: tags are not encoded yet
        ws.check(ref, "check", first[7:8], passed=False, defect="unreadable_tag",
                 checker=SUPERVISOR)
        ws.check(ref, "check", first[:7] + first[8:], checker=SUPERVISOR)
        yield cal.at(3, "09:00")
        self.record_work(ref, "apply_barcode", "T-0004", first[7:8], minutes=2)
        yield cal.at(3, "10:00")
        self.record_work(ref, "encode_tag", "T-0004", first)
        yield cal.at(2, "09:00")
        self.record_work(ref, "stamp_title", NEWCOMER, second, supervisor=SUPERVISOR)

    def accepted_network(self) -> _Story:
        """40 books listed and accepted; the crates have not come yet."""
        ws, cal = self.staff, self.cal
        yield cal.at(4, "11:00")
        ref = self.expect(self.direction.create_order(
            self.clients["abers"], ["couvrage:standard=40"], due_date=cal.after_today(35),
            purchase_order=f"RBA-{cal.day(4).year}-021"), "accepted")
        yield cal.at(3, "16:00")
        self.direction.accept(ref)
        yield cal.at(2, "10:00")
        books = self.books("2900672", {"standard": 40})
        ws.import_items(ref, _write_pmb(self.file("abers-envoi2-pmb.csv"), books))

    def quote_town_hall(self) -> _Story:
        """A quote for the town library's old stock: cleaning and torn pages."""
        cal = self.cal
        yield cal.at(2, "15:00")
        self.expect(self.direction.create_order(
            self.clients["mairie"], ["nettoyage:standard=150", "page_dechiree:standard=20"],
            due_date=cal.after_today(45)), "quote")

    def quote_school(self) -> _Story:
        """A quote for the school's next batch of pocket books."""
        cal = self.cal
        yield cal.at(1, "11:30")
        self.expect(self.direction.create_order(
            self.clients["college"], ["couvrage:poche=80"], due_date=cal.after_today(60),
            purchase_order=None), "quote")


def _siret(siren8: str, nic4: str) -> str:
    """A valid SIRET from the first 8 digits of the SIREN and a 4-digit establishment number."""
    siren = siren8 + luhn.calc_check_digit(siren8)
    body = siren + nic4
    return body + str(luhn.calc_check_digit(body))
