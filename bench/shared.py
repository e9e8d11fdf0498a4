"""What every section of the benchmark shares: the tree under test, the plan, the budgets, the
results and how they are printed, and how a server is started (tests/harness.py's StreamlitServer)."""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.harness import StreamlitServer, free_port

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
SNAPSHOT = ("dashboard", "data", ".streamlit")  # what the app needs to run, copied by snapshot()
# The tree under test: a snapshot of REPO taken at the start (default) or REPO itself (--live).
ROOT = REPO
APP = ROOT / "dashboard" / "app.py"
DATA = ROOT / "data"
# dashboard.pages.PAGES of that tree (set by use_tree()), less those --pages leaves out, and its
# default page (the one at the base URL, which the cold start opens).
PAGES: list = []
DEFAULT_PAGE = None

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
WORKER_TIMEOUT_S = 900    # one data-scale worker process


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
    root/dashboard (ahead of the editable install), and the servers run in root. The pages are
    that tree's dashboard.pages.PAGES, imported only now: no `dashboard` module may be imported
    before this, or AppTest would run the app with the modules of another tree."""
    global ROOT, APP, DATA, PAGES, DEFAULT_PAGE
    ROOT, APP, DATA = root, root / "dashboard" / "app.py", root / "data"
    sys.path.insert(0, str(root))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    from dashboard.pages import PAGES as pages

    PAGES, DEFAULT_PAGE = list(pages), next(p for p in pages if not p.slug)


def select_pages(names: list[str]) -> None:
    """Measure only the pages called `names` (PageInfo.name), in the page list's order."""
    global PAGES
    PAGES = [p for p in PAGES if p.name in names]


# --------------------------------------------------------------------------- servers

def serve(script: Path, log_dir: Path) -> StreamlitServer:
    """`streamlit run script` on a free loopback port, from ROOT (both apps read its
    .streamlit/config.toml), with the production settings: AppTest's error details are not passed
    on. Its log: log_dir/streamlit-<script>-<port>.log."""
    env = dict(os.environ)
    env.pop("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", None)  # production settings
    port = free_port()
    return StreamlitServer(script, cwd=ROOT, env=env, port=port,
                           log=log_dir / f"streamlit-{script.stem}-{port}.log")


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


# --------------------------------------------------------------------------- the run

# --------------------------------------------------------------------------- the table

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


