import streamlit as st

from dashboard import context, tables, widgets
from dashboard.models import innovation as model

ds, f, tr = context.page_context()
empty = tables.no_data_message(ds, f, tr)
st.title(tr("innovation.title"))
st.caption(tr("innovation.intro"))

grid, undated = model.innovation_tiles(ds, f)
widgets.tiles(grid, empty=empty, more=tr("kpi.more"), link=tr("tiles.details"))
widgets.undated_figures(undated, label=tr("figures.undated", count=undated.num_rows), expanded=not grid[0])

st.subheader(tr("innovation.platforms"))
widgets.table(model.platforms(ds, f), empty=empty)

st.subheader(tr("innovation.projects"))
widgets.table(model.jianbing(ds, f), empty=empty)

st.subheader(tr("innovation.ecommerce"))
widgets.table(model.ecommerce(ds, f), empty=empty)

st.subheader(tr("innovation.awards"))
widgets.table(model.awards(ds, f), empty=empty)
