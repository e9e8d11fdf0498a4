import streamlit as st

from dashboard import context, labels, widgets
from dashboard.models import trends as model

ds, f, tr = context.page_context()
st.title(tr("trends.title"))
st.caption(tr("trends.intro", year=labels.year_label(f.year, tr)))

long, short, rest, undrawn = model.trend_charts(ds, f)
if not long and not short:
    widgets.notice(tr("trends.none"))
for indicator, spec in long:
    widgets.linked_chart(spec, indicator, alt=tr("trends.alt"), link=tr("indicator.link"))
with st.container(key="trend_charts", horizontal=True, wrap=True, gap="medium"):
    for indicator, spec in short:
        widgets.linked_chart(spec, indicator, alt=tr("trends.alt"), link=tr("indicator.link"))
if undrawn:
    st.caption(tr("trends.undrawn", count=undrawn))
    with st.expander(tr("trends.more", count=rest.num_rows)):
        widgets.table(rest)
