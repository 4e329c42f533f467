"""RELIABILITY 13, privacy: no field anywhere for offences, sentences, a prison register
number or a release date; the certificate says nothing of detention; personal data is
exportable and anonymised after the retention period (see test_people.py for those)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import sqlalchemy as sa

from atelier import Workshop
from atelier.store.tables import metadata

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
    document = json.dumps(cert.as_dict(), ensure_ascii=False)
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
