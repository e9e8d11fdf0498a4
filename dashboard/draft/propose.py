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
from dashboard.draft.periods import GOAL, TIME, Period, period_before, reference_year
from dashboard.draft.text import Article, read_article
from dashboard.reading import read_table
from dashboard.schema import TABLES

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


def _suspicions(figure: Figure, sentence: str) -> list[str]:
    notes = []
    if figure.kind == "count" and figure.number == 1 and figure.printed[:1] == "一":
        notes.append(f"{figure.printed} often means 'a': reject unless it counts something")
    if figure.unit == "大":
        notes.append(f"{figure.printed} counts a list the text names (三大传统产业): rarely an indicator")
    if figure.kind != "zero" and _inside_quotes(sentence, figure.start):
        notes.append("inside quotation marks (“…”): a figure, or part of a name? check")
    return notes


def _base_unit(figure: Figure, clause: str) -> tuple[str, str]:
    """(unit for a new indicator, why): a bare magnitude (千亿, 千万级) takes its base from the
    words around it (生产总值 → 元, 常住人口 → 人)."""
    if figure.kind == "rank":
        return "位", ""
    if figure.kind != "magnitude":
        return figure.unit, ""
    if MONEY.search(clause):
        return figure.unit + "元", f"unit read as {figure.unit}元 from the words around it"
    if POPULATION.search(clause):
        return figure.unit + "人", f"unit read as {figure.unit}人 from the words around it"
    return figure.unit, f"{figure.printed}: {figure.unit} of what? fill unit_zh"


def source_row(text: str, source_id: str, published: date | None, text_file: str, name: str) -> dict:
    """Title (the first line, or a # heading), authors (the next short line of names) and the
    photo credit (图片由…提供), as printed; the analyst checks them."""
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()]
    title = lines[0].strip("《》") if lines else ""
    authors = lines[1] if len(lines) > 1 and re.fullmatch(r"[\u4e00-\u9fff·]{2,4}( [\u4e00-\u9fff·]{2,4})*",
                                                           lines[1]) else ""
    # Bounded runs: an unbounded [^…]* before 图片由 rescans a long line from every start.
    credit = re.search(r"[^()（）\n]{0,60}图片由[^()（）\n]{0,60}提供", text)
    review = ["title and authors read from the first lines: check them", "fill column (栏目) if printed"]
    if not published:
        review.append("published: empty (no --published); fill it if known, as YYYY-MM-DD")
    if not authors:
        review.append("authors not found: fill them")
    return {"accept": "", "review": "; ".join(review), "source_id": source_id, "title": title,
            "short_title": "", "authors": authors, "outlet": "", "column": "",
            "photo_credit": credit.group().strip() if credit else "",
            "published": published.isoformat() if published else "", "text_file": text_file,
            "note": f"Drafted from {name} by python -m dashboard.draft; checked by: (fill in)."}


