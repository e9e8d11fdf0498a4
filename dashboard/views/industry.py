import streamlit as st

from dashboard import charts, ui
from dashboard import filters as select

ds, f = ui.dataset(), ui.current()
focus = f.sector if select.sector_group(ds, f.sector) in ("traditional", "emerging") else None
st.title(ui.t("industry.title"))
st.caption(ui.t("industry.intro"))

st.subheader(ui.t("industry.chain"))
ui.graphviz(("chain", focus), lambda: charts.chain_dot(*ui.chain_inputs(ds), focus=focus, group_titles={
    "traditional": ui.t("industry.chain.traditional"),
    "emerging": ui.t("industry.chain.emerging")}), "industry.chain.alt")
ui.source_caption()

left, right = st.columns(2)
with left:
    st.subheader(ui.t("industry.echelon"))
    echelon = select.figures(ds, f, themes=("enterprises",), measures=("flow", "stock"))
    if echelon.empty:
        ui.no_data(f)
    else:
        ui.altair(("echelon", f), lambda: charts.bar_chart(
            ui.bar_frame(echelon, {"flow": ui.t("echelon.flow"), "stock": ui.t("echelon.stock")}),
            title=ui.t("industry.echelon.title"), source=ui.t("source.line"),
            value_title=ui.t("col.value")), "industry.echelon.alt")
with right:
    st.subheader(ui.t("industry.digital"))
    digital = select.figures(ds, f, themes=("digitalisation",))
    if digital.empty:
        ui.no_data(f)
    else:
        ui.altair(("digital", f), lambda: charts.bar_chart(
            ui.bar_frame(digital), title=ui.t("industry.digital.title"),
            source=ui.t("source.line"), value_title=ui.t("col.value")), "industry.digital.alt")

st.subheader(ui.t("industry.projects"))
projects = ui.cached(("projects", f), lambda: select.entities(ds, f).query("status.notna()"))
if projects.empty:
    ui.no_data(f)
else:
    ui.altair(("projects", f), lambda: charts.status_chart(
        ui.status_frame(projects), title=ui.t("industry.projects.title"), source=ui.t("source.line"),
        status_labels={s: ui.t(f"status.{s}") for s in charts.STATUS_ORDER}), "industry.projects.alt")

st.subheader(ui.t("industry.honours"))
ui.table(("honours", f), lambda: ui.honour_table(ui.enterprise_honours(select.honours(ds, f))), f)

st.subheader(ui.t("industry.entities"))
ui.table(("linked", f), lambda: ui.entity_table(select.entities(ds, f, types=ui.CHAIN_MEMBER_TYPES)), f)
