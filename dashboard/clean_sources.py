"""Derive each source's cleaned text: `python -m dashboard.clean_sources [DIR] [--check] [--lang zh|en]`.

For every source in DIR/sources.csv with a raw_file, apply its steps in DIR/cleaning.csv and
write the result to its text_file (UTF-8); with --check, write nothing and list the text_files
that differ. Problems (a raw text refused, a rule that matches nothing) are listed and leave that
source's text_file as it is. Never a traceback.

examples:
  python -m dashboard.clean_sources            (DASHBOARD_DATA_DIR, else data/)
  python -m dashboard.clean_sources data --check"""

import sys
from pathlib import Path

import pandas as pd

from dashboard.cli import Parser, data_folder, existing_folder, exit_codes
from dashboard.messages import M, add_language_option, chosen_language
from dashboard.reading import CsvSyntaxError, read_bytes, read_table
from dashboard.schema import TABLES
from dashboard.source_texts import derive_all, first_difference


def _table(folder: Path, name: str) -> pd.DataFrame:
    """A table as the validator reads it (cleaning.csv may be left out: no rows)."""
    if TABLES[name].optional and not (folder / f"{name}.csv").is_file():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLES[name].columns})
    table = read_table(folder / f"{name}.csv")
    for column in TABLES[name].columns:  # an older file: the column read as empty
        if column not in table.columns:
            table[column] = ""
    return table


def main(argv: list[str]) -> int:
    parser = Parser("python -m dashboard.clean_sources", __doc__,
                    exit_codes("every text is derived (with --check: every text is its re-derivation)",
                               "problems were found, or (--check) a text differs; each is listed"))
    parser.add_argument("folder", nargs="?", type=existing_folder,
                        help="the data folder (default: DASHBOARD_DATA_DIR, else data/)")
    parser.add_argument("--check", action="store_true", help="write nothing; list the texts that differ")
    add_language_option(parser)
    args = parser.parse_args(argv)
    folder, check, lang = data_folder(parser, args.folder), args.check, chosen_language(args.lang)
    try:
        frames = {name: _table(folder, name) for name in ("sources", "cleaning")}
        results = derive_all(folder, frames)
    except CsvSyntaxError as error:
        print(error.problem.text(lang), file=sys.stderr)
        return 1
    except Exception as error:  # an unreadable table or a bug of ours: a line, not a traceback
        print("clean_sources: " + M("cli.could_not_read", folder=folder,
                                    error=f"{type(error).__name__}: {error}").text(lang), file=sys.stderr)
        return 1
    failed = 0
    for result in results:
        for problem in result.found.result():
            print(problem.text(lang))
            failed += 1
        if result.text is None:
            continue
        target = folder / result.text_file
        try:
            current = read_bytes(folder, result.text_file, 2**31).decode("utf-8-sig")
        except (OSError, ValueError):
            current = None
        if current == result.text:
            continue
        if check:
            where = (first_difference(current, result.text) if current is not None
                     else M("difference.missing"))
            print(M("clean.differs", file=result.text_file, source=result.source_id, where=where).text(lang))
            failed += 1
        elif not target.resolve().is_relative_to(folder.resolve()):
            print(M("clean.outside", file=result.text_file, folder=folder).text(lang))
            failed += 1
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(result.text.encode("utf-8"))
            print(M("clean.wrote", file=result.text_file).text(lang))
    done = M("clean.failed", count=failed) if failed else M("clean.ok_check" if check else "clean.ok",
                                                            folder=folder, count=len(results))
    print(done.text(lang), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
