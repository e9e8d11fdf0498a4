"""The chain diagram (one cluster per industry, no edge leaving it, a focus), the kinsoku line
breaking of titles and node labels, and the article reader's headings."""

from __future__ import annotations

import re

import pytest

from dashboard import charts, provenance, tables
from dashboard.escape import highlighted
from dashboard.formatting import display_width
from dashboard.i18n import STRINGS, Translator

LANGS = ["zh", "en"]
CLOSING = "）」』】〕〉》〗”’、，。；：！？"
OPENING = "（「『【〔〈《〖“‘"


@pytest.fixture(scope="module")
def ds(first_article):
    """Known rows: the first article's data, frozen (tests/fixtures/first_article)."""
    return first_article


def chain(ds, lang, focus=None):
    tr = Translator(lang)
    industries, members = tables.chain_inputs(ds, tr)
    titles = {g: tr(f"industry.chain.{g}") for g in charts.CHAIN_GROUPS}
    return industries, members, charts.chain_dots(industries, members, titles=titles, focus=focus)


def clusters(dot: str) -> dict[str, dict]:
    """cluster name -> {nodes: {name: attributes}, edges: [(tail, head)]}; edges outside any
    cluster are filed under ''. The builder writes one statement per line."""
    found: dict[str, dict] = {"": {"nodes": {}, "edges": []}}
    current = ""
    for line in dot.splitlines()[1:-1]:
        if opening := re.match(r"subgraph (cluster_\w+) \{", line):
            current = opening[1]
            found[current] = {"nodes": {}, "edges": []}
        elif line == "}":
            current = ""
        elif edge := re.match(r"(\w+) -> (\w+)", line):
            found[current]["edges"].append((edge[1], edge[2]))
        elif node := re.match(r"(\w+) \[(.*)\];$", line):
            if node[1] not in ("graph", "node", "edge"):
                found[current]["nodes"][node[1]] = node[2]
    return found


def label(attributes: str) -> str:
    return re.search(r'label="((?:[^"\\]|\\.)*)"', attributes)[1].replace(r"\n", "")


# --------------------------------------------------------------------------- the diagram

@pytest.mark.parametrize("lang", LANGS)
def test_every_edge_stays_inside_one_industry_cluster(ds, lang):
    industries, members, dots = chain(ds, lang)
    assert list(dots) == ["traditional", "emerging"]
    for dot in dots.values():
        found = clusters(dot)
        assert found.pop("") == {"nodes": {}, "edges": []}  # nothing outside the clusters
        for cluster in found.values():
            for tail, head in cluster["edges"]:
                assert tail in cluster["nodes"] and head in cluster["nodes"], (tail, head)
            # One industry per cluster, the source of every edge: a fan that cannot cross.
            assert {tail for tail, _ in cluster["edges"]} <= {n for n in cluster["nodes"]
                                                            if re.fullmatch(r"i\d+", n)}
            assert len([n for n in cluster["nodes"] if re.fullmatch(r"i\d+", n)]) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_each_industry_lists_its_target_and_every_member_once(ds, lang):
    industries, members, dots = chain(ds, lang)
    found = {name: c for dot in dots.values() for name, c in clusters(dot).items() if name}
    assert len(found) == len(industries) == 6
    for i, row in industries.iterrows():
        nodes = found[f"cluster_{i}"]["nodes"]
        assert label(nodes[f"i{i}"]) == charts.dot_escape(row["label"]).replace(" ", "") or \
            label(nodes[f"i{i}"]).replace(" ", "") == row["label"].replace(" ", "")
        shown = sorted(label(a).replace(" ", "") for n, a in nodes.items() if "m" in n)
        expected = members[members["sector_id"] == row["sector_id"]].drop_duplicates("entity_id")
        assert shown == sorted(charts.dot_escape(x).replace(" ", "") for x in expected["label"])
        assert (f"i{i}t" in nodes) == bool(row["target"])
    # Those linked to several industries are repeated, dashed, in each of their clusters.
    khorgos = members[members["entity_id"] == "khorgos_export_base"]
    assert len(khorgos) == 3
    dashed = [a for c in found.values() for a in c["nodes"].values() if "dashed" in a]
    assert sum(label(a).replace(" ", "") == khorgos["label"].iloc[0].replace(" ", "")
               for a in dashed) == 3


