"""The chain diagram as drawn in Chromium: no two edges cross, every box holds its text, the
industries read top down in their order, and at 390 px it is drawn at its own size (not shrunk)."""

from __future__ import annotations

import pytest
from browser_support import PHONE, SCREENSHOTS, wait_ready
from playwright.sync_api import Page

# Each edge path sampled into a polyline, in the SVG's own coordinates.
EDGES = """chart => [...chart.querySelectorAll('g.edge path')].map(path => {
  const n = 24, length = path.getTotalLength();
  return [...Array(n + 1).keys()].map(i => { const p = path.getPointAtLength(length * i / n);
                                             return [p.x, p.y]; });
})"""

# Nodes whose text reaches outside the shape drawn for them (in SVG units, 0.5 of slack), with
# both boxes: [top, bottom] of the text and of the shape.
OVERFLOWING = """chart => [...chart.querySelectorAll('g.node')].flatMap(node => {
  const shape = node.querySelector('polygon, path').getBBox();
  const texts = [...node.querySelectorAll('text')].map(t => t.getBBox());
  const top = Math.min(...texts.map(t => t.y)), bottom = Math.max(...texts.map(t => t.y + t.height));
  return top < shape.y - 0.5 || bottom > shape.y + shape.height + 0.5
    ? [[node.querySelector('title').textContent, [top, bottom], [shape.y, shape.y + shape.height]]] : [];
})"""


def crosses(a, b) -> bool:
    """Do segments a and b meet (one crossing the other, or through a shared point)?"""
    (x1, y1), (x2, y2), (x3, y3), (x4, y4) = *a, *b

    def side(ax, ay, bx, by, cx, cy):
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

    d1, d2 = side(x3, y3, x4, y4, x1, y1), side(x3, y3, x4, y4, x2, y2)
    d3, d4 = side(x1, y1, x2, y2, x3, y3), side(x1, y1, x2, y2, x4, y4)
    if d1 == d2 == 0:  # collinear: overlapping is not crossing
        return False
    return d1 * d2 <= 0 and d3 * d4 <= 0


def crossings(edges: list[list[list[float]]]) -> list[tuple[int, int]]:
    """Pairs of edges that cross, leaving out the first 4 pt of each, where a fan's edges share
    their industry node."""
    def trimmed(line):
        start = line[0]
        return [p for p in line if abs(p[0] - start[0]) + abs(p[1] - start[1]) > 4]

    lines = [trimmed(e) for e in edges]
    found = []
    for i in range(len(lines)):
        for j in range(i + 1, len(lines)):
            if any(crosses(a, b) for a in zip(lines[i], lines[i][1:])
                   for b in zip(lines[j], lines[j][1:])):
                found.append((i, j))
    return found


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("query", ["", "&sector=pumps_valves"])
def test_industry_chain_edges_never_cross_and_fit_a_phone(page: Page, app_url: str, lang, query):
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/industry?lang={lang}{query}")
    wait_ready(page)
    charts = page.locator("[data-testid='stGraphVizChart']")
    assert charts.count() == (1 if query else 2)
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert crossings(chart.evaluate(EDGES)) == []
        assert chart.evaluate(OVERFLOWING) == []  # every box holds its lines (the targets' arrows)
        shrink = chart.evaluate("c => { const s = c.querySelector('svg');"
                                " return s.getBoundingClientRect().width / s.viewBox.baseVal.width; }")
        assert shrink > 1.3, shrink  # 4/3 px per pt: drawn at its own size, not shrunk to fit
    if not query:  # pumps & valves, then shoes & apparel, then educational toys, top down
        names = {"zh": ["泵阀", "鞋服", "教玩具"], "en": ["Pumps", "Shoes", "Educational"]}[lang]
        tops = [charts.nth(0).locator("g.node text", has_text=n).first.bounding_box()["y"]
                for n in names]
        assert tops == sorted(tops), tops
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    charts.first.screenshot(path=SCREENSHOTS / f"chain-{lang}-390{query.replace('&', '-')}.png")
