"""The map page's view model (models/map.py), in both languages: decks, legends and tables from the
dataset, the map's files and the filters."""

import json

import pyarrow as pa
import pytest

from dashboard import data, memo, select
from dashboard.i18n import EN, ZH, Translator
from dashboard.models import map as mapview
from dashboard.select import Filters
from tests.fixtures import FIRST_ARTICLE

STRINGS = {"zh": ZH, "en": EN}
LANGS = ["zh", "en"]
URL = "/app/static/wenzhou_counties.geojson"


@pytest.fixture(scope="module")
def ds(first_article):
    """Known rows: the first article's data, frozen (tests/fixtures/first_article)."""
    return first_article


@pytest.fixture(scope="module")
def maps(ds):
    return memo.load_geo(FIRST_ARTICLE, ds)


@pytest.mark.parametrize("lang", LANGS)
def test_map_labels_name_the_language_columns(lang):
    labels = mapview.map_labels(Translator(lang))
    assert labels["name_column"] == f"name_{lang}" and labels["identity_column"] == f"identity_{lang}"
    assert labels["kinds"]["town"] == STRINGS[lang]["kind.town"]
    assert labels["precisions"]["unplaced"] == STRINGS[lang]["precision.unplaced"]


@pytest.mark.parametrize("lang, shangtang", [("zh", "上塘"), ("en", "Shangtang")])
def test_county_map_is_compact_offline_and_in_the_viewers_language(ds, maps, lang, shangtang):
    deck = mapview.county_map(ds, maps, Filters(lang=lang), None, URL)
    text = deck.to_json()
    assert "\n" not in text and shangtang in text
    spec = json.loads(text)
    assert "mapStyle" not in spec or spec["mapStyle"] in (None, "__MAP_STYLE__")
    assert mapview.county_map(ds, maps, Filters(lang=lang), None, URL) is deck  # memoised


@pytest.mark.parametrize("lang", LANGS)
def test_map_tooltips_cite_sources_in_the_records_language_only(ds, maps, lang):
    """A place's source is a record in English (i18n.RECORDS): the Chinese view leaves it out."""
    spec = json.loads(mapview.county_map(ds, maps, Filters(lang=lang), None, URL).to_json())
    tooltips = [r["tooltip"] for layer in spec["layers"] if layer["id"] in ("towns", "entities")
                for r in layer["data"]]
    cited = [t for t in tooltips if f"{STRINGS[lang]['field.source']}: " in t]
    assert tooltips and len(cited) == (len(tooltips) if lang == "en" else 0)


def test_boundaries_go_by_url_only_when_the_served_file_is_the_validated_one(ds, maps):
    def counties_layer(geodata):
        deck = mapview.county_map(ds, geodata, Filters(), None, URL)
        return next(la for la in json.loads(deck.to_json())["layers"] if la["id"] == "counties")

    assert counties_layer(maps)["data"] == URL
    changed = {**maps.counties, "features": maps.counties["features"][:-1]}  # a folder's own file
    other = data.GeoData(changed, maps.places, maps.town_industries)
    assert counties_layer(other)["data"]["type"] == "FeatureCollection"


def test_boundary_layer_is_the_same_for_every_filter(ds, maps):
    """A filter change must not touch the boundaries: deck.gl keeps a layer whose props compare
    equal (the same URL, accessors that are expressions), so it neither refetches nor
    re-tessellates them; a layer that changed with the sector or the language would."""
    def counties_layer(f):
        deck = mapview.county_map(ds, maps, f, None, URL)
        return next(la for la in json.loads(deck.to_json())["layers"] if la["id"] == "counties")

    first = counties_layer(Filters())
    for sector in select.sector_options(ds):
        for year in select.year_options(ds):
            for lang in LANGS:
                assert counties_layer(Filters(sector=sector, year=year, lang=lang)) == first


