"""Merge the rows an analyst accepted into a data folder, all or nothing, or refuse and say why.

The draft is read from its workbook (workbook.read_workbook: sheets by name, columns by header,
whatever Excel or WPS did to them) or from its CSVs (reading.read_table: BOM, GB18030, CRLF);
accept as y, Y, 是, ✓ …; a coded cell as its code ("flow 期内新增（流量）" is flow); dates saved
as 2025/1/1. Accepted rows lose the draft's own columns and are appended to the data's CSVs, each
file kept in its own encoding and line ends; the article is copied to the sources row's
text_file. The merged folder is first built in a temporary copy and validated: a key the data has
already, or any problem the validator finds, and nothing is written (each problem is named with
its sheet and row, or its line, in the draft). Then every changed file is put in place at once
(replace.replace_all): all or none, the replaced ones kept in backups/<time>/."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from dashboard.data import validate, validate_geo
from dashboard.draft.replace import Unwritable, replace_all
from dashboard.draft.workbook import SHEETS, TABLE_OF, code_of, read_workbook
from dashboard.messages import M, Message, MessageError, text
from dashboard.problems import Problem
from dashboard.provenance import FORMULA_START
from dashboard.reading import read_table
from dashboard.schema import BACKUPS_DIR, TABLES

ACCEPT = {"y", "yes", "是", "✓", "✔", "√", "x", "1", "true", "对", "ok", "接受"}
DRAFT_TABLES = ("sources", "cleaning", "periods", "indicators", "observations", "honours")  # as needed


class DraftError(MessageError, ValueError):
    """A draft that cannot be read; the message says why."""


@dataclass(frozen=True)
class Row:
    table: str
    where: Message  # "draft observations.csv:7" or "x.xlsx sheet observations, row 7", as shown
    cells: dict[str, str]  # the data table's columns only
    accepted: bool


def accepted(value: str) -> bool:
    return value.strip().casefold() in ACCEPT


def _clean(table: str, cells: dict) -> dict[str, str]:
    """The data table's columns, undoing what the export and a spreadsheet do to a cell."""
    out = {}
    for column, spec in TABLES[table].columns.items():
        value = code_of(spec, str(cells.get(column, "")).strip())
        if value.startswith("'") and value[1:2] in FORMULA_START:  # provenance.neutralise
            value = value[1:]
        date = re.fullmatch(r"(\d{4})[/.年](\d{1,2})[/.月](\d{1,2})日?", value)
        if spec.kind == "date" and date:
            value = "{}-{:0>2}-{:0>2}".format(*date.groups())
        out[column] = value
    return out


def _row(table: str, where: Message, cells: dict) -> Row:
    if "accept" not in cells:
        raise DraftError(M("merge.no_accept", where=where))
    return Row(table, where, _clean(table, cells), accepted(str(cells["accept"])))


def _from_csv(folder: Path) -> dict[str, list[Row]]:
    """Rows by data table: the maybe list's rows are observations."""
    rows = {t: [] for t in DRAFT_TABLES}
    for sheet in SHEETS:
        table, path = TABLE_OF.get(sheet, sheet), folder / f"{sheet}.csv"
        records = read_table(path).to_dict("records") if path.exists() else []
        rows[table] += [_row(table, M("merge.at_csv", file=f"{sheet}.csv", line=i), cells)
                        for i, cells in enumerate(records, start=2)]
    return rows


def _from_workbook(path: Path) -> dict[str, list[Row]]:
    try:
        sheets = read_workbook(path)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError) as error:
        raise DraftError(M("merge.not_workbook", path=path, error=str(error))) from error
    rows = {t: [] for t in DRAFT_TABLES}
    for sheet in SHEETS:
        table = TABLE_OF.get(sheet, sheet)
        rows[table] += [_row(table, M("merge.at_sheet", book=path.name, sheet=sheet, row=n), cells)
                        for n, cells in sheets[sheet]]
    return rows


