"""Validate a data folder: `python -m dashboard.check_data [DIR]` (default: DASHBOARD_DATA_DIR or data/).

Prints every problem at once (file:line column value: what was expected; the first 200, then how
many more) and exits 1, or a short summary and exit 0. It never prints a traceback: anything the
checks cannot handle is a problem of its file, and anything else a one-line message (exit 2).
"""

import sys
from pathlib import Path

from dashboard.data import data_dir, validate, validate_geo
from dashboard.problems import problem_count
from dashboard.schema import TABLES


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else data_dir()
    try:
        dataset, problems = validate(folder)
        problems += validate_geo(folder, dataset)[1]
    except Exception as error:  # a bug of ours: say so in a line, not a traceback
        print(f"check_data: could not check {folder}: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    if problems:
        for problem in problems:
            print(problem)
        print(f"\n{problem_count(problems):,} problem(s) in {folder}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(dataset.tables[name])}" for name in TABLES)
    print(f"OK {folder}: {counts} rows; the map's files too")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
