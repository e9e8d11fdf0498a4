"""Time words as a source prints them (2024年, 2024年1—11月, 截至2024年底, 目前, 今年, 去年, 过去一年,
近两年, 1—11月, 前不久) read as a period: one reading shared by the validator (a period row with
`relative_to` must have the dates its words resolve to against that source's date) and the
drafting tool (which proposes the period of each figure).

Words relative to the source are read against a date, `on`: the source's publication date.
- 目前, 当前, 至今, 如今, 现有, 截至目前: a stock on that date (`as_of`).
- 今年: the calendar year of `on`; 去年 and 前年 the one and two before it.
- 过去一年, 近一年: the last calendar year completed by `on` (the year before, unless `on` is
  31 December); 近两年, 近三年 …: that many calendar years ending with that one.
- 1—11月 (no year printed), 上半年: the latest such span that has ended by `on`; 今年1—4月 and
  去年1—11月 take the year from 今年/去年.
- 前不久, 近日, 日前, 近期, 近年来: no date can be read (`undated`).
An explicit year (2024年) never depends on `on`."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from dashboard.messages import M, Message
from dashboard.numerals import chinese_number

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DASH = "[—–\\-~～至到]"
_N = "[0-9两二三四五六七八九十]+"

PARTS_OF_YEAR = {"上半年": 6, "前两季度": 6, "前三季度": 9, "一季度": 3}  # the last month of each
# One alternation, scanned left to right; the last match before a figure is its period.
TIME = re.compile("|".join([
    rf"(?P<ytd>(?P<ytd_y>\d{{4}})年)?(?P<m1>\d{{1,2}})月?{_DASH}(?P<m2>\d{{1,2}})月",
    r"截至(?P<asof_y>\d{4})年(?:(?P<asof_m>\d{1,2})月)?(?:底|末)?",
    r"(?P<day_y>\d{4})年(?P<day_m>\d{1,2})月(?P<day_d>\d{1,2})日",
    r"(?P<mon_y>\d{4})年(?P<mon_m>\d{1,2})月(?P<mon_end>底|末)?",
    r"(?P<end_y>\d{4})年(?:底|末)",
    r"(?P<half_y>\d{4})?年?(?P<half>上半年|前三季度|第?一季度|前两季度)",
    r"(?P<year>\d{4})年度?",
    rf"(?P<recent>近(?P<recent_n>{_N})年)",
    r"(?P<rel>去年|今年|全年|前年|过去一年|近一年)",
    r"(?P<now>截至目前|截至当前|目前|当前|至今|如今|现有)",
    r"(?P<vague>前不久|不久前|近日|日前|近期|近年来)",
]))
@dataclass(frozen=True)
class Period:
    kind: str  # one of schema.PERIOD_KINDS
    start: date | None
    end: date | None
    words: str  # as printed: 2024年1—11月, 目前, 近两年; '' when the text gives none
    note: Message | None = None  # how the words were read, when it is not plain (the review's words;
    # in English, a new periods.csv row's note)
    relative: bool = False  # read against the source's date (目前, 去年, 1—11月), not printed in full

    @property
    def year(self) -> int | None:
        return self.end.year if self.end else None

    def as_of_end(self) -> Period:
        """The stock at the end of this span (在孵企业188家 printed with the Jan–Nov flows)."""
        if self.kind in ("year", "year_to_date", "multi_year"):
            return Period("as_of", None, self.end, self.words, self.note, self.relative)
        return self

    def before(self) -> Period:
        """The end of the year before this one: where 零的突破 puts the zero."""
        if self.end is None:
            return self
        year = (self.start or self.end).year - 1
        return Period("as_of", None, date(year, 12, 31), self.words,
                      M("review.time.zero", year=year + 1, before=year), self.relative)

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


def _completed_year(on: date) -> int:
    """The last calendar year that has ended by `on`."""
    return on.year if (on.month, on.day) == (12, 31) else on.year - 1


def _span_year(on: date, last_month: int) -> int:
    """The year of the latest span ending in `last_month` that has ended by `on`."""
    return on.year if _month_end(on.year, last_month) <= on else on.year - 1


RELATIVE_YEARS = {"今年": 0, "全年": 0, "去年": -1, "前年": -2}  # 全年: the whole of the year it reports


def read_time(m: re.Match, on: date, year: int | None = None) -> Period:
    """One match of TIME as a period; relative words are read against `on` (see the module's
    docstring), a span without its year in `year` when the words before it gave one (今年1—4月)."""
    g, words = m.groupdict(), m.group()
    if g["m2"]:
        first, last = int(g["m1"]), int(g["m2"])
        span_year = int(g["ytd_y"] or year or _span_year(on, last))
        start, end = date(span_year, first, 1), _month_end(span_year, last)
        if g["ytd_y"]:
            return Period("year_to_date", start, end, words)
        return Period("year_to_date", start, end, words, M("review.time.no_year", year=span_year), True)
    if g["asof_y"]:
        return Period("as_of", None, _month_end(int(g["asof_y"]), int(g["asof_m"] or 12)), words)
    if g["day_y"]:
        day = date(int(g["day_y"]), int(g["day_m"]), int(g["day_d"]))
        return Period("as_of", None, day, words, M("review.time.day", day=day))
    if g["mon_y"]:
        y, month = int(g["mon_y"]), int(g["mon_m"])
        if g["mon_end"]:
            return Period("as_of", None, _month_end(y, month), words)
        return Period("year_to_date", date(y, month, 1), _month_end(y, month), words,
                      M("review.time.month"))
    if g["end_y"]:
        return Period("as_of", None, date(int(g["end_y"]), 12, 31), words)
    if g["half"]:  # 上半年, 前三季度, 一季度: that part of the year, never the whole
        last = PARTS_OF_YEAR[g["half"].lstrip("第")]
        half_year = int(g["half_y"] or year or _span_year(on, last))
        return Period("year_to_date", date(half_year, 1, 1), _month_end(half_year, last), words,
                      None if g["half_y"] else M("review.time.year", year=half_year), not g["half_y"])
    if g["year"]:
        y = int(g["year"])
        return Period("year", date(y, 1, 1), date(y, 12, 31), words)
    if g["recent"] or words in ("过去一年", "近一年"):
        raw = g["recent_n"] or "一"
        n = int(raw) if raw.isdigit() else int(chinese_number(raw))
        last = _completed_year(on)
        kind, first = ("year", last) if n == 1 else ("multi_year", last - n + 1)
        span = f"{first}" if n == 1 else f"{first}–{last}"
        return Period(kind, date(first, 1, 1), date(last, 12, 31), words,
                      M("review.time.recent", words=words, span=span, on=on), True)
    if g["rel"]:
        y = on.year + RELATIVE_YEARS[words]
        return Period("year", date(y, 1, 1), date(y, 12, 31), words,
                      M("review.time.relative_year", words=words, year=y, on=on), True)
    if g["now"]:
        return Period("as_of", None, on, words, M("review.time.now", words=words, on=on), True)
    return Period("undated", None, None, words, M("review.time.vague", words=words), True)


def resolve(words: str, on: date) -> Period | None:
    """The period `words` (as printed: 目前, 去年, 今年1—4月, 2024年1—11月) say, read against `on`
    (the source's publication date); None when they hold no time words. The last time words
    decide; 今年/去年/前年 right before a span without its year give it that year."""
    matches = list(TIME.finditer(words))
    if not matches:
        return None
    last = matches[-1]
    if last.group() == "全年" and len(matches) > 1:  # 2024年…全年 is 2024; 今年…全年 this year
        last = next((m for m in reversed(matches[:-1]) if m["year"] or m["rel"]), last)
    year = None
    if len(matches) > 1 and matches[-2].group() in RELATIVE_YEARS:
        year = on.year + RELATIVE_YEARS[matches[-2].group()]
    return read_time(last, on, year)
