"""Every page is source-aware (issue 13, item 1), on the synthetic two-source folder
tests/fixtures/multi_source: the shipped article (no short title, undated) and a made-up
briefing (short title 创新简报（测试用）, published 2025-05-20) that agrees with one of the
article's figures and replaces another. Each tooltip, table, chart line and download names the
source of its row, and the Sources page lists both sources with their coverage."""

import csv
import io
import threading
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data, labels, memo, provenance, select, tables
from dashboard.escape import plain
from dashboard.i18n import EN, ZH, Translator
from dashboard.models import sources as sources_model
from dashboard.reading import read_table
from dashboard.select import Filters
from tests.fixtures import MULTI_SOURCE
from tests.harness import page_named
from tests.test_app import APP, unescape

STRINGS = {"zh": ZH, "en": EN}
LANGS = ["zh", "en"]
TITLE = "永嘉：拥江融入，攀高逐“新”"  # the shipped article's; it has no short_title
SHORT = "创新简报（测试用）"  # the synthetic briefing's short_title (its title is 永嘉创新简报（测试用）)
FIRST = {"zh": f"《{TITLE}》（未标日期）", "en": f"《{TITLE}》 (undated)"}
SECOND = {"zh": f"《{SHORT}》（2025-05-20）", "en": f"《{SHORT}》 (2025-05-20)"}


@pytest.fixture(scope="module")
def ds():
    return memo.load(MULTI_SOURCE)


def figure_row(ds, indicator, year, lang="zh"):
    rows = select.figures(ds, Filters(year=year, lang=lang))
    return rows[rows["indicator_id"] == indicator].iloc[0].to_dict()


@pytest.mark.parametrize("lang", LANGS)
def test_short_reference_uses_the_short_title_else_the_title_and_says_undated(ds, lang):
    tr = Translator(lang)
    assert labels.source_reference(ds, "yongjia_2024", tr) == FIRST[lang]
    assert labels.source_reference(ds, "synthetic_2025", tr) == SECOND[lang]


def test_a_sources_file_without_the_new_columns_still_loads(data_copy):
    """sources.csv as first shipped (no short_title, no outlet): the title stands in."""
    sources = read_table(data_copy / "sources.csv").drop(columns=["short_title", "outlet"])
    sources.to_csv(data_copy / "sources.csv", index=False)
    ds = memo.load(data_copy)
    assert labels.source_reference(ds, "yongjia_2024", Translator("zh")) == FIRST["zh"]
    assert tables.sources_table(ds, Translator("en")).loc[0, EN["sources.bib.outlet"]] == ""


@pytest.mark.parametrize("lang", LANGS)
def test_tooltip_names_the_source_of_its_figure(ds, lang):
    tr = Translator(lang)
    new = tables.tile(figure_row(ds, "young_talent_new", 2025, lang), ds, tr)
    assert plain(tr("source.of", refs=SECOND[lang])) in new["help"] and plain(FIRST[lang]) not in new["help"]
    old = tables.tile(figure_row(ds, "young_talent_new", 2024, lang), ds, tr)
    assert plain(tr("source.of", refs=FIRST[lang])) in old["help"] and plain(SECOND[lang]) not in old["help"]


@pytest.mark.parametrize("lang", LANGS)
def test_tooltip_of_an_agreeing_or_replacing_figure_names_both_sources(ds, lang):
    tr = Translator(lang)
    agreed = tables.tile(figure_row(ds, "high_tech_enterprises_new", 2024, lang), ds, tr)["help"]
    assert plain(tr("source.of", refs=FIRST[lang])) in agreed  # the article's quote stands
    assert plain(tr("quote.also", source=SECOND[lang], quote="2024年，永嘉新增高新技术企业52家")) in agreed
    replacing = tables.tile(figure_row(ds, "tech_smes_new", 2024, lang), ds, tr)["help"]
    assert plain(tr("source.of", refs=SECOND[lang])) in replacing
    assert plain(FIRST[lang]) in replacing  # as the source of the figure it replaces


@pytest.mark.parametrize("lang", LANGS)
def test_tooltip_of_a_computed_figure_names_its_inputs_sources(ds, lang):
    tr = Translator(lang)
    tile = tables.tile(figure_row(ds, "young_talent_target", 2024, lang), ds, tr)
    assert plain(tr("source.inputs", refs=FIRST[lang])) in tile["help"]
    assert provenance.formula_sources(ds, "high_tech_enterprises_new@2023 + 1") == ("synthetic_2025",)
    # tech_smes_new@2024: the briefing's 212 stands; the article's 210 backs nothing
    assert provenance.formula_sources(ds, "tech_smes_new@2024 * 2") == ("synthetic_2025",)
    assert provenance.formula_sources(ds, "2 + 3") == ()


