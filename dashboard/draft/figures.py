"""Every figure in a sentence: Arabic and Chinese numerals with their unit or measure word,
percentages, ranks (第一), 零的突破, and the qualifier words around them (余 多 超 近 约 以上
首次突破 级), mapped to the schema's QUALIFIERS with what the mapping loses.

Chinese numerals are read by cn2an. A figure needs a unit or a measure word (52家, 三大, 千亿 is
千 of 亿): a bare number is a year, a code or part of a name (2024年, 415X, 3+3, S2B2C), and
ordinals that are not ranks (第二届, 第一批) and prize grades (一等奖) are left out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from dashboard.messages import M, Message
from dashboard.numerals import CN_DIGITS, RANK, chinese_number

# Counted things, by their measure word; the longest first so that 人次 wins over 人.
MEASURE_WORDS = ("个百分点", "人次", "家", "个", "项", "名", "位", "人", "所", "座", "件", "款", "台", "套",
                 "条", "场", "次", "户", "辆", "种", "支", "倍", "枚")  # 枚: trademarks, medals
AMOUNT_UNITS = ("美元", "元", "平方公里", "平方米", "公顷", "亩", "千瓦时", "千瓦", "吨", "公里")
MAGNITUDES = {"": 1, "万": 10**4, "千万": 10**7, "亿": 10**8, "万亿": 10**12}
_LONGEST_FIRST = sorted(filter(None, MAGNITUDES), key=len, reverse=True)
PEOPLE = ("人", "名", "位")  # the same head count, printed three ways

# A measure word that starts a longer word is not one: 千亿台阶 is not 千亿 machines (台).
NOT_UNITS = {"台": "阶", "条": "件", "场": "景馆", "所": "有在", "种": "植类子", "支": "持撑", "次": "产"}
_UNITS = "|".join(re.escape(u) + (f"(?![{NOT_UNITS[u]}])" if u in NOT_UNITS else "")
                  for u in sorted(MEASURE_WORDS + AMOUNT_UNITS, key=len, reverse=True))
_ARABIC = re.compile(
    rf"(?<![0-9A-Za-z.+\-/])(?P<num>\d+(?:\.\d+)?)(?![0-9A-Za-z+.])(?P<more1>余|多)?"
    rf"(?P<mag>万亿|亿|万)?(?P<more2>余|多)?(?:(?P<unit>{_UNITS})|(?P<pct>[%％]))?(?P<level>级)?"
    r"(?P<after>以上|左右)?")
_CHINESE = re.compile(
    rf"(?P<num>[{CN_DIGITS}]+)(?P<more1>余|多)?(?P<unit>{_UNITS}|(?<=[两二三四五六七八九十])大)?"
    r"(?P<level>级)?(?P<after>以上|左右)?")
_PERCENT_WORDS = re.compile(rf"百分之(?P<num>[{CN_DIGITS}点]+)")
_BARE_END = re.compile(r"[，,。；;、]|$")
_ZERO = re.compile(r"零(?=的?突破)")

# Words before a number, longest first, and the schema's qualifier for each; then what the
# schema's word loses (the review column says so).
PREFIXES = {"首次突破": "first_exceeded", "突破": "more_than", "超过": "more_than", "超": "more_than",
            "逾": "more_than", "大约": "approx", "约": "approx", "将近": "approx", "接近": "approx",
            "近": "approx", "不足": "approx", "不到": "approx"}
LOST = {
    "突破": M("review.lost.passed", words="突破"),
    "以上": M("review.lost.or_more", words="以上"),
    "近": M("review.lost.nearly", words="近"),
    "将近": M("review.lost.nearly", words="将近"),
    "接近": M("review.lost.close_to", words="接近"),
    "不足": M("review.lost.under", words="不足"),
    "不到": M("review.lost.under", words="不到"),
}  # the other words (首次突破 超过 超 逾 余 多 约 大约 左右 级) lose nothing


@dataclass(frozen=True)
class Figure:
    start: int  # span of value_as_printed in the sentence
    end: int
    printed: str
    number: Decimal  # the printed number: 千亿 is 1000 (of 亿), 178.17% is 178.17
    unit: str  # after the number as printed: 家, 亿元, 万平方米, %, 亿 (a bare magnitude); '' for ranks
    kind: str  # count | amount | magnitude | percent | rank | zero
    qualifier: str  # one of schema.QUALIFIERS
    words: str  # the qualifier words as printed (余, 首次突破, 级), '' when exact

    @property
    def losses(self) -> tuple[Message, ...]:
        """What the qualifier's words lose in the schema's word, for the review column."""
        return tuple(LOST[w] for w in self.words.split("+") if w in LOST)

    @property
    def lost(self) -> str:
        """The same in English, for the row's note (a record of the data, in English)."""
        return "; ".join(loss.text("en") for loss in self.losses)


