"""python -m dashboard.draft ARTICLE.txt --source-id ID [--published YYYY-MM-DD] [--out DIR] [--lang zh|en]
python -m dashboard.draft merge DRAFT_DIR [--data DIR] [--dry-run] [--lang zh|en]
python -m dashboard.draft measure [--data DIR]

The first writes a draft folder (default drafts/<ID>/, never inside the data folder): a workbook
<ID>.xlsx and the same tables as CSVs; the second merges the rows marked accepted (DRAFT_DIR, or
its .xlsx or one of its CSVs) into the data folder (default DASHBOARD_DATA_DIR or data/), all or
nothing, keeping the replaced files in its backups/; the third measures the drafter on the
shipped article. Messages are in the analyst's language: --lang, or Chinese on a Chinese system."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from dashboard.data import data_dir
from dashboard.draft.folder import inside_data, write_draft
from dashboard.draft.measure import measure, measure_all
from dashboard.draft.merge import merge
from dashboard.draft.propose import propose
from dashboard.messages import M, add_language_option, chosen_language
from dashboard.reading import decode


def _draft(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.draft", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("article", type=Path, help="the article as a text file (UTF-8, BOM or GB18030)")
    parser.add_argument("--source-id", required=True, help="e.g. yongjia_2025 (lowercase, digits, _)")
    parser.add_argument("--published", type=date.fromisoformat, help="YYYY-MM-DD, if known")
    parser.add_argument("--out", type=Path, help="the draft folder (default drafts/<source-id>)")
    parser.add_argument("--data", type=Path, default=None, help="data folder to match against")
    parser.add_argument("--force", action="store_true", help="overwrite an existing draft")
    add_language_option(parser)
    args = parser.parse_args(argv)
    lang = chosen_language(args.lang)
    if not re.fullmatch(r"[a-z0-9_]+", args.source_id):
        parser.error(M("draft.source_id").text(lang))
    out = args.out or Path("drafts") / args.source_id
    if inside_data(out):
        parser.error(M("draft.inside_data", out=out, data=inside_data(out)).text(lang))
    if (out / "observations.csv").exists() and not args.force:
        parser.error(M("draft.exists", out=out).text(lang))
    try:
        raw = args.article.read_bytes()
        text = decode(raw)
    except OSError as error:
        parser.exit(2, M("draft.unreadable", file=args.article,
                         error=error.strerror or error).text(lang) + "\n")
    except (UnicodeDecodeError, ValueError):
        parser.exit(2, M("draft.not_text", file=args.article).text(lang) + "\n")
    text_file = f"source/{args.source_id}{args.article.suffix or '.txt'}"
    data = args.data or data_dir()
    draft = propose(text, args.source_id, data, published=args.published,
                    text_file=text_file, name=args.article.name)
    workbook = write_draft(draft, out, raw, text_file, args.article.name, data)
    t = draft.tables
    print(M("draft.written", out=out, observations=len(t["observations"]), indicators=len(t["indicators"]),
            periods=len(t["periods"]), workbook=workbook).text(lang))
    return 0


def _merge(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.draft merge")
    parser.add_argument("draft", type=Path, help="the draft folder, its .xlsx, or one of its CSVs")
    parser.add_argument("--data", type=Path, default=None, help="default DASHBOARD_DATA_DIR or data/")
    parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    add_language_option(parser)
    args = parser.parse_args(argv)
    status, lines = merge(args.draft, args.data or data_dir(), dry_run=args.dry_run,
                          lang=chosen_language(args.lang))
    print("\n".join(lines), file=sys.stdout if status == 0 else sys.stderr)
    return status


def _measure(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.draft measure")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--all", action="store_true", help="every source with reported rows, a table")
    args = parser.parse_args(argv)
    print(measure_all(args.data or data_dir()) if args.all else measure(args.data or data_dir()).report())
    return 0


def main(argv: list[str]) -> int:
    commands = {"merge": _merge, "measure": _measure}
    if argv and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    return _draft(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
