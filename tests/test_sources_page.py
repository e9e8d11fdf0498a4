"""Every page is source-aware (issue 13, item 1): on the shipped data plus a second, synthetic
source (tests/conftest.py SECOND_SOURCE: one 2025 figure, one item and one honour, dated
2025-05-12), each tooltip, table, chart line and download names the source its row comes from,
and the Sources page lists both sources with their coverage."""

import csv
import io

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data, provenance, select, tables
from dashboard.escape import plain
from dashboard.i18n import EN, ZH, Translator
from dashboard.select import Filters
from tests.harness import page_named
from tests.test_app import APP, unescape

STRINGS = {"zh": ZH, "en": EN}
LANGS = ["zh", "en"]
TITLE = "永嘉：拥江融入，攀高逐“新”"  # the shipped article's, which has no short_title
FIRST = {"zh": f"《{TITLE}》（未标日期）", "en": f"《{TITLE}》 (undated)"}
SECOND = {"zh": "《合成2025》（2025-05-12）", "en": "《合成2025》 (2025-05-12)"}


@pytest.fixture
def ds(two_sources):
    return data.load(two_sources)


def figure_row(ds, indicator, year, lang):
    rows = select.figures(ds, Filters(year=year, lang=lang))
    return rows[rows["indicator_id"] == indicator].iloc[0].to_dict()


@pytest.mark.parametrize("lang", LANGS)
def test_short_reference_uses_the_short_title_else_the_title_and_says_undated(ds, lang):
    tr = Translator(lang)
    assert tables.source_reference(ds, "yongjia_2024", tr) == FIRST[lang]  # no short_title: the title
    assert tables.source_reference(ds, "synthetic_2025", tr) == SECOND[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_tooltip_names_the_source_of_its_own_figure(ds, lang):
    tr = Translator(lang)
    new = tables.tile(figure_row(ds, "high_tech_enterprises_new", 2025, lang), ds, tr)
    assert new["value"] == plain("60家" if lang == "zh" else "60 firms")
    assert plain(tr("source.of", refs=SECOND[lang])) in new["help"]
    assert plain(FIRST[lang]) not in new["help"]
    old = tables.tile(figure_row(ds, "high_tech_enterprises_new", 2024, lang), ds, tr)
    assert plain(tr("source.of", refs=FIRST[lang])) in old["help"] and plain(SECOND[lang]) not in old["help"]


@pytest.mark.parametrize("lang", LANGS)
def test_tooltip_of_a_computed_figure_names_its_inputs_sources(ds, lang):
    tr = Translator(lang)
    tile = tables.tile(figure_row(ds, "young_talent_target", 2024, lang), ds, tr)
    assert plain(tr("source.inputs", refs=FIRST[lang])) in tile["help"]
    assert plain(tr("derived.formula", formula="round(")) in tile["help"]
    assert provenance.formula_sources(ds, "little_giants_total@end_2024 - 3") == ("yongjia_2024",)
    assert provenance.formula_sources(ds, "2 + 3") == ()


@pytest.mark.parametrize("lang", LANGS)
def test_every_display_table_names_each_rows_source(ds, lang):
    tr, column = Translator(lang), STRINGS[lang]["col.source"]
    f = Filters(year=2025, lang=lang)
    figures = tables.figures_table(select.figures(ds, f), ds, tr).set_index(STRINGS[lang]["col.indicator"])
    label = figure_row(ds, "high_tech_enterprises_new", 2025, lang)[f"label_{lang}"]
    assert figures.loc[label, column] == SECOND[lang]
    entities = tables.entity_table(select.entities(ds, f), ds, tr)
    by_name = dict(zip(entities[STRINGS[lang]["col.name"]], entities[column]))
    assert by_name["测试样例企业" if lang == "zh" else "Sample test firm"] == SECOND[lang]
    assert set(by_name.values()) == {FIRST[lang], SECOND[lang]}  # undated items of the first, too
    honours = tables.honour_table(select.honours(ds, f), ds, tr)
    assert (honours.loc[honours[STRINGS[lang]["col.recipient"]].isin(["测试样例企业", "Sample test firm"]),
                        column] == SECOND[lang]).all()
    relations = tables.relation_table(ds.relations, ds, tr)
    assert set(relations[column]) == {FIRST[lang]}


@pytest.mark.parametrize("lang", LANGS)
def test_tiles_past_the_first_eight_go_to_a_table_with_quote_and_source(ds, lang):
    strings = STRINGS[lang]
    figures = select.figures(ds, Filters(year=2024, lang=lang))
    _, rest = tables.tiles(figures, ds, Translator(lang))
    rest = rest.to_pandas()
    assert len(rest) == len(figures) - tables.MAX_TILES > 0
    assert rest[strings["col.quote"]].str.len().gt(0).all()  # the sentence (or the formula)
    assert set(rest[strings["col.source"]]) == {FIRST[lang]}


@pytest.mark.parametrize("lang", LANGS)
def test_chart_source_line_names_every_source_in_view(ds, lang):
    tr = Translator(lang)
    both = select.figures(ds, Filters(year=None, lang=lang))
    refs = FIRST[lang] + tr("source.sep") + SECOND[lang]
    assert tables.source_line(ds, both, tr) == tr("source.of", refs=refs)
    only_new = both[both["source_id"] == "synthetic_2025"]
    assert tables.source_line(ds, only_new, tr) == tr("source.of", refs=SECOND[lang])
    assert tables.source_line(ds, both.iloc[:0], tr) == ""


def read_download(ds, frame) -> list[dict]:
    """The rows of the CSV the Sources page offers for `frame`, as a spreadsheet reads them."""
    content = provenance.to_csv(provenance.with_source(frame, ds))
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_downloads_carry_each_rows_source_id_and_short_title(ds):
    f = Filters(year=2025)
    rows = read_download(ds, select.figures(ds, f))
    new = next(r for r in rows if r["indicator_id"] == "high_tech_enterprises_new")
    assert (new["source_id"], new["source_short_title"]) == ("synthetic_2025", "合成2025")
    header = list(rows[0])
    assert header.index("source_short_title") == header.index("source_id") + 1
    computed = read_download(ds, select.figures(ds, Filters(year=2024)))
    target = next(r for r in computed if r["indicator_id"] == "young_talent_target")  # its inputs' source
    assert (target["source_id"], target["source_short_title"]) == ("yongjia_2024", TITLE)
    items = read_download(ds, select.entities(ds, f))
    firm = next(r for r in items if r["entity_id"] == "synthetic_firm")
    assert (firm["source_id"], firm["source_short_title"]) == ("synthetic_2025", "合成2025")


@pytest.mark.parametrize("lang", LANGS)
def test_sources_table_lists_what_each_source_covers(ds, lang):
    strings, tr = STRINGS[lang], Translator(lang)
    table = tables.sources_table(ds, tr).set_index(strings["col.source"])
    second = table.loc["合成2025"]
    assert second[strings["sources.bib.published"]] == "2025-05-12"
    assert second[strings["sources.bib.outlet"]] == "测试日报"
    assert second[strings["sources.bib.authors"]] == ""
    assert [second[strings[k]] for k in ("col.figures", "col.items", "col.honours")] == [1, 1, 1]
    assert second[strings["col.periods"]] == tables.period_label(ds, "2025", tr)
    assert second[strings["col.coverage"]] == "100%"
    shipped = tables.sources_table(data.load(data.DEFAULT_DATA_DIR), tr).set_index(strings["col.source"])
    assert table.loc[TITLE].tolist() == shipped.loc[TITLE].tolist()  # the first is unchanged
    title, byline, covers = tables.source_record(ds, "synthetic_2025", tr)
    assert title == "合成测试来源：永嘉2025年创新发展（虚构）"
    assert strings["sources.bib.no_byline"] in byline and "2025-05-12" in byline
    assert covers == tr("sources.covers", periods=tables.period_label(ds, "2025", tr), figures=1, derived=0,
                        items=1, honours=1)


def sources_page(folder, monkeypatch, lang):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page_named("sources").path)
    return at.run()


