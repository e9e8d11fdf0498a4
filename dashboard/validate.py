"""Reading and checking a data folder: any encoding Excel saves, every check at once, each
problem with its file, line and column. Typed frames come out only when there is no problem.

The schema (schema.py) drives the generic checks (required columns, types, allowed values, ids,
unique keys, references); then come the checks that tie figures to the article (quote present,
figure present in its quote, formula reproduces value) and the map's files.

Nothing in a file can make the checks throw or grow without bound: every file is read from
inside the data folder only, as a regular file below a size cap; each check turns any error into
a problem naming its file; the checks are vectorised over columns; and at most MAX_PROBLEMS
problems are kept, followed by one that says how many more there are."""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import operator
import os
import re
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.escape import BIDI_CONTROLS
from dashboard.numerals import ordinal
from dashboard.schema import (
    CHINA_BOUNDS,
    COUNTIES_FILE,
    GEO_TABLES,
    OPEN_VOCABULARIES,
    TABLES,
    YONGJIA_ADCODE,
    Table,
)
from dashboard.timewords import resolve

# The caps (stated in the codebook, data/README.md). The shipped files are at most 30 KB (CSV),
# 12 KB (the article) and 170 KB (the boundaries): each cap leaves a hundred times that.
MAX_TABLE_BYTES = 20 * 2**20
MAX_TEXT_BYTES = 2 * 2**20
MAX_GEO_BYTES = 5 * 2**20
MAX_PROBLEMS = 200  # kept and shown; the rest are counted
MAX_VALUE_CHARS = 120  # of a cell quoted in a problem
MAX_FORMULA_CHARS = 500
MAX_MAGNITUDE = 1e15  # any number in a formula, and its result, within ±10^15

# --- problems -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # line in the CSV as a spreadsheet shows it (header = 1)
    column: str | None
    value: str | None
    expected: str

    def __post_init__(self):  # a 20 MB cell is quoted by its start
        if self.value is not None and len(self.value) > MAX_VALUE_CHARS:
            object.__setattr__(self, "value", self.value[:MAX_VALUE_CHARS] + "…")

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        what = f" column {self.column}" if self.column else ""
        got = f" value {self.value!r}" if self.value is not None else ""
        return f"{where}{what}{got}: {self.expected}"


@dataclass(frozen=True)
class MoreProblems(Problem):
    """The last entry of a list cut at MAX_PROBLEMS: how many more were found."""
    count: int = 0

    def __str__(self) -> str:
        return self.expected


def problem_count(problems: list[Problem]) -> int:
    """All problems found, the ones left out of the list included."""
    return sum(p.count if isinstance(p, MoreProblems) else 1 for p in problems)


class DataError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class Found:
    """Problems as the checks find them: every one counted, the first MAX_PROBLEMS kept."""

    def __init__(self):
        self.kept: list[Problem] = []
        self.total = 0

    def __bool__(self) -> bool:
        return self.total > 0

    def add(self, problems: list[Problem], total: int | None = None) -> None:
        """`problems` found (the first of `total`, when a check lists only the first ones)."""
        self.kept += problems[:MAX_PROBLEMS - len(self.kept)]
        self.total += len(problems) if total is None else total

    def merge(self, other: Found) -> None:
        self.add(other.kept, other.total)

    @contextmanager
    def guard(self, file: str):
        """Whatever a check raises (a bug, MemoryError, RecursionError) becomes a problem of `file`."""
        try:
            yield
        except Exception as error:
            self.add([Problem(file, None, None, None,
                              f"could not be checked ({type(error).__name__}: {str(error)[:200]})")])

    def result(self) -> list[Problem]:
        more = self.total - len(self.kept)
        if more <= 0:
            return list(self.kept)
        return [*self.kept, MoreProblems("", None, None, None,
                                         f"… and {more:,} more problems not listed (fix these first)",
                                         count=more)]


# --- reading ------------------------------------------------------------------------------------


