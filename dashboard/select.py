"""Pure selection of the dataset by sector and year: data and filters in, rows out. No Streamlit
here; each selection is memoised on the dataset (`per_dataset`), the filters being its key."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data import Dataset, lookup, per_dataset
from dashboard.rules import superseded
from dashboard.schema import MEASURES

ALL = "all"


@dataclass(frozen=True)
class Filters:
    sector: str = ALL
    year: int | None = None  # None: every period
    lang: str = "zh"


@per_dataset
def sector_options(ds: Dataset) -> list[str]:
    return [ALL, *ds.sectors.sort_values("sort_order")["sector_id"]]


@per_dataset
def year_options(ds: Dataset) -> list[int | None]:
    """The years that hold data (an observation, entity, honour or relation whose period has a
    year), newest first, then None: all years. A 2025 row adds 2025; nothing adds an empty year."""
    used = set()
    for table in ("observations", "entities", "honours", "relations"):
        used |= set(ds.tables[table]["period_id"].dropna())
    years = ds.periods.loc[ds.periods["period_id"].isin(used), "year"].dropna()
    return [*sorted({int(y) for y in years}, reverse=True), None]


@per_dataset
def default_year(ds: Dataset) -> int | None:
    """The year a first view opens on: the newest that holds an actual figure (a year of
    targets alone, 2025's or 2027's, opens on none of its own), else the newest with data."""
    years = year_options(ds)
    rows = figure_rows(ds)
    reported = rows.loc[(rows["basis"] == "actual") & ~rows["measure"].isin(PLANNED), "period_year"]
    actual = {int(y) for y in reported.dropna()}
    return next((y for y in years if y in actual), years[0])


def sector_group(ds: Dataset, sector: str) -> str | None:
    return lookup(ds, "sectors", "sector_id", "group").get(sector)


@per_dataset
def industries(ds: Dataset) -> pd.DataFrame:
    """The 3+3 industries (not the themes), in their order."""
    return ds.sectors[ds.sectors["group"] != "theme"].sort_values("sort_order")


def in_sector(ds: Dataset, ids: pd.Series, themes: pd.Series, sector: str) -> pd.Series:
    """A theme selects by theme_id; one of the 3+3 industries selects through sector_links."""
    if sector == ALL:
        return pd.Series(True, index=ids.index)
    if sector_group(ds, sector) == "theme":
        return (themes == sector).fillna(False)
    linked = ds.sector_links.loc[ds.sector_links["sector_id"] == sector, "subject_id"]
    return ids.isin(set(linked))


def in_year(ds: Dataset, period_ids: pd.Series, year: int | None) -> pd.Series:
    """Undated rows and goals belong to every year; dated ones to their own year."""
    if year is None:
        return pd.Series(True, index=period_ids.index)
    years = period_ids.map(lookup(ds, "periods", "period_id", "year"))
    return (years.isna() | (years == year)).astype(bool)


PLANNED = ("goal", "target")  # measures of what is aimed at, not of what was reported
REPORTED = tuple(m for m in MEASURES if m not in PLANNED)


def of_year(rows: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The figures dated in `year` (every figure when None)."""
    return rows if year is None else rows[rows["period_year"] == year]


