"""``Idempotency-Key`` on POST, with Stripe's semantics, and a guarantee that holds.

The same key with the same request (method, path, query, body) gets the stored
answer again (``Idempotent-Replayed: true``, the same status, media type and body)
without acting twice; the same key with another request is refused (422
``idempotency_key_reused``); keys are kept 48 hours (Stripe: at least 24) and
belong to the token that used them.

The key is claimed in the same transaction as the work, and the answer is written
in it before it commits (``Workshop.idempotent``): the work and its answer are kept
together or not at all. So a server killed after the commit leaves an answer to
replay, and one killed before leaves nothing done. While a request holds its key, the
same key is answered 409 ``idempotency_in_progress`` (PostgreSQL; SQLite queues
the writers) and nothing is done. An answer that says "nothing was done, try again"
(5xx, 429, ``contention``…) is not kept, and neither is the work: the request may be
sent again with the same key.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import anyio.to_thread
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from atelier import Workshop
from atelier.domain.errors import AtelierError
from atelier.domain.tokens import Principal, StoredResponse, check_idempotency_key
from atelier_api.problems import PROBLEM_JSON, problem_of

HEADER = b"idempotency-key"
#: Answers that say the request may be sent again: never kept, their work dropped.
RETRYABLE_CODES = frozenset({"contention", "concurrent_write", "database_busy",
                             "idempotency_in_progress", "too_many_requests"})


class IdempotencyMiddleware:
    """Runs a POST carrying an ``Idempotency-Key`` in one transaction with its stored
    answer; every other request goes straight to the application.

    It sits inside :class:`~atelier_api.guards.AuthFirst`, which has already found who
    calls (a request it did not authenticate is not guarded).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _key(scope)
        who: Principal | None = scope.get("state", {}).get("principal")
        if key is None or who is None:
            await self.app(scope, receive, send)
            return
        try:
            check_idempotency_key(key)  # malformed: refused before anything is read or run
        except AtelierError as err:
            await problem_of(err)(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:  # nobody to answer, and a cut body is not the request: do nothing
            return
        ws: Workshop = scope["app"].state.workshop
        request = ws.idempotent(who.token_id, key, _digest(scope, body))
        try:
            stored = await anyio.to_thread.run_sync(request.begin)
        except AtelierError as err:
            await problem_of(err)(scope, receive, send)
            return
        if stored is not None:
            await _replay(stored)(scope, receive, send)
            return
        scope.setdefault("state", {})["workshop"] = request.workshop
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)

        try:
            await self.app(scope, _replaying(body, receive), capture)
        except BaseException:
            await anyio.to_thread.run_sync(request.abandon)
            raise
        answer = _answer(captured)
        if answer is None:
            await anyio.to_thread.run_sync(request.abandon)
        else:
            try:
                await anyio.to_thread.run_sync(request.finish, answer)
            except AtelierError as err:  # not committed: the work is not done either
                await anyio.to_thread.run_sync(request.abandon)
                await problem_of(err)(scope, receive, send)
                return
        for message in captured:
            await send(message)


def _key(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["method"] != "POST":
        return None
    for name, value in scope["headers"]:
        if name == HEADER:
            return str(value.decode("latin-1"))
    return None


def _digest(scope: Scope, body: bytes) -> str:
    """The request as the key is bound to it: method, path, query and body."""
    return hashlib.sha256(b"\n".join([scope["method"].encode(),
                                      scope["path"].encode("utf-8", "surrogateescape"),
                                      scope.get("query_string", b""), body])).hexdigest()


async def _read_body(receive: Receive) -> bytes | None:
    """The whole body, or None when the client left before sending it all."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read, then waits for the disconnect."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _answer(messages: list[Message]) -> StoredResponse | None:
    """The answer to keep, or None when it must not be kept (nor the work)."""
    start = next((m for m in messages if m["type"] == "http.response.start"), None)
    if start is None:
        return None
    status = int(start["status"])
    headers = {name.lower(): value for name, value in start.get("headers", [])}
    media_type = headers.get(b"content-type", b"application/json").decode("latin-1")
    media_type = media_type.split(";")[0].strip()
    content = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    if status >= 500 or status == 429:
        return None
    # The API answers JSON; anything else is kept as text all the same (the work is done:
    # its answer must be kept, even a little altered).
    text = content.decode("utf-8", "replace")
    if media_type == PROBLEM_JSON and _code(text) in RETRYABLE_CODES:
        return None
    return StoredResponse(status=status, media_type=media_type, body=text)


def _code(text: str) -> Any:
    try:
        return json.loads(text).get("code")
    except (ValueError, AttributeError):
        return None


def _replay(stored: StoredResponse) -> Response:
    """The kept answer, as it was first given."""
    return Response(stored.body, status_code=stored.status, media_type=stored.media_type,
                    headers={"Idempotent-Replayed": "true"})
