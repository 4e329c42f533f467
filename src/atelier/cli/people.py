"""Posts, trainees, contracts, personal data, exits and certificates."""

from __future__ import annotations

import click

from atelier.cli.context import common, emit, json_option, open_workshop, settings
from atelier.cli.i18n import t


@click.group()
def post() -> None:
    """The workshop's funded posts."""


@post.command("add")
@click.argument("code")
@click.argument("label")
@common
@json_option
def post_add(code: str, label: str) -> None:
    """Declare a post (e.g. P1 "Couvrage 1")."""
    s = settings()
    with open_workshop() as ws:
        ws.add_post(code, label)
    if s.json:
        emit({"code": code})
    else:
        click.echo(t("post.added", s.lang, code=code))


@post.command("list")
@common
@json_option
def post_list() -> None:
    """The posts and who holds them (trainee codes only)."""
    s = settings()
    with open_workshop() as ws:
        posts = ws.posts()
    if s.json:
        emit([{"code": c, "label": lb, "trainee": tr} for c, lb, tr in posts])
        return
    for code, lab, trainee in posts:
        click.echo(f"{code}\t{lab}\t{trainee or 'vacant'}")


@click.group()
def trainee() -> None:
    """Trainees, known by pseudonymous codes."""


@trainee.command("add")
@click.option("--post", "post_code", help="The post the trainee holds.")
@click.option("--code", help="A chosen code (default: the next T-NNNN).")
@common
@json_option
def trainee_add(post_code: str | None, code: str | None) -> None:
    """Register a trainee; prints the pseudonymous code."""
    s = settings()
    with open_workshop() as ws:
        new = ws.add_trainee(post=post_code, code=code)
    if s.json:
        emit({"code": new})
    else:
        click.echo(t("trainee.added", s.lang, code=new))


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
    for command in (post, trainee):
        group.add_command(command)
