import streamlit as st

from dashboard import ui
from dashboard import filters as select

ds, f = ui.dataset(), ui.current()
st.title(ui.t("innovation.title"))
st.caption(ui.t("innovation.intro"))

ui.kpi_grid(("innovation", f), lambda: select.figures(
    ds, f, themes=("innovation", "incubation", "ecommerce")), f)

st.subheader(ui.t("innovation.platforms"))
ui.table(("platforms", f), lambda: ui.entity_table(select.entities(
    ds, f, types=("platform", "incubator", "institute", "initiative", "policy")
).query("theme_id in ['innovation', 'incubation']")), f)

st.subheader(ui.t("innovation.projects"))
ui.table(("jianbing", f), lambda: ui.honour_table(
    select.honours(ds, f).query("honour_id == 'jianbing_lingyan'")), f)

st.subheader(ui.t("innovation.ecommerce"))
ui.table(("ecommerce", f), lambda: ui.entity_table(
    select.entities(ds, f).query("theme_id == 'ecommerce'")), f)

st.subheader(ui.t("innovation.awards"))
ui.table(("awards", f), lambda: ui.honour_table(select.honours(ds, f).query(
    "theme_id in ['ecommerce', 'innovation', 'overall', 'digitalisation']"
    " and honour_id != 'jianbing_lingyan'")), f)
