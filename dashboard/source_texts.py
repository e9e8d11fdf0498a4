"""Each source's text as received (raw_file) and as read (text_file): reading a raw text
warily, deriving the cleaned text by cleaning.csv's rules, and the checks the validator makes
(one call, `check`) and `python -m dashboard.clean_sources` reports.

A raw text that is binary, too large, HTML, or carries bidi controls, a rule that cannot be applied
or matches nothing, a cleaned text that is not its re-derivation or still holds a pinyin gloss: each
is a problem naming the source, and the other sources are read and checked as usual."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.cleaning import RuleError, Step, clean, gloss_like
from dashboard.escape import BIDI_CONTROLS
from dashboard.problems import Found, Problem
from dashboard.reading import MAX_TEXT_BYTES, Refused, read_bytes

FIX = "python -m dashboard.clean_sources"
# A saved page's source rather than its text: tags a browser would have drawn.
_HTML = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|div|p|span|script|style|table|br|meta|a)\b[^>]*>",
                   re.I)


@dataclass(frozen=True)
class Derived:
    source_id: str
    line: int  # the source's line in sources.csv
    text_file: str
    text: str | None  # the cleaned text, None when it cannot be derived
    found: Found


def _raw_problem(line: int, file: str, source: str, why: str) -> Problem:
    return Problem("sources.csv", line, "raw_file", file,
                   f"the raw text of {source} {why}; its figures' quotes are checked once it is fixed")


def read_raw(folder: Path, file: str) -> tuple[str | None, str | None]:
    """(the raw text, None), or (None, why it is refused): not found, not a regular file inside
    the folder, larger than MAX_TEXT_BYTES, binary, not UTF-8/GB18030, HTML, bidi controls."""
    try:
        raw = read_bytes(folder, file, MAX_TEXT_BYTES)
    except FileNotFoundError:
        return None, "is not found"
    except Refused as error:
        return None, f"is refused: {error}"
    if b"\x00" in raw:
        return None, "is a binary file, not text (it holds NUL bytes)"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as error:
            return None, f"cannot be decoded (byte {error.start:,}): not text, or not UTF-8 or GB18030"
    tag = _HTML.search(text)
    if tag:
        return None, (f"is HTML (line {text.count(chr(10), 0, tag.start()) + 1}: {tag.group(0)[:40]!r}): "
                      "save the page's text as a browser shows it, not its source")
    bidi = BIDI_CONTROLS.search(text)
    if bidi:
        return None, (f"carries a bidi control character (U+{ord(bidi.group(0)[0]):04X}, line "
                      f"{text.count(chr(10), 0, bidi.start()) + 1}), which reorders what is shown: "
                      "remove it from the raw file; it is no part of the article")
    return text, None


def steps_by_source(cleaning: pd.DataFrame) -> dict[str, list[tuple[int, Step]]]:
    """cleaning.csv's rows per source: (line in the file, Step)."""
    steps: dict[str, list[tuple[int, Step]]] = {}
    for line, (source, step, rule, argument) in enumerate(
            zip(cleaning["source_id"], cleaning["step"], cleaning["rule"], cleaning["argument"]), start=2):
        steps.setdefault(source, []).append((line, Step(int(step), rule, argument)))
    return steps


def derive(folder: Path, source: str, line: int, raw_file: str,
           steps: list[tuple[int, Step]]) -> tuple[str | None, Found]:
    """(the cleaned text of `source`, its problems): the raw text refused, a rule that cannot
    be applied or matches nothing (on its cleaning.csv line), a gloss left in the result."""
    found = Found()
    raw, why = read_raw(folder, raw_file)
    if raw is None:
        found.add([_raw_problem(line, raw_file, source, why)])
        return None, found
    lines = {step: at for at, step in steps}
    try:
        text, counts = clean(raw, [step for _, step in steps])
    except RuleError as error:
        found.add([Problem("cleaning.csv", None, "rule", source, f"{source}: {error}")])
        return None, found
    for step, count in counts:
        if count == 0:
            found.add([Problem("cleaning.csv", lines[step], "argument", step.argument or step.rule,
                               f"step {step.step} ({step.rule}) of {source} matches nothing in its text: "
                               "correct the marker or range, or remove the step")])
    for number, bracket in gloss_like(text)[:3]:
        found.add([Problem("sources.csv", line, "text_file", bracket,
                           f"line {number} of {source}'s cleaned text holds a bracket that reads as a "
                           "pinyin gloss the copy site inserted: add a drop_glosses step for it in "
                           "cleaning.csv (it removes whole syllables with tone marks right after a "
                           "Han character), or check the raw text against the page it came from")])
    return text, found


def derive_all(folder: Path, frames: dict[str, pd.DataFrame]) -> list[Derived]:
    """Every source with a raw_file, and cleaning.csv rows naming a source without one."""
    sources, cleaning = frames["sources"], frames["cleaning"]
    steps = steps_by_source(cleaning)
    out = []
    for line, (source, raw_file, text_file) in enumerate(
            zip(sources["source_id"], sources["raw_file"], sources["text_file"]), start=2):
        if not raw_file:
            if source in steps:
                found = Found()
                found.add([Problem("cleaning.csv", steps[source][0][0], "source_id", source,
                                   f"{source} has cleaning steps but no raw_file in sources.csv")])
                out.append(Derived(source, line, text_file, None, found))
            continue
        if raw_file == text_file and source not in steps:
            continue  # read as received (the article): text_file's own checks cover it
        text, found = derive(folder, source, line, raw_file, steps.get(source, []))
        out.append(Derived(source, line, text_file, text, found))
    return out


def check(folder: Path, frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> Found:
    """The validator's checks of the raw and cleaned texts. A source whose cleaned text cannot be
    trusted (its raw text refused, or text_file not its re-derivation) is taken out of `texts`:
    its quotes are not checked against it, and the other sources' are."""
    found = Found()
    for derived in derive_all(folder, frames):
        found.merge(derived.found)
        if derived.text is None:
            texts.pop(derived.source_id, None)
            continue
        current = texts.get(derived.source_id)
        if current is not None and current != derived.text:
            texts.pop(derived.source_id)
            where = first_difference(current, derived.text)
            found.add([Problem("sources.csv", derived.line, "text_file", derived.text_file,
                               f"the cleaned text of {derived.source_id} is not what its raw_file and "
                               f"cleaning.csv's steps give (first difference: {where}): "
                               f"run `{FIX}` to derive it again")])
    return found


def first_difference(text: str, derived: str) -> str:
    """Where `text` first departs from `derived`, as a line number."""
    for number, (a, b) in enumerate(zip(text.splitlines(), derived.splitlines()), start=1):
        if a != b:
            return f"line {number}"
    shorter = min(len(text.splitlines()), len(derived.splitlines()))
    return f"line {shorter + 1}" if text.splitlines() != derived.splitlines() else "line ends or spaces"
