"""Benchmark harness: `python bench/run.py [--quick]` (or `make bench` / `make bench-quick`).

One run measures, each beside a floor measured the same way in the same run:

  a. warm AppTest rerun of every page, beside a one-metric page (budget <= 25 ms and <= 10x floor)
  b. headless Chromium against the served app: first load of each page until every chart is drawn
     (<= 1.3x a minimal app's) and a change of the sector selectbox until every chart is redrawn
     (<= 1.5x the minimal app's selectbox change); both also beside a same-size page (as many
     plain elements and charts as the page, reported only), which separates Streamlit's cost of
     a page's size from ours
  c. cold start: process start until /_stcore/health answers, and until the first page is drawn
  d. data scale: synthetic data at 1x/10x/100x the shipped rows (DASHBOARD_DATA_DIR), warm rerun
     time and peak memory per page (100x <= 2x the 1x time)
  e. server RSS with 1 and 25 browser sessions (<= 300 MB at 25)

Writes bench/results.json (every value with its budget and pass/fail) and prints a table.
`--quick` uses tiny repeat counts (CI proof that the harness works); results.json has "quick": true.
`--only ab` runs some sections. Exit status: 0 when every measurement ran (budget misses are
findings, not errors), 1 otherwise.

The app is measured as it was when the run started: dashboard/, data/ and .streamlit/ are copied to
a temporary folder first (the work tree may be edited meanwhile); `--live` measures the work tree
itself, `--keep DIR` keeps the copy and the synthetic data (for profiling the same version).
Wall times on a shared machine are noisy: every floor is measured interleaved with what it is
compared to, AppTest reruns also record CPU time, browser steps the server's CPU time.

All load goes to 127.0.0.1; every wait is bounded; there is no sleep other than bounded polling.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's "missing ScriptRunContext" noise
# AppTest runs only: record the real exception message in results.json (the served apps keep the
# production setting from .streamlit/config.toml, see Server).
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: make the shared harness importable
from tests.harness import CHARTS_DRAWN, CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402
RESULTS = REPO / "bench" / "results.json"
SNAPSHOT = ("dashboard", "data", ".streamlit")  # what the app needs to run, copied by snapshot()
# The tree under test: a snapshot of REPO taken at the start (default) or REPO itself (--live).
ROOT = REPO
APP = ROOT / "dashboard" / "app.py"
DATA = ROOT / "data"
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
# The same-size page: as many plain elements, Vega/Graphviz charts and tables as the page
# measured beside it (?n=&vega=&graphviz=&dataframe=), each showing the selected option. What our page takes beyond it is
# ours; what it takes beyond the minimal app but not beyond this one is Streamlit's cost of size.
FLOOR_SIZED = """import streamlit as st

sector = st.sidebar.selectbox("s", ["a", "b", "c"], key="sector")
st.title("same size")
for i in range(int(st.query_params.get("n", 1))):
    st.markdown(f"element {i} {sector}")
for i in range(int(st.query_params.get("vega", 0))):
    st.vega_lite_chart({"data": {"values": [{"x": sector, "y": i + 1}]}, "mark": "bar",
                        "encoding": {"x": {"field": "x", "type": "nominal"},
                                     "y": {"field": "y", "type": "quantitative"}}}, width="stretch")
for i in range(int(st.query_params.get("graphviz", 0))):
    st.graphviz_chart(f"digraph {{ a{i} -> {sector} }}")
for i in range(int(st.query_params.get("dataframe", 0))):
    st.dataframe({"row": list(range(10)), "text": [f"{sector} {j}" for j in range(10)]})
