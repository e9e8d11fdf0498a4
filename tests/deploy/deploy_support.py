"""Helpers for tests/deploy (processes, the bundle, nginx), imported by conftest.py and the
tests. Kept out of conftest.py so that nothing imports a module named `conftest`."""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.harness import Process, StreamlitServer, free_port, tail

REPO = Path(__file__).resolve().parents[2]
NGINX_TEMPLATE = REPO / "deploy" / "nginx" / "yongjia.conf"
NGINX = Path("/usr/sbin/nginx")
BASE_PATH = "yongjia"
AFFINITY_COOKIE = "yongjia_affinity"
BUILD_TIMEOUT_S = 900  # pip download of ~110 MB of wheels
INSTALL_TIMEOUT_S = 600
# pip cannot reach any index or mirror, whatever this machine's configuration says.
PIP_OFFLINE = {"PIP_NO_INDEX": "1", "PIP_INDEX_URL": "http://127.0.0.1:9/",
               "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
PIP_UNSET = ("PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_TRUSTED_HOST")


def require(present: bool, reason: str) -> None:
    """Skip locally, fail under CI: CI must not pass without really running these tests."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so the deploy tests must run, but {reason}", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- HTTP

def http_get(url: str, headers: dict | None = None, timeout: float = 5):
    """(status, headers, body) without following redirects; (None, {}, b"") when unreachable."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    # https on loopback: nginx with a throwaway self-signed certificate (self_signed_cert).
    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=ssl._create_unverified_context()))
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, OSError):
        return None, {}, b""


# --------------------------------------------------------------------------- the bundle

def build_bundle(out: Path, log: Path) -> Path:
    """`make dist` with the test's interpreter (it has pip), into `out`."""
    if shutil.which("make"):
        command = ["make", "--no-print-directory", "-C", str(REPO), "dist",
                   f"DIST_DIR={out}", f"DIST_PYTHON={sys.executable}"]
    else:
        command = [sys.executable, str(REPO / "deploy" / "build_dist.py"), "--out", str(out)]
    with open(log, "wb") as handle:
        try:
            result = subprocess.run(command, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, timeout=BUILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"make dist took over {BUILD_TIMEOUT_S} s; log {log}:\n{tail(log)}",
                        pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"make dist failed ({result.returncode}); log {log}:\n{tail(log)}",
                    pytrace=False)
    tarballs = sorted(out.glob("yongjia-dashboard-*.tar.gz"))
    assert len(tarballs) == 1, f"expected one tarball in {out}, found {tarballs}"
    return tarballs[0]


def install_python() -> str | None:
    """CPython 3.11 as the server has it: Debian's /usr/bin/python3.11 when present."""
    for candidate in ("/usr/bin/python3.11", shutil.which("python3.11"), sys.executable):
        if not candidate or not os.path.exists(candidate):
            continue
        version = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                                 capture_output=True, text=True, timeout=30).stdout.strip()
        if version == "(3, 11)":
            return candidate
    return None


def can_isolate_network() -> bool:
    """True when `unshare --net` works (root): the install then runs with no network at all."""
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "--net", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def offline_env(base: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in (base or os.environ).items() if k not in PIP_UNSET}
    env.update(PIP_OFFLINE)
    return env


@dataclass
class Installed:
    root: Path             # the unpacked bundle folder
    venv: Path
    install_log: Path
    network_isolated: bool  # install.sh ran in a network namespace of its own
    base_python: str        # the interpreter install.sh was given
    run_as: list[str] = field(default_factory=list)  # setpriv prefix, or [] for this user

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