class Refused(Exception):
    """A file the dashboard will not read; the message says why."""


def read_bytes(folder: Path, relative: str, limit: int) -> bytes:
    """The bytes of `relative`, a regular file inside `folder` (after following every link) of at
    most `limit` bytes. FileNotFoundError when it does not exist; Refused for anything else (outside
    the folder, a device, a FIFO or a folder, too large). Never reads more than `limit` + 1 bytes."""
    try:
        root = folder.resolve()
        path = (root / relative).resolve()
    except (OSError, RuntimeError, ValueError) as error:  # a link loop, a NUL byte
        raise Refused(f"the path cannot be followed ({error})") from None
    if not path.is_relative_to(root):
        raise Refused("the path leads outside the data folder")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise Refused(f"cannot be opened ({error.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise Refused("not a regular file")
    with os.fdopen(fd, "rb") as file:
        raw = file.read(limit + 1) if info.st_size <= limit else b""
    if info.st_size > limit or len(raw) > limit:
        raise Refused(f"larger than the {limit // 2**20} MB allowed ({max(info.st_size, len(raw)):,} bytes)")
    return raw


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first, UTF-16 with its BOM (Excel's "Unicode text"), then
    GB18030, the encoding Excel on Chinese Windows uses. UnicodeDecodeError when none fits;
    ValueError for a binary file (NUL bytes). Bidi controls are removed: they turn text around."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
    if "\x00" in text:
        raise ValueError("a binary file, not text")
    return BIDI_CONTROLS.sub("", text)


def read_text(folder: Path, relative: str, limit: int = MAX_TEXT_BYTES) -> str:
    """A text file from the data folder; FileNotFoundError, Refused, UnicodeDecodeError, ValueError."""
    return decode(read_bytes(folder, relative, limit))


class CsvSyntaxError(ValueError):
    """A CSV file that cannot be split into cells; `problem` says where and how to fix it."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def parse_table(text: str, file: str = "the file") -> pd.DataFrame:
    """All cells as stripped strings; empty cells are ''. Types are applied after validation.
    CsvSyntaxError, in plain words, when the text is not well-formed CSV."""
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except pd.errors.ParserError:  # pandas says "Error tokenizing data. C error: ..."
        raise CsvSyntaxError(csv_syntax_problem(text, file)) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.strip())


def csv_syntax_problem(text: str, file: str) -> Problem:
    """Where `text` stops being CSV, as a spreadsheet counts lines (header = 1), and the fix.
    Only called once pandas has refused the file, so the slower csv module's pass costs nothing
    on a good file."""
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1  # the line the record being read starts on
    try:
        header = next(reader)
        start = reader.line_num + 1
        for cells in reader:
            if len(cells) > len(header):
                return Problem(file, start, None, None,
                               f"{len(cells)} cells where the header has {len(header)}: put a value "
                               "containing a comma in double quotes (\"a, b\")")
            start = reader.line_num + 1
    except csv.Error:
        return Problem(file, start, None, None,
                       "a double quote opens a cell that is never closed: close it, and write a "
                       "quote inside a cell twice (\"\")")
    return Problem(file, None, None, None,
                   "cannot be split into cells: check the double quotes and commas")


def read_table(path: Path) -> pd.DataFrame:
    """A CSV file (below MAX_TABLE_BYTES) as parse_table reads it."""
    return parse_table(read_text(path.parent, path.name, MAX_TABLE_BYTES), path.name)


def normalise(text: str) -> str:
    """The article's print layout breaks lines mid-sentence: compare with all white space removed."""
    return re.sub(r"\s+", "", text)


def _unreadable(error: Exception) -> str:
    if isinstance(error, Refused):
        return f"refused: {error}"
    if isinstance(error, UnicodeDecodeError):
        return f"cannot be decoded (byte {error.start:,}): not text, or not saved as UTF-8 or GB18030"
    if isinstance(error, pd.errors.EmptyDataError):
        return "file is empty"
    return f"cannot be read: {str(error)[:200]}"


# --- generic checks -----------------------------------------------------------------------------

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID = re.compile(r"[a-z0-9][a-z0-9_]*")
TYPES = {"int": r"-?\d{1,15}", "number": r"-?\d+(\.\d+)?", "date": r"\d{4}-\d{2}-\d{2}"}
TYPE_WORDS = {"int": "a whole number", "number": "a number such as 52 or 9.04",
              "date": "a date as YYYY-MM-DD", "text": "text"}


def _type_ok(kind: str, cells: pd.Series) -> pd.Series:
    """Which of `cells` (none empty) read as `kind`."""
    if kind not in TYPES:
        return pd.Series(True, index=cells.index)
    ok = cells.str.fullmatch(TYPES[kind]).astype(bool)
    if kind == "date":
        ok &= pd.to_datetime(cells.where(ok), format="%Y-%m-%d", errors="coerce").notna()
    return ok


def _flagged(file: str, frame: pd.DataFrame, column: str, mask: pd.Series,
             expected: str) -> tuple[list[Problem], int]:
    """A problem for each row of `mask`, the first MAX_PROBLEMS of them, and how many there are."""
    rows = mask.to_numpy().nonzero()[0]
    cells = frame[column]
    return ([Problem(file, int(i) + 2, column, cells.iat[i], expected) for i in rows[:MAX_PROBLEMS]],
            len(rows))


OPEN_COLUMNS = {(v.table, v.column) for v in OPEN_VOCABULARIES.values()}
VOCABULARY_HINT = " (or add the value to vocabularies.csv with its labels; see the codebook)"


def _check_table(name: str, table: Table, frame: pd.DataFrame,
                 added: dict[str, tuple[str, ...]] | None = None) -> tuple[list[Problem], int]:
    """Required columns, then per column: values present, types, allowed values (with the values
    `added` to a column's open vocabulary), ids; then unique keys. (The first MAX_PROBLEMS
    problems in row order, how many there are.)"""
    added = added or {}
    file = f"{name}.csv"
    missing = [c for c, spec in table.columns.items() if c not in frame.columns and not spec.may_be_absent]
    if missing:
        return [Problem(file, 1, c, None, "required column is missing") for c in missing], len(missing)
    found, total = [], 0
    for col, spec in table.columns.items():
        cells = frame[col]
        present = cells != ""
        checks = [(~present if spec.required else None, "a value is required")]
        typed = present & _type_ok(spec.kind, cells)
        checks.append((present & ~typed, f"expected {TYPE_WORDS[spec.kind]}"))
        if spec.allowed:
            allowed = (*spec.allowed, *added.get(col, ()))
            checks.append((typed & ~cells.isin(allowed), "expected one of " + ", ".join(allowed)
                           + (VOCABULARY_HINT if (name, col) in OPEN_COLUMNS else "")))
        if col.endswith("_id"):
            checks.append((typed & ~cells.str.fullmatch(ID.pattern).astype(bool),
                           "an id: lowercase letters a-z, digits and _"))
        for mask, expected in checks:
            if mask is not None and mask.any():
                listed, count = _flagged(file, frame, col, mask, expected)
                found += listed
                total += count
    duplicated = frame.duplicated(list(table.key), keep="first").to_numpy().nonzero()[0]
    keys = frame[list(table.key)]
    found += [Problem(file, int(i) + 2, "+".join(table.key), ", ".join(keys.iloc[i]),
                      "duplicate key: each row needs its own") for i in duplicated[:MAX_PROBLEMS]]
    total += len(duplicated)
    order = {c: i for i, c in enumerate([*table.columns, "+".join(table.key)])}
    found.sort(key=lambda p: (p.line, order[p.column]))
    return found[:MAX_PROBLEMS], total


def _check_references(frames: dict[str, pd.DataFrame], tables: dict[str, Table] = TABLES) -> Found:
    found = Found()
    for name, table in tables.items():
        for col, spec in table.columns.items():
            if not spec.ref:
                continue
            known = set().union(*(set(frames[t][c]) for t, c in (r.split(".") for r in spec.ref)))
            cells = frames[name][col]
            mask = (cells != "") & ~cells.isin(known)
            if mask.any():
                found.add(*_flagged(f"{name}.csv", frames[name], col, mask,
                                    f"no such id in {' or '.join(spec.ref)}"))
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
            found.add(*_flagged(f"{name}.csv", frame, "source_quote", mask & (frame["source_id"] == source),
                                f"this text is not in the source {source}"))
    return found


# A formula's reference to a value: indicator@period.
FORMULA_REFERENCE = re.compile(r"([a-z][a-z0-9_]*)@([a-z0-9_]+)")
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Div: operator.truediv}
_ONLY = "only numbers, indicator@period, + - * / ( ) and round() are allowed"


def evaluate_formula(formula: str, values: dict[tuple[str, str], float]) -> float:
    """Arithmetic over `indicator@period` references, + - * / and round(); nothing else: an
    allow-list over the parsed expression, evaluated here (no eval), every number and every
    intermediate result finite and within ±MAX_MAGNITUDE. ValueError says what is wrong."""
    if len(formula) > MAX_FORMULA_CHARS:
        raise ValueError(f"a formula of at most {MAX_FORMULA_CHARS} characters")
    names = {}

    def bind(match: re.Match) -> str:
        ref = (match.group(1), match.group(2))
        if ref not in values:
            raise ValueError(f"{ref[0]}@{ref[1]} has no value in observations.csv")
        names[f"v{len(names)}"] = values[ref]
        return f"v{len(names) - 1}"

    try:
        tree = ast.parse(FORMULA_REFERENCE.sub(bind, formula).strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        if isinstance(error, ValueError) and "observations.csv" in str(error):
            raise
        raise ValueError(f"not arithmetic: {_ONLY}") from None
    return _evaluate(tree.body, names)


def _evaluate(node: ast.AST, names: dict[str, float]) -> float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if abs(node.value) > MAX_MAGNITUDE:
            raise ValueError(f"numbers within ±{MAX_MAGNITUDE:.0e}")
        value = float(node.value)
    elif isinstance(node, ast.Name) and node.id in names:
        value = names[node.id]
    elif isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _evaluate(node.left, names), _evaluate(node.right, names)
        if isinstance(node.op, ast.Div) and right == 0:
            raise ValueError("division by zero")
        value = _OPERATORS[type(node.op)](left, right)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand, names)
        value = -value if isinstance(node.op, ast.USub) else value
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round"
          and len(node.args) == 1 and not node.keywords):
        value = float(round(_evaluate(node.args[0], names)))
    else:
        raise ValueError(_ONLY)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"numbers within ±{MAX_MAGNITUDE:.0e}")
    return value


