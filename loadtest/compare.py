"""What a code change saves the server: two or more checkouts of the dashboard served side by side
and measured in turns, so that both see the same machine load.

    git archive <commit> | tar -x -C /tmp/before      # a checkout per version to compare
    python -m loadtest.compare /tmp/before . [--pages overview,map] [--changes 100] [--rounds 3]

Each round measures every page on every server in turn (loadtest.cost.page_cost: one viewer, the
server's CPU seconds over --changes sector changes), in reverse order every other round; the table
gives each page's median over the rounds and the mean over the pages. Every request goes to
127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dashboard.pages import PAGES
from loadtest.cost import page_cost
from tests.harness import StreamlitServer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", help="checkouts of the repository (their own code is served)")
    parser.add_argument("--pages", default=",".join(p.name for p in PAGES))
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    trees = [Path(t).resolve() for t in args.trees]
    pages = [info for info in PAGES if info.name in args.pages.split(",")]
    load = os.getloadavg()
    results: dict[Path, dict[str, list[float]]] = {tree: {} for tree in trees}
    with tempfile.TemporaryDirectory() as work:
        servers = {}
        try:
            for n, tree in enumerate(trees):
                env = {**os.environ, "PYTHONPATH": str(tree)}  # its own code, not this checkout's
                servers[tree] = StreamlitServer("dashboard/app.py", cwd=tree, env=env,
                                                log=Path(work) / f"server-{n}.log").__enter__()
            for round_ in range(args.rounds):
                for info in pages:
                    for tree in trees if round_ % 2 == 0 else trees[::-1]:
                        row = page_cost(servers[tree], info.slug, args.changes)
                        results[tree].setdefault(info.name, []).append(row["server_cpu_ms_per_change"])
        finally:
            for server in servers.values():
                server.stop()
    print("| page | " + " | ".join(str(tree) for tree in trees) + " |")
    print("|---|" + "---:|" * len(trees))
    for info in pages:
        print(f"| {info.name} | " + " | ".join(
            f"{statistics.median(results[tree][info.name]):.2f}" for tree in trees) + " |")
    means = [statistics.mean(statistics.median(v) for v in results[tree].values()) for tree in trees]
    print("| mean | " + " | ".join(f"{mean:.2f}" for mean in means) + " |")
    print(f"server CPU ms per sector change, median of {args.rounds} rounds of {args.changes}; load "
          f"average {[round(x, 2) for x in load]} -> {[round(x, 2) for x in os.getloadavg()]} on "
          f"{os.cpu_count()} CPUs; {time.strftime('%H:%M')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
