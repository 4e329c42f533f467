"""Routes: access tokens — staff API keys (admin) and collectivity links."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from atelier import Workshop
from atelier_api.deps import Settings, Staff
from atelier_api.schemas.common import Paging, page, staff
from atelier_api.schemas.tokens import (
    CollectivityTokenIn,
    CollectivityTokenOut,
    StaffTokenIn,
    StaffTokenOut,
    TokenOut,
    TokenPage,
)
from atelier_api.shapes import shown

router = APIRouter(tags=["tokens"])


def tracking_url(public_url: str, token: str) -> str:
    """The tracking page a collectivity link opens."""
    return f"{public_url.rstrip('/')}/suivi/{token}"


@router.post("/tokens/staff", summary="Create a staff API key",
             **staff(Workshop.create_staff_token, returns=StaffTokenOut, status=201))
def create_staff_token(ws: Staff, body: StaffTokenIn) -> Any:
    """A key with a role, an expiry, revocable; stored only as a hash: the secret is in
    this answer and nowhere else."""
    issued = ws.create_staff_token(body.name, role=body.role, expires_days=body.expires_days)
    return shown(issued.view, token=issued.token)


@router.post("/tokens/collectivity", summary="Create a collectivity link",
             **staff(Workshop.create_collectivity_token, 404, returns=CollectivityTokenOut,
                     status=201))
def create_collectivity_token(ws: Staff, conf: Settings, body: CollectivityTokenIn) -> Any:
    """A link scoped to one collectivity (optionally one of its orders), to send to the
    library: ``url`` opens its tracking page."""
    issued = ws.create_collectivity_token(body.collectivity_id, order_ref=body.order_ref,
                                          expires_days=body.expires_days)
    return shown(issued.view, token=issued.token,
                 url=tracking_url(conf.public_url, issued.token))


@router.get("/tokens", summary="List the tokens", **staff(Workshop.tokens, returns=TokenPage))
def list_tokens(ws: Staff, at: Paging,
                kind: Annotated[Literal["staff", "collectivity"] | None, Query()] = None,
                active: Annotated[bool | None, Query(
                    description="Only active tokens (true) or only revoked or expired ones "
                                "(false).")] = None) -> Any:
    """Every token without its secret: kind, holder, role or collectivity, expiry,
    revocation."""
    found = [v for v in ws.tokens() if (kind is None or v.kind == kind)
             and (active is None or v.active == active)]
    return page(found, at)


@router.post("/tokens/{token_id}/revoke", summary="Revoke a token",
             **staff(Workshop.revoke_token, 404, returns=TokenOut))
def revoke_token(ws: Staff, token_id: Annotated[str, PathParam(
        max_length=64, examples=["3f9c2a1b7d4e5f60"],
        description="The token's public id.")]) -> Any:
    """Refused from now on. A staff key needs the admin; a collectivity link, the right to
    manage clients. Revoking twice changes nothing."""
    return shown(ws.revoke_token(token_id))
