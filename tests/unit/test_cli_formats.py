"""How values read at the command line: amounts, days, months, plurals, the French sort,
text made safe to print, and audit acts as phrases."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from atelier import AuditRecord
from atelier.cli.formats import (
    day_text,
    french_key,
    money_text,
    month_text,
    quoted,
    visible,
)
from atelier.cli.i18n import error_text, t
from atelier.cli.names import action_text
from atelier.domain.errors import InvalidInput

NNBSP = "\u202f"


def test_amounts_per_language() -> None:
    assert money_text(123450, "fr") == f"1{NNBSP}234,50 € HT"
    assert money_text(123450, "fr", tax=False) == f"1{NNBSP}234,50 €"
    assert money_text(-5, "fr", tax=False) == "-0,05 €"
    assert money_text(123450, "en") == "€1,234.50 excl. VAT"
    assert money_text(10_000_000_00, "en", tax=False) == "€10,000,000.00"


def test_days_keep_four_digit_years_and_months_read_by_name() -> None:
    assert day_text(dt.date(987, 3, 2), "fr") == "02/03/0987"
    assert day_text(dt.date(987, 3, 2), "en") == "0987-03-02"
    assert day_text(None, "fr") == "—"
    assert month_text("2026-11", "fr") == "novembre 2026"
    assert month_text("2026-02", "en") == "February 2026"
    assert month_text("2026-13", "fr") == "2026-13"  # not a month: shown as typed


def test_plurals_agree_in_each_language() -> None:
    assert t("import.done", "fr", items=1, file="a.csv", tasks=3) == \
        "1 document importé depuis a.csv (3 tâches créées)."
    assert t("import.done", "fr", items=0, file="a.csv", tasks=1).startswith(
        "0 document importé")
    assert t("import.done", "en", items=0, file="a.csv", tasks=1) == \
        "0 items imported from a.csv (1 task created)."
    assert t("receive.done", "fr", n=12000, ref="R").startswith(f"12{NNBSP}000 documents reçus")


def test_the_french_sort_folds_accents_and_case() -> None:
    names = ["Zola", "école", "Ecole", "Écoles", "abbaye", "Archives", "ETAMPES"]
    assert sorted(names, key=french_key) == ["abbaye", "Archives", "Ecole", "école", "Écoles",
                                             "ETAMPES", "Zola"]


@given(st.text())
def test_nothing_printed_can_drive_the_terminal(text: str) -> None:
    shown = visible(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert "\u202e" not in shown and "\u2028" not in shown
    assert len(quoted(text)) <= 120


def test_a_quoted_value_is_cut_and_visible() -> None:
    error = InvalidInput("barcode", "bad", value="A\x1b[2J" + "x" * 500, code="barcode_invalid")
    text = error_text(error, "fr")
    assert text.startswith("Code-barres illisible : A␛[2J") and text.endswith("…")
    assert len(text) < 160


def _record(action: str, entity: str, key: str, after: object = None) -> AuditRecord:
    return AuditRecord(id=1, at=dt.datetime(2026, 12, 2, 18), actor="Gwenola", door="cli",
                       action=action, entity=entity, entity_key=key, before=None, after=after)


def test_audit_acts_read_as_phrases() -> None:
    anonymised = _record("trainees.anonymise", "anonymisation", "2026-12-02",
                         {"trainees": ["T-0010"], "retention_days": 30})
    assert action_text(anonymised, "fr") == "anonymisation de T-0010"
    assert action_text(_record("order.accept", "order", "CMD-2026-0001"), "en") == \
        "order CMD-2026-0001 accepted"
    assert action_text(_record("hours.validate", "month", "2026-11"), "fr") == \
        "validation des heures de novembre 2026"
    assert action_text(_record("new.thing", "order", "R"), "fr") == "new.thing (commande R)"
