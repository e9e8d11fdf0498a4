"""Fixtures for the hosting kit (deploy/): the bundle, an offline install of it, replicas run from
that install, and Debian's nginx in front of them under /yongjia/.

Run with ``python -m pytest tests/deploy`` (or ``make test-deploy``). The bundle is built from
scratch with ``make dist`` into a temporary folder (this needs the package index, as
``make dist`` does); set YONGJIA_DIST_TARBALL=dist/yongjia-dashboard-<v>.tar.gz to test a bundle
that ``make dist`` already built. Chromium (/usr/bin/chromium) and nginx (/usr/sbin/nginx) are
Debian packages: without them the tests that need them are skipped locally and fail when the
environment variable CI is set. Everything runs on 127.0.0.1, every process started here is
stopped here, and every wait is bounded. YONGJIA_KEEP_TMP=1 keeps the temporary folder (logs).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from deploy_support import (
    BASE_PATH,
    INSTALL_TIMEOUT_S,
    NGINX,
    Installed,
    build_bundle,
    can_isolate_network,
    install_python,
    offline_env,
    require,
    start_nginx,
    start_replica,
)

from tests.harness import CHROMIUM, CHROMIUM_ARGS, Process, tail


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "deploy: hosting kit (deploy/): offline bundle, nginx and replicas; slow")


@pytest.fixture(scope="session")
def workdir() -> Path:
    """One temporary folder for the session, readable by the unprivileged user the replicas run
    as (pytest's own tmp folders are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="yongjia-deploy-"))
    path.chmod(0o755)
    yield path
    if not os.environ.get("YONGJIA_KEEP_TMP"):
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def bundle_tarball(workdir: Path) -> Path:
    given = os.environ.get("YONGJIA_DIST_TARBALL")
    if given:
        path = Path(given).resolve()
        assert path.is_file(), f"YONGJIA_DIST_TARBALL={given} is not a file"
        return path
    return build_bundle(workdir / "dist", workdir / "make-dist.log")


@pytest.fixture(scope="session")
def installed(bundle_tarball: Path, workdir: Path) -> Installed:
    """The tarball unpacked and installed by its install.sh into a fresh venv, offline."""
    python = install_python()
    require(python is not None, "no CPython 3.11 to install the bundle with (its wheels are cp311)")
    target = workdir / "opt"
    target.mkdir()
    subprocess.run(["tar", "-xzf", str(bundle_tarball), "-C", str(target)], check=True,
                   timeout=300)
    (root,) = [p for p in target.iterdir() if p.is_dir()]
    venv = workdir / "venv"  # a fresh folder, not inside the bundle
    log = workdir / "install.log"
    isolated = can_isolate_network()
    command = (["unshare", "--net"] if isolated else []) + [str(root / "install.sh"), str(venv)]
    env = offline_env()
    env["PYTHON"] = python
    with open(log, "wb") as handle:
        result = subprocess.run(command, cwd=workdir, env=env, stdout=handle,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                timeout=INSTALL_TIMEOUT_S)
    assert result.returncode == 0, f"install.sh failed ({result.returncode}):\n{tail(log)}"

    # Replicas run as an unprivileged user when we are root and it can reach the interpreter
    # (a pyenv interpreter under /root cannot be), as systemd runs them.
    run_as: list[str] = []
    if os.geteuid() == 0 and shutil.which("setpriv"):
        prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        probe = subprocess.run(prefix + [str(venv / "bin" / "python"), "-c", "pass"],
                               capture_output=True, timeout=30)
        if probe.returncode == 0:
            run_as = prefix
    return Installed(root, venv, log, isolated, python, run_as)


@contextlib.contextmanager
def running_stack(installed: Installed, workdir: Path, name: str):
    """Two replicas from the installed bundle with baseUrlPath yongjia, then nginx from
    deploy/nginx/yongjia.conf in front of them; all stopped on exit."""
    require(NGINX.exists(), f"{NGINX} not found: install the Debian package 'nginx'")
    started: list[Process] = []
    try:
        replicas = [start_replica(installed, workdir / name, base_path=BASE_PATH,
                                  name=f"replica{i}") for i in (1, 2)]
        started += replicas
        for replica in replicas:
            replica.wait_healthy()
        result = start_nginx(workdir, replicas, name)
        started.append(result.nginx)
        yield result
    finally:
        for service in reversed(started):
            service.stop()


@pytest.fixture
def stack(installed: Installed, workdir: Path, request: pytest.FixtureRequest):
    """Function scope: a test may kill a replica."""
    with running_stack(installed, workdir, re.sub(r"\W+", "-", request.node.name)[:40]) as result:
        yield result


_MODULE_STACKS = itertools.count(1)


@pytest.fixture(scope="module")
def module_stack(installed: Installed, workdir: Path, request: pytest.FixtureRequest):
    """One stack for a module's tests that leave it as they found it (no replica killed). pytest
    may set it up more than once per module (when it regroups tests by browser), hence a count."""
    name = f"module-{request.module.__name__}-{next(_MODULE_STACKS)}"
    with running_stack(installed, workdir, name) as result:
        yield result


# --------------------------------------------------------------------------- pytest-playwright

@pytest.fixture(scope="session")
def _chromium_present() -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} not found: install the Debian package 'chromium'")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, _chromium_present) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args) -> dict:
    return {**browser_context_args, "locale": "zh-CN",
            "viewport": {"width": 1280, "height": 900}, "accept_downloads": True,
            "ignore_https_errors": True}  # nginx serves a throwaway self-signed certificate
