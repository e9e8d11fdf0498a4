"""The only Streamlit element helpers: each draws what a builder made (tables.py, charts.py,
models/map.py), or a notice when there is nothing to draw. No logic and no session state here."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pyarrow as pa
import streamlit as st

from dashboard import printing
from dashboard.i18n import Translator
from dashboard.pages import PAGES
from dashboard.problems import Problem
from dashboard.tables import arrow, problem_table, stale_notice

TILES_STYLESHEET = Path(__file__).with_name("tiles.css")
# Our stylesheets as one element (each st.html is an element of every rerun): tiles.css lays the
# tiles out on screen, print.css decides what paper shows.
STYLE_ELEMENT = printing.style_element("".join(
    sheet.read_text(encoding="utf-8") for sheet in (TILES_STYLESHEET, printing.STYLESHEET)))


def page_frame(header: str) -> None:
    """Our stylesheets (STYLE_ELEMENT) and the header of the first printed page (printing.header),
    which the screen does not show. Style-only st.html goes to Streamlit's event container and
    takes no room on the page."""
    st.html(STYLE_ELEMENT)
    with st.container(key=printing.HEADER_KEY):
        st.markdown(header)


def notice(message: str) -> None:
    """An info box. icon="" (no icon, as with none given): without it, Streamlit looks for a
    leading emoji in every non-ASCII message with a 23,000-character regex, whose lookup in re's
    cache hashes the compiled pattern: 0.11 ms per notice, against 1 µs."""
    st.info(message, icon="")


def table(rows: pa.Table, *, empty: str | None = None) -> None:
    """A read-only table; an empty one with an `empty` message shows the message instead.
    The grid is for the screen; paper gets every row as a static table (printing.paper_copy):
    print.css shows each on its medium only."""
    if rows.num_rows == 0 and empty is not None:
        notice(empty)
        return
    st.dataframe(rows, hide_index=True, width="stretch")
    st.table(printing.paper_copy(rows), hide_index=True)


def undated_figures(rows: pa.Table, *, label: str, expanded: bool) -> None:
    """The figures without a year, in an expander under the year's tiles (none: nothing);
    `expanded` when the year has no tile of its own to show."""
    if rows.num_rows:
        with st.expander(label, expanded=expanded):
            table(rows)


@functools.cache
def indicator_page() -> st.Page:
    """The indicator view (pages.PAGES) as a st.Page, made once a process: given a file's path,
    st.page_link resolves it on every call (realpath and a scan of the registered pages, ~0.3 ms
    a link; the trends page has twelve). Only page_link reads it: st.navigation gets its own."""
    info = next(p for p in PAGES if p.name == "indicator")
    return st.Page(info.path, url_path=info.slug)


def metric_args(tile: dict) -> dict:
    """st.metric's arguments of a tile (tables.tile): all but its indicator's id."""
    return {k: v for k, v in tile.items() if k != "indicator_id"}


def tile_links(tiles: list[dict], heading: str) -> None:
    """Under a grid of tiles, one small link to each tile's indicator page, in the tiles' order
    (st.metric takes no link; a container per tile would double the elements and undo tiles.css)."""
    if not tiles:
        return
    key = "tile_links_" + re.sub(r"\W", "_", tiles[0]["indicator_id"])
    with st.container(key=key, horizontal=True, wrap=True, gap="small", vertical_alignment="center"):
        st.caption(heading, width="content")
        for tile in tiles:
            st.page_link(indicator_page(), label=tile["label"], width="content",
                         query_params={"indicator": tile["indicator_id"]})


def tiles(grid: tuple[list[dict], pa.Table], *, empty: str, more: str, link: str) -> None:
    """Metric tiles (tables.tiles) that wrap to the screen: as many a row on a laptop as their
    labels allow, two on a phone (tiles.css), and under them a link to each one's page (`link`
    heads the row); the figures past the tiles in a table under `more` (a template with {count})."""
    shown, rest = grid
    if not shown:
        notice(empty)
        return
    with st.container(horizontal=True, wrap=True, gap="small"):
        for tile in shown:
            st.metric(**metric_args(tile), border=True, width="stretch", height="stretch")  # a row's height
    tile_links(shown, link)
    if rest.num_rows:
        with st.expander(more.format(count=rest.num_rows)):
            table(rest)


def headline(tiles: list[dict], badges: list[tuple[str, str]], *, link: str) -> None:
    """The overview's band: the headline tiles, large and bordered, their pages' links, then the
    honours as badges, each with its tooltip (tables.honour_badges)."""
    with st.container(key="headline", horizontal=True, wrap=True, gap="small"):
        for tile in tiles:  # as tall as the row: a tile with a trend sets its row's height
            st.metric(**metric_args(tile), border=True, width="stretch", height="stretch")
    tile_links(tiles, link)
    if badges:
        with st.container(key="honours", horizontal=True, wrap=True, gap="small"):
            for label, about in badges:
                st.badge(label, icon="🏅", color="orange", help=about)


def year_summary(line: str, years: list[int], *, heading: str, label: str, choose,
                 boxed: bool = False) -> None:
    """What a year holds (escaped Markdown; `boxed`: as a notice, the year having no figure of
    its own); under it, after `heading`, a button per nearer year
    (`label` a template with {year}) that calls choose(year): a link would open a new session,
    which reads the link once and would lose the language and sector chosen since."""
    if boxed:
        notice(line)
    else:
        st.markdown(line)
    if not years:
        return
    with st.container(key="year_summary", horizontal=True, wrap=True, gap="small",
                      vertical_alignment="center"):
        st.caption(heading, width="content")
        for year in years:
            st.button(label.format(year=year), key=f"year_{year}", on_click=choose, args=(year,),
                      width="content")


def chart(spec: tuple[dict, int] | None, *, alt: str, empty: str) -> None:
    """A Vega-Lite chart from charts.vega_spec; None: the `empty` notice."""
    if spec is None:
        notice(empty)
        return
    vega, height = spec
    st.vega_lite_chart(spec=vega, width="stretch", height=height, alt=alt)


def indicator_link(indicator_id: str, label: str) -> None:
    """A link to an indicator's own view (?indicator=<id>): Streamlit's page link, in this tab."""
    st.page_link(indicator_page(), label=label, icon="🔎", query_params={"indicator": indicator_id})


def linked_chart(spec: tuple[dict, int], indicator_id: str, *, alt: str, link: str) -> None:
    """A chart with the link to its indicator's view under it."""
    with st.container(gap="small"):
        chart(spec, alt=alt, empty="")
        indicator_link(indicator_id, link)


def unit_charts(section: tuple[list[tuple[dict, int]], pa.Table], *, alt: str, empty: str,
                other: str) -> None:
    """A section's bar charts, one per unit, then its figures in other units as a table under
    the caption `other` (tables.unit_groups); no chart: the `empty` notice."""
    specs, rest = section
    if not specs:
        notice(empty)
    for spec in specs:
        chart(spec, alt=alt, empty=empty)
    if rest.num_rows:
        st.caption(other)
        table(rest)


def graphviz(dot: str, *, key: str, alt: str) -> None:
    """A Graphviz chart in a container keyed by `key`: a new key draws a new graph afresh, which
    Streamlit would otherwise animate from the old one (~1 s)."""
    with st.container(key="graph_" + re.sub(r"\W", "_", key)):
        st.graphviz_chart(dot, width="content", alt=alt)


def problems(found: list[Problem], tr: Translator, *, stale: bool = False) -> None:
    """The validator's messages; `stale`: the last valid data is still being shown."""
    if stale:
        st.warning(stale_notice(found, tr))
        with st.expander(tr("data.problems")):
            table(arrow(problem_table(found, tr)))
    else:
        st.error(tr("data.invalid"))
        table(arrow(problem_table(found, tr)))
