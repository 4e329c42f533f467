"""Order references and names as people type them: any case, outer spaces, blanks."""

from __future__ import annotations

import pytest

from atelier import InvalidInput, Workshop

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
