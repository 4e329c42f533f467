"""RELIABILITY 2: a malformed item file never half-lands.

Each bad file gives one ``FileRejected`` naming the file, and the line and field
of what is wrong, and leaves the database as it was: every row of every table
is compared before and after (and, on SQLite, the bytes of the database file
once its write-ahead log is checkpointed).
"""

from __future__ import annotations

import codecs
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from atelier import FileRejected, Workshop
from tests.conftest import dump, engine_of, make_siret, qualified_trainee

HEADER = "Code-barres;Titre;ISBN;Format\r\n"
#: The barcode of the book already in the order when the bad file comes.
SEED = "SEED-0001"


def good_rows(n: int, start: int = 1) -> str:
    return "".join(f"29019{k:08d};Titre {k};;standard\r\n" for k in range(start, start + n))


def wrong_encoding(path: Path) -> tuple[int | None, str]:
    # 0x81 and 0x8D decode neither as UTF-8 nor as Windows-1252
    path.write_bytes((HEADER + good_rows(2)).encode("utf-8")
                     + b"2901900000003;Le livre \x81\x8d;;standard\r\n")
    return 4, "file"


def bom_then_cp1252(path: Path) -> tuple[int | None, str]:
    path.write_bytes(codecs.BOM_UTF8 + (HEADER + good_rows(1)).encode("utf-8")
                     + "2901900000002;Noël;;standard\r\n".encode("cp1252"))
    return 3, "file"


def utf16(path: Path) -> tuple[int | None, str]:
    path.write_bytes((HEADER + good_rows(2)).encode("utf-16"))
    return 1, "file"


def no_barcode_column(path: Path) -> tuple[int | None, str]:
    path.write_text("Titre;ISBN;Format\r\nLe livre;9782070368228;standard\r\n", encoding="utf-8")
    return 1, "header"


def bad_isbn_check_digit(path: Path) -> tuple[int | None, str]:
    path.write_text(HEADER + good_rows(3)
                    + "2901900000009;Le livre;9782070368220;standard\r\n", encoding="utf-8")
    return 5, "isbn"


def duplicate_barcode(path: Path) -> tuple[int | None, str]:
    path.write_text(HEADER + good_rows(3) + good_rows(1, start=2), encoding="utf-8")
    return 5, "barcode"


def empty_file(path: Path) -> tuple[int | None, str]:
    path.write_bytes(b"")
    return None, "file"


def million_columns(path: Path) -> tuple[int | None, str]:
    header = "Code-barres;" + ";".join(f"c{i}" for i in range(10**6))
    path.write_text(header + "\r\n2901900000001" + ";x" * 10**6 + "\r\n", encoding="utf-8")
    return 1, "header"


def million_fields_in_a_row(path: Path) -> tuple[int | None, str]:
    path.write_text(HEADER + good_rows(2) + "2901900000003" + ";x" * 10**6 + "\r\n",
                    encoding="utf-8")
    return 4, "row"


def binary_junk(path: Path) -> tuple[int | None, str]:
    rng = random.Random(20261128)
    junk = bytes(rng.randrange(256) for _ in range(64 * 1024))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + junk)
    return None, "file"  # the line of the first NUL byte, wherever the noise put it


def row_fitting_no_order_line(path: Path) -> tuple[int | None, str]:
    path.write_text(HEADER + good_rows(2) + "2901900000007;Un album;;grand\r\n",
                    encoding="utf-8")
    return 4, "format"


def barcode_already_in_the_order(path: Path) -> tuple[int | None, str]:
    path.write_text(HEADER + good_rows(1) + f"{SEED};Déjà là;;standard\r\n", encoding="utf-8")
    return 3, "barcode"


def bad_row_after_a_first_batch(path: Path) -> tuple[int | None, str]:
    # 2,500 good rows: the first 2,000 are written in one batch before the bad row is read
    path.write_text(HEADER + good_rows(2500) + "\r\n;Sans code-barres;;standard\r\n",
                    encoding="utf-8")
    return 2503, "barcode"


CASES: list[Callable[[Path], tuple[int | None, str]]] = [
    wrong_encoding, bom_then_cp1252, utf16, no_barcode_column, bad_isbn_check_digit,
    duplicate_barcode, empty_file, million_columns, million_fields_in_a_row, binary_junk,
    row_fitting_no_order_line, barcode_already_in_the_order, bad_row_after_a_first_batch,
]


def file_bytes(engine: sa.Engine) -> bytes | None:
    """The SQLite database file's bytes once the WAL is checkpointed (None elsewhere)."""
    if engine.dialect.name != "sqlite":
        return None
    raw = engine.raw_connection()  # autocommit: the checkpoint runs outside a transaction
    try:
        busy, _, _ = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    assert busy == 0, "the checkpoint could not complete"
    return Path(str(engine.url.database)).read_bytes()


@pytest.fixture
def order(workshop: Workshop) -> str:
    """An accepted order with some history (items, received, worked) to keep intact."""
    client = workshop.add_collectivity("Médiathèque de Brest", kind="mediatheque",
                                       siret=make_siret())
    return workshop.create_order(client, ["couvrage:standard=30", "code_barres:standard=30"],
                                 accepted=True)


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_a_bad_file_is_refused_whole_and_writes_nothing(
        workshop: Workshop, order: str, tmp_path: Path,
        make: Callable[[Path], tuple[int | None, str]]) -> None:
    # some history in the order first, so that "nothing changed" means something
    seed = tmp_path / "premier-envoi.csv"
    seed.write_text(HEADER + f"{SEED};Premier envoi;;standard\r\n", encoding="utf-8")
    assert workshop.import_items(order, seed).items == 1
    workshop.receive(order, [SEED])
    workshop.add_post("P1", "Couvrage 1")
    workshop.record_work(order, "clean", qualified_trainee(workshop, post="P1"))

    bad = tmp_path / f"{make.__name__}.csv"
    line, field = make(bad)
    before, before_bytes = dump(engine_of(workshop)), file_bytes(engine_of(workshop))

    with pytest.raises(FileRejected) as err:
        workshop.import_items(order, bad)

    rejected = err.value
    assert rejected.source == str(bad)
    assert str(bad) in str(rejected)
    assert len(rejected.problems) == 1, rejected.problems
    first = rejected.problems[0]
    assert first.field == field, rejected.problems
    if make is binary_junk:
        assert first.line is not None and first.line >= 1
    elif make is empty_file:
        assert first.line == 1  # an empty file is refused at its first line
    else:
        assert first.line == line, rejected.problems
    assert f"field '{field}'" in str(rejected)
    if line is not None:
        assert f"line {line}," in str(rejected)

    assert dump(engine_of(workshop)) == before
    assert file_bytes(engine_of(workshop)) == before_bytes
    status = workshop.status(order)
    assert status.items.total == 1 and status.items.in_workshop == 1


def test_a_good_file_after_bad_ones_lands_once(workshop: Workshop, order: str,
                                               tmp_path: Path) -> None:
    """The refusals left no trace that would block or duplicate the corrected file."""
    bad = tmp_path / "liste.csv"
    duplicate_barcode(bad)
    with pytest.raises(FileRejected):
        workshop.import_items(order, bad)
    bad.write_text(HEADER + good_rows(3), encoding="utf-8")
    first = workshop.import_items(order, bad)
    again = workshop.import_items(order, bad)
    assert (first.items, first.already_imported) == (3, False)
    assert (again.items, again.already_imported) == (0, True)
    assert workshop.status(order).items.total == 3
