"""Hostile text in the data never becomes markup: generated from the shipped data, every free-text
column of every table replaced by strings that try to break out of HTML, Markdown, DOT and deck.gl
tooltips (tests/hostile_corpus.py)."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, data
from dashboard.escape import BIDI_CONTROLS, WORD_JOINER, codebook_sections
from dashboard.pages import PAGES
from dashboard.schema import GEO_TABLES, TABLES
from tests.hostile_corpus import HOSTILE, KEPT, build_hostile, hostile_columns

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
# After unescaping: text Streamlit's Markdown would still turn into a link.
AUTOLINK = re.compile(r"(?i)https?://|www\.|@(?!" + WORD_JOINER + ")")


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    folder = build_hostile(tmp_path_factory.mktemp("hostile") / "data")
    assert data.validate(folder)[1] == [], "the hostile corpus must still be valid data"
    return folder


def test_the_corpus_covers_every_free_text_column():
    covered = {(name, c) for name, t in {**TABLES, **GEO_TABLES}.items() for c in hostile_columns(t)}
    assert {("indicators", "unit_zh"), ("indicators", "unit_en"), ("periods", "label_en"),
            ("sources", "title"), ("geo/places", "name_en")} <= covered
    # what is left out is ids, vocabularies, references, numbers, dates, paths and formulas
    for name, table in {**TABLES, **GEO_TABLES}.items():
        for column, spec in table.columns.items():
            if (name, column) not in covered and spec.kind == "text":
                assert (spec.allowed or spec.ref or column.endswith("_id") or column in table.key
                        or column in KEPT)


def markdown_texts(at: AppTest) -> list[str]:
    """Every string the frontend renders as Markdown."""
    texts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "info",
                                  "warning", "error", "success") for e in getattr(at, kind)]
    for metric in at.metric:  # all five render Markdown in Streamlit 1.67
        texts += [metric.label, metric.value, metric.proto.delta, metric.proto.delta_description,
                  metric.proto.help]
    return texts


def unescaped(text: str, token: str) -> bool:
    return any(text[i - 1:i] != "\\" for i in (m.start() for m in re.finditer(re.escape(token), text)))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_hostile_text_is_never_markup(hostile_dir, monkeypatch, page, lang):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(hostile_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    if page.slug:  # not the default page
        at.switch_page(page.path)
        at.run()
    assert not at.exception
    # the codebook is our documentation, not data (its own tests are below)
    codebook = {c.strip() for lang in data.CODEBOOK_FILES
                for c in codebook_sections(data.codebook_text(lang)).values()}
    texts = {t.strip() for t in markdown_texts(at)} - codebook
    if page.name in ("overview", "sources"):  # the hostile rows are on the page
        assert any("\\#1" in t for t in texts)
    for text in texts:
        for token in ("<", "](", "![", "][", ":red[", "$", ":material", ":rocket", "~~", "`", "&lt;"):
            assert not unescaped(text, token), (token, text[:200])
        assert not AUTOLINK.search(re.sub(r"\\(.)", r"\1", text)), text[:200]
        assert not BIDI_CONTROLS.search(text), text[:200]
    for frame in at.dataframe:  # shown as text: no bidi control may turn a figure around
        cells = frame.value.astype(str).stack()
        assert not cells.str.contains(BIDI_CONTROLS.pattern).any()
    for deck in at.get("deck_gl_json_chart"):
        assert "html" not in json.loads(deck.proto.tooltip or "{}")
    for graph in at.get("graphviz_chart"):
        for line in graph.proto.spec.splitlines():
            if "label=" in line:  # one statement per line: nothing broke out of its quotes
                label = re.search(r'label="((?:[^"\\]|\\.)*)"', line)
                assert label and line.rstrip().endswith(("];", ";")), line[:200]


def test_dot_escape_survives_every_hostile_string():
    for text in HOSTILE:
        escaped = charts.dot_escape(text)
        assert re.fullmatch(r'(?:[^"\\\n\r]|\\.)*', escaped), escaped[:100]


def test_codebook_images_are_not_rendered(tmp_path, monkeypatch):
    """Installed from the bundle, the codebook comes from the data folder: no image may load."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "README.md").write_text("intro\n### `sources.csv`\n![x](http://example.invalid/x.png) ok\n",
                                      encoding="utf-8")
    monkeypatch.setattr(data, "DEFAULT_DATA_DIR", tmp_path / "nowhere")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    assert codebook_sections(data.codebook_text()) == {"sources": " ok\n\n"}


CODEBOOK_ATTACKS = [
    "![x](http://198.51.100.7/inline.png)",
    "![reference][r]",
    "![collapsed][]",
    "![r]",
    "[![nested](http://198.51.100.7/nested.png)](http://198.51.100.7/link)",
    "![a [nested] alt](http://198.51.100.7/brackets.png)",
    "![escaped \\] bracket](http://198.51.100.7/escaped.png)",
    "[a link](http://198.51.100.7/l) <http://198.51.100.7/auto>",
    "http://198.51.100.7/bare www.example.com a@b.cn",
    "<img src=http://198.51.100.7/raw.png> :red[x] $x$",
]


@pytest.mark.parametrize("attack", CODEBOOK_ATTACKS)
def test_codebook_keeps_no_image_and_no_link(attack):
    """The codebook is parsed (markdown-it) and written out from the tree: whatever the form of an
    image or a link, none is left, and the text around it stays."""
    codebook = (f"# title\n### `sources.csv`\n\nbefore {attack} after\n\n| a | b |\n|---|---|\n"
                f"| {attack} | `code` |\n\n- item {attack}\n\n[r]: http://198.51.100.7/ref.png\n")
    section = codebook_sections(codebook)["sources"]
    shown = re.sub(r"\\(.)", r"\1", section)
    assert "before" in shown and "after" in shown and "`code`" in section and "| a | b |" in section
    assert not AUTOLINK.search(shown), section
    for token in ("](", "![", "<", "][", ":red[", "$"):
        assert not unescaped(section, token), (token, section)


def test_codebook_renders_every_shipped_table_section():
    """Both languages' codebooks, each table's section under the same heading."""
    for lang in data.CODEBOOK_FILES:
        assert list(codebook_sections(data.codebook_text(lang))) == list(TABLES), lang
    assert "| `value_as_printed` | text | for `reported` |" in codebook_sections(
        data.codebook_text("en"))["observations"]
    assert "| `value_as_printed` | 文本 | `reported` 必填 |" in codebook_sections(
        data.codebook_text("zh"))["observations"]
