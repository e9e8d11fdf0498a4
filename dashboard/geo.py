"""pydeck builders for the maps. Pure functions: no st.* calls, no network. The files they draw
are read and checked by geo_checks.py (memo.load_geo); what to draw in which words is models/map.py.

Every Deck is built with map_provider=None and no map_style, so no basemap is requested
(a null map_style would make the frontend fetch a Carto basemap). Tooltips use {"text": ...}:
deck.gl inserts "html" tooltips as markup. Layer ids are fixed so deck.to_json() is deterministic.
"""

from __future__ import annotations

import itertools
import math
import os
from collections import Counter, defaultdict
from collections.abc import Mapping

import pandas as pd
import pydeck as pdk

from dashboard.formatting import display_width
from dashboard.schema import YONGJIA_ADCODE

DEFAULT_COLORS = {
    "county": [200, 200, 200, 90],
    "yongjia": [230, 140, 40, 140],
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
    polygons = _polygons(geometry)
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
                highlight_entities: frozenset[str] = frozenset(), counties_url: str | None = None,
                fills: dict[str, list] | None = None, map_style: str | None = None) -> pdk.Deck:
    """Yongjia in view, Wenzhou's other divisions around it; Yongjia's town seats coloured by
    industry identity; article entities as rings around the seat they are placed at. A chosen
    industry (`highlight_sector`) enlarges its towns and marks its entities' rings
    (`highlight_entities`); the rest is dimmed.

    fills: county_fills(counties, colors) when the caller keeps it: the same for every filter, and
    ~30 ms to work out (neighbours).
    counties_url: where the browser can fetch `counties` (a static file of the same content).
    Then the deck carries only the URL: deck.gl keeps a layer whose data string is unchanged, so
    a filter change neither resends nor re-tessellates the boundaries (~0.6 s of software WebGL
    and ~190 KB per change on a GPU-less laptop). Without it, the features go inline.

    labels: name_column / identity_column (which CSV columns to show, e.g. "name_en");
    kind, identity, entities, precision (tooltip field names, default: the key); source (the
    tooltip's source line, left out without it);
    kinds / precisions (optional value -> display text dicts).
    """
    c = {**DEFAULT_COLORS, **colors}
    lab = _labeller(labels)
    name_column = labels.get("name_column", "name_zh")
    highlighting = highlight_sector is not None

    # Labels are placed here, not by deck.gl's CollisionFilterExtension: that one runs on the GPU's
    # picking buffer and in software WebGL (headless Chromium, GPU-less laptops) it hid every town.
    label_rows = [{"position": [p["label_lon"], p["label_lat"]], "text": p[name_column],
                   "priority": PRIORITY["county"], "size": 14, "radius": 0}
                  for p in (f["properties"] for f in counties["features"])
                  if p["adcode"] != YONGJIA_ADCODE]  # Yongjia is the highlighted area itself

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
        dim = highlighting and not match
        towns.append({
            "position": [float(r["lon"]), float(r["lat"])],
            "color": _rgba(rgb, c["dim_alpha"] if dim else 255),
            "radius": 9 if match else (4 if dim else 6),
            "tooltip": _tooltip(_name(r, labels), lab("kind", r["kind"], "kinds"),
                                lab("identity", "" if g is None else "; ".join(g[ident_col])),
                                lab("precision", r["precision"], "precisions"),
                                lab("source", f"{r['source']} ({r['licence']})") if "source" in labels
                                else ""),
        })
        rank = "match" if match else ("industry" if sectors else ("seat" if r["kind"] == "county_seat"
                                                                  else "town"))
        label_rows.append({"position": towns[-1]["position"], "text": _name(r, labels),
                           "priority": PRIORITY[rank], "size": 14 if sectors else 13,
                           "radius": towns[-1]["radius"]})

    # Entities share their seat's coordinates, so one ring per seat lists all of them.
    entities = []
    local = placed[(placed["entity_id"] != "") & (placed["precision"] == "town")]
    for _, g in local.groupby("parent_place_id", sort=True):
        first, match = g.iloc[0], bool(set(g["entity_id"]) & highlight_entities)
        entities.append({
            "position": [float(first["lon"]), float(first["lat"])],
            "color": _rgba(c["entity"], c["dim_alpha"] if highlighting and not match else 255),
            "width": 3 if match else 2,
            "tooltip": _tooltip(labels.get("entities", "entities") + ":",
                                *("· " + _name(r, labels) for _, r in g.iterrows()),
                                lab("precision", "town", "precisions"),
                                lab("source", "; ".join(sorted(set(g["source"])))) if "source" in labels
                                else ""),
        })

    obstacles = [(t["position"], t["radius"]) for t in towns] + [(e["position"], 15) for e in entities]
    yongjia = next(f for f in counties["features"] if f["properties"]["adcode"] == YONGJIA_ADCODE)
    ring = [point for poly in _polygons(yongjia["geometry"]) for point in poly[0]]
    # Centred a little south of Yongjia's middle: to its north lies no part of Wenzhou, to its
    # south the city's core (鹿城, 瓯海, 龙湾), which the view keeps as context.
    south, north = min(y for _, y in ring), max(y for _, y in ring)
    view = pdk.ViewState(longitude=round((min(x for x, _ in ring) + max(x for x, _ in ring)) / 2, 4),
                         latitude=round(south + (north - south) * 0.35, 4),
                         zoom=YONGJIA_ZOOM, pitch=0, bearing=0)
    layers = [
        _counties_layer(counties, counties_url, fills or county_fills(counties, c), c, lab, name_column),
        pdk.Layer("ScatterplotLayer", id="entities", data=entities, get_position="position",
                  get_radius=14, radius_units="'pixels'", stroked=True, filled=False,
                  get_line_color="color", get_line_width="width", line_width_units="'pixels'",
                  pickable=True),
        pdk.Layer("ScatterplotLayer", id="towns", data=towns, get_position="position",
                  get_fill_color="color", get_radius="radius", radius_units="'pixels'",
                  stroked=True, get_line_color=[255, 255, 255, 200], line_width_min_pixels=1,
                  pickable=True),
        pdk.Layer("TextLayer", id="names",
                  data=place_labels(label_rows, obstacles, view.zoom,
                                    frame=view_frame(view.longitude, view.latitude, view.zoom)),
                  get_position="position", get_text="text", get_color=c["text"], get_size="size",
                  size_units="'meters'", size_max_pixels=18,
                  # Every name that could be placed, not 'auto': the labels placed change with
                  # the chosen industry, and a new character set redraws the font atlas (CJK).
                  character_set=repr("".join(sorted({ch for r in label_rows for ch in r["text"]}))),
                  font_family="'sans-serif'", get_text_anchor="anchor",
                  get_alignment_baseline="baseline", pickable=False, font_settings=FONT_SETTINGS),
    ]
    return _deck(layers, view, map_style)


