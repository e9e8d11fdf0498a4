"""The dataset: the checked tables and texts of a data folder, the map's files, and the memo that
keeps what is built from them. Reading a folder is reading.py, checking it checks.py and
geo_checks.py; what it holds is schema.py. Which dataset the pages show, kept across reruns, is
memo.py (the one module here that uses Streamlit's cache): the tools load no Streamlit."""

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

from dashboard.checks import check_tables
from dashboard.geo_checks import check_geo
from dashboard.problems import Problem
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


# The codebook in each language, in the data folder: one section per table under the same
# headings (### `name.csv`), so the Sources page finds a table's section in either.
CODEBOOK_FILES = {"en": "README.md", "zh": "README.zh.md"}


def codebook_text(lang: str = "en") -> str:
    """The codebook in `lang` (data/README.md, data/README.zh.md): the one beside the code when
    there is one (a checkout), else the data folder's (an installed bundle); "" when there is none."""
    name = CODEBOOK_FILES[lang]
    folder = DEFAULT_DATA_DIR if (DEFAULT_DATA_DIR / name).is_file() else data_dir()
    try:
        return read_text(folder, name, MAX_TEXT_BYTES)
    except Exception:  # missing, refused or unreadable: the Sources page shows no codebook
        return ""