def read_draft(path: Path) -> tuple[Path, dict[str, list[Row]]]:
    """(the draft folder, every row of each table), read from what `path` names: a workbook, a
    CSV (the CSVs of its folder), or the folder (its workbook or its CSVs, whichever has rows
    accepted). ValueError (a DraftError, or the workbook's) says why a draft cannot be read."""
    if path.suffix.casefold() == ".xlsx":
        return path.parent, _from_workbook(path)
    if path.suffix.casefold() == ".csv":
        return path.parent, _from_csv(path.parent)
    books = sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$"))  # ~$: Excel's lock
    if len(books) > 1:
        raise DraftError(M("merge.workbooks", folder=path, count=len(books), first=books[0]))
    from_csv = _from_csv(path)
    if not books:
        return path, from_csv
    from_book = _from_workbook(books[0])
    marked = [any(r.accepted for rows in d.values() for r in rows) for d in (from_book, from_csv)]
    if all(marked):
        raise DraftError(M("merge.both", book=books[0].name, folder=path, path=books[0],
                           csv=path / "observations.csv"))
    return path, from_csv if marked[1] else from_book


def _appended(path: Path, rows: list[dict[str, str]], columns: list[str]) -> bytes:
    """A CSV with rows appended, in its own encoding, line ends and column order. A table the
    folder leaves out (an optional one, such as cleaning.csv in a folder older than it) is
    started with the schema's `columns`; a schema column the file lacks (sources.csv's raw_file
    in such a folder) is added, empty in the rows it has, when a row appended fills it."""
    raw = path.read_bytes() if path.exists() else ",".join(columns).encode() + b"\n"
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        encoding, text = "gb18030", raw.decode("gb18030")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = list(csv.reader(io.StringIO(text)))
    header = [c.strip() for c in lines[0]]
    missing = [c for c in columns if c not in header and any(row.get(c) for row in rows)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    if missing:  # the whole file anew, the new columns empty in the rows it has
        header += missing
        writer.writerows([header, *([*r, *[""] * len(missing)] for r in lines[1:] if r)])
    writer.writerows([[row.get(c, "") for c in header] for row in rows])
    if missing:
        return buffer.getvalue().encode(encoding)
    lead = "" if not text or text.endswith(("\n", "\r")) else newline
    return raw + (lead + buffer.getvalue()).encode("gb18030" if encoding == "gb18030" else "utf-8")


def _plan(draft: Path, data: Path,
          rows: dict[str, list[Row]]) -> tuple[dict, dict[str, bytes], list[Message]]:
    """(accepted rows to append by table, the files to copy {path: bytes}: the text_file and the
    raw_file of a raw reprint, refusals)."""
    refusals, plan, article = [], {t: [] for t in DRAFT_TABLES}, {}
    existing = {t: read_table(data / f"{t}.csv") if (data / f"{t}.csv").exists() else
                pd.DataFrame(columns=list(TABLES[t].columns)) for t in DRAFT_TABLES}
    source = rows["sources"][0] if rows["sources"] else None
    known_sources = set(existing["sources"]["source_id"])
    if (any(r.accepted for r in rows["observations"]) and source
            and source.cells["source_id"] not in known_sources and not source.accepted):
        refusals.append(M("merge.accept_source", where=source.where))
    for table in DRAFT_TABLES:
        key = TABLES[table].key
        lines = {tuple(r[k] for k in key): M("merge.at_data", file=f"{table}.csv", line=i)
                 for i, r in enumerate(existing[table].to_dict("records"), 2)}
        for row in (r for r in rows[table] if r.accepted):
            value = tuple(row.cells[k] for k in key)
            if value in lines:
                refusals.append(M("merge.key_exists", where=row.where, key="+".join(key),
                                  value=", ".join(value), at=lines[value]))
            else:
                lines[value] = row.where
                plan[table].append(row)
    for row in plan["sources"]:
        for column in ("text_file", "raw_file"):
            name = row.cells.get(column, "")
            if not name or name in article:
                continue
            if not (draft / name).is_file():
                refusals.append(M("merge.no_article", where=row.where, column=column, file=name))
                continue
            new, target = (draft / name).read_bytes(), data / name
            if target.exists() and target.read_bytes() != new:
                refusals.append(M("merge.other_article", where=row.where, column=column, file=name))
            article[name] = new
    return plan, article, refusals


def _contents(data: Path, plan: dict[str, list[Row]], article: dict[str, bytes]) -> dict[str, bytes]:
    """The merged files (path inside the data folder -> bytes): tables with rows appended, the
    article's files."""
    return {f"{t}.csv": _appended(data / f"{t}.csv", [r.cells for r in rows], list(TABLES[t].columns))
            for t, rows in plan.items() if rows} | article


def _where(problem: Problem, plan: dict[str, list[Row]], sizes: dict[str, int], lang: str) -> str:
    """The validator's line in the merged file, with the draft's row for an appended one."""
    table = problem.file.removesuffix(".csv")
    if table in plan and problem.line and problem.line > sizes[table] + 1:
        return M("merge.from", problem=problem.text(lang),
                 where=plan[table][problem.line - sizes[table] - 2].where).text(lang)
    return problem.text(lang)


def _trial(data: Path, contents: dict[str, bytes]) -> list[Problem]:
    """The validator's problems with the folder as the merge would leave it, checked in a copy."""
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data, trial, ignore=lambda at, names: [BACKUPS_DIR] if Path(at) == data else [])
        for name, content in contents.items():
            (trial / name).parent.mkdir(parents=True, exist_ok=True)
            (trial / name).write_bytes(content)
        dataset, problems = validate(trial)
        return problems + validate_geo(trial, dataset)[1]


