"""Browser tests: one Streamlit server and one headless Chromium for the whole session.

Run with ``python -m pytest tests/browser`` (or ``-m browser``). Chromium is the Debian package at
/usr/bin/chromium, not a Playwright download. Without it the tests are skipped locally and fail
when the environment variable CI is set, so that CI cannot pass without really running them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, LOCALE, REPO_ROOT, STARTUP_TIMEOUT_S

from tests.harness import free_port, stop_process

# wait_ready(page) and the settings the tests share live in browser_support.py: test modules import
# from there rather than from a conftest (tests/ holds several conftest.py files).


# --------------------------------------------------------------------------- Chromium present?

@pytest.fixture(scope="session", autouse=True)
def _require_chromium() -> None:
    """Skip (locally) or fail (CI) before anything is started when Chromium is missing."""
    if CHROMIUM.exists():
        return
    reason = (f"{CHROMIUM} not found: install the Debian package 'chromium' to run the browser "
              f"tests (playwright install cannot download a browser here)")
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so the browser tests must run, but {reason}", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- the app server

def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def app_url(_require_chromium) -> str:
    """Serve dashboard/app.py on a free loopback port; yield its base URL (no trailing slash)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "streamlit-server.log"
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
               "--server.port", str(port), "--server.headless", "true",
               "--server.address", "127.0.0.1"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=os.environ.copy(),
                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode} before it was healthy; "
                            f"see {log_path}:\n{log_path.read_text(errors='replace')[-3000:]}",
                            pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"{url}/_stcore/health did not answer 'ok' within "
                            f"{STARTUP_TIMEOUT_S} s; see {log_path}", pytrace=False)
            time.sleep(0.2)
        yield url
    finally:
        stop_process(process)


# --------------------------------------------------------------------------- pytest-playwright

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, _require_chromium) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args) -> dict:
    return {**browser_context_args, "locale": LOCALE, "viewport": dict(DESKTOP)}
