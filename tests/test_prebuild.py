"""models.prebuild builds, before the first viewer, everything a viewer of the newest year sees
(issue 15's cold start): dashboard/serve.py does so before the server takes a connection."""

import asyncio
import gc
import re
import threading
import time
import weakref
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data, memo, printing, select, serve
from dashboard.i18n import LANGUAGES
from dashboard.models import indicator, industry, innovation, overview, sources, talent, trends
from dashboard.models import map as map_page
from dashboard.models.registry import BUILDERS
from dashboard.pages import PAGES
from tests.fixtures import MULTI_SOURCE
from tests.harness import HOSTED_ENVIRONMENT, hosted_dashboard

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
RUN_SH = Path(APP).parent.parent / "deploy" / "bundle" / "run.sh"


@pytest.fixture(autouse=True)
def collector_as_it_was():
    """serve.py sets the served process's collector (build_views freezes what it built, the
    lifespan collects young objects less often); the tests after these get Python's own."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.fixture
def fresh(data_copy, monkeypatch):
    """A data folder of its own: a dataset whose memo nothing else has filled."""
    monkeypatch.setenv(data.DATA_DIR_ENV, str(data_copy))
    return memo.load(data_copy)


def every_page():
    """(page, language, an AppTest run on that page) for every page in every language."""
    for lang in LANGUAGES:
        for page in PAGES:
            at = AppTest.from_file(APP, default_timeout=60)
            at.query_params["lang"] = lang
            at.run()
            if page.slug:
                at.switch_page(page.path)
                at.run()
            yield page, lang, at


def test_every_view_of_the_newest_year_is_built_before_anyone_asks(fresh):
    views = serve.build_views(*serve.current_data())  # what the served app does before its port answers
    assert views == len(PAGES) * len(LANGUAGES) * len(select.sector_options(fresh))
    built, copies = set(fresh.memo), len(printing._COPIES)
    asked = []
    for page, lang, at in every_page():
        for sector in select.sector_options(fresh):
            at.session_state["sector"] = sector
            for map_view in ("counties", "links", "places") if page.name == "map" else (None,):
                if map_view:
                    at.session_state["map_view"] = map_view
                at.run()
                assert not at.exception, (page.name, lang, sector, at.exception)
                asked += [(page.name, lang, sector, key[0][1]) for key in set(fresh.memo) - built]
                built = set(fresh.memo)
    assert asked == []  # what a viewer asked for that was built only then
    assert len(printing._COPIES) == copies  # the tables' paper copies too


def test_every_builder_of_a_page_model_registers_itself_for_prebuild():
    """A builder (per_dataset) without @prebuilt would be built only when a viewer first asks."""
    registered = {builder for _, builder, _ in BUILDERS}
    made_when_asked = {indicator.download}  # a download is built on its button's click, by design
    for module in (indicator, industry, innovation, map_page, overview, sources, talent, trends):
        builders = [f for f in vars(module).values()
                    if hasattr(f, "__wrapped__") and f.__module__ == module.__name__]
        unregistered = [f.__name__ for f in builders if f not in registered | made_when_asked]
        assert builders and not unregistered, module.__name__


def test_invalid_data_builds_nothing_and_serves_anyway(fresh, data_copy):
    (data_copy / "indicators.csv").write_text("not,a,valid\ntable,at,all\n", encoding="utf-8")
    serve.build_views(*serve.current_data())  # logs that nothing was built; raises nothing
    assert memo.load_current()[0] is fresh  # the last valid data is still what is shown


class Cycle:
    """An object that only the cyclic collector can free."""

    def __init__(self):
        self.itself = self


def test_built_views_are_left_out_of_full_collections(fresh):
    """A full collection walked the data and the views (~335,000 objects, 230 ms with the GIL
    held) again and again under load; frozen once built, it skips them. A save's build hands
    what the views of the data before it held back to the collector."""
    alive_at_build = Cycle()
    gone = weakref.ref(alive_at_build)
    serve.build_views(*serve.current_data())
    del alive_at_build
    gc.collect()
    assert gone() is not None  # frozen with the views: a full collection does not walk it
    serve.build_views(*serve.current_data())  # the next build, as after a save
    assert gone() is None


def test_the_served_process_collects_young_objects_less_often(monkeypatch):
    monkeypatch.setattr(serve, "current_data", lambda: (None, None))

    async def serve_briefly():
        async with serve.views_built(None):
            return gc.get_threshold()

    # A thread of its own: the browser tests leave an event loop running in this one.
    thresholds = []
    thread = threading.Thread(target=lambda: thresholds.append(asyncio.run(serve_briefly())))
    thread.start()
    thread.join(timeout=30)
    assert thresholds and thresholds[0][0] == serve.YOUNG_COLLECTION_EVERY


def test_the_served_app_is_the_dashboards_with_its_views_built_first():
    assert serve.app.script_path.resolve() == Path(APP).resolve()
    assert serve.app._user_lifespan is serve.views_built


def test_the_hosting_kit_serves_the_app_with_its_views_built():
    assert 'with_name("serve.py")' in RUN_SH.read_text(encoding="utf-8")


def test_the_load_test_serves_the_dashboard_with_the_kits_environment():
    """run.sh's defaults are what tests.harness.hosted_dashboard adds (the load test and the
    capacity test measure the dashboard as a replica runs it); tests/deploy checks a replica's."""
    run_sh = RUN_SH.read_text(encoding="utf-8")
    for name, value in HOSTED_ENVIRONMENT.items():
        exported = re.search(rf'^export {name}="\${{{name}:-([^}}]*)}}"$', run_sh, flags=re.M)
        assert exported and exported.group(1) == value, f"run.sh does not default {name} to {value}"
    served = hosted_dashboard(Path(APP).parent.parent, log=Path("unused.log"))  # not started
    assert HOSTED_ENVIRONMENT.items() <= served.env.items()


