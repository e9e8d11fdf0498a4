"""The drafting tool's time against the size of the text: `python bench/draft_scale.py [--quick]`
(part of `make bench`). The same real sentences repeated to 100 KB and to 400 KB, as one paragraph
(the worst case for a scan that restarts at every sentence) and as the shipped article repeated
(paragraphs). Budget: 4x the text within 4.8x the time (linear, with room for noise); the import
of cn2an (about 2 s) is paid before the clock starts. Prints a table; exit status 0 when every
size ran."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
from dashboard.data import DEFAULT_DATA_DIR  # noqa: E402
from dashboard.draft.propose import propose  # noqa: E402
from dashboard.numerals import chinese_number  # noqa: E402

# From 03_tiangongding_2025 (shared/sources), cleaned: one sentence of each kind the drafter reads.
SENTENCE = ("去年规上工业总产值达533亿元，规上工业增加值首次突破100亿元，成为浙江第七个规上工业增加值"
            "破百亿元的山区县。全县工业投资、制造业投资、技术改造投资同比分别增长21.4%、14.9%、27%，"
            "均高于省、市投资，制造业投资首次突破50亿元。")
BUDGET = 4.8  # time at 4x the text / time at 1x


def _text(kind: str, kilobytes: int) -> str:
    unit = (SENTENCE if kind == "one paragraph"
            else (DEFAULT_DATA_DIR / "source" / "article.txt").read_text(encoding="utf-8") + "\n")
    return unit * (kilobytes * 1000 // len(unit.encode()) + 1)


def _seconds(text: str) -> tuple[float, int]:
    start = time.perf_counter()
    rows = len(propose(text, "bench", DEFAULT_DATA_DIR).tables["observations"])
    return time.perf_counter() - start, rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10 and 40 KB (proof that it runs)")
    small = 10 if parser.parse_args(argv).quick else 100
    chinese_number("三")  # cn2an's import, outside the clock
    print(f"{'text':<16}{'size':>8}{'seconds':>9}{'rows':>7}   4x/1x (budget {BUDGET}x)")
    for kind in ("one paragraph", "article repeated"):
        times = []
        for kilobytes in (small, 4 * small):
            seconds, rows = _seconds(_text(kind, kilobytes))
            times.append(seconds)
            ratio = f"{times[1] / times[0]:.2f}x {'ok' if times[1] / times[0] <= BUDGET else 'OVER'}" \
                if len(times) == 2 else ""
            print(f"{kind:<16}{kilobytes:>6}KB{seconds:>9.2f}{rows:>7}   {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