def superseded(frame: pd.DataFrame) -> pd.Series:
    """Which observations another row of the same indicator and period replaces (its
    `supersedes` names their source). The others stand."""
    replaced = {(i, p, s) for i, p, s in zip(frame["indicator_id"], frame["period_id"], frame["supersedes"])
                if isinstance(s, str) and s}
    return pd.Series([(i, p, s) in replaced for i, p, s in
                      zip(frame["indicator_id"], frame["period_id"], frame["source_id"])],
                     index=frame.index, dtype=bool)


def _figure_words(value: str, qualifier: str) -> str:
    return value if qualifier == "exact" else f"{value} ({qualifier})"


def _check_sources_agree(frame: pd.DataFrame) -> Found:
    """The same indicator and period from several sources: the rows that stand (are not
    superseded) must agree in value and qualifier; `supersedes` names a source that has a row for
    the same indicator and period, and says why in `supersedes_reason`."""
    file, found = "observations.csv", Found()
    lines = pd.Series(range(2, len(frame) + 2), index=frame.index)
    out = superseded(frame)
    for (indicator, period), group in frame.groupby(["indicator_id", "period_id"], sort=False):
        figure = f"{indicator}@{period}"
        sources = set(group["source_id"])
        for i, r in group.iterrows():
            line = int(lines[i])
            if r["supersedes"] and not r["supersedes_reason"]:
                found.add([Problem(file, line, "supersedes_reason", "",
                                   f"say why this figure replaces the one from {r['supersedes']}")])
            if r["supersedes_reason"] and not r["supersedes"]:
                found.add([Problem(file, line, "supersedes", "",
                                   "a supersedes_reason needs the source_id whose figure this one replaces")])
            if r["supersedes"] and r["supersedes"] == r["source_id"]:
                found.add([Problem(file, line, "supersedes", r["supersedes"],
                                   "a row cannot replace its own source's figure")])
            elif r["supersedes"] and r["supersedes"] not in sources:
                found.add([Problem(file, line, "supersedes", r["supersedes"],
                                   f"{r['supersedes']} has no row for {figure}: supersedes names the source "
                                   "whose figure for the same indicator and period this row replaces")])
        if len(group) < 2:
            continue
        standing = group[~out[group.index]]
        if standing.empty:
            found.add([Problem(file, int(lines[group.index[0]]), "supersedes", None,
                               f"the rows for {figure} replace each other: exactly one of them can stand")])
            continue
        first = standing.iloc[0]
        for i, r in standing.iloc[1:].iterrows():
            if (r["value"], r["qualifier"]) == (first["value"], first["qualifier"]):
                continue  # one figure, two quotes
            this, that = r["source_id"] or "a formula", first["source_id"] or "a formula"
            if r["source_id"] and first["source_id"]:
                fix = (f"if this figure replaces that one, write {first['source_id']} in this row's "
                       f"supersedes and why in supersedes_reason (if that one stands, write "
                       f"{r['source_id']} in its supersedes); if one is a typo, correct it")
            else:
                fix = "a computed figure can neither replace nor be replaced: correct or remove it"
            found.add([Problem(
                file, int(lines[i]), "value", r["value"],
                f"{figure} is {_figure_words(r['value'], r['qualifier'])} from {this} here but "
                f"{_figure_words(first['value'], first['qualifier'])} from {that} on line "
                f"{int(lines[first.name])}: {fix}")])
    return found