# The town names' glyph atlas: drawn at 32 px (deck.gl's default is 64) since the names are
# never shown above 18 px; deck.gl draws each of the ~100 CJK characters into it with canvas
# fillText on the first load, a quarter of the pixels at this size.
FONT_SETTINGS = {"fontSize": 32, "buffer": 2}
# The narrowest map a viewer gets: a 390 px phone less Streamlit's 1rem margins, by the map's
# height (views/map.py). Labels are kept inside it (place_labels' frame), so a phone's first
# view cuts none of them at its edge, as it did 乐清市 at the right.
NARROWEST_MAP_PX = (358, 560)


def view_frame(longitude: float, latitude: float, zoom: float,
               size: tuple[int, int] = NARROWEST_MAP_PX) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom, in Web Mercator pixels at `zoom`) that a map of `size`
    pixels centred on (longitude, latitude) shows."""
    x, y = _mercator(longitude, latitude, zoom)
    return x - size[0] / 2, y - size[1] / 2, x + size[0] / 2, y + size[1] / 2


def _mercator(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixels at `zoom` (deck.gl's world is 512 px wide at zoom 0), y downwards."""
    size = 512 * 2 ** zoom
    y = math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat)))
    return (lon + 180) / 360 * size, (1 - y / math.pi) / 2 * size


def _metres_per_pixel(lat: float, zoom: float) -> float:
    return 40_075_016.7 * math.cos(math.radians(lat)) / (512 * 2 ** zoom)


