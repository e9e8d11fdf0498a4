"""b. Headless Chromium against the served app: first load of each page until every chart is
drawn, and a change of the sector selectbox until every chart is redrawn, beside a minimal app and
a same-size page. How a browser step is timed (first_load, change_selectbox) is shared with
sections c and e."""

from __future__ import annotations

import itertools
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import shared
from bench.shared import BUDGET, LOCALE, VIEWPORT, WAIT_MS, Plan, Result, median, ms, ratio, serve, within
from tests.harness import CHARTS_DRAWN, CHROMIUM, CHROMIUM_ARGS, StreamlitServer

FLOOR_SERVED = ('import streamlit as st\n\n'
                'st.sidebar.selectbox("s", ["a", "b", "c"], key="sector")\n'
                'st.metric("a", 1)\n')
# The same-size page: as many plain elements, Vega/Graphviz charts and tables as the page
# measured beside it (?n=&vega=&graphviz=&dataframe=), each showing the selected option. What our
# page takes beyond it is ours; what it takes beyond the minimal app but not beyond this one is
# Streamlit's cost of size. The load test (loadtest/) also matches what it sees in the protocol:
# the sidebar's other widgets (&widgets=) and elements (&sidebar=), the containers (&blocks=) and
# a navigation of as many pages (&pages=); the browser bench sizes the main area only, as it did
# when its budgets were set (a map counts as one plain element), and beside that compares a map
# page with the "plain-map page": the same page drawing its maps as plain one-point maps
# (&deck=), Streamlit's own cost of a deck.gl chart.
FLOOR_SIZED = """import pydeck as pdk
import streamlit as st

param = lambda name, default=0: int(st.query_params.get(name, default))


def body():
    sector = st.sidebar.selectbox("s", ["a", "b", "c"], key="sector")
    for i in range(param("widgets")):
        st.sidebar.selectbox(f"w{i}", ["a", "b", "c"], key=f"widget{i}")
    for i in range(param("sidebar")):
        st.sidebar.markdown(f"sidebar {i} {sector}")
    st.title("same size")
    for i in range(param("blocks")):
        st.container()
    for i in range(param("n", 1)):
        st.markdown(f"element {i} {sector}")
    for i in range(param("vega")):
        st.vega_lite_chart({"data": {"values": [{"x": sector, "y": i + 1}]}, "mark": "bar",
                            "encoding": {"x": {"field": "x", "type": "nominal"},
                                         "y": {"field": "y", "type": "quantitative"}}}, width="stretch")
    for i in range(param("graphviz")):
        st.graphviz_chart(f"digraph {{ a{i} -> {sector} }}")
    for i in range(param("deck")):  # one point, no basemap, redrawn by the choice
        layer = pdk.Layer("ScatterplotLayer", data=[{"p": [120.7, 28.2]}], get_position="p",
                          get_radius=500 + 100 * ["a", "b", "c"].index(sector))
        st.pydeck_chart(pdk.Deck(layers=[layer], map_style=None, initial_view_state=pdk.ViewState(
            latitude=28.2, longitude=120.7, zoom=8)), height=560)
    for i in range(param("dataframe")):
        st.dataframe({"row": list(range(10)), "text": [f"{sector} {j}" for j in range(10)]})


if param("pages", 1) > 1:
    st.navigation([st.Page(body, title="same size", default=True)]
                  + [st.Page(lambda: None, title=f"page {i}", url_path=f"page{i}")
                     for i in range(1, param("pages"))]).run()
else:
    body()
"""
APP_READY = "[data-testid='stMain'] h1"      # every page starts with st.title
FLOOR_READY = "[data-testid='stMetric']"


# --------------------------------------------------------------------------- the browser

