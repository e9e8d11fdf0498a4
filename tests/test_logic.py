"""The pure parts: selection by sector and year, how figures read, charts, provenance, exports."""

import io
import re
import zipfile

import pandas as pd
import pytest

from dashboard import charts, data, labels, memo, provenance, schema, select
from dashboard.formatting import display_width, figure
from dashboard.select import Filters
from tests.fixtures import MULTI_SOURCE


@pytest.fixture(scope="module")
def ds(first_article):
    """Known rows: the first article's data, frozen (tests/fixtures/first_article)."""
    return first_article


@pytest.fixture(scope="module")
def shipped():
    """data/ as it grows: its truth and health, asserted as invariants."""
    return memo.load(data.DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def multi():
    """The synthetic two-source folder (tests/fixtures/multi_source)."""
    return memo.load(MULTI_SOURCE)


def test_year_options_are_the_years_with_data_newest_first_then_all(ds, shipped, multi):
    assert select.year_options(ds) == [2024, 2023, None]  # the article's years, then all
    years = select.year_options(shipped)
    assert {2024, 2023} <= set(years[:-1]) and years[-1] is None
    assert years[:-1] == sorted(years[:-1], reverse=True)
    # 2025 comes from the second source's figures, honours and entities; 2023 from both.
    assert select.year_options(multi) == [2025, 2024, 2023, None]


def test_a_year_with_only_an_honour_is_offered(multi):
    honours_only = data.Dataset({**multi.tables, "observations": multi.observations[
        multi.observations["period_id"].map(lookup_year(multi)) != 2025],
        "entities": multi.entities[multi.entities["period_id"] != "2025"]}, multi.texts)
    assert 2025 in select.year_options(honours_only)


def lookup_year(ds):
    return dict(zip(ds.periods["period_id"], ds.periods["year"]))


def test_figures_for_2024_have_one_row_per_indicator_with_deltas(ds):
    figures = select.figures(ds, Filters(year=2024)).set_index("indicator_id")
    article = ds.observations[ds.observations["source_id"] == "yongjia_2024"]
    assert figures.index.is_unique and set(article["indicator_id"]) <= set(figures.index)
    # The article's stocks at the end of 2024 against those it implies for the end of 2023.
    assert figures.loc["little_giants_total", "value"] == 18
    assert figures.loc["little_giants_total", "previous_value"] == 15
    assert figures.loc["little_giants_total", "trend"] == (15, 18)
    assert figures.loc["jianbing_projects", "previous_value"] == 0


def test_deltas_and_trends_compare_like_with_like(multi):
    y2025 = select.figures(multi, Filters(year=2025)).set_index("indicator_id")
    # Jan–Apr 2025 against Jan–Apr 2024, not against the article's Jan–Nov 2024 (2138).
    young = y2025.loc["young_talent_new"]
    assert (young["value"], young["previous_value"]) == (620, 540)
    assert young["previous_period_id"] == "2024_jan_apr"
    assert young["trend"] == (540, 620)
    # A stock on 20 May 2025 has no like-for-like predecessor (the article's is at 31 December).
    pumps = y2025.loc["pump_valve_tech_demands"]
    assert pumps["period_id"] == "asof_2025_05_20" and pd.isna(pumps["previous_value"])
    assert pumps["trend"] == ()
    y2024 = select.figures(multi, Filters(year=2024)).set_index("indicator_id")
    high_tech = y2024.loc["high_tech_enterprises_new"]  # a year against a year
    assert (high_tech["previous_value"], high_tech["previous_period_id"], high_tech["trend"]) == (
        45, "2023", (45, 52))
    # In 2024 the Jan–Nov figure is the latest; there is no earlier Jan–Nov to compare with.
    assert y2024.loc["young_talent_new", "period_id"] == "2024_jan_nov"
    assert pd.isna(y2024.loc["young_talent_new", "previous_value"])


@pytest.mark.parametrize("kind, start, end, key", [
    ("year", "2024-01-01", "2024-12-31", "year"),
    ("year_to_date", "2024-01-01", "2024-11-30", "year_to_date:01-01:11-30"),
    ("multi_year", "2023-01-01", "2024-12-31", "multi_year:2"),
    ("as_of", None, "2024-11-30", "as_of:11-30"),
    ("goal", None, None, None), ("undated", None, None, None), ("as_of", None, None, None),
])
def test_series_key(kind, start, end, key):
    to_date = lambda d: pd.Timestamp(d) if d else pd.NaT  # noqa: E731
    assert select.series_key(kind, to_date(start), to_date(end)) == key


def test_a_delta_needs_the_same_qualifier(multi):
    obs = multi.observations.copy()
    obs.loc[(obs["indicator_id"] == "young_talent_new") & (obs["period_id"] == "2024_jan_apr"),
            "qualifier"] = "more_than"
    changed = data.Dataset({**multi.tables, "observations": obs}, multi.texts)
    young = select.figures(changed, Filters(year=2025)).set_index("indicator_id").loc["young_talent_new"]
    assert pd.isna(young["previous_value"]) and young["trend"] == (540, 620)


def test_agreeing_sources_are_one_figure_with_two_quotes(multi):
    figures = select.figures(multi, Filters(year=2024)).set_index("indicator_id")
    high_tech = figures.loc["high_tech_enterprises_new"]
    assert high_tech["source_id"] == "yongjia_2024"  # the first row in the file stays first
    assert high_tech["agreeing"] == (("synthetic_2025", "2024年，永嘉新增高新技术企业52家"),)
    assert figures.index.is_unique


def test_a_superseded_figure_gives_way_and_is_kept_for_the_tooltip(multi):
    tech = select.figures(multi, Filters(year=2024)).set_index("indicator_id").loc["tech_smes_new"]
    assert (tech["value"], tech["source_id"]) == (212, "synthetic_2025")
    ((source, printed, reason),) = tech["replaced"]
    assert (source, printed) == ("yongjia_2024", "210家") and "经复核" in reason


def test_trends_hold_every_indicator_with_two_like_periods(multi):
    frame = select.trends(multi, Filters())
    assert list(frame.columns) == select.TREND_COLUMNS
    assert set(frame["indicator_id"]) == {"high_tech_enterprises_new", "little_giants_total",
                                          "hidden_champions_total", "young_talent_new", "jianbing_projects"}
    young = frame[frame["indicator_id"] == "young_talent_new"]
    assert list(young["period_id"]) == ["2024_jan_apr", "2025_jan_apr"]  # not the lone Jan–Nov
    assert list(young["period_en"]) == ["Jan–Apr 2024", "Jan–Apr 2025"]
    assert set(young["unit_zh"]) == {"人"} and list(young["source_id"]) == ["synthetic_2025"] * 2
    up_to_2024 = select.trends(multi, Filters(year=2024))
    assert "young_talent_new" not in set(up_to_2024["indicator_id"])
    pumps = select.trends(multi, Filters(sector="pumps_valves"))
    assert pumps.empty


def test_a_figure_with_only_an_estimate_or_a_target_is_shown_without_a_delta(ds):
    """All years and 2024 raised KeyError on the shipped data: a year's only figure of an
    indicator was a target, and the history of actuals had no series for it."""
    for basis in ("estimate", "target"):
        obs = ds.observations.copy()
        obs.loc[obs["indicator_id"] == "little_giants_new", "basis"] = basis
        changed = data.Dataset({**ds.tables, "observations": obs}, ds.texts)
        new = select.figures(changed, Filters(year=2024)).set_index("indicator_id").loc["little_giants_new"]
        assert new["value"] == 3 and pd.isna(new["previous_value"]) and new["trend"] == ()


def test_year_2023_holds_the_article_s_derived_stocks(ds):
    figures = select.figures(ds, Filters(year=2023)).set_index("indicator_id")
    assert figures.loc["hidden_champions_total", ["period_id", "value"]].tolist() == ["end_2023", 14]
    assert figures.loc["jianbing_projects", ["period_id", "value"]].tolist() == ["end_2023", 0]
    assert set(figures["period_id"]) - {"goal", "undated"} <= set(
        ds.periods.loc[ds.periods["year"] == 2023, "period_id"])


def test_industry_selects_through_sector_links_and_theme_through_theme(ds):
    pumps = select.figures(ds, Filters(sector="pumps_valves", year=2024))
    assert set(pumps["indicator_id"]) == {"pump_valve_tech_demands", "tech_vice_presidents_placed",
                                          "tech_vice_president_host_firms"}
    talent = select.figures(ds, Filters(sector="talent", year=2024))
    assert set(talent["theme_id"]) == {"talent"}
    byd = select.entities(ds, Filters(sector="new_energy"))
    assert "byd_battery_base" in set(byd["entity_id"]) and "jianan_health_park" not in set(byd["entity_id"])


def test_unassigned_entities_stay_out_of_every_industry(ds):
    for sector in ("pumps_valves", "shoes_apparel", "edu_toys", "new_energy", "digital_economy",
                   "life_health"):
        assert "huangtian_iov_park" not in set(select.entities(ds, Filters(sector=sector))["entity_id"])


def test_relations_follow_either_end(ds):
    pumps = select.relations(ds, Filters(sector="pumps_valves", year=None))
    assert {"lut_pump_valve_upgrade", "oubei_college_training", "industry_education_chaoda"} <= set(
        pumps["relation_id"])


@pytest.mark.parametrize("indicator, zh, en", [
    ("rd_staff_fulltime", "10余位", "10+ people"),
    ("skilled_workers_supplied", "1000多名", "1,000+ people"),
    ("khorgos_centre_investment", "2.49亿元", "CNY 249 million"),
    ("incubation_area", "9.04万平方米", "90,400 m²"),
    ("young_talent_completion", "178.17%", "178.17%"),
    ("young_talent_target", "约1200人", "≈1,200 people"),
    ("young_talent_rank", "第一", "No. 1"),
    ("hidden_champions_new", "1家", "1 firm"),
    ("industrial_output_goal", "千亿元", "CNY 100 billion"),  # printed 千亿
    ("wenzhou_gdp_goal", "万亿元级", "~CNY 1 trillion"),  # printed 万亿级
    ("wenzhou_population_goal", "千万人级", "~10 million people"),  # printed 千万级
])
def test_figure_reads_with_unit_and_qualifier(ds, indicator, zh, en):
    row = select.figures(ds, Filters(year=2024)).set_index("indicator_id").loc[indicator]
    assert (figure(row, "zh"), figure(row, "en")) == (zh, en)


@pytest.mark.parametrize("value, unit, printed, zh", [
    (12000, "万元", "", "1.2亿元"), (52000, "人", "", "5.2万人"), (21385, "人", "", "21385人"),
    (2138, "人", "2138人", "2138人"), (100, "亿元", "百亿", "百亿元"), (3, "家", "三家", "3家"),
])
def test_chinese_amounts_use_wan_and_yi(value, unit, printed, zh):
    row = {"value": value, "value_as_printed": printed, "qualifier": "exact", "measure": "flow",
           "unit_zh": unit, "unit_en": "x"}
    assert figure(row, "zh") == zh


@pytest.mark.parametrize("value, unit, printed, qualifier, zh", [
    (6.5, "%", "6.5%以上", "more_than", "6.5%以上"),  # 以上 is "at least", after the unit
    (300, "亿元", "超300亿", "more_than", "超300亿元"),  # the article's 超 before the number
    (2360, "家", "2360余家", "more_than", "2360余家"),
    (50, "%", "一半以上", "more_than", "一半以上"),  # words the number cannot go back into
    (52, "%", "52.0", "exact", "52.0%"),  # the printed precision is kept
])
def test_chinese_figures_keep_the_articles_words(value, unit, printed, qualifier, zh):
    row = {"value": value, "value_as_printed": printed, "qualifier": qualifier, "measure": "rate",
           "unit_zh": unit, "unit_en": "%"}
    assert figure(row, "zh") == zh


@pytest.mark.parametrize("year", [None, 2022, 2024])
def test_an_estimate_or_a_target_shown_has_no_delta_and_no_trend(shipped, year):
    """A delta compares actuals only: an estimate or a target in view is shown without one."""
    rows = select.figures(shipped, Filters(year=year))
    planned = rows[rows["basis"] != "actual"]
    assert planned["previous_value"].isna().all()
    assert all(trend == () for trend in planned["trend"])


def test_every_figure_in_the_data_reads_as_printed(shipped):
    """Each reported figure in both languages: the Chinese keeps the article's number (or its
    magnitude words) and qualifier word; the English has no Chinese left and its digits."""
    rows = select.figures(shipped, Filters(year=None))
    observations = shipped.observations.merge(shipped.indicators, on="indicator_id")
    assert len(observations) == len(shipped.observations)
    for _, row in observations.iterrows():
        zh, en = figure(row, "zh"), figure(row, "en")
        printed = row["value_as_printed"] if isinstance(row["value_as_printed"], str) else ""
        digits = re.findall(r"[\d.]+", printed)
        if row["measure"] == "rank":
            assert zh == (printed or zh) and en.startswith("No. "), (zh, en)
            continue
        if digits:
            assert digits[0] in zh, (row["indicator_id"], zh, printed)
        elif printed and not printed.startswith(("零", "耐")):  # a magnitude in words: 千亿, 万亿级
            assert printed.rstrip("级")[:2] in zh, (row["indicator_id"], zh, printed)
        for word in ("余", "多"):
            if word in printed:
                assert word in zh, (zh, printed)
        assert not re.search(r"[\u4e00-\u9fff]", en), (row["indicator_id"], en)
        assert re.search(r"\d", en), (row["indicator_id"], en)
    assert len(rows)


def test_bar_chart_holds_exactly_the_rows_given():
    frame = pd.DataFrame({"label": ["a", "b"], "value": [3.0, 52.0], "shown": ["3家", "52家"]})
    spec = charts.bar_chart(frame, title="T", source="S", value_title="V").to_dict()
    values = next(iter(spec["datasets"].values()))
    assert [v["value"] for v in values] == [3.0, 52.0]
    assert spec["title"]["text"] == ["T"] and spec["title"]["subtitle"] == ["S"]


def test_bars_name_their_unit_in_the_title_not_on_the_axis():
    """The value axis read 数值 / Value under every bar chart; each bar prints its value and unit."""
    frame = pd.DataFrame({"label": ["a", "b"], "value": [3.0, 52.0], "shown": ["3家", "52家"]})
    spec = charts.bar_chart(frame, title="T (家)", source="S", value_title="V").to_dict()
    for layer in spec["layer"]:
        assert layer["encoding"]["x"]["title"] is None
        assert {"field": "shown", "title": "V", "type": "nominal"} in layer["encoding"]["tooltip"]


@pytest.mark.parametrize("label", ['Firms newly named specialised "little giants"',
                                   "新入选省“隐形冠军”企业名单中的企业"])
def test_category_labels_wrap_instead_of_being_cut(label):
    """Cut at the axis's 150 px, a laptop read "Firms newly named spec…" for two different bars."""
    frame = pd.DataFrame({"label": [label, "Short"], "value": [3.0, 52.0], "shown": ["3", "52"]})
    spec = charts.bar_chart(frame, title="T", source="S", value_title="V").to_dict()
    bars = spec["layer"][0]["encoding"]
    assert bars["y"]["field"] == "axis_label" and "split(datum.label" in bars["y"]["axis"]["labelExpr"]
    assert {"field": "label", "title": "V", "type": "nominal"} in bars["tooltip"]  # whole, on one line
    wrapped = next(iter(spec["datasets"].values()))[0]["axis_label"]
    lines = wrapped.split("\n")
    assert len(lines) >= 2 and "".join(lines).replace(" ", "") == label.replace(" ", "")
    assert all(display_width(line) <= charts.AXIS_LABEL_EMS for line in lines)
    assert spec["height"] >= 2 * charts._row_px(len(lines))


def test_bar_groups_keep_their_colour_in_every_language():
    colours = {}
    for lang, (new, total) in {"zh": ("当年新增", "累计"), "en": ("New in year", "Cumulative")}.items():
        frame = pd.DataFrame({"label": ["a", "b"], "value": [3.0, 18.0], "shown": ["3", "18"],
                              "group": [new, total]})
        scale = charts.bar_chart(frame, title="T", source="S", value_title="V").to_dict()["layer"][0][
            "encoding"]["color"]["scale"]
        colours[lang] = dict(zip(scale["domain"], scale["range"]))
    assert colours["zh"]["当年新增"] == colours["en"]["New in year"] == charts.PALETTE[0]
    assert colours["zh"]["累计"] == colours["en"]["Cumulative"] == charts.PALETTE[1]


def test_titles_wrap_between_words_and_between_cjk_characters():
    english = "The talent pyramid: who feeds each tier, and how many people are in it"
    lines = charts._wrap(english, 20)
    assert len(lines) > 1 and " ".join(lines) == english  # no word cut in two
    assert all(display_width(line) <= 20 for line in lines)
    chinese = "青年创新创业人才：完成情况（2024年1—11月）"
    lines = charts._wrap(chinese, 13)
    assert "".join(lines) == chinese and all(display_width(x) <= 13 for x in lines)


@pytest.mark.parametrize("hostile", ['a"b', "a\\b", "{x}", "a\nb", "<script>", 'x"; evil [label="y'])
def test_dot_labels_cannot_escape_their_quotes(hostile):
    escaped = charts.dot_escape(hostile)
    assert "\n" not in escaped
    # Every quote left in the label is escaped, so the DOT string cannot end early.
    unescaped_quotes = [i for i, c in enumerate(escaped) if c == '"' and escaped[i - 1] != "\\"]
    assert unescaped_quotes == []


def test_chain_dot_has_every_industry_and_collapses_others_when_focused():
    industries = pd.DataFrame({"sector_id": ["pumps_valves", "shoes", "new_energy"],
                               "group": ["traditional", "traditional", "emerging"],
                               "label": ["泵阀", "鞋服", "新能源"], "target": ["转型：系统流程装备", "", ""]})
    members = pd.DataFrame({"entity_id": ["byd", "x"], "label": ["比亚迪", "某园"],
                            "sector_id": ["new_energy", "shoes"], "entity_type": ["project", "park"]})
    titles = {"traditional": "T", "emerging": "E"}
    dots = charts.chain_dots(industries, members, titles=titles)
    assert list(dots) == ["traditional", "emerging"]
    assert dots["traditional"].count("->") == 2 and dots["emerging"].count("->") == 1
    focused = charts.chain_dots(industries, members, titles=titles, focus="pumps_valves")
    assert list(focused) == ["traditional"] and "某园" not in focused["traditional"]
    shoes = next(line for line in focused["traditional"].splitlines() if "鞋服" in line)
    assert charts.MUTED in shoes


def test_quote_spans_cross_line_breaks_and_coverage_counts_numerals():
    article = "甲2024年乙\n\n丙10位丁。戊3家"
    spans = provenance.quote_spans(article, ["2024年乙丙10位"])
    assert spans == [(1, 13)]
    total, covered, missing = provenance.coverage(article, spans)
    assert (total, covered) == (3, 2) and "3" in missing[0]
    marked = "[page 2: https://x.cn/a/10349_2.html]\n据统计[36]，共5家。见www.yj.gov.cn/7"
    assert provenance.coverage(marked, [])[:2] == (1, 0)  # only the 5 is a figure


def test_article_figures_are_all_covered(shipped):
    article = shipped.texts["yongjia_2024"]
    spans = provenance.quote_spans(article, provenance.all_quotes(shipped, "yongjia_2024"))
    total, covered, missing = provenance.coverage(article, spans)
    assert total > 40 and covered == total, missing


def test_csv_export_is_excel_safe():
    frame = pd.DataFrame({"text": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "永嘉"],
                          "n": [1, 2, 3, 4, 5]})
    raw = provenance.to_csv(frame)
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    read = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(read["text"]) == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "永嘉"]
    assert list(read["n"]) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("hostile", [
    "=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","x")', "+SUM(1,1)", "-2+3", "@SUM(A1)",
    "\t=1+1", "\r=1+1", "\n=1+1",
    "\uff1dSUM(1,1)", "\uff0bSUM(1,1)", "\uff0d1+1", "\uff20SUM(A1)",       # full width ＝＋－＠
    " =1+1", "\u3000=1+1", "\u00a0=1+1", "\u200b=1+1", "\u200d\u200c+1", "\ufeff=1+1",
    "\u202e=1+1", "\u2066@SUM(A1)", "\u200f\u200e-1", "\u2060\u3000\uff1d1",  # bidi, mixed
])
def test_formula_prefixes_are_neutralised(hostile):
    assert provenance.neutralise(hostile) == "'" + hostile
    read = pd.read_csv(io.BytesIO(provenance.to_csv(pd.DataFrame({"text": [hostile]}))),
                       encoding="utf-8-sig", keep_default_na=False, skip_blank_lines=False)
    assert read["text"][0].startswith("'"), read["text"][0]


