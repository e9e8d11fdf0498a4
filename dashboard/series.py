"""An indicator's like-for-like figures as points in time, for the trend charts and the indicator
page: select.trends rows, the dataset and a Translator in; chart frames out. No Streamlit here.

A point's `segment` breaks the line where a period is missing (2019, 2020, 2022: two pieces, no
line across 2021); only actual figures are joined; estimates and targets are points of their own
(`basis`), and a part of a year is its own series (select.series_key), never joined with years."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data import Dataset, lookup
from dashboard.formatting import figure
from dashboard.i18n import Translator
from dashboard.labels import source_reference
from dashboard.schema import BASES
from dashboard.tables import formula_text, with_unit

# A series spanning this many years or more is drawn the page's width: the decades the texts
# cover (GDP 2002-2025) squeezed into a third of a laptop's row read as a smear.
LONG_YEARS = 10
# Value labels over the points up to this many points; past it, the tooltip alone.
MAX_LABELLED = 6


@dataclass(frozen=True)
class SeriesChart:
    indicator_id: str
    series: str  # the series' key in observations (periods.series)
    title: str
    source: str  # the chart's source line
    points: pd.DataFrame  # series_points
    long: bool  # spans LONG_YEARS or more


def step_years(key: str) -> int:
    """The years between two neighbouring periods of a series: 5 for five-year spans, else 1."""
    kind, _, rest = key.partition(":")
    return int(rest) if kind == "multi_year" else 1


def segments(years: list[int], step: int) -> list[int]:
    """A piece number per point (years ascending): a new piece wherever a period is missing."""
    pieces, piece = [], 0
    for i, year in enumerate(years):
        if i and year - years[i - 1] != step:
            piece += 1
        pieces.append(piece)
    return pieces


def series_part(key: str, start, end, tr: Translator) -> str:
    """What part of each year a series holds, '' for whole years: 1—4月 / Jan–Apr,
    年末 / year end, 截至2月10日 / as of 10 Feb, 5年合计 / 5-year total."""
    kind, _, rest = key.partition(":")
    months = tr("month.names").split()
    if kind == "year_to_date":
        return tr("series.part.span", first=months[start.month - 1], last=months[end.month - 1],
                  first_number=start.month, last_number=end.month)
    if kind == "as_of":
        if (end.month, end.day) == (12, 31):
            return tr("series.part.year_end")
        return tr("series.part.as_of", month=months[end.month - 1], day=end.day)
    if kind == "multi_year":
        return tr("series.part.years", years=rest)
    return ""


def series_title(row, ds: Dataset, tr: Translator) -> str:
    """The indicator's short label with its unit, the part of the year, and its area when it is
    not the county's (a town's figure says so)."""
    title = with_unit(tr.of(row, "short_label"), tr.of(row, "unit"), tr)
    part = series_part(row["series"], row["start_date"], row["end_date"], tr)
    if part:
        title = tr("series.title.part", title=title, part=part)
    area = row.get("area_id")
    if isinstance(area, str) and area:
        name = lookup(ds, "entities", "entity_id", tr.column("name")).get(area, area)
        title = tr("series.title.area", title=title, area=name)
    return title


def source_note(ds: Dataset, source_id, tr: Translator) -> str:
    """A point's source as its tooltip names it (labels.source_reference, with its caveats:
    secondary, excerpt); a derived figure: 推算 / derived."""
    return source_reference(ds, source_id, tr) if isinstance(source_id, str) else tr("derivation.computed")


def basis_labels(tr: Translator) -> list[str]:
    """The legend's labels of BASES, in their order."""
    return [tr(f"basis.{b}") for b in BASES]


def sentences(rows: pd.DataFrame, ds: Dataset, tr: Translator) -> list[str]:
    """Each figure's source sentence, or a derived figure's formula in words."""
    return [q if isinstance(q, str) and q else formula_text(f, ds, tr) if isinstance(f, str) else ""
            for q, f in zip(rows["source_quote"], rows["formula"])]


