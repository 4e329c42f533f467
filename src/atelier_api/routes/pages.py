"""The tracking page a collectivity's link opens: ``/suivi/{token}``.

Server-rendered French HTML (Jinja2, autoescaped) that works without
JavaScript, reads on a phone and follows the accessibility basics (language,
ordered headings, labelled progress bars with their figures in text, table
headers, a skip link, contrast of at least 4.5:1). The token travels in the
path because a librarian clicks a link; a link that is malformed, unknown,
expired or revoked, another client's order or delivery, or an order outside a
link limited to one order all answer the same French "page not found" (404).
Every answer is ``Cache-Control: no-store`` and counts against the link's rate.

A page costs one thread-pool hop (its route; the dependencies are ``async``) and
one transaction: the link's authentication, its rate and the read, in that order
(:func:`atelier_api.onehop.as_client`); the template is rendered after the
transaction ends.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

import jinja2
from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from atelier import ClientOrder, NotAuthenticated, NotFound, Principal, Workshop
from atelier.domain.tokens import COLLECTIVITY
from atelier.domain.tracking import date_fr, number_fr
from atelier_api import ratelimit
from atelier_api.deps import AnyWorkshop
from atelier_api.onehop import as_client

router = APIRouter(tags=["pages"])

R = TypeVar("R")

_TOKEN_IN_PATH = re.compile(r"(/suivi/)[^/?#\s]+")


def redact(path: str) -> str:
    """``path`` with the link's token hidden: ``/suivi/***/commandes/…``."""
    return _TOKEN_IN_PATH.sub(r"\1***", path)


class RedactTrackingTokens(logging.Filter):
    """Hides the token of ``/suivi/{token}`` paths in uvicorn's access log (and in any
    record whose arguments carry such a path): a link is a secret (RELIABILITY 9)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(
                isinstance(a, str) and "/suivi/" in a for a in record.args):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str) and "/suivi/" in record.msg:
            record.msg = redact(record.msg)
        return True


def install_log_redaction() -> None:
    """Put :class:`RedactTrackingTokens` on uvicorn's access logger (once)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactTrackingTokens) for f in access.filters):
        access.addFilter(RedactTrackingTokens())


# The page's module is imported when the application is built: from then on, no link's
# token reaches the access log.
install_log_redaction()

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("atelier_api", "templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
_ENV.filters["date_fr"] = date_fr
_ENV.filters["number"] = number_fr

#: Headers of every answer of the page (the security headers are added app-wide).
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}

_HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}
_PAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The page (French HTML).", **_HTML},
    404: {"description": "Page not found (French HTML): a link that is not valid (any "
                         "more), or an order or delivery it does not reach.", **_HTML},
    429: {"description": "Too many requests for this link (French HTML, `Retry-After`).",
          **_HTML},
}
_TXT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "One barcode per line (UTF-8).",
          "content": {"text/plain": {"schema": {"type": "string"},
                                     "example": "0123456789012\n0123456789013\n"}}},
    404: _PAGE_RESPONSES[404], 429: _PAGE_RESPONSES[429],
}

_TOKEN = Path(description="The collectivity's link token.")


def _render(name: str, status: int = 200, headers: dict[str, str] | None = None,
            **context: Any) -> HTMLResponse:
    return HTMLResponse(_ENV.get_template(name).render(**context), status_code=status,
                        headers={**PAGE_HEADERS, **(headers or {})})


def not_found() -> HTMLResponse:
    """The one French "page not found" of the tracking side (status 404)."""
    return _render("error.html", 404, title="Page introuvable", paragraphs=[
        "Ce lien ne mène à aucune page : il n'est peut-être plus valable (il a expiré ou "
        "a été retiré), l'adresse est incomplète, ou la commande demandée n'en fait pas "
        "partie.",
        "Demandez un nouveau lien de suivi à l'atelier."])


def too_many(exc: ratelimit.TooManyRequests) -> HTMLResponse:
    """The French "too many requests" page (status 429, ``Retry-After``)."""
    return _render("error.html", 429, {"Retry-After": str(exc.retry_after)},
                   title="Trop de demandes", paragraphs=[
                       "Cette page a été demandée trop souvent en peu de temps.",
                       f"Réessayez dans {exc.retry_after} secondes."])


