"""Who am I, and is the service up."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from atelier import Principal, __version__
from atelier_api.deps import AnyWorkshop, Caller
from atelier_api.problems import problem_responses
from atelier_api.shapes import model_of, shown

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    """The service answers, and the database is at this version's schema."""

    status: str
    version: str
    schema_revision: str | None


Me = model_of(Principal, name="Me", examples=[{
    "kind": "staff", "name": "logiciel de la médiathèque", "role": "viewer",
    "collectivity_id": None, "order_ref": None}])


@router.get("/health", response_model=Health, responses=problem_responses(409))
def health(ws: AnyWorkshop) -> Health:
    """Whether the service and its database answer (no token needed)."""
    current, _head = ws.schema_revision()
    return Health(status="ok", version=__version__, schema_revision=current)


@router.get("/me", response_model=None,
            responses={200: {"model": Me, "description": "Successful Response"}})
def me(who: Caller) -> Any:
    """The token's holder: a staff member and their role, or a collectivity."""
    return shown(who)
