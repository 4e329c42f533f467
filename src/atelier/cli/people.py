"""Posts, trainees, contracts and exits. Personal data, export, certificate and
anonymisation are in :mod:`atelier.cli.people_records` (same ``trainee`` group)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from atelier import Contract, PostView, TraineeView
from atelier.cli.context import common, emit, json_option, open_workshop, settings
from atelier.cli.formats import day_text, month_text, visible
from atelier.cli.i18n import label, t
from atelier.cli.names import Names
from atelier.cli.params import Day
from atelier.cli.text_people import CONTRACT_KINDS, EXIT_OUTCOMES
from atelier.cli.text_skills import level_name

if TYPE_CHECKING:
    from rich.table import Table

DATE = Day()
F = TypeVar("F", bound=Callable[..., Any])


def _on(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def hours_text(minutes: int, lang: str) -> str:
    """Weekly minutes as hours (``17,5`` in French, ``17.5`` in English)."""
    text = f"{minutes / 60:g}"
    return text.replace(".", ",") if lang == "fr" else text


def _contract_text(contract: Contract | None, lang: str, *, short: bool = False) -> str:
    if contract is None:
        return t("trainee.no_contract", lang)
    key = "trainee.contract_line" if contract.planned_end else "trainee.contract_open"
    kind = contract.kind.upper() if short else label(CONTRACT_KINDS, contract.kind, lang)
    return t(key, lang, kind=kind,
             hours=hours_text(contract.weekly_minutes, lang),
             start=day_text(contract.start, lang), end=day_text(contract.planned_end, lang))


def _state_text(view: TraineeView, lang: str) -> str:
    if view.active:
        return t("trainee.active", lang)
    state = t("trainee.left", lang, on=day_text(view.exit_on, lang),
              outcome=label(EXIT_OUTCOMES, view.exit_outcome or "other", lang))
    return state + (f", {t('trainee.anonymised', lang)}" if view.anonymised else "")


# -- posts ----------------------------------------------------------------------------


@click.group()
def post() -> None:
    """The workshop's funded posts and who held them."""


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
    """The posts, who holds them since when (trainee codes only), and the vacancies."""
    s = settings()
    with open_workshop() as ws:
        posts = ws.posts()
    if s.json:
        emit(posts)
        return
    if not posts:
        click.echo(t("post.none", s.lang))
        return
    from atelier.cli.tables import show

    show(posts_table(posts, s.lang))


def posts_table(posts: Sequence[PostView], lang: str) -> Table:
    """The posts as a table: code, label, holder (trainee code only) and since when."""
    from atelier.cli.tables import table

    listed = table((("Poste", "Post", {"no_wrap": True}), ("Intitulé", "Label"),
                    ("Salarié·e", "Trainee", {"no_wrap": True}),
                    ("Depuis le", "Since", {"no_wrap": True})),
                   lang, "Postes" if lang == "fr" else "Posts")
    for p in posts:
        listed.add_row(p.code, p.label, p.trainee or t("post.vacant", lang),
                       day_text(p.since, lang) if p.trainee else "")
    return listed


@post.command("assign")
@click.argument("post_code", metavar="POST")
@click.argument("code")
@click.option("--on", type=DATE, help="From this day YYYY-MM-DD (default today).")
@common
@json_option
def post_assign(post_code: str, code: str, on: dt.datetime | None) -> None:
    """Give a vacant POST to the trainee CODE (who holds no other post)."""
    s = settings()
    with open_workshop() as ws:
        day = _on(on) or ws.clock().date()
        ws.assign_post(post_code, code, on=day)
    if s.json:
        emit({"post": post_code, "trainee": code, "on": day.isoformat()})
    else:
        click.echo(t("post.assigned", s.lang, post=post_code, trainee=code,
                     on=day_text(day, s.lang)))


@post.command("release")
@click.argument("post_code", metavar="POST")
@click.option("--on", type=DATE, help="On this day YYYY-MM-DD (default today).")
@common
@json_option
def post_release(post_code: str, on: dt.datetime | None) -> None:
    """Free POST: its holder keeps their pathway, without a post."""
    s = settings()
    with open_workshop() as ws:
        day = _on(on) or ws.clock().date()
        holder = ws.release_post(post_code, on=day)
    if s.json:
        emit({"post": post_code, "trainee": holder, "on": day.isoformat()})
    else:
        click.echo(t("post.released", s.lang, post=post_code, trainee=holder,
                     on=day_text(day, s.lang)))


