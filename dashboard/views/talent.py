import streamlit as st

from dashboard import context, tables, widgets
from dashboard.models import talent as model

ds, f, tr = context.page_context()
empty = tables.no_data_message(ds, f, tr)
st.title(tr("talent.title"))
st.caption(tr("talent.intro"))

grid, undated = model.talent_tiles(ds, f)
widgets.tiles(grid, empty=empty, more=tr("kpi.more"), link=tr("tiles.details"))
widgets.undated_figures(undated, label=tr("figures.undated", count=undated.num_rows), expanded=not grid[0])

st.subheader(tr("talent.pyramid"))
shape = model.pyramid(ds, f)
widgets.chart(shape, alt=tr("talent.pyramid.alt"), empty=empty)
if shape is not None:
    st.caption(tr("talent.pyramid.note"))

st.subheader(tr("talent.progress"))
widgets.chart(model.progress(ds, f), alt=tr("progress.alt"), empty=empty)

st.subheader(tr("talent.partners"))
widgets.table(model.partners(ds, f), empty=empty)

st.subheader(tr("talent.events"))
widgets.table(model.events(ds, f), empty=empty)
