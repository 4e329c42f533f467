"""The catalogue file: the shipped catalogues load, and every broken file is refused precisely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atelier import jsonable
from atelier.domain.catalogue import (
    DEFAULT_EVIDENCE,
    SERVICE_CATEGORIES,
    SKILL_KINDS,
    Catalogue,
    EvidenceRule,
)
from atelier.domain.errors import CatalogueError, InvalidInput
from atelier.importing.catalogue import (
    default_catalogue,
    default_catalogue_path,
    load_catalogue,
    parse_catalogue,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "catalogues"

# --- A small valid catalogue; every refusal case below breaks exactly one thing in it. ---

HEAD = """\
[catalogue]
code = "test"
name = "Catalogue de test"
version = "1"
"""

FORMATS = """
[[formats]]
code = "poche"
name = "Poche"

[[formats]]
code = "grand"
name = "Grand format"
"""

SKILLS = """
[[skills]]
code = "cleaning"
name = "Nettoyer"
kind = "technical"
reference = "ROME B1402"

[[skills]]
code = "film_apply"
name = "Poser le film"
kind = "technical"

[[skills]]
code = "quality_check"
name = "Contrôler"
kind = "technical"

[[skills]]
code = "teamwork"
name = "Travailler en équipe"
kind = "transversal"
"""

DEFECTS = """
[[defects]]
code = "bubble"
label = "Bulles"

[[defects]]
code = "glue_stain"
label = "Tache de colle"
"""

COUVRAGE = """
[[services]]
code = "couvrage"
name = "Couvrage"
category = "protection"
description = "Film adhésif"

  [[services.operations]]
  code = "clean"
  name = "Nettoyer la couverture"
  standard_minutes = 0.5
  skill = "cleaning"
  min_level = 1

  [[services.operations]]
  code = "apply_film"
  name = "Poser le film"
  standard_minutes = 2
  skill = "film_apply"
  min_level = 2

  [[services.operations]]
  code = "check"
  name = "Contrôle"
  standard_minutes = 0.5
  skill = "quality_check"
  min_level = 3
  checkpoint = true

  [services.prices]
  poche = [ { from = 1, cents = 150 }, { from = 100, cents = 135 } ]
  grand = [ { from = 1, cents = 350 } ]
"""

NETTOYAGE_OPS = """
  [[services.operations]]
  code = "clean"
  name = "Dépoussiérer"
  standard_minutes = 1
  skill = "cleaning"
  min_level = 1
"""

NETTOYAGE_PRICES = """
  [services.prices]
  poche = [ { from = 1, cents = 80 } ]
