"""Which existing indicator a figure measures: every indicator whose unit fits the figure is
scored on how much of its zh labels (label_zh, short_label_zh) appears around the number, with
a nudge for the measure the words suggest (新增 flow, 累计/目前 stock, 剑指 goal). The best one
above MATCH_MIN is proposed with its score; else a new indicator with its zh label from the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from dashboard.draft.figures import MAGNITUDES, MEASURE_WORDS, PEOPLE, Figure, split_magnitude

MATCH_MIN = 0.35  # labels fitting less than this: a new indicator (scores are 0..1.1 with the nudge)
SURE = 0.6  # at or above this, with a clear lead, the review column does not ask about the indicator

STOCK_WORDS = re.compile(r"累计|目前|当前|现有|拥有|已建成|建成|在孵|总计|共有|总投资|截至|已有")
FLOW_WORDS = re.compile(r"新增|新入选|入选|引进|输送|新建|新培育|招引|获评|列入|新认定|增长|完成")
_NOT_TEXT = re.compile(r"[\s\d.%％，。；：、！？“”‘’《》（）()\[\]【】+\-—…·]")
GROWTH_WORDS = re.compile(r"同比|增长|增速|增幅|下降|提高|提升")
SEGMENT = re.compile(r"[，。；：、！？]")


@dataclass(frozen=True)
class Match:
    indicator_id: str
    score: float
    factor: Decimal  # value in the indicator's unit = printed number × factor
    runner_up: str  # the next best, for the review column ('' if none)
    runner_score: float


def bigrams(text: str) -> set[str]:
    text = _NOT_TEXT.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


@cache
def label_bigrams(label: str) -> frozenset[str]:
    return frozenset(bigrams(label))


def coverage(label: str, context: set[str]) -> float:
    """The share of the label's character pairs found in the context."""
    pairs = label_bigrams(label)
    return len(pairs & context) / len(pairs) if pairs else 0.0


def segment(sentence: str, figure: Figure) -> str:
    """The clause (between ，。；：、) that holds the figure."""
    starts = [m.end() for m in SEGMENT.finditer(sentence, 0, figure.start)]
    end = SEGMENT.search(sentence, figure.end)
    return sentence[(starts[-1] if starts else 0):(end.start() if end else len(sentence))]


def measure_hint(figure: Figure, clause: str, before: str, goal: bool) -> str | None:
    """rank, rate, goal, stock or flow as the words suggest; None when they do not say."""
    if figure.kind == "rank":
        return "rank"
    if goal:
        return "goal"
    if figure.kind == "percent":
        return "rate"
    for text in (clause, before):
        stock, flow = STOCK_WORDS.search(text), FLOW_WORDS.search(text)
        if stock or flow:
            return "stock" if stock and (not flow or stock.start() > flow.start()) else "flow"
    return None


def unit_factor(figure: Figure, row: dict) -> Decimal | None:
    """How the printed number converts into the indicator's unit; None if it cannot be its value."""
    measure = row["measure"]
    if figure.kind == "rank":
        return Decimal(1) if measure == "rank" else None
    if measure in ("rank", "target"):  # a target is derived, never printed
        return None
    if figure.kind == "percent":
        return Decimal(1) if row["unit_zh"] == "%" else None
    f_mag, f_base = split_magnitude(figure.unit)
    i_mag, i_base = split_magnitude(row["unit_zh"])
    if figure.kind == "zero":
        return Decimal(1) if i_base in MEASURE_WORDS else None
    same = f_base == i_base or not f_base or (f_base in PEOPLE and i_base in PEOPLE)
    if not same or i_base == "%":
        return None
    return Decimal(MAGNITUDES[f_mag]) / Decimal(MAGNITUDES[i_mag])


# Words that say which part of the whole a figure is about: a figure and an indicator must agree
# on each (规上 is not the whole county, a town's or the city's figure is not the county's).
SCOPES = (re.compile(r"规上|规模以上"), re.compile(r"[\u4e00-\u9fff]{1,3}(?:镇|街道|乡)(?!村)"),
          re.compile(r"全市|温州市|全省|浙江省|全国"))


def same_scope(label: str, row: dict, rank: bool = False) -> bool:
    """The figure's words and the indicator's labels name the same part (or both none); a rank's
    全省 or 温州市 is where it ranks, not whose figure it is."""
    names = row["label_zh"] + row["short_label_zh"]
    return all(bool(s.search(label)) == bool(s.search(names)) for s in SCOPES[:2 if rank else 3])


def fits(figure: Figure, row: dict, label: str, hint: str | None, goal: bool) -> bool:
    """Never cross 规上 and the whole, a town and the county, a goal and an actual, a stock and a
    flow: a wrong match costs more than a new indicator."""
    if not same_scope(label, row, rank=figure.kind == "rank"):
        return False
    if goal != (row["measure"] == "goal"):
        return False
    return not (hint in ("stock", "flow") and row["measure"] in ("stock", "flow") and hint != row["measure"])


