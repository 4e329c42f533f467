"""Order references and names as people type them: any case, outer spaces, blanks."""

from __future__ import annotations

from typing import Any

import pytest

from atelier import InvalidInput, Workshop
from atelier.domain.collectivity import Contact
from atelier.domain.order import LineRequest

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service


def test_a_lower_case_reference_finds_the_order(workshop: Workshop) -> None:
    client = workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque")
    ref = workshop.create_order(client, ["couvrage:standard=2"])
    assert ref == "CMD-2026-0001"
    workshop.accept("cmd-2026-0001")
    assert workshop.status(" cmd-2026-0001 ").ref == ref
    assert workshop.status("Cmd-2026-0001").status == "accepted"
    result = workshop.add_placeholders("cmd-2026-0001")
    assert result.order_ref == ref and result.items == 2
    assert [i.barcode for i in workshop.items("cmd-2026-0001")] == [f"{ref}-00001",
                                                                   f"{ref}-00002"]


def test_a_reference_is_still_checked(workshop: Workshop) -> None:
    with pytest.raises(InvalidInput) as err:
        workshop.status("cmd-2026-0001\x00")
    assert err.value.field == "ref"


def test_a_blank_reference_is_refused_not_looked_up(workshop: Workshop) -> None:
    with pytest.raises(InvalidInput) as err:
        workshop.status("   ")
    assert (err.value.field, err.value.code) == ("ref", "blank")


def test_names_are_trimmed(workshop: Workshop) -> None:
    client = workshop.add_collectivity(
        "  Médiathèque   de Brest ", kind="mediatheque", chorus_service_code=" MEDIA-01 ",
        engagement_ref="  EJ-2026-118 ",
        contacts=[Contact(name="  Anne  Le Gall ", role=" responsable ",
                          email=" anne@example.org ")])
    stored = workshop.collectivity(client)
    assert stored.name == "Médiathèque de Brest"
    assert (stored.chorus_service_code, stored.engagement_ref) == ("MEDIA-01", "EJ-2026-118")
    assert stored.contacts == (Contact(name="Anne Le Gall", role="responsable",
                                       email="anne@example.org"),)
    ref = workshop.create_order(client, ["couvrage=1"], purchase_order="  BC-2026-17 ")
    assert workshop.status(ref).purchase_order == "BC-2026-17"
    workshop.add_post("P1", "  Couvrage   1 ")
    assert [p.label for p in workshop.posts()] == ["Couvrage 1"]


@pytest.mark.parametrize(("field", "call"), [
    ("name", lambda ws: ws.add_collectivity("   ", kind="school")),
    ("name", lambda ws: ws.add_collectivity("\t \u00a0", kind="school")),
    ("chorus_service_code",
     lambda ws: ws.add_collectivity("École", kind="school", chorus_service_code="  ")),
    ("engagement_ref", lambda ws: ws.add_collectivity("École", kind="school",
                                                      engagement_ref=" ")),
    ("label", lambda ws: ws.add_post("P1", "  ")),
])
def test_a_blank_name_is_refused_and_nothing_written(workshop: Workshop, field: str,
                                                     call: Any) -> None:
    before = len(workshop.audit())
    with pytest.raises(InvalidInput) as err:
        call(workshop)
    assert (err.value.field, err.value.code) == (field, "blank")
    assert len(workshop.audit()) == before
    assert workshop.collectivities() == [] and workshop.posts() == []


def test_the_domain_values_refuse_blank_required_texts() -> None:
    with pytest.raises(InvalidInput) as err:
        Contact(name="  ")
    assert (err.value.field, err.value.code) == ("contact.name", "blank")
    with pytest.raises(InvalidInput) as empty:
        Contact(name="")
    assert empty.value.code == "empty"
    assert Contact(name="Anne").role == ""  # optional parts may stay empty
    for blank in ("", "   "):
        with pytest.raises(InvalidInput):
            LineRequest(service=blank, format=None, quantity=1)
