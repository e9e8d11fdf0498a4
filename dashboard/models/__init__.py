"""What each page shows, built from the data: one module per page file of views/, which lays out
what its module builds (map.py for the map page). Every builder is memoised on the dataset
(`per_dataset`), keyed by its arguments, and registers itself for prebuild (`@prebuilt`, in
registry.py, with how a view calls it).

`prebuild` fills that memo before the first viewer asks: when a meeting opens the link at once,
the views each sector shows would otherwise be built by the first viewers to change it, on the
one core the GIL leaves, while hundreds of others wait for their first view (issue 15)."""

from __future__ import annotations

from dataclasses import fields, is_dataclass

import pyarrow as pa

from dashboard import printing
from dashboard.data import Dataset, GeoData
from dashboard.i18n import LANGUAGES
from dashboard.models import indicator, industry, innovation, overview, sources, talent, trends  # noqa: F401 (they register)
from dashboard.models import map as map_page  # noqa: F401 (registers; `map` would hide the builtin)
from dashboard.models.registry import BUILDERS, View
from dashboard.select import Filters, default_year, sector_options


def prebuild(ds: Dataset, maps: GeoData | None, *, map_style: str | None, static_url: str) -> int:
    """Build what every page shows for every sector in both languages in the default year (the
    newest with actual figures, where a meeting clicks through the sectors; other years are built
    when first asked), the paper copies of its tables included. `maps`: None when the map's files
    are invalid (the map page shows their problems). The number of views built."""
    views, newest = 0, default_year(ds)
    for lang in LANGUAGES:
        printing.header_sources(ds, lang)  # every page's printed header
        for sector in sector_options(ds):
            view = View(ds, Filters(sector=sector, year=newest, lang=lang), maps, map_style, static_url)
            built = {page: [] for page, _, _ in BUILDERS}
            for page, builder, calls in BUILDERS:
                built[page] += [builder(*args) for args in calls(view)]
            for table in _tables(list(built.values())):
                printing.paper_copy(table)
            views += sum(1 for page_views in built.values() if page_views)
    return views


def _tables(built) -> list[pa.Table]:
    """Every Arrow table in `built` (lists, tuples, dicts and dataclasses such as the indicator
    page's view, as the builders return them)."""
    if isinstance(built, pa.Table):
        return [built]
    if is_dataclass(built):
        built = [getattr(built, f.name) for f in fields(built)]
    elif isinstance(built, dict):
        built = built.values()
    elif not isinstance(built, (list, tuple)):
        return []
    return [table for part in built for table in _tables(part)]
