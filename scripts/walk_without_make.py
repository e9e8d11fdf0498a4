"""The README's path without make, walked end to end as an analyst on a clean machine would, in a
folder whose path has spaces and Chinese characters:

  copy the project -> python -m venv .venv -> pip install -c constraints.txt -e . ->
  python -m dashboard.check_data -> python -m dashboard.draft (a real article) -> accept a row
  in the workbook (openpyxl, as Excel saves it) -> python -m dashboard.draft merge ->
  python -m dashboard.check_data (OK, and in Chinese) -> streamlit run dashboard/app.py
  (HTTP 200 on / and /_stcore/health)

Usage: python3 scripts/walk_without_make.py [PARENT]   (default: a new temporary folder)
Each step is printed with its time; the first that fails stops the walk with its output and exit
1. CI runs it once after `make test` (.ci/run). Only the copy is written to."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# A cleaned text of the shipped data (kept as received in source/raw/): a real article to draft.
ARTICLE = PROJECT / "data" / "source" / "14_old_industrial_zones_2022_yjnet.txt"
SOURCE_ID = "walk_old_zones_2022"
LEFT_OUT = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache", ".ruff_cache",
                                  "test-artifacts", "drafts", "backups", "*.egg-info", "build", "dist")
BIN = "Scripts" if os.name == "nt" else "bin"

# Filled in the workbook for the accepted row's new indicator, as the 说明 sheet asks (the copy's
# data only: the walk's copy is thrown away).
ENGLISH = {"label_en": "Walk: a figure of the article", "short_label_en": "Walk", "unit_en": "units"}


class WalkFailed(Exception):
    pass


def step(title: str):
    """Print the step, run it, print its time; any failure stops the walk."""
    def run(action):
        started = time.monotonic()
        print(f"--> {title}", flush=True)
        result = action()
        print(f"    ok ({time.monotonic() - started:.1f} s)", flush=True)
        return result
    return run


def command(args: list, cwd: Path, expect: int = 0, env: dict | None = None) -> str:
    """Run a command as the README writes it; its output, or WalkFailed with the output."""
    shown = " ".join(f'"{a}"' if " " in str(a) else str(a) for a in args)
    print(f"    $ {shown}", flush=True)
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                            encoding="utf-8", errors="replace", env={**os.environ, **(env or {})})
    output = (result.stdout + result.stderr).strip()
    if result.returncode != expect:
        raise WalkFailed(f"exit {result.returncode} (expected {expect}) from {shown}:\n{output}")
    return output


def accept_one_row(book_path: Path, periods: set[str]) -> str:
    """What an analyst does in Excel: accept the first figure whose period the data has, its new
    indicator (with the English labels filled in) and the sources row; save. Returns the figure."""
    from openpyxl import load_workbook  # the copy's venv has it; this runs inside it

    book = load_workbook(book_path)

    def rows(sheet):
        header = [c.value for c in book[sheet][1]]
        return header, [dict(zip(header, row)) for row in book[sheet].iter_rows(min_row=2)]

    def value(cell) -> str:
        return str(cell.value or "").split(" ")[0]  # "undated 未注明时间" -> undated

    _, observations = rows("observations")
    chosen = next(r for r in observations if value(r["period_id"]) in periods
                  and any(ch.isdigit() for ch in str(r["value_as_printed"].value)))
    chosen["accept"].value = "是"
    indicator = value(chosen["indicator_id"])
    _, indicators = rows("indicators")
    for r in indicators:
        if value(r["indicator_id"]) == indicator:
            r["accept"].value = "是"
            for column, words in ENGLISH.items():
                r[column].value = words
    _, sources = rows("sources")
    sources[0]["accept"].value = "是"
    book.save(book_path)
    return str(chosen["value_as_printed"].value)


def serve_and_ask(copy: Path, python: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    streamlit = python.parent / ("streamlit.exe" if os.name == "nt" else "streamlit")
    args = [streamlit, "run", Path("dashboard") / "app.py", "--server.port", str(port),
            "--server.headless", "true"]
    print(f"    $ {' '.join(map(str, args))}", flush=True)
    server = subprocess.Popen([str(a) for a in args], cwd=copy, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
    try:
        deadline, answers = time.monotonic() + 90, {}
        while time.monotonic() < deadline and len(answers) < 2:
            if server.poll() is not None:
                raise WalkFailed(f"streamlit stopped (exit {server.returncode}):\n{server.stdout.read()}")
            for path in ("/_stcore/health", "/"):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as reply:
                        answers[path] = reply.status
                except OSError:
                    time.sleep(0.5)
        if answers != {"/_stcore/health": 200, "/": 200}:
            raise WalkFailed(f"no HTTP 200 from the app within 90 s: {answers}")
        print(f"    HTTP 200 on / and /_stcore/health (port {port})", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def walk(parent: Path) -> None:
    copy = parent / "分析 员" / "yongjia dashboard"
    python = copy / ".venv" / BIN / ("python.exe" if os.name == "nt" else "python")
    draft_folder = copy / "drafts" / "旧工业区 草稿"
    article = parent / "分析 员" / "来稿 文章" / "老旧工业区 2022.txt"
    step(f"copy the project to {copy}")(lambda: shutil.copytree(PROJECT, copy, ignore=LEFT_OUT))
    step("python -m venv .venv")(lambda: command([sys.executable, "-m", "venv", ".venv"], copy))
    step("pip install -c constraints.txt -e .")(lambda: command(
        [python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-c", "constraints.txt",
         "-e", "."], copy))
    step("python -m dashboard.check_data")(lambda: print("    " + command(
        [python, "-m", "dashboard.check_data"], copy)))

    def draft():
        article.parent.mkdir(parents=True)
        shutil.copyfile(ARTICLE, article)
        print("    " + command([python, "-m", "dashboard.draft", article, "--source-id", SOURCE_ID,
                                "--published", "2022-08-08", "--out", draft_folder, "--lang", "zh"],
                               copy).replace("\n", "\n    "))
    step(f"python -m dashboard.draft {article.name} (a real article, into {draft_folder.name})")(draft)

    def accept():
        periods = command([python, "-c", "from dashboard.reading import read_table; from pathlib import "
                           "Path; print(' '.join(read_table(Path('data/periods.csv'))['period_id']))"], copy)
        code = (f"import sys; sys.path.insert(0, {str(copy / 'scripts')!r}); "
                f"from walk_without_make import accept_one_row; from pathlib import Path; "
                f"print(accept_one_row(Path({str(draft_folder / (SOURCE_ID + '.xlsx'))!r}), "
                f"set({periods.split()!r})))")
        print("    accepted " + command([python, "-c", code], copy))
    step("accept a row, its indicator and the source in the workbook (openpyxl)")(accept)
    step("python -m dashboard.draft merge (the workbook)")(lambda: print("    " + command(
        [python, "-m", "dashboard.draft", "merge", draft_folder / f"{SOURCE_ID}.xlsx"], copy
    ).replace("\n", "\n    ")))

    def check_after():
        print("    " + command([python, "-m", "dashboard.check_data"], copy))
        print("    " + command([python, "-m", "dashboard.check_data", "--lang", "zh"], copy))
        merged = (copy / "data" / "observations.csv").read_text(encoding="utf-8-sig")
        if SOURCE_ID not in merged or not (copy / "data" / "source" / f"{SOURCE_ID}.txt").is_file():
            raise WalkFailed("the merged row or its article is not in the copy's data")
    step("python -m dashboard.check_data (the merged data)")(check_after)
    step("streamlit run dashboard/app.py")(lambda: serve_and_ask(copy, python))


def main(argv: list[str]) -> int:
    started = time.monotonic()
    parent = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="walk-"))
    try:
        walk(parent)
    except (WalkFailed, OSError, StopIteration, KeyError) as error:
        print(f"\nWALK FAILED: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        if not argv:
            shutil.rmtree(parent, ignore_errors=True)
    print(f"\nwalk without make: every step passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
