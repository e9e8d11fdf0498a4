"""a. Warm AppTest reruns of every page, each interleaved with a rerun of a one-metric page (the
floor). apptest_reruns() also times section d's reruns on synthetic data."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench import shared
from bench.shared import BUDGET, Plan, Result, median, ms, ratio

FLOOR_APPTEST = 'import streamlit as st\n\nst.metric("a", 1)\n'


def timed_rerun(at) -> tuple[float, float]:
    """(wall, CPU) seconds of one at.run(); CPU is the whole process's, script thread included."""
    wall, cpu = time.perf_counter(), time.process_time()
    at.run()
    return time.perf_counter() - wall, time.process_time() - cpu


def apptest_reruns(reruns: int, with_floor: bool = True) -> dict:
    """Warm rerun samples per page, each rerun interleaved with one of the floor page so that
    both see the same machine load. Returns {page: {...}, "_floor": {...}}."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest

    # AppTest compiles the scripts anew on every run (a new ScriptCache each time: app.py and a
    # page, ~5 ms); a server compiles each once. One cache, as the server keeps, so that the
    # ratio compares reruns as served (the one-line floor page cost next to nothing to compile).
    cache = ScriptCache()
    app_test.ScriptCache = lambda: cache
    with tempfile.TemporaryDirectory() as folder:
        floor_script = Path(folder) / "floor.py"
        floor_script.write_text(FLOOR_APPTEST)
        floor = AppTest.from_file(str(floor_script), default_timeout=60)
        floor.run()
        app = AppTest.from_file(str(shared.APP), default_timeout=600)
        first = time.perf_counter()
        app.run()
        out = {"_first_run_s": round(time.perf_counter() - first, 3), "_floor": {"wall": [], "cpu": []},
               "_imported_from": str(Path(sys.modules["dashboard"].__file__).parent)}
        for info in shared.PAGES:
            app.switch_page(info.path)
            app.run()  # warm
            wall, cpu = [], []
            for _ in range(reruns):
                if with_floor:
                    w, c = timed_rerun(floor)
                    out["_floor"]["wall"].append(w)
                    out["_floor"]["cpu"].append(c)
                w, c = timed_rerun(app)
                wall.append(w)
                cpu.append(c)
            out[info.name] = {"wall": wall, "cpu": cpu, "exceptions": len(app.exception),
                         "exception_messages": [e.message for e in app.exception][:3],
                         "errors": len(app.error), "title": app.title[0].value if app.title else None}
        return out


def measure_apptest(plan: Plan) -> list[Result]:
    runs = apptest_reruns(plan.reruns)
    floor_ms = ms(median(runs["_floor"]["wall"]))
    results = [Result("a", "floor rerun (one metric)", "-", floor_ms, "ms",
                      detail={"app_imported_from": runs["_imported_from"],
                              "cpu_ms": ms(median(runs["_floor"]["cpu"])),
                              "samples_ms": [ms(s) for s in runs["_floor"]["wall"]]})]
    for name in (info.name for info in shared.PAGES):
        page = runs[name]
        value = ms(median(page["wall"]))
        detail = {"cpu_ms": ms(median(page["cpu"])), "samples_ms": [ms(s) for s in page["wall"]],
                  "exceptions": page["exceptions"], "exception_messages": page["exception_messages"],
                  "title": page["title"]}
        ok = page["exceptions"] == 0 and page["title"] is not None
        results.append(Result("a", "warm rerun", name, value, "ms", BUDGET["rerun_ms"],
                              passed=ok and value <= BUDGET["rerun_ms"], detail=detail))
        results.append(Result("a", "warm rerun / floor", name, ratio(value, floor_ms), "x",
                              BUDGET["rerun_ratio"], floor_ms, value))
    return results


