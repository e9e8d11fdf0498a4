"""The only Streamlit element helpers: each draws what a builder made (tables.py, charts.py,
mapview.py), or a notice when there is nothing to draw. No logic and no session state here."""

from __future__ import annotations

import re

import pyarrow as pa
import streamlit as st

from dashboard import printing
from dashboard.i18n import Translator
from dashboard.tables import arrow, problem_table, stale_notice
from dashboard.validate import Problem


def print_frame(header: str) -> None:
    """The print stylesheet (print.css: no sidebar or widgets on paper, charts and tables whole)
    and the header of the first printed page (printing.header), which the screen does not show.
    Style-only st.html goes to Streamlit's event container and takes no room on the page."""
    st.html(printing.STYLE_ELEMENT)
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


def tiles(grid: tuple[list[dict], pa.Table], *, empty: str, more: str) -> None:
    """Metric tiles (tables.tiles) that wrap to the screen: four a row on a laptop, one on a
    phone; the figures past the tiles in a table under `more` (a template with {count})."""
    shown, rest = grid
    if not shown:
        notice(empty)
        return
    with st.container(horizontal=True, wrap=True, gap="small"):
        for tile in shown:
            st.metric(**tile, border=True, width="stretch")
    if rest.num_rows:
        with st.expander(more.format(count=rest.num_rows)):
            table(rest)


# Two headline tiles a row on a phone, three on a laptop, all as wide as their row allows.
# Streamlit's own widths cannot: a stretched tile gets a row of its own under 640 px, a fixed one
# leaves a laptop's row half empty and cuts English values ("2,138 people") short. Our CSS, not
# the data's; its selectors are the container's key class and Streamlit's test ids.
HEADLINE_CSS = """<style>
.st-key-headline > [data-testid="stElementContainer"] { flex: 1 1 calc(50% - 0.5rem); min-width: 0; }
@media (min-width: 640px) {
  .st-key-headline > [data-testid="stElementContainer"] { flex-basis: calc(33.3% - 0.75rem); }
}
/* The band's figures stay larger than the themes' tiles under it (this CSS is the overview's). */
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 1.75rem; }
.st-key-headline [data-testid="stMetricValue"] { font-size: 2.25rem; }
@media (max-width: 639.98px) {
  [data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 1.25rem; }
  .st-key-headline [data-testid="stMetricValue"] { font-size: 1.5rem; }
}
/* A label wraps, in lines of even length, instead of ending in "…" two a row on a phone
   (新增科技型中小…). */
.st-key-headline [data-testid="stMetricLabel"],
.st-key-headline [data-testid="stMetricLabel"] * {
  white-space: normal; overflow: visible; text-wrap: balance;
}
/* What a change is against wraps under it instead of ending in "…" (对比截至2023年末（推算）). */
.st-key-headline [data-testid="stMetricDelta"] { flex-shrink: 0; }
.st-key-headline :has(> [data-testid="stMetricDeltaDescription"]) { flex-wrap: wrap; }
.st-key-headline [data-testid="stMetricDeltaDescription"],
.st-key-headline [data-testid="stMetricDeltaDescription"] p { white-space: normal; overflow: visible; }
</style>"""


def headline(tiles: list[dict], badges: list[tuple[str, str]]) -> None:
    """The overview's band: the headline tiles, large and bordered, then the honours as badges,
    each with its tooltip (tables.honour_badges)."""
    st.html(HEADLINE_CSS)
    with st.container(key="headline", horizontal=True, wrap=True, gap="small"):
        for tile in tiles:  # as tall as the row: a tile with a trend sets its row's height
            st.metric(**tile, border=True, width="stretch", height="stretch")
    if badges:
        with st.container(key="honours", horizontal=True, wrap=True, gap="small"):
            for label, about in badges:
                st.badge(label, icon="🏅", color="orange", help=about)


def chart(spec: tuple[dict, int] | None, *, alt: str, empty: str) -> None:
    """A Vega-Lite chart from charts.vega_spec; None: the `empty` notice."""
    if spec is None:
        notice(empty)
        return
    vega, height = spec
    st.vega_lite_chart(spec=vega, width="stretch", height=height, alt=alt)


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
