"""The draft as one workbook for Excel or WPS (<source_id>.xlsx beside the CSVs), and reading it
back after an analyst saved it.

A sheet per draft table, the header frozen; every coded column (a vocabulary of schema.py, or an
id another table holds: theme_id, indicator_id, period_id …) and `accept` get a dropdown whose
options read "code 中文说明", listed on a hidden sheet; the merge keeps the code (code_of), so
an option picked, a bare code or a label typed all read the same. The columns come from the draft
tables and their vocabularies from schema.TABLES: a column added there appears here by itself.
Reading takes the sheets by name and the columns by header, whatever a spreadsheet did to order,
widths, empty rows, numbers and dates."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard.draft.propose import TABLE_OF
from dashboard.i18n import STRINGS
from dashboard.messages import M, MessageError
from dashboard.reading import read_table
from dashboard.schema import TABLES, TRANSLATED, Column

# In the order an analyst works; maybe holds the figures the tool does not stand behind (rows of
# observations: accepted, they merge as those do).
SHEETS = ("observations", "maybe", "indicators", "periods", "honours", "sources", "cleaning")
HELP_SHEET, LISTS_SHEET = "说明", "lists"
ACCEPT_CHOICES = ("是", "否")  # the merge reads 是 (and y, ✓ …) as accepted
LABEL_COLUMNS = ("label_zh", "name_zh", "short_title", "title")  # what an id is called, in order
PREFIX = {values: prefix for prefix, values in TRANSLATED.items()}
SPARE_ROWS = 200  # dropdowns reach this far below the last row, for rows an analyst adds
WIDE = {"source_quote": 60, "review": 40, "note": 30}  # wrapped; other columns fit their text
LINE_HEIGHT = 15  # points; a wrapped cell's row is as high as its lines (LibreOffice does not fit it)
HEADER = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FIGURE = InlineFont(b=True, color="C00000")  # the figure's words inside its sentence

HELP = (  # the first sheet, a row per paragraph; steps as an analyst writes them for a colleague
    "稿件 {source_id} 的数据草稿",
    "由 python -m dashboard.draft 从《{name}》生成。这里的内容还没有进入数据，合并后才进入。",
    "同一文件夹里的 CSV 文件内容与本工作簿相同，二者用其一即可：改了工作簿，就不要再改 CSV。",
    "",
    "操作步骤",
    "1. 打开 observations 表：每一行是文中找到的一个数字（共 {count} 行）。先看 review 列"
    "（需要你判断的事项），再读 source_quote 列的原句，红字是这个数字在原句里的写法。maybe 表是"
    "工具没有把握的数字，review 列开头写明了原因；确实要的，也可以保留。",
    "2. 有误的格子直接改：indicator_id（指标）、period_id（期间）、value（数值）、qualifier"
    "（确数、约数、超过等）、note（备注）。带下拉箭头的格子从列表里选，选项前面是代码、后面是"
    "中文说明，合并时只取代码。",
    "3. source_quote 和 value_as_printed 必须与原文一字不差。原句太长可以删到只剩所在分句，"
    "但留下的字不能改。",
    "4. 要保留的行，在 accept 列选“是”（填 y 也可以）；不要的行留空或选“否”。",
    "5. 保留的行如果用到新指标或新期间（indicators 表 {indicators} 行、periods 表 {periods} 行，"
    "used_by 列写着哪些行用到它），在那两张表里把相应行的 accept 也选“是”：指标要补全 "
    "label_en、short_label_en、unit_en 三个英文列，并核对 label_zh、theme_id（所属主题）和 "
    "measure（计量方式）；期间核对 kind 和起止日期。",
    "6. 在 sources 表核对标题、作者和发布日期（published，写成 2025-01-15），accept 选“是”。"
    "数据里已有这篇稿件时不用选。",
    "7. 保存，仍存为 .xlsx。可以排序、加宽列、加筛选，但不要改工作表的名字和第一行的列名。"
    "保存后关闭文件，再合并：",
    "    python -m dashboard.draft merge {folder}",
    "    （有 make 时：make merge-draft DRAFT={folder}）",
    "8. 合并前会先把所有表合在一起检查：只要有一个问题，就一行也不写，并列出每个问题的位置，"
    "如“{source_id}.xlsx 的 observations 表第 7 行”。改好后保存，再合并一次。",
    "9. 合并成功后，被改动的数据文件原样备份在数据文件夹的 backups\\<日期-时间>\\ 里。"
    "要撤销这次合并，按那里的 README.txt 把文件复制回去即可。",
)


def _text(value) -> str:
    """A frame's cell as text: "" for a missing one."""
    return "" if value is None or pd.isna(value) else str(value)


