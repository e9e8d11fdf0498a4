"""The pure builders (tables.py, charts.vega_spec, escape.py) and the memo, each on its own, in
both languages: data and a Translator in, what the page shows out."""

import pandas as pd
import pyarrow as pa
import pytest

from dashboard import charts, data, labels, select, tables
from dashboard.data import per_dataset
from dashboard.escape import codebook_sections, highlighted, plain
from dashboard.i18n import EN, ZH, Translator
from dashboard.messages import M
from dashboard.models import talent
from dashboard.problems import Problem
from dashboard.select import Filters

STRINGS = {"zh": ZH, "en": EN}
LANGS = ["zh", "en"]


@pytest.fixture(scope="module")
def ds(first_article):
    """Known rows: the first article's data, frozen (tests/fixtures/first_article)."""
    return first_article


def rows_of(ds, *indicators, year=2024):
    figures = select.figures(ds, Filters(year=year))
    return figures[figures["indicator_id"].isin(indicators)].reset_index(drop=True)


# --- the memo --------------------------------------------------------------------------------


def test_per_dataset_is_keyed_by_function_and_arguments(ds):
    calls = []

    @per_dataset
    def count(ds, f, *, scale=1):
        calls.append((f, scale))
        return object()

    first = count(ds, Filters(year=2024))
    assert count(ds, Filters(year=2024)) is first  # an equal argument is a hit
    assert count(ds, Filters(year=2023)) is not first
    assert count(ds, Filters(year=2024), scale=2) is not first
    assert len(calls) == 3


def test_per_dataset_lives_and_dies_with_the_dataset(ds):
    @per_dataset
    def rows(ds):
        return len(ds.observations)

    other = data.Dataset(dict(ds.tables), ds.texts)  # what a saved file makes: a new dataset
    rows(ds)
    assert any(key[0][1].endswith("rows") for key in ds.memo)
    assert not other.memo
    assert rows(other) == len(ds.observations) and other.memo


def test_per_dataset_refuses_a_frame_as_key(ds):
    @per_dataset
    def echo(ds, frame):
        return frame

    with pytest.raises(TypeError):  # a frame is unhashable: it cannot be a hidden part of a key
        echo(ds, ds.observations)


def test_functions_of_the_same_name_in_two_files_do_not_share_a_key(ds):
    namespace_a, namespace_b = {}, {}
    source = "from dashboard.data import per_dataset\n@per_dataset\ndef view(ds):\n    return {!r}\n"
    exec(compile(source.format("a"), "views/a.py", "exec"), namespace_a)
    exec(compile(source.format("b"), "views/b.py", "exec"), namespace_b)
    assert (namespace_a["view"](ds), namespace_b["view"](ds)) == ("a", "b")


# --- labels and notices --------------------------------------------------------------------


@pytest.mark.parametrize("lang, all_label, pumps, end_2023", [
    ("zh", "全部", "泵阀", "截至2023年末（推算）"), ("en", "All", "Pumps & valves", "End of 2023 (derived)")])
def test_sector_and_period_labels(ds, lang, all_label, pumps, end_2023):
    tr = Translator(lang)
    assert labels.sector_label(ds, "all", tr) == all_label
    assert labels.sector_label(ds, "pumps_valves", tr) == pumps
    assert labels.period_label(ds, "end_2023", tr) == end_2023
    assert labels.period_label(ds, pd.NA, tr) == STRINGS[lang]["undated"]


@pytest.mark.parametrize("lang, words", [("zh", ["泵阀", "2024"]), ("en", ["Pumps & valves", "2024"])])
def test_no_data_message_names_the_selection(ds, lang, words):
    message = tables.no_data_message(ds, Filters("pumps_valves", 2024, lang), Translator(lang))
    for word in words:
        assert plain(word) in message
    assert plain(STRINGS[lang]["filters.sector.all"]) in message  # choosing 全部 would help


