"""Checking the tables of a data folder: every check at once, each problem with its file, line
and column. Typed frames come out only when there is no problem.

The schema (schema.py) drives the generic checks (required columns, types, allowed values, ids,
unique keys, references); then come the checks that tie figures to their source texts (quote
present, figure present in its quote, formula reproduces value) and the data model's rules
(rules.py). The map's files are geo_checks.py.

Nothing in a file can make the checks throw or grow without bound: files are read by reading.py
(inside the data folder, below a size cap); each check turns any error into a problem naming its
file; the checks are vectorised over columns; and at most MAX_PROBLEMS problems are kept,
followed by one that says how many more there are."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard import source_texts
from dashboard.messages import Either, Listed, M, Message
from dashboard.problems import MAX_PROBLEMS, Found, Problem
from dashboard.reading import MAX_TABLE_BYTES, CsvSyntaxError, normalise, parse_table, read_text, unreadable
from dashboard.rules import NUMBER, evaluate_formula, printed_problem, relative_period, superseded
from dashboard.schema import OPEN_VOCABULARIES, TABLES, Table

# --- generic checks -----------------------------------------------------------------------------

ID = re.compile(r"[a-z0-9][a-z0-9_]*")
TYPES = {"int": r"-?\d{1,15}", "number": r"-?\d+(\.\d+)?", "date": r"\d{4}-\d{2}-\d{2}"}


def _type_ok(kind: str, cells: pd.Series) -> pd.Series:
    """Which of `cells` (none empty) read as `kind`."""
    if kind not in TYPES:
        return pd.Series(True, index=cells.index)
    ok = cells.str.fullmatch(TYPES[kind]).astype(bool)
    if kind == "date":
        ok &= pd.to_datetime(cells.where(ok), format="%Y-%m-%d", errors="coerce").notna()
    return ok


def flagged(file: str, frame: pd.DataFrame, column: str, mask: pd.Series,
            expected: Message) -> tuple[list[Problem], int]:
    """A problem for each row of `mask`, the first MAX_PROBLEMS of them, and how many there are."""
    rows = mask.to_numpy().nonzero()[0]
    cells = frame[column]
    return ([Problem(file, int(i) + 2, column, cells.iat[i], expected) for i in rows[:MAX_PROBLEMS]],
            len(rows))


OPEN_COLUMNS = {(v.table, v.column) for v in OPEN_VOCABULARIES.values()}


def _check_table(name: str, table: Table, frame: pd.DataFrame,
                 added: dict[str, tuple[str, ...]] | None = None) -> tuple[list[Problem], int]:
    """Required columns, then per column: values present, types, allowed values (with the values
    `added` to a column's open vocabulary), ids; then unique keys. (The first MAX_PROBLEMS
    problems in row order, how many there are.)"""
    added = added or {}
    file = f"{name}.csv"
    missing = [c for c, spec in table.columns.items() if c not in frame.columns and not spec.may_be_absent]
    if missing:
        return [Problem(file, 1, c, None, M("column.missing")) for c in missing], len(missing)
    found, total = [], 0
    for col, spec in table.columns.items():
        cells = frame[col]
        present = cells != ""
        checks = [(~present if spec.required else None, M("value.required"))]
        typed = present & _type_ok(spec.kind, cells)
        checks.append((present & ~typed, M(f"type.{spec.kind}")))
        if spec.allowed:
            allowed = (*spec.allowed, *added.get(col, ()))
            checks.append((typed & ~cells.isin(allowed),
                           M("value.one_of_open" if (name, col) in OPEN_COLUMNS else "value.one_of",
                             values=", ".join(allowed))))
        if col.endswith("_id"):
            checks.append((typed & ~cells.str.fullmatch(ID.pattern).astype(bool), M("id.format")))
        for mask, expected in checks:
            if mask is not None and mask.any():
                listed, count = flagged(file, frame, col, mask, expected)
                found += listed
                total += count
    duplicated = frame.duplicated(list(table.key), keep="first").to_numpy().nonzero()[0]
    keys = frame[list(table.key)]
    found += [Problem(file, int(i) + 2, "+".join(table.key), ", ".join(keys.iloc[i]),
                      M("key.duplicate")) for i in duplicated[:MAX_PROBLEMS]]
    total += len(duplicated)
    order = {c: i for i, c in enumerate([*table.columns, "+".join(table.key)])}
    found.sort(key=lambda p: (p.line, order[p.column]))
    return found[:MAX_PROBLEMS], total


def check_references(frames: dict[str, pd.DataFrame], tables: dict[str, Table] = TABLES) -> Found:
    found = Found()
    for name, table in tables.items():
        for col, spec in table.columns.items():
            if not spec.ref:
                continue
            known = set().union(*(set(frames[t][c]) for t, c in (r.split(".") for r in spec.ref)))
            cells = frames[name][col]
            mask = (cells != "") & ~cells.isin(known)
            if mask.any():
                found.add(*flagged(f"{name}.csv", frames[name], col, mask,
                                   M("ref.unknown", targets=Either(spec.ref))))
    return found


# --- checks that tie the data to the article ----------------------------------------------------


def _check_quotes(frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> Found:
    """Each quote in its source's text; each distinct (source, quote) pair is looked up once."""
    found = Found()
    for name in TABLES:
        frame = frames[name]
        if "source_quote" not in frame:
            continue
        pairs = pd.Series(list(zip(frame["source_id"], frame["source_quote"])), index=frame.index)
        missing = {pair: bool(pair[1]) and pair[0] in texts and normalise(pair[1]) not in texts[pair[0]]
                   for pair in set(pairs)}
        mask = pairs.map(missing).astype(bool)
        for source in sorted(set(frame["source_id"][mask])):
            found.add(*flagged(f"{name}.csv", frame, "source_quote", mask & (frame["source_id"] == source),
                               M("quote.not_in_source", source=source)))
    return found


