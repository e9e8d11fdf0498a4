"""Labels: what a sector, period, year, coded value or source is called in the viewer's
language. The session, the table builders, printing and the map all name things through these.

A label comes from the data (sectors.csv, periods.csv, vocabularies.csv, sources.csv) or from
i18n.py for the built-in values."""

from __future__ import annotations

import pandas as pd

from dashboard.data import Dataset, lookup, per_dataset
from dashboard.i18n import STRINGS, Translator
from dashboard.schema import OPEN_VOCABULARIES
from dashboard.select import ALL

# --- sectors, periods, coded values ------------------------------------------------------------


def sector_label(ds: Dataset, sector: str, tr: Translator) -> str:
    if sector == ALL:
        return tr("filters.sector.all")
    return lookup(ds, "sectors", "sector_id", tr.column("label")).get(sector, sector)


def period_label(ds: Dataset, period_id, tr: Translator) -> str:
    labels = lookup(ds, "periods", "period_id", tr.column("label"))
    return tr("undated") if pd.isna(period_id) else labels.get(period_id, tr("undated"))


def year_label(year: int | None, tr: Translator) -> str:
    """A chosen year as prose: 2024年 / 2024; None: every year."""
    return tr("year.all") if year is None else tr("year.one", year=year)


@per_dataset
def added_labels(ds: Dataset, lang: str) -> dict[str, str]:
    """{'entity.conference': '会议'}: the labels vocabularies.csv gives the values it adds."""
    words = ds.vocabularies
    prefixes = words["vocabulary"].map({name: v.prefix for name, v in OPEN_VOCABULARIES.items()})
    return {f"{prefix}.{value}": label
            for prefix, value, label in zip(prefixes, words["value"], words[f"label_{lang}"])}


def vocabulary_label(ds: Dataset, key: str, tr: Translator) -> str:
    """A coded value's label, its key as in i18n ('entity.park'): the built-in label, else the one
    vocabularies.csv gives, else the value itself."""
    return tr(key) if key in STRINGS[tr.lang] else added_labels(ds, tr.lang).get(key, key.partition(".")[2])


# --- sources -----------------------------------------------------------------------------------


def source_title(ds: Dataset, source_id: str) -> str:
    """What tooltips and tables call a source: its short_title, else its title."""
    short = lookup(ds, "sources", "source_id", "short_title").get(source_id)
    if isinstance(short, str) and short:
        return short
    return lookup(ds, "sources", "source_id", "title")[source_id]


def published_label(ds: Dataset, source_id: str, tr: Translator) -> str:
    published = lookup(ds, "sources", "source_id", "published").get(source_id)
    return tr("source.undated") if pd.isna(published) else published.strftime("%Y-%m-%d")


def source_caveats(ds: Dataset, source_id: str, tr: Translator) -> list[str]:
    """What a reader must know before trusting a figure from this source: a secondary source
    (with its kind: 二手资料（百科）), an excerpt. Empty for a primary, complete text (or an older
    sources.csv that does not say)."""
    def cell(column: str) -> str:  # '' for <NA>
        value = lookup(ds, "sources", "source_id", column).get(source_id)
        return value if isinstance(value, str) else ""

    caveats = []
    if cell("primacy") == "secondary":
        kind = cell("kind")
        caveats.append(tr("source.secondary.kind", kind=vocabulary_label(ds, f"source_kind.{kind}", tr))
                       if kind else tr("primacy.secondary"))
    if cell("completeness") == "excerpt":
        caveats.append(tr("completeness.excerpt"))
    return caveats


def source_reference(ds: Dataset, source_id: str, tr: Translator) -> str:
    """A source's short reference, the one form every tooltip, table and chart uses:
    《short title》（date）, or （未标日期） / (undated); then its caveats, 〔节选〕 / [excerpt], so
    that a figure backed by a secondary source or an excerpt says so wherever it is shown."""
    reference = tr("source.ref", title=source_title(ds, source_id), date=published_label(ds, source_id, tr))
    caveats = source_caveats(ds, source_id, tr)
    return tr("source.caveats", ref=reference, caveats=tr.listed(caveats)) if caveats else reference


def source_references(ds: Dataset, source_ids, tr: Translator) -> str:
    """Several sources' short references in one line ('' for none)."""
    return tr.listed(source_reference(ds, s, tr) for s in source_ids)