@pytest.mark.parametrize("lang", LANGS)
def test_every_display_table_names_each_rows_sources(ds, lang):
    tr, strings = Translator(lang), STRINGS[lang]
    column = strings["col.source"]
    figures = tables.figures_table(select.figures(ds, Filters(year=2024, lang=lang)), ds, tr)
    by_label = dict(zip(figures[strings["col.indicator"]], figures[column]))
    label = figure_row(ds, "high_tech_enterprises_new", 2024, lang)[f"label_{lang}"]
    assert by_label[label] == tr.listed([FIRST[lang], SECOND[lang]])  # two sources agree
    assert by_label[figure_row(ds, "tech_smes_new", 2024, lang)[f"label_{lang}"]] == SECOND[lang]
    f = Filters(year=2025, lang=lang)
    entities = tables.entity_table(select.entities(ds, f), ds, tr)
    conference = "2025年创新发展大会" if lang == "zh" else "2025 Innovation and Development Conference"
    assert dict(zip(entities[strings["col.name"]], entities[column]))[conference] == SECOND[lang]
    rows = select.honours(ds, f)
    dated = tables.honour_table(rows[rows["period_id"] == "2025"], ds, tr)
    assert len(dated) == 2 and set(dated[column]) == {SECOND[lang]}  # the repeat 天工鼎 and one more
    assert set(tables.honour_table(rows, ds, tr)[column]) == {FIRST[lang], SECOND[lang]}
    assert set(tables.relation_table(ds.relations, ds, tr)[column]) == {FIRST[lang]}


@pytest.mark.parametrize("lang", LANGS)
def test_tiles_past_the_first_eight_go_to_a_table_with_quote_and_source(ds, lang):
    strings = STRINGS[lang]
    figures = select.figures(ds, Filters(year=2024, lang=lang))
    rest = tables.tiles(figures, ds, Translator(lang))[1].to_pandas()
    assert len(rest) == len(figures) - tables.MAX_TILES > 0
    assert rest[strings["col.quote"]].str.len().gt(0).all()  # the sentence, or the formula
    assert rest[strings["col.source"]].str.len().gt(0).all()


@pytest.mark.parametrize("lang", LANGS)
def test_chart_source_line_names_every_source_in_view(ds, lang):
    tr = Translator(lang)
    every = select.figures(ds, Filters(year=None, lang=lang))
    both = tr.listed([FIRST[lang], SECOND[lang]])
    assert tables.source_line(ds, every, tr) == tr("source.of", refs=both)
    new = every[every["indicator_id"] == "young_talent_new"]  # 2025 Jan-Apr: the briefing's
    assert tables.source_line(ds, new, tr) == tr("source.of", refs=SECOND[lang])
    assert tables.source_line(ds, every.iloc[:0], tr) == ""


def read_download(ds, frame) -> dict[str, dict]:
    """The CSV the Sources page offers for `frame`, as a spreadsheet reads it, by its first column."""
    content = provenance.to_csv(provenance.with_source(frame, ds))
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    header = list(rows[0])
    assert header.index("source_short_title") == header.index("source_id") + 1
    return {row[header[0]]: row for row in rows}


def test_downloads_carry_each_rows_source_id_and_short_title(ds):
    figures = read_download(ds, select.figures(ds, Filters(year=2024)))
    cells = {i: (figures[i]["source_id"], figures[i]["source_short_title"])
             for i in ("high_tech_enterprises_new", "tech_smes_new", "young_talent_target")}
    assert cells == {"high_tech_enterprises_new": ("yongjia_2024; synthetic_2025", f"{TITLE}; {SHORT}"),
                     "tech_smes_new": ("synthetic_2025", SHORT),
                     "young_talent_target": ("yongjia_2024", TITLE)}  # computed: its inputs' source
    items = read_download(ds, select.entities(ds, Filters(year=2025)))
    assert items["innovation_conference_2025"]["source_short_title"] == SHORT


def test_figures_download_reads_in_a_spreadsheet_without_internal_columns(ds):
    frame = provenance.figures_download(select.figures(ds, Filters(year=2024)), ds)
    content = provenance.to_csv(frame).decode("utf-8-sig")
    rows = {row["indicator_id"]: row for row in csv.DictReader(io.StringIO(content))}
    header = list(next(iter(rows.values())))
    assert header == [*provenance.FIGURES_DOWNLOAD, "also_quoted", "replaces"]
    assert not {"agreeing", "replaced", "trend", "series", "theme_order"} & set(header)
    agreeing, replacing = rows["high_tech_enterprises_new"], rows["tech_smes_new"]
    assert agreeing["also_quoted"] == "synthetic_2025: 2024年，永嘉新增高新技术企业52家"
    assert replacing["replaces"].startswith("yongjia_2024: 210家 (the synthetic source's reviewed count")
    assert (agreeing["start_date"], agreeing["end_date"], agreeing["period_zh"]) == (
        "2024-01-01", "2024-12-31", "2024年")
    assert "(" not in rows["little_giants_new"]["also_quoted"] + rows["little_giants_new"]["replaces"]


