"""Every page in both languages, for every sector and year, through Streamlit's AppTest."""

import json
import re
import threading
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import context, data, memo, select, turns
from dashboard.formatting import figure
from dashboard.i18n import EN, STRINGS, Translator
from dashboard.pages import PAGES
from dashboard.select import Filters
from tests.fixtures import FIRST_ARTICLE, MULTI_SOURCE
from tests.harness import page_named

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
# Known rows: the app runs on the first article's data, frozen (_first_article below); only the
# health check of every page, sector and year reads data/ as it grows.
DS = memo.load(FIRST_ARTICLE)
COMBINATIONS = [(s, y) for s in select.sector_options(DS) for y in select.year_options(DS)]
SHIPPED = memo.load(data.DEFAULT_DATA_DIR)
# Every sector in the newest year and every year for all sectors: the full product (17 sectors
# by 20 years, on 16 pages) would take CI most of an hour, and a sector's rows meet a year's
# only through the same selection these already exercise.
SHIPPED_COMBINATIONS = list(dict.fromkeys(
    [(s, select.year_options(SHIPPED)[0]) for s in select.sector_options(SHIPPED)]
    + [(select.ALL, y) for y in select.year_options(SHIPPED)]))


@pytest.fixture(autouse=True)
def _first_article(monkeypatch):
    """The app reads the frozen first article unless a test points it elsewhere."""
    monkeypatch.setenv(data.DATA_DIR_ENV, str(FIRST_ARTICLE))


def app(name: str, **query) -> AppTest:
    """The app run with the URL query `query`, on the page called `name` ('overview', ...)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    page = page_named(name)
    if page.slug:  # not the default page
        at.switch_page(page.path)
        at.run()
    return at


def chart_frames(at: AppTest) -> list:
    """The data each Vega-Lite chart on the page was sent, as pandas frames."""
    frames = []
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            frames.append(pa.ipc.open_stream(dataset.data.data).read_all().to_pandas())
    return frames


def expected_tiles(f: Filters, theme_filter=None) -> dict[str, str]:
    figures = select.figures(DS, f)
    if theme_filter is not None:
        figures = figures[theme_filter(figures)]
    return {row[f"short_label_{f.lang}"]: figure(row, f.lang) for _, row in figures.iterrows()}


DEFAULT_YEAR = select.default_year(DS)  # the newest year with actual figures
DEFAULT_TILES = len(expected_tiles(Filters("all", DEFAULT_YEAR, "zh")))  # the overview's, by default


def unescape(markdown: str) -> str:
    """Escaped Markdown (escape.plain) as it reads on screen."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_page_renders_for_every_sector_and_year(page, lang, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(data.DEFAULT_DATA_DIR))  # the shipped data
    at = app(page, lang=lang)
    failures = []
    for sector, year in SHIPPED_COMBINATIONS:
        at.session_state["sector"] = sector
        at.session_state["year"] = context.year_choice(year)
        at.run()
        if at.exception:
            failures.append((sector, year, at.exception[0].message))
        if not (at.metric or at.get("vega_lite_chart") or at.info or at.get("arrow_data_frame")
                or at.get("deck_gl_json_chart")):
            failures.append((sector, year, "blank page"))
    assert failures == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sector, year", COMBINATIONS)
def test_overview_tiles_show_the_csv_values(lang, sector, year):
    at = app("overview", lang=lang, sector=sector, year=str(context.year_choice(year)))
    shown = {unescape(m.label): unescape(m.value) for m in at.metric}
    assert shown == expected_tiles(Filters(sector, year, lang))
    if sector == "all" and year == 2024:
        assert len(shown) >= 15


