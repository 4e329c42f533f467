"""Values a person types wrong on the command line get one French sentence that says
what is wrong with them — a date that does not exist, a number out of its range — never
a traceback nor a misleading "wrong format"."""

from __future__ import annotations

import pytest

from atelier.cli.main import main
from tests.e2e.cli_runner import Cli


@pytest.fixture
def cli(db_url: str) -> Cli:
    run = Cli(db_url)
    run("init")
    run("client", "add", "Médiathèque de Brest", "--kind", "mediatheque")
    return run


def error_of(cli: Cli, *args: str, code: int, lang: str = "fr") -> str:
    result = cli(*args, code=code, lang=lang)
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(("Erreur", "Error"))]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("option, value, said", [
    ("--due", "2026-02-30", "la date 2026-02-30 n'existe pas (février 2026 compte 28 jours)"),
    ("--due", "2028-02-30", "février 2028 compte 29 jours"),
    ("--due", "2026-13-01", "il n'y a pas de mois 13"),
    ("--due", "3026-01-01", "une date du 1900-01-01 au 2999-12-31 est attendue (3026-01-01)"),
    ("--due", "30/01/2026", "2026-03-02"),
])
def test_a_date_that_does_not_exist_is_named_so(cli: Cli, option: str, value: str,
                                                said: str) -> None:
    line = error_of(cli, "order", "create", "--client", "1", "--line", "cote=3", option, value,
                    code=2)
    assert line.startswith("Erreur : valeur invalide pour '--due' : ")
    assert said in line
    assert cli("order", "list").stdout.count("CMD-") == 0


def test_the_same_in_english(cli: Cli) -> None:
    line = error_of(cli, "order", "create", "--client", "1", "--line", "cote=3", "--due",
                    "2026-02-30", code=2, lang="en")
    assert line == ("Error: Invalid value for '--due': the date 2026-02-30 does not exist "
                    "(February 2026 has 28 days)")


@pytest.mark.parametrize("args, said", [
    (("order", "create", "--client", "9223372036854775808", "--line", "cote=3"),
     "2147483647"),
    (("order", "create", "--client", "1", "--line", "cote=99999999999999999999"),
     "Quantité hors limites : de 1 à 1 000 000"),
    (("hours", "month", "9999-12"), "un mois de 1900-01 à 2999-12 est attendu (9999-12)"),
    (("trainee", "ending", "--within", "3000000"), "Nombre de jours : de 0 à 365000"),
    (("trainee", "anonymise", "--retention-days", "1000000"),
     "Durée de conservation : de 0 à 36600 jours (1000000)"),
    (("trainee", "add", "--contract", "cep", "--weekly-hours", "1e308", "--start",
      "2026-09-01"), "1e+308"),
    (("attendance", "record", "2026-02-30", "am", "T-0001"), "la date 2026-02-30 n'existe pas"),
])
def test_numbers_and_months_out_of_range_say_the_range(cli: Cli, args: tuple[str, ...],
                                                       said: str) -> None:
    result = cli(*args, code=1)
    assert said in result.stderr
    assert result.stderr.startswith("Erreur : ")
    assert "Traceback" not in result.output


def test_bytes_that_are_not_utf8_on_standard_input_are_named_not_fatal(cli: Cli) -> None:
    cli("order", "create", "--client", "1", "--line", "cote=2", "--accepted")
    ref = cli.json("order", "list")[0]["ref"]
    result = cli.runner.invoke(main, ["receive", ref, "--db", cli.url],
                               input=b"\xed\xa0\x80abc\n\xff\n",
                               env={"ATELIER_LANG": "fr", "ATELIER_DATABASE_URL": None},
                               catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "0 document reçu" in result.stdout
    assert "\ufffd" in result.stderr  # the unreadable bytes, shown, not fatal
