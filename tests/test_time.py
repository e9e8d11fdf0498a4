"""Time on every page (issue 28 item 4): the year options, the series builder (gaps, estimates,
targets, parts of a year), the trend chart and the indicator page, on made-up decades
(tests/fixtures/time_series)."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, data, labels, memo, select, series, tables
from dashboard.escape import plain
from dashboard.i18n import Translator
from dashboard.models import indicator, innovation, overview, talent, trends
from dashboard.select import Filters
from tests.fixtures import TIME_SERIES

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def ds():
    return memo.load(TIME_SERIES)


def gdp_years(ds, lang="en"):
    charts_ = series.series_charts(select.trends(ds, Filters(lang=lang)), ds, Translator(lang))
    return {c.title: c for c in charts_ if c.indicator_id == "gdp"}


def test_year_options_list_every_year_with_figures_newest_first(ds):
    assert select.year_options(ds) == [2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2015, 2010,
                                       2005, 2002, None]


def test_an_empty_year_is_not_offered_and_a_year_of_targets_alone_is_not_the_default(ds, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(TIME_SERIES, folder)
    with (folder / "periods.csv").open("a", encoding="utf-8") as f:
        f.write("2030,year,2030-01-01,2030-12-31,2030,2030年,2030,,,\n"
                "2027,year,2027-01-01,2027-12-31,2027,2027年,2027,,,\n")
    with (folder / "observations.csv").open("a", encoding="utf-8") as f:
        f.write("gdp,2027,600,600亿元,exact,reported,,synthetic_plan,2025年全县生产总值力争达到600亿元,,,,target\n")
    grown = memo.load(folder)
    assert 2030 not in select.year_options(grown)  # a period without rows
    assert select.year_options(grown)[:2] == [2027, 2025]  # listed, newest first
    assert select.default_year(grown) == 2025  # opens on the newest year with actual figures
    assert select.default_year(ds) == 2025


def test_gaps_break_the_line_and_only_actuals_are_joined(ds):
    gdp = gdp_years(ds)["GDP (× CNY 100 million)"]
    points = gdp.points.set_index("date")
    assert list(points["basis"]) == ["actual"] * 8 + ["estimate", "actual", "target"]
    # 2002, 2005, 2010, 2015 apart; 2018-2021 one piece; 2023 alone (2022 only estimated)
    assert list(points["segment"]) == [0, 1, 2, 3, 4, 4, 4, 4, -1, 5, -1]
    assert points.loc["2021-12-31", "value"] == 460  # the actual that superseded the estimate
    en = Translator("en")
    assert points.loc["2022-12-31", "basis_label"] == en("basis.estimate")
    assert points.loc["2025-12-31", "basis_label"] == en("basis.target")
    assert gdp.long  # 2002-2025: the page's width


def test_parts_of_a_year_are_a_series_of_their_own(ds):
    titles = gdp_years(ds)
    assert set(titles) == {"GDP (× CNY 100 million)", "GDP (× CNY 100 million), Jan–Sep"}
    jan_sep = titles["GDP (× CNY 100 million), Jan–Sep"].points
    assert list(jan_sep["period"]) == ["Jan–Sep 2022", "Jan–Sep 2023"] and not titles[
        "GDP (× CNY 100 million), Jan–Sep"].long
    assert "地区生产总值（亿元）·1—9月" in gdp_years(ds, "zh")


def test_each_point_names_its_source_flags_and_sentence(ds):
    points = gdp_years(ds, "zh")["地区生产总值（亿元）"].points.set_index("date")
    assert points.loc["2002-12-31", "source"] == (
        "《经济年表（测试用）》（2023-11-01）〔二手资料（百科）；节选〕")
    assert points.loc["2002-12-31", "quote"] == "2002年全县生产总值80亿元"
    assert points.loc["2023-12-31", "source"] == "《工作报告（测试用）》（2024-02-01）"


def test_a_subdistrict_s_series_names_its_area(ds):
    (oubei,) = [c for c in series.series_charts(select.trends(ds, Filters(lang="zh")), ds, Translator("zh"))
                if c.indicator_id == "oubei_industrial_output"]
    assert oubei.title == "瓯北街道：工业产值（亿元）"
    assert list(oubei.points["segment"]) == [0, 1]  # 2019 and 2021: 2020 is missing


def test_segments_and_steps():
    assert series.segments([2018, 2019, 2021, 2022], 1) == [0, 0, 1, 1]
    assert series.segments([2010, 2015, 2020], series.step_years("multi_year:5")) == [0, 0, 0]
    assert series.segments([], 1) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_trend_chart_is_on_a_time_axis_with_its_bases_apart(ds, lang):
    tr = Translator(lang)
    long, short, _, undrawn = trends.trend_charts(ds, Filters(lang=lang))
    assert [i for i, _ in long] == ["gdp"]  # the decades first, the page's width
    spec, _ = long[0][1]
    layers = spec["layer"]
    line, points = layers[0], layers[1]
    assert line["encoding"]["x"]["type"] == "temporal" and line["encoding"]["x"]["timeUnit"] == "utcyear"
    assert line["transform"] == [{"filter": "datum.basis == 'actual'"}]
    assert line["encoding"]["detail"]["field"] == "segment"
    assert points["encoding"]["shape"]["scale"]["range"] == ["circle", "circle", "diamond"]
    assert points["encoding"]["fill"]["scale"]["range"] == [charts.PALETTE[0], "#FFFFFF", "#FFFFFF"]
    assert points["encoding"]["shape"]["scale"]["domain"] == series.basis_labels(tr)
    assert points["encoding"]["shape"]["legend"] is not None  # estimates and targets are here
    frame = gdp_years(ds, lang)
    chart = charts.trend_chart(next(iter(frame.values())).points, title="T", source="S",
                               basis_labels=series.basis_labels(tr),
                               fields={k: k for k in ("period", "shown", "basis_label", "source", "quote")},
                               long=True, labelled=False)
    chart.to_dict(validate=True)


def test_a_series_of_actuals_alone_has_no_legend(ds):
    points = pd.DataFrame({"date": ["2023-12-31", "2024-12-31"], "period": ["2023", "2024"],
                           "value": [1.0, 2.0], "shown": ["1", "2"], "basis": ["actual"] * 2,
                           "basis_label": ["Actual"] * 2, "segment": [0, 0], "source": ["S"] * 2,
                           "quote": ["Q"] * 2})
    spec = charts.trend_chart(points, title="T", source="S", basis_labels=["Actual", "Estimate", "Target"],
                              fields={k: k for k in ("period", "shown", "basis_label", "source", "quote")}
                              ).to_dict(validate=True)
    assert spec["layer"][1]["encoding"]["shape"]["legend"] is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_indicator_view_holds_every_source_and_what_was_superseded(ds, lang):
    tr = Translator(lang)
    view = indicator.indicator_view(ds, "gdp", lang)
    table = view.table.to_pandas()
    assert len(table) == 14  # every row of observations.csv for gdp, the superseded estimate too
    status = table[tr("col.figure_status")]
    reason = "work report's actual" if lang == "en" else tr("reason.in_english")  # a record: English
    superseded = status[status.str.contains(reason, regex=False)]
    assert len(superseded) == 1 and "工作报告（测试用）" in superseded.iloc[0]
    assert "二手" in labels.source_reference(ds, "synthetic_decades", Translator("zh"))  # its caveats
    assert len(view.charts) == 2  # the years and Jan–Sep, apart
    assert set(table[tr("col.primacy")]) == {tr("primacy.secondary"), tr("primacy.primary")}
    assert tr("basis.target") in set(table[tr("col.basis")])
    data = indicator.download(ds, "gdp", "zh")
    csv = data.decode("utf-8-sig").splitlines()
    assert data.startswith(b"\xef\xbb\xbf") and csv[0].startswith("indicator_id,period_id")
    assert "source_primacy" in csv[0] and len(csv) == 15
    assert plain(tr("indicator.fact.area", area=tr("indicator.county"))) in view.facts


def test_the_indicator_view_of_a_subdistrict_and_of_no_such_id(ds):
    view = indicator.indicator_view(ds, "oubei_industrial_output", "en")
    assert view.title == "Oubei Subdistrict: Oubei industrial output"
    assert plain("Area: Oubei Subdistrict") in view.facts
    assert indicator.indicator_view(ds, "no_such_indicator", "en") is None
    ids, names = indicator.indicator_options(ds, "en")
    headlines = ds.indicators.dropna(subset=["headline"]).sort_values("headline", kind="stable")
    first = next(i for i in headlines["indicator_id"] if i in set(ds.observations["indicator_id"]))
    assert ids[0] == first  # the page opens on the first headline
    assert names["oubei_industrial_output"] == view.title


def test_the_indicator_page_opens_from_its_link_and_says_when_the_id_is_unknown(monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(TIME_SERIES))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["indicator"] = "gdp"
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("views/indicator.py")
    at.query_params["indicator"] = "oubei_industrial_output"
    at.run()
    assert not at.exception
    assert at.header[0].value == plain("Oubei Subdistrict: Oubei industrial output")
    assert at.get("download_button")
    bad = AppTest.from_file(APP, default_timeout=60)
    bad.query_params["indicator"] = "no_such_indicator"
    bad.run()
    bad.switch_page("views/indicator.py")
    bad.run()
    assert not bad.exception
    assert plain("no_such_indicator") in bad.warning[0].value
    assert bad.header  # the first indicator is shown under the message


def test_a_chosen_year_shows_its_own_figures_and_points_to_richer_years(ds):
    """The overview of a year: its dated figures as tiles, the undated apart; a sparse year says
    what it holds and names the nearest years that hold more."""
    counts = overview.year_counts(ds, "all")
    sparse = min(counts, key=lambda y: (counts[y], y))
    f = Filters(year=sparse, lang="en")
    themes, goals, undated = overview.theme_tiles(ds, f)
    tiles = [t for _, grid in themes for t in grid[0]]
    rows = select.figure_rows(ds)
    dated = set(rows.loc[rows["period_year"] == sparse, "indicator_id"])
    assert tiles and {t["indicator_id"] for t in tiles} <= dated  # no undated figure among them
    assert all(i in dated or m in select.PLANNED for i, m in zip(rows["indicator_id"], rows["measure"])
               if i in {t["indicator_id"] for t in goals[0]})
    summary = overview.year_summary(ds, f)
    assert str(sparse) in summary.line and summary.nearer
    assert all(counts[y] > counts[sparse] for y in summary.nearer)
    assert overview.nearer_years({2000: 5, 2003: 1, 2004: 0, 2006: 2, 2010: 9}, 2004) == [2003, 2006]
    assert overview.year_summary(ds, Filters(year=None)) is None


def test_the_trend_labels_of_close_points_take_both_sides():
    """Close points' labels part: the higher one's above, the lower one's below; one that would
    have to go towards its neighbour's is left out (its tooltip still has it)."""
    sides = series.label_sides
    assert sides([1990, 2021, 2022], [1.6, 373, 400]) == ["above", "below", "above"]  # pump output
    assert sides([1990, 2021, 2022], [1.6, 400, 373]) == ["above", "above", "below"]
    rising = sides([2019, 2020, 2021, 2022], [1, 2, 3, 4])
    assert rising == ["above", "", "below", "above"]  # 2020's, above, would meet 2021's below
    assert sides([2019, 2020, 2021, 2022], [4, 4, 4, 4]) == ["below", "above", "below", "above"]
    assert sides([1985, 2004, 2023], [1, 2, 3]) == ["above"] * 3  # far apart: no neighbour near
    assert sides([], []) == []


