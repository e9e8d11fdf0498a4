"""Chinese numerals and ordinals, read the same way by the validator and the drafting tool.

cn2an reads the numerals; it costs ~200 ms to import (it compiles its patterns at import, measured
on this machine with `python -X importtime`), so it is imported only for a numeral of more than one
character: the ordinals and spans the data holds (第一, 近两年) are read without it, and a cold start
of the app does not pay for it."""

from __future__ import annotations

import re
from decimal import Decimal

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_ONE_CHARACTER = {c: n for n, chars in enumerate(("零〇", "一", "二两", "三", "四", "五", "六", "七",
                                                   "八", "九", "十")) for c in chars}
_NOT_RANK = "届批期轮季代次步年天章节条部"  # 第二届, 第一批: an edition or a batch, not a rank
RANK = re.compile(rf"第(?P<num>[{CN_DIGITS}]+|\d+)(?P<unit>个|名|位|家)?(?![{_NOT_RANK}{CN_DIGITS}\d])")
# "The first" without 第: 首位, 首个, 首家, 首名, 榜首 (top of the list) and 之首 (居…之首, first
# among). Not 首次 ("for the first time").
FIRST = re.compile(r"榜首|之首|首(?:位|个|家|名)")


def chinese_number(text: str) -> Decimal:
    """三 → 3, 两千一百三十八 → 2138, 千 → 1000 (cn2an wants 一千), 十二点五 → 12.5.
    ValueError (or cn2an's KeyError/IndexError) when `text` is not a numeral."""
    if len(text) == 1 and text in _ONE_CHARACTER:
        return Decimal(_ONE_CHARACTER[text])
    import cn2an  # see the module's docstring

    if text[0] in "十百千万亿":
        text = "一" + text
    return Decimal(str(cn2an.cn2an(text, "normal")))


def ordinal(printed: str) -> int | None:
    """The place an ordinal as printed gives (第一 → 1, 第七个 → 7, 第7名 → 7, 首位 and 榜首 → 1),
    or None when `printed` holds no ordinal (or one cn2an cannot read)."""
    if FIRST.search(printed):
        return 1
    match = RANK.search(printed)
    if not match:
        return None
    raw = match["num"]
    try:
        return int(raw) if raw.isdigit() else int(chinese_number(raw))
    except (ValueError, KeyError, IndexError, ArithmeticError):
        return None
