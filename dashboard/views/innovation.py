import streamlit as st

from dashboard import ui
from dashboard import filters as select

ds, f = ui.dataset(), ui.current()
st.title(ui.t("innovation.title"))
st.caption(ui.t("innovation.intro"))

figures = select.figures(ds, f)
shown = figures[figures["theme_id"].isin(["innovation", "incubation", "ecommerce"])]
ui.kpi_grid(shown, f)

st.subheader(ui.t("innovation.platforms"))
platforms = select.entities(ds, f, types=("platform", "incubator", "institute", "initiative", "policy"))
platforms = platforms[platforms["theme_id"].isin(["innovation", "incubation"])]
ui.table(("platforms", f), lambda: ui.entity_table(platforms), f)

st.subheader(ui.t("innovation.projects"))
honours = select.honours(ds, f)
jianbing = honours[honours["honour_id"] == "jianbing_lingyan"]
ui.table(("jianbing", f), lambda: ui.honour_table(jianbing), f)

st.subheader(ui.t("innovation.ecommerce"))
ecommerce = select.entities(ds, f)
ecommerce = ecommerce[ecommerce["theme_id"] == "ecommerce"]
ui.table(("ecommerce", f), lambda: ui.entity_table(ecommerce), f)

st.subheader(ui.t("innovation.awards"))
awards = honours[honours["theme_id"].isin(["ecommerce", "innovation", "overall", "digitalisation"])
                 & (honours["honour_id"] != "jianbing_lingyan")]
ui.table(("awards", f), lambda: ui.honour_table(awards), f)
