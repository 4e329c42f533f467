"""The HTTP door from the command line: ``atelier serve`` and ``atelier token``.

``atelier serve`` runs the API with uvicorn on the import string
``atelier_api.main:create_app`` (a factory): the library never imports the API.
``atelier token create`` issues a staff API key (``--role``) or a collectivity's
tracking link (``--collectivity``); their secret is shown once, and only its hash
is kept.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from atelier import AtelierError
from atelier.cli.context import (
    common,
    console,
    db_option,
    emit,
    fail,
    json_option,
    lang_option,
    open_workshop,
    settings,
)
from atelier.cli.text_api import MESSAGES
from atelier.domain.roles import ROLES
from atelier.domain.tokens import MAX_DAYS as TOKEN_MAX_DAYS

if TYPE_CHECKING:
    import datetime as dt


F = TypeVar("F", bound=Callable[..., Any])

#: Where the API answers unless told otherwise (``ATELIER_PUBLIC_URL``, ``--public-url``).
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
#: Longest life of a token, in days (the library refuses more).
MAX_DAYS = TOKEN_MAX_DAYS
#: The secret part of a token in a logged line (the tracking page's path carries it).
_TOKEN = re.compile(r"\b(at[sc]_[0-9a-f]{16}_)[A-Za-z0-9_-]+")


def say(key: str, lang: str, **params: Any) -> str:
    """The message ``key`` of these commands in ``lang``."""
    fr, en = MESSAGES[key]
    return (fr if lang == "fr" else en).format(**params)


def tracking_url(public_url: str, token: str) -> str:
    """The tracking page a collectivity link opens: ``<public_url>/suivi/<token>``."""
    return f"{public_url.rstrip('/')}/suivi/{token}"


def hide_tokens(text: str) -> str:
    """``text`` with the secret part of every token replaced by ``***``."""
    return _TOKEN.sub(r"\1***", text)


class HideTokens(logging.Filter):
    """Keeps tokens' secrets out of the server's logs (access lines name the page's path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = hide_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(hide_tokens(a) if isinstance(a, str) else a
                                for a in record.args)
        return True


def _door(func: F) -> F:
    """The shared options without ``--role``: here ``--role`` is the new key's role."""
    return common(func, role=False)


def _expiry(when: dt.datetime | None, lang: str) -> str:
    if when is None:
        return say("token.never_expires", lang)
    from atelier.cli.formats import day_text

    return say("token.expires", lang, day=day_text(when.date(), lang))


# -- serve ---------------------------------------------------------------------------------------


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="ATELIER_HOST",
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              envvar="ATELIER_PORT", help="Port to listen on.")
@click.option("--public-url", metavar="URL", envvar="ATELIER_PUBLIC_URL",
              help="The address libraries reach the server at: tracking links start with it "
                   f"(default {DEFAULT_PUBLIC_URL}).")
@db_option
@lang_option
def serve(host: str, port: int, public_url: str | None) -> None:
    """Run the HTTP API (staff API under /api/v1, tracking pages under /suivi)."""
    import uvicorn

    s = settings()
    try:
        with open_workshop() as ws:
            ws.catalogue()  # a database absent or not at this version's schema: say it now
            url = ws.location
    except AtelierError as err:
        fail(err)
    if s.db:
        os.environ["ATELIER_DATABASE_URL"] = s.db
    if public_url:
        os.environ["ATELIER_PUBLIC_URL"] = public_url
    click.echo(say("serve.starting", s.lang, host=host, port=port, url=url), err=True)
    config = uvicorn.Config("atelier_api.main:create_app", factory=True, host=host, port=port,
                            server_header=False, log_level="info")
    server = uvicorn.Server(config)
    for name in ("uvicorn.access", "uvicorn.error"):
        logging.getLogger(name).addFilter(HideTokens())
    server.run()


# -- token ---------------------------------------------------------------------------------------


