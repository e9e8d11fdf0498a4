"""Hostile data folders, each built from the shipped one: files outside the folder, devices,
binaries, oversized files, formulas that try to throw, boundaries the map cannot draw, floods of
problems. Each gets a problem naming file, line and column; the validator never throws, the CLI
never prints a traceback, and the app keeps serving the last valid data with a banner."""

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data, memo, select, tables
from dashboard.escape import BIDI_CONTROLS, plain, signed
from dashboard.i18n import Translator
from dashboard.problems import MAX_PROBLEMS, MoreProblems, problem_count
from dashboard.reading import MAX_TABLE_BYTES, MAX_TEXT_BYTES
from dashboard.rules import evaluate_formula
from tests.harness import LEAST_ELEMENTS
from tests.test_data import edit, rows, write_rows

# What Streamlit's Markdown links even when escaped (escape.plain breaks each with U+2060).
LINKABLE = re.compile(r"(?i)https?://|www\.|@\w")
APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def problems_of(folder: Path) -> list:
    dataset, problems = data.validate(folder)
    problems += data.validate_geo(folder, dataset)[1]
    return problems


def one_problem(folder: Path):
    problems = problems_of(folder)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def cli(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.check_data", str(folder)],
                          capture_output=True, text=True, timeout=120)


# --- 1. files stay inside the data folder -------------------------------------------------------


