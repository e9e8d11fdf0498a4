"""The served dashboard in headless Chromium: every page in both languages on a laptop and a
phone, shareable links, the filter widgets, a hostile link and the CSV download.

Conventions: each test gets a fresh context and page (pytest-playwright's ``page``); the server
(``app_url``) and the browser are shared by the session. Screenshots go to
test-artifacts/screenshots/<page>-<lang>-<width>.png.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import DESKTOP, PHONE, SCREENSHOTS, WAIT_MS, wait_ready
from playwright.sync_api import BrowserContext, Page, expect

from dashboard.i18n import LANGUAGES, text
from dashboard.pages import PAGES, PageInfo
from tests.harness import page_named, too_few_elements

expect.set_options(timeout=WAIT_MS)


WIDTHS = {1280: DESKTOP, 390: PHONE}

SCREENSHOT_MAX_HEIGHT = 12_000
SETTLE_MS = 500  # the only fixed wait: lets the last paint land before a screenshot

MAIN_TITLE = "[data-testid='stMain'] h1"
SIDEBAR = "[data-testid='stSidebar']"
# Streamlit's frontend probes these relative to a deep link's path (e.g. /industry/_stcore/health);
# they 404 and log a console error. Nothing else is excused.
KNOWN_PROBE = re.compile(r"^/(?P<page>[^/]+)/_stcore/(health|host-config)$")


# --------------------------------------------------------------------------- helpers

class Recorder:
    """Everything a page does that a test may object to: console errors, uncaught exceptions,
    requests (HTTP and WebSocket), 404 answers and dialogs."""

    def __init__(self, context: BrowserContext, page: Page):
        self.console_errors: list[tuple[str, str]] = []  # (text, url)
        self.page_errors: list[str] = []
        self.requests: list[str] = []
        self.not_found: set[str] = set()
        self.dialogs: list[str] = []
        context.on("request", lambda r: self.requests.append(r.url))  # pages and their workers
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        page.on("response", lambda r: r.status == 404 and self.not_found.add(r.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append((message.text, message.location.get("url", "")))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def unexpected_console_errors(self, deep_link_page: str | None) -> list[str]:
        """Console errors, less the known probes of <deep_link_page>/_stcore/... that really
        answered 404."""
        def excused(url: str) -> bool:
            match = KNOWN_PROBE.match(urlsplit(url).path)
            return bool(match and url in self.not_found and deep_link_page
                        and match["page"] == deep_link_page)
        return [f"{text} ({url})" for text, url in self.console_errors if not excused(url)]

    def foreign_requests(self, app_url: str) -> list[str]:
        app_host = urlsplit(app_url).netloc
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue  # in-memory, no host
            if parts.scheme not in ("http", "https", "ws", "wss") or parts.netloc != app_host:
                foreign.append(url)
        return foreign


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def count(page: Page, test_id: str) -> int:
    return page.locator(f"[data-testid='{test_id}']").count()


def sector_box(page: Page):
    return page.locator(".st-key-sector").get_by_role("combobox")


def year_box(page: Page):
    return page.locator(".st-key-year").get_by_role("combobox")


def open_app(page: Page, url: str, title: str) -> None:
    """Go to url and wait until the page titled `title` has finished its run."""
    page.goto(url)
    wait_ready(page)  # the script state is "initial", not "notRunning", until a first run ends
    assert_no_exception(page)
    expect(page.locator(MAIN_TITLE)).to_have_text(title)


def assert_no_exception(page: Page) -> None:
    shown = page.locator("[data-testid='stException']")
    assert shown.count() == 0, "the app shows an exception: " + " | ".join(shown.all_inner_texts())


def screenshot_whole_page(page: Page, path) -> None:
    """Streamlit scrolls inside stMain, so a full-page screenshot would stop at the viewport:
    grow the viewport to the content's height first."""
    width = page.viewport_size["width"]
    height = page.evaluate("""() => Math.max(
        document.querySelector('[data-testid="stMain"]').scrollHeight,
        document.documentElement.scrollHeight)""")
    page.set_viewport_size({"width": width, "height": min(height, SCREENSHOT_MAX_HEIGHT)})
    wait_ready(page)
    page.wait_for_timeout(SETTLE_MS)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def horizontal_overflow(page: Page) -> list[str]:
    sizes = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        const doc = document.documentElement;
        return {main: [main.scrollWidth, main.clientWidth], document: [doc.scrollWidth, doc.clientWidth]};
    }""")
    return [f"{name} scrolls sideways: scrollWidth {scroll} > clientWidth {client} + 1"
            for name, (scroll, client) in sizes.items() if scroll > client + 1]


def page_url(app_url: str, info: PageInfo, lang: str) -> str:
    return app_url + info.url_path + ("?lang=en" if lang == "en" else "")


def title(name: str, lang: str) -> str:
    """The st.title of the page called `name` ('overview', ...) in `lang`."""
    return text(lang, page_named(name).title_key)


def url(app_url: str, name: str, query: str = "") -> str:
    """The address of the page called `name`, with a query string ("?sector=...") if given."""
    return app_url + page_named(name).url_path + query


# --------------------------------------------------------------------------- every page

@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("info", PAGES, ids=[p.name for p in PAGES])
def test_page(page: Page, context: BrowserContext, app_url: str, info: PageInfo, lang: str,
              width: int):
    recorder = Recorder(context, page)
    page.set_viewport_size(WIDTHS[width])
    open_app(page, page_url(app_url, info, lang), text(lang, info.title_key))

    problems = too_few_elements(page, info)
    expected_query = {"lang": ["en"]} if lang == "en" else {}
    if query(page) != expected_query:
        problems.append(f"URL {page.url}: expected only the non-default filters {expected_query}")
    if width == 390:
        problems += horizontal_overflow(page)
    tab = f"{text(lang, info.title_key)} · {text(lang, 'app.title')}"  # the browser tab, in this language
    if page.title() != tab:
        problems.append(f"tab title {page.title()!r}: expected {tab!r}")

    screenshot_whole_page(page, SCREENSHOTS / f"{info.name}-{lang}-{width}.png")

    deep_link = info.slug or None
    problems += [f"console error: {e}" for e in recorder.unexpected_console_errors(deep_link)]
    problems += [f"uncaught page error: {e}" for e in recorder.page_errors]
    problems += [f"request to another host: {u}" for u in recorder.foreign_requests(app_url)]
    assert not problems, "\n".join(problems)


# The overview's headline tiles and the themes' tiles, each as [left, top, height, value font px].
TILES = """() => {
    const box = (tile) => {
        const r = tile.getBoundingClientRect();
        const size = getComputedStyle(tile.querySelector("[data-testid='stMetricValue']")).fontSize;
        return [Math.round(r.left), Math.round(r.top), Math.round(r.height), parseFloat(size)];
    };
    const all = [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stMetric']")];
    const band = all.filter((tile) => tile.closest('.st-key-headline'));
    const cut = (tile) => [...tile.querySelectorAll("[data-testid='stMetricLabel'] *")]
        .some((e) => e.scrollWidth > e.clientWidth + 1);
    return {band: band.map(box), themes: all.filter((tile) => !band.includes(tile)).map(box),
            bandBottom: document.querySelector('.st-key-honours').getBoundingClientRect().bottom,
            cutLabels: band.filter(cut).map(
                (tile) => tile.querySelector("[data-testid='stMetricLabel']").innerText)};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_headline_band_leads_the_overview(page: Page, app_url: str, lang: str, width: int):
    """The band's figures are set larger than the themes' under it, its labels whole, its tiles
    two a row on a phone and three on a laptop, a row as tall as its tallest tile, and on a
    phone the band (tiles and honours) fills the first screen."""
    page.set_viewport_size(WIDTHS[width])
    open_app(page, url(app_url, "overview", "?lang=en" if lang == "en" else ""), title("overview", lang))
    tiles = page.evaluate(TILES)
    band, themes = tiles["band"], tiles["themes"]
    assert len(band) >= 4 and themes
    assert tiles["cutLabels"] == []  # wrapped, not ended in "…"
    assert min(size for *_, size in band) > max(size for *_, size in themes)
    rows: dict[int, list] = {}
    for left, top, height, _ in band:
        rows.setdefault(top, []).append((left, height))
    per_row = 2 if width == 390 else 3
    assert [len(row) for row in rows.values()][:-1] == [per_row] * (len(rows) - 1)
    assert all(len({height for _, height in row}) == 1 for row in rows.values())
    if width == 390:  # the tiles and the honours' badges under them
        assert tiles["bandBottom"] >= WIDTHS[width]["height"]


# Every tile's [top, height]; the text of anything in a tile or an honour's badge cut with "…".
TILE_ROWS = """() => {
    const tiles = [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stMetric']")];
    const cut = [...document.querySelectorAll(
            "[data-testid='stMain'] [data-testid='stMetric'] *, .st-key-honours .stMarkdownBadge")]
        .filter((e) => getComputedStyle(e).textOverflow === "ellipsis" && e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.innerText);
    return {tiles: tiles.map((t) => [Math.round(t.getBoundingClientRect().top),
                                     Math.round(t.getBoundingClientRect().height)]), cut};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["overview", "talent", "innovation"])
def test_tiles_pair_up_on_a_phone_and_cut_nothing(page: Page, app_url: str, name: str, lang: str,
                                                  width: int):
    """On a phone, a stretched tile took a row of its own whenever its label and figure did not
    fit half the screen on one line: the six talent tiles in English filled the first screen one
    a row. Tiles pair up (a figure too long for half a phone takes the row), a row's tiles are
    equally tall, and no label, figure or honour is cut with "…"."""
    page.set_viewport_size(WIDTHS[width])
    open_app(page, url(app_url, name, "?lang=en" if lang == "en" else ""), title(name, lang))
    found = page.evaluate(TILE_ROWS)
    assert found["cut"] == []
    rows: dict[int, list[int]] = {}
    for top, height in found["tiles"]:
        rows.setdefault(top, []).append(height)
    assert all(max(row) - min(row) <= 1 for row in rows.values()), rows
    if width == 390:
        paired = sum(len(row) for row in rows.values() if len(row) == 2)
        assert paired >= len(found["tiles"]) / 2, rows


@pytest.mark.browser
def test_navigation_lists_exactly_these_pages(page: Page, app_url: str):
    open_app(page, url(app_url, "overview"), title("overview", "zh"))
    links = page.locator("[data-testid='stSidebarNavLink']")
    shown = [urlsplit(href).path for href in links.evaluate_all("els => els.map(e => e.href)")]
    assert shown == [info.url_path for info in PAGES], "the sidebar does not list dashboard.pages.PAGES"


# --------------------------------------------------------------------------- shareable links

@pytest.mark.browser
def test_link_round_trip(page: Page, new_context, app_url: str):
    open_app(page, url(app_url, "industry", "?sector=pumps_valves&year=2024&lang=en"),
             title("industry", "en"))
    expect(page.locator(SIDEBAR)).to_contain_text("Industry or theme")
    expect(sector_box(page)).to_have_value("Pumps & valves")
    expect(year_box(page)).to_have_value("2024")
    assert query(page).get("sector") == ["pumps_valves"] and query(page).get("lang") == ["en"], page.url

    # Another page through the sidebar: the filters and their URL parameters stay.
    page.locator("[data-testid='stSidebarNavLink']", has_text=title("overview", "en")).click()
    expect(page.locator(MAIN_TITLE)).to_have_text(title("overview", "en"))
    expect(page).to_have_url(re.compile("^" + re.escape(url(app_url, "overview")) + r"\?"))
    wait_ready(page)
    expect(sector_box(page)).to_have_value("Pumps & valves")
    expect(page.locator(".st-key-lang").get_by_role("radio", name="English")).to_be_checked()
    assert urlsplit(page.url).path == page_named("overview").url_path, page.url
    assert query(page).get("sector") == ["pumps_valves"] and query(page).get("lang") == ["en"], page.url
    metrics = count(page, "stMetric")
    assert metrics > 0, "the pumps & valves overview shows no metric"

    # A colleague opens the link in a browser of their own.
    colleague = new_context().new_page()
    open_app(colleague, page.url, title("overview", "en"))
    expect(colleague.locator(SIDEBAR)).to_contain_text("Industry or theme")
    expect(sector_box(colleague)).to_have_value("Pumps & valves")
    assert count(colleague, "stMetric") == metrics
    assert query(colleague) == query(page)


# --------------------------------------------------------------------------- the filter widgets

@pytest.mark.browser
def test_switch_language_and_sector(page: Page, app_url: str):
    open_app(page, url(app_url, "overview"), title("overview", "zh"))
    assert "lang" not in query(page)
    all_metrics = count(page, "stMetric")

    # The radio's own input lies under its label, which takes the click, as it does a person's.
    page.locator(".st-key-lang").get_by_text("English", exact=True).click()
    expect(page.locator(MAIN_TITLE)).to_have_text(title("overview", "en"))
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    wait_ready(page)

    sector_box(page).click()
    page.get_by_role("listbox").get_by_role("option", name="Pumps & valves", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]sector=pumps_valves(&|$)"))
    wait_ready(page)
    expect(sector_box(page)).to_have_value("Pumps & valves")
    assert 0 < count(page, "stMetric") < all_metrics
    assert query(page).get("lang") == ["en"], page.url


# --------------------------------------------------------------------------- a hostile link

@pytest.mark.browser
def test_hostile_link_shows_default_view(page: Page, context: BrowserContext, app_url: str):
    open_app(page, url(app_url, "overview"), title("overview", "zh"))
    default_metrics = count(page, "stMetric")

    recorder = Recorder(context, page)
    open_app(page, url(app_url, "overview", "?sector=%3Cscript%3Ealert(1)%3C/script%3E&year=abc"
                                 "&lang=xx&lang=en&foo=bar"), title("overview", "zh"))
    assert count(page, "stException") == 0
    assert count(page, "stMetric") == default_metrics
    expect(sector_box(page)).to_have_value("全部")
    for name in ("sector", "year", "lang"):
        assert name not in query(page), f"{name} left in the URL: {page.url}"
    html = page.content()
    assert "alert(1)" not in html and "<script>alert" not in page.locator("body").inner_text()
    assert page.locator("script", has_text="alert").count() == 0
    assert not recorder.dialogs, recorder.dialogs
    assert not recorder.page_errors, recorder.page_errors


# --------------------------------------------------------------------------- downloads

def download_filtered_figures(page: Page) -> tuple[str, bytes]:
    buttons = page.locator("[data-testid='stDownloadButton']")
    expect(buttons.first).to_be_visible()
    with page.expect_download() as info:
        buttons.filter(has_text="下载当前筛选的指标").get_by_role("button").click()
    download = info.value
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


@pytest.mark.browser
def test_download_filtered_figures(page: Page, app_url: str):
    sizes = {}
    for sector in ("all", "pumps_valves"):
        link = url(app_url, "sources", "" if sector == "all" else f"?sector={sector}")
        open_app(page, link, title("sources", "zh"))
        assert page.locator("[data-testid='stDownloadButton']").count() >= 3
        name, body = download_filtered_figures(page)
        assert name == f"yongjia-figures-{sector}-2024.csv"
        assert body.startswith(b"\xef\xbb\xbf"), body[:20]
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows and "indicator_id" in rows[0], body[:200]
        sizes[sector] = len(rows)
    assert sizes["pumps_valves"] < sizes["all"], sizes
