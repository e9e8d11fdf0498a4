"""Checking the map's files: the places and town industries (tables, with the same generic
checks as the data's tables) and the county boundaries (GeoJSON, feature by feature)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from dashboard.checks import check_references, read_all
from dashboard.messages import Listed, M, Message
from dashboard.problems import Found, Problem
from dashboard.reading import MAX_GEO_BYTES, read_text, unreadable
from dashboard.rules import NUMBER
from dashboard.schema import CHINA_BOUNDS, COUNTIES_FILE, GEO_TABLES, YONGJIA_ADCODE, Table


def _check_places(frame: pd.DataFrame) -> Found:
    """A place is drawn where both coordinates are given, inside China, with source and licence;
    an 'unplaced' one has neither coordinate."""
    file, found = "geo/places.csv", Found()
    for i, row in enumerate(frame.to_dict("records"), start=2):
        placed = [row["lat"] != "", row["lon"] != ""]
        if placed[0] != placed[1]:
            found.add([Problem(file, i, "lat" if not placed[0] else "lon", "", M("geo.both"))])
        elif (row["precision"] == "unplaced") == all(placed):
            found.add([Problem(file, i, "precision", row["precision"], M("geo.unplaced"))])
        for axis, (low, high) in CHINA_BOUNDS.items():
            if row[axis] and NUMBER.match(row[axis]) and not low <= float(row[axis]) <= high:
                found.add([Problem(file, i, axis, row[axis], M("geo.in_china", low=low, high=high))])
        if all(placed):
            found.add([Problem(file, i, column, "", M("geo.source_licence"))
                       for column in ("source", "licence") if not row[column]])
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


def _feature_problems(feature) -> list[tuple[str, Message]]:
    """What is wrong with one feature: (where, what is expected) pairs; [] when it can be drawn."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return [("", M("geo.feature"))]
    problems = []
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else None
    if not isinstance(polygons, list) or not polygons or not all(
            isinstance(rings, list) and rings and all(_ring_ok(r) for r in rings) for rings in polygons):
        problems.append(("geometry", M("geo.geometry")))
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return [*problems, ("properties", M("geo.properties", names=Listed(COUNTY_TEXT + COUNTY_NUMBERS)))]
    for key in COUNTY_TEXT:
        if not isinstance(properties.get(key), str) or not properties[key].strip():
            problems.append((f"properties.{key}", M("geo.text")))
    for key, axis in zip(COUNTY_NUMBERS, ("lon", "lat")):
        if not _number_in(properties.get(key), axis):
            low, high = CHINA_BOUNDS[axis]
            problems.append((f"properties.{key}", M("geo.number", low=low, high=high)))
    return problems


def _check_counties(counties) -> Found:
    """The boundary file as the map draws it, feature by feature."""
    found = Found()
    features = counties.get("features") if isinstance(counties, dict) else None
    if (not isinstance(features, list) or not features
            or counties.get("type") != "FeatureCollection"):
        found.add([Problem(COUNTIES_FILE, None, None, None, M("geo.collection"))])
        return found
    for n, feature in enumerate(features, start=1):
        found.add([Problem(COUNTIES_FILE, None, f"feature {n}" + (f" {where}" if where else ""),
                           None, M("geo.expected", what=expected))
                   for where, expected in _feature_problems(feature)])
    if not found and not any(f["properties"]["adcode"] == YONGJIA_ADCODE for f in features):
        found.add([Problem(COUNTIES_FILE, None, None, None, M("geo.yongjia", adcode=YONGJIA_ADCODE))])
    return found


def check_geo(folder: Path, tables: dict[str, pd.DataFrame] | None
              ) -> tuple[dict | None, list[Problem]]:
    """The map's files, read once with the same reader as the tables (any encoding Excel saves)
    and checked with the same generic checks; references to entities and sectors only when
    `tables` (valid typed tables) are given. ({"geo/places": ..., "geo/town_industries": ...,
    "counties": GeoJSON}, []) when valid, else (None, problems)."""
    found = Found()
    frames = read_all(folder, GEO_TABLES, "file.not_found_geo", found)
    if not found:  # the checks below assume complete, well-formed tables
        with found.guard("geo/places.csv"):
            if tables is not None:
                found.merge(check_references({**tables, **frames}, GEO_TABLES))
            found.merge(_check_places(frames["geo/places"]))
    counties = None
    try:
        counties = json.loads(read_text(folder, COUNTIES_FILE, MAX_GEO_BYTES))
    except FileNotFoundError:
        found.add([Problem(COUNTIES_FILE, None, None, None, M("file.not_found_geo"))])
    except Exception as error:
        found.add([Problem(COUNTIES_FILE, None, None, None, unreadable(error))])
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
