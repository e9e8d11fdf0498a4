import streamlit as st

from dashboard import charts, context, select, tables, widgets
from dashboard.data import per_dataset
from dashboard.i18n import Translator


@per_dataset
def trend_charts(ds, f):
    """(a chart per series up to MAX_TRENDS, a table of the figures of the rest)."""
    tr = Translator(f.lang)
    frames = tables.trend_frames(select.trends(ds, f), ds, tr)
    shown = [charts.vega_spec(charts.trend_chart(rows, title=title, source=source))
             for title, source, rows in frames[:tables.MAX_TRENDS]]
    rest = [rows.assign(indicator=title) for title, _, rows in frames[tables.MAX_TRENDS:]]
    return shown, tables.arrow(tables.trend_table(rest, tr))


ds, f, tr = context.page_context()
st.title(tr("trends.title"))
st.caption(tr("trends.intro", year=tables.year_label(f.year, tr)))

shown, rest = trend_charts(ds, f)
if not shown:
    widgets.notice(tr("trends.none"))
with st.container(horizontal=True, wrap=True, gap="medium"):
    for spec in shown:
        widgets.chart(spec, alt=tr("trends.alt"), empty="")
if rest.num_rows:
    with st.expander(tr("trends.more", count=rest.num_rows)):
        widgets.table(rest)
