"""Reading and checking a data folder: any encoding Excel saves, every check at once, each
problem with its file, line and column. Typed frames come out only when there is no problem.

The schema (schema.py) drives the generic checks (required columns, types, allowed values, unique
keys, references); then come the checks that tie figures to the article (quote present, figure
present in its quote, formula reproduces value) and the map's files."""

from __future__ import annotations

import ast
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.schema import CHINA_BOUNDS, COUNTIES_FILE, GEO_TABLES, TABLES, Table

# --- problems -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # line in the CSV as a spreadsheet shows it (header = 1)
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        what = f" column {self.column}" if self.column else ""
        got = f" value {self.value!r}" if self.value is not None else ""
        return f"{where}{what}{got}: {self.expected}"


class DataError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


# --- reading ------------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, the encoding Excel on Chinese Windows uses."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def read_table(path: Path) -> pd.DataFrame:
    """All cells as stripped strings; empty cells are ''. Types are applied after validation."""
    text = decode(path.read_bytes())
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    frame.columns = [c.strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.strip())


def normalise(text: str) -> str:
    """The article's print layout breaks lines mid-sentence: compare with all white space removed."""
    return re.sub(r"\s+", "", text)


# --- generic checks -----------------------------------------------------------------------------

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _type_ok(kind: str, value: str) -> bool:
    if kind == "int":
        return bool(re.fullmatch(r"-?\d+", value))
    if kind == "number":
        return bool(_NUMBER.match(value))
    if kind == "date":
        return bool(_DATE.match(value)) and not pd.isna(pd.to_datetime(value, errors="coerce"))
    return True


TYPE_WORDS = {"int": "a whole number", "number": "a number such as 52 or 9.04",
              "date": "a date as YYYY-MM-DD", "text": "text"}


def _check_table(name: str, table: Table, frame: pd.DataFrame) -> list[Problem]:
    file = f"{name}.csv"
    missing = [c for c in table.columns if c not in frame.columns]
    if missing:
        return [Problem(file, 1, c, None, "required column is missing") for c in missing]
    problems = []
    for i, cells in enumerate(frame.to_dict("records"), start=2):
        for col, spec in table.columns.items():
            value = cells[col]
            if value == "":
                if spec.required:
                    problems.append(Problem(file, i, col, value, "a value is required"))
                continue
            if not _type_ok(spec.kind, value):
                problems.append(Problem(file, i, col, value, f"expected {TYPE_WORDS[spec.kind]}"))
            elif spec.allowed and value not in spec.allowed:
                problems.append(Problem(file, i, col, value,
                                        "expected one of " + ", ".join(spec.allowed)))
    duplicated = frame.duplicated(list(table.key), keep="first")
    for i in frame.index[duplicated]:
        key = ", ".join(frame.loc[i, list(table.key)])
        problems.append(Problem(file, i + 2, "+".join(table.key), key,
                                "duplicate key: each row needs its own"))
    return problems


def _check_references(frames: dict[str, pd.DataFrame], tables: dict[str, Table] = TABLES) -> list[Problem]:
    problems = []
    for name, table in tables.items():
        for col, spec in table.columns.items():
            if not spec.ref:
                continue
            known = set().union(*(set(frames[t][c]) for t, c in (r.split(".") for r in spec.ref)))
            for i, value in enumerate(frames[name][col], start=2):
                if value and value not in known:
                    targets = " or ".join(spec.ref)
                    problems.append(Problem(f"{name}.csv", i, col, value,
                                            f"no such id in {targets}"))
    return problems


# --- checks that tie the data to the article ----------------------------------------------------


def _check_quotes(frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> list[Problem]:
    problems = []
    for name in TABLES:
        frame = frames[name]
        if "source_quote" not in frame:
            continue
        for i, (source, quote) in enumerate(zip(frame["source_id"], frame["source_quote"]), 2):
            if quote and source in texts and normalise(quote) not in texts[source]:
                problems.append(Problem(f"{name}.csv", i, "source_quote", quote,
                                        f"this text is not in the source {source}"))
    return problems


_TOKEN = re.compile(r"([a-z][a-z0-9_]*)@([a-z0-9_]+)")
_ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load,
                  ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.Call)


