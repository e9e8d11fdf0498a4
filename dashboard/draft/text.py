"""The article as sentences: print-layout line breaks joined, split at 。！？；, every character
kept with its place in the file (line numbers for the analyst).

A paragraph runs on across a blank line when its text stops mid-sentence (the print layout
breaks `中医药上下` / `游产业链` and `位列温州市` / `第一` that way): a block of prose, one that
has a comma or a full stop somewhere, continues when it does not end with a sentence end.
Headings (`#`) and captions (no punctuation at all) stand alone.

A sentence's text is the file's characters with the line breaks (and the spaces around them)
left out; spaces inside a line stay. `reading.normalise` removes all white space from both the
quote and the article, so every sentence, and every part of one, is found in the article."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

ENDS = "。！？；"
CLOSERS = "”’）」』》"  # stay with the sentence they close: 。”
PROSE = re.compile(r"[，。；：、！？]")
HEADING = re.compile(r"^\s*#+\s*")


@dataclass(frozen=True)
class Sentence:
    text: str
    offsets: tuple[int, ...]  # the file offset of each character of text
    paragraph: int  # sentences of one paragraph share it (a period word carries over)

    def __post_init__(self):
        assert len(self.text) == len(self.offsets)


@dataclass(frozen=True)
class Article:
    text: str  # the decoded file
    sentences: tuple[Sentence, ...]

    def line(self, offset: int) -> int:
        """The file's line (1-based) that holds the character at `offset`."""
        return bisect_right(self._line_starts, offset)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer(r"\n", self.text)]


def _blocks(text: str) -> list[tuple[list[tuple[str, int]], bool]]:
    """Runs of non-blank lines as (characters with offsets, is_heading); a heading stands alone."""
    blocks: list[tuple[list[tuple[str, int]], bool]] = []
    current: list[tuple[str, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        heading = HEADING.match(body)
        if not body.strip() or heading:
            if current:
                blocks.append((current, False))
            current = []
        if body.strip():
            start = heading.end() if heading else len(body) - len(body.lstrip())
            chars = [(body[i], offset + i) for i in range(start, len(body.rstrip()))]
            if heading:
                blocks.append((chars, True))
            else:
                current.extend(chars)
        offset += len(line)
    if current:
        blocks.append((current, False))
    return blocks


def _paragraphs(text: str) -> list[list[tuple[str, int]]]:
    paragraphs: list[list[tuple[str, int]]] = []
    open_prose = False  # the previous block is prose that stopped mid-sentence
    for chars, heading in _blocks(text):
        body = "".join(c for c, _ in chars)
        if open_prose and not heading:
            paragraphs[-1].extend(chars)
        else:
            paragraphs.append(list(chars))
        whole = "".join(c for c, _ in paragraphs[-1])
        open_prose = (not heading and bool(PROSE.search(whole))
                      and body.rstrip(CLOSERS)[-1:] not in ENDS + "…")
    return paragraphs


def _split(chars: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    sentences, current, i = [], [], 0
    while i < len(chars):
        current.append(chars[i])
        if chars[i][0] in ENDS:
            while i + 1 < len(chars) and chars[i + 1][0] in CLOSERS:
                i += 1
                current.append(chars[i])
            sentences.append(current)
            current = []
        i += 1
    if current:
        sentences.append(current)
    return sentences


def read_article(text: str) -> Article:
    """`text` as decoded (reading.decode reads UTF-8, BOM and GB18030)."""
    sentences = []
    for number, paragraph in enumerate(_paragraphs(text)):
        for chars in _split(paragraph):
            while chars and chars[0][0].isspace():
                chars = chars[1:]
            if chars:
                sentences.append(Sentence("".join(c for c, _ in chars), tuple(o for _, o in chars), number))
    return Article(text, tuple(sentences))
