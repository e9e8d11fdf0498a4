"""Where each figure comes from: quote spans in the article, coverage, and safe CSV exports."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

import pandas as pd

from dashboard.data import Dataset, per_dataset
from dashboard.rules import FORMULA_REFERENCE, superseded
from dashboard.schema import TABLES

_NUMERAL = re.compile(r"\d+(?:\.\d+)?")
# Digits that are no figure of the text: a web address, a retrieval's page or block marker
# ("[page 3: https://…]", kept by the cleaning so a quote can be found on its page), an
# encyclopedia's citation mark ("[36]", "[1-4]").
_NOT_PROSE = re.compile(r"https?://\S+|www\.\S+|\[(?:page|block) \d+:[^\]]*\]|\[\d+(?:-\d+)?\]")


def quote_spans(article: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Character spans of the article covered by any quote, merged; quotes match across line breaks.

    Searched in the article with its white space removed (str.find, linear), then mapped back: a
    pattern with optional white space between every character would take quadratic time on a
    long quote of repeated characters."""
    kept = [m.start() for m in re.finditer(r"\S", article)]  # where each non-space character is
    flat = "".join(article[i] for i in kept)
    spans = []
    for quote in {re.sub(r"\s+", "", q) for q in quotes if q} - {""}:
        start = flat.find(quote)
        while start != -1:
            spans.append((kept[start], kept[start + len(quote) - 1] + 1))
            start = flat.find(quote, start + len(quote))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def all_quotes(ds: Dataset, source_id: str) -> list[str]:
    quotes = []
    for frame in ds.tables.values():
        if "source_quote" in frame:
            rows = frame[frame["source_id"] == source_id]
            quotes += rows["source_quote"].dropna().tolist()
    return quotes


def coverage(article: str, spans: list[tuple[int, int]]) -> tuple[int, int, list[str]]:
    """(numerals in the article, numerals inside a quote span, the ones outside, in context);
    digits in an address, a retrieval marker or a citation mark are not counted."""
    not_prose = [m.span() for m in _NOT_PROSE.finditer(article)]
    numerals = [m for m in _NUMERAL.finditer(article)
                if not any(s <= m.start() and m.end() <= e for s, e in not_prose)]
    outside = [m for m in numerals if not any(s <= m.start() and m.end() <= e for s, e in spans)]
    context = [_context(article, max(0, m.start() - 8), m.end() + 4) for m in outside]
    return len(numerals), len(numerals) - len(outside), context


def _context(article: str, start: int, end: int) -> str:
    """article[start:end] on one line, widened so as not to cut a Latin word in two ("km²",
    not "m²")."""
    while 0 < start and article[start - 1:start + 1].isascii() and article[start - 1:start + 1].isalpha():
        start -= 1
    while end < len(article) and article[end - 1:end + 1].isascii() and article[end - 1:end + 1].isalpha():
        end += 1
    return article[start:end].replace("\n", " ")


@per_dataset
def source_coverage(ds: Dataset, source_id: str) -> tuple[list[tuple[int, int]], tuple[int, int, list[str]]]:
    """(the spans of `source_id`'s text its quotes cover, coverage() of that text)."""
    article = ds.texts[source_id]
    spans = quote_spans(article, all_quotes(ds, source_id))
    return spans, coverage(article, spans)


# --- which source backs a figure ---------------------------------------------------------------


@per_dataset
def standing(ds: Dataset) -> pd.DataFrame:
    """The observations that stand: all but those another source's row supersedes."""
    return ds.observations[~superseded(ds.observations)]


@per_dataset
def _observation_sources(ds: Dataset) -> dict[tuple[str, str], list[tuple]]:
    """(indicator, period) -> [(source_id or None, formula or None)] of its standing
    observations (a replaced figure backs nothing)."""
    found: dict[tuple[str, str], list[tuple]] = {}
    obs = standing(ds)
    for key, source, formula in zip(zip(obs["indicator_id"], obs["period_id"]), obs["source_id"],
                                    obs["formula"]):
        found.setdefault(key, []).append((None if pd.isna(source) else source,
                                          None if pd.isna(formula) else formula))
    return found


@per_dataset
def formula_sources(ds: Dataset, formula: str) -> tuple[str, ...]:
    """The sources a computed figure rests on: those of the observations its formula names,
    followed through inputs that are computed themselves; in the order first met."""
    observations, found, seen = _observation_sources(ds), [], set()
    pending = [tuple(ref) for ref in FORMULA_REFERENCE.findall(formula)]
    while pending:
        ref = pending.pop(0)
        if ref in seen:
            continue
        seen.add(ref)
        for source, inner in observations.get(ref, []):
            if source is not None and source not in found:
                found.append(source)
            elif source is None and inner:
                pending += [tuple(r) for r in FORMULA_REFERENCE.findall(inner)]
    return tuple(found)


def figure_sources(ds: Dataset, source_id, formula) -> tuple[str, ...]:
    """The source that backs a figure: its own (reported, counted), or its inputs' (computed)."""
    if isinstance(source_id, str) and source_id:
        return (source_id,)
    return formula_sources(ds, formula) if isinstance(formula, str) and formula else ()


BACKING_COLUMNS = ("source_id", "formula", "agreeing")  # what backing_sources reads of a row


def backing_sources(ds: Dataset, row: dict) -> tuple[str, ...]:
    """Every source behind a row of a table: its own (a computed figure: its inputs'), then the
    others that print the same figure (select.standing_figures' `agreeing`)."""
    own = figure_sources(ds, row.get("source_id"), row.get("formula"))
    return own + tuple(dict.fromkeys(s for s, _ in row.get("agreeing", ()) if s not in own))


