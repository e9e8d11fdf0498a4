import streamlit as st

from dashboard import geo, ui
from dashboard import filters as select
from dashboard.data import DataError

ds, f = ui.dataset(), ui.current()
st.title(ui.t("map.title"))
st.caption(ui.t("map.intro"))
try:
    places = ui.geo_data().places
except DataError as error:  # the other pages do not need the map's files
    ui.show_problems(error.problems)
    st.stop()

if geo.basemap_style():
    st.info(ui.t("map.basemap.note", url=ui.plain(geo.basemap_style())))
# One map at a time: a hidden tab's map would still be drawn (WebGL, ~1 s on a laptop).
views = {"counties": ui.t("map.counties"), "links": ui.t("map.links")}
view = st.segmented_control(ui.t("map.title"), list(views), default="counties", required=True,
                            key="map_view", format_func=views.get, label_visibility="collapsed")
if view == "counties":
    st.pydeck_chart(ui.county_map(f), height=560, alt=ui.t("map.counties.alt"))
    legend, legend_text = ui.county_legend_image()
    st.image(legend, alt=legend_text)
    st.caption(geo.ATTRIBUTION)
else:
    links = ui.cached(("links", f, id(places)), lambda: ui.map_links(select.relations(ds, f)))
    if links.empty:
        ui.no_data(f)
    else:
        st.pydeck_chart(ui.links_map(f, links), height=520, alt=ui.t("map.links.alt"))
        legend, legend_text = ui.links_legend_image(f, links)
        st.image(legend, alt=legend_text)
        st.caption(geo.ATTRIBUTION)
        ui.table(("link table", f), lambda: ui.link_table(links), f)

st.subheader(ui.t("map.placed"))
ui.table(("placed", id(places)), lambda: ui.place_table(places[places["lat"].notna()]), f)
st.subheader(ui.t("map.unplaced"))
ui.table(("unplaced", id(places)), lambda: ui.place_table(geo.unplaced(places), placed=False), f)