def split_magnitude(unit: str) -> tuple[str, str]:
    """亿元 → (亿, 元); 万平方米 → (万, 平方米); 亿 → (亿, ''); 家 → ('', 家)."""
    for mag in _LONGEST_FIRST:
        if unit.startswith(mag):
            return mag, unit[len(mag):]
    return "", unit


def _qualifier(before: str, inside: list[str]) -> tuple[str, str, str]:
    """(qualifier, words, prefix printed before the number) from the text just before the
    figure and the words inside or after it (余 多 级 以上 左右)."""
    prefix = next((p for p in PREFIXES if before.endswith(p)), "")
    words = [w for w in [prefix, *inside] if w]
    if "级" in words:
        return "order_of", "+".join(words), prefix
    if prefix:
        return PREFIXES[prefix], "+".join(words), prefix
    if any(w in ("余", "多", "以上") for w in words):
        return "more_than", "+".join(words), prefix
    if "左右" in words:
        return "approx", "+".join(words), prefix
    return "exact", "", prefix


def _kind(unit: str) -> str:
    mag, base = split_magnitude(unit)
    if base in MEASURE_WORDS or base == "大":
        return "count"
    return "amount" if base else "magnitude"


def find_figures(sentence: str) -> list[Figure]:
    """The figures of one sentence, in order, none overlapping another."""
    found: list[Figure] = []
    taken = [False] * len(sentence)

    def add(start: int, end: int, number: Decimal, unit: str, kind: str, inside: list[str]) -> None:
        if any(taken[start:end]) or (kind == "count" and sentence[start - 1:start] == "第"):
            return  # 第二次会议 is an ordinal, not two meetings
        qualifier, words, prefix = (("exact", "", "") if kind == "rank"
                                    else _qualifier(sentence[:start], inside))
        start -= len(prefix)
        found.append(Figure(start, end, sentence[start:end], number, unit, kind, qualifier, words))
        taken[start:end] = [True] * (end - start)

    for m in _ZERO.finditer(sentence):
        add(m.start(), m.end(), Decimal(0), "", "zero", [])
    for m in RANK.finditer(sentence):
        raw = m["num"]
        number = Decimal(raw) if raw.isdigit() else _safe(chinese_number, raw)
        if number is not None:
            add(m.start(), m.end(), number, m["unit"] or "", "rank", [])
    for m in _PERCENT_WORDS.finditer(sentence):
        number = _safe(chinese_number, m["num"])
        if number is not None:
            add(m.start(), m.end(), number, "%", "percent", [])
    for m in _ARABIC.finditer(sentence):
        inside = [m["more1"], m["more2"], m["level"], m["after"]]
        if m["pct"]:
            add(m.start(), m.end(), Decimal(m["num"]), "%", "percent", inside)
        elif m["unit"] or (m["mag"] and (m["level"] or _BARE_END.match(sentence, m.end()))):
            # 完成有效投资36.77亿, : a bare 亿 at a clause's end counts money (propose reads the unit)
            unit = (m["mag"] or "") + (m["unit"] or "")
            add(m.start(), m.end(), Decimal(m["num"]), unit, _kind(unit), inside)
    for m in _CHINESE.finditer(sentence):
        digits, mag = m["num"], ""
        for candidate in ("万亿", "亿", "万"):  # 千亿 is 千 of 亿, 万亿级 is 万 of 亿
            if digits.endswith(candidate) and len(digits) > len(candidate):
                digits, mag = digits[: -len(candidate)], candidate
                break
        if not (m["unit"] or (mag and (m["level"] or digits[-1] in "十百千"))):
            continue  # 万象, 一批, 五步法: not a figure
        if re.search("[一二三四五六七八九两]{2}", digits) or sentence[m.start() - 1:m.start()] == "唯":
            continue  # 唯一一个 is "the only one", not 11
        number = _safe(chinese_number, digits)
        if number is not None:
            unit = mag + (m["unit"] or "")
            add(m.start(), m.end(), number, unit, _kind(unit), [m["more1"], m["level"], m["after"]])
    return sorted(found, key=lambda f: f.start)


def _safe(read, text):
    try:
        return read(text)
    except (ValueError, KeyError, IndexError):  # cn2an's way of saying "not a numeral"
        return None
