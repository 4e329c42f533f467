"""Who am I, and is the service up."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from atelier import __version__
from atelier_api.deps import AnyWorkshop, Caller

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    """The service answers, and the database is at this version's schema."""

    status: str
    version: str
    schema_revision: str | None


class Me(BaseModel):
    """Who the bearer token speaks for."""

    kind: str
    name: str
    role: str | None
    collectivity_id: int | None
    order_ref: str | None


@router.get("/health", response_model=Health)
def health(ws: AnyWorkshop) -> Health:
    """Whether the service and its database answer (no token needed)."""
    current, _head = ws.schema_revision()
    return Health(status="ok", version=__version__, schema_revision=current)


@router.get("/me", response_model=Me)
def me(who: Caller) -> Me:
    """The token's holder: a staff member and their role, or a collectivity."""
    return Me(kind=who.kind, name=who.name, role=who.role,
              collectivity_id=who.collectivity_id, order_ref=who.order_ref)
