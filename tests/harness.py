"""What the browser tests, the deploy tests, the benchmarks and the load test share: the system
Chromium and how to launch it offline, a free loopback port, and "every chart is drawn"."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; `playwright install` cannot download one
# Headless and quiet: no background requests, which this machine's closed network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-features=Translate,OptimizationHints,MediaRouter", "--disable-default-apps",
]

# True once no placeholder is left and every chart has drawn (Vega: canvas or svg, Graphviz: svg,
# deck.gl: canvas).
CHARTS_DRAWN = """() => {
    const all = (selector) => Array.from(document.querySelectorAll(selector));
    if (all("[data-testid='stSkeleton']").length) return false;
    const drawn = (chart, inner) => chart.querySelector(inner) !== null;
    return all("[data-testid='stVegaLiteChart']").every((c) => drawn(c, "canvas, svg"))
        && all("[data-testid='stGraphVizChart']").every((c) => drawn(c, "svg"))
        && all("[data-testid='stDeckGlJsonChart']").every((c) => drawn(c, "canvas"));
}"""


# --------------------------------------------------------------------------- what a page shows

# The data-testid of each kind of element a page is expected to show at least so many of.
ELEMENT_TEST_IDS = {"vega": "stVegaLiteChart", "graphviz": "stGraphVizChart",
                    "deck": "stDeckGlJsonChart", "metrics": "stMetric", "images": "stImage"}

# What the browser and deploy tests expect in each page's default view (the shipped data, all
# sectors, 2024), keyed by PageInfo.name: at least this many of each kind, 0 for a kind not named.
# Test expectations, not page facts, so not in dashboard/pages.py; every page of PAGES needs an
# entry, even an empty one (tests/test_page_list.py): a new page's author says what it must show.
LEAST_ELEMENTS: dict[str, dict[str, int]] = {
    "overview": {"metrics": 15},
    "industry": {"vega": 1, "graphviz": 1},
    "talent": {"vega": 1, "metrics": 1},
    "innovation": {"metrics": 1},
    "map": {"deck": 1, "images": 1},
    "sources": {},
}


def too_few_elements(page, info) -> list[str]:
    """'<found> <test id>, expected at least <least>' for each kind the browser `page` shows too
    few of, for the dashboard page `info` (a PageInfo)."""
    if info.name not in LEAST_ELEMENTS:
        return [f"no expectations for page {info.name!r}: add it to LEAST_ELEMENTS in tests/harness.py"]
    problems = []
    for kind, least in LEAST_ELEMENTS[info.name].items():
        test_id = ELEMENT_TEST_IDS[kind]
        found = page.locator(f"[data-testid='{test_id}']").count()
        if found < least:
            problems.append(f"{found} {test_id}, expected at least {least}")
    return problems


def page_named(name: str):
    """The PageInfo of dashboard.pages.PAGES called `name` ('overview', 'map', ...)."""
    # Imported here, not at the top: the bench imports this module before it decides which
    # tree's `dashboard` package to import.
    from dashboard.pages import PAGES

    (info,) = [p for p in PAGES if p.name == name]
    return info


# --------------------------------------------------------------------------- processes

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(process: subprocess.Popen, term: int = signal.SIGTERM) -> None:
    """Stop a process group started with start_new_session=True: `term`, then SIGKILL."""
    if process.poll() is not None:
        return
    for sig, grace in ((term, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)  # the whole group: streamlit and anything it started
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
