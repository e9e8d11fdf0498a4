"""The drafting tool on real text: each sentence here is quoted from one of the real texts about
Yongjia (shared/sources, cleaned into data/source/), named in the test."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dashboard.data import DEFAULT_DATA_DIR
from dashboard.draft.__main__ import main
from dashboard.draft.merge import _appended, merge
from dashboard.draft.propose import HELPERS, columns, propose
from dashboard.provenance import to_csv
from dashboard.reading import read_table
from dashboard.schema import TABLES
from tests.fixtures import FIRST_ARTICLE


def test_a_binary_file_is_refused_in_one_line(tmp_path, capsys):
    article = tmp_path / "photo.txt"
    article.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x00IHDR")
    with pytest.raises(SystemExit) as stop:
        main([str(article), "--source-id", "photo", "--out", str(tmp_path / "out")])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a text file" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def rows(text: str, published: date | None = None, table: str = "observations") -> list[dict]:
    """The proposals (or the maybe list: figures the tool does not stand behind, with why)."""
    draft = propose(text, "real", FIRST_ARTICLE, published=published)  # the first article's data only
    return draft.tables[table].to_dict("records")


def maybe(text: str, published: date | None = None) -> dict[str, str]:
    """value_as_printed -> why it is on the maybe list."""
    return {r["value_as_printed"]: r["review"].split(";")[0] for r in rows(text, published, "maybe")}


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
    for r in (r for r in found.values() if "NEW indicator" in r["review"]):  # its own words: short
        assert not re.search(r"\d", r["indicator_label_zh"]) and len(r["indicator_label_zh"]) <= 20


def test_a_rank_in_a_name_gives_the_rank_not_the_amount():
    printed = [r["value_as_printed"] for r in rows(TIANGONGDING, date(2025, 5, 30))]
    assert "第七个" in printed and "百亿元" not in printed
    found = [r["value_as_printed"] for table in ("observations", "maybe")  # undated: maybe
             for r in rows("全县产值超亿元企业达120家。", date(2025, 5, 30), table)]
    assert found == ["120家"]  # not 100000000


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


def test_other_places_figures_are_not_proposed_as_yongjias():
    # 13_yinxingguanjun_2021_66wz: Wenzhou's count, and 乐清's beside Yongjia's in a 分别 list
    text = ("截至目前,温州共有43家企业入选省级“隐形冠军”企业,总量居全省第二。"
            "其中,乐清市、永嘉县分别有11家、9家入选企业,数量分列全省县域、山区26县首位。")
    proposed = {r["value_as_printed"]: r for r in rows(text, date(2022, 2, 10))}
    assert "9家" in proposed and "43家" not in proposed and "11家" not in proposed
    assert "入选" in proposed["9家"]["indicator_label_zh"]  # its noun after the figures
    # a rank of Wenzhou's is proposed only as an indicator of Wenzhou's the data has
    assert all("温州" in r["indicator_label_zh"] for p, r in proposed.items() if p != "9家")
    assert maybe(text, date(2022, 2, 10))["11家"] == "MAYBE: a figure of 乐清市, not Yongjia's"
    assert "温州" in maybe(text, date(2022, 2, 10))["43家"]
    # 36_26county_assessment_2019_66wz: 文成's figure in a piece about three counties
    wencheng = "去年,文成在强村富民上迈出新步伐,实现所有村社年经营性收入都超6万元。"
    assert rows(wencheng, date(2020, 8, 16)) == []


def test_what_the_data_leaves_out_goes_to_the_maybe_list_with_why():
    # 22_sanjiang_2023_jryj (land), 06_bengfa_papacrafts_2023 (rent),
    # 13_yinxingguanjun_2021_66wz (subsidy)
    land = "野树山、仙山、仙客等可开发利用土地超1200亩,将协同温州北外滩共同开发。"
    rent = "永嘉瓯北镇的厂房租金较高,一楼厂房的月租金达到45元/平方米,即便如此,依然供不应求。"
    subsidy = "对新认定的省级“隐形冠军”企业、培育企业分别奖励50万元、10万元。"
    for text in (land, rent, subsidy):
        assert rows(text, date(2023, 11, 30)) == []
    assert "land area" in maybe(land, date(2023, 11, 30))["超1200亩"]
    assert "rent" in maybe(rent, date(2023, 10, 3))["45元"]
    assert "subsidy" in maybe(subsidy, date(2022, 2, 10))["50万元"]


def test_small_counts_in_words_are_prose():
    # 22_sanjiang_2023_jryj, 32_bengfa_2010_69333, 26_sanjiang_2019_yjnet
    assert "一座" in maybe("永嘉之南,一座小城跨越千年历久弥新。", date(2023, 11, 30))
    text = "1990年泵阀产业发展进入一次创业高潮,永嘉县泵阀企业发展到800多家,产值1.6亿元。"
    assert [r["value_as_printed"] for r in rows(text, date(2010, 3, 5))] == ["800多家", "1.6亿元"]
    assert "一次" in maybe(text, date(2010, 3, 5))
    assert "六大" in maybe("今年我县将全力打造百姓美好生活“六大新高地”。", date(2019, 9, 10))


def test_a_part_of_a_year_and_a_rate_keep_their_own_nouns():
    # 26_sanjiang_2019_yjnet: 1-7月份 (no 份 left in the label), 完成率 (the rate of 有效投资)
    text = ("1-7月份完成规上产值6.62亿元,同比增长21.86%,新产品产值3.14亿元,同比增长137.23%;"
            "完成有效投资36.77亿,完成率73.54%。")
    found = {r["value_as_printed"]: r for r in rows(text, date(2019, 9, 10))}
    assert found["6.62亿元"]["indicator_label_zh"].endswith("规上产值")  # no 份 left
    assert found["6.62亿元"]["period_id"] == "2019_jan_jul"
    assert found["36.77亿"]["unit_zh"] == "亿元"
    assert found["73.54%"]["indicator_label_zh"].endswith("有效投资完成率")


def test_an_undated_text_reads_its_now_against_the_year_it_reports_on_or_leaves_it_undated():
    # 10_jiaowanju_cbt_2025 prints no date and no year: 拥有 cannot be dated, so maybe
    text = "浙江省温州市永嘉县桥下镇是教玩具产业集聚地,拥有教玩具制造业企业1300多家,被誉为“中国教玩具之都”。"
    assert rows(text) == [] and "no period" in maybe(text)["1300多家"]
    assert rows(text, date(2025, 5, 13))[0]["period_id"] == "asof_2025_05_13"
    # a year the text names again and again is the one it reports on: 目前 is its end, and the
    # review says so
    named = ("2024年,全县新增高新技术企业52家。2024年全县规上工业增加值增长8%。"
             "目前,全县拥有高新技术企业300家。")
    found = {r["value_as_printed"]: r for r in rows(named)}
    assert found["300家"]["period_id"] == "end_2024"
    assert "the latest year the text names" in found["300家"]["review"]
    # 29_jiaowanju_export_base_hxtoy (记者3月6日, no year) names 2011 once, a plan's year: its 现有
    # is the source's own undated period, as the codebook keeps such counts, not the end of 2011
    once = "2011年投资120万元制定规划。永嘉县现有教玩具产业规上企业23家,拥有国家高新技术企业5家。"
    found = {r["value_as_printed"]: r for r in rows(once)}
    assert found["23家"]["period_id"] == found["5家"]["period_id"] == "undated_real"
    assert "names 2011 once only" in found["23家"]["review"]
    period = next(p for p in rows(once, table="periods") if p["period_id"] == "undated_real")
    assert (period["kind"], period["label_zh"], period["relative_to"]) == (
        "undated", "“现有”（日期未标）", "")


def test_a_province_that_names_a_title_does_not_own_the_figure():
    # 29_jiaowanju_export_base_hxtoy: 浙江出口名牌 is a title the county's brands hold, and the
    # figures after it (专利) are the county's too; 枚 counts trademarks
    text = "2024年,永嘉县中国驰名商标4枚,浙江出口名牌2个;取得发明专利1300余项。"
    found = {r["value_as_printed"]: r for r in rows(text)}
    assert {"4枚", "2个", "1300余项"} <= set(found), maybe(text)


def test_honours_and_their_years_in_a_row():
    # 03_tiangongding_2025: the county's second 天工鼎; 连续两年 is 2024 too (data has that one)
    text = ("5月23日,浙江省科技创新和产业创新深度融合推进制造业高质量发展大会上,"
            "温州市永嘉县获得全省制造业领域最高荣誉“天工鼎”,这也是该县连续两年获得这一荣誉称号。")
    draft = propose(text, "tiangongding_2025", FIRST_ARTICLE, published=date(2025, 5, 30))
    found = draft.tables["honours"].to_dict("records")
    assert [(h["recipient_id"], h["honour_id"], h["level"], h["period_id"], h["date"]) for h in found] == [
        ("yongjia_county", "tiangongding", "provincial", "2025", "2025-05-23"),
        ("yongjia_county", "tiangongding", "provincial", "2024", "")]
    assert "连续两年" in found[1]["review"]
    assert draft.tables["observations"].empty  # 两年 is not a figure



def test_a_raw_reprint_is_read_through_its_cleaning_and_merges_with_it(tmp_path, data_copy):
    # 05_bengfa_400yi_wzzqd_2022 as received: the collector's header, glosses, traditional characters
    raw = DEFAULT_DATA_DIR / "source" / "raw" / "05_bengfa_400yi_wzzqd_2022.txt"
    out = tmp_path / "draft"
    assert main([str(raw), "--source-id", "bengfa_raw", "--published", "2022-06-29", "--out", str(out),
                  "--data", str(data_copy)]) == 0
    rules = read_table(out / "cleaning.csv")
    assert list(rules["rule"]) == ["keep_after", "drop_glosses", "to_simplified"]
    cleaned = (out / "source" / "bengfa_raw.txt").read_text(encoding="utf-8")
    assert "URL:" not in cleaned and "(yè)" not in cleaned and "產業" not in cleaned
    assert (out / "source" / "raw" / "bengfa_raw.txt").read_bytes() == raw.read_bytes()
    observations = read_table(out / "observations.csv")
    assert "约373亿元" in set(observations["value_as_printed"])
    for table in ("sources", "cleaning"):
        frame = read_table(out / f"{table}.csv")
        frame["accept"] = "y"
        (out / f"{table}.csv").write_bytes(to_csv(frame))
    (out / "bengfa_raw.xlsx").unlink()
    status, lines = merge(out, data_copy)
    assert status == 0, lines
    merged = read_table(data_copy / "sources.csv").set_index("source_id").loc["bengfa_raw"]
    assert merged["raw_file"] == "source/raw/bengfa_raw.txt"
    assert len(read_table(data_copy / "cleaning.csv").query("source_id == 'bengfa_raw'")) == 3


# --- the analyst's language (issue 29): the review column and README.txt follow --lang ----------------

ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
CODES = {name for table in TABLES.values() for name, spec in table.columns.items()} | {
    value for table in TABLES.values() for spec in table.columns.values() for value in spec.allowed or ()
} | {column for name in HELPERS for column in columns(name)} | {"YYYY-MM-DD"}


def drafted(tmp_path, lang: str) -> dict[str, list[dict]]:
    """Two real texts drafted in `lang`: 03_tiangongding_2025 (honours, a new indicator) and the
    raw reprint of 05_bengfa_400yi_wzzqd_2022 (cleaning rules, estimates, qualifiers); every
    draft table's rows, and the README.txt of each (under "README")."""
    found: dict[str, list[dict]] = {"README": []}
    articles = [(DEFAULT_DATA_DIR / "source" / "03_tiangongding_2025_sudeshangmao.txt", "2025-05-30"),
                (DEFAULT_DATA_DIR / "source" / "raw" / "05_bengfa_400yi_wzzqd_2022.txt", "2022-06-29")]
    for n, (article, published) in enumerate(articles):
        out = tmp_path / lang / str(n)
        assert main([str(article), "--source-id", f"real_{n}", "--published", published, "--out", str(out),
                     "--data", str(FIRST_ARTICLE), "--lang", lang]) == 0
        for table in HELPERS:
            found.setdefault(table, []).extend(read_table(out / f"{table}.csv").to_dict("records"))
        found["README"].append({"text": (out / "README.txt").read_text(encoding="utf-8-sig")})
    return found


