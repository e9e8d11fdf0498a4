"""Loading: the dataset the pages show, the map's files, and the memo that keeps what is built
from them. Reading a folder is reading.py, checking it checks.py and geo_checks.py; what it
holds is schema.py."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard.checks import check_tables
from dashboard.geo_checks import check_geo
from dashboard.problems import DataError, Problem
from dashboard.reading import MAX_TEXT_BYTES, read_text
from dashboard.schema import BACKUPS_DIR

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "DASHBOARD_DATA_DIR"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


@dataclass(frozen=True, eq=False)  # hashed by identity: a memo key, never compared by content
class Dataset:
    """The validated tables (typed frames, never mutated) and the source texts. A saved file
    makes a new Dataset, and with it an empty memo."""
    tables: dict[str, pd.DataFrame]
    texts: dict[str, str] = field(repr=False)  # source_id -> article text as received
    memo: dict = field(default_factory=dict, repr=False)
    building: dict = field(default_factory=dict, repr=False)  # per_dataset: a lock per memo key
    building_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True, eq=False)
class GeoData:
    """The map's files, typed, checked against one Dataset; a new object when a geo file changes."""
    counties: dict = field(repr=False)  # GeoJSON FeatureCollection, WGS-84
    places: pd.DataFrame = field(repr=False)
    town_industries: pd.DataFrame = field(repr=False)


_MISSING = object()


def per_dataset(function):
    """Memoise `function(ds, *args, **kwargs)` in `ds`: its name and arguments are the key, so
    nothing else may go in. Arguments must be hashable (filters, ids, a GeoData, a language),
    never a frame. What it builds lives as long as the dataset: a saved CSV makes a new one.

    Not st.cache_data: a hit there costs ~1 ms (it hashes and unpickles), and a page makes tens
    of these calls per rerun; a hit here is a dict lookup (~1 µs). Keyed by the function's file
    and qualified name, not the object: page files are executed anew on every run."""
    name = (function.__code__.co_filename, function.__qualname__)

    @functools.wraps(function)
    def memoised(ds: Dataset, *args, **kwargs):
        key = (name, args, tuple(sorted(kwargs.items()))) if kwargs else (name, args)
        value = ds.memo.get(key, _MISSING)
        if value is _MISSING:  # not in an except block: a builder's error stays its own
            # One builder per view: when a meeting opens the link at once, the first session
            # builds each view and the others wait for it, instead of every session building the
            # same views at once on the one core the GIL leaves (issue 15's cold start). A lock
            # per key, so that other views are built meanwhile; a hit never takes one.
            with ds.building_lock:
                building = ds.building.setdefault(key, threading.Lock())
            with building:
                value = ds.memo.get(key, _MISSING)
                if value is _MISSING:
                    value = ds.memo[key] = function(ds, *args, **kwargs)
        return value

    return memoised


@per_dataset
def lookup(ds: Dataset, table: str, key: str, value: str) -> dict:
    """{key: value} over a table, e.g. lookup(ds, "periods", "period_id", "label_en")."""
    return dict(zip(ds.tables[table][key], ds.tables[table][value]))


def validate(folder: Path) -> tuple[Dataset | None, list[Problem]]:
    """Read every table, report every problem at once; the dataset only when there are none."""
    tables, texts, problems = check_tables(folder)
    return (None if problems else Dataset(tables, texts)), problems


def validate_geo(folder: Path, dataset: Dataset | None) -> tuple[GeoData | None, list[Problem]]:
    """The map's files, checked against `dataset` (its entities and sectors) when there is one."""
    files, problems = check_geo(folder, None if dataset is None else dataset.tables)
    if problems:
        return None, problems
    return GeoData(files["counties"], files["geo/places"], files["geo/town_industries"]), []


def fingerprint(folder: Path) -> tuple:
    """Changes whenever a file in the folder is edited, so the cache picks up a saved CSV.

    A file replaced while it is listed (copy, then `mv` over the old one) or removed is left out:
    the next view sees the folder as it is then. Linked folders are not followed. Taken on every
    rerun, so os.scandir and names joined by hand: os.walk with os.path.relpath took 0.21-0.28 ms for
    the 15 files of data/, this 0.05-0.10 ms (timed alone, load average 8)."""
    files, pending = [], [("", os.fspath(folder))]
    while pending:
        prefix, path = pending.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if name != BACKUPS_DIR:  # a merge's copies of old files: never read
                        pending.append((name + os.sep, entry.path))
                    continue
                info = entry.stat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                files.append((name, info.st_mtime_ns, info.st_size))
    return tuple(sorted(files))


