"""Every page printed as a reader would print it: Chromium's Save as PDF on A4 from a laptop
window, in both languages, once every chart has drawn. The PDFs are kept as
test-artifacts/print/<page>-<lang>.pdf to be looked at (pdftoppm -r 60 -png turns them into
images).

Two views of one print: the PDF itself (how many sheets, what the first one says, nothing of the
sidebar or the widgets anywhere), and the page in print media at the sheet's width (which boxes
are shown, which may break across sheets, and whether each fits on one)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from browser_support import ARTIFACTS, WAIT_MS, wait_ready
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from dashboard import memo, printing
from dashboard.i18n import LANGUAGES, text
from dashboard.pages import PAGES, PageInfo
from tests.fixtures import FIRST_ARTICLE

expect.set_options(timeout=WAIT_MS)

PRINTS = ARTIFACTS / "print"
SETTLE_MS = 500  # after the last chart has drawn, for its final paint (as test_pages does)

# Sheets each page prints in the shipped data's default view (all sectors, 2024) from a 1280 px
# window, as measured (zh / en): overview 4 / 4, industry 5 / 6, talent 3 / 4, innovation 3 / 3,
# trends 1 / 1, map 2 / 2 (its county map, legend and attribution; the place tables print from
# their own view, test_map_place_tables_print_every_place), sources 8 / 8. The bounds leave
# room for wording and layout, not for a lost part (a container cut at its screen height, grids
# printed as their ten visible rows: fewer sheets) nor for a layout gone wrong (blank sheets, a
# sheet per tile: more).
SHEETS = {"overview": (2, 6), "industry": (4, 9), "talent": (2, 6), "innovation": (2, 5),
          "trends": (1, 4), "indicator": (1, 4), "map": (2, 4), "sources": (5, 11)}

# Print layouts still open: none. A page whose print layout a change breaks, and whose fix waits,
# goes here with its reason (each still runs: xfail, strict, so that its fix is noticed).
PRINT_OPEN: dict[str, str] = {}
PRINTED_PAGES = [pytest.param(p, id=p.name, marks=[pytest.mark.xfail(reason=PRINT_OPEN[p.name], strict=True)]
                              if p.name in PRINT_OPEN else []) for p in PAGES]

# Text that only Streamlit's frame or a widget shows; none of it may reach paper.
SCREEN_ONLY_KEYS = ("filters.lang", "filters.share", "sources.download.all", "sources.download.filtered",
                    "sources.download.entities")

# In print media, each of these must be hidden (the element or an ancestor not displayed): a
# help icon, but not what carries help (an honour's badge is wrapped in Streamlit's tooltip).
HIDDEN_IN_PRINT = (*(f"[data-testid='{testid}']" for testid in (
    "stSidebar", "stHeader", "stToolbar", "stDecoration", "stStatusWidget", "stMainMenu", "stSelectbox",
    "stDownloadButton", "stRadio", "stDataFrame", "stElementToolbar")),
    "[data-testid='stTooltipIcon']:not(:has([data-testid='stMarkdownContainer']))")
# ... and each of these kept whole on one sheet: break-inside avoid, and no taller than a sheet.
WHOLE_ON_A_SHEET = ("stVegaLiteChart", "stGraphVizChart", "stDeckGlJsonChart", "stImage", "stMetric")

MM_PER_INCH, CSS_PX_PER_INCH = 25.4, 96


def sheet_size_px() -> tuple[float, float]:
    """The printable width and height of an A4 sheet in CSS px, less print.css's @page margins
    (read from the stylesheet, which holds them once)."""
    css = printing.STYLESHEET.read_text(encoding="utf-8")
    top, side, bottom = (float(v) for v in re.search(
        r"@page\s*{[^}]*margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm", css).groups())
    to_px = CSS_PX_PER_INCH / MM_PER_INCH
    return (210 - 2 * side) * to_px, (297 - top - bottom) * to_px


def normalised(value: str) -> str:
    """PDF text as comparable text: Chromium's CJK fonts map some characters to their Kangxi
    radical forms (⼊ for 入, ⾼ for 高), which NFKC folds back; and pypdf puts spaces and line
    breaks where the layout had gaps, so all whitespace goes."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def print_to_pdf(page: Page, app_url: str, info: PageInfo, lang: str, view: str | None = None):
    """The page printed to PDF; `view`: the text of an option of the page's own radio to choose
    first (the map's place tables are a view of their own)."""
    page.goto(app_url + info.url_path + ("?lang=en" if lang == "en" else ""))
    wait_ready(page)
    expect(page.locator("[data-testid='stMain'] h1")).to_have_text(text(lang, info.title_key))
    if view is not None:
        main = page.locator("[data-testid='stMain']")
        before = main.inner_text()
        main.locator("[data-testid='stRadio']").get_by_text(view, exact=True).click()
        # The radio shows the choice at once, before the rerun has begun: wait_ready alone can
        # return on the old view (it printed the map, not the tables, on a slow CI machine).
        page.wait_for_function("(before) => document.querySelector(\"[data-testid='stMain']\")"
                               ".innerText !== before", arg=before, timeout=WAIT_MS)
        wait_ready(page)
    page.wait_for_timeout(SETTLE_MS)
    path = PRINTS / f"{info.name}{'-' + view if view else ''}-{lang}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(path), format="A4")
    return PdfReader(path), path