def test_overview_tiles_match_the_raw_csv():
    """Independent of the app's own code: every 2024 tile's number is the CSV's number (the
    article's, unless another source's row replaces it)."""
    at = app("overview", lang="zh", year="2024")
    by_label = {unescape(m.label): unescape(m.value) for m in at.metric}
    indicators = {r["indicator_id"]: r for r in _csv("indicators.csv")}
    periods = {r["period_id"]: r for r in _csv("periods.csv")}
    checked = 0
    observations = _csv("observations.csv")
    replaced = {(r["indicator_id"], r["period_id"], r.get("supersedes")) for r in observations}
    for row in observations:
        if (periods[row["period_id"]]["year"] not in ("2024", "") or row["source_id"] != "yongjia_2024"
                or (row["indicator_id"], row["period_id"], row["source_id"]) in replaced):
            continue
        tile = by_label[indicators[row["indicator_id"]]["short_label_zh"]]
        if row["value_as_printed"] and re.search(r"\d", row["value_as_printed"]):
            assert row["value_as_printed"] in tile or tile.endswith(row["value_as_printed"])
            checked += 1
    assert checked >= 20


def _csv(name: str) -> list[dict]:
    import csv
    return list(csv.DictReader((FIRST_ARTICLE / name).open(encoding="utf-8")))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_opens_with_the_headline_band(lang):
    at = app("overview", lang=lang)
    headlines = select.headline_figures(DS, Filters(year=2024, lang=lang))
    first = [unescape(m.label) for m in at.metric[:len(headlines)]]
    assert first == list(headlines[f"short_label_{lang}"])
    labels = [unescape(m.label) for m in at.metric]
    assert len(labels) == len(set(labels))  # a headline is not shown again under its theme
    badges = [m for m in at.markdown if m.value.startswith(":orange-badge[")]
    tiangong = next(b for b in badges if any(n in unescape(b.value) for n in ("天工鼎", "Tiangong Ding")))
    assert "2024年，温州永嘉首次获得全省制造业领域最高荣誉“天工鼎”" in unescape(tiangong.help)


def test_tile_help_carries_the_source_sentence():
    at = app("overview", lang="zh", year="2024")
    tile = next(m for m in at.metric if unescape(m.label) == "新增高新技术企业")
    assert "新增高新技术企业52家" in unescape(tile.proto.help)


def test_order_of_magnitude_goal_is_short_and_explained():
    at = app("overview", lang="en")
    tile = next(m for m in at.metric if unescape(m.label) == "Wenzhou GDP goal")
    assert unescape(tile.value) == "~CNY 1 trillion"  # fits a phone-wide tile
    assert "~ means on the order of (printed: 万亿级)" in unescape(tile.proto.help)


def test_delta_against_the_derived_earlier_stock():
    at = app("overview", lang="en", year="2024")
    tile = next(m for m in at.metric if unescape(m.label) == '"Little giants" in all')
    assert unescape(tile.value) == "18 firms" and tile.proto.delta == "+3"


@pytest.mark.parametrize("sector", ["all", "enterprises", "pumps_valves"])
def test_industry_charts_hold_the_filtered_data(sector):
    at = app("industry", lang="en", sector=sector, year="2024")
    figures = select.figures(DS, Filters(sector, 2024, "en"))
    echelon = figures[(figures["theme_id"] == "enterprises") & figures["measure"].isin(["flow", "stock"])]
    frames = chart_frames(at)
    echelon_frames = [f for f in frames if "group" in f.columns]
    if echelon.empty:
        assert echelon_frames == []
    else:
        assert list(echelon_frames[0]["label"]) == list(echelon["label_en"])
        assert list(echelon_frames[0]["value"]) == list(echelon["value"].astype(float))
    graph = at.get("graphviz_chart")[0].proto.spec
    assert graph.startswith("digraph") and r"Pumps &\nvalves" in graph  # wrapped in its node


def test_talent_pyramid_lists_each_tier():
    at = app("talent", lang="zh", year="2024")
    pyramid = next(f for f in chart_frames(at) if "tier" in f.columns)
    assert list(pyramid["tier"]) == ["top", "middle", "base"]
    assert "博士 10位" in pyramid.loc[0, "text"] and "1000多名" in pyramid.loc[2, "text"]


