"""An in-memory fake of the whole storage (cosmicpython's ``FakeUnitOfWork``), so that
use cases run through ``Workshop`` in milliseconds, without a database.

Each fake repository behaves as the SQL repository beside it in ``atelier.store``:
same ordering, same ``NotFound``, same values, ``Conflict`` for a unique key taken
twice or a version that moved. ``fake_workshop()`` is the fake's ``workshop`` fixture::

    ws = fake_workshop(clock=Clock(dt.datetime(2026, 3, 2, 9, 0)))
    client = ws.add_collectivity("École Jean Moulin", kind="school")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from atelier.app import Workshop
from atelier.domain import roles
from atelier.domain.actor import Actor, Door
from atelier.services.ports import UnitOfWork, UnitOfWorkFactory
from tests.fakes.tables import Database
from tests.fakes.uow import FakeUnitOfWork, FakeUnitOfWorkFactory

__all__ = ["FakeUnitOfWork", "FakeUnitOfWorkFactory", "fake_workshop"]

# mypy proves here that the fake is a UnitOfWorkFactory and its unit of work a UnitOfWork,
# every repository matching its protocol (the second line names the repository that does
# not). Run mypy with a fresh cache: its incremental mode may miss a protocol broken in
# another module.
_check: UnitOfWorkFactory = FakeUnitOfWorkFactory()
_check_unit: UnitOfWork = FakeUnitOfWork(Database(), write=False)


def fake_workshop(*, clock: Callable[[], dt.datetime] | None = None,
                  actor: str = "Claire (encadrante)", role: str = roles.ADMIN,
                  door: Door = "library", init: bool = True,
                  units: FakeUnitOfWorkFactory | None = None) -> Workshop:
    """A workshop on a new in-memory store (or ``units``), with the default catalogue
    installed unless ``init`` is false, acting as ``actor`` with ``role``."""
    ws = Workshop(units=units or FakeUnitOfWorkFactory(), actor=Actor(actor, door, roles.ADMIN),
                  clock=clock or dt.datetime.now)
    if init:
        ws.init()
    return ws if role == roles.ADMIN else ws.acting_as(actor, door, role)
