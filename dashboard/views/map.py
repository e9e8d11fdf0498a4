import streamlit as st

from dashboard import context, geo, tables, widgets
from dashboard.escape import plain
from dashboard.models import map as model
from dashboard.problems import DataError

ds, f, tr = context.page_context()
st.title(tr("map.title"))
st.caption(tr("map.intro"))
try:
    maps = context.geo_data(ds)
except DataError as error:  # the other pages do not need the map's files
    widgets.problems(error.problems, tr)
    st.stop()

style = geo.basemap_style()
if style:
    widgets.notice(tr("map.basemap.note", url=plain(style)))
# One view at a time: a hidden tab's map would still be drawn (WebGL, ~1 s on a laptop), and the
# place tables, which no filter changes, are a view of their own: under the map, their grids and
# the paper copies' ~400 Markdown cells took ~1 s of a first load (browser profiles, issue 14).
views = {"counties": tr("map.counties"), "links": tr("map.links"), "places": tr("map.places")}
# A radio, not a segmented control: the same choice at a third of the cost of every rerun
# (Streamlit searches each segment's label for a leading icon: ~1.5 ms; context.sidebar_filters).
view = st.radio(tr("map.title"), list(views), horizontal=True, key="map_view", format_func=views.get,
                label_visibility="collapsed")
if view == "counties":
    deck = model.county_map(ds, maps, f, style, context.static_url(model.BOUNDARIES_FILE))
    st.pydeck_chart(deck, height=560, alt=tr("map.counties.alt"))
    legend, legend_text = model.county_legend(ds, maps, f.lang)
    st.image(legend, alt=legend_text)
    st.caption(tr("map.attribution"))
elif view == "places":
    placed, unplaced = model.place_tables(ds, maps, f.lang)
    st.subheader(tr("map.placed"))
    widgets.table(placed)
    st.subheader(tr("map.unplaced"))
    widgets.table(unplaced)
    if not tr.reads_records:
        st.caption(tr("map.records_in_english"))
elif model.links(ds, maps, f).empty:
    widgets.notice(tables.no_data_message(ds, f, tr))
else:
    if model.links(ds, maps, f)["drawn"].any():
        st.pydeck_chart(model.links_map(ds, maps, f, style, context.screen()),
                        height=geo.LINKS_MAP_HEIGHT, alt=tr("map.links.alt"))
        legend, legend_text = model.links_legend(ds, maps, f)
        st.image(legend, alt=legend_text)
        st.caption(tr("map.attribution"))
    else:  # an empty map and legend would say nothing; the table says why
        widgets.notice(tr("map.links.none_drawn"))
    widgets.table(model.link_table(ds, maps, f))
if view != "places":
    st.caption(tr("map.places.pointer", places=tr("map.places")))
