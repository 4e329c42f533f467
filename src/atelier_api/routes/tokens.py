"""Routes: access tokens — staff API keys (admin) and collectivity links."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from atelier.app import Workshop
from atelier.domain.tokens import TokenView
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

router = APIRouter(tags=["tokens"])


def tracking_url(public_url: str, token: str) -> str:
    """The tracking page a collectivity link opens."""
    return f"{public_url.rstrip('/')}/suivi/{token}"


def _view(ws: Workshop, view: TokenView) -> dict[str, Any]:
    return {**view.as_dict(), "active": view.active(ws.clock())}


@router.post("/tokens/staff", response_model=StaffTokenOut, status_code=201,
             summary="Create a staff API key", **staff(Workshop.create_staff_token))
def create_staff_token(ws: Staff, body: StaffTokenIn) -> StaffTokenOut:
    """A key with a role, an expiry, revocable; stored only as a hash: the secret is in
    this answer and nowhere else."""
    issued = ws.create_staff_token(body.name, role=body.role, expires_days=body.expires_days)
    return StaffTokenOut.model_validate({**_view(ws, issued.view), "token": issued.token})


@router.post("/tokens/collectivity", response_model=CollectivityTokenOut, status_code=201,
             summary="Create a collectivity link", **staff(Workshop.create_collectivity_token,
                                                           404))
def create_collectivity_token(ws: Staff, conf: Settings,
                              body: CollectivityTokenIn) -> CollectivityTokenOut:
    """A link scoped to one collectivity (optionally one of its orders), to send to the
    library: ``url`` opens its tracking page."""
    issued = ws.create_collectivity_token(body.collectivity_id, order_ref=body.order_ref,
                                          expires_days=body.expires_days)
    return CollectivityTokenOut.model_validate({
        **_view(ws, issued.view), "token": issued.token,
        "url": tracking_url(conf.public_url, issued.token)})


@router.get("/tokens", response_model=TokenPage, summary="List the tokens",
            **staff(Workshop.tokens))
def list_tokens(ws: Staff, at: Paging,
                kind: Annotated[Literal["staff", "collectivity"] | None, Query()] = None,
                active: Annotated[bool | None, Query(
                    description="Only active tokens (true) or only revoked or expired ones "
                                "(false).")] = None) -> TokenPage:
    """Every token without its secret: kind, holder, role or collectivity, expiry,
    revocation."""
    now = ws.clock()
    found = [v for v in ws.tokens() if (kind is None or v.kind == kind)
             and (active is None or v.active(now) == active)]
    return page(TokenPage, found, at, lambda v: TokenOut.model_validate(_view(ws, v)))


@router.post("/tokens/{token_id}/revoke", response_model=TokenOut,
             summary="Revoke a token", **staff(Workshop.revoke_token, 404))
def revoke_token(ws: Staff, token_id: Annotated[str, PathParam(
        max_length=64, examples=["3f9c2a1b7d4e5f60"],
        description="The token's public id.")]) -> TokenOut:
    """Refused from now on. A staff key needs the admin; a collectivity link, the right to
    manage clients. Revoking twice changes nothing."""
    return TokenOut.model_validate(_view(ws, ws.revoke_token(token_id)))
