"""What one change costs the server, page by page: one viewer at a time, so no queue and little
noise from a busy machine (CPU time is counted, not waited for).

    python -m loadtest.cost [--changes 60] [--pages overview,map] [--profile DIR]
                            [--first-views] [--sessions 50]

For each page, and beside it a same-size plain Streamlit page (bench.browser.FLOOR_SIZED with as
many elements, Vega charts, Graphviz charts and tables in its main area: what Streamlit itself
costs for a page of that size), and the minimal app, one protocol viewer (loadtest/protocol.py) opens it, goes
once through every sector (building what each one shows), then makes --changes more sector
changes; the server's CPU time over those, per change, is the page's cost. --profile: py-spy
samples the server during them (collapsed stacks of the thread holding the GIL, one file a page).
--first-views: first, on a server that has drawn nothing yet, each page's first view (its default
views built, and a new session) against later first views of it (new sessions, views built).
--sessions N: after the changes, N viewers open the overview and stay: the server's memory per
session, and what is left 30 s after they close.
Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench.browser import FLOOR_SERVED, FLOOR_SIZED
from dashboard.pages import PAGES
from loadtest.protocol import Run, Viewer
from tests.harness import Process, StreamlitServer

REPO = Path(__file__).resolve().parent.parent
KEY = "sector"
WIDGETS = ("selectbox", "radio", "button_group")  # element types the same-size page draws as selectboxes


def page_cost(server: StreamlitServer, path: str, changes: int, query: str = "",
              profile: Path | None = None) -> dict:
    viewer = Viewer(server.url)
    try:
        viewer.open(path, query)
        options = viewer.options(KEY)
        for label in options[1:] + options[:1]:  # every sector once: what is built stays built
            viewer.select(KEY, label)
        spy = None if profile is None else Process(
            [str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(server.process.pid),
             "--format", "raw", "--output", str(profile), "--rate", "200", "--nonblocking", "--gil"],
            log=profile.with_suffix(".log")).start()
        cpu, seconds, runs = server.cpu_seconds(), [], []
        for n in range(changes):
            runs.append(viewer.select(KEY, options[(n + 1) % len(options)]))
            seconds.append(runs[-1].seconds)
        cpu = server.cpu_seconds() - cpu
        if spy is not None:
            spy.stop(term=signal.SIGINT)
        return {"page": path or "overview", "changes": changes,
                "elements_per_change": sum(len(r.elements) for r in runs) / changes,
                "server_cpu_ms_per_change": round(cpu * 1000 / changes, 1),
                "median_s": round(statistics.median(seconds), 3), "size": same_size(runs, len(viewer.pages))}
    finally:
        viewer.close()


def open_cpu_ms(server: StreamlitServer, path: str) -> float:
    """Server CPU for one new viewer's first view of `path` (the page, its probes, the socket)."""
    viewer = Viewer(server.url)
    try:
        cpu = server.cpu_seconds()
        viewer.open(path)
        return (server.cpu_seconds() - cpu) * 1000
    finally:
        viewer.close()


def first_views(server: StreamlitServer, pages: list, repeat: int = 5) -> list[dict]:
    """On a server that has drawn nothing: each page's first view (the very first also imports
    the app's modules), then `repeat` more first views of it; CPU ms."""
    rows = []
    for info in pages:
        cold = open_cpu_ms(server, info.slug)
        warm = statistics.mean(open_cpu_ms(server, info.slug) for _ in range(repeat))
        rows.append({"page": info.name, "cold_ms": round(cold), "warm_ms": round(warm)})
    return rows


def session_memory(server: StreamlitServer, sessions: int, settle_s: float = 30) -> dict:
    """RSS before `sessions` viewers open the overview, with them open, and `settle_s` after they
    closed (MB), and the memory per session."""
    before, viewers = server.rss_mb(), []
    try:
        for _ in range(sessions):
            viewers.append(Viewer(server.url))
            viewers[-1].open()
        during = server.rss_mb()
    finally:
        for viewer in viewers:
            viewer.close()
    time.sleep(settle_s)
    return {"sessions": sessions, "before_mb": before, "open_mb": during, "after_mb": server.rss_mb(),
            "mb_per_session": round((during - before) / sessions, 2), "settle_s": settle_s}


