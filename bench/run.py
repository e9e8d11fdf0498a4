"""Benchmark harness: `python bench/run.py [--quick]` (or `make bench` / `make bench-quick`).

One run measures, each beside a floor measured the same way in the same run:

  a. warm AppTest rerun of every page, beside a one-metric page (budget <= 25 ms and <= 10x floor)
  b. headless Chromium against the served app: first load of each page until every chart is drawn
     (<= 1.3x a minimal app's) and a change of the sector selectbox until every chart is redrawn
     (<= 1.5x the minimal app's selectbox change)
  c. cold start: process start until /_stcore/health answers, and until the first page is drawn
  d. data scale: synthetic data at 1x/10x/100x the shipped rows (DASHBOARD_DATA_DIR), warm rerun
     time and peak memory per page (100x <= 2x the 1x time)
  e. server RSS with 1 and 25 browser sessions (<= 300 MB at 25)

Writes bench/results.json (every value with its budget and pass/fail) and prints a table.
`--quick` uses tiny repeat counts (CI proof that the harness works); results.json has "quick": true.
Exit status: 0 when every measurement ran (budget misses are findings, not errors), 1 otherwise.

All load goes to 127.0.0.1; every wait is bounded; there is no sleep other than bounded polling.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's "missing ScriptRunContext" noise

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "dashboard" / "app.py"
DATA = REPO / "data"
RESULTS = REPO / "bench" / "results.json"
PAGES = ["overview", "industry", "talent", "innovation", "map", "sources"]
URL_PATHS = {"overview": "/", **{p: f"/{p}" for p in PAGES[1:]}}

BUDGET = {
    "rerun_ms": 25.0,         # a. warm AppTest rerun, ms
    "rerun_ratio": 10.0,      # a. ... / one-metric floor
    "load_ratio": 1.3,        # b. browser first load / minimal app
    "filter_ratio": 1.5,      # b. selectbox change / minimal app
    "scale_ratio": 2.0,       # d. 100x rerun / 1x rerun
    "rss_mb": 300.0,          # e. server RSS at 25 sessions
}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 900}
LOCALE = "zh-CN"
WAIT_MS = 60_000          # every browser wait
HEALTH_TIMEOUT_S = 60     # server start
POLL_S = 0.05             # bounded polling interval (health)
WORKER_TIMEOUT_S = 900    # one data-scale worker process

FLOOR_APPTEST = 'import streamlit as st\n\nst.metric("a", 1)\n'
FLOOR_SERVED = ('import streamlit as st\n\n'
                'st.sidebar.selectbox("s", ["a", "b", "c"], key="sector")\n'
                'st.metric("a", 1)\n')
APP_READY = "[data-testid='stMain'] h1"      # every page starts with st.title
FLOOR_READY = "[data-testid='stMetric']"

# Scaled tables get (factor - 1) synthetic copies of every shipped row; the dimension tables
# (sources, sectors, periods) stay as shipped: a copied sector would be a new filter option.
SCALED_TABLES = ("indicators", "observations", "entities", "honours", "relations", "sector_links")


@dataclass(frozen=True)
class Plan:
    quick: bool
    reruns: int          # a, d: timed AppTest reruns per page
    browser_reps: int    # b: first loads and changes per page
    cold_reps: int       # c
    scales: tuple        # d
    sessions: int        # e


FULL = Plan(quick=False, reruns=15, browser_reps=5, cold_reps=3, scales=(1, 10, 100), sessions=25)
QUICK = Plan(quick=True, reruns=3, browser_reps=1, cold_reps=1, scales=(1, 10), sessions=3)


# --------------------------------------------------------------------------- results

@dataclass
class Result:
    section: str
    check: str
    page: str
    value: float | None
    unit: str
    budget: float | None = None   # value must be <= budget; None: reported only
    floor: float | None = None    # the reference the ratio is taken against, if any
    passed: bool | None = None
    detail: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.budget is not None and self.passed is None:
            self.passed = self.value is not None and self.value <= self.budget


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def ratio(value: float, floor: float) -> float:
    return round(value / floor, 2) if floor else float("inf")


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --------------------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


class Server:
    """`streamlit run SCRIPT` on a free loopback port, in its own process group."""

    def __init__(self, script: Path, log_dir: Path, env: dict | None = None):
        self.script, self.port = script, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"streamlit-{script.stem}-{self.port}.log"
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        """Start the process; return seconds from start until /_stcore/health answers ok."""
        command = [sys.executable, "-m", "streamlit", "run", str(self.script),
                   "--server.port", str(self.port), "--server.headless", "true",
                   "--server.address", "127.0.0.1"]
        started = time.perf_counter()
        with open(self.log, "wb") as log:  # cwd=REPO: both apps read .streamlit/config.toml
            self.process = subprocess.Popen(command, cwd=REPO, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        deadline = started + HEALTH_TIMEOUT_S
        while not healthy(self.url):
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited {self.process.returncode}; see {self.log}")
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{self.url} not healthy after {HEALTH_TIMEOUT_S} s")
            time.sleep(POLL_S)
        return time.perf_counter() - started

    def rss_mb(self) -> float:
        """Resident memory of the server process and its descendants, MB."""
        pids, total_kb = [self.process.pid], 0
        while pids:
            pid = pids.pop()
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                total_kb += int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pids += [int(c) for c in (task / "children").read_text().split()]
            except (OSError, AttributeError):
                continue
        return round(total_kb / 1024, 1)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)  # the group this harness started
                self.process.wait(timeout=grace)
                return
            except ProcessLookupError:
                return
            except subprocess.TimeoutExpired:
                continue

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# --------------------------------------------------------------------------- the browser

CHARTS_DRAWN = """() => {
    const all = (selector) => Array.from(document.querySelectorAll(selector));
    if (all("[data-testid='stSkeleton']").length) return false;
    const drawn = (chart, inner) => chart.querySelector(inner) !== null;
    return all("[data-testid='stVegaLiteChart']").every((c) => drawn(c, "canvas, svg"))
        && all("[data-testid='stGraphVizChart']").every((c) => drawn(c, "svg"))
        && all("[data-testid='stDeckGlJsonChart']").every((c) => drawn(c, "canvas"));
}"""
# Records whether the script state went through "running" after this point (a fast run can go
# running -> notRunning between two polls; the observer still sees the transition).
ARM_RUN_WATCH = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    const watch = {sawRunning: false};
    new MutationObserver((records) => {
        for (const r of records) {
            if (r.oldValue === 'running' || app.getAttribute('data-test-script-state') === 'running')
                watch.sawRunning = true;
        }
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state'],
                     attributeOldValue: true});
    window.__benchWatch = watch;
}"""
RERUN_DONE = f"""() => window.__benchWatch.sawRunning
    && document.querySelector("[data-testid='stApp']").getAttribute('data-test-script-state') === 'notRunning'
    && ({CHARTS_DRAWN})()"""
