"""What the browser tests, the deploy tests, the benchmarks and the load test share: the system
Chromium and how to launch it offline, a Streamlit server on a free loopback port (started,
waited for, measured and stopped in one place), and "every chart is drawn".

Nothing here imports `dashboard` at import time: the bench imports this module before it chooses
which copy of the app (a snapshot or the work tree) its `dashboard` package comes from."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
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

# What the browser and deploy tests expect in each page's default view (all sectors, the newest
# year; the browser tests serve tests/fixtures/first_article, 2024; the deploy tests data/, which
# holds at least its rows), keyed by PageInfo.name: at least this many of each kind, 0 for a kind not named.
# Test expectations, not page facts, so not in dashboard/pages.py; every page of PAGES needs an
# entry, even an empty one (tests/test_page_list.py): a new page's author says what it must show.
LEAST_ELEMENTS: dict[str, dict[str, int]] = {
    "overview": {"metrics": 8},  # a row of tiles at least: the year's dated figures and the goals
    "industry": {"vega": 1, "graphviz": 1},
    # data/'s newest year (2025) has no talent figure of its own (they are 2024's or undated): no
    # tile, no pyramid, no progress chart; tests/test_tables.py checks the pyramid of 2024
    "talent": {},
    "innovation": {"metrics": 1},
    "trends": {"vega": 3},
    "indicator": {},
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

# A server's start, until /_stcore/health answers: it builds the views of every sector in both
# languages first (~36 s of CPU on data/ at 33 sources), two replicas at once on a 2-core CI.
HEALTH_TIMEOUT_S = 240
POLL_S = 0.05          # bounded polling interval (the bench's cold start is timed with it)


class ServerError(RuntimeError):
    """A process started here exited, or was not ready in time; the message ends with its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def health_ok(url: str) -> bool:
    """True when <url>/_stcore/health answers 200 "ok" (url: a server's base URL, no trailing /)."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


class Process:
    """A command started here in a process group of its own, its output in `log` (written anew);
    stopped with stop() (TERM to the group, then KILL) or at the end of a with block."""

    def __init__(self, command: list[str], *, log: Path, cwd: Path | str | None = None,
                 env: dict[str, str] | None = None, name: str | None = None):
        self.command, self.log, self.cwd = command, log, cwd
        self.env = dict(os.environ if env is None else env)
        self.name = name or Path(command[0]).name
        self.process: subprocess.Popen | None = None
        self.started = 0.0  # time.perf_counter() just before the process was started

    def start(self) -> Process:
        self.started = time.perf_counter()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                self.command, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    def wait_until(self, ready: Callable[[], bool], what: str,
                   timeout: float = HEALTH_TIMEOUT_S) -> float:
        """Poll ready() until it is true; the seconds since start(). ServerError, with the log's
        tail, when the process exits first or `timeout` seconds pass."""
        deadline = time.perf_counter() + timeout
        while not ready():
            if self.process.poll() is not None:
                raise ServerError(f"{self.name} exited with {self.process.returncode} before {what}; "
                                  f"log {self.log}:\n{tail(self.log)}")
            if time.perf_counter() > deadline:
                raise ServerError(f"{self.name}: no {what} within {timeout} s; log {self.log}:\n"
                                  f"{tail(self.log)}")
            time.sleep(POLL_S)
        return time.perf_counter() - self.started

    def _pids(self) -> Iterator[int]:
        """The process and its descendants, as /proc lists them now."""
        pids = [self.process.pid]
        while pids:
            pid = pids.pop()
            yield pid
            try:
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pids += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the process and its descendants have used so far; 10 ms
        resolution."""
        ticks = 0
        for pid in self._pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """Resident memory of the process and its descendants, MB."""
        total_kb = 0
        for pid in self._pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                total_kb += int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
            except (OSError, AttributeError):
                continue
        return round(total_kb / 1024, 1)

    def stop(self, term: int = signal.SIGTERM) -> None:
        """`term` to the whole group (the command and anything it started), then SIGKILL."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig, grace in ((term, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=grace)
                return
            except subprocess.TimeoutExpired:
                continue

    def kill(self) -> None:
        """A crash: SIGKILL to the whole group, no chance to say goodbye."""
        self.stop(term=signal.SIGKILL)

    def __enter__(self) -> Process:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class StreamlitServer(Process):
    """A Streamlit server on 127.0.0.1:`port` (a free one by default), under `base_path` if given.

    By default it runs `streamlit run <script>` headless with this interpreter, from `cwd` (whose
    .streamlit/config.toml it reads). `command` replaces that with anything that serves on `port`
    and `base_path` as it is told through `env`, such as an installed bundle's run.sh.
    A with block waits until /_stcore/health answers; start() alone does not (wait_healthy())."""

    def __init__(self, script: Path | str | None = None, *, log: Path, cwd: Path | str | None = None,
                 env: dict[str, str] | None = None, port: int | None = None, base_path: str = "",
                 command: list[str] | None = None, name: str | None = None):
        if (script is None) == (command is None):
            raise TypeError("StreamlitServer: give a script or a command, not both")
        self.port, self.base_path = port or free_port(), base_path
        if command is None:
            command = [sys.executable, "-m", "streamlit", "run", str(script),
                       "--server.port", str(self.port), "--server.headless", "true",
                       "--server.address", "127.0.0.1"]
            if base_path:
                command += ["--server.baseUrlPath", base_path]
        if name is None and script is not None:
            name = f"streamlit {Path(script).name} :{self.port}"
        super().__init__(command, log=log, cwd=cwd, env=env, name=name)

    @property
    def url(self) -> str:
        """The base URL, no trailing slash: http://127.0.0.1:<port>[/<base_path>]."""
        return f"http://127.0.0.1:{self.port}" + (f"/{self.base_path}" if self.base_path else "")

    @property
    def address(self) -> str:  # as nginx's $upstream_addr names it
        return f"127.0.0.1:{self.port}"

    def healthy(self) -> bool:
        return health_ok(self.url)

    def wait_healthy(self, timeout: float = HEALTH_TIMEOUT_S) -> float:
        """Wait until /_stcore/health answers ok; the seconds from start() until then."""
        return self.wait_until(self.healthy, "health", timeout)

    def __enter__(self) -> StreamlitServer:
        self.start()
        try:
            self.wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self


# What a replica of the hosting kit runs with besides the environment it is given: deploy/bundle/
# run.sh exports the same (tests/test_prebuild.py keeps the two alike). The C allocator gives a
# meeting's memory back; Python's own kept it (docs/performance.md).
HOSTED_ENVIRONMENT = {"PYTHONMALLOC": "malloc"}


def hosted_dashboard(repo: Path, *, log: Path, base_path: str = "") -> StreamlitServer:
    """The work tree's dashboard served as a replica of the hosting kit serves it: dashboard/
    serve.py (every view built before the port answers), with HOSTED_ENVIRONMENT."""
    return StreamlitServer("dashboard/serve.py", cwd=repo, log=log, base_path=base_path,
                           env=os.environ | HOSTED_ENVIRONMENT)
