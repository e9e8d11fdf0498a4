"""Browser tests: one Streamlit server and one headless Chromium for the whole session.

Run with ``python -m pytest tests/browser`` (or ``-m browser``). Chromium is the Debian package at
/usr/bin/chromium, not a Playwright download. Without it the tests are skipped locally and fail
when the environment variable CI is set, so that CI cannot pass without really running them.
"""

from __future__ import annotations

import os

import pytest
from browser_support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, LOCALE, REPO_ROOT

from dashboard.data import DATA_DIR_ENV
from tests.fixtures import FIRST_ARTICLE
from tests.harness import StreamlitServer

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

@pytest.fixture(scope="session")
def app_url(_require_chromium) -> str:
    """Serve dashboard/app.py on a free loopback port; yield its base URL (no trailing slash).
    It serves the first article's data, frozen (tests/fixtures/first_article): the tests count
    and read what known rows show, and data/ grows."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with StreamlitServer("dashboard/app.py", cwd=REPO_ROOT, log=ARTIFACTS / "streamlit-server.log",
                         env={**os.environ, DATA_DIR_ENV: str(FIRST_ARTICLE)}) as server:
        yield server.url


# --------------------------------------------------------------------------- pytest-playwright

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, _require_chromium) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args) -> dict:
    return {**browser_context_args, "locale": LOCALE, "viewport": dict(DESKTOP)}