def start_replica(installed: Installed, logs: Path, *, base_path: str = "",
                  data_dir: Path | None = None, cookie_secret: str = "deploy-test-secret-" + "0" * 32,
                  allowed_hosts: str = "127.0.0.1 localhost", name: str = "replica") -> StreamlitServer:
    """run.sh from the installed bundle, configured through the environment as systemd does;
    started, not yet waited for (wait_healthy())."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "DASHBOARD_"))}
    env.update(STREAMLIT_SERVER_PORT=str(port), STREAMLIT_SERVER_ADDRESS="127.0.0.1",
               STREAMLIT_SERVER_COOKIE_SECRET=cookie_secret, YONGJIA_VENV=str(installed.venv),
               STREAMLIT_SERVER_ALLOWED_HOSTS=allowed_hosts,
               HOME="/nonexistent" if installed.run_as else env.get("HOME", "/tmp"))
    if base_path:
        env["STREAMLIT_SERVER_BASE_URL_PATH"] = base_path
    if data_dir is not None:
        env["DASHBOARD_DATA_DIR"] = str(data_dir)
    logs.mkdir(parents=True, exist_ok=True)
    replica = StreamlitServer(command=[*installed.run_as, str(installed.root / "run.sh")],
                              name=f"{name} :{port}", log=logs / f"{name}-{port}.log", env=env,
                              cwd=Path("/"), port=port, base_path=base_path)
    return replica.start()


# --------------------------------------------------------------------------- nginx

def self_signed_cert(folder: Path, name: str = "yongjia-dashboard") -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 and localhost (and its key), valid for two days."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


def nginx_config(prefix: Path, listen_port: int, replicas: list[StreamlitServer], http_port: int = 0) -> str:
    """deploy/nginx/yongjia.conf inside a minimal nginx.conf of its own: the replicas' ports,
    loopback listen ports (https on `listen_port`, the redirecting http server on `http_port`), a
    self-signed certificate and logs under `prefix`; nothing else is changed."""
    site = NGINX_TEMPLATE.read_text(encoding="utf-8")
    servers = re.findall(r"^\s*server 127\.0\.0\.1:(\d+)\b.*;$", site, flags=re.M)
    assert servers == ["8501", "8502"], f"expected the two replica lines 8501, 8502: {servers}"
    assert len(replicas) == 2
    for default, replica in zip(("8501", "8502"), replicas):
        site = site.replace(f"server 127.0.0.1:{default} ", f"server {replica.address} ")
    site, listens = re.subn(r"^(\s*)listen 443 ssl http2;",
                            rf"\g<1>listen 127.0.0.1:{listen_port} ssl http2;", site, flags=re.M)
    assert listens == 1, "expected one `listen 443 ssl http2;` line in yongjia.conf"
    site, listens = re.subn(r"^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{http_port or free_port()};",
                            site, flags=re.M)
    assert listens == 1, "expected one `listen 80;` line in yongjia.conf"
    cert, key = self_signed_cert(prefix / "tls")
    site, certs = re.subn(r"^(\s*)ssl_certificate(_key)?\s+\S+;",
                          lambda m: f"{m[1]}ssl_certificate{m[2] or ''} {key if m[2] else cert};",
                          site, flags=re.M)
    assert certs == 2, "expected one ssl_certificate and one ssl_certificate_key line"
    site, logs = re.subn(r"^(\s*)access_log\s+\S+", rf"\g<1>access_log {prefix}/access.log",
                         site, flags=re.M)
    assert logs == 1, "expected one access_log line in yongjia.conf"
    temp = "\n".join(f"    {kind}_temp_path {prefix}/temp/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log info;\n"
            # What yongjia.conf asks of nginx.conf (a WebSocket holds two): with 512, 400 viewers
            # through two replicas had 2,202 errors; with 4096, none.
            f"daemon off;\nevents {{ worker_connections 4096; }}\n"
            f"http {{\n    default_type application/octet-stream;\n{temp}\n\n{site}\n}}\n")


@dataclass
class Stack:
    """nginx on 127.0.0.1:<port> in front of two replicas, all under /yongjia/."""
    nginx: Process
    port: int               # https
    replicas: list[StreamlitServer]
    prefix: Path
    http_port: int = 0      # the http server that redirects to https

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.origin}/{BASE_PATH}"

    def replica_at(self, address: str) -> StreamlitServer:
        (replica,) = [r for r in self.replicas if r.address == address]
        return replica

    def logs(self) -> str:
        """Each process's output, nginx's error log, and the requests its access log shows a
        replica failing or retried on the other (upstream_status "502, 200"): where a failover
        that moved a session shows."""
        parts = [f"--- {s.log}\n{tail(s.log, 1500)}" for s in [self.nginx, *self.replicas]]
        errors, access = self.prefix / "error.log", self.prefix / "access.log"
        failed = [line for line in tail(access, 10**7).splitlines()
                  if (status := re.search(r"upstream_status=(.*?) request_time", line))
                  and not re.fullmatch(r"-|101|[23]\d\d", status[1])]
        parts += [f"--- {errors}\n{tail(errors, 1500)}",
                  f"--- {access}: failed or retried\n" + "\n".join(failed[-20:])]
        return "\n".join(parts)


def start_nginx(workdir: Path, replicas: list[StreamlitServer], name: str) -> Stack:
    prefix = workdir / name
    (prefix / "temp").mkdir(parents=True)
    for path in (prefix, prefix / "temp"):
        path.chmod(0o755)  # nginx's workers (nobody) create their temp files below
    port, http_port = free_port(), free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, port, replicas, http_port), encoding="utf-8")
    check = subprocess.run([str(NGINX), "-t", "-p", str(prefix), "-c", str(conf),
                            "-e", str(prefix / "error.log")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, f"nginx -t rejects the config:\n{check.stderr}\n{conf}"
    nginx = Process([str(NGINX), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                    name=f"nginx :{port}", log=prefix / "nginx.out").start()
    stack = Stack(nginx, port, replicas, prefix, http_port)

    def ready() -> bool:  # through the test's self-signed certificate
        status, _, body = http_get(f"{stack.url}/_stcore/health", timeout=2)
        return status == 200 and body.strip() == b"ok"

    nginx.wait_until(ready, "health through nginx")
    return stack