@pytest.mark.parametrize("path, expected", [
    ("/proc/self/environ", "refused: the path leads outside the data folder"),
    ("/dev/zero", "refused: the path leads outside the data folder"),
    ("../../../../../../../../etc/passwd", "refused: the path leads outside the data folder"),
    ("source", "refused: not a regular file"),
    ("source/missing.txt", "file not found"),
])
def test_text_file_must_be_a_regular_file_inside_the_folder(data_copy, path, expected):
    edit(data_copy, "sources", 2, "text_file", path)
    problem = one_problem(data_copy)
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "sources.csv", 2, "text_file", path)
    assert problem.expected == expected
    result = cli(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "OK" not in result.stdout and "PATH=" not in result.stdout


def test_a_link_out_of_the_folder_is_refused(data_copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("cookie secret", encoding="utf-8")
    (data_copy / "source" / "link.txt").symlink_to(secret)
    edit(data_copy, "sources", 2, "text_file", "source/link.txt")
    assert "outside the data folder" in one_problem(data_copy).expected


def test_a_link_inside_the_folder_is_followed(data_copy):
    (data_copy / "source" / "link.txt").symlink_to(data_copy / "source" / "article.txt")
    edit(data_copy, "sources", 2, "text_file", "source/link.txt")
    assert problems_of(data_copy) == []


def test_devices_and_fifos_in_the_folder_are_refused_without_blocking(data_copy):
    os.mkfifo(data_copy / "source" / "pipe.txt")  # opening it for reading would wait forever
    (data_copy / "source" / "zero.txt").symlink_to("/dev/zero")
    for name in ("pipe.txt", "zero.txt"):
        edit(data_copy, "sources", 2, "text_file", f"source/{name}")
        problem = one_problem(data_copy)
        assert problem.column == "text_file" and problem.expected.startswith("refused")


def test_a_text_above_the_cap_is_refused(data_copy):
    (data_copy / "source" / "article.txt").write_bytes(b"x" * (MAX_TEXT_BYTES + 1))
    problem = one_problem(data_copy)
    assert (problem.line, problem.column) == (2, "text_file")
    assert "larger than the 2 MB allowed" in problem.expected


def test_a_table_above_the_cap_is_refused_at_once(data_copy):
    path = data_copy / "observations.csv"
    path.write_bytes(path.read_bytes() + b"\n" * (MAX_TABLE_BYTES + 1))
    started = time.perf_counter()
    problem = one_problem(data_copy)
    assert time.perf_counter() - started < 5
    assert problem.file == "observations.csv" and "larger than the 20 MB allowed" in problem.expected


@pytest.mark.parametrize("raw", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", b"\xff" * 100,
                                 b"\x81\x30\xff\x00"])
def test_a_binary_article_is_a_problem(data_copy, raw):
    (data_copy / "source" / "article.txt").write_bytes(raw)
    problem = one_problem(data_copy)
    assert (problem.file, problem.line, problem.column) == ("sources.csv", 2, "text_file")
    assert "binary" in problem.expected or "cannot be decoded" in problem.expected


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16"])
def test_the_article_is_read_in_any_accepted_encoding(data_copy, encoding):
    path = data_copy / "source" / "article.txt"
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r\n").encode(encoding))
    assert problems_of(data_copy) == []


# --- 2. no markup and no reversed figures ---------------------------------------------------------


def test_plain_neutralises_links_without_changing_the_text():
    for text in ("http://198.51.100.7/x", "HTTPS://a.b", "www.example.com", "x@example.com",
                 "mailto:x@example.com", "<http://a.b>", "[a](http://a.b)"):
        escaped = plain(text)
        assert not LINKABLE.search(escaped.replace("\\", ""))
        assert escaped.replace("\\", "").replace("\u2060", "") == text


def test_plain_strips_bidi_controls_and_line_breaks():
    assert plain("\u202e1,238 people\u202c\u2066\u200f\u061c\nnext") == "1\\,238 people next"


def test_signed_keeps_the_sign_streamlit_reads():
    assert signed(3) == "+3" and signed(-1.5) == "-1\\.5"


def test_bidi_controls_are_removed_when_a_file_is_read(data_copy):
    table = rows(data_copy / "indicators.csv")
    table[0]["short_label_en"] = "\u202e" + table[0]["short_label_en"]
    table[0]["unit_en"] = "\u202epeople"
    write_rows(data_copy / "indicators.csv", table)
    dataset, problems = data.validate(data_copy)
    assert problems == []
    for column in ("short_label_en", "unit_en"):
        assert not dataset.indicators[column].str.contains(BIDI_CONTROLS.pattern).any()


def test_tiles_escape_value_delta_and_description(data_copy):
    table = rows(data_copy / "indicators.csv")
    for row in table:
        row["unit_en"] = "people ![](http://198.51.100.7/x.png) :red[x] **b** $x$"
    write_rows(data_copy / "indicators.csv", table)
    periods = rows(data_copy / "periods.csv")
    for row in periods:
        row["label_en"] = "[p](http://198.51.100.7/p) **2023**"
    write_rows(data_copy / "periods.csv", periods)
    ds = memo.load(data_copy)
    tr = Translator("en")
    figures = select.figures(ds, select.Filters("all", 2024, "en"))
    shown = [tables.tile(r, ds, tr) for r in figures.to_dict("records")]
    assert any(t["delta"] for t in shown)
    for tile in shown:
        for field in ("label", "value", "delta", "delta_description", "help"):
            text = tile[field] or ""
            assert "![" not in text and "](" not in text and "**" not in text and ":red[" not in text
            assert not LINKABLE.search(text.replace("\\", "")), text


def test_ids_must_be_ids(data_copy):
    edit(data_copy, "entities", 3, "entity_id", "<img src=x>")
    problems = problems_of(data_copy)
    assert (problems[0].file, problems[0].line, problems[0].column) == ("entities.csv", 3, "entity_id")
    assert "an id" in problems[0].expected


# --- 3. validation cannot throw and cannot blow up -------------------------------------------------

HOSTILE_FORMULAS = [
    "'a' + 1", "round(1e999)", "'a'*100000*100000", "1e300 * 1e300 * 1e300", "9**9**9",
    "(" * 300 + "1" + ")" * 300, "1 +" * 300 + " 1", "True + 1", "round(1, 2)", "[1][0]",
    "x" * 10_000, "1" * 5000, "a@b.__class__", "lambda: 1", "1 if 1 else 2", "1 / 0",
    "little_giants_total@end_2024 / (little_giants_new@2024 - little_giants_new@2024)",
]


@pytest.mark.parametrize("formula", HOSTILE_FORMULAS)
def test_a_formula_cannot_throw(data_copy, formula):
    table = rows(data_copy / "observations.csv")
    line = next(i for i, r in enumerate(table, 2) if r["indicator_id"] == "young_talent_target")
    edit(data_copy, "observations", line, "formula", formula)
    problem = one_problem(data_copy)
    assert (problem.file, problem.line, problem.column) == ("observations.csv", line, "formula")
    assert problem.expected.startswith("cannot compute")
    result = cli(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr


def test_the_formula_evaluator_keeps_the_shipped_results():
    values = {("a", "p"): 2138.0, ("b", "p"): 178.17}
    assert evaluate_formula("round(a@p / (b@p / 100))", values) == 1200
    assert evaluate_formula("-a@p + 2 * 3", values) == -2132


def feature_collection(folder: Path) -> dict:
    return json.loads((folder / "geo" / "wenzhou_counties.geojson").read_text(encoding="utf-8"))


def save_counties(folder: Path, counties) -> None:
    (folder / "geo" / "wenzhou_counties.geojson").write_text(json.dumps(counties), encoding="utf-8")


@pytest.mark.parametrize("breakage, where", [
    (lambda c: c["features"].__setitem__(0, c["features"][0]["geometry"]), "feature 1"),
    (lambda c: c["features"][1]["properties"].pop("adcode"), "feature 2 properties.adcode"),
    (lambda c: c["features"][2]["properties"].__setitem__("label_lat", "28.1"),
     "feature 3 properties.label_lat"),
    (lambda c: c["features"][0]["geometry"].__setitem__("type", "Point"), "feature 1 geometry"),
    (lambda c: c["features"][0]["geometry"]["coordinates"][0][0].__setitem__(0, [120.0, 28.0, 5.0]),
     "feature 1 geometry"),
    (lambda c: c["features"][0].__setitem__("properties", None), "feature 1 properties"),
    (lambda c: c.__setitem__("features", {}), None),
    (lambda c: [f["properties"].__setitem__("adcode", "330300") for f in c["features"]], None),
])
def test_a_boundary_the_map_cannot_draw_is_a_problem(data_copy, breakage, where):
    counties = feature_collection(data_copy)
    breakage(counties)
    save_counties(data_copy, counties)
    problem = one_problem(data_copy)
    assert problem.file == "geo/wenzhou_counties.geojson" and problem.column == where


def test_deeply_nested_json_is_a_problem(data_copy):
    (data_copy / "geo" / "wenzhou_counties.geojson").write_text("[" * 100_000, encoding="utf-8")
    assert one_problem(data_copy).expected.startswith("cannot be read")


def test_a_polygon_feature_is_drawn(data_copy, monkeypatch):
    counties = feature_collection(data_copy)
    feature = counties["features"][0]
    feature["geometry"] = {"type": "Polygon", "coordinates": feature["geometry"]["coordinates"][0]}
    save_counties(data_copy, counties)
    assert problems_of(data_copy) == []
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_copy))
    at = app_on(data_copy, "views/map.py")
    assert not at.exception and at.get("deck_gl_json_chart")


