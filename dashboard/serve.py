"""The served dashboard, its views built before the first viewer: `streamlit run
dashboard/serve.py` (the hosting kit's run.sh) serves app.py as `streamlit run
dashboard/app.py` does, but loads the data and builds every page's views (models.prebuild) first.

Streamlit runs nothing of an app before a viewer asks for it, so 400 officials opening the link
at once on a fresh server built those views themselves, on the one core the GIL leaves, and
waited up to 20 s for a first view (issue 15). st.App's lifespan runs before the server takes a
connection, so /_stcore/health answers once the views are there (~11 s on 2 cores).

Memory after a meeting: a collection and a trim of the allocator every 30 s."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger

from dashboard import context, data, geo, mapview, models
from dashboard.validate import DataError

log = get_logger(__name__)  # Streamlit's: its format, its logger.level (info by default)

# Memory after a meeting (issue 15): with this, 1.13x the built level once the viewers' sessions
# have expired (1.25x before). Not PYTHONMALLOC=malloc, although RSS then came back to 1.04x: under
# 400 viewers it cost 8.0-15.7 ms of CPU a change against 7.0-11.3 (four 30 s runs each,
# interleaved), and CPU is what holds viewers.
TRIM_EVERY_S = 30  # a collection (~60 ms) and malloc_trim(0) (a few ms, outside the GIL)


def prebuild_current() -> int:
    """Build every view of the current data, or nothing when it is invalid (the pages say why);
    the number of views built."""
    started = time.perf_counter()
    dataset, problems = data.load_current()
    if dataset is None:
        log.warning("data invalid (%d problems): no views built before the first viewer", len(problems))
        return 0
    try:
        maps = data.load_geo(dataset=dataset)
    except DataError:  # the map page lists the problems; the other pages are built
        maps = None
    views = models.prebuild(dataset, maps, map_style=geo.basemap_style(),
                            static_url=context.static_url(mapview.BOUNDARIES_FILE))
    log.info("built %d views in %.1f s", views, time.perf_counter() - started)
    return views


def trim_memory_until(stopped: threading.Event) -> None:
    """Hand freed memory back to the system every TRIM_EVERY_S until `stopped` is set. A full
    collection first: a session Streamlit has dropped is cyclic garbage, and with
    runner.postScriptGC off nothing collects it while the server is quiet."""
    while not stopped.wait(TRIM_EVERY_S):
        gc.collect()
        data.release_memory()


@asynccontextmanager
async def views_built(_app):
    try:  # in a thread: the event loop's own start-up work goes on meanwhile
        await asyncio.to_thread(prebuild_current)
    except Exception:  # a builder's failure is the page's to show; never keep the server down
        log.exception("building the views before the first viewer failed")
    stopped = threading.Event()
    threading.Thread(target=trim_memory_until, args=(stopped,), name="trim memory", daemon=True).start()
    try:
        yield
    finally:
        stopped.set()


app = st.App(Path(__file__).with_name("app.py"), lifespan=views_built)