# In print media at the sheet's width: what paper would show of the page, as a list of problems.
PRINT_MEDIA_PROBLEMS = """([hidden, whole, sheetHeight, sheetWidth, gridRows]) => {
    const problems = [];
    const all = (selector) => Array.from(document.querySelectorAll(selector));
    const shown = (el) => el.checkVisibility();
    const name = (el) => el.dataset.testid || el.tagName;
    for (const selector of hidden)
        for (const el of all(selector))
            if (shown(el)) problems.push(`${selector} is shown in print`);
    // The honours under the headline band print (hidden with the help icons, they did not).
    for (const honour of all(".st-key-honours > [data-testid='stElementContainer']"))
        if (!Array.from(honour.querySelectorAll(".stMarkdownBadge")).some(shown))
            problems.push(`the honour "${honour.textContent.trim()}" is not printed`);
    const main = document.querySelector("[data-testid='stMain']").getBoundingClientRect();
    const boxes = whole.flatMap((id) => all(`[data-testid='stMain'] [data-testid='${id}']`))
        .concat(all("[data-testid='stTable'] tr"));
    const px = Math.round;
    for (const el of boxes.filter(shown)) {
        const box = el.getBoundingClientRect();
        const what = `${name(el)} "${(el.innerText || "").slice(0, 40).replace(/\\s+/g, " ")}"`;
        if (getComputedStyle(el).breakInside !== "avoid") problems.push(`${what} may break across sheets`);
        if (box.height > sheetHeight)
            problems.push(`${what} is ${px(box.height)} px tall, a sheet ${px(sheetHeight)}`);
        if (box.right > main.left + sheetWidth + 1)
            problems.push(`${what} is ${px(box.right - main.left)} px wide, a sheet ${px(sheetWidth)}`);
    }
    // A tile's figure on one line, inside its tile, and in the same size as the other figures
    // of its kind (the band's, the rest): Streamlit shrinks a long figure to its tile on paper.
    const figureSizes = {"the band's": new Set(), "the other tiles'": new Set()};
    for (const value of all("[data-testid='stMain'] [data-testid='stMetricValue']").filter(shown)) {
        const text = document.createRange();
        text.selectNodeContents(value);
        const glyphs = document.createTreeWalker(value, NodeFilter.SHOW_TEXT).nextNode().parentElement;
        const kind = value.closest(".st-key-headline") ? "the band's" : "the other tiles'";
        figureSizes[kind].add(getComputedStyle(glyphs).fontSize);
        const rects = Array.from(text.getClientRects());  // a run per font: CJK, Latin
        const tall = Math.max(...rects.map((r) => r.bottom)) - Math.min(...rects.map((r) => r.top));
        if (tall > 1.8 * parseFloat(getComputedStyle(value).fontSize))
            problems.push(`the figure "${value.innerText}" takes more than a line`);
        const tile = value.closest("[data-testid='stMetric']").getBoundingClientRect();
        if (text.getBoundingClientRect().right > tile.right + 1)
            problems.push(`the figure "${value.innerText}" runs out of its tile`);
    }
    for (const [kind, sizes] of Object.entries(figureSizes))
        if (sizes.size > 1) problems.push(`${kind} figures print in ${sizes.size} sizes: ${[...sizes]}`);
    // Charts side by side on screen stay so on paper: Streamlit stacks a horizontal container in
    // print, which left the trend charts one a row, each a third of the sheet wide.
    for (const block of all("[data-testid='stMain'] [data-testid='stHorizontalBlock']").filter(shown)) {
        const tops = Array.from(block.querySelectorAll("[data-testid='stVegaLiteChart']"))
            .map((chart) => Math.round(chart.getBoundingClientRect().top));
        if (tops.length > 1 && new Set(tops).size === tops.length)
            problems.push(`${tops.length} charts side by side on screen print one a row`);
    }
    for (const heading of all("[data-testid='stMain'] [data-testid='stHeading']")) {
        const holder = heading.closest("[data-testid='stElementContainer']");
        if (shown(heading) && getComputedStyle(holder).breakAfter !== "avoid")
            problems.push(`heading "${heading.innerText}" may be left alone at a sheet's foot`);
    }
    // Each grid has its print copy right after it, with every one of its rows.
    all("[data-testid='stDataFrame']").forEach((grid, n) => {
        const holder = grid.closest("[data-testid='stElementContainer']");
        const copy = holder.nextElementSibling?.querySelector("[data-testid='stTable']");
        if (!copy || !shown(copy)) return problems.push("a data grid has no print copy shown");
        const printed = copy.querySelectorAll("tbody tr").length;
        if (printed !== gridRows[n]) problems.push(`a grid of ${gridRows[n]} rows prints ${printed}`);
    });
    // Nothing scrolls on paper: a container of fixed height shows all it holds. (Streamlit pulls
    // each Markdown block 1rem up at its foot, so 16 px past a block's edge is its own doing.)
    for (const block of all("[data-testid='stMain'] [data-testid='stVerticalBlock']"))
        if (shown(block) && block.scrollHeight > block.clientHeight + 20)
            problems.push(`a container shows ${block.clientHeight} of its ${block.scrollHeight} px`);
    for (const details of all("[data-testid='stExpanderDetails']"))
        if (!shown(details)) problems.push("an expander's content is not printed");
    const header = document.querySelector(".st-key-print_header");
    const title = document.querySelector("[data-testid='stMain'] h1");
    if (!header || !shown(header)) problems.push("no print header");
    else if (header.getBoundingClientRect().top > title.getBoundingClientRect().top)
        problems.push("the print header is not above the page's title");
    return problems;
}"""

