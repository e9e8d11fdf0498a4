import shutil
from pathlib import Path

import pytest

from dashboard.data import DEFAULT_DATA_DIR

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder, to break in one way per test."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """The commands speak the analyst's language (messages.detect_language): tests that read
    their English words get English whatever the machine's locale; Chinese is asked for."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