def test_trends_past_the_cap_are_counted_and_tabled_never_cut_silently(ds, monkeypatch):
    monkeypatch.setattr(tables, "MAX_TRENDS", 1)
    f = Filters(year=2100, lang="en")  # a key of its own in the memo: built with the cap of 1
    every = series.series_charts(select.trends(ds, f), ds, Translator("en"))
    long, short, rest, undrawn = trends.trend_charts(ds, f)
    assert len(long) + len(short) == 1 and undrawn == len(every) - 1 > 0
    assert 2 * undrawn <= rest.num_rows < sum(len(c.points) for c in every)  # each has 2+ points


@pytest.mark.parametrize("page_tiles", [talent.talent_tiles, innovation.innovation_tiles])
def test_the_talent_and_innovation_tiles_of_a_year_leave_its_undated_figures_apart(page_tiles):
    """As on the overview: a figure the texts give no year is no figure of the chosen year; the
    page lists it under its tiles, whichever year is chosen (shown on data/, where both pages
    have some)."""
    real = memo.load(data.DEFAULT_DATA_DIR)
    rows = select.figure_rows(real)
    for year in (2025, 2006):
        (tiles, _), undated = page_tiles(real, Filters(year=year, lang="en"))
        dated = set(rows.loc[rows["period_year"] == year, "indicator_id"])
        planned = set(rows.loc[rows["measure"].isin(select.PLANNED), "indicator_id"])
        assert {t["indicator_id"] for t in tiles} <= dated | planned
        assert undated.num_rows > 0
    (_, _), everything = page_tiles(real, Filters(year=None, lang="en"))
    assert everything.num_rows == 0  # all years: every figure is a tile or in the table of more
