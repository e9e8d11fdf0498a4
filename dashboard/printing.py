"""What a printed page adds: the header of its first page (title, filters, date, sources) and the
static copy of a data grid that paper needs. Pure builders, no Streamlit; widgets.page_frame
and widgets.table draw them, and print.css (beside this file) decides what paper shows.

Why a copy of each grid: st.dataframe draws its cells on a canvas and only the rows in view (about
ten), with long text cut at the column's width; printed, it would show those ten rows, cut. The
copy is an st.table, which Streamlit renders as an HTML table: every row, text wrapped, rows that
break between pages and a header repeated on each. st.table renders its cells and column names
as Markdown, so every one is escaped here (escape.plain)."""

from __future__ import annotations

import datetime as dt
import re
import weakref
import zoneinfo
from pathlib import Path

import pandas as pd
import pyarrow as pa

from dashboard.data import Dataset, per_dataset
from dashboard.escape import plain
from dashboard.i18n import Translator
from dashboard.labels import sector_label
from dashboard.select import Filters
from dashboard.tables import arrow

STYLESHEET = Path(__file__).with_name("print.css")


def style_element(css: str) -> str:
    """A stylesheet as the one-line <style> element widgets.page_frame sends, its comments out.
    st.html dedents and scans its whole text on every rerun of every page: print.css as written
    cost 0.13 ms there, this 0.06 ms (and given the Path, st.html read the file each time)."""
    return "<style>" + " ".join(re.sub(r"/\*.*?\*/", " ", css, flags=re.DOTALL).split()) + "</style>"


# The print header's container key: Streamlit gives it the class st-key-print_header, which
# print.css shows on paper only.
HEADER_KEY = "print_header"


def header(page_title: str, ds: Dataset, f: Filters, day: dt.date, tr: Translator) -> str:
    """The first printed page's header as escaped Markdown, one line each: the dashboard and
    page title, the filters the figures are selected by, the date, and every source text."""
    return "  \n".join([
        f"**{plain(tr('app.title'))} · {plain(page_title)}**",
        tr("print.filters", sector_label=tr("filters.sector"), sector=plain(sector_label(ds, f.sector, tr)),
           year_label=tr("filters.year"), year=f.year if f.year is not None else tr("filters.year.all")),
        tr("print.date", date=day.isoformat()),
        header_sources(ds, tr.lang),
    ])


@per_dataset
def header_sources(ds: Dataset, lang: str) -> str:
    """The header's last line: every source text, escaped, with its date. Built once per dataset
    and language: reading the titles out of the frame on every rerun was 0.5 ms of each change."""
    tr = Translator(lang)
    sources = [f"《{plain(title)}》" + ("" if pd.isna(published) else f" {published:%Y-%m-%d}")
               for title, published in zip(ds.sources["title"], ds.sources["published"])]
    return tr("print.sources", titles=tr.listed(sources))


def local_date(timezone: str | None, now: dt.datetime) -> dt.date:
    """The date at `now` (aware) in the viewer's `timezone` (st.context.timezone, an IANA name
    the browser sends, so not trusted); the server's own date when it is missing or unknown."""
    try:
        return now.astimezone(zoneinfo.ZoneInfo(timezone)).date()
    except (TypeError, ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        return now.astimezone().date()


# paper_copy's memo: id of a grid's table -> (a weak reference to it, its copy).
_COPIES: dict[int, tuple[weakref.ref, pa.Table]] = {}


def paper_copy(rows: pa.Table) -> pa.Table:
    """paper_table(rows) as Arrow, made once per table object and kept while the table lives.

    Keyed by identity, not by the per_dataset memo: widgets.table gets only the table, and the
    pages' tables come from per_dataset builders, so a rerun passes the very same object. Made
    afresh each rerun, escaping the cells cost 7 ms for the 70 rows of the entity table, 9-17 ms
    of CPU per rerun of a page with tables (measured with AppTest, interleaved)."""
    key = id(rows)
    known = _COPIES.get(key)
    if known is not None and known[0]() is rows:
        return known[1]
    copy = arrow(paper_table(rows))
    _COPIES[key] = (weakref.ref(rows, lambda _, key=key: _COPIES.pop(key, None)), copy)
    return copy


def paper_table(rows: pa.Table) -> pd.DataFrame:
    """A grid's rows as st.table shows them on paper: every cell and column name as escaped
    text, empty cells empty, whole numbers without a trailing '.0', dates without a time."""
    frame = rows.to_pandas()
    return pd.DataFrame({plain(column): [_cell(value) for value in frame[column]]
                         for column in frame.columns})


def _cell(value) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, pd.Timestamp) and value == value.normalize():
        value = value.strftime("%Y-%m-%d")
    return plain(value)
