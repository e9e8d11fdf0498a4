import streamlit as st

from dashboard import ui
from dashboard import filters as select

ds, f = ui.dataset(), ui.current()
st.title(ui.t("overview.title"))
st.caption(ui.t("overview.intro"))

st.subheader(ui.t("overview.milestones"))
dated = select.entities(ds, f, types=("milestone", "agreement", "event"))
milestones = ui.cached(("milestones", f), lambda: ui.milestones(dated[dated["period_id"].notna()]))
if milestones.empty:
    ui.no_data(f)
with st.container(horizontal=True, wrap=True, gap="small"):
    for card in milestones["card"]:
        st.container(border=True, width=300).markdown(card)

figures = select.figures(ds, f)
goals = figures[figures["measure"].isin(["goal", "target"])]
st.subheader(ui.t("overview.kpis"))
if figures.empty:
    ui.no_data(f)
for theme, group in figures.drop(goals.index).groupby("theme_id", sort=False):
    st.markdown(f"**{ui.plain(ui.sector_label(theme))}**")
    ui.kpi_grid(group, f)

if not goals.empty:
    st.subheader(ui.t("overview.goals"))
    ui.kpi_grid(goals, f)
    st.caption(ui.t("overview.goal.note"))
    ui.progress_chart(figures, f, quiet=True)
