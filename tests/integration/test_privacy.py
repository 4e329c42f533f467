"""RELIABILITY 13, privacy: no field anywhere for offences, sentences, a prison register
number or a release date; the certificate says nothing of detention; personal data is
exportable and anonymised after the retention period (see test_people.py for those)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
import sqlalchemy as sa

from atelier import Workshop, jsonable
from atelier.store.tables import metadata
from tests.conftest import engine_of

#: Use cases through ``Workshop``: in memory, and on both databases in the slow run.
pytestmark = pytest.mark.service

#: Parts of a column or table name that would betray a field about detention.
FORBIDDEN_NAME_PARTS = re.compile(
    r"offen[cs]e|infraction|crime|delit|délit|conviction|condamn|sentenc|peine|penal|"
    r"ecrou|écrou|register_n|prison_n|inmate|detenu|détenu|detention|détention|"
    r"incarcerat|release|liberation|libération|parole|court_case|verdict|jail",
    re.IGNORECASE)

#: Words a certificate must never contain (it goes to employers).
DETENTION_WORDS = re.compile(
    r"\bCEP\b|pénitentiaire|penitentiaire|penitentiary|prison|détention|detention|écrou|"
    r"ecrou|détenu|detenu|incarc|inmate|custody|libération|release|parloir|"
    r"contrat d'emploi", re.IGNORECASE)


def _names() -> list[str]:
    found = []
    for table in metadata.sorted_tables:
        found.append(table.name)
        found.extend(f"{table.name}.{column.name}" for column in table.columns)
    return found


def test_no_table_or_column_for_offences_sentences_register_number_or_release_date() -> None:
    names = _names()
    assert "trainee_personal.full_name" in names  # the scan does see the people tables
    offending = [name for name in names if FORBIDDEN_NAME_PARTS.search(name)]
    assert offending == []


def test_the_scan_would_catch_such_a_column() -> None:
    for bad in ("trainees.numero_ecrou", "trainee_personal.release_date",
                "trainees.sentence_end", "trainee_personal.offence"):
        assert FORBIDDEN_NAME_PARTS.search(bad), bad


@pytest.mark.database
def test_the_migrated_database_has_no_such_column_either(engine: sa.Engine) -> None:
    from atelier.store import database

    database.upgrade(engine)
    inspector = sa.inspect(engine)
    columns = [f"{table}.{c['name']}" for table in inspector.get_table_names()
               for c in inspector.get_columns(table)]
    assert "trainees.exit_on" in columns
    assert [c for c in columns if FORBIDDEN_NAME_PARTS.search(c)] == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_certificate_says_nothing_of_detention(workshop: Workshop, lang: str) -> None:
    workshop.add_post("P1", "Couvrage 1")
    code = workshop.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5),
                                post="P1")
    workshop.set_personal(code, full_name="Awa Diallo", contact="quartier B",
                          notes="parloir le mardi")
    workshop.record_attendance(code, dt.date(2026, 2, 2), "am")
    workshop.record_attendance(code, dt.date(2026, 2, 3), "am", present=False, reason="court")
    workshop.assess(code, "cleaning", 3, evidence="parloir le mardi")
    workshop.record_exit(code, on=dt.date(2026, 2, 27), outcome="no_solution")

    cert = workshop.certificate(code, workshop="Atelier de Brest")
    document = json.dumps(jsonable(cert), ensure_ascii=False)
    page = workshop.certificate_html(code, lang=lang, workshop="Atelier de Brest")
    assert "Awa Diallo" in page and cert.minutes_worked == 180
    for text in (document, page):
        assert DETENTION_WORDS.findall(text) == []
        # Neither the notes nor the evidence nor the exit outcome go on a certificate.
        assert "mardi" not in text and "quartier" not in text
        assert "no_solution" not in text and "court" not in text


def test_the_detention_scan_would_catch_a_telling_certificate() -> None:
    for bad in ("Contrat CEP", "centre pénitentiaire", "maison d'arrêt (prison)",
                "date de libération", "numéro d'écrou"):
        assert DETENTION_WORDS.search(bad), bad


# -- anonymisation leaves no free text about the person anywhere ------------------------------

#: The text columns that can hold free text about a trainee, typed by staff: all of them are
#: erased or neutralised at anonymisation.
FREE_TEXT_ABOUT_THE_PERSON = {
    "trainee_personal.full_name", "trainee_personal.contact", "trainee_personal.notes",
    "assessments.evidence",      # what a level rests on: may describe the person
    "time_entries.note",         # a note on the day's time: may describe the person
    "hour_corrections.reason",   # why a validated month was corrected: may name the person
}

#: Every other text column, and why it holds nothing typed about a trainee (a whole table,
#: or one column of it). A new text column must be judged here, or the test below fails.
NOT_ABOUT_THE_PERSON = {
    "catalogues": "the trade's catalogue (services, operations, skills)",
    "collectivities": "the clients",
    "contacts": "the clients' staff",
    "counters": "numbering of orders and delivery notes",
    "orders": "the clients' orders (the cancel reason is about the order)",
    "order_lines": "services ordered",
    "order_custody": "how many of an order's documents are in each custody state",
    "item_imports": "files imported",
    "deliveries": "delivery note numbers",
    "items": "library documents (the custody reason is about the document)",
    "tasks": "operations and statuses from the catalogue",
    "posts": "funded posts: code and label of the workstation",
    "trainees.code": "the pseudonymous code, kept on purpose for the figures",
    "trainees.exit_outcome": "a code from a fixed list (the insertion indicators)",
    "work_records.operation": "a catalogue code",
    "work_records.post_code": "a post code",
    "work_records.supervisor": "the supervising staff member's name, not the trainee's",
    "quality_checks": "a result, a catalogue defect code and the checking staff member",
    "audit_log": "who did what: fields changed, never personal values (scanned anyway)",
    "contracts.kind": "cep or cddi",
    "attendance.session": "am or pm",
    "attendance.reason": "an absence reason from a fixed list, never free text",
    "attendance.recorded_by": "a staff member",
    "time_entries.activity": "an activity from a fixed list",
    "time_entries.operation": "a catalogue code",
    "time_entries.recorded_by": "a staff member",
    "month_locks": "the month and the staff member who validated it",
    "hour_corrections.month": "YYYY-MM",
    "hour_corrections.recorded_by": "a staff member",
    "assessments.skill": "a catalogue code",
    "assessments.assessor": "the assessing staff member",
    "skill_targets.skill": "a catalogue code",
    "api_tokens": "a token's id, the hash of its secret, a staff or client name and a role",
    "idempotency_keys": "a client's request key and the JSON answered to it (staff API: "
                        "answers are what the caller's role may read anyway)",
}


def _text_columns() -> list[sa.Column[Any]]:
    return [column for table in metadata.sorted_tables for column in table.columns
            if isinstance(column.type, sa.String)]


def test_every_text_column_is_judged_for_free_text_about_a_person() -> None:
    unjudged = [f"{c.table.name}.{c.name}" for c in _text_columns()
                if f"{c.table.name}.{c.name}" not in FREE_TEXT_ABOUT_THE_PERSON
                and f"{c.table.name}.{c.name}" not in NOT_ABOUT_THE_PERSON
                and c.table.name not in NOT_ABOUT_THE_PERSON]
    assert unjudged == []


def _columns_holding(engine: sa.Engine, marker: str) -> set[str]:
    """Every text column of every table where some row contains ``marker``."""
    found = set()
    with engine.connect() as conn:
        for column in _text_columns():
            hits = conn.execute(sa.select(sa.func.count()).select_from(column.table)
                                .where(column.contains(marker, autoescape=True))).scalar()
            if hits:
                found.add(f"{column.table.name}.{column.name}")
    return found


def _typed_about(ws: Workshop, code: str, marker: str) -> None:
    """``marker`` typed into every free-text field about ``code`` (February 2026)."""
    ws.set_personal(code, full_name=marker, contact=f"via {marker}", notes=f"{marker} va bien")
    day = dt.date(2026, 2, 2)
    ws.record_attendance(code, day, "am")
    ws.add_time(code, day, "training", 60, note=f"{marker} a aidé")
    ws.assess(code, "cleaning", 2, evidence=f"{marker} autonome", on=day)


@pytest.mark.database
def test_anonymisation_leaves_the_persons_text_in_no_column_of_the_database(
        workshop: Workshop) -> None:
    gone, staying = "Zéphyrine Quillec", "Anatole Brizeux"
    code = workshop.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5))
    other = workshop.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5))
    _typed_about(workshop, code, gone)
    _typed_about(workshop, other, staying)
    workshop.validate_month("2026-02")
    workshop.correct_hours("2026-02", code, 30, f"séance de {gone} oubliée")
    workshop.correct_hours("2026-02", other, 30, f"séance de {staying} oubliée")
    workshop.record_exit(code, on=dt.date(2026, 2, 27), outcome="positive_exit")
    # The marker did reach every free-text column (and none other): the scan can see it.
    assert _columns_holding(engine_of(workshop), gone) == FREE_TEXT_ABOUT_THE_PERSON

    assert workshop.anonymise(retention_days=0) == [code]
    assert _columns_holding(engine_of(workshop), gone) == set()
    assert "Quillec" not in json.dumps(jsonable(workshop.export_person(code)), ensure_ascii=False)
    corrections = jsonable(workshop.export_person(code))["records"]["hour_corrections"]
    assert [(c["reason"], c["minutes"]) for c in corrections] == [("(anonymisé)", 30)]
    assert workshop.month_hours("2026-02", trainee=code)[0].total_minutes == 180 + 30
    # Only the person anonymised: the other trainee's text is all still there.
    assert _columns_holding(engine_of(workshop), staying) == FREE_TEXT_ABOUT_THE_PERSON
