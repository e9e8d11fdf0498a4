"""The period a figure refers to, read from the time words before it (2024年, 1—11月, 目前,
去年, 近两年, 过去一年, 前不久) or from a goal word (剑指, 力争, 迈上), with the words it was read
from. Relative words count back from a reference year: the year of --published, or else the
latest year the text names (an article reporting 2024 results says 目前 for the end of 2024)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from dashboard.draft.figures import chinese_number

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DASH = "[—–\\-~～至到]"
_N = "[0-9两二三四五六七八九十]+"

# One alternation, scanned left to right; the last match before a figure is its period.
TIME = re.compile("|".join([
    rf"(?P<ytd>(?P<ytd_y>\d{{4}})年)?(?P<m1>\d{{1,2}})月?{_DASH}(?P<m2>\d{{1,2}})月",
    r"截至(?P<asof_y>\d{4})年(?:(?P<asof_m>\d{1,2})月)?(?:底|末)?",
    r"(?P<day_y>\d{4})年(?P<day_m>\d{1,2})月(?P<day_d>\d{1,2})日",
    r"(?P<mon_y>\d{4})年(?P<mon_m>\d{1,2})月(?P<mon_end>底|末)?",
    r"(?P<end_y>\d{4})年(?:底|末)",
    r"(?P<half_y>\d{4})?年?(?P<half>上半年)",
    r"(?P<year>\d{4})年度?",
    rf"(?P<recent>近(?P<recent_n>{_N})年)",
    r"(?P<rel>去年|今年|前年|过去一年|近一年)",
    r"(?P<now>截至目前|截至当前|目前|当前|至今|如今|现有)",
    r"(?P<vague>前不久|不久前|近日|日前|近期|近年来)",
]))
GOAL = re.compile(r"剑指|力争|迈上|争取|冲击|预计|目标(?!完成|任务)|到\d{4}年")


@dataclass(frozen=True)
class Period:
    kind: str  # one of schema.PERIOD_KINDS
    start: date | None
    end: date | None
    words: str  # as printed: 2024年1—11月, 目前, 近两年; '' when the text gives none
    note: str = ""  # how the words were read, when it is not plain

    @property
    def year(self) -> int | None:
        return self.end.year if self.end else None

    def as_of_end(self) -> Period:
        """The stock at the end of this span (在孵企业188家 printed with the Jan–Nov flows)."""
        if self.kind in ("year", "year_to_date", "multi_year"):
            return Period("as_of", None, self.end, self.words, self.note)
        return self

    def before(self) -> Period:
        """The end of the year before this one: where 零的突破 puts the zero."""
        if self.end is None:
            return self
        year = (self.start or self.end).year - 1
        return Period("as_of", None, date(year, 12, 31), self.words,
                      f"零的突破 (first ever) in {year + 1}: none at the end of {year}")

    @property
    def period_id(self) -> str:
        """The id this project would give it (2024, 2024_jan_nov, 2023_2024, end_2024, nov_2024)."""
        s, e = self.start, self.end
        if self.kind in ("goal", "undated"):
            return self.kind
        if self.kind == "year":
            return str(e.year)
        if self.kind == "multi_year":
            return f"{s.year}_{e.year}"
        if self.kind == "year_to_date":
            return f"{e.year}_{MONTHS[s.month - 1]}_{MONTHS[e.month - 1]}"
        if (e.month, e.day) == (12, 31):
            return f"end_{e.year}"
        if e.day == calendar.monthrange(e.year, e.month)[1]:
            return f"{MONTHS[e.month - 1]}_{e.year}"
        return f"asof_{e:%Y_%m_%d}"

    def labels(self) -> tuple[str, str]:
        """(label_zh, label_en) in the style of periods.csv; the analyst checks them."""
        s, e, w = self.start, self.end, self.words
        if self.kind == "goal":
            return "目标（未标年份）", "Goal (no target year)"
        if self.kind == "undated":
            return "未标日期", "Undated"
        if self.kind == "year":
            return f"{e.year}年", str(e.year)
        if self.kind == "multi_year":
            zh = w if w.startswith("近") else f"{s.year}—{e.year}年"
            return zh, f"{s.year}–{e.year}"
        if self.kind == "year_to_date":
            return (f"{e.year}年{s.month}—{e.month}月",
                    f"{MONTHS_EN[s.month - 1]}–{MONTHS_EN[e.month - 1]} {e.year}")
        if (e.month, e.day) == (12, 31):
            words = f"（“{w}”）" if w in NOW_WORDS else ""
            return f"截至{e.year}年{words}", f"To date (end of {e.year})" if words else f"End of {e.year}"
        if e.day == calendar.monthrange(e.year, e.month)[1]:
            return f"截至{e.year}年{e.month}月", f"As of {MONTHS_EN[e.month - 1]} {e.year}"
        return f"截至{e.year}年{e.month}月{e.day}日", f"As of {e:%Y-%m-%d}"


NOW_WORDS = ("截至目前", "截至当前", "目前", "当前", "至今", "如今", "现有")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def reference_year(text: str, published: date | None) -> int:
    """--published's year, else the latest year the text names (2024年, 2024年度)."""
    if published:
        return published.year
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})(?=年)", text)]
    return max(years) if years else date.today().year


