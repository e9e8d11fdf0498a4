"""The hostile corpus: the first article's data folder (tests/fixtures/first_article) with every
free-text column of every table (schema.TABLES and GEO_TABLES) replaced by strings that try to
break out of HTML, Markdown, DOT and deck.gl tooltips, fetch an outside image, link elsewhere or
turn a figure around. Quotes and printed figures carry them too (and the article with them, so
the data stays valid).

Used by tests/test_hostile.py (AppTest) and tests/browser/test_hostile_browser.py (Chromium)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from dashboard.schema import GEO_TABLES, TABLES
from tests.fixtures import FIRST_ARTICLE
from tests.test_data import rows, write_rows

OUTSIDE = "198.51.100.7"  # TEST-NET-2: never a real host
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    'a"; b -> c [label="x", URL="javascript:alert(1)"] {',
    "back\\slash}{ and\nnew\rline\ttab",
    "[link](javascript:alert(1)) ![img](http://example.invalid/x.png) :red[red] **bold** $x^2$",
    "\u202eright-to-left\u200f mark 🚀🏭 emoji \u2066isolate\u2069 \u061c",
    f"people ![](http://{OUTSIDE}/x.png) http://{OUTSIDE}/a https://{OUTSIDE}/b www.example.com "
    f"x@example.com <https://{OUTSIDE}/c> ![a][r] [t][r]\n\n[r]: http://{OUTSIDE}/r.png",
    ":material/home: :rocket: $$\\int_0^1 x$$ ~~struck~~ `code` &lt;b&gt; <b>bold</b> # heading",
    "长" * 3000,
]
# Text columns that must keep their meaning: paths, formulas (code the validator runs), the
# quote and printed figure, which are made hostile below without breaking the checks, and the
# columns the validator reads with another (a reason needs a superseded source, relative words a
# source to count from).
KEPT = {"text_file", "raw_file", "formula", "source_quote", "value_as_printed", "supersedes_reason",
        "relative_words"}


def hostile_columns(table) -> list[str]:
    """Every text column that is free text: no vocabulary, no reference, not an id or a key."""
    return [name for name, spec in table.columns.items()
            if spec.kind == "text" and not spec.allowed and not spec.ref and not name.endswith("_id")
            and name not in table.key and name not in KEPT]


def build_hostile(folder: Path) -> Path:
    """Copy the first article's data (tests/fixtures/first_article: one source, whose text takes
    every quote) into `folder` and make it hostile; returns `folder`."""
    shutil.copytree(FIRST_ARTICLE, folder)
    quotes = []
    for name, table in {**TABLES, **GEO_TABLES}.items():
        path = folder / f"{name}.csv"
        if table.optional and not path.exists():  # e.g. vocabularies.csv: the shipped data has none
            continue
        table_rows = rows(path)
        for n, row in enumerate(table_rows):
            hostile = HOSTILE[n % len(HOSTILE)] + f" #{n}"
            for column in hostile_columns(table):
                row[column] = hostile
            if row.get("value_as_printed"):  # the first number in it stays the figure's
                row["value_as_printed"] += re.sub(r"\d", "", hostile)
            if row.get("source_quote"):
                row["source_quote"] = f"{hostile} {row['source_quote']} {row.get('value_as_printed', '')}"
                quotes.append(row["source_quote"])
        write_rows(path, table_rows)
    with (folder / "source" / "article.txt").open("a", encoding="utf-8") as article:
        article.write("".join(f"\n\n{q}" for q in quotes) + "\n")
    return folder