# The timings are taken in the page (performance.now(): ms since the navigation started), at the
# first animation frame where the condition holds, so Playwright's round trips are not counted.
DRAWN_AT = f"""(ready) => {{
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || !document.querySelector(ready)) return false;  // before the first run: nothing yet
    if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    return ({CHARTS_DRAWN})() ? performance.now() : false;
}}"""
ARM_POINTERDOWN = """() => {
    window.__benchPointerDown = null;
    document.addEventListener('pointerdown', () => { window.__benchPointerDown = performance.now(); },
                              {capture: true, once: true});
}"""
# Elements in the page's main area other than charts and tables (a map counts as one), and its
# maps.
PAGE_SIZE = """() => {
    const count = (id) => document.querySelectorAll(`[data-testid='stMain'] [data-testid='${id}']`).length;
    const vega = count('stVegaLiteChart'), graphviz = count('stGraphVizChart');
    const dataframe = count('stDataFrame');
    return {n: count('stElementContainer') - vega - graphviz - dataframe, vega, graphviz, dataframe,
            deck: count('stDeckGlJsonChart')};
}"""
PAGE_STATS = """() => ({
    vega: document.querySelectorAll("[data-testid='stVegaLiteChart']").length,
    graphviz: document.querySelectorAll("[data-testid='stGraphVizChart']").length,
    deck: document.querySelectorAll("[data-testid='stDeckGlJsonChart']").length,
    exceptions: document.querySelectorAll("[data-testid='stException']").length})"""


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def drawn_at(page, ready_selector: str) -> float:
    """Wait until the run has finished and every chart is drawn; the page's clock then, in ms."""
    return page.wait_for_function(DRAWN_AT, arg=ready_selector, polling="raf",
                                  timeout=WAIT_MS).json_value()


@dataclass
class Visit:
    context: object
    page: object
    socket: object       # the page's /_stcore/stream WebSocket
    seconds: float       # from the start of the navigation until drawn
    server_cpu: float    # CPU seconds the server spent meanwhile (its share of the step)


def first_load(browser, server: StreamlitServer, path: str, ready_selector: str) -> Visit:
    """A new browser context (a first visit: empty cache) opens the page and waits until drawn."""
    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT)
    page = context.new_page()
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws))
    cpu = server.cpu_seconds()
    page.goto(server.url + path, timeout=WAIT_MS)
    seconds = drawn_at(page, ready_selector) / 1000
    stream = [ws for ws in sockets if ws.url.endswith("/_stcore/stream")]
    return Visit(context, page, stream[-1] if stream else None, seconds, server.cpu_seconds() - cpu)


