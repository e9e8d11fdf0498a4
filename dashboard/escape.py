"""Text from the data made safe for elements that render Markdown: nothing from a CSV may become
a link, an image, a directive, math or HTML on the page, nor turn a figure around.

Every element Streamlit renders as Markdown gets data text through `plain()`: st.markdown,
st.caption, st.info/warning/error, and all five text fields of st.metric (label, value, delta,
delta_description and help: the 1.67 frontend renders each with StreamlitMarkdown). Raw-text
elements (st.text, st.dataframe cells, selectbox options) need no escaping; bidi controls are
removed from every cell when a file is read (reading.py), so they show the text as it reads."""

from __future__ import annotations

import re
import string

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
# Explicit direction marks, embeddings, overrides and isolates: "\u202e1,238 people" would read
# "elpoep 832,1" on screen.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CONTROLS = re.compile("[\x00-\x1f\x7f]")
# Streamlit's Markdown (remark-gfm) turns http://, https://, www. and e-mail-like text into links
# even when every mark is escaped. A WORD JOINER (U+2060: invisible, no line break) after the
# scheme, after "www" and after "@" breaks the pattern and leaves the visible text as it was.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=www)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def strip_bidi(value: str) -> str:
    return BIDI_CONTROLS.sub("", value)


def plain(value) -> str:
    """Data text for an element that renders Markdown: one line, bidi controls removed, every
    ASCII punctuation mark escaped (no link, image, directive, math or HTML), and bare URLs and
    e-mail addresses kept from being linked."""
    text = _CONTROLS.sub(" ", strip_bidi(str(value)))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, text))


def signed(delta: float) -> str:
    """A change as st.metric's delta: '+3', '-1.5'. The sign stays unescaped (Streamlit picks the
    arrow from a leading '-'); the rest goes through plain()."""
    text = f"{delta:+g}"
    return text[0] + plain(text[1:])


# The article's own headings ('#' its title, '##' its sections) sit below the page's title and
# the reader's subheader: '#' is shown as a level-3 heading, '##' as level 4, and so on.
HEADING_SHIFT = 2


def highlighted(pieces: list[tuple[str, bool]], heading: int = 0) -> str:
    """A paragraph with its quoted stretches highlighted; the text itself is escaped.
    `heading`: the article's heading level (0: body text), shown HEADING_SHIFT levels down."""
    text = "".join(f":orange-background[{plain(text)}]" if marked else plain(text)
                   for text, marked in pieces)
    return f"{'#' * min(6, heading + HEADING_SHIFT)} {text}" if heading and text else text


# --- the codebook --------------------------------------------------------------------------------

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TABLE_HEADING = re.compile(r"`([a-z_]+)\.csv`")


def codebook_sections(codebook: str) -> dict[str, str]:
    """The codebook split at its '### `name.csv`' headings: table name -> section as Markdown.

    The file is parsed (markdown-it) and written out again from the tree: images are left out
    (the browser would fetch them), links keep their text only, and all text goes through
    plain(), so raw HTML, directives, math and bare URLs come out as text."""
    sections, name, blocks = {}, None, []
    for node in SyntaxTreeNode(_PARSER.parse(codebook)).children:
        if node.type == "heading":
            match = _TABLE_HEADING.fullmatch(node.children[0].content.strip()) if node.children else None
            if name is not None and (match or int(node.tag[1]) <= 3):
                sections[name], name = "".join(blocks), None
            if match and node.tag == "h3":
                name, blocks = match.group(1), []
                continue
        if name is not None:
            blocks.append(_block(node))
    if name is not None:
        sections[name] = "".join(blocks)
    return sections


def _fence(content: str, mark: str, least: int) -> str:
    longest = max((len(run) for run in re.findall(re.escape(mark) + "+", content)), default=0)
    return mark * max(least, longest + 1)


def _inline(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind in ("text", "html_inline"):
        return plain(node.content)
    if kind == "code_inline":
        fence = _fence(node.content, "`", 1)
        pad = " " if node.content.startswith("`") or node.content.endswith("`") else ""
        return f"{fence}{pad}{node.content}{pad}{fence}"
    if kind == "softbreak":
        return "\n"
    if kind == "hardbreak":
        return "  \n"
    if kind == "image":
        return ""
    inner = "".join(_inline(child) for child in node.children)
    if kind in ("strong", "em", "s"):
        return f"{node.markup}{inner}{node.markup}"
    return inner  # inline, link (its text only), anything else: the children


def _indented(text: str, first: str, rest: str) -> str:
    lines = text.rstrip("\n").split("\n")
    return "\n".join([first + lines[0]] + [(rest + line) if line else "" for line in lines[1:]]) + "\n"


def _block(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind == "paragraph":
        return _inline(node.children[0]) + ("\n" if node.hidden else "\n\n")
    if kind == "heading":
        return f"{'#' * int(node.tag[1])} {_inline(node.children[0])}\n\n"
    if kind in ("fence", "code_block"):
        fence = _fence(node.content, "`", 3)
        info = re.sub(r"\W", "", node.info) if kind == "fence" else ""
        return f"{fence}{info}\n{node.content}{fence}\n\n"
    if kind == "hr":
        return "---\n\n"
    if kind in ("bullet_list", "ordered_list"):
        start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 1
        items = []
        for i, item in enumerate(node.children):
            marker = f"{start + i}. " if kind == "ordered_list" else "- "
            body = "".join(_block(child) for child in item.children) or "\n"
            items.append(_indented(body, marker, " " * len(marker)))
        return "".join(items) + "\n"
    if kind == "blockquote":
        return _indented("".join(_block(child) for child in node.children), "> ", "> ") + "\n"
    if kind == "table":
        rows = [[_inline(cell.children[0]).replace("\n", " ") if cell.children else ""
                 for cell in row.children]
                for section in node.children for row in section.children]
        if not rows:
            return ""
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + "---|" * len(rows[0]))
        return "\n".join(lines) + "\n\n"
    if kind == "html_block":
        return plain(node.content) + "\n\n"
    return "".join(_block(child) for child in node.children)
