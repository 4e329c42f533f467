"""The OpenAPI document says what the server enforces beyond each route's own
declaration: the token checked on every API path, the body's size limit, the
``Idempotency-Key`` of a POST and its refusals, a database that cannot serve, and integer
bounds written as integers.
"""

from __future__ import annotations

from typing import Any

from atelier.domain.tokens import MAX_IDEMPOTENCY_KEY
from atelier_api.paths import API_PREFIX, PUBLIC_API_PATHS

_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_GUARDS = {
    "401": "No valid token: send `Authorization: Bearer TOKEN` (code `token_missing`, "
           "`token_invalid`); checked before the body is read.",
    "413": "The request body is over the server's limit (code `request_too_large`): refused "
           "before it is read.",
    "409": "The workshop's rules refuse the act, somebody else changed the same thing "
           "first, or another request with the same `Idempotency-Key` is under way "
           "(`idempotency_in_progress`: nothing was done, send it again).",
    "503": "The database cannot be used as it is (`database_unreachable`, `database_newer`, "
           "`database_read_only`…) or stayed busy with another writer longer than the wait "
           "allowed (`database_busy`, with `Retry-After`): nothing was done.",
    "422": "The request is not valid, or its `Idempotency-Key` is malformed "
           "(`idempotency_key_invalid`) or was used for another request "
           "(`idempotency_key_reused`).",
}
_KEY_HEADER = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Send the request again with the same key and the same body: it acts "
                   "once, and the answer kept for 48 hours is given again "
                   "(`Idempotent-Replayed: true`).",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_IDEMPOTENCY_KEY},
}
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def enforced(schema: dict[str, Any]) -> None:
    """Complete ``schema`` in place (safe to repeat)."""
    for path, operations in schema.get("paths", {}).items():
        guarded = path.startswith(f"{API_PREFIX}/") and path not in PUBLIC_API_PATHS
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            # Every route but the static ones reads the database, which may be down.
            wanted = ["401", "503"] if guarded else (["503"] if path.startswith(
                (API_PREFIX, "/suivi")) else [])
            if method in ("post", "put", "patch"):
                wanted.append("413")
                if guarded:
                    wanted += ["409", "422"]
                if guarded and method == "post":  # the key is honoured on POST only
                    parameters = operation.setdefault("parameters", [])
                    if not any(p.get("name") == "Idempotency-Key" for p in parameters):
                        parameters.append(dict(_KEY_HEADER))
            for status in wanted:
                operation["responses"].setdefault(
                    status, {"description": _GUARDS[status], "content": dict(_PROBLEM)})
    _integers(schema)


def _integers(node: Any) -> None:
    """``"minimum": 0.0`` on an integer is ``0``: a bound of an integer is one."""
    if isinstance(node, dict):
        if node.get("type") == "integer":
            for key in _BOUNDS:
                value = node.get(key)
                if isinstance(value, float) and value.is_integer():
                    node[key] = int(value)
        for value in node.values():
            _integers(value)
    elif isinstance(node, list):
        for value in node:
            _integers(value)