"""

NETTOYAGE = f"""
[[services]]
code = "nettoyage"
name = "Nettoyage"
category = "refurbishing"
{NETTOYAGE_OPS}{NETTOYAGE_PRICES}"""

BASE = HEAD + FORMATS + SKILLS + DEFECTS + COUVRAGE + NETTOYAGE


def variant(*edits: tuple[str, str]) -> str:
    """BASE with each ``old`` (which must occur exactly once) replaced by ``new``."""
    text = BASE
    for old, new in edits:
        assert text.count(old) == 1, f"edit target must occur exactly once: {old!r}"
        text = text.replace(old, new)
    return text


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- The valid files -------------------------------------------------------------------


def test_the_base_of_the_refusal_cases_is_valid(tmp_path: Path) -> None:
    cat = load_catalogue(write(tmp_path, BASE))
    assert cat.code == "test"
    assert cat.format_codes == ("poche", "grand")
    assert [s.code for s in cat.services] == ["couvrage", "nettoyage"]
    # The same operation code in two services is fine: codes are unique per routing.
    assert cat.service("couvrage").operation("clean").standard_minutes == 0.5
    assert cat.service("nettoyage").operation("clean").standard_minutes == 1.0
    assert {d.code: d.label for d in cat.defects} == {"bubble": "Bulles",
                                                      "glue_stain": "Tache de colle"}
    check = cat.service("couvrage").operation("check")
    assert check.checkpoint is True
    assert cat.service("couvrage").operation("clean").checkpoint is False
    assert cat.skill("cleaning").reference == "ROME B1402"
    assert cat.skill("film_apply").reference == ""


def test_defects_are_optional(tmp_path: Path) -> None:
    cat = load_catalogue(write(tmp_path, variant((DEFECTS, ""))))
    assert cat.defects == ()


def test_prices_follow_the_catalogue_format_order(tmp_path: Path) -> None:
    swapped = variant(
        (
            "  poche = [ { from = 1, cents = 150 }, { from = 100, cents = 135 } ]\n"
            "  grand = [ { from = 1, cents = 350 } ]\n",
            "  grand = [ { from = 1, cents = 350 } ]\n"
            "  poche = [ { from = 1, cents = 150 }, { from = 100, cents = 135 } ]\n",
        )
    )
    assert load_catalogue(write(tmp_path, swapped)).service("couvrage").formats == (
        "poche",
        "grand",
    )


def test_a_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    assert load_catalogue(path).code == "test"


EXPECTED_DEFAULT_SERVICES = {
    "couvrage": "protection",
    "renfort_charniere": "protection",
    "cote": "equipment",
    "code_barres": "equipment",
    "antivol_rfid": "equipment",
    "estampille": "equipment",
    "page_dechiree": "repair",
    "couverture_decollee": "repair",
    "nettoyage": "refurbishing",
    "reliure_periodiques": "binding",
    "reliure": "binding",
}


def test_the_default_catalogue_has_every_service_of_the_bookbinding_workshop() -> None:
    cat = default_catalogue()
    assert cat.code == "reliure"
    assert cat.format_codes == ("poche", "standard", "grand", "hors_format")
    assert {s.code: s.category for s in cat.services} == EXPECTED_DEFAULT_SERVICES
    for svc in cat.services:
        assert svc.formats, svc.code
        for fmt, breaks in svc.prices.items():
            assert fmt in cat.format_codes
            assert breaks[0].min_quantity == 1
        assert 2 <= len(svc.operations) <= 6, svc.code
        assert not svc.operations[0].checkpoint, svc.code
    # Covering is priced for every format; a pocket book costs less than a large one.
    couvrage = cat.service("couvrage")
    assert couvrage.formats == cat.format_codes
    assert 100 <= couvrage.unit_price_cents("poche", 1) <= 300
    assert 300 <= couvrage.unit_price_cents("grand", 1) <= 600
    assert couvrage.unit_price_cents("poche", 1) < couvrage.unit_price_cents("standard", 1)
    assert couvrage.unit_price_cents("standard", 1) < couvrage.unit_price_cents("grand", 1)
    assert couvrage.unit_price_cents("grand", 1) < couvrage.unit_price_cents("hors_format", 1)


def test_the_default_catalogue_checks_quality_at_level_3_and_has_its_referential() -> None:
    cat = default_catalogue()
    checkpoints = [op for svc in cat.services for op in svc.operations if op.checkpoint]
    assert len(checkpoints) >= 9
    assert {(op.skill, op.min_level) for op in checkpoints} == {("quality_check", 3)}
    kinds = [sk.kind for sk in cat.skills]
    assert 12 <= kinds.count("technical") <= 16
    assert kinds.count("transversal") >= 5
    for sk in cat.skills:
        prefix = "ROME B1402" if sk.kind == "technical" else "CléA "
        assert sk.reference.startswith(prefix), sk.code
    assert {
        "bubble",
        "misaligned_label",
        "edge_lifting",
        "wrong_call_number",
        "glue_stain",
        "crooked_trim",
    } <= set(cat.defect_codes)


def test_the_default_catalogue_path_is_the_shipped_file() -> None:
    path = default_catalogue_path()
    assert path.name == "bookbinding.toml"
    assert path.parent.name == "catalogues"
    assert path.is_file()
    assert load_catalogue(path) == default_catalogue()


def test_the_bicycle_repair_example_loads() -> None:
    cat = load_catalogue(EXAMPLES / "bicycle-repair.toml")
    assert cat.code == "cycles"
    assert {"enfant", "adulte", "vae"} <= set(cat.format_codes)
    assert {"revision", "crevaison", "remise_en_etat"} <= {s.code for s in cat.services}
    assert cat.defects
    assert {s.category for s in cat.services} <= set(SERVICE_CATEGORIES)
    assert {sk.kind for sk in cat.skills} == set(SKILL_KINDS)
    # Nothing of the bookbinding trade leaks into it.
    assert "couvrage" not in {s.code for s in cat.services}
    assert cat.service("revision").operations[-1].checkpoint


# --- the catalogue's JSON ------------------------------------------------------------------


def test_catalogue_json_is_json_and_keeps_the_facts() -> None:
    cat = default_catalogue()
    data = jsonable(cat)
    assert json.loads(json.dumps(data)) == data
    assert (data["code"], data["name"], data["version"]) == (cat.code, cat.name, cat.version)
    assert data["formats"][0] == {"code": "poche", "name": cat.formats[0].name}
    assert [s["code"] for s in data["services"]] == [s.code for s in cat.services]
    couvrage = next(s for s in data["services"] if s["code"] == "couvrage")
    assert couvrage["category"] == "protection"
    assert couvrage["formats"] == ["poche", "standard", "grand", "hors_format"]
    assert couvrage["prices"]["poche"][0] == {"min_quantity": 1, "unit_cents": 150}
    assert couvrage["prices"]["poche"] == [
        {"min_quantity": b.min_quantity, "unit_cents": b.unit_cents}
        for b in cat.service("couvrage").prices["poche"]
    ]
    assert [op["code"] for op in couvrage["operations"]] == [
        "clean",
        "cut_film",
        "apply_film",
        "turn_in",
        "check",
    ]
    assert couvrage["operations"][-1] == {
        "code": "check",
        "name": "Contrôle qualité du couvrage",
        "standard_minutes": 0.5,
        "skill": "quality_check",
        "min_level": 3,
        "checkpoint": True,
    }
    assert couvrage["standard_minutes"] == 5.5
    # 0.3 + 0.3 + 0.3 + 0.2 is 1.0999999999999999 in floats; the dict shows 1.1.
    cote = next(s for s in data["services"] if s["code"] == "cote")
    assert cote["standard_minutes"] == 1.1
    assert {
        "code": "film_cut",
        "name": cat.skill("film_cut").name,
        "kind": "technical",
        "reference": "ROME B1402",
    } in data["skills"]
    assert data["defects"] == [{"code": d.code, "label": d.label} for d in cat.defects]


def test_catalogue_json_of_the_test_catalogue(tmp_path: Path) -> None:
    data = jsonable(load_catalogue(write(tmp_path, BASE)))
    assert data["services"][1] == {
        "code": "nettoyage",
        "name": "Nettoyage",
        "category": "refurbishing",
        "description": "",
        "formats": ["poche"],
        "prices": {"poche": [{"min_quantity": 1, "unit_cents": 80}]},
        "standard_minutes": 1.0,
        "operations": [
            {
                "code": "clean",
                "name": "Dépoussiérer",
                "standard_minutes": 1.0,
                "skill": "cleaning",
                "min_level": 1,
                "checkpoint": False,
            },
        ],
    }
    assert data["skills"][3] == {
        "code": "teamwork",
        "name": "Travailler en équipe",
        "kind": "transversal",
        "reference": "",
    }
    assert data["defects"] == [
        {"code": "bubble", "label": "Bulles"},
        {"code": "glue_stain", "label": "Tache de colle"},
    ]


# --- Prices with quantity breaks -------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "cents"),
    [(1, 150), (2, 150), (99, 150), (100, 135), (499, 135), (500, 120), (5000, 120)],
)
def test_covering_a_pocket_book_is_cheaper_by_quantity(quantity: int, cents: int) -> None:
    assert default_catalogue().service("couvrage").unit_price_cents("poche", quantity) == cents


def test_a_format_without_a_price_is_refused_on_a_line() -> None:
    reliure = default_catalogue().service("reliure")
    assert "hors_format" not in reliure.formats
    with pytest.raises(InvalidInput) as err:
        reliure.unit_price_cents("hors_format", 1)
    assert err.value.code == "format_not_priced"


# --- Refusals ----------------------------------------------------------------------------

FIRST_OP_BODY = '  standard_minutes = 0.5\n  skill = "cleaning"\n  min_level = 1\n'
POCHE_PRICES = "poche = [ { from = 1, cents = 150 }, { from = 100, cents = 135 } ]"
GRAND_PRICES = "grand = [ { from = 1, cents = 350 } ]"
OP1 = "services[0].operations[1]"

REFUSALS: list[tuple[str, list[tuple[str, str]], str]] = [
    # TOML syntax
    ("toml_syntax", [('name = "Poche"', 'name = "Poche')], "toml"),
    ("toml_duplicate_key", [(GRAND_PRICES, GRAND_PRICES + "\n  " + GRAND_PRICES)], "toml"),
    # missing or wrongly typed required keys
    ("missing_catalogue_table", [(HEAD, "")], "catalogue"),
    ("catalogue_not_a_table", [(HEAD, 'catalogue = "test"\n')], "catalogue"),
    ("missing_version", [('version = "1"\n', "")], "catalogue.version"),
    ("version_not_a_string", [('version = "1"', "version = 1")], "catalogue.version"),
    ("missing_formats", [(FORMATS, "")], "formats"),
    ("no_format", [(FORMATS, ""), ("[catalogue]", "formats = []\n\n[catalogue]")], "formats"),
    (
        "formats_not_an_array",
        [(FORMATS, ""), ("[catalogue]", 'formats = "poche"\n\n[catalogue]')],
        "formats",
    ),
    ("missing_skills", [(SKILLS, "")], "skills"),
    ("missing_services", [(COUVRAGE + NETTOYAGE, "")], "services"),
    ("missing_format_name", [('name = "Grand format"\n', "")], "formats[1].name"),
    ("blank_format_name", [('name = "Grand format"', 'name = "  "')], "formats[1].name"),
    ("missing_skill_kind", [('kind = "transversal"\n', "")], "skills[3].kind"),
    ("skill_kind_not_a_string", [('kind = "transversal"', "kind = 2")], "skills[3].kind"),
    ("missing_defect_label", [('label = "Bulles"\n', "")], "defects[0].label"),
    ("missing_service_name", [('name = "Nettoyage"\n', "")], "services[1].name"),
    ("missing_operation_skill", [('skill = "film_apply"\n', "")], f"{OP1}.skill"),
    ("min_level_a_string", [("min_level = 2", 'min_level = "2"')], f"{OP1}.min_level"),
    ("min_level_a_boolean", [("min_level = 2", "min_level = true")], f"{OP1}.min_level"),
    ("min_level_a_float", [("min_level = 2", "min_level = 2.0")], f"{OP1}.min_level"),
    (
        "minutes_a_string",
        [("standard_minutes = 2\n", 'standard_minutes = "2"\n')],
        f"{OP1}.standard_minutes",
    ),
    (
        "checkpoint_a_string",
        [("checkpoint = true", 'checkpoint = "yes"')],
        "services[0].operations[2].checkpoint",
    ),
    (
        "operations_not_an_array",
        [(NETTOYAGE_OPS, 'operations = "clean"\n')],
        "services[1].operations",
    ),
    ("missing_prices", [(NETTOYAGE_PRICES, "")], "services[1].prices"),
    (
        "prices_list_not_an_array",
        [("poche = [ { from = 1, cents = 80 } ]", "poche = 80")],
        "services[1].prices.poche",
    ),
    (
        "price_break_not_a_table",
        [("poche = [ { from = 1, cents = 80 } ]", "poche = [ 80 ]")],
        "services[1].prices.poche[0]",
    ),
    (
        "missing_from",
        [("{ from = 1, cents = 350 }", "{ cents = 350 }")],
        "services[0].prices.grand[0].from",
    ),
    # unknown keys
    ("unknown_top_level", [(DEFECTS, DEFECTS.replace("[[defects]]", "[[defect]]"))], "defect"),
    (
        "unknown_in_catalogue",
        [('version = "1"', 'version = "1"\nauthor = "moi"')],
        "catalogue.author",
    ),
    ("unknown_in_format", [('name = "Poche"', 'name = "Poche"\nsize = 18')], "formats[0].size"),
    (
        "unknown_in_skill",
        [('reference = "ROME B1402"', 'refrence = "ROME B1402"')],
        "skills[0].refrence",
    ),
    ("unknown_in_defect", [('label = "Bulles"', 'lable = "Bulles"')], "defects[0].lable"),
    (
        "unknown_in_service",
        [('description = "Film adhésif"', 'desc = "Film adhésif"')],
        "services[0].desc",
    ),
    ("unknown_in_operation", [('skill = "film_apply"', 'skil = "film_apply"')], f"{OP1}.skil"),
    (
        "unknown_in_price_break",
        [("{ from = 1, cents = 350 }", "{ from = 1, cent = 350 }")],
        "services[0].prices.grand[0].cent",
    ),
    # duplicate codes
    ("duplicate_format", [('code = "grand"', 'code = "poche"')], "formats[1].code"),
    ("duplicate_skill", [('code = "film_apply"', 'code = "cleaning"')], "skills[1].code"),
    ("duplicate_service", [('code = "nettoyage"', 'code = "couvrage"')], "services[1].code"),
    ("duplicate_operation", [('code = "apply_film"', 'code = "clean"')], f"{OP1}.code"),
    ("duplicate_defect", [('code = "glue_stain"', 'code = "bubble"')], "defects[1].code"),
    # operation skill not in the referential
    ("unknown_skill", [('skill = "film_apply"', 'skill = "film_aply"')], f"{OP1}.skill"),
    # min_level outside 0-4
    ("min_level_5", [("min_level = 2", "min_level = 5")], f"{OP1}.min_level"),
    ("min_level_negative", [("min_level = 2", "min_level = -1")], f"{OP1}.min_level"),
    # standard_minutes <= 0 (and not a number)
    (
        "minutes_zero",
        [("standard_minutes = 2\n", "standard_minutes = 0\n")],
        f"{OP1}.standard_minutes",
    ),
    (
        "minutes_negative",
        [("standard_minutes = 2\n", "standard_minutes = -1.5\n")],
        f"{OP1}.standard_minutes",
    ),
    (
        "minutes_nan",
        [("standard_minutes = 2\n", "standard_minutes = nan\n")],
        f"{OP1}.standard_minutes",
    ),
    (
        "minutes_inf",
        [("standard_minutes = 2\n", "standard_minutes = inf\n")],
        f"{OP1}.standard_minutes",
    ),
    # a service with no operations
    ("no_operations_key", [(NETTOYAGE_OPS, "")], "services[1].operations"),
    ("empty_operations", [(NETTOYAGE_OPS, "operations = []\n")], "services[1].operations"),
    # a checkpoint as the first operation of a routing
    (
        "checkpoint_first",
        [(FIRST_OP_BODY, FIRST_OP_BODY + "  checkpoint = true\n")],
        "services[0].operations[0].checkpoint",
    ),
    (
        "checkpoint_only_operation",
        [
            (
                "  min_level = 1\n\n  [services.prices]",
                "  min_level = 1\n  checkpoint = true\n\n  [services.prices]",
            )
        ],
        "services[1].operations[0].checkpoint",
    ),
    # prices
    (
        "price_format_undeclared",
        [(GRAND_PRICES, GRAND_PRICES.replace("grand", "geant"))],
        "services[0].prices.geant",
    ),
    ("price_list_empty", [(GRAND_PRICES, "grand = [ ]")], "services[0].prices.grand"),
    ("price_table_empty", [("  poche = [ { from = 1, cents = 80 } ]\n", "")], "services[1].prices"),
    (
        "first_break_not_1",
        [("{ from = 1, cents = 350 }", "{ from = 2, cents = 350 }")],
        "services[0].prices.grand[0].from",
    ),
    (
        "first_break_0",
        [("{ from = 1, cents = 350 }", "{ from = 0, cents = 350 }")],
        "services[0].prices.grand[0].from",
    ),
    (
        "breaks_equal",
        [(POCHE_PRICES, POCHE_PRICES.replace("from = 100", "from = 1"))],
        "services[0].prices.poche[1].from",
    ),
    (
        "breaks_descending",
        [(POCHE_PRICES, POCHE_PRICES.replace(" ]", ", { from = 50, cents = 120 } ]"))],
        "services[0].prices.poche[2].from",
    ),
    (
        "break_from_a_float",
        [(POCHE_PRICES, POCHE_PRICES.replace("100", "100.0"))],
        "services[0].prices.poche[1].from",
    ),
    ("cents_a_float", [("cents = 350", "cents = 3.5")], "services[0].prices.grand[0].cents"),
    (
        "cents_a_whole_float",
        [("cents = 350", "cents = 350.0")],
        "services[0].prices.grand[0].cents",
    ),
    ("cents_zero", [("cents = 350", "cents = 0")], "services[0].prices.grand[0].cents"),
    ("cents_negative", [("cents = 350", "cents = -350")], "services[0].prices.grand[0].cents"),
    ("cents_a_string", [("cents = 350", 'cents = "3,50"')], "services[0].prices.grand[0].cents"),
    # categories and skill kinds
    (
        "unknown_category",
        [('category = "refurbishing"', 'category = "cleaning"')],
        "services[1].category",
    ),
    (
        "unknown_skill_kind",
        [('kind = "technical"\nreference', 'kind = "technique"\nreference')],
        "skills[0].kind",
    ),
    # codes
    ("catalogue_code_with_space", [('code = "test"', 'code = "mon test"')], "catalogue.code"),
    ("format_code_upper_case", [('code = "poche"', 'code = "Poche"')], "formats[0].code"),
    ("format_code_with_blanks", [('code = "poche"', 'code = " poche"')], "formats[0].code"),
    ("format_code_trailing_newline", [('code = "poche"', 'code = "poche\\n"')], "formats[0].code"),
    ("skill_code_accented", [('code = "teamwork"', 'code = "équipe"')], "skills[3].code"),
    (
        "defect_code_leading_underscore",
        [('code = "bubble"', 'code = "_bubble"')],
        "defects[0].code",
    ),
    (
        "service_code_with_space",
        [('code = "couvrage"', 'code = "couvrage film"')],
        "services[0].code",
    ),
    (
        "operation_code_leading_dash",
        [('code = "check"', 'code = "-check"')],
        "services[0].operations[2].code",
    ),
    ("empty_code", [('code = "grand"', 'code = ""')], "formats[1].code"),
]


@pytest.mark.parametrize(
    ("edits", "key"),
    [pytest.param(edits, key, id=case) for case, edits, key in REFUSALS],
)
def test_a_broken_catalogue_is_refused_with_the_exact_key(
    tmp_path: Path, edits: list[tuple[str, str]], key: str
) -> None:
    path = write(tmp_path, variant(*edits))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert err.value.source == str(path)
    assert err.value.key == key
    assert err.value.code == "catalogue_invalid"
    assert err.value.reason
    assert str(path) in str(err.value)


def test_a_syntax_error_gives_the_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, variant(('name = "Poche"', 'name = "Poche')))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    line = variant(('name = "Poche"', 'name = "Poche')).splitlines().index('name = "Poche') + 1
    assert f"line {line}" in err.value.reason
    assert "column" in err.value.reason


def test_an_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, variant(('skill = "film_apply"', 'skil = "film_apply"')))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert "'skill'" in err.value.reason


def test_money_as_a_float_is_refused_as_such(tmp_path: Path) -> None:
    path = write(tmp_path, variant(("cents = 350", "cents = 3.5")))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert "integer number of cents" in err.value.reason


def test_parse_catalogue_names_the_given_source() -> None:
    with pytest.raises(CatalogueError) as err:
        parse_catalogue(variant(("min_level = 2", "min_level = 9")), "atelier-lorient.toml")
    assert (err.value.source, err.value.key) == ("atelier-lorient.toml", f"{OP1}.min_level")
    assert isinstance(parse_catalogue(BASE, "ok.toml"), Catalogue)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert (err.value.source, err.value.key) == (str(path), "file")


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(BASE.encode("cp1252"))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert (err.value.source, err.value.key) == (str(path), "toml")
    first_accent = next(n for n, line in enumerate(BASE.splitlines(), 1) if not line.isascii())
    assert f"line {first_accent}" in err.value.reason


# --- Evidence thresholds: when production suggests a level -----------------------------

EVIDENCE = """
[[evidence]]
level = 3
min_items = 30
min_pass_rate = 0.95
autonomous_only = true