# Where a town's name may go around its dot, in order of preference: (text anchor, baseline,
# direction). Names of areas (radius 0) go only on their point.
SIDES = (("middle", "bottom", (0, -1)), ("start", "center", (1, 0)), ("end", "center", (-1, 0)),
         ("middle", "top", (0, 1)))
GAP_PX = 3


def place_labels(rows: list[dict], obstacles: list[tuple[list, float]], zoom: float,
                 frame: tuple[float, float, float, float] | None = None) -> list[dict]:
    """The labels that fit at `zoom`, highest priority first, each beside its mark where it
    overlaps no other label and no dot or ring; a label that fits nowhere is left out (its mark
    keeps its tooltip). Sizes are returned in metres, so that the layout scales with the map
    and stays free of overlaps when a viewer zooms in (deck.gl caps the text at 18 px).

    rows: position [lon, lat], text, priority, size (px at `zoom`), radius (of its dot, px).
    frame: the box (view_frame) the first view of the narrowest map shows: no label is cut at
    its edge. A town's name that would be goes on another side of its dot; an area's name is
    moved in from the edge (it names the area, not a point)."""
    def box(x, y, width, height, anchor, baseline):
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        top = {"top": y, "center": y - height / 2, "bottom": y - height}[baseline]
        return left, top, left + width, top + height

    def inside(b, outer):
        return outer[0] <= b[0] and b[2] <= outer[2] and outer[1] <= b[1] and b[3] <= outer[3]

    def free(b, taken):
        return all(b[2] <= o[0] or o[2] <= b[0] or b[3] <= o[1] or o[3] <= b[1] for o in taken)

    inner = None if frame is None else (  # a gap inside the edge, as beside the dots
        frame[0] + GAP_PX, frame[1] + GAP_PX, frame[2] - GAP_PX, frame[3] - GAP_PX)
    marks = []
    for (lon, lat), radius in obstacles:
        x, y = _mercator(lon, lat, zoom)
        marks.append((x - radius, y - radius, x + radius, y + radius))
    placed, taken = [], []
    for row in sorted(rows, key=lambda r: -r["priority"]):
        x, y = _mercator(*row["position"], zoom)
        width, height = display_width(row["text"]) * row["size"], row["size"] * 1.2
        sides = SIDES if row["radius"] else (("middle", "center", (0, 0)),)
        # The marks at the label's own point (its dot, a ring around it) are stepped over.
        own = [m for m in marks if m[0] <= x <= m[2] and m[1] <= y <= m[3]]
        others = [m for m in marks if m not in own]
        step = max((m[2] - x for m in own), default=0) + GAP_PX if row["radius"] else 0
        for anchor, baseline, (dx, dy) in sides:
            ax, ay = x + dx * step, y + dy * step
            candidate = box(ax, ay, width, height, anchor, baseline)
            framed = frame is not None and not free(candidate, [frame])  # at least partly in view
            if framed and not row["radius"]:
                shift_x = max(inner[0] - candidate[0], 0) or min(inner[2] - candidate[2], 0)
                shift_y = max(inner[1] - candidate[1], 0) or min(inner[3] - candidate[3], 0)
                ax, ay = ax + shift_x, ay + shift_y
                candidate = box(ax, ay, width, height, anchor, baseline)
            if framed and not inside(candidate, inner):
                continue
            if free(candidate, taken) and free(candidate, others):
                taken.append(candidate)
                lon, lat = _lonlat(ax, ay, zoom)
                placed.append({"position": [round(lon, 5), round(lat, 5)], "text": row["text"],
                               "anchor": anchor, "baseline": baseline,
                               "size": round(row["size"] * _metres_per_pixel(lat, zoom))})
                break
    return placed


def _lonlat(x: float, y: float, zoom: float) -> tuple[float, float]:
    size = 512 * 2 ** zoom
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return x / size * 360 - 180, lat


# Which label wins where two overlap: a town of the chosen industry, then any industrial town,
# the county seat, other towns, and last the names of Wenzhou's other divisions (context).
PRIORITY = {"match": 100, "industry": 80, "seat": 60, "town": 40, "county": 20}
YONGJIA_ZOOM = 8.5  # Yongjia (0.66° wide, 0.6° tall) fits a 390 px phone; a laptop sees its neighbours too