def english_words(cell: str, ids: set[str]) -> list[str]:
    """The ASCII words of three letters or more in a review cell that are not an id, a column name,
    a code of the schema, a file name or an option (--published), once the source's own words in
    quotes (“…”) are set aside."""
    cell = re.sub(r"“[^”]*”", "", cell)
    return [w for w in ASCII_WORD.findall(cell.replace("@", " "))
            if sum(c.isalpha() for c in w) >= 3 and "_" not in w and w not in CODES | ids
            and not w.endswith((".csv", ".txt", ".xlsx")) and not cell[:cell.find(w)].endswith("--")]


def test_the_review_column_and_readme_are_chinese_under_lang_zh(tmp_path):
    found = drafted(tmp_path, "zh")
    ids = {v for rows in found.values() for r in rows for k, v in r.items() if k.endswith("_id")}
    for table, key in (("indicators", "indicator_id"), ("periods", "period_id"), ("honours", "honour_id")):
        ids |= set(read_table(FIRST_ARTICLE / f"{table}.csv")[key])  # a runner-up, a figure the data has
    cells = [(table, r["review"]) for table, rows in found.items() if table != "README" for r in rows]
    assert {t for t, _ in cells} >= {"observations", "maybe", "indicators", "honours", "sources", "cleaning"}
    for table, cell in cells:
        assert cell and not english_words(cell, ids), (table, cell)
        assert "; " not in cell, (table, cell)  # items joined by "；"
    assert all(r["review"].startswith("存疑：") for r in found["maybe"])
    reviews = "\n".join(cell for _, cell in cells)
    for words in ("标题和作者取自文章开头几行：请核对", "请补填 honour_en，并核对 level",
                  "新指标：请核对 label_zh", "“连续两年”：读作 2024 年也获得了", "的推算基准：发布日期（",
                  "匹配了 1 处；"):
        assert words in reviews, words
    for readme in found["README"]:
        text = readme["text"]
        assert "这里的内容还没有进入数据" in text and "怎么做：" in text and "What to do" not in text
        for line in text.splitlines():  # a line of words is a Chinese one (file names stand alone)
            if english_words(line, ids) and not re.fullmatch(r"\S+\.(csv|txt|xlsx)", line.strip()):
                assert re.search(r"[\u4e00-\u9fff]", line), line