def _label(text: str) -> str:
    return " ".join(text.split())


def choices(table: str, column: str, tables: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """(code, Chinese label) for a coded column, [] for a free one. `tables` holds the data's
    tables and the draft's new rows (a new indicator is a choice like an old one)."""
    if column == "accept":
        return [(mark, "") for mark in ACCEPT_CHOICES]
    spec = TABLES[TABLE_OF.get(table, table)].columns.get(column)
    if spec is None:
        return []
    if spec.allowed:
        labels = STRINGS["zh"]
        return [(v, labels.get(f"{PREFIX[spec.allowed]}.{v}", "") if spec.allowed in PREFIX else "")
                for v in spec.allowed]
    found: dict[str, str] = {}
    for target in spec.ref:
        name, key = target.split(".")
        frame = tables.get(name, pd.DataFrame())
        for record in frame.to_dict("records") if key in frame else []:
            if _text(record[key]):
                labels = (_text(record.get(c)) for c in LABEL_COLUMNS)
                found.setdefault(record[key], _label(next((x for x in labels if x), "")))
    return list(found.items())


def width(text: str) -> int:
    """Columns a text takes in a spreadsheet's units: a Chinese character two, a Latin one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(sheet, row: int, texts: dict[str, str]) -> None:
    """Make `row` as high as its longest wrapped text (letter -> text) needs."""
    lines = [math.ceil(width(t) / (sheet.column_dimensions[letter].width - 1)) for letter, t in texts.items()]
    if max(lines, default=1) > 1:
        sheet.row_dimensions[row].height = min(LINE_HEIGHT * max(lines), 409)  # 409: Excel's most


def shown(code: str, label: str) -> str:
    return f"{code} {label}" if label else code


def code_of(spec: Column | None, value: str) -> str:
    """The code in a coded cell, whichever way it was filled: "flow 期内新增（流量）" (an option),
    "flow", or the label alone for a vocabulary. Anything else is returned as it is, for the
    validator to name."""
    if spec is None or not (spec.allowed or spec.ref) or not value:
        return value
    head = value.split()[0]
    if re.fullmatch(r"[a-z0-9_]+", head) and head != value:
        return head
    if spec.allowed in PREFIX:
        for lang in STRINGS.values():
            for code in spec.allowed:
                if lang.get(f"{PREFIX[spec.allowed]}.{code}") == value:
                    return code
    return value


def _typed(spec: Column | None, value: str):
    """A cell as a spreadsheet would hold it: numbers as numbers, dates as dates."""
    if spec is None or not value:
        return value
    try:
        if spec.kind == "date":
            return date.fromisoformat(value)
        if spec.kind in ("int", "number"):
            number = Decimal(value)
            return int(number) if number == number.to_integral_value() else float(number)
    except (ValueError, InvalidOperation):
        pass
    return value


def _quote(quote: str, printed: str) -> CellRichText | str:
    at = quote.find(printed) if printed else -1
    if at < 0:
        return quote
    parts = [quote[:at], TextBlock(FIGURE, printed), quote[at + len(printed):]]
    return CellRichText([p for p in parts if p])


def _lists(book: Workbook, draft: dict[str, pd.DataFrame], choosable) -> dict[tuple[str, str], str]:
    """The hidden sheet of options, a column per coded column; (table, column) -> its range."""
    sheet = book.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    ranges = {}
    for table in (t for t in SHEETS if t in draft):
        for column in draft[table].columns:
            options = [shown(*c) for c in choices(table, column, choosable)]
            if not options:
                continue
            index = len(ranges) + 1
            letter = get_column_letter(index)
            sheet.cell(1, index, f"{table}.{column}")
            for row, option in enumerate(options, start=2):
                sheet.cell(row, index, option)
            ranges[table, column] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(options) + 1}"
    return ranges


def _sheet(book: Workbook, table: str, frame: pd.DataFrame, tables, ranges) -> None:
    sheet = book.create_sheet(table)
    specs = TABLES[TABLE_OF.get(table, table)].columns
    columns = list(frame.columns)
    codes = {c: dict(choices(table, c, tables)) for c in columns}
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(1, index, column)
        cell.font, cell.fill = HEADER, HEADER_FILL
        longest = max([len(column)] + [width(_text(v)) + 1 for v in frame[column]])
        sheet.column_dimensions[get_column_letter(index)].width = WIDE.get(column, min(max(longest, 8), 30))
    wrapped = {get_column_letter(columns.index(c) + 1): c for c in WIDE if c in columns}
    for row, record in enumerate(frame.to_dict("records"), start=2):
        for index, column in enumerate(columns, start=1):
            value = _text(record[column])
            if value in codes[column]:
                value = shown(value, codes[column][value])
            if column == "source_quote" and "value_as_printed" in record:
                value = _quote(value, _text(record["value_as_printed"]))
            if isinstance(value, str):
                value = _typed(specs.get(column), value)
            cell = sheet.cell(row, index, value)
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=column in WIDE, vertical="top")
        _fit(sheet, row, {letter: _text(record[c]) for letter, c in wrapped.items()})
    last = len(frame) + 1 + SPARE_ROWS
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if (table, column) not in ranges:
            continue
        closed = column == "accept" or bool(specs[column].allowed)
        check = DataValidation(
            type="list", formula1=f"={ranges[table, column]}", allow_blank=True,
            errorStyle="stop" if closed else "warning", showErrorMessage=True,
            errorTitle="不在列表中", error="请从下拉列表中选择。" if closed else
            "列表里没有这个代码。新的代码需在本工作簿相应的表里另加一行；仍要填写请点“是”。")
        check.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(check)
    sheet.freeze_panes = "C2"  # the header, and accept and review beside every row
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"


def write_workbook(tables: dict[str, pd.DataFrame], data: Path, path: Path, name: str, folder: Path) -> None:
    """Write the draft's tables (draft columns, codes as in the CSVs) as `path`; `data` is the
    data folder whose ids and labels the dropdowns list."""
    known = {t: read_table(data / f"{t}.csv") for t in TABLES if (data / f"{t}.csv").exists()}
    choosable = {t: pd.concat([known.get(t, pd.DataFrame()), tables.get(t, pd.DataFrame())],
                              ignore_index=True) for t in {*known, *tables}}
    book = Workbook()
    guide = book.active
    guide.title = HELP_SHEET
    values = dict(source_id=tables["sources"]["source_id"].iloc[0], name=name, folder=folder,
                  count=len(tables["observations"]), indicators=len(tables["indicators"]),
                  periods=len(tables["periods"]))
    guide.column_dimensions["A"].width = 80
    guide.sheet_properties.pageSetUpPr.fitToPage = True  # printed: the page width, pages as needed
    guide.page_setup.fitToHeight = 0
    for row, line in enumerate(HELP, start=1):
        cell = guide.cell(row, 1, line.format(**values))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(bold=row in (1, 5), size=14 if row == 1 else 11)
        _fit(guide, row, {"A": cell.value})
    ranges = _lists(book, tables, choosable)
    sheets = [t for t in SHEETS if t in tables]
    for table in sheets:
        _sheet(book, table, tables[table], choosable, ranges)
    book.move_sheet(LISTS_SHEET, offset=len(sheets))
    book.save(path)


# --- reading a saved workbook ---------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell's value as the CSVs write it: 52 not 52.0, 2026-01-15 not a datetime."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


class WorkbookError(MessageError, ValueError):
    """A saved workbook the merge cannot read; the message says why."""


def read_workbook(path: Path) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Each draft sheet's non-empty rows as (row number in the sheet, {header: text}); a sheet
    that is missing has none. ValueError names a sheet without an accept column."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {s.title.strip().casefold(): s for s in book.worksheets}
        found = {}
        for table in SHEETS:
            sheet = sheets.get(table)
            rows = [] if sheet is None else list(sheet.iter_rows(values_only=True))
            header = [cell_text(v) for v in rows[0]] if rows else []
            if sheet is not None and "accept" not in header:
                raise WorkbookError(M("merge.sheet_no_accept", book=path.name, sheet=sheet.title))
            found[table] = [
                (number, {h: cell_text(v) for h, v in zip(header, values) if h})
                for number, values in enumerate(rows[1:], start=2)
                if any(cell_text(v) for v in values)]
        return found
    finally:
        book.close()
