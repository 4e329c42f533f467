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


def test_every_code_the_library_raises_has_a_french_and_english_text() -> None:
    """Read in the source: every ``code="…"`` of an error and every ``NotFound("what")``
    has its pair of texts, so that no refusal falls back to the library's English."""
    import re
    from pathlib import Path

    from atelier.cli.i18n import ERRORS

    root = Path(__file__).resolve().parents[2] / "src" / "atelier"
    found: dict[str, str] = {}
    for path in root.rglob("*.py"):
        if "catalogue" in path.parent.name:  # the catalogue's own defect codes are data
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\bcode\s*=\s*"([a-z_]+)"', text):
            found.setdefault(match.group(1), path.name)
        for match in re.finditer(r'NotFound\("([a-z_]+)"', text):
            found.setdefault(f"{match.group(1)}_not_found", path.name)
    assert len(found) > 100
    missing = {code: where for code, where in found.items() if code not in ERRORS}
    assert missing == {}
    assert all(fr and en and fr != en for fr, en in ERRORS.values())


def test_a_code_without_a_text_reads_its_family_in_french() -> None:
    from atelier import InvalidInput, NotFound
    from atelier.cli.i18n import error_text

    assert error_text(InvalidInput("name", "bad", value="x", code="brand_new"), "fr") == \
        "name : valeur refusée (x)"
    assert error_text(NotFound("widget", "K1"), "fr") == "Introuvable : widget K1"
