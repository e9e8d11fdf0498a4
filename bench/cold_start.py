"""c. Cold start: a new server process each time, until /_stcore/health answers and until the
first page is drawn."""

from __future__ import annotations

import time
from pathlib import Path

from bench import shared
from bench.browser import APP_READY, FLOOR_READY, first_load
from bench.shared import Plan, Result, median, ms, ratio, serve


def measure_cold_start(plan: Plan, browser, log_dir: Path, floor_script: Path) -> list[Result]:
    """A new server process each time: seconds until health answers, then until the first page
    (the app's overview; the minimal app beside it) is drawn in a new browser context."""
    timings = {"app": {"health": [], "drawn": []}, "floor": {"health": [], "drawn": []}}
    for _ in range(plan.cold_reps):
        for kind, script, ready in (("floor", floor_script, FLOOR_READY), ("app", shared.APP, APP_READY)):
            server = serve(script, log_dir)
            started = time.perf_counter()
            try:
                health = server.start().wait_healthy()
                navigation = time.perf_counter()
                visit = first_load(browser, server, "/", ready)
                drawn = navigation - started + visit.seconds
                visit.context.close()
            finally:
                server.stop()
            timings[kind]["health"].append(health)
            timings[kind]["drawn"].append(drawn)
    results = []
    for step, check in (("health", "cold start to health ok"), ("drawn", "cold start to page drawn")):
        app, floor = median(timings["app"][step]), median(timings["floor"][step])
        results.append(Result("c", check, shared.DEFAULT_PAGE.name, ms(app), "ms", floor=ms(floor),
                              detail={"ratio_to_minimal": ratio(app, floor),
                                      "samples_ms": [ms(x) for x in timings["app"][step]],
                                      "floor_samples_ms": [ms(x) for x in timings["floor"][step]]}))
    return results


