"""From a text as received to the text quotes are checked against: the rules of cleaning.csv,
applied in step order, each a pure function that says how many times it matched.

A text is kept as received (sources.csv raw_file); its cleaned text (text_file) is derived by
these rules and nothing else, so anyone can re-derive it (`python -m dashboard.clean_sources`)
and the validator checks that it has been. The rules only cut (chrome, glosses) or convert
(traditional to simplified characters): they never add words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.messages import M, MessageError


class RuleError(MessageError, ValueError):
    """A rule that cannot be applied as written (a bad argument); the message says why."""


@dataclass(frozen=True)
class Step:
    step: int
    rule: str
    argument: str = ""


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def keep_after(text: str, marker: str) -> tuple[str, int]:
    """The text after the first line containing `marker` (that line dropped); the count is the
    number of lines containing it (0: the text is left as it is)."""
    if not marker:
        raise RuleError(M("rule.keep_after"))
    lines = _lines(text)
    hits = [i for i, line in enumerate(lines) if marker in line]
    return ("".join(lines[hits[0] + 1:]) if hits else text), len(hits)


def keep_before(text: str, marker: str) -> tuple[str, int]:
    """The text before the first line containing `marker` (that line and the rest dropped)."""
    if not marker:
        raise RuleError(M("rule.keep_before"))
    lines = _lines(text)
    hits = [i for i, line in enumerate(lines) if marker in line]
    return ("".join(lines[:hits[0]]) if hits else text), len(hits)


_RANGE = re.compile(r"(\d+)(?:-(\d+))?")


def drop_lines(text: str, lines_range: str) -> tuple[str, int]:
    """Lines a-b (or a) dropped, counted from 1 in the text as it is at this step; the count is
    how many were dropped (0 when the range starts past the end)."""
    match = _RANGE.fullmatch(lines_range.replace(" ", ""))
    if not match:
        raise RuleError(M("rule.drop_lines", argument=repr(lines_range)))
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if not 1 <= first <= last:
        raise RuleError(M("rule.drop_lines_order", argument=repr(lines_range)))
    lines = _lines(text)
    if last > len(lines):
        return text, 0  # a range past the end: the text is not the one the rule was written for
    return "".join(lines[:first - 1] + lines[last:]), last - first + 1


# --- pinyin glosses ------------------------------------------------------------------------------

# Every syllable of Mandarin pinyin, toneless (v stands for ü).
_SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang
cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang
chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao
die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai
gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei
hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu
ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la
lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv
lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao
ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang
pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu
qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se
sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun
shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu
tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu
xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei
zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang
zhui zhun zhuo zi zong zou zu zuan zui zun zuo""".split())
_LONGEST = max(map(len, _SYLLABLES))
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# A bracket of lowercase pinyin letters, with or without tone marks: what a gloss looks like.
# Whether it is one is decided by _is_gloss.
_BRACKET = re.compile(rf"\(([a-zü{_TONED}]{{1,40}})\)")
_GLOSS = re.compile(rf"(?<={_HAN})" + _BRACKET.pattern)


def _toneless(letter: str) -> tuple[str, int]:
    """('v' for ü, the base letter otherwise; 1 if it carries a tone mark)."""
    base = unicodedata.normalize("NFD", letter)
    marked = any(mark in base for mark in "\u0304\u0301\u030c\u0300")
    return ("v" if "\u0308" in base else base[0]), int(marked)


@functools.lru_cache(maxsize=4096)
def _is_gloss(letters: str, toned: bool = True) -> bool:
    """Pinyin syllables written together (zhèjiāngshěng), each with at most one tone mark and
    (when `toned`) at least one mark in all: 'ABS', 'abc', 'café' (fe is no syllable) and 'yè' without its
    closing bracket are not glosses."""
    plain, marks = zip(*map(_toneless, letters))
    plain = "".join(plain)
    if toned and sum(marks) == 0:
        return False
    reachable = {0}  # positions where a segmentation into syllables can end
    for end in range(1, len(plain) + 1):
        if any(start in reachable and plain[start:end] in _SYLLABLES and sum(marks[start:end]) <= 1
               for start in range(max(0, end - _LONGEST), end)):
            reachable.add(end)
    return len(plain) in reachable


def drop_glosses(text: str, argument: str = "") -> tuple[str, int]:
    """The pinyin glosses a copy site inserted right after Han characters removed: 產業(yè) →
    產業, 5月23日(rì) → 5月23日, 浙江省(zhèjiāngshěng) → 浙江省. A real bracket stays: (ABS),
    (2023), （试行）, (yè without its closing bracket, a bracket after a Latin letter or a digit."""
    count = 0

    def cut(match: re.Match) -> str:
        nonlocal count
        if _is_gloss(match.group(1)):
            count += 1
            return ""
        return match.group(0)
    return _GLOSS.sub(cut, text), count


_WEDGED = re.compile(rf"(?<={_HAN})" + _BRACKET.pattern + rf"(?={_HAN})")


def gloss_like(text: str) -> list[tuple[int, str]]:
    """(line, bracket) of every bracket in `text` that drop_glosses would remove, or that sits
    inside words (between Han characters) and reads as pinyin with or without tone marks
    (產業(ye)總): in a cleaned text, each is a gloss left in the text quotes are checked against.
    A gloss after a garbled character (阮I(lǐng)域) is neither, and stays as received."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        found += [(number, m.group(0)) for m in _GLOSS.finditer(line) if _is_gloss(m.group(1))]
        found += [(number, m.group(0)) for m in _WEDGED.finditer(line)
                  if not _is_gloss(m.group(1)) and _is_gloss(m.group(1), toned=False)]
    return sorted(found)


# --- traditional to simplified -------------------------------------------------------------------


@functools.cache
def _converter():
    import opencc  # imported only when a source needs it: ~0.2 s

    return opencc.OpenCC("t2s")


def to_simplified(text: str, argument: str = "") -> tuple[str, int]:
    """Traditional characters as simplified ones (OpenCC's t2s, phrase by phrase); the count is
    how many characters changed."""
    converted = _converter().convert(text)
    if len(converted) != len(text):  # t2s maps character to character; if not, count it once
        return converted, max(1, sum(a != b for a, b in zip(text, converted)))
    return converted, sum(a != b for a, b in zip(text, converted))


RULES: dict[str, Callable[[str, str], tuple[str, int]]] = {
    "keep_after": keep_after, "keep_before": keep_before, "drop_lines": drop_lines,
    "drop_glosses": drop_glosses, "to_simplified": to_simplified,
}


def clean(raw: str, steps: list[Step]) -> tuple[str, list[tuple[Step, int]]]:
    """`raw` after each step in step order, and how many times each matched. RuleError for an
    unknown rule or a bad argument."""
    text, counts = raw, []
    for step in sorted(steps, key=lambda s: s.step):
        if step.rule not in RULES:
            raise RuleError(M("rule.unknown", rule=repr(step.rule), rules=", ".join(RULES)))
        text, count = RULES[step.rule](text, step.argument)
        counts.append((step, count))
    return text, counts
