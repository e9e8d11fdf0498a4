import streamlit as st

from dashboard import context, labels, select, tables, widgets
from dashboard.escape import plain
from dashboard.models import overview as model

ds, f, tr = context.page_context()
empty = tables.no_data_message(ds, f, tr)
st.title(tr("overview.title"))
st.caption(tr("overview.intro", year=labels.year_label(f.year, tr)))
summary = model.year_summary(ds, f)
headlines, badges = model.band(ds, f)
themes, goals, undated = model.theme_tiles(ds, f)
timeline, outside, more = model.milestones(ds, f)
if summary is not None:  # what the year holds; below, sections with nothing are left out
    widgets.year_summary(summary.line, summary.nearer, heading=tr("overview.year.nearer"),
                         label=tr("overview.year.go"), choose=context.choose_year,
                         boxed=not (themes or headlines))
elif not (themes or goals[0] or headlines or badges or timeline or more.num_rows):
    widgets.notice(empty)  # all years, and nothing in the sector

widgets.headline(headlines, badges, link=tr("tiles.details"))
if themes:
    st.subheader(tr("overview.kpis"))
for theme, grid in themes:
    st.markdown(f"**{plain(theme)}**")
    widgets.tiles(grid, empty=empty, more=tr("kpi.more"), link=tr("tiles.details"))

if timeline or more.num_rows:
    st.subheader(tr("overview.milestones"))
if timeline:
    with st.container(border=True):
        st.markdown(timeline)
        if outside:
            st.caption(tr("overview.external_date", mark=tables.OUTSIDE_MARK))
if more.num_rows:
    with st.expander(tr("overview.more_milestones", count=more.num_rows)):
        widgets.table(more)

if goals[0]:
    st.subheader(tr("overview.goals"))
    widgets.tiles(goals, empty=empty, more=tr("kpi.more"), link=tr("tiles.details"))
    st.caption(tr("overview.goal.note"))
    # The chart is on the talent page: here it would load the chart library (~0.4 s) for one bar.
    if select.progress_figures(ds, f) is not None:
        st.page_link("views/talent.py", label=tr("overview.progress.link"), icon="🎓")

widgets.undated_figures(undated, label=tr("figures.undated", count=undated.num_rows),
                        expanded=not themes and not headlines)
