"""What the indicator page shows (views/indicator.py lays it out): one indicator's series as
charts and a table, every source's sentence for each of its figures (the figures that stand,
those that agree, those superseded and why), its notes, its area, and a download."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from dashboard import labels, provenance, select, series, tables
from dashboard.data import Dataset, lookup, per_dataset
from dashboard.escape import plain
from dashboard.formatting import figure
from dashboard.i18n import Translator
from dashboard.models import innovation, overview, talent, trends
from dashboard.models.registry import View, prebuilt
from dashboard.models.trends import series_spec
from dashboard.rules import superseded


@dataclass(frozen=True)
class IndicatorView:
    title: str
    facts: str  # escaped Markdown: theme, measure, unit, area
    note: str | None  # the indicator's note, as the language shows records
    charts: list[tuple[dict, int]]  # a chart per series of two periods or more
    table: pa.Table  # every figure from every source, oldest period first
    file_name: str


@prebuilt(lambda v: [(v.ds, v.f.lang)])
@per_dataset
def indicator_options(ds: Dataset, lang: str) -> tuple[list[str], dict[str, str]]:
    """(the indicators that hold a figure: the headlines in their rank, the page's default being
    the first, then the others in the pages' order, theme, then the data's order; each one's name
    for the chooser, with its area when it is not the county)."""
    tr = Translator(lang)
    used = set(ds.observations["indicator_id"])
    rows = ds.indicators[ds.indicators["indicator_id"].isin(used)]
    order = rows["theme_id"].map(dict(zip(ds.sectors["sector_id"], ds.sectors["sort_order"])))
    rows = rows.assign(theme_order=order).sort_values(["headline", "theme_order", "sort_order"],
                                                      na_position="last", kind="stable")
    return list(rows["indicator_id"]), {i: _name(row, ds, tr) for i, row in
                                        zip(rows["indicator_id"], rows.to_dict("records"))}


def _name(row: dict, ds: Dataset, tr: Translator) -> str:
    area = _area(row, ds, tr)
    label = tr.of(row, "label")
    return tr("series.title.area", title=label, area=area) if area else label


def _area(row: dict, ds: Dataset, tr: Translator) -> str | None:
    area = row.get("area_id")
    if not isinstance(area, str) or not area:
        return None
    return lookup(ds, "entities", "entity_id", tr.column("name")).get(area, area)


@prebuilt(lambda v: [(v.ds,)])
@per_dataset
def _observations(ds: Dataset) -> dict[str, pd.DataFrame]:
    """{indicator: its observations, each with its basis, whether it is superseded (`replaced`)
    and its period's columns; None: no rows}: worked out once, not once per indicator's view."""
    obs = select.with_basis(ds.observations)
    periods = ds.periods.rename(columns={"label_zh": "period_zh", "label_en": "period_en",
                                        "note": "period_note"})
    rows = obs.assign(replaced=superseded(obs).to_numpy()).merge(periods, on="period_id", how="left")
    return {None: rows.iloc[:0], **dict(iter(rows.groupby("indicator_id", sort=False)))}


def figure_rows(ds: Dataset, indicator_id: str, tr: Translator) -> pd.DataFrame:
    """Every row of observations.csv for the indicator, oldest period first, with its period,
    its status (stands, agrees with the figure that stands, or superseded and why) and its
    source's kind, primacy and completeness."""
    groups = _observations(ds)
    rows = groups.get(indicator_id, groups[None])
    out = rows["replaced"]
    standing = rows[~out]
    first = rows.index.isin(standing.index[~standing.duplicated(["period_id", "basis"])])
    reasons = {(p, s): (source, reason) for p, s, source, reason in
               rows[["period_id", "supersedes", "source_id", "supersedes_reason"]].itertuples(index=False)
               if isinstance(s, str) and s}
    status = []
    for period, source, replaced, stands in zip(rows["period_id"], rows["source_id"], out, first):
        if replaced:
            by, reason = reasons[(period, source)]
            status.append(tr("indicator.status.superseded", source=labels.source_reference(ds, by, tr),
                             reason=reason if tr.reads_records else tr("reason.in_english")))
        else:
            status.append(tr("indicator.status.stands") if stands else tr("indicator.status.agrees"))
    indicator = ds.indicators.set_index("indicator_id").loc[indicator_id]
    rows = rows.assign(status=status, unit_zh=indicator["unit_zh"], unit_en=indicator["unit_en"],
                       measure=indicator["measure"])
    return rows.sort_values(["end_date", "period_id"], na_position="first", kind="stable")


def _source_column(ds: Dataset, column: str, ids: pd.Series, tr: Translator) -> list[str]:
    """A source's kind, primacy or completeness in words ('' where not recorded)."""
    if column not in ds.sources:
        return [""] * len(ids)
    values = ids.map(lookup(ds, "sources", "source_id", column))
    prefix = "source_kind" if column == "kind" else column
    return [tr(f"{prefix}.{v}") if isinstance(v, str) and v else "" for v in values]


def figures_table(rows: pd.DataFrame, ds: Dataset, tr: Translator) -> pd.DataFrame:
    """figure_rows as the page's table: period, value, basis, the sentence (a derived figure:
    its formula) while the grid is narrow enough to show it, then the source, the figure's
    status and what the source is."""
    return pd.DataFrame({
        tr("col.period"): tr.of(rows, "period").to_numpy(),
        tr("col.value"): [figure(r, tr.lang) for r in rows.to_dict("records")],
        tr("col.basis"): [tr(f"basis.{b}") for b in rows["basis"]],
        tr("col.quote"): series.sentences(rows, ds, tr),
        tr("col.source"): [labels.source_reference(ds, s, tr) if isinstance(s, str)
                           else tr("derivation.computed") for s in rows["source_id"]],
        tr("col.figure_status"): rows["status"].to_numpy(),
        tr("col.source_kind"): _source_column(ds, "kind", rows["source_id"], tr),
        tr("col.primacy"): _source_column(ds, "primacy", rows["source_id"], tr),
        tr("col.completeness"): _source_column(ds, "completeness", rows["source_id"], tr),
    })


# The download: each row as observations.csv holds it, with its labels and its source's columns.
DOWNLOAD = ["indicator_id", "period_id", "period_zh", "period_en", "start_date", "end_date", "value",
            "value_as_printed", "qualifier", "unit_zh", "unit_en", "basis", "status", "derivation",
            "formula", "source_id", "source_short_title", "source_published", "source_kind",
            "source_primacy", "source_completeness", "source_quote", "supersedes", "supersedes_reason",
            "note"]


@per_dataset
def download(ds: Dataset, indicator_id: str, lang: str) -> bytes:
    """The indicator's figures as the download, its status in the viewer's language: made when
    asked (st.download_button calls it), not with every view (a third of a view's build)."""
    rows = figure_rows(ds, indicator_id, Translator(lang))
    sources = ds.sources.set_index("source_id")
    ids = rows["source_id"]
    out = rows.assign(
        source_short_title=ids.map(sources["short_title"].fillna(sources["title"])),
        source_published=ids.map(sources["published"]).dt.strftime("%Y-%m-%d"),
        **{f"source_{c}": ids.map(sources[c]) if c in sources else pd.NA
           for c in ("kind", "primacy", "completeness")})
    for column in ("start_date", "end_date"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    return provenance.to_csv(out[DOWNLOAD])


@prebuilt(lambda v: [(v.ds,)])
@per_dataset
def _series_rows(ds: Dataset) -> dict[str, pd.DataFrame]:
    """{indicator: its standing figures in series of two periods or more (any basis), by series
    then time}: selected once for every indicator's view."""
    rows = select.figure_rows(ds)
    rows = rows[rows["series"].notna()].sort_values(["indicator_id", "series", "end_date"], kind="stable")
    rows = rows[rows.groupby(["indicator_id", "series"])["period_id"].transform("nunique") >= 2]
    return dict(iter(rows.groupby("indicator_id", sort=False)))


def charts(ds: Dataset, indicator_id: str, tr: Translator) -> list[tuple[dict, int]]:
    """A chart per series of the indicator with two periods or more (any basis)."""
    rows = _series_rows(ds).get(indicator_id)
    return [] if rows is None else [series_spec(c, tr) for c in series.series_charts(rows, ds, tr)]


@prebuilt(lambda v: [(v.ds, i, v.f.lang) for i in _linked_ids(v)])
@per_dataset
def indicator_view(ds: Dataset, indicator_id: str, lang: str) -> IndicatorView | None:
    """The indicator's view; None for an id the data does not hold."""
    if indicator_id not in set(ds.indicators["indicator_id"]):
        return None
    tr = Translator(lang)
    row = ds.indicators.set_index("indicator_id").loc[indicator_id].to_dict()
    facts = [tr("indicator.fact.theme", theme=labels.sector_label(ds, row["theme_id"], tr)),
             tr("indicator.fact.measure", measure=tr(f"measure.{row['measure']}")),
             tr("indicator.fact.unit", unit=tr.of(row, "unit") or "—"),
             tr("indicator.fact.area", area=_area(row, ds, tr) or tr("indicator.county"))]
    note = row.get("note")
    if isinstance(note, str) and note:
        note = note if tr.reads_records else tr("note.in_english")
    else:
        note = None
    rows = figure_rows(ds, indicator_id, tr)
    return IndicatorView(
        title=_name(row, ds, tr), facts="  \n".join(plain(f) for f in facts),
        note=plain(note) if note else None, charts=charts(ds, indicator_id, tr),
        table=tables.arrow(figures_table(rows, ds, tr)), file_name=f"{indicator_id}.csv")


def linked(ds: Dataset, f) -> list[str]:
    """The indicators whose pages the views of `f` link to (tiles and trend charts), in order."""
    headlines, _ = overview.band(ds, f)
    themes, goals, _ = overview.theme_tiles(ds, f)
    tiles = [*headlines, *(t for _, grid in themes for t in grid[0]), *goals[0],
             *talent.talent_tiles(ds, f)[0][0], *innovation.innovation_tiles(ds, f)[0][0]]
    long, short, *_ = trends.trend_charts(ds, f)
    return list(dict.fromkeys([*(t["indicator_id"] for t in tiles), *(i for i, _ in long + short)]))


def _linked_ids(view: View) -> list[str]:
    """The page's default indicator and every one a tile or a trend chart of the view links to.
    Not every indicator's: 200 indicators in two languages took 18 s of CPU (45 ms a view), most
    of them reached only through the chooser, where one view costs its first viewer 45 ms."""
    ids, _ = indicator_options(view.ds, view.f.lang)
    return list(dict.fromkeys([*ids[:1], *linked(view.ds, view.f)]))