def merge(draft: Path, data: Path, dry_run: bool = False, lang: str = "en") -> tuple[int, list[str]]:
    """(exit status, lines to print in `lang`). Writes to `data` only when the merged folder is
    valid, and then every changed file or none."""
    try:
        folder, rows = read_draft(draft)
    except ValueError as error:
        return 1, [text(getattr(error, "message", error), lang)]
    if not any(r.accepted for table in rows.values() for r in table):
        return 1, [M("merge.nothing_accepted", draft=draft).text(lang)]
    plan, article, refusals = _plan(folder, data, rows)
    if refusals:
        return 1, [m.text(lang) for m in refusals] + [M("merge.nothing_written", data=data).text(lang)]
    sizes = {t: len(read_table(data / f"{t}.csv")) if (data / f"{t}.csv").exists() else 0
             for t in DRAFT_TABLES}
    contents = _contents(data, plan, article)
    problems = _trial(data, contents)
    if problems:
        return 1, [_where(p, plan, sizes, lang) for p in problems] + [
            M("merge.problems", count=len(problems), data=data).text(lang)]
    counts = ", ".join(f"{t} +{len(plan[t])}" for t in DRAFT_TABLES if plan[t])
    if dry_run:
        return 0, [M("merge.would", data=data, counts=counts).text(lang)]
    try:
        backup = replace_all(data, contents)
    except Unwritable as error:
        if error.restore_from:
            return 1, [error.message.text(lang), M("merge.half", backup=error.restore_from).text(lang)]
        return 1, [error.message.text(lang), M("merge.close", data=data).text(lang)]
    dataset, problems = validate(data)
    problems += validate_geo(data, dataset)[1]
    if problems:  # cannot happen unless data changed while merging; say so
        return 1, [p.text(lang) for p in problems]
    totals = ", ".join(f"{name} {len(dataset.tables[name])}" for name in TABLES)
    return 0, [M("merge.done", data=data, counts=counts).text(lang),
               M("merge.backup", backup=backup).text(lang),
               M("cli.ok", folder=data, counts=totals).text(lang)]