"""
APP_READY = "[data-testid='stMain'] h1"      # every page starts with st.title
FLOOR_READY = "[data-testid='stMetric']"

# Scaled tables get (factor - 1) synthetic copies of every shipped row; the dimension tables
# (sources, sectors, periods) stay as shipped: a copied sector would be a new filter option.
SCALED_TABLES = ("indicators", "observations", "entities", "honours", "relations", "sector_links")


@dataclass(frozen=True)
class Plan:
    quick: bool
    reruns: int          # a, d: timed AppTest reruns per page
    reruns_100x: int     # d at 100x, where one rerun of a page can take seconds
    browser_reps: int    # b: first loads and changes per page
    cold_reps: int       # c
    scales: tuple        # d
    sessions: int        # e


FULL = Plan(quick=False, reruns=15, reruns_100x=5, browser_reps=5, cold_reps=3, scales=(1, 10, 100),
            sessions=25)
QUICK = Plan(quick=True, reruns=3, reruns_100x=3, browser_reps=1, cold_reps=1, scales=(1, 10),
             sessions=3)


# --------------------------------------------------------------------------- results

@dataclass
class Result:
    section: str
    check: str
    page: str
    value: float | None
    unit: str
    budget: float | None = None   # value must be <= budget; None: reported only
    floor: float | None = None    # the reference (ms) a ratio is taken against, if any
    measured: float | None = None  # for a ratio: the measured time (ms) divided by floor
    passed: bool | None = None
    detail: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.budget is not None and self.passed is None:
            self.passed = within(self.value, self.budget)


def within(value: float | None, budget: float) -> bool:
    return value is not None and value <= budget


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def ratio(value: float, floor: float) -> float | None:
    return round(value / floor, 2) if floor else None


def source_fingerprint(root: Path) -> str:
    """A hash of the app's code, data and settings under root."""
    digest = hashlib.sha256()
    for path in sorted(p for name in SNAPSHOT for p in (root / name).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def snapshot(target: Path) -> Path:
    """Copy the app as it is now: another engineer may edit the work tree while this runs, and
    one run should measure one version. The copy imports its own `dashboard` package (use_tree)."""
    if target.exists():
        shutil.rmtree(target)
    for name in SNAPSHOT:
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def use_tree(root: Path) -> None:
    """Measure the app under root: AppTest in this process and every child process import
    root/dashboard (ahead of the editable install), and the servers run in root."""
    global ROOT, APP, DATA
    ROOT, APP, DATA = root, root / "dashboard" / "app.py", root / "data"
    sys.path.insert(0, str(root))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))


def git_state() -> dict:
    """The commit and the files that differ from it (read-only git commands)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "--no-optional-locks", *args], cwd=REPO, capture_output=True,
                                  text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    return {"commit": git("rev-parse", "HEAD"),
            "modified": git("status", "--porcelain", "--", "dashboard", "data").splitlines()}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --------------------------------------------------------------------------- servers

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
        self.env.pop("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", None)  # production settings
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        """Start the process; return seconds from start until /_stcore/health answers ok."""
        command = [sys.executable, "-m", "streamlit", "run", str(self.script),
                   "--server.port", str(self.port), "--server.headless", "true",
                   "--server.address", "127.0.0.1"]
        started = time.perf_counter()
        with open(self.log, "wb") as log:  # cwd=ROOT: both apps read its .streamlit/config.toml
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
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

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far; 10 ms resolution."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

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

# The timings are taken in the page (performance.now(): ms since the navigation started), at the
# first animation frame where the condition holds, so Playwright's round trips are not counted.
DRAWN_AT = f"""(ready) => {{
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || !document.querySelector(ready)) return false;  // before the first run: nothing yet
    if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    return ({CHARTS_DRAWN})() ? performance.now() : false;
}}"""
ARM_POINTERDOWN = """() => {
    window.__benchPointerDown = null;
    document.addEventListener('pointerdown', () => { window.__benchPointerDown = performance.now(); },
                              {capture: true, once: true});
}"""
# Elements in the page's main area other than charts and tables (a map counts as one).
PAGE_SIZE = """() => {
    const count = (id) => document.querySelectorAll(`[data-testid='stMain'] [data-testid='${id}']`).length;
    const vega = count('stVegaLiteChart'), graphviz = count('stGraphVizChart'), dataframe = count('stDataFrame');
    return {n: count('stElementContainer') - vega - graphviz - dataframe, vega, graphviz, dataframe};
}"""
PAGE_STATS = """() => ({
    vega: document.querySelectorAll("[data-testid='stVegaLiteChart']").length,
    graphviz: document.querySelectorAll("[data-testid='stGraphVizChart']").length,
    deck: document.querySelectorAll("[data-testid='stDeckGlJsonChart']").length,
    exceptions: document.querySelectorAll("[data-testid='stException']").length})"""


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def drawn_at(page, ready_selector: str) -> float:
    """Wait until the run has finished and every chart is drawn; the page's clock then, in ms."""
    return page.wait_for_function(DRAWN_AT, arg=ready_selector, polling="raf",
                                  timeout=WAIT_MS).json_value()