def _figure_words(value: str, qualifier: str) -> str:
    return value if qualifier == "exact" else f"{value} ({qualifier})"


def _check_sources_agree(frame: pd.DataFrame) -> Found:
    """The same indicator and period from several sources: the rows that stand (are not
    superseded) must agree in value and qualifier; `supersedes` names a source that has a row for
    the same indicator and period, and says why in `supersedes_reason`. A target is compared only
    with targets: results (actuals and estimates, which an actual supersedes) never with them."""
    file, found = "observations.csv", Found()
    lines = pd.Series(range(2, len(frame) + 2), index=frame.index)
    out = superseded(frame)
    aim = (frame["basis"] == "target").rename("aim")
    for (indicator, period, _), group in frame.groupby([frame["indicator_id"], frame["period_id"], aim],
                                                        sort=False):
        figure = f"{indicator}@{period}"
        sources = set(group["source_id"])
        for i, r in group.iterrows():
            line = int(lines[i])
            if r["supersedes"] and not r["supersedes_reason"]:
                found.add([Problem(file, line, "supersedes_reason", "",
                                   M("supersedes.why", source=r["supersedes"]))])
            if r["supersedes_reason"] and not r["supersedes"]:
                found.add([Problem(file, line, "supersedes", "", M("supersedes.whose"))])
            if r["supersedes"] and r["supersedes"] == r["source_id"]:
                found.add([Problem(file, line, "supersedes", r["supersedes"], M("supersedes.self"))])
            elif r["supersedes"] and r["supersedes"] not in sources:
                found.add([Problem(file, line, "supersedes", r["supersedes"],
                                   M("supersedes.no_row", source=r["supersedes"], figure=figure))])
        if len(group) < 2:
            continue
        standing = group[~out[group.index]]
        if standing.empty:
            found.add([Problem(file, int(lines[group.index[0]]), "supersedes", None,
                               M("supersedes.circle", figure=figure))])
            continue
        first = standing.iloc[0]
        for i, r in standing.iloc[1:].iterrows():
            if (r["value"], r["qualifier"]) == (first["value"], first["qualifier"]):
                continue  # one figure, two quotes
            this, that = r["source_id"] or M("a_formula"), first["source_id"] or M("a_formula")
            if r["source_id"] and first["source_id"]:
                fix = M("sources.disagree.fix", this=r["source_id"], that=first["source_id"])
            else:
                fix = M("sources.disagree.computed")
            found.add([Problem(
                file, int(lines[i]), "value", r["value"],
                M("sources.disagree", figure=figure, this_value=_figure_words(r["value"], r["qualifier"]),
                  this=this, that_value=_figure_words(first["value"], first["qualifier"]), that=that,
                  line=int(lines[first.name]), fix=fix))])
    return found