@pytest.mark.parametrize("lang", LANGS)
def test_sources_page_lists_both_sources_and_reads_each(two_sources, monkeypatch, lang):
    strings = STRINGS[lang]
    at = sources_page(two_sources, monkeypatch, lang)
    assert not at.exception
    listed = at.dataframe[0].value
    assert list(listed[strings["col.source"]]) == [TITLE, "合成2025"]
    assert list(listed[strings["col.coverage"]]) == ["100%", "100%"]
    picker = at.selectbox(key="source")
    assert picker.options == [FIRST[lang], SECOND[lang]]
    assert any("永嘉：拥江融入" in unescape(m.value) for m in at.markdown)  # the first is read first
    picker.select_index(1).run()
    assert not at.exception
    card = [unescape(m.value) for m in at.markdown]
    assert any("合成测试来源：永嘉2025年创新发展（虚构）" in m for m in card)
    assert any(":orange-background[2025年，永嘉新增高新技术企业60家]" in m for m in card)  # the reader
    coverage = next(m for m in at.metric if m.label == strings["sources.coverage"])
    assert coverage.value == "100%" and "2025-05-12" in at.text[0].value


def test_overview_tooltip_names_the_second_source(two_sources, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(two_sources))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = "2025"
    at.run()
    assert not at.exception
    tile = next(m for m in at.metric if unescape(m.label) == "新增高新技术企业")
    assert tile.value == "60家" and SECOND["zh"] in unescape(tile.help)