@pytest.mark.parametrize("lang", LANGS)
def test_no_data_message_with_every_sector_asks_for_another_year(ds, lang):
    tr = Translator(lang)
    message = tables.no_data_message(ds, Filters("all", 2023, lang), tr)
    assert "2023" in message and STRINGS[lang]["filters.year.all"] in message  # another year, or all
    assert f"“{STRINGS[lang]['filters.sector.all']}”" not in message  # 全部 is chosen already
    assert tables.no_data_message(ds, Filters("all", None, lang), tr) == tr("empty.none")


# --- figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, label, value, vs", [
    ("zh", "累计“小巨人”", "18家", "对比截至2023年末（推算）"),  # the frozen article's label
    ("en", plain('"Little giants" in all'), "18 firms", "vs End of 2023 (derived)")])
def test_tile_has_value_delta_and_its_sentence(ds, lang, label, value, vs):
    tile = tables.tile(rows_of(ds, "little_giants_total").iloc[0].to_dict(), ds, Translator(lang))
    assert tile["label"] == label and tile["value"] == plain(value)  # all five render Markdown
    assert tile["delta"] == "+3" and tile["delta_description"] == plain(vs)
    assert plain("目前，永嘉累计培育专精特新“小巨人”企业18家") in tile["help"]


@pytest.mark.parametrize("lang", LANGS)
def test_tile_help_of_a_derived_figure_gives_its_formula(ds, lang):
    tr = Translator(lang)
    tile = tables.tile(rows_of(ds, "young_talent_target").iloc[0].to_dict(), ds, tr)
    assert plain(tables.formula_text("young_talent_new@2024_jan_nov", ds, tr)) in tile["help"]
    assert tile["delta"] is None


@pytest.mark.parametrize("lang, expected", [
    ("zh", "四舍五入(新增青年人才［2024年1—11月］ ÷ (青年人才完成率［2024年1—11月］ ÷ 100))"),
    ("en", "round(New young talents [Jan–Nov 2024] ÷ (Young-talent completion [Jan–Nov 2024] ÷ 100))"),
])
def test_a_formula_reads_in_the_viewers_language(ds, lang, expected):
    formula = "round(young_talent_new@2024_jan_nov / (young_talent_completion@2024_jan_nov / 100))"
    assert tables.formula_text(formula, ds, Translator(lang)) == expected
    stock = tables.formula_text("little_giants_total@end_2024 - little_giants_new@2024", ds, Translator(lang))
    assert stock == {
        "zh": "累计“小巨人”［截至2024年（“目前”）］ − 新增“小巨人”［2024年］",
        "en": '"Little giants" in all [To date (end of 2024)] − New "little giants" [2024]'}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_a_note_in_english_is_shown_in_english_and_pointed_to_in_chinese(ds, lang):
    row = rows_of(ds, "little_giants_total", year=2023).iloc[0]  # the derived stock: a note
    assert isinstance(row["observation_note"], str)
    help_text = tables.tile(row.to_dict(), ds, Translator(lang))["help"]
    note = plain(row["observation_note"])
    assert (note in help_text) == (lang == "en")
    assert (plain(STRINGS["zh"]["note.in_english"]) in help_text) == (lang == "zh")


@pytest.mark.parametrize("lang", LANGS)
def test_tiles_stop_at_max_and_table_the_rest(ds, lang):
    figures = select.figures(ds, Filters(year=2024))
    shown, rest = tables.tiles(figures, ds, Translator(lang))
    assert len(shown) == tables.MAX_TILES < len(figures)
    assert isinstance(rest, pa.Table) and rest.num_rows == len(figures) - tables.MAX_TILES
    assert rest.column_names[0] == STRINGS[lang]["col.indicator"]


@pytest.mark.parametrize("lang, value", [("zh", "2138人"), ("en", "2,138 people")])
def test_figures_table_reads_as_the_tiles(ds, lang, value):
    table = tables.figures_table(rows_of(ds, "young_talent_new", "young_talent_target"), ds, Translator(lang))
    strings = STRINGS[lang]
    assert list(table.columns) == [strings[k] for k in ("col.indicator", "col.value", "col.period",
                                                        "col.derivation", "col.source", "col.quote")]
    assert table.iloc[0, 1] == value
    assert table.iloc[1, 3] == strings["derivation.computed"]
    reference = labels.source_reference(ds, "yongjia_2024", Translator(lang))
    assert list(table[strings["col.source"]]) == [reference] * 2  # a computed one: its inputs' source
    assert table.iloc[1, 5] == tables.formula_text(  # a formula where there is no quote
        rows_of(ds, "young_talent_target").iloc[0]["formula"], ds, Translator(lang))


