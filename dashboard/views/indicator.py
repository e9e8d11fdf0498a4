import streamlit as st

from dashboard import context, widgets
from dashboard.escape import plain
from dashboard.models import indicator as model

ds, f, tr = context.page_context()
st.title(tr("indicator.title"))
ids, names = model.indicator_options(ds, f.lang)
if not ids:
    widgets.notice(tr("indicator.none"))
    st.stop()
unknown = context.unknown_in_link("indicator", ids)
if unknown is not None:
    st.warning(tr("indicator.unknown", id=plain(unknown)))
chosen = context.linked_selectbox(tr("indicator.choose"), ids, key="indicator",
                                  format_func=lambda i: names.get(i, i))  # no name: the id
view = model.indicator_view(ds, chosen, f.lang)

st.header(plain(view.title))
st.caption(tr("indicator.intro"))
st.markdown(view.facts)
if view.note:
    st.caption(f"{tr('indicator.note')}: {view.note}")

st.subheader(tr("indicator.charts"))
if not view.charts:
    widgets.notice(tr("indicator.no_chart"))
for spec in view.charts:
    widgets.chart(spec, alt=tr("indicator.alt"), empty="")

st.subheader(tr("indicator.figures"))
widgets.table(view.table)
st.download_button(tr("indicator.download"), lambda: model.download(ds, chosen, f.lang),
                   file_name=view.file_name, mime="text/csv", on_click="ignore")
