"""The orders still open on ``today``: partially delivered, ready, in progress, accepted, quotes.

Books come listed (Koha, PMB, the archives' own list) or as numbered
placeholders; one never arrives; work goes crate by crate, some of the
newcomer's under the supervisor's eye; checks fail and the work is redone; two
quotes wait for an answer.
"""

from __future__ import annotations

import csv

from atelier.demo.books import _write_koha, _write_pmb
from atelier.demo.pathways import NEWCOMER
from atelier.demo.stage import SUPERVISOR, _Demo, _Story


def partially_delivered(demo: _Demo) -> _Story:
    """72 books listed, one never came, 30 delivered, the rest still in the workshop."""
    ws, cal = demo.staff, demo.cal
    yield cal.at(24, "09:30")
    ref = demo.expect(demo.direction.create_order(
        demo.clients["levriou"], ["couvrage:standard=50", "couvrage:grand=22"],
        due_date=cal.after_today(15), purchase_order=f"MTL-{cal.day(24).year}-0042",
        accepted=True), "partially_delivered")
    books = demo.books("2900750", {"standard": 50, "grand": 22})
    barcodes = [b.barcode for b in books]
    yield cal.at(24, "10:00")
    ws.import_items(ref, _write_koha(demo.file("tialevriou-koha.csv"), books))
    yield cal.at(22, "08:45")
    ws.receive(ref, barcodes[:-1])
    yield cal.at(22, "09:15")
    ws.mark_missing(ref, barcodes[-1:], "Absent du bac à la réception : non reçu, "
                                        "signalé à la médiathèque")
    first, second, third = demo.crates(barcodes[:-1])
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
        demo.record_work(ref, operation, trainee, crate)
    yield cal.at(17, "09:00")
    ws.check(ref, "check", second[10:12], passed=False, defect="film_crease",
             checker=SUPERVISOR)
    ws.check(ref, "check", checker=SUPERVISOR)
    yield cal.at(17, "10:30")
    demo.record_work(ref, "turn_in", "T-0002", second[10:12], minutes=5)
    yield cal.at(17, "11:00")
    ws.check(ref, "check", second[10:12], checker=SUPERVISOR)
    yield cal.at(12, "15:00")
    ws.deliver(ref, first)
    yield cal.at(11, "09:00")
    demo.record_work(ref, "clean", NEWCOMER, third, minutes=20, supervisor=SUPERVISOR)
    yield cal.at(10, "09:00")
    demo.record_work(ref, "cut_film", "T-0002", third)


def ready_school(demo: _Demo) -> _Story:
    """24 pocket books (no list) covered and hinge-reinforced, waiting for delivery."""
    ws, cal = demo.staff, demo.cal
    yield cal.at(18, "11:00")
    ref = demo.expect(demo.direction.create_order(
        demo.clients["college"], ["couvrage:poche=24", "renfort_charniere:poche=24"],
        due_date=cal.after_today(10)), "ready")
    yield cal.at(16, "10:00")
    demo.direction.accept(ref)
    ws.add_placeholders(ref)
    books = demo.placeholders(ref, 24)
    yield cal.at(14, "08:45")
    ws.receive(ref, books)
    plan = ((14, "09:30", "cut_strip", "T-0005"), (14, "14:00", "apply_strip", "T-0005"),
            (13, "09:00", "press", "T-0006"), (13, "10:00", "clean", "T-0003"),
            (12, "09:00", "cut_film", "T-0003"))
    for k, hhmm, operation, trainee in plan:
        yield cal.at(k, hhmm)
        demo.record_work(ref, operation, trainee)
    yield cal.at(12, "11:00")
    ws.check(ref, "check", checker=SUPERVISOR)  # only the hinges are at their checkpoint
    yield cal.at(12, "14:00")
    demo.record_work(ref, "apply_film", "T-0001")
    yield cal.at(11, "14:00")
    demo.record_work(ref, "turn_in", "T-0002")
    yield cal.at(5, "10:00")
    ws.check(ref, "check", checker=SUPERVISOR)


