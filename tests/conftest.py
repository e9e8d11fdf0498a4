import shutil
from pathlib import Path

import pytest

from dashboard import memo
from dashboard.data import DEFAULT_DATA_DIR
from tests.fixtures import FIRST_ARTICLE

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder, to break in one way per test."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def first_article():
    """The dataset of tests/fixtures/first_article (the first article's real data, frozen), for
    tests of behaviour on known rows; data/ grows under them."""
    return memo.load(FIRST_ARTICLE)


@pytest.fixture
def first_article_copy(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/first_article, to break a known row in one way per test."""
    target = tmp_path / "data"
    shutil.copytree(FIRST_ARTICLE, target)
    return target


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """The commands speak the analyst's language (messages.detect_language): tests that read
    their English words get English whatever the machine's locale; Chinese is asked for."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