def script_finished(payload) -> bool:
    """True for the server's "script finished" message (a complete run, not one cut short)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if not isinstance(payload, bytes):
        return False
    try:
        message = ForwardMsg.FromString(payload)
    except Exception:  # noqa: BLE001 - any other frame
        return False
    return (message.WhichOneof("type") == "script_finished"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN)


def change_selectbox(visit: Visit, server: StreamlitServer, ready_selector: str, key: str = "sector",
                     option: int = 1) -> tuple[float, float]:
    """Pick option number `option` in the selectbox st-key-<key>; seconds from the pointer going
    down on the option until the page shows the finished rerun with every chart drawn, and the
    CPU seconds the server spent meanwhile.

    The end of the run is read from the WebSocket (the ScriptFinished message) before the page is
    polled: a fast run goes running -> notRunning within one render, so the page's script-state
    attribute alone cannot tell a finished rerun from one that has not started."""
    page = visit.page
    page.locator(f".st-key-{key}").get_by_role("combobox").click(timeout=WAIT_MS)
    choice = page.get_by_role("listbox").get_by_role("option").nth(option)
    choice.wait_for(timeout=WAIT_MS)
    page.evaluate(ARM_POINTERDOWN)
    cpu = server.cpu_seconds()
    with visit.socket.expect_event("framereceived", predicate=script_finished, timeout=WAIT_MS):
        choice.click(timeout=WAIT_MS)
    done = drawn_at(page, ready_selector)
    cpu = server.cpu_seconds() - cpu
    return (done - page.evaluate("() => window.__benchPointerDown")) / 1000, cpu


# --------------------------------------------------------------------------- b. browser

def measure_browser(plan: Plan, browser, log_dir: Path, floor_script: Path) -> list[Result]:
    """Per page and repetition: the minimal app's first load and selectbox change, then the
    page's; each in a new context. Ratios are taken against the floor samples of the same page.
    Both servers get one untimed visit first (their first script run is section c's business).
    The details give the server's CPU time during each step: what is not the server's is the
    browser's (loading, rendering, drawing charts)."""
    kinds = ("load", "change", "floor_load", "floor_change", "sized_load", "sized_change",
             "plain_map_load", "plain_map_change")
    samples = {info.name: {k: [] for k in kinds} for info in shared.PAGES}
    server_cpu = {info.name: {k: [] for k in kinds} for info in shared.PAGES}
    stats, sizes, plain_map_sizes = {}, {}, {}
    sized_script = log_dir / "same_size_app.py"
    sized_script.write_text(FLOOR_SIZED)
    with (serve(shared.APP, log_dir) as app, serve(floor_script, log_dir) as floor,
          serve(sized_script, log_dir) as sized):
        first_load(browser, floor, "/", FLOOR_READY).context.close()
        for info in shared.PAGES:  # untimed: each page's size, in its default view
            visit = first_load(browser, app, info.url_path, APP_READY)
            size = visit.page.evaluate(PAGE_SIZE)
            visit.context.close()
            decks = size.pop("deck")
            sizes[info.name] = size
            if decks:
                plain_map_sizes[info.name] = {**size, "n": size["n"] - decks, "deck": decks}
        first_load(browser, sized, "/", APP_READY).context.close()
        for _ in range(plan.browser_reps):
            for info in shared.PAGES:
                name = info.name
                targets = [("floor_", floor, "/", FLOOR_READY),
                           ("sized_", sized, "/?" + urllib.parse.urlencode(sizes[name]), APP_READY),
                           ("", app, info.url_path, APP_READY)]
                if name in plain_map_sizes:
                    plain_map_path = "/?" + urllib.parse.urlencode(plain_map_sizes[name])
                    targets.insert(2, ("plain_map_", sized, plain_map_path, APP_READY))
                for prefix, target, path, ready in targets:
                    visit = first_load(browser, target, path, ready)
                    try:
                        changed, changed_cpu = change_selectbox(visit, target, ready)
                        if not prefix:
                            stats[name] = visit.page.evaluate(PAGE_STATS)
                    finally:
                        visit.context.close()
                    samples[name][prefix + "load"].append(visit.seconds)
                    samples[name][prefix + "change"].append(changed)
                    server_cpu[name][prefix + "load"].append(visit.server_cpu)
                    server_cpu[name][prefix + "change"].append(changed_cpu)
    results = []
    for name in samples:
        s = {k: ms(median(v)) for k, v in samples[name].items() if v}
        split = {f"{k}_server_cpu_ms": ms(median(v)) for k, v in server_cpu[name].items() if v}
        raw = {k: [ms(x) for x in v] for k, v in samples[name].items()}
        clean = stats.get(name, {}).get("exceptions", 1) == 0
        load_ratio, change_ratio = ratio(s["load"], s["floor_load"]), ratio(s["change"], s["floor_change"])
        results.append(Result("b", "first load / minimal", name, load_ratio, "x",
                              BUDGET["load_ratio"], s["floor_load"], s["load"],
                              passed=clean and within(load_ratio, BUDGET["load_ratio"]),
                              detail={"load_ms": s["load"], "floor_load_ms": s["floor_load"],
                                      "server_cpu_ms": split["load_server_cpu_ms"],
                                      "floor_server_cpu_ms": split["floor_load_server_cpu_ms"],
                                      "charts": stats.get(name), "samples_ms": raw["load"],
                                      "floor_samples_ms": raw["floor_load"]}))
        results.append(Result("b", "sector change / minimal", name, change_ratio, "x",
                              BUDGET["filter_ratio"], s["floor_change"], s["change"],
                              detail={"change_ms": s["change"], "floor_change_ms": s["floor_change"],
                                      "server_cpu_ms": split["change_server_cpu_ms"],
                                      "floor_server_cpu_ms": split["floor_change_server_cpu_ms"],
                                      "samples_ms": raw["change"],
                                      "floor_samples_ms": raw["floor_change"]}))
        against = [("sized_", "same-size page", sizes[name])]
        if name in plain_map_sizes:
            against.append(("plain_map_", "plain-map page", plain_map_sizes[name]))
        for (prefix, floor_name, size), step in itertools.product(against, ("load", "change")):
            check = f"{'first load' if step == 'load' else 'sector change'} / {floor_name}"
            results.append(Result("b", check, name, ratio(s[step], s[prefix + step]), "x",
                                  floor=s[prefix + step], measured=s[step],
                                  detail={"size": size, "samples_ms": raw[step],
                                          "same_size_samples_ms": raw[prefix + step],
                                          "server_cpu_ms": split[f"{step}_server_cpu_ms"],
                                          "same_size_server_cpu_ms": split[f"{prefix}{step}_server_cpu_ms"]}))
    return results