def test_county_map_highlights_the_chosen_industry(ds, maps):
    def radii(sector):
        spec = json.loads(mapview.county_map(ds, maps, Filters(sector=sector), None, URL).to_json())
        towns = next(layer for layer in spec["layers"] if layer["id"] == "towns")["data"]
        return {t["radius"] for t in towns}

    assert radii("all") == {6} and radii("pumps_valves") == {9, 4}


def test_county_map_marks_the_chosen_industrys_parks_and_projects(ds, maps):
    spec = json.loads(mapview.county_map(ds, maps, Filters(sector="new_energy"), None, URL).to_json())
    rings = next(layer for layer in spec["layers"] if layer["id"] == "entities")["data"]
    marked = [r for r in rings if r["color"][3] == 255]
    assert len(marked) >= 1 and len(marked) < len(rings)
    assert any("BYD" in r["tooltip"] or "比亚迪" in r["tooltip"] for r in marked)


@pytest.mark.parametrize("lang", LANGS)
def test_county_legend_lists_used_industries_then_the_marks(ds, maps, lang):
    rows = mapview.county_legend_rows(ds, maps, Translator(lang))
    assert list(rows["label"][-4:]) == [STRINGS[lang][f"map.legend.{m}"] for m in ("town", "entity",
                                                                                   "yongjia", "county")]
    assert rows["colour"].str.fullmatch(r"#[0-9a-fA-F]{6}").all()
    svg, alt = mapview.county_legend(ds, maps, lang)
    assert svg.startswith("<svg") and alt.startswith(STRINGS[lang]["map.legend"])


@pytest.mark.parametrize("lang", LANGS)
def test_links_and_their_table_and_legend_agree_on_what_is_drawn(ds, maps, lang):
    f = Filters(year=2024, lang=lang)
    links = mapview.links(ds, maps, f)
    assert {"from_id", "to_id", "drawn", "label"} <= set(links.columns)
    table = mapview.link_table(ds, maps, f)
    assert isinstance(table, pa.Table) and table.num_rows == len(links)
    on_map = table.column(STRINGS[lang]["col.on_map"]).to_pylist()
    assert on_map.count("✓") == int(links["drawn"].sum())
    legend = mapview.links_legend_rows(links, Translator(lang))
    assert set(legend["label"]) == {STRINGS[lang][f"relation.{k}"] for k in links.loc[links["drawn"], "kind"]}
    assert legend["colour"].tolist() == [mapview.link_colours(links)[k] for k in
                                         sorted(set(links.loc[links["drawn"], "kind"]))]


def test_links_map_draws_only_drawable_links(ds, maps):
    f = Filters(year=2024)
    spec = json.loads(mapview.links_map(ds, maps, f, None, "phone").to_json())
    arcs = next(layer for layer in spec["layers"] if layer["id"] == "links")["data"]
    assert len(arcs) == int(mapview.links(ds, maps, f)["drawn"].sum())


@pytest.mark.parametrize("lang", LANGS)
def test_place_tables_split_placed_and_unplaced(ds, maps, lang):
    placed, unplaced = mapview.place_tables(ds, maps, lang)
    coordinates = {STRINGS[lang]["col.lat"], STRINGS[lang]["col.lon"]}
    assert coordinates <= set(placed.column_names)
    assert not coordinates & set(unplaced.column_names)
    assert placed.num_rows + unplaced.num_rows == len(maps.places)
    assert STRINGS[lang]["col.licence"] not in unplaced.column_names
    # sources, licences and notes are records in English: in the English view only
    records = {STRINGS[lang][f"col.{c}"] for c in ("source", "licence", "note")}
    assert (records <= set(placed.column_names)) == (lang == "en")
    assert lang == "en" or not records & set(placed.column_names)


def test_a_new_geodata_is_a_new_key(ds, maps):
    """An edited geo file makes a new GeoData: every view built from it is built again."""
    other = data.GeoData(maps.counties, maps.places.copy(), maps.town_industries)
    f = Filters(year=2024)
    assert mapview.link_table(ds, other, f) is not mapview.link_table(ds, maps, f)
    assert mapview.links_legend(ds, other, f) is not mapview.links_legend(ds, maps, f)