def same_size(runs: list[Run], pages: int) -> str:
    """FLOOR_SIZED's query string for a page that draws, on average, what these runs drew
    (`pages`: how many pages its navigation lists): in the main area its title plus n plain
    elements (those outside both, a stylesheet's, among them), and as many charts and tables; in
    the sidebar as many widgets beside its selectbox, and as many other elements; as many
    containers."""
    def mean(count) -> int:
        return round(sum(count(run) for run in runs) / len(runs))

    def elements(run: Run, sidebar: bool, kinds: tuple[str, ...] | None = None) -> int:
        return sum((path[0] == 1) == sidebar and (kinds is None or kind in kinds)
                   for path, kind in run.elements)

    charts = {name: mean(lambda run, kind=kind: elements(run, False, (kind,))) for name, kind in
              (("vega", "vega_lite_chart"), ("graphviz", "graphviz_chart"), ("dataframe", "dataframe"))}
    widgets = max(0, mean(lambda run: elements(run, True, WIDGETS)) - 1)
    query = {"n": max(1, mean(lambda run: elements(run, False)) - 1 - sum(charts.values())), **charts,
             "widgets": widgets, "sidebar": max(0, mean(lambda run: elements(run, True)) - 1 - widgets),
             "blocks": mean(lambda run: run.blocks), "pages": pages}
    return urllib.parse.urlencode(query)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--pages", default=",".join(p.name for p in PAGES))
    parser.add_argument("--lang", default="", help="query string of the link, e.g. lang=en")
    parser.add_argument("--profile", help="folder for py-spy's collapsed stacks, one file a page")
    parser.add_argument("--first-views", action="store_true",
                        help="first views on a fresh server against later ones")
    parser.add_argument("--sessions", type=int, default=0, help="viewers held open for the memory")
    args = parser.parse_args()
    wanted = args.pages.split(",")
    profiles = Path(args.profile) if args.profile else None
    if profiles:
        profiles.mkdir(parents=True, exist_ok=True)
    rows = []
    load = os.getloadavg()
    chosen = [info for info in PAGES if info.name in wanted]
    firsts, memory = [], None
    with tempfile.TemporaryDirectory() as work:
        if args.first_views:
            with StreamlitServer("dashboard/app.py", cwd=REPO, log=Path(work) / "fresh.log") as server:
                firsts = first_views(server, chosen)
        minimal, sized = Path(work) / "minimal_app.py", Path(work) / "same_size_app.py"
        minimal.write_text(FLOOR_SERVED)
        sized.write_text(FLOOR_SIZED)
        with StreamlitServer("dashboard/app.py", cwd=REPO, log=Path(work) / "dashboard.log") as server:
            for info in chosen:
                rows.append(page_cost(server, info.slug, args.changes, args.lang,
                                      profiles / f"{info.name}.txt" if profiles else None))
            if args.sessions:
                memory = session_memory(server, args.sessions)
        with StreamlitServer(sized, cwd=REPO, log=Path(work) / "same_size.log") as server:
            for row in list(rows):
                row["same_size"] = page_cost(server, "", args.changes, row["size"])
        with StreamlitServer(minimal, cwd=REPO, log=Path(work) / "minimal.log") as server:
            floor = page_cost(server, "", args.changes)
    print("| page | server CPU per change (ms) | same-size page (ms) | ratio | elements (same-size) |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        sized_ms = row["same_size"]["server_cpu_ms_per_change"]
        print(f"| {row['page']} | {row['server_cpu_ms_per_change']} | {sized_ms} | "
              f"{row['server_cpu_ms_per_change'] / sized_ms:.2f}x | {row['elements_per_change']:.0f} "
              f"({row['same_size']['elements_per_change']:.0f}) |")
    print(f"| minimal app | {floor['server_cpu_ms_per_change']} | | | {floor['elements_per_change']:.0f} |")
    if firsts:
        print("\n| page | first view on a fresh server (CPU ms) | later first views (CPU ms) |")
        print("|---|---:|---:|")
        for row in firsts:
            print(f"| {row['page']} | {row['cold_ms']} | {row['warm_ms']} |")
    if memory:
        print(f"\nmemory: {memory['before_mb']} MB, {memory['open_mb']} MB with {memory['sessions']} "
              f"sessions open ({memory['mb_per_session']} MB each), {memory['after_mb']} MB "
              f"{memory['settle_s']:.0f} s after they closed")
    print(f"load average {[round(x, 2) for x in load]} -> {[round(x, 2) for x in os.getloadavg()]} "
          f"on {os.cpu_count()} CPUs; {time.strftime('%H:%M')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