def bad_rows(count: int) -> str:
    """`count` rows of observations.csv, each with three bad cells (value, qualifier, derivation)
    and the same key, in as few bytes as possible (15 a row: a million fit in the 20 MB cap)."""
    return "indicator_id,period_id,value,value_as_printed,qualifier,derivation,formula,source_id," \
           "source_quote,note\n" + "a,b,x,,y,r,,,,\n" * count


def test_a_million_bad_rows_get_their_message_in_seconds(data_copy):
    (data_copy / "observations.csv").write_text(bad_rows(1_000_000), encoding="utf-8")
    started = time.perf_counter()
    problems = problems_of(data_copy)
    elapsed = time.perf_counter() - started
    assert len(problems) == MAX_PROBLEMS + 1 and isinstance(problems[-1], MoreProblems)
    assert problem_count(problems) == 3_000_000 + 1_000_000 - 1  # three cells a row; duplicate keys
    assert [p.line for p in problems[:5]] == [2, 2, 2, 3, 3]  # in row order
    assert "more problems not listed" in str(problems[-1])
    assert elapsed < 30, elapsed  # about 3 s on 2 shared cores


def test_a_huge_cell_is_quoted_by_its_start(data_copy):
    edit(data_copy, "observations", 2, "qualifier", "x" * 1_000_000)
    problem = one_problem(data_copy)
    assert len(problem.value) <= 121 and problem.value.endswith("…")


def test_the_cli_counts_all_and_lists_the_first(data_copy):
    (data_copy / "observations.csv").write_text(bad_rows(1000), encoding="utf-8")
    result = cli(data_copy)
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert len(lines) == MAX_PROBLEMS + 1 and lines[-1].startswith("… and 3,799 more problems")
    assert "3,999 problem(s)" in result.stderr