@click.group()
def token() -> None:
    """Access to the HTTP API: staff API keys and collectivities' tracking links."""


@token.command("create")
@click.option("--role", "key_role", type=click.Choice(ROLES),
              help="A staff API key with this role.")
@click.option("--collectivity", "collectivity_id", type=int, metavar="ID",
              help="A tracking link for this collectivity.")
@click.option("--order", "order_ref", metavar="REF",
              help="With --collectivity: only this order.")
@click.option("--name", help="Who the API key speaks for, in the audit log "
                             "(default api-ROLE).")
@click.option("--expires-days", type=click.IntRange(1, MAX_DAYS), default=365,
              show_default=True, help="Days until the token expires.")
@click.option("--public-url", metavar="URL", envvar="ATELIER_PUBLIC_URL",
              default=DEFAULT_PUBLIC_URL, show_default=True,
              help="The server's address, for the tracking link.")
@_door
@json_option
def token_create(key_role: str | None, collectivity_id: int | None, order_ref: str | None,
                 name: str | None, expires_days: int, public_url: str) -> None:
    """Create a staff API key (--role ROLE) or a collectivity's tracking link
    (--collectivity ID [--order REF]). The secret is shown this once."""
    s = settings()
    if (key_role is None) == (collectivity_id is None):
        raise click.UsageError(say("token.role_or_collectivity", s.lang))
    if order_ref is not None and collectivity_id is None:
        raise click.UsageError(say("token.order_needs_collectivity", s.lang))
    with open_workshop() as ws:
        if key_role is not None:
            issued = ws.create_staff_token(name or f"api-{key_role}", role=key_role,
                                           expires_days=expires_days)
        else:
            assert collectivity_id is not None
            issued = ws.create_collectivity_token(collectivity_id, order_ref=order_ref,
                                                  expires_days=expires_days)
    view = issued.view
    if key_role is not None:
        if s.json:
            emit({"token": issued.token})
        else:
            click.echo(say("token.created_staff", s.lang, name=view.name, role=view.role,
                           expiry=_expiry(view.expires_at, s.lang), id=view.id,
                           token=issued.token))
        return
    url = tracking_url(public_url, issued.token)
    if s.json:
        emit({"token": issued.token, "url": url})
    else:
        order = say("token.order_only", s.lang, ref=order_ref) if order_ref else ""
        click.echo(say("token.created_collectivity", s.lang, name=view.name, order=order,
                       expiry=_expiry(view.expires_at, s.lang), id=view.id, url=url))


@token.command("revoke")
@click.argument("token_id", metavar="ID")
@common
@json_option
def token_revoke(token_id: str) -> None:
    """Revoke the token ID (as listed): it is refused from now on."""
    s = settings()
    with open_workshop() as ws:
        view = ws.revoke_token(token_id)
    if s.json:
        emit(view)
    else:
        click.echo(say("token.revoked", s.lang, id=view.id, name=view.name))


@token.command("list")
@common
@json_option
def token_list() -> None:
    """Every token, without its secret: kind, holder, role or collectivity, expiry, state."""
    s = settings()
    with open_workshop() as ws:
        found = ws.tokens()
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(say("token.none", s.lang))
        return
    from atelier.cli.formats import day_text
    from atelier.cli.tables import table as new_table

    table = new_table((), s.lang, say("token.title", s.lang))
    for col in ("id", "kind", "holder", "scope", "expires", "state"):
        table.add_column(say(f"token.col.{col}", s.lang))
    for v in found:
        scope = v.role or (f"{v.collectivity_id}" + (f" / {v.order_ref}" if v.order_ref else ""))
        expires = day_text(v.expires_at.date(), s.lang) if v.expires_at else "—"
        table.add_row(v.id, say(f"token.kind.{v.kind}", s.lang), v.name, scope, expires,
                      say(f"token.state.{v.state}", s.lang))
    console().print(table)


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
    group.add_command(serve)
    group.add_command(token)
