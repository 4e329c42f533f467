"""Skill assessments, targets, the skill matrix and evidence."""

from __future__ import annotations

import datetime as dt

import click

from atelier.cli.context import common, console, emit, json_option, open_workshop, settings
from atelier.cli.i18n import t
from atelier.cli.params import Day
from atelier.cli.text_skills import level_name

#: A day on the command line: YYYY-MM-DD.
DAY = Day()


def day_of(value: dt.datetime | None) -> dt.date | None:
    """The date of a parsed ``YYYY-MM-DD`` option."""
    return None if value is None else value.date()


def _fr_date(day: dt.date | None, lang: str) -> str:
    if day is None:
        return "—"
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


@click.group()
def skill() -> None:
    """One trainee's skills: assess, history, current levels, goals, evidence from work."""


@skill.command("assess")
@click.argument("code")
@click.argument("skill_code", metavar="SKILL")
@click.argument("level", type=int)
@click.option("--evidence", help="What the level rests on (quality results, observation…).")
@click.option("--on", "on", type=DAY, help="Day of the assessment, YYYY-MM-DD (default today).")
@common
@json_option
def skill_assess(code: str, skill_code: str, level: int, evidence: str | None,
                 on: dt.datetime | None) -> None:
    """Assess trainee CODE at LEVEL (0 to 4) in SKILL; you are the assessor.

    Levels: 0 not assessed, 1 discovering, 2 with help, 3 autonomous, 4 can teach.
    """
    s = settings()
    with open_workshop() as ws:
        a = ws.assess(code, skill_code, level, evidence=evidence, on=day_of(on))
    if s.json:
        emit(a)
    else:
        click.echo(t("skill.assessed", s.lang, trainee=code, skill=skill_code,
                     level=level_name(a.level, s.lang), on=_fr_date(a.assessed_on, s.lang)))


@skill.command("history")
@click.argument("code")
@click.option("--skill", "skill_code", help="Only this skill.")
@common
@json_option
def skill_history(code: str, skill_code: str | None) -> None:
    """Every assessment of trainee CODE, oldest first (never rewritten)."""
    s = settings()
    with open_workshop() as ws:
        found = ws.assessments(code, skill=skill_code)
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(t("skill.no_history", s.lang, trainee=code))
        return
    from rich.table import Table

    fr = s.lang == "fr"
    table = Table(title=code)
    for col in (("Date", "Date"), ("Compétence", "Skill"), ("Niveau", "Level"),
                ("Évalué par", "Assessor"), ("Preuves", "Evidence")):
        table.add_column(col[0] if fr else col[1])
    for a in found:
        table.add_row(_fr_date(a.assessed_on, s.lang), a.skill, level_name(a.level, s.lang),
                      a.assessor, a.evidence or "")
    console().print(table)


@skill.command("levels")
@click.argument("code")
@common
@json_option
def skill_levels(code: str) -> None:
    """Current level of trainee CODE in each skill of the catalogue, with the goals set."""
    s = settings()
    with open_workshop() as ws:
        levels = ws.levels(code)
        targets = ws.targets(code)
        names = {sk.code: sk.name for sk in ws.catalogue().skills}
    if s.json:
        emit({"trainee": code, "levels": levels, "targets": targets})
        return
    from rich.table import Table

    fr = s.lang == "fr"
    table = Table(title=code)
    for col in (("Compétence", "Skill"), ("Intitulé", "Name"), ("Niveau", "Level"),
                ("Objectif", "Goal")):
        table.add_column(col[0] if fr else col[1])
    for sk, level in levels.items():
        goal = targets.get(sk)
        table.add_row(sk, names.get(sk, ""), level_name(level, s.lang),
                      "" if goal is None else level_name(goal, s.lang))
    console().print(table)