def _check_observations(frame: pd.DataFrame, measures: dict[str, str]) -> Found:
    """Each figure against its words and formula; `measures` is indicator_id -> measure."""
    file, found = "observations.csv", Found()

    def problem(*args):
        found.add([Problem(file, *args)])

    standing = frame[~superseded(frame)]  # formulas use the figure that stands
    values = {(r.indicator_id, r.period_id): float(r.value)
              for r in standing.itertuples() if _NUMBER.match(r.value)}
    results: dict[str, float | str] = {}  # formula -> its result, or why it cannot be computed
    for i, r in enumerate(frame.itertuples(), start=2):
        printed, quote = normalise(r.value_as_printed), normalise(r.source_quote)
        if r.derivation == "computed":
            if not r.formula:
                problem(i, "formula", "", "a computed value needs a formula")
                continue
            if r.formula not in results:
                try:
                    results[r.formula] = evaluate_formula(r.formula, values)
                except (ValueError, ArithmeticError) as error:
                    results[r.formula] = f"cannot compute: {error}"
            result = results[r.formula]
            if isinstance(result, str):
                problem(i, "formula", r.formula, result)
                continue
            decimals = len(r.value.split(".")[1]) if "." in r.value else 0
            if _NUMBER.match(r.value) and round(result, decimals) != float(r.value):
                problem(i, "value", r.value, f"the formula gives {result:g}")
            continue
        if not quote or not r.source_id:
            problem(i, "source_quote" if not quote else "source_id", "",
                    "a reported or counted value needs its source and sentence")
            continue
        if r.derivation == "counted":
            names = [n for n in re.split(r"[、,，]", r.formula.removeprefix("count:")) if n.strip()]
            missing = [n.strip() for n in names if normalise(n) not in quote]
            if not names or missing or (_NUMBER.match(r.value) and float(r.value) != len(names)):
                problem(i, "formula", r.formula,
                        "'count: A、B' naming as many items as value, each in the quote")
            continue
        if not printed:
            problem(i, "value_as_printed", "", "the figure as printed is required for a reported value")
        elif printed not in quote:
            problem(i, "value_as_printed", r.value_as_printed,
                    "the figure as printed is not in its source_quote")
        else:
            number = re.search(r"\d+(\.\d+)?", printed)
            place = ordinal(printed)
            if place is not None and _NUMBER.match(r.value) and float(r.value) != place:
                problem(i, "value", r.value, f"{r.value_as_printed} reads as {place}: a rank is the "
                        "place as printed (第一 and 首位 are 1, 第七个 is 7)")
            elif number and _NUMBER.match(r.value) and float(number.group()) != float(r.value):
                problem(i, "value", r.value, f"the printed figure reads {number.group()}")
            elif place is None and not number and measures.get(r.indicator_id) == "rank":
                problem(i, "value_as_printed", r.value_as_printed, "a rank's place as printed: "
                        "第一, 第七个, 第7名, 首位, 榜首 (the validator compares it with value)")
    return found