@post.command("history")
@click.argument("post_code", metavar="[POST]", required=False)
@common
@json_option
def post_history(post_code: str | None) -> None:
    """Who held each post (or POST) and when."""
    s = settings()
    with open_workshop() as ws:
        history = ws.post_history(post_code)
    if s.json:
        emit(history)
        return
    if not history:
        click.echo(t("post.none_held", s.lang))
        return
    from atelier.cli.tables import show, table

    listed = table((("Poste", "Post", {"no_wrap": True}),
                    ("Salarié·e", "Trainee", {"no_wrap": True}),
                    ("Du", "From", {"no_wrap": True}), ("Au", "To", {"no_wrap": True})),
                   s.lang, "Occupation des postes" if s.lang == "fr" else "Post holders")
    for a in history:
        listed.add_row(a.post, a.trainee, day_text(a.start, s.lang),
                       day_text(a.end, s.lang) if a.end else t("post.history_open", s.lang))
    show(listed)


# -- trainees -----------------------------------------------------------------------------


@click.group()
def trainee() -> None:
    """Trainees, known by pseudonymous codes: contracts, exits, personal data."""


def _contract_options(func: F) -> F:
    for option in reversed((
        click.option("--contract", "kind", type=click.Choice(["cep", "cddi"]), required=True,
                     help="cep (inside a prison) or cddi."),
        click.option("--weekly-hours", type=float, required=True,
                     help="Hours a week (e.g. 24 or 17.5)."),
        click.option("--start", type=DATE, required=True, help="First day YYYY-MM-DD."),
        click.option("--end", type=DATE, help="Planned last day YYYY-MM-DD (CDDI: required)."),
    )):
        func = option(func)
    return func


@trainee.command("add")
@_contract_options
@click.option("--post", "post_code", help="The post the trainee holds from the start.")
@click.option("--code", help="A chosen code (default: the next T-NNNN).")
@common
@json_option
def trainee_add(kind: str, weekly_hours: float, start: dt.datetime, end: dt.datetime | None,
                post_code: str | None, code: str | None) -> None:
    """Register a trainee with their contract; prints the pseudonymous code."""
    s = settings()
    with open_workshop() as ws:
        new = ws.add_trainee(contract=kind, weekly_hours=weekly_hours, start=start.date(),
                             end=_on(end), post=post_code, code=code)
    if s.json:
        emit({"code": new})
    else:
        click.echo(t("trainee.added", s.lang, code=new))


@trainee.command("contract")
@click.argument("code")
@_contract_options
@common
@json_option
def trainee_contract(code: str, kind: str, weekly_hours: float, start: dt.datetime,
                     end: dt.datetime | None) -> None:
    """A new contract for CODE (renewal or change of kind; the rules are checked)."""
    s = settings()
    with open_workshop() as ws:
        made = ws.renew_contract(code, contract=kind, weekly_hours=weekly_hours,
                                 start=start.date(), end=_on(end))
    if s.json:
        emit({"code": code, "contract": made})
        return
    click.echo(t("trainee.contract", s.lang, code=code,
                 contract=_contract_text(made, s.lang)))


@trainee.command("list")
@click.option("--all", "include_exited", is_flag=True, help="Exited trainees too.")
@common
@json_option
def trainee_list(include_exited: bool) -> None:
    """The trainees by code, with post and contract (never a name)."""
    s = settings()
    with open_workshop() as ws:
        found = ws.trainees(include_exited=include_exited)
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(t("trainee.none", s.lang))
        return
    from atelier.cli.tables import show, table

    listed = table((("Code", "Code", {"no_wrap": True}), ("Poste", "Post", {"no_wrap": True}),
                    ("Contrat", "Contract"), ("Parcours", "Pathway")),
                   s.lang, "Salarié·es" if s.lang == "fr" else "Trainees")
    for v in found:
        listed.add_row(v.code, v.post or "—", _contract_text(v.contract, s.lang, short=True),
                       _state_text(v, s.lang))
    show(listed)


