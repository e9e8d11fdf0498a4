"""The map page's view model: the dataset, the map's files (GeoData) and the filters in; decks,
legends and tables out. geo.py draws (pydeck, no Streamlit); this module decides what to draw
and in which words and colours. No Streamlit here.

Everything built per view is memoised with `per_dataset`, keyed by its arguments, the GeoData
among them: an edited geo file makes a new GeoData, so every table, legend and deck follows it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa

from dashboard import charts, geo
from dashboard.data import Dataset, GeoData, per_dataset
from dashboard.i18n import Translator
from dashboard.labels import sector_label
from dashboard.models.registry import View, prebuilt
from dashboard.schema import PLACE_KINDS, PRECISIONS
from dashboard.select import Filters, industries, relations
from dashboard.tables import arrow, entity_names

# The map's own marks, from the same palette as the charts; the 3+3 industries take its first six.
MAP_COLOURS = {"yongjia": [*charts.hex_to_rgb(charts.PALETTE[6]), 120],
               "county": [*charts.hex_to_rgb(charts.MUTED), 90],
               "town": charts.hex_to_rgb("#777777"), "entity": charts.hex_to_rgb(charts.PALETTE[7])}
LEGEND_COLUMNS = ["label", "colour", "shape"]
# The boundaries as a file the browser fetches once (server.enableStaticServing serves
# dashboard/static/ at <base URL>/app/static/). `make geo` writes it beside data/geo/'s copy.
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
BOUNDARIES_FILE = "wenzhou_counties.geojson"


def _mapped(view: View) -> list[tuple]:
    """(ds, maps, f) for the map page's views, when the map's files are valid (models.prebuild)."""
    return [] if view.maps is None else [(view.ds, view.maps, view.f)]


def _linked(view: View) -> list[tuple]:
    """(ds, maps, f) for the views of the links the filters leave, when there are any."""
    return [m for m in _mapped(view) if not links(*m).empty]


def map_labels(tr: Translator) -> dict:
    """The words geo.py's decks need: which name columns to show, tooltip fields, coded values."""
    fields = ("kind", "identity", "entities", "precision") + ("source",) * tr.reads_records
    return {"name_column": tr.column("name"), "identity_column": tr.column("identity"),
            **{k: tr(f"field.{k}") for k in fields},
            "kinds": {k: tr(f"kind.{k}") for k in PLACE_KINDS},
            "precisions": {p: tr(f"precision.{p}") for p in PRECISIONS}}


def industry_colours(ds: Dataset) -> dict[str, str]:
    return charts.sector_colours(list(industries(ds)["sector_id"]))


def compact(deck):
    """The deck with its JSON made once, compact: Streamlit calls deck.to_json() on every rerun
    (~300 ms for Wenzhou's boundaries), and pydeck indents it (five times the bytes)."""
    text = json.dumps(json.loads(deck.to_json()), separators=(",", ":"), ensure_ascii=False)
    deck.to_json = lambda: text
    return deck


# --- Wenzhou and Yongjia -------------------------------------------------------------------------


@prebuilt(lambda v: [(v.ds, v.maps, v.static_url) for _ in _mapped(v)])
@per_dataset
def boundaries_url(ds: Dataset, maps: GeoData, static_url: str) -> str | None:
    """`static_url` (where the server serves STATIC_DIR's boundary file) when that file holds
    exactly the validated boundaries, else None: a data folder with boundaries of its own gets
    them inline. Read once per GeoData: reading and comparing the file took ~24 ms."""
    served = STATIC_DIR / BOUNDARIES_FILE
    try:
        same = json.loads(served.read_text(encoding="utf-8")) == maps.counties
    except (OSError, ValueError):
        same = False
    return static_url if same else None


@prebuilt(lambda v: [(v.ds, v.maps) for _ in _mapped(v)])
@per_dataset
def county_fills(ds: Dataset, maps: GeoData) -> dict[str, list]:
    """geo.county_fills for the map's colours: the same for every filter, so once per GeoData."""
    return geo.county_fills(maps.counties, {**geo.DEFAULT_COLORS, **MAP_COLOURS})


def sector_entities(ds: Dataset, sector: str) -> frozenset[str]:
    """The entities sector_links ties to one of the 3+3 industries."""
    links = ds.sector_links
    return frozenset(links.loc[links["sector_id"] == sector, "subject_id"])


@prebuilt(lambda v: [(*m, v.map_style, v.static_url) for m in _mapped(v)])
@per_dataset
def county_map(ds: Dataset, maps: GeoData, f: Filters, map_style: str | None, static_url: str):
    """Yongjia and Wenzhou's other divisions, Yongjia's towns by industry; the chosen industry's
    towns, parks and projects highlighted. `static_url`: where the browser fetches the
    boundaries file (see boundaries_url)."""
    colours = {**MAP_COLOURS,
               "sectors": {s: charts.hex_to_rgb(c) for s, c in industry_colours(ds).items()}}
    focus = f.sector if f.sector in industry_colours(ds) else None
    return compact(geo.county_deck(
        maps.counties, maps.places, maps.town_industries, labels=map_labels(Translator(f.lang)),
        highlight_sector=focus, highlight_entities=sector_entities(ds, focus) if focus else frozenset(),
        colors=colours, counties_url=boundaries_url(ds, maps, static_url),
        fills=county_fills(ds, maps), map_style=map_style))


