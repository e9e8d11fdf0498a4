"""Whether the tool stands behind a figure it found. A figure it cannot stand behind goes to the
draft's maybe list with the reason, for the analyst to scan, and is not proposed: another
place's figure (温州, 乐清, 全省 …), one the data leaves out (land areas, rents, tourism, a
subsidy's amount, a project's capacity), a small count in words (三大, 一个, 十项: prose), an
ordinal in a name (第一大支柱产业), a figure without a noun of its own or without a period."""

from __future__ import annotations

import re

from dashboard.draft.figures import Figure
from dashboard.draft.phrases import COUNTY, HAN, PLACE, SENTENCE_PART
from dashboard.messages import M, Message
from dashboard.numerals import CN_DIGITS
from dashboard.timewords import TIME

# What the data leaves out (data/README.md says why), by the words of the figure's clause.
OUT_OF_SCOPE = (
    (re.compile(r"租金|房租|月租"), M("review.doubt.rent")),
    (re.compile(r"旅游|游客|景区|门票|客流"), M("review.doubt.tourism")),
    (re.compile(r"奖励|补贴|补助|资助|奖补|扶持资金"), M("review.doubt.subsidy")),
    (re.compile(r"年产(?!值)"), M("review.doubt.capacity")),
)
LAND = ("亩", "平方米", "公顷", "平方公里")
PROSE_UNITS = ("个", "大", "次", "条", "座", "项", "件", "种", "支", "场", "位", "名")
POLICY = re.compile(r"新政|政策|意见|措施|条例|办法")
# Words that open a clause before its subject: 其中, 同时, time words.
OPENING = re.compile(r"^(?:其中|同时|而且?|另外|此外|据统计|据悉|截至目前|目前|当前|今年|去年|前年|"
                     r"近年来|全年|[\s,，])+")
# A place that opens the name of a title, not a place owning the figure (浙江出口名牌2个 counts the
# county's brands that hold the province's title).
TITLE_AFTER_PLACE = re.compile(r"(?:出口)?名牌|制造|老字号|品字标|著名|驰名")
NOT_LABEL = re.compile(r"[^\u4e00-\u9fffA-Za-z&·+]")  # 尖兵领雁+X, R&D, GDP


def owner(sentence: str, figure: Figure) -> str:
    """The place named at the start of the last clause before the figure that names one (浙江省
    温州市永嘉县桥下镇 is the county's town); '' when no clause opens with a place."""
    starts = [0] + [m.end() for m in SENTENCE_PART.finditer(sentence, 0, figure.start)]
    for start in reversed(starts):
        text = TIME.sub("", sentence[start:figure.start])
        text = OPENING.sub("", text)
        pos, last = 0, ""
        while True:
            m = COUNTY.match(text, pos) or PLACE.match(text, pos)
            if not m or m.end() == pos or TITLE_AFTER_PLACE.match(text, m.end()):
                break
            last, pos = m.group(), m.end()
        if last:
            return last
    return ""


def doubt(figure: Figure, sentence: str, clause: str, label: str, place: str, *, undated: bool,
          matched: str = "") -> Message | None:
    """Why the figure goes to the maybe list; None when the tool stands behind it. `place` is the
    figure's own from a 分别 list (phrases.owners), else the clause's; `matched`: the labels of the
    data's indicator the figure fits, if any (温州's goal is in the data as 温州's; an incubator's
    floor area is in scope, a site's land is not; an indicator the data keeps undated)."""
    place = place or owner(sentence, figure)
    if place and not COUNTY.fullmatch(place) and place.rstrip("市县区省") not in matched:
        return M("review.doubt.other_place", place=place)
    if figure.unit.endswith(LAND) and not matched:
        return M("review.doubt.land", unit=figure.unit)
    for words, why in OUT_OF_SCOPE:
        if words.search(clause):
            return why
    if figure.kind == "count" and figure.printed[:1] in CN_DIGITS and figure.number < 11 \
            and figure.unit in PROSE_UNITS:
        return M("review.doubt.prose", printed=figure.printed)
    if figure.unit == "条" and POLICY.search(sentence):
        return M("review.doubt.policy", printed=figure.printed)
    if figure.kind == "rank" and HAN.match(sentence[figure.end:figure.end + 1] or "。") \
            and not figure.printed.endswith(("名", "位", "个")):
        return M("review.doubt.ordinal", printed=figure.printed)
    if (len(label) < 2 or not re.search(r"[\u4e00-\u9fff]|[A-Z]{2}", label) or NOT_LABEL.search(label)
            or PLACE.fullmatch(label) or COUNTY.fullmatch(label)):
        return M("review.doubt.no_noun", label=label)
    if undated and not matched:
        return M("review.doubt.no_period")
    return None
