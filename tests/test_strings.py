"""The strings table (i18n.py): each key once, in both languages, and each used by the code; and
the codebook: every vocabulary the schema enforces, listed."""

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


def test_the_codebook_lists_every_vocabulary_in_the_schemas_order():
    """The codebook (data/README.md, data/geo/README.md) documents what the validator enforces:
    each column's allowed values, all of them, in schema.py's order."""
    geo = re.split(r"^## (\w+)\.csv\s*$", (data.DEFAULT_DATA_DIR / "geo" / "README.md").read_text(
        encoding="utf-8"), flags=re.M)
    codebook = {**codebook_sections(data.codebook_text()),
                **{f"geo/{name}": text for name, text in zip(geo[1::2], geo[2::2])}}
    missing = []
    for name, table in {**schema.TABLES, **schema.GEO_TABLES}.items():
        for column, spec in table.columns.items():
            if not spec.allowed:
                continue
            tokens = backticked(codebook.get(name, ""))
            listed = [t for t in tokens if t in spec.allowed]
            if not any(listed[i:i + len(spec.allowed)] == list(spec.allowed) for i in range(len(listed))):
                missing.append(f"{name}.{column}")
    assert not missing, missing
