"""The Foundation's flow on a real database: quote to delivery, every book accounted for."""

from __future__ import annotations

import pytest

from atelier import FileRejected, InvalidInput, RuleViolation, Workshop
from tests.conftest import DATA, make_siret, qualified_trainee

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

KOHA = DATA / "koha-items-sample.csv"


def _koha_barcodes() -> list[str]:
    lines = KOHA.read_text(encoding="utf-8-sig").splitlines()[1:]
    return [ln.split(";")[0] for ln in lines if ln.strip()]


def test_quote_to_closed_order(workshop: Workshop) -> None:
    client = workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque",
                                       siret=make_siret())
    ref = workshop.create_order(client, ["couvrage:poche=15", "couvrage:standard=21",
                                         "couvrage:grand=16", "couvrage:hors_format=8"])
    assert workshop.status(ref).status == "quote"
    workshop.accept(ref)
    assert workshop.status(ref).status == "accepted"

    result = workshop.import_items(ref, KOHA)
    assert (result.items, result.already_imported) == (60, False)
    assert workshop.import_items(ref, KOHA).already_imported

    barcodes = _koha_barcodes()
    received = workshop.receive(ref, [*barcodes, "UNKNOWN-1"])
    assert len(received.received) == 60 and received.unknown == ("UNKNOWN-1",)
    assert workshop.status(ref).status == "in_progress"

    workshop.add_post("P1", "Couvrage 1")
    trainee = qualified_trainee(workshop, post="P1")
    operations = workshop.catalogue().service("couvrage").operations
    workshop.refuse(ref, barcodes[:1], "reliure cassée, pas couvrable")
    for op in operations:
        if op.checkpoint:
            workshop.check(ref, op.code)
        else:
            workshop.record_work(ref, op.code, trainee)
    status = workshop.status(ref)
    assert status.status == "ready"
    assert status.items.ready == 59 and status.items.refused == 1

    first = workshop.deliver(ref, barcodes[1:30])
    assert workshop.status(ref).status == "partially_delivered"
    second = workshop.deliver(ref)
    assert first.number.endswith("-0001") and second.number.endswith("-0002")
    final = workshop.status(ref)
    assert final.status == "closed"
    assert final.items.returned == 59
    assert final.items.received_ever == final.items.returned + final.items.refused
    assert workshop.delivery(first.number).barcodes == tuple(sorted(barcodes[1:30]))


def test_receiving_a_quote_is_refused(workshop: Workshop) -> None:
    client = workshop.add_collectivity("École Jean Moulin", kind="school")
    ref = workshop.create_order(client, ["couvrage:poche=2"])
    workshop.add_placeholders(ref)
    with pytest.raises(RuleViolation) as err:
        workshop.receive(ref, [f"{ref}-00001"])
    assert err.value.code == "order_is_quote"


def test_bad_file_writes_nothing(workshop: Workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = workshop.add_collectivity("Médiathèque de Quimper", kind="mediatheque")
    ref = workshop.create_order(client, ["couvrage:standard=3"], accepted=True)
    bad = tmp_path / "liste.csv"
    bad.write_text("Code-barres;ISBN\nA1;9782070368228\nA2;9782070368220\nA1;\n",
                   encoding="utf-8")
    before = len(workshop.audit())
    with pytest.raises(FileRejected) as err:
        workshop.import_items(ref, bad)
    lines = sorted((p.line, p.field) for p in err.value.problems)
    assert lines == [(3, "isbn"), (4, "barcode")]
    assert workshop.status(ref).items.total == 0
    assert len(workshop.audit()) == before


def test_pmb_export_in_windows_1252_imports(workshop: Workshop) -> None:
    client = workshop.add_collectivity("Réseau des médiathèques de Landerneau",
                                       kind="library_network")
    ref = workshop.create_order(client, ["couvrage:standard=40", "cote:standard=40"],
                                accepted=True)
    result = workshop.import_items(ref, DATA / "pmb-items-sample-cp1252.csv")
    routing = sum(len(workshop.catalogue().service(s).operations) for s in ("couvrage", "cote"))
    assert (result.items, result.tasks) == (40, 40 * routing)
    status = workshop.status(ref)
    assert [(s.service, s.items) for s in status.services] == [("couvrage", 40), ("cote", 40)]
    assert status.items.expected == 40


def test_a_failed_check_names_the_service_when_two_share_it(workshop: Workshop) -> None:
    """Covering and call-number labelling both end with "check": a label defect must not
    send the covering back to rework."""
    client = workshop.add_collectivity("Médiathèque de Landivisiau", kind="mediatheque")
    ref = workshop.create_order(client, ["couvrage:standard=1", "cote:standard=1"],
                                accepted=True)
    workshop.add_placeholders(ref)
    barcode = f"{ref}-00001"
    workshop.receive(ref, [barcode])
    trainee = qualified_trainee(workshop)
    catalogue = workshop.catalogue()
    for service in ("couvrage", "cote"):
        for op in catalogue.service(service).operations:
            if not op.checkpoint:
                workshop.record_work(ref, op.code, trainee, [barcode], service=service)
    with pytest.raises(InvalidInput) as err:
        workshop.check(ref, "check", [barcode], passed=False, defect="misaligned_label")
    assert err.value.code == "service_ambiguous"
    failed = workshop.check(ref, "check", [barcode], passed=False, defect="misaligned_label",
                            service="cote")
    assert failed.tasks == 1
    progress = {p.service: p for p in workshop.status(ref).services}
    cote_ops = catalogue.service("cote").operations
    couvrage_ops = catalogue.service("couvrage").operations
    assert progress["couvrage"].tasks_done == len(couvrage_ops) - 1  # only its check left
    assert progress["cote"].tasks_done == len(cote_ops) - 2  # label step reopened + check
    assert workshop.check(ref, "check", [barcode], service="couvrage").tasks == 1


def test_balance_is_readable_from_the_status(workshop: Workshop) -> None:
    client = workshop.add_collectivity("Mairie de Plouguerneau", kind="town_hall")
    ref = workshop.create_order(client, ["nettoyage:standard=4"], accepted=True)
    workshop.add_placeholders(ref)
    codes = [f"{ref}-0000{n}" for n in range(1, 5)]
    workshop.receive(ref, codes[:3])
    workshop.mark_missing(ref, codes[3:], "jamais envoyé")
    workshop.mark_missing(ref, codes[2:3], "introuvable à l'atelier")
    items = workshop.status(ref).items
    assert (items.missing, items.missing_received, items.received_ever) == (2, 1, 3)
    assert items.balanced()
