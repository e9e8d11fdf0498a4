"""Capacity behind the kit's nginx: the protocol load test (loadtest/) against two replicas, then
against one (the other stopped), the same closed-loop load each time.

Each viewer changes the sector as soon as its last change was answered, so the changes completed
per second are what the replicas can serve, with no queue that grows without bound (and no
timeout, whatever the machine). Asserted: no error in either run, and with two replicas both
served (the affinity cookie spreads the viewers over them). The two throughputs and their ratio
go to test-artifacts/deploy-capacity.json and the test's output; they are timings, so they never
fail the test (deploy/README.md "Capacity" says what they were on a quiet machine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from deploy_support import BASE_PATH, NGINX, REPO, Stack, http_get, require, start_nginx

from tests.harness import StreamlitServer

VIEWERS = 24     # closed loop: enough to keep two replicas busy on a small machine
SECONDS = 20
ARTIFACT = REPO / "test-artifacts" / "deploy-capacity.json"


def protocol_load(stack: Stack, out: Path) -> dict:
    """loadtest.run --url through nginx; the one level it measured, and each replica's CPU."""
    before = [replica.cpu_seconds() for replica in stack.replicas]
    done = subprocess.run(
        [sys.executable, "-m", "loadtest.run", "--url", stack.url, "--insecure", "--pacing", "0",
         "--levels", str(VIEWERS), "--seconds", str(SECONDS), "--ramp", "2", "--out", str(out)],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:] + stack.logs()
    (level,) = json.loads(out.read_text())["levels"]
    level["replica_cpu_s"] = [round(replica.cpu_seconds() - cpu, 1)
                              for replica, cpu in zip(stack.replicas, before)]
    return level


@pytest.fixture
def replicas_behind_nginx(workdir: Path):
    """The kit's nginx config in front of two replicas of the work tree's app under /yongjia/,
    served as run.sh serves it (dashboard/serve.py: every view built before the port answers), but
    not from the installed bundle: what is measured is the app and the proxy."""
    require(NGINX.exists(), f"{NGINX} not found: install the Debian package 'nginx'")
    started = []
    try:
        replicas = [StreamlitServer("dashboard/serve.py", cwd=REPO, base_path=BASE_PATH,
                                    log=workdir / f"capacity-replica{i}.log").start() for i in (1, 2)]
        started += replicas
        for replica in replicas:
            replica.wait_healthy()
        stack = start_nginx(workdir, replicas, "capacity")
        started.append(stack.nginx)
        yield stack
    finally:
        for process in reversed(started):
            process.stop()


@pytest.mark.deploy
def test_two_replicas_hold_more_than_one(replicas_behind_nginx: Stack, tmp_path: Path):
    stack = replicas_behind_nginx
    two = protocol_load(stack, tmp_path / "two.json")
    assert two["errors"] == 0, two["error_samples"]
    assert two["changes"] > 0
    shares = [cpu / sum(two["replica_cpu_s"]) for cpu in two["replica_cpu_s"]]
    assert min(shares) > 0.2, f"one replica did almost nothing: CPU seconds {two['replica_cpu_s']}"

    stopped = stack.replicas[1]
    stopped.stop()
    status, _, _ = http_get(f"{stack.url}/_stcore/health")
    assert status == 200, "nginx did not fail over to the remaining replica"
    one = protocol_load(stack, tmp_path / "one.json")
    assert one["errors"] == 0, one["error_samples"]
    assert one["replica_cpu_s"][1] == 0, "the stopped replica still served"

    ratio = round(two["changes_per_s"] / one["changes_per_s"], 2) if one["changes_per_s"] else None
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps({"viewers": VIEWERS, "seconds": SECONDS, "two_replicas": two,
                                    "one_replica": one, "ratio": ratio,
                                    "load_average": os.getloadavg()}, indent=2))
    print(f"\ntwo replicas: {two['changes_per_s']} changes/s (p50 {two['p50_s']} s); one replica: "
          f"{one['changes_per_s']} changes/s (p50 {one['p50_s']} s); ratio {ratio}; "
          f"load average {os.getloadavg()}")
