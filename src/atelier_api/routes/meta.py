"""Who am I, and is the service up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from atelier import Principal
from atelier_api.deps import Caller
from atelier_api.health import MAX_AGE, HealthCheck
from atelier_api.problems import problem_responses
from atelier_api.shapes import model_of, shown

router = APIRouter(tags=["meta"])

assert MAX_AGE <= 10, "the schema says a check is at most ten seconds old"


class Health(BaseModel):
    """The service answers, and the database is at this version's schema (as checked at
    ``checked_at``, at most ten seconds ago)."""

    status: str
    version: str
    schema_revision: str | None
    checked_at: dt.datetime = Field(description="When the database was last checked "
                                                "(UTC); never more than ten seconds ago.")


Me = model_of(Principal, name="Me", examples=[{
    "kind": "staff", "name": "logiciel de la médiathèque", "role": "viewer",
    "collectivity_id": None, "order_ref": None}])


@router.get("/health", response_model=Health, responses=problem_responses(409))
async def health(request: Request) -> Response:
    """Whether the service and its database answer (no token needed): the database is
    checked when the service starts, then again when a call finds the last check older
    than ten seconds."""
    check: HealthCheck = request.app.state.health
    return Response(await check.answer(), media_type="application/json")


@router.get("/me", response_model=None,
            responses={200: {"model": Me, "description": "Successful Response"}})
async def me(who: Caller) -> Any:
    """The token's holder: a staff member and their role, or a collectivity."""
    return shown(who)
