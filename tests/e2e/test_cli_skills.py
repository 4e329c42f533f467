"""The skills commands end to end: assess, history, levels, targets, evidence, the matrix,
and the skill gate on ``atelier work record``."""

from __future__ import annotations

import json

import pytest

from tests.e2e.cli_runner import Cli


@pytest.fixture
def cli(db_url: str) -> Cli:
    runner = Cli(db_url)
    runner.json("init")
    return runner


def _order(cli: Cli, quantity: int) -> str:
    """An accepted couvrage order of received placeholder items: its ref."""
    client = cli.json("client", "add", "Médiathèque de Brest", "--kind", "mediatheque")["id"]
    ref = cli.json("order", "create", "--client", str(client), "--line",
                   f"couvrage:standard={quantity}", "--accepted")["ref"]
    cli.json("items", "placeholders", ref)
    codes = "\n".join(it["barcode"] for it in cli.json("items", "list", ref)) + "\n"
    cli.json("receive", ref, input=codes)
    return ref


def _trainee(cli: Cli) -> str:
    code: str = cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "24",
                         "--start", "2026-01-05")["code"]
    return code


def test_assess_history_levels_and_targets(cli: Cli) -> None:
    tr = _trainee(cli)
    first = cli.json("skill", "assess", tr, "film_apply", "2", "--evidence",
                     "10 couvrages avec aide", "--on", "2026-02-02")
    assert first == {"id": first["id"], "trainee": tr, "skill": "film_apply", "level": 2,
                     "assessed_on": "2026-02-02", "assessor": "claire",
                     "evidence": "10 couvrages avec aide"}
    out = cli("skill", "assess", tr, "film_apply", "3", "--on", "2026-02-20").stdout
    assert f"{tr} évalué·e en « film_apply » : niveau 3 (autonome), le 20/02/2026." in out
    history = cli.json("skill", "history", tr, "--skill", "film_apply")
    assert [(a["level"], a["assessed_on"]) for a in history] == [
        (2, "2026-02-02"), (3, "2026-02-20")]
    assert cli.json("skill", "target", tr, "sewing", "2") == {
        "trainee": tr, "skill": "sewing", "level": 2}
    levels = cli.json("skill", "levels", tr)
    assert levels["levels"]["film_apply"] == 3 and levels["levels"]["sewing"] == 0
    assert levels["targets"] == {"sewing": 2}
    human = cli("skill", "levels", tr).stdout
    assert "Poser le film adhésif" in human and "3 (autonome)" in human
    assert "10 couvrages avec aide" in cli("skill", "history", tr).stdout


def test_refusals_exit_with_their_family_and_a_clear_message(cli: Cli) -> None:
    tr = _trainee(cli)
    bad_level = cli("skill", "assess", tr, "film_apply", "7", code=1)
    assert "Niveau 7 refusé : un niveau de 0 à 4" in bad_level.stderr
    unknown = cli("skill", "assess", tr, "knitting", "2", code=3)
    assert "Compétence inconnue : knitting" in unknown.stderr
    result = cli("skill", "assess", tr, "cleaning", "2", "--on", "2999-01-01", "--json",
                 code=1)
    assert json.loads(result.stdout)["error"]["code"] == "assessment_in_future"
    viewer = cli("skill", "assess", tr, "cleaning", "2", "--role", "viewer", code=6)
    assert "viewer" in viewer.stderr
    assert cli.json("skill", "history", tr) == []


def test_work_record_enforces_the_skill_gate(cli: Cli) -> None:
    ref = _order(cli, 2)
    tr = _trainee(cli)
    refused = cli("work", "record", ref, "--operation", "clean", "--trainee", tr, "--all",
                  code=4)
    assert (f"Travail refusé : {tr} a le niveau 0 en « cleaning », l'opération demande le "
            "niveau 1") in refused.stderr
    english = cli("work", "record", ref, "--operation", "clean", "--trainee", tr, "--all",
                  "--json", code=4, lang="en")
    error = json.loads(english.stdout)["error"]
    assert error["code"] == "skill_gate"
    assert error["params"] == {"trainee": tr, "skill": "cleaning", "required": 1, "held": 0}
    assert "holds “cleaning” at level 0, the operation needs level 1" in error["message"]
    done = cli.json("work", "record", ref, "--operation", "clean", "--trainee", tr, "--all",
                    "--supervisor", "Claire", "--day", "2026-02-27")
    assert done["tasks"] == 2
    [ev] = cli.json("skill", "evidence", tr)
    assert (ev["skill"], ev["supervised"], ev["autonomous"], ev["last_practised"]) == (
        "cleaning", 2, 0, "2026-02-27")
    # Two levels below (film_cut 0, cut_film needs 2): refused even supervised.
    cli("work", "record", ref, "--operation", "cut_film", "--trainee", tr, "--all",
        "--supervisor", "Claire", code=4)
    bad_day = cli("work", "record", ref, "--operation", "cut_film", "--trainee", tr, "--all",
                  "--day", "27/02/2026", code=2)
    assert "--day" in bad_day.output


def test_evidence_suggests_a_level_and_the_matrix_shows_fragility(cli: Cli) -> None:
    ref = _order(cli, 30)
    tr, other = _trainee(cli), _trainee(cli)
    for skill in ("cleaning", "film_cut", "film_apply", "film_turn_in"):
        cli.json("skill", "assess", tr, skill, "2")
    cli.json("skill", "assess", other, "cleaning", "3")
    cli.json("skill", "assess", tr, "cleaning", "3")
    for op in ("clean", "cut_film", "apply_film", "turn_in"):
        cli.json("work", "record", ref, "--operation", op, "--trainee", tr, "--all")
    cli.json("work", "check", ref, "--operation", "check", "--pass", "--all")
    turn_in = cli.json("skill", "evidence", tr, "--skill", "film_turn_in")[0]
    assert (turn_in["autonomous"], turn_in["checks_passed"], turn_in["pass_rate"]) == (
        30, 30, 1.0)
    assert (turn_in["level"], turn_in["suggested"]) == (2, 3)
    assert "niveau 3 suggéré" in cli("skill", "evidence", tr).stdout
    assert "level 3 suggested" in cli("skill", "evidence", tr, lang="en").stdout

    matrix = cli.json("skills", "matrix")
    assert [r["trainee"] for r in matrix["rows"]] == [tr, other]
    assert matrix["rows"][0]["levels"]["film_turn_in"] == 2
    assert "cleaning" not in matrix["fragile"] and "film_turn_in" in matrix["fragile"]
    assert matrix["holders"]["cleaning"] == [tr, other]
    human = cli("skills", "matrix").stdout
    assert "Matrice de polyvalence" in human
    # Skills by name, the fragile ones marked and listed with their code.
    assert "! Araser et remborder" in human and "! Dépoussiérer" not in human
    assert "⚠ Araser et remborder le film (coins, coiffes, rabats) (film_turn_in)" in human
    assert "(cleaning)" not in human
    assert "Compétences fragiles" in human
