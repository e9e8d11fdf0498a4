"""The dashboard served on the hostile corpus (tests/hostile_corpus.py), in headless Chromium:
whatever the data says, no request leaves the server, no dialog opens, no link or image points
elsewhere, and tiles read as text, left to right. Screenshots of the overview (zh, en) go to
test-artifacts/screenshots/hostile-overview-<lang>.png.

Its own server (the session's `app_url` serves the shipped data), from the same harness, with
DASHBOARD_DATA_DIR set to a hostile copy."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from browser_support import ARTIFACTS, DESKTOP, REPO_ROOT, SCREENSHOTS, wait_ready
from playwright.sync_api import BrowserContext, Page
from test_pages import Recorder

from dashboard.escape import BIDI_CONTROLS
from dashboard.pages import PAGES
from tests.harness import StreamlitServer
from tests.hostile_corpus import OUTSIDE, build_hostile

# Every link and image on the page: where it points (resolved by the browser).
OUTSIDE_REFS = """(host) => {
    const refs = [];
    for (const a of document.querySelectorAll("a[href]")) refs.push(["a", a.href]);
    for (const i of document.querySelectorAll("img[src], image, source[srcset]")) {
        refs.push(["img", i.src || i.getAttribute("href") || i.srcset || ""]);
    }
    return refs.filter(([, url]) => {
        if (url.startsWith("data:") || url.startsWith("blob:")) return false;
        try { return new URL(url, location.href).host !== host; } catch (e) { return true; }
    });
}"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory, _require_chromium) -> str:
    folder = build_hostile(tmp_path_factory.mktemp("hostile-browser") / "data")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with StreamlitServer("dashboard/app.py", cwd=REPO_ROOT, log=ARTIFACTS / "streamlit-hostile-server.log",
                         env={**os.environ, "DASHBOARD_DATA_DIR": str(folder)}) as server:
        yield server.url


def hover_every_help(page: Page) -> list[str]:
    """Open each tile's tooltip in turn; the tooltips' HTML, for the same checks as the page."""
    shown = []
    icons = page.locator("[data-testid='stMetric'] [data-testid='stTooltipHoverTarget']")
    for i in range(min(icons.count(), 12)):
        icons.nth(i).hover()
        tooltip = page.locator("[data-testid='stTooltipContent']").last
        tooltip.wait_for(state="visible", timeout=5000)
        shown.append(tooltip.inner_html())
    return shown


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", [p.url_path for p in PAGES])
def test_hostile_data_stays_text(page: Page, context: BrowserContext, hostile_url: str, path, lang):
    recorder = Recorder(context, page)
    page.goto(f"{hostile_url}{path}?lang={lang}")
    wait_ready(page)
    assert page.locator("[data-testid='stException']").count() == 0
    host = urlsplit(hostile_url).netloc
    if path == "/":  # the main area scrolls inside the page: a tall window shows the tiles
        page.set_viewport_size({"width": DESKTOP["width"], "height": 3000})
        page.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"hostile-overview-{lang}.png"))
        page.set_viewport_size(DESKTOP)
    tooltips = hover_every_help(page) if path in ("/", "/talent", "/innovation") else []
    if path == "/":
        assert page.locator("[data-testid='stMetric']").count() >= 15
        assert tooltips and any(OUTSIDE in t for t in tooltips)  # the hostile text is there, as text
    assert page.evaluate(OUTSIDE_REFS, host) == []
    assert not any("<a " in t or "<img" in t for t in tooltips), tooltips
    assert not recorder.foreign_requests(hostile_url), recorder.foreign_requests(hostile_url)
    assert not recorder.dialogs, recorder.dialogs
    tiles = page.locator("[data-testid='stMetric']")
    for i in range(tiles.count()):
        text = tiles.nth(i).inner_text()
        html = tiles.nth(i).inner_html()
        assert not BIDI_CONTROLS.search(text), text[:200]
        # no colour directive, math, bold, code or strike-through from the data
        for tag in ("<strong", "<em", "<code", "katex", "stMarkdownColoredText", "<del", "<a ", "<img"):
            assert tag not in html, (tag, text[:200])
    if path == "/":  # the directives are on the page as the characters typed
        body = page.locator("[data-testid='stMain']").inner_text()
        assert ":red[red]" in body and "**bold**" in body and "$x^2$" in body
