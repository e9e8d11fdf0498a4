"""Pure selection of the dataset by sector and year; no Streamlit here."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data import MEASURES, Dataset

ALL = "all"


@dataclass(frozen=True)
class Filters:
    sector: str = ALL
    year: int | None = None  # None: every period
    lang: str = "zh"


def sector_options(ds: Dataset) -> list[str]:
    return ds.cached("sector_options",
                     lambda: [ALL, *ds.sectors.sort_values("sort_order")["sector_id"]])


def year_options(ds: Dataset) -> list[int]:
    """Years that hold at least one observation, newest first: a 2025 row adds 2025."""
    def years():
        used = ds.periods[ds.periods["period_id"].isin(ds.observations["period_id"])]
        return sorted({int(y) for y in used["year"].dropna()}, reverse=True)
    return ds.cached("year_options", years)


def sector_group(ds: Dataset, sector: str) -> str | None:
    return ds.lookup("sectors", "sector_id", "group").get(sector)


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
    years = period_ids.map(ds.lookup("periods", "period_id", "year"))
    return (years.isna() | (years == year)).astype(bool)


PLANNED = ("goal", "target")  # measures of what is aimed at, not of what was reported
REPORTED = tuple(sorted(MEASURES - set(PLANNED)))


def figures(ds: Dataset, f: Filters, themes: tuple[str, ...] | None = None,
            measures: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The figures in view, narrowed to some themes and measures when they are given."""
    def narrow():
        rows = figures(ds, f)
        if themes is not None:
            rows = rows[rows["theme_id"].isin(themes)]
        return rows if measures is None else rows[rows["measure"].isin(measures)]

    if themes is None and measures is None:
        return ds.cached(("figures", f), lambda: _figures(ds, f))
    return ds.cached(("figures", f, themes, measures), narrow)


def _figures(ds: Dataset, f: Filters) -> pd.DataFrame:
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


def by_theme(figures: pd.DataFrame) -> tuple[list[tuple[str, pd.DataFrame]], pd.DataFrame]:
    """The figures grouped by theme in their order, and the goals and targets apart."""
    planned = figures["measure"].isin(PLANNED)
    reported = figures[~planned]
    return list(reported.groupby("theme_id", sort=False)), figures[planned]


def entities(ds: Dataset, f: Filters, types: tuple[str, ...] | None = None) -> pd.DataFrame:
    return ds.cached(("entities", f, types), lambda: _entities(ds, f, types))


def _entities(ds: Dataset, f: Filters, types: tuple[str, ...] | None) -> pd.DataFrame:
    frame = ds.entities
    if types:
        frame = frame[frame["entity_type"].isin(types)]
    keep = in_sector(ds, frame["entity_id"], frame["theme_id"], f.sector) & in_year(
        ds, frame["period_id"], f.year)
    return frame[keep]


def honours(ds: Dataset, f: Filters) -> pd.DataFrame:
    return ds.cached(("honours", f), lambda: _honours(ds, f))


def _honours(ds: Dataset, f: Filters) -> pd.DataFrame:
    recipients = ds.entities.set_index("entity_id")
    frame = ds.honours.assign(theme_id=ds.honours["recipient_id"].map(recipients["theme_id"]))
    keep = in_sector(ds, frame["recipient_id"], frame["theme_id"], f.sector) & in_year(
        ds, frame["period_id"], f.year)
    return frame[keep].merge(
        ds.entities[["entity_id", "name_zh", "name_en"]], left_on="recipient_id",
        right_on="entity_id")


def relations(ds: Dataset, f: Filters) -> pd.DataFrame:
    return ds.cached(("relations", f), lambda: _relations(ds, f))


def _relations(ds: Dataset, f: Filters) -> pd.DataFrame:
    """Relations whose partner (either end) is in the selected sector or theme."""
    frame = ds.relations
    ends = ds.entities.set_index("entity_id")["theme_id"]
    keep = pd.Series(False, index=frame.index)
    for end in ("from_id", "to_id"):
        keep |= in_sector(ds, frame[end], frame[end].map(ends), f.sector)
    return frame[keep & in_year(ds, frame["period_id"], f.year)]