# On screen: each grid's number of rows (glide-data-grid's aria-rowcount counts the header too).
GRID_ROWS = """() => Array.from(document.querySelectorAll("[data-testid='stDataFrame'] [aria-rowcount]"))
    .map((grid) => Number(grid.getAttribute("aria-rowcount")) - 1)"""

SCREEN_MEDIA_PROBLEMS = """() => {
    const shown = Array.from(document.querySelectorAll(".st-key-print_header, [data-testid='stTable']"))
        .filter((el) => el.checkVisibility());
    return shown.map((el) => `${el.dataset.testid || el.className.split(" ")[1]} is shown on screen`);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("info", PRINTED_PAGES)
def test_page_prints_cleanly(page: Page, app_url: str, info: PageInfo, lang: str):
    reader, path = print_to_pdf(page, app_url, info, lang)
    sheets = [normalised(sheet.extract_text()) for sheet in reader.pages]
    problems = []

    least, most = SHEETS[info.name]
    if not least <= len(sheets) <= most:
        problems.append(f"{len(sheets)} sheets, expected {least} to {most} ({path})")
    problems += [f"sheet {n} is blank" for n, sheet in enumerate(sheets, 1) if not sheet]

    first = sheets[0]
    ds = memo.load(FIRST_ARTICLE)  # what app_url serves
    expected = {"the page's title": text(lang, info.title_key),
                "the sector filter": text(lang, "filters.sector"),
                "its value": text(lang, "filters.sector.all"), "the year": "2024"}
    expected |= {f"source {title}": f"《{title}》" for title in ds.sources["title"]}
    problems += [f"sheet 1 lacks {what} ({value!r})" for what, value in expected.items()
                 if normalised(value) not in first]
    dates = [dt.date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", first[:300])]
    today = dt.datetime.now(dt.UTC).date()
    if not any(abs((d - today).days) <= 1 for d in dates):  # the viewer's day, in any time zone
        problems.append(f"sheet 1 shows no date of today: {dates}")

    everything = "".join(sheets)
    problems += [f"the print shows screen-only text {text(lang, key)!r}" for key in SCREEN_ONLY_KEYS
                 if normalised(text(lang, key)) in everything]
    if "Deploy" in everything:
        problems.append("the print shows Streamlit's Deploy button")

    problems += page.evaluate(SCREEN_MEDIA_PROBLEMS)
    # A closed expander's grid is not drawn, so it has no row count to compare its paper copy
    # with: open each (paper shows an expander's content either way).
    for summary in page.locator("[data-testid='stExpander'] details:not([open]) > summary").all():
        summary.click()
    page.wait_for_timeout(SETTLE_MS)
    grid_rows = page.evaluate(GRID_ROWS)
    width, height = sheet_size_px()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round(width), "height": round(height)})
    page.wait_for_timeout(SETTLE_MS)
    problems += page.evaluate(PRINT_MEDIA_PROBLEMS,
                              [HIDDEN_IN_PRINT, WHOLE_ON_A_SHEET, height, width, grid_rows])
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_place_tables_print_every_place(page: Page, app_url: str, lang: str):
    """The place tables are a view of the map page of their own: printed, that view has every
    placed and every unplaced place's name (their paper copies), over whole sheets."""
    info = next(p for p in PAGES if p.name == "map")
    reader, path = print_to_pdf(page, app_url, info, lang, view=text(lang, "map.places"))
    everything = "".join(normalised(sheet.extract_text()) for sheet in reader.pages)
    places = memo.load_geo(FIRST_ARTICLE, memo.load(FIRST_ARTICLE)).places  # what app_url serves
    names = places["name_zh" if lang == "zh" else "name_en"]
    # Some characters come out as CJK radical-supplement forms (⻩ for 黄, ⻜ for 飞), which NFKC
    # does not fold: any such form stands for any character.
    def found(name: str) -> bool:
        return re.search("".join(f"(?:{re.escape(ch)}|[\u2e80-\u2eff])" for ch in normalised(name)),
                         everything) is not None
    missing = [name for name in names if not found(name)]
    assert not missing, f"{path} lacks {missing}"
    assert 2 <= len(reader.pages) <= 10 and all(sheet.extract_text().strip() for sheet in reader.pages)
