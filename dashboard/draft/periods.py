"""The period a figure refers to, read from the time words before it (2024年, 1—11月, 目前,
去年, 近两年, 过去一年, 前不久) or from a goal word (剑指, 力争, 迈上), with the words it was read
from. The words are read by dashboard.timewords (the validator's reading too) against the date of
--published, or else the end of the latest year the text names (an article reporting 2024 results
says 目前 for the end of 2024)."""

from __future__ import annotations

import re
from datetime import date

from dashboard.timewords import TIME, Period, resolve

# A goal word without a year of its own: an undated goal (a dated one is a target for that year).
GOAL = re.compile(r"剑指|力争|迈上|争取|冲击|(?<!年度)目标(?!完成|任务)|到\d{4}年")
YEAR = re.compile(r"\d{4}年")


def reference_year(text: str, published: date | None) -> int | None:
    """--published's year, else the latest year the text names (2024年, 2024年度); None when it
    names none (its 去年 and 目前 cannot be read)."""
    if published:
        return published.year
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})(?=年)", text)]
    return max(years) if years else None


def present_year(text: str, published: date | None) -> int | None:
    """The year the text's 目前 and 现有 stand in: --published's, else the latest year it names when
    it names that year more than once (a text reporting on a year names it again and again; a
    year named once is an event's, such as a plan's 2011 in a report of some later 3月6日); None:
    the text's present has no date, and its 目前 figures are undated."""
    if published:
        return published.year
    years = re.findall(r"((?:19|20)\d{2})(?=年)", text)
    latest = max(years, default=None)
    return int(latest) if latest and years.count(latest) > 1 else None


def period_before(text: str, ref: int, published: date | None) -> Period | None:
    """The period stated in `text` (the sentence up to a figure): a goal word wins, else the
    last time words; None when there are none."""
    goal = list(GOAL.finditer(text))
    if goal and not YEAR.search(text):
        return Period("goal", None, None, goal[-1].group())
    if not TIME.search(text):
        return None
    return resolve(text, published or date(ref, 12, 31))