def test_map_deck_has_no_basemap_and_text_tooltips():
    at = app("map", lang="zh")
    decks = list(at.get("deck_gl_json_chart"))
    at.session_state["map_view"] = "links"
    at.run()
    decks += list(at.get("deck_gl_json_chart"))
    assert len(decks) == 2  # one map per view: only the visible one is drawn
    for deck in decks:
        spec = json.loads(deck.proto.json)
        assert spec.get("mapStyle") in (None, "__MAP_STYLE__")
        assert spec.get("mapProvider") in (None, "")
        assert "html" not in json.loads(deck.proto.tooltip or "{}")


def legend_texts(image) -> list[str]:
    import base64
    import xml.etree.ElementTree as ET

    svg = base64.b64decode(image.proto.imgs[0].url.split(",", 1)[1]).decode()
    return [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]


def test_each_map_view_has_a_legend_of_what_it_draws():
    at = app("map", lang="en", year="2024")
    county = legend_texts(at.get("image")[0])
    assert county[0] == "Legend" and "Pumps & valves" in county and "Yongjia County" in county
    at.session_state["map_view"] = "links"
    at.run()
    links = legend_texts(at.get("image")[0])[1:]
    assert links and set(links) == {EN[f"relation.{kind}"] for kind in relation_kinds_drawn()}
    assert EN["relation.joint_upgrade"] not in links  # its institute has no coordinates


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_links_none_of_which_can_be_drawn_are_told_not_drawn_blank(lang):
    """Pumps & valves has one outward link, to an institute with no coordinates: a notice and
    the table, not an empty map with an empty legend."""
    at = app("map", lang=lang, sector="pumps_valves")
    at.session_state["map_view"] = "links"
    at.run()
    assert not at.exception
    assert not list(at.get("deck_gl_json_chart")) and not list(at.get("image"))
    assert STRINGS[lang]["map.links.none_drawn"] in [n.value for n in at.info]
    assert len(at.dataframe) == 1


def relation_kinds_drawn() -> set[str]:
    """Kinds of relation in the default view with both ends on the map."""
    from dashboard import geo

    relations = select.relations(memo.load(), Filters(year=2024))
    links = geo.relation_links(relations, memo.load_geo().places, labels=relations["kind"])
    return set(links.loc[links["drawn"], "kind"])


def test_sources_page_downloads_and_coverage():
    at = app("sources", lang="en")
    assert not at.exception
    coverage = next(m for m in at.metric if "covered" in m.label)
    assert coverage.value == "100%"
    assert len(at.get("download_button")) == 3


@pytest.mark.parametrize("query", [
    {"sector": "<script>alert(1)</script>", "year": "abc", "lang": "xx"},
    {"sector": "x" * 10000, "year": "2024.5", "unknown": "1"},
    {"year": "-1", "lang": "EN"},
])
def test_unknown_or_malformed_link_values_fall_back_to_defaults(query):
    at = app("overview", **query)
    assert not at.exception
    assert at.session_state["sector"] == "all" and at.session_state["year"] == DEFAULT_YEAR
    assert at.session_state["lang"] == "zh"
    assert len(at.metric) == DEFAULT_TILES


def test_link_values_are_applied():
    at = app("overview", sector="talent", year="2024", lang="en")
    assert (at.session_state["sector"], at.session_state["year"], at.session_state["lang"]) == (
        "talent", 2024, "en")
    assert {unescape(m.label) for m in at.metric} == set(expected_tiles(Filters("talent", 2024, "en")))


def test_invalid_data_shows_the_validator_messages(first_article_copy, monkeypatch):
    (first_article_copy / "honours.csv").unlink()
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(first_article_copy))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error and "validation" in at.error[0].value.lower() or "校验" in at.error[0].value


def test_broken_save_keeps_serving_the_last_valid_data(first_article_copy, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(first_article_copy))
    at = AppTest.from_file(APP, default_timeout=60).run()
    tiles = {m.label: m.value for m in at.metric}
    assert tiles and not at.warning

    observations = first_article_copy / "observations.csv"
    good = observations.read_bytes()
    observations.write_bytes(good.replace(b"2024_jan_nov,2138,", b"2024_jan_nov,21x8,"))  # a typo
    before = observations.read_bytes()
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == tiles  # the last valid figures
    assert "observations.csv:23 column value" in unescape(at.warning[0].value)
    assert observations.read_bytes() == before  # the app never writes to data/

    observations.write_bytes(good + b"\n")  # fixed (and saved again)
    at.run()
    assert not at.warning  # the notice is gone
    assert {m.label: m.value for m in at.metric} == tiles