class _Builder:
    """Accumulates the draft's rows; one per article."""

    def __init__(self, data: Path, source_id: str, ref: int | None, published: date | None):
        self.source_id, self.ref, self.published = source_id, ref, published
        indicators = read_table(data / "indicators.csv")
        # Rows as dicts once: a figure looks them up, so the time grows with the figures only.
        self.indicators = indicators.to_dict("records")
        self.indicator_rows = {r["indicator_id"]: r for r in self.indicators}
        self.themes = set(read_table(data / "sectors.csv")["sector_id"])
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
        """(id, is new): an existing period with the same kind and dates, else a new row."""
        known = self.known_periods.get((period.kind, period.start.isoformat() if period.start else "",
                                        period.end.isoformat() if period.end else ""))
        if known:
            return known, False
        pid = period.period_id
        zh, en = period.labels()
        row = self.new_periods.setdefault(pid, {
            "accept": "", "review": "NEW period: check the dates and labels (label_en generated)",
            "period_id": pid, "kind": period.kind,
            "start_date": period.start.isoformat() if period.start else "",
            "end_date": period.end.isoformat() if period.end else "",
            "year": str(period.year or ""), "label_zh": zh, "label_en": en,
            "note": period.note or (f"The article's “{period.words}”." if period.words else ""),
            # Words read against the source's date: the validator checks them once it is dated.
            "relative_to": self.source_id if period.relative else "",
            "relative_words": period.words if period.relative else "",
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
        review = ["NEW indicator: check label_zh and short_label_zh; fill label_en, short_label_en, "
                  "unit_en", f"theme_id and measure ({measure}) are guesses"]
        if why:
            review.append(why)
        self.new_indicators[iid] = {
            "accept": "", "review": "; ".join(review), "indicator_id": iid,
            "theme_id": ind.theme(self.indicators, self.themes, label, clause, sentence),
            "label_zh": label, "label_en": "", "short_label_zh": label[:12], "short_label_en": "",
            "unit_zh": unit, "unit_en": "", "measure": measure, "talent_tier": "",
            "sort_order": str(self.sort_order), "note": "", "used_by": line}
        return iid, unit

    def when(self) -> str:
        """What relative time words are read against, for the review column."""
        return (f"published {self.published.isoformat()}" if self.published else
                f"the end of {self.ref}, the latest year the text names (no --published)")

    def add(self, article: Article, sentence, figure: Figure, label: str, carried: Period | None,
            place: str = "") -> None:
        before = sentence.text[:figure.start]
        clause = phrases.clause(sentence.text, figure)
        basis = phrases.basis(re.split(r"[;；]", before)[-1])  # 预计 covers the clauses after it
        own = period_before(before, self.ref or date.today().year, self.published)
        period, review, note = own or carried, [], []
        goal = bool(period and period.kind == "goal")
        hint = ind.measure_hint(figure, clause, before, goal=goal)
        if period and period.relative and self.ref is None:
            review.append(f"“{period.words}” cannot be read: the text names no year and has no "
                          "--published date")
            period = Period("undated", None, None, period.words)
        elif period and period.relative and period.kind != "goal":
            review.append(f"“{period.words}” read against {self.when()}")
        elif period is None and hint == "stock" and self.ref:  # 拥有…企业1300多家, no time words
            at = self.published or date(self.ref, 12, 31)
            period = Period("as_of", None, at, "", f"a stock with no time words: read as at {at.isoformat()}")
            review.append(f"a stock with no time words: read as at {self.when()}")
        match = ind.best_indicator(self.indicators, figure, clause, sentence.text, hint,
                                   label=label, goal=goal)
        row = self.indicator_rows[match.indicator_id] if match else None
        measure = row["measure"] if row else (hint or "flow")

        if period is None:
            period = Period("undated", None, None, "")
            review.append("no time words before the figure: undated")
        elif own is None:
            review.append(f"period carried from an earlier sentence (“{period.words}”): check")
        elif period.note and period.words:
            review.append(f"period from “{period.words}”: {period.note}")
        if figure.kind == "zero":
            period = period.before()
            when = f"at the end of {period.end.year}" if period.end else "before it (no date given)"
            note.append(f"零的突破 (breaking zero): there were none before; read as 0 {when}")
            review.append("零的突破: the 0 is for the end of the year before: check the period")
        elif measure == "stock":
            period = period.as_of_end()
        value_text = number_text(figure.number)
        doubt = triage.doubt(figure, sentence.text, clause, label, place, period.kind,
                             matched=row["label_zh"] + row["short_label_zh"] if row else "")
        if not doubt and (label, period.period_id, value_text) in self.figures:
            doubt = f"the same figure as observations.csv:{self.figures[label, period.period_id, value_text]}"
        table = "maybe" if doubt else "observations"
        rows = self.maybe if doubt else self.observations
        line = len(rows) + 2  # the row as Excel shows it (header = 1)
        if doubt:
            review.insert(0, f"MAYBE: {doubt}")
        else:
            self.figures[label, period.period_id, value_text] = line
        pid, new_period = self.period_id(period, f"{table}.csv:{line}")
        if new_period:
            review.append(f"NEW period {pid} (periods.csv)")

        if match:
            iid, unit, factor = match.indicator_id, row["unit_zh"], match.factor
            if match.score < ind.SURE or match.runner_score >= match.score - 0.1:
                runner = f"; next: {match.runner_up} {match.runner_score:.2f}" if match.runner_up else ""
                review.append(f"indicator is a guess (score {match.score:.2f}{runner})")
            if factor != 1:
                review.append(f"printed in {figure.unit}, {iid} counts in {unit}: value converted; the "
                              "validator compares the printed number, so prefer an indicator in "
                              f"{figure.unit}")
        else:
            iid, unit = self.new_indicator(figure, label, clause, sentence.text, measure,
                                           f"{table}.csv:{line}")
            factor = Decimal(1)
            review.append(f"NEW indicator {iid} (indicators.csv)")
        if figure.kind == "magnitude":
            magnitude = split_magnitude(figure.unit)[0]
            note.append(f"{figure.printed} read as {number_text(figure.number)}{magnitude}")
        if figure.lost:
            review.append(f"qualifier {figure.qualifier}: {figure.lost}")
            note.append(figure.lost)
        review += _suspicions(figure, sentence.text)
        if basis != "actual":
            kind = "an estimate" if basis == "estimate" else "a target"
            review.append(f"basis {basis}: the text says it is {kind}")
        value = number_text(figure.number * factor)
        if (iid, pid) in self.observed:
            known = self.observed[iid, pid]
            review.append(f"data already has {iid}@{pid} = {known}: " + (
                "the same figure, accept it as a second quote" if known == value else
                "a different figure: reject, choose another indicator or period, or fill supersedes "
                "and supersedes_reason on the row that stands"))
        if (iid, pid) in self.seen:
            other, other_value = self.seen[iid, pid]
            same = "the same figure as" if other_value == value else "same indicator and period as"
            review.append(f"{same} observations.csv:{other}: accept one")
        if not doubt:
            self.seen.setdefault((iid, pid), (line, value))

        offset = sentence.offsets[figure.start]
        rows.append({
            "accept": "", "review": "; ".join(review), "indicator_id": iid, "period_id": pid,
            "value": value, "value_as_printed": figure.printed, "qualifier": figure.qualifier,
            "basis": basis,
            "derivation": "reported", "formula": "", "source_id": self.source_id,
            "source_quote": sentence.text, "note": "; ".join(note), "unit_zh": unit,
            "indicator_label_zh": row["label_zh"] if row else self.new_indicators[iid]["label_zh"],
            "confidence": f"{match.score:.2f}" if match else "",
            "period_words": period.words, "line": str(article.line(offset)), "offset": str(offset)})


def propose(text: str, source_id: str, data: Path, *, published: date | None = None,
            text_file: str = "", name: str = "article.txt") -> Draft:
    """The draft for `text` (decoded), matched against the data folder `data`."""
    article = read_article(text)
    builder = _Builder(data, source_id, reference_year(text, published), published)
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
    tables = {
        "observations": pd.DataFrame(builder.observations, columns=columns("observations")),
        "maybe": pd.DataFrame(builder.maybe, columns=columns("maybe")),
        "honours": pd.DataFrame(builder.honours, columns=columns("honours")),
        "cleaning": pd.DataFrame(columns=columns("cleaning")),  # a raw reprint's: __main__ fills it
        "indicators": pd.DataFrame(list(builder.new_indicators.values()), columns=columns("indicators")),
        "periods": pd.DataFrame(list(builder.new_periods.values()), columns=columns("periods")),
        "sources": pd.DataFrame([source_row(text, source_id, published, text_file, name)],
                                columns=columns("sources")),
    }
    return Draft({n: t.astype(str) for n, t in tables.items()})