@pytest.mark.parametrize("lang, group", [("zh", "累计"), ("en", "Cumulative")])
def test_bar_frame(ds, lang, group):
    rows = rows_of(ds, "little_giants_total")
    frame = tables.bar_frame(rows, Translator(lang), {"stock": group})
    assert list(frame.columns) == ["label", "value", "shown", "group"]
    assert frame.loc[0, "value"] == 18.0 and frame.loc[0, "group"] == group


@pytest.mark.parametrize("lang, target", [("zh", "约1200人"), ("en", "≈1,200 people")])
def test_progress_frame_is_actual_then_target(ds, lang, target):
    picked = select.progress_figures(ds, Filters(year=2024))
    frame = tables.progress_frame(picked, Translator(lang))
    assert list(frame["role"]) == ["actual", "target"]
    assert list(frame["label"]) == [STRINGS[lang]["progress.actual"], STRINGS[lang]["progress.target"]]
    assert frame.loc[1, "shown"] == target
    assert select.progress_figures(ds, Filters(sector="pumps_valves", year=2024)) is None


@pytest.mark.parametrize("lang", LANGS)
def test_pyramid_frame_has_three_tiers_top_down(ds, lang):
    frame = tables.pyramid_frame(select.figures(ds, Filters(year=2024)), Translator(lang))
    assert list(frame["tier"]) == ["top", "middle", "base"]
    assert list(frame["tier_label"]) == [STRINGS[lang][f"tier.{t}"] for t in frame["tier"]]
    assert all(frame["text"].str.len() > 0)


