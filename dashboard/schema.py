"""What the data folder holds: every table, its columns, keys and references, and the coded
vocabularies, in their display order. The validator, the loader, the strings (i18n) and the
codebook tests all read them here; nothing else lists them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    kind: str = "text"  # text | int | number | date
    required: bool = True  # a value must be present in every row
    allowed: tuple[str, ...] | None = None  # a vocabulary, in display order
    ref: tuple[str, ...] = ()  # "table.column" targets; a value must exist in one of them
    # A column added after files were shipped: a file without it is read as if it were empty.
    may_be_absent: bool = False


@dataclass(frozen=True)
class Table:
    key: tuple[str, ...]
    columns: dict[str, Column]
    optional: bool = False  # the file may be left out: read as a table with no rows


def _text(required=True, allowed=None, ref=(), may_be_absent=False):
    return Column("text", required, tuple(allowed) if allowed else None, tuple(ref), may_be_absent)


def _added(kind="text", ref=(), allowed=None):
    """An optional column files of the first release do not have."""
    return Column(kind, False, tuple(allowed) if allowed else None, tuple(ref), may_be_absent=True)


# --- vocabularies: ordered tuples; i18n translates each value as "<vocabulary>.<value>" ----------

SECTOR_GROUPS = ("traditional", "emerging", "theme")
PERIOD_KINDS = ("year", "year_to_date", "multi_year", "as_of", "goal", "undated")
MEASURES = ("flow", "stock", "rate", "rank", "target", "goal")
TALENT_TIERS = ("top", "middle", "base")  # the pyramid from its top down
QUALIFIERS = ("exact", "more_than", "approx", "order_of", "first_exceeded")
DERIVATIONS = ("reported", "computed", "counted")
STATUSES = (  # a project's stages, from planned to operating
    "planned", "in_development", "construction_started", "under_construction",
    "in_production", "operating",
)
HONOUR_LEVELS = ("national", "provincial", "contest", "unstated")
ENTITY_TYPES = (
    "county", "subdistrict", "town", "city", "programme", "milestone", "project", "park",
    "incubator", "initiative", "event", "enterprise", "platform", "institute", "institution",
    "organisation", "agreement", "policy", "photo_caption", "rd_project", "ecommerce_service",
    "contest_entry", "workshop",
)
RELATION_KINDS = (
    "co_built_institute", "joint_upgrade", "industry_education", "skills_training",
    "visiting_experts", "service_enclave", "outward_chain", "tech_vice_president",
)
PLACE_KINDS = ("county_seat", "subdistrict", "town", "township", "city", "station", "facility",
               "district", "county")
PRECISIONS = ("exact", "town", "city", "unplaced")
# What a source is (sources.csv): its kind, whether it reports at first hand (an encyclopedia
# citing bulletins is secondary), and whether the text is whole or an excerpt cut by its retrieval.
SOURCE_KINDS = ("news", "work_report", "bureau_report", "encyclopedia", "plan")
PRIMACIES = ("primary", "secondary")
COMPLETENESS = ("complete", "excerpt")
# What a figure is (observations.csv `basis`; empty reads as actual): a result, the source's own
# estimate (预计, 有望) or a target for a dated period (力争, 目标). Only figures of one basis agree
# or disagree; an actual supersedes an estimate by naming it.
BASES = ("actual", "estimate", "target")
# The cleaning rules (cleaning.csv), applied in step order to a source's raw text
# (dashboard/cleaning.py says what each does).
CLEANING_RULES = ("keep_after", "keep_before", "drop_lines", "drop_glosses", "to_simplified")

# The vocabularies whose values have a label in each language (i18n "<prefix>.<value>"), by that
# prefix: the dashboard shows them translated, the draft workbook's dropdowns as "flow 期内新增…".
TRANSLATED = {"status": STATUSES, "level": HONOUR_LEVELS, "derivation": DERIVATIONS,
              "relation": RELATION_KINDS, "entity": ENTITY_TYPES, "tier": TALENT_TIERS,
              "kind": PLACE_KINDS, "precision": PRECISIONS, "group": SECTOR_GROUPS,
              "period_kind": PERIOD_KINDS, "measure": MEASURES, "qualifier": QUALIFIERS,
              "source_kind": SOURCE_KINDS, "primacy": PRIMACIES, "completeness": COMPLETENESS,
              "basis": BASES, "cleaning_rule": CLEANING_RULES}


@dataclass(frozen=True)
class Vocabulary:
    """An open vocabulary: data/vocabularies.csv may add values, with their labels."""
    table: str
    column: str
    prefix: str  # its i18n key prefix (TRANSLATED)
    values: tuple[str, ...]  # the built-in values


# Open: the pages only list and label these values, so a new one needs no code. Every other
# vocabulary is closed because code acts on each value: sector groups (3+3 or theme), period
# kinds (how time is read and compared), measures (goals apart, ranks as words), qualifiers (how a
# figure reads), derivations (what the validator checks), talent tiers (the pyramid's three
# levels), statuses (an ordered scale from planned to operating that the project chart draws: a
# new stage would have no place on it; status_zh keeps the source's own words) and the map's kinds.
OPEN_VOCABULARIES = {
    "entity_type": Vocabulary("entities", "entity_type", "entity", ENTITY_TYPES),
    "relation_kind": Vocabulary("relations", "kind", "relation", RELATION_KINDS),
    "honour_level": Vocabulary("honours", "level", "level", HONOUR_LEVELS),
}

# --- the tables ---------------------------------------------------------------------------------

SOURCE = {"source_id": _text(ref=["sources.source_id"]), "source_quote": _text()}
OPTIONAL_SOURCE = {
    "source_id": _text(False, ref=["sources.source_id"]),
    "source_quote": _text(False),
}
THEME = _text(ref=["sectors.sector_id"])
PERIOD = _text(ref=["periods.period_id"])
ENTITY = _text(ref=["entities.entity_id"])

TABLES: dict[str, Table] = {
    "sources": Table(("source_id",), {
        "source_id": _text(), "title": _text(), "short_title": _added(),
        "authors": _text(False), "outlet": _added(), "column": _text(False),
        "photo_credit": _text(False), "published": Column("date", required=False),
        "text_file": _text(), "note": _text(False),
        # Issue 28: where the text came from and what it is (data/README.md).
        "url": _added(), "retrieved_from": _added(), "kind": _added(allowed=SOURCE_KINDS),
        "primacy": _added(allowed=PRIMACIES), "completeness": _added(allowed=COMPLETENESS),
        "date_basis": _added(),
        # The text exactly as received; text_file is derived from it by cleaning.csv's rules.
        "raw_file": _added(),
    }),
    "sectors": Table(("sector_id",), {
        "sector_id": _text(), "group": _text(allowed=SECTOR_GROUPS),
        "label_zh": _text(), "label_en": _text(), "sort_order": Column("int"),
        "transformation_target_zh": _text(False), "transformation_target_en": _text(False),
        **SOURCE,
    }),
    "periods": Table(("period_id",), {
        "period_id": _text(), "kind": _text(allowed=PERIOD_KINDS),
        "start_date": Column("date", required=False), "end_date": Column("date", required=False),
        "year": Column("int", required=False), "label_zh": _text(), "label_en": _text(),
        "note": _text(False),
        # The period as a source words it relative to its date (目前, 去年, 1—11月): the
        # validator resolves the words against that source's `published` date.
        "relative_to": _added(ref=["sources.source_id"]), "relative_words": _added(),
    }),
    "indicators": Table(("indicator_id",), {
        "indicator_id": _text(), "theme_id": THEME, "label_zh": _text(), "label_en": _text(),
        "short_label_zh": _text(), "short_label_en": _text(), "unit_zh": _text(), "unit_en": _text(),
        "measure": _text(allowed=MEASURES),
        "talent_tier": _text(False, allowed=TALENT_TIERS), "sort_order": Column("int"),
        "headline": _added("int"), "note": _text(False),
        # The part of the county (or Wenzhou) the figure is about; empty = the whole county.
        "area_id": _added(ref=["entities.entity_id"]),
    }),
    # Two sources may report the same indicator and period: equal figures are one figure with two
    # quotes; a different one stands only by naming, in `supersedes`, the source it replaces.
    "observations": Table(("indicator_id", "period_id", "source_id"), {
        "indicator_id": _text(ref=["indicators.indicator_id"]), "period_id": PERIOD,
        "value": Column("number"), "value_as_printed": _text(False),
        "qualifier": _text(allowed=QUALIFIERS), "derivation": _text(allowed=DERIVATIONS),
        "formula": _text(False), **OPTIONAL_SOURCE, "note": _text(False),
        "supersedes": _added(ref=["sources.source_id"]), "supersedes_reason": _added(),
        "basis": _added(allowed=BASES),  # empty reads as actual
    }),
    "entities": Table(("entity_id",), {
        "entity_id": _text(), "entity_type": _text(allowed=ENTITY_TYPES), "name_zh": _text(),
        "name_en": _text(), "theme_id": THEME, "status": _text(False, allowed=STATUSES),
        "status_zh": _text(False), "period_id": _text(False, ref=["periods.period_id"]),
        "date": Column("date", required=False), "date_source": _text(False),
        **SOURCE, "note": _text(False),
    }),
    "honours": Table(("recipient_id", "honour_id", "period_id"), {  # the same honour again
        "recipient_id": ENTITY, "honour_id": _text(), "honour_zh": _text(),
        "honour_en": _text(), "level": _text(allowed=HONOUR_LEVELS), "period_id": PERIOD,
        "date": _added("date"), **SOURCE,
        # How a period, level or recipient was read, and other sources that name the same honour
        # (the key keeps one source per honour).
        "note": _added(),
    }),
    "relations": Table(("relation_id",), {
        "relation_id": _text(), "from_id": ENTITY, "to_id": ENTITY,
        "kind": _text(allowed=RELATION_KINDS),
        "description_zh": _text(), "description_en": _text(),
        "period_id": _text(False, ref=["periods.period_id"]),
        "date": Column("date", required=False), **SOURCE,
    }),
    "sector_links": Table(("subject_id", "sector_id"), {
        "subject_id": _text(ref=["indicators.indicator_id", "entities.entity_id"]),
        "sector_id": _text(ref=["sectors.sector_id"]), **SOURCE,
    }),
    # How each source's text_file is derived from its raw_file: rules in step order.
    "cleaning": Table(("source_id", "step"), {
        "source_id": _text(ref=["sources.source_id"]), "step": Column("int"),
        "rule": _text(allowed=CLEANING_RULES), "argument": _text(False), "note": _text(False),
    }, optional=True),
    # Values added to the open vocabularies, with the labels the pages show.
    "vocabularies": Table(("vocabulary", "value"), {
        "vocabulary": _text(allowed=OPEN_VOCABULARIES), "value": _text(),
        "label_zh": _text(), "label_en": _text(), "note": _text(False),
    }, optional=True),
    # What a source says that is deliberately not in the data (out of scope, or a threshold rather
    # than a figure), with why: the reader sees what was left out, not only what went in.
    "left_out": Table(("source_id", "source_quote"), {
        **SOURCE, "what": _text(), "reason": _text(),
    }, optional=True),
}

# The map's files (built by `make geo`), checked by check_data and before the map is drawn; the
# other pages do not need them.
GEO_TABLES: dict[str, Table] = {
    "geo/places": Table(("place_id",), {
        "place_id": _text(), "name_zh": _text(), "name_en": _text(),
        "kind": _text(False, allowed=PLACE_KINDS),
        "lat": Column("number", required=False), "lon": Column("number", required=False),
        "precision": _text(allowed=PRECISIONS),
        "parent_place_id": _text(False, ref=["geo/places.place_id"]),
        "entity_id": _text(False, ref=["entities.entity_id"]),
        "source": _text(False), "licence": _text(False), "note": _text(False),
    }),
    "geo/town_industries": Table(("place_id", "sector_id"), {
        "place_id": _text(ref=["geo/places.place_id"]), "sector_id": _text(ref=["sectors.sector_id"]),
        "identity_zh": _text(), "identity_en": _text(), "source": _text(), "note": _text(False),
    }),
}
COUNTIES_FILE = "geo/wenzhou_counties.geojson"
# Where a merge of a draft keeps the files it replaced (backups/<YYYYMMDD-HHMMSS>/): no table
# is read from it, and the dashboard's change watch (data.fingerprint) skips it.
BACKUPS_DIR = "backups"
YONGJIA_ADCODE = "330324"  # the map opens on it: the boundary file must hold it
CHINA_BOUNDS = {"lat": (3.0, 54.0), "lon": (73.0, 136.0)}  # a coordinate outside is a typo
