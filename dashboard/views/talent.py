import streamlit as st

from dashboard import charts, ui
from dashboard import filters as select

ds, f = ui.dataset(), ui.current()
st.title(ui.t("talent.title"))
st.caption(ui.t("talent.intro"))

ui.kpi_grid(("talent", f), lambda: select.figures(ds, f, themes=("talent",), measures=select.REPORTED), f)

st.subheader(ui.t("talent.pyramid"))
tiered = ui.cached(("tiered", f), lambda: select.figures(ds, f).query("talent_tier.notna()"))
if tiered.empty:
    ui.no_data(f)
else:
    ui.altair(("pyramid", f), lambda: charts.pyramid_chart(
        ui.pyramid_frame(tiered), title=ui.t("talent.pyramid.title"), source=ui.t("source.line")),
        "talent.pyramid.alt")
    st.caption(ui.t("talent.pyramid.note"))

st.subheader(ui.t("talent.progress"))
ui.progress_chart(select.figures(ds, f), f)

st.subheader(ui.t("talent.partners"))
ui.table(("partners", f), lambda: ui.relation_table(ds, select.relations(ds, f)), f)

st.subheader(ui.t("talent.events"))
ui.table(("events", f), lambda: ui.entity_table(select.entities(
    ds, f, types=("event", "agreement")).query("theme_id in ['talent', 'incubation']")), f)
