"""The data model's rules, apart from the checks that report them: the formula language of
computed figures, which figure of several stands, what a figure as printed reads as (a rank's
place or a number), and what period relative time words make. Selection, provenance and the
drafting tool use them without the checker."""

from __future__ import annotations

import ast
import math
import operator
import re
from datetime import date

import pandas as pd

from dashboard.messages import M, Message, MessageError
from dashboard.numerals import ordinal
from dashboard.reading import normalise
from dashboard.timewords import resolve

MAX_FORMULA_CHARS = 500
MAX_MAGNITUDE = 1e15  # any number in a formula, and its result, within ±10^15
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")  # a value cell that reads as a number

# A formula's reference to a value: indicator@period.
FORMULA_REFERENCE = re.compile(r"([a-z][a-z0-9_]*)@([a-z0-9_]+)")
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Div: operator.truediv}
_ONLY = M("formula.only")


class FormulaError(MessageError, ValueError):
    """A formula that cannot be computed; its message says why."""


def evaluate_formula(formula: str, values: dict[tuple[str, str], float]) -> float:
    """Arithmetic over `indicator@period` references, + - * / and round(); nothing else: an
    allow-list over the parsed expression, evaluated here (no eval), every number and every
    intermediate result finite and within ±MAX_MAGNITUDE. FormulaError (a ValueError) says what
    is wrong."""
    if len(formula) > MAX_FORMULA_CHARS:
        raise FormulaError(M("formula.too_long", limit=MAX_FORMULA_CHARS))
    names = {}

    def bind(match: re.Match) -> str:
        ref = (match.group(1), match.group(2))
        if ref not in values:
            raise FormulaError(M("formula.no_value", reference=f"{ref[0]}@{ref[1]}"))
        names[f"v{len(names)}"] = values[ref]
        return f"v{len(names) - 1}"

    try:
        tree = ast.parse(FORMULA_REFERENCE.sub(bind, formula).strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        if isinstance(error, FormulaError):
            raise
        raise FormulaError(M("formula.not_arithmetic", only=_ONLY)) from None
    return _evaluate(tree.body, names)


def _evaluate(node: ast.AST, names: dict[str, float]) -> float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if abs(node.value) > MAX_MAGNITUDE:
            raise FormulaError(M("formula.magnitude", limit=f"{MAX_MAGNITUDE:.0e}"))
        value = float(node.value)
    elif isinstance(node, ast.Name) and node.id in names:
        value = names[node.id]
    elif isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _evaluate(node.left, names), _evaluate(node.right, names)
        if isinstance(node.op, ast.Div) and right == 0:
            raise FormulaError(M("formula.division_by_zero"))
        value = _OPERATORS[type(node.op)](left, right)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand, names)
        value = -value if isinstance(node.op, ast.USub) else value
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round"
          and len(node.args) == 1 and not node.keywords):
        value = float(round(_evaluate(node.args[0], names)))
    else:
        raise FormulaError(_ONLY)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise FormulaError(M("formula.magnitude", limit=f"{MAX_MAGNITUDE:.0e}"))
    return value


def superseded(frame: pd.DataFrame) -> pd.Series:
    """Which observations another row of the same indicator and period replaces (its
    `supersedes` names their source). The others stand."""
    replaced = {(i, p, s) for i, p, s in zip(frame["indicator_id"], frame["period_id"], frame["supersedes"])
                if isinstance(s, str) and s}
    return pd.Series([(i, p, s) in replaced for i, p, s in
                      zip(frame["indicator_id"], frame["period_id"], frame["source_id"])],
                     index=frame.index, dtype=bool)



def printed_problem(as_printed: str, value: str, measure: str | None) -> tuple[str, Message] | None:
    """Whether `value` is what the figure `as_printed` reads as: a rank word (第一, 首位, 第七个)
    reads as its place, else the printed number is the value; a rank's figure must be printed
    as a place. (the column at fault, what is expected) when not, else None."""
    printed = normalise(as_printed)
    number = re.search(r"\d+(\.\d+)?", printed)
    place = ordinal(printed)
    if place is not None and NUMBER.match(value) and float(value) != place:
        return "value", M("printed.rank", printed=as_printed, place=place)
    if number and NUMBER.match(value) and float(number.group()) != float(value):
        return "value", M("printed.reads", number=number.group())
    if place is None and not number and measure == "rank":
        return "value_as_printed", M("printed.rank_words")
    return None


def relative_period(words: str, published: date) -> dict[str, str] | None:
    """The columns of periods.csv (kind, start_date, end_date, year) that time words read as in
    a source published on `published` (timewords.resolve); None for words it cannot read."""
    period = resolve(words, published)
    if period is None:
        return None
    return {"kind": period.kind, "start_date": _iso(period.start), "end_date": _iso(period.end),
            "year": str(period.year or "")}


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
