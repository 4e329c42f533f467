"""The command line end to end, on a real database, as a supervisor types it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from atelier.cli.main import main
from tests.conftest import DATA, dump, make_siret
from tests.e2e.cli_runner import Cli

DOCS = Path(__file__).resolve().parents[2] / "docs"
KOHA = DATA / "koha-items-sample.csv"


def _barcodes() -> list[str]:
    return [ln.split(";")[0] for ln in KOHA.read_text(encoding="utf-8-sig").splitlines()[1:]]


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        return dump(engine)
    finally:
        engine.dispose()


@pytest.fixture
def cli(db_url: str) -> Cli:
    return Cli(db_url)


def test_order_from_quote_to_delivery(cli: Cli, tmp_path: Path) -> None:
    assert cli.json("init")["catalogue"]["created"] is True
    services = {s["code"] for s in cli.json("catalogue", "show")["services"]}
    assert {"couvrage", "cote", "reliure_periodiques"} <= services

    client = cli.json("client", "add", "Médiathèque de Brest", "--kind", "mediatheque",
                      "--siret", make_siret(), "--chorus-code", "MEDIA-01",
                      "--contact", "Anne Le Gall,responsable,anne@example.org")["id"]
    assert cli.json("client", "list")[0]["contacts"][0]["name"] == "Anne Le Gall"
    created = cli.json("order", "create", "--client", str(client),
                       "--line", "couvrage:poche=15", "--line", "couvrage:standard=21",
                       "--line", "couvrage:grand=16", "--line", "couvrage:hors_format=8",
                       "--due", "2027-01-15", "--po", "BC-2026-17")
    ref = created["ref"]
    assert created["status"] == "quote"
    assert created["total_cents"] > 0

    refused = cli("receive", ref, input="2901900000001\n", code=4)
    assert "encore un devis" in refused.stderr
    assert "Commande" in cli("order", "accept", ref).stdout

    imported = cli.json("items", "import", ref, str(KOHA))
    assert (imported["items"], imported["already_imported"]) == (60, False)
    assert cli.json("items", "import", ref, str(KOHA))["already_imported"] is True

    codes = _barcodes()
    scan = "\n".join([*codes, "BAD", codes[0]]) + "\n"
    received = cli.json("receive", ref, input=scan)
    assert len(received["received"]) == 60
    assert received["unknown"] == ["BAD"] and received["repeated"] == [codes[0]]

    cli.json("post", "add", "P1", "Couvrage 1")
    trainee = cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "24",
                       "--start", "2026-01-05", "--post", "P1")["code"]
    assert re.fullmatch(r"T-\d{4}", trainee)
    assert cli.json("post", "list") == [{"code": "P1", "label": "Couvrage 1",
                                         "trainee": trainee, "since": "2026-01-05"}]

    refused_items = cli.json("items", "refuse", ref, "--reason", "dos cassé",
                             input=codes[1] + "\n")
    assert refused_items["barcodes"] == [codes[1]]
    # Not yet assessed: the skill gate refuses the work, naming skill and levels.
    gate = cli("work", "record", ref, "--operation", "clean", "--trainee", trainee, "--all",
               code=4)
    assert trainee in gate.stderr and "cleaning" in gate.stderr
    # Level 1 in each covering skill: enough for cleaning alone, and for the other
    # steps (level 2) under the supervisor's eye.
    for skill in ("cleaning", "film_cut", "film_apply", "film_turn_in"):
        cli.json("skill", "assess", trainee, skill, "1", "--evidence", "premiers essais")
    for op in ("clean", "cut_film", "apply_film", "turn_in"):
        done = cli.json("work", "record", ref, "--operation", op, "--trainee", trainee,
                        "--all", "--supervisor", "Claire")
        assert done["tasks"] == 59
    # The people side of the same day: the roll call covers the work recorded, the
    # month's hours count it, the matrix shows the levels.
    today = dt.date.today()
    for session in ("am", "pm"):
        roll = cli.json("attendance", "record", today.isoformat(), session, trainee,
                        "--minutes", "240")
        assert roll["recorded"][0]["present"] is True
    month = cli.json("hours", "month", today.strftime("%Y-%m"), "--trainee", trainee)
    figures = month["trainees"][0]
    assert figures["attended_minutes"] == 480 and figures["activities"]["operation"] > 0
    assert figures["total_minutes"] == 480 and month["locked"] is False
    matrix = cli.json("skills", "matrix")
    assert matrix["rows"][0]["levels"]["cleaning"] == 1 and "cleaning" in matrix["fragile"]
    assert cli.json("trainee", "show", trainee)["contract"]["kind"] == "cep"
    failed = cli.json("work", "check", ref, "--operation", "check", "--fail", "bubble",
                      input=codes[2] + "\n")
    assert failed["result"] == "fail"
    cli("work", "record", ref, "--operation", "turn_in", "--trainee", trainee,
        "--supervisor", "Claire", input=codes[2] + "\n")
    assert cli.json("work", "check", ref, "--operation", "check", "--pass",
                    "--all")["items_ready"] == 59

    first = cli.json("deliver", ref, input="\n".join(codes[2:20]) + "\n")
    assert first["number"].endswith("-0001") and len(first["barcodes"]) == 18
    shown = cli.json("delivery", "show", first["number"])
    assert shown["barcodes"] == sorted(codes[2:20])
    listed = cli("delivery", "barcodes", first["number"]).stdout.split()
    assert listed == sorted(codes[2:20])

    listed_items = cli.json("items", "list", ref)
    assert len(listed_items) == 60
    by_code = {it["barcode"]: it for it in listed_items}
    assert by_code[codes[1]]["custody"] == "refused" and by_code[codes[1]]["reason"]
    assert by_code[codes[2]]["delivery"] == first["number"]
    assert len(cli.json("items", "list", ref, "--custody", "ready")) == 59 - 18
    status = cli.json("status", ref)
    assert status["status"] == "partially_delivered"
    assert status["items"]["returned"] == 18 and status["items"]["refused"] == 1
    cli("deliver", ref, "--all")
    final = cli.json("status", ref)
    assert final["status"] == "closed"
    assert final["items"]["received_ever"] == final["items"]["returned"] + 1
    assert cli.json("order", "list")[0]["status"] == "closed"
    other = cli.json("order", "create", "--client", str(client), "--line", "cote=40")["ref"]
    assert cli.json("items", "placeholders", other)["items"] == 40
    assert cli.json("order", "accept", other)["status"] == "accepted"
    assert cli.json("order", "cancel", other, "--reason", "budget gelé")["status"] == "cancelled"
    assert cli.json("status", other)["status"] == "cancelled"
    audit = cli.json("audit", "--entity", "order", "--key", ref, "--limit", "1000")
    assert {r["door"] for r in audit} == {"cli"} and {r["actor"] for r in audit} == {"claire"}
    _check_documented_shapes(cli.outputs)


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return None


#: Free-form objects whose keys depend on the act (documented as such).
FREE_FORM = (".before", ".after")


def _same_keys(doc: Any, real: Any, where: str) -> None:
    if where.endswith(FREE_FORM):
        return
    if isinstance(doc, dict):
        assert isinstance(real, dict), where
        assert set(doc) == set(real), f"{where}: documented {sorted(doc)} != real {sorted(real)}"
        for key in doc:
            _same_keys(doc[key], real[key], f"{where}.{key}")
    elif isinstance(doc, list) and doc and real:
        _same_keys(doc[0], real[0], f"{where}[0]")


def _check_documented_shapes(outputs: dict[str, Any]) -> None:
    text = (DOCS / "json.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"### (atelier [^\n]+)\n(?:[^`\n][^\n]*\n)*```json\n(.*?)```",
                                 text, re.S))
    checked = 0
    for name, raw in documented.items():
        key = name.removeprefix("atelier ")
        if key in outputs:
            _same_keys(_shape(json.loads(raw)), _shape(outputs[key]), name)
            checked += 1
    missing = {n.removeprefix("atelier ") for n in documented} - set(outputs)
    assert not missing, f"documented but not exercised: {missing}"
    assert checked == len(documented) >= 15


def test_bad_file_is_refused_whole_and_named(cli: Cli, tmp_path: Path) -> None:
    cli("init")
    client = cli.json("client", "add", "Médiathèque de Morlaix", "--kind", "mediatheque")["id"]
    ref = cli.json("order", "create", "--client", str(client), "--line", "couvrage=3",
                   "--accepted")["ref"]
    bad = tmp_path / "liste.csv"
    bad.write_text("Code-barres;Titre;ISBN\nA1;Un;9782070368228\nA2;Deux;9782070368220\n"
                   "A1;Trois;\n", encoding="utf-8")
    before = _dump(cli.url)
    result = cli("items", "import", ref, str(bad), code=1)
    assert "liste.csv" in result.stderr
    assert "ligne 3, champ « isbn »" in result.stderr
    assert "ligne 4, champ « barcode »" in result.stderr
    assert _dump(cli.url) == before
    as_json = json.loads(cli.runner.invoke(
        main, ["items", "import", ref, str(bad), "--json", "--db", cli.url]).stdout)
    assert as_json["error"]["code"] == "file_rejected"
    assert {(p["line"], p["field"]) for p in as_json["error"]["problems"]} == {
        (3, "isbn"), (4, "barcode")}


def test_english_messages_and_error_codes(cli: Cli) -> None:
    cli("init", lang="en")
    result = cli("status", "CMD-2099-0001", code=3, lang="en")
    assert "Order not found: CMD-2099-0001" in result.stderr
    french = cli("status", "CMD-2099-0001", code=3)
    assert "Commande introuvable" in french.stderr
    bad_siret = cli("client", "add", "Mairie", "--kind", "town_hall", "--siret",
                    "12345678901234", code=1, lang="en")
    assert "SIRET" in bad_siret.stderr and "check digit" in bad_siret.stderr


def test_refused_values_are_named_in_french(cli: Cli) -> None:
    """A control character, an over-long name, an out-of-range number: each refused by
    its bound in the domain, and told in the staff's language with the field named."""
    cli("init")
    control = cli("client", "add", "Bib\x01", "--kind", "school", code=1)
    assert control.stderr == ("Erreur : name : un caractère de contrôle (U+0001) n'est pas "
                              "du texte\n")
    long = cli("client", "add", "x" * 300, "--kind", "school", code=1)
    assert long.stderr == "Erreur : name : 200 caractères au plus\n"
    ref = cli("status", "R" * 300, code=1)
    assert ref.stderr == "Erreur : ref : 32 caractères au plus\n"
    english = cli("client", "add", "Bib\x01", "--kind", "school", code=1, lang="en")
    assert english.stderr == "Error: name: a control character (U+0001) is not text\n"


