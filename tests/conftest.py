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


# A second source for the shipped data, made up for the tests (it says so in its own text):
# one 2025 figure, one item and one honour quoting it, published on a stated date.
SECOND_SOURCE = {
    "source/synthetic_2025.txt": "合成测试文本（虚构，非真实报道）\n\n2025年，永嘉新增高新技术企业60家。"
                                 "测试样例企业入选专精特新“小巨人”企业。\n",
    "sources.csv": "synthetic_2025,合成测试来源：永嘉2025年创新发展（虚构）,合成2025,,测试日报,,,2025-05-12,"
                   "source/synthetic_2025.txt,Synthetic test source (made up for the tests).\n",
    "periods.csv": "2025,year,2025-01-01,2025-12-31,2025,2025年,2025,Calendar year 2025 (synthetic).\n",
    "observations.csv": "high_tech_enterprises_new,2025,60,60家,exact,reported,,synthetic_2025,"
                        "2025年，永嘉新增高新技术企业60家,\n",
    "entities.csv": "synthetic_firm,enterprise,测试样例企业,Sample test firm,enterprises,,,2025,,,"
                    "synthetic_2025,测试样例企业入选专精特新“小巨人”企业,\n",
    "honours.csv": "synthetic_firm,little_giant,专精特新“小巨人”企业,"
                   "\"Specialised \"\"little giant\"\" firm\",unstated,2025,synthetic_2025,"
                   "测试样例企业入选专精特新“小巨人”企业\n",
}


@pytest.fixture
def two_sources(data_copy: Path) -> Path:
    """The shipped data plus SECOND_SOURCE: two sources, the second one dated."""
    for name, text in SECOND_SOURCE.items():
        path = data_copy / name
        if name.endswith(".txt"):
            path.write_text(text, encoding="utf-8")
        else:
            with path.open("a", encoding="utf-8", newline="") as f:
                f.write(text)
    return data_copy