def evaluate_formula(formula: str, values: dict[tuple[str, str], float]) -> float:
    """Arithmetic over `indicator@period` references, + - * / and round(); nothing else."""
    names = {}

    def bind(match: re.Match) -> str:
        ref = (match.group(1), match.group(2))
        if ref not in values:
            raise ValueError(f"{ref[0]}@{ref[1]} has no value in observations.csv")
        names[f"v{len(names)}"] = values[ref]
        return f"v{len(names) - 1}"

    tree = ast.parse(_TOKEN.sub(bind, formula), mode="eval")
    for node in ast.walk(tree):
        ok = isinstance(node, _ALLOWED_NODES)
        if isinstance(node, ast.Call):
            ok = isinstance(node.func, ast.Name) and node.func.id == "round" and len(node.args) == 1
        if isinstance(node, ast.Name):
            ok = node.id in names or node.id == "round"
        if not ok:
            raise ValueError("only numbers, indicator@period, + - * / ( ) and round() are allowed")
    return eval(compile(tree, "<formula>", "eval"), {"__builtins__": {}, "round": round}, names)


def _check_observations(frame: pd.DataFrame) -> list[Problem]:
    file, problems = "observations.csv", []
    values = {(r.indicator_id, r.period_id): float(r.value)
              for r in frame.itertuples() if _NUMBER.match(r.value)}
    for i, r in enumerate(frame.itertuples(), start=2):
        printed, quote = normalise(r.value_as_printed), normalise(r.source_quote)
        if r.derivation == "computed":
            if not r.formula:
                problems.append(Problem(file, i, "formula", "", "a computed value needs a formula"))
                continue
            try:
                result = evaluate_formula(r.formula, values)
            except (ValueError, SyntaxError, ZeroDivisionError) as error:
                problems.append(Problem(file, i, "formula", r.formula, f"cannot compute: {error}"))
                continue
            decimals = len(r.value.split(".")[1]) if "." in r.value else 0
            if _NUMBER.match(r.value) and round(result, decimals) != float(r.value):
                problems.append(Problem(file, i, "value", r.value,
                                        f"the formula gives {result:g}"))
            continue
        if not quote or not r.source_id:
            column = "source_quote" if not quote else "source_id"
            problems.append(Problem(file, i, column, "",
                                    "a reported or counted value needs its source and sentence"))
            continue
        if r.derivation == "counted":
            names = [n for n in re.split(r"[、,，]", r.formula.removeprefix("count:")) if n.strip()]
            missing = [n.strip() for n in names if normalise(n) not in quote]
            if not names or missing or (_NUMBER.match(r.value) and float(r.value) != len(names)):
                problems.append(Problem(file, i, "formula", r.formula,
                                        "'count: A、B' naming as many items as value, each in the quote"))
            continue
        if not printed:
            problems.append(Problem(file, i, "value_as_printed", "",
                                    "the figure as printed is required for a reported value"))
        elif printed not in quote:
            problems.append(Problem(file, i, "value_as_printed", r.value_as_printed,
                                    "the figure as printed is not in its source_quote"))
        else:
            number = re.search(r"\d+(\.\d+)?", printed)
            if number and _NUMBER.match(r.value) and float(number.group()) != float(r.value):
                problems.append(Problem(file, i, "value", r.value,
                                        f"the printed figure reads {number.group()}"))
    return problems


def _check_places(frame: pd.DataFrame) -> list[Problem]:
    """A place is drawn where both coordinates are given, inside China, with source and licence;
    an 'unplaced' one has neither coordinate."""
    file, problems = "geo/places.csv", []
    for i, row in enumerate(frame.to_dict("records"), start=2):
        placed = [row["lat"] != "", row["lon"] != ""]
        if placed[0] != placed[1]:
            problems.append(Problem(file, i, "lat" if not placed[0] else "lon", "",
                                    "give both coordinates, or neither"))
        elif (row["precision"] == "unplaced") == all(placed):
            problems.append(Problem(file, i, "precision", row["precision"],
                                    "'unplaced' exactly when there are no coordinates"))
        for axis, (low, high) in CHINA_BOUNDS.items():
            if row[axis] and _NUMBER.match(row[axis]) and not low <= float(row[axis]) <= high:
                problems.append(Problem(file, i, axis, row[axis], f"expected {low} to {high} (China)"))
        if all(placed):
            problems += [Problem(file, i, column, "", "a placed point names its source and licence")
                         for column in ("source", "licence") if not row[column]]
    return problems


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


