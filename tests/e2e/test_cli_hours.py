"""The hours commands end to end, on a real database, as the supervisor and counsellor type them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from atelier import Workshop
from atelier.cli.formats import month_text
from tests.conftest import qualified_trainee
from tests.e2e.cli_runner import Cli


def _last_month() -> tuple[str, dt.date]:
    """The month before today's (the CLI runs on the real clock)."""
    first = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    first = first.replace(day=1)
    return first.strftime("%Y-%m"), first


MONTH, FIRST = _last_month()
D1, D2 = FIRST.isoformat(), (FIRST + dt.timedelta(days=1)).isoformat()




@pytest.fixture
def cli(db_url: str) -> Cli:
    runner = Cli(db_url)
    runner("init")
    return runner


def _trainee(cli: Cli) -> str:
    code: str = cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "24",
                         "--start", "2020-01-06")["code"]
    return code


def test_a_month_from_roll_call_to_correction(cli: Cli, tmp_path: Path) -> None:
    first, second = _trainee(cli), _trainee(cli)
    done = cli.json("attendance", "record", D1, "am", first, second)["recorded"]
    assert [(e["trainee"], e["minutes"]) for e in done] == [(first, 180), (second, 180)]
    assert "2 présences enregistrées" in cli("attendance", "record", D1, "pm", first,
                                                 second, "--minutes", "150").stdout
    assert "parloir" in cli("attendance", "absent", D2, "am", first, "--reason", "visit").stdout
    listed = cli.json("attendance", "list", "--month", MONTH, "--trainee", first)
    assert [(e["day"], e["session"], e["present"]) for e in listed] == [
        (D1, "am", True), (D1, "pm", True), (D2, "am", False)]
    assert len(cli.json("attendance", "list", "--day", D1)) == 4

    entry = cli.json("time", "add", first, D1, "training", "60", "--note", "gestes et postures")
    assert isinstance(entry["id"], int)
    assert "nettoyage, 90 min" in cli("time", "add", first, D1, "cleaning", "90").stdout
    assert [e["activity"] for e in cli.json("time", "list", "--trainee", first)] == [
        "training", "cleaning"]
    extra = cli.json("time", "add", second, D1, "non_productive", "15")["id"]
    assert cli.json("time", "remove", str(extra))["removed"]["minutes"] == 15
    assert "introuvable : n° 999" in cli("time", "remove", "999", code=3).stderr
    refused = cli("time", "add", first, D1, "cleaning", "181", code=4)
    assert "dépasseraient les 330 min de présence" in refused.stderr

    csv_path = tmp_path / "heures.csv"
    doc = cli.json("hours", "month", MONTH, "--csv", str(csv_path))
    assert (doc["month"], doc["locked"], doc["csv"]) == (MONTH, False, str(csv_path))
    figures = {m["trainee"]: m for m in doc["trainees"]}
    assert figures[first]["attended_minutes"] == 330
    assert figures[first]["activities"]["cleaning"] == 90
    assert figures[first]["absences"] == {"visit": {"sessions": 1, "minutes": 180}}
    assert figures[first]["unallocated_minutes"] == 180
    assert csv_path.read_bytes().startswith("\ufeffMois;".encode())
    only = cli.json("hours", "month", MONTH, "--trainee", second)
    assert [m["trainee"] for m in only["trainees"]] == [second]
    human = cli("hours", "month", MONTH).stdout
    assert "Heures de" in human and "5 h 30" in human

    assert "validé" in cli("hours", "validate", MONTH).stdout
    locked = cli("attendance", "record", D2, "pm", first, code=4)
    assert f"Le mois de {month_text(MONTH, 'fr')} est validé" in locked.stderr
    correction = cli.json("hours", "correct", MONTH, first, "-30", "--reason", "sortie avancée")
    assert (correction["minutes"], correction["reason"]) == (-30, "sortie avancée")
    assert "+15 min" in cli("hours", "correct", MONTH, second, "15", "--reason", "oubli").stdout
    final = {m["trainee"]: m for m in cli.json("hours", "month", MONTH)["trainees"]}
    assert (final[first]["total_minutes"], final[second]["total_minutes"]) == (300, 345)
    assert all(m["locked"] for m in final.values())
    english = cli("hours", "correct", MONTH, first, "-1000", "--reason", "x", code=4, lang="en")
    assert "would bring the 300 min below zero" in english.stderr