def load(folder: Path | None = None) -> Dataset:
    """The validated dataset, cached per folder and file fingerprint; DataError if invalid."""
    dataset, problems = load_current(folder)
    if problems:
        raise DataError(problems)
    return dataset


# The newest valid dataset per folder, kept for the whole process: an analyst's broken save must
# not take the dashboard down for everyone; it is served until the files are valid again.
_last_good: dict[str, Dataset] = {}
# The one failed result per folder (its fingerprint and problems), kept out of the cache of valid
# datasets so that broken saves never fill it: every view of the same broken files reuses it.
_failed: dict[str, tuple[tuple, list[Problem]]] = {}
# The fingerprint of each folder's newest valid dataset: a rerun that finds the files unchanged
# takes _last_good without asking st.cache_resource, whose hashing of the key cost 1.2 of the
# 1.5 ms this function took on every rerun.
_valid_files: dict[str, tuple] = {}


def load_current(folder: Path | None = None) -> tuple[Dataset | None, list[Problem]]:
    """(data to show, problems of the files as they are now).

    Valid files: (their dataset, []). Invalid files: (the last valid dataset, or None if there
    never was one in this process, and the problems)."""
    folder = Path(folder or data_dir())
    key = str(folder)
    files = fingerprint(folder) if folder.is_dir() else ()
    failed = _failed.get(key)
    if failed is not None and failed[0] == files:
        return _last_good.get(key), failed[1]
    if _valid_files.get(key) == files:
        return _last_good[key], []
    try:
        dataset = _load_valid(key, files)
    except DataError as error:
        _failed[key] = (files, error.problems)
        release_memory()
        return _last_good.get(key), error.problems
    _failed.pop(key, None)
    _last_good[key], _valid_files[key] = dataset, files
    return dataset, []


def release_memory() -> None:
    """Give the memory of a large file just checked back to the system: freed frames stay in
    Arrow's pool (mimalloc) and glibc's arenas otherwise (a million-row file left ~150 MB held).
    Called once per failed validation of changed files, and every 30 s by serve.py (after a
    meeting's viewers leave); never on a rerun."""
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


_LIBC = None
try:  # glibc only; elsewhere the pool release above is what there is
    _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    _LIBC.malloc_trim  # noqa: B018 (present in glibc, not in musl)
except (OSError, AttributeError):
    _LIBC = None


# cache_resource, not cache_data: the frames are never mutated, and unpickling a copy on every
# rerun would cost more than drawing a page. The files' fingerprint is part of the cache key
# (and so must not start with "_", which Streamlit leaves out of the key). Only valid datasets
# are cached: a failure raises, which Streamlit does not cache (load_current keeps the last one).
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_valid(folder: str, files: tuple) -> Dataset:
    dataset, problems = validate(Path(folder))
    if problems:
        raise DataError(problems)
    return dataset


@per_dataset
def _geo_for(dataset: Dataset, folder: str, files: tuple) -> tuple[GeoData | None, list[Problem]]:
    return validate_geo(Path(folder), dataset)


def load_geo(folder: Path | None = None, dataset: Dataset | None = None) -> GeoData:
    """The map's boundaries and places (built by `make geo`), validated against `dataset` (the
    current one by default; places refer to its entities) and kept with it until a geo file
    changes. DataError lists the problems; only the map page needs these files."""
    folder = Path(folder or data_dir())
    dataset = dataset or load_current(folder)[0]
    files = fingerprint(folder / "geo") if (folder / "geo").is_dir() else ()
    if dataset is None:  # the tables were never valid: check the map's files on their own
        geo, problems = validate_geo(folder, None)
    else:
        geo, problems = _geo_for(dataset, str(folder), files)
    if problems:
        raise DataError(problems)
    return geo


def codebook_text() -> str:
    """The codebook (data/README.md): the one beside the code when there is one (a checkout), else
    the data folder's (an installed bundle); "" when there is none."""
    shipped = DEFAULT_DATA_DIR / "README.md"
    folder = DEFAULT_DATA_DIR if shipped.is_file() else data_dir()
    try:
        return read_text(folder, "README.md", MAX_TEXT_BYTES)
    except Exception:  # missing, refused or unreadable: the Sources page shows no codebook
        return ""
