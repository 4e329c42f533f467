"""``atelier trainee personal|export|certificate|anonymise``: what identifies a person,
for the counsellor and the admin only (the library checks the role)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from atelier import InvalidInput, jsonable
from atelier.cli.context import common, emit, json_option, open_workshop, settings
from atelier.cli.i18n import t


def _show(value: str | None) -> str:
    return value if value else "—"


def _write(path: str, text: str) -> None:
    """Write ``text`` to ``path`` in UTF-8, or refuse cleanly (``file_unwritable``, the
    code the CSV exports use too: its text is in ``text_hours``) when the folder is
    missing, the place is read-only or the disk is full."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InvalidInput("file", f"cannot write the file: {reason}", value=path,
                           code="file_unwritable", error=reason) from exc


@click.command("personal")
@click.argument("code")
@click.option("--name", "full_name", help="Full name (an empty text clears it).")
@click.option("--contact", help="How to reach the person (an empty text clears it).")
@click.option("--notes", help="Counsellor's notes (an empty text clears them).")
@common
@json_option
def trainee_personal(code: str, full_name: str | None, contact: str | None,
                     notes: str | None) -> None:
    """Show CODE's personal data, or write the fields given."""
    s = settings()
    writing = any(v is not None for v in (full_name, contact, notes))
    with open_workshop() as ws:
        changed = (ws.set_personal(code, full_name=full_name, contact=contact, notes=notes)
                   if writing else None)
        data = ws.personal(code)
    if s.json:
        emit({**jsonable(data), **({"changed": changed} if changed is not None else {})})
    elif changed is None:
        click.echo(t("personal.show", s.lang, code=code, full_name=_show(data.full_name),
                     contact=_show(data.contact), notes=_show(data.notes)))
    elif changed:
        click.echo(t("personal.saved", s.lang, code=code, fields=", ".join(changed)))
    else:
        click.echo(t("personal.unchanged", s.lang, code=code))


@click.command("export")
@click.argument("code")
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the JSON to this file (default: print it).")
@common
@json_option
def trainee_export(code: str, output: str | None) -> None:
    """Everything stored about CODE, as JSON (the person's right of access)."""
    s = settings()
    with open_workshop() as ws:
        data = ws.export_person(code)
    if output is None:
        emit(data)
        return
    _write(output, json.dumps(jsonable(data), ensure_ascii=False, indent=2) + "\n")
    if s.json:
        emit({"code": code, "file": output})
    else:
        click.echo(t("export.written", s.lang, code=code, file=output))


@click.command("certificate")
@click.argument("code")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, writable=True),
              help="Write the printable certificate (HTML) to this file.")
@click.option("--workshop", help="The workshop's name as printed on the certificate.")
@common
@json_option
def trainee_certificate(code: str, html_file: str | None, workshop: str | None) -> None:
    """CODE's skills certificate: skills and levels with dates, hours worked."""
    s = settings()
    with open_workshop() as ws:
        cert = ws.certificate(code, workshop=workshop)
        page = ws.certificate_html(code, lang=s.lang, workshop=workshop) if html_file else None
    if page is not None and html_file is not None:
        _write(html_file, page)
    if s.json:
        emit({**jsonable(cert), **({"file": html_file} if html_file else {})})
        return
    if html_file:
        click.echo(t("certificate.written", s.lang, code=code, file=html_file))
        return
    from atelier.cli.formats import day_text

    period = (f", {day_text(cert.start, s.lang)} → "
              f"{day_text(cert.end, s.lang) if cert.end else '…'}") if cert.start else ""
    click.echo(t("certificate.head", s.lang, who=cert.full_name or cert.code,
                 hours=cert.hours_worked, period=period))
    for skill in cert.skills:
        click.echo(t("certificate.skill", s.lang, name=skill.name, level=skill.level,
                     on=day_text(skill.assessed_on, s.lang)))


@click.command("anonymise")
@click.option("--retention-days", type=int, required=True, envvar="ATELIER_RETENTION_DAYS",
              help="Erase the personal data of those exited more than this many days ago "
                   "(or ATELIER_RETENTION_DAYS, the structure's retention policy).")
@common
@json_option
def trainee_anonymise(retention_days: int) -> None:
    """Anonymise trainees past the retention period: personal data and notes erased,
    codes and figures kept. Running it again changes nothing."""
    s = settings()
    with open_workshop() as ws:
        codes = ws.anonymise(retention_days=retention_days)
    if s.json:
        emit({"anonymised": codes})
    elif codes:
        click.echo(t("anonymise.done", s.lang, n=len(codes), codes=", ".join(codes)))
    else:
        click.echo(t("anonymise.none", s.lang))


def register(group: click.Group) -> None:
    """Attach these commands to the ``trainee`` group."""
    for command in (trainee_personal, trainee_export, trainee_certificate, trainee_anonymise):
        group.add_command(command)
