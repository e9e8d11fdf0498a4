"""Load test: N concurrent browser sessions cycle every page and filter against one local server.

    python scripts/loadtest.py [--sessions 1,10,25] [--seconds 60] [--out FILE]

Every session is a Playwright context in one headless Chromium, on loopback only. Each session opens a
link with filters, then clicks through the pages in the sidebar; a step is one page view, timed
until the script has finished and every chart is drawn. An error is an exception element, a console error (other than Streamlit's own 404 probes
of <page>/_stcore/...), a failed request or a timeout. Server memory is the RSS of the Streamlit
process, sampled every 0.5 s. Each run is bounded by --seconds; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.async_api import async_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: make the shared harness importable
from tests.harness import CHARTS_DRAWN, CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402
PAGES = ["", "industry", "talent", "innovation", "map", "sources"]  # "" = overview
FILTERS = ["", "?lang=en", "?sector=pumps_valves", "?sector=talent&lang=en", "?year=2023",
           "?sector=new_energy", "?sector=ecommerce&lang=en"]
READY = f"""() => {{
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.dataset.testScriptState !== "notRunning" ||
      app.dataset.testConnectionState !== "CONNECTED") return false;
  return document.querySelector("[data-testid='stMain'] h1") !== null && ({CHARTS_DRAWN})();
}}"""


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return server
        except OSError:
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGTERM)
    raise RuntimeError("the server did not become healthy within 60 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def session(browser, base: str, number: int, until: float, times: list, errors: list,
                  think: float):
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = await context.new_page()
    # Generous: on a 2-core machine the 25 browsers themselves use nearly all the CPU.
    page.set_default_timeout(120_000)
    page.on("console", lambda m: errors.append(f"console: {m.text}")
            if m.type == "error" and "404" not in m.text else None)
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}")
            if r.status >= 400 and "/_stcore/" not in r.url else None)
    # As people use it: open a link with filters, then click through the pages in the sidebar.
    queries = itertools.islice(itertools.cycle(FILTERS), number, None)
    while time.monotonic() < until:
        query = next(queries)
        for name in PAGES:
            if time.monotonic() > until:
                break
            started = time.monotonic()
            try:
                if name == "":
                    await page.goto(f"{base}/{query}")
                else:
                    await page.click(f"[data-testid='stSidebarNavLink'][href$='/{name}']")
                    await page.wait_for_url(f"**/{name}*")
                await page.wait_for_function(READY, polling=100)
                times.append((name or "overview", time.monotonic() - started))
                if await page.query_selector("[data-testid='stException']"):
                    errors.append(f"exception on /{name}{query}")
            except Exception as error:  # a timeout or a crash is an error of the run
                errors.append(f"{type(error).__name__} on /{name}{query}")
            await asyncio.sleep(think)  # a person reads the page before the next click
    await context.close()


async def run(base: str, pid: int, sessions: int, seconds: float, think: float,
              ramp: float) -> dict:
    times, errors, memory = [], [], [rss_mb(pid)]
    cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        until = time.monotonic() + seconds
        tasks = []
        for n in range(sessions):  # people arrive within seconds of each other, not at once
            tasks.append(asyncio.create_task(session(browser, base, n, until, times, errors, think)))
            await asyncio.sleep(ramp)
        while not all(t.done() for t in tasks):
            memory.append(rss_mb(pid))
            await asyncio.sleep(0.5)
        await browser.close()
    server_cpu = (cpu_seconds(pid) - cpu_before) / (time.monotonic() - wall_before)
    durations = [d for _, d in times]
    by_page = {}
    for name, duration in times:
        by_page.setdefault(name, []).append(duration)
    return {"sessions": sessions, "seconds": seconds, "think_s": think,
            "page_views": len(times), "errors": len(errors), "error_samples": errors[:5],
            "p50_s": _quantile(durations, 0.5), "p95_s": _quantile(durations, 0.95),
            "p50_by_page_s": {k: _quantile(v, 0.5) for k, v in by_page.items()},
            "server_rss_mb_max": round(max(memory), 1),
            # Share of one core the server used: the rest of the machine's two cores went to
            # the browsers that generate the load.
            "server_cpu_share": round(server_cpu, 2)}


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,10,25")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=8.0,
                        help="seconds a session waits between page views")
    parser.add_argument("--ramp", type=float, default=2.0,
                        help="seconds between the starts of two sessions")
    parser.add_argument("--out", default=str(REPO / "test-artifacts" / "loadtest.json"))
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        results = [asyncio.run(run(f"http://127.0.0.1:{port}", server.pid, int(n), args.seconds,
                                   args.think, args.ramp))
                   for n in args.sessions.split(",")]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print("| sessions | page views | errors | p50 (s) | p95 (s) | server RSS max (MB) | server CPU (cores) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['sessions']} | {r['page_views']} | {r['errors']} | {r['p50_s']} | "
              f"{r['p95_s']} | {r['server_rss_mb_max']} | {r['server_cpu_share']} |")
        print("  p50 by page (s): " + ", ".join(f"{k} {v}" for k, v in r["p50_by_page_s"].items()))
        for sample in r["error_samples"]:
            print(f"  error: {sample}")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
