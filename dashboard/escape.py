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


# The article's own headings ('#' its title, '##' its sections) sit below the page's title and
# the reader's subheader: '#' is shown as a level-3 heading, '##' as level 4, and so on.
HEADING_SHIFT = 2


def highlighted(pieces: list[tuple[str, bool]], heading: int = 0) -> str:
    """A paragraph with its quoted stretches highlighted; the text itself is escaped.
    `heading`: the article's heading level (0: body text), shown HEADING_SHIFT levels down."""
    text = "".join(f":orange-background[{plain(text)}]" if marked else plain(text)
                   for text, marked in pieces)
    return f"{'#' * min(6, heading + HEADING_SHIFT)} {text}" if heading and text else text


def codebook_sections(codebook: str) -> dict[str, str]:
    """The codebook split at its '### `name.csv`' headings: table name -> section. It is rendered
    as Markdown, so images are removed: they would make the browser fetch them. Raw HTML is
    escaped by Streamlit."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", codebook)
    sections = re.split(r"^### `([a-z_]+)\.csv`\s*$", text, flags=re.M)
    return dict(zip(sections[1::2], sections[2::2]))