def _check_observations(frame: pd.DataFrame, measures: dict[str, str]) -> Found:
    """Each figure against its words and formula; `measures` is indicator_id -> measure."""
    file, found = "observations.csv", Found()

    def problem(*args):
        found.add([Problem(file, *args)])

    standing = frame[~superseded(frame)]  # formulas use the figure that stands
    values = {(r.indicator_id, r.period_id): float(r.value)
              for r in standing.itertuples() if NUMBER.match(r.value)}
    results: dict[str, float | str] = {}  # formula -> its result, or why it cannot be computed
    for i, r in enumerate(frame.itertuples(), start=2):
        printed, quote = normalise(r.value_as_printed), normalise(r.source_quote)
        if r.derivation == "computed":
            if not r.formula:
                problem(i, "formula", "", M("formula.required"))
                continue
            if r.formula not in results:
                try:
                    results[r.formula] = evaluate_formula(r.formula, values)
                except (ValueError, ArithmeticError) as error:
                    results[r.formula] = M("formula.cannot", error=getattr(error, "message", str(error)))
            result = results[r.formula]
            if isinstance(result, Message):
                problem(i, "formula", r.formula, result)
                continue
            decimals = len(r.value.split(".")[1]) if "." in r.value else 0
            if NUMBER.match(r.value) and round(result, decimals) != float(r.value):
                problem(i, "value", r.value, M("formula.gives", result=f"{result:g}"))
            continue
        if not quote or not r.source_id:
            problem(i, "source_quote" if not quote else "source_id", "",
                    M("source.needed"))
            continue
        if r.derivation == "counted":
            names = [n for n in re.split(r"[、,，]", r.formula.removeprefix("count:")) if n.strip()]
            missing = [n.strip() for n in names if normalise(n) not in quote]
            if not names or missing or (NUMBER.match(r.value) and float(r.value) != len(names)):
                problem(i, "formula", r.formula, M("count.formula"))
            continue
        if not printed:
            problem(i, "value_as_printed", "", M("printed.required"))
        elif printed not in quote:
            problem(i, "value_as_printed", r.value_as_printed, M("printed.not_in_quote"))
        elif wrong := printed_problem(r.value_as_printed, r.value, measures.get(r.indicator_id)):
            column, expected = wrong
            problem(i, column, getattr(r, column), expected)
    return found


# --- the folder -------------------------------------------------------------------------------

DTYPES = {"text": "string", "int": "Int64", "number": "Float64"}


def _typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The schema's types: text as pandas strings (<NA> when blank), dates, nullable numbers."""
    out = frame[list(table.columns)].copy()
    for col, spec in table.columns.items():
        cells = out[col].replace("", None)
        if spec.kind == "date":
            out[col] = pd.to_datetime(cells, format="%Y-%m-%d")
        else:
            out[col] = cells.astype(DTYPES[spec.kind])
    return out


