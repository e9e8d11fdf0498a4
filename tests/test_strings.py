"""The strings table (i18n.py): each key once, in both languages, and each used by the code; and
the codebooks, English and Chinese: every table, column and vocabulary value the schema enforces."""

import ast
import re
from pathlib import Path

import pytest

from dashboard import data, schema
from dashboard.escape import codebook_sections
from dashboard.i18n import EN, ZH, merged

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"


def test_a_key_defined_twice_is_refused_where_the_strings_are_built():
    """Two sections defining one key: Python would keep the later string silently, so merged
    refuses it (a key repeated inside one section's dict literal is ruff's F601)."""
    overview = {"zh": {"overview.title": "总览"}, "en": {"overview.title": "Overview"}}
    again = {"zh": {"overview.title": "概览"}, "en": {}}
    with pytest.raises(ValueError, match=r"zh strings defined twice: overview\.title"):
        merged(overview, again)
    other = {"zh": {"talent.title": "人才"}, "en": {"talent.title": "Talent"}}
    assert merged(overview, other)["en"] == {"overview.title": "Overview", "talent.title": "Talent"}


def test_both_languages_have_the_same_keys():
    assert set(ZH) == set(EN)


# Where the code names a string key: tr(key), text(lang, key), PageInfo(slug, path, key, icon).
KEY_ARGUMENT = {"tr": 0, "text": 1, "PageInfo": 2, "vocabulary_label": 1}


def code_literals() -> tuple[set[str], set[str], set[str]]:
    """(the keys the dashboard's code passes to tr/text/PageInfo, the constant heads of the keys
    it builds, as 'status.' in tr(f"status.{s}"), every other string constant it holds)."""
    keys, heads, literals = set(), set(), set()
    for path in DASHBOARD.rglob("*.py"):
        if path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            name = getattr(getattr(node, "func", None), "id", None)
            if name not in KEY_ARGUMENT or len(node.args) <= KEY_ARGUMENT[name]:
                continue
            key = node.args[KEY_ARGUMENT[name]]
            if isinstance(key, ast.Constant):
                keys.add(key.value)
            elif isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
                heads.add(key.values[0].value)
    return keys, heads, literals


def test_every_string_key_is_used():
    """A key is used when the code names it, or builds it from a head it names (f"status.{s}")
    and a value the code or a vocabulary holds (a stage, a legend mark), or labels a value of a
    vocabulary schema.TRANSLATED lists (the draft workbook's dropdowns show every one)."""
    keys, heads, literals = code_literals()
    values = literals | {v for vocabulary in schema.TRANSLATED.values() for v in vocabulary}
    keys |= {f"{prefix}.{v}" for prefix, vocabulary in schema.TRANSLATED.items() for v in vocabulary}
    unused = [key for key in ZH if key not in keys and not any(
        key.startswith(head) and key[len(head):] in values for head in heads)]
    assert not unused, unused


def backticked(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def documented_columns(section: str) -> set[str]:
    """The columns a codebook section's tables name in their first cell (`label_zh`, `label_en`)."""
    return {name for line in section.splitlines() if line.startswith("| `")
            for name in backticked(line.split("|")[1])}


def codebook_gaps(lang: str) -> list[str]:
    """What the codebook in `lang` leaves out of schema.py: a table, a column of its table, a value
    of a vocabulary (listed together, in the schema's order). The map's files are documented in
    data/geo/README.md (English only), checked with the English codebook."""
    file = data.CODEBOOK_FILES[lang]
    codebook = codebook_sections(data.codebook_text(lang))
    tables = dict(schema.TABLES)
    if lang == "en":
        geo = re.split(r"^## (\w+)\.csv\s*$", (data.DEFAULT_DATA_DIR / "geo" / "README.md").read_text(
            encoding="utf-8"), flags=re.M)
        codebook |= {f"geo/{name}": text for name, text in zip(geo[1::2], geo[2::2])}
        tables |= schema.GEO_TABLES
    gaps = []
    for name, table in tables.items():
        where = "data/geo/README.md" if name.startswith("geo/") else f"data/{file}"
        if name not in codebook:
            gaps.append(f"{where}: no section ### `{name.split('/')[-1]}.csv`")
            continue
        section, columns = codebook[name], documented_columns(codebook[name])
        tokens = backticked(section)
        for column, spec in table.columns.items():
            if column not in columns:
                gaps.append(f"{where}: {name}.csv column `{column}` is not in its table")
            if not spec.allowed:
                continue
            gaps += [f"{where}: {name}.{column} value `{value}` is not listed"
                     for value in spec.allowed if value not in tokens]
            listed = [t for t in tokens if t in spec.allowed]
            if not any(listed[i:i + len(spec.allowed)] == list(spec.allowed) for i in range(len(listed))):
                gaps.append(f"{where}: {name}.{column}: values not listed together in schema.py's order "
                            f"({', '.join(spec.allowed)})")
    return gaps


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_codebook_documents_every_table_column_and_value(lang):
    """Each codebook (data/README.md, data/README.zh.md) documents what the validator enforces:
    every table, every column, and each column's allowed values, all of them, in schema.py's order."""
    gaps = codebook_gaps(lang)
    assert not gaps, "\n".join(gaps)


def test_a_gap_in_the_codebook_is_named(monkeypatch):
    """The check above finds what is missing and says where: a column and a value left out."""
    english = data.codebook_text("en")
    cut = english.replace("| `raw_file` |", "| raw file |").replace("`work_report`, ", "")
    monkeypatch.setattr(data, "codebook_text", lambda lang="en": cut)
    assert set(codebook_gaps("en")) >= {
        "data/README.md: sources.csv column `raw_file` is not in its table",
        "data/README.md: sources.kind value `work_report` is not listed"}