def _polygons(geometry: dict) -> list:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _counties_layer(counties: dict, url: str | None, fills: dict[str, list], c: dict, lab,
                    name_column: str) -> pdk.Layer:
    """Wenzhou's divisions as filled areas, Yongjia in its colour and each other division in a
    shade of the county colour that no neighbour has (county_fills): from `url` when the browser
    can fetch the same file (the fill then comes from the adcode by expression, and the labels
    name the divisions, so the areas carry no tooltip), else inline with a tooltip each.

    No outlines: deck.gl strokes a GeoJsonLayer with a PathLayer, and in software WebGL
    (SwiftShader: headless Chromium, GPU-less laptops) a frame with Wenzhou's ~8,000 boundary
    segments took 195-304 ms of GPU-process time, 28-47 ms filled only (Chromium traces); every
    filter change draws a frame, and the page waits for it (software compositing reads it back)."""
    if url is not None:
        fill = " : ".join(f"properties.adcode == '{adcode}' ? {colour}" for adcode, colour in fills.items())
        return pdk.Layer("GeoJsonLayer", id="counties", data=url, get_fill_color=f"{fill} : {c['county']}",
                         stroked=False, filled=True, pickable=False)
    features = []
    for f in counties["features"]:
        p = f["properties"]
        props = {"adcode": p["adcode"], "fill": fills[p["adcode"]],
                 "tooltip": _tooltip(p[name_column], lab("kind", p["kind"], "kinds"))}
        features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    return pdk.Layer("GeoJsonLayer", id="counties", data={"type": "FeatureCollection", "features": features},
                     get_fill_color="properties.fill", stroked=False, filled=True, pickable=True)


# The other divisions' fills: the county colour at these opacities, so that neighbours differ
# without outlines (Wenzhou's divisions take all four; a map needing more repeats them).
COUNTY_ALPHAS = (55, 90, 125, 160)
NEIGHBOUR_REACH = 0.01  # degrees (~1 km): closer than this, two divisions share a border


def county_fills(counties: dict, c: dict) -> dict[str, list]:
    """adcode -> fill: Yongjia's colour for Yongjia, for every other division a shade
    (COUNTY_ALPHAS) that none of its neighbours has, as far as four shades allow."""
    near = neighbours(counties)
    others = [a for a in near if a != YONGJIA_ADCODE]  # Yongjia has a colour of its own
    shade: dict[str, int] = {}
    for adcode in sorted(others, key=lambda a: (-len(near[a]), a)):  # the most constrained first
        taken = {shade[b] for b in near[adcode] if b in shade}
        shade[adcode] = next(i for i in itertools.count() if i not in taken)
    return {a: c["yongjia"] if a == YONGJIA_ADCODE
            else _rgba(c["county"], COUNTY_ALPHAS[shade[a] % len(COUNTY_ALPHAS)]) for a in near}


def neighbours(counties: dict, reach: float = NEIGHBOUR_REACH) -> dict[str, set[str]]:
    """adcode -> the adcodes of the divisions it borders: those with a boundary vertex within
    about `reach` degrees of one of its own. The shipped boundaries share their border vertices
    (data/geo/README.md), a data folder's own need not, and islands a strait apart count as
    neighbours too. Grid cells of `reach`, not pairwise distances (~6 ms for Wenzhou)."""
    cells: dict[tuple[int, int], set[str]] = defaultdict(set)
    for f in counties["features"]:
        for poly in _polygons(f["geometry"]):
            for ring in poly:
                for lon, lat in ring:
                    cells[(math.floor(lon / reach), math.floor(lat / reach))].add(f["properties"]["adcode"])
    near: dict[str, set[str]] = {f["properties"]["adcode"]: set() for f in counties["features"]}
    for (i, j), here in cells.items():
        around = set().union(*(cells.get((i + di, j + dj), set()) for di in (-1, 0, 1) for dj in (-1, 0, 1)))
        for adcode in here:
            near[adcode] |= around - {adcode}
    return near


