"""What the overview shows (views/overview.py lays it out).

With a year chosen, the overview shows that year's figures: a figure the texts give no date
(undated, or a span of years) is no figure of 2006 or of 2025, so those wait in one table of
their own; goals belong to every year. A year that holds few figures says what it holds and
points to the nearest years that hold more."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import labels, select, tables
from dashboard.data import Dataset, lookup, per_dataset
from dashboard.escape import plain
from dashboard.i18n import Translator
from dashboard.models.registry import prebuilt

# A year with fewer figures than a row of tiles points to its neighbours with more.
SPARSE = tables.MAX_TILES
MILESTONES = ("milestone", "agreement", "event")  # the entities the milestones section shows


@dataclass(frozen=True)
class YearSummary:
    line: str  # what the year holds, escaped Markdown
    nearer: list[int]  # the nearest earlier and later years holding more figures (sparse years)


@prebuilt()
@per_dataset
def milestones(ds, f):
    return tables.timeline(select.entities(ds, f, types=MILESTONES),
                           ds, Translator(f.lang))


@prebuilt()
@per_dataset
def headlines(ds, f) -> pd.DataFrame:
    """The headline figures of the chosen year (select.headline_figures, dated that year)."""
    return select.of_year(select.headline_figures(ds, f), f.year)


@prebuilt()
@per_dataset
def band(ds, f):
    """The headline tiles and the year's honours as badge labels."""
    tr = Translator(f.lang)
    return ([tables.tile(r, ds, tr) for r in headlines(ds, f).to_dict("records")],
            tables.honour_badges(select.headline_honours(ds, f), ds, tr))


@prebuilt()
@per_dataset
def theme_tiles(ds, f):
    """([(theme label, its tiles)] for the year's figures that the band does not show, the goals'
    tiles, the figures without a year as a table)."""
    tr = Translator(f.lang)
    rows = select.figures(ds, f)
    undated = select.undated(rows, f.year)
    rows = select.year_tiles(rows, f.year)
    rows = rows[~rows["indicator_id"].isin(headlines(ds, f)["indicator_id"])]
    groups, goals = select.by_theme(rows)
    return ([(labels.sector_label(ds, theme, tr), tables.tiles(rows, ds, tr)) for theme, rows in groups],
            tables.tiles(goals, ds, tr), tables.arrow(tables.figures_table(undated, ds, tr)))


@prebuilt(lambda v: [(v.ds, v.f.sector)])
@per_dataset
def year_counts(ds: Dataset, sector: str) -> dict[int, int]:
    """{year: how many indicators have a figure dated in it} in the sector."""
    rows = select.figure_rows(ds)
    rows = rows[select.in_sector(ds, rows["indicator_id"], rows["theme_id"], sector)]
    counts = rows.dropna(subset=["period_year"]).groupby("period_year")["indicator_id"].nunique()
    return {int(year): int(n) for year, n in counts.items()}


def nearer_years(counts: dict[int, int], year: int) -> list[int]:
    """The nearest year before and the nearest after `year` that hold more figures, oldest first."""
    mine = counts.get(year, 0)
    richer = [y for y, n in counts.items() if n > mine]
    before = max((y for y in richer if y < year), default=None)
    after = min((y for y in richer if y > year), default=None)
    return [y for y in (before, after) if y is not None]


@prebuilt()
@per_dataset
def year_summary(ds, f) -> YearSummary | None:
    """What a chosen year holds: its figures and their themes, its honours and milestones; for a
    sparse year the nearest years with more. None for all years."""
    if f.year is None:
        return None
    tr = Translator(f.lang)
    rows = select.of_year(select.figures(ds, f), f.year)
    themes = tr("list.short").join(labels.sector_label(ds, t, tr)
                                   for t in rows["theme_id"].drop_duplicates())
    count = len(rows)
    parts = [tr(f"overview.year.figures.{_plural(count)}", count=count, year=f.year, themes=themes)
             if count else tr("overview.year.no_figures", year=f.year)]
    years = lookup(ds, "periods", "period_id", "year")
    honours = int((select.honours(ds, f)["period_id"].map(years) == f.year).sum())
    events = int((select.entities(ds, f, types=MILESTONES)["period_id"].map(years) == f.year).sum())
    undated = len(select.undated(select.figures(ds, f), f.year))
    others = [text for n, text in (
        (honours, tr(f"overview.year.honours.{_plural(honours)}", count=honours)),
        (events, tr(f"overview.year.events.{_plural(events)}", count=events)),
        (undated, tr(f"overview.year.undated.{_plural(undated)}", count=undated))) if n]
    if others:
        parts.append(tr("overview.year.also", items=tr.listed(others)))
    nearer = nearer_years(year_counts(ds, f.sector), f.year) if count < SPARSE else []
    return YearSummary(plain(" ".join(parts)), nearer)


def _plural(count: int) -> str:
    """Which of a string's two forms a count takes (English has a plural; Chinese reads the same)."""
    return "one" if count == 1 else "many"


prebuilt(page=__name__)(select.progress_figures)  # views/overview.py asks select for it
