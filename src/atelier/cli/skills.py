"""Skill assessments, targets, the skill matrix and evidence."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from atelier.cli.context import common, emit, json_option, open_workshop, settings
from atelier.cli.formats import day_text
from atelier.cli.i18n import t
from atelier.cli.names import Names
from atelier.cli.params import Day
from atelier.cli.text_skills import level_name

if TYPE_CHECKING:
    from rich.table import Table

    from atelier import SkillMatrix

#: The narrowest the skill names get in the matrix, and a trainee's column with its gap.
NAME_MIN = 24
CELL = 8

#: A day on the command line: YYYY-MM-DD.
DAY = Day()


def day_of(value: dt.datetime | None) -> dt.date | None:
    """The date of a parsed ``YYYY-MM-DD`` option."""
    return None if value is None else value.date()


def _fr_date(day: dt.date | None, lang: str) -> str:
    return day_text(day, lang)


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
        names = Names.of(ws.catalogue())
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(t("skill.no_history", s.lang, trainee=code))
        return
    from atelier.cli.tables import one_line, show, table

    listed = table((("Date", "Date", {"no_wrap": True}), ("Compétence", "Skill"),
                    ("Niveau", "Level", {"no_wrap": True}), ("Évalué par", "Assessor"),
                    ("Preuves", "Evidence")),
                   s.lang, t("skill.history_title", s.lang, trainee=code))
    for a in found:
        listed.add_row(_fr_date(a.assessed_on, s.lang), one_line(names.skill(a.skill)),
                       level_name(a.level, s.lang), a.assessor, a.evidence or "")
    show(listed)


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
        names = Names.of(ws.catalogue()).skills
    if s.json:
        emit({"trainee": code, "levels": levels, "targets": targets})
        return
    from atelier.cli.tables import show, table

    listed = table((("Compétence", "Skill"), ("Code", "Code", {"no_wrap": True}),
                    ("Niveau", "Level", {"no_wrap": True}),
                    ("Objectif", "Goal", {"no_wrap": True})),
                   s.lang, t("skill.levels_title", s.lang, trainee=code))
    for sk, level in levels.items():
        goal = targets.get(sk)
        listed.add_row(names.get(sk, sk), sk, level_name(level, s.lang),
                       "" if goal is None else level_name(goal, s.lang))
    show(listed)


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
        names = Names.of(ws.catalogue())
    if s.json:
        emit(found)
        return
    if not found:
        click.echo(t("skill.no_evidence", s.lang, trainee=code))
        return
    from atelier.cli.tables import one_line, show, table

    right = {"justify": "right", "no_wrap": True}
    # Headers on two lines: the skill's name keeps the room at 100 columns.
    listed = table((("Compétence", "Skill"), ("Docs\nfaits", "Items\ndone", right),
                    ("Super-\nvisés", "Super-\nvised", right),
                    ("Auto-\nnomes", "Auto-\nnomous", right),
                    ("Contrôles\n✓/✗", "Checks\n✓/✗", right),
                    ("Réussite", "Pass\nrate", right),
                    ("Dernière\nfois", "Last\npractised", {"no_wrap": True}),
                    ("Niveau", "Level", right), ("Sugg.", "Sugg.", right)),
                   s.lang, t("skill.evidence_title", s.lang, trainee=code))
    for e in found:
        rate = "—" if e.pass_rate is None else f"{e.pass_rate:.0%}".replace("%", " %")
        listed.add_row(one_line(names.skill(e.skill)), str(e.items), str(e.supervised),
                       str(e.autonomous), f"{e.checks_passed}/{e.checks_failed}", rate,
                       _fr_date(e.last_practised, s.lang), str(e.level),
                       "" if e.suggested is None else f"→ {e.suggested}")
    show(listed)
    # Suggestions on their own lines: a table column would fold them on a narrow terminal.
    for e in found:
        if e.suggested is not None:
            click.echo(t("skill.suggestion_line", s.lang, skill=e.skill,
                         name=names.skill(e.skill),
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
        names = Names.of(ws.catalogue())
    if s.json:
        emit(matrix)
        return
    if not matrix.rows:
        click.echo(t("skill.no_trainee", s.lang))
        return
    from atelier.cli.formats import screen_width, visible
    from atelier.cli.tables import show

    show(*matrix_tables(matrix, names, s.lang, screen_width()))
    if not matrix.fragile:
        click.echo(t("skill.none_fragile", s.lang))
        return
    # One skill a line: their names are sentences.
    click.echo(t("skill.fragile_list", s.lang))
    for sk in matrix.fragile:
        click.echo(f"  ⚠ {visible(names.skill(sk))} ({sk})")


def matrix_tables(matrix: SkillMatrix, names: Names, lang: str, width: int) -> list[Table]:
    """The matrix as tables that fit ``width`` columns: skills down the side by name,
    trainees across by code (post below), as many trainees per table as fit, the next
    ones in the next table. A fragile skill is marked ! in red (⚠ takes one column or
    two depending on the terminal: it would shift the row)."""
    from atelier.cli.tables import line, one_line, table

    per_page = max(1, (width - NAME_MIN - 5) // CELL)
    chunks = [matrix.rows[i:i + per_page] for i in range(0, len(matrix.rows), per_page)]
    fragile = set(matrix.fragile)
    made: list[Table] = []
    for number, rows in enumerate(chunks, 1):
        name_width = max(NAME_MIN, width - 5 - CELL * len(rows))
        title = t("skill.matrix_title", lang)
        if len(chunks) > 1:
            title += f" ({number}/{len(chunks)})"
        columns: list[tuple[str, str, dict[str, object]]] = [
            ("Compétence", "Skill", {"width": name_width, "no_wrap": True})]
        columns += [(f"{r.trainee}\n{r.post or ''}", f"{r.trainee}\n{r.post or ''}",
                     {"justify": "center", "no_wrap": True}) for r in rows]
        columns.append(("≥ 3", "≥ 3", {"justify": "right", "no_wrap": True}))
        grid = table(columns, lang, title)
        for sk in matrix.skills:
            cells = []
            for row in rows:
                level = row.levels.get(sk, 0)
                goal = row.targets.get(sk)
                cell = "·" if level == 0 else str(level)
                cells.append(cell if goal is None or goal <= level else f"{cell}→{goal}")
            name = (line((f"! {names.skill(sk)}", "bold red")) if sk in fragile
                    else one_line(names.skill(sk)))
            name.no_wrap, name.overflow = True, "ellipsis"
            grid.add_row(name, *cells, str(len(matrix.holders[sk])))
        made.append(grid)
    return made


def register(group: click.Group) -> None:
    """Attach these commands to the ``atelier`` group."""
    for command in (skill, skills_group):
        group.add_command(command)
