"""``atelier post`` and ``atelier trainee`` end to end, as staff and scripts type them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli_runner import Cli


@pytest.fixture
def cli(db_url: str) -> Cli:
    runner = Cli(db_url, user="inès")
    runner("init")
    runner("post", "add", "P1", "Couvrage 1")
    runner("post", "add", "P2", "Couvrage 2")
    return runner


def test_trainee_add_keeps_its_scripted_form(cli: Cli) -> None:
    assert cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "17.5",
                    "--start", "2026-01-05", "--post", "P1") == {"code": "T-0001"}
    assert cli.json("trainee", "add", "--contract", "cddi", "--weekly-hours", "26",
                    "--start", "2026-01-05", "--end", "2026-06-30",
                    "--code", "T-0042") == {"code": "T-0042"}
    shown = cli.json("trainee", "show", "T-0001")
    assert shown["post"] == "P1" and shown["contract"]["weekly_minutes"] == 1050
    assert "Salarié·e enregistré·e sous le code T-0002" in cli(
        "trainee", "add", "--contract", "cep", "--weekly-hours", "24", "--start",
        "2026-01-05").stdout


def test_a_contract_rule_is_refused_naming_the_rule(cli: Cli) -> None:
    refused = cli.json("trainee", "add", "--contract", "cddi", "--weekly-hours", "40",
                       "--start", "2026-01-05", "--end", "2026-06-30", code=4)
    assert refused["error"]["code"] == "contract_rule"
    assert refused["error"]["params"]["rule"] == "cddi_weekly_range"
    french = cli("trainee", "add", "--contract", "cep", "--weekly-hours", "8",
                 "--start", "2026-01-05", code=4)
    assert "règle cep_min_weekly" in french.stderr and "10 h" in french.stderr
    english = cli("trainee", "add", "--contract", "cddi", "--weekly-hours", "26",
                  "--start", "2026-01-05", code=4, lang="en")
    assert "rule cddi_duration" in english.stderr and "4 to 24 months" in english.stderr
    assert cli.json("trainee", "list") == []


def test_posts_assign_release_history(cli: Cli) -> None:
    a = cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "24",
                 "--start", "2026-01-05", "--post", "P1")["code"]
    b = cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "24",
                 "--start", "2026-01-05")["code"]
    assert cli.json("post", "list") == [
        {"code": "P1", "label": "Couvrage 1", "trainee": a, "since": "2026-01-05"},
        {"code": "P2", "label": "Couvrage 2", "trainee": None, "since": None}]
    assert "vacant" in cli("post", "list").stdout
    held = cli.json("post", "assign", "P1", b, code=4)
    assert held["error"]["code"] == "post_held"
    assert cli.json("post", "release", "P1", "--on", "2026-02-01")["trainee"] == a
    assert "Poste P1 attribué à" in cli("post", "assign", "P1", b, "--on", "2026-02-01").stdout
    assert cli.json("post", "history", "P1") == [
        {"post": "P1", "trainee": a, "start": "2026-01-05", "end": "2026-02-01"},
        {"post": "P1", "trainee": b, "start": "2026-02-01", "end": None}]
    assert "en cours" in cli("post", "history").stdout
    cli("post", "release", "P2", code=4)
    cli("post", "history", "P9", code=3)


def test_contracts_renewal_ending_and_exit(cli: Cli) -> None:
    code = cli.json("trainee", "add", "--contract", "cddi", "--weekly-hours", "26",
                    "--start", "2026-01-05", "--end", "2026-12-31", "--post", "P2")["code"]
    renewed = cli.json("trainee", "contract", code, "--contract", "cddi", "--weekly-hours",
                       "30", "--start", "2027-01-01", "--end", "2027-12-31")
    assert renewed["contract"]["planned_end"] == "2027-12-31"
    too_long = cli.json("trainee", "contract", code, "--contract", "cddi", "--weekly-hours",
                        "30", "--start", "2027-06-01", "--end", "2028-05-31", code=4)
    assert too_long["error"]["params"]["rule"] == "cddi_total_duration"
    assert [v["code"] for v in cli.json("trainee", "ending", "--within", "100000")] == [code]
    assert cli.json("trainee", "ending", "--within", "0") == []
    assert "Aucun contrat" in cli("trainee", "ending").stdout
    exited = cli.json("trainee", "exit", code, "--on", "2026-03-01", "--outcome",
                      "durable_employment")
    assert exited == {"code": code, "exit_on": "2026-03-01", "outcome": "durable_employment"}
    assert cli.json("trainee", "list") == []
    listed = cli("trainee", "list", "--all").stdout
    assert "emploi durable" in listed and "sorti·e le 01/03/2026" in listed
    assert cli.json("post", "list")[1]["trainee"] is None
    cli("trainee", "exit", code, "--on", "2026-03-02", "--outcome", "other", code=4)
    cli("trainee", "exit", code, "--on", "2026-03-02", "--outcome", "released", code=2)
    cli("trainee", "show", "T-9999", code=3)


def test_personal_data_export_certificate_anonymise(cli: Cli, tmp_path: Path) -> None:
    # Dated long ago: anonymisation runs on the real clock.
    code = cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "24",
                    "--start", "2020-01-06")["code"]
    saved = cli.json("trainee", "personal", code, "--name", "Awa Diallo", "--notes", "n")
    assert saved["full_name"] == "Awa Diallo" and saved["changed"] == ["full_name", "notes"]
    assert "nom : Awa Diallo" in cli("trainee", "personal", code).stdout
    # The supervisor works with codes only: personal data is refused (exit 6).
    for args in (("trainee", "personal", code), ("trainee", "export", code),
                 ("trainee", "certificate", code),
                 ("trainee", "personal", code, "--notes", "x")):
        refused = cli(*args, code=6, role="supervisor")
        assert "ne permet pas" in refused.stderr and "Awa" not in refused.output
    cli("trainee", "anonymise", "--retention-days", "0", code=6, role="counsellor")
    assert cli.json("trainee", "show", code, role="supervisor")["code"] == code

    out = tmp_path / "export.json"
    assert "exportées" in cli("trainee", "export", code, "--output", str(out)).stdout
    assert json.loads(out.read_text(encoding="utf-8"))["personal"]["full_name"] == "Awa Diallo"
    assert cli.json("trainee", "export", code)["contracts"][0]["kind"] == "cep"

    cert = cli.json("trainee", "certificate", code, "--workshop", "Atelier de Brest",
                    role="counsellor")
    assert (cert["full_name"], cert["workshop"], cert["minutes_worked"]) == (
        "Awa Diallo", "Atelier de Brest", 0)
    page = tmp_path / "attestation.html"
    cli("trainee", "certificate", code, "--html", str(page))
    assert "Attestation de compétences" in page.read_text(encoding="utf-8")
    cli("trainee", "certificate", code, "--html", str(page), lang="en")
    assert "Skills certificate" in page.read_text(encoding="utf-8")
    assert "Attestation de compétences — Awa Diallo" in cli("trainee", "certificate",
                                                           code).stdout

    cli("trainee", "exit", code, "--on", "2020-02-01", "--outcome", "positive_exit")
    assert cli.json("trainee", "anonymise", "--retention-days", "0") == {"anonymised": [code]}
    assert cli.json("trainee", "anonymise", "--retention-days", "0") == {"anonymised": []}
    assert "Personne à anonymiser" in cli("trainee", "anonymise", "--retention-days", "0").stdout
    assert cli.json("trainee", "personal", code)["full_name"] is None
    assert cli.json("trainee", "show", code)["anonymised"] is True


def test_unwritable_files_are_refused_cleanly(cli: Cli, tmp_path: Path) -> None:
    code = cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "24",
                    "--start", "2020-01-06")["code"]
    nowhere = tmp_path / "missing" / "dir"
    for args in (("trainee", "certificate", code, "--html", str(nowhere / "x.html")),
                 ("trainee", "export", code, "--output", str(nowhere / "x.json"))):
        french = cli(*args, code=1)
        assert "Impossible d'écrire le fichier" in french.stderr
        assert str(nowhere) in french.stderr and "Traceback" not in french.output
        english = cli(*args, code=1, lang="en")
        assert "Cannot write the file" in english.stderr
        refused = cli.json(*args, code=1)
        assert refused["error"]["code"] == "file_unwritable"
    assert not nowhere.exists()


def test_the_viewer_reads_hours_and_skills_without_the_notes_about_the_person(cli: Cli) -> None:
    code = cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "24",
                    "--start", "2020-01-06")["code"]
    cli("attendance", "record", "2020-02-03", "am", code)
    cli("time", "add", code, "2020-02-03", "training", "60", "--note", "parle de sa famille")
    cli("skill", "assess", code, "cleaning", "2", "--evidence", "hésite encore",
        "--on", "2020-02-03")
    cli("hours", "validate", "2020-02")
    cli("hours", "correct", "2020-02", code, "30", "--reason", "oubli de sa conseillère")
    for role, shown in (("supervisor", True), ("viewer", False)):
        history = cli.json("skill", "history", code, role=role)
        entries = cli.json("time", "list", "--trainee", code, role=role)
        month = cli.json("hours", "month", "2020-02", role=role)["trainees"][0]
        texts = (history[0]["evidence"], entries[0]["note"], month["corrections"][0]["reason"])
        assert texts == (("hésite encore", "parle de sa famille", "oubli de sa conseillère")
                         if shown else (None, None, None)), role
        assert month["total_minutes"] == 210 and entries[0]["minutes"] == 60
        assert ("hésite" in cli("skill", "history", code, role=role).stdout) is shown


def test_a_cep_over_35_hours_a_week_is_refused(cli: Cli) -> None:
    english = cli("trainee", "add", "--contract", "cep", "--weekly-hours", "40",
                  "--start", "2026-01-05", code=4, lang="en")
    assert "rule cep_max_weekly" in english.stderr and "35 h" in english.stderr
    french = cli("trainee", "add", "--contract", "cep", "--weekly-hours", "36",
                 "--start", "2026-01-05", code=4)
    assert "35 h" in french.stderr and "temps plein" in french.stderr
