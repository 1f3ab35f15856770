"""The portal in a real browser: headless Chromium (Debian's package) driven by Playwright.

A newcomer finds the seed's outflow table from the home page in three clicks and downloads it.
Screenshots are saved to tests/screenshots/.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).parent / "screenshots"

if not CHROMIUM:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Chromium for the browser tests: .ci/run installs Debian's chromium")
    pytest.skip("no chromium on this machine (apt-get install chromium)", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(built):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "vragen.cli", "serve", str(built), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    SHOTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-quic", "--disable-sync"])
        context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
        yield context.new_page()
        browser.close()


def test_three_clicks_from_home_to_the_outflow_table_and_its_csv(server, page, tmp_path):
    page.goto(server + "/")
    assert "Cijfers uit antwoorden op schriftelijke vragen" in page.title() + page.inner_text("h1")
    page.screenshot(path=str(SHOTS / "1-home.png"), full_page=True)
    page.fill("input[name=q]", "mentoring")
    page.click("button[type=submit]")  # click 1: search
    page.wait_for_url("**/zoek?q=mentoring")
    assert "1 antwoord" in page.inner_text(".vragen-count")
    page.screenshot(path=str(SHOTS / "2-search.png"), full_page=True)
    page.click("text=Anderstalige werkzoekenden - Mentoring naar werk")  # click 2: the answer
    page.wait_for_url("**/antwoord/2023-2024-418")
    page.screenshot(path=str(SHOTS / "3-answer.png"), full_page=True)
    page.click("text=Doorstroming naar werk na 3, 6 en 9 maanden, per doelgroep")  # click 3: the table
    page.wait_for_url("**/tabel/2023-2024-418/doorstroming-naar-werk")
    assert page.locator("table.vragen-wide th[rowspan='3']").first.inner_text() == "HOA"
    page.screenshot(path=str(SHOTS / "4-table.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("a[download]:text-is('CSV')")
    target = tmp_path / "outflow.csv"
    download_info.value.save_as(target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "doelgroep,indicator,horizon,waarde,eenheid" and len(lines) == 37
    assert "HOA,Waarvan aan het werk als werknemer,M3,37.30,percent" in lines


def test_a_search_with_a_facet_in_the_browser(server, page):
    page.goto(server + "/zoek")
    page.click("text=Welzijn")
    assert "Kinderopvang" in page.inner_text("body")
    page.screenshot(path=str(SHOTS / "5-facet.png"), full_page=True)


# --- accessibility: axe-core in the browser, at a phone's and a desktop's width ------------------

PAGES = {
    "home": "/", "search": "/zoek?q=mentoring", "answer": "/antwoord/2023-2024-418",
    "table": "/tabel/2023-2024-418/doorstroming-naar-werk", "table-groups": "/tabel/2023-2024-418/trajecten-per-perceel",
    "table-years": "/tabel/2023-2024-12/tabel-1-1", "place": "/label/provincies/Limburg",
    "source": "/bron/2023-2024-418", "not-found": "/tabel/2023-2024-418/bestaat-niet",
}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def serious(results) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [390, 1366])
def test_no_serious_accessibility_findings_and_no_sideways_scrolling(server, page, axe, width):
    """axe-core on every kind of portal page, and Datasette's own table page that the portal links
    to; the page itself never scrolls sideways on a phone (a wide table scrolls in its own box)."""
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for name, path in {**PAGES, "datasette-cells": "/vragen/cells?table_id=2023-2024-418/trajecten-per-provincie"}.items():
        page.goto(server + path)
        assert page.get_attribute("html", "lang") == "nl", path
        assert page.locator("main").count() == 1, path
        problems = serious(axe.run(page))
        if problems:
            found[path] = problems
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways at {width}px"
        if name in ("answer", "table"):
            page.screenshot(path=str(SHOTS / f"{name}-{width}px.png"), full_page=True)
    assert not found, found


def test_the_accessibility_check_fails_on_a_page_that_breaks_the_rules(server, page, axe):
    """The check above can fail: the same page with its language removed and an unlabelled image."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(server + PAGES["table"])
    page.evaluate("""() => { document.documentElement.removeAttribute('lang');
                            document.querySelector('main').insertAdjacentHTML('afterbegin', '<img src="x.png">'); }""")
    ids = {p.split(" ")[0] for p in serious(axe.run(page))}
    assert {"html-has-lang", "image-alt"} <= ids


def test_the_portal_menu_is_on_datasettes_pages_too(server, page):
    page.goto(server + "/vragen/cells")
    nav = page.inner_text("header nav")
    assert "Start" in nav and "Zoeken" in nav and "home" not in nav.lower().split()
