"""The drafting tool (python -m dashboard.draft): every numeral form on a synthetic article in
each encoding Excel saves, recall on the shipped article, merging what an analyst accepted, all
or nothing."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import check_data
from dashboard.data import DEFAULT_DATA_DIR, fingerprint, validate
from dashboard.draft import replace as replace_module
from dashboard.draft.__main__ import main
from dashboard.draft.measure import measure
from dashboard.draft.text import read_article
from dashboard.reading import decode, normalise, read_table
from dashboard.schema import BACKUPS_DIR
from tests.fixtures import FIRST_ARTICLE

FIXTURE = Path(__file__).parent / "fixtures" / "draft_synthetic.txt"

# value_as_printed -> (value, qualifier, unit_zh, period_id, indicator_id or None for a new one)
EXPECTED = {
    "60家": ("60", "exact", "家", "2025", "high_tech_enterprises_new"),
    "230家": ("230", "exact", "家", "2025", "tech_smes_new"),
    "首次突破100亿元": ("100", "first_exceeded", "亿元", "2025", None),
    "20家": ("20", "exact", "家", "end_2025", "little_giants_total"),
    "1500余人": ("1500", "more_than", "人", "2025_jan_jun", "young_talent_new"),
    "85.5%": ("85.5", "exact", "%", "2025_jan_jun", "young_talent_completion"),
    "超200家": ("200", "more_than", "家", "jun_2025", "incubated_firms"),
    "近10万平方米": ("10", "approx", "万平方米", "jun_2025", "incubation_area"),
    "两千一百三十八名": ("2138", "exact", "名", "2024_2025", "skilled_workers_supplied"),
    "约3.5亿元": ("3.5", "approx", "亿元", "2024", None),
    "12.5%": ("12.5", "exact", "%", "2024", None),
    "30多位": ("30", "more_than", "位", "2025", None),  # 引进博士 is not 全职到研究院的博士
    "300人以上": ("300", "more_than", "人", "2025", None),
    "三大": ("3", "exact", "大", "undated", None),
    "千亿": ("1000", "exact", "亿元", "goal", "industrial_output_goal"),
    "万亿级": ("10000", "order_of", "亿元", "goal", None),  # not Wenzhou's 双万 goal
    "第七个": ("7", "exact", "位", "undated", None),
    "12个": ("12", "exact", "个", "end_2025", "digital_workshops_total"),
    "8项": ("8", "exact", "项", "end_2025", "pump_valve_tech_demands"),
    "40名": ("40", "exact", "名", "end_2025", "tech_vice_presidents_placed"),
    "零": ("0", "exact", "项", "undated", "jianbing_projects"),
    "15位": ("15", "exact", "位", "undated", None),
    "20万元": ("20", "exact", "万元", "undated", None),
}


def draft(tmp_path: Path, article: Path, *extra: str, source_id: str = "synthetic_2025") -> Path:
    """The draft, matched against the first article's frozen data (unless `extra` says --data)."""
    out = tmp_path / "drafts" / source_id
    data = () if "--data" in extra else ("--data", str(FIRST_ARTICLE))
    assert main([str(article), "--source-id", source_id, "--out", str(out), *data, *extra]) == 0
    return out


