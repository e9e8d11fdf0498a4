"""The draft folder an analyst opens in Excel or WPS: the workbook <source_id>.xlsx (workbook.py),
the same tables as CSVs (UTF-8 with BOM, CRLF, through provenance.to_csv, as the dashboard's
downloads), the article as received, and a README.txt in the analyst's language (the template
draft.readme of dashboard/messages.py)."""

from __future__ import annotations

from pathlib import Path

from dashboard.data import DEFAULT_DATA_DIR, data_dir
from dashboard.draft.propose import Draft
from dashboard.draft.workbook import write_workbook
from dashboard.messages import M
from dashboard.provenance import to_csv


def inside_data(out: Path) -> Path | None:
    """The data folder `out` would be in (the shipped one or DASHBOARD_DATA_DIR), or None."""
    target = out.resolve()
    for folder in {DEFAULT_DATA_DIR.resolve(), data_dir().resolve()}:
        if target == folder or folder in target.parents:
            return folder
    return None


def write_draft(draft: Draft, out: Path, files: dict[str, bytes], name: str, data: Path,
                lang: str = "en") -> Path:
    """Write the folder and return its workbook; `files`: path in the folder -> bytes, the article
    as text_file first (a raw reprint's cleaned text, then its raw_file as received); `data` is
    the data folder whose ids the workbook's dropdowns list; README.txt is in `lang`."""
    if inside_data(out):
        raise ValueError(f"{out} is inside the data folder {inside_data(out)}: a draft never goes there")
    out.mkdir(parents=True, exist_ok=True)
    for table, frame in draft.tables.items():
        (out / f"{table}.csv").write_bytes(to_csv(frame))
    for path, content in files.items():  # text_file (and a raw reprint's raw_file)
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(content)
    text_file = next(iter(files))
    source_id = draft.tables["sources"]["source_id"].iloc[0]
    workbook = out / f"{source_id}.xlsx"  # named after the source: Excel opens one file per name
    write_workbook(draft.tables, data, workbook, name, out)
    t = draft.tables
    readme = M("draft.readme", source_id=source_id, name=name, text_file=text_file, workbook=workbook.name,
               count=len(t["observations"]), maybe=len(t["maybe"]), indicators=len(t["indicators"]),
               periods=len(t["periods"]), honours=len(t["honours"]), folder=out).text(lang)
    (out / "README.txt").write_bytes(readme.replace("\n", "\r\n").encode("utf-8-sig"))
    return workbook
