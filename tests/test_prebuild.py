"""models.prebuild builds, before the first viewer, everything a viewer of the newest year sees
(issue 15's cold start): dashboard/serve.py does so before the server takes a connection."""

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data, printing, select, serve
from dashboard.i18n import LANGUAGES
from dashboard.pages import PAGES

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture
def fresh(data_copy, monkeypatch):
    """A data folder of its own: a dataset whose memo nothing else has filled."""
    monkeypatch.setenv(data.DATA_DIR_ENV, str(data_copy))
    return data.load(data_copy)


def test_every_view_of_the_newest_year_is_built_before_anyone_asks(fresh):
    views = serve.prebuild_current()  # what the served app does before its port answers
    assert views == len(PAGES) * len(LANGUAGES) * len(select.sector_options(fresh))
    built, copies = set(fresh.memo), len(printing._COPIES)
    asked = []
    for lang in LANGUAGES:
        for page in PAGES:
            at = AppTest.from_file(APP, default_timeout=60)
            at.query_params["lang"] = lang
            at.run()
            if page.slug:
                at.switch_page(page.path)
                at.run()
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


def test_invalid_data_builds_nothing_and_serves_anyway(fresh, data_copy):
    (data_copy / "indicators.csv").write_text("not,a,valid\ntable,at,all\n", encoding="utf-8")
    serve.prebuild_current()  # logs that nothing was built; raises nothing
    assert data.load_current()[0] is fresh  # the last valid data is still what is shown


def test_the_served_app_is_the_dashboards_with_its_views_built_first():
    assert serve.app.script_path.resolve() == Path(APP).resolve()
    assert serve.app._user_lifespan is serve.views_built


def test_the_hosting_kit_serves_the_app_with_its_views_built():
    run_sh = (Path(APP).parent.parent / "deploy" / "bundle" / "run.sh").read_text(encoding="utf-8")
    assert 'with_name("serve.py")' in run_sh


def test_freed_memory_is_handed_back_until_the_server_stops(monkeypatch):
    trims, stopped = [], threading.Event()

    def release_memory():
        trims.append(1)
        if len(trims) == 3:
            stopped.set()  # the server stops: no trim after this one

    monkeypatch.setattr(serve, "TRIM_EVERY_S", 0.01)
    monkeypatch.setattr(data, "release_memory", release_memory)
    thread = threading.Thread(target=serve.trim_memory_until, args=(stopped,))
    thread.start()
    thread.join(timeout=5)
    assert not thread.is_alive() and len(trims) == 3
