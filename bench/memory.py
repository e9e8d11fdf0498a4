"""e. Server memory: RSS of a fresh server with no session, one, and many open at once."""

from __future__ import annotations

from pathlib import Path

from bench import shared
from bench.browser import APP_READY, first_load
from bench.shared import BUDGET, Plan, Result, serve


def measure_server_memory(plan: Plan, browser, log_dir: Path) -> list[Result]:
    """A fresh server; RSS before any session, with one, and with `sessions` open at once
    (one browser context each, pages in turn, every page left open until the end)."""
    contexts, rss = [], {}
    with serve(shared.APP, log_dir) as server:
        rss["idle"] = server.rss_mb()
        peak = rss["idle"]
        try:
            for i in range(plan.sessions):
                info = shared.PAGES[i % len(shared.PAGES)]
                contexts.append(first_load(browser, server, info.url_path, APP_READY).context)
                peak = max(peak, server.rss_mb())
                if i == 0:
                    rss["1"] = server.rss_mb()
            rss[str(plan.sessions)] = server.rss_mb()
        finally:
            for context in contexts:
                context.close()
    n = plan.sessions
    per_session = round((rss[str(n)] - rss["1"]) / max(n - 1, 1), 2)
    return [
        Result("e", "server RSS, no session", "-", rss["idle"], "MB"),
        Result("e", "server RSS, 1 session", shared.PAGES[0].name, rss["1"], "MB"),
        Result("e", f"server RSS, {n} sessions", f"{len(shared.PAGES)} pages", rss[str(n)], "MB",
               BUDGET["rss_mb"] if n >= 25 else None,
               detail={"peak_mb": peak, "per_session_mb": per_session}),
    ]


