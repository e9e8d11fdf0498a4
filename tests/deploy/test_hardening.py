"""The hosting kit's security (issue 12, items 4 and 5), through nginx with deploy/nginx/yongjia.conf
over https on loopback (a throwaway self-signed certificate), in front of two replicas run from the
installed bundle: response headers, denied endpoints, TLS and the http redirect, the Host
allow-list, the Content-Security-Policy in Chromium on every page, the grids without their own
CSV export, rate limits, and run.sh refusing unsafe settings.

The rate-limit tests exhaust the loopback address's budget on the module's nginx: they come last.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import socket
import ssl
import subprocess
import time

import pytest
from deploy_support import BASE_PATH, REPO, Installed, Stack, http_get
from test_deploy import Recorder, open_page

from dashboard.i18n import text
from dashboard.pages import PAGES
from tests.harness import too_few_elements

pytestmark = pytest.mark.deploy

CONF = (REPO / "deploy" / "nginx" / "yongjia.conf").read_text(encoding="utf-8")
NOT_FOR_BROWSERS = ["_stcore/metrics", "_stcore/agent/openapi.json", "_stcore/agent/interact",
                    "_stcore/agent/mcp", "_stcore/upload_file/x/y", "_stcore/script-health-check"]
MEETING = 400       # officials behind one NAT address, all opening the dashboard...
MEETING_S = 60      # ...within this many seconds


def limit(zone: str) -> tuple[int, int]:
    """(rate per second, burst) of a limit_req zone in yongjia.conf."""
    rate = re.search(rf"zone={zone}:\S+ rate=(\d+)r/s;", CONF)
    burst = re.search(rf"limit_req zone={zone} burst=(\d+) nodelay;", CONF)
    assert rate and burst, f"limit_req zone {zone} with a rate and a nodelay burst in yongjia.conf"
    return int(rate[1]), int(burst[1])


def security_header_problems(where: str, headers: dict) -> list[str]:
    h = {k.lower(): v for k, v in headers.items()}
    csp = h.get("content-security-policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    expected = {"strict-transport-security": "max-age=31536000", "x-content-type-options": "nosniff",
                "referrer-policy": "same-origin", "x-frame-options": "SAMEORIGIN", "server": "nginx"}
    problems = [f"{where}: {name}: {h.get(name)!r}, expected {value!r}"
                for name, value in expected.items() if h.get(name) != value]
    if directives.get("default-src") != ["'self'"] or directives.get("frame-ancestors") != ["'self'"]:
        problems.append(f"{where}: CSP {csp!r}")
    if any(bad in csp for bad in ("'unsafe-eval'", "*")) or "'unsafe-inline'" in " ".join(
            directives.get("script-src", [])):
        problems.append(f"{where}: CSP allows scripts it must not: {csp!r}")
    return problems


def test_security_headers_everywhere(module_stack: Stack):
    """Headers on the page, a hashed script, an API answer, a 404 and nginx's own 403."""
    stack = module_stack
    status, headers, body = http_get(f"{stack.url}/")
    assert status == 200, status
    script = re.search(rb'src="\./(static/js/[^"]+)"', body)
    problems = security_header_problems("page", headers)
    for what, path in (("script", script[1].decode()), ("health", "_stcore/health"),
                       ("not found", "no/such/file.js"), ("denied", "_stcore/metrics")):
        status, headers, body = http_get(f"{stack.url}/{path}")
        problems += security_header_problems(f"{what} ({status})", headers)
        if b"nginx/" in body:
            problems.append(f"{what}: the error page names nginx's version")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("spelling", ["{}", "{}/", "{}?x=1", "/{}"])
def test_endpoints_not_for_browsers_are_denied(module_stack: Stack, spelling: str):
    """Metrics, the agent API and openapi.json, uploads, script health: 403/404, also when spelt
    with an extra slash, a query or escapes; they are served by the replica itself."""
    stack = module_stack
    replica = stack.replicas[0]
    status, _, body = http_get(f"{replica.url}/_stcore/metrics")
    assert status == 200 and body, "the replica serves /_stcore/metrics itself: nothing to deny?"
    status, _, _ = http_get(f"{replica.url}/_stcore/agent/openapi.json")
    assert status == 200, "the replica serves openapi.json itself: nothing to deny?"
    served = []
    for path in NOT_FOR_BROWSERS:
        path = spelling.format(path)
        name = path.split("_stcore/")[1]
        for variant in {path, path.replace(name, f"%{ord(name[0]):02X}{name[1:]}"),
                        path.replace("_stcore/", "_stcore%2F"), path.replace("_stcore/", "x/../_stcore/")}:
            status, _, body = http_get(f"{stack.url}/{variant}")
            if status not in (403, 404) or b"# TYPE" in body or b"openapi" in body:
                served.append(f"/{BASE_PATH}/{variant}: {status} {body[:80]!r}")
    assert not served, "\n".join(served)
    # What the page needs before it connects stays reachable.
    for path in ("_stcore/health", "_stcore/host-config"):
        assert http_get(f"{stack.url}/{path}")[0] == 200, path