def _check_places(frame: pd.DataFrame) -> Found:
    """A place is drawn where both coordinates are given, inside China, with source and licence;
    an 'unplaced' one has neither coordinate."""
    file, found = "geo/places.csv", Found()
    for i, row in enumerate(frame.to_dict("records"), start=2):
        placed = [row["lat"] != "", row["lon"] != ""]
        if placed[0] != placed[1]:
            found.add([Problem(file, i, "lat" if not placed[0] else "lon", "",
                               "give both coordinates, or neither")])
        elif (row["precision"] == "unplaced") == all(placed):
            found.add([Problem(file, i, "precision", row["precision"],
                               "'unplaced' exactly when there are no coordinates")])
        for axis, (low, high) in CHINA_BOUNDS.items():
            if row[axis] and _NUMBER.match(row[axis]) and not low <= float(row[axis]) <= high:
                found.add([Problem(file, i, axis, row[axis], f"expected {low} to {high} (China)")])
        if all(placed):
            found.add([Problem(file, i, column, "", "a placed point names its source and licence")
                       for column in ("source", "licence") if not row[column]])
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


def _read_all(folder: Path, tables: dict[str, Table], missing: str, found: Found) -> dict:
    """Every table of `tables` as strings, each checked on its own (columns, types, values, keys)."""
    frames = {}
    for name, table in tables.items():
        file = f"{name}.csv"
        try:
            frames[name] = parse_table(read_text(folder, file, MAX_TABLE_BYTES), file)
        except FileNotFoundError:
            if table.optional:
                frames[name] = pd.DataFrame({c: pd.Series(dtype=object) for c in table.columns})
            else:
                found.add([Problem(file, None, None, None, missing)])
        except CsvSyntaxError as error:
            found.add([error.problem])
        except Exception as error:  # any other unreadable file: say so, never a traceback
            found.add([Problem(file, None, None, None, _unreadable(error))])
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
            found.add([Problem("sources.csv", i, "text_file", file, "file not found")])
        except Exception as error:
            found.add([Problem("sources.csv", i, "text_file", file, _unreadable(error))])
    return texts


