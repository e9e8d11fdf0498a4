"""Capacity: Locust viewers (loadtest/locustfile.py) against the dashboard and, in the same run, a
same-size plain Streamlit page and a minimal Streamlit app, all served on loopback by this process.

    python -m loadtest.run [--levels 25,100,200,400] [--seconds 60] [--ramp 10] [--cold 400]
                           [--settle 180] [--pacing 5] [--quick] [--profile] [--out FILE]
    python -m loadtest.run --url https://127.0.0.1:PORT/yongjia --insecure [--pacing 0] ...

For each level, the dashboard, then the same-size page (bench.browser.FLOOR_SIZED, sized like
each of the dashboard's pages in each language as the warm-up pass saw them: as many elements,
charts, tables, widgets, containers and pages, no logic of ours; its viewers are spread over those
sizes as the dashboard's are over its pages), then the minimal app: the viewers arrive within --ramp
seconds, then --seconds are measured (changes completed in that window; every error of the level,
its arrival included). Server CPU is the process's CPU time over the window, per change and as a
share of one core; RSS is sampled every 0.5 s. Then, with every viewer gone, the dashboard's RSS
for --settle seconds (does the memory come back?), and a cold start of each app: --cold viewers
arriving within --ramp seconds on a server just started (the dashboard as hosted,
dashboard/serve.py; the same-size page sized as the dashboard's first views draw, which send every
element). What an app holds is the most viewers of a level it served with p95 <=
loadtest.report.HOLD_P95_S and no error. --url drives a server started
elsewhere on this machine (the deploy tests' nginx and replicas) with the dashboard's viewers
only; --pacing 0 makes each viewer change again as soon as it has its reply (a closed loop:
throughput without a queue).
The table goes to stdout and the numbers to --out (JSON). Timings are the machine's: the exit
status says only whether the tool ran (1 on a harness error), never whether a budget was met.
Every request goes to this machine and every loop is bounded in time.
"""

from __future__ import annotations

# isort: off
# Locust first: it monkey-patches the standard library for gevent on import.
import locust  # noqa: F401
import gevent
from locust.env import Environment
# isort: on

import argparse
import contextlib
import itertools
import json
import os
import signal
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.browser import FLOOR_SERVED, FLOOR_SIZED
from loadtest.cost import same_size
from loadtest.locustfile import (
    PACING_S,
    DashboardViewer,
    MinimalViewer,
    SameSizeViewer,
    StreamlitViewer,
    set_pacing,
)
from loadtest.protocol import Viewer
from loadtest.report import held, print_table, quantile, summary
from tests.harness import Process, StreamlitServer, hosted_dashboard

REPO = Path(__file__).resolve().parent.parent
SAMPLE_S = 0.5
DRAIN_S = 35.0  # after the users stop: time for the last runs to finish or time out (30 s)
# Each app of the ladder: its script (None: the dashboard) and its viewers.
APPS = {"dashboard": (None, DashboardViewer), "same-size": (FLOOR_SIZED, SameSizeViewer),
        "minimal": (FLOOR_SERVED, MinimalViewer)}


@dataclass
class Level:
    app: str
    viewers: int
    seconds: float
    changes: int
    changes_per_s: float
    errors: int
    first_views: int
    p50_s: float | None
    p95_s: float | None
    p99_s: float | None
    first_view_p95_s: float | None
    server_cpu_ms_per_change: float | None   # None: a --url server, not measured here
    server_cpu_cores: float | None
    server_rss_mb_max: float | None
    generator_cpu_cores: float
    error_samples: list


def generator_cpu() -> float:
    times = os.times()
    return times.user + times.system


class Recorder:
    """Every request Locust reports: (finished at, type, seconds, error)."""

    def __init__(self):
        self.samples: list[tuple[float, str, float, str | None]] = []

    def __call__(self, request_type, name, response_time, response_length, exception, **_):
        error = None if exception is None else f"{request_type} {name}: {exception}"
        self.samples.append((time.monotonic(), request_type, response_time / 1000, error))


