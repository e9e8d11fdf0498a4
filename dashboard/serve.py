"""The served dashboard, its views built before the first viewer: `streamlit run
dashboard/serve.py` (the hosting kit's run.sh) serves app.py as `streamlit run
dashboard/app.py` does, but loads the data and builds every page's views (models.prebuild) first.

Streamlit runs nothing of an app before a viewer asks, so the first of 400 officials built the
views themselves while the rest waited (cold start p95 22 s); st.App's lifespan runs before the
server takes a connection, so /_stcore/health answers once the views are there (~11 s on 2 cores;
cold start p95 then under 1 s). While it serves, a thread builds the views of data an analyst
saves, and trims memory every 30 s. docs/performance.md tells the story."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger

from dashboard import context, data, geo, memo, models
from dashboard.data import Dataset, GeoData
from dashboard.models import map as map_page
from dashboard.problems import DataError

log = get_logger(__name__)  # Streamlit's: its format, its logger.level (info by default)

# Under 400 viewers a full collection walked the data and built views (~335,000 objects, 230 ms
# with the GIL held) ten times in 40 s; with the views frozen (build_views) and young objects
# collected every 10,000 instead of 700, once (68 ms): p95 0.41-0.55 s instead of 0.78-0.95 s.
YOUNG_COLLECTION_EVERY = 10_000  # new objects (Python's default: 700)
# Memory after a meeting: dropped sessions are cyclic garbage, and glibc keeps freed memory until
# malloc_trim. A collection and a trim every TRIM_EVERY_S (a few ms each): 1.03x the built level
# 3 minutes after 400 viewers with the kit's C allocator (run.sh), 1.25x before.
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
                            static_url=context.static_url(map_page.BOUNDARIES_FILE))
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
