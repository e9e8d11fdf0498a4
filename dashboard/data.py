"""The only code that reads data/: the schema, loading, validation and the cached dataset.

Every table is described declaratively in TABLES; `validate` applies the same generic checks to
each (required columns, types, allowed values, unique keys, references) and then the checks that
tie figures to the article (quote present, figure present in its quote, formula reproduces value).
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "DASHBOARD_DATA_DIR"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


# --- schema -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    kind: str = "text"  # text | int | number | date
    required: bool = True  # a value must be present in every row
    allowed: frozenset[str] | None = None
    ref: tuple[str, ...] = ()  # "table.column" targets; a value must exist in one of them


@dataclass(frozen=True)
class Table:
    key: tuple[str, ...]
    columns: dict[str, Column]


def _text(required=True, allowed=None, ref=()):
    return Column("text", required, frozenset(allowed) if allowed else None, tuple(ref))


SOURCE = {"source_id": _text(ref=["sources.source_id"]), "source_quote": _text()}
OPTIONAL_SOURCE = {
    "source_id": _text(False, ref=["sources.source_id"]),
    "source_quote": _text(False),
}
THEME = _text(ref=["sectors.sector_id"])
PERIOD = _text(ref=["periods.period_id"])
ENTITY = _text(ref=["entities.entity_id"])

SECTOR_GROUPS = {"traditional", "emerging", "theme"}
PERIOD_KINDS = {"year", "year_to_date", "multi_year", "as_of", "goal", "undated"}
MEASURES = {"flow", "stock", "rate", "rank", "target", "goal"}
TALENT_TIERS = {"top", "middle", "base"}
QUALIFIERS = {"exact", "more_than", "approx", "order_of"}
DERIVATIONS = {"reported", "computed", "counted"}
STATUSES = {
    "planned", "in_development", "construction_started", "under_construction",
    "in_production", "operating",
}
HONOUR_LEVELS = {"national", "provincial", "contest", "unstated"}
ENTITY_TYPES = {
    "county", "programme", "milestone", "project", "park", "incubator", "initiative", "event",
    "enterprise", "platform", "institute", "institution", "organisation", "agreement", "policy",
    "photo_caption", "rd_project", "ecommerce_service", "contest_entry", "workshop",
}
RELATION_KINDS = {
    "co_built_institute", "joint_upgrade", "industry_education", "skills_training",
    "visiting_experts", "service_enclave", "outward_chain", "tech_vice_president",
}

TABLES: dict[str, Table] = {
    "sources": Table(("source_id",), {
        "source_id": _text(), "title": _text(), "authors": _text(), "column": _text(False),
        "photo_credit": _text(False), "published": Column("date", required=False),
        "text_file": _text(), "note": _text(False),
    }),
    "sectors": Table(("sector_id",), {
        "sector_id": _text(), "group": _text(allowed=SECTOR_GROUPS),
        "label_zh": _text(), "label_en": _text(), "sort_order": Column("int"),
        "transformation_target_zh": _text(False), "transformation_target_en": _text(False),
        **SOURCE,
    }),
    "periods": Table(("period_id",), {
        "period_id": _text(), "kind": _text(allowed=PERIOD_KINDS),
        "start_date": Column("date", required=False), "end_date": Column("date", required=False),
        "year": Column("int", required=False), "label_zh": _text(), "label_en": _text(),
        "note": _text(False),
    }),
    "indicators": Table(("indicator_id",), {
        "indicator_id": _text(), "theme_id": THEME, "label_zh": _text(), "label_en": _text(),
        "short_label_zh": _text(), "short_label_en": _text(), "unit_zh": _text(), "unit_en": _text(), "measure": _text(allowed=MEASURES),
        "talent_tier": _text(False, allowed=TALENT_TIERS), "sort_order": Column("int"),
        "note": _text(False),
    }),
    "observations": Table(("indicator_id", "period_id"), {
        "indicator_id": _text(ref=["indicators.indicator_id"]), "period_id": PERIOD,
        "value": Column("number"), "value_as_printed": _text(False),
        "qualifier": _text(allowed=QUALIFIERS), "derivation": _text(allowed=DERIVATIONS),
        "formula": _text(False), **OPTIONAL_SOURCE, "note": _text(False),
    }),
    "entities": Table(("entity_id",), {
        "entity_id": _text(), "entity_type": _text(allowed=ENTITY_TYPES), "name_zh": _text(), "name_en": _text(),
        "theme_id": THEME, "status": _text(False, allowed=STATUSES), "status_zh": _text(False),
        "period_id": _text(False, ref=["periods.period_id"]),
        "date": Column("date", required=False), "date_source": _text(False),
        **SOURCE, "note": _text(False),
    }),
    "honours": Table(("recipient_id", "honour_id"), {
        "recipient_id": ENTITY, "honour_id": _text(), "honour_zh": _text(),
        "honour_en": _text(), "level": _text(allowed=HONOUR_LEVELS), "period_id": PERIOD,
        **SOURCE,
    }),
    "relations": Table(("relation_id",), {
        "relation_id": _text(), "from_id": ENTITY, "to_id": ENTITY,
        "kind": _text(allowed=RELATION_KINDS),
        "description_zh": _text(), "description_en": _text(),
        "period_id": _text(False, ref=["periods.period_id"]),
        "date": Column("date", required=False), **SOURCE,
    }),
    "sector_links": Table(("subject_id", "sector_id"), {
        "subject_id": _text(ref=["indicators.indicator_id", "entities.entity_id"]),
        "sector_id": _text(ref=["sectors.sector_id"]), **SOURCE,
    }),
}

PLACE_KINDS = {"county_seat", "subdistrict", "town", "township", "city", "station", "facility",
               "district", "county"}
PRECISIONS = {"exact", "town", "city", "unplaced"}

# The map's files (built by `make geo`), checked by check_data and before the map is drawn; the
# other pages do not need them.
GEO_TABLES: dict[str, Table] = {
    "geo/places": Table(("place_id",), {
        "place_id": _text(), "name_zh": _text(), "name_en": _text(),
        "kind": _text(False, allowed=PLACE_KINDS),
        "lat": Column("number", required=False), "lon": Column("number", required=False),
        "precision": _text(allowed=PRECISIONS),
        "parent_place_id": _text(False, ref=["geo/places.place_id"]),
        "entity_id": _text(False, ref=["entities.entity_id"]),
        "source": _text(False), "licence": _text(False), "note": _text(False),
    }),
    "geo/town_industries": Table(("place_id", "sector_id"), {
        "place_id": _text(ref=["geo/places.place_id"]), "sector_id": _text(ref=["sectors.sector_id"]),
        "identity_zh": _text(), "identity_en": _text(), "source": _text(), "note": _text(False),
    }),
}
COUNTIES_FILE = "geo/wenzhou_counties.geojson"
CHINA_BOUNDS = {"lat": (3.0, 54.0), "lon": (73.0, 136.0)}  # a coordinate outside is a typo

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
                                        "expected one of " + ", ".join(sorted(spec.allowed))))
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


def validate_geo(folder: Path, dataset: Dataset | None) -> list[Problem]:
    """The map's files: the same generic checks as the tables (references to entities and
    sectors only when there is a valid dataset), coordinates, and the boundaries file."""
    frames, problems = {}, []
    for name, table in GEO_TABLES.items():
        try:
            frames[name] = read_table(folder / f"{name}.csv")
        except FileNotFoundError:
            problems.append(Problem(f"{name}.csv", None, None, None, "file not found (run make geo)"))
        except Exception as error:  # any other unreadable file: say so, never a traceback
            problems.append(Problem(f"{name}.csv", None, None, None, f"cannot be read: {error}"))
        else:
            problems += _check_table(name, table, frames[name])
    if not problems:  # the checks below assume complete, well-formed tables
        if dataset is not None:
            problems += _check_references({**dataset.tables, **frames}, GEO_TABLES)
        problems += _check_places(frames["geo/places"])
    try:
        counties = json.loads(decode((folder / COUNTIES_FILE).read_bytes()))
        if counties.get("type") != "FeatureCollection" or not counties.get("features"):
            problems.append(Problem(COUNTIES_FILE, None, None, None, "expected a GeoJSON FeatureCollection"))
    except Exception as error:
        problems.append(Problem(COUNTIES_FILE, None, None, None, f"cannot be read: {error}"))
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


# --- typed frames -------------------------------------------------------------------------------

DTYPES = {"text": "string", "int": "Int64", "number": "Float64"}


def _typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[list(TABLES[name].columns)].copy()
    for col, spec in TABLES[name].columns.items():
        cells = out[col].replace("", None)
        if spec.kind == "date":
            out[col] = pd.to_datetime(cells, format="%Y-%m-%d")
        else:
            out[col] = cells.astype(DTYPES[spec.kind])
    return out


# --- the dataset --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    tables: dict[str, pd.DataFrame]
    texts: dict[str, str] = field(repr=False)  # source_id -> article text as received
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def cached(self, key, compute):
        """compute() once per dataset: selections and lookups repeat on every rerun, while
        the data changes only when a file is saved (and then a new Dataset is made)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def lookup(self, table: str, key: str, value: str) -> dict:
        """{key: value} over a table, e.g. lookup("periods", "period_id", "label_en")."""
        return self.cached(("lookup", table, key, value),
                           lambda: dict(zip(self.tables[table][key], self.tables[table][value])))

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None


