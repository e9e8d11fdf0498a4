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

This file is the entry point; each section is a module of bench/ (rerun, browser, cold_start,
data_scale, memory), what they share is bench/shared.py, and the servers are tests/harness.py's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's "missing ScriptRunContext" noise
# AppTest runs only: record the real exception message in results.json (the served apps keep the
# production setting from .streamlit/config.toml, see shared.serve).
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: bench, tests
from bench import shared  # noqa: E402
from bench.browser import FLOOR_SERVED, chromium, measure_browser  # noqa: E402
from bench.cold_start import measure_cold_start  # noqa: E402
from bench.data_scale import measure_data_scale, scale_worker  # noqa: E402
from bench.memory import measure_server_memory  # noqa: E402
from bench.rerun import measure_apptest  # noqa: E402
from bench.shared import (  # noqa: E402
    BUDGET,
    FULL,
    QUICK,
    REPO,
    RESULTS,
    Plan,
    Result,
    git_state,
    load_average,
    print_table,
    snapshot,
    source_fingerprint,
    use_tree,
)


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
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        use_tree(REPO if args.live else snapshot(work / "app"))
        if args.pages:
            shared.select_pages(args.pages.split(","))
        report = {"quick": plan.quick, "plan": asdict(plan), "budgets": BUDGET,
                  "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                  "source": {**git_state(), "snapshot": not args.live,
                             "fingerprint": source_fingerprint(shared.ROOT)},
                  "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "platform": platform.platform(), "load_average_start": load_average()},
                  "sections": {}, "errors": []}
        results = run_sections(plan, args.only, work, report)
        report["server_logs_tail"] = {p.name: p.read_text(errors="replace")[-1500:]
                                      for p in sorted(work.glob("*.log")) if report["errors"]}
    report["machine"]["load_average_end"] = load_average()
    changed = source_fingerprint(REPO) != report["source"]["fingerprint"]
    report["source"]["work_tree_changed_during_run"] = changed
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
          + ("; the work tree changed during the run" if changed else ""))
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
