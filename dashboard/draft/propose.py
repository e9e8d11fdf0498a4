"""An article in, a draft out: candidate observations (the columns of observations.csv, plus
accept, review and where the figure is), the new indicators and periods they need, and the
sources row. Pure: it reads the data folder only to match indicators and periods and to flag
figures the data already has; writing the folder is folder.py's job."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

from dashboard.draft import indicators as ind
from dashboard.draft import phrases, triage
from dashboard.draft.figures import Figure, find_figures, split_magnitude
from dashboard.draft.honours import honours
from dashboard.draft.periods import GOAL, TIME, Period, period_before, present_year, reference_year
from dashboard.draft.text import Article, read_article
from dashboard.messages import Listed, M, Message, review_text
from dashboard.reading import read_table
from dashboard.schema import TABLES
from dashboard.timewords import NOW_WORDS

# basis (actual, estimate, target) is a column of observations.csv once the schema has it.
BASIS = () if "basis" in TABLES["observations"].columns else ("basis",)
OBSERVATION_HELPERS = (*BASIS, "unit_zh", "indicator_label_zh", "confidence", "period_words", "line",
                       "offset")
HELPERS = {  # columns the draft adds; merge drops them
    "observations": OBSERVATION_HELPERS,
    "maybe": OBSERVATION_HELPERS,  # figures the tool does not stand behind; accepted, they merge too
    "indicators": ("used_by",),
    "periods": ("period_words", "used_by"),
    "honours": (),
    "sources": (),
    "cleaning": (),
}
MONEY = re.compile(r"元|产值|总值|投资|营收|收入|GDP|规模|税收|销售|金额|资金")
POPULATION = re.compile(r"人口|人才|人员|人次")


@dataclass(frozen=True)
class Draft:
    tables: dict[str, pd.DataFrame]  # observations, indicators, periods, sources: draft columns


TABLE_OF = {"maybe": "observations"}  # a draft table -> the data table its rows go to


def columns(name: str) -> list[str]:
    return ["accept", "review", *TABLES[TABLE_OF.get(name, name)].columns, *HELPERS[name]]


def number_text(value: Decimal) -> str:
    """1000, 2.49, 178.17: plain, no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _inside_quotes(sentence: str, start: int) -> bool:
    before = sentence[:start]
    return before.count("“") > before.count("”")


def _suspicions(figure: Figure, sentence: str) -> list[Message]:
    notes = []
    if figure.kind == "count" and figure.number == 1 and figure.printed[:1] == "一":
        notes.append(M("review.one_means_a", printed=figure.printed))
    if figure.unit == "大":
        notes.append(M("review.counts_a_list", printed=figure.printed))
    if figure.kind != "zero" and _inside_quotes(sentence, figure.start):
        notes.append(M("review.in_quotes"))
    return notes


def _base_unit(figure: Figure, clause: str) -> tuple[str, Message | None]:
    """(unit for a new indicator, why): a bare magnitude (千亿, 千万级) takes its base from the
    words around it (生产总值 → 元, 常住人口 → 人)."""
    if figure.kind == "rank":
        return "位", None
    if figure.kind != "magnitude":
        return figure.unit, None
    if MONEY.search(clause):
        return figure.unit + "元", M("review.unit_read", unit=figure.unit + "元")
    if POPULATION.search(clause):
        return figure.unit + "人", M("review.unit_read", unit=figure.unit + "人")
    return figure.unit, M("review.unit_of_what", printed=figure.printed, unit=figure.unit)


def source_row(text: str, source_id: str, published: date | None, text_file: str, name: str,
               header: dict[str, str] | None = None) -> dict:
    """Title (the first line, or a # heading), authors (the next short line of names) and the
    photo credit (图片由…提供), as printed, and what a raw reprint's header says (raw.header_fields:
    url, retrieved_from, kind, completeness); the analyst checks them (the review: messages)."""
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()]
    title = lines[0].strip("《》") if lines else ""
    authors = lines[1] if len(lines) > 1 and re.fullmatch(r"[\u4e00-\u9fff·]{2,4}( [\u4e00-\u9fff·]{2,4})*",
                                                           lines[1]) else ""
    # Bounded runs: an unbounded [^…]* before 图片由 rescans a long line from every start.
    credit = re.search(r"[^()（）\n]{0,60}图片由[^()（）\n]{0,60}提供", text)
    review = [M("review.source.title"), M("review.source.column")]
    if not published:
        review.append(M("review.source.published"))
    if not authors:
        review.append(M("review.source.authors"))
    if header:
        review.append(M("review.source.header", columns=", ".join(header)))
    return {**(header or {}), "accept": "", "review": review, "source_id": source_id, "title": title,
            "short_title": "", "authors": authors, "outlet": "", "column": "",
            "photo_credit": credit.group().strip() if credit else "",
            "published": published.isoformat() if published else "", "text_file": text_file,
            "note": f"Drafted from {name} by python -m dashboard.draft; checked by: (fill in)."}


