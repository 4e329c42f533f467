"""Bounds in the library: every use case of ``Workshop``, driven with arbitrary text,
integers, numbers and dates, answers with a value or an ``AtelierError`` — never a
database's ``DataError``, an ``OverflowError`` or any other traceback — on SQLite and
PostgreSQL.

The arguments are drawn from each method's own signature: text mixes what a hostile
or careless caller sends (NUL and other control characters, lone surrogates, 600
characters, markup) with the keys of a seeded workshop (an order, its items, a trainee,
a post, a skill), so that the calls reach past the first lookup; integers reach past
2^31 and 2^63; dates span year 1 to 9999.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import inspect
import os
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atelier import AtelierError, Contact, LineRequest, Principal, Workshop
from tests.conftest import Clock, make_siret, open_workshop, qualified_trainee

#: Methods of ``Workshop`` that are not use cases (assembly, context manager).
NOT_USE_CASES = {"open", "acting_as", "close"}


def use_cases() -> list[str]:
    """Every public method of ``Workshop`` that runs a use case."""
    return sorted(name for name, member in inspect.getmembers(Workshop, inspect.isfunction)
                  if not name.startswith("_") and name not in NOT_USE_CASES)


@pytest.fixture
def seeded(db_url: str, clock: Clock, tmp_path: Path) -> Iterator[tuple[Workshop, dict[str, Any]]]:
    """A workshop with a client, an accepted order of received items, a qualified trainee
    on a post, a delivery and a collectivity link; and the keys a call may name."""
    ws = open_workshop(db_url, actor="Claire (encadrante)", clock=clock)
    ws.init()
    client = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque",
                                 siret=make_siret())
    ref = ws.create_order(client, ["couvrage:standard=3"], accepted=True,
                          due_date=dt.date(2026, 6, 30))
    ws.add_placeholders(ref)
    items = [f"{ref}-0000{n}" for n in (1, 2, 3)]
    ws.receive(ref, items)
    ws.add_post("P1", "Couvrage 1")
    trainee = qualified_trainee(ws, "P1")
    ws.record_attendance(trainee, dt.date(2026, 3, 2), "am", minutes=180)
    ws.record_work(ref, "clean", trainee, items[:1])
    link = ws.create_collectivity_token(client)
    staff = ws.create_staff_token("script", role="viewer")
    orders = ws.client_orders(ws.authenticate(link.token)).orders
    good = {"ref": ref, "order": ref, "order_ref": ref, "trainee": trainee, "code": trainee,
            "barcodes": items[1:], "trainees": [trainee], "operation": "clean",
            "month": "2026-03", "day": dt.date(2026, 3, 2), "on": dt.date(2026, 3, 2),
            "session": "pm", "activity": "training", "kind": "school", "contract": "cep",
            "weekly_hours": 24, "start": dt.date(2026, 3, 2), "outcome": "other",
            "skill": "cleaning", "level": 3, "post": "P1", "role": "viewer", "lang": "en",
            "collectivity_id": client, "number": "BL-2026-0001", "name": "Anne",
            "public_id": orders[0].public_id, "token": link.token, "minutes": 30,
            "reason": "sick", "token_id": staff.view.id, "count": 2, "fmt": "standard",
            "label": "Couvrage 2", "lines": ["couvrage:poche=2"], "retention_days": 30}
    keys = {"client": client, "ref": ref, "items": items, "trainee": trainee, "good": good,
            "principal": ws.authenticate(link.token), "token_id": staff.view.id,
            "strings": [ref, *items, trainee, "P1", "couvrage", "standard", "clean", "check",
                        "bubble", "cleaning", "2026-03", "2026-03-02", "am", "visit",
                        "operation", "cep", "admin", "mediatheque", staff.view.id,
                        "durable_employment", "fr"],
            "folder": tmp_path}
    yield ws, keys
    ws.close()


def _texts(keys: dict[str, Any]) -> st.SearchStrategy[str]:
    hostile = st.sampled_from(["", " ", "\x00", "a\x00b", "\x07", "\x85", "\u2028",
                               "x" * 600, "[/bold][red]x[/red]", "<b>é</b>", "%", "😀" * 70,
                               "T-0001\x00", "CMD-2026-0001\n"])
    surrogates = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)
    controls = st.text(st.characters(categories=["Cc"]), min_size=1, max_size=3)
    return st.one_of(st.sampled_from(keys["strings"]), hostile, st.text(max_size=40),
                     surrogates, controls)


INTEGERS = st.one_of(st.integers(-3, 5), st.integers(),
                     st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -2**63 - 1]))
NUMBERS = st.one_of(st.floats(), st.floats(0, 200), st.integers(-10**30, 10**30))
DATES = st.one_of(st.dates(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))


def _paths(keys: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Files in the test's own folder only (a use case may write one), named oddly, given as
    a path or as text, and the folder itself."""
    folder: Path = keys["folder"]
    names = st.text(st.characters(exclude_characters="/\x00"), min_size=1, max_size=20)
    inside = names.map(lambda name: folder / name)
    return st.one_of(inside, inside.map(str), st.just(folder), st.just(f"{folder}/a\x00b"))


