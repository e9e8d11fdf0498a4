import streamlit as st

from dashboard import context, select, tables, widgets
from dashboard.data import per_dataset
from dashboard.escape import plain
from dashboard.i18n import Translator


@per_dataset
def milestone_cards(ds, f):
    return tables.milestones(select.entities(ds, f, types=("milestone", "agreement", "event")),
                             ds, Translator(f.lang))


@per_dataset
def theme_tiles(ds, f):
    """[(theme label, its tiles)] for the figures reported, then the goals' tiles."""
    tr = Translator(f.lang)
    groups, goals = select.by_theme(select.figures(ds, f))
    return ([(tables.sector_label(ds, theme, tr), tables.tiles(rows, ds, tr)) for theme, rows in groups],
            tables.tiles(goals, ds, tr))


ds, f, tr = context.page_context()
empty = tables.no_data_message(ds, f, tr)
st.title(tr("overview.title"))
st.caption(tr("overview.intro"))

st.subheader(tr("overview.milestones"))
cards, more = milestone_cards(ds, f)
if not cards:
    st.info(empty)
with st.container(horizontal=True, wrap=True, gap="small"):
    for card in cards:
        st.container(border=True, width=300).markdown(card)
if more.num_rows:
    with st.expander(tr("overview.more_milestones", count=more.num_rows)):
        widgets.table(more)

st.subheader(tr("overview.kpis"))
themes, goals = theme_tiles(ds, f)
if not themes and not goals[0]:
    st.info(empty)
for theme, grid in themes:
    st.markdown(f"**{plain(theme)}**")
    widgets.tiles(grid, empty=empty, more=tr("kpi.more"))

if goals[0]:
    st.subheader(tr("overview.goals"))
    widgets.tiles(goals, empty=empty, more=tr("kpi.more"))
    st.caption(tr("overview.goal.note"))
    # The chart is on the talent page: here it would load the chart library (~0.4 s) for one bar.
    if select.progress_figures(ds, f) is not None:
        st.page_link("views/talent.py", label=tr("overview.progress.link"), icon="🎓")
