"""How a figure reads on screen, in each language: value, qualifier and unit together."""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd

from dashboard.i18n import text

# Chinese units that carry a magnitude, and how English states them.
EN_SCALES = {"亿元": (1e8, "CNY"), "万平方米": (1e4, "m²"), "万人": (1e4, "people")}
EN_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


# Chinese magnitude words for round amounts, as the article prints goals (千亿, 万亿级, 千万级).
ZH_POWERS = {3: "千", 4: "万", 5: "十万", 6: "百万", 7: "千万", 8: "亿", 9: "十亿", 10: "百亿",
             11: "千亿", 12: "万亿", 13: "十万亿"}
ZH_SCALES = {"万": 4, "亿": 8}  # a unit's leading magnitude character, as a power of ten


def _zh_amount(value: float, unit_zh: str, printed: str) -> str:
    """The number and unit as a Chinese reader writes them: a round amount printed in words
    (千亿) stays in words with its unit (千亿元); 10000 and more of a 万 unit goes to 亿
    (12000万元 -> 1.2亿元), 10000 and more of a plain unit to 万 (52000人 -> 5.2万人)."""
    power = ZH_SCALES.get(unit_zh[:1], 0)
    base = unit_zh[1:] if power else unit_zh
    exponent = power + math.log10(value) if value > 0 else 0.0
    if printed and not re.search(r"\d", printed) and exponent.is_integer() and int(exponent) in ZH_POWERS:
        return f"{ZH_POWERS[int(exponent)]}{base}"
    if value >= 1e4 and power < 8:
        step = 8 - power if power else 4
        shorter = value / 10 ** step
        if round(shorter, 2) == shorter:
            return f"{number(shorter, 'zh')}{ZH_POWERS[power + step]}{base}"
    printed_digits = re.search(r"\d+(?:\.\d+)?", printed or "")  # 52.0 stays 52.0, as printed
    if printed_digits and float(printed_digits.group()) == value:
        return f"{printed_digits.group()}{unit_zh}"
    return f"{number(value, 'zh')}{unit_zh}"


def number(value: float, lang: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "") if lang == "zh" else text


def _english_amount(value: float, unit_zh: str, unit_en: str) -> str:
    if unit_zh not in EN_SCALES:
        if value == 1 and unit_en.endswith("s"):
            unit_en = unit_en[:-1]
        return f"{number(value, 'en')}{'' if unit_en == '%' else ' '}{unit_en}"
    scale, unit = EN_SCALES[unit_zh]
    amount = value * scale
    for size, word in EN_WORDS:
        if amount >= size:
            text = f"{number(amount / size, 'en')} {word}"
            break
    else:
        text = number(amount, "en")
    return f"{unit} {text}" if unit == "CNY" else f"{text} {unit}"


def figure(row: pd.Series | dict, lang: str) -> str:
    """'10余位' / '10+ people'; '约1200人' / '≈1,200 people'; '万亿元级' / '~CNY 1 trillion';
    '千亿元' / 'CNY 100 billion'; '第一' / 'No. 1'; '首次突破50亿元' / 'passed CNY 5 billion for
    the first time'."""
    value, printed = float(row["value"]), row.get("value_as_printed")
    printed = "" if pd.isna(printed) else printed
    qualifier, measure = row["qualifier"], row["measure"]
    if measure == "rank":
        return (printed or f"第{number(value, lang)}") if lang == "zh" else f"No. {number(value, lang)}"
    if qualifier == "first_exceeded":  # 首次突破: "more than" and "for the first time" at once
        amount = _zh_amount(value, row["unit_zh"], printed) if lang == "zh" else _english_amount(
            value, row["unit_zh"], row["unit_en"])
        return text(lang, "amount.first_exceeded", amount=amount)
    if lang == "zh":
        amount = _zh_amount(value, row["unit_zh"], printed)
        if (qualifier != "exact" and printed and not re.search(r"\d", printed)
                and printed.rstrip("级")[:2] not in amount):
            return printed  # words the number cannot be written back into (一半以上): as printed
        # Keep the article's own word for "more than": 余/多 after the number, 以上 after the
        # unit, 超/超过/逾/突破 before it (6.5%以上 is "at least", not 6.5多%).
        more = re.search(r"\d([余多])", printed)
        word = re.match(r"(超过|超|逾|突破)", printed)
        head = "约" if qualifier == "approx" else ""
        mark, tail = "", "级" if qualifier == "order_of" else ""
        if qualifier == "more_than":
            if more:
                mark = more.group(1)
            elif "以上" in printed:
                tail = "以上"
            elif word:
                head = word.group(1)
            else:
                mark = "多"
        if mark:  # the article's 余/多 goes between the number and the unit: 1000多名, 10余位
            digits = re.match(r"[\d.]+", amount)
            amount = amount[:digits.end()] + mark + amount[digits.end():] if digits else mark + amount
        return f"{head}{amount}{tail}"
    english = _english_amount(value, row["unit_zh"], row["unit_en"])
    if qualifier == "more_than":
        head, _, tail = english.partition(" ")
        return f"{head}+ {tail}".strip() if head[0].isdigit() else f"more than {english}"
    # "~" rather than "on the order of": a tile is ~19 characters wide on a phone. The tile's
    # tooltip spells it out (tables.figure_help).
    return {"approx": f"≈{english}", "order_of": f"~{english}"}.get(qualifier, english)


def display_width(text: str) -> float:
    """Width in ems: CJK characters are a full em, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)
