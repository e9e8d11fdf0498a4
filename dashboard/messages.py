"""What the validator, the drafting tool and the merge tell an analyst, in each language: a
template per key with named placeholders, one dictionary per language (like the page strings in
i18n.py). A message is a key and its arguments (M("type.int")); it is worded only when shown,
in the language asked for, so one problem reads in Chinese on the Chinese page and in English in
a log. An argument may itself be a message (worded in the same language), or Either/Listed of
items (joined by that language's "or" / list separator).

The language of a command is `--lang zh|en`, or else the analyst's: a Chinese locale (LC_ALL,
LC_MESSAGES or LANG starting with zh; on Windows the user's language) gives Chinese."""

from __future__ import annotations

import argparse
import locale
import os
import string
import sys
from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Message:
    key: str
    args: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "en") -> str:
        return render(self, lang)

    def __str__(self) -> str:
        return self.text("en")


def M(key: str, /, **args) -> Message:  # noqa: N802 (short: it is written at every call site)
    """The message `key` with its named arguments."""
    return Message(key, tuple(args.items()))


class Either(tuple):
    """Items worded as alternatives: a or b / a 或 b."""


class Listed(tuple):
    """Items worded as a list: a, b / a，b."""


class MessageError(Exception):
    """An error whose words are a message; str() is the English."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


def _word(value, lang: str):
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, (Either, Listed)):
        joiner = MESSAGES[lang]["join.or" if isinstance(value, Either) else "join.list"]
        return joiner.join(str(_word(v, lang)) for v in value)
    return value


def render(message: Message, lang: str = "en") -> str:
    """`message` in `lang` (English for a language without templates)."""
    templates = MESSAGES.get(lang, MESSAGES["en"])
    return templates[message.key].format(**{k: _word(v, lang) for k, v in message.args})


def text(message, lang: str = "en") -> str:
    """A message, or a plain string (an OS's own words), as text in `lang`."""
    return render(message, lang) if isinstance(message, Message) else str(message)


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


# --- the analyst's language -----------------------------------------------------------------------


def detect_language(environ: Mapping[str, str], system: str | None = None) -> str:
    """'zh' or 'en' for a command run with these environment variables: the first of LC_ALL,
    LC_MESSAGES, LANG that is set decides, as it does for POSIX programs (zh_CN.UTF-8, zh_TW →
    zh; C, en_US → en). With none set (Windows), `system`, the system's locale name, does:
    'Chinese (Simplified)_China' (Windows' name) or 'zh_CN'."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "zh" if environ[name].strip().lower().startswith("zh") else "en"
    if system and system.strip().lower().startswith(("zh", "chinese")):
        return "zh"
    return "en"


def system_locale() -> str | None:
    """The user's language as the system names it: on Windows the UI language (zh_CN), else the
    locale Python started with (None when unset)."""
    if sys.platform == "win32":
        try:
            import ctypes

            ui = ctypes.windll.kernel32.GetUserDefaultUILanguage()
            return locale.windows_locale.get(ui) or locale.getlocale()[0]
        except (AttributeError, OSError):
            pass
    try:
        return locale.getlocale()[0]
    except ValueError:
        return None


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="zh or en (default: the system's language; 中文系统默认中文)")


def chosen_language(option: str | None) -> str:
    """--lang when given, else the analyst's language."""
    return option or detect_language(os.environ, system_locale())


def command_line_language(argv: list[str]) -> str:
    """The language of a command line not yet parsed (argparse checks a folder, and reports a
    mistake, before it has read --lang): --lang zh, --lang=en, else the analyst's language."""
    option = None
    for i, word in enumerate(argv):
        if word == "--lang" and i + 1 < len(argv):
            option = argv[i + 1]
        elif word.startswith("--lang="):
            option = word.split("=", 1)[1]
    return chosen_language(option if option in LANGUAGES else None)


# --- the templates --------------------------------------------------------------------------------

EN = {
    # where a problem is, and how it is joined to what is wrong
    "where.line": "{file}:{line}", "where.file": "{file}", "where.column": " column {column}",
    "where.value": " value {value}", "where.then": ": {what}", "join.or": " or ", "join.list": ", ",
    "empty": "(empty)", "a_formula": "a formula",
    # any check
    "check.crashed": "could not be checked ({error})",
    "problems.more": "… and {more:,} more problems not listed (fix these first)",
    "file.missing": "file is missing", "file.not_found": "file not found",
    "file.not_found_geo": "file not found (run make geo)",
    # reading a file
    "read.unfollowable": "the path cannot be followed ({error})",
    "read.outside": "the path leads outside the data folder",
    "read.unopenable": "cannot be opened ({error})", "read.not_regular": "not a regular file",
    "read.too_large": "larger than the {limit} MB allowed ({size:,} bytes)",
    "read.binary": "a binary file, not text",
    "read.refused": "refused: {why}",
    "read.undecodable": "cannot be decoded (byte {byte:,}): not text, or not saved as UTF-8 or GB18030",
    "read.empty": "file is empty", "read.failed": "cannot be read: {error}",
    "csv.cells": "{cells} cells where the header has {header}: put a value containing a comma in double "
                 "quotes (\"a, b\")",
    "csv.open_quote": "a double quote opens a cell that is never closed: close it, and write a quote "
                      "inside a cell twice (\"\")",
    "csv.unsplittable": "cannot be split into cells: check the double quotes and commas",
    # the generic checks
    "column.missing": "required column is missing", "value.required": "a value is required",
    "type.int": "expected a whole number", "type.number": "expected a number such as 52 or 9.04",
    "type.date": "expected a date as YYYY-MM-DD", "type.text": "expected text",
    "value.one_of": "expected one of {values}",
    "value.one_of_open": "expected one of {values} (or add the value to vocabularies.csv with its labels; "
                         "see the codebook)",
    "id.format": "an id: lowercase letters a-z, digits and _",
    "key.duplicate": "duplicate key: each row needs its own",
    "ref.unknown": "no such id in {targets}",
    "vocabulary.builtin": "already a built-in {vocabulary}: remove this row",
    "theme.expected": "expected a sector whose group is theme",
    "theme.not_industry": "expected one of the 3+3 industries, not a theme",
    # figures, quotes and sources
    "quote.not_in_source": "this text is not in the source {source}",
    "supersedes.why": "say why this figure replaces the one from {source}",
    "supersedes.whose": "a supersedes_reason needs the source_id whose figure this one replaces",
    "supersedes.self": "a row cannot replace its own source's figure",
    "supersedes.no_row": "{source} has no row for {figure}: supersedes names the source whose figure for "
                         "the same indicator and period this row replaces",
    "supersedes.circle": "the rows for {figure} replace each other: exactly one of them can stand",
    "sources.disagree": "{figure} is {this_value} from {this} here but {that_value} from {that} on line "
                        "{line}: {fix}",
    "sources.disagree.fix": "if this figure replaces that one, write {that} in this row's supersedes and "
                            "why in supersedes_reason (if that one stands, write {this} in its "
                            "supersedes); if one is a typo, correct it",
    "sources.disagree.computed": "a computed figure can neither replace nor be replaced: correct or "
                                 "remove it",
    "formula.required": "a computed value needs a formula",
    "formula.cannot": "cannot compute: {error}", "formula.gives": "the formula gives {result}",
    "formula.too_long": "a formula of at most {limit} characters",
    "formula.no_value": "{reference} has no value in observations.csv",
    "formula.not_arithmetic": "not arithmetic: {only}",
    "formula.only": "only numbers, indicator@period, + - * / ( ) and round() are allowed",
    "formula.magnitude": "numbers within ±{limit}", "formula.division_by_zero": "division by zero",
    "source.needed": "a reported or counted value needs its source and sentence",
    "count.formula": "'count: A、B' naming as many items as value, each in the quote",
    "printed.required": "the figure as printed is required for a reported value",
    "printed.not_in_quote": "the figure as printed is not in its source_quote",
    "printed.rank": "{printed} reads as {place}: a rank is the place as printed (第一 and 首位 are 1, "
                    "第七个 is 7)",
    "printed.reads": "the printed figure reads {number}",
    "printed.rank_words": "a rank's place as printed: 第一, 第七个, 第7名, 首位, 榜首 (the validator "
                          "compares it with value)",
    # periods
    "period.start_after_end": "a start on or before the end ({end})",
    "period.year_within": "a year period lies within its year: both dates in {year}, or year {end_year} "
                          "with {end_year}-01-01 to {end_year}-12-31",
    "period.year_of_end": "{end_year}, the year of end_date {end} (the year filter files the period "
                          "under it)",
    "period.end_needed": "a period filed under year {year} needs its end_date",
    "period.relative_pair": "relative_to (a source_id) and relative_words (the time words as printed: "
                            "目前, 去年, 1—11月) go together",
    "period.words_unread": "time words the dashboard can read (目前, 今年, 去年, 过去一年, 近两年, "
                           "1—11月, 今年1—4月; see the codebook), or leave relative_to empty and write "
                           "the dates",
    "period.column_value": "{column} {value}",
    "period.relative_reads": "“{words}” in {source} (published {when}) reads as {should}: write those, or "
                             "if the source means another span, leave relative_to empty and say why in "
                             "note",
    # the map's files
    "geo.both": "give both coordinates, or neither",
    "geo.unplaced": "'unplaced' exactly when there are no coordinates",
    "geo.in_china": "expected {low} to {high} (China)",
    "geo.source_licence": "a placed point names its source and licence",
    "geo.expected": "expected {what}",
    "geo.feature": 'a GeoJSON Feature ({{"type": "Feature", ...}})',
    "geo.geometry": "a Polygon or MultiPolygon: rings of 4 or more [lon, lat] in China",
    "geo.properties": "an object with {names}", "geo.text": "a text",
    "geo.number": "a number from {low} to {high}",
    "geo.collection": "expected a GeoJSON FeatureCollection",
    "geo.yongjia": "expected a feature with adcode {adcode} (Yongjia, where the map opens)",
    # source texts and their cleaning
    "raw.problem": "the raw text of {source} {why}; its figures' quotes are checked once it is fixed",
    "raw.not_found": "is not found", "raw.refused": "is refused: {why}",
    "raw.binary": "is a binary file, not text (it holds NUL bytes)",
    "raw.undecodable": "cannot be decoded (byte {byte:,}): not text, or not UTF-8 or GB18030",
    "raw.html": "is HTML (line {line}: {tag}): save the page's text as a browser shows it, not its source",
    "raw.bidi": "carries a bidi control character (U+{code}, line {line}), which reorders what is shown: "
                "remove it from the raw file; it is no part of the article",
    "cleaning.rule_error": "{source}: {error}",
    "cleaning.matches_nothing": "step {step} ({rule}) of {source} matches nothing in its text: correct "
                                "the marker or range, or remove the step",
    "cleaning.gloss": "line {line} of {source}'s cleaned text holds a bracket that reads as a pinyin gloss "
                      "the copy site inserted: add a drop_glosses step for it in cleaning.csv (it removes "
                      "whole syllables with tone marks right after a Han character), or check the raw "
                      "text against the page it came from",
    "cleaning.no_raw": "{source} has cleaning steps but no raw_file in sources.csv",
    "cleaning.not_derived": "the cleaned text of {source} is not what its raw_file and cleaning.csv's "
                            "steps give (first difference: {where}): run `{fix}` to derive it again",
    "difference.line": "line {line}", "difference.spaces": "line ends or spaces",
    "difference.missing": "missing",
    "rule.keep_after": "keep_after needs a marker: text on the line after which the article starts",
    "rule.keep_before": "keep_before needs a marker: text on the first line after the article",
    "rule.drop_lines": "drop_lines needs lines as a-b or a (e.g. 1-3), not {argument}",
    "rule.drop_lines_order": "drop_lines needs 1 <= a <= b, not {argument}",
    "rule.unknown": "no rule {rule}: the rules are {rules}",
    # python -m dashboard.check_data and python -m dashboard.clean_sources
    "cli.could_not_check": "could not check {folder}: {error}",
    "cli.problems": "{count:,} problem(s) in {folder}",
    "cli.ok": "OK {folder}: {counts} rows; the map's files too",
    "cli.could_not_read": "could not read {folder}: {error}",
    "cli.mistake": "{prog}: {message} (--help shows how)",
    "cli.no_folder": "no folder {folder}", "cli.not_a_folder": "{folder} is not a folder",
    "cli.does_not_exist": "{path} does not exist",
    "cli.no_data_folder": "no data folder {folder} (DASHBOARD_DATA_DIR or data/)",
    "clean.wrote": "wrote {file}", "clean.differs": "{file}: not the cleaned text of {source} ({where})",
    "clean.outside": "{file}: outside {folder}, not written", "clean.failed": "{count} problem(s)",
    "clean.ok_check": "OK {folder}: every cleaned text is its re-derivation ({count} sources)",
    "clean.ok": "OK {folder}: cleaned texts derived ({count} sources)",
    # python -m dashboard.draft
    "draft.source_id": "--source-id: lowercase ASCII letters, digits and _ only (e.g. yongjia_2025)",
    "draft.inside_data": "--out {out} is inside the data folder {data}: drafts never go there",
    "draft.exists": "{out} has a draft already (accepted rows would be lost): --force to overwrite",
    "draft.unreadable": "{file}: cannot be read ({error})",
    "draft.not_text": "{file}: not a text file (binary, or not UTF-8, UTF-16 or GB18030): save the article "
                      "as text (UTF-8) and draft that",
    "draft.written": "{out}: {observations} candidate observations ({maybe} more on the maybe list, each "
                     "with why), {indicators} new indicators, "
                     "{periods} new periods, 1 sources row.\nOpen {workbook} in Excel or WPS (its first "
                     "sheet says what to do; the CSVs beside it hold the same tables, README.txt says "
                     "how), mark accept for the rows to keep, then:\n  python -m dashboard.draft merge {out}",
    "draft.raw": "{file}: a raw reprint, read through {count} cleaning rule(s) ({rules}): check them in the "
                 "cleaning sheet",
    # python -m dashboard.draft merge
    "merge.at_csv": "draft {file}:{line}", "merge.at_sheet": "{book} sheet {sheet}, row {row}",
    "merge.no_accept": "{where}: no accept column",
    "merge.sheet_no_accept": "{book} sheet {sheet} has no accept column in its first row",
    "merge.not_workbook": "{path}: cannot be read as a workbook (.xlsx): {error}",
    "merge.workbooks": "{folder} has {count} workbooks: merge the one you edited, e.g. "
                       "python -m dashboard.draft merge {first}",
    "merge.both": "rows are accepted both in {book} and in the CSVs of {folder}: merge the one you edited, "
                  "python -m dashboard.draft merge {path} or python -m dashboard.draft merge {csv}",
    "merge.accept_source": "{where}: accept the sources row (its source is not in the data yet)",
    "merge.key_exists": "{where}: {key} {value} is already in {at}",
    "merge.at_data": "{file}:{line}",
    "merge.no_article": "{where}: {column} {file}: no such file in the draft folder",
    "merge.other_article": "{where}: {column} {file}: the data folder has another file there",
    "merge.from": "{problem} (from {where})",
    "merge.nothing_accepted": "nothing accepted in {draft}: mark accept (是 or y) in the rows to keep",
    "merge.nothing_written": "\nnothing written to {data}",
    "merge.problems": "\n{count} problem(s): nothing written to {data}; fix them in the draft and merge "
                      "again",
    "merge.would": "would merge into {data}: {counts}; the merged data passes the validator",
    "merge.unwritable": "cannot write {path}: {error}",
    "merge.half": "the data folder may be half merged: copy back the files of {backup} (its README.txt "
                  "says how)",
    "merge.close": "close it (Excel or WPS locks a file it has open) and merge again: nothing was changed "
                   "in {data}",
    "merge.done": "merged into {data}: {counts}",
    "merge.backup": "the files it replaced are in {backup} (its README.txt says how to undo the merge)",
}

ZH = {
    "where.line": "{file} 第 {line} 行", "where.file": "{file}", "where.column": " {column} 列",
    "where.value": "，值 {value}", "where.then": "：{what}", "join.or": " 或 ", "join.list": "、",
    "empty": "（空）", "a_formula": "公式",
    "check.crashed": "无法检查（{error}）",
    "problems.more": "……另有 {more:,} 个问题没有列出（请先改好上面这些）",
    "file.missing": "缺少这个文件", "file.not_found": "找不到这个文件",
    "file.not_found_geo": "找不到这个文件（请运行 make geo 生成）",
    "read.unfollowable": "路径无法解析（{error}）",
    "read.outside": "路径指向数据文件夹以外",
    "read.unopenable": "无法打开（{error}）", "read.not_regular": "不是普通文件",
    "read.too_large": "超过允许的 {limit} MB（实有 {size:,} 字节）",
    "read.binary": "是二进制文件，不是文本",
    "read.refused": "拒绝读取：{why}",
    "read.undecodable": "无法解码（第 {byte:,} 字节处）：不是文本，或者保存时没有选 UTF-8 或 GB18030 编码",
    "read.empty": "文件是空的", "read.failed": "无法读取：{error}",
    "csv.cells": "这一行有 {cells} 格，表头只有 {header} 格：含逗号的内容要用英文双引号括起来（\"a, b\"）",
    "csv.open_quote": "有一个双引号开始的格子没有结束：请补上后面的双引号；"
                      "格子里本身的双引号要写两遍（\"\"）",
    "csv.unsplittable": "无法拆分成格子：请检查双引号和逗号",
    "column.missing": "缺少这一必填列", "value.required": "必须填写",
    "type.int": "应为整数", "type.number": "应为数字，如 52 或 9.04",
    "type.date": "应为日期，写成 YYYY-MM-DD（如 2025-01-15）", "type.text": "应为文字",
    "value.one_of": "应为下列之一：{values}",
    "value.one_of_open": "应为下列之一：{values}（也可以在 vocabularies.csv 里新增这个值并写上中英文名称，"
                         "见数据说明）",
    "id.format": "编号只能用小写字母 a-z、数字和下划线 _",
    "key.duplicate": "主键重复：每一行的主键必须不同",
    "ref.unknown": "{targets} 里没有这个编号",
    "vocabulary.builtin": "这已是 {vocabulary} 的内置取值：请删除这一行",
    "theme.expected": "应为主题（sectors.csv 中 group 为 theme 的板块）",
    "theme.not_industry": "应为 3+3 产业之一，不能填主题",
    "quote.not_in_source": "这段文字不在来源 {source} 的原文里",
    "supersedes.why": "请写明这个数字为什么取代 {source} 的数字",
    "supersedes.whose": "填了 supersedes_reason，就要在 supersedes 填上被取代数字的来源编号（source_id）",
    "supersedes.self": "一行不能取代自己来源的数字",
    "supersedes.no_row": "{source} 没有 {figure} 这一项：supersedes 应填同一指标、同一期间里被本行取代的"
                         "那个数字的来源",
    "supersedes.circle": "{figure} 的几行互相取代：其中只能有一行保留",
    "sources.disagree": "{figure} 在这一行是 {this_value}（来自 {this}），第 {line} 行却是 {that_value}"
                        "（来自 {that}）：{fix}",
    "sources.disagree.fix": "如果这个数字取代那个，就在本行 supersedes 填 {that}，并在 supersedes_reason "
                            "写明原因（如果保留那个，就在那一行的 supersedes 填 {this}）；如果其中一个是"
                            "笔误，改正即可",
    "sources.disagree.computed": "计算得出的数字既不能取代别的数字，也不能被取代：请改正或删除",
    "formula.required": "计算得出的数值要填写公式（formula）",
    "formula.cannot": "无法计算：{error}", "formula.gives": "按公式算得 {result}",
    "formula.too_long": "公式最多 {limit} 个字符",
    "formula.no_value": "observations.csv 里没有 {reference} 的数值",
    "formula.not_arithmetic": "不是算式：{only}",
    "formula.only": "只能用数字、指标@期间、+ - * / ( ) 和 round()",
    "formula.magnitude": "数字须在 ±{limit} 以内", "formula.division_by_zero": "除数为零",
    "source.needed": "报道或计数得出的数值要填写来源（source_id）和原句（source_quote）",
    "count.formula": "应写成 'count: A、B'：列出的项数等于 value，每一项都在原句里",
    "printed.required": "报道的数值必须填写原文写法（value_as_printed）",
    "printed.not_in_quote": "原文写法不在这一行的原句（source_quote）里",
    "printed.rank": "“{printed}”读作 {place}：排名的数值就是原文写的名次（第一、首位为 1，第七个为 7）",
    "printed.reads": "原文写的数字是 {number}",
    "printed.rank_words": "排名要填原文的名次写法，如 第一、第七个、第7名、首位、榜首（检查时与 value 比对）",
    "period.start_after_end": "开始日期不能晚于结束日期（{end}）",
    "period.year_within": "年度期间应在当年之内：起止日期都在 {year} 年；或者 year 填 {end_year}，"
                          "日期为 {end_year}-01-01 至 {end_year}-12-31",
    "period.year_of_end": "应为 {end_year}，即结束日期 {end} 所在的年份（按年份筛选时，这个期间归在这一年）",
    "period.end_needed": "归在 {year} 年的期间要填写结束日期（end_date）",
    "period.relative_pair": "relative_to（来源编号）和 relative_words（原文的时间词，如 目前、去年、"
                            "1—11月）要么都填，要么都不填",
    "period.words_unread": "应为看板能识别的时间词（目前、今年、去年、过去一年、近两年、1—11月、今年1—4月，"
                           "见数据说明）；或者 relative_to 留空，直接填写日期",
    "period.column_value": "{column} 为 {value}",
    "period.relative_reads": "{source}（{when} 发布）里的“{words}”应为 {should}：请照此填写；如果原文指的"
                             "是别的时段，relative_to 留空，并在 note 里说明理由",
    "geo.both": "经度和纬度要么都填，要么都不填",
    "geo.unplaced": "没有经纬度时填 'unplaced'，有经纬度时不能填",
    "geo.in_china": "应在 {low} 到 {high} 之间（中国境内）",
    "geo.source_licence": "有坐标的点要注明来源（source）和许可（licence）",
    "geo.expected": "应为{what}",
    "geo.feature": ' GeoJSON 要素（{{"type": "Feature", ...}}）',
    "geo.geometry": " Polygon 或 MultiPolygon：每个环至少 4 个中国境内的 [经度, 纬度]",
    "geo.properties": "含有 {names} 的对象", "geo.text": "文字",
    "geo.number": " {low} 到 {high} 之间的数字",
    "geo.collection": "应为 GeoJSON FeatureCollection",
    "geo.yongjia": "应有一个 adcode 为 {adcode} 的要素（永嘉县，地图打开时的位置）",
    "raw.problem": "{source} 的原始文本{why}；改好后才会核对它的数字的原句",
    "raw.not_found": "找不到", "raw.refused": "被拒绝读取：{why}",
    "raw.binary": "是二进制文件，不是文本（含 NUL 字节）",
    "raw.undecodable": "无法解码（第 {byte:,} 字节处）：不是文本，或者不是 UTF-8、GB18030 编码",
    "raw.html": "是 HTML（第 {line} 行：{tag}）：请保存浏览器里显示的正文，而不是网页源代码",
    "raw.bidi": "含有双向控制字符（U+{code}，第 {line} 行），会打乱文字的显示顺序：请从原始文件中删掉它，"
                "它不是文章的一部分",
    "cleaning.rule_error": "{source}：{error}",
    "cleaning.matches_nothing": "{source} 的第 {step} 步（{rule}）在文本里找不到匹配：请改正标记或行号范围，"
                                "或者删掉这一步",
    "cleaning.gloss": "{source} 清理后文本的第 {line} 行有一个像是转载网站插入的拼音注音的括号：请在 "
                      "cleaning.csv 里为它加一步 drop_glosses（它会删掉紧跟在汉字后、带声调的完整音节），"
                      "或者对照原网页核对原始文本",
    "cleaning.no_raw": "{source} 有清理步骤，但 sources.csv 里没有它的 raw_file",
    "cleaning.not_derived": "{source} 清理后的文本与按 raw_file 和 cleaning.csv 的步骤得到的不一致"
                            "（最先不同处：{where}）：请运行 `{fix}` 重新生成",
    "difference.line": "第 {line} 行", "difference.spaces": "行尾或空白", "difference.missing": "文件不存在",
    "rule.keep_after": "keep_after 需要一个标记：文章开始前那一行里的文字",
    "rule.keep_before": "keep_before 需要一个标记：文章结束后第一行里的文字",
    "rule.drop_lines": "drop_lines 的行号应写成 a-b 或 a（如 1-3），不能是 {argument}",
    "rule.drop_lines_order": "drop_lines 的行号须满足 1 <= a <= b，不能是 {argument}",
    "rule.unknown": "没有 {rule} 这条规则：可用的规则有 {rules}",
    "cli.could_not_check": "无法检查 {folder}：{error}",
    "cli.problems": "{folder} 里有 {count:,} 个问题",
    "cli.ok": "OK {folder}：{counts} 行；地图文件也没有问题",
    "cli.could_not_read": "无法读取 {folder}：{error}",
    "cli.mistake": "{prog}：{message}（--help 可查看用法）",
    "cli.no_folder": "找不到文件夹 {folder}", "cli.not_a_folder": "{folder} 不是文件夹",
    "cli.does_not_exist": "{path} 不存在",
    "cli.no_data_folder": "找不到数据文件夹 {folder}（DASHBOARD_DATA_DIR 或 data/）",
    "clean.wrote": "已写入 {file}", "clean.differs": "{file}：不是 {source} 清理后的文本（{where}）",
    "clean.outside": "{file}：在 {folder} 以外，没有写入", "clean.failed": "{count} 个问题",
    "clean.ok_check": "OK {folder}：每个清理后的文本都与重新生成的一致（{count} 个来源）",
    "clean.ok": "OK {folder}：已生成清理后的文本（{count} 个来源）",
    "draft.source_id": "--source-id 只能用小写英文字母、数字和 _（如 yongjia_2025）",
    "draft.inside_data": "--out {out} 在数据文件夹 {data} 里面：草稿不能放在那里",
    "draft.exists": "{out} 里已经有草稿（已选“是”的行会丢失）：确要覆盖请加 --force",
    "draft.unreadable": "{file}：无法读取（{error}）",
    "draft.not_text": "{file}：不是文本文件（是二进制文件，或者不是 UTF-8、UTF-16、GB18030 编码）：请把文章"
                      "另存为文本（UTF-8）再生成草稿",
    "draft.written": "{out}：找到 {observations} 个候选数字（另有 {maybe} 个列在 maybe 表里，各注明了原因），"
                     "新指标 {indicators} 个，新期间 {periods} 个，"
                     "来源 1 行。\n请用 Excel 或 WPS 打开 {workbook}（第一张表“说明”写了怎么做；旁边的 CSV "
                     "文件内容相同，README.txt 有说明），在要保留的行的 accept 列选“是”，然后运行：\n"
                     "  python -m dashboard.draft merge {out}",
    "draft.raw": "{file}：这是转载的原始文本，已按 {count} 条清理规则读取（{rules}）：请在 cleaning 表里核对",
    "merge.at_csv": "草稿 {file} 第 {line} 行", "merge.at_sheet": "{book} 的 {sheet} 表第 {row} 行",
    "merge.no_accept": "{where}：没有 accept 列",
    "merge.sheet_no_accept": "{book} 的 {sheet} 表第一行没有 accept 列",
    "merge.not_workbook": "{path}：无法作为工作簿（.xlsx）读取：{error}",
    "merge.workbooks": "{folder} 里有 {count} 个工作簿：请合并你改过的那个，如 "
                       "python -m dashboard.draft merge {first}",
    "merge.both": "{book} 和 {folder} 的 CSV 文件里都有选了“是”的行：请只合并你改过的那一份："
                  "python -m dashboard.draft merge {path} 或 python -m dashboard.draft merge {csv}",
    "merge.accept_source": "{where}：请在 sources 这一行的 accept 选“是”（数据里还没有这个来源）",
    "merge.key_exists": "{where}：{key} 为 {value} 的行已在 {at}",
    "merge.at_data": "{file} 第 {line} 行",
    "merge.no_article": "{where}：{column} {file} 在草稿文件夹里不存在",
    "merge.other_article": "{where}：{column} {file}：数据文件夹里这个位置已有另一个文件",
    "merge.from": "{problem}（来自{where}）",
    "merge.nothing_accepted": "{draft} 里没有选“是”的行：请在要保留的行的 accept 列选“是”（或填 y）",
    "merge.nothing_written": "\n没有写入 {data}",
    "merge.problems": "\n共 {count} 个问题：没有写入 {data}；请在草稿里改好后再合并",
    "merge.would": "可以合并到 {data}：{counts}；合并后的数据通过检查",
    "merge.unwritable": "无法写入 {path}：{error}",
    "merge.half": "数据文件夹可能只合并了一部分：请把 {backup} 里的文件复制回去（那里的 README.txt 有说明）",
    "merge.close": "请关闭这个文件（Excel 或 WPS 打开文件时会锁住它）后再合并：{data} 里什么也没有改",
    "merge.done": "已合并到 {data}：{counts}",
    "merge.backup": "被替换的文件保存在 {backup}（要撤销这次合并，见那里的 README.txt）",
}

MESSAGES = {"zh": ZH, "en": EN}
