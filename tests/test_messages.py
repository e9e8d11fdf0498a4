"""Messages in the analyst's language: one template per key in each language, every problem
built from them (never a bare English string), the language a command speaks, and the words an
analyst sees from check_data, the merge and the dashboard's banner."""

from __future__ import annotations

import ast
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import check_data, tables
from dashboard.escape import plain
from dashboard.i18n import Translator
from dashboard.messages import EN, MESSAGES, ZH, M, detect_language, placeholders, render, review_text
from dashboard.problems import Found, MoreProblems, Problem
from dashboard.schema import TABLES

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"
STRUCTURAL = {"where.line", "where.file", "where.column", "where.value", "where.then", "join.or",
              "join.list", "merge.at_data", "period.column_value", "cleaning.rule_error", "review.join"}


def test_every_message_has_both_languages_with_the_same_placeholders():
    assert set(MESSAGES) == {"zh", "en"} and set(ZH) == set(EN)
    for key in EN:
        assert placeholders(ZH[key]) == placeholders(EN[key]), key


def test_the_chinese_templates_are_chinese():
    """Each is written in Chinese (not the English left in place), bar the ones that only join parts."""
    for key, template in ZH.items():
        if key not in STRUCTURAL:
            assert any("\u4e00" <= c <= "\u9fff" for c in template), key


def test_a_problem_in_each_language_keeps_file_line_column_and_value():
    problem = Problem("observations.csv", 3, "year", "二〇二四", M("type.int"))
    assert problem.text("zh") == "observations.csv 第 3 行 year 列，值 '二〇二四'：应为整数"
    assert str(problem) == "observations.csv:3 column year value '二〇二四': expected a whole number"
    assert problem.expected == "expected a whole number"
    whole_file = Problem("honours.csv", None, None, None, M("file.missing"))
    assert (whole_file.text("zh"), whole_file.text("en")) == ("honours.csv：缺少这个文件",
                                                              "honours.csv: file is missing")


def test_arguments_are_worded_in_the_same_language():
    message = M("ref.unknown", targets=M("geo.text"))
    assert (render(message, "en"), render(message, "zh")) == ("no such id in a text", "文字 里没有这个编号")
    found = Found()
    found.add([Problem("x.csv", 2, "a", "", M("value.required"))], total=1001)
    more = found.result()[-1]
    assert isinstance(more, MoreProblems)
    assert more.text("zh") == "……另有 1,000 个问题没有列出（请先改好上面这些）"


def test_a_review_cell_joins_its_items_in_each_language():
    """A drafted row's review column (python -m dashboard.draft --lang): "; " in English, "；" in
    Chinese; ids, numbers and the source's words unchanged."""
    items = [M("review.words_read", words="去年", when=M("review.when.published", date="2025-05-30")),
             M("review.indicator.guess", score=0.534)]
    assert review_text(items, "en") == ("“去年” read against published 2025-05-30; "
                                        "indicator is a guess (score 0.53)")
    assert review_text(items, "zh") == "“去年”的推算基准：发布日期（2025-05-30）；指标是推测的（匹配分 0.53）"
    assert review_text([], "zh") == ""


def test_a_problem_refuses_a_bare_string():
    with pytest.raises(TypeError):
        Problem("observations.csv", 3, "year", "x", "expected a whole number")


def _calls(tree: ast.AST, name: str):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called == name:
                yield node


