import streamlit as st

from dashboard import ui
from dashboard import filters as select

ds, f = ui.dataset(), ui.current()
st.title(ui.t("overview.title"))
st.caption(ui.t("overview.intro"))

st.subheader(ui.t("overview.milestones"))
cards, more = ui.cached(("milestones", f), lambda: ui.milestones(
    select.entities(ds, f, types=("milestone", "agreement", "event"))))
if not cards:
    ui.no_data(f)
with st.container(horizontal=True, wrap=True, gap="small"):
    for card in cards:
        st.container(border=True, width=300).markdown(card)
if more.num_rows:
    with st.expander(ui.t("overview.more_milestones", count=more.num_rows)):
        ui.show_table(more)

st.subheader(ui.t("overview.kpis"))
groups, goals = ui.cached(("kpi groups", f), lambda: select.by_theme(select.figures(ds, f)))
if not groups and goals.empty:
    ui.no_data(f)
for theme, group in groups:
    st.markdown(f"**{ui.plain(ui.sector_label(theme))}**")
    ui.kpi_grid(("overview", theme, f), lambda: group, f)

if not goals.empty:
    st.subheader(ui.t("overview.goals"))
    ui.kpi_grid(("goals", f), lambda: goals, f)
    st.caption(ui.t("overview.goal.note"))
    # The chart is on the talent page: here it would load the chart library (~0.4 s) for one bar.
    if ui.progress(select.figures(ds, f), f) is not None:
        st.page_link("views/talent.py", label=ui.t("overview.progress.link"), icon="🎓")