def test_http_redirects_to_https_and_tls_is_served(module_stack: Stack):
    stack = module_stack
    status, headers, body = http_get(f"http://127.0.0.1:{stack.http_port}/{BASE_PATH}/?year=2024")
    assert status == 301 and headers.get("Location") == f"https://127.0.0.1/{BASE_PATH}/?year=2024", (
        status, headers)
    assert b"root" not in body and headers.get("Server") == "nginx"
    # The certificate nginx serves is the one configured, valid for the name, TLS 1.2 or newer.
    context = ssl.create_default_context(cafile=str(stack.prefix / "tls" / "yongjia-dashboard.crt"))
    context.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection(("127.0.0.1", stack.port), timeout=5) as raw, \
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        assert tls.version() in ("TLSv1.2", "TLSv1.3") and tls.selected_alpn_protocol() == "h2"


def websocket_status(port: int, host: str, origin: str, tls: bool = False) -> int:
    """The status of a WebSocket handshake to /yongjia/_stcore/stream with these headers."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock = ssl._create_unverified_context().wrap_socket(raw, server_hostname="127.0.0.1") if tls else raw
    with sock:
        sock.sendall((f"GET /{BASE_PATH}/_stcore/stream HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n"
                      "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Protocol: streamlit\r\n\r\n").encode())
        return int(sock.recv(256).split(b" ", 2)[1])


def test_websocket_only_for_allowed_hosts(module_stack: Stack):
    """run.sh insists on server.allowedHosts: a foreign Host and Origin (DNS rebinding) is refused,
    directly at the replica and through nginx; the names the replicas allow are accepted."""
    stack = module_stack
    replica = stack.replicas[0]
    local = f"127.0.0.1:{replica.port}"
    assert websocket_status(replica.port, local, f"http://{local}") == 101
    assert websocket_status(replica.port, "evil.example", "http://evil.example") != 101
    proxy = f"127.0.0.1:{stack.port}"
    assert websocket_status(stack.port, proxy, f"https://{proxy}", tls=True) == 101
    assert websocket_status(stack.port, "evil.example", "https://evil.example", tls=True) != 101


def test_every_page_keeps_to_the_csp(module_stack: Stack, new_context):
    """Every page in Chromium with the Content-Security-Policy: no violation (the map's deck.gl,
    industry's Graphviz WebAssembly, talent's Vega included), charts drawn; the grids offer no
    CSV download of their own; a first visit fits the rate limit of a meeting behind one NAT."""
    stack = module_stack
    context = new_context()
    page = context.new_page()
    recorder = Recorder(context, page)
    violations: list[str] = []
    page.expose_function("cspViolation", lambda text: violations.append(text))
    page.add_init_script("document.addEventListener('securitypolicyviolation', (e) => window"
                         ".cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`))")
    problems = []
    log = stack.prefix / "access.log"
    before = len(log.read_text().splitlines())
    for i, spec in enumerate(PAGES):
        open_page(page, f"{stack.url}/{spec.slug}", text("zh", spec.title_key))
        problems += [f"/{spec.slug}: {p}" for p in too_few_elements(page, spec)]
        if i == 0:  # the first visit, with an empty browser cache
            time.sleep(1)
            first_visit = len(log.read_text().splitlines()) - before
    rate, burst = limit("yongjia_http")
    assert MEETING * first_visit <= burst + rate * MEETING_S, (
        f"a first visit makes {first_visit} requests: {MEETING} of them in {MEETING_S} s exceed "
        f"the HTTP limit (burst {burst}, {rate}/s)")

    # The grids (st.dataframe) on the Sources page: a toolbar, but no "Download as CSV".
    grids = page.locator("[data-testid='stDataFrame']")
    assert grids.count() >= 1
    labels = set()
    for grid in grids.all():
        grid.hover()
        buttons = page.locator("[data-testid='stElementToolbar'] button")
        buttons.first.wait_for()
        labels |= {b.get_attribute("aria-label") for b in buttons.all()}
    if "Fullscreen" not in labels or "Download as CSV" in labels:
        problems.append(f"grid toolbars offer: {sorted(map(str, labels))}")

    problems += [f"CSP violation: {v}" for v in violations]
    problems += [f"console: {e}" for e in recorder.unexpected_console_errors()]
    problems += [f"page error: {e}" for e in recorder.page_errors]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- run.sh

def run_sh(installed: Installed, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "DASHBOARD_"))}
    return subprocess.run([*installed.run_as, str(installed.root / "run.sh"), "--server.port", "9"],
                          env={**base, "YONGJIA_VENV": str(installed.venv), "HOME": "/nonexistent",
                               **env}, capture_output=True, text=True, timeout=120, cwd="/")


GOOD = {"STREAMLIT_SERVER_ALLOWED_HOSTS": "dashboard.example.gov.cn",
        "STREAMLIT_SERVER_COOKIE_SECRET": "0123456789abcdef" * 4}


@pytest.mark.parametrize("bad, says", [
    ({"STREAMLIT_SERVER_ALLOWED_HOSTS": ""}, "server.allowedHosts is empty"),
    ({"STREAMLIT_SERVER_ALLOWED_HOSTS": "*"}, 'server.allowedHosts contains "*"'),
    ({"STREAMLIT_SERVER_COOKIE_SECRET": "change-me"}, "server.cookieSecret is 'change-me'"),
    ({"STREAMLIT_SERVER_COOKIE_SECRET": ""}, "server.cookieSecret is unset"),
    ({"STREAMLIT_SERVER_COOKIE_SECRET": "short-secret"}, "has 12 characters, fewer than 32"),
])
def test_run_sh_refuses_unsafe_settings(installed: Installed, bad: dict, says: str):
    result = run_sh(installed, {**GOOD, **bad})
    assert result.returncode == 78 and "run.sh: refusing to start: server." in result.stderr \
        and says in result.stderr, (
        result.returncode, result.stderr[-2000:])
    assert "Local URL" not in result.stdout + result.stderr  # Streamlit never started


def test_shipped_env_file_does_not_start(installed: Installed):
    """deploy/systemd/yongjia-dashboard.env as shipped: refused, naming both settings to change;
    the unit does not restart a replica refused that way."""
    env = dict(line.split("=", 1) for line in
               (REPO / "deploy" / "systemd" / "yongjia-dashboard.env").read_text().splitlines()
               if line and not line.startswith("#"))
    env.pop("DASHBOARD_DATA_DIR")  # /srv/... does not exist here
    result = run_sh(installed, env)
    assert result.returncode == 78, (result.returncode, result.stderr[-2000:])
    assert "server.allowedHosts" in result.stderr and "server.cookieSecret" in result.stderr
    unit = (REPO / "deploy" / "systemd" / "yongjia-dashboard@.service").read_text()
    assert "RestartPreventExitStatus=78" in unit


def test_good_settings_pass_preflight(installed: Installed):
    result = subprocess.run([str(installed.python), "-I", str(installed.root / "preflight.py"),
                             "--server.port", "9"], env={**os.environ, **GOOD}, cwd=installed.root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- rate limits (last)

def pipelined(port: int, paths: list[str], per_connection: int = 1000, parallel: int = 1) -> list[int]:
    """Status codes of GETs of `paths` pipelined over TLS connections to 127.0.0.1, `parallel` at
    a time; in order when parallel is 1."""
    batches = [paths[start:start + per_connection] for start in range(0, len(paths), per_connection)]
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        return [status for statuses in pool.map(lambda b: _pipeline(port, b), batches)
                for status in statuses]


def _pipeline(port: int, paths: list[str]) -> list[int]:
    context = ssl._create_unverified_context()
    context.set_alpn_protocols(["http/1.1"])
    batch = [f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n" for path in paths]
    batch[-1] = batch[-1].replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw, \
            context.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
        sock.sendall("".join(batch).encode())
        received = bytearray()
        while chunk := sock.recv(1 << 16):
            received += chunk
    statuses = [int(m) for m in re.findall(rb"(?:^|\n)HTTP/1\.1 (\d{3}) ", bytes(received))]
    assert len(statuses) == len(batch), f"{len(statuses)} answers to {len(batch)} requests"
    return statuses


def test_http_rate_limit(module_stack: Stack):
    """A client that exceeds the HTTP budget gets 429, but only after the burst a meeting needs.
    (Denied paths count, so the test needs no replica work: nginx answers them itself.)"""
    stack = module_stack
    rate, burst = limit("yongjia_http")
    started = time.monotonic()
    statuses = pipelined(stack.port, [f"/{BASE_PATH}/_stcore/metrics"] * (burst + burst // 5))
    elapsed = time.monotonic() - started
    assert set(statuses) <= {403, 429}, set(statuses)
    assert 429 in statuses, f"{len(statuses)} requests in {elapsed:.1f} s, none limited"
    first = statuses.index(429)
    assert first >= burst, f"limited after {first} requests: the burst of {burst} is not there"
    assert first <= burst + rate * elapsed + 100, (first, burst, rate, elapsed)
    # The app's own paths share that budget: right after another flood, health is refused too.
    statuses = pipelined(stack.port, [f"/{BASE_PATH}/_stcore/metrics"] * 999 + [f"/{BASE_PATH}/"])
    assert statuses[-1] == 429, statuses[-5:]


def test_websocket_rate_limit(module_stack: Stack):
    """New WebSocket connections: 429 once a client exceeds the WebSocket burst."""
    stack = module_stack
    rate, burst = limit("yongjia_ws")
    started = time.monotonic()
    # Plain GETs (no upgrade) count the same and cost the replicas little; parallel, so that
    # they arrive faster than the budget refills.
    statuses = pipelined(stack.port, [f"/{BASE_PATH}/_stcore/stream"] * (burst * 3 // 2),
                         per_connection=50, parallel=12)
    elapsed = time.monotonic() - started
    passed = len(statuses) - statuses.count(429)
    assert 429 in statuses, f"{len(statuses)} in {elapsed:.1f} s: {sorted(set(statuses))}"
    assert burst <= passed <= burst + rate * elapsed + 20, (passed, burst, rate, elapsed)