class _Builder:
    """Accumulates the draft's rows; one per article. A row's review is a list of messages, worded
    in the analyst's language when propose() makes the tables."""

    def __init__(self, data: Path, source_id: str, ref: int | None, published: date | None,
                 present: int | None = None):
        self.source_id, self.ref, self.published, self.present = source_id, ref, published, present
        indicators = read_table(data / "indicators.csv")
        # Rows as dicts once: a figure looks them up, so the time grows with the figures only.
        self.indicators = indicators.to_dict("records")
        self.indicator_rows = {r["indicator_id"]: r for r in self.indicators}
        sectors = read_table(data / "sectors.csv")
        self.themes = set(sectors[sectors["group"] == "theme"]["sector_id"])
        self.industries = set(sectors[sectors["group"] != "theme"]["sector_id"])
        self.known_periods: dict[tuple, str] = {}  # the first of the same dates (undated, not undated_x)
        for r in read_table(data / "periods.csv").to_dict("records"):
            self.known_periods.setdefault((r["kind"], r["start_date"], r["end_date"]), r["period_id"])
        observed = read_table(data / "observations.csv")
        self.observed = {(r["indicator_id"], r["period_id"]): r["value"] for r in observed.to_dict("records")}
        self.observations: list[dict] = []
        self.maybe: list[dict] = []
        self.honours: list[dict] = []
        self.known_honours = {r["honour_zh"]: r["honour_id"]
                              for r in read_table(data / "honours.csv").to_dict("records")}
        self.figures: dict[tuple[str, str, str], int] = {}  # (label, period, value) -> draft line
        self.new_indicators: dict[str, dict] = {}
        self.new_periods: dict[str, dict] = {}
        self.seen: dict[tuple[str, str], tuple[int, str]] = {}  # (indicator, period) -> draft line, value
        self.sort_order = max([int(s) for s in indicators["sort_order"] if s.isdigit()] or [0])

    def period_id(self, period: Period, line: str) -> tuple[str, bool]:
        """(id, is new): an existing period with the same kind and dates, else a new row. Words
        that name the text's present when it has no date (现有 …) get the source's own undated
        period, as the codebook keeps them: on the shared `undated` they would read as any year's."""
        own = period.kind == "undated" and period.words in NOW_WORDS
        known = None if own else self.known_periods.get((
            period.kind, period.start.isoformat() if period.start else "",
            period.end.isoformat() if period.end else ""))
        if known:
            return known, False
        pid = f"undated_{self.source_id}" if own else period.period_id
        zh, en = ((f"“{period.words}”（日期未标）", f"“{period.words}” (date not printed)") if own
                  else period.labels())
        row = self.new_periods.setdefault(pid, {
            "accept": "", "review": [M("review.period.new")],
            "period_id": pid, "kind": period.kind,
            "start_date": period.start.isoformat() if period.start else "",
            "end_date": period.end.isoformat() if period.end else "",
            "year": str(period.year or ""), "label_zh": zh, "label_en": en,
            "note": period.note.text("en") if period.note else (  # a record of the data: English
                f"The article's “{period.words}”." if period.words else ""),
            # Words read against the source's date: the validator checks them once it is dated.
            "relative_to": self.source_id if period.relative and not own else "",
            "relative_words": period.words if period.relative and not own else "",
            "period_words": period.words, "used_by": ""})
        row["used_by"] = ",".join(filter(None, [row["used_by"], line]))
        return pid, True

    def new_indicator(self, figure: Figure, label: str, clause: str, sentence: str, measure: str,
                      line: str) -> tuple[str, str]:
        unit, why = _base_unit(figure, clause)
        n = len(self.new_indicators) + 1
        stem = self.source_id if self.source_id[:1].isalpha() else f"s{self.source_id}"
        iid = f"{stem}_new_{n}"
        self.sort_order += 1
        review = [M("review.indicator.new"), M("review.indicator.guesses", measure=measure)]
        if why:
            review.append(why)
        review += [M("review.indicator.industry", sector=s) for s in ind.industries(label, self.industries)]
        self.new_indicators[iid] = {
            "accept": "", "review": review, "indicator_id": iid,
            "theme_id": ind.theme(self.indicators, self.themes, label, clause, sentence),
            "label_zh": label, "label_en": "", "short_label_zh": label[:12], "short_label_en": "",
            "unit_zh": unit, "unit_en": "", "measure": measure, "talent_tier": "",
            "sort_order": str(self.sort_order), "note": "", "used_by": line}
        return iid, unit

    def when(self) -> Message:
        """What relative time words are read against, for the review column."""
        return (M("review.when.published", date=self.published.isoformat()) if self.published else
                M("review.when.latest", year=self.ref))

    def add(self, article: Article, sentence, figure: Figure, label: str, carried: Period | None,
            place: str = "") -> None:
        before = sentence.text[:figure.start]
        clause = phrases.clause(sentence.text, figure)
        basis = phrases.basis(re.split(r"[;；]", before)[-1])  # 预计 covers the clauses after it
        own = period_before(before, self.ref or date.today().year, self.published)
        period, review, note = own or carried, [], []
        goal = bool(period and period.kind == "goal")
        hint = ind.measure_hint(figure, clause, before, goal=goal)
        if period and period.kind == "undated" and period.words not in NOW_WORDS and hint == "stock":
            period = None  # 近年来…拥有企业492家: vague words before a stock, read as one with none
        if period and period.relative and period.words in NOW_WORDS and self.present is None:
            # the text's present, undated: the source's own undated period (period_id below)
            review.append(M("review.now_undated", words=period.words, year=self.ref) if self.ref else
                          M("review.now_undated_no_year", words=period.words))
            period = Period("undated", None, None, period.words)
        elif period and period.relative and self.ref is None:  # 去年 of an unknown year: maybe list
            review.append(M("review.words_unreadable", words=period.words))
            period = Period("undated", None, None, "")
        elif period and period.relative and period.kind != "goal":
            review.append(M("review.words_read", words=period.words, when=self.when()))
        elif period is None and hint == "stock" and self.present:  # 拥有…企业1300多家, no time words
            at = self.published or date(self.present, 12, 31)
            period = Period("as_of", None, at, "", M("review.time.stock", date=at.isoformat()))
            review.append(M("review.stock_no_words", when=self.when()))
        match = ind.best_indicator(self.indicators, figure, clause, sentence.text, hint,
                                   label=label, goal=goal)
        row = self.indicator_rows[match.indicator_id] if match else None
        measure = row["measure"] if row else (hint or "flow")

        if period is None:
            period = Period("undated", None, None, "")
            review.append(M("review.undated"))
        elif own is None and period.words:  # not a stock read as at a date above: no words
            review.append(M("review.period.carried", words=period.words))
        elif period.note and period.words:
            review.append(M("review.period.from", words=period.words, reading=period.note))
        if figure.kind == "zero":
            period = period.before()
            when = f"at the end of {period.end.year}" if period.end else "before it (no date given)"
            note.append(f"零的突破 (breaking zero): there were none before; read as 0 {when}")
            review.append(M("review.zero"))
        elif measure == "stock":
            period = period.as_of_end()
        value_text = number_text(figure.number)
        doubt = triage.doubt(figure, sentence.text, clause, label, place,
                             # no period (现有 in an undated text has the source's own undated one)
                             undated=period.kind == "undated" and period.words not in NOW_WORDS,
                             matched=row["label_zh"] + row["short_label_zh"] if row else "")
        if not doubt and (label, period.period_id, value_text) in self.figures:
            doubt = M("review.doubt.same_figure", line=self.figures[label, period.period_id, value_text])
        table = "maybe" if doubt else "observations"
        rows = self.maybe if doubt else self.observations
        line = len(rows) + 2  # the row as Excel shows it (header = 1)
        if doubt:
            review.insert(0, M("review.maybe", doubt=doubt))
        else:
            self.figures[label, period.period_id, value_text] = line
        pid, new_period = self.period_id(period, f"{table}.csv:{line}")
        if new_period:
            review.append(M("review.period.new_id", period=pid))

        if match:
            iid, unit, factor = match.indicator_id, row["unit_zh"], match.factor
            if match.score < ind.SURE or match.runner_score >= match.score - 0.1:
                review.append(M("review.indicator.guess_runner", score=match.score, runner=match.runner_up,
                                runner_score=match.runner_score) if match.runner_up else
                              M("review.indicator.guess", score=match.score))
            if factor != 1:
                review.append(M("review.converted", printed_unit=figure.unit, indicator=iid, unit=unit))
        else:
            iid, unit = self.new_indicator(figure, label, clause, sentence.text, measure,
                                           f"{table}.csv:{line}")
            factor = Decimal(1)
            review.append(M("review.indicator.new_id", indicator=iid))
        if figure.kind == "magnitude":
            magnitude = split_magnitude(figure.unit)[0]
            note.append(f"{figure.printed} read as {number_text(figure.number)}{magnitude}")
        if figure.lost:
            review.append(M("review.qualifier", qualifier=figure.qualifier, lost=Listed(figure.losses)))
            note.append(figure.lost)
        review += _suspicions(figure, sentence.text)
        if basis != "actual":
            review.append(M("review.basis.estimate") if basis == "estimate" else M("review.basis.target"))
        value = number_text(figure.number * factor)
        if (iid, pid) in self.observed:
            known = self.observed[iid, pid]
            review.append(M("review.known.same", indicator=iid, period=pid, known=known) if known == value
                          else M("review.known.different", indicator=iid, period=pid, known=known))
        if (iid, pid) in self.seen:
            other, other_value = self.seen[iid, pid]
            review.append(M("review.repeat.figure", line=other) if other_value == value else
                          M("review.repeat.key", line=other))
        if not doubt:
            self.seen.setdefault((iid, pid), (line, value))

        offset = sentence.offsets[figure.start]
        rows.append({
            "accept": "", "review": review, "indicator_id": iid, "period_id": pid,
            "value": value, "value_as_printed": figure.printed, "qualifier": figure.qualifier,
            "basis": basis,
            "derivation": "reported", "formula": "", "source_id": self.source_id,
            "source_quote": sentence.text, "note": "; ".join(note), "unit_zh": unit,
            "indicator_label_zh": row["label_zh"] if row else self.new_indicators[iid]["label_zh"],
            "confidence": f"{match.score:.2f}" if match else "",
            "period_words": period.words, "line": str(article.line(offset)), "offset": str(offset)})