def as_encoded(tmp_path: Path, encoding: str) -> Path:
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(FIXTURE.read_text(encoding="utf-8").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_every_numeral_form_in_every_encoding(tmp_path, encoding):
    out = draft(tmp_path, as_encoded(tmp_path, encoding))
    maybe = read_table(out / "maybe.csv")
    rows = pd.concat([read_table(out / "observations.csv"), maybe]).set_index("value_as_printed")
    article = normalise(FIXTURE.read_text(encoding="utf-8"))
    for printed, (value, qualifier, unit, period, indicator) in EXPECTED.items():
        row = rows.loc[printed]
        if isinstance(row, pd.DataFrame):  # 第一 twice, say: not in EXPECTED
            row = row.iloc[0]
        got = (row["value"], row["qualifier"], row["unit_zh"], row["period_id"])
        assert got == (value, qualifier, unit, period), printed
        if indicator:
            assert row["indicator_id"] == indicator, printed
        else:
            assert row["indicator_id"].startswith("synthetic_2025_new_"), printed
            assert "NEW indicator" in row["review"]
    for row in rows.reset_index().to_dict("records"):  # what the validator will check
        assert normalise(row["source_quote"]) in article
        assert normalise(row["value_as_printed"]) in normalise(row["source_quote"])
    assert set(rows.index) - set(EXPECTED) == {"第一"}  # two ranks, both 第一 (checked below)
    # what the tool does not stand behind: prose, no period, a subsidy (each says why in review)
    assert set(maybe["value_as_printed"]) == {"三大", "第七个", "15位", "20万元"}
    assert all(r.startswith("MAYBE: ") for r in maybe["review"])
    ranks = rows.loc["第一"]
    assert list(ranks["indicator_id"]) == ["cultivation_rank_mountain_island", "young_talent_rank"]


def test_sentences_join_print_line_breaks_also_across_a_blank_line():
    article = read_article(FIXTURE.read_text(encoding="utf-8"))
    texts = [s.text for s in article.sentences]
    assert "2025年1—6月新增青年创新创业人才1500余人，完成率85.5%，位列温州市第一；" in texts
    assert "在孵企业超200家，孵化面积近10万平方米。" in texts
    assert any("选派“科技副总”40名。" in t for t in texts)  # a line break mid-word
    assert article.line(article.sentences[0].offsets[0]) == 1


def test_qualifiers_say_what_the_schema_cannot(tmp_path):
    rows = read_table(draft(tmp_path, FIXTURE) / "observations.csv").set_index("value_as_printed")
    assert rows.loc["首次突破100亿元", "qualifier"] == "first_exceeded"  # not 多
    assert "just under" in rows.loc["近10万平方米", "review"]
    assert "at least" in rows.loc["300人以上", "review"]
    assert rows.loc["千亿", "note"] == "千亿 read as 1000亿"


def test_published_date_moves_relative_words(tmp_path):
    out = draft(tmp_path, FIXTURE, "--published", "2026-01-15")
    rows = read_table(out / "observations.csv").set_index("value_as_printed")
    assert rows.loc["20家", "period_id"] == "asof_2026_01_15"  # 目前
    assert rows.loc["约3.5亿元", "period_id"] == "2025"  # 去年
    assert read_table(out / "sources.csv").loc[0, "published"] == "2026-01-15"


def test_draft_files_open_in_excel_on_chinese_windows(tmp_path):
    out = draft(tmp_path, FIXTURE)
    for name in ("observations", "indicators", "periods", "sources"):
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
        assert read_table(out / f"{name}.csv").columns[:2].tolist() == ["accept", "review"]
    assert (out / "source" / "synthetic_2025.txt").read_bytes() == FIXTURE.read_bytes()
    assert "merge" in (out / "README.txt").read_text(encoding="utf-8-sig")


def test_shipped_article_recall_and_noise():
    """Each reported row of observations.csv has a proposal with its value, unit, qualifier and
    a quote containing its quote (we find 28 of 28; the floor leaves room for one)."""
    result = measure(FIRST_ARTICLE)
    assert result.rows == 28 and all(e.endswith(("(computed)", "(counted)")) for e in result.excluded)
    assert len(result.found) >= 27, result.report()
    assert result.right_indicator >= 26 and result.right_period >= 26, result.report()
    assert result.right >= 25 and not result.noise, result.report()  # proposals right in every part
    assert len(result.noise) <= 10, result.report()


def test_out_inside_data_is_refused(tmp_path, first_article_copy, monkeypatch, capsys):
    for out in (DEFAULT_DATA_DIR, DEFAULT_DATA_DIR / "drafts" / "x"):
        with pytest.raises(SystemExit) as stop:
            main([str(FIXTURE), "--source-id", "x", "--out", str(out)])
        assert stop.value.code == 2 and "inside the data folder" in capsys.readouterr().err
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(first_article_copy))
    with pytest.raises(SystemExit):
        main([str(FIXTURE), "--source-id", "x", "--out", str(first_article_copy / "x")])
    assert not (first_article_copy / "x").exists() and not (DEFAULT_DATA_DIR / "drafts").exists()


