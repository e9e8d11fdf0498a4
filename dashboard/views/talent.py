import streamlit as st

from dashboard import charts, ui
from dashboard import filters as select

ds, f = ui.dataset(), ui.current()
st.title(ui.t("talent.title"))
st.caption(ui.t("talent.intro"))

figures = select.figures(ds, f)
talent = figures[figures["theme_id"] == "talent"]
ui.kpi_grid(talent[talent["measure"] != "target"], f)

st.subheader(ui.t("talent.pyramid"))
tiered = figures[figures["talent_tier"].notna()]
if tiered.empty:
    ui.no_data(f)
else:
    ui.altair(("pyramid", f), lambda: charts.pyramid_chart(
        ui.pyramid_frame(tiered), title=ui.t("talent.pyramid.title"), source=ui.t("source.line")),
        "talent.pyramid.alt")
    st.caption(ui.t("talent.pyramid.note"))

st.subheader(ui.t("talent.progress"))
ui.progress_chart(figures, f)

st.subheader(ui.t("talent.partners"))
relations = select.relations(ds, f)
ui.table(("partners", f), lambda: ui.relation_table(ds, relations), f)

st.subheader(ui.t("talent.events"))
events = select.entities(ds, f, types=("event", "agreement"))
events = events[events["theme_id"].isin(["talent", "incubation"])]
ui.table(("events", f), lambda: ui.entity_table(events), f)
