"""``atelier order list --limit --page``: pages of the order list, newest first, cut by the
database; without them, every order as before."""

from __future__ import annotations

import pytest

from tests.conftest import make_siret
from tests.e2e.cli_runner import Cli


@pytest.fixture
def cli(db_url: str) -> Cli:
    return Cli(db_url)


def test_pages_of_orders_newest_first(cli: Cli) -> None:
    cli.json("init")
    client = cli.json("client", "add", "Médiathèque de Brest", "--kind", "mediatheque",
                      "--siret", make_siret())["id"]
    refs = [cli.json("order", "create", "--client", str(client),
                     "--line", "couvrage:poche=3")["ref"] for _ in range(5)]
    newest_first = list(reversed(refs))
    assert [o["ref"] for o in cli.json("order", "list")] == newest_first
    assert [o["ref"] for o in cli.json("order", "list", "--limit", "2")] == newest_first[:2]
    assert [o["ref"] for o in cli.json("order", "list", "--limit", "2", "--page", "3")
            ] == newest_first[4:]
    assert cli.json("order", "list", "--limit", "2", "--page", "4") == []
    assert [o["ref"] for o in cli.json("order", "list", "--client", str(client),
                                       "--limit", "3", "--page", "2")] == newest_first[3:]
    refused = cli("order", "list", "--limit", "0", code=2)
    assert "--limit" in refused.stderr