LINK_END_RADIUS = 5  # px
LINKS_MAP_HEIGHT = 520  # px (views/map.py)
# The links map opens on every end at the narrowest width each kind of screen shows it (measured
# in Chromium): a 390 px phone, and a 1024 px window with the sidebar open (1280 px: 820). One
# fit for all left a laptop's map two thirds empty: Streamlit's pydeck chart takes one initial
# view whatever its width, so the page says which screen asked (screen_of).
LINKS_MAP_PX = {"phone": (NARROWEST_MAP_PX[0], LINKS_MAP_HEIGHT), "computer": (564, LINKS_MAP_HEIGHT)}


def screen_of(headers: Mapping[str, str]) -> str:
    """"phone" when the browser's request says it runs on one, else "computer": the client hint
    Sec-CH-UA-Mobile (Chromium sends it over HTTPS), or "Mobi" in the User-Agent (MDN's advice:
    iPhones, Android phones and WeChat's browser say it; tablets and computers do not)."""
    if headers.get("Sec-CH-UA-Mobile") == "?1" or "Mobi" in headers.get("User-Agent", ""):
        return "phone"
    return "computer"


def links_deck(places: pd.DataFrame, links: pd.DataFrame, *, labels: dict, colors: dict,
               map_style: str | None = None, size: tuple[int, int] = LINKS_MAP_PX["phone"]) -> pdk.Deck:
    """Arcs between places (China-wide), opening on all their ends in a map of `size` px.
    links: from_place_id, to_place_id, kind, label (translated). Links with an unplaced end are
    not drawn; list them with unplaced()."""
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
    view = fitted_view(ends, size)
    # The busiest end names itself first (Yongjia), where ends crowd at the country's scale.
    links_at = Counter(tuple(p) for arc in arcs for p in (arc["src"], arc["dst"]))
    label_rows = [{"position": list(p), "text": at[p], "priority": links_at[p], "size": 13,
                   "radius": LINK_END_RADIUS} for p in ends]
    names_placed = place_labels(label_rows, [(p, LINK_END_RADIUS) for p in ends], view.zoom,
                                frame=view_frame(view.longitude, view.latitude, view.zoom, size))
    layers = [
        # Laid flat (tilt 90°): raised arcs seen from straight above ran past their ends
        # (perspective lifts an arc's middle away from the view's centre).
        pdk.Layer("ArcLayer", id="links", data=arcs, get_source_position="src",
                  get_target_position="dst", get_source_color="color", get_target_color="color",
                  get_width=2, get_tilt=90, get_height=0.3, pickable=True),
        pdk.Layer("ScatterplotLayer", id="link-ends", data=points, get_position="position",
                  get_fill_color=c["city"], get_radius=LINK_END_RADIUS, radius_units="'pixels'",
                  pickable=True),
        pdk.Layer("TextLayer", id="link-names", data=names_placed, get_position="position",
                  get_text="text", get_color=c["text"], get_size="size", size_units="'meters'",
                  size_max_pixels=18, character_set="'auto'", font_family="'sans-serif'",
                  get_text_anchor="anchor", get_alignment_baseline="baseline", pickable=False),
    ]
    return _deck(layers, view, map_style)


FIT_PADDING_PX = 40  # around the ends, for their dots and a label beside the outermost
MAX_FIT_ZOOM = 9.0  # one place, or places a town apart


def fitted_view(points: list[tuple[float, float]], size: tuple[int, int]) -> pdk.ViewState:
    """The view that shows every point (lon, lat) in a map of `size` px, centred on them: the
    highest zoom at which their box fits inside the padding. No point: China."""
    if not points:
        return pdk.ViewState(longitude=105.0, latitude=35.0, zoom=3.3, pitch=0, bearing=0)
    xs, ys = zip(*(_mercator(lon, lat, 0) for lon, lat in points))
    spans = (max(xs) - min(xs), max(ys) - min(ys))
    room = [max(side - 2 * FIT_PADDING_PX, 1) for side in size]
    zoom = min([MAX_FIT_ZOOM] + [math.log2(r / span) for r, span in zip(room, spans) if span > 0])
    lon, lat = _lonlat((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, 0)
    return pdk.ViewState(longitude=round(lon, 4), latitude=round(lat, 4),
                         zoom=math.floor(zoom * 100) / 100, pitch=0, bearing=0)


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
