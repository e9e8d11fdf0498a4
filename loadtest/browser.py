"""Load test: N concurrent browser sessions cycle every page and filter against one local server.

    python -m loadtest.browser [--sessions 1,10,25] [--seconds 60] [--out FILE]

Every session is a Playwright context in one headless Chromium, on loopback only. Each session opens a
link with filters, then clicks through the pages in the sidebar; a step is one page view, timed
until the script has finished and every chart is drawn. An error is an exception element, a console
error (other than Streamlit's own 404 probes of <page>/_stcore/...), a failed request or a timeout.
Server memory is the RSS of the Streamlit process, sampled every 0.5 s; its log is written beside
--out. Each run is bounded by --seconds; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time
from pathlib import Path

from playwright.async_api import async_playwright

from dashboard.pages import PAGES
from loadtest.report import quantile
from tests.harness import CHARTS_DRAWN, CHROMIUM, CHROMIUM_ARGS, StreamlitServer

REPO = Path(__file__).resolve().parent.parent

FILTERS = ["", "?lang=en", "?sector=pumps_valves", "?sector=talent&lang=en", "?year=2023",
           "?sector=new_energy", "?sector=ecommerce&lang=en"]
READY = f"""() => {{
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.dataset.testScriptState !== "notRunning" ||
      app.dataset.testConnectionState !== "CONNECTED") return false;
  return document.querySelector("[data-testid='stMain'] h1") !== null && ({CHARTS_DRAWN})();
}}"""


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
        for info in PAGES:
            if time.monotonic() > until:
                break
            started = time.monotonic()
            try:
                if not info.slug:  # the default page: open the link
                    await page.goto(f"{base}{info.url_path}{query}")
                else:
                    await page.click(f"[data-testid='stSidebarNavLink'][href$='/{info.slug}']")
                    await page.wait_for_url(f"**/{info.slug}*")
                await page.wait_for_function(READY, polling=100)
                times.append((info.name, time.monotonic() - started))
                if await page.query_selector("[data-testid='stException']"):
                    errors.append(f"exception on {info.url_path}{query}")
            except Exception as error:  # a timeout or a crash is an error of the run
                errors.append(f"{type(error).__name__} on {info.url_path}{query}")
            await asyncio.sleep(think)  # a person reads the page before the next click
    await context.close()


async def run(server: StreamlitServer, sessions: int, seconds: float, think: float,
              ramp: float) -> dict:
    times, errors, memory = [], [], [server.rss_mb()]
    cpu_before, wall_before = server.cpu_seconds(), time.monotonic()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        until = time.monotonic() + seconds
        tasks = []
        for n in range(sessions):  # people arrive within seconds of each other, not at once
            tasks.append(asyncio.create_task(session(browser, server.url, n, until, times, errors,
                                                     think)))
            await asyncio.sleep(ramp)
        while not all(t.done() for t in tasks):
            memory.append(server.rss_mb())
            await asyncio.sleep(0.5)
        await browser.close()
    server_cpu = (server.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
    durations = [d for _, d in times]
    by_page = {}
    for name, duration in times:
        by_page.setdefault(name, []).append(duration)
    return {"sessions": sessions, "seconds": seconds, "think_s": think,
            "page_views": len(times), "errors": len(errors), "error_samples": errors[:5],
            "p50_s": quantile(durations, 0.5), "p95_s": quantile(durations, 0.95),
            "p50_by_page_s": {k: quantile(v, 0.5) for k, v in by_page.items()},
            "server_rss_mb_max": round(max(memory), 1),
            # Share of one core the server used: the rest of the machine's two cores went to
            # the browsers that generate the load.
            "server_cpu_share": round(server_cpu, 2)}


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
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with StreamlitServer("dashboard/app.py", cwd=REPO,
                         log=out.with_name(out.stem + "-server.log")) as server:
        results = [asyncio.run(run(server, int(n), args.seconds, args.think, args.ramp))
                   for n in args.sessions.split(",")]
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
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