def county_legend_rows(ds: Dataset, maps: GeoData, tr: Translator) -> pd.DataFrame:
    """Legend rows: the industries that colour a town, then the other marks."""
    used = set(maps.town_industries["sector_id"])
    rows = [(sector_label(ds, s, tr), c, "circle") for s, c in industry_colours(ds).items() if s in used]
    rows += [(tr(f"map.legend.{mark}"), charts.rgb_to_hex(MAP_COLOURS[mark]), shape)
             for mark, shape in (("town", "circle"), ("entity", "ring"), ("yongjia", "circle"),
                                 ("county", "circle"))]
    return pd.DataFrame(rows, columns=LEGEND_COLUMNS)


def legend_image(rows: pd.DataFrame, tr: Translator) -> tuple[str, str]:
    """A legend as an SVG image, and the same as text (the image's alt)."""
    return (charts.legend_svg(rows, title=tr("map.legend")),
            f"{tr('map.legend')}: " + " · ".join(rows["label"]))


@prebuilt(lambda v: [(v.ds, v.maps, v.f.lang) for _ in _mapped(v)])
@per_dataset
def county_legend(ds: Dataset, maps: GeoData, lang: str) -> tuple[str, str]:
    tr = Translator(lang)
    return legend_image(county_legend_rows(ds, maps, tr), tr)


# --- outward links -------------------------------------------------------------------------------


def links_frame(relations: pd.DataFrame, maps: GeoData, tr: Translator) -> pd.DataFrame:
    """relations.csv rows as links between places (geo.relation_links), with their entities."""
    links = geo.relation_links(relations, maps.places,
                               labels=pd.Series([tr(f"relation.{k}") for k in relations["kind"]]))
    return links.assign(from_id=relations["from_id"].to_numpy(), to_id=relations["to_id"].to_numpy())


@prebuilt(_mapped)
@per_dataset
def links(ds: Dataset, maps: GeoData, f: Filters) -> pd.DataFrame:
    return links_frame(relations(ds, f), maps, Translator(f.lang))


def link_colours(links: pd.DataFrame) -> dict[str, str]:
    """A colour per kind of link in view, in a fixed order."""
    return dict(zip(sorted(set(links["kind"])), charts.PALETTE))


@prebuilt(lambda v: [(*m, v.map_style, s) for m in _linked(v) for s in geo.LINKS_MAP_PX])
@per_dataset
def links_map(ds: Dataset, maps: GeoData, f: Filters, map_style: str | None, screen: str):
    """The links deck, opening on its ends as `screen` ("phone", "computer": geo.screen_of) shows it."""
    shown = links(ds, maps, f)
    colours = {"links": {k: charts.hex_to_rgb(c) for k, c in link_colours(shown).items()}}
    return compact(geo.links_deck(maps.places, shown, labels=map_labels(Translator(f.lang)),
                                  colors=colours, map_style=map_style, size=geo.LINKS_MAP_PX[screen]))


def links_legend_rows(links: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """A line per kind of link that is drawn."""
    drawn = set(links.loc[links["drawn"], "kind"])
    return pd.DataFrame([(tr(f"relation.{kind}"), colour, "line")
                         for kind, colour in link_colours(links).items() if kind in drawn],
                        columns=LEGEND_COLUMNS)


@prebuilt(_linked)
@per_dataset
def links_legend(ds: Dataset, maps: GeoData, f: Filters) -> tuple[str, str]:
    tr = Translator(f.lang)
    return legend_image(links_legend_rows(links(ds, maps, f), tr), tr)


def link_table_frame(links: pd.DataFrame, ds: Dataset, tr: Translator) -> pd.DataFrame:
    return pd.DataFrame({
        tr("col.partner"): (entity_names(ds, links["from_id"], tr) + " → "
                            + entity_names(ds, links["to_id"], tr)),
        tr("col.kind"): links["label"],
        tr("col.on_map"): ["✓" if drawn else tr("map.links.unplaced") for drawn in links["drawn"]],
    })


@prebuilt(_linked)
@per_dataset
def link_table(ds: Dataset, maps: GeoData, f: Filters) -> pa.Table:
    return arrow(link_table_frame(links(ds, maps, f), ds, Translator(f.lang)))


# --- where each place is -------------------------------------------------------------------------


def place_frame(places: pd.DataFrame, tr: Translator, *, placed: bool = True) -> pd.DataFrame:
    """Places with their coordinates and sources; unplaced ones (`placed=False`) have neither,
    so those columns are left out rather than shown empty. Sources, licences and notes are
    records (i18n.RECORDS), in the views of their language only."""
    table = pd.DataFrame({
        tr("col.name"): tr.of(places, "name"),
        tr("col.type"): [tr(f"kind.{k}") if k else "" for k in places["kind"]],
        tr("col.precision"): [tr(f"precision.{p}") for p in places["precision"]],
        tr("col.lat"): places["lat"], tr("col.lon"): places["lon"],
        **({tr("col.source"): places["source"], tr("col.licence"): places["licence"],
            tr("col.note"): places["note"]} if tr.reads_records else {}),
    })
    return table if placed else table.drop(columns=[tr("col.lat"), tr("col.lon"), tr("col.licence")],
                                           errors="ignore")


@prebuilt(lambda v: [(v.ds, v.maps, v.f.lang) for _ in _mapped(v)])
@per_dataset
def place_tables(ds: Dataset, maps: GeoData, lang: str) -> tuple[pa.Table, pa.Table]:
    """(the places on the map, the places that could not be placed)."""
    tr, places = Translator(lang), maps.places
    return (arrow(place_frame(places[places["lat"].notna()], tr)),
            arrow(place_frame(geo.unplaced(places), tr, placed=False)))

