"""The numbers of a load test and the table for the README (no Locust here: the browser load
test imports this too, and must not be monkey-patched for gevent)."""

from __future__ import annotations

HOLD_P95_S = 0.5  # issue 15: a level is held at p95 <= 0.5 s with no error


def quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def held(levels: list[dict]) -> dict[str, int]:
    """Per app, the most viewers of a level it served with p95 <= HOLD_P95_S and no error (0:
    none)."""
    return {app: max((r["viewers"] for r in levels if r["app"] == app and not r["errors"]
                      and r["p95_s"] is not None and r["p95_s"] <= HOLD_P95_S), default=0)
            for app in dict.fromkeys(r["app"] for r in levels)}


def summary(r: dict) -> str:
    """One level (loadtest.run.Level as a dict) on one line, for the progress log."""
    return (f"{r['changes']} changes, {r['errors']} errors, p50/p95/p99 {r['p50_s']}/{r['p95_s']}/"
            f"{r['p99_s']} s, server {r['server_cpu_ms_per_change']} ms CPU per change, "
            f"{r['server_cpu_cores']} cores, {r['server_rss_mb_max']} MB; load generator "
            f"{r['generator_cpu_cores']} cores")


def print_table(report: dict) -> None:
    print("| viewers | app | changes (/s) | errors | p50 / p95 / p99 (s) | first view p95 (s) "
          "| server CPU per change (ms) | server CPU (cores) | server RSS max (MB) |")
    print("|---:|---|---:|---:|---|---:|---:|---:|---:|")
    for r in report["levels"]:
        print(f"| {r['viewers']} | {r['app']} | {r['changes']} ({r['changes_per_s']}) | {r['errors']} | "
              f"{r['p50_s']} / {r['p95_s']} / {r['p99_s']} | {r['first_view_p95_s']} | "
              f"{r['server_cpu_ms_per_change']} | {r['server_cpu_cores']} | {r['server_rss_mb_max']} |")
        for sample in r["error_samples"]:
            print(f"  error: {sample}")
    memory = report["memory"]
    if memory.get("after"):
        print(f"\ndashboard RSS: {memory['idle_mb']} MB idle, {memory['warm_mb']} MB after every page once; "
              f"after the viewers left (one more at {memory['late_viewer_s']} s): "
              + ", ".join(f"{mb} MB at {s} s" for s, mb in memory["after"]))
    for cold in report["cold_start"]:
        print(f"cold start, {cold['app']}: {cold['viewers']} viewers within {cold['ramp_s']} s: "
              f"{cold['first_views']} first views, {cold['errors']} errors, {cold['missing']} missing, "
              f"p50/p95/max {cold['p50_s']}/{cold['p95_s']}/{cold['max_s']} s, "
              f"RSS max {cold['server_rss_mb_max']} MB")
    holds = report.get("held") or {}
    if holds:
        print(f"held (most viewers at p95 <= {HOLD_P95_S} s, 0 errors): "
              + ", ".join(f"{app} {viewers}" for app, viewers in holds.items())
              + (f"; the dashboard holds {holds['dashboard'] / holds['same-size']:.2f}x the same-size page's"
                 if holds.get("same-size") else ""))
    machine = report["machine"]
    print(f"load average {machine['load_average_start']} -> {machine['load_average_end']} "
          f"on {machine['cpus']} CPUs; {report['duration_s']} s")