def test_targets_and_labels_read_in_each_language(ds):
    zh, _, zh_dots = chain(ds, "zh")
    en, _, en_dots = chain(ds, "en")
    assert zh.loc[0, "target"] == "转型：系统流程装备和能源关键装备产业"
    assert en.loc[0, "target"].startswith("Shift to: System process equipment")
    assert zh.loc[3, "target"] == en.loc[3, "target"] == ""
    assert 'label="三大传统产业"' in zh_dots["traditional"]
    assert 'label="Three emerging industries"' in en_dots["emerging"]
    assert "Pumps &" in en_dots["traditional"]


def test_members_are_grouped_by_type(ds):
    _, members, _ = chain(ds, "zh")
    order = [tables.CHAIN_MEMBER_TYPES.index(t) for t in members["entity_type"]]
    assert order == sorted(order)


@pytest.mark.parametrize("lang", LANGS)
def test_colours_follow_the_palette_by_sector_order(ds, lang):
    industries, _, dots = chain(ds, lang)
    colours = charts.sector_colours(list(industries["sector_id"]))
    assert list(colours.values()) == charts.PALETTE[:6]
    for dot in dots.values():
        for name, cluster in clusters(dot).items():
            if name:
                i = int(name.removeprefix("cluster_"))
                colour = colours[industries.loc[i, "sector_id"]]
                assert all(f'color="{colour}"' in a for a in cluster["nodes"].values())


@pytest.mark.parametrize("lang", LANGS)
def test_diagram_fits_a_390px_phone_without_shrinking(ds, lang):
    """Streamlit shows a Graphviz chart at its natural size (1 pt = 4/3 px) but never wider than
    its column (~358 px on a 390 px phone): beyond 268 pt it would shrink, and its text with it."""
    for dot in chain(ds, lang)[2].values():
        widths = {n: float(re.search(r" width=([\d.]+)", a)[1]) * 72
                  for c in clusters(dot).values() for n, a in c["nodes"].items()}
        industry = {w for n, w in widths.items() if re.fullmatch(r"i\d+", n)}
        column = {w for n, w in widths.items() if not re.fullmatch(r"i\d+", n)}
        assert len(industry) == len(column) == 1  # one width per rank: the clusters line up
        # Around them, measured in Chromium: 43.8 pt (pad, cluster margins, rank separation).
        assert industry.pop() + column.pop() + 44 <= 268, dot[:80]


@pytest.mark.parametrize("lang", LANGS)
def test_focus_shows_its_group_with_the_siblings_collapsed(ds, lang):
    industries, members, dots = chain(ds, lang, focus="pumps_valves")
    assert list(dots) == ["traditional"]
    found = clusters(dots["traditional"])
    assert len(found["cluster_0"]["nodes"]) == 1 + 1 + len(members.query("sector_id == 'pumps_valves'"))
    for sibling in ("cluster_1", "cluster_2"):
        (only,) = found[sibling]["nodes"].values()
        assert charts.MUTED in only and found[sibling]["edges"] == []
    emerging = chain(ds, lang, focus="life_health")[2]
    assert list(emerging) == ["emerging"] and "cluster_5" in emerging["emerging"]
    assert "#BBBBBB" not in clusters(emerging["emerging"])["cluster_5"]["nodes"]["i5"]


def test_chain_dot_labels_are_escaped():
    industries = __import__("pandas").DataFrame({
        "sector_id": ["a"], "group": ["traditional"], "label": ['x"; evil [label="y'],
        "target": ["{t}"]})
    members = __import__("pandas").DataFrame({"entity_id": ["m"], "label": ["<b>\\"],
                                              "sector_id": ["a"], "entity_type": ["park"]})
    dot = charts.chain_dot(industries, members, group="traditional", title='T"')
    for line in dot.splitlines():
        if "label=" in line:
            assert re.search(r'label="((?:[^"\\]|\\.)*)"', line) and line.endswith(("];", ";"))
    assert r'label="T\""' in dot and r"\{t\}" in dot and r"\<b\>\\" in dot


# --------------------------------------------------------------------------- line breaking

def broken_lines(text: str, ems: float, balanced: bool = False) -> list[str]:
    return charts._wrap(text, ems, balanced=balanced)


