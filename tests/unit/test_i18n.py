"""French is the default language: every problem the item reader reports reads in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier.cli.i18n import problem_text
from atelier.domain.errors import FileRejected, Problem
from atelier.importing.item_file import ItemFileReader

FORMATS = {"poche": "Poche", "standard": "Standard"}
SERVICES = {"couvrage": "Couvrage"}

ROWS = (
    "cb;titre;isbn;format;prestations\n"
    "1 2;a;9782070360025;poche;couvrage\n"      # whitespace in barcode, bad check digit
    ";b;;;\n"                                    # empty barcode
    "X;c;abc;XXL;dorure\n"                       # not an ISBN, unknown format, unknown service
    "X;d;978207036002;;\n"                       # duplicate barcode, bad length
    "2,9019E+12;e;;;\n"                          # spreadsheet notation
    "Y;f;;;;extra\n"                             # too many fields
)


def _problems(path: Path) -> list[Problem]:
    try:
        reader = ItemFileReader(path, formats=FORMATS, services=SERVICES)
    except FileRejected as err:
        return err.problems
    list(reader)
    return reader.problems


@pytest.mark.parametrize(("name", "content"), [
    ("rows.csv", ROWS.encode()),
    ("empty.csv", b""),
    ("junk.csv", b"\x00\x01\x02binary"),
    ("nobarcode.csv", b"titre;auteur\na;b\n"),
    ("wide.csv", (";".join(f"c{i}" for i in range(300)) + "\n").encode()),
    ("neither.csv", b"cb;titre\nA;caf\xc3\n B;\x81\n"),
    ("twice.csv", b"cb;code-barres\nA;B\n"),
    ("header-only.csv", b"cb;titre\n"),
])
def test_every_reader_problem_reads_in_french(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    problems = _problems(path)
    assert problems
    for problem in problems:
        french, english = problem_text(problem, "fr"), problem_text(problem, "en")
        assert problem.reason not in french, f"untranslated: {english}"
        assert "champ « " in french