def _read_all(folder: Path, tables: dict[str, Table], missing: str) -> tuple[dict, list[Problem]]:
    """Every table of `tables` as strings, each checked on its own (columns, types, values, keys)."""
    frames, problems = {}, []
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        try:
            frames[name] = read_table(path)
        except FileNotFoundError:
            problems.append(Problem(f"{name}.csv", None, None, None, missing))
        except pd.errors.EmptyDataError:
            problems.append(Problem(f"{name}.csv", None, None, None, "file is empty"))
        except Exception as error:  # any other unreadable file: say so, never a traceback
            problems.append(Problem(f"{name}.csv", None, None, None, f"cannot be read: {error}"))
        else:
            problems += _check_table(name, table, frames[name])
    return frames, problems


def check_tables(folder: Path) -> tuple[dict[str, pd.DataFrame] | None, dict[str, str], list[Problem]]:
    """(typed tables, source texts by source_id, problems): every problem at once; the tables
    only when there are none."""
    frames, problems = _read_all(folder, TABLES, "file is missing")
    if problems:  # later checks assume complete, well-formed tables
        return None, {}, problems

    problems += _check_references(frames)
    texts = {}
    for i, (source, file) in enumerate(zip(frames["sources"]["source_id"],
                                           frames["sources"]["text_file"]), start=2):
        try:
            texts[source] = decode((folder / file).read_bytes())
        except OSError:
            problems.append(Problem("sources.csv", i, "text_file", file, "file not found"))
    problems += _check_quotes(frames, {s: normalise(t) for s, t in texts.items()})
    problems += _check_observations(frames["observations"])
    problems += _check_themes(frames)
    if problems:
        return None, texts, problems
    return {n: _typed(f, TABLES[n]) for n, f in frames.items()}, texts, []


def _check_themes(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """theme_id names a cross-cutting theme; sector_links tie to one of the 3+3 industries."""
    groups = dict(zip(frames["sectors"]["sector_id"], frames["sectors"]["group"]))
    problems = []
    for name in ("indicators", "entities"):
        for i, value in enumerate(frames[name]["theme_id"], start=2):
            if groups.get(value) != "theme":
                problems.append(Problem(f"{name}.csv", i, "theme_id", value,
                                        "expected a sector whose group is theme"))
    for i, value in enumerate(frames["sector_links"]["sector_id"], start=2):
        if groups.get(value) == "theme":
            problems.append(Problem("sector_links.csv", i, "sector_id", value,
                                    "expected one of the 3+3 industries, not a theme"))
    return problems


def _geo_typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The map's tables as the map code reads them: text stays str ("" when blank, which the
    pydeck data needs), coordinates as float64 (NaN when unplaced)."""
    numbers = [c for c, spec in table.columns.items() if spec.kind == "number"]
    out = frame[list(table.columns)].copy()
    out[numbers] = out[numbers].apply(pd.to_numeric).astype("float64")
    return out


def check_geo(folder: Path, tables: dict[str, pd.DataFrame] | None
              ) -> tuple[dict | None, list[Problem]]:
    """The map's files, read once with the same reader as the tables (any encoding Excel saves)
    and checked with the same generic checks; references to entities and sectors only when
    `tables` (valid typed tables) are given. ({"geo/places": ..., "geo/town_industries": ...,
    "counties": GeoJSON}, []) when valid, else (None, problems)."""
    frames, problems = _read_all(folder, GEO_TABLES, "file not found (run make geo)")
    if not problems:  # the checks below assume complete, well-formed tables
        if tables is not None:
            problems += _check_references({**tables, **frames}, GEO_TABLES)
        problems += _check_places(frames["geo/places"])
    counties = None
    try:
        counties = json.loads(decode((folder / COUNTIES_FILE).read_bytes()))
        if counties.get("type") != "FeatureCollection" or not counties.get("features"):
            problems.append(Problem(COUNTIES_FILE, None, None, None, "expected a GeoJSON FeatureCollection"))
    except Exception as error:
        problems.append(Problem(COUNTIES_FILE, None, None, None, f"cannot be read: {error}"))
    if problems:
        return None, problems
    typed = {name: _geo_typed(frames[name], table) for name, table in GEO_TABLES.items()}
    return {**typed, "counties": counties}, []