PAGE_STATS = """() => ({
    vega: document.querySelectorAll("[data-testid='stVegaLiteChart']").length,
    graphviz: document.querySelectorAll("[data-testid='stGraphVizChart']").length,
    deck: document.querySelectorAll("[data-testid='stDeckGlJsonChart']").length,
    exceptions: document.querySelectorAll("[data-testid='stException']").length})"""


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_drawn(page, ready_selector: str) -> None:
    page.wait_for_selector(ready_selector, timeout=WAIT_MS)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']",
                           timeout=WAIT_MS)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                           timeout=WAIT_MS)
    page.wait_for_function(CHARTS_DRAWN, timeout=WAIT_MS)


def first_load(browser, url: str, ready_selector: str):
    """A new browser context (a first visit: empty cache) opens url; seconds until drawn."""
    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, timeout=WAIT_MS)
    wait_drawn(page, ready_selector)
    return context, page, time.perf_counter() - started


def change_selectbox(page, key: str = "sector", option: int = 1) -> float:
    """Pick option number `option` in the selectbox st-key-<key>; seconds from the click until
    the rerun has finished (script state running -> notRunning) and every chart is drawn."""
    page.locator(f".st-key-{key}").get_by_role("combobox").click(timeout=WAIT_MS)
    choice = page.get_by_role("listbox").get_by_role("option").nth(option)
    choice.wait_for(timeout=WAIT_MS)
    page.evaluate(ARM_RUN_WATCH)
    started = time.perf_counter()
    choice.click(timeout=WAIT_MS)
    page.wait_for_function(RERUN_DONE, timeout=WAIT_MS)
    return time.perf_counter() - started


# --------------------------------------------------------------------------- a. AppTest reruns

def timed_rerun(at) -> tuple[float, float]:
    """(wall, CPU) seconds of one at.run(); CPU is the whole process's, script thread included."""
    wall, cpu = time.perf_counter(), time.process_time()
    at.run()
    return time.perf_counter() - wall, time.process_time() - cpu


