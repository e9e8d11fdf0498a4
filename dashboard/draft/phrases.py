"""What a figure is about, read from the words around it in its sentence: its own noun phrase
as a short label (工业投资同比增长 for 21.4% in "工业投资、制造业投资、技术改造投资同比分别增长21.4%、
14.9%、27%"), whether it is a figure at all (破百亿元的山区县 and 产值超亿元企业 are names of a kind
of thing; 阅读:1618次 is the copy site's page), and its basis (预计 an estimate, 力争 a target).

Clauses end at Chinese and ASCII punctuation alike: reprints print `,` for `，`."""

from __future__ import annotations

import re

from dashboard.draft.figures import Figure
from dashboard.timewords import TIME

CLAUSE = re.compile(r"[，。；：、！？;:!?（）()]|,(?!\d{3})")
SENTENCE_PART = re.compile(r"[，。；：！？;:!?]|,(?!\d{3})")  # a clause, but a list (、) runs on
LIST = re.compile(r"、|和|及|与")
HAN = re.compile(r"[\u4e00-\u9fff]")

# Words that open a clause before its noun: the subject (全县, 永嘉), linking words, statistics.
LEAD = re.compile(r"^(?:其中|同时|另外|此外|而且|并且|并|还|也|均|都|共|已经?|据统计|经统计|据悉|全县|"
                  r"我县|该县|本县|永嘉县?|[\u4e00-\u9fff]{2}县(?=[\u4e00-\u9fff]{2})|全年|今年|去年|前年|目前|当前|累计|共计|合计|总计|实现了?|"
                  r"完成了?(?!率)|达到了?|拥有|现有|共有|有(?![效限])|比上年|较上年|是|为|把|"
                  r"(?:产品)?(?:荣获|获评|获得))+")
# Words between the noun and its number: verbs and qualifier words (规上工业总产值达533亿元).
TAIL = re.compile(r"(?:达到了?|达|为|约|大约|超过|超|近|将近|接近|逾|突破|首次突破|实现了?|完成了?|共计|合计|"
                  r"计|有|了|的|分别|已|共|均|总计|预计|有望|力争|争取|目标|计划|预期|居|位居|位列|"
                  r"排名|排|列|名列|跃居|稳居|成为|保持|却|依然|仍然|依旧|仍)+$")
INNER = re.compile(r"实现了?|完成了?(?!率)|达到了?")
RATE = re.compile(r"^[\u4e00-\u9fff]{0,2}率$")  # 完成率, 增长率: a rate of the noun before it
GROWTH = re.compile(r"^(?:同比)?(?:增长|下降|提高|增加|提升|减少|上升|增幅|增速)$")
# After a number, a kind of thing it names: 超亿元企业, 百亿级项目, 破百亿元的山区县.
NAME_HEAD = re.compile(r"^(?:的[\u4e00-\u9fff]{0,8}(?:县|市|区|镇|乡|村|企业|项目|产业|工程|园区|龙头|单位)"
                       r"|[\u4e00-\u9fff]{0,4}(?:企业|项目|山区县|龙头|大户|单位|工程))")
# The copy site's page, not the article: counters, contacts.
CHROME = re.compile(r"阅读量?[:：]|浏览[:：量]|点击[:：量]|电话[:：]|热线|QQ|版权所有|免责声明|当前的?位置")
ESTIMATE = re.compile(r"预计|有望|预期|估计|预测")
TARGET = re.compile(r"(?<!年度)(?<!比)(?:力争|目标|计划(?=到|在|\d)|争取|确保|剑指|冲刺|冲击|到\d{4}年)")
MAX_LABEL = 20


def clause_bounds(sentence: str, figure: Figure) -> tuple[int, int]:
    starts = [m.end() for m in CLAUSE.finditer(sentence, 0, figure.start)]
    end = CLAUSE.search(sentence, figure.end)
    return (starts[-1] if starts else 0), (end.start() if end else len(sentence))


def clause(sentence: str, figure: Figure) -> str:
    """The clause (between ，。；：、 or their ASCII forms) that holds the figure."""
    start, end = clause_bounds(sentence, figure)
    return sentence[start:end]