def label_sides(years: list[int], values: list[float]) -> list[str]:
    """Where each point's value label goes: "above", "below" or "" (none: its tooltip has it).
    Two points within an eighth of the span (2022 and 2023 on a 1985-2023 axis) take opposite
    sides, the higher one's above and the lower one's below; a label that would have to go
    towards its neighbour's instead is left out, newest kept first (they printed over each
    other: 约373亿元 and 400多亿元 one year apart)."""
    near = max(1, (years[-1] - years[0]) / 8) if years else 1
    sides = [""] * len(years)
    kept = None  # the newest point labelled so far
    for i in reversed(range(len(years))):
        if kept is not None and years[kept] - years[i] <= near:
            side = "below" if sides[kept] == "above" else "above"
            higher = values[i] >= values[kept]
            sides[i] = side if higher == (side == "above") or values[i] == values[kept] else ""
        else:  # the newest of its group: above unless the point before it is near and higher
            older_higher = i > 0 and years[i] - years[i - 1] <= near and values[i - 1] > values[i]
            sides[i] = "below" if older_higher else "above"
        kept = i if sides[i] else kept
    return sides


def series_points(rows: pd.DataFrame, ds: Dataset, tr: Translator) -> pd.DataFrame:
    """One series' rows (select.trends, one indicator and series key, in time order) as points:
    date (the period's end, ISO), period, value, shown (as a tile reads), basis, basis_label,
    segment (the piece of line an actual belongs to; -1 for estimates and targets), label_side
    (label_sides), source (with its flags) and quote (the sentence, or a derived
    figure's formula)."""
    years = [d.year for d in rows["end_date"]]
    actual = (rows["basis"] == "actual").to_numpy()
    pieces = iter(segments([y for y, a in zip(years, actual) if a], step_years(rows["series"].iloc[0])))
    return pd.DataFrame({
        "date": rows["end_date"].dt.strftime("%Y-%m-%d").to_numpy(),
        "period": tr.of(rows, "period").to_numpy(),
        "value": rows["value"].astype(float).to_numpy(),
        "shown": [figure(r, tr.lang) for r in rows.to_dict("records")],
        "basis": rows["basis"].to_numpy(),
        "basis_label": [tr(f"basis.{b}") for b in rows["basis"]],
        "segment": [next(pieces) if a else -1 for a in actual],
        "label_side": label_sides(years, rows["value"].astype(float).tolist()),
        "source": [source_note(ds, s, tr) for s in rows["source_id"]],
        "quote": sentences(rows, ds, tr),
    })


def series_charts(trends: pd.DataFrame, ds: Dataset, tr: Translator) -> list[SeriesChart]:
    """One SeriesChart per series of select.trends (or of one indicator's rows), in its order."""
    charts = []
    for (indicator, key), rows in trends.groupby(["indicator_id", "series"], sort=False):
        used = set(rows["source_id"].dropna())
        ordered = [s for s in ds.sources["source_id"] if s in used]
        years = rows["end_date"].dt.year
        charts.append(SeriesChart(
            indicator, key, series_title(rows.iloc[0], ds, tr),
            tr("source.of", refs=tr.listed(source_note(ds, s, tr) for s in ordered)) if ordered else "",
            series_points(rows, ds, tr), int(years.max() - years.min()) + 1 >= LONG_YEARS))
    return charts


def trend_table(charts: list[SeriesChart], tr: Translator) -> pd.DataFrame:
    """The points of series not drawn, as one table."""
    return pd.DataFrame({
        tr("col.indicator"): [c.title for c in charts for _ in range(len(c.points))],
        tr("col.period"): [p for c in charts for p in c.points["period"]],
        tr("col.value"): [p for c in charts for p in c.points["shown"]],
        tr("col.basis"): [p for c in charts for p in c.points["basis_label"]],
        tr("col.source"): [p for c in charts for p in c.points["source"]],
    })