def test_missing_geo_files_only_take_down_the_map(first_article_copy, monkeypatch):
    (first_article_copy / "geo" / "places.csv").unlink()
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(first_article_copy))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and len(at.metric) == DEFAULT_TILES
    at.switch_page(page_named("map").path)
    at.run()
    assert not at.exception
    assert "places.csv" in at.dataframe[0].value.to_string()


def test_basemap_is_opt_in(monkeypatch):
    at = app("map", lang="en")
    assert all("mapStyle" not in json.loads(d.proto.json) or json.loads(d.proto.json)["mapStyle"]
               == "__MAP_STYLE__" for d in at.get("deck_gl_json_chart"))
    monkeypatch.setenv("DASHBOARD_MAP_STYLE", "/app/static/style.json")
    at = app("map", lang="en")
    assert {json.loads(d.proto.json)["mapStyle"] for d in at.get("deck_gl_json_chart")} == {
        "/app/static/style.json"}
    assert "GCJ-02" in at.info[0].value


def test_invalid_geo_file_is_explained_on_the_map_page_only(first_article_copy, monkeypatch):
    places = first_article_copy / "geo" / "places.csv"
    good = places.read_text(encoding="utf-8")
    places.write_text(good.replace(",28.15541,", ",281.5541,", 1), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(first_article_copy))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and len(at.metric) == DEFAULT_TILES  # the overview is unaffected
    at.switch_page(page_named("map").path)
    at.run()
    assert not at.exception and not at.get("deck_gl_json_chart")
    assert "281.5541" in at.dataframe[0].value.to_string()

    places.write_text(good, encoding="utf-8")  # fixed: the next run draws the map again
    at.run()
    assert not at.exception and len(at.get("deck_gl_json_chart")) == 1


def test_place_tables_are_a_view_of_their_own():
    """The map views draw no place table (they cost ~1 s of a first load in the browser) and
    point to the view that has them; that view has both tables and no map."""
    at = app("map", lang="en")
    assert len(at.get("deck_gl_json_chart")) == 1 and not at.dataframe
    assert any(EN["map.places"] in c.value for c in at.caption)
    at.session_state["map_view"] = "places"
    at.run()
    assert not at.exception and not at.get("deck_gl_json_chart") and len(at.dataframe) == 2
    assert [h.value for h in at.subheader] == [EN["map.placed"], EN["map.unplaced"]]


def test_unplaced_places_are_listed_without_empty_coordinate_columns():
    at = app("map", lang="en")
    at.session_state["map_view"] = "places"
    at.run()
    placed, unplaced = (frame.value for frame in at.dataframe[:2])
    assert {"lat", "lon"} <= set(placed.columns) and placed["lat"].notna().all()
    assert not {"lat", "lon"} & set(unplaced.columns)
    assert "Dongcheng Subdistrict" in set(unplaced.iloc[:, 0])


# --- many sources and years: the synthetic fixture tests/fixtures/multi_source ---------------


@pytest.fixture
def multi(monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(MULTI_SOURCE))
    return memo.load(MULTI_SOURCE)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_every_page_renders_for_every_year_of_two_sources(multi, page, lang):
    years = select.year_options(multi)
    assert years == [2025, 2024, 2023, None]
    at = app(page, lang=lang)
    assert at.session_state["year"] == 2025  # the newest year by default
    failures = []
    for year in years:
        at.session_state["year"] = context.year_choice(year)
        at.run()
        if at.exception:
            failures.append((year, at.exception[0].message))
        elif not (at.metric or at.get("vega_lite_chart") or at.info or at.get("arrow_data_frame")
                  or at.get("deck_gl_json_chart")):
            failures.append((year, "blank page"))
    assert failures == []


