"""The draft as a workbook (dashboard/draft/workbook.py): what an analyst sees in Excel or WPS,
and a round trip through a spreadsheet's save back into a data folder."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from dashboard import check_data
from dashboard.data import validate
from dashboard.draft.__main__ import main
from dashboard.draft.merge import accepted
from dashboard.draft.workbook import (
    ACCEPT_CHOICES,
    HELP_SHEET,
    LISTS_SHEET,
    SHEETS,
    TABLE_OF,
    choices,
    code_of,
)
from dashboard.reading import read_table
from dashboard.schema import TABLES
from tests.test_draft import FIXTURE, draft, excel_save, snapshot


def workbook(out):
    return out / "synthetic_2025.xlsx"


def options(book, sheet, column: str) -> list[str]:
    """The dropdown of a column: the options its list validation points at."""
    letter = next(c.column_letter for c in sheet[1] if c.value == column)
    found = [v for v in sheet.data_validations.dataValidation if f"{letter}2" in v.sqref]
    assert len(found) == 1, (sheet.title, column)
    cells = found[0].formula1.split("!")[1].replace("$", "")
    return [c.value for row in book[LISTS_SHEET][cells] for c in row]


def coded(table: str) -> list[str]:
    return [c for c, spec in TABLES[TABLE_OF.get(table, table)].columns.items() if spec.allowed or spec.ref]


def test_a_sheet_per_table_header_frozen_dropdowns_from_the_schema(tmp_path):
    out = draft(tmp_path, FIXTURE)
    book = load_workbook(workbook(out), rich_text=True)
    assert book.sheetnames == [HELP_SHEET, *SHEETS, LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden" and book.active.title == HELP_SHEET
    help_text = "\n".join(c.value or "" for c in book[HELP_SHEET]["A"])
    assert "操作步骤" in help_text and f"python -m dashboard.draft merge {out}" in help_text
    for table in SHEETS:
        sheet = book[table]
        header = [c.value for c in sheet[1]]
        assert header == list(read_table(out / f"{table}.csv").columns), table  # the CSV's columns
        assert sheet.freeze_panes == "C2" and header[:2] == ["accept", "review"]
        assert options(book, sheet, "accept") == list(ACCEPT_CHOICES)
        for column in coded(table):  # every coded column the schema has, new ones included
            spec = TABLES[TABLE_OF.get(table, table)].columns[column]
            codes = [code_of(spec, o) for o in options(book, sheet, column)]
            assert codes and all(" " not in c for c in codes), (table, column)
            if spec.allowed:
                assert codes == list(spec.allowed), (table, column)
    indicators = book["indicators"]
    themes = options(book, indicators, "theme_id")
    assert "talent 人才引育" in themes  # id and the sector's Chinese label, from the data's sectors.csv
    observations = book["observations"]
    periods = options(book, observations, "period_id")
    assert any(o.startswith("2025 ") for o in periods)  # the data's periods and the draft's new ones


def test_the_sentence_wraps_with_the_figures_words_highlighted(tmp_path):
    book = load_workbook(workbook(draft(tmp_path, FIXTURE)), rich_text=True)
    sheet = book["observations"]
    header = [c.value for c in sheet[1]]
    quote, printed = header.index("source_quote"), header.index("value_as_printed")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[printed].value == "首次突破100亿元")
    cell = row[quote]
    assert isinstance(cell.value, CellRichText) and cell.alignment.wrap_text
    bold = [b for b in cell.value if not isinstance(b, str) and b.font.b]
    assert [b.text for b in bold] == ["首次突破100亿元"]
    assert str(cell.value).replace("首次突破100亿元", "") != str(cell.value)  # the whole sentence


def test_code_of_reads_an_option_a_code_or_a_label():
    spec = TABLES["indicators"].columns["measure"]
    assert code_of(spec, "flow 期内新增（流量）") == "flow"
    assert code_of(spec, "flow") == "flow"
    assert code_of(spec, "期内新增（流量）") == "flow" and code_of(spec, "Rank") == "rank"
    assert code_of(spec, "flw") == "flw"  # left for the validator to name
    assert code_of(TABLES["indicators"].columns["theme_id"], "talent 人才") == "talent"
    assert code_of(TABLES["indicators"].columns["label_zh"], "新增 人才") == "新增 人才"  # free text
    assert accepted("是") and not accepted("否")


def test_every_vocabulary_of_the_draft_has_a_chinese_label():
    for table in SHEETS:
        for column, spec in TABLES[TABLE_OF.get(table, table)].columns.items():
            if spec.allowed:
                assert all(label for _, label in choices(table, column, {})), (table, column)


def analyst_edit(path, fill_english: bool = True) -> dict[str, str]:
    """What an analyst does in Excel: accept rows (是, y), pick a theme from the dropdown, fill
    the English labels, re-sort the rows, move a column, leave an empty row, type a number as
    text and a date as a date; then save (openpyxl's save stands for Excel's). Returns the
    accepted value_as_printed -> indicator_id."""
    book = load_workbook(path)
    keep = {"60家": "是", "首次突破100亿元": "y", "近10万平方米": "是", "两千一百三十八名": "✓"}

    def rows(sheet):
        header = [c.value for c in sheet[1]]
        return header, [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]

    def rewrite(sheet, header, records):
        sheet.delete_rows(1, sheet.max_row)
        sheet.append(header)
        for record in records:
            sheet.append([record.get(h) for h in header])

    header, observations = rows(book["observations"])
    kept = {}
    for record in observations:
        record["accept"] = keep.get(record["value_as_printed"])
        if record["accept"]:
            kept[record["value_as_printed"]] = code_of(TABLES["observations"].columns["indicator_id"],
                                                       record["indicator_id"])
        if record["value_as_printed"] == "60家":
            record["value"] = "60"  # a number stored as text
    header = [header[0], header[-1], *header[1:-1]]  # a column moved
    observations.sort(key=lambda r: str(r["source_quote"]), reverse=True)  # re-sorted
    rewrite(book["observations"], header, observations[:3] + [{}] + observations[3:])  # an empty row

    theme = next(o for o in options(book, book["indicators"], "theme_id") if o.startswith("talent "))
    header, indicators = rows(book["indicators"])
    for record in indicators:
        if record["indicator_id"] in kept.values():
            record.update(accept="是", theme_id=theme)
            if fill_english:
                record.update(label_en="Something new", short_label_en="New", unit_en="units")
    rewrite(book["indicators"], header, sorted(indicators, key=lambda r: r["indicator_id"], reverse=True))

    used = {r["period_id"].split()[0] for r in observations if r.get("accept")}
    header, periods = rows(book["periods"])
    for record in periods:
        if record["period_id"] in used:
            record["accept"] = "y"
    rewrite(book["periods"], header, periods)

    sources = book["sources"]
    header = [c.value for c in sources[1]]
    sources.cell(2, header.index("accept") + 1, "是")
    sources.cell(2, header.index("published") + 1, datetime(2026, 1, 15))
    for letter in "ABCDEF":
        book["observations"].column_dimensions[letter].width = 25  # widened
    book.save(path)
    return kept


def test_round_trip_through_a_spreadsheet_save(tmp_path, first_article_copy, capsys):
    out = draft(tmp_path, FIXTURE)
    kept = analyst_edit(workbook(out))
    before = len(read_table(first_article_copy / "observations.csv"))
    assert main(["merge", str(out), "--data", str(first_article_copy)]) == 0, capsys.readouterr().err
    dataset, problems = validate(first_article_copy)
    assert problems == []
    added = dataset.tables["observations"].iloc[before:]
    assert sorted(added["value_as_printed"]) == sorted(kept)
    assert dict(zip(added["value_as_printed"], added["indicator_id"])) == kept  # codes, not options
    assert added.set_index("value_as_printed").loc["60家", "value"] == 60
    new = dataset.tables["indicators"].set_index("indicator_id")
    picked = [i for i in kept.values() if i.startswith("synthetic_2025_new_")]
    assert picked and set(new.loc[picked, "theme_id"]) == {"talent"}
    source = dataset.tables["sources"].set_index("source_id").loc["synthetic_2025"]
    assert str(source["published"].date()) == "2026-01-15"
    assert check_data.main([str(first_article_copy)]) == 0


def test_a_problem_is_named_by_sheet_and_row(tmp_path, first_article_copy, capsys):
    out = draft(tmp_path, FIXTURE)
    analyst_edit(workbook(out), fill_english=False)
    book = load_workbook(workbook(out))
    sheet = book["indicators"]
    header = [c.value for c in sheet[1]]
    rows = [r[0].row for r in sheet.iter_rows(min_row=2) if r[header.index("accept")].value == "是"]
    was = snapshot(first_article_copy)
    assert main(["merge", str(out), "--data", str(first_article_copy)]) == 1
    err = capsys.readouterr().err
    assert f"(from synthetic_2025.xlsx sheet indicators, row {rows[0]})" in err
    assert snapshot(first_article_copy) == was


def test_marks_in_both_the_workbook_and_the_csvs_are_refused(tmp_path, first_article_copy, capsys):
    out = draft(tmp_path, FIXTURE)
    analyst_edit(workbook(out))
    excel_save(out / "sources.csv", lambda i, row: row.update(accept="y"))
    assert main(["merge", str(out), "--data", str(first_article_copy)]) == 1
    assert "merge the one you edited" in capsys.readouterr().err
    assert main(["merge", str(workbook(out)), "--data", str(first_article_copy), "--dry-run"]) == 0


@pytest.mark.parametrize("damage", [b"not a zip", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_workbook_gets_a_message(tmp_path, first_article_copy, capsys, damage):
    out = draft(tmp_path, FIXTURE)
    workbook(out).write_bytes(damage)
    assert main(["merge", str(workbook(out)), "--data", str(first_article_copy)]) == 1
    assert "cannot be read as a workbook" in capsys.readouterr().err