def _strategy(annotation: Any, keys: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Arguments for a parameter of this annotation: wide, hostile, and sometimes right."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        return st.one_of(*(_strategy(a, keys) for a in args))
    if annotation is type(None):
        return st.none()
    if annotation is str:
        return _texts(keys)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return INTEGERS
    if annotation is float:
        return NUMBERS
    if annotation is dt.date:
        return DATES
    if annotation is Principal:
        return st.just(keys["principal"])
    if annotation is os.PathLike or origin is os.PathLike:
        return _paths(keys)
    if origin in (Iterable, Sequence, list, tuple):
        item = args[0] if args else str
        if item is Contact:
            return st.lists(st.builds(Contact, name=st.sampled_from(["Anne", "Yves"])),
                            max_size=2)
        if origin is Iterable and args and get_origin(item) in (Union, types.UnionType):
            return st.lists(st.one_of(_texts(keys), st.builds(
                LineRequest, service=st.just("couvrage"), format=st.none(),
                quantity=st.integers(1, 5))), max_size=3)
        return st.lists(_strategy(item, keys), max_size=4)
    raise AssertionError(f"no strategy for {annotation!r}")


def _hints(method: Callable[..., Any]) -> dict[str, Any]:
    """The method's annotations resolved as a type checker sees them: the library imports
    the types of its signatures under ``TYPE_CHECKING`` (a command imports only what it
    uses), so they are resolved in the module's namespace plus those imports."""
    target = inspect.unwrap(method)
    module = sys.modules[target.__module__]
    namespace = dict(vars(module))
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            exec(compile(ast.Module(body=node.body, type_ignores=[]), module.__name__, "exec"),
                 namespace)
    return typing.get_type_hints(target, globalns=namespace)


def _arguments(method: Callable[..., Any], keys: dict[str, Any],
               data: st.DataObject) -> dict[str, Any]:
    hints = _hints(method)
    found = {}
    for name, parameter in inspect.signature(method).parameters.items():
        if name == "self":
            continue
        # A path names a file to read or write: never one outside the test's folder.
        strategy = _paths(keys) if name in ("path", "catalogue") else _strategy(hints[name],
                                                                                 keys)
        if name in keys["good"]:  # often right, so that calls reach past the first check
            strategy = st.one_of(st.just(keys["good"][name]), strategy)
        if parameter.default is not inspect.Parameter.empty:
            strategy = st.one_of(st.just(parameter.default), strategy)
        found[name] = data.draw(strategy, label=name)
    return found


def _every_use_case(seeded: tuple[Workshop, dict[str, Any]], data: st.DataObject) -> None:
    ws, keys = seeded
    name = data.draw(st.sampled_from(use_cases()), label="use case")
    method = getattr(Workshop, name)
    kwargs = _arguments(method, keys, data)
    # Refused with a clear error (an AtelierError) is what the property allows.
    with contextlib.suppress(AtelierError):
        method(ws, **kwargs)


def test_every_use_case_has_arguments_drawn_from_its_signature() -> None:
    for name in use_cases():
        hints = _hints(getattr(Workshop, name))
        assert all(p in hints for p in inspect.signature(getattr(Workshop, name)).parameters
                   if p != "self"), name


_QUICK = settings(max_examples=150, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
_HEAVY = settings(max_examples=1500, deadline=None,
                  suppress_health_check=list(HealthCheck))


@_QUICK
@given(data=st.data())
def test_any_input_to_any_use_case_is_refused_cleanly(
        seeded: tuple[Workshop, dict[str, Any]], data: st.DataObject) -> None:
    _every_use_case(seeded, data)


@pytest.mark.slow
@_HEAVY
@given(data=st.data())
def test_any_input_to_any_use_case_is_refused_cleanly_heavy(
        seeded: tuple[Workshop, dict[str, Any]], data: st.DataObject) -> None:
    _every_use_case(seeded, data)
