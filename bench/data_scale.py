"""d. Data scale: synthetic data at 1x/10x/100x the shipped rows (DASHBOARD_DATA_DIR), warm
rerun time and peak memory per page, each scale in a fresh worker process."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

from bench import shared
from bench.rerun import apptest_reruns
from bench.shared import BUDGET, WORKER_TIMEOUT_S, Plan, Result, median, ms, ratio, within

# Scaled tables get (factor - 1) synthetic copies of every shipped row; the dimension tables
# (sources, sectors, periods) stay as shipped: a copied sector would be a new filter option.
SCALED_TABLES = ("indicators", "observations", "entities", "honours", "relations", "sector_links")
ENTRY = Path(__file__).with_name("run.py")  # runs the worker: python bench/run.py --scale-worker


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

    from dashboard.reading import read_table
    from dashboard.schema import TABLES

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(shared.DATA, target, ignore=shutil.ignore_patterns("__pycache__"))
    rows = {}
    for name, table in TABLES.items():
        if table.optional and not (shared.DATA / f"{name}.csv").exists():  # e.g. vocabularies.csv
            continue
        frame = read_table(shared.DATA / f"{name}.csv")
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
    names = [info.name for info in shared.PAGES]
    peaks = dict.fromkeys(names)
    if trace:  # a separate pass: tracemalloc slows the timed reruns down
        from streamlit.testing.v1 import AppTest

        app = AppTest.from_file(str(shared.APP), default_timeout=600)
        app.run()
        tracemalloc.start()
        for info in shared.PAGES:
            app.switch_page(info.path)
            app.run()
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            app.run()
            peaks[info.name] = round((tracemalloc.get_traced_memory()[1] - base) / 2**20, 2)
        tracemalloc.stop()
    print(json.dumps({
        "first_run_s": runs["_first_run_s"],
        "floor_ms": ms(median(runs["_floor"]["wall"])),
        "pages": {n: {"median_ms": ms(median(runs[n]["wall"])), "cpu_ms": ms(median(runs[n]["cpu"])),
                      "samples_ms": [ms(s) for s in runs[n]["wall"]],
                      "exceptions": runs[n]["exceptions"],
                      "exception_messages": runs[n]["exception_messages"],
                      "errors": runs[n]["errors"], "rerun_peak_mib": peaks[n]} for n in names},
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def validate_folder(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.check_data", str(folder)], cwd=shared.ROOT,
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
            [sys.executable, str(ENTRY), "--scale-worker", "--root", str(shared.ROOT),
             "--reruns", str(plan.reruns if factor < 100 else plan.reruns_100x)]
            + ([] if plan.quick else ["--tracemalloc"]), cwd=shared.ROOT,
            env={**os.environ, "DASHBOARD_DATA_DIR": str(folder)}, capture_output=True, text=True,
            timeout=WORKER_TIMEOUT_S)
        if worker.returncode != 0:
            raise RuntimeError(f"scale worker {factor}x failed:\n{worker.stderr[-3000:]}")
        by_scale[factor] = {**json.loads(worker.stdout.strip().splitlines()[-1]), "rows": rows,
                            "check_data": check.stdout.strip()}
    base = by_scale.get(1)
    for factor, run in by_scale.items():
        results.append(Result("d", f"{factor}x data: load+first run", "-",
                              round(run["first_run_s"] * 1000, 1), "ms",
                              detail={"rows": run["rows"], "check_data": run["check_data"],
                                      "max_rss_mib": run["max_rss_mib"], "floor_ms": run["floor_ms"]}))
        results.append(Result("d", f"{factor}x data: worker peak RSS", "-", run["max_rss_mib"], "MiB"))
        for name in (info.name for info in shared.PAGES):
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
                passed = (clean and within(value, budget)) if budget else (None if clean else False)
                cpu_ratio = ratio(page["cpu_ms"], base["pages"][name]["cpu_ms"])
                results.append(Result("d", f"{factor}x warm rerun / 1x", name, value, "x", budget, one,
                                      page["median_ms"], passed=passed,
                                      detail={"median_ms": page["median_ms"], **detail,
                                              "cpu_ratio": cpu_ratio}))
            if page["rerun_peak_mib"] is not None:
                results.append(Result("d", f"{factor}x rerun peak alloc", name, page["rerun_peak_mib"],
                                      "MiB"))
    return results