@skill.command("target")
@click.argument("code")
@click.argument("skill_code", metavar="SKILL")
@click.argument("level", type=int)
@common
@json_option
def skill_target(code: str, skill_code: str, level: int) -> None:
    """Set a learning goal for trainee CODE: LEVEL (1 to 4) in SKILL."""
    s = settings()
    with open_workshop() as ws:
        ws.set_target(code, skill_code, level)
    if s.json:
        emit({"trainee": code, "skill": skill_code, "level": level})
    else:
        click.echo(t("skill.target_set", s.lang, trainee=code, skill=skill_code,
                     level=level_name(level, s.lang)))


@skill.command("evidence")
@click.argument("code")
@click.option("--skill", "skill_code", help="Only this skill.")
@common
@json_option
def skill_evidence(code: str, skill_code: str | None) -> None:
    """What production shows of trainee CODE per skill, and the level it suggests.

    Items worked (supervised / autonomous), quality checks passed and failed on
    that work, last day practised. A suggestion is not a level: assess to change it.
    """
    s = settings()
    with open_workshop() as ws:
        found = ws.evidence(code, skill=skill_code)
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(t("skill.no_evidence", s.lang, trainee=code))
        return
    from rich.table import Table

    fr = s.lang == "fr"
    table = Table(title=code)
    for col in (("Compétence", "Skill"), ("Documents", "Items"), ("Supervisés", "Supervised"),
                ("Autonomes", "Autonomous"), ("Contrôles ✓/✗", "Checks ✓/✗"),
                ("Réussite", "Pass rate"), ("Dernière fois", "Last practised"),
                ("Niveau", "Level"), ("Suggestion", "Suggestion")):
        table.add_column(col[0] if fr else col[1])
    for e in found:
        rate = "—" if e.pass_rate is None else f"{e.pass_rate:.0%}".replace("%", " %")
        table.add_row(e.skill, str(e.items), str(e.supervised), str(e.autonomous),
                      f"{e.checks_passed}/{e.checks_failed}", rate,
                      _fr_date(e.last_practised, s.lang), str(e.level),
                      "" if e.suggested is None else f"→ {e.suggested}")
    console().print(table)
    # Suggestions on their own lines: a table column would fold them on a narrow terminal.
    for e in found:
        if e.suggested is not None:
            click.echo(t("skill.suggestion_line", s.lang, skill=e.skill,
                         hint=t("skill.suggested", s.lang, level=e.suggested),
                         trainee=code, level=e.suggested))


@click.group("skills")
def skills_group() -> None:
    """The workshop's skills as a whole: the skill matrix."""


@skills_group.command("matrix")
@common
@json_option
def skills_matrix() -> None:
    """Active trainees × skills: who can do what, and where the workshop is fragile.

    A skill is fragile when fewer than two active trainees hold it at level 3
    (autonomous) or more.
    """
    s = settings()
    with open_workshop() as ws:
        matrix = ws.skill_matrix()
    if s.json:
        emit(matrix)
        return
    if not matrix.rows:
        click.echo(t("skill.no_trainee", s.lang))
        return
    from rich.table import Table

    fr = s.lang == "fr"
    table = Table(title="Matrice de polyvalence" if fr else "Skill matrix")
    table.add_column("Compétence" if fr else "Skill", no_wrap=True)
    for row in matrix.rows:
        table.add_column(row.trainee if row.post is None else f"{row.trainee}\n{row.post}",
                         justify="center")
    table.add_column("≥ 3", justify="right")
    fragile = set(matrix.fragile)
    for sk in matrix.skills:
        cells = []
        for row in matrix.rows:
            level = row.levels.get(sk, 0)
            goal = row.targets.get(sk)
            cell = "·" if level == 0 else str(level)
            cells.append(cell if goal is None or goal <= level else f"{cell}→{goal}")
        name = f"[bold red]{sk} ⚠[/]" if sk in fragile else sk
        table.add_row(name, *cells, str(len(matrix.holders[sk])))
    console().print(table)
    if matrix.fragile:
        click.echo(t("skill.fragile_list", s.lang, skills=", ".join(matrix.fragile)))
    else:
        click.echo(t("skill.none_fragile", s.lang))


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
    for command in (skill, skills_group):
        group.add_command(command)
