import streamlit as st

from dashboard import context, labels, widgets
from dashboard.models import trends as model

ds, f, tr = context.page_context()
st.title(tr("trends.title"))
st.caption(tr("trends.intro", year=labels.year_label(f.year, tr)))

shown, rest = model.trend_charts(ds, f)
if not shown:
    widgets.notice(tr("trends.none"))
with st.container(key="trend_charts", horizontal=True, wrap=True, gap="medium"):
    for spec in shown:
        widgets.chart(spec, alt=tr("trends.alt"), empty="")
if rest.num_rows:
    with st.expander(tr("trends.more", count=rest.num_rows)):
        widgets.table(rest)
