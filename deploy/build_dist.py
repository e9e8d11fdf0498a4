"""Build the offline install bundle: dist/yongjia-dashboard-<version>/ and its .tar.gz.

    python deploy/build_dist.py [--out DIR]            (`make dist` runs this)

The bundle is everything the intranet server needs, with no network there:

    yongjia-dashboard-<version>/
      install.sh run.sh preflight.py healthcheck.py   from deploy/bundle/
      dashboard/ data/ .streamlit/ pyproject.toml constraints.txt README.md
      deploy/                              nginx, systemd, Dockerfile, deploy/README.md
      wheelhouse/                          a wheel of the project and of every runtime dependency
      BUILD-INFO.txt SHA256SUMS

The wheelhouse targets Linux x86-64 / CPython 3.11 whatever machine builds it. Building needs the
package index (pip download); the checks at the end need none: every wheel must be the version
pinned in constraints.txt, and an offline dry-run install from the wheelhouse alone must resolve.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
NAME = "yongjia-dashboard"

# The app source shipped as it is in the work tree.
SOURCE_ITEMS = ["dashboard", "data", ".streamlit", "pyproject.toml", "constraints.txt", "README.md"]
# Never shipped: caches, and local secrets (Streamlit reads .streamlit/secrets.toml).
EXCLUDED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".DS_Store", "secrets.toml",
                                  "*.egg-info", "build", ".pytest_cache")

# Target of the wheelhouse: the server (Debian 12, glibc 2.36) and python:3.11-slim.
PYTHON_VERSION = "3.11"
PLATFORMS = ["manylinux2014_x86_64"] + [f"manylinux_2_{minor}_x86_64" for minor in range(17, 29)]
TARGET_OPTIONS = ["--only-binary=:all:", "--python-version", PYTHON_VERSION,
                  "--implementation", "cp", "--abi", "cp311", "--abi", "abi3", "--abi", "none"]
for _platform in PLATFORMS:
    TARGET_OPTIONS += ["--platform", _platform]

# pip without any configuration or index: what the intranet server has.
OFFLINE_ENV_DROP = ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_TRUSTED_HOST")


class BuildError(Exception):
    pass


def log(message: str) -> None:
    print(f"[dist] {message}", flush=True)


def run(command: list[str], env: dict | None = None, cwd: Path | None = None) -> str:
    shown = " ".join(str(c) for c in command)
    log(f"$ {shown}")
    result = subprocess.run([str(c) for c in command], env=env, cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise BuildError(f"command failed ({result.returncode}): {shown}\n{result.stdout[-4000:]}")
    return result.stdout


def offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENV_DROP}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def project_metadata() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def read_pins(path: Path) -> dict[str, str]:
    pins = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;]+)", line)
        if not match:
            raise BuildError(f"{path.name}:{number}: expected name==version, got {line!r}")
        pins[canonical(match[1])] = match[2]
    return pins


def wheel_name_version(filename: str) -> tuple[str, str]:
    if not filename.endswith(".whl"):
        raise BuildError(f"not a wheel in the wheelhouse: {filename}")
    parts = filename[:-4].split("-")
    return canonical(parts[0]), parts[1]


def git(*args: str) -> str | None:
    """Read-only git queries; None outside a git work tree."""
    try:
        result = subprocess.run(["git", "--no-optional-locks", "-C", str(REPO), *args],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


# --------------------------------------------------------------------------- steps

def copy_sources(bundle: Path) -> None:
    for item in SOURCE_ITEMS:
        source = REPO / item
        if not source.exists():
            raise BuildError(f"missing from the work tree: {item}")
        if source.is_dir():
            shutil.copytree(source, bundle / item, ignore=EXCLUDED)
        else:
            shutil.copy2(source, bundle / item)
    if (REPO / ".streamlit" / "secrets.toml").exists():
        log("note: .streamlit/secrets.toml exists locally and was NOT copied into the bundle")
    for script in sorted((DEPLOY / "bundle").iterdir()):
        shutil.copy2(script, bundle / script.name)
    for name in ("install.sh", "run.sh", "preflight.py", "healthcheck.py"):
        (bundle / name).chmod(0o755)
    shutil.copytree(DEPLOY, bundle / "deploy",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "bundle", "build_dist.py"))


def build_project_wheel(bundle: Path, wheelhouse: Path) -> Path:
    """Build from a scratch copy, so neither the repo nor the bundle gets build/ or egg-info."""
    with tempfile.TemporaryDirectory(prefix="yongjia-wheel-") as scratch:
        source = Path(scratch) / "src"
        source.mkdir()
        for item in ("dashboard", "pyproject.toml", "README.md"):
            if (bundle / item).is_dir():
                shutil.copytree(bundle / item, source / item)
            else:
                shutil.copy2(bundle / item, source / item)
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
             "--wheel-dir", wheelhouse, source])
    wheels = list(wheelhouse.glob("yongjia_dashboard-*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one project wheel, found {wheels}")
    return wheels[0]


def check_project_wheel(wheel: Path, bundle: Path) -> None:
    """Every file of dashboard/ must be in the wheel: run.sh runs the installed package."""
    with zipfile.ZipFile(wheel) as archive:
        inside = {n for n in archive.namelist() if n.startswith("dashboard/")}
    shipped = {p.relative_to(bundle).as_posix() for p in (bundle / "dashboard").rglob("*")
               if p.is_file()}
    missing = sorted(shipped - inside)
    if missing:
        raise BuildError("files of dashboard/ missing from the wheel (add them as package data "
                         "in pyproject.toml, or the installed app will not find them): "
                         + ", ".join(missing))


def download_dependencies(project_wheel: Path, wheelhouse: Path) -> None:
    run([sys.executable, "-m", "pip", "download", "--disable-pip-version-check",
         "--dest", wheelhouse, "--constraint", REPO / "constraints.txt", *TARGET_OPTIONS,
         project_wheel])


def check_wheelhouse(wheelhouse: Path, version: str) -> dict:
    """Pinned versions only, the runtime closure only, and it resolves with no index at all."""
    pins = read_pins(REPO / "constraints.txt")
    meta = project_metadata()
    extras = {canonical(re.split(r"[\s=<>!~;\[]", r, maxsplit=1)[0])
              for reqs in meta.get("optional-dependencies", {}).values() for r in reqs}
    problems, found = [], {}
    for wheel in sorted(wheelhouse.glob("*")):
        name, wheel_version = wheel_name_version(wheel.name)
        found[name] = wheel.name
        if name == canonical(NAME):
            if wheel_version != version:
                problems.append(f"{wheel.name}: project version {version} expected")
            continue
        if name not in pins:
            problems.append(f"{wheel.name}: {name} is not pinned in constraints.txt")
        elif pins[name] != wheel_version:
            problems.append(f"{wheel.name}: constraints.txt pins {name}=={pins[name]}")
        if name in extras:
            problems.append(f"{wheel.name}: {name} belongs to an optional extra (test/geo), "
                            f"not to the runtime")
    for requirement in meta["dependencies"]:
        name = canonical(re.split(r"[\s=<>!~;\[]", requirement, maxsplit=1)[0])
        if name not in found:
            problems.append(f"direct dependency {requirement} has no wheel")

    # The proof: resolve the install from the wheelhouse alone, as install.sh will.
    with tempfile.TemporaryDirectory(prefix="yongjia-dryrun-") as scratch:
        report_path = Path(scratch) / "report.json"
        run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
             "--no-index", "--find-links", wheelhouse, "--target", Path(scratch) / "target",
             "--report", report_path, *TARGET_OPTIONS, f"{NAME}=={version}"], env=offline_env())
        report = json.loads(report_path.read_text(encoding="utf-8"))
    resolved = {canonical(item["metadata"]["name"]) for item in report["install"]}
    unused = sorted(set(found) - resolved)
    if unused:
        problems.append("wheels the install does not use: " + ", ".join(unused))
    if problems:
        raise BuildError("wheelhouse check failed:\n  " + "\n  ".join(problems))
    not_shipped = sorted(set(pins) - set(found))
    log(f"wheelhouse: {len(found)} wheels, resolves offline; pins not shipped (test/geo only): "
        + ", ".join(not_shipped))
    return found


def lowest_glibc(wheel_name: str) -> tuple[int, int]:
    """A wheel tagged for several glibc versions needs only the lowest of them."""
    minors = [int(m) for m in re.findall(r"manylinux_2_(\d+)_x86_64", wheel_name)]
    if "manylinux2014_x86_64" in wheel_name:
        minors.append(17)
    return (2, min(minors)) if minors else (0, 0)


def write_build_info(bundle: Path, version: str, wheels: dict) -> None:
    commit = git("rev-parse", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    needed = max((lowest_glibc(w) for w in wheels.values()), default=(0, 0))
    lines = [
        f"name: {NAME}",
        f"version: {version}",
        f"git commit: {commit}" + (" (work tree had uncommitted changes)" if dirty else ""),
        f"built: {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}",
        f"target: Linux x86-64, CPython {PYTHON_VERSION}, glibc >= {needed[0]}.{needed[1]}",
        "install: ./install.sh   (no network; see deploy/README.md)",
        "wheels:",
        *[f"  {wheels[name]}" for name in sorted(wheels)],
    ]
    (bundle / "BUILD-INFO.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_checksums(bundle: Path) -> None:
    lines = []
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        relative = path.relative_to(bundle).as_posix()
        if relative == "SHA256SUMS":
            continue
        lines.append(f"{sha256(path)}  {relative}")
    (bundle / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_tarball(bundle: Path) -> Path:
    """Sorted entries, root-owned, one timestamp: unpacks the same wherever it was built."""
    tarball = bundle.parent / f"{bundle.name}.tar.gz"
    epoch = int(git("log", "-1", "--format=%ct") or dt.datetime.now().timestamp())

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = epoch
        info.mode = 0o755 if info.isdir() or info.mode & 0o100 else 0o644
        return info

    paths = [bundle, *sorted(bundle.rglob("*"))]
    with tarfile.open(tarball, "w:gz", compresslevel=9) as archive:
        for path in paths:
            archive.add(path, arcname=path.relative_to(bundle.parent).as_posix(),
                        recursive=False, filter=normalise)
    (tarball.parent / f"{tarball.name}.sha256").write_text(
        f"{sha256(tarball)}  {tarball.name}\n", encoding="utf-8")
    return tarball


def build(out: Path) -> Path:
    version = project_metadata()["version"]
    out.mkdir(parents=True, exist_ok=True)
    bundle = out / f"{NAME}-{version}"
    if bundle.exists():
        shutil.rmtree(bundle)
    for stale in (out / f"{bundle.name}.tar.gz", out / f"{bundle.name}.tar.gz.sha256"):
        stale.unlink(missing_ok=True)
    bundle.mkdir()
    log(f"building {bundle}")
    copy_sources(bundle)
    wheelhouse = bundle / "wheelhouse"
    wheelhouse.mkdir()
    project_wheel = build_project_wheel(bundle, wheelhouse)
    check_project_wheel(project_wheel, bundle)
    download_dependencies(project_wheel, wheelhouse)
    wheels = check_wheelhouse(wheelhouse, version)
    write_build_info(bundle, version, wheels)
    write_checksums(bundle)
    tarball = make_tarball(bundle)
    size = tarball.stat().st_size / 2**20
    log(f"done: {bundle}/ and {tarball} ({size:.0f} MiB)")
    return tarball


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist",
                        help="output folder (default: dist/ in the repo)")
    args = parser.parse_args(argv)
    try:
        build(args.out.resolve())
    except BuildError as error:
        print(f"[dist] ERROR: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
