"""Hostile text in the data never becomes markup: generated from the shipped data, every free-text
column replaced by strings that try to break out of HTML, Markdown, DOT and deck.gl tooltips."""

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, data
from dashboard.escape import codebook_sections
from dashboard.pages import PAGES

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    'a"; b -> c [label="x", URL="javascript:alert(1)"] {',
    "back\\slash}{ and\nnew\rline\ttab",
    "[link](javascript:alert(1)) ![img](http://example.invalid/x.png) :red[red] **bold** $x^2$",
    "\u202eright-to-left\u200f mark 🚀🏭 emoji",
    "长" * 3000,
]
FREE_TEXT = re.compile(r"^(label|short_label|name|description|honour|transformation_target)_(zh|en)$|"
                       r"^(note|status_zh|date_source|title|authors|column|photo_credit|identity_zh|identity_en)$")


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(data.DEFAULT_DATA_DIR, folder)
    for path in [*folder.glob("*.csv"), *(folder / "geo").glob("*.csv")]:
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        if not rows:
            continue
        for n, row in enumerate(rows):
            for column in row:
                if FREE_TEXT.match(column) and row[column] is not None:
                    row[column] = HOSTILE[n % len(HOSTILE)] + f" #{n}"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    assert data.validate(folder)[1] == [], "the hostile corpus must still be valid data"
    return folder


def markdown_texts(at: AppTest) -> list[str]:
    """Every string the frontend renders as Markdown."""
    texts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "info",
                                  "warning", "error", "success") for e in getattr(at, kind)]
    for metric in at.metric:
        texts += [metric.label, metric.proto.help]
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
    # Our documentation, not data:
    codebook = {c.strip() for c in codebook_sections(data.codebook_text()).values()}
    for text in {t.strip() for t in markdown_texts(at)} - codebook:
        for token in ("<", "](", "![", ":red[", "$"):
            assert not unescaped(text, token), (token, text[:200])
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
    assert codebook_sections(data.codebook_text()) == {"sources": "\n ok\n"}