def read_time(m: re.Match, ref: int, published: date | None) -> Period:
    """One match of TIME as a period; `ref` is the reference year (see reference_year)."""
    g, words = m.groupdict(), m.group()
    if g["m2"]:
        year = int(g["ytd_y"] or ref)
        note = "" if g["ytd_y"] else f"no year printed: read as {year}"
        start, end = date(year, int(g["m1"]), 1), _month_end(year, int(g["m2"]))
        return Period("year_to_date", start, end, words, note)
    if g["asof_y"]:
        year, month = int(g["asof_y"]), int(g["asof_m"] or 12)
        return Period("as_of", None, _month_end(year, month), words)
    if g["day_y"]:
        day = date(int(g["day_y"]), int(g["day_m"]), int(g["day_d"]))
        return Period("as_of", None, day, words, f"a day ({day}): a flow on that day or a stock then")
    if g["mon_y"]:
        year, month = int(g["mon_y"]), int(g["mon_m"])
        if g["mon_end"]:
            return Period("as_of", None, _month_end(year, month), words)
        return Period("year_to_date", date(year, month, 1), _month_end(year, month), words,
                      "one month: the schema has no month kind; year_to_date from that month's first day")
    if g["end_y"]:
        return Period("as_of", None, date(int(g["end_y"]), 12, 31), words)
    if g["half"]:
        year = int(g["half_y"] or ref)
        return Period("year_to_date", date(year, 1, 1), date(year, 6, 30), words)
    if g["year"]:
        year = int(g["year"])
        return Period("year", date(year, 1, 1), date(year, 12, 31), words)
    if g["recent"]:
        raw = g["recent_n"]
        n = int(raw) if raw.isdigit() else int(chinese_number(raw))
        return Period("multi_year", date(ref - n + 1, 1, 1), date(ref, 12, 31), words,
                      f"{words} read as {ref - n + 1}–{ref}, counting back from {ref}; approximate")
    if g["rel"]:
        year = {"去年": ref - 1, "前年": ref - 2}.get(words, ref)
        return Period("year", date(year, 1, 1), date(year, 12, 31), words,
                      f"{words} read as {year}, relative to {ref}")
    if g["now"]:
        end = published or date(ref, 12, 31)
        why = "the publication date" if published else f"end of {ref} (the latest year named; no --published)"
        return Period("as_of", None, end, words, f"{words} read as {why}")
    return Period("undated", None, None, words, f"{words}: the text gives no date")


def period_before(text: str, ref: int, published: date | None) -> Period | None:
    """The period stated in `text` (the sentence up to a figure): a goal word wins, else the
    last time words; None when there are none."""
    if GOAL.search(text):
        return Period("goal", None, None, GOAL.findall(text)[-1])
    matches = list(TIME.finditer(text))
    return read_time(matches[-1], ref, published) if matches else None