@dataclass
class Visit:
    context: object
    page: object
    socket: object       # the page's /_stcore/stream WebSocket
    seconds: float       # from the start of the navigation until drawn
    server_cpu: float    # CPU seconds the server spent meanwhile (its share of the step)


def first_load(browser, server: Server, path: str, ready_selector: str) -> Visit:
    """A new browser context (a first visit: empty cache) opens the page and waits until drawn."""
    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT)
    page = context.new_page()
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws))
    cpu = server.cpu_seconds()
    page.goto(server.url + path, timeout=WAIT_MS)
    seconds = drawn_at(page, ready_selector) / 1000
    stream = [ws for ws in sockets if ws.url.endswith("/_stcore/stream")]
    return Visit(context, page, stream[-1] if stream else None, seconds, server.cpu_seconds() - cpu)


def script_finished(payload) -> bool:
    """True for the server's "script finished" message (a complete run, not one cut short)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if not isinstance(payload, bytes):
        return False
    try:
        message = ForwardMsg.FromString(payload)
    except Exception:  # noqa: BLE001 - any other frame
        return False
    return (message.WhichOneof("type") == "script_finished"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN)


def change_selectbox(visit: Visit, server: Server, ready_selector: str, key: str = "sector",
                     option: int = 1) -> tuple[float, float]:
    """Pick option number `option` in the selectbox st-key-<key>; seconds from the pointer going
    down on the option until the page shows the finished rerun with every chart drawn, and the
    CPU seconds the server spent meanwhile.

    The end of the run is read from the WebSocket (the ScriptFinished message) before the page is
    polled: a fast run goes running -> notRunning within one render, so the page's script-state
    attribute alone cannot tell a finished rerun from one that has not started."""
    page = visit.page
    page.locator(f".st-key-{key}").get_by_role("combobox").click(timeout=WAIT_MS)
    choice = page.get_by_role("listbox").get_by_role("option").nth(option)
    choice.wait_for(timeout=WAIT_MS)
    page.evaluate(ARM_POINTERDOWN)
    cpu = server.cpu_seconds()
    with visit.socket.expect_event("framereceived", predicate=script_finished, timeout=WAIT_MS):
        choice.click(timeout=WAIT_MS)
    done = drawn_at(page, ready_selector)
    cpu = server.cpu_seconds() - cpu
    return (done - page.evaluate("() => window.__benchPointerDown")) / 1000, cpu


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
        out = {"_first_run_s": round(time.perf_counter() - first, 3), "_floor": {"wall": [], "cpu": []},
               "_imported_from": str(Path(sys.modules["dashboard"].__file__).parent)}
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
                         "exception_messages": [e.message for e in app.exception][:3],
                         "errors": len(app.error), "title": app.title[0].value if app.title else None}
        return out


def measure_apptest(plan: Plan) -> list[Result]:
    runs = apptest_reruns(plan.reruns)
    floor_ms = ms(median(runs["_floor"]["wall"]))
    results = [Result("a", "floor rerun (one metric)", "-", floor_ms, "ms",
                      detail={"app_imported_from": runs["_imported_from"],"cpu_ms": ms(median(runs["_floor"]["cpu"])),
                              "samples_ms": [ms(s) for s in runs["_floor"]["wall"]]})]
    for name in PAGES:
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


# --------------------------------------------------------------------------- b. browser

def measure_browser(plan: Plan, browser, log_dir: Path, floor_script: Path) -> list[Result]:
    """Per page and repetition: the minimal app's first load and selectbox change, then the
    page's; each in a new context. Ratios are taken against the floor samples of the same page.
    Both servers get one untimed visit first (their first script run is section c's business).
    The details give the server's CPU time during each step: what is not the server's is the
    browser's (loading, rendering, drawing charts)."""
    kinds = ("load", "change", "floor_load", "floor_change", "sized_load", "sized_change")
    samples = {name: {k: [] for k in kinds} for name in PAGES}
    server_cpu = {name: {k: [] for k in kinds} for name in PAGES}
    stats, sizes = {}, {}
    sized_script = log_dir / "same_size_app.py"
    sized_script.write_text(FLOOR_SIZED)
    with (Server(APP, log_dir) as app, Server(floor_script, log_dir) as floor,
          Server(sized_script, log_dir) as sized):
        first_load(browser, floor, "/", FLOOR_READY).context.close()
        for name in PAGES:  # untimed: each page's size, in its default view
            visit = first_load(browser, app, URL_PATHS[name], APP_READY)
            sizes[name] = visit.page.evaluate(PAGE_SIZE)
            visit.context.close()
        first_load(browser, sized, "/", APP_READY).context.close()
        for _ in range(plan.browser_reps):
            for name in PAGES:
                sized_path = "/?" + urllib.parse.urlencode(sizes[name])
                for prefix, target, path, ready in (("floor_", floor, "/", FLOOR_READY),
                                                    ("sized_", sized, sized_path, APP_READY),
                                                    ("", app, URL_PATHS[name], APP_READY)):
                    visit = first_load(browser, target, path, ready)
                    try:
                        changed, changed_cpu = change_selectbox(visit, target, ready)
                        if not prefix:
                            stats[name] = visit.page.evaluate(PAGE_STATS)
                    finally:
                        visit.context.close()
                    samples[name][prefix + "load"].append(visit.seconds)
                    samples[name][prefix + "change"].append(changed)
                    server_cpu[name][prefix + "load"].append(visit.server_cpu)
                    server_cpu[name][prefix + "change"].append(changed_cpu)
    results = []
    for name in PAGES:
        s = {k: ms(median(v)) for k, v in samples[name].items()}
        split = {f"{k}_server_cpu_ms": ms(median(v)) for k, v in server_cpu[name].items()}
        raw = {k: [ms(x) for x in v] for k, v in samples[name].items()}
        clean = stats.get(name, {}).get("exceptions", 1) == 0
        load_ratio, change_ratio = ratio(s["load"], s["floor_load"]), ratio(s["change"], s["floor_change"])
        results.append(Result("b", "first load / minimal", name, load_ratio, "x",
                              BUDGET["load_ratio"], s["floor_load"], s["load"],
                              passed=clean and within(load_ratio, BUDGET["load_ratio"]),
                              detail={"load_ms": s["load"], "floor_load_ms": s["floor_load"],
                                      "server_cpu_ms": split["load_server_cpu_ms"],
                                      "floor_server_cpu_ms": split["floor_load_server_cpu_ms"],
                                      "charts": stats.get(name), "samples_ms": raw["load"],
                                      "floor_samples_ms": raw["floor_load"]}))
        results.append(Result("b", "sector change / minimal", name, change_ratio, "x",
                              BUDGET["filter_ratio"], s["floor_change"], s["change"],
                              detail={"change_ms": s["change"], "floor_change_ms": s["floor_change"],
                                      "server_cpu_ms": split["change_server_cpu_ms"],
                                      "floor_server_cpu_ms": split["floor_change_server_cpu_ms"],
                                      "samples_ms": raw["change"],
                                      "floor_samples_ms": raw["floor_change"]}))
        for step, check in (("load", "first load / same-size page"),
                            ("change", "sector change / same-size page")):
            results.append(Result("b", check, name, ratio(s[step], s[f"sized_{step}"]), "x",
                                  floor=s[f"sized_{step}"], measured=s[step],
                                  detail={"size": sizes[name], "samples_ms": raw[step],
                                          "same_size_samples_ms": raw[f"sized_{step}"],
                                          "server_cpu_ms": split[f"{step}_server_cpu_ms"],
                                          "same_size_server_cpu_ms": split[f"sized_{step}_server_cpu_ms"]}))
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

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("__pycache__"))
    rows = {}
    for name in TABLES:
        frame = read_table(DATA / f"{name}.csv")
        if name in SCALED_TABLES and factor > 1:
            frame = pd.concat([frame] + [synthetic_copy(name, frame, k) for k in range(1, factor)],
                              ignore_index=True)
            frame.to_csv(target / f"{name}.csv", index=False)
        rows[name] = len(frame)
    return rows