def read_all(folder: Path, tables: dict[str, Table], missing: str, found: Found) -> dict:
    """Every table of `tables` as strings, each checked on its own (columns, types, values, keys);
    `missing` is the message key for a file that is not there."""
    frames = {}
    for name, table in tables.items():
        file = f"{name}.csv"
        try:
            frames[name] = parse_table(read_text(folder, file, MAX_TABLE_BYTES), file)
        except FileNotFoundError:
            if table.optional:
                frames[name] = pd.DataFrame({c: pd.Series(dtype=object) for c in table.columns})
            else:
                found.add([Problem(file, None, None, None, M(missing))])
        except CsvSyntaxError as error:
            found.add([error.problem])
        except Exception as error:  # any other unreadable file: say so, never a traceback
            found.add([Problem(file, None, None, None, unreadable(error))])
    added = {}
    if "vocabularies" in frames:  # checked first: its values extend the other tables' lists
        with found.guard("vocabularies.csv"):
            vocabulary_found, vocabularies = Found(), frames["vocabularies"]
            vocabulary_found.add(*_check_table("vocabularies", tables["vocabularies"], vocabularies))
            vocabulary_found.merge(_check_vocabularies(vocabularies))
            found.merge(vocabulary_found)
            if not vocabulary_found:
                added = vocabulary_additions(vocabularies)
    for name, table in tables.items():
        if name in frames and name != "vocabularies":
            with found.guard(f"{name}.csv"):
                for col, spec in table.columns.items():  # an older file: the column read as empty
                    if spec.may_be_absent and col not in frames[name].columns:
                        frames[name][col] = ""
                found.add(*_check_table(name, table, frames[name], added.get(name)))
    return frames


def _read_texts(folder: Path, sources: pd.DataFrame, found: Found) -> dict[str, str]:
    """Each source's text_file: inside the data folder, a regular file, text, below MAX_TEXT_BYTES."""
    texts = {}
    for i, (source, file) in enumerate(zip(sources["source_id"], sources["text_file"]), start=2):
        try:
            texts[source] = read_text(folder, file)
        except FileNotFoundError:
            found.add([Problem("sources.csv", i, "text_file", file, M("file.not_found"))])
        except Exception as error:
            found.add([Problem("sources.csv", i, "text_file", file, unreadable(error))])
    return texts