def apptest_reruns(reruns: int, with_floor: bool = True) -> dict:
    """Warm rerun samples per page, each rerun interleaved with one of the floor page so that
    both see the same machine load. Returns {page: {...}, "_floor": {...}}."""
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        floor_script = Path(folder) / "floor.py"
        floor_script.write_text(FLOOR_APPTEST)
        floor = AppTest.from_file(str(floor_script), default_timeout=60)
        floor.run()
        app = AppTest.from_file(str(APP), default_timeout=600)
        first = time.perf_counter()
        app.run()
        out = {"_first_run_s": round(time.perf_counter() - first, 3), "_floor": {"wall": [], "cpu": []}}
        for name in PAGES:
            app.switch_page(f"views/{name}.py")
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
            out[name] = {"wall": wall, "cpu": cpu, "exceptions": len(app.exception),
                         "errors": len(app.error), "title": app.title[0].value if app.title else None}
        return out


def measure_apptest(plan: Plan) -> list[Result]:
    runs = apptest_reruns(plan.reruns)
    floor_ms = ms(median(runs["_floor"]["wall"]))
    results = [Result("a", "floor rerun (one metric)", "-", floor_ms, "ms",
                      detail={"cpu_ms": ms(median(runs["_floor"]["cpu"])),
                              "samples_ms": [ms(s) for s in runs["_floor"]["wall"]]})]
    for name in PAGES:
        page = runs[name]
        value = ms(median(page["wall"]))
        detail = {"cpu_ms": ms(median(page["cpu"])), "samples_ms": [ms(s) for s in page["wall"]],
                  "exceptions": page["exceptions"], "title": page["title"]}
        ok = page["exceptions"] == 0 and page["title"] is not None
        results.append(Result("a", "warm rerun", name, value, "ms", BUDGET["rerun_ms"],
                              floor_ms, passed=ok and value <= BUDGET["rerun_ms"], detail=detail))
        results.append(Result("a", "warm rerun / floor", name, ratio(value, floor_ms), "x",
                              BUDGET["rerun_ratio"], floor_ms))
    return results


# --------------------------------------------------------------------------- b. browser

def measure_browser(plan: Plan, browser, log_dir: Path, floor_script: Path) -> list[Result]:
    """Per page and repetition: the minimal app's first load and selectbox change, then the
    page's; each in a new context. Ratios are taken against the floor samples of the same page."""
    samples = {name: {"load": [], "change": [], "floor_load": [], "floor_change": []} for name in PAGES}
    stats = {}
    with Server(APP, log_dir) as app, Server(floor_script, log_dir) as floor:
        for _ in range(plan.browser_reps):
            for name in PAGES:
                for prefix, server, path, ready in (("floor_", floor, "/", FLOOR_READY),
                                                    ("", app, URL_PATHS[name], APP_READY)):
                    context, page, loaded = first_load(browser, server.url + path, ready)
                    try:
                        changed = change_selectbox(page)
                        if not prefix:
                            stats[name] = page.evaluate(PAGE_STATS)
                    finally:
                        context.close()
                    samples[name][prefix + "load"].append(loaded)
                    samples[name][prefix + "change"].append(changed)
    results = []
    for name in PAGES:
        s = {k: ms(median(v)) for k, v in samples[name].items()}
        raw = {k: [ms(x) for x in v] for k, v in samples[name].items()}
        clean = stats.get(name, {}).get("exceptions", 1) == 0
        results.append(Result("b", "first load / minimal", name, ratio(s["load"], s["floor_load"]), "x",
                              BUDGET["load_ratio"], s["floor_load"],
                              passed=clean and ratio(s["load"], s["floor_load"]) <= BUDGET["load_ratio"],
                              detail={"load_ms": s["load"], "floor_load_ms": s["floor_load"],
                                      "charts": stats.get(name), "samples_ms": raw["load"],
                                      "floor_samples_ms": raw["floor_load"]}))
        results.append(Result("b", "sector change / minimal", name,
                              ratio(s["change"], s["floor_change"]), "x", BUDGET["filter_ratio"],
                              s["floor_change"],
                              detail={"change_ms": s["change"], "floor_change_ms": s["floor_change"],
                                      "samples_ms": raw["change"],
                                      "floor_samples_ms": raw["floor_change"]}))
    return results


# --------------------------------------------------------------------------- c. cold start

