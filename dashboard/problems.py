"""Problems in a data folder: the record (file, line, column, value, what is expected), its
wording, and how many are kept. Every check reports through these."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

MAX_PROBLEMS = 200  # kept and shown; the rest are counted
MAX_VALUE_CHARS = 120  # of a cell quoted in a problem

@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # line in the CSV as a spreadsheet shows it (header = 1)
    column: str | None
    value: str | None
    expected: str

    def __post_init__(self):  # a 20 MB cell is quoted by its start
        if self.value is not None and len(self.value) > MAX_VALUE_CHARS:
            object.__setattr__(self, "value", self.value[:MAX_VALUE_CHARS] + "…")

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        what = f" column {self.column}" if self.column else ""
        got = f" value {self.value!r}" if self.value is not None else ""
        return f"{where}{what}{got}: {self.expected}"


@dataclass(frozen=True)
class MoreProblems(Problem):
    """The last entry of a list cut at MAX_PROBLEMS: how many more were found."""
    count: int = 0

    def __str__(self) -> str:
        return self.expected


def problem_count(problems: list[Problem]) -> int:
    """All problems found, the ones left out of the list included."""
    return sum(p.count if isinstance(p, MoreProblems) else 1 for p in problems)


class DataError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class Found:
    """Problems as the checks find them: every one counted, the first MAX_PROBLEMS kept."""

    def __init__(self):
        self.kept: list[Problem] = []
        self.total = 0

    def __bool__(self) -> bool:
        return self.total > 0

    def add(self, problems: list[Problem], total: int | None = None) -> None:
        """`problems` found (the first of `total`, when a check lists only the first ones)."""
        self.kept += problems[:MAX_PROBLEMS - len(self.kept)]
        self.total += len(problems) if total is None else total

    def merge(self, other: Found) -> None:
        self.add(other.kept, other.total)

    @contextmanager
    def guard(self, file: str):
        """Whatever a check raises (a bug, MemoryError, RecursionError) becomes a problem of `file`."""
        try:
            yield
        except Exception as error:
            self.add([Problem(file, None, None, None,
                              f"could not be checked ({type(error).__name__}: {str(error)[:200]})")])

    def result(self) -> list[Problem]:
        more = self.total - len(self.kept)
        if more <= 0:
            return list(self.kept)
        return [*self.kept, MoreProblems("", None, None, None,
                                         f"… and {more:,} more problems not listed (fix these first)",
                                         count=more)]

