"""Reading a file of the data folder safely: only inside the folder, only a regular file below
its size cap, in any encoding Excel saves; a CSV as stripped strings, or a problem that says
where it stops being CSV."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from pathlib import Path

import pandas as pd

from dashboard.escape import BIDI_CONTROLS
from dashboard.messages import M, Message, MessageError
from dashboard.problems import Problem

# The caps (stated in the codebook, data/README.md). The shipped files are at most 30 KB (CSV),
# 12 KB (the article) and 170 KB (the boundaries): each cap leaves a hundred times that.
MAX_TABLE_BYTES = 20 * 2**20
MAX_TEXT_BYTES = 2 * 2**20
MAX_GEO_BYTES = 5 * 2**20


class Refused(MessageError):
    """A file the dashboard will not read; the message says why."""


class NotText(MessageError, ValueError):
    """A binary file (NUL bytes) where text is expected."""


def read_bytes(folder: Path, relative: str, limit: int) -> bytes:
    """The bytes of `relative`, a regular file inside `folder` (after following every link) of at
    most `limit` bytes. FileNotFoundError when it does not exist; Refused for anything else (outside
    the folder, a device, a FIFO or a folder, too large). Never reads more than `limit` + 1 bytes."""
    try:
        root = folder.resolve()
        path = (root / relative).resolve()
    except (OSError, RuntimeError, ValueError) as error:  # a link loop, a NUL byte
        raise Refused(M("read.unfollowable", error=str(error))) from None
    if not path.is_relative_to(root):
        raise Refused(M("read.outside"))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise Refused(M("read.unopenable", error=error.strerror)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise Refused(M("read.not_regular"))
    with os.fdopen(fd, "rb") as file:
        raw = file.read(limit + 1) if info.st_size <= limit else b""
    if info.st_size > limit or len(raw) > limit:
        raise Refused(M("read.too_large", limit=limit // 2**20, size=max(info.st_size, len(raw))))
    return raw


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first, UTF-16 with its BOM (Excel's "Unicode text"), then
    GB18030, the encoding Excel on Chinese Windows uses. UnicodeDecodeError when none fits;
    ValueError for a binary file (NUL bytes). Bidi controls are removed: they turn text around."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
    if "\x00" in text:
        raise NotText(M("read.binary"))
    return BIDI_CONTROLS.sub("", text)


def read_text(folder: Path, relative: str, limit: int = MAX_TEXT_BYTES) -> str:
    """A text file from the data folder; FileNotFoundError, Refused, UnicodeDecodeError, ValueError."""
    return decode(read_bytes(folder, relative, limit))


class CsvSyntaxError(ValueError):
    """A CSV file that cannot be split into cells; `problem` says where and how to fix it."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def parse_table(text: str, file: str = "the file") -> pd.DataFrame:
    """All cells as stripped strings; empty cells are ''. Types are applied after validation.
    CsvSyntaxError, in plain words, when the text is not well-formed CSV."""
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except pd.errors.ParserError:  # pandas says "Error tokenizing data. C error: ..."
        raise CsvSyntaxError(csv_syntax_problem(text, file)) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.strip())


def csv_syntax_problem(text: str, file: str) -> Problem:
    """Where `text` stops being CSV, as a spreadsheet counts lines (header = 1), and the fix.
    Only called once pandas has refused the file, so the slower csv module's pass costs nothing
    on a good file."""
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1  # the line the record being read starts on
    try:
        header = next(reader)
        start = reader.line_num + 1
        for cells in reader:
            if len(cells) > len(header):
                return Problem(file, start, None, None, M("csv.cells", cells=len(cells), header=len(header)))
            start = reader.line_num + 1
    except csv.Error:
        return Problem(file, start, None, None, M("csv.open_quote"))
    return Problem(file, None, None, None, M("csv.unsplittable"))


def read_table(path: Path) -> pd.DataFrame:
    """A CSV file (below MAX_TABLE_BYTES) as parse_table reads it."""
    return parse_table(read_text(path.parent, path.name, MAX_TABLE_BYTES), path.name)


def normalise(text: str) -> str:
    """The article's print layout breaks lines mid-sentence: compare with all white space removed."""
    return re.sub(r"\s+", "", text)


def unreadable(error: Exception) -> Message:
    """Why a file could not be read, as a message."""
    if isinstance(error, Refused):
        return M("read.refused", why=error.message)
    if isinstance(error, UnicodeDecodeError):
        return M("read.undecodable", byte=error.start)
    if isinstance(error, pd.errors.EmptyDataError):
        return M("read.empty")
    return M("read.failed", error=error.message if isinstance(error, MessageError) else str(error)[:200])

