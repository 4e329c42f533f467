"""Bodies of the token routes: staff API keys and collectivity links."""

from __future__ import annotations

from pydantic import Field

from atelier import TokenView
from atelier.domain import bounds
from atelier.domain.roles import ROLES
from atelier.domain.tokens import MAX_DAYS
from atelier_api.schemas.common import Id, RequestBody, examples, one_of, page_of
from atelier_api.shapes import model_of

_VIEW = {"id": "3f9c2a1b7d4e5f60", "kind": "staff", "name": "logiciel de la médiathèque",
         "role": "viewer", "collectivity_id": None, "order_ref": None,
         "created_at": "2026-03-02T09:00:00+01:00", "expires_at": "2027-03-02T09:00:00+01:00",
         "revoked_at": None, "active": True}


TokenOut = model_of(TokenView, examples=[_VIEW], descriptions={
    "id": "The public id (the part after the prefix).", "kind": "staff or collectivity",
    "active": "Neither revoked nor expired now."})
TokenPage = page_of(TokenOut, "TokenPage", "A page of tokens, newest first.")


class StaffTokenIn(RequestBody):
    """A staff API key to create (admin only)."""

    model_config = examples({"name": "logiciel de la médiathèque", "role": "viewer",
                             "expires_days": 365})

    name: str = Field(max_length=bounds.NAME,
                      description="Who the key speaks for (in the audit log).")
    role: str = Field(max_length=20, json_schema_extra=one_of(ROLES))
    expires_days: int | None = Field(default=365, ge=1, le=MAX_DAYS, strict=True,
                                     description="Days until it expires (null: never).")


StaffTokenOut = model_of(
    TokenView, name="StaffTokenOut",
    fields={"token": str}, descriptions={"token": "Send it as `Authorization: Bearer TOKEN`."},
    examples=[{**_VIEW, "token": "ats_3f9c2a1b7d4e5f60_"
                                 "Xq2v9sQ0l3xYV8iW6c0kq1mH2oJpR5tZ7uA4bC9dE1f"}])


class CollectivityTokenIn(RequestBody):
    """A link for a collectivity to follow its orders (or one order)."""

    model_config = examples({"collectivity_id": 1, "order_ref": "CMD-2026-0042",
                             "expires_days": 365})

    collectivity_id: Id
    order_ref: str | None = Field(default=None, max_length=bounds.REF,
                                  description="Only this order of the collectivity.")
    expires_days: int | None = Field(default=365, ge=1, le=MAX_DAYS, strict=True)


CollectivityTokenOut = model_of(
    TokenView, name="CollectivityTokenOut", fields={"token": str, "url": str},
    descriptions={"url": "The tracking page's link: `<public_url>/suivi/<token>`."},
    examples=[{**_VIEW, "kind": "collectivity", "name": "Médiathèque de Brest", "role": None,
               "collectivity_id": 1, "order_ref": "CMD-2026-0042",
               "token": "atc_9a8b7c6d5e4f3a2b_Jd8s7Qm2Lk9Xv0Wc4Ty6Ub1Rn3Pz5Oa7Hq2Ge8Fs0Ki",
               "url": "https://atelier.example.fr/suivi/atc_9a8b7c6d5e4f3a2b_"
                      "Jd8s7Qm2Lk9Xv0Wc4Ty6Ub1Rn3Pz5Oa7Hq2Ge8Fs0Ki"}])