def test_every_bound_code_has_french_and_english() -> None:
    """Each code :mod:`atelier.domain.bounds` raises has a text in both languages that
    fills from the error's own parameters."""
    import datetime as dt

    from atelier.cli.i18n import error_text
    from atelier.domain import bounds
    from atelier.domain.errors import InvalidInput

    attempts = [lambda: bounds.text("", "f", 5), lambda: bounds.text("abcdefg", "f", 5),
                lambda: bounds.text("a\x00", "f", 5), lambda: bounds.text("a\x07", "f", 5),
                lambda: bounds.text(3, "f", 5),  # type: ignore[arg-type]
                lambda: bounds.integer(0, "f", 1, 9), lambda: bounds.identifier(0, "f"),
                lambda: bounds.number(float("nan"), "f", 0, 1),
                lambda: bounds.day(dt.date(1, 1, 1), "f"), lambda: bounds.path(3, "f")]
    for attempt in attempts:
        with pytest.raises(InvalidInput) as refused:
            attempt()
        french, english = error_text(refused.value, "fr"), error_text(refused.value, "en")
        assert french.startswith("f : ") and english.startswith("f: "), refused.value.code
        assert french != english


def test_cli_reference_is_in_step_with_the_code() -> None:
    from atelier.cli.reference import generated_part, render

    document = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert generated_part(document) == render().strip("\n"), (
        "docs/cli.md is stale: run `python -m atelier.cli.reference docs/cli.md`")