def scale_worker(reruns: int, trace: bool) -> None:
    """Run in a fresh process with DASHBOARD_DATA_DIR set: warm rerun time per page, the process's
    peak RSS, and (trace) the peak of Python allocations during one warm rerun of each page.
    Prints one JSON line."""
    runs = apptest_reruns(reruns)
    peaks = dict.fromkeys(PAGES)
    if trace:  # a separate pass: tracemalloc slows the timed reruns down
        from streamlit.testing.v1 import AppTest

        app = AppTest.from_file(str(APP), default_timeout=600)
        app.run()
        tracemalloc.start()
        for name in PAGES:
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
                      "exception_messages": runs[n]["exception_messages"],
                      "errors": runs[n]["errors"], "rerun_peak_mib": peaks[n]} for n in PAGES},
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def validate_folder(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.check_data", str(folder)], cwd=ROOT,
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
            [sys.executable, __file__, "--scale-worker", "--root", str(ROOT),
             "--reruns", str(plan.reruns if factor < 100 else plan.reruns_100x)]
            + ([] if plan.quick else ["--tracemalloc"]), cwd=ROOT,
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
            detail = {k: page[k] for k in ("cpu_ms", "samples_ms", "rerun_peak_mib", "exceptions",
                                            "exception_messages")}
            if factor == 1 or base is None:
                results.append(Result("d", f"{factor}x warm rerun", name, page["median_ms"], "ms",
                                      passed=None if clean else False, detail=detail))
            else:
                one = base["pages"][name]["median_ms"]
                budget = BUDGET["scale_ratio"] if factor == 100 else None
                value = ratio(page["median_ms"], one)
                results.append(Result("d", f"{factor}x warm rerun / 1x", name, value, "x", budget, one,
                                      page["median_ms"],
                                      passed=(clean and within(value, budget)) if budget else (None if clean else False),
                                      detail={"median_ms": page["median_ms"], **detail,
                                              "cpu_ratio": ratio(page["cpu_ms"], base["pages"][name]["cpu_ms"])}))
            if page["rerun_peak_mib"] is not None:
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
                contexts.append(first_load(browser, server, URL_PATHS[name], APP_READY).context)
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
        Result("e", f"server RSS, {n} sessions", "6 pages", rss[str(n)], "MB",
               BUDGET["rss_mb"] if n >= 25 else None,
               detail={"peak_mb": peak, "per_session_mb": round((rss[str(n)] - rss["1"]) / max(n - 1, 1), 2)}),
    ]