def propose(text: str, source_id: str, data: Path, *, published: date | None = None,
            text_file: str = "", name: str = "article.txt", lang: str = "en",
            header: dict[str, str] | None = None) -> Draft:
    """The draft for `text` (decoded), matched against the data folder `data`; its review column
    in `lang`, the analyst's language (zh or en); `header`: the source row's cells a raw
    reprint's header gives (raw.header_fields)."""
    article = read_article(text)
    builder = _Builder(data, source_id, reference_year(text, published), published,
                       present_year(text, published))
    ref = builder.ref or date.today().year
    carried: dict[int, Period] = {}  # paragraph -> the last time words of its earlier sentences
    for sentence in article.sentences:
        if phrases.is_chrome(sentence.text):  # the copy site's page (阅读:1618次), not the article
            continue
        figures = [f for f in find_figures(sentence.text) if not phrases.is_name(sentence.text, f)]
        labels, places = phrases.labels(sentence.text, figures), phrases.owners(sentence.text, figures)
        for figure in figures:
            builder.add(article, sentence, figure, labels[figure.start], carried.get(sentence.paragraph),
                        places.get(figure.start, ""))
        had = {(h["honour_id"], h["period_id"]) for h in builder.honours}
        builder.honours += [h for h in honours(sentence.text, source_id, builder.ref, published,
                                               builder.known_honours, len(had) + 1)
                            if (h["honour_id"], h["period_id"]) not in had]  # the same, told again
        if TIME.search(sentence.text) and not GOAL.search(sentence.text):
            carried[sentence.paragraph] = period_before(sentence.text, ref, published)
    def table(name: str, rows: list[dict]) -> pd.DataFrame:  # each row's review worded in `lang`
        return pd.DataFrame([{**r, "review": review_text(r["review"], lang)} for r in rows],
                            columns=columns(name))

    tables = {
        "observations": table("observations", builder.observations),
        "maybe": table("maybe", builder.maybe),
        "honours": table("honours", builder.honours),
        "cleaning": table("cleaning", []),  # a raw reprint's: __main__ fills it
        "indicators": table("indicators", list(builder.new_indicators.values())),
        "periods": table("periods", list(builder.new_periods.values())),
        "sources": table("sources", [source_row(text, source_id, published, text_file, name, header)]),
    }
    return Draft({n: t.astype(str) for n, t in tables.items()})
