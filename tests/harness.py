"""What the browser tests, the deploy tests, the benchmarks and the load test share: the system
Chromium and how to launch it offline, a free loopback port, and "every chart is drawn"."""

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


# A page spec's minimum counts (fields of the PageSpec in tests/browser and tests/deploy) and
# the data-testid of the element each one counts.
ELEMENT_TEST_IDS = {"vega": "stVegaLiteChart", "graphviz": "stGraphVizChart",
                    "deck": "stDeckGlJsonChart", "metrics": "stMetric", "images": "stImage"}


def too_few_elements(page, spec) -> list[str]:
    """'<found> <test id>, expected at least <least>' for each kind the page shows too few of."""
    problems = []
    for field, test_id in ELEMENT_TEST_IDS.items():
        found, least = page.locator(f"[data-testid='{test_id}']").count(), getattr(spec, field)
        if found < least:
            problems.append(f"{found} {test_id}, expected at least {least}")
    return problems


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
