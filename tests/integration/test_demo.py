"""The demo workshop on a real database: every status, every post held, every book accounted for."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

import pytest

from atelier import RuleViolation, Workshop
from atelier.demo import DemoSummary, build_demo
from atelier.domain.order import STATUSES
from tests.conftest import MEMORY, Clock
from tests.fakes import FakeUnitOfWorkFactory, fake_workshop

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

TRAINEE_CODE = re.compile(r"T-\d{4}")
DELIVERY_NUMBER = re.compile(r"BL-(\d{4})-(\d{4})")


#: The demo built once in memory per day it ends on: its committed data and summary.
_BUILT: dict[dt.datetime, tuple[dict[str, Any], DemoSummary]] = {}


@pytest.fixture
def demo(workshop: Workshop, backend: str, clock: Clock) -> DemoSummary:
    """The demo in the test's workshop. In memory it is built once and its data handed to
    each test (the fake's committed tables are never changed in place, only replaced);
    on a database it is built for each test."""
    if backend != MEMORY:
        return build_demo(workshop)
    if clock.now not in _BUILT:
        units = FakeUnitOfWorkFactory()
        built = build_demo(fake_workshop(clock=Clock(clock.now), units=units))
        _BUILT[clock.now] = (units.db.tables, built)
    tables, summary = _BUILT[clock.now]
    assert isinstance(workshop.units, FakeUnitOfWorkFactory)
    workshop.units.db.tables = dict(tables)
    return summary


def test_every_status_is_shown(workshop: Workshop, demo: DemoSummary) -> None:
    orders = workshop.orders()
    assert {o.status for o in orders} == set(STATUSES)
    for status in STATUSES:
        refs = {o.ref for o in orders if o.status == status}
        assert refs and refs == set(demo.orders[status]), status
    assert demo.order_count == len(orders)
    assert 30 <= demo.items <= 1000
    assert demo.items == sum(o.items for o in orders)


def test_collectivities_are_varied_and_valid(workshop: Workshop, demo: DemoSummary) -> None:
    from stdnum.fr import siret

    clients = workshop.collectivities()
    assert 5 <= len(clients) <= 6
    assert tuple(c.name for c in clients) == demo.collectivities
    assert {"mediatheque", "library_network", "school", "archive", "town_hall"} <= {
        c.kind for c in clients}
    for client in clients:
        assert client.siret is not None and siret.is_valid(client.siret), client.name
    assert any(c.chorus_service_code for c in clients)
    assert any(c.engagement_ref for c in clients)


def test_eight_posts_all_held_by_codes(workshop: Workshop, demo: DemoSummary) -> None:
    posts = workshop.posts()
    assert [post.code for post in posts] == [f"P{n}" for n in range(1, 9)]
    holders = [post.trainee for post in posts]
    assert all(h is not None and TRAINEE_CODE.fullmatch(h) for h in holders), holders
    assert len(set(holders)) == 8
    assert demo.trainees == tuple(holders) and demo.posts == tuple(p.code for p in posts)
    # P8 changed hands: its first holder left for a training course, a newcomer took it.
    history = workshop.post_history("P8")
    assert [a.trainee for a in history] == ["T-0008", "T-0010"]
    assert history[0].end is not None and history[1].end is None


def test_trainees_appear_by_code_only(workshop: Workshop, demo: DemoSummary) -> None:
    records = workshop.audit(limit=100_000)
    added = [r for r in records if r.action == "trainee.add"]
    # The eight on the posts, the one who left P8, and a pathway that ended long ago.
    assert sorted(r.entity_key for r in added) == sorted({*demo.trainees, "T-0008", "T-0009"})
    for record in records:
        if record.entity == "trainee":
            assert TRAINEE_CODE.fullmatch(record.entity_key)
        if record.action == "work.record":
            assert isinstance(record.after, dict)
            assert TRAINEE_CODE.fullmatch(record.after["trainee"]), record
    workers = {r.after["trainee"] for r in records
               if r.action == "work.record" and isinstance(r.after, dict)}
    assert len(workers) >= 6  # the work is shared, not done by one person


def test_custody_balance_holds_for_every_order(workshop: Workshop, demo: DemoSummary) -> None:
    for order in workshop.orders():
        status = workshop.status(order.ref)
        # Items marked missing straight from "expected" never were in the workshop's custody.
        never_received = sum(
            1 for r in workshop.audit("order", order.ref, limit=10_000)
            if r.action == "items.missing" and isinstance(r.before, dict)
            for before in r.before["custody"].values() if before == "expected")
        assert status.items.balanced(never_received), (order.ref, status.items)
        assert status.items.total == order.items


def test_history_is_realistic(workshop: Workshop, demo: DemoSummary, clock: Clock) -> None:
    today = clock().date()
    # The catalogue was installed today by ``init``; the demo's history comes before.
    records = [r for r in workshop.audit(limit=100_000) if r.action != "catalogue.install"]
    assert all(r.at.date() < today for r in records)
    assert min(r.at for r in records).date() <= today - dt.timedelta(days=50)
    assert [r.id for r in sorted(records, key=lambda r: (r.at, r.id))] == sorted(
        r.id for r in records), "the audit trail is chronological"
    actions = {r.action for r in records}
    assert {"items.import", "items.placeholders", "items.receive", "items.missing",
            "items.refused", "quality.pass", "quality.fail", "delivery.create",
            "order.accept", "order.cancel"} <= actions
    supervised = [r for r in records if r.action == "work.record"
                  and isinstance(r.after, dict) and r.after["supervisor"]]
    assert supervised
    for order in workshop.orders():
        status = workshop.status(order.ref)
        assert status.created_on < today
        if order.status not in ("closed", "delivered", "cancelled"):
            assert status.due_date is not None and status.due_date > today, order.ref
    assert any(workshop.status(o.ref).reserved_contract for o in workshop.orders())


def test_deliveries_are_numbered_without_gaps(workshop: Workshop, demo: DemoSummary) -> None:
    by_year: dict[str, list[int]] = defaultdict(list)
    dated: list[tuple[int, dt.date, str]] = []
    for order in workshop.orders():
        for note in workshop.status(order.ref).deliveries:
            match = DELIVERY_NUMBER.fullmatch(note.number)
            assert match, note.number
            assert int(match[1]) == note.delivered_on.year
            by_year[match[1]].append(int(match[2]))
            dated.append((int(match[1]) * 10_000 + int(match[2]), note.delivered_on,
                          note.number))
            assert len(workshop.delivery(note.number).barcodes) == note.items > 0
    assert by_year
    for numbers in by_year.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    dated.sort()
    assert [d for _, d, _ in dated] == sorted(d for _, d, _ in dated)
    assert demo.deliveries == tuple(n for _, _, n in dated)


def test_history_across_new_year(workshop: Workshop) -> None:
    summary = build_demo(workshop, dt.date(2026, 1, 20))
    years = {n[3:7] for n in summary.deliveries}
    assert years == {"2025", "2026"}
    for year in years:
        seqs = [int(n[8:]) for n in summary.deliveries if n[3:7] == year]
        assert seqs == list(range(1, len(seqs) + 1))
    assert all(summary.orders[s] for s in STATUSES)


def test_a_workshop_with_data_is_refused(workshop: Workshop) -> None:
    workshop.add_collectivity("Médiathèque de Morlaix", kind="mediatheque")
    before = len(workshop.audit(limit=1000))
    with pytest.raises(RuleViolation) as err:
        build_demo(workshop)
    assert err.value.code == "workshop_not_empty"
    assert len(workshop.audit(limit=1000)) == before


def test_people_have_months_of_history(workshop: Workshop, demo: DemoSummary,
                                       clock: Clock) -> None:
    """The skill matrix and the monthly hours mean something at first sight."""
    matrix = workshop.skill_matrix()
    assert [row.trainee for row in matrix.rows] == list(demo.trainees)
    assert 0 < len(matrix.fragile) < len(matrix.skills)
    today = clock().date()
    months = sorted({a.day.strftime("%Y-%m") for a in workshop.attendance(trainee="T-0001")})
    assert len(months) >= 2 and months[-1] <= today.strftime("%Y-%m")
    previous = months[-2]
    figures = {h.trainee: h for h in workshop.month_hours(previous)}
    assert all(figures[code].locked for code in figures)  # validated by the counsellor
    assert sum(h.total_minutes for h in figures.values()) > 8 * 40 * 60
    assert any(h.corrections for h in figures.values())
    absences = {reason for h in figures.values() for reason in h.absences}
    assert {"visit", "lawyer"} <= absences
    for h in figures.values():
        assert h.days_to_reconcile == ()
        assert h.total_minutes == h.attended_minutes + sum(c.minutes for c in h.corrections)
    # Someone progressed: a later assessment raised a level practised under supervision.
    film = workshop.assessments("T-0003", skill="film_apply")
    assert [a.level for a in film][-2:] == [1, 2]
    # The old pathway is anonymised; the others keep their personal data.
    assert workshop.trainee("T-0009").anonymised
    assert workshop.personal("T-0001").full_name
    assert workshop.personal("T-0009").full_name is None