def check_tables(folder: Path) -> tuple[dict[str, pd.DataFrame] | None, dict[str, str], list[Problem]]:
    """(typed tables, source texts by source_id, problems): every problem at once (the first
    MAX_PROBLEMS, then how many more); the tables only when there are none."""
    found = Found()
    frames = read_all(folder, TABLES, "file.missing", found)
    if found:  # later checks assume complete, well-formed tables
        return None, {}, found.result()
    texts = {}
    for file, check in (
            ("sources.csv", lambda: found.merge(check_references(frames))),
            ("sources.csv", lambda: texts.update(_read_texts(folder, frames["sources"], found))),
            ("sources.csv", lambda: found.merge(source_texts.check(folder, frames, texts))),
            ("sources.csv", lambda: found.merge(_check_quotes(frames, {s: normalise(t) for s, t
                                                                   in texts.items()}))),
            ("observations.csv", lambda: found.merge(_check_observations(
                frames["observations"], dict(zip(frames["indicators"]["indicator_id"],
                                                 frames["indicators"]["measure"]))))),
            ("observations.csv", lambda: found.merge(_check_sources_agree(frames["observations"]))),
            ("periods.csv", lambda: found.merge(_check_periods(frames["periods"], frames["sources"]))),
            ("sectors.csv", lambda: found.merge(_check_themes(frames)))):
        with found.guard(file):
            check()
    typed = {}
    for name, frame in frames.items() if not found else ():
        with found.guard(f"{name}.csv"):
            typed[name] = _typed(frame, TABLES[name])
    if found:
        return None, texts, found.result()
    return typed, texts, []


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _check_periods(periods: pd.DataFrame, sources: pd.DataFrame) -> Found:
    """`year` agrees with the dates (a year: both dates in it; any other kind: the end date's
    year); a start comes before its end; words relative to a dated source have the dates they
    resolve to (timewords.resolve). An undated source's relative words are not checked: its
    period rows' explicit dates stand."""
    file, found = "periods.csv", Found()
    published = dict(zip(sources["source_id"], sources["published"]))
    for i, r in enumerate(periods.to_dict("records"), start=2):
        start, end = _date(r["start_date"]), _date(r["end_date"])
        year = int(r["year"]) if r["year"] else None
        if start and end and start > end:
            found.add([Problem(file, i, "start_date", r["start_date"],
                               M("period.start_after_end", end=str(end)))])
        if r["kind"] == "year" and start and end and year and not start.year == end.year == year:
            found.add([Problem(file, i, "year", r["year"],
                               M("period.year_within", year=year, end_year=end.year))])
        elif end and year != end.year:
            found.add([Problem(file, i, "year", r["year"] or "",
                               M("period.year_of_end", end_year=end.year, end=str(end)))])
        elif year and not end:
            found.add([Problem(file, i, "end_date", "",
                               M("period.end_needed", year=year))])
        if bool(r["relative_to"]) != bool(r["relative_words"]):
            missing = "relative_words" if r["relative_to"] else "relative_to"
            found.add([Problem(file, i, missing, "", M("period.relative_pair"))])
            continue
        when = published.get(r["relative_to"])
        if not r["relative_words"] or not when:
            continue  # no words, or an undated source: the explicit dates stand
        expected = relative_period(r["relative_words"], date.fromisoformat(when))
        if expected is None:
            found.add([Problem(file, i, "relative_words", r["relative_words"],
                               M("period.words_unread"))])
            continue
        wrong = [c for c, v in expected.items() if r[c] != v]
        if wrong:
            should = Listed(M("period.column_value", column=c, value=expected[c] or M("empty"))
                            for c in expected)
            found.add([Problem(
                file, i, wrong[0], r[wrong[0]],
                M("period.relative_reads", words=r["relative_words"], source=r["relative_to"], when=when,
                  should=should))])
    return found


def _check_vocabularies(frame: pd.DataFrame) -> Found:
    """An added value is an id and not one of the built-in values (those have their labels in
    dashboard/i18n.py)."""
    found = Found()
    for i, (vocabulary, value) in enumerate(zip(frame["vocabulary"], frame["value"]), start=2):
        known = OPEN_VOCABULARIES.get(vocabulary)
        if known is None or not value:
            continue  # the generic checks report these
        if not ID.fullmatch(value):
            found.add([Problem("vocabularies.csv", i, "value", value, M("id.format"))])
        elif value in known.values:
            found.add([Problem("vocabularies.csv", i, "value", value,
                               M("vocabulary.builtin", vocabulary=vocabulary))])
    return found


def vocabulary_additions(frame: pd.DataFrame) -> dict[str, dict[str, tuple[str, ...]]]:
    """{table: {column: values added by vocabularies.csv}}."""
    added: dict[str, dict[str, tuple[str, ...]]] = {}
    for vocabulary, value in zip(frame["vocabulary"], frame["value"]):
        spec = OPEN_VOCABULARIES[vocabulary]
        columns = added.setdefault(spec.table, {})
        columns[spec.column] = (*columns.get(spec.column, ()), value)
    return added


def _check_themes(frames: dict[str, pd.DataFrame]) -> Found:
    """theme_id names a cross-cutting theme; sector_links tie to one of the 3+3 industries."""
    groups = dict(zip(frames["sectors"]["sector_id"], frames["sectors"]["group"]))
    found = Found()
    for name in ("indicators", "entities"):
        mask = frames[name]["theme_id"].map(groups) != "theme"
        if mask.any():
            found.add(*flagged(f"{name}.csv", frames[name], "theme_id", mask,
                               M("theme.expected")))
    mask = frames["sector_links"]["sector_id"].map(groups) == "theme"
    if mask.any():
        found.add(*flagged("sector_links.csv", frames["sector_links"], "sector_id", mask,
                           M("theme.not_industry")))
    return found
