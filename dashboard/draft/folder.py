"""The draft folder an analyst opens in Excel or WPS: the workbook <source_id>.xlsx (workbook.py),
the same four tables as CSVs (UTF-8 with BOM, CRLF, through provenance.to_csv, as the dashboard's
downloads), the article as received, and a README.txt."""

from __future__ import annotations

from pathlib import Path

from dashboard.data import DEFAULT_DATA_DIR, data_dir
from dashboard.draft.propose import Draft
from dashboard.draft.workbook import write_workbook
from dashboard.provenance import to_csv

README = """\
Draft for source {source_id}, made by python -m dashboard.draft from {name}.
Nothing here is in the data yet.

{workbook}  the same four tables as a workbook, with dropdowns for the coded columns
                  and its first sheet (说明) saying what to do, in Chinese. Use the workbook or
                  the CSVs, not both.

observations.csv  one row per figure found in the article ({count} rows), in the columns of
                  data/observations.csv, plus: accept, review (what you must still decide),
                  unit_zh (the unit of value), indicator_label_zh, confidence (of the indicator
                  match, 0 to 1; empty for a new indicator), period_words (the words the period
                  was read from), line and offset (where the figure is in the article file).
indicators.csv    new indicators the rows need ({indicators}): fill label_en, short_label_en,
                  unit_en; check label_zh, theme_id, measure.
periods.csv       new periods the rows need ({periods}).
sources.csv       the row for this article: check title, authors, published.
{text_file}   the article, as received.

What to do:
1. Open observations.csv. Read each row's review and source_quote. Correct any cell you need
   (indicator_id, period_id, value, qualifier, note...). Keep source_quote and
   value_as_printed as they are: they must stay in the article word for word.
2. Write y (or Y, 是, ✓) in accept for each row to keep; leave the others empty.
3. Do the same in indicators.csv and periods.csv for the new rows the kept rows use, and in
   sources.csv (unless the source is already in the data).
4. Save as CSV (CSV UTF-8 is best; plain CSV works too). Keep dates as YYYY-MM-DD.
5. Merge:   make merge-draft DRAFT={folder}      (python -m dashboard.draft merge {folder})
   It refuses rows whose key the data has already, and writes nothing unless the merged data
   passes the validator; otherwise it lists each problem with its line in this folder's files.
   It changes every file or none, and keeps the files it replaced in the data folder's
   backups/<date-time>/ (its README.txt says how to undo the merge).
"""


def inside_data(out: Path) -> Path | None:
    """The data folder `out` would be in (the shipped one or DASHBOARD_DATA_DIR), or None."""
    target = out.resolve()
    for folder in {DEFAULT_DATA_DIR.resolve(), data_dir().resolve()}:
        if target == folder or folder in target.parents:
            return folder
    return None


def write_draft(draft: Draft, out: Path, files: dict[str, bytes], name: str, data: Path) -> Path:
    """Write the folder and return its workbook; `files`: path in the folder -> bytes, the article
    as text_file first (a raw reprint's cleaned text, then its raw_file as received); `data` is
    the data folder whose ids the workbook's dropdowns list."""
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
    readme = README.format(
        source_id=source_id, name=name, text_file=text_file, workbook=f"{workbook.name:<17}",
        count=len(draft.tables["observations"]), indicators=len(draft.tables["indicators"]),
        periods=len(draft.tables["periods"]), folder=out)
    (out / "README.txt").write_bytes(readme.replace("\n", "\r\n").encode("utf-8-sig"))
    return workbook