def test_mistakes_are_named(cli: Cli) -> None:
    code = _trainee(cli)
    bad_day = cli("attendance", "record", "2026-02-30", "am", code, code=1)
    assert "la date 2026-02-30 n'existe pas" in bad_day.stderr
    assert "Erreur : Mois illisible : 2026-13" in cli("hours", "month", "2026-13",
                                                      code=1).stderr
    assert "Unreadable month: 2026-13" in cli("hours", "month", "2026-13", code=1,
                                              lang="en").stderr
    too_long = cli("time", "add", code, D1, "training", "601", code=1).stderr
    assert "Durée refusée : 601 (attendu un nombre entier de minutes entre 1 et 600)" in too_long
    before = cli("attendance", "record", "2019-12-31", "am", code, code=4).stderr
    assert "le 2019-12-31 : hors du parcours à l'atelier (2020-01-06 → …)" in before
    today = dt.date.today()
    if (today + dt.timedelta(days=1)).month == today.month:  # not the month's last day
        assert cli.json("hours", "validate", today.strftime("%Y-%m"),
                        code=4)["error"]["code"] == "month_not_over"
    assert "Demi-journée inconnue" in cli("attendance", "record", D1, "soir", code,
                                          code=1).stderr
    absent = cli.json("attendance", "absent", D1, "am", code, "--reason", "holiday", code=1)
    assert absent["error"]["code"] == "absence_reason_invalid"
    assert "--order" in cli("time", "add", code, D1, "operation", "30", code=1).stderr
    assert "inconnu" in cli("attendance", "record", D1, "am", "T-9999", code=3).stderr
    assert cli.json("hours", "correct", MONTH, code, "10", "--reason", "x",
                    code=4)["error"]["code"] == "month_not_validated"
    forbidden = cli("attendance", "record", D1, "am", code, code=6, role="viewer")
    assert "viewer" in forbidden.stderr
    cli("hours", "validate", MONTH, code=6, role="supervisor")
    assert cli.json("attendance", "list") == []


def test_insertion_hours_per_order_and_collectivity(cli: Cli, db_url: str,
                                                    tmp_path: Path) -> None:
    with Workshop.open(db_url, actor="claire") as ws:
        worker = qualified_trainee(ws)
        client = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque")
        ref = ws.create_order(client, ["couvrage:standard=2"], accepted=True,
                              reserved_contract=True)
        ws.add_placeholders(ref)
        barcodes = [i.barcode for i in ws.items(ref)]
        ws.receive(ref, barcodes)
        ws.record_attendance(worker, FIRST, "am")
        ws.record_work(ref, "clean", worker, barcodes, minutes=45, day=FIRST)
    cli("time", "add", worker, D1, "operation", "30", "--order", ref, "--operation", "cut_film")
    [order] = cli.json("hours", "orders")
    assert (order["order"], order["reserved_contract"], order["work_minutes"],
            order["entry_minutes"], order["total_minutes"]) == (ref, True, 45, 30, 75)
    csv_path = tmp_path / "commandes.csv"
    assert "1 ligne écrite" in cli("hours", "orders", "--csv", str(csv_path)).stdout
    assert f"{ref};Médiathèque de Brest;oui;45;30;75;1,25" in csv_path.read_text(
        encoding="utf-8-sig")
    [total] = cli.json("hours", "collectivities")
    assert (total["collectivity"], total["total_minutes"], total["reserved_minutes"]) == (
        "Médiathèque de Brest", 75, 75)
    assert "1 h 15" in cli("hours", "collectivities").stdout
    month = cli.json("hours", "month", MONTH, "--trainee", worker)["trainees"][0]
    assert month["activities"]["operation"] == 75

    # Time on an operation passes the skill gate as recorded work does.
    learner = _trainee(cli)
    with Workshop.open(db_url, actor="claire") as ws:
        ws.assess(learner, "film_cut", 1)
    add = ("time", "add", learner, D1, "operation", "20", "--order", ref, "--operation",
           "cut_film")
    refused = cli(*add, code=4).stderr
    assert "Travail refusé" in refused and "--supervisor" in refused
    assert cli.json(*add, code=4)["error"]["params"] == {
        "trainee": learner, "skill": "film_cut", "required": 2, "held": 1}
    assert isinstance(cli.json(*add, "--supervisor", "Claire Martin")["id"], int)
    assert "--operation" in cli("time", "add", learner, D1, "operation", "20", "--order", ref,
                                code=1).stderr


@pytest.mark.parametrize("command", [("hours", "month", MONTH), ("hours", "orders")])
def test_a_csv_that_cannot_be_written_is_named(cli: Cli, tmp_path: Path,
                                               command: tuple[str, ...]) -> None:
    target = str(tmp_path / "absent" / "x.csv")
    french = cli(*command, "--csv", target, code=1).stderr
    assert f"Impossible d'écrire le fichier {target}" in french
    assert "Traceback" not in french
    english = cli(*command, "--csv", target, code=1, lang="en").stderr
    assert f"Cannot write the file {target}" in english
    error = cli.json(*command, "--csv", target, code=1)["error"]
    assert (error["code"], error["params"]["value"]) == ("file_unwritable", target)


def test_lists_read_as_tables(cli: Cli) -> None:
    code = _trainee(cli)
    cli("attendance", "record", D1, "am", code)
    cli("attendance", "absent", D1, "pm", code, "--reason", "court")
    cli("time", "add", code, D1, "cleaning", "30")
    sessions = cli("attendance", "list", "--day", D1).stdout
    assert "présent·e" in sessions and "absent·e (audience)" in sessions
    assert "Demi-journée" in sessions and "après-midi" in sessions
    assert "absent (court hearing)" in cli("attendance", "list", lang="en").stdout
    entries = cli("time", "list", "--trainee", code).stdout
    assert "Activité" in entries and "nettoyage" in entries
    assert "Activity" in cli("time", "list", lang="en").stdout
    assert "Aucun pointage." in cli("time", "list", "--month", "2019-01").stdout
    assert "Aucune présence enregistrée." in cli("attendance", "list", "--day",
                                                  "2019-01-02").stdout
