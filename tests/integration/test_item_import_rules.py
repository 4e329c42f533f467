"""What an item list may not do to an order: take books of another open order of the same
collectivity, list far more books than ordered, or be a header alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier import FileRejected, InvalidInput, RuleViolation, Workshop

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service


def _list(tmp_path: Path, name: str, *barcodes: str) -> Path:
    path = tmp_path / name
    path.write_text("Code-barres;Titre\n" + "".join(f"{b};Titre {b}\n" for b in barcodes),
                    encoding="utf-8")
    return path


def _order(ws: Workshop, client: int, quantity: int = 3) -> str:
    return ws.create_order(client, [f"couvrage:standard={quantity}"], accepted=True)


def test_a_barcode_of_another_open_order_is_refused_naming_it(workshop: Workshop,
                                                               tmp_path: Path) -> None:
    client = workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    first, second = _order(workshop, client), _order(workshop, client)
    workshop.import_items(first, _list(tmp_path, "a.csv", "B1", "B2"))
    before = len(workshop.audit())
    with pytest.raises(FileRejected) as err:
        workshop.import_items(second, _list(tmp_path, "b.csv", "B2", "B3"))
    [problem] = err.value.problems
    assert (problem.line, problem.field, problem.value) == (2, "barcode", "B2")
    assert first in problem.reason
    assert workshop.items(second) == [] and len(workshop.audit()) == before

    shared = workshop.import_items(second, _list(tmp_path, "b.csv", "B2", "B3"),
                                   allow_shared=True)
    assert shared.items == 2
    assert [i.barcode for i in workshop.items(second)] == ["B2", "B3"]
    assert workshop.audit(limit=1)[0].after["allow_shared"] is True


def test_only_open_orders_of_the_same_collectivity_count(workshop: Workshop,
                                                         tmp_path: Path) -> None:
    brest = workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    quimper = workshop.add_collectivity("Médiathèque de Quimper", kind="mediatheque")
    cancelled, done, other = _order(workshop, brest), _order(workshop, brest), \
        _order(workshop, quimper)
    workshop.import_items(cancelled, _list(tmp_path, "c.csv", "C1"))
    workshop.cancel(cancelled, "commande en double")
    workshop.import_items(done, _list(tmp_path, "d.csv", "D1"))
    workshop.mark_missing(done, ["D1"], "jamais envoyé")
    workshop.import_items(other, _list(tmp_path, "q.csv", "Q1"))
    again = _order(workshop, brest)
    assert workshop.import_items(again, _list(tmp_path, "e.csv", "C1", "D1", "Q1")).items == 3


def test_a_header_alone_is_refused(workshop: Workshop, tmp_path: Path) -> None:
    client = workshop.add_collectivity("École Jean Moulin", kind="school")
    ref = _order(workshop, client)
    with pytest.raises(FileRejected) as err:
        workshop.import_items(ref, _list(tmp_path, "vide.csv"))
    assert [(p.field, p.reason) for p in err.value.problems] == [
        ("file", "no item after the header")]
    # Blank lines after the header are no rows either.
    blank = tmp_path / "blancs.csv"
    blank.write_text("Code-barres;Titre\n;\n\n ; \n", encoding="utf-8")
    with pytest.raises(FileRejected):
        workshop.import_items(ref, blank)
    assert workshop.items(ref) == []


def test_past_the_quantity_warns_and_past_twice_refuses(workshop: Workshop,
                                                        tmp_path: Path) -> None:
    client = workshop.add_collectivity("Médiathèque de Morlaix", kind="mediatheque")
    ref = _order(workshop, client, quantity=3)
    exact = workshop.import_items(ref, _list(tmp_path, "a.csv", "A1", "A2", "A3"))
    assert exact.over_quantity == ()
    over = workshop.import_items(ref, _list(tmp_path, "b.csv", "B1", "B2"))
    assert over.items == 2
    [line] = over.over_quantity
    assert (line.line_no, line.service, line.format, line.ordered, line.listed) == (
        1, "couvrage", "standard", 3, 5)
    with pytest.raises(RuleViolation) as err:
        workshop.import_items(ref, _list(tmp_path, "c.csv", "C1", "C2"))
    assert err.value.code == "items_over_quantity"
    assert (err.value.params["listed"], err.value.params["ordered"],
            err.value.params["most"]) == (7, 3, 6)
    assert len(workshop.items(ref)) == 5
    wider = workshop.import_items(ref, _list(tmp_path, "c.csv", "C1", "C2"), overflow_limit=3)
    assert wider.items == 2 and wider.over_quantity[0].listed == 7


@pytest.mark.parametrize("limit", [0, 0.5, 101, float("nan"), float("inf")])
def test_an_overflow_limit_out_of_range_is_refused(workshop: Workshop, tmp_path: Path,
                                                   limit: float) -> None:
    client = workshop.add_collectivity("Médiathèque de Morlaix", kind="mediatheque")
    ref = _order(workshop, client)
    with pytest.raises(InvalidInput) as err:
        workshop.import_items(ref, _list(tmp_path, "a.csv", "A1"), overflow_limit=limit)
    assert err.value.field == "overflow_limit"
    assert workshop.items(ref) == []
