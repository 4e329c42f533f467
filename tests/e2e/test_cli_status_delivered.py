"""``atelier status`` of a delivered order explains the books its list announced that
never came."""

from __future__ import annotations

from pathlib import Path

from atelier import Workshop
from tests.conftest import open_workshop, qualified_trainee, write_csv
from tests.e2e.cli_runner import Cli


def test_status_names_the_books_never_received(db_url: str, tmp_path: Path) -> None:
    cli = Cli(db_url)
    cli("init")
    ws: Workshop = open_workshop(db_url, actor="claire")
    try:
        client = ws.add_collectivity("Médiathèque de Brest", kind="mediatheque")
        ref = ws.create_order(client, ["couvrage:standard=5"], accepted=True)
        codes = [f"B{n}" for n in range(1, 6)]
        write_csv(tmp_path / "liste.csv", ["Code-barres"], [[c] for c in codes])
        ws.import_items(ref, tmp_path / "liste.csv")
        trainee = qualified_trainee(ws)
        ws.receive(ref, codes[:2])
        for op in ws.catalogue().service("couvrage").operations:
            if op.checkpoint:
                ws.check(ref, op.code, codes[:2])
            else:
                ws.record_work(ref, op.code, trainee, codes[:2])
        before = cli("status", ref.lower()).stdout
        assert "jamais été reçu" not in before
        ws.deliver(ref)
    finally:
        ws.close()
    french = cli("status", ref.lower()).stdout
    assert "livrée" in french
    assert "3 documents annoncés n'ont jamais été reçus" in french
    english = cli("status", ref, lang="en").stdout
    assert "3 announced items were never received" in english
