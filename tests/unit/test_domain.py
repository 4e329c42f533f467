"""The domain's rules, without a database: custody, order status, prices, minutes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atelier.domain import item as custody
from atelier.domain.collectivity import validate_siret
from atelier.domain.errors import InvalidInput, NotFound, RuleViolation
from atelier.domain.item import CustodyCounts
from atelier.domain.item_list import lines_for_item
from atelier.domain.money import format_euros, split_evenly
from atelier.domain.order import (
    LineRequest,
    OrderLine,
    derive_status,
    parse_line_request,
    price_lines,
)
from atelier.importing.catalogue import default_catalogue
from tests.conftest import make_siret

CATALOGUE = default_catalogue()


@pytest.mark.parametrize(("state", "counts", "deliveries", "expected"), [
    ("quote", {"expected": 5}, 0, "quote"),
    ("cancelled", {"expected": 5}, 0, "cancelled"),
    ("accepted", {}, 0, "accepted"),
    ("accepted", {"expected": 5}, 0, "accepted"),
    ("accepted", {"expected": 4, "received": 1}, 0, "in_progress"),
    ("accepted", {"in_workshop": 2, "ready": 3}, 0, "in_progress"),
    ("accepted", {"expected": 1, "ready": 3}, 0, "in_progress"),
    ("accepted", {"ready": 3, "refused": 1}, 0, "ready"),
    ("accepted", {"ready": 2, "returned": 3}, 1, "partially_delivered"),
    ("accepted", {"expected": 2, "returned": 3}, 1, "delivered"),
    ("accepted", {"returned": 3, "missing": 1, "refused": 1}, 2, "closed"),
    ("accepted", {"missing": 2}, 0, "closed"),
])
def test_order_status_is_derived(state: str, counts: dict[str, int], deliveries: int,
                                 expected: str) -> None:
    ever = sum(v for k, v in counts.items() if k not in ("expected", "missing"))
    assert derive_status(state, CustodyCounts.from_mapping(counts, ever), deliveries) == expected


@pytest.mark.parametrize(("current", "target"), [
    ("expected", "received"), ("expected", "missing"), ("received", "in_workshop"),
    ("received", "refused"), ("in_workshop", "ready"), ("ready", "returned"),
    ("in_workshop", "missing"),
])
def test_allowed_custody_moves(current: str, target: str) -> None:
    custody.check_move("B1", current, target)


@pytest.mark.parametrize(("current", "target"), [
    ("expected", "returned"), ("expected", "ready"), ("expected", "refused"),
    ("returned", "missing"), ("missing", "received"), ("refused", "returned"),
    ("in_workshop", "returned"),
])
def test_forbidden_custody_moves_name_the_item(current: str, target: str) -> None:
    with pytest.raises(RuleViolation) as err:
        custody.check_move("B1", current, target)
    assert err.value.params == {"barcode": "B1", "current": current, "target": target}


def test_missing_and_refused_need_a_reason() -> None:
    with pytest.raises(InvalidInput):
        custody.require_reason("missing", "  ")
    assert custody.require_reason("refused", " dos cassé ") == "dos cassé"


def test_custody_balance() -> None:
    counts = CustodyCounts(expected=2, received=1, in_workshop=3, ready=1, returned=4,
                           missing=2, refused=1, received_ever=11)
    assert counts.total == 14
    assert counts.balanced(missing_never_received=1)
    assert not counts.balanced(missing_never_received=0)


@pytest.mark.parametrize("raw", ["12345678901234", "1234", "abcdefghijklmn", "21290019500019"])
def test_bad_siret_refused(raw: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_siret(raw)
    assert err.value.field == "siret"


def test_good_siret_accepted_with_spaces() -> None:
    good = make_siret("21290019", "0042")
    spaced = f"{good[:3]} {good[3:6]} {good[6:9]} {good[9:]}"
    assert validate_siret(spaced) == good


def test_line_parsing() -> None:
    assert parse_line_request("couvrage:poche=120") == LineRequest("couvrage", "poche", 120)
    assert parse_line_request(" cote = 7 ") == LineRequest("cote", None, 7)
    for bad in ("couvrage", "=3", "couvrage=trois"):
        with pytest.raises(InvalidInput):
            parse_line_request(bad)


def test_prices_are_frozen_with_quantity_breaks() -> None:
    service = CATALOGUE.service("couvrage")
    breaks = service.prices["poche"]
    assert len(breaks) > 1, "the default covering price has quantity breaks"
    small, large = breaks[0], breaks[-1]
    lines = price_lines(CATALOGUE, [LineRequest("couvrage", "poche", small.min_quantity),
                                    LineRequest("couvrage", "standard", 10),
                                    LineRequest("couvrage", "grand", large.min_quantity)])
    assert lines[0].unit_cents == small.unit_cents
    assert lines[2].unit_cents == service.unit_price_cents("grand", large.min_quantity)
    assert all(isinstance(ln.total_cents, int) for ln in lines)
    assert [ln.line_no for ln in lines] == [1, 2, 3]


def test_price_lines_refusals() -> None:
    with pytest.raises(InvalidInput):
        price_lines(CATALOGUE, [])
    with pytest.raises(InvalidInput) as err:
        price_lines(CATALOGUE, [LineRequest("couvrage", "poche", 1),
                                LineRequest("couvrage", "poche", 2)])
    assert err.value.code == "line_duplicate"
    with pytest.raises(NotFound):
        price_lines(CATALOGUE, [LineRequest("dorure", None, 1)])
    with pytest.raises(InvalidInput) as err:
        price_lines(CATALOGUE, [LineRequest("couvrage", "poche", 0)])
    assert err.value.code == "quantity_range"


LINES = (
    OrderLine(1, "couvrage", "poche", 10, 150, id=1),
    OrderLine(2, "couvrage", "standard", 10, 220, id=2),
    OrderLine(3, "cote", "standard", 20, 40, id=3),
)


def test_an_item_falls_under_the_lines_of_its_format() -> None:
    assert lines_for_item(LINES, "standard", ()) == ("standard", (LINES[1], LINES[2]))
    assert lines_for_item(LINES, "poche", ()) == ("poche", (LINES[0],))
    assert lines_for_item(LINES, "standard", ("cote",)) == ("standard", (LINES[2],))
    assert lines_for_item(LINES, None, ("cote",)) == ("standard", (LINES[2],))


def test_an_item_fitting_no_line_says_why() -> None:
    assert "several formats" in str(lines_for_item(LINES, None, ()))
    assert "no line for format grand" in str(lines_for_item(LINES, "grand", ()))
    assert "no line for service reliure" in str(lines_for_item(LINES, "poche", ("reliure",)))


@given(st.integers(0, 10_000), st.integers(1, 500))
def test_minutes_split_without_loss(total: int, parts: int) -> None:
    shares = split_evenly(total, parts)
    assert sum(shares) == total and len(shares) == parts
    assert max(shares) - min(shares) <= 1


def test_euros_in_french() -> None:
    assert format_euros(123456) == "1\u202f234,56 €"
    assert format_euros(-5) == "-0,05 €"