@pytest.mark.parametrize("harmless", ["永嘉", "泵阀 = 产业", "e-commerce", "3-5", "  永嘉", "\u200b永嘉",
                                      "", "'=already quoted", "a@b.example"])
def test_ordinary_text_is_left_alone(harmless):
    assert provenance.neutralise(harmless) == harmless
    assert provenance.neutralise(12) == 12 and provenance.neutralise(-1.5) == -1.5


def test_zip_holds_every_table(shipped):
    archive = zipfile.ZipFile(io.BytesIO(provenance.zip_tables(shipped)))
    assert set(archive.namelist()) == {f"{name}.csv" for name in schema.TABLES}
    assert archive.read("observations.csv").startswith(b"\xef\xbb\xbf")


def test_every_coded_value_has_both_translations():
    from dashboard.i18n import EN, ZH

    for prefix, values in schema.TRANSLATED.items():
        for value in values:
            assert f"{prefix}.{value}" in ZH and f"{prefix}.{value}" in EN, (prefix, value)
    assert set(ZH) == set(EN)


def test_every_chart_builder_makes_a_valid_vega_lite_spec():
    """The app sends specs unvalidated (for speed); here each builder's spec is validated."""
    bars = pd.DataFrame({"label": ["a", "b"], "value": [1.0, 2.0], "shown": ["1", "2"],
                         "group": ["x", "y"]})
    progress = pd.DataFrame({"label": ["a", "b"], "value": [2138.0, 1200.0],
                             "shown": ["2138", "1200"], "role": ["actual", "target"]})
    stages = pd.DataFrame({"name": ["p"], "status": ["planned"], "status_label": ["Planned"],
                           "status_printed": ["打造"]})
    tiers = pd.DataFrame({"tier": ["top", "middle", "base"], "tier_label": ["T", "M", "B"],
                          "level": [0, 1, 2], "text": ["a", "b\nc", "d"], "tooltip": ["a", "b", "d"]})
    built = [
        charts.bar_chart(bars, title="T", source="S", value_title="V", group_title="G"),
        charts.progress_chart(progress, title="T", source="S", value_title="V"),
        charts.status_chart(stages, title="T", source="S",
                            status_labels={s: s for s in charts.STATUS_ORDER} | {"planned": "Planned"}),
        charts.pyramid_chart(tiers, title="T", source="S"),
    ]
    for chart in built:
        spec = chart.to_dict()  # raises on an invalid spec
        assert spec["usermeta"]["chrome_px"] > 0 and isinstance(chart.height, int)