def in_progress_archives(demo: _Demo) -> _Story:
    """Archive volumes cleaned and periodicals bound; one spine title to redo."""
    ws, cal = demo.staff, demo.cal
    yield cal.at(15, "10:00")
    ref = demo.expect(demo.direction.create_order(
        demo.clients["archives"], ["nettoyage:standard=30", "reliure_periodiques:grand=6"],
        due_date=cal.after_today(30), purchase_order=f"AD29-{cal.day(15).year}-0387"),
        "in_progress")
    yield cal.at(13, "09:00")
    demo.direction.accept(ref)
    volumes = [f"AD29-{n:06d}" for n in range(1201, 1231)]
    bulletins = [f"AD29-{n:06d}" for n in range(1301, 1307)]
    path = demo.file("ad29-liste-traitement.csv")
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
        demo.record_work(ref, operation, trainee, codes, minutes=minutes,
                       supervisor=supervisor)
    yield cal.at(4, "10:00")
    ws.check(ref, "check", bulletins[2:3], passed=False, defect="misaligned_label",
             checker=SUPERVISOR)
    ws.check(ref, "check", checker=SUPERVISOR)  # the rest at the checkpoint passes


def in_progress_new_books(demo: _Demo) -> _Story:
    """60 new books to equip (reserved contract), work under way, one tag redone."""
    ws, cal = demo.staff, demo.cal
    yield cal.at(9, "09:00")
    lines = ["code_barres:standard=60", "antivol_rfid:standard=60",
             "estampille:standard=60", "cote:standard=60"]
    ref = demo.expect(demo.direction.create_order(
        demo.clients["rade"], lines, due_date=cal.after_today(21),
        purchase_order=f"BC-{cal.day(9).year}-0164", reserved_contract=True,
        accepted=True), "in_progress")
    books = demo.books("2901900", {"standard": 60})
    barcodes = [b.barcode for b in books]
    yield cal.at(9, "09:30")
    ws.import_items(ref, _write_koha(demo.file("rade-nouveautes-koha.csv"), books))
    yield cal.at(6, "08:45")
    ws.receive(ref, barcodes)
    first, second = demo.crates(barcodes)
    plan = ((6, "09:15", "apply_barcode", "T-0004", first),
            (6, "14:00", "stamp_title", "T-0006", first),
            (5, "09:00", "place_tag", "T-0004", first),
            (5, "10:30", "stamp_edge", "T-0006", first),
            (5, "14:00", "apply_barcode", "T-0004", second))
    for k, hhmm, operation, trainee, crate in plan:
        yield cal.at(k, hhmm)
        demo.record_work(ref, operation, trainee, crate)
    yield cal.at(4, "09:00")  # only the barcode checks are due: tags are not encoded yet
    ws.check(ref, "check", first[7:8], passed=False, defect="unreadable_tag",
             checker=SUPERVISOR)
    ws.check(ref, "check", first[:7] + first[8:], checker=SUPERVISOR)
    yield cal.at(3, "09:00")
    demo.record_work(ref, "apply_barcode", "T-0004", first[7:8], minutes=2)
    yield cal.at(3, "10:00")
    demo.record_work(ref, "encode_tag", "T-0004", first)
    yield cal.at(2, "09:00")
    demo.record_work(ref, "stamp_title", NEWCOMER, second, supervisor=SUPERVISOR)


def accepted_network(demo: _Demo) -> _Story:
    """40 books listed and accepted; the crates have not come yet."""
    ws, cal = demo.staff, demo.cal
    yield cal.at(4, "11:00")
    ref = demo.expect(demo.direction.create_order(
        demo.clients["abers"], ["couvrage:standard=40"], due_date=cal.after_today(35),
        purchase_order=f"RBA-{cal.day(4).year}-021"), "accepted")
    yield cal.at(3, "16:00")
    demo.direction.accept(ref)
    yield cal.at(2, "10:00")
    books = demo.books("2900672", {"standard": 40})
    ws.import_items(ref, _write_pmb(demo.file("abers-envoi2-pmb.csv"), books))


def quote_town_hall(demo: _Demo) -> _Story:
    """A quote for the town library's old stock: cleaning and torn pages."""
    cal = demo.cal
    yield cal.at(2, "15:00")
    demo.expect(demo.direction.create_order(
        demo.clients["mairie"], ["nettoyage:standard=150", "page_dechiree:standard=20"],
        due_date=cal.after_today(45)), "quote")


def quote_school(demo: _Demo) -> _Story:
    """A quote for the school's next batch of pocket books."""
    cal = demo.cal
    yield cal.at(1, "11:30")
    demo.expect(demo.direction.create_order(
        demo.clients["college"], ["couvrage:poche=80"], due_date=cal.after_today(60),
        purchase_order=None), "quote")