def validate(folder: Path) -> tuple[Dataset | None, list[Problem]]:
    """Read every table, report every problem at once; the dataset only when there are none."""
    frames, problems = {}, []
    for name in TABLES:
        path = folder / f"{name}.csv"
        try:
            frames[name] = read_table(path)
        except FileNotFoundError:
            problems.append(Problem(path.name, None, None, None, "file is missing"))
        except pd.errors.EmptyDataError:
            problems.append(Problem(path.name, None, None, None, "file is empty"))
        except Exception as error:  # any other unreadable file: say so, never a traceback
            problems.append(Problem(path.name, None, None, None, f"cannot be read: {error}"))
    for name, frame in frames.items():
        problems += _check_table(name, TABLES[name], frame)
    if problems:  # later checks assume complete, well-formed tables
        return None, problems

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
        return None, problems
    return Dataset({n: _typed(n, f) for n, f in frames.items()}, texts), []


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


def fingerprint(folder: Path) -> tuple:
    """Changes whenever a file in the folder is edited, so the cache picks up a saved CSV."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                        for p in folder.rglob("*") if p.is_file()))


def load(folder: Path | None = None) -> Dataset:
    """The validated dataset, cached per folder and file fingerprint; DataError if invalid."""
    dataset, problems = load_current(folder)
    if problems:
        raise DataError(problems)
    return dataset


# The newest valid dataset per folder, kept for the whole process: an analyst's broken save must
# not take the dashboard down for everyone; it is served until the files are valid again.
_last_good: dict[str, Dataset] = {}


def load_current(folder: Path | None = None) -> tuple[Dataset | None, list[Problem]]:
    """(data to show, problems of the files as they are now).

    Valid files: (their dataset, []). Invalid files: (the last valid dataset, or None if there
    never was one in this process, and the problems)."""
    folder = Path(folder or data_dir())
    key = str(folder)
    dataset, problems = _load_cached(key, fingerprint(folder) if folder.is_dir() else ())
    if dataset is not None:
        _last_good[key] = dataset
        return dataset, []
    return _last_good.get(key), problems


# cache_resource, not cache_data: the frames are never mutated, and unpickling a copy on every
# rerun would cost more than drawing a page. The files' fingerprint is part of the cache key
# (and so must not start with "_", which Streamlit leaves out of the key).
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_cached(folder: str, files: tuple) -> tuple[Dataset | None, list[Problem]]:
    return validate(Path(folder))


@dataclass(frozen=True)
class GeoData:
    counties: dict  # GeoJSON FeatureCollection, WGS-84
    places: pd.DataFrame
    town_industries: pd.DataFrame


def _read_geo(folder: Path, dataset: Dataset | None) -> GeoData | list[Problem]:
    from dashboard import geo  # pydeck is only needed once a map is drawn

    problems = validate_geo(folder, dataset)
    if problems:
        return problems
    root = folder / "geo"
    return GeoData(geo.load_counties(root / "wenzhou_counties.geojson"),
                   geo.load_places(root / "places.csv"),
                   geo.load_town_industries(root / "town_industries.csv"))


def load_geo(folder: Path | None = None, dataset: Dataset | None = None) -> GeoData:
    """The map's boundaries and places (built by `make geo`), validated against `dataset` (the
    current one by default; places refer to its entities) and kept with it until a geo file
    changes. DataError lists the problems; only the map page needs these files."""
    folder = Path(folder or data_dir())
    dataset = dataset or load_current(folder)[0]
    files = fingerprint(folder / "geo") if (folder / "geo").is_dir() else ()
    if dataset is None:  # the tables were never valid: check the map's files on their own
        loaded = _read_geo(folder, None)
    else:
        loaded = dataset.cached(("geo", str(folder), files), lambda: _read_geo(folder, dataset))
    if isinstance(loaded, list):
        raise DataError(loaded)
    return loaded