def test_the_year_filter_offers_the_years_with_data_and_all_years(multi):
    at = app("overview", lang="en", year="all")
    assert at.session_state["year"] == context.ALL_YEARS
    tiles = {unescape(m.label): unescape(m.value) for m in at.metric}  # each one's latest figure
    assert (tiles["New young talents"], tiles["New tech-based SMEs"]) == ("620 people", "212 firms")
    assert at.selectbox(key="year").options == ["2025", "2024", "2023", "All years"]
    assert at.query_params["year"] == "all"
    at.session_state["year"] = 2025  # the default: left out of the link
    at.run()
    assert "year" not in at.query_params


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_figure_in_another_unit_gets_a_table_not_a_place_on_a_count_axis(multi, lang):
    at = app("industry", lang=lang, year="2024")
    tr = Translator(lang)
    titles = ["".join(json.loads(c.proto.spec)["title"]["text"]).replace(" ", "")  # wrapped lines
              for c in at.get("vega_lite_chart")]
    # 家 and 个 charts, each titled with its unit; the fixture's CNY 100 million revenue is in neither
    assert titles[:2] == [t.replace(" ", "") for t in (
        [tr("chart.title.unit", title=tr("industry.echelon.title"), unit="家"),
         tr("chart.title.unit", title=tr("industry.digital.title"), unit="个")] if lang == "zh" else
        [tr("chart.title.unit", title=tr("industry.echelon.title"), unit="firms"),
         tr("industry.digital.title")])]
    assert tr("chart.other_units") in [c.value for c in at.caption]
    other = [d.value for d in at.dataframe if tr("col.indicator") in d.value.columns]
    assert [list(frame[tr("col.indicator")]) for frame in other][0] == [
        "数字经济核心产业营收" if lang == "zh" else "Core digital-economy revenue"]


def test_tiles_show_like_for_like_deltas_trends_and_both_sources(multi):
    at = app("overview", lang="en", year="2025")
    tiles = {unescape(m.label): m for m in at.metric}
    young = tiles["New young talents"]
    assert unescape(young.value) == "620 people" and young.proto.delta == "+80"
    assert unescape(young.proto.delta_description) == "vs Jan–Apr 2024"  # not Jan–Nov 2024
    assert list(young.proto.chart_data) == [540, 620]
    pumps = tiles["Pump & valve tech needs"]  # 目前 on 20 May 2025: nothing like it before
    assert unescape(pumps.value) == "25 needs" and not pumps.proto.delta and not pumps.proto.chart_data
    at = app("overview", lang="en", year="2024")
    tiles = {unescape(m.label): m for m in at.metric}
    high_tech = tiles["New high-tech firms"]
    assert high_tech.proto.delta == "+7" and unescape(high_tech.proto.delta_description) == "vs 2023"
    also = "Also reported in 《创新简报（测试用）》 (2025-05-20): 2024年，永嘉新增高新技术企业52家"
    assert also in unescape(high_tech.proto.help)
    tech = tiles["New tech-based SMEs"]
    assert unescape(tech.value) == "212 firms"
    assert "Earlier reported 210家 by 《永嘉：拥江融入，攀高逐“新”》 (undated); replaced because" in unescape(
        tech.proto.help)
    assert unescape(tiles["Core digital revenue"].value) == "passed CNY 5 billion for the first time"


class CountingTurn:
    """The turn, counting who took it and who gave it back."""

    def __init__(self, turn):
        self.turn, self.taken, self.given_back = turn, 0, 0

    def acquire(self, timeout=None):
        self.taken += 1
        return self.turn.acquire(timeout=timeout)

    def release(self):
        self.given_back += 1
        self.turn.release()


@pytest.mark.parametrize("page", ["overview", "map"])
def test_every_run_of_the_app_takes_its_turn_and_hands_it_on(page, monkeypatch):
    counting = CountingTurn(threading.Semaphore(1))
    monkeypatch.setattr(turns, "_TURN", counting)
    at = app(page, lang="en")  # one run, and one more to switch to a page other than the first
    at.session_state["sector"] = select.sector_options(DS)[1]
    at.run()  # a sector change
    assert not at.exception
    runs = 2 if page == "overview" else 3
    assert counting.taken == counting.given_back == runs
