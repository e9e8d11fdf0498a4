"""What a printed page adds (dashboard/printing.py, dashboard/print.css): the first sheet's header
and the static copy of a grid, in both languages; the browser tests print the served pages."""

import datetime as dt
import re

import pandas as pd
import pyarrow as pa
import pytest

from dashboard import data, printing, tables, widgets
from dashboard.escape import plain
from dashboard.i18n import Translator
from dashboard.select import ALL, Filters

LANGS = ["zh", "en"]
DAY = dt.date(2025, 1, 15)


@pytest.fixture(scope="module")
def ds(first_article):
    """Known rows: the first article's data, frozen (tests/fixtures/first_article)."""
    return first_article


def with_sources(ds, sources: pd.DataFrame) -> data.Dataset:
    return data.Dataset({**ds.tables, "sources": sources}, ds.texts)


@pytest.mark.parametrize("lang", LANGS)
def test_header_names_page_filters_date_and_source(ds, lang):
    tr = Translator(lang)
    lines = printing.header("Overview", ds, Filters(sector=ALL, year=2024, lang=lang), DAY, tr).split("  \n")
    assert len(lines) == 4, lines
    assert tr("app.title") in lines[0] and "Overview" in lines[0]
    assert tr("filters.sector") in lines[1] and tr("filters.sector.all") in lines[1] and "2024" in lines[1]
    assert "2025-01-15" in lines[2]
    assert "《永嘉：拥江融入，攀高逐“新”》" in lines[3]


def test_header_labels_the_chosen_sector_in_each_language(ds):
    chosen = Filters(sector="pumps_valves", year=2023)
    assert "泵阀" in printing.header("x", ds, chosen, DAY, Translator("zh"))
    english = printing.header("x", ds, chosen, DAY, Translator("en"))
    assert r"Pumps \& valves" in english and "2023" in english and "泵阀" not in english


def test_header_lists_every_source_escaped_with_its_date(ds):
    # Synthetic sources: a second article with Markdown and HTML in its title, and a date.
    second = ds.sources.iloc[[0]].assign(
        source_id="synthetic_2025", title="**Bold** <b>x</b> [link](http://example.com)",
        published=pd.Timestamp("2025-01-15"))
    text = printing.header("x", with_sources(ds, pd.concat([ds.sources, second])), Filters(year=2024),
                           DAY, Translator("en"))
    sources = text.split("  \n")[-1]
    assert "《永嘉" in sources and "; 《" in sources and "2025-01-15" in sources
    assert "**Bold**" not in sources and "<b>" not in sources and "](" not in sources
    assert r"\*\*Bold\*\*" in sources


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_header_names_all_years_as_the_filter_does(ds, lang):
    """Every year chosen (or a dataset without years) printed "Year: —"; the sidebar says All years."""
    tr = Translator(lang)
    filters_line = printing.header("x", ds, Filters(year=None, lang=lang), DAY, tr).split("  \n")[1]
    assert filters_line.endswith(tr("filters.year.all")), filters_line


@pytest.mark.parametrize("timezone, expected", [
    ("Asia/Shanghai", dt.date(2025, 1, 16)),       # 20:00 UTC is 04:00 the next day in Beijing
    ("America/Los_Angeles", dt.date(2025, 1, 15)),
])
def test_local_date_in_the_viewers_timezone(timezone, expected):
    assert printing.local_date(timezone, dt.datetime(2025, 1, 15, 20, tzinfo=dt.UTC)) == expected


@pytest.mark.parametrize("timezone", [None, "", "Nowhere/Nothing", "../../etc/passwd", "a" * 300, "\x00"])
def test_local_date_ignores_a_missing_or_hostile_timezone(timezone):
    now = dt.datetime(2025, 1, 15, 20, tzinfo=dt.UTC)
    assert printing.local_date(timezone, now) == now.astimezone().date()


def test_paper_table_escapes_every_cell_and_column_name():
    rows = tables.arrow(pd.DataFrame({
        "a*b": ["**bold** <b>x</b> [l](http://example.com)", None], "value": [3.0, 2.5],
        "count": pd.array([7, None], dtype="Int64"), "when": [pd.Timestamp("2024-09-06"), pd.NaT]}))
    paper = printing.paper_table(rows)
    assert list(paper.columns) == [r"a\*b", "value", "count", "when"]
    assert paper.iloc[0].tolist() == [plain("**bold** <b>x</b> [l](http://example.com)"), "3", "7",
                                      plain("2024-09-06")]
    assert paper.iloc[1].tolist() == ["", r"2\.5", "", ""]


def test_paper_table_keeps_every_row():
    rows = pa.table({"n": list(range(500))})
    assert len(printing.paper_table(rows)) == 500


def test_stylesheet_survives_streamlits_sanitiser():
    """st.html passes the stylesheet through DOMPurify, which drops a style element whose text
    holds a '<' (comments included): the whole print layout would silently go."""
    css = printing.STYLESHEET.read_text(encoding="utf-8")
    assert "<" not in css
    assert "@media print" in css and f".st-key-{printing.HEADER_KEY}" in css
    # Our selectors only: Streamlit's generated class names change between releases.
    assert not re.search(r"st-emotion-cache", re.sub(r"/\*.*?\*/", "", css, flags=re.S))


def test_paper_copy_is_made_once_per_table_and_dropped_with_it():
    rows = tables.arrow(pd.DataFrame({"name": ["*a*", "b"]}))
    copy = printing.paper_copy(rows)
    assert copy.column(0).to_pylist() == [plain("*a*"), "b"]
    assert printing.paper_copy(rows) is copy  # a rerun passes the same table: no new work
    twin = tables.arrow(pd.DataFrame({"name": ["*a*", "b"]}))
    assert printing.paper_copy(twin) is not copy  # equal content, another table: its own copy
    key = id(rows)
    del rows
    assert key not in printing._COPIES


def test_style_element_is_the_stylesheet_on_one_line_without_comments():
    css = ("/* a comment\n   over lines */\n@media print {\n"
           "  /* inner */ [data-testid=\"stSidebar\"] {\n    display: none;\n  }\n}\n")
    assert (printing.style_element(css)
            == '<style>@media print { [data-testid="stSidebar"] { display: none; } }</style>')
    sent = widgets.STYLE_ELEMENT
    assert sent.startswith("<style>@") and sent.endswith("}</style>") and sent.count("<style>") == 1
    assert "\n" not in sent and "/*" not in sent
    assert f".st-key-{printing.HEADER_KEY}" in sent and "@page" in sent  # print.css
    assert ".st-key-headline" in sent and "stMetricLabel" in sent  # tiles.css