def is_chrome(sentence: str) -> bool:
    return bool(CHROME.search(sentence))


def is_name(sentence: str, figure: Figure) -> bool:
    """An amount inside the name of a kind of thing (产值超亿元企业, 破百亿元的山区县, 3个百亿级项目):
    not a figure of its own."""
    if figure.kind not in ("amount", "magnitude"):
        return False
    # 总投资2.49亿元的…项目 is that project's figure; 破百亿元的山区县 a kind of county
    threshold = re.search(r"[破超过逾]$", sentence[:figure.start]) or figure.printed[:1] in "超破逾"
    named = NAME_HEAD.match(sentence[figure.end:])
    return bool(named) and bool(threshold or not re.search(r"\d", figure.printed))


def basis(before: str) -> str:
    """actual, estimate (预计, 有望) or target (力争, 目标 …), from the clause's words before the figure."""
    if ESTIMATE.search(before):
        return "estimate"
    if TARGET.search(before):
        return "target"
    return "actual"


def _strip(text: str) -> str:
    text = re.sub(r"全年|预计|有望", "", TIME.sub("", text.replace("月份", "月")))  # 1-7月份
    text = re.sub(r"[\d.%％]+|[“”\"‘’《》「」\s]", "", text)
    for _ in range(3):
        text = TAIL.sub("", LEAD.sub("", text))
    return INNER.sub("", text)


def _short(text: str) -> str:
    """The noun at the end of a long phrase: after its last 的, else its last MAX_LABEL characters."""
    if len(text) <= MAX_LABEL:
        return text
    tail = text.rsplit("的", 1)[-1]
    return tail if 2 <= len(tail) <= MAX_LABEL else text[-MAX_LABEL:]


def _after(sentence: str, figure: Figure, end: int) -> str:
    """The noun after a count or ordinal (3个百亿级项目引入, 第七个…山区县)."""
    text = re.sub(r"[\d.%％]+", "", sentence[figure.end:end])
    match = re.match(r"[\u4e00-\u9fff“”]{2,}?(?=引进|引入|落地|入选|获得|获评|开工|竣工|签约|建成|$)", text)
    return _strip(match.group() if match else text)


# A place that owns a figure: the county itself, or another (温州, 乐清市, 全省, 山区26县 …).
COUNTY = re.compile(r"(?:温州市?)?永嘉县?|我县|全县|该县|本县")
PLACE = re.compile(r"温州市?(?!永嘉)|全市|我市|全省|浙江省?|全国|山区26县|各县[(（]市、区[)）]|"
                   r"乐清市?|瑞安市?|"
                   r"苍南县?|平阳县?|文成县?|泰顺县?|龙港市?|鹿城区?|龙湾区?|瓯海区?|洞头区?|杭州市?|宁波市?|"
                   r"台州市?|丽水市?|金华市?|绍兴市?|嘉兴市?|湖州市?|衢州市?|舟山市?")


def _listed(sentence: str, at: int) -> tuple[int, list[str]]:
    """(start, parts) of the list (A、B和C) that ends at `at`, from the clause's start."""
    ends = SENTENCE_PART.finditer(sentence, 0, at)
    start = max([c.end() for c in ends] or [0])
    return start, LIST.split(re.sub(r"同比$", "", sentence[start:at]))


def _run(sentence: str, figures: list[Figure], after: int) -> list[Figure]:
    """The figures joined by 、 or 和 from the first after `after`."""
    later = [f for f in figures if f.start > after]
    run = later[:1]
    for f in later[1:]:
        if not re.fullmatch(r"\s*(?:、|和|及|与|,|，)\s*", sentence[run[-1].end:f.start]):
            break
        run.append(f)
    return run


def owners(sentence: str, figures: list[Figure]) -> dict[int, str]:
    """The place each figure of "乐清市、永嘉县分别有11家、9家" belongs to, by the figure's start."""
    found: dict[int, str] = {}
    for m in re.finditer("分别", sentence):
        parts = [re.sub(r"^(?:其中|同时|而)", "", p) for p in _listed(sentence, m.start())[1]]
        run = _run(sentence, figures, m.end())
        if len(run) == len(parts) and all(COUNTY.fullmatch(p) or PLACE.fullmatch(p) for p in parts):
            found |= {f.start: p for p, f in zip(parts, run)}
    return found