def test_an_existing_draft_is_not_overwritten(tmp_path):
    out = draft(tmp_path, FIXTURE)
    with pytest.raises(SystemExit):
        main([str(FIXTURE), "--source-id", "synthetic_2025", "--out", str(out)])
    draft(tmp_path, FIXTURE, "--force")


# --- merging --------------------------------------------------------------------------------------


def excel_save(path: Path, edit, encoding: str = "gb18030") -> None:
    """What an analyst's spreadsheet does: edit cells, save as plain CSV (GBK, no BOM, CRLF)."""
    rows = list(csv.DictReader(io.StringIO(decode(path.read_bytes()))))
    for i, row in enumerate(rows, start=2):
        edit(i, row)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]) if rows else ["accept"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def accept_synthetic(out: Path, fill_english: bool = True) -> list[str]:
    """Accept the rows of a few figures, the new indicator and periods they use, the source;
    marks as Excel users write them. Returns the accepted value_as_printed."""
    keep = {"60家": "y", "首次突破100亿元": "Y", "近10万平方米": "是", "两千一百三十八名": "✓"}

    def observations(i, row):
        row["accept"] = keep.get(row["value_as_printed"], "")
    excel_save(out / "observations.csv", observations)
    used = read_table(out / "observations.csv")
    used = used[used["accept"] != ""]

    def indicators(i, row):
        if row["indicator_id"] in set(used["indicator_id"]):
            row["accept"] = "y"
            if fill_english:
                row.update(label_en="Value added above designated size", short_label_en="Value added",
                           unit_en="× CNY 100 million")
    excel_save(out / "indicators.csv", indicators)

    def periods(i, row):
        if row["period_id"] in set(used["period_id"]):
            row["accept"] = "y"
    excel_save(out / "periods.csv", periods)

    def sources(i, row):
        row.update(accept="y", published="2026/1/15")  # as Excel writes a date back
    excel_save(out / "sources.csv", sources, encoding="utf-8-sig")
    return list(keep)


def test_merge_appends_accepted_rows_and_the_data_validates(tmp_path, first_article_copy, capsys):
    out = draft(tmp_path, FIXTURE)
    accepted = accept_synthetic(out)
    before = read_table(first_article_copy / "observations.csv")
    assert main(["merge", str(out), "--data", str(first_article_copy)]) == 0
    assert "OK" in capsys.readouterr().out
    dataset, problems = validate(first_article_copy)
    assert problems == []
    added = dataset.tables["observations"].iloc[len(before):]
    assert sorted(added["value_as_printed"]) == sorted(accepted)
    assert set(added["source_id"]) == {"synthetic_2025"}
    assert "accept" not in read_table(first_article_copy / "observations.csv")  # no draft columns
    source = dataset.tables["sources"].set_index("source_id").loc["synthetic_2025"]
    assert str(source["published"].date()) == "2026-01-15"
    assert (first_article_copy / "source" / "synthetic_2025.txt").read_bytes() == FIXTURE.read_bytes()
    assert check_data.main([str(first_article_copy)]) == 0
    # the data files keep their own encoding and line ends
    assert b"\r\n" not in (first_article_copy / "observations.csv").read_bytes()
    (first_article_copy / "observations.csv").read_bytes().decode("utf-8")


def test_merge_refuses_keys_the_data_has_and_writes_nothing(tmp_path, first_article_copy, capsys):
    out = draft(tmp_path, DEFAULT_DATA_DIR / "source" / "article.txt", source_id="yongjia_2024")
    excel_save(out / "observations.csv",
               lambda i, row: row.update(accept="y" if row["value_as_printed"] == "52家" else ""))
    was = snapshot(first_article_copy)
    assert main(["merge", str(out), "--data", str(first_article_copy)]) == 1
    err = capsys.readouterr().err
    assert "high_tech_enterprises_new, 2024, yongjia_2024 is already in observations.csv:7" in err
    assert snapshot(first_article_copy) == was


def test_merge_refuses_what_would_make_the_data_invalid(tmp_path, first_article_copy, capsys):
    """A new indicator accepted without its English label: the validator's problem is named with
    the draft's line, and the data folder is left as it was."""
    out = draft(tmp_path, FIXTURE)
    accept_synthetic(out, fill_english=False)
    was = snapshot(first_article_copy)
    assert main(["merge", str(out), "--data", str(first_article_copy)]) == 1
    err = capsys.readouterr().err
    assert "column label_en value '': a value is required (from draft indicators.csv:2)" in err
    assert "nothing written" in err
    assert snapshot(first_article_copy) == was


def test_merge_asks_for_the_sources_row_and_for_accepted_rows(tmp_path, first_article_copy, capsys):
    out = draft(tmp_path, FIXTURE)
    assert main(["merge", str(out), "--data", str(first_article_copy)]) == 1
    assert "nothing accepted" in capsys.readouterr().err
    accept_synthetic(out)
    excel_save(out / "sources.csv", lambda i, row: row.update(accept=""))
    assert main(["merge", str(out), "--data", str(first_article_copy), "--dry-run"]) == 1
    assert "accept the sources row" in capsys.readouterr().err


def test_the_module_runs_as_a_script(tmp_path):
    """make draft is a thin wrapper: the module runs as a script."""
    out = tmp_path / "d"
    command = [sys.executable, "-m", "dashboard.draft", str(FIXTURE), "--source-id", "s1", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    assert "candidate observations" in done.stdout and (out / "observations.csv").exists()


# --- all or nothing -------------------------------------------------------------------------------


def refuse(monkeypatch, locked: Path, call: str) -> None:
    """`locked` cannot be written, as a CSV open in Excel on Windows: opening it for writing
    ("open") or replacing it ("replace") raises PermissionError."""
    def refused(path) -> None:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
    if call == "replace":
        real = os.replace

        def replace(source, target):
            refused(target)
            real(source, target)
        monkeypatch.setattr(replace_module.os, "replace", replace)
    else:
        real_open = Path.open

        def open_(path, mode="r", *args, **kwargs):
            if mode != "rb":
                refused(path)
            return real_open(path, mode, *args, **kwargs)
        monkeypatch.setattr(Path, "open", open_)


@pytest.mark.parametrize("call", ["open", "replace"])
def test_a_file_that_cannot_be_written_changes_nothing(tmp_path, first_article_copy, capsys, monkeypatch,
                                                       call):
    """observations.csv is the last table replaced: with "replace" the three before it are
    already in place and must be put back; with "open" nothing is moved at all."""
    out = draft(tmp_path, FIXTURE)
    accept_synthetic(out)
    was = snapshot(first_article_copy)
    refuse(monkeypatch, first_article_copy / "observations.csv", call)
    assert main(["merge", str(out), "--data", str(first_article_copy)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write {first_article_copy / 'observations.csv'}" in err and "close it" in err
    assert "nothing was changed" in err
    assert snapshot(first_article_copy) == was  # no table, no article, no backup, no temporary file


def test_the_backup_holds_the_replaced_files_and_undoes_the_merge(tmp_path, first_article_copy, capsys):
    out = draft(tmp_path, FIXTURE)
    accept_synthetic(out)
    was = snapshot(first_article_copy)
    assert main(["merge", str(out), "--data", str(first_article_copy)]) == 0
    backup = next((first_article_copy / BACKUPS_DIR).iterdir())
    assert re.fullmatch(r"\d{8}-\d{6}", backup.name) and str(backup) in capsys.readouterr().out
    kept = snapshot(backup)
    undo = kept.pop("README.txt").decode("utf-8-sig")
    assert kept == {name: was[name] for name in
                    ("sources.csv", "periods.csv", "indicators.csv", "observations.csv")}
    assert "source/synthetic_2025.txt" in undo.split("Added")[1]
    # the dashboard and the validator never read it
    assert not any(name.startswith(BACKUPS_DIR) for name, *_ in fingerprint(first_article_copy))
    assert check_data.main([str(first_article_copy)]) == 0
    # undo as its README.txt says: copy the files back, delete the added one
    for name, content in kept.items():
        (first_article_copy / name).write_bytes(content)
    (first_article_copy / "source" / "synthetic_2025.txt").unlink()
    shutil.rmtree(first_article_copy / BACKUPS_DIR)
    assert snapshot(first_article_copy) == was