def drive(server: StreamlitServer, user: type[StreamlitViewer], viewers: int, ramp: float,
          seconds: float, memory: list[float], profile: Path | None = None
          ) -> tuple[Recorder, float, float, float, float]:
    """Run `viewers` users: arrival within `ramp` s, then a window of `seconds`. The recorder and
    the window (start, end), the server's and this process's CPU seconds in it. With `profile`,
    py-spy samples the server during the window into that file (collapsed stacks)."""
    recorder = Recorder()
    env = Environment(user_classes=[user], host=server.url)
    env.events.request.add_listener(recorder)
    user.numbers = itertools.count()
    runner = env.create_local_runner()
    runner.start(viewers, spawn_rate=viewers / ramp if ramp > 0 else viewers)

    def sample_until(deadline: float) -> None:
        while time.monotonic() < deadline:
            memory.append(server.rss_mb())
            gevent.sleep(SAMPLE_S)

    sample_until(time.monotonic() + ramp + user.pacing)  # all arrived and past their first read
    start, cpu, own = time.monotonic(), server.cpu_seconds(), generator_cpu()
    spy = None if profile is None else Process(
        [str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(server.process.pid),
         "--format", "raw", "--output", str(profile), "--duration", str(int(seconds)), "--rate", "20",
         "--nonblocking", "--gil"], log=profile.with_suffix(".log")).start()
    sample_until(start + seconds)
    if spy is not None:  # py-spy falls behind on a busy machine: it writes what it has on SIGINT
        spy.stop(term=signal.SIGINT)
    end = time.monotonic()
    cpu, own = server.cpu_seconds() - cpu, generator_cpu() - own
    stop(runner, user)
    return recorder, start, end, cpu, own


HARNESS_ERRORS: list[str] = []  # exceptions in the users' own code (not the server's errors)


def stop(runner, user: type[StreamlitViewer]) -> None:
    runner.quit()
    for viewer in list(user.open_viewers):
        viewer.close()
    user.open_viewers.clear()
    HARNESS_ERRORS.extend(f"{e['name']}: {e['msg']}" for e in runner.exceptions.values())


def level(app: str, server: StreamlitServer, user, viewers: int, ramp: float, seconds: float,
          profile: Path | None = None) -> Level:
    memory = [server.rss_mb()]
    recorder, start, end, cpu, own = drive(server, user, viewers, ramp, seconds, memory, profile)
    window = end - start
    measured = not isinstance(server, Remote)
    changes = [s for t, kind, s, err in recorder.samples if kind == "change" and err is None
               and start <= t <= end]
    firsts = [s for t, kind, s, err in recorder.samples if kind == "first view" and err is None]
    errors = [err for *_, err in recorder.samples if err is not None]
    return Level(app, viewers, round(window, 1), len(changes), round(len(changes) / window, 1),
                 len(errors), len(firsts), quantile(changes, 0.5), quantile(changes, 0.95),
                 quantile(changes, 0.99), quantile(firsts, 0.95),
                 round(cpu * 1000 / len(changes), 1) if changes and measured else None,
                 round(cpu / window, 2) if measured else None, max(memory) if measured else None,
                 round(own / window, 2), errors[:5])