# --------------------------------------------------------------------------- the run

def fmt(value, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}{unit}" if unit == "x" else f"{value:,.1f} {unit}"


def print_table(results: list[Result]) -> None:
    """One line per result; a ratio shows the measured ms beside the reference it is divided by.
    CPU: the median CPU time of the process for an AppTest rerun (less sensitive than wall time to
    other work on the machine; not budgeted)."""
    head = (f"{'':2} {'check':30} {'page':12} {'measured':>11} {'reference':>11} {'value':>11} "
            f"{'budget':>11}  {'result':6} {'CPU':>9}")
    print(head)
    print("-" * len(head))
    section = None
    for r in results:
        if r.section != section and section is not None:
            print()
        section = r.section
        verdict = {True: "pass", False: "FAIL", None: ""}[r.passed]
        budget = f"<= {fmt(r.budget, r.unit)}" if r.budget is not None else ""
        measured = fmt(r.measured, "ms") if r.measured is not None else ""
        reference = fmt(r.floor, "ms") if r.floor is not None else ""
        cpu = fmt(r.detail["cpu_ms"], "ms") if "cpu_ms" in r.detail else ""
        print(f"{r.section:2} {r.check:30.30} {r.page:12.12} {measured:>11} {reference:>11} "
              f"{fmt(r.value, r.unit):>11} {budget:>11}  {verdict:6} {cpu:>9}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny repeat counts (CI)")
    parser.add_argument("--only", default="abcde", help="sections to run, e.g. 'ab'")
    parser.add_argument("--pages", help="measure some pages only, e.g. 'overview,talent'")
    parser.add_argument("--live", action="store_true",
                        help="measure the work tree itself, not a snapshot taken at the start")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="keep the snapshot and the synthetic data folders in DIR (for profiling)")
    parser.add_argument("--scale-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reruns", type=int, default=FULL.reruns, help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_worker:
        use_tree(args.root)
        scale_worker(args.reruns, args.tracemalloc)
        return 0

    plan = QUICK if args.quick else FULL
    if args.pages:
        global PAGES
        PAGES = [p for p in PAGES if p in args.pages.split(",")]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        use_tree(REPO if args.live else snapshot(work / "app"))
        report = {"quick": plan.quick, "plan": asdict(plan), "budgets": BUDGET,
                  "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                  "source": {**git_state(), "snapshot": not args.live,
                             "fingerprint": source_fingerprint(ROOT)},
                  "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "platform": platform.platform(), "load_average_start": load_average()},
                  "sections": {}, "errors": []}
        results = run_sections(plan, args.only, work, report)
        report["server_logs_tail"] = {p.name: p.read_text(errors="replace")[-1500:]
                                      for p in sorted(work.glob("*.log")) if report["errors"]}
    report["machine"]["load_average_end"] = load_average()
    report["source"]["work_tree_changed_during_run"] = source_fingerprint(REPO) != report["source"]["fingerprint"]
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
    print(f"measured: {'the work tree' if args.live else 'a snapshot of the work tree'} at "
          f"{report['source']['commit'][:10]}, {len(report['source']['modified'])} file(s) modified, "
          f"fingerprint {report['source']['fingerprint']}"
          + ("; the work tree changed during the run" if report["source"]["work_tree_changed_during_run"] else ""))
    for error in report["errors"]:
        print(f"harness error: {error}", file=sys.stderr)
    return 1 if report["errors"] else 0