def measure_cold_start(plan: Plan, browser, log_dir: Path, floor_script: Path) -> list[Result]:
    """A new server process each time: seconds until health answers, then until the first page
    (the app's overview; the minimal app beside it) is drawn in a new browser context."""
    timings = {"app": {"health": [], "drawn": []}, "floor": {"health": [], "drawn": []}}
    for _ in range(plan.cold_reps):
        for kind, script, ready in (("floor", floor_script, FLOOR_READY), ("app", APP, APP_READY)):
            server = Server(script, log_dir)
            started = time.perf_counter()
            try:
                health = server.start()
                context, _, _ = first_load(browser, server.url + "/", ready)
                drawn = time.perf_counter() - started
                context.close()
            finally:
                server.stop()
            timings[kind]["health"].append(health)
            timings[kind]["drawn"].append(drawn)
    results = []
    for step, check in (("health", "cold start to health ok"), ("drawn", "cold start to page drawn")):
        app, floor = median(timings["app"][step]), median(timings["floor"][step])
        results.append(Result("c", check, "overview", ms(app), "ms", floor=ms(floor),
                              detail={"ratio_to_minimal": ratio(app, floor),
                                      "samples_ms": [ms(x) for x in timings["app"][step]],
                                      "floor_samples_ms": [ms(x) for x in timings["floor"][step]]}))
    return results


# --------------------------------------------------------------------------- d. data scale

def synthetic_id(k: int, original: str) -> str:
    return f"synthetic_{k:03d}_{original}"


def synthetic_copy(name: str, frame, k: int):
    """Copy k of a table: every id rewritten to synthetic_kkk_<id> (references too), labels
    marked as synthetic; quotes untouched, so they stay verbatim substrings of the article."""
    sid = lambda column: frame[column].map(lambda v: synthetic_id(k, v) if v else v)  # noqa: E731
    mark = {"zh": lambda s: f"合成{k}·" + s, "en": lambda s: f"Synthetic {k}: " + s}
    out = frame.copy()
    note = "Synthetic copy for benchmarking (bench/run.py); not data."
    if name == "indicators":
        out["indicator_id"] = sid("indicator_id")
        for col in ("label", "short_label"):
            for lang in ("zh", "en"):
                out[f"{col}_{lang}"] = frame[f"{col}_{lang}"].map(mark[lang])
        out["note"] = note
    elif name == "observations":
        out["indicator_id"] = sid("indicator_id")
        token = re.compile(r"([a-z][a-z0-9_]*)@([a-z0-9_]+)")  # data.py's indicator@period
        computed = frame["derivation"] == "computed"
        out.loc[computed, "formula"] = frame.loc[computed, "formula"].map(
            lambda f: token.sub(lambda m: f"{synthetic_id(k, m.group(1))}@{m.group(2)}", f))
        out["note"] = note
    elif name == "entities":
        out["entity_id"] = sid("entity_id")
        for lang in ("zh", "en"):
            out[f"name_{lang}"] = frame[f"name_{lang}"].map(mark[lang])
        out["note"] = note
    elif name == "honours":
        out["recipient_id"] = sid("recipient_id")
    elif name == "relations":
        for col in ("relation_id", "from_id", "to_id"):
            out[col] = sid(col)
    elif name == "sector_links":
        out["subject_id"] = sid("subject_id")
    return out


def make_synthetic(target: Path, factor: int) -> dict[str, int]:
    """A copy of data/ (article, codebook, geo) with the scaled tables `factor` times as long.
    data/ itself is only read."""
    import pandas as pd

    from dashboard.data import TABLES, read_table

    shutil.copytree(DATA, target)
    rows = {}
    for name in TABLES:
        frame = read_table(DATA / f"{name}.csv")
        if name in SCALED_TABLES and factor > 1:
            frame = pd.concat([frame] + [synthetic_copy(name, frame, k) for k in range(1, factor)],
                              ignore_index=True)
            frame.to_csv(target / f"{name}.csv", index=False)
        rows[name] = len(frame)
    return rows


