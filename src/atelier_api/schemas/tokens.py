"""Bodies of the token routes: staff API keys and collectivity links."""

from __future__ import annotations

from pydantic import BaseModel, Field

from atelier.domain.roles import ROLES
from atelier_api.schemas.common import (
    Id,
    Moment,
    Page,
    RequestBody,
    examples,
    one_of,
    page_examples,
)

#: Longest life of a token, in days (the library's bound).
MAX_DAYS = 3 * 366

_VIEW = {"id": "3f9c2a1b7d4e5f60", "kind": "staff", "name": "logiciel de la médiathèque",
         "role": "viewer", "collectivity_id": None, "order_ref": None,
         "created_at": "2026-03-02T09:00:00+01:00", "expires_at": "2027-03-02T09:00:00+01:00",
         "revoked_at": None, "active": True}


class TokenOut(BaseModel):
    """A token as listed: never its secret."""

    model_config = examples(_VIEW)

    id: str = Field(description="The public id (the part after the prefix).")
    kind: str = Field(description="staff or collectivity")
    name: str
    role: str | None
    collectivity_id: int | None
    order_ref: str | None
    created_at: Moment
    expires_at: Moment | None
    revoked_at: Moment | None
    active: bool = Field(description="Neither revoked nor expired now.")


class TokenPage(Page[TokenOut]):
    """A page of tokens, newest first."""

    model_config = page_examples(TokenOut)


class StaffTokenIn(RequestBody):
    """A staff API key to create (admin only)."""

    model_config = examples({"name": "logiciel de la médiathèque", "role": "viewer",
                             "expires_days": 365})

    name: str = Field(max_length=200, description="Who the key speaks for (in the audit log).")
    role: str = Field(max_length=20, json_schema_extra=one_of(ROLES))
    expires_days: int | None = Field(default=365, ge=1, le=MAX_DAYS, strict=True,
                                     description="Days until it expires (null: never).")


class StaffTokenOut(TokenOut):
    """A new staff API key: ``token`` is shown this once."""

    model_config = examples({**_VIEW, "token": "ats_3f9c2a1b7d4e5f60_"
                                               "Xq2v9sQ0l3xYV8iW6c0kq1mH2oJpR5tZ7uA4bC9dE1f"})

    token: str = Field(description="Send it as `Authorization: Bearer TOKEN`.")


class CollectivityTokenIn(RequestBody):
    """A link for a collectivity to follow its orders (or one order)."""

    model_config = examples({"collectivity_id": 1, "order_ref": "CMD-2026-0042",
                             "expires_days": 365})

    collectivity_id: Id
    order_ref: str | None = Field(default=None, max_length=64,
                                  description="Only this order of the collectivity.")
    expires_days: int | None = Field(default=365, ge=1, le=MAX_DAYS, strict=True)


class CollectivityTokenOut(TokenOut):
    """A new collectivity link: ``url`` is the tracking page to send to the library
    (``token`` is shown this once)."""

    model_config = examples({**_VIEW, "kind": "collectivity", "name": "Médiathèque de Brest",
                             "role": None, "collectivity_id": 1, "order_ref": "CMD-2026-0042",
                             "token": "atc_9a8b7c6d5e4f3a2b_"
                                      "Jd8s7Qm2Lk9Xv0Wc4Ty6Ub1Rn3Pz5Oa7Hq2Ge8Fs0Ki",
                             "url": "https://atelier.example.fr/suivi/atc_9a8b7c6d5e4f3a2b_"
                                    "Jd8s7Qm2Lk9Xv0Wc4Ty6Ub1Rn3Pz5Oa7Hq2Ge8Fs0Ki"})

    token: str
    url: str = Field(description="The tracking page's link: `<public_url>/suivi/<token>`.")
