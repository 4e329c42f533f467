"""Use cases of ``Idempotency-Key``, with Stripe's semantics, run inside the one
transaction of the request they guard (see ``atelier.facade.idempotency``).

:func:`claim` is the request's first act: it holds the key (another transaction
holding it: ``idempotency_in_progress``, nothing done), and gives the answer kept
for it, if any. :func:`keep` is its last: the answer is written in the same
transaction as the work, so both are committed or neither is — a request whose work
was committed always finds its answer, even if the server died before sending it.
"""

from __future__ import annotations

import datetime as dt

from atelier.domain.tokens import (
    StoredResponse,
    check_idempotency_key,
    check_request_hash,
    check_response,
    check_same_request,
    check_token_id,
    key_in_progress,
)
from atelier.services.ports import UnitOfWork

#: How long a stored idempotent response is kept (Stripe keeps keys 24 hours at least).
IDEMPOTENCY_HOURS = 48


def claim(uow: UnitOfWork, token_id: str, key: str, request_hash: str,
          now: dt.datetime) -> StoredResponse | None:
    """Hold this token's ``Idempotency-Key`` for the transaction and give the answer kept
    for it, or None if the key is new.

    Refused: a malformed key (``idempotency_key_invalid``), a key another transaction
    holds (``idempotency_in_progress``), the same key with another request
    (``idempotency_key_reused``). Keys older than :data:`IDEMPOTENCY_HOURS` are
    forgotten.
    """
    check_idempotency_key(key)
    check_request_hash(request_hash)
    token = check_token_id(token_id)
    if not uow.tokens.claim(token, key):
        raise key_in_progress()
    # Only this key's old answer: the request's transaction lasts as long as the request,
    # and must not hold the other keys' rows meanwhile (see :func:`forget`).
    uow.tokens.forget_responses_before(now - dt.timedelta(hours=IDEMPOTENCY_HOURS), token, key)
    found = uow.tokens.stored_response(token, key)
    if found is None:
        return None
    stored_hash, response = found
    check_same_request(key, stored_hash, request_hash)
    return response


def forget(uow: UnitOfWork, now: dt.datetime) -> int:
    """Forget every answer older than :data:`IDEMPOTENCY_HOURS` (its own short
    transaction, before a request's); how many."""
    return uow.tokens.forget_responses_before(now - dt.timedelta(hours=IDEMPOTENCY_HOURS))


def keep(uow: UnitOfWork, token_id: str, key: str, request_hash: str,
         response: StoredResponse, now: dt.datetime) -> None:
    """Keep the answer of a request made with an ``Idempotency-Key`` (in the request's
    transaction, after :func:`claim`)."""
    check_idempotency_key(key)
    check_request_hash(request_hash)
    check_response(response.status, response.body, response.media_type)
    uow.tokens.store_response(check_token_id(token_id), key, request_hash, response, now)