@trainee.command("show")
@click.argument("code")
@common
@json_option
def trainee_show(code: str) -> None:
    """One trainee's pathway: post, contract, hours of this month and the last, skills
    held with their goals, and the levels production evidence suggests."""
    s = settings()
    with open_workshop() as ws:
        v = ws.trainee(code)
        if s.json:
            emit(v)
            return
        today = ws.clock().date()
        months = [(today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"),
                  today.strftime("%Y-%m")]
        hours = [h for m in months for h in ws.month_hours(m, trainee=code)]
        levels, targets = ws.levels(code), ws.targets(code)
        suggested = [e for e in ws.evidence(code) if e.suggested is not None]
        names = Names.of(ws.catalogue())
    click.echo(t("trainee.show", s.lang, code=v.code, state=_state_text(v, s.lang),
                 post=v.post or "—", contract=_contract_text(v.contract, s.lang)))
    for h in hours:
        click.echo(t("trainee.show_hours", s.lang, month=month_text(h.month, s.lang),
                     hours=f"{h.total_minutes / 60:.1f}".replace(".", "," if s.lang == "fr"
                                                                  else "."),
                     locked=t("trainee.locked" if h.locked else "trainee.open", s.lang)))
    held = [(skill, level) for skill, level in levels.items() if level > 0 or skill in targets]
    click.echo(t("trainee.show_skills", s.lang, skills="" if held else "—").rstrip())
    for skill, level in held:  # one a line: a skill's name is a sentence
        goal = f" → {level_name(targets[skill], s.lang)}" if skill in targets else ""
        click.echo(f"    {visible(names.skill(skill))} : {level_name(level, s.lang)}{goal}"
                   if s.lang == "fr" else
                   f"    {visible(names.skill(skill))}: {level_name(level, s.lang)}{goal}")
    for e in suggested:
        click.echo(t("trainee.show_suggestion", s.lang, skill=visible(names.skill(e.skill)),
                     level=e.suggested, items=e.items))


@trainee.command("ending")
@click.option("--within", "days", type=click.IntRange(min=0), default=30, show_default=True,
              envvar="ATELIER_CONTRACT_NOTICE_DAYS",
              help="Days ahead (or ATELIER_CONTRACT_NOTICE_DAYS).")
@common
@json_option
def trainee_ending(days: int) -> None:
    """Contracts ending within DAYS (and overdue ones still running)."""
    s = settings()
    with open_workshop() as ws:
        found = ws.contracts_ending(within_days=days)
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(t("trainee.ending_none", s.lang, days=days))
        return
    from atelier.cli.tables import show, table

    listed = table((("Code", "Code", {"no_wrap": True}),
                    ("Fin prévue", "Planned end", {"no_wrap": True}),
                    ("Contrat", "Contract"), ("Poste", "Post", {"no_wrap": True})),
                   s.lang, t("trainee.ending_title", s.lang, days=days))
    for v in found:
        assert v.contract is not None  # only trainees with a contract end here
        listed.add_row(v.code, day_text(v.contract.planned_end, s.lang),
                       label(CONTRACT_KINDS, v.contract.kind, s.lang), v.post or "—")
    show(listed)


@trainee.command("exit")
@click.argument("code")
@click.option("--on", type=DATE, required=True, help="Exit day YYYY-MM-DD.")
@click.option("--outcome", type=click.Choice(list(EXIT_OUTCOMES)), required=True,
              help="How the pathway ends.")
@common
@json_option
def trainee_exit(code: str, on: dt.datetime, outcome: str) -> None:
    """Record the end of CODE's pathway (their post is released that day)."""
    s = settings()
    with open_workshop() as ws:
        ws.record_exit(code, on=on.date(), outcome=outcome)
    if s.json:
        emit({"code": code, "exit_on": on.date().isoformat(), "outcome": outcome})
    else:
        click.echo(t("trainee.exited", s.lang, code=code, on=day_text(on.date(), s.lang),
                     outcome=label(EXIT_OUTCOMES, outcome, s.lang)))


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
    from atelier.cli import people_records

    people_records.register(trainee)
    for command in (post, trainee):
        group.add_command(command)