def test_fingerprint_tolerates_a_file_vanishing(data_copy, monkeypatch):
    """A file listed, then gone before its stat (a save that replaces it): left out."""
    real_scandir = os.scandir

    class Listed:  # an os.DirEntry whose file is removed between the listing and the stat
        def __init__(self, entry):
            self.entry, self.name, self.path = entry, entry.name, entry.path

        def is_dir(self, **kwargs):
            return self.entry.is_dir(**kwargs)

        def stat(self, **kwargs):
            if self.name == "honours.csv":
                raise FileNotFoundError(self.path)
            return self.entry.stat(**kwargs)

    monkeypatch.setattr(os, "scandir", lambda path: [Listed(entry) for entry in real_scandir(path)])
    names = [name for name, *_ in data.fingerprint(data_copy)]
    assert "honours.csv" not in names and "observations.csv" in names


def test_fingerprint_survives_copy_then_mv(data_copy):
    """The deploy README's procedure, done over and over while the folder is fingerprinted."""
    stop, errors = threading.Event(), []
    source = (data_copy / "honours.csv").read_bytes()

    def replace():
        while not stop.is_set():
            (data_copy / "honours.csv.new").write_bytes(source)
            os.replace(data_copy / "honours.csv.new", data_copy / "honours.csv")

    thread = threading.Thread(target=replace)
    thread.start()
    try:
        for _ in range(2000):
            try:
                data.fingerprint(data_copy)
            except Exception as error:
                errors.append(error)
    finally:
        stop.set()
        thread.join()
    assert errors == []


def test_failed_results_are_kept_once(data_copy):
    memo.load_current(data_copy)
    for n in range(3):
        (data_copy / "observations.csv").write_text(bad_rows(1000 + n), encoding="utf-8")
        _, problems = memo.load_current(data_copy)
        assert problem_count(problems) == 4 * (1000 + n) - 1
    files, kept = memo._failed[str(data_copy)]  # one failure a folder: the newest
    assert files == data.fingerprint(data_copy) and problem_count(kept) == 4 * 1002 - 1
    assert memo.load_current(data_copy)[1] is memo._failed[str(data_copy)][1]  # not revalidated


# --- 6. the app keeps serving the last valid data --------------------------------------------------


def app_on(folder: Path, page: str | None = None) -> AppTest:
    """The app on `folder` (the caller sets DASHBOARD_DATA_DIR to it), in English."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


BREAKAGES = {
    "environ": lambda f: edit(f, "sources", 2, "text_file", "/proc/self/environ"),
    "binary_article": lambda f: (f / "source" / "article.txt").write_bytes(b"\x89PNG\x00\xff" * 50),
    "formula": lambda f: edit(f, "observations", next(
        i for i, r in enumerate(rows(f / "observations.csv"), 2) if r["derivation"] == "computed"),
        "formula", "'a' * 100000 * 100000"),
    "flood": lambda f: (f / "observations.csv").write_text(bad_rows(100_000), encoding="utf-8"),
    "huge": lambda f: (f / "entities.csv").write_bytes(b"x" * (MAX_TABLE_BYTES + 1)),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
@pytest.mark.parametrize("page", ["views/overview.py", "views/sources.py", "views/map.py"])
def test_a_broken_save_keeps_the_last_valid_data(data_copy, monkeypatch, breakage, page):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_copy))
    before = app_on(data_copy, page if page != "views/overview.py" else None)
    assert not before.exception
    BREAKAGES[breakage](data_copy)
    at = app_on(data_copy, page if page != "views/overview.py" else None)
    assert not at.exception
    assert at.warning and "last valid data" in at.warning[0].value.replace("\\", "")
    assert at.dataframe  # the problem list (and the page's own tables)
    if page == "views/overview.py":
        assert len(at.metric) >= LEAST_ELEMENTS["overview"]["metrics"]
    if breakage == "environ":
        everything = " ".join(str(e.value) for e in at.markdown) + " ".join(
            d.value.to_string() for d in at.dataframe)
        assert "PATH=" not in everything


def test_the_problem_table_shows_at_most_the_cap(data_copy, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_copy))
    (data_copy / "observations.csv").write_text(bad_rows(100_000), encoding="utf-8")
    at = app_on(data_copy)  # never valid in this process: only the problems
    assert not at.exception and at.error
    shown = at.dataframe[0].value
    # the app opens in Chinese: the banner's problems are in Chinese too
    assert len(shown) == MAX_PROBLEMS + 1 and "另有 399,799 个问题" in shown.iloc[-1].to_string()