[[evidence]]
level = 2
min_items = 10
min_pass_rate = 0.8
"""


def test_evidence_thresholds_are_read_and_sorted_by_level(tmp_path: Path) -> None:
    cat = load_catalogue(write(tmp_path, BASE + EVIDENCE))
    assert cat.evidence == (
        EvidenceRule(level=2, min_items=10, min_pass_rate=0.8, autonomous_only=False),
        EvidenceRule(level=3, min_items=30, min_pass_rate=0.95, autonomous_only=True),
    )
    assert jsonable(cat)["evidence"] == [
        {"level": 2, "min_items": 10, "min_pass_rate": 0.8, "autonomous_only": False},
        {"level": 3, "min_items": 30, "min_pass_rate": 0.95, "autonomous_only": True},
    ]


def test_without_thresholds_the_defaults_apply_and_an_empty_list_turns_them_off(
    tmp_path: Path,
) -> None:
    assert load_catalogue(write(tmp_path, BASE)).evidence == DEFAULT_EVIDENCE
    assert load_catalogue(write(tmp_path, "evidence = []\n" + BASE)).evidence == ()


def test_the_shipped_catalogues_state_their_thresholds() -> None:
    bookbinding = default_catalogue().evidence
    assert [(r.level, r.min_items, r.autonomous_only) for r in bookbinding] == [
        (2, 10, False), (3, 30, True), (4, 100, True)]
    bicycle = load_catalogue(EXAMPLES / "bicycle-repair.toml").evidence
    assert [r.level for r in bicycle] == [2, 3, 4]
    assert all(0 < r.min_pass_rate <= 1 for r in (*bookbinding, *bicycle))


EVIDENCE_REFUSALS = [
    ("level_zero", ("level = 3", "level = 0"), "evidence[0].level"),
    ("level_five", ("level = 3", "level = 5"), "evidence[0].level"),
    ("level_as_string", ("level = 3", 'level = "3"'), "evidence[0].level"),
    ("duplicate_level", ("level = 2\n", "level = 3\n"), "evidence[1].level"),
    ("no_items", ("min_items = 30", "min_items = 0"), "evidence[0].min_items"),
    ("items_as_float", ("min_items = 30", "min_items = 30.5"), "evidence[0].min_items"),
    ("rate_as_percent", ("min_pass_rate = 0.95", "min_pass_rate = 95"),
     "evidence[0].min_pass_rate"),
    ("negative_rate", ("min_pass_rate = 0.95", "min_pass_rate = -0.1"),
     "evidence[0].min_pass_rate"),
    ("rate_not_a_number", ("min_pass_rate = 0.95", "min_pass_rate = nan"),
     "evidence[0].min_pass_rate"),
    ("autonomous_as_string", ("autonomous_only = true", 'autonomous_only = "oui"'),
     "evidence[0].autonomous_only"),
    ("missing_rate", ("min_pass_rate = 0.8\n", ""), "evidence[1].min_pass_rate"),
    ("unknown_key", ("min_items = 10", "min_item = 10"), "evidence[1].min_item"),
]


@pytest.mark.parametrize(
    ("edit", "key"), [pytest.param(edit, key, id=case) for case, edit, key in EVIDENCE_REFUSALS]
)
def test_a_broken_threshold_is_refused_with_the_exact_key(
    tmp_path: Path, edit: tuple[str, str], key: str
) -> None:
    old, new = edit
    assert EVIDENCE.count(old) == 1, old
    path = write(tmp_path, BASE + EVIDENCE.replace(old, new))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert (err.value.source, err.value.key, err.value.code) == (
        str(path), key, "catalogue_invalid")
    assert err.value.reason


def test_thresholds_must_be_an_array_of_tables(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as err:
        load_catalogue(write(tmp_path, 'evidence = "strict"\n' + BASE))
    assert err.value.key == "evidence"
