"""The shipped data validates, and every kind of bad input gets a precise message."""

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data, memo, schema
from dashboard.data import DEFAULT_DATA_DIR, validate
from dashboard.problems import DataError
from dashboard.reading import decode, normalise
from dashboard.rules import evaluate_formula
from tests.fixtures import FIRST_ARTICLE, MULTI_SOURCE


def rows(path: Path) -> list[dict]:
    """A CSV's rows, in whatever encoding Excel saved it (write_rows writes UTF-8)."""
    return list(csv.DictReader(io.StringIO(decode(path.read_bytes()))))


def write_rows(path: Path, table: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def edit(folder: Path, name: str, line: int, column: str, value: str) -> None:
    """Set one cell; `line` counts as a spreadsheet does (header = 1)."""
    table = rows(folder / f"{name}.csv")
    table[line - 2][column] = value
    write_rows(folder / f"{name}.csv", table)


def only_problem(folder: Path):
    dataset, problems = validate(folder)
    assert dataset is None
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# --- the shipped data -------------------------------------------------------------------------


def test_shipped_data_validates():
    dataset, problems = validate(DEFAULT_DATA_DIR)
    assert problems == []
    assert len(dataset.observations) >= 30 and len(dataset.entities) >= 60


def test_loader_returns_typed_frames():
    ds = memo.load(DEFAULT_DATA_DIR)
    assert ds.observations["value"].dtype == "Float64"
    assert ds.indicators["sort_order"].dtype == "Int64"
    assert ds.periods["year"].dtype == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(ds.periods["end_date"])
    assert pd.api.types.is_datetime64_any_dtype(ds.entities["date"])
    assert ds.entities["name_zh"].dtype == "string"
    # Empty cells are missing values, not empty strings.
    assert ds.observations["formula"].isna().sum() > 0


def test_every_observation_quote_is_in_its_source_and_holds_its_figure():
    texts = {r["source_id"]: normalise((DEFAULT_DATA_DIR / r["text_file"]).read_text(encoding="utf-8"))
             for r in rows(DEFAULT_DATA_DIR / "sources.csv")}
    assert "yongjia_2024" in texts
    for row in rows(DEFAULT_DATA_DIR / "observations.csv"):
        if row["derivation"] == "computed":
            assert row["formula"] and not row["source_quote"]
            continue
        assert normalise(row["source_quote"]) in texts[row["source_id"]], row
        if row["derivation"] == "reported":
            assert normalise(row["value_as_printed"]) in normalise(row["source_quote"])


def test_derived_young_talent_target_is_reproduced():
    obs = {(r["indicator_id"], r["period_id"]): r for r in rows(FIRST_ARTICLE / "observations.csv")}
    assert float(obs[("young_talent_new", "2024_jan_nov")]["value"]) == 2138
    assert float(obs[("young_talent_completion", "2024_jan_nov")]["value"]) == 178.17
    assert float(obs[("young_talent_target", "2024_jan_nov")]["value"]) == round(2138 / 1.7817)


def test_check_data_cli_passes_on_shipped_data():
    result = subprocess.run([sys.executable, "-m", "dashboard.check_data"], capture_output=True,
                            text=True, env={"PATH": "", "DASHBOARD_DATA_DIR": str(DEFAULT_DATA_DIR)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK ") and "observations" in result.stdout


# --- bad input: one message each, naming file, line, column, value, expectation ---------------


def test_missing_file(first_article_copy):
    (first_article_copy / "honours.csv").unlink()
    problem = only_problem(first_article_copy)
    assert (problem.file, problem.line, problem.expected) == ("honours.csv", None, "file is missing")


def test_empty_file(first_article_copy):
    (first_article_copy / "relations.csv").write_bytes(b"")
    problem = only_problem(first_article_copy)
    assert problem.file == "relations.csv" and "empty" in problem.expected


def test_missing_column(first_article_copy):
    table = rows(first_article_copy / "sectors.csv")
    write_rows(first_article_copy / "sectors.csv",
               [{k: v for k, v in r.items() if k != "label_en"} for r in table])
    problem = only_problem(first_article_copy)
    assert (problem.file, problem.line, problem.column) == ("sectors.csv", 1, "label_en")
    assert "missing" in problem.expected


def test_wrong_type(first_article_copy):
    edit(first_article_copy, "observations", 5, "value", "52家")
    dataset, problems = validate(first_article_copy)
    assert dataset is None
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [
        ("observations.csv", 5, "value", "52家")]
    assert "number" in problems[0].expected


def test_unknown_sector(first_article_copy):
    links = rows(first_article_copy / "sector_links.csv")
    edit(first_article_copy, "sector_links", 2, "sector_id", "pumps")
    problem = only_problem(first_article_copy)
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "sector_links.csv", 2, "sector_id", "pumps")
    assert "sectors.sector_id" in problem.expected
    assert links[0]["sector_id"] != "pumps"


def test_theme_must_be_a_theme(first_article_copy):
    edit(first_article_copy, "indicators", 2, "theme_id", "pumps_valves")
    problem = only_problem(first_article_copy)
    assert (problem.file, problem.column, problem.value) == ("indicators.csv", "theme_id", "pumps_valves")
    assert "theme" in problem.expected


def test_value_outside_allowed_set(first_article_copy):
    edit(first_article_copy, "observations", 2, "qualifier", "roughly")
    problem = only_problem(first_article_copy)
    assert problem.column == "qualifier" and "exact" in problem.expected


def test_duplicate_key(first_article_copy):
    table = rows(first_article_copy / "entities.csv")
    write_rows(first_article_copy / "entities.csv", table + [table[3]])
    problem = only_problem(first_article_copy)
    assert (problem.file, problem.line, problem.value) == ("entities.csv", len(table) + 2,
                                                          table[3]["entity_id"])
    assert "duplicate" in problem.expected


def test_dangling_reference(first_article_copy):
    edit(first_article_copy, "relations", 3, "to_id", "no_such_entity")
    problem = only_problem(first_article_copy)
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "relations.csv", 3, "to_id", "no_such_entity")
    assert "entities.entity_id" in problem.expected


def test_altered_quote(first_article_copy):
    edit(first_article_copy, "entities", 4, "source_quote", "永嘉获得全国最高荣誉")
    problem = only_problem(first_article_copy)
    assert (problem.file, problem.line, problem.column) == ("entities.csv", 4, "source_quote")
    assert "not in the source" in problem.expected


def test_quote_matches_across_print_line_breaks(first_article_copy):
    """The article breaks "上下游" over two lines; the quote without the break still matches."""
    assert "上下\n\n游" in (first_article_copy / "source" / "article.txt").read_text(encoding="utf-8")
    assert validate(first_article_copy)[1] == []


def test_figure_not_in_its_quote(first_article_copy):
    table = rows(first_article_copy / "observations.csv")
    line = next(i for i, r in enumerate(table, 2) if r["indicator_id"] == "high_tech_enterprises_new")
    edit(first_article_copy, "observations", line, "value_as_printed", "62家")
    problem = only_problem(first_article_copy)
    assert (problem.line, problem.column, problem.value) == (line, "value_as_printed", "62家")


def test_value_disagrees_with_printed_figure(first_article_copy):
    table = rows(first_article_copy / "observations.csv")
    line = next(i for i, r in enumerate(table, 2) if r["indicator_id"] == "high_tech_enterprises_new")
    edit(first_article_copy, "observations", line, "value", "53")
    _, problems = validate(first_article_copy)
    problem = problems[0]  # (a second source printing 52 would now disagree, and say so too)
    assert (problem.line, problem.column) == (line, "value") and "52" in problem.expected
    assert all(p.line == line or "53" in p.expected for p in problems)


def test_derived_value_must_match_its_formula(first_article_copy):
    table = rows(first_article_copy / "observations.csv")
    line = next(i for i, r in enumerate(table, 2) if r["indicator_id"] == "young_talent_target")
    edit(first_article_copy, "observations", line, "value", "1300")
    problem = only_problem(first_article_copy)
    assert problem.column == "value" and "1200" in problem.expected


def test_counted_value_must_match_the_names(first_article_copy):
    table = rows(first_article_copy / "observations.csv")
    line = next(i for i, r in enumerate(table, 2) if r["derivation"] == "counted")
    edit(first_article_copy, "observations", line, "value", "2")
    _, problems = validate(first_article_copy)
    assert (problems[0].line, problems[0].column) == (line, "formula")
    # The cumulative count derived from it no longer adds up either, and says so.
    assert [p.expected for p in problems[1:]] == ["the formula gives 13"]


def test_every_problem_is_reported_at_once(first_article_copy):
    edit(first_article_copy, "observations", 2, "qualifier", "roughly")
    edit(first_article_copy, "entities", 2, "theme_id", "")
    edit(first_article_copy, "periods", 2, "year", "twenty")
    _, problems = validate(first_article_copy)
    assert {(p.file, p.column) for p in problems} == {
        ("observations.csv", "qualifier"), ("entities.csv", "theme_id"), ("periods.csv", "year")}


def test_formula_evaluator_allows_only_arithmetic():
    values = {("a", "p"): 10.0, ("b", "p"): 4.0}
    assert evaluate_formula("round(a@p / (b@p / 100))", values) == 250
    for hostile in ("__import__('os').system('true')", "a@p.__class__", "open('x')", "[1][0]"):
        with pytest.raises((ValueError, SyntaxError)):
            evaluate_formula(hostile, values)


# --- encodings and line ends saved by Excel / WPS on Chinese Windows --------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_excel_encodings_and_crlf_load(data_copy, encoding):
    for name in ("entities", "observations"):
        path = data_copy / f"{name}.csv"
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(text.encode(encoding))
    dataset, problems = validate(data_copy)
    assert problems == []
    assert "永嘉抽水蓄能电站" in set(dataset.entities["name_zh"])
    assert list(dataset.observations.columns)[0] == "indicator_id"  # no BOM in the header


def test_unreadable_bytes_get_a_message(data_copy):
    (data_copy / "sources.csv").write_bytes(b"source_id,title\n\xff\xfe\x00\x81\x30")
    _, problems = validate(data_copy)
    assert problems and problems[0].file == "sources.csv"


def test_cli_reports_problems_and_exits_nonzero(first_article_copy):
    edit(first_article_copy, "relations", 3, "to_id", "no_such_entity")
    result = subprocess.run([sys.executable, "-m", "dashboard.check_data", str(first_article_copy)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "relations.csv:3 column to_id value 'no_such_entity': no such id" in result.stdout


def test_data_dir_environment_variable(data_copy, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_copy))
    assert data.data_dir() == data_copy


def test_load_picks_up_an_edited_csv_without_restart(first_article_copy):
    before = memo.load(first_article_copy)
    table = rows(first_article_copy / "observations.csv")
    line = next(i for i, r in enumerate(table, 2) if r["indicator_id"] == "incubated_firms")
    edit(first_article_copy, "observations", line, "value_as_printed", "188家")  # same text, new mtime
    edit(first_article_copy, "observations", line, "note", "edited")
    after = memo.load(first_article_copy)
    assert after is not before
    assert "edited" in set(after.observations["note"].dropna())


def test_load_raises_with_all_problems(first_article_copy):
    edit(first_article_copy, "relations", 3, "to_id", "no_such_entity")
    with pytest.raises(DataError) as error:
        memo.load(first_article_copy)
    assert len(error.value.problems) == 1


# --- the map's files: checked by check_data too ---------------------------------------------


def geo_problems(folder: Path) -> list[str]:
    dataset, problems = validate(folder)
    assert not problems
    return [str(p) for p in data.validate_geo(folder, dataset)[1]]


def test_shipped_geo_files_are_valid():
    assert geo_problems(DEFAULT_DATA_DIR) == []


@pytest.mark.parametrize("column, value, expected", [
    ("lat", "128.1", "geo/places.csv:2 column lat value '128.1': expected 3.0 to 54.0 (China)"),
    ("lat", "28,15", "geo/places.csv:2 column lat value '28,15': expected a number such as 52 or 9.04"),
    ("lon", "", "geo/places.csv:2 column lon value '': give both coordinates, or neither"),
    ("precision", "unplaced",
     "geo/places.csv:2 column precision value 'unplaced': 'unplaced' exactly when there are no coordinates"),
    ("licence", "", "geo/places.csv:2 column licence value '': a placed point names its source and licence"),
    ("entity_id", "no_such_entity",
     "geo/places.csv:2 column entity_id value 'no_such_entity': no such id in entities.entity_id"),
    ("kind", "village", "geo/places.csv:2 column kind value 'village': expected one of"),
])
def test_geo_place_problems_name_file_line_and_column(first_article_copy, column, value, expected):
    edit(first_article_copy, "geo/places", 2, column, value)
    problems = geo_problems(first_article_copy)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_geo_town_industry_needs_a_known_place_and_sector(first_article_copy):
    edit(first_article_copy, "geo/town_industries", 2, "place_id", "atlantis")
    edit(first_article_copy, "geo/town_industries", 3, "sector_id", "talent")
    problems = geo_problems(first_article_copy)
    assert any("town_industries.csv:2 column place_id value 'atlantis': no such id" in p for p in problems)
    assert not any(":3 column sector_id" in p for p in problems)  # a theme is still a sector id


def test_cli_reports_geo_problems_and_a_missing_boundary_file(first_article_copy):
    (first_article_copy / "geo" / "wenzhou_counties.geojson").write_text('{"type": "Feature"}',
                                                                         encoding="utf-8")
    edit(first_article_copy, "geo/places", 3, "lat", "999")
    result = subprocess.run([sys.executable, "-m", "dashboard.check_data", str(first_article_copy)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "geo/wenzhou_counties.geojson: expected a GeoJSON FeatureCollection" in result.stdout
    assert "geo/places.csv:3 column lat value '999': expected 3.0 to 54.0 (China)" in result.stdout


# --- many sources: agreeing and disagreeing figures (tests/fixtures/multi_source) -------------


@pytest.fixture
def multi_copy(tmp_path: Path) -> Path:
    """A writable copy of the synthetic two-source folder."""
    target = tmp_path / "multi_source"
    shutil.copytree(MULTI_SOURCE, target)
    return target


def line_of(folder: Path, name: str, **match) -> int:
    table = rows(folder / f"{name}.csv")
    return next(i for i, r in enumerate(table, 2) if all(r[k] == v for k, v in match.items()))


def test_multi_source_fixture_validates_with_a_gb18030_file():
    raw = (MULTI_SOURCE / "honours.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # saved as Excel on Chinese Windows does
    dataset, problems = validate(MULTI_SOURCE)
    assert problems == []
    assert "synthetic test fixture, not real" in dataset.sources.set_index("source_id").loc[
        "synthetic_2025", "note"]
    assert "synthetic test fixture, not real" in dataset.texts["synthetic_2025"]
    # The same honour twice, in two periods, with its date the second time.
    tiangongding = dataset.honours[dataset.honours["honour_id"] == "tiangongding"]
    assert list(tiangongding["period_id"]) == ["2024", "2025"]


def test_a_conflict_without_supersedes_names_both_rows_and_the_fix(multi_copy):
    line = line_of(multi_copy, "observations", indicator_id="tech_smes_new", source_id="synthetic_2025")
    other = line_of(multi_copy, "observations", indicator_id="tech_smes_new", source_id="yongjia_2024")
    edit(multi_copy, "observations", line, "supersedes", "")
    edit(multi_copy, "observations", line, "supersedes_reason", "")
    problem = only_problem(multi_copy)
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "observations.csv", line, "value", "212")
    for words in ("tech_smes_new@2024", "212 from synthetic_2025", f"210 from yongjia_2024 on line {other}",
                  "write yongjia_2024 in this row's supersedes", "supersedes_reason"):
        assert words in problem.expected, (words, problem.expected)


def test_a_different_qualifier_is_a_different_figure(multi_copy):
    line = line_of(multi_copy, "observations", indicator_id="high_tech_enterprises_new",
                   period_id="2024", source_id="synthetic_2025")
    edit(multi_copy, "observations", line, "qualifier", "more_than")
    problem = only_problem(multi_copy)
    assert problem.line == line and "52 (more_than) from synthetic_2025" in problem.expected


@pytest.mark.parametrize("column, value, expected", [
    ("supersedes_reason", "", "say why this figure replaces the one from yongjia_2024"),
    ("supersedes", "synthetic_2025", "cannot replace its own source"),
])
def test_supersedes_needs_a_reason_and_another_source(multi_copy, column, value, expected):
    line = line_of(multi_copy, "observations", indicator_id="tech_smes_new", source_id="synthetic_2025")
    edit(multi_copy, "observations", line, column, value)
    _, problems = validate(multi_copy)
    assert any(p.line == line and expected in p.expected for p in problems), [str(p) for p in problems]


def test_supersedes_names_a_source_with_a_row_for_the_same_figure(multi_copy):
    line = line_of(multi_copy, "observations", indicator_id="young_talent_new", period_id="2025_jan_apr")
    edit(multi_copy, "observations", line, "supersedes", "yongjia_2024")
    edit(multi_copy, "observations", line, "supersedes_reason", "revised")
    problem = only_problem(multi_copy)
    assert (problem.line, problem.column) == (line, "supersedes")
    assert "yongjia_2024 has no row for young_talent_new@2025_jan_apr" in problem.expected


def test_formulas_use_the_standing_figure(multi_copy):
    """A newer source replaces the end-2024 stock: the end-2023 stock derived from it no longer adds up."""
    table = rows(multi_copy / "observations.csv")
    table.append({**table[line_of(multi_copy, "observations", indicator_id="tech_smes_new",
                                  source_id="synthetic_2025") - 2],
                  "indicator_id": "little_giants_total", "period_id": "end_2024", "value": "19",
                  "value_as_printed": "19家", "source_quote": "累计培育专精特新“小巨人”企业19家"})
    write_rows(multi_copy / "observations.csv", table)
    article = multi_copy / "source" / "synthetic_2025.txt"
    article.write_text(article.read_text(encoding="utf-8") + "累计培育专精特新“小巨人”企业19家。\n",
                       encoding="utf-8")
    _, problems = validate(multi_copy)
    assert [p.expected for p in problems] == ["the formula gives 16"]


def test_a_folder_of_the_first_release_shape_stays_valid(data_copy):
    """Without the columns added since (supersedes, relative_to, honours.date, honours.note); the
    shipped folder has no vocabularies.csv either."""
    for name, columns in {"observations": ("supersedes", "supersedes_reason"),
                          "periods": ("relative_to", "relative_words"),
                          "honours": ("date", "note")}.items():
        table = rows(data_copy / f"{name}.csv")
        if name == "observations" and any(r["supersedes"] for r in table):
            continue  # a later source replaces a figure: without the marker it would conflict
        write_rows(data_copy / f"{name}.csv", [{k: v for k, v in r.items() if k not in columns}
                                               for r in table])
    dataset, problems = validate(data_copy)
    assert problems == []
    for name in ("observations", "periods", "honours"):  # read as if the columns were empty
        assert list(dataset.tables[name].columns) == list(schema.TABLES[name].columns)


# --- CSV syntax, ranks, periods, vocabularies -------------------------------------------------


def test_an_unquoted_comma_is_named_in_plain_words(first_article_copy):
    line = line_of(first_article_copy, "observations", indicator_id="high_tech_enterprises_new")
    lines = (first_article_copy / "observations.csv").read_text(encoding="utf-8").splitlines()
    lines[line - 1] = lines[line - 1].replace("52家、省科技型", "52家,省科技型")  # a quote, unquoted
    (first_article_copy / "observations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only_problem(first_article_copy)
    width = len(lines[0].split(","))  # the header's columns (plain names, no commas)
    assert str(problem) == (f"observations.csv:{line}: {width + 1} cells where the header has {width}: "
                            'put a value containing a comma in double quotes ("a, b")')


def test_an_unclosed_quote_is_named_in_plain_words(first_article_copy):
    path = first_article_copy / "periods.csv"
    lines = decode(path.read_bytes()).splitlines()
    path.write_text("\n".join(lines) + '\n2030,year,2030-01-01,2030-12-31,2030,"2030年\n', encoding="utf-8")
    problem = only_problem(first_article_copy)
    assert (problem.file, problem.line) == ("periods.csv", len(lines) + 1)
    assert "never closed" in problem.expected
    assert "tokenizing" not in str(problem)


@pytest.mark.parametrize("printed, value, reads", [("第七个", "8", "7"), ("首位", "2", "1"),
                                                   ("榜首", "3", "1"), ("第一", "2", "1")])
def test_a_rank_must_say_what_its_words_say(first_article_copy, printed, value, reads):
    article = first_article_copy / "source" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + f"\n永嘉位列全省{printed}。\n", encoding="utf-8")
    # a rank only one source gives: a second source's equal figure would also disagree with the edit
    line = line_of(first_article_copy, "observations", indicator_id="young_talent_rank")
    edit(first_article_copy, "observations", line, "value_as_printed", printed)
    edit(first_article_copy, "observations", line, "source_quote", f"永嘉位列全省{printed}")
    edit(first_article_copy, "observations", line, "value", value)
    problem = only_problem(first_article_copy)
    assert (problem.line, problem.column, problem.value) == (line, "value", value)
    assert problem.expected.startswith(f"{printed} reads as {reads}")
    edit(first_article_copy, "observations", line, "value", reads)
    assert validate(first_article_copy)[1] == []


@pytest.mark.parametrize("period, column, value, expected", [
    ("2024", "year", "2023", "a year period lies within its year"),
    ("nov_2024", "year", "2023", "2024, the year of end_date 2024-11-30"),
    ("2024_jan_nov", "start_date", "2024-12-01", "a start on or before the end"),
])
def test_a_period_s_year_agrees_with_its_dates(first_article_copy, period, column, value, expected):
    line = line_of(first_article_copy, "periods", period_id=period)
    edit(first_article_copy, "periods", line, column, value)
    _, problems = validate(first_article_copy)
    assert any(p.file == "periods.csv" and p.column == column and expected in p.expected
               for p in problems), [str(p) for p in problems]


def test_relative_words_of_a_dated_source_must_resolve_to_the_row_s_dates(multi_copy):
    line = line_of(multi_copy, "periods", period_id="asof_2025_05_20")
    edit(multi_copy, "periods", line, "end_date", "2025-12-31")
    problem = only_problem(multi_copy)
    assert (problem.file, problem.line, problem.column) == ("periods.csv", line, "end_date")
    assert "“目前” in synthetic_2025 (published 2025-05-20) reads as kind as_of, start_date (empty), " \
           "end_date 2025-05-20, year 2025" in problem.expected


def test_relative_words_of_an_undated_source_leave_the_dates_as_written(first_article_copy):
    """end_2024 reads 目前 as the end of 2024 because the article carries no date; once dated
    (a May report), the same words would mean that day, and the validator says so."""
    line = line_of(first_article_copy, "periods", period_id="end_2024")
    assert rows(first_article_copy / "periods.csv")[line - 2]["relative_words"] == "目前"
    assert validate(first_article_copy)[1] == []
    edit(first_article_copy, "sources", 2, "published", "2025-05-20")
    _, problems = validate(first_article_copy)
    assert any(p.file == "periods.csv" and "end_date 2025-05-20" in p.expected for p in problems)


def test_an_open_vocabulary_is_extended_by_vocabularies_csv(first_article_copy):
    edit(first_article_copy, "entities", 3, "entity_type", "test_fair")
    problem = only_problem(first_article_copy)
    assert problem.column == "entity_type" and "vocabularies.csv" in problem.expected
    added = [{"vocabulary": "entity_type", "value": "test_fair", "label_zh": "博览会", "label_en": "Fair",
              "note": ""}]
    vocabularies = first_article_copy / "vocabularies.csv"
    write_rows(vocabularies, (rows(vocabularies) if vocabularies.exists() else []) + added)
    assert validate(first_article_copy)[1] == []
    (first_article_copy / "vocabularies.csv").write_text(
        "vocabulary,value,label_zh,label_en,note\nentity_type,park,园,Park,\nstatus,paused,停,Paused,\n",
        encoding="utf-8")
    _, problems = validate(first_article_copy)
    assert {(p.line, p.column) for p in problems if p.file == "vocabularies.csv"} == {
        (2, "value"), (3, "vocabulary")}  # park is built in; status is a closed vocabulary


def test_check_data_cli_passes_on_the_multi_source_fixture():
    result = subprocess.run([sys.executable, "-m", "dashboard.check_data", str(MULTI_SOURCE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sources 2" in result.stdout


def test_an_honours_note_is_shown_with_the_honour(data_copy):
    """honours.note (how a period was read, other sources naming the same honour) is read and shown
    in the honours table; the key still holds one source per honour."""
    from dashboard import select, tables
    from dashboard.i18n import Translator
    from dashboard.select import Filters

    table = rows(data_copy / "honours.csv")
    line = line_of(data_copy, "honours", honour_id="tiangongding", period_id="2025")
    table[line - 2]["note"] = "read as 2025: 连续两年 after the first in 2024"
    write_rows(data_copy / "honours.csv", table)
    dataset, problems = validate(data_copy)
    assert problems == []
    tr = Translator("en")
    shown = tables.honour_table(select.honours(dataset, Filters(year=2025, lang="en")), dataset, tr)
    assert "read as 2025: 连续两年 after the first in 2024" in set(shown[tr("col.note")])
    zh = Translator("zh")  # a record is in English: the Chinese view says there is one
    shown = tables.honour_table(select.honours(dataset, Filters(year=2025, lang="zh")), dataset, zh)
    assert zh("note.in_english") in set(shown[zh("col.note")])
