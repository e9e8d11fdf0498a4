"""Pure selection of the dataset by sector and year: data and filters in, rows out. No Streamlit
here; each selection is memoised on the dataset (`per_dataset`), the filters being its key."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data import Dataset, lookup, per_dataset
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
def year_options(ds: Dataset) -> list[int]:
    """Years that hold at least one observation, newest first: a 2025 row adds 2025."""
    used = ds.periods[ds.periods["period_id"].isin(ds.observations["period_id"])]
    return sorted({int(y) for y in used["year"].dropna()}, reverse=True)


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
    """One row per indicator for the chosen year, with the previous period's value for a delta."""
    periods = ds.periods.rename(columns={"year": "period_year", "note": "period_note",
                                        "label_zh": "period_zh", "label_en": "period_en"})
    obs = (ds.observations.rename(columns={"note": "observation_note"})
           .merge(ds.indicators, on="indicator_id")
           .merge(periods, on="period_id"))
    obs = obs[in_sector(ds, obs["indicator_id"], obs["theme_id"], f.sector)]
    current = obs[in_year(ds, obs["period_id"], f.year)]
    current = (current.sort_values("end_date", na_position="first")
               .drop_duplicates("indicator_id", keep="last"))
    if f.year is not None:
        earlier = obs[obs["period_year"] < f.year].sort_values("end_date")
        previous = earlier.drop_duplicates("indicator_id", keep="last")[
            ["indicator_id", "value", "period_id"]].rename(
            columns={"value": "previous_value", "period_id": "previous_period_id"})
        current = current.merge(previous, on="indicator_id", how="left")
    else:
        current = current.assign(previous_value=pd.NA, previous_period_id=pd.NA)
    theme_order = dict(zip(ds.sectors["sector_id"], ds.sectors["sort_order"]))
    return (current.assign(theme_order=current["theme_id"].map(theme_order))
            .sort_values(["theme_order", "sort_order"]).reset_index(drop=True))


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
