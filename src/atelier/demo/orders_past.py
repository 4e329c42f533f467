"""The orders the workshop is done with: closed, delivered or cancelled.

Books covered and registers rebound, delivered and closed; a library network's
books listed from PMB, all delivered but three still on loan; an archive order
cancelled before its documents came, and a quote cancelled when the budget was
not renewed.
"""

from __future__ import annotations

import datetime as dt

from atelier.demo.books import _write_koha, _write_pmb
from atelier.demo.stage import SUPERVISOR, _Demo, _Story


def closed_covering(demo: _Demo) -> _Story:
    """48 books covered, one refused, a check failed and redone, two deliveries: closed."""
    ws, cal = demo.staff, demo.cal
    yield cal.at(42, "09:10")
    ref = demo.expect(demo.direction.create_order(
        demo.clients["rade"], ["couvrage:poche=14", "couvrage:standard=22",
                               "couvrage:grand=12"],
        due_date=cal.day(42) + dt.timedelta(days=35),
        purchase_order=f"BC-{cal.day(42).year}-0117"), "closed")
    books = demo.books("2901900", {"poche": 14, "standard": 22, "grand": 12})
    barcodes = [b.barcode for b in books]
    yield cal.at(40, "10:30")
    demo.direction.accept(ref)
    yield cal.at(39, "14:00")
    ws.import_items(ref, _write_koha(demo.file("rade-couvrage-koha.csv"), books))
    yield cal.at(37, "08:45")
    ws.receive(ref, barcodes)
    yield cal.at(37, "09:20")
    ws.refuse(ref, barcodes[:1], "Dos cassé et cahiers détachés : à relier avant tout "
                                 "couvrage, rendu en l'état")
    first, second = demo.crates(barcodes[1:])
    yield cal.at(37, "09:30")
    demo.record_work(ref, "clean", "T-0001", first)
    yield cal.at(37, "10:45")
    demo.record_work(ref, "cut_film", "T-0002", first)
    yield cal.at(37, "14:00")
    demo.record_work(ref, "clean", "T-0001", second)
    yield cal.at(37, "15:00")
    demo.record_work(ref, "cut_film", "T-0002", second)
    yield cal.at(36, "09:00")
    demo.record_work(ref, "apply_film", "T-0001", first)
    yield cal.at(36, "09:10")
    demo.record_work(ref, "apply_film", "T-0003", second, minutes=70, supervisor=SUPERVISOR)
    yield cal.at(36, "14:00")
    demo.record_work(ref, "turn_in", "T-0002", first + second)
    yield cal.at(35, "09:00")
    ws.check(ref, "check", second[:3], passed=False, defect="edge_lifting",
             checker=SUPERVISOR)
    ws.check(ref, "check", checker=SUPERVISOR)
    yield cal.at(35, "10:00")
    demo.record_work(ref, "turn_in", "T-0002", second[:3], minutes=6)
    yield cal.at(35, "11:00")
    ws.check(ref, "check", second[:3], checker=SUPERVISOR)
    yield cal.at(34, "15:00")
    ws.deliver(ref, first)
    yield cal.at(32, "15:00")
    ws.deliver(ref)


def closed_registers(demo: _Demo) -> _Story:
    """Six registers of council deliberations rebound (reserved contract): closed."""
    ws, cal = demo.staff, demo.cal
    yield cal.at(41, "11:00")
    ref = demo.expect(demo.direction.create_order(
        demo.clients["mairie"], ["reliure:grand=6"],
        due_date=cal.day(41) + dt.timedelta(days=42),
        purchase_order=f"BC-{cal.day(41).year}-MAIRIE-009", reserved_contract=True,
        accepted=True), "closed")
    yield cal.at(41, "11:05")
    ws.add_placeholders(ref)
    registers = demo.placeholders(ref, 6)
    yield cal.at(38, "09:00")
    ws.receive(ref, registers)
    steps = ((38, "09:30", "dismantle", "T-0007"), (37, "09:00", "sew", "T-0007"),
             (35, "14:00", "glue_spine", "T-0005"), (34, "09:00", "trim", "T-0007"),
             (33, "09:00", "case_in", "T-0007"))
    for k, hhmm, operation, trainee in steps:
        yield cal.at(k, hhmm)
        demo.record_work(ref, operation, trainee)
    yield cal.at(31, "10:00")
    ws.check(ref, "check", checker=SUPERVISOR)
    yield cal.at(29, "15:30")
    ws.deliver(ref)


