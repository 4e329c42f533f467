"""The API's converter of the collectivity's answers gives what ``jsonable`` gives: the
one JSON shape of every value (decision 0008), only with its questions asked once per
type."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest

from atelier import Workshop, jsonable
from atelier_api.encode import json_data
from tests.integration.test_queue_from_counters import _build


@attrs.frozen
class _Inner:
    day: dt.date
    at: dt.datetime


@attrs.frozen
class _Outer:
    inner: _Inner
    items: tuple[_Inner, ...]
    share: Fraction
    mapping: dict[int, list[str]]
    flag: bool | None


def test_values_of_every_kind() -> None:
    naive = dt.datetime(2026, 3, 2, 9, 30)
    aware = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    value = _Outer(inner=_Inner(dt.date(2026, 3, 2), naive),
                   items=(_Inner(dt.date(2026, 1, 1), aware),), share=Fraction(1, 3),
                   mapping={1: ["a", "b"]}, flag=True)
    for v in (value, [value, None, 3, 2.5, "é"], {"k": (value,)}, naive, aware):
        assert json_data(v) == jsonable(v, with_offset=True)
    with pytest.raises(TypeError, match="no JSON form for object"):
        json_data(object())


def test_the_client_answers(workshop: Workshop) -> None:
    ws = workshop
    for client in _build(ws):
        overview = ws.client_orders(ws.authenticate(ws.create_collectivity_token(client).token))
        assert json_data(overview) == jsonable(overview, with_offset=True)
        for order in overview.orders:
            assert json_data(order) == jsonable(order, with_offset=True)
