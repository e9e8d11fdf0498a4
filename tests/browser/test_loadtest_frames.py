"""The load test's protocol client (loadtest/protocol.py) speaks to the server as Chromium does.

Chromium opens the overview and changes the sector while its WebSocket frames are recorded; the
client does the same against the same server. Then: the client asked what Chromium asked (the same
rerun_script, widget states and page hash included), and got what Chromium shows (as many elements
as the page's element containers, the same tiles with the same values, the same link). If the
client sent the wrong widget states, the change would not change the page, and the load test
would time something no viewer sees."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

import pytest
from browser_support import ARTIFACTS, REPO_ROOT, wait_ready
from playwright.sync_api import Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from loadtest.protocol import Viewer
from tests.harness import StreamlitServer

# Every tile's (label, value) as the browser shows them.
TILES = """() => Array.from(document.querySelectorAll("[data-testid='stMetric']")).map((tile) => [
    tile.querySelector("[data-testid='stMetricLabel']").innerText.trim(),
    tile.querySelector("[data-testid='stMetricValue']").innerText.trim()])"""


def open_overview(page: Page, url: str) -> list[bytes]:
    """Open the overview in Chromium; the list that collects every frame it sends from then on."""
    sent: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(url + "/")
    wait_ready(page)
    return sent


def choose(page: Page, key: str, label: str) -> None:
    """Choose `label` in the selectbox keyed `key`, and wait until the page is drawn again."""
    before = page.url
    page.locator(f".st-key-{key}").get_by_role("combobox").click()
    page.get_by_role("listbox").get_by_role("option", name=label, exact=True).click()
    expect(page).not_to_have_url(before)
    wait_ready(page)


def shown(page: Page) -> tuple[int, list[tuple[str, str]]]:
    """(element containers, tiles) on the page: the sidebar's widgets and the main area's elements."""
    elements = page.locator("[data-testid='stElementContainer']").count()
    return elements, [tuple(tile) for tile in page.evaluate(TILES)]


def received(run) -> tuple[int, list[tuple[str, str]]]:
    """(elements, tiles) of a run, each tile as the browser renders its Markdown: label and value
    are sent escaped (dashboard/escape.py), a backslash before any ASCII punctuation."""
    return len(run.elements), [(unescape(label), unescape(value)) for label, value in run.metrics]


def unescape(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).strip()


def rerun_requests(frames: list[bytes]) -> list:
    """The rerun_script of each BackMsg Chromium sent (heartbeats and the like left out)."""
    requests = []
    for payload in frames:
        message = BackMsg()
        message.ParseFromString(payload)
        if message.WhichOneof("type") == "rerun_script":
            requests.append(message.rerun_script)
    return requests


def same_request(ours, chromium) -> None:
    """What a rerun asks for; the page URL in contextInfo is where each one is, so not compared."""
    assert ours.query_string == chromium.query_string
    assert ours.page_script_hash == chromium.page_script_hash
    assert ours.page_name == chromium.page_name
    assert list(ours.cached_message_hashes) == list(chromium.cached_message_hashes)
    # Every widget and its value; the order is the frontend's map of states, which the server
    # reads into a dict.
    assert by_id(ours.widget_states) == by_id(chromium.widget_states)


def by_id(states) -> dict[str, bytes]:
    return {state.id: state.SerializeToString(deterministic=True) for state in states.widgets}


def test_protocol_client_matches_chromium_on_the_overview(page: Page, app_url: str):
    sent = open_overview(page, app_url)
    viewer = Viewer(app_url)
    try:
        first = viewer.open("", "")
        chromium_elements, chromium_tiles = shown(page)
        assert chromium_tiles, "the overview shows no tile: nothing to compare"
        assert received(first) == (chromium_elements, chromium_tiles)
        same_request(viewer.last_request.rerun_script, rerun_requests(sent)[0])

        # The same change in both: the second sector (a page with fewer tiles than "all").
        label = viewer.options("sector")[1]
        choose(page, "sector", label)
        changed = viewer.select("sector", label)
        same_request(viewer.last_request.rerun_script, rerun_requests(sent)[-1])
        chromium_elements, chromium_tiles = shown(page)
        assert chromium_tiles != shown_before(first), "the change did not change the tiles"
        assert received(changed) == (chromium_elements, chromium_tiles)
        assert changed.query_string == urlsplit(page.url).query
        assert viewer.value("sector") == [label]
    finally:
        viewer.close()


def shown_before(run) -> list[tuple[str, str]]:
    return received(run)[1]



@pytest.fixture(scope="module")
def small_cache_url(_require_chromium) -> str:
    """The dashboard with Streamlit's message cache taking messages of 100 bytes and more (not
    10 KB): most of the overview's elements are then cached, and a change sends references."""
    env = {**os.environ, "STREAMLIT_GLOBAL_MIN_CACHED_MESSAGE_SIZE": "100"}
    with StreamlitServer("dashboard/app.py", cwd=REPO_ROOT, env=env,
                         log=ARTIFACTS / "streamlit-small-cache.log") as server:
        yield server.url


def test_protocol_client_keeps_the_message_cache_as_chromium_does(page: Page, small_cache_url: str):
    """The cache as the frontend keeps it: after a change, the hashes sent are Chromium's, every
    reference the server sends is resolved, and the page is what Chromium shows. (Not on the map,
    whose deck is the one message over 10 KB: in software WebGL its page never takes a click.)"""
    sent = open_overview(page, small_cache_url)
    viewer = Viewer(small_cache_url)
    try:
        viewer.open("", "")
        for label in viewer.options("sector")[1:3]:
            choose(page, "sector", label)
            changed = viewer.select("sector", label)
            request = rerun_requests(sent)[-1]
            assert request.cached_message_hashes, "Chromium cached nothing: nothing to compare"
            same_request(viewer.last_request.rerun_script, request)
            assert changed.cache_hits > 0
            assert received(changed) == shown(page)
    finally:
        viewer.close()