def check_tables(folder: Path) -> tuple[dict[str, pd.DataFrame] | None, dict[str, str], list[Problem]]:
    """(typed tables, source texts by source_id, problems): every problem at once (the first
    MAX_PROBLEMS, then how many more); the tables only when there are none."""
    from dashboard import source_texts  # it reads files with this module's functions

    found = Found()
    frames = _read_all(folder, TABLES, "file is missing", found)
    if found:  # later checks assume complete, well-formed tables
        return None, {}, found.result()
    texts = {}
    for file, check in (
            ("sources.csv", lambda: found.merge(_check_references(frames))),
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
                               f"a start on or before the end ({end})")])
        if r["kind"] == "year" and start and end and year and not start.year == end.year == year:
            found.add([Problem(file, i, "year", r["year"],
                               f"a year period lies within its year: both dates in {year}, or year "
                               f"{end.year} with {end.year}-01-01 to {end.year}-12-31")])
        elif end and year != end.year:
            found.add([Problem(file, i, "year", r["year"] or "",
                               f"{end.year}, the year of end_date {end} (the year filter files the "
                               "period under it)")])
        elif year and not end:
            found.add([Problem(file, i, "end_date", "",
                               f"a period filed under year {year} needs its end_date")])
        if bool(r["relative_to"]) != bool(r["relative_words"]):
            missing = "relative_words" if r["relative_to"] else "relative_to"
            found.add([Problem(file, i, missing, "", "relative_to (a source_id) and relative_words "
                               "(the time words as printed: 目前, 去年, 1—11月) go together")])
            continue
        when = published.get(r["relative_to"])
        if not r["relative_words"] or not when:
            continue  # no words, or an undated source: the explicit dates stand
        period = resolve(r["relative_words"], date.fromisoformat(when))
        if period is None:
            found.add([Problem(file, i, "relative_words", r["relative_words"],
                               "time words the dashboard can read (目前, 今年, 去年, 过去一年, 近两年, "
                               "1—11月, 今年1—4月; see the codebook), or leave relative_to empty and "
                               "write the dates")])
            continue
        expected = {"kind": period.kind, "start_date": _iso(period.start), "end_date": _iso(period.end),
                    "year": str(period.year or "")}
        wrong = [c for c, v in expected.items() if r[c] != v]
        if wrong:
            should = ", ".join(f"{c} {expected[c] or '(empty)'}" for c in expected)
            found.add([Problem(
                file, i, wrong[0], r[wrong[0]],
                f"“{r['relative_words']}” in {r['relative_to']} (published {when}) reads as {should}: "
                "write those, or if the source means another span, leave relative_to empty and say "
                "why in note")])
    return found


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _check_vocabularies(frame: pd.DataFrame) -> Found:
    """An added value is an id and not one of the built-in values (those have their labels in
    dashboard/i18n.py)."""
    found = Found()
    for i, (vocabulary, value) in enumerate(zip(frame["vocabulary"], frame["value"]), start=2):
        known = OPEN_VOCABULARIES.get(vocabulary)
        if known is None or not value:
            continue  # the generic checks report these
        if not ID.fullmatch(value):
            found.add([Problem("vocabularies.csv", i, "value", value,
                               "an id: lowercase letters a-z, digits and _")])
        elif value in known.values:
            found.add([Problem("vocabularies.csv", i, "value", value,
                               f"already a built-in {vocabulary}: remove this row")])
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
            found.add(*_flagged(f"{name}.csv", frames[name], "theme_id", mask,
                                "expected a sector whose group is theme"))
    mask = frames["sector_links"]["sector_id"].map(groups) == "theme"
    if mask.any():
        found.add(*_flagged("sector_links.csv", frames["sector_links"], "sector_id", mask,
                            "expected one of the 3+3 industries, not a theme"))
    return found