def test_the_review_column_and_readme_are_english_under_lang_en(tmp_path):
    found = drafted(tmp_path, "en")
    cells = [(table, r["review"]) for table, rows in found.items() if table != "README" for r in rows]
    for table, cell in cells:
        assert cell and not re.search("[请：；，]|存疑|新指标|推算", cell), (table, cell)
    assert all(r["review"].startswith("MAYBE: ") for r in found["maybe"])
    reviews = "\n".join(cell for _, cell in cells)
    assert "title and authors read from the first lines: check them; " in reviews
    assert "“今年” read against published 2022-06-29" in reviews
    for readme in found["README"]:
        assert "Nothing here is in the data yet." in readme["text"] and "怎么做" not in readme["text"]


def test_the_notes_of_the_data_stay_english_whatever_the_language(tmp_path):
    """note is a record of the data (English, as data/ keeps it): only review follows --lang."""
    zh, en = drafted(tmp_path, "zh"), drafted(tmp_path, "en")
    for table in ("observations", "maybe", "periods", "cleaning"):
        assert [r["note"] for r in zh[table]] == [r["note"] for r in en[table]], table
        assert [r["review"] for r in zh[table]] != [r["review"] for r in en[table]] or not zh[table], table
    assert any("read as" in r["note"] for r in zh["periods"] + zh["observations"])