def run_sections(plan: Plan, only: str, work: Path, report: dict) -> list[Result]:
    """Each measurement in turn; one that breaks is recorded as a failed result and the run goes on."""
    results: list[Result] = []
    floor_script = work / "minimal_app.py"
    floor_script.write_text(FLOOR_SERVED)
    with (chromium() if set(only) & set("bce") else _nothing()) as browser:
        steps = [("a", "AppTest warm reruns", lambda: measure_apptest(plan)),
                 ("b", "browser first load and filter change",
                  lambda: measure_browser(plan, browser, work, floor_script)),
                 ("c", "cold start", lambda: measure_cold_start(plan, browser, work, floor_script)),
                 ("d", "data scale", lambda: measure_data_scale(plan, work)),
                 ("e", "server memory", lambda: measure_server_memory(plan, browser, work))]
        for key, title, run in steps:
            if key not in only:
                continue
            t0, load0 = time.perf_counter(), load_average()
            print(f"[bench] {key}. {title} ...", file=sys.stderr, flush=True)
            try:
                results += run()
            except Exception as error:  # noqa: BLE001
                report["errors"].append(f"{key}: {type(error).__name__}: {error}")
                results.append(Result(key, f"{title}: harness error", "-", None, "", passed=False,
                                      detail={"error": str(error)[-2000:]}))
            report["sections"][key] = {"title": title, "seconds": round(time.perf_counter() - t0, 1),
                                       "load_average_before": load0, "load_average_after": load_average()}
            print(f"[bench] {key}. done in {report['sections'][key]['seconds']} s", file=sys.stderr,
                  flush=True)
    return results


@contextmanager
def _nothing():
    yield None


if __name__ == "__main__":
    sys.exit(main())
