"""Problems in a data folder: the record (file, line, column, value, what is expected as a
message of messages.py), its wording in either language, and how many are kept. Every check
reports through these."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from dashboard.messages import M, Message, render

MAX_PROBLEMS = 200  # kept and shown; the rest are counted
MAX_VALUE_CHARS = 120  # of a cell quoted in a problem

@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # line in the CSV as a spreadsheet shows it (header = 1)
    column: str | None
    value: str | None
    message: Message  # what is expected, worded in the reader's language when shown

    def __post_init__(self):
        if not isinstance(self.message, Message):  # words are the messages table's (messages.py)
            raise TypeError(f"a Problem's message is a messages.M(...), not {type(self.message).__name__}")
        if self.value is not None and len(self.value) > MAX_VALUE_CHARS:  # a 20 MB cell: its start
            object.__setattr__(self, "value", self.value[:MAX_VALUE_CHARS] + "…")

    @property
    def expected(self) -> str:
        return render(self.message, "en")

    def text(self, lang: str = "en") -> str:
        """The whole problem in `lang`: observations.csv:3 column year value '二〇二四': expected a
        whole number / observations.csv 第 3 行 year 列，值 '二〇二四'：应为整数."""
        return where(self, lang) + render(M("where.then", what=self.message), lang)

    def __str__(self) -> str:
        return self.text("en")


def where(problem: Problem, lang: str) -> str:
    """File, line, column and value of `problem`, as `lang` says them."""
    p = problem
    parts = [M("where.line", file=p.file, line=p.line) if p.line else M("where.file", file=p.file)]
    parts += [M("where.column", column=p.column)] if p.column else []
    parts += [M("where.value", value=repr(p.value))] if p.value is not None else []
    return "".join(render(part, lang) for part in parts)


@dataclass(frozen=True)
class MoreProblems(Problem):
    """The last entry of a list cut at MAX_PROBLEMS: how many more were found."""
    count: int = 0

    def text(self, lang: str = "en") -> str:
        return render(self.message, lang)


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
                              M("check.crashed", error=f"{type(error).__name__}: {str(error)[:200]}"))])

    def result(self) -> list[Problem]:
        more = self.total - len(self.kept)
        if more <= 0:
            return list(self.kept)
        return [*self.kept, MoreProblems("", None, None, None, M("problems.more", more=more), count=more)]

