"""Validate a data folder: `python -m dashboard.check_data [DIR]` (default: DASHBOARD_DATA_DIR or data/).

Prints every problem at once (file:line column value: what was expected) and exits 1, or a short
summary and exit 0.
"""

import sys
from pathlib import Path

from dashboard.data import data_dir, validate, validate_geo
from dashboard.schema import TABLES


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else data_dir()
    dataset, problems = validate(folder)
    problems += validate_geo(folder, dataset)[1]
    if problems:
        for problem in problems:
            print(problem)
        print(f"\n{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(dataset.tables[name])}" for name in TABLES)
    print(f"OK {folder}: {counts} rows; the map's files too")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