def test_a_new_indicator_s_theme_is_a_theme_and_an_industry_it_names_is_left_to_sector_links():
    # 37_jiaowanju_export_base_2014: edu_toys (an industry) as theme_id failed the merge
    text = ("2014年,永嘉县拥有教玩具生产企业492家,从业人员1.5万人;产品荣获驰名商标2枚,"
            "温州出口名牌3个,教玩具行业出口保持25%以上的快速增长。")
    draft = propose(text, "real", FIRST_ARTICLE).tables["indicators"]
    sectors = read_table(FIRST_ARTICLE / "sectors.csv")
    assert set(draft["theme_id"]) <= set(sectors[sectors["group"] == "theme"]["sector_id"])
    themes = dict(zip(draft["label_zh"], draft["theme_id"]))
    assert (themes["教玩具生产企业"], themes["从业人员"]) == ("enterprises", "talent")
    assert all("sector_links.csv" in r for r in draft[draft["label_zh"].str.contains("教玩具")]["review"])


def test_a_merge_into_an_older_folder_adds_the_table_and_the_column_it_lacks(tmp_path):
    # the first article's folder has no cleaning.csv and its sources.csv no raw_file column: a
    # raw reprint's rows once raised FileNotFoundError, then lost their raw_file
    sources = tmp_path / "sources.csv"
    sources.write_bytes("\ufeffsource_id,title\r\na,《甲》\r\n".encode())
    merged = _appended(sources, [{"source_id": "b", "title": "乙", "raw_file": "source/raw/b.txt"}],
                       ["source_id", "title", "raw_file"])
    assert merged.decode("utf-8-sig") == "source_id,title,raw_file\r\na,《甲》,\r\nb,乙,source/raw/b.txt\r\n"
    new = _appended(tmp_path / "cleaning.csv", [{"source_id": "b", "rule": "keep_after"}],
                    ["source_id", "rule"])
    assert new.decode() == "source_id,rule\nb,keep_after\n"


