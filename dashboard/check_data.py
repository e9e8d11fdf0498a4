"""Validate a data folder: `python -m dashboard.check_data [DIR] [--lang zh|en]` (default DIR:
DASHBOARD_DATA_DIR or data/).

Prints every problem at once (file:line column value: what was expected; the first 200, then how
many more) and exits 1, or a short summary and exit 0, in the analyst's language (--lang, or a
Chinese system's Chinese). It never prints a traceback: anything the checks cannot handle is a
problem of its file, and anything else a one-line message (exit 2).
"""

import argparse
import sys
from pathlib import Path

from dashboard.data import data_dir, validate, validate_geo
from dashboard.messages import M, add_language_option, chosen_language
from dashboard.problems import problem_count
from dashboard.schema import TABLES


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.check_data", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, help="the data folder (default data/)")
    add_language_option(parser)
    args = parser.parse_args(argv)
    lang = chosen_language(args.lang)
    folder = args.folder or data_dir()
    try:
        dataset, problems = validate(folder)
        problems += validate_geo(folder, dataset)[1]
    except Exception as error:  # a bug of ours: say so in a line, not a traceback
        print("check_data: " + M("cli.could_not_check", folder=folder,
                                 error=f"{type(error).__name__}: {error}").text(lang), file=sys.stderr)
        return 2
    if problems:
        for problem in problems:
            print(problem.text(lang))
        print("\n" + M("cli.problems", count=problem_count(problems), folder=folder).text(lang),
              file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(dataset.tables[name])}" for name in TABLES)
    print(M("cli.ok", folder=folder, counts=counts).text(lang))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
