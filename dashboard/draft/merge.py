"""Merge the rows an analyst accepted into a data folder, or refuse and say why.

The draft's CSVs are read whatever Excel or WPS did to them (reading.read_table: BOM, GB18030,
CRLF; accept as y, Y, 是, ✓ …; dates saved as 2025/1/1). Accepted rows lose the draft's own
columns and are appended to the data's CSVs, each file kept in its own encoding and line ends;
the article is copied to the sources row's text_file. Before anything is written, the merged
folder is built in a temporary copy and validated: a key the data has already, or any problem
the validator finds, and nothing is written (each problem is named with its line in the draft)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.data import validate, validate_geo
from dashboard.problems import Problem
from dashboard.provenance import _FORMULA_START
from dashboard.reading import read_table
from dashboard.schema import TABLES

ACCEPT = {"y", "yes", "是", "✓", "✔", "√", "x", "1", "true", "对", "ok", "接受"}
DRAFT_TABLES = ("sources", "periods", "indicators", "observations")  # in the order they are needed


@dataclass(frozen=True)
class Row:
    table: str
    line: int  # in the draft file, as a spreadsheet shows it
    cells: dict[str, str]  # the data table's columns only

    @property
    def where(self) -> str:
        return f"draft {self.table}.csv:{self.line}"


def accepted(value: str) -> bool:
    return value.strip().casefold() in ACCEPT


def _clean(table: str, cells: dict) -> dict[str, str]:
    """The data table's columns, undoing what the export and a spreadsheet do to a cell."""
    out = {}
    for column, spec in TABLES[table].columns.items():
        value = str(cells.get(column, "")).strip()
        if value.startswith("'") and value[1:2] in _FORMULA_START:  # provenance.neutralise
            value = value[1:]
        date = re.fullmatch(r"(\d{4})[/.年](\d{1,2})[/.月](\d{1,2})日?", value)
        if spec.kind == "date" and date:
            value = "{}-{:0>2}-{:0>2}".format(*date.groups())
        out[column] = value
    return out


def read_draft(folder: Path) -> dict[str, list[Row]]:
    """The accepted rows of each draft table (a missing file has none)."""
    rows = {}
    for table in DRAFT_TABLES:
        path = folder / f"{table}.csv"
        frame = read_table(path) if path.exists() else pd.DataFrame(columns=["accept"])
        if "accept" not in frame:
            raise ValueError(f"draft {table}.csv has no accept column")
        rows[table] = [Row(table, i, _clean(table, cells))
                       for i, cells in enumerate(frame.to_dict("records"), start=2)
                       if accepted(cells["accept"])]
    return rows


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    """Append rows to a CSV in its own encoding, line ends and column order."""
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        encoding, text = "gb18030", raw.decode("gb18030")
    newline = "\r\n" if "\r\n" in text else "\n"
    header = [c.strip() for c in next(csv.reader(io.StringIO(text)))]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerows([[row.get(c, "") for c in header] for row in rows])
    lead = "" if not text or text.endswith(("\n", "\r")) else newline
    with path.open("ab") as f:
        f.write((lead + buffer.getvalue()).encode("gb18030" if encoding == "gb18030" else "utf-8"))


def _plan(draft: Path, data: Path, rows: dict[str, list[Row]]) -> tuple[dict, tuple | None, list[str]]:
    """(rows to append by table, (article bytes, text_file) or None, refusals)."""
    refusals, plan, article = [], {t: [] for t in DRAFT_TABLES}, None
    existing = {t: read_table(data / f"{t}.csv") for t in DRAFT_TABLES}
    sources = draft / "sources.csv"
    source = read_table(sources).to_dict("records")[0] if sources.exists() else {}
    known_sources = set(existing["sources"]["source_id"])
    if rows["observations"] and source.get("source_id") not in known_sources and not rows["sources"]:
        refusals.append("draft sources.csv:2: accept the sources row (its source is not in the data yet)")
    for table in DRAFT_TABLES:
        key = TABLES[table].key
        lines = {tuple(r[k] for k in key): f"{table}.csv:{i}"
                 for i, r in enumerate(existing[table].to_dict("records"), 2)}
        for row in rows[table]:
            value = tuple(row.cells[k] for k in key)
            if value in lines:
                refusals.append(f"{row.where}: {'+'.join(key)} {', '.join(value)} is already in "
                                f"{lines[value]}")
            else:
                lines[value] = row.where
                plan[table].append(row)
    for row in plan["sources"]:
        text_file = row.cells["text_file"]
        if not (draft / text_file).is_file():
            refusals.append(f"{row.where}: text_file {text_file}: no such file in the draft folder")
            continue
        new, target = (draft / text_file).read_bytes(), data / text_file
        if target.exists() and target.read_bytes() != new:
            refusals.append(f"{row.where}: text_file {text_file}: the data folder has another file there")
        article = (new, text_file)
    return plan, article, refusals


def _apply(data: Path, plan: dict[str, list[Row]], article: tuple | None) -> None:
    for table, rows in plan.items():
        if rows:
            _append(data / f"{table}.csv", [r.cells for r in rows])
    if article:
        (data / article[1]).parent.mkdir(parents=True, exist_ok=True)
        (data / article[1]).write_bytes(article[0])


def _where(problem: Problem, plan: dict[str, list[Row]], sizes: dict[str, int]) -> str:
    """The validator's line in the merged file, with the draft's line for an appended row."""
    table = problem.file.removesuffix(".csv")
    if table in plan and problem.line and problem.line > sizes[table] + 1:
        return f"{problem} (from {plan[table][problem.line - sizes[table] - 2].where})"
    return str(problem)


def merge(draft: Path, data: Path, dry_run: bool = False) -> tuple[int, list[str]]:
    """(exit status, lines to print). Writes to `data` only when the merged folder is valid."""
    rows = read_draft(draft)
    if not any(rows.values()):
        return 1, [f"nothing accepted in {draft}: write y in the accept column of the rows to keep"]
    plan, article, refusals = _plan(draft, data, rows)
    if refusals:
        return 1, refusals + [f"\nnothing written to {data}"]
    sizes = {t: len(read_table(data / f"{t}.csv")) for t in DRAFT_TABLES}
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data, trial)
        _apply(trial, plan, article)
        dataset, problems = validate(trial)
        problems += validate_geo(trial, dataset)[1]
    if problems:
        return 1, [_where(p, plan, sizes) for p in problems] + [
            f"\n{len(problems)} problem(s): nothing written to {data}; fix them in the draft and merge again"]
    counts = ", ".join(f"{t} +{len(plan[t])}" for t in DRAFT_TABLES if plan[t])
    if dry_run:
        return 0, [f"would merge into {data}: {counts}; the merged data passes the validator"]
    _apply(data, plan, article)
    dataset, problems = validate(data)
    problems += validate_geo(data, dataset)[1]
    if problems:  # cannot happen unless data changed while merging; say so
        return 1, [str(p) for p in problems]
    totals = ", ".join(f"{name} {len(dataset.tables[name])}" for name in TABLES)
    return 0, [f"merged into {data}: {counts}", f"OK {data}: {totals} rows; the map's files too"]

