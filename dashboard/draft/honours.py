"""Honours the county receives (获得…“天工鼎”, 被评为…示范县), as rows of honours.csv: the quoted
name, its level from the words (全国/国家 national, 全省/省级 provincial), the year it was
received and, for 连续N年, one row for each of the N years (the earlier ones are usually in the
data already: the merge refuses a key it has, so the review says to accept only the new)."""

from __future__ import annotations

import re
from datetime import date

from dashboard.draft.periods import period_before
from dashboard.draft.phrases import COUNTY
from dashboard.messages import M
from dashboard.numerals import chinese_number

VERB = re.compile(r"获得|荣获|获评|被评为|被命名为|命名为|授予|入选|创成|跻身")
NAME = re.compile(r"“([^”]{2,30})”|([\u4e00-\u9fff]{2,24}(?:称号|示范县|试点县|强县|百强县|示范区))")
RUN = re.compile(r"连续([两二三四五六七八九十\d]+)年")
LEVEL = ((re.compile(r"全国|国家"), "national"), (re.compile(r"全省|省级|浙江|省"), "provincial"))
COUNTY_ID = "yongjia_county"


def honours(sentence: str, source_id: str, ref: int | None, published: date | None, known: dict[str, str],
            start: int) -> list[dict]:
    """The county's honours in one sentence; `known`: honour_zh -> honour_id of honours.csv;
    `start`: the number of the first new honour_id (<source_id>_honour_<n>). A row's review is
    its messages, worded in the analyst's language when the draft's tables are made."""
    verb = VERB.search(sentence)
    if not verb:
        return []
    name = NAME.search(sentence, verb.end())
    before = sentence[:verb.start()]
    if not name or not COUNTY.search(before):  # the county's own honours only
        return []
    honour_zh = name.group()
    if name.group(2):  # an unquoted name: the words after the verb up to it
        honour_zh = name.group(2)
    period = period_before(before, ref or 0, published) if ref else None
    year = period.year if period and period.kind == "year" else (published.year if published else ref)
    dated = None if (period and period.kind == "year") or published or not ref else (
        M("review.honour.year_latest", year=ref))
    level = next((lv for words, lv in LEVEL if words.search(sentence[verb.end():name.end()])), "unstated")
    run = RUN.search(sentence)
    count = 1
    if run:
        count = int(run.group(1)) if run.group(1).isdigit() else int(chinese_number(run.group(1)))
    honour_id = known.get(honour_zh) or known.get(honour_zh.strip("“”")) or f"{source_id}_honour_{start}"
    review = [M("review.honour.check"), *filter(None, [dated])]
    if honour_id not in known.values():
        review.append(M("review.honour.new_id", honour=honour_id))
    if year is None:
        review.append(M("review.honour.no_year"))
    day = re.search(r"(\d{1,2})月(\d{1,2})日", before)
    rows = []
    for back in range(count):
        this = year - back if year else None
        note = [] if back == 0 else [
            M("review.honour.run", run=run.group(), year=this) if this else
            M("review.honour.run_undated", run=run.group()),
            M("review.honour.accept_if_new")]
        rows.append({
            "accept": "", "review": (*review, *note), "recipient_id": COUNTY_ID,
            "honour_id": honour_id, "honour_zh": honour_zh, "honour_en": "", "level": level,
            "period_id": str(this) if this else "undated", "source_id": source_id,
            "source_quote": sentence,
            "date": (f"{this}-{int(day[1]):02d}-{int(day[2]):02d}" if day and this and not back else "")})
    return rows