def cancelled_archive(demo: _Demo) -> _Story:
    """An accepted order with placeholders, cancelled before the documents came."""
    ws, cal = demo.staff, demo.cal
    yield cal.at(33, "11:00")
    ref = demo.expect(demo.direction.create_order(
        demo.clients["archives"], ["nettoyage:grand=10"],
        due_date=cal.day(33) + dt.timedelta(days=30), accepted=True), "cancelled")
    ws.add_placeholders(ref)
    yield cal.at(30, "16:00")
    demo.direction.cancel(ref, "Fonds finalement confié à un atelier de restauration agréé")


def delivered_network(demo: _Demo) -> _Story:
    """36 books listed (PMB), 33 arrive, all delivered; 3 still on loan: delivered."""
    ws, cal = demo.staff, demo.cal
    yield cal.at(31, "10:00")
    ref = demo.expect(demo.direction.create_order(
        demo.clients["abers"], ["couvrage:standard=36", "cote:standard=36"],
        due_date=cal.day(31) + dt.timedelta(days=28),
        purchase_order=f"RBA-{cal.day(31).year}-014"), "delivered")
    books = demo.books("2900672", {"standard": 36})
    yield cal.at(30, "09:15")
    demo.direction.accept(ref)
    yield cal.at(30, "14:00")
    ws.import_items(ref, _write_pmb(demo.file("abers-export-pmb.csv"), books))
    arrived = [b.barcode for b in books[:33]]  # the last three are still on loan
    yield cal.at(28, "08:50")
    ws.receive(ref, arrived)
    # Labels first: the call-number check then never meets the covering check.
    for k, hhmm, operation in ((28, "09:30", "match_label"), (28, "11:00", "apply_label"),
                               (27, "09:00", "protect_label")):
        yield cal.at(k, hhmm)
        demo.record_work(ref, operation, "T-0004", arrived)
    yield cal.at(27, "11:00")
    ws.check(ref, "check", arrived[5:7], passed=False, defect="misaligned_label",
             checker=SUPERVISOR)
    ws.check(ref, "check", checker=SUPERVISOR)
    yield cal.at(27, "14:00")
    demo.record_work(ref, "protect_label", "T-0004", arrived[5:7], minutes=4)
    ws.check(ref, "check", arrived[5:7], checker=SUPERVISOR)
    for k, hhmm, operation, trainee in ((26, "09:00", "clean", "T-0003"),
                                        (26, "10:15", "cut_film", "T-0002"),
                                        (25, "09:00", "apply_film", "T-0001"),
                                        (25, "14:00", "turn_in", "T-0002")):
        yield cal.at(k, hhmm)
        demo.record_work(ref, operation, trainee, arrived)
    yield cal.at(24, "10:00")
    ws.check(ref, "check", checker=SUPERVISOR)
    yield cal.at(20, "15:00")
    ws.deliver(ref)


def cancelled_periodicals(demo: _Demo) -> _Story:
    """A quote for periodical binding, cancelled when the budget was not renewed."""
    cal = demo.cal
    yield cal.at(26, "10:00")
    ref = demo.expect(demo.direction.create_order(
        demo.clients["levriou"], ["reliure_periodiques:standard=12"],
        due_date=cal.day(26) + dt.timedelta(days=45)), "cancelled")
    yield cal.at(21, "11:30")
    demo.direction.cancel(ref, "Budget non reconduit : les périodiques seront désherbés")
