"""The tracking page in a real headless Chromium (Debian's), driven by Playwright: a
librarian opens the link, reads the progress, follows the order, downloads a delivery's
barcodes; another client's order is not reachable; the page fits a phone's width and
works without JavaScript.

Chromium missing: the test fails in CI (``ATELIER_TEST_POSTGRES_URL`` set) and skips
elsewhere.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from atelier_api.main import create_app
from atelier_api.settings import ApiSettings
from tests.api.client_flow import Flow, build_flow
from tests.api.test_tracking_delivered import delivered_with_books_never_sent

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


def _need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium"
    if os.environ.get("ATELIER_TEST_POSTGRES_URL"):
        pytest.fail(message)  # CI installs it: its absence is a failure, never a skip
    pytest.skip(message)


#: The lowest contrast ratio between any text on the page and the background behind it
#: (WCAG 2 relative luminance; backgrounds are opaque colours on this page).
MIN_CONTRAST = """() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  let worst = 21;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el.offsetParent && el !== document.body) continue;
    const fg = lum(parse(getComputedStyle(el).color).slice(0, 3));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    worst = Math.min(worst, ratio);
  }
  return worst;
}"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def flow(db_url: str, tmp_path: Path) -> Iterator[Flow]:
    built = build_flow(db_url, tmp_path)
    yield built
    built.ws.close()


@pytest.fixture
def server(flow: Flow, db_url: str) -> Iterator[str]:
    """The app served by uvicorn on a free localhost port, in a background thread."""
    app = create_app(ApiSettings(database_url=db_url),
                     workshop=flow.ws.acting_as("api", door="api"))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            lifespan="off")
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not served.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        served.should_exit = True
        thread.join(timeout=15)


@pytest.fixture
def browser() -> Iterator[Any]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def test_a_librarian_follows_an_order(flow: Flow, server: str, browser: Any,
                                      tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True, locale="fr-FR")
    page = context.new_page()

    # The link opens the orders page.
    response = page.goto(f"{server}/suivi/{flow.token_a}")
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "Suivi de vos commandes"
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Médiathèque de Brest" in page.locator("header").inner_text()
    bars = page.locator("progress")
    assert bars.count() == 3
    label = page.locator("label[for='avancement-3']").inner_text()
    assert label == "Avancement du travail"

    # Follow the link to the order in progress.
    page.get_by_role("link", name=f"Voir le détail de la commande {flow.a1}").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/commandes/{flow.public_id(flow.a1)}")
    assert page.locator("h1").inner_text() == f"Commande {flow.a1}"
    bar = page.get_by_label("Couvrage avec film adhésif — Standard (18 à 25 cm)")
    assert bar.evaluate("el => el.tagName") == "PROGRESS"
    assert bar.evaluate("el => [el.value, el.max]") == [4 * 100 // 6, 100]
    figures = page.locator("#chiffres-1").inner_text().replace("\xa0", " ")
    assert figures == "66 % du travail effectué · 4 documents terminés sur 6"
    assert "Fin prévue le lundi 9 mars 2026" in page.locator(".expected").inner_text()
    assert "jour ouvré" in page.locator("main").inner_text()
    rendus = page.get_by_role("row", name="Rendus")
    assert rendus.locator("td").inner_text() == "3"
    assert page.evaluate(MIN_CONTRAST) >= 4.5
    levels = page.evaluate("() => [...document.querySelectorAll('h1,h2,h3,h4')]"
                           ".map((h) => Number(h.tagName[1]))")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))

    # The delivery's download link gives exactly the barcodes it returned.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Télécharger les codes-barres du bon "
                                      f"{flow.a1_delivery}").click()
    download = download_info.value
    assert download.suggested_filename == f"{flow.a1_delivery}-codes-barres.txt"
    target = tmp_path / "codes.txt"
    download.save_as(target)
    assert target.read_text(encoding="utf-8").splitlines() == list(flow.a1_delivered)

    # Another client's order, from this link: the not-found page.
    theirs = page.goto(f"{server}/suivi/{flow.token_a}/commandes/{flow.public_id(flow.b1)}")
    assert theirs is not None and theirs.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert flow.b1 not in page.content()
    context.close()


def test_the_page_fits_a_phone_and_needs_no_javascript(flow: Flow, server: str,
                                                       browser: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740},
                                  java_script_enabled=False, is_mobile=True,
                                  device_scale_factor=2)
    page = context.new_page()
    for url in (f"{server}/suivi/{flow.token_a}",
                f"{server}/suivi/{flow.token_a}/commandes/{flow.public_id(flow.a1)}"):
        response = page.goto(url)
        assert response is not None and response.status == 200
        assert page.locator("h1").is_visible()
        assert page.locator("progress").first.is_visible()
        width = page.evaluate("() => document.documentElement.clientWidth")
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert width == 375 and scroll <= width, (url, scroll)
    # Without JavaScript the links work too (plain navigation).
    page.get_by_role("link", name="← Toutes vos commandes").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Suivi de vos commandes"
    context.close()


def test_a_delivered_order_reads_its_day_and_the_books_never_sent(
        flow: Flow, server: str, browser: Any, tmp_path: Path) -> None:
    ref = delivered_with_books_never_sent(flow, tmp_path, 5, "0077")
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="fr-FR",
                                  is_mobile=True)
    page = context.new_page()
    response = page.goto(f"{server}/suivi/{flow.token_a}/commandes/{flow.public_id(ref)}")
    assert response is not None and response.status == 200
    assert page.locator(".expected").inner_text() == "Livrée le lundi 2 mars 2026"
    notice = page.locator("p.notice")
    assert notice.is_visible()
    assert notice.inner_text().startswith("3 documents annoncés n'ont jamais été reçus.")
    main = page.locator("main").inner_text()
    assert "Pas de date estimée" not in main and "Méthode" not in main
    assert page.evaluate(MIN_CONTRAST) >= 4.5
    levels = page.evaluate("() => [...document.querySelectorAll('h1,h2,h3,h4')]"
                           ".map((h) => Number(h.tagName[1]))")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width

    page.goto(f"{server}/suivi/{flow.token_a}")
    card = page.locator("section.card", has_text=f"Commande {ref}")
    assert "Livrée le" in card.inner_text() and "pas de date estimée" not in card.inner_text()
    assert card.locator("p.notice").inner_text() == "3 documents annoncés n'ont jamais été reçus."
    assert page.evaluate(MIN_CONTRAST) >= 4.5
    context.close()