@pytest.mark.parametrize("text, ems", [
    ("青年创新创业人才：完成情况（2024年1—11月）", 21),
    ("《永嘉县泵阀产业关键技术协同攻关项目揭榜挂帅实施方案》", 13),
    ("永嘉：拥江融入，攀高逐“新”", 6),
    ("Shoes & apparel (incl. garment accessories)", 9),
])
def test_closing_punctuation_keeps_to_the_character_before(text, ems):
    for balanced in (False, True):
        lines = broken_lines(text, ems, balanced)
        assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", text)
        for line in lines:
            assert line and line[0] not in CLOSING, lines
            assert line[-1] not in OPENING, lines


@pytest.mark.parametrize("ems", [9, 13, 21])
def test_a_number_keeps_the_character_after_it(ems):
    """"11" / "月）" read as two things: a number and its unit or counter stay on one line."""
    for text in ("青年创新创业人才：完成情况（2024年1—11月）", "新增高新技术企业52家，科技型中小企业210家"):
        for balanced in (False, True):
            lines = broken_lines(text, ems, balanced)
            assert "".join(lines) == text
            for before, after in zip(lines, lines[1:]):
                assert not (before[-1].isdigit() and "\u2e80" <= after[0] <= "\u9fff"), lines
    assert broken_lines("青年创新创业人才：完成情况（2024年1—11月）", 21)[-1] == "1—11月）"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("ems", [6, 13, 21, 30])
def test_no_string_of_ours_wraps_to_an_orphan_punctuation_mark(lang, ems):
    for text in STRINGS[lang].values():
        if not text.strip(CLOSING + " "):
            continue  # a separator such as "、", only ever joined between items
        lines = broken_lines(text, ems)
        for line in lines:
            assert line.strip(CLOSING + " "), (text, lines)  # not closing punctuation alone
            assert line[0] not in CLOSING and line[-1] not in OPENING, (text, lines)


def test_balanced_lines_are_as_many_but_even():
    greedy = broken_lines("转型：教育装备及文化创意产业", 13)
    balanced = broken_lines("转型：教育装备及文化创意产业", 13, balanced=True)
    assert greedy == ["转型：教育装备及文化创意产", "业"]
    assert balanced == ["转型：教育装备", "及文化创意产业"]
    english = broken_lines("Yongjia system-process-equipment innovation service complex", 13)
    assert all(display_width(line) <= 13 for line in english)  # broken after a hyphen
    assert "e-" not in broken_lines("Cross-border e-commerce + industry belt", 8)[0][-2:]


# --------------------------------------------------------------------------- the article reader

def test_article_headings_become_markdown_headings_with_escaped_text():
    article = "# 标题 *一*\n\n正文甲乙\n\n## 小节“强磁场”\n正文丙 [x](y)"
    spans = provenance.quote_spans(article, ["“强磁场”", "甲乙"])
    paragraphs = provenance.segments(article, spans)
    assert [level for level, _ in paragraphs] == [1, 0, 2, 0]
    markdown = [highlighted(pieces, level) for level, pieces in paragraphs]
    assert markdown[0] == r"### 标题 \*一\*"
    assert markdown[1] == "正文:orange-background[甲乙]"
    assert markdown[2] == "#### 小节:orange-background[“强磁场”]"
    assert markdown[3] == r"正文丙 \[x\]\(y\)"


def test_the_article_has_no_raw_hash_left(ds):
    article = ds.texts["yongjia_2024"]
    spans = provenance.quote_spans(article, provenance.all_quotes(ds, "yongjia_2024"))
    paragraphs = provenance.segments(article, spans)
    headings = ["".join(t for t, _ in pieces) for level, pieces in paragraphs if level]
    assert headings[0] == "永嘉：拥江融入，攀高逐“新”" and len(headings) == 4
    for level, pieces in paragraphs:
        text = highlighted(pieces, level)
        assert not re.match(r"\\?#", text.lstrip("#").lstrip()), text[:40]
    # Quotes are still highlighted, in body text and in headings alike.
    assert sum(marked for _, pieces in paragraphs for _, marked in pieces) > 40
    assert any(marked for level, pieces in paragraphs if level for _, marked in pieces)
