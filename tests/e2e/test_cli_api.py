"""``atelier token`` and ``atelier serve``: the forms other tools script (issue 4, point 6)."""

from __future__ import annotations

import json
import logging

import pytest
from click.testing import CliRunner

from atelier import Workshop
from atelier.cli.api import HideTokens, hide_tokens
from atelier.cli.main import main
from atelier.domain.errors import NotAuthenticated
from tests.e2e.cli_runner import Cli


@pytest.fixture
def cli(db_url: str) -> Cli:
    runner = Cli(db_url, user="claire")
    runner("init")
    runner("client", "add", "Médiathèque de Brest", "--kind", "mediatheque")
    return runner


def _who(url: str, token: str) -> tuple[str, str, str | None, int | None, str | None]:
    with Workshop.open(url) as ws:
        p = ws.authenticate(token)
    return p.kind, p.name, p.role, p.collectivity_id, p.order_ref


def test_token_create_role_json_is_just_the_token(cli: Cli) -> None:
    made = cli.json("token", "create", "--role", "viewer")
    assert list(made) == ["token"] and made["token"].startswith("ats_")
    assert _who(cli.url, made["token"]) == ("staff", "api-viewer", "viewer", None, None)
    named = cli.json("token", "create", "--role", "counsellor", "--name", "logiciel CIP",
                     "--expires-days", "30")
    assert _who(cli.url, named["token"])[1:3] == ("logiciel CIP", "counsellor")
    shown = cli("token", "create", "--role", "supervisor").stdout
    assert "Clé d'API créée pour « api-supervisor » (rôle supervisor" in shown
    assert "ne sera plus affichée" in shown


def test_token_create_collectivity_json_is_the_token_and_its_link(cli: Cli) -> None:
    link = cli.json("token", "create", "--collectivity", "1")
    assert list(link) == ["token", "url"] and link["token"].startswith("atc_")
    assert link["url"] == f"http://127.0.0.1:8000/suivi/{link['token']}"
    assert _who(cli.url, link["token"]) == ("collectivity", "Médiathèque de Brest", None, 1,
                                            None)
    ref = cli.json("order", "create", "--client", "1", "--line", "couvrage:standard=2")["ref"]
    scoped = cli.json("token", "create", "--collectivity", "1", "--order", ref,
                      "--public-url", "https://atelier.example.fr/")
    assert scoped["url"] == f"https://atelier.example.fr/suivi/{scoped['token']}"
    assert _who(cli.url, scoped["token"])[3:] == (1, ref)
    from_env = CliRunner().invoke(
        main, ["token", "create", "--collectivity", "1", "--json", "--db", cli.url],
        env={"ATELIER_PUBLIC_URL": "https://suivi.example.org", "ATELIER_LANG": "fr",
             "ATELIER_DATABASE_URL": None, "ATELIER_ROLE": None})
    assert from_env.exit_code == 0, from_env.output
    made = json.loads(from_env.stdout)
    assert made["url"] == f"https://suivi.example.org/suivi/{made['token']}"
    missing = cli.json("token", "create", "--collectivity", "99", code=3)
    assert missing["error"]["code"] == "collectivity_not_found"


def test_token_create_wants_a_role_or_a_collectivity(cli: Cli) -> None:
    assert "--role ROLE" in cli("token", "create", code=2).stderr
    cli("token", "create", "--role", "viewer", "--collectivity", "1", code=2)
    cli("token", "create", "--role", "viewer", "--order", "CMD-2026-0001", code=2)
    cli("token", "create", "--role", "root", code=2)


def test_only_the_admin_creates_keys(cli: Cli) -> None:
    refused = cli.json("token", "create", "--role", "admin", role="supervisor", code=6)
    assert refused["error"]["code"] == "forbidden"
    link = cli.json("token", "create", "--collectivity", "1", role="supervisor")
    assert link["token"].startswith("atc_")


def test_token_list_and_revoke(cli: Cli) -> None:
    key = cli.json("token", "create", "--role", "viewer")["token"]
    key_id = key.split("_")[1]
    listed = cli("token", "list", "--json").stdout
    assert key not in listed and key.split("_", 2)[2] not in listed
    [view] = json.loads(listed)
    assert (view["id"], view["kind"], view["role"], view["active"]) == (key_id, "staff",
                                                                       "viewer", True)
    assert "clé d'API" in cli("token", "list").stdout
    # A key is the admin's: to another role it is as unknown as an id that is none (no
    # oracle of the key ids).
    hidden = cli.json("token", "revoke", key_id, role="supervisor", code=3)
    assert hidden["error"]["code"] == "token_not_found"
    revoked = cli.json("token", "revoke", key_id)
    assert revoked["revoked_at"] and revoked["active"] is False
    with pytest.raises(NotAuthenticated):
        _who(cli.url, key)
    assert "révoqué" in cli("token", "revoke", key_id).stdout
    assert cli.json("token", "list")[0]["active"] is False
    assert cli.json("token", "revoke", "0123456789abcdef", code=3)["error"]["code"] == (
        "token_not_found")


def test_serve_keeps_its_form(cli: Cli) -> None:
    shown = cli("serve", "--help").stdout
    for option in ("--host", "--port", "--public-url", "--db"):
        assert option in shown
    assert "127.0.0.1" in shown and "8000" in shown


def test_serve_refuses_a_database_without_schema(tmp_path: object) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", f"sqlite:///{tmp_path}/none.db"],
                                env={"ATELIER_LANG": "en", "ATELIER_DATABASE_URL": None})
    assert result.exit_code == 4, result.output
    assert "atelier init" in result.stderr


def test_the_server_logs_keep_tokens_secret() -> None:
    token = "atc_0123456789abcdef_Jd8s7Qm2Lk9Xv0Wc4Ty6Ub1Rn3Pz5Oa7Hq2Ge8Fs0Ki"
    assert hide_tokens(f"GET /suivi/{token}/commandes/x") == (
        "GET /suivi/atc_0123456789abcdef_***/commandes/x")
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", f"/suivi/{token}", "1.1", 200), None)
    assert HideTokens().filter(record)
    assert token not in record.getMessage() and "atc_0123456789abcdef_***" in record.getMessage()