def warm(server: StreamlitServer) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One viewer opens every page in both languages and goes through every sector there: what
    each filter shows is built once, before the measurement (the cold start measures the rest).
    The same-size page's query strings (loadtest.cost.same_size) for each page and language: as
    its first view and changes draw on average (for the ladder), and as its first view alone
    draws (for the cold start: a first view sends every element, a change only those that
    differ, ~19 of the overview's 57)."""
    sizes, first_sizes = [], []
    for page in DashboardViewer.pages:
        for query in DashboardViewer.queries:
            viewer = Viewer(server.url)
            try:
                runs = [viewer.open(page, query)]
                runs += [viewer.select("sector", label) for label in viewer.options("sector")[1:]]
                sizes.append(same_size(runs, len(viewer.pages)))
                first_sizes.append(same_size(runs[:1], len(viewer.pages)))
            finally:
                viewer.close()
    return tuple(sizes), tuple(first_sizes)


def cold_start(app: str, viewers: int, ramp: float, work: Path, log_dir: Path,
               first_view_queries: tuple[str, ...] = ()) -> dict:
    """`viewers` arriving within `ramp` s on a server of `app` that has just answered health
    (the dashboard: once dashboard/serve.py has built its views). `first_view_queries`: the
    same-size page's sizes as the dashboard's first views draw them."""
    user = APPS[app][1]
    if first_view_queries:
        user.queries = first_view_queries
    with app_server(app, work, log_dir / f"loadtest-cold-{app}-server.log") as server:
        memory: list[float] = []
        recorder = Recorder()
        env = Environment(user_classes=[user], host=server.url)
        env.events.request.add_listener(recorder)
        user.numbers = itertools.count()
        runner = env.create_local_runner()
        runner.start(viewers, spawn_rate=viewers / ramp)
        deadline = time.monotonic() + ramp + DRAIN_S
        while (time.monotonic() < deadline
               and sum(1 for s in recorder.samples if s[1] == "first view") < viewers):
            memory.append(server.rss_mb())
            gevent.sleep(SAMPLE_S)
        stop(runner, user)
        firsts = [s for s in recorder.samples if s[1] == "first view"]
        ok = [s for _, _, s, err in firsts if err is None]
        errors = [err for *_, err in firsts if err is not None]
        return {"app": app, "viewers": viewers, "ramp_s": ramp, "first_views": len(firsts),
                "errors": len(errors), "missing": viewers - len(firsts), "p50_s": quantile(ok, 0.5),
                "p95_s": quantile(ok, 0.95), "max_s": round(max(ok), 3) if ok else None,
                "server_rss_mb_max": max(memory, default=None), "error_samples": errors[:5]}


def app_server(app: str, work: Path, log: Path) -> StreamlitServer:
    """A server of one of APPS: the dashboard as it is hosted (tests.harness.hosted_dashboard),
    or the script written to `work`."""
    script = APPS[app][0]
    if script is None:
        return hosted_dashboard(REPO, log=log)
    path = work / f"{app.replace('-', '_')}_app.py"
    path.write_text(script)
    return StreamlitServer(path, cwd=REPO, log=log)


# Streamlit keeps a disconnected session for server.disconnectedSessionTTL (120 s) in case its
# browser reconnects, and drops the expired ones at the next connection: so, as on a hosted
# dashboard after a meeting, one more official opens the link once they have expired.
LATE_VIEWER_S = 130


def settle(server: StreamlitServer, seconds: float) -> list[tuple[float, float]]:
    """(seconds since the viewers left, RSS MB) every 10 s for `seconds`; one viewer opens the
    overview LATE_VIEWER_S after they left."""
    start, samples, late = time.monotonic(), [], None
    while True:
        samples.append((round(time.monotonic() - start), server.rss_mb()))
        if late is None and time.monotonic() - start >= LATE_VIEWER_S:
            late = Viewer(server.url)
            try:
                late.open("", "")
            finally:
                late.close()
        if time.monotonic() - start >= seconds:
            return samples
        gevent.sleep(min(10.0, seconds))


def machine_load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Remote:
    """A server at `url` that this process did not start: its CPU and memory are not measured."""

    def __init__(self, url: str):
        self.url = url

    def cpu_seconds(self) -> float:
        return 0.0

    def rss_mb(self) -> float:
        return 0.0


def local(report: dict, args, out: Path) -> None:
    """The apps of --apps served here; the ladder, the dashboard's memory after it, the cold
    starts."""
    apps = args.apps.split(",")
    with tempfile.TemporaryDirectory() as work, contextlib.ExitStack() as servers:
        targets = {app: (servers.enter_context(app_server(app, Path(work),
                                                          out.with_name(f"loadtest-{app}-server.log"))),
                         APPS[app][1]) for app in apps}
        dashboard = targets["dashboard"][0]
        report["memory"]["idle_mb"] = dashboard.rss_mb()
        if not args.no_warm:
            SameSizeViewer.queries, first_views = warm(dashboard)
            report["same_size_queries"] = SameSizeViewer.queries
            report["same_size_first_view_queries"] = first_views
        report["memory"]["warm_mb"] = dashboard.rss_mb()  # every view built, no viewer left
        ladder(report, targets, args, out)
        report["memory"]["after"] = settle(dashboard, args.settle)
        report["memory"]["late_viewer_s"] = LATE_VIEWER_S
    for app in apps if args.cold else ():
        print(f"[loadtest] cold start: {app}, {args.cold} viewers ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory() as work:
            report["cold_start"].append(cold_start(
                app, args.cold, args.ramp, Path(work), out.parent,
                report.get("same_size_first_view_queries", ()) if app == "same-size" else ()))


def ladder(report: dict, targets: dict, args, out: Path) -> None:
    """Each level of --levels against each app of --apps in turn."""
    for step, viewers in enumerate(int(n) for n in args.levels.split(",")):
        for app in args.apps.split(","):
            server, user = targets[app]
            print(f"[loadtest] {app}: {viewers} viewers ...", file=sys.stderr, flush=True)
            profile = (out.with_name(f"{out.stem}-profile-{step + 1}-{viewers}.txt")
                       if args.profile and app == "dashboard" else None)
            result = level(app, server, user, viewers, args.ramp, args.seconds, profile)
            report["levels"].append(asdict(result))
            print(f"[loadtest]   {summary(report['levels'][-1])}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="25,100,200,400")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which viewers arrive")
    parser.add_argument("--cold", type=int, default=400, help="viewers of the cold start (0: none)")
    parser.add_argument("--settle", type=float, default=180,
                        help="seconds the dashboard's memory is watched after the viewers leave")
    parser.add_argument("--apps", default=",".join(APPS),
                        help="of " + ", ".join(APPS) + " (the dashboard always)")
    parser.add_argument("--no-warm", action="store_true",
                        help="measure without first opening every page once")
    parser.add_argument("--quick", action="store_true",
                        help="CI: 3 viewers for 5 s, a cold start of 3, no settling (proves it works)")
    parser.add_argument("--profile", action="store_true",
                        help="py-spy samples the dashboard server in each window "
                             "(<out>-profile-<step>-<viewers>.txt, collapsed stacks of the thread "
                             "holding the GIL: where the one core goes)")
    parser.add_argument("--pacing", type=float, default=PACING_S,
                        help="seconds between two changes of one viewer (0: closed loop)")
    parser.add_argument("--url", help="drive the server at this base URL instead of starting one "
                        "(loopback only; the dashboard's viewers, no cold start, no memory)")
    parser.add_argument("--insecure", action="store_true",
                        help="with an https --url: accept a self-signed certificate")
    parser.add_argument("--out", default=str(REPO / "test-artifacts" / "loadtest-protocol.json"))
    args = parser.parse_args()
    set_pacing(args.pacing)
    if args.quick:
        args.levels, args.seconds, args.ramp, args.cold, args.settle = "3", 5, 1, 3, 0
    apps = args.apps.split(",")
    if "dashboard" not in apps or not set(apps) <= set(APPS):
        parser.error(f"--apps: some of {', '.join(APPS)}, the dashboard among them")
    if args.no_warm and "same-size" in apps:
        parser.error("--no-warm: the same-size page is sized by the warm-up pass; leave it out of --apps")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.url:
        if urllib.parse.urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
            parser.error("--url must be on this machine (127.0.0.1 or localhost)")
        args.apps, args.cold, args.settle, args.profile = "dashboard", 0, 0, False
    report = {"machine": {"cpus": os.cpu_count(), "load_average_start": machine_load()},
              "settings": {"pacing_s": args.pacing, "ramp_s": args.ramp, "seconds": args.seconds},
              "levels": [], "memory": {}, "cold_start": []}
    started = time.monotonic()
    if args.url:  # a server this tool did not start (tests/deploy: replicas behind nginx)
        StreamlitViewer.verify_tls = not args.insecure
        ladder(report, {"dashboard": (Remote(args.url.rstrip("/")), DashboardViewer)}, args, out)
    else:
        local(report, args, out)
    report["held"] = held(report["levels"])
    report["machine"]["load_average_end"] = machine_load()
    report["duration_s"] = round(time.monotonic() - started)
    report["harness_errors"] = HARNESS_ERRORS
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_table(report)
    for error in HARNESS_ERRORS:
        print(f"harness error: {error}", file=sys.stderr)
    return 1 if HARNESS_ERRORS else 0


if __name__ == "__main__":
    sys.exit(main())
