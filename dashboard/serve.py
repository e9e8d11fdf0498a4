"""The served dashboard, its views built before the first viewer: `streamlit run
dashboard/serve.py` (the hosting kit's run.sh, `make serve`) serves app.py as `streamlit run
dashboard/app.py` does, but loads the data and builds every page's views (models.prebuild) first.

Streamlit runs nothing of an app before a viewer asks for it, so 400 officials opening the link
at once on a fresh server built those views themselves, on the one core the GIL leaves, and
waited up to 20 s for a first view (issue 15). st.App's lifespan runs before the server takes a
connection, so /_stcore/health answers once the views are there (~10 s on 2 cores)."""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

from dashboard import context, data, geo, mapview, models
from dashboard.validate import DataError

log = logging.getLogger("dashboard.serve")


def prebuild_current() -> None:
    """Every view of the current data, or nothing when it is invalid (the pages say why)."""
    started = time.perf_counter()
    dataset, problems = data.load_current()
    if dataset is None:
        log.warning("data invalid (%d problems): no views built before the first viewer", len(problems))
        return
    try:
        maps = data.load_geo(dataset=dataset)
    except DataError:  # the map page lists the problems; the other pages are built
        maps = None
    views = models.prebuild(dataset, maps, map_style=geo.basemap_style(),
                            static_url=context.static_url(mapview.BOUNDARIES_FILE))
    log.warning("built %d views in %.1f s", views, time.perf_counter() - started)


@asynccontextmanager
async def views_built(_app):
    try:  # in a thread: the event loop's own start-up work goes on meanwhile
        await asyncio.to_thread(prebuild_current)
    except Exception:  # a builder's failure is the page's to show; never keep the server down
        log.exception("building the views before the first viewer failed")
    yield


app = st.App(Path(__file__).with_name("app.py"), lifespan=views_built)
