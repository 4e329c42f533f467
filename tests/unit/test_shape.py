"""One shape per value: a value's JSON is its declaration (fields, renames, internal fields,
derived figures), produced by the one converter."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs
import pytest

import atelier
from atelier import jsonable
from atelier.domain.shape import internal, shape_of, shown_as
from atelier.domain.views import DeliverySummary, ServiceProgress


@attrs.frozen
class _Line:
    DERIVED: ClassVar[tuple[str | tuple[str, str], ...]] = ("double", ("shown", "hidden_sum"))

    line_no: int = attrs.field(metadata=shown_as("line"))
    label: str
    secret: str = attrs.field(metadata=internal())
    on: dt.date = dt.date(2026, 3, 2)

    @property
    def double(self) -> int:
        """Twice the line number."""
        return 2 * self.line_no

    @property
    def hidden_sum(self) -> str:
        """The label and the number."""
        return f"{self.label}{self.line_no}"


def test_fields_in_order_renamed_internal_left_out_then_derived() -> None:
    data = jsonable(_Line(3, "a", "s"))
    assert list(data) == ["line", "label", "on", "double", "shown"]
    assert data == {"line": 3, "label": "a", "on": "2026-03-02", "double": 6, "shown": "a3"}


def test_nested_values_tuples_mappings_and_times() -> None:
    moment = dt.datetime(2026, 3, 2, 9, 30)
    data = jsonable({"lines": (_Line(1, "x", "s"),), "at": moment, "none": None})
    assert data["lines"][0]["line"] == 1 and data["at"] == "2026-03-02T09:30:00"
    with_offset = jsonable(moment, with_offset=True)
    assert with_offset.startswith("2026-03-02T09:30:00") and with_offset[19] in "+-"


def test_a_type_with_no_json_form_is_refused() -> None:
    with pytest.raises(TypeError):
        jsonable({1, 2})
    with pytest.raises(TypeError):
        shape_of(dict)


def test_a_derived_name_that_is_not_a_property_is_a_programming_error() -> None:
    @attrs.frozen
    class Wrong:
        DERIVED: ClassVar[tuple[str, ...]] = ("nothing",)
        x: int

    with pytest.raises(TypeError, match="not a property"):
        shape_of(Wrong)


def test_the_status_line_shape_is_the_documented_one() -> None:
    progress = ServiceProgress(line_no=1, service="couvrage", format="poche", quantity=15,
                               unit_cents=150, items=15, items_done=9, tasks_total=75,
                               tasks_done=52, remaining_minutes=23.5)
    assert jsonable(progress) == {
        "line": 1, "service": "couvrage", "format": "poche", "quantity": 15,
        "unit_cents": 150, "items": 15, "items_done": 9, "tasks_total": 75, "tasks_done": 52,
        "remaining_minutes": 23.5, "percent": 69}
    assert jsonable(DeliverySummary("BL-2026-0001", dt.date(2026, 3, 2), 18)) == {
        "number": "BL-2026-0001", "delivered_on": "2026-03-02", "items": 18}


def test_every_exported_value_has_a_shape() -> None:
    """Every attrs class of the front door reads as a shape (annotations resolvable at run
    time, DERIVED names real properties): what the converter and the API rely on."""
    found = [getattr(atelier, name) for name in atelier.__all__ if name != "Workshop"]
    values = [v for v in found if isinstance(v, type) and attrs.has(v)]
    assert len(values) > 30
    for cls in values:
        assert shape_of(cls), cls
        assert not hasattr(cls, "as_dict"), cls