def best_indicator(indicators: list[dict], figure: Figure, clause: str, sentence: str,
                   hint: str | None, label: str = "", goal: bool = False) -> Match | None:
    """`indicators`: indicators.csv's rows as dicts (read once per article, not per figure);
    `label` the figure's own words (phrases.labels), which also decide its scope."""
    near, wide = bigrams(clause + label), bigrams(sentence)
    # A count, an amount or 零的突破 is named in its own clause (新增高新技术企业52家); a rank or a
    # rate qualifies a quantity the sentence names before it (…人才2138人，…位列温州市第一).
    near_weight = 0.3 if figure.kind in ("rank", "percent") else 1.0
    rate = figure.kind == "percent"
    if rate and len(label) > 4:  # a rate with its own noun (工业投资同比增长 of a 分别 list) is that
        near, near_weight = bigrams(GROWTH_WORDS.sub("", label)), 1.0  # noun's, not the sentence's
    scored = []
    for row in indicators:
        factor = unit_factor(figure, row)
        if factor is None or not fits(figure, row, label or clause, hint, goal):
            continue
        labels = (row["label_zh"], row["short_label_zh"])
        if rate:  # 同比增长 alone says nothing of what grew
            labels = tuple(GROWTH_WORDS.sub("", x) for x in labels)
        score = (near_weight * max(coverage(label, near) for label in labels)
                 + (1 - near_weight) * max(coverage(label, wide) for label in labels))
        if score < MATCH_MIN:  # the words must fit on their own; the measure only ranks
            continue
        if hint and hint in ("stock", "flow") and hint == row["measure"]:
            score += 0.1
        scored.append((round(score, 2), row["indicator_id"], factor))
    scored.sort(key=lambda s: -s[0])
    if not scored:
        return None
    runner = scored[1] if len(scored) > 1 else (0.0, "", None)
    return Match(scored[0][1], scored[0][0], scored[0][2], runner[1], runner[0])


# The industries (sectors.csv's 3+3, not themes: a theme_id of one fails the validator): an
# indicator that names one is linked to it in sector_links.csv, which the analyst adds.
INDUSTRY_WORDS = (("pumps_valves", r"泵|阀"), ("edu_toys", r"教玩具|玩具"), ("shoes_apparel", r"鞋|服装"))
# A new indicator's theme from its own words, first fit wins; else the nearest indicator's theme.
THEME_WORDS = (("ecommerce", r"电商|电子商务|网络零售"), ("incubation", r"孵化|众创"),
               ("talent", r"人才|博士|院士|工匠|从业人员"), ("digitalisation", r"数字化|智能化|上云"),
               ("economy", r"投资|生产总值|GDP|财政|预算收入|税收|产值|增加值|人口|进出口|出口|外贸"),
               ("outward", r"出口|外贸"),  # without an economy theme (a folder older than it)
               ("enterprises", r"专精特新|小巨人|隐形冠军|高新技术企业|规上企业|上市|商标|名牌|企业$"),
               ("overall", r"标准|品牌|质量|产业"), ("major_projects", r"项目"))


def industries(text: str, sectors: set[str]) -> list[str]:
    """The industries (of `sectors`, the data's) whose words `text` holds."""
    return [sector for sector, words in INDUSTRY_WORDS if sector in sectors and re.search(words, text)]


def theme(indicators: list[dict], themes: set[str], label: str, clause: str, sentence: str) -> str:
    """`themes`: the data's themes (sectors.csv's group theme; economy once it has it)."""
    for theme_id, words in THEME_WORDS:
        if theme_id in themes and re.search(words, label):
            return theme_id
    return nearest_theme(indicators, clause, sentence)


def nearest_theme(indicators: list[dict], clause: str, sentence: str) -> str:
    """The theme of the indicator whose labels best fit the words, whatever its unit."""
    near, wide = bigrams(clause), bigrams(sentence)
    best, theme = 0.0, "overall"
    for row in indicators:
        score = max(0.6 * coverage(row["label_zh"], near) + 0.4 * coverage(row["label_zh"], wide), 0)
        if score > best:
            best, theme = score, row["theme_id"]
    return theme


LEAD = re.compile(r"^(?:其中|同时|另外|此外|永嘉县?|全县|我县|共|已|并|还|均|累计|目前|当前)+")


def new_label(clause: str, figure: Figure, words: str) -> str:
    """A zh label from the clause: its words without the figure, time words and a leading
    subject (永嘉, 全县); the analyst shortens it."""
    start = clause.find(figure.printed)
    text = clause[:start] + clause[start + len(figure.printed):] if start >= 0 else clause
    if words:
        text = text.replace(words, "")
    text = LEAD.sub("", text.strip("，。；：、！？ "))
    return text[:30] or figure.printed
