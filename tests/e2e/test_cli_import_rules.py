"""``atelier items import`` refusing another open order's books, a list far past the
order, and a header alone — in French, with the numbers, and nothing saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier.cli.i18n import problem_text
from atelier.domain.item_list import shared_problem
from tests.e2e.cli_runner import Cli


@pytest.fixture
def cli(db_url: str) -> Cli:
    return Cli(db_url)


def _list(tmp_path: Path, name: str, *barcodes: str) -> str:
    path = tmp_path / name
    path.write_text("Code-barres;Titre\n" + "".join(f"{b};T\n" for b in barcodes),
                    encoding="utf-8")
    return str(path)


def test_import_refusals_and_warnings_in_french(cli: Cli, tmp_path: Path) -> None:
    cli("init")
    client = cli.json("client", "add", "Médiathèque de Brest", "--kind", "mediatheque")["id"]
    first, second = (cli.json("order", "create", "--client", str(client), "--line",
                              "couvrage=2", "--accepted")["ref"] for _ in range(2))
    cli("items", "import", first, _list(tmp_path, "a.csv", "B1", "B2"))

    shared = cli("items", "import", second.lower(), _list(tmp_path, "b.csv", "B2", "B3"),
                 code=1)
    assert f"déjà dans la commande {first}, en cours, de la même collectivité" in shared.stderr
    assert "--allow-shared" in shared.stderr and "ligne 2" in shared.stderr
    assert cli.json("items", "list", second) == []

    header = cli("items", "import", second, _list(tmp_path, "h.csv"), code=1)
    assert "aucun document après l'en-tête" in header.stderr

    over = cli("items", "import", second, _list(tmp_path, "b.csv", "B2", "B3", "B4"),
               "--allow-shared")
    assert "3 documents importés" in over.stdout
    assert "Attention : ligne 1 (couvrage, standard), 3 documents listés pour 2 commandés" \
        in over.stderr

    refused = cli("items", "import", second, _list(tmp_path, "c.csv", "C1", "C2"), code=4)
    assert "la ligne 1 (couvrage, standard) aurait 5 documents pour 2 commandés" \
        in refused.stderr
    assert "au plus 4" in refused.stderr and "--overflow-limit" in refused.stderr
    english = cli("items", "import", second, _list(tmp_path, "c.csv", "C1", "C2"), code=4,
                  lang="en")
    assert "would hold 5 items for 2 ordered" in english.stderr
    assert len(cli.json("items", "list", second)) == 3
    cli("items", "import", second, _list(tmp_path, "c.csv", "C1", "C2"),
        "--overflow-limit", "3")
    assert len(cli.json("items", "list", second)) == 5
    bad = cli("items", "import", second, _list(tmp_path, "d.csv", "D1"), "--overflow-limit",
              "0.5", code=1)
    assert "overflow_limit" in bad.stderr


def test_the_shared_barcode_problem_reads_in_french() -> None:
    problem = shared_problem(7, "B2", "CMD-2026-0001")
    french = problem_text(problem, "fr")
    assert problem.reason not in french
    assert french == ("ligne 7, champ « barcode » : déjà dans la commande CMD-2026-0001, en "
                      "cours, de la même collectivité (--allow-shared pour l'importer quand "
                      "même) (B2)")
