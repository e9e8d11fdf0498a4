"""The command-line tools as people run them: each starts without loading Streamlit, answers
--help with its usage, an example and its exit codes, and a folder that does not exist gets one
line and exit 2, not a traceback or a list of missing files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import check_data, clean_sources
from dashboard.draft.__main__ import main as draft

REPO = Path(__file__).resolve().parent.parent

# Runs a tool as `python -m` does, then says which Streamlit modules it loaded.
_RUN_AND_LIST = """
import runpy, sys
sys.argv = [{module!r}, *{args!r}]
try:
    runpy.run_module({module!r}, run_name="__main__", alter_sys=True)
except SystemExit:
    pass
print("loaded:", sorted(m for m in sys.modules if m.split(".")[0] == "streamlit"), file=sys.stderr)
"""


def run_tool(module: str, *args: str) -> subprocess.CompletedProcess:
    """`python -m module args` in a fresh interpreter, from the repository; stderr ends with the
    Streamlit modules it loaded."""
    return subprocess.run([sys.executable, "-c", _RUN_AND_LIST.format(module=module, args=list(args))],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("module, args", [
    ("dashboard.check_data", []),
    ("dashboard.draft", ["--help"]),
    ("dashboard.draft", ["measure"]),
    ("dashboard.clean_sources", ["--check"]),
])
def test_tools_start_without_streamlit(module, args):
    """check_data and the drafting tool read and check CSVs: loading Streamlit (the dashboard's
    server, 1–2 s of a start) would only make them slow."""
    result = run_tool(module, *args)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "loaded: []"


# Each command line: (its main, the words before the options).
TOOLS = {
    "check_data": (check_data.main, []),
    "clean_sources": (clean_sources.main, []),
    "draft": (draft, []),
    "draft merge": (draft, ["merge"]),
    "draft measure": (draft, ["measure"]),
}


def run_main(tool: str, args: list[str], capsys) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of a tool's main, as `python -m` would exit."""
    main, words = TOOLS[tool]
    try:
        status = main([*words, *args])
    except SystemExit as stop:
        status = stop.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("tool", TOOLS)
def test_help_gives_usage_an_example_and_exit_codes(tool, capsys):
    status, out, err = run_main(tool, ["--help"], capsys)
    assert status == 0 and err == ""
    assert out.startswith(f"usage: python -m dashboard.{tool} ")
    example = out.split("example", 1)[1]  # "example:" or "examples:", then a command to copy
    assert f"python -m dashboard.{tool}" in example
    codes = out.split("exit codes:", 1)[1]
    assert "\n  0  " in codes and "\n  2  " in codes


# Where each tool takes a folder (or a file) that may not exist.
MISSING = {
    "check_data": ["{}"],
    "clean_sources": ["{}"],
    "draft": ["{}", "--source-id", "x"],
    "draft merge": ["{}"],
    "draft measure": ["--data", "{}"],
}


@pytest.mark.parametrize("tool", TOOLS)
def test_a_folder_that_does_not_exist_is_one_line_and_exit_2(tool, tmp_path, capsys):
    missing = tmp_path / "nowhere"
    status, out, err = run_main(tool, [a.format(missing) for a in MISSING[tool]], capsys)
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and str(missing) in err and "Traceback" not in err, err


@pytest.mark.parametrize("tool", ["check_data", "clean_sources", "draft merge", "draft measure"])
def test_a_default_data_folder_that_does_not_exist_is_one_line(tool, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "nowhere"))
    args = [str(tmp_path)] if tool == "draft merge" else []
    status, out, err = run_main(tool, args, capsys)
    assert status == 2 and len(err.splitlines()) == 1 and "DASHBOARD_DATA_DIR" in err, err


@pytest.mark.parametrize("args, zh, en", [
    (["{}", "--lang", "zh"], "参数 folder：找不到文件夹", "argument folder: no folder"),
    (["--bogus", "--lang", "zh"], "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
    (["--lang", "zh", "--lang"], "参数 --lang：需要跟一个值", "argument --lang: expected one argument"),
])
def test_argparse_s_own_words_are_in_the_analyst_s_language(args, zh, en, tmp_path, monkeypatch, capsys):
    """Python ships argparse's messages in English only: cli.Parser puts them into Chinese."""
    for lang, expected in (("zh", zh), ("en", en)):
        words = [a.format(tmp_path / "nowhere") for a in args]
        words = [lang if w == "zh" else w for w in words]
        monkeypatch.setattr(sys, "argv", ["check_data", *words])  # the language is read from it
        status, _, err = run_main("check_data", words, capsys)
        assert status == 2 and expected in err, err
