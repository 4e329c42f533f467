"""What the command line prints to a person: stored text shown literally (never read as
rich markup), every listing within 100 columns, labels rather than codes, and an order's
items listed page by page. Real database, click's runner, no mocks."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from atelier import AtelierError, InvalidInput, Workshop, jsonable
from atelier.cli import item_list
from atelier.cli.formats import visible
from atelier.cli.main import main
from tests.conftest import qualified_trainee, write_csv

HEADER = ["Code-barres", "Titre", "Format"]

#: Texts that rich would read as markup, a link, an emoji code or a style.
HOSTILE = ["[/bold]", "[red]rouge[/red]", "[link=https://example.org]lien[/link]", "[/]",
           "[bold", "\\[x]", ":smile:", "[#ff0000]x", "a[b]c[/b]d", "[[double]]", "]["]

#: Arbitrary printable text: letters of every script, punctuation, brackets, spaces.
TEXTS = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")),
            min_size=1, max_size=30),
    st.lists(st.sampled_from([*HOSTILE, "Médiathèque", "é", " ", "€", "漢字"]),
             min_size=1, max_size=5).map("".join),
)


def run(url: str, *args: str, columns: int = 400, lang: str = "fr") -> Result:
    """``atelier ARGS --db URL`` at a terminal ``columns`` wide; fails on any exception."""
    env = {"ATELIER_LANG": lang, "ATELIER_USER": "claire", "ATELIER_DATABASE_URL": None,
           "ATELIER_ROLE": None, "COLUMNS": str(columns)}
    return CliRunner().invoke(main, [*args, "--db", url], env=env, catch_exceptions=False)


def flat(text: str) -> str:
    """``text`` with its runs of whitespace made one space (tables pad and wrap)."""
    return " ".join(text.split())


def shown(result: Result, value: str) -> bool:
    """Whether ``value`` appears literally in the output (control characters visible)."""
    return flat(visible(value)) in flat(result.stdout)


_serial = itertools.count(1)


def _store(ws: Workshop, text: str, tmp_path: Path, trainee: str) -> dict[str, str]:
    """Store ``text`` everywhere a person may have typed it; what was accepted, by place
    (the library refuses some texts, e.g. a blank name: those places are skipped)."""
    n = next(_serial)
    kept: dict[str, str] = {}
    actor = ws
    try:
        actor = ws.acting_as(text, role="admin")
        kept["actor"] = actor.actor.name
    except InvalidInput:
        pass
    try:
        cid = actor.add_collectivity(text, kind="school")
        kept["name"] = next(c.name for c in ws.collectivities() if c.id == cid)
    except InvalidInput:
        cid = ws.add_collectivity(f"Collège {n}", kind="school")
    try:
        ref = actor.create_order(cid, ["couvrage:standard=2"], purchase_order=text,
                                 accepted=True)
        kept["purchase_order"] = ws.status(ref).purchase_order or ""
    except InvalidInput:
        ref = actor.create_order(cid, ["couvrage:standard=2"], accepted=True)
    csv = write_csv(tmp_path / f"items-{n}.csv", HEADER,
                    [[f"90{n:06d}01", text, "standard"], [f"90{n:06d}02", "Autre", "standard"]])
    try:
        actor.import_items(ref, str(csv))
        kept["title"] = ws.items(ref)[0].title or ""
    except InvalidInput:
        pass
    try:
        actor.assess(trainee, "cleaning", 2, evidence=text)
        kept["evidence"] = ws.assessments(trainee)[-1].evidence or ""
    except InvalidInput:
        pass
    if "actor" in kept:
        try:  # a half day of its own, while the contract's first weeks last
            day = dt.date(2026, 1, 5) + dt.timedelta(days=n % 50)
            actor.record_attendance_many([trainee], day, "am")
            # What the list shows is the session's entry as stored: a serial past 50
            # (shrinking runs many examples) comes back to a day recorded before.
            [entry] = [e for e in ws.attendance(day=day, trainee=trainee)
                       if e.session == "am"]
            kept["recorded_by"] = entry.recorded_by
        except AtelierError:
            pass
    try:
        ws.add_post(f"Q{n}", text)
        kept["label"] = next(p.label for p in ws.posts() if p.code == f"Q{n}")
    except InvalidInput:
        pass
    kept["ref"] = ref
    return kept


def test_stored_text_is_never_markup(workshop: Workshop, db_url: str, tmp_path: Path) -> None:
    """Whatever a name, title, purchase order, evidence note, post label or actor holds,
    every listing shows it as it is: exit 0, no traceback, the text itself on screen."""
    trainee = workshop.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5))

    @settings(max_examples=20, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(text=TEXTS)
    def check(text: str) -> None:
        kept = _store(workshop, text, tmp_path, trainee)
        ref = kept["ref"]
        outputs = {
            "order list": run(db_url, "order", "list"),
            "client list": run(db_url, "client", "list"),
            "status": run(db_url, "status", ref),
            "items list": run(db_url, "items", "list", ref),
            "skill history": run(db_url, "skill", "history", trainee),
            "audit": run(db_url, "audit", "--limit", "10"),
            "post list": run(db_url, "post", "list"),
            "hours collectivities": run(db_url, "hours", "collectivities"),
            "attendance list": run(db_url, "attendance", "list"),
            "trainee list": run(db_url, "trainee", "list"),
        }
        for name, result in outputs.items():
            assert result.exit_code == 0, (name, text, result.output)
            assert "Traceback" not in result.output, (name, text)
        # Where the text has room (400 columns), it is on screen as it is.
        where = {"name": ["client list", "status"],
                 "purchase_order": ["status"], "title": ["items list"],
                 "evidence": ["skill history"],
                 "actor": ["audit", "skill history"], "recorded_by": ["attendance list"],
                 "label": ["post list"]}
        for field, commands in where.items():
            if field in kept:
                for command in commands:
                    assert shown(outputs[command], kept[field]), (field, command, text)

    check()


@pytest.mark.parametrize("text", HOSTILE)
def test_a_markup_name_is_printed_as_it_is_at_100_columns(db_url: str, text: str) -> None:
    """The cases that used to crash ``order list`` for good, at a normal terminal width."""
    with Workshop.open(db_url, actor=f"Anne {text}", door="library") as ws:
        ws.init()
        cid = ws.add_collectivity(f"Médiathèque {text}", kind="mediatheque")
        ref = ws.create_order(cid, ["couvrage:standard=3"], purchase_order=text, accepted=True)
    for args in (("order", "list"), ("client", "list"), ("status", ref), ("audit",)):
        result = run(db_url, *args, columns=100)
        assert result.exit_code == 0, (args, result.output)
    assert text in run(db_url, "status", ref).stdout
    assert f"Médiathèque {text}" in run(db_url, "client", "list").stdout
    assert f"Anne {text}" in run(db_url, "audit").stdout


def _fits(result: Result, width: int = 100) -> None:
    assert result.exit_code == 0, result.output
    wide = [ln for ln in result.stdout.splitlines() if cell_len(ln.rstrip()) > width]
    assert wide == [], wide


def test_listings_are_tables_within_100_columns(workshop: Workshop, db_url: str,
                                                tmp_path: Path) -> None:
    """Every listing at a 100-column terminal: nothing wider, names on one line in the order
    list, a skill matrix of 20 trainees cut into tables of readable trainee codes."""
    long_name = "Réseau des bibliothèques du Pays des Abers et de la Côte des Légendes"
    cid = workshop.add_collectivity(long_name, kind="library_network")
    ref = workshop.create_order(cid, ["couvrage:standard=3"], purchase_order="BC-1",
                                accepted=True)
    write_csv(tmp_path / "l.csv", HEADER, [[f"31{n:08d}", "Un titre " * 12, "standard"]
                                           for n in range(3)])
    workshop.import_items(ref, str(tmp_path / "l.csv"))
    workshop.add_post("P1", "Couvrage 1")
    codes = [qualified_trainee(workshop, "P1" if n == 0 else None, level=2 + n % 2)
             for n in range(20)]
    workshop.add_trainee(contract="cep", weekly_hours=24, start=dt.date(2026, 1, 5),
                         end=dt.date.today() + dt.timedelta(days=60))
    for args in (("order", "list"), ("client", "list"), ("status", ref), ("items", "list", ref),
                 ("post", "list"), ("post", "history"), ("trainee", "list"),
                 ("trainee", "ending", "--within", "400"), ("skill", "history", codes[0]),
                 ("skill", "levels", codes[0]), ("skills", "matrix"), ("audit",),
                 ("catalogue", "show"), ("hours", "collectivities")):
        _fits(run(db_url, *args, columns=100))
        _fits(run(db_url, *args, columns=100, lang="en"))
    orders = run(db_url, "order", "list", columns=100).stdout
    assert "Commandes" in orders
    row = next(ln for ln in orders.splitlines() if ref in ln)
    assert "Réseau des bibliothèques" in row and "…" in row  # one line, cut, not folded
    matrix = run(db_url, "skills", "matrix", columns=100).stdout
    assert all(code in matrix for code in codes)  # every code whole, none cut to "T-00…"
    assert "(1/3)" in matrix and "(3/3)" in matrix
    assert "Dépoussiérer et nettoyer" in matrix  # skills by name
    for args in (("post", "list"), ("trainee", "list"), ("trainee", "ending", "--within",
                                                             "400"), ("post", "history")):
        assert "──" in run(db_url, *args, columns=100).stdout  # a table, not tab-separated
        assert "\t" not in run(db_url, *args, columns=100).stdout


def test_client_list_is_sorted_the_french_way(workshop: Workshop, db_url: str) -> None:
    for name in ("école Jean Macé", "Zola", "Archives", "Écomusée", "abbaye", "Eaux-Vives"):
        workshop.add_collectivity(name, kind="other")
    out = run(db_url, "client", "list").stdout
    order = ["abbaye", "Archives", "Eaux-Vives", "école Jean Macé", "Écomusée", "Zola"]
    places = [out.index(name) for name in order]
    assert places == sorted(places)


def test_labels_amounts_and_plurals_per_language(workshop: Workshop, db_url: str,
                                                 tmp_path: Path) -> None:
    cid = workshop.add_collectivity("Médiathèque", kind="mediatheque")
    ref = workshop.create_order(cid, ["couvrage:standard=600"], accepted=True)
    write_csv(tmp_path / "one.csv", HEADER, [["4100000001", "Seul", "standard"]])
    french = run(db_url, "items", "import", ref, str(tmp_path / "one.csv"))
    assert "1 document importé depuis" in french.stdout and "(5 tâches créées)" in french.stdout
    status = run(db_url, "status", ref).stdout
    assert "1 080,00 € HT" in status.replace("\u202f", " ")
    assert "Couvrage avec film adhésif" in status and "couvrage " not in status
    english = run(db_url, "status", ref, lang="en").stdout
    assert "€1,080.00 excl. VAT" in english
    audit = run(db_url, "audit", "--limit", "3").stdout
    assert f"import de la liste de {ref}" in audit and "items.import" not in audit
    assert "document(s)" not in french.stdout


def test_items_list_walks_the_order_page_by_page(workshop: Workshop, db_url: str,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of three: every item once, in barcode order, then the count; the library's
    page is the keyset after a barcode."""
    cid = workshop.add_collectivity("Médiathèque", kind="mediatheque")
    ref = workshop.create_order(cid, ["couvrage:standard=7"], accepted=True)
    codes = [f"5100000{n:03d}" for n in (7, 1, 5, 3, 2, 6, 4)]
    write_csv(tmp_path / "seven.csv", HEADER, [[c, f"Titre {c}", "standard"] for c in codes])
    workshop.import_items(ref, str(tmp_path / "seven.csv"))
    page = workshop.items(ref, after="5100000003", limit=3)
    assert [i.barcode for i in page] == ["5100000004", "5100000005", "5100000006"]
    assert workshop.items(ref, after="5100000007", limit=3) == []
    monkeypatch.setattr(item_list, "PAGE", 3)
    out = run(db_url, "items", "list", ref, columns=100).stdout
    listed = [ln.split()[0] for ln in out.splitlines() if ln.startswith("51")]
    assert listed == sorted(codes)
    assert out.rstrip().endswith("7 documents.")
    assert run(db_url, "items", "list", ref, "--custody", "missing").stdout.strip() == \
        "Aucun document."
    # --json streams too, and prints what emit() prints for the whole list.
    streamed = run(db_url, "items", "list", ref, "--json").stdout
    whole = json.dumps(jsonable(workshop.items(ref)), ensure_ascii=False, indent=2) + "\n"
    assert streamed == whole
    assert run(db_url, "items", "list", ref, "--custody", "missing", "--json").stdout == "[]\n"
    with pytest.raises(InvalidInput):
        workshop.items(ref, limit=0)


def test_a_bad_value_is_quoted_cut_and_with_its_control_characters_visible(
        workshop: Workshop, db_url: str) -> None:
    cid = workshop.add_collectivity("Médiathèque", kind="mediatheque")
    ref = workshop.create_order(cid, ["couvrage:standard=2"], accepted=True)
    env = {"ATELIER_LANG": "fr", "ATELIER_DATABASE_URL": None, "ATELIER_ROLE": None}
    scanned = CliRunner().invoke(main, ["receive", ref, "--db", db_url],
                                 input="X\x1b[31mRED\n", env=env)
    assert scanned.exit_code != 0
    assert "X␛[31mRED" in scanned.stderr and "\x1b" not in scanned.output
    long = run(db_url, "items", "import", ref, "d" * 250 + ".csv")
    assert long.exit_code != 0
    first = long.stderr.splitlines()[0]
    assert "d" * 100 in first and "…" in first and len(first) < 200
