"""Text from the data made safe for elements that render Markdown: nothing from a CSV may become
a link, an image, a directive or HTML on the page."""

from __future__ import annotations

import re
import string

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def plain(value) -> str:
    """Data text for an element that renders Markdown: every ASCII punctuation mark escaped,
    so nothing from the data becomes a link, image, directive or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def highlighted(pieces: list[tuple[str, bool]]) -> str:
    """A paragraph with its quoted stretches highlighted; the text itself is escaped."""
    return "".join(f":orange-background[{plain(text)}]" if marked else plain(text)
                   for text, marked in pieces)


def codebook_sections(codebook: str) -> dict[str, str]:
    """The codebook split at its '### `name.csv`' headings: table name -> section. It is rendered
    as Markdown, so images are removed: they would make the browser fetch them. Raw HTML is
    escaped by Streamlit."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", codebook)
    sections = re.split(r"^### `([a-z_]+)\.csv`\s*$", text, flags=re.M)
    return dict(zip(sections[1::2], sections[2::2]))
