"""The command-line tools as people run them: each starts without loading Streamlit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
])
def test_tools_start_without_streamlit(module, args):
    """check_data and the drafting tool read and check CSVs: loading Streamlit (the dashboard's
    server, 1–2 s of a start) would only make them slow."""
    result = run_tool(module, *args)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "loaded: []"
