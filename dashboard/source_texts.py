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
from dashboard.messages import M, Message
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


def _raw_problem(line: int, file: str, source: str, why: Message) -> Problem:
    return Problem("sources.csv", line, "raw_file", file, M("raw.problem", source=source, why=why))


def read_raw(folder: Path, file: str) -> tuple[str | None, Message | None]:
    """(the raw text, None), or (None, why it is refused): not found, not a regular file inside
    the folder, larger than MAX_TEXT_BYTES, binary, not UTF-8/GB18030, HTML, bidi controls."""
    try:
        raw = read_bytes(folder, file, MAX_TEXT_BYTES)
    except FileNotFoundError:
        return None, M("raw.not_found")
    except Refused as error:
        return None, M("raw.refused", why=error.message)
    if b"\x00" in raw:
        return None, M("raw.binary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as error:
            return None, M("raw.undecodable", byte=error.start)
    tag = _HTML.search(text)
    if tag:
        return None, M("raw.html", line=text.count(chr(10), 0, tag.start()) + 1, tag=repr(tag.group(0)[:40]))
    bidi = BIDI_CONTROLS.search(text)
    if bidi:
        return None, M("raw.bidi", code=f"{ord(bidi.group(0)[0]):04X}",
                       line=text.count(chr(10), 0, bidi.start()) + 1)
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
        found.add([Problem("cleaning.csv", None, "rule", source,
                           M("cleaning.rule_error", source=source, error=error.message))])
        return None, found
    for step, count in counts:
        if count == 0:
            found.add([Problem("cleaning.csv", lines[step], "argument", step.argument or step.rule,
                               M("cleaning.matches_nothing", step=step.step, rule=step.rule, source=source))])
    for number, bracket in gloss_like(text)[:3]:
        found.add([Problem("sources.csv", line, "text_file", bracket,
                           M("cleaning.gloss", line=number, source=source))])
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
                                   M("cleaning.no_raw", source=source))])
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
                               M("cleaning.not_derived", source=derived.source_id, where=where, fix=FIX))])
    return found


def first_difference(text: str, derived: str) -> Message:
    """Where `text` first departs from `derived`, as a line number."""
    for number, (a, b) in enumerate(zip(text.splitlines(), derived.splitlines()), start=1):
        if a != b:
            return M("difference.line", line=number)
    shorter = min(len(text.splitlines()), len(derived.splitlines()))
    return (M("difference.line", line=shorter + 1) if text.splitlines() != derived.splitlines()
            else M("difference.spaces"))
