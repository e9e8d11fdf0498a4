"""What the browser tests share: paths, browser settings and wait_ready(). A module of its own
(not conftest) so that test modules can import it whatever other conftest.py files exist."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.harness import CHARTS_DRAWN, CHROMIUM, CHROMIUM_ARGS  # noqa: F401 (re-exported)

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LOCALE = "zh-CN"

WAIT_MS = 30_000  # every wait in the browser


# --------------------------------------------------------------------------- waiting

_NO_SKELETON = "() => document.querySelector(\"[data-testid='stSkeleton']\") === null"


def wait_ready(page: Page, timeout: float = WAIT_MS) -> None:
    """Wait the way Streamlit's own tests do: connected, the script run finished, no placeholder
    left; then until every chart has drawn (Vega: canvas or svg, Graphviz: svg, deck.gl: canvas).

    The script state is "initial" (not "notRunning") until the first run after a page load ends.
    After an interaction, first wait for something the rerun changes (URL, text), then call this."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']",
                           timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                           timeout=timeout)
    page.wait_for_function(_NO_SKELETON, timeout=timeout)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout)