def _respectively(sentence: str, figures: list[Figure], own: dict[int, str]) -> dict[int, str]:
    """Labels for "A、B、C(同比)分别增长x、y、z": the i-th noun with the i-th figure; when the
    nouns are the clauses before ("城镇…收入41765元，农村…收入20267元，同比分别增长9.2%和10.2%"),
    the labels of as many figures before; when they are places ("乐清市、永嘉县分别有11家、9家入选
    企业"), the noun after the figures."""
    labels: dict[int, str] = {}
    places = owners(sentence, figures)
    for m in re.finditer("分别", sentence):
        start, parts = _listed(sentence, m.start())
        nouns = [_strip(n) for n in parts]
        run = _run(sentence, figures, m.end())
        if not run:
            continue
        if run[0].start in places:
            end = CLAUSE.search(sentence, run[-1].end)
            noun = _strip(sentence[run[-1].end:end.start() if end else len(sentence)])
            labels |= {f.start: _short(noun) for f in run if noun}
            continue
        if not any(nouns) and len(nouns) == 1:
            earlier = [f for f in figures if f.end <= start and f.kind != "percent"][-len(run):]
            nouns = [re.sub(r"预计|有望", "", own[f.start]) for f in earlier]
        if len(run) != len(nouns) or not all(nouns):
            continue
        verb = sentence[m.end():run[0].start]
        verb = ("同比" if sentence[:m.start()].endswith("同比") else "") + re.sub(r"为|达到?|是|有", "", verb)
        for noun, f in zip(nouns, run):
            labels[f.start] = _short(noun + verb)
    return labels


def labels(sentence: str, figures: list[Figure]) -> dict[int, str]:
    """Each figure's own short label (no digits), by the figure's start in the sentence."""
    out: dict[int, str] = {}
    previous = ""
    for f in figures:
        start, end = clause_bounds(sentence, f)
        before = sentence[start:f.start]
        for other in figures:  # another figure in the clause is not part of this one's name
            if start <= other.start < f.start:
                before = before.replace(other.printed, "")
        label = _strip(before)
        rest = re.sub(r"[“”\"]", "", sentence[f.end:end])
        from_rest = True
        if before.endswith("等"):  # 伯特利、罗浮、君品等3家企业入选…: names before, the noun after
            label = _strip(rest)
        elif rest.startswith("的"):  # 总投资2.49亿元的产业智能制造中心: whose figure it is
            whose = _strip(rest[1:])
            # …出口保持25%以上的快速增长: the growth of the noun before
            growth = re.fullmatch(r"(?:快速|高速|稳定|稳步|较快)?(增长|增幅|增速)", whose)
            label = label + growth.group(1) if growth else whose + label
        elif f.kind == "magnitude" and HAN.match(rest) and not re.match("台阶|大关|关口|目标", rest):
            # 万亿级生产总值 (but 迈上千亿台阶 is the output's step)
            label = _strip(rest)
        else:
            from_rest = False
        if f.kind == "rank":
            cut = re.split(r"居|位列|排名|排|列|成为|跃居|稳居|名列", before)
            label = _strip(cut[0]) or _after(sentence, f, end) or previous
        elif not label or GROWTH.match(label) or RATE.match(label):
            own = _after(sentence, f, end) if f.kind == "count" and not label else ""
            label = own or (previous + label if previous else label)
        elif f.kind == "count" and not from_rest:  # 输送了两千一百三十八名专业技能人才: noun after
            label += _after(sentence, f, end)
        label = _short(label) or f.printed
        out[f.start] = label
        if f.kind != "rank" and not GROWTH.match(label):
            previous = re.sub(r"(?:同比)?(?:增长|下降|提高|增加|提升)$", "", label)
    return out | _respectively(sentence, figures, out)
