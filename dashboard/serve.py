"""The served dashboard, its views built before the first viewer: `streamlit run
dashboard/serve.py` (the hosting kit's run.sh) serves app.py as `streamlit run
dashboard/app.py` does, but loads the data and builds every page's views (models.prebuild) first.

Streamlit runs nothing of an app before a viewer asks for it, so 400 officials opening the link
at once on a fresh server built those views themselves, on the one core the GIL leaves, and
waited up to 20 s for a first view (issue 15). st.App's lifespan runs before the server takes a
connection, so /_stcore/health answers once the views are there (~11 s on 2 cores).

While it serves, a thread builds the views of data an analyst saves (once the folder has held
still for one look, WATCH_EVERY_S, so that the next meeting's first viewers do not build them)
and, every 30 s, collects and trims the allocator (memory after a meeting). What the views hold is
kept out of Python's cyclic collector (build_views), which otherwise walked it under the GIL
again and again while the viewers waited."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger

from dashboard import context, data, geo, mapview, memo, models
from dashboard.data import Dataset, GeoData
from dashboard.problems import DataError

log = get_logger(__name__)  # Streamlit's: its format, its logger.level (info by default)

# Python's cyclic collector under load (issue 15; 400 viewers for 30 s, traced with gc.callbacks):
# a full collection walks the data and the built views, ~335,000 objects, in 230 ms with the GIL
# held; 400 viewers set off ten in 40 s. The views, frozen once built (gc.freeze), are left out:
# 50 ms each. With the young generation collected every 10,000 new objects rather than 700, a
# session's short-lived cycles mostly die young instead of being promoted: one full collection in
# those 40 s, and 0.75 s of collecting against 3.05 s. Measured (loadtest.run --levels 400
# --seconds 30, run after run): p95 0.78-0.95 -> 0.41-0.55 s (median 0.47), 8.1-8.5 -> 7.3-8.0 ms
# of CPU a change; 400 viewers arriving within 10 s on a fresh server p95 5.4 -> 2.0-2.4 s.
YOUNG_COLLECTION_EVERY = 10_000  # new objects (Python's default: 700)
# Memory after a meeting (issue 15): a session Streamlit has dropped is garbage in cycles, and
# glibc keeps what was freed until malloc_trim. Every TRIM_EVERY_S, a collection (a few ms, the
# views being frozen) and malloc_trim(0) (a few ms, outside the GIL): with the C allocator the
# hosting kit runs with (deploy/bundle/run.sh), 1.03x the built level 3 minutes after 400 viewers
# (1.25x before); Python's own allocator keeps 1.12-1.14x, since it frees an arena only once
# every block in it is free and a few survivors of the meeting pin most of them.
TRIM_EVERY_S = 30
# An analyst's save is built within this (a fingerprint of data/, ~0.1 ms, when nothing changed).
WATCH_EVERY_S = 5


def current_data() -> tuple[Dataset | None, GeoData | None]:
    """The data the pages show now (None when it was never valid) and its map files (None when
    they are invalid: the map page lists the problems; the other pages are built)."""
    dataset, _problems = memo.load_current()
    if dataset is None:
        return None, None
    try:
        return dataset, memo.load_geo(dataset=dataset)
    except DataError:
        return dataset, None


def build_views(dataset: Dataset | None, maps: GeoData | None) -> int:
    """Build every view of `dataset`, or nothing when there is none; the number of views built."""
    if dataset is None:
        log.warning("data invalid: no views built before the first viewer")
        return 0
    started = time.perf_counter()
    gc.unfreeze()  # what the views of data no longer shown held can be collected again
    views = models.prebuild(dataset, maps, map_style=geo.basemap_style(),
                            static_url=context.static_url(mapview.BOUNDARIES_FILE))
    gc.collect()
    # YOUNG_COLLECTION_EVERY says why. A save built while viewers are in freezes their sessions'
    # objects too: those left in cycles when the sessions end wait for the next build.
    gc.freeze()
    log.info("built %d views in %.1f s", views, time.perf_counter() - started)
    return views


def keep_up_until(stopped: threading.Event, built: tuple) -> None:
    """Until `stopped` is set: every WATCH_EVERY_S, build the views of data saved since `built`
    (the data whose views are built) before a viewer asks for them; every TRIM_EVERY_S, hand
    freed memory back to the system. A full collection before the trim: a session Streamlit has
    dropped is cyclic garbage, and with runner.postScriptGC off nothing collects it while the
    server is quiet."""
    trimmed, files = time.monotonic(), None
    while not stopped.wait(WATCH_EVERY_S):
        try:
            # A save is built once the folder has held still for a look: a fingerprint taken
            # halfway through a write could go with the whole file read after it, and the save
            # was built twice, under the half's fingerprint and its own (~10 s of CPU each).
            seen, files = files, data.fingerprint(data.data_dir())
            now = current_data() if files == seen else built  # also validates a save here
            if now[0] is not None and (now[0] is not built[0] or now[1] is not built[1]):
                built = now  # first: a build that fails is not retried (~10 s of CPU) until a save
                build_views(*now)
        except Exception:  # a builder's failure is the page's to show; keep watching
            log.exception("building the views of the saved data failed")
        if time.monotonic() - trimmed >= TRIM_EVERY_S:
            gc.collect()
            data.release_memory()
            trimmed = time.monotonic()


@asynccontextmanager
async def views_built(_app):
    built = (None, None)
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
    try:  # in a thread: the event loop's own start-up work goes on meanwhile
        built = await asyncio.to_thread(current_data)
        await asyncio.to_thread(build_views, *built)
    except Exception:  # a builder's failure is the page's to show; never keep the server down
        log.exception("building the views before the first viewer failed")
    stopped = threading.Event()
    threading.Thread(target=keep_up_until, args=(stopped, built), name="keep views built",
                     daemon=True).start()
    try:
        yield
    finally:
        stopped.set()


app = st.App(Path(__file__).with_name("app.py"), lifespan=views_built)