@pytest.mark.parametrize("lang", LANGS)
def test_sources_table_lists_what_each_source_covers(ds, lang):
    strings, tr = STRINGS[lang], Translator(lang)
    table = tables.sources_table(ds, tr).set_index(strings["col.source"])
    second = table.loc[SHORT]
    assert second[strings["sources.bib.published"]] == "2025-05-20"
    assert second[strings["sources.bib.outlet"]] == "测试日报（虚构）"
    # 7 standing figures (one of them agreeing with the article), 1 item, 2 honours
    assert [second[strings[k]] for k in ("col.figures", "col.items", "col.honours")] == [7, 1, 2]
    periods = tr.listed(labels.period_label(ds, p, tr) for p in (
        "2023", "2024_jan_apr", "2024", "2025_jan_apr", "asof_2025_05_20"))  # by end date
    assert second[strings["col.periods"]] == periods
    assert second[strings["col.coverage"]] == "100%"
    shipped = tables.sources_table(memo.load(data.DEFAULT_DATA_DIR), tr).set_index(strings["col.source"])
    first, alone = table.loc[TITLE], shipped.loc[TITLE]
    assert first[strings["col.figures"]] == alone[strings["col.figures"]] - 1  # its 210 is replaced
    assert first[strings["col.coverage"]] == alone[strings["col.coverage"]] == "100%"
    title, byline, covers = tables.source_record(ds, "synthetic_2025", tr)
    assert title == "永嘉创新简报（测试用）" and "测试作者" in byline and "2025-05-20" in byline
    assert covers == tr("sources.covers", periods=periods, figures=7, derived=0, items=1, honours=2)
    assert tr("source.undated") in tables.source_record(ds, "yongjia_2024", tr)[1].splitlines()[-1]


def sources_page(lang):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page_named("sources").path)
    return at.run()


@pytest.mark.parametrize("lang", LANGS)
def test_sources_page_lists_both_sources_and_reads_each(monkeypatch, lang):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(MULTI_SOURCE))
    strings = STRINGS[lang]
    at = sources_page(lang)
    assert not at.exception
    listed = at.dataframe[0].value
    assert list(listed[strings["col.source"]]) == [TITLE, SHORT]
    assert list(listed[strings["col.coverage"]]) == ["100%", "100%"]
    picker = at.selectbox(key="source")
    assert picker.options == [FIRST[lang], SECOND[lang]]
    assert any(TITLE in unescape(m.value) for m in at.markdown)  # the first source is read first
    picker.select_index(1).run()
    assert not at.exception
    shown = [unescape(m.value) for m in at.markdown]
    assert any("《永嘉创新简报（测试用）》" in m for m in shown)  # the card
    quote = "经复核，2024年全县新增省科技型中小企业212家"
    assert any(f":orange-background[{quote}]" in m for m in shown)  # the reader, highlighted
    coverage = next(m for m in at.metric if m.label == strings["sources.coverage"])
    assert coverage.value == "100%" and "2025-05-20" in at.text[0].value
    codebook = next(e for e in at.expander if e.label == strings["sources.codebook"])
    opening = {"zh": "每个来源文本", "en": "One row per source text"}[lang]  # of sources.csv's section
    assert any(opening in unescape(m.value) for m in codebook.markdown)


def test_the_codebook_is_in_the_viewers_language_else_english(tmp_path, monkeypatch):
    """A data folder (an installed bundle's) without the Chinese codebook: the Chinese view shows
    the English one, and its label (sources.codebook.english) says so."""
    def fresh():  # what @per_dataset keeps its results in
        return SimpleNamespace(memo={}, building={}, building_lock=threading.Lock())

    assert sources_model.codebook(fresh(), "zh")[1] == "zh"
    assert "每个来源文本" in sources_model.codebook(fresh(), "zh")[0]["sources"]
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "README.md").write_text("# codebook\n### `sources.csv`\nOne row per source\n", encoding="utf-8")
    monkeypatch.setattr(data, "DEFAULT_DATA_DIR", tmp_path / "nowhere")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    for lang in LANGS:
        assert sources_model.codebook(fresh(), lang) == ({"sources": "One row per source\n\n"}, "en")
    assert ZH["sources.codebook.english"] != ZH["sources.codebook"]


def test_the_source_read_is_in_the_link(monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(MULTI_SOURCE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["source"] = "synthetic_2025"
    at.switch_page(page_named("sources").path)
    at.run()
    assert at.selectbox(key="source").value == "synthetic_2025"  # a shared link opens its source
    at.selectbox(key="source").select("yongjia_2024").run()
    assert "source" not in at.query_params  # the first source is the default: left out
    at.selectbox(key="source").select("synthetic_2025").run()
    assert at.query_params["source"] == "synthetic_2025"
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["source"] = "no_such_source"
    at.switch_page(page_named("sources").path)
    at.run()
    assert not at.exception and at.selectbox(key="source").value == "yongjia_2024"


def test_overview_tooltip_names_the_second_source(monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(MULTI_SOURCE))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = "2025"
    at.run()
    assert not at.exception
    tile = next(m for m in at.metric if unescape(m.label) == "新增青年人才")
    assert tile.value == "620人" and SECOND["zh"] in unescape(tile.help)
