"""A raw reprint read through the cleaning step (dashboard.cleaning): the rules a text as
received needs (the collector's header up to `---`, pinyin glosses, traditional characters) are
proposed as cleaning.csv rows, applied, and the draft is made from the cleaned text; the draft
keeps the raw file and the cleaned one, so the merge writes raw_file, text_file and the rows."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pandas as pd

from dashboard.cleaning import Step, clean, drop_glosses, to_simplified
from dashboard.draft.propose import columns
from dashboard.messages import M, review_text
from dashboard.schema import SOURCE_KINDS

HEADER_END = re.compile(r"^---\s*$", re.M)
HEADER_FIELD = re.compile(r"^(URL|KIND|NOTE):[ \t]*(.*?)\s*$", re.M)


def header_fields(raw: str) -> dict[str, str]:
    """The source row's cells a collector's header (the lines before `---`) gives: url and the
    site it was retrieved from, kind when the header's first word of KIND is one of the schema's,
    completeness `excerpt` when its NOTE says so; the review asks the analyst to check them."""
    end = HEADER_END.search(raw[:3000])
    found = dict(HEADER_FIELD.findall(raw[:end.start()])) if end else {}
    fields = {}
    if re.match(r"https?://\S+$", found.get("URL", "")):
        fields |= {"url": found["URL"], "retrieved_from": urlsplit(found["URL"]).hostname or ""}
    kind = found.get("KIND", "").split(" ")[0]
    if kind in SOURCE_KINDS:
        fields["kind"] = kind
    if re.search(r"\bexcerpt\b", found.get("NOTE", ""), re.I):
        fields["completeness"] = "excerpt"
    return fields


def is_raw(text: str) -> bool:
    """A reprint as received: a header closed by `---`, glosses or traditional characters."""
    return bool(HEADER_END.search(text[:3000])) or drop_glosses(text)[1] > 0 or to_simplified(text)[1] > 0


def cleaning(raw: str, source_id: str, lang: str = "en") -> tuple[str, pd.DataFrame]:
    """(the cleaned text, the cleaning rows that derive it from `raw`), their review in `lang`."""
    steps: list[tuple[Step, str]] = []
    if HEADER_END.search(raw[:3000]):
        steps.append((Step(1, "keep_after", "---"), "the collector's header (URL, title, date, notes)"))
    text, _ = clean(raw, [s for s, _ in steps])
    if drop_glosses(text)[1]:
        steps.append((Step(len(steps) + 1, "drop_glosses"), "pinyin the copy site inserted after words"))
    text, _ = clean(raw, [s for s, _ in steps])
    if to_simplified(text)[1]:
        steps.append((Step(len(steps) + 1, "to_simplified"), "traditional characters (OpenCC t2s)"))
    text, counts = clean(raw, [s for s, _ in steps])
    rows = [{"accept": "", "review": review_text([M("review.cleaning.matched", count=n)], lang),
             "source_id": source_id,
             "step": str(s.step), "rule": s.rule, "argument": s.argument, "note": note}
            for (s, note), (_, n) in zip(steps, counts)]
    return text, pd.DataFrame(rows, columns=columns("cleaning"))