def test_the_pyramid_is_a_year_s_own_and_marks_the_figures_without_a_year(ds):
    """It showed the first article's undated PhDs as the pyramid of every year, 2025 and 2006 too."""
    undated_only = Filters(year=2025)  # no figure of 2025: of the tiered ones, the undated PhDs only
    assert select.of_year(select.figures(ds, undated_only).query("talent_tier.notna()"), 2025).empty
    assert talent.pyramid(ds, undated_only) is None
    assert talent.pyramid(ds, Filters(year=2024)) is not None
    frame = tables.pyramid_frame(select.figures(ds, Filters(year=2024)), Translator("en")).set_index("tier")
    assert "Full-time PhDs 10 people (undated)" in frame.loc["top", "text"]
    assert "(undated)" not in frame.loc["middle", "text"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_crowded_tier_names_its_first_groups_and_counts_the_rest(ds, lang):
    """At ten times the data a tier held thirty lines and ran over the other two."""
    middle = select.figures(ds, Filters(year=2024)).query("talent_tier == 'middle'")
    many = pd.concat([middle] * 10, ignore_index=True)
    tier = tables.pyramid_frame(many, Translator(lang)).set_index("tier").loc["middle"]
    lines = tier["text"].split("\n")
    assert len(lines) == tables.MAX_TIER_LINES
    assert lines[-1] == STRINGS[lang]["tier.more"].format(count=len(many) - tables.MAX_TIER_LINES + 1)
    assert tier["tooltip"].count(" · ") == len(many) - 1  # the tooltip names every group


# --- entities, honours, relations ------------------------------------------------------------


@pytest.mark.parametrize("lang, railway", [
    ("zh", "杭温高铁通车"), ("en", "Hangzhou–Wenzhou high-speed railway opens")])
def test_timeline_in_date_order_with_outside_dates_marked(ds, lang, railway):
    entities = select.entities(ds, Filters(year=2024), types=("milestone", "agreement", "event"))
    timeline, marked, rest = tables.timeline(entities, ds, Translator(lang))
    lines = timeline.splitlines()
    dated = [line for line in lines if line.startswith("- :gray[")]
    assert dated == sorted(dated) and len(dated) >= 2  # exact dates first, in date order
    railway_line = next(line for line in lines if plain(railway) in line)
    assert railway_line.startswith("- :gray[2024\\-09\\-06]")
    assert railway_line.endswith(tables.OUTSIDE_MARK)
    assert marked and "温州日报" not in timeline  # the outside source is named on the Sources page
    group = plain(labels.period_label(ds, "2024", Translator(lang)))
    assert f"**{group}**" in timeline  # items dated only by the year, under its name
    assert len([line for line in lines if line.startswith("- ")]) <= tables.MAX_CARDS
    assert isinstance(rest, pa.Table)


@pytest.mark.parametrize("lang", LANGS)
def test_status_frame(ds, lang):
    projects = ds.entities[ds.entities["status"].notna()]
    frame = tables.status_frame(projects, Translator(lang))
    assert len(frame) == len(projects)
    assert set(frame["status_label"]) <= {STRINGS[lang][f"status.{s}"] for s in charts.STATUS_ORDER}
    assert list(frame["status_printed"]) == list(projects["status_zh"])


@pytest.mark.parametrize("lang, pumps", [("zh", "泵阀"), ("en", "Pumps & valves")])
def test_chain_inputs(ds, lang, pumps):
    industries, members = tables.chain_inputs(ds, Translator(lang))
    assert len(industries) == 6 and industries.loc[0, "label"] == pumps
    assert set(members["sector_id"]) <= set(industries["sector_id"])
    assert set(ds.entities.set_index("entity_id").loc[members["entity_id"], "entity_type"]) <= set(
        tables.CHAIN_MEMBER_TYPES)


@pytest.mark.parametrize("lang", LANGS)
def test_entity_honour_and_relation_tables(ds, lang):
    tr, strings = Translator(lang), STRINGS[lang]
    entities = tables.entity_table(ds.entities.head(3), ds, tr)
    assert list(entities.columns) == [strings[k] for k in ("col.name", "col.type", "col.status",
                                                           "col.period", "col.source", "col.quote")]
    assert list(entities[strings["col.name"]]) == list(ds.entities[f"name_{lang}"].head(3))
    honours = tables.honour_table(select.honours(ds, Filters()), ds, tr)
    assert strings["level.provincial"] in set(honours[strings["col.level"]])
    relations = tables.relation_table(ds.relations, ds, tr)
    names = dict(zip(ds.entities["entity_id"], ds.entities[f"name_{lang}"]))
    first = ds.relations.iloc[0]
    assert relations.iloc[0, 0] == f"{names[first['from_id']]} → {names[first['to_id']]}"


@pytest.mark.parametrize("lang", LANGS)
def test_enterprise_honours_are_only_enterprises(ds, lang):
    rows = select.enterprise_honours(ds, Filters(lang=lang))
    types = ds.entities.set_index("entity_id").loc[rows["recipient_id"], "entity_type"]
    assert len(rows) and set(types) == {"enterprise"}


# --- problems ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_problem_table_and_stale_notice(lang):
    problems = [Problem("observations.csv", 23, "value", "21x8", M("type.number")),
                Problem("honours.csv", None, None, None, M("file.missing"))]
    tr, strings = Translator(lang), STRINGS[lang]
    table = tables.problem_table(problems, tr)
    assert list(table.columns) == [strings[k] for k in ("col.file", "col.line", "col.column",
                                                        "col.value", "col.expected")]
    assert table.iloc[0, 1] == 23 and pd.isna(table.iloc[1, 1])
    notice = tables.stale_notice(problems, tr)
    assert plain("observations.csv") in notice and "2" in notice


# --- charts and Markdown ----------------------------------------------------------------------


def test_vega_spec_sends_arrow_data_and_the_full_height():
    chart = charts.bar_chart(pd.DataFrame({"label": ["a", "b"], "value": [1.0, 2.0], "shown": ["1", "2"]}),
                             title="t", source="s", value_title="v")
    spec, height = charts.vega_spec(chart)
    # Arrow IPC bytes, which Streamlit sends as they are, holding the chart's rows
    sent = [pa.ipc.open_stream(b).read_all() for b in spec["datasets"].values()]
    assert sent and sent[0].column("value").to_pylist() == [1.0, 2.0]
    assert height == chart.height + chart.usermeta["chrome_px"] > chart.height


def test_escape_helpers():
    assert plain("[a](http://x)") == "\\[a\\]\\(http\u2060\\:\\/\\/x\\)"  # U+2060: no autolink
    assert highlighted([("quoted *", True), (" rest", False)]) == r":orange-background[quoted \*] rest"
    sections = codebook_sections("intro\n### `sources.csv`\nA ![i](http://x/i.png)\n### `periods.csv`\nB\n")
    assert sections == {"sources": "A \n\n", "periods": "B\n\n"}


def test_units_never_share_a_chart_axis_and_charts_are_capped():
    figures = pd.DataFrame({"indicator_id": list("abcdefghij"),
                            "unit_zh": ["个", "亿元", "个", "亿元", "家", "万元", "家", "个", "人", "人"],
                            "unit_en": ["workshops", "× CNY 100 million", "platforms", "× CNY 100 million",
                                        "firms", "× CNY 10,000", "firms", "workshops", "people", "people"]})
    charted, rest = tables.unit_groups(figures, Translator("zh"))
    # most figures first; every unit of two or more up to the cap; 万元 (one figure) to the table
    assert [(unit, list(rows["indicator_id"])) for unit, rows in charted] == [
        ("个", ["a", "c", "h"]), ("亿元", ["b", "d"]), ("家", ["e", "g"])]
    assert len(charted) == tables.MAX_UNIT_CHARTS and sorted(rest["indicator_id"]) == ["f", "i", "j"]
    en, _ = tables.unit_groups(figures, Translator("en"))  # 个 reads as two things: no one unit
    assert [unit for unit, _ in en] == [None, "× CNY 100 million", "firms"]
    hostile = pd.DataFrame({"indicator_id": list("abcdefghij"), "unit_zh": list("一二三四五六七八九十"),
                            "unit_en": list("abcdefghij")})
    charted, rest = tables.unit_groups(hostile, Translator("zh"))  # a unit a row: one chart, a table
    assert len(charted) == 1 and len(rest) == 9
    charted, rest = tables.unit_groups(hostile.iloc[:0], Translator("zh"))
    assert charted == [] and rest.empty


def test_honour_badges_count_repeats_are_escaped_and_name_recipients_and_sources(ds):
    honours = pd.DataFrame({"honour_id": ["a", "b", "b", "b"],
                            "honour_zh": ["*天工鼎*", "尖兵", "尖兵", "尖兵"],
                            "honour_en": ["*Tiangong*", "Jianbing", "Jianbing", "Jianbing"],
                            "name_zh": ["永嘉县", "亚龙", "保一", "纽顿"],
                            "name_en": ["Yongjia", "Yalong", "Baoyi", "Newton"],
                            "source_id": ["yongjia_2024"] * 4,
                            "source_quote": ["获得“天工鼎”", "3项列入", "3项列入", "3项列入"]})
    tr = Translator("en")
    badges = tables.honour_badges(honours, ds, tr)
    assert [label for label, _ in badges] == [r"\*Tiangong\*", "Jianbing ×3"]
    about = badges[1][1].split("\n\n")
    source = labels.source_reference(ds, "yongjia_2024", tr)
    assert about == [plain(p) for p in (tr("badge.recipients", names="Yalong; Baoyi; Newton"),
                                         tr("quote", quote="3项列入"), tr("source.of", refs=source))]


def test_a_title_names_its_unit_once():
    en, zh = Translator("en"), Translator("zh")
    assert tables.with_unit("Digital workshops", "workshops", en) == "Digital workshops"
    assert tables.with_unit("Young talents", "people", en) == "Young talents (people)"
    assert tables.with_unit("在孵企业", "家", zh) == "在孵企业（家）"
    assert tables.with_unit("Completion", "", en) == "Completion"