def _is_text(node: ast.AST) -> bool:
    """A string written in place: "…", f"…", "…" + x, "…".join(…), "…" % x."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _is_text(node.func.value)
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    return False


SOURCES = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


def test_no_problem_is_built_from_a_bare_string():
    """Every Problem(...) and MoreProblems(...) in the package passes its words as a message (the
    fifth argument, or message=); a string written in place would be English on the Chinese page."""
    sites = 0
    for path, tree in SOURCES.items():
        for name in ("Problem", "MoreProblems"):
            for call in _calls(tree, name):
                if any(isinstance(a, ast.Starred) for a in call.args):
                    continue  # problem(*args): its callers' arguments are checked below
                words = call.args[4] if len(call.args) > 4 else next(
                    (k.value for k in call.keywords if k.arg == "message"), None)
                assert words is not None and not _is_text(words), f"{path.name}:{call.lineno}"
                sites += 1
    assert sites >= 40
    # checks.py's problem(i, column, value, words) helper: the words are the fourth argument
    for call in _calls(SOURCES[PACKAGE / "checks.py"], "problem"):
        assert len(call.args) == 4 and not _is_text(call.args[3]), f"checks.py:{call.lineno}"


def test_every_message_written_in_the_code_exists_with_its_arguments():
    """M("key", name=…) names a key of the table and exactly its placeholders."""
    used = set()
    for path, tree in SOURCES.items():
        for call in _calls(tree, "M"):
            key = call.args[0]
            if not isinstance(key, ast.Constant):
                continue  # M(f"type.{kind}") and M(missing): tested below
            used.add(key.value)
            assert key.value in EN, f"{path.name}:{call.lineno} {key.value}"
            names = {k.arg for k in call.keywords}
            assert names == placeholders(EN[key.value]), f"{path.name}:{call.lineno} {key.value}"
    for kind in {spec.kind for table in TABLES.values() for spec in table.columns.values()}:
        assert f"type.{kind}" in EN
    assert {"file.missing", "file.not_found_geo"} <= set(EN)


@pytest.mark.parametrize(("environ", "system", "lang"), [
    ({"LANG": "zh_CN.UTF-8"}, None, "zh"),
    ({"LANG": "zh_TW.Big5"}, None, "zh"),
    ({"LANG": "en_US.UTF-8"}, None, "en"),
    ({"LANG": "C.UTF-8"}, "Chinese (Simplified)_China", "en"),  # a set LANG decides
    ({"LC_ALL": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, None, "zh"),  # LC_ALL before LANG
    ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, None, "en"),
    ({"LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, None, "zh"),  # empty: unset
    ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, None, "en"),
    ({}, "Chinese (Simplified)_China", "zh"),  # Windows: locale.getlocale()[0]
    ({}, "Chinese (Traditional)_Taiwan", "zh"),
    ({}, "zh_CN", "zh"),  # Windows' UI language through locale.windows_locale
    ({}, "English_United States", "en"),
    ({}, None, "en"),
])
def test_the_language_of_a_command(environ, system, lang):
    assert detect_language(environ, system) == lang


# --- what an analyst sees -----------------------------------------------------------------------


def edit(folder: Path, table: str, line: int, column: str, value: str) -> None:
    path = folder / f"{table}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows[line - 2][column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_check_data_speaks_chinese_under_a_chinese_locale(data_copy):
    edit(data_copy, "periods", 3, "year", "二〇二四")
    edit(data_copy, "observations", 4, "qualifier", "大约")
    env = {"PATH": "", "LANG": "zh_CN.UTF-8", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "dashboard.check_data", str(data_copy)],
                            capture_output=True, text=True, encoding="utf-8", env=env)
    assert result.returncode == 1
    assert "periods.csv 第 3 行 year 列，值 '二〇二四'：应为整数" in result.stdout
    assert "observations.csv 第 4 行 qualifier 列，值 '大约'：应为下列之一：exact, " in result.stdout
    assert "个问题" in result.stderr
    english = subprocess.run([sys.executable, "-m", "dashboard.check_data", str(data_copy),
                              "--lang", "en"], capture_output=True, text=True, encoding="utf-8", env=env)
    assert "periods.csv:3 column year value '二〇二四': expected a whole number" in english.stdout


def test_check_data_lang_option(data_copy, capsys):
    edit(data_copy, "periods", 3, "year", "二〇二四")
    assert check_data.main([str(data_copy), "--lang", "zh"]) == 1
    assert "periods.csv 第 3 行 year 列，值 '二〇二四'：应为整数" in capsys.readouterr().out
    assert check_data.main([str(data_copy)]) == 1  # the tests' locale is C: English
    assert "periods.csv:3 column year" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_problem_banner_follows_the_viewer(lang):
    problems = [Problem("observations.csv", 23, "value", "21x8", M("type.number"))]
    table = tables.problem_table(problems, Translator(lang))
    words = {"zh": "应为数字，如 52 或 9.04", "en": "expected a number such as 52 or 9.04"}[lang]
    assert table.iloc[0, 4] == words
    assert plain(words) in tables.stale_notice(problems, Translator(lang))


@pytest.mark.parametrize("argv, words", [
    (["--lang", "zh", "/no/such/folder"], "找不到文件夹 /no/such/folder（--help 可查看用法）"),
    (["--lang=en", "/no/such/folder"], "no folder /no/such/folder (--help shows how)"),
])
def test_a_mistake_on_the_command_line_is_in_its_language(argv, words):
    """argparse checks the folder before it has read --lang: the command line's own --lang
    still decides the words."""
    run = subprocess.run([sys.executable, "-m", "dashboard.check_data", *argv],
                         capture_output=True, text=True, env={**os.environ, "LANG": "C.UTF-8"})
    assert run.returncode == 2 and words in run.stderr and "Traceback" not in run.stderr