def test_map_legend_is_well_formed_svg_with_the_labels_escaped():
    import xml.etree.ElementTree as ET

    rows = pd.DataFrame({"label": ["泵阀", '<script>alert(1)</script> & "x"'],
                         "colour": ["#0072B2", "#000000"], "shape": ["circle", "ring"]})
    svg = charts.legend_svg(rows, title="图例")
    root = ET.fromstring(svg)  # raises if the escaping broke the XML
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["图例", "泵阀", '<script>alert(1)</script> & "x"']
    assert "<script>" not in svg
    circles = list(root.iter("{http://www.w3.org/2000/svg}circle"))
    assert [c.get("fill") for c in circles] == ["#0072B2", "none"]  # a ring is hollow
    with pytest.raises(ValueError):
        charts.legend_svg(rows.assign(colour=["#0072B2", "red;x"]), title="t")


def test_map_legend_draws_a_line_for_a_link_kind():
    import xml.etree.ElementTree as ET

    rows = pd.DataFrame({"label": ["人才合作"], "colour": ["#E69F00"], "shape": ["line"]})
    root = ET.fromstring(charts.legend_svg(rows, title="图例"))
    lines = list(root.iter("{http://www.w3.org/2000/svg}line"))
    assert [line.get("stroke") for line in lines] == ["#E69F00"]
    assert not list(root.iter("{http://www.w3.org/2000/svg}circle"))


