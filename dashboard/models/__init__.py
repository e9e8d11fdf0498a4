"""What each page shows, built from the data: one module per page file of views/, which lays out
what its module builds (the map's is mapview.py). Every builder is memoised on the dataset
(`per_dataset`), keyed by its arguments.

`prebuild` fills that memo before the first viewer asks: when a meeting opens the link at once,
the views each sector shows would otherwise be built by the first viewers to change it, on the
one core the GIL leaves, while hundreds of others wait for their first view (issue 15)."""

from __future__ import annotations

import pyarrow as pa

from dashboard import mapview, printing
from dashboard.data import Dataset, GeoData
from dashboard.i18n import LANGUAGES
from dashboard.models import indicator, industry, innovation, overview, sources, talent, trends
from dashboard.select import Filters, default_year, sector_options

PAGE_MODELS = (overview, industry, talent, innovation, trends, indicator, sources)


def prebuild(ds: Dataset, maps: GeoData | None, *, map_style: str | None, static_url: str) -> int:
    """Build what every page shows for every sector in both languages in the default year (the
    newest with actual figures, where a meeting clicks through the sectors; other years are built
    when first asked), the paper copies of its tables included. `maps`: None when the map's files
    are invalid (the map page shows their problems). The number of views built."""
    views, newest = 0, default_year(ds)
    for lang in LANGUAGES:
        printing.header_sources(ds, lang)  # every page's printed header
        for sector in sector_options(ds):
            f = Filters(sector=sector, year=newest, lang=lang)
            built = [model.prebuild(ds, f) for model in PAGE_MODELS]
            if maps is not None:
                built.append(mapview.prebuild(ds, maps, f, map_style, static_url))
            for table in _tables(built):
                printing.paper_copy(table)
            views += len(built)
    return views


def _tables(built) -> list[pa.Table]:
    """Every Arrow table in `built` (lists, tuples and dicts of what the builders return)."""
    if isinstance(built, pa.Table):
        return [built]
    if isinstance(built, dict):
        built = built.values()
    elif not isinstance(built, (list, tuple)):
        return []
    return [table for part in built for table in _tables(part)]