def undated(rows: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The reported figures without a year, which a chosen year lists apart from its own: a
    figure the texts give no date is no figure of 2006 or of 2025 (none for all years)."""
    if year is None:
        return rows.iloc[:0]
    return rows[rows["period_year"].isna() & ~rows["measure"].isin(PLANNED)]


def year_tiles(rows: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """What a chosen year's tiles show: its dated figures and the goals, which belong to every
    year (undated lists the rest)."""
    return rows[rows["measure"].isin(PLANNED) | rows.index.isin(of_year(rows, year).index)]


@per_dataset
def figures(ds: Dataset, f: Filters, themes: tuple[str, ...] | None = None,
            measures: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The figures in view, narrowed to some themes and measures when they are given."""
    rows = all_figures(ds, f)
    if themes is not None:
        rows = rows[rows["theme_id"].isin(themes)]
    return rows if measures is None else rows[rows["measure"].isin(measures)]


@per_dataset
def all_figures(ds: Dataset, f: Filters) -> pd.DataFrame:
    """One row per indicator in view: the standing figure of the chosen year's latest-ending
    period (of any period without a year filter), with its sources (standing_figures) and its
    like-for-like history: `series` (see series_key), `previous_value`, `previous_period_id`
    and `trend` (the series' values up to this one, oldest first; () when fewer than two).

    A delta needs the same qualifier on both figures: 10余 against 12 would read as exactly 2."""
    obs = figure_rows(ds)
    obs = obs[in_sector(ds, obs["indicator_id"], obs["theme_id"], f.sector)]
    current = obs[in_year(ds, obs["period_id"], f.year)]
    # The latest actual of the year, else its latest estimate or target.
    current = (current.assign(_actual=current["basis"] == "actual")
               .sort_values(["_actual", "end_date"], na_position="first", kind="stable")
               .drop_duplicates("indicator_id", keep="last").drop(columns="_actual"))
    # Only actuals have a history: an estimate or a target gets no delta and no trend line.
    history = dict(iter(series(ds).groupby(["indicator_id", "series"], sort=False)))
    previous, previous_period, trends = [], [], []
    for indicator, key, end, qualifier, basis in zip(current["indicator_id"], current["series"],
                                                     current["end_date"], current["qualifier"],
                                                     current["basis"]):
        points = history.get((indicator, key)) if basis == "actual" else None
        points = points[points["end_date"] <= end] if points is not None else None
        if points is None or len(points) < 2:
            previous.append(pd.NA), previous_period.append(pd.NA), trends.append(())
            continue
        before = points.iloc[-2]
        same = before["qualifier"] == qualifier
        previous.append(before["value"] if same else pd.NA)
        previous_period.append(before["period_id"] if same else pd.NA)
        trends.append(tuple(float(v) for v in points["value"]))
    current = current.assign(previous_value=pd.array(previous, dtype="Float64"),
                             previous_period_id=pd.array(previous_period, dtype="string"),
                             trend=trends)
    theme_order = dict(zip(ds.sectors["sector_id"], ds.sectors["sort_order"]))
    return (current.assign(theme_order=current["theme_id"].map(theme_order))
            .sort_values(["theme_order", "sort_order"]).reset_index(drop=True))


def series_key(kind, start, end) -> str | None:
    """Which periods compare like for like: a year with a year; a span within a year with the
    same span (Jan–Nov with Jan–Nov); a span of years with one as long; a stock with a stock at
    the same month and day. None for goals, undated periods and periods without their dates."""
    if kind == "year" and pd.notna(end):
        return "year"
    if kind == "year_to_date" and pd.notna(start) and pd.notna(end):
        return f"year_to_date:{start:%m-%d}:{end:%m-%d}"
    if kind == "multi_year" and pd.notna(start) and pd.notna(end):
        return f"multi_year:{end.year - start.year + 1}"
    if kind == "as_of" and pd.notna(end):
        return f"as_of:{end:%m-%d}"
    return None


@per_dataset
def standing_figures(ds: Dataset) -> pd.DataFrame:
    """observations.csv with one row per indicator and period: the figure that stands, from
    the first of its standing rows in the file (so a new source never changes which quote an
    old figure shows), with
    - `agreeing`: ((source_id, source_quote), ...) of the other sources that print the same figure;
    - `replaced`: ((source_id, value_as_printed, supersedes_reason), ...) of the rows it replaces."""
    obs = with_basis(ds.observations)
    out = superseded(obs)
    standing = obs[~out]
    # A target and an actual for one period both stand: they are not compared (plan.md).
    first = ~standing.duplicated(["indicator_id", "period_id", "basis"], keep="first")
    agreeing: dict[tuple, tuple] = {}
    for i, p, b, source, quote in standing.loc[~first, ["indicator_id", "period_id", "basis", "source_id",
                                                        "source_quote"]].itertuples(index=False):
        agreeing[(i, p, b)] = (*agreeing.get((i, p, b), ()), (source, quote))
    reasons = {(i, p, s): reason for i, p, s, reason in standing[
        ["indicator_id", "period_id", "supersedes", "supersedes_reason"]].itertuples(index=False)
        if pd.notna(s)}
    replaced: dict[tuple, tuple] = {}
    for i, p, source, printed in obs.loc[out, ["indicator_id", "period_id", "source_id",
                                              "value_as_printed"]].itertuples(index=False):
        replaced[(i, p)] = (*replaced.get((i, p), ()), (source, printed, reasons.get((i, p, source))))
    rows = standing[first]
    keys = list(zip(rows["indicator_id"], rows["period_id"]))
    return rows.assign(agreeing=[agreeing.get((*k, b), ()) for k, b in zip(keys, rows["basis"])],
                       replaced=[replaced.get(k, ()) for k in keys]).reset_index(drop=True)


def with_basis(obs: pd.DataFrame) -> pd.DataFrame:
    """Observations with `basis` always set: an empty or absent basis reads as actual."""
    basis = obs["basis"] if "basis" in obs else pd.Series(pd.NA, index=obs.index, dtype="object")
    return obs.assign(basis=basis.replace("", pd.NA).fillna("actual").astype(str))


@per_dataset
def figure_rows(ds: Dataset) -> pd.DataFrame:
    """Every standing figure with its indicator's and period's columns and its series key."""
    periods = ds.periods.rename(columns={"year": "period_year", "note": "period_note",
                                        "label_zh": "period_zh", "label_en": "period_en"})
    indicators = ds.indicators if "area_id" in ds.indicators else ds.indicators.assign(area_id=pd.NA)
    rows = (standing_figures(ds).rename(columns={"note": "observation_note"})
            .merge(indicators, on="indicator_id")
            .merge(periods, on="period_id"))
    keys = [series_key(k, s, e) for k, s, e in zip(rows["kind"], rows["start_date"], rows["end_date"])]
    return rows.assign(series=pd.array(keys, dtype="string"))


@per_dataset
def series(ds: Dataset) -> pd.DataFrame:
    """Per indicator, its series of like-for-like standing actual figures in time order (a
    delta never compares an estimate or a target): one frame, a row per figure, sorted by
    indicator, series key and end date. Columns: indicator_id, series, period_id, end_date,
    value, qualifier, value_as_printed, source_id."""
    rows = figure_rows(ds)
    rows = rows[rows["series"].notna() & (rows["basis"] == "actual")]
    return rows.sort_values(["indicator_id", "series", "end_date"], kind="stable")[
        ["indicator_id", "series", "period_id", "end_date", "value", "qualifier",
         "value_as_printed", "source_id"]].reset_index(drop=True)


TREND_COLUMNS = ["indicator_id", "label_zh", "label_en", "short_label_zh", "short_label_en",
                 "theme_id", "measure", "series", "period_id", "period_zh", "period_en",
                 "start_date", "end_date", "value", "qualifier", "value_as_printed", "unit_zh",
                 "unit_en", "source_id", "source_quote", "derivation", "formula", "basis", "area_id"]


@per_dataset
def trends(ds: Dataset, f: Filters) -> pd.DataFrame:
    """Every indicator in the selected sector with at least two like-for-like periods reported
    (actual or estimated; its targets are drawn beside them), as a tidy frame, a row per figure,
    in the indicators' order then time order; with a year chosen, the periods up to that year.
    Columns: TREND_COLUMNS. One indicator can have two series (a year and a Jan–Nov one): draw
    each `series` apart, and never two units on one axis."""
    rows = figure_rows(ds)
    rows = rows[rows["series"].notna() & in_sector(ds, rows["indicator_id"], rows["theme_id"], f.sector)]
    if f.year is not None:
        rows = rows[rows["period_year"] <= f.year]
    reported = rows["period_id"].where(rows["basis"] != "target")
    counts = reported.groupby([rows["indicator_id"], rows["series"]]).transform("nunique")
    rows = rows[counts >= 2]
    theme_order = rows["theme_id"].map(dict(zip(ds.sectors["sector_id"], ds.sectors["sort_order"])))
    return (rows.assign(theme_order=theme_order)
            .sort_values(["theme_order", "sort_order", "indicator_id", "series", "end_date"], kind="stable")
            [TREND_COLUMNS].reset_index(drop=True))


MAX_HEADLINES = 8  # the overview's band: what a phone shows on its first screen


@per_dataset
def headline_figures(ds: Dataset, f: Filters) -> pd.DataFrame:
    """The figures the data ranks as the view's headlines (indicators.headline), first rank first."""
    rows = all_figures(ds, f)
    return rows[rows["headline"].notna()].sort_values("headline", kind="stable").head(MAX_HEADLINES)


HEADLINE_LEVELS = ("national", "provincial")  # the honours the band shows as badges


@per_dataset
def headline_honours(ds: Dataset, f: Filters) -> pd.DataFrame:
    """National and provincial honours of the chosen year (of any dated period for all years):
    the year's news, so undated honours stay in the tables."""
    rows = honours(ds, f)
    years = pd.to_numeric(rows["period_id"].map(lookup(ds, "periods", "period_id", "year")))
    dated = years.notna() if f.year is None else years == f.year  # NaN (undated) is never equal
    return rows[dated & rows["level"].isin(HEADLINE_LEVELS)]


PROGRESS = ("young_talent_new", "young_talent_target")  # the one count the article gives a target for


@per_dataset
def progress_figures(ds: Dataset, f: Filters) -> pd.DataFrame | None:
    """The young-talent count and its derived target, in that order, when both are in view."""
    rows = all_figures(ds, f).set_index("indicator_id")
    if not set(PROGRESS) <= set(rows.index):
        return None
    return rows.loc[list(PROGRESS)].reset_index()


def by_theme(figures: pd.DataFrame) -> tuple[list[tuple[str, pd.DataFrame]], pd.DataFrame]:
    """The figures grouped by theme in their order, and the goals and targets apart."""
    planned = figures["measure"].isin(PLANNED)
    reported = figures[~planned]
    return list(reported.groupby("theme_id", sort=False)), figures[planned]


@per_dataset
def entities(ds: Dataset, f: Filters, types: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Entities in view, of some types when they are given."""
    frame = ds.entities
    if types:
        frame = frame[frame["entity_type"].isin(types)]
    keep = in_sector(ds, frame["entity_id"], frame["theme_id"], f.sector) & in_year(
        ds, frame["period_id"], f.year)
    return frame[keep]


@per_dataset
def honours(ds: Dataset, f: Filters) -> pd.DataFrame:
    """Honours whose recipient is in view, with the recipient's names."""
    recipients = ds.entities.set_index("entity_id")
    frame = ds.honours.assign(theme_id=ds.honours["recipient_id"].map(recipients["theme_id"]))
    keep = in_sector(ds, frame["recipient_id"], frame["theme_id"], f.sector) & in_year(
        ds, frame["period_id"], f.year)
    return frame[keep].merge(
        ds.entities[["entity_id", "name_zh", "name_en"]], left_on="recipient_id",
        right_on="entity_id")


@per_dataset
def relations(ds: Dataset, f: Filters) -> pd.DataFrame:
    """Relations whose partner (either end) is in the selected sector or theme."""
    frame = ds.relations
    ends = ds.entities.set_index("entity_id")["theme_id"]
    keep = pd.Series(False, index=frame.index)
    for end in ("from_id", "to_id"):
        keep |= in_sector(ds, frame[end], frame[end].map(ends), f.sector)
    return frame[keep & in_year(ds, frame["period_id"], f.year)]


@per_dataset
def enterprise_honours(ds: Dataset, f: Filters) -> pd.DataFrame:
    """Honours in view whose recipient is an enterprise."""
    rows = honours(ds, f)
    enterprises = ds.entities.loc[ds.entities["entity_type"] == "enterprise", "entity_id"]
    return rows[rows["recipient_id"].isin(enterprises)]