def test_headline_figures_follow_the_data_rank_and_are_capped(ds):
    picked = select.headline_figures(ds, Filters(year=2024))
    ranks = ds.indicators.set_index("indicator_id")["headline"].dropna().sort_values()
    assert list(picked["indicator_id"]) == list(ranks.index)[:select.MAX_HEADLINES]
    assert picked.iloc[0]["indicator_id"] == "high_tech_enterprises_new"  # rank 1 in the data
    every = ds.indicators.assign(headline=range(1, len(ds.indicators) + 1))
    crowded = data.Dataset({**ds.tables, "indicators": every}, ds.texts)
    assert len(select.headline_figures(crowded, Filters(year=2024))) == select.MAX_HEADLINES


def test_headline_honours_are_the_years_national_and_provincial_ones(ds):
    def picked(year):
        return set(select.headline_honours(ds, Filters(year=year))["honour_id"])
    assert picked(2024) == {"tiangongding", "hidden_champion", "jianbing_lingyan",
                            "county_livestream_case"}
    assert picked(2023) == set()  # undated honours (the pilot county) are no year's news
    assert "sme_digital_pilot_county" not in picked(None)


@pytest.mark.parametrize("lang, zh_or_en", [("zh", "首次突破50亿元"),
                                            ("en", "passed CNY 5 billion for the first time")])
