"""The data the pages show, kept for the process: the newest valid dataset per folder (Streamlit's
cache_resource), the last good one while an analyst's save is broken, and the map's files with
it. Only the app and its pages use this module; the tools check folders with data.validate and
load no Streamlit."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import data
from dashboard.data import Dataset, GeoData, per_dataset
from dashboard.problems import DataError, Problem


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
    folder = Path(folder or data.data_dir())
    key = str(folder)
    files = data.fingerprint(folder) if folder.is_dir() else ()
    failed = _failed.get(key)
    if failed is not None and failed[0] == files:
        return _last_good.get(key), failed[1]
    if _valid_files.get(key) == files:
        return _last_good[key], []
    try:
        dataset = _load_valid(key, files)
    except DataError as error:
        _failed[key] = (files, error.problems)
        data.release_memory()
        return _last_good.get(key), error.problems
    _failed.pop(key, None)
    _last_good[key], _valid_files[key] = dataset, files
    return dataset, []


# cache_resource, not cache_data: the frames are never mutated, and unpickling a copy on every
# rerun would cost more than drawing a page. The files' fingerprint is part of the cache key
# (and so must not start with "_", which Streamlit leaves out of the key). Only valid datasets
# are cached: a failure raises, which Streamlit does not cache (load_current keeps the last one).
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_valid(folder: str, files: tuple) -> Dataset:
    dataset, problems = data.validate(Path(folder))
    if problems:
        raise DataError(problems)
    return dataset


@per_dataset
def _geo_for(dataset: Dataset, folder: str, files: tuple) -> tuple[GeoData | None, list[Problem]]:
    return data.validate_geo(Path(folder), dataset)


def load_geo(folder: Path | None = None, dataset: Dataset | None = None) -> GeoData:
    """The map's boundaries and places (built by `make geo`), validated against `dataset` (the
    current one by default; places refer to its entities) and kept with it until a geo file
    changes. DataError lists the problems; only the map page needs these files."""
    folder = Path(folder or data.data_dir())
    dataset = dataset or load_current(folder)[0]
    files = data.fingerprint(folder / "geo") if (folder / "geo").is_dir() else ()
    if dataset is None:  # the tables were never valid: check the map's files on their own
        geo, problems = data.validate_geo(folder, None)
    else:
        geo, problems = _geo_for(dataset, str(folder), files)
    if problems:
        raise DataError(problems)
    return geo