@per_dataset
def source_summary(ds: Dataset) -> pd.DataFrame:
    """One row per source, in sources.csv's order: the figures it backs (standing figures quoted
    in it, or computed from its figures; `derived` of them computed), the items and honours that quote
    it, the periods of its figures (by end date, undated last) and its numeral coverage."""
    obs, rows = standing(ds), []
    backs = [figure_sources(ds, s, f) for s, f in zip(obs["source_id"], obs["formula"])]
    end = dict(zip(ds.periods["period_id"], ds.periods["end_date"]))
    for source in ds.sources["source_id"]:
        mine = obs[[source in b for b in backs]]
        periods = sorted(set(mine["period_id"]), key=lambda p: (pd.isna(end.get(p)), end.get(p), p))
        total, covered, _ = source_coverage(ds, source)[1]
        rows.append({"source_id": source, "figures": len(mine),
                     "derived": int((mine["derivation"] == "computed").sum()),
                     "items": int((ds.entities["source_id"] == source).sum()),
                     "honours": int((ds.honours["source_id"] == source).sum()),
                     "period_ids": tuple(periods), "numerals": total, "covered": covered})
    return pd.DataFrame(rows, columns=["source_id", "figures", "derived", "items", "honours",
                                       "period_ids", "numerals", "covered"])


_HEADING = re.compile(r"(#{1,6})[ \t]+")


def segments(article: str, spans: list[tuple[int, int]]) -> list[tuple[int, list[tuple[str, bool]]]]:
    """The article as paragraphs of (text, highlighted) pieces, for display, each with its
    heading level: 1 for a '# ' line, 2 for '## ', ..., 0 for body text. A heading is its line
    alone; its '#' marks are not in the pieces."""
    marks = [False] * len(article)
    for start, end in spans:
        marks[start:end] = [True] * (end - start)

    def pieces(start: int, end: int) -> list[tuple[str, bool]]:
        found, first = [], start
        for i in range(start + 1, end + 1):
            if i == end or marks[i] != marks[first]:
                found.append((article[first:i].strip("\n"), marks[first]))
                first = i
        return [p for p in found if p[0]]

    paragraphs, offset = [], 0
    for block in re.split(r"(\n\s*\n)", article):
        start, end = offset, offset + len(block)
        offset = end
        if not block.strip() or re.fullmatch(r"\n\s*\n", block):
            continue
        start += len(block) - len(block.lstrip("\n"))
        heading = _HEADING.match(article, start)
        if heading:
            line_end = article.find("\n", start, end)
            line_end = end if line_end < 0 else line_end
            paragraphs.append((len(heading[1]), pieces(heading.end(), line_end)))
            start = line_end
        if article[start:end].strip():
            paragraphs.append((0, pieces(start, end)))
    return paragraphs


# --- exports -----------------------------------------------------------------------------------

# A cell a spreadsheet (Excel, WPS, LibreOffice) may run as a formula starts with one of these, in
# ASCII or full width (Chinese input methods type ＝＋－＠, and spreadsheets accept them), or with
# a tab or line break (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r", "\n")


def _invisible(char: str) -> bool:
    """Whitespace (also U+3000, no-break space), control and format characters: zero-width
    space and joiners, the BOM, bidi marks and overrides (Unicode category Cf)."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading ', which keeps it text: also
    when the formula hides behind leading spaces or invisible characters ("\u200b=cmd|...")."""
    if not isinstance(value, str):
        return value
    first_visible = next((i for i, char in enumerate(value) if not _invisible(char)), len(value))
    if value.startswith(FORMULA_START) or value[first_visible:].startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM and CRLF, as Excel and WPS on Chinese Windows expect; text cells made safe."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def with_source(frame: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """`frame` with each row's source title (short_title, else title) beside its source_id, for
    a download: every source behind the row (backing_sources), '; ' between two."""
    short = ds.sources["short_title"].fillna(ds.sources["title"])
    titles = dict(zip(ds.sources["source_id"], short))
    backs = [backing_sources(ds, row) for row in frame.to_dict("records")]
    out = frame.copy()
    out["source_id"] = ["; ".join(b) for b in backs]
    out.insert(out.columns.get_loc("source_id") + 1, "source_short_title",
               ["; ".join(titles[s] for s in b) for b in backs])
    return out


# The figures download: each figure as observations.csv holds it, with what a spreadsheet reader
# needs beside it (the indicator's labels and unit, the period's labels and dates), in this order.
FIGURES_DOWNLOAD = ["indicator_id", "label_zh", "label_en", "unit_zh", "unit_en", "period_id", "period_zh",
                    "period_en", "start_date", "end_date", "value", "value_as_printed", "qualifier",
                    "derivation", "formula", "source_id", "source_short_title", "source_quote",
                    "observation_note"]


def figures_download(figures: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """select.figures' rows as the Sources page's download: FIGURES_DOWNLOAD (with_source's
    source columns), then as text the other sources' sentences for the same figure
    (`also_quoted`: "source_id: sentence") and the rows it replaces (`replaces`:
    "source_id: value as printed (reason)"), '; ' between two."""
    out = with_source(figures, ds)[FIGURES_DOWNLOAD].copy()
    out["also_quoted"] = ["; ".join(f"{source}: {quote}" for source, quote in agreeing)
                          for agreeing in figures["agreeing"]]
    out["replaces"] = ["; ".join(f"{source}: {printed} ({reason})" for source, printed, reason in replaced)
                       for replaced in figures["replaced"]]
    return out


def zip_tables(ds: Dataset) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in TABLES:
            archive.writestr(f"{name}.csv", to_csv(ds.tables[name]))
    return buffer.getvalue()