def _geo_typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The map's tables as the map code reads them: text stays str ("" when blank, which the
    pydeck data needs), coordinates as float64 (NaN when unplaced)."""
    numbers = [c for c, spec in table.columns.items() if spec.kind == "number"]
    out = frame[list(table.columns)].copy()
    out[numbers] = out[numbers].apply(pd.to_numeric).astype("float64")
    return out


# What geo.county_deck reads of each feature: these properties, and Polygon or MultiPolygon rings
# of [lon, lat] pairs.
COUNTY_TEXT = ("adcode", "name_zh", "name_en", "kind")
COUNTY_NUMBERS = ("label_lon", "label_lat")


def _number_in(value, axis: str) -> bool:
    low, high = CHINA_BOUNDS[axis]
    return type(value) in (int, float) and math.isfinite(value) and low <= value <= high


def _ring_ok(ring) -> bool:
    return (isinstance(ring, list) and len(ring) >= 4
            and all(isinstance(p, list) and len(p) == 2 and _number_in(p[0], "lon")
                    and _number_in(p[1], "lat") for p in ring))


def _feature_problems(feature) -> list[tuple[str, str]]:
    """What is wrong with one feature: (where, what is expected) pairs; [] when it can be drawn."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return [("", 'a GeoJSON Feature ({"type": "Feature", ...})')]
    problems = []
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else None
    if not isinstance(polygons, list) or not polygons or not all(
            isinstance(rings, list) and rings and all(_ring_ok(r) for r in rings) for rings in polygons):
        problems.append(("geometry", "a Polygon or MultiPolygon: rings of 4 or more [lon, lat] in China"))
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return [*problems, ("properties", "an object with " + ", ".join(COUNTY_TEXT + COUNTY_NUMBERS))]
    for key in COUNTY_TEXT:
        if not isinstance(properties.get(key), str) or not properties[key].strip():
            problems.append((f"properties.{key}", "a text"))
    for key, axis in zip(COUNTY_NUMBERS, ("lon", "lat")):
        if not _number_in(properties.get(key), axis):
            low, high = CHINA_BOUNDS[axis]
            problems.append((f"properties.{key}", f"a number from {low} to {high}"))
    return problems


