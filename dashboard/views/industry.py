import streamlit as st

from dashboard import context, tables, widgets
from dashboard.escape import plain
from dashboard.models import industry as model

ds, f, tr = context.page_context()
empty = tables.no_data_message(ds, f, tr)
st.title(tr("industry.title"))
st.caption(tr("industry.intro"))

st.subheader(tr("industry.chain"))
focus = model.chain_focus(ds, f)
diagrams = model.chain(ds, focus, f.lang)
# Side by side on a laptop; Streamlit stacks columns on a phone, where each fits the width.
for column, (group, dot, alt) in zip(st.columns(len(diagrams)), diagrams):
    with column:
        widgets.graphviz(dot, key=f"chain {group} {focus} {f.lang}", alt=alt)
st.caption(tr("industry.chain.shared") + "  \n" + plain(model.chain_source(ds, f.lang)))

left, right = st.columns(2)
with left:
    st.subheader(tr("industry.echelon"))
    widgets.unit_charts(model.echelon(ds, f), alt=tr("industry.echelon.alt"), empty=empty,
                        other=tr("chart.other_units"))
with right:
    st.subheader(tr("industry.digital"))
    widgets.unit_charts(model.digital(ds, f), alt=tr("industry.digital.alt"), empty=empty,
                        other=tr("chart.other_units"))

st.subheader(tr("industry.projects"))
widgets.chart(model.projects(ds, f), alt=tr("industry.projects.alt"), empty=empty)

st.subheader(tr("industry.honours"))
widgets.table(model.honours(ds, f), empty=empty)

st.subheader(tr("industry.entities"))
widgets.table(model.members(ds, f), empty=empty)
