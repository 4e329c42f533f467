"""Access tokens in the library: created once, stored as hashes, expiring, revocable
(RELIABILITY 9), and idempotent responses kept per token."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from atelier import Workshop
from atelier.domain.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from atelier.domain.tokens import StoredResponse
from atelier.store import tables as t
from tests.conftest import Clock, make_siret

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service


@pytest.mark.database
def test_a_staff_key_speaks_for_its_role_until_revoked(workshop: Workshop, clock: Clock,
                                                      engine: sa.Engine) -> None:
    issued = workshop.create_staff_token("Logiciel de la direction", role="viewer")
    who = workshop.authenticate(issued.token)
    assert (who.kind, who.role, who.name) == ("staff", "viewer", "Logiciel de la direction")
    with engine.connect() as conn:
        stored = [tuple(r) for r in conn.execute(sa.select(t.api_tokens))]
    secret = issued.token.rsplit("_", 1)[1]
    assert secret not in repr(stored) and issued.token not in repr(stored)
    assert secret not in repr(workshop.audit(limit=10))
    workshop.revoke_token(issued.view.id)
    with pytest.raises(NotAuthenticated):
        workshop.authenticate(issued.token)


@pytest.mark.parametrize("damage", ["unknown id", "wrong secret", "malformed", "other kind"])
def test_every_bad_token_gets_the_same_refusal(workshop: Workshop, damage: str) -> None:
    token = workshop.create_staff_token("script", role="supervisor").token
    prefix, public_id, secret = token.split("_", 2)
    bad = {"unknown id": f"{prefix}_{'0' * 16}_{secret}",
           "wrong secret": f"{prefix}_{public_id}_{'A' * len(secret)}",
           "malformed": token[:-10] + "!",
           "other kind": f"atc_{public_id}_{secret}"}[damage]
    with pytest.raises(NotAuthenticated) as err:
        workshop.authenticate(bad)
    assert err.value.code == "token_invalid"


def test_a_token_expires(workshop: Workshop, clock: Clock) -> None:
    token = workshop.create_staff_token("script", role="admin", expires_days=1).token
    assert workshop.authenticate(token).role == "admin"
    clock.advance(days=1, seconds=1)
    with pytest.raises(NotAuthenticated):
        workshop.authenticate(token)
    with pytest.raises(InvalidInput):
        workshop.create_staff_token("script", role="admin", expires_days=0)


def test_a_collectivity_link_is_scoped_to_its_client_and_order(workshop: Workshop) -> None:
    rade = workshop.add_collectivity("Médiathèque de la Rade", kind="mediatheque",
                                     siret=make_siret())
    other = workshop.add_collectivity("Mairie", kind="town_hall")
    ref = workshop.create_order(rade, ["couvrage:standard=3"], accepted=True)
    whole = workshop.authenticate(workshop.create_collectivity_token(rade).token)
    assert (whole.kind, whole.collectivity_id, whole.order_ref, whole.role) == (
        "collectivity", rade, None, None)
    one = workshop.authenticate(workshop.create_collectivity_token(rade, order_ref=ref).token)
    assert one.order_ref == ref
    with pytest.raises(NotFound):  # another client's order cannot be put in a link
        workshop.create_collectivity_token(other, order_ref=ref)


def test_only_the_admin_manages_staff_keys(workshop: Workshop) -> None:
    key = workshop.create_staff_token("script", role="viewer")
    supervisor = workshop.acting_as("Claire", role="supervisor")
    with pytest.raises(Forbidden):
        supervisor.create_staff_token("mine", role="admin")
    with pytest.raises(NotFound) as hidden:  # as an unknown id: no oracle of the key ids
        supervisor.revoke_token(key.view.id)
    with pytest.raises(NotFound) as unknown:
        supervisor.revoke_token("0123456789abcdef")
    assert (hidden.value.code, str(hidden.value).replace(key.view.id, "ID")) == (
        unknown.value.code, str(unknown.value).replace("0123456789abcdef", "ID"))
    client = workshop.add_collectivity("École", kind="school")
    link = supervisor.create_collectivity_token(client)
    assert supervisor.revoke_token(link.view.id).revoked_at is not None


#: Requests as the HTTP door hashes them (SHA-256, hex).
H1, H2 = "1" * 64, "2" * 64


def _once(ws: Workshop, token: str, key: str, digest: str, answer: StoredResponse,
          act: bool = True) -> StoredResponse | None:
    """One request with an ``Idempotency-Key``: the kept answer, or None after acting
    (adding a collectivity) and keeping ``answer``."""
    request = ws.idempotent(token, key, digest)
    stored = request.begin()
    if stored is None:
        if act:
            request.workshop.add_collectivity("École", kind="school")
        request.finish(answer)
    return stored


def test_an_idempotency_key_returns_the_stored_response(workshop: Workshop,
                                                        clock: Clock) -> None:
    created = StoredResponse(201, "application/json", '{"ref": "CMD-2026-0001"}')
    assert _once(workshop, "abc", "key-1", H1, created) is None
    assert _once(workshop, "abc", "key-1", H1, created) == created
    assert len(workshop.collectivities()) == 1  # acted once
    assert _once(workshop, "other", "key-1", H1, created, act=False) is None  # per token
    with pytest.raises(InvalidInput) as err:
        workshop.idempotent("abc", "key-1", H2).begin()
    assert err.value.code == "idempotency_key_reused"
    clock.advance(hours=24)
    assert _once(workshop, "abc", "key-1", H1, created) is not None  # kept 24 h at least
    clock.advance(hours=25)
    assert _once(workshop, "abc", "key-1", H1, created, act=False) is None


def test_work_and_answer_are_kept_together_or_not_at_all(workshop: Workshop) -> None:
    refused = StoredResponse(409, "application/problem+json", '{"code": "order_is_quote"}')
    request = workshop.idempotent("abc", "key-2", H1)
    assert request.begin() is None
    request.workshop.add_collectivity("École", kind="school")
    request.abandon()  # an answer not to keep: neither is the work
    assert workshop.collectivities() == []
    request = workshop.idempotent("abc", "key-2", H1)
    assert request.begin() is None
    with pytest.raises(NotFound):  # a use case refused: its savepoint leaves nothing
        request.workshop.create_order(999, ["couvrage:standard=3"])
    request.workshop.add_collectivity("Mairie", kind="town_hall")
    request.finish(refused)
    assert [c.name for c in workshop.collectivities()] == ["Mairie"]
    assert workshop.idempotent("abc", "key-2", H1).begin() == refused


@pytest.mark.parametrize("key", ["", "   ", "k" * 256, "a\x00b"])
def test_a_malformed_key_is_refused_before_anything(workshop: Workshop, key: str) -> None:
    with pytest.raises(InvalidInput) as err:
        workshop.idempotent("abc", key, H1).begin()
    assert err.value.field == "Idempotency-Key"
