"""The drafting tool on real text: each sentence here is quoted from one of the real texts about
Yongjia (shared/sources, cleaned into data/source/), named in the test."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dashboard.data import DEFAULT_DATA_DIR
from dashboard.draft.__main__ import main
from dashboard.draft.propose import propose


def test_a_binary_file_is_refused_in_one_line(tmp_path, capsys):
    article = tmp_path / "photo.txt"
    article.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x00IHDR")
    with pytest.raises(SystemExit) as stop:
        main([str(article), "--source-id", "photo", "--out", str(tmp_path / "out")])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a text file" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def rows(text: str, published: date | None = None) -> list[dict]:
    draft = propose(text, "real", DEFAULT_DATA_DIR, published=published)
    return draft.tables["observations"].to_dict("records")


# 03_tiangongding_2025 (shared/sources), glosses removed as the cleaning step does.
TIANGONGDING = ("虽然身处山区县赛道,但永嘉坚持量质并举推进工业强县,去年规上工业总产值达533亿元,规上工业增加值"
                "首次突破100亿元,成为浙江第七个规上工业增加值破百亿元的山区县。过去一年,永嘉以“3+3”产业集群建设为"
                "主线,全县工业投资、制造业投资、技术改造投资同比分别增长21.4%、14.9%、27%,均高于省、市投资,"
                "制造业投资首次突破50亿元。")


def test_respectively_pairs_each_rate_with_its_own_noun():
    found = {r["value_as_printed"]: r for r in rows(TIANGONGDING, date(2025, 5, 30))}
    assert found["21.4%"]["indicator_label_zh"] == "工业投资同比增长"
    assert found["14.9%"]["indicator_label_zh"] == "制造业投资同比增长"
    assert found["27%"]["indicator_label_zh"] == "技术改造投资同比增长"
    for r in found.values():  # a label is the figure's own words: short, no digits
        assert not re.search(r"\d", r["indicator_label_zh"]) and len(r["indicator_label_zh"]) <= 20


def test_a_rank_in_a_name_gives_the_rank_not_the_amount():
    printed = [r["value_as_printed"] for r in rows(TIANGONGDING)]
    assert "第七个" in printed and "百亿元" not in printed
    assert rows("全县产值超亿元企业达120家。")[0]["value_as_printed"] == "120家"  # not 100000000


def test_above_scale_output_never_matches_the_whole_countys():
    found = {r["value_as_printed"]: r for r in rows(TIANGONGDING, date(2025, 5, 30))}
    assert found["533亿元"]["indicator_label_zh"] == "规上工业总产值"
    assert found["533亿元"]["indicator_id"] != "industrial_output_goal"
    assert found["533亿元"]["period_id"] == "2024"


def test_the_copy_sites_page_yields_nothing():
    assert rows("阅读:1618次 日期:2018/01/23") == []  # 23_plan_report_2018's page counter


def test_estimates_and_parts_of_a_year():
    # 05_bengfa_400yi_wzzqd_2022 (converted to simplified, glosses removed); 19_yongshang_conference_2023
    found = rows("今年1—4月,该县泵阀产业实现总产值超135.7亿元,同比增长20%,预计全年有望突破400亿元。",
                 date(2022, 6, 29))
    assert [(r["period_id"], r["basis"]) for r in found] == [
        ("2022_jan_apr", "actual"), ("2022_jan_apr", "actual"), ("2022", "estimate")]
    assert rows("细数过去一年,永嘉GDP预计首次突破500亿元大关。", date(2023, 1, 30))[0]["basis"] == "estimate"
    first_three_quarters = rows("前三季度,全县规上工业增加值增长8.1%。", date(2019, 11, 15))[0]
    assert first_three_quarters["period_id"] == "2019_jan_sep"
