"""Check a data folder: every problem at once (file:line column value: what was expected; the
first 200, then how many more), or a short summary of what it holds, in the analyst's language
(--lang, else Chinese on a Chinese system).

example:
  python -m dashboard.check_data            (DASHBOARD_DATA_DIR, else data/)
  python -m dashboard.check_data D:/data-2025-03 --lang zh

It never prints a traceback: anything the checks cannot handle is a problem of its file, and
anything else a one-line message."""

import sys
from pathlib import Path

from dashboard.cli import CANNOT_RUN, NOT_RUN, Parser, data_folder, existing_folder, exit_codes
from dashboard.data import validate, validate_geo
from dashboard.messages import M, add_language_option, chosen_language
from dashboard.problems import problem_count
from dashboard.schema import TABLES


def main(argv: list[str]) -> int:
    parser = Parser("python -m dashboard.check_data", __doc__,
                    exit_codes("the folder is valid", "problems were found (listed on stdout)",
                               NOT_RUN + ",\n     or the checks themselves failed (one line says how)"))
    parser.add_argument("folder", nargs="?", type=existing_folder,
                        help="the data folder (default: DASHBOARD_DATA_DIR, else data/)")
    add_language_option(parser)
    args = parser.parse_args(argv)
    lang = chosen_language(args.lang)
    folder: Path = data_folder(parser, args.folder)
    try:
        dataset, problems = validate(folder)
        problems += validate_geo(folder, dataset)[1]
    except Exception as error:  # a bug of ours: say so in a line, not a traceback
        print("check_data: " + M("cli.could_not_check", folder=folder,
                                 error=f"{type(error).__name__}: {error}").text(lang), file=sys.stderr)
        return CANNOT_RUN
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