def test_first_exceeded_reads_as_printed_not_as_more_than(multi, lang, zh_or_en):
    row = select.figures(multi, Filters(year=2024)).set_index("indicator_id").loc["digital_core_revenue"]
    assert figure(row, lang) == zh_or_en


@pytest.mark.parametrize("lang, also, earlier", [
    ("zh", "《创新简报（测试用）》（2025-05-20）同样报道：2024年，永嘉新增高新技术企业52家",
     "《永嘉：拥江融入，攀高逐“新”》（未标日期）此前报道为210家；已被替换，原因：见英文说明"),
    ("en", "Also reported in 《创新简报（测试用）》 (2025-05-20): 2024年，永嘉新增高新技术企业52家",
     "Earlier reported 210家 by 《永嘉：拥江融入，攀高逐“新”》 (undated); replaced because the synthetic"),
])
def test_tiles_carry_both_quotes_the_replaced_figure_and_the_trend(multi, lang, also, earlier):
    from dashboard import tables
    from dashboard.i18n import Translator

    tr = Translator(lang)
    rows = select.figures(multi, Filters(year=2024, lang=lang)).set_index("indicator_id", drop=False)
    high_tech = tables.tile(rows.loc["high_tech_enterprises_new"].to_dict(), multi, tr)
    assert high_tech["chart_data"] == [45, 52] and high_tech["delta"] == "+7"
    assert also in re.sub(r"\\(.)", r"\1", high_tech["help"])
    tech = tables.tile(rows.loc["tech_smes_new"].to_dict(), multi, tr)
    assert tech["chart_data"] is None and earlier in re.sub(r"\\(.)", r"\1", tech["help"])


def test_added_vocabulary_values_are_labelled_in_each_language(multi):
    from dashboard import tables
    from dashboard.i18n import Translator

    for lang, conference, municipal, park in (("zh", "会议", "市级", "园区"),
                                              ("en", "Conference", "Municipal", "Park")):
        tr = Translator(lang)
        assert labels.vocabulary_label(multi, "entity.conference", tr) == conference
        assert labels.vocabulary_label(multi, "level.municipal", tr) == municipal
        assert labels.vocabulary_label(multi, "entity.park", tr) == park  # built in
    in_2025 = select.honours(multi, Filters(year=2025, lang="en"))
    honours = tables.honour_table(in_2025, multi, Translator("en"))
    assert {"Municipal", "Provincial"} <= set(honours["Level"]) and "2025-04-28" in set(honours["Period"])


def test_an_empty_selection_of_all_years_says_all_years(ds):
    from dashboard import tables
    from dashboard.i18n import Translator

    message = tables.no_data_message(ds, Filters("pumps_valves", None, "en"), Translator("en"))
    assert "all years" in message.lower()