def _check_counties(counties) -> Found:
    """The boundary file as the map draws it, feature by feature."""
    found = Found()
    features = counties.get("features") if isinstance(counties, dict) else None
    if (not isinstance(features, list) or not features
            or counties.get("type") != "FeatureCollection"):
        found.add([Problem(COUNTIES_FILE, None, None, None, "expected a GeoJSON FeatureCollection")])
        return found
    for n, feature in enumerate(features, start=1):
        found.add([Problem(COUNTIES_FILE, None, f"feature {n}" + (f" {where}" if where else ""),
                           None, f"expected {expected}") for where, expected in _feature_problems(feature)])
    if not found and not any(f["properties"]["adcode"] == YONGJIA_ADCODE for f in features):
        found.add([Problem(COUNTIES_FILE, None, None, None, f"expected a feature with adcode "
                           f"{YONGJIA_ADCODE} (Yongjia, where the map opens)")])
    return found


def check_geo(folder: Path, tables: dict[str, pd.DataFrame] | None
              ) -> tuple[dict | None, list[Problem]]:
    """The map's files, read once with the same reader as the tables (any encoding Excel saves)
    and checked with the same generic checks; references to entities and sectors only when
    `tables` (valid typed tables) are given. ({"geo/places": ..., "geo/town_industries": ...,
    "counties": GeoJSON}, []) when valid, else (None, problems)."""
    found = Found()
    frames = _read_all(folder, GEO_TABLES, "file not found (run make geo)", found)
    if not found:  # the checks below assume complete, well-formed tables
        with found.guard("geo/places.csv"):
            if tables is not None:
                found.merge(_check_references({**tables, **frames}, GEO_TABLES))
            found.merge(_check_places(frames["geo/places"]))
    counties = None
    try:
        counties = json.loads(read_text(folder, COUNTIES_FILE, MAX_GEO_BYTES))
    except FileNotFoundError:
        found.add([Problem(COUNTIES_FILE, None, None, None, "file not found (run make geo)")])
    except Exception as error:
        found.add([Problem(COUNTIES_FILE, None, None, None, _unreadable(error))])
    else:
        with found.guard(COUNTIES_FILE):
            found.merge(_check_counties(counties))
    typed = {}
    for name, table in GEO_TABLES.items() if not found else ():
        with found.guard(f"{name}.csv"):
            typed[name] = _geo_typed(frames[name], table)
    if found:
        return None, found.result()
    return {**typed, "counties": counties}, []
