"""Sources as received and as read: every cleaned text is its raw text put through its
cleaning steps; the rules cut only what they say; a hostile raw text or a broken step is a
problem naming its source, and the other sources are still read and checked."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import clean_sources, cleaning, labels, schema, select, tables
from dashboard.data import DEFAULT_DATA_DIR, validate
from dashboard.escape import plain
from dashboard.i18n import Translator
from dashboard.reading import MAX_TEXT_BYTES
from dashboard.source_texts import derive_all
from tests.test_data import edit, rows, write_rows

SHARED = Path("/work/shared/sources")
# A source with a cleaning step of each kind it needs, and the shipped article's line to break.
TRADITIONAL = "bengfa_400yi_2022"  # keep_before, drop_glosses, to_simplified
PLAIN = "wenzhou_report_elements_2021"  # keep_after only: simplified, no glosses


def sources(folder: Path) -> dict[str, dict]:
    return {r["source_id"]: r for r in rows(folder / "sources.csv")}


def problems(folder: Path) -> list[str]:
    dataset, found = validate(folder)
    assert dataset is None
    return [str(p) for p in found]


def test_every_cleaned_text_is_re_derived_from_its_raw_text():
    derived = derive_all(DEFAULT_DATA_DIR, {name: _frame(name) for name in ("sources", "cleaning")})
    assert len(derived) >= 33
    for result in derived:
        assert not result.found, [str(p) for p in result.found.result()]
        shipped = (DEFAULT_DATA_DIR / result.text_file).read_bytes().decode("utf-8")
        assert shipped == result.text, result.source_id


def _frame(name: str):
    return clean_sources._table(DEFAULT_DATA_DIR, name)


def test_raw_texts_are_kept_byte_for_byte():
    """Each raw_file is the collected file as received, header included."""
    if not SHARED.is_dir():
        pytest.skip("the collected texts are not on this machine")
    raws = [r["raw_file"] for r in sources(DEFAULT_DATA_DIR).values()
            if r["raw_file"].startswith("source/raw/")]
    assert len(raws) == 33
    for raw in raws:
        assert (DEFAULT_DATA_DIR / raw).read_bytes() == (SHARED / Path(raw).name).read_bytes(), raw


def test_the_cli_check_passes_on_the_shipped_data():
    result = subprocess.run([sys.executable, "-m", "dashboard.clean_sources", str(DEFAULT_DATA_DIR),
                             "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_rules_are_the_schemas():
    assert tuple(cleaning.RULES) == schema.CLEANING_RULES


@pytest.mark.parametrize(("text", "expected", "count"), [
    ("永嘉泵閥產業(yè)總產值", "永嘉泵閥產業總產值", 1),
    ("5月23日(rì),浙江省(zhèjiāngshěng)", "5月23日,浙江省", 2),
    ("新(xīn)能(néng)源", "新能源", 2),
    ("綠(lǜ)色", "綠色", 1),
    # Real brackets stay: an abbreviation, a year, full-width brackets, an unclosed one, a
    # bracket after a Latin letter or a digit, toneless or non-pinyin letters, capitals.
    ("采用(ABS)材料", "采用(ABS)材料", 0),
    ("规划(2011-2020)", "规划(2011-2020)", 0),
    ("办法（试行）", "办法（试行）", 0),
    ("产业(yè", "产业(yè", 0),
    ("ok(yè)", "ok(yè)", 0),
    ("5(yè)", "5(yè)", 0),
    ("咖啡(café)", "咖啡(café)", 0),
    ("产业(ye)链", "产业(ye)链", 0),
    ("企业(Yè)", "企业(Yè)", 0),
    ("企业(村民)", "企业(村民)", 0),
])
def test_drop_glosses_removes_only_pinyin_after_han_characters(text, expected, count):
    assert cleaning.drop_glosses(text) == (expected, count)


def test_the_line_rules_count_what_they_match():
    text = "a\n---\nb\nc\nfooter\nd\n"
    assert cleaning.keep_after(text, "---") == ("b\nc\nfooter\nd\n", 1)
    assert cleaning.keep_before(text, "footer") == ("a\n---\nb\nc\n", 1)
    assert cleaning.drop_lines(text, "2-3") == ("a\nc\nfooter\nd\n", 2)
    assert cleaning.keep_after(text, "nowhere") == (text, 0)
    assert cleaning.drop_lines(text, "9") == (text, 0)
    with pytest.raises(cleaning.RuleError):
        cleaning.drop_lines(text, "three")


def test_to_simplified_converts_characters_only():
    assert cleaning.to_simplified("永嘉泵閥產業總產值約373億元") == ("永嘉泵阀产业总产值约373亿元", 7)
    assert cleaning.to_simplified("永嘉泵阀") == ("永嘉泵阀", 0)


def test_a_hand_edited_cleaned_text_is_a_problem(data_copy):
    path = data_copy / sources(data_copy)[PLAIN]["text_file"]
    path.write_text(path.read_text(encoding="utf-8").replace("108.96", "109.96"), encoding="utf-8")
    found = problems(data_copy)
    assert len(found) == 1 and PLAIN in found[0] and "python -m dashboard.clean_sources" in found[0], found
    assert clean_sources.main([str(data_copy), "--check"]) == 1
    assert clean_sources.main([str(data_copy)]) == 0
    assert validate(data_copy)[1] == []


def _binary(raw: bytes) -> bytes:
    return raw[:200] + b"\x00\x01\x02" + raw[200:]


def _huge(raw: bytes) -> bytes:
    return raw + b"x" * MAX_TEXT_BYTES


def _html(raw: bytes) -> bytes:
    return b"<html><body><div class=\"nav\">" + raw + b"</div></body></html>"


def _bidi(raw: bytes) -> bytes:
    return raw.replace("泵阀".encode(), "泵\u202e阀".encode(), 1)


@pytest.mark.parametrize(("spoil", "words"), [
    (_binary, "binary"), (_huge, "larger than"), (_html, "HTML"), (_bidi, "bidi control"),
])
def test_a_hostile_raw_text_names_its_source_and_the_others_are_checked(data_copy, spoil, words):
    raw = data_copy / sources(data_copy)[PLAIN]["raw_file"]
    raw.write_bytes(spoil(raw.read_bytes()))
    # Another source's quote broken as well: its text must still be read and checked.
    edit(data_copy, "observations", 2, "source_quote", "不在原文中的千亿")
    found = problems(data_copy)
    assert len(found) == 2, found
    hostile = next(p for p in found if PLAIN in p)
    assert hostile.startswith("sources.csv:") and words in hostile, hostile
    assert any("not in the source yongjia_2024" in p for p in found), found
    result = subprocess.run([sys.executable, "-m", "dashboard.clean_sources", str(data_copy)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and PLAIN in result.stdout and "Traceback" not in result.stderr


def test_a_step_that_matches_nothing_names_its_source(data_copy):
    table = rows(data_copy / "cleaning.csv")
    line = next(i for i, r in enumerate(table, start=2)
                if r["source_id"] == TRADITIONAL and r["rule"] == "keep_before")
    edit(data_copy, "cleaning", line, "argument", "分享到朋友圈")
    found = problems(data_copy)
    step = next(p for p in found if p.startswith(f"cleaning.csv:{line}"))
    assert TRADITIONAL in step and "matches nothing" in step
    # Its cleaned text is now another one: said once, with the fix; nothing about other sources.
    assert all(TRADITIONAL in p for p in found), found


def test_a_gloss_left_inside_words_is_a_problem(data_copy):
    """A source without drop_glosses whose raw text has one: the cleaned text keeps it, and the
    validator says which source and what to do."""
    raw = data_copy / sources(data_copy)[PLAIN]["raw_file"]
    raw.write_bytes(raw.read_bytes().replace("泵阀产业".encode(), "泵阀产(chǎn)业".encode(), 1))
    assert clean_sources.main([str(data_copy)]) == 1  # written, and the gloss reported
    found = problems(data_copy)
    assert len(found) == 1 and PLAIN in found[0] and "(chǎn)" in found[0] and "drop_glosses" in found[0]


def test_targets_are_not_compared_with_actuals(data_copy):
    """A target and an actual for the same indicator and period both stand; an estimate and an
    actual that differ must say which supersedes which."""
    table = rows(data_copy / "observations.csv")
    first = next(r for r in table if r["derivation"] == "reported" and r["value"] != "108.96")
    other = dict(first, source_id=PLAIN, value="108.96", value_as_printed="108.96亿元", qualifier="exact",
                 source_quote="去年规上企业实现产值108.96亿元", supersedes="", supersedes_reason="", note="")
    for basis, agrees in (("target", True), ("estimate", False)):
        write_rows(data_copy / "observations.csv",
                   [dict(r, basis="") if r is first else r for r in table]  # the data's own
                   + [dict(other, basis=basis)])  # targets stay targets (2024's 20 and 34 both stand)
        found = [str(p) for p in validate(data_copy)[1]]
        assert (found == []) is agrees, (basis, found)
        assert agrees or "supersedes" in found[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_figure_from_a_secondary_source_or_an_excerpt_says_so(lang):
    """Where a figure is shown (the tile's tooltip, a table's source column), its source's
    reference carries the caveats; a primary, complete source carries none."""
    ds, tr = validate(DEFAULT_DATA_DIR)[0], Translator(lang)
    words = {"zh": ("二手资料（百科）", "节选"), "en": ("secondary (encyclopedia)", "excerpt")}[lang]
    reference = labels.source_reference(ds, "baike_yongjia", tr)
    assert all(word in reference for word in words), reference
    assert words[1] in labels.source_reference(ds, PLAIN, tr)
    assert not any(word in labels.source_reference(ds, "yongjia_2024", tr) for word in words)
    row = select.figures(ds, select.Filters(lang=lang)).iloc[0].to_dict()
    row["source_id"] = "baike_yongjia"
    assert plain(reference) in tables.figure_help(row, ds, tr)  # escaped for Markdown
    frame = pd.DataFrame([row])
    assert tables.figures_table(frame, ds, tr)[tr("col.source")].iat[0] == reference
    record = tables.source_record(ds, "baike_yongjia", tr)[1]
    assert "dichtienghoa.com" in record and words[1] in record
    # what the date was read from is an English record: the Chinese view shows the date alone
    assert ("2023年末" in record) == (lang == "en")