def _as_link(request: Request, ws: Workshop, token: str,
             read: Callable[[Workshop, Principal], R]) -> R | Response:
    """``read`` as the collectivity of the link, in one transaction with the link's
    authentication and after its rate is counted (the page's one thread hop); or the
    page to answer instead (not found, too many requests)."""

    def admit(who: Principal) -> None:
        if who.kind != COLLECTIVITY or who.collectivity_id is None:
            raise NotAuthenticated("this page takes a collectivity link", code="token_invalid")
        ratelimit.check(request, who)

    try:
        return as_client(ws, token, admit, read)
    except NotAuthenticated:
        return not_found()
    except ratelimit.TooManyRequests as exc:
        return too_many(exc)


def _or_none(read: Callable[[], R]) -> R | None:
    """``read()``, or None for something the link does not reach (``NotFound``)."""
    try:
        return read()
    except NotFound:
        return None


def _path(request: Request, name: str, **params: str) -> str:
    """The path of route ``name`` (under the application's root path)."""
    root = str(request.scope.get("root_path", "")).rstrip("/")
    return root + str(request.app.url_path_for(name, **params))


@router.get("/suivi/{token}", response_class=HTMLResponse, name="tracking_home",
            summary="The tracking page of a collectivity's link", responses=_PAGE_RESPONSES)
def tracking_home(request: Request, ws: AnyWorkshop, token: str = _TOKEN) -> Response:
    """The collectivity's orders: status, progress, expected date, with a link to each."""
    overview = _as_link(request, ws, token, lambda scoped, who: scoped.client_orders(who))
    if isinstance(overview, Response):
        return overview

    def order_url(order: ClientOrder) -> str:
        return _path(request, "tracking_order", token=token, public_id=order.public_id)

    return _render("overview.html", overview=overview, order_url=order_url)


@router.get("/suivi/{token}/commandes/{public_id}", response_class=HTMLResponse,
            name="tracking_order", summary="One order on the tracking page",
            responses=_PAGE_RESPONSES)
def tracking_order(request: Request, ws: AnyWorkshop, token: str = _TOKEN,
                   public_id: str = Path(description="The order's public id.")) -> Response:
    """One order: status, expected date and its method, progress per service, documents
    by custody state, deliveries with their barcode lists to download."""
    order = _as_link(request, ws, token, lambda scoped, who: _or_none(
        lambda: scoped.client_order(who, public_id)))
    if isinstance(order, Response):
        return order
    if order is None:
        return not_found()

    def delivery_url(number: str) -> str:
        return _path(request, "tracking_delivery", token=token, number=number)

    return _render("order.html", order=order,
                   home_url=_path(request, "tracking_home", token=token),
                   delivery_url=delivery_url)


@router.get("/suivi/{token}/livraisons/{number}.txt", response_class=PlainTextResponse,
            name="tracking_delivery", summary="Download a delivery's returned barcodes",
            responses=_TXT_RESPONSES)
def tracking_delivery(request: Request, ws: AnyWorkshop, token: str = _TOKEN,
                      number: str = Path(description="The delivery note's number.")
                      ) -> Response:
    """The barcodes returned under one of the link's delivery notes, one per line."""
    codes = _as_link(request, ws, token, lambda scoped, who: _or_none(
        lambda: scoped.client_delivery_barcodes(who, number)))
    if isinstance(codes, Response):
        return codes
    if codes is None:
        return not_found()
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in number)
    return PlainTextResponse(
        "".join(f"{code}\n" for code in codes), media_type="text/plain; charset=utf-8",
        headers={**PAGE_HEADERS,
                 "Content-Disposition": f'attachment; filename="{safe}-codes-barres.txt"'})


@router.get("/suivi/{rest:path}", response_class=HTMLResponse, include_in_schema=False)
async def tracking_elsewhere(rest: str) -> Response:
    """Any other address under ``/suivi/``: the same French "page not found"."""
    return not_found()