def scale_worker(reruns: int) -> None:
    """Run in a fresh process with DASHBOARD_DATA_DIR set: warm rerun time and memory per page.
    Prints one JSON line."""
    runs = apptest_reruns(reruns)
    from streamlit.testing.v1 import AppTest

    peaks = {}
    app = AppTest.from_file(str(APP), default_timeout=600)
    app.run()
    tracemalloc.start()
    for name in PAGES:  # a separate pass: tracemalloc slows the timed reruns down
        app.switch_page(f"views/{name}.py")
        app.run()
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        app.run()
        peaks[name] = round((tracemalloc.get_traced_memory()[1] - base) / 2**20, 2)
    tracemalloc.stop()
    print(json.dumps({
        "first_run_s": runs["_first_run_s"],
        "floor_ms": ms(median(runs["_floor"]["wall"])),
        "pages": {n: {"median_ms": ms(median(runs[n]["wall"])), "cpu_ms": ms(median(runs[n]["cpu"])),
                      "samples_ms": [ms(s) for s in runs[n]["wall"]], "exceptions": runs[n]["exceptions"],
                      "errors": runs[n]["errors"], "rerun_peak_mib": peaks[n]} for n in PAGES},
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def validate_folder(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.check_data", str(folder)], cwd=REPO,
                          capture_output=True, text=True, timeout=WORKER_TIMEOUT_S)


def measure_data_scale(plan: Plan, work: Path) -> list[Result]:
    by_scale, results = {}, []
    for factor in plan.scales:
        folder = work / f"synthetic-{factor}x"
        rows = make_synthetic(folder, factor)
        check = validate_folder(folder)
        if check.returncode != 0:
            results.append(Result("d", f"synthetic {factor}x passes check_data", "-", None, "",
                                  passed=False, detail={"output": check.stdout[-3000:]}))
            continue
        worker = subprocess.run(
            [sys.executable, __file__, "--scale-worker", "--reruns", str(plan.reruns)], cwd=REPO,
            env={**os.environ, "DASHBOARD_DATA_DIR": str(folder)}, capture_output=True, text=True,
            timeout=WORKER_TIMEOUT_S)
        if worker.returncode != 0:
            raise RuntimeError(f"scale worker {factor}x failed:\n{worker.stderr[-3000:]}")
        by_scale[factor] = {**json.loads(worker.stdout.strip().splitlines()[-1]), "rows": rows,
                            "check_data": check.stdout.strip()}
    base = by_scale.get(1)
    for factor, run in by_scale.items():
        results.append(Result("d", f"{factor}x data: load+first run", "-", round(run["first_run_s"] * 1000, 1),
                              "ms", detail={"rows": run["rows"], "check_data": run["check_data"],
                                            "max_rss_mib": run["max_rss_mib"],
                                            "floor_ms": run["floor_ms"]}))
        results.append(Result("d", f"{factor}x data: worker peak RSS", "-", run["max_rss_mib"], "MiB"))
        for name in PAGES:
            page = run["pages"][name]
            clean = page["exceptions"] == 0 and page["errors"] == 0
            detail = {k: page[k] for k in ("cpu_ms", "samples_ms", "rerun_peak_mib", "exceptions")}
            if factor == 1 or base is None:
                results.append(Result("d", f"{factor}x warm rerun", name, page["median_ms"], "ms",
                                      passed=None if clean else False, detail=detail))
            else:
                one = base["pages"][name]["median_ms"]
                budget = BUDGET["scale_ratio"] if factor == 100 else None
                value = ratio(page["median_ms"], one)
                results.append(Result("d", f"{factor}x warm rerun / 1x", name, value, "x", budget, one,
                                      passed=(clean and value <= budget) if budget else (None if clean else False),
                                      detail={"median_ms": page["median_ms"], **detail}))
            results.append(Result("d", f"{factor}x rerun peak alloc", name, page["rerun_peak_mib"], "MiB"))
    return results


# --------------------------------------------------------------------------- e. server memory

def measure_server_memory(plan: Plan, browser, log_dir: Path) -> list[Result]:
    """A fresh server; RSS before any session, with one, and with `sessions` open at once
    (one browser context each, pages in turn, every page left open until the end)."""
    contexts, rss = [], {}
    with Server(APP, log_dir) as server:
        rss["idle"] = server.rss_mb()
        peak = rss["idle"]
        try:
            for i in range(plan.sessions):
                name = PAGES[i % len(PAGES)]
                context, _, _ = first_load(browser, server.url + URL_PATHS[name], APP_READY)
                contexts.append(context)
                peak = max(peak, server.rss_mb())
                if i == 0:
                    rss["1"] = server.rss_mb()
            rss[str(plan.sessions)] = server.rss_mb()
        finally:
            for context in contexts:
                context.close()
    n = plan.sessions
    return [
        Result("e", "server RSS, no session", "-", rss["idle"], "MB"),
        Result("e", "server RSS, 1 session", "overview", rss["1"], "MB"),
        Result("e", f"server RSS, {n} sessions", "all pages in turn", rss[str(n)], "MB",
               BUDGET["rss_mb"] if n >= 25 else None,
               detail={"peak_mb": peak, "per_session_mb": round((rss[str(n)] - rss["1"]) / max(n - 1, 1), 2)}),
    ]


# --------------------------------------------------------------------------- the run

def fmt(value, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}{unit}" if unit == "x" else f"{value:,.1f} {unit}"


def print_table(results: list[Result]) -> None:
    head = f"{'':2} {'check':32} {'page':18} {'value':>12} {'floor/1x':>12} {'budget':>10}  result"
    print(head)
    print("-" * len(head))
    section = None
    for r in results:
        if r.section != section and section is not None:
            print()
        section = r.section
        floor_unit = "ms" if r.unit in ("x", "ms") else r.unit
        verdict = {True: "pass", False: "FAIL", None: ""}[r.passed]
        budget = f"<= {fmt(r.budget, r.unit)}" if r.budget is not None else ""
        print(f"{r.section:2} {r.check:32.32} {r.page:18.18} {fmt(r.value, r.unit):>12} "
              f"{fmt(r.floor, floor_unit) if r.floor is not None else '':>12} {budget:>10}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny repeat counts (CI)")
    parser.add_argument("--only", default="abcde", help="sections to run, e.g. 'ab'")
    parser.add_argument("--scale-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reruns", type=int, default=FULL.reruns, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_worker:
        scale_worker(args.reruns)
        return 0

    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    report = {"quick": plan.quick, "plan": asdict(plan), "budgets": BUDGET,
              "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform(), "load_average_start": load_average()},
              "sections": {}, "errors": [], "results": []}
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        work = Path(tmp)
        floor_script = work / "minimal_app.py"
        floor_script.write_text(FLOOR_SERVED)
        needs_browser = set(args.only) & set("bce")
        with (chromium() if needs_browser else _nothing()) as browser:
            steps = [("a", "AppTest warm reruns", lambda: measure_apptest(plan)),
                     ("b", "browser first load and filter change",
                      lambda: measure_browser(plan, browser, work, floor_script)),
                     ("c", "cold start", lambda: measure_cold_start(plan, browser, work, floor_script)),
                     ("d", "data scale", lambda: measure_data_scale(plan, work)),
                     ("e", "server memory", lambda: measure_server_memory(plan, browser, work))]
            for key, title, run in steps:
                if key not in args.only:
                    continue
                t0, load0 = time.perf_counter(), load_average()
                print(f"[bench] {key}. {title} ...", file=sys.stderr, flush=True)
                try:
                    results += run()
                except Exception as error:  # record it, go on with the next measurement
                    report["errors"].append(f"{key}: {type(error).__name__}: {error}")
                    results.append(Result(key, f"{title}: harness error", "-", None, "", passed=False,
                                          detail={"error": str(error)[-2000:]}))
                report["sections"][key] = {"title": title, "seconds": round(time.perf_counter() - t0, 1),
                                           "load_average_before": load0,
                                           "load_average_after": load_average()}
                print(f"[bench] {key}. done in {report['sections'][key]['seconds']} s",
                      file=sys.stderr, flush=True)
            # the servers' logs, for a look when something failed
            report["server_logs_tail"] = {p.name: p.read_text(errors="replace")[-1500:]
                                          for p in sorted(work.glob("*.log")) if report["errors"]}
    report["machine"]["load_average_end"] = load_average()
    report["duration_s"] = round(time.perf_counter() - started, 1)
    report["results"] = [asdict(r) for r in results]
    report["missed"] = [f"{r.section} {r.check} {r.page}" for r in results if r.passed is False]
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    print_table(results)
    busy = report["machine"]["load_average_start"][0] > (os.cpu_count() or 1)
    print(f"\n{len(report['missed'])} budget(s) missed; {'quick' if plan.quick else 'full'} run took "
          f"{report['duration_s']} s; load average {report['machine']['load_average_start']} -> "
          f"{report['machine']['load_average_end']} on {os.cpu_count()} CPUs"
          + (" (machine busy: timings are noisy)" if busy else "") + f"; wrote {RESULTS.relative_to(REPO)}")
    for error in report["errors"]:
        print(f"harness error: {error}", file=sys.stderr)
    return 1 if report["errors"] else 0


@contextmanager
def _nothing():
    yield None


if __name__ == "__main__":
    sys.exit(main())
