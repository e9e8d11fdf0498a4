"""python -m dashboard.draft ARTICLE.txt --source-id ID [--published YYYY-MM-DD] [--out DIR] [--lang zh|en]
python -m dashboard.draft merge DRAFT_DIR [--data DIR] [--dry-run] [--lang zh|en]
python -m dashboard.draft measure [--data DIR]

The first writes a draft folder (default drafts/<ID>/, never inside the data folder): a workbook
<ID>.xlsx and the same tables as CSVs; the second merges the rows marked accepted (DRAFT_DIR, or
its .xlsx or one of its CSVs) into the data folder (default DASHBOARD_DATA_DIR or data/), all or
nothing, keeping the replaced files in its backups/; the third measures the drafter on the
shipped article. Messages, the draft's review column and its README.txt are in the analyst's
language: --lang, or Chinese on a Chinese system.

examples:
  python -m dashboard.draft article.txt --source-id yongjia_2025 --published 2025-01-20
  python -m dashboard.draft merge drafts/yongjia_2025 --dry-run
  python -m dashboard.draft measure --all"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from dashboard.cli import Parser, data_folder, existing, existing_folder, exit_codes
from dashboard.draft.folder import inside_data, write_draft
from dashboard.draft.measure import measure, measure_all
from dashboard.draft.merge import merge
from dashboard.draft.propose import propose
from dashboard.draft.raw import cleaning, header_fields, is_raw
from dashboard.messages import M, add_language_option, chosen_language
from dashboard.reading import decode


def _draft(argv: list[str]) -> int:
    parser = Parser("python -m dashboard.draft", __doc__,
                    exit_codes("the draft is written"))
    parser.add_argument("article", type=existing, help="the article as a text file (UTF-8, BOM or GB18030)")
    parser.add_argument("--source-id", required=True, help="e.g. yongjia_2025 (lowercase, digits, _)")
    parser.add_argument("--published", type=date.fromisoformat, help="YYYY-MM-DD, if known")
    parser.add_argument("--out", type=Path, help="the draft folder (default drafts/<source-id>)")
    parser.add_argument("--data", type=existing_folder, help="data folder to match against")
    parser.add_argument("--force", action="store_true", help="overwrite an existing draft")
    parser.add_argument("--raw", action="store_true", help="a reprint as received: propose its cleaning "
                        "rules and draft from the cleaned text (found by itself when the text has a "
                        "header ending in ---, pinyin glosses or traditional characters)")
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
    data = data_folder(parser, args.data)
    files, header = {text_file: raw}, {}
    if args.raw or is_raw(text):
        header = header_fields(text)
        text, rules = cleaning(text, args.source_id, lang)
        raw_file = f"source/raw/{args.source_id}{args.article.suffix or '.txt'}"
        files = {text_file: text.encode("utf-8"), raw_file: raw}
    draft = propose(text, args.source_id, data, published=args.published,
                    text_file=text_file, name=args.article.name, lang=lang, header=header)
    if len(files) > 1:
        draft.tables["cleaning"] = rules
        draft.tables["sources"]["raw_file"] = raw_file
        print(M("draft.raw", file=args.article.name, count=len(rules),
                rules=", ".join(rules["rule"])).text(lang))
    workbook = write_draft(draft, out, files, args.article.name, data, lang)
    t = draft.tables
    print(M("draft.written", out=out, observations=len(t["observations"]), maybe=len(t["maybe"]),
            indicators=len(t["indicators"]), periods=len(t["periods"]), workbook=workbook).text(lang))
    return 0


_MERGE = """Merge the rows marked accepted in a draft into the data folder, all or nothing: the merged
folder must pass the validator, and the files it replaces are kept in the data folder's backups/.

example:
  python -m dashboard.draft merge drafts/yongjia_2025 --dry-run   (check, write nothing)
  python -m dashboard.draft merge drafts/yongjia_2025"""


def _merge(argv: list[str]) -> int:
    parser = Parser("python -m dashboard.draft merge", _MERGE,
                    exit_codes("merged (or, with --dry-run, would merge)",
                               "nothing merged: the lines printed say why"))
    parser.add_argument("draft", type=existing, help="the draft folder, its .xlsx, or one of its CSVs")
    parser.add_argument("--data", type=existing_folder, help="default DASHBOARD_DATA_DIR or data/")
    parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    add_language_option(parser)
    args = parser.parse_args(argv)
    status, lines = merge(args.draft, data_folder(parser, args.data), dry_run=args.dry_run,
                          lang=chosen_language(args.lang))
    print("\n".join(lines), file=sys.stdout if status == 0 else sys.stderr)
    return status


_MEASURE = """How many of the data's reported figures the drafter proposes from their own source
text, with the right indicator and period (the shipped article; --all: every source).

example:
  python -m dashboard.draft measure --all"""


def _measure(argv: list[str]) -> int:
    parser = Parser("python -m dashboard.draft measure", _MEASURE,
                    exit_codes("measured"))
    parser.add_argument("--data", type=existing_folder, help="default DASHBOARD_DATA_DIR or data/")
    parser.add_argument("--all", action="store_true", help="every source with reported rows, a table")
    parser.add_argument("--against", type=Path, default=None, help="the data folder proposals are matched "
                        "against (default --data; tests/fixtures/first_article: as before these texts)")
    args = parser.parse_args(argv)
    data = data_folder(parser, args.data)
    print(measure_all(data, args.against) if args.all else measure(data).report())
    return 0


def main(argv: list[str]) -> int:
    commands = {"merge": _merge, "measure": _measure}
    if argv and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    return _draft(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