def test_a_save_has_its_views_built_before_a_viewer_asks(fresh, data_copy, monkeypatch):
    built, stopped = [], threading.Event()

    def build_views(dataset, maps):
        built.append(dataset)
        # Until the data as it is now: a look can take the folder's fingerprint halfway through
        # a save and read the files after it, so the whole save is built under the half's
        # fingerprint and again under its own on the next look (one CI run did).
        if dataset is memo.load_current()[0]:
            stopped.set()
        return 0

    monkeypatch.setattr(serve, "WATCH_EVERY_S", 0.01)
    monkeypatch.setattr(serve, "build_views", build_views)
    thread = threading.Thread(target=serve.keep_up_until, args=(stopped, serve.current_data()))
    thread.start()
    try:
        time.sleep(0.3)
        assert built == []  # nothing saved: nothing built again
        indicators = data_copy / "indicators.csv"
        saved = indicators.read_bytes()
        indicators.write_text("not,a,valid\ntable,at,all\n", encoding="utf-8")
        time.sleep(0.5)
        assert built == []  # a broken save: the last valid data is shown, its views are built
        indicators.write_bytes(saved)  # the analyst saves again: the same figures, a new dataset
        thread.join(timeout=30)
    finally:
        stopped.set()
    assert built and fresh not in built and built[-1] is memo.load_current()[0]


def test_a_save_is_built_once_the_folder_holds_still(monkeypatch):
    """Looked at halfway through a write, a save was built twice (~10 s of CPU each): under the
    half's fingerprint, then its own."""
    looks, builds, stopped = iter(range(10**9)), [], threading.Event()
    still = threading.Event()
    monkeypatch.setattr(data, "fingerprint", lambda folder: ("still",) if still.is_set() else (next(looks),))
    monkeypatch.setattr(serve, "current_data", lambda: (object(), None))  # each look: a new dataset
    monkeypatch.setattr(serve, "WATCH_EVERY_S", 0.01)
    monkeypatch.setattr(serve, "build_views", lambda dataset, maps: builds.append(dataset))
    thread = threading.Thread(target=serve.keep_up_until, args=(stopped, (None, None)))
    thread.start()
    try:
        time.sleep(0.3)  # thirty looks, each at a folder being written
        assert builds == []
        still.set()
        deadline = time.monotonic() + 10
        while not builds and time.monotonic() < deadline:
            time.sleep(0.01)
        assert builds
    finally:
        stopped.set()
        thread.join(timeout=5)