def test_usage_errors_speak_french_by_default(cli: Cli) -> None:
    """Click's own refusals (bad choice, missing option, typo) in the staff's language."""
    cli("init")
    bad = cli("trainee", "add", "--contract", "xyz", "--weekly-hours", "24",
              "--start", "2026-01-05", code=2)
    assert "Erreur : valeur invalide pour '--contract' : « xyz » n'est pas" in bad.stderr
    assert "Utilisation : " in bad.stderr and "trainee add -h" in bad.stderr
    missing = cli("trainee", "add", "--contract", "cep", code=2)
    assert "option obligatoire manquante" in missing.stderr
    typo = cli("trainee", "ad", code=2)
    assert "commande inconnue : « ad » (vouliez-vous dire « add » ?)" in typo.stderr
    english = cli("trainee", "add", "--contract", "xyz", "--weekly-hours", "24",
                  "--start", "2026-01-05", "--lang", "en", code=2)
    assert "Error: Invalid value for '--contract'" in english.stderr


def test_a_file_that_cannot_be_written_is_one_clear_error(cli: Cli, tmp_path: Path) -> None:
    cli("init")
    code = cli.json("trainee", "add", "--contract", "cep", "--weekly-hours", "24",
                    "--start", "2026-01-05")["code"]
    out = cli("trainee", "export", code, "--output", str(tmp_path / "no" / "such" / "x.json"),
              code=1)
    assert out.stderr.startswith("Erreur : ") and "Traceback" not in out.stderr