def test_labels_leave_out_the_verbs_around_the_noun():
    # 37_jiaowanju_export_base_2014: 产品荣获驰名商标2枚 is 驰名商标; …出口却依然保持25%以上的快速增长
    # is the export's growth (it read 快速增长教玩具行业出口却依然保持)
    text = ("2014年,永嘉县产品荣获驰名商标2枚;"
            "即便在当前全国外贸形势相对严峻的背景下,永嘉教玩具行业出口却依然保持25%以上的快速增长。")
    found = {r["value_as_printed"]: r["indicator_label_zh"] for r in rows(text)}
    assert found == {"2枚": "驰名商标", "25%以上": "教玩具行业出口增长"}


def test_a_raw_reprint_s_header_fills_the_source_row(tmp_path):
    # 37_jiaowanju_export_base_2014: URL, KIND and an excerpt NOTE before ---; the walk typed them
    raw = DEFAULT_DATA_DIR / "source" / "raw" / "37_jiaowanju_export_base_2014_baogaosu.txt"
    assert main([str(raw), "--source-id", "walk", "--published", "2014-10-28", "--data", str(FIRST_ARTICLE),
                 "--out", str(tmp_path / "d"), "--lang", "en"]) == 0
    row = read_table(tmp_path / "d" / "sources.csv").iloc[0]
    assert (row["url"].startswith("https://hangzhou.baogaosu.com/xinwen/"), row["retrieved_from"],
            row["kind"], row["completeness"]) == (True, "hangzhou.baogaosu.com", "news", "excerpt")
    assert "url, retrieved_from, kind, completeness read from the text's header" in row["review"]