def test_a_build_that_fails_waits_for_the_next_save(monkeypatch):
    saves, builds, stopped = [(object(), None)], [], threading.Event()

    def build_views(dataset, maps):
        builds.append(dataset)
        raise RuntimeError("a builder's bug")

    def wait_for(count):
        deadline = time.monotonic() + 10
        while len(builds) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)  # twenty more looks at the folder
        return len(builds)

    monkeypatch.setattr(serve, "current_data", lambda: saves[-1])
    monkeypatch.setattr(serve, "WATCH_EVERY_S", 0.01)
    monkeypatch.setattr(serve, "build_views", build_views)
    thread = threading.Thread(target=serve.keep_up_until, args=(stopped, (None, None)))
    thread.start()
    try:
        assert wait_for(1) == 1  # tried once, logged, not again and again
        saves.append((object(), None))
        assert wait_for(2) == 2  # the next save is built
    finally:
        stopped.set()
        thread.join(timeout=5)


def test_freed_memory_is_handed_back_until_the_server_stops(monkeypatch):
    trims, stopped = [], threading.Event()

    def release_memory():
        trims.append(1)
        if len(trims) == 3:
            stopped.set()  # the server stops: no trim after this one

    unchanged = (object(), object())
    monkeypatch.setattr(serve, "current_data", lambda: unchanged)
    monkeypatch.setattr(serve, "WATCH_EVERY_S", 0.01)
    monkeypatch.setattr(serve, "TRIM_EVERY_S", 0.01)
    monkeypatch.setattr(data, "release_memory", release_memory)
    monkeypatch.setattr(data, "fingerprint", lambda folder: ())  # no save to look at
    thread = threading.Thread(target=serve.keep_up_until, args=(stopped, unchanged))
    thread.start()
    # Generous: each round's full collection walks the whole test session's heap, which took
    # seconds under a loaded CI machine; a passing run ends at the third trim anyway.
    thread.join(timeout=120)
    assert not thread.is_alive() and len(trims) == 3


def kept_references(ds, maps) -> dict[str, int]:
    """The (weak) references pandas keeps, dead or alive, on each kept frame's blocks and index:
    it drops the dead ones only once 500 have piled up (pandas 3's BlockValuesRefs)."""
    frames = {**ds.tables, "places": maps.places, "town_industries": maps.town_industries}
    return {name: sum(len(block.refs.referenced_blocks) for block in frame._mgr.blocks)
            + len(frame.index._references.referenced_blocks) for name, frame in frames.items()}


def test_reruns_leave_no_reference_on_the_kept_frames(monkeypatch):
    """Issue 15's work repeated on every rerun: a column read from a kept frame (the Sources
    page's ids) is a new Series each time, and left ~700 dead references on the frame after a
    load. Every page, both languages, a sector change, on two sources (the Sources page's
    selectbox too): what a rerun needs from the data it takes from a view built once."""
    monkeypatch.setenv(data.DATA_DIR_ENV, str(MULTI_SOURCE))
    ds, maps = serve.current_data()
    serve.build_views(ds, maps)
    before = kept_references(ds, maps)
    for page, lang, at in every_page():
        at.session_state["sector"] = select.sector_options(ds)[1]
        at.run()
        assert not at.exception, (page.name, lang, at.exception)
    grown = {name: n - before[name] for name, n in kept_references(ds, maps).items() if n > before[name]}
    assert grown == {}
