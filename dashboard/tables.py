"""Pure builders of what the pages show, other than charts and maps: rows of the dataset and a
Translator in; metric tiles, milestone cards, display tables and chart frames out. No Streamlit
here: every input is an argument, so each builder is tested on its own in both languages.

A new table for a page goes here, as `def <what>_table(rows, ds, tr) -> pd.DataFrame`."""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa

from dashboard import provenance
from dashboard.data import Dataset, lookup
from dashboard.escape import plain, signed
from dashboard.formatting import figure
from dashboard.i18n import Translator
from dashboard.labels import (
    period_label,
    published_label,
    sector_label,
    source_reference,
    source_references,
    source_title,
    vocabulary_label,
    year_label,
)
from dashboard.messages import render
from dashboard.problems import Problem, problem_count
from dashboard.rules import FORMULA_REFERENCE
from dashboard.schema import TALENT_TIERS
from dashboard.select import ALL, Filters, undated, year_tiles

# Tiles a group shows before the rest go into a table: two rows on a laptop. Each tile is an
# element of its own, so a group of hundreds (next years' figures piling up) would slow every click.
MAX_TILES = 8
# Milestone cards shown before the rest go into a table (as with MAX_TILES).
MAX_CARDS = 12
# The entity types the chain diagram and the industry page list beside an industry.
CHAIN_MEMBER_TYPES = ("park", "project", "platform", "institute", "enterprise", "initiative",
                      "incubator", "policy")


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A frame as the Arrow table Streamlit sends: converted once, not on every rerun."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def no_data_message(ds: Dataset, f: Filters, tr: Translator) -> str:
    """What an empty selection says, as escaped Markdown: choosing 全部 helps only when a sector
    is chosen; with every sector, only another year can."""
    year = year_label(f.year, tr)
    if f.sector != ALL:
        return tr("empty.filter", sector=plain(sector_label(ds, f.sector, tr)), year=year)
    if f.year is None:
        return tr("empty.none")
    return tr("empty.year", year=year, all_years=tr("filters.year.all"))


# --- sources -----------------------------------------------------------------------------------


def backing_rows(frame: pd.DataFrame) -> list[dict]:
    """The rows of `frame` with only what provenance.backing_sources reads: to_dict of every
    column (the figures have ~40) was most of a table's build."""
    return frame[[c for c in provenance.BACKING_COLUMNS if c in frame.columns]].to_dict("records")


def sources_column(frame: pd.DataFrame, ds: Dataset, tr: Translator) -> list[str]:
    """Each row's sources as a table cell (provenance.backing_sources)."""
    return [source_references(ds, provenance.backing_sources(ds, row), tr) for row in backing_rows(frame)]


def source_line(ds: Dataset, frames, tr: Translator) -> str:
    """A chart's source line: every source behind the rows of `frames` (or one frame), in the
    order of sources.csv."""
    frames = [frames] if isinstance(frames, pd.DataFrame) else frames
    used = {s for frame in frames for row in backing_rows(frame)
            for s in provenance.backing_sources(ds, row)}
    ordered = [s for s in ds.sources["source_id"] if s in used]
    return tr("source.of", refs=source_references(ds, ordered, tr)) if ordered else ""


def coverage_label(numerals: int, covered: int) -> str:
    return f"{covered / numerals:.0%}" if numerals else "—"


def sources_table(ds: Dataset, tr: Translator) -> pd.DataFrame:
    """Every source: its short title and date, its numeral coverage, what it covers (how many
    figures, items and honours it backs; the periods of its figures), byline, outlet and column.
    The short columns first: on a phone the table shows its first three or four."""
    summary = provenance.source_summary(ds)
    ids = summary["source_id"]
    sources = ds.sources.set_index("source_id").loc[ids].fillna(
        {"authors": "", "outlet": "", "column": "", "kind": "", "primacy": "", "completeness": ""})
    return pd.DataFrame({
        tr("col.source"): [source_title(ds, s) for s in ids],
        tr("sources.bib.published"): [published_label(ds, s, tr) for s in ids],
        tr("col.coverage"): [coverage_label(n, c) for n, c in zip(summary["numerals"], summary["covered"])],
        tr("col.figures"): summary["figures"].to_numpy(), tr("col.items"): summary["items"].to_numpy(),
        tr("col.honours"): summary["honours"].to_numpy(),
        tr("col.periods"): [tr.listed(period_label(ds, p, tr) for p in periods)
                            for periods in summary["period_ids"]],
        tr("sources.bib.authors"): sources["authors"].to_numpy(),
        tr("sources.bib.outlet"): sources["outlet"].to_numpy(),
        tr("sources.bib.column"): sources["column"].to_numpy(),
        tr("col.kind"): [vocabulary_label(ds, f"source_kind.{v}", tr) if v else "" for v in sources["kind"]],
        tr("col.primacy"): [vocabulary_label(ds, f"primacy.{v}", tr) if v else ""
                            for v in sources["primacy"]],
        tr("col.completeness"): [vocabulary_label(ds, f"completeness.{v}", tr) if v else ""
                                 for v in sources["completeness"]],
    })


UNDATED = "undated:"  # how date_basis starts for a source without a printed date (codebook)


def source_record(ds: Dataset, source_id: str, tr: Translator) -> tuple[str, str, str]:
    """(title, byline, what it covers) of one source, as plain text. The byline, a field a line,
    lists authors (or 'no byline'), outlet (or 'not stated'), column and photo credit when
    printed, what the source is (kind, primary or secondary, complete or excerpt), where it was
    retrieved (URL, site), and the date (or 'undated') with what it was read from."""
    source = ds.sources.set_index("source_id").loc[source_id]

    def given(column: str, fallback: str | None = None) -> str | None:
        value = source[column]
        return value if isinstance(value, str) and value else fallback

    def coded(key: str | None) -> str | None:
        return vocabulary_label(ds, key, tr) if key else None

    def dated(published: str, basis: str | None) -> str:  # "undated: why" reads as undated (why)
        if basis and basis.startswith(UNDATED):
            return tr("sources.bib.undated_because", undated=published, why=basis[len(UNDATED):].strip())
        return tr("sources.bib.dated", date=published, basis=basis) if basis else published

    kind, primacy, completeness = given("kind"), given("primacy"), given("completeness")
    # date_basis is an editor's record, written in English (i18n.RECORDS): the Chinese view shows
    # the date alone, as it does for the other records.
    published, basis = published_label(ds, source_id, tr), given("date_basis") if tr.reads_records else None
    fields = [(tr("sources.bib.authors"), given("authors", tr("sources.bib.no_byline"))),
              (tr("sources.bib.outlet"), given("outlet", tr("sources.bib.unknown"))),
              (tr("sources.bib.column"), given("column")), (tr("sources.bib.photo"), given("photo_credit")),
              (tr("col.kind"), coded(kind and f"source_kind.{kind}")),
              (tr("col.primacy"), coded(primacy and f"primacy.{primacy}")),
              (tr("col.completeness"), coded(completeness and f"completeness.{completeness}")),
              (tr("sources.bib.url"), given("url")),
              (tr("sources.bib.retrieved_from"), given("retrieved_from")),
              (tr("sources.bib.published"), dated(published, basis))]
    byline = "\n".join(f"{name}: {value}" for name, value in fields if value)
    summary = provenance.source_summary(ds).set_index("source_id").loc[source_id]
    covers = tr("sources.covers", periods=tr.listed(
        period_label(ds, p, tr) for p in summary["period_ids"]), figures=summary["figures"],
        derived=summary["derived"], items=summary["items"], honours=summary["honours"])
    return source["title"], byline, covers


# --- figures -----------------------------------------------------------------------------------


def figure_help(row, ds: Dataset, tr: Translator) -> str:
    """The tile's tooltip: period, then the sentence and its source, or the formula and the
    sources of its inputs."""
    parts = [tr.of(row, "label"), f"{tr('period')}: {period_label(ds, row['period_id'], tr)}"]
    basis = row.get("basis")
    if isinstance(basis, str) and basis in ("estimate", "target"):  # an actual needs no word
        parts.append(tr("figure.basis", basis=tr(f"basis.{basis}")))
    if row["qualifier"] == "order_of":
        parts.append(tr("order_of.note", printed=row["value_as_printed"]))
    own = provenance.figure_sources(ds, row.get("source_id"), row.get("formula"))
    sources = source_references(ds, own, tr)
    if row["derivation"] == "computed":
        parts.append(tr("derived.formula", formula=formula_text(row["formula"], ds, tr)))
        if sources:
            parts.append(tr("source.inputs", refs=sources))
    else:
        parts.append(tr("quote", quote=row["source_quote"]))
        parts.append(tr("source.of", refs=sources))
    for source, quote in row.get("agreeing", ()):
        parts.append(tr("quote.also", source=source_reference(ds, source, tr), quote=quote))
    for source, printed, reason in row.get("replaced", ()):
        parts.append(tr("quote.replaced", source=source_reference(ds, source, tr), printed=printed,
                        reason=reason if tr.reads_records else tr("reason.in_english")))
    note = row.get("observation_note")
    if isinstance(note, str) and note:  # a record (i18n.RECORDS): there in English only
        parts.append(note if tr.reads_records else tr("note.in_english"))
    return "\n\n".join(plain(p) for p in parts)


_OPERATORS = {"/": " ÷ ", "*": " × ", "-": " − ", "+": " + "}


def formula_text(formula: str, ds: Dataset, tr: Translator) -> str:
    """A computed value's formula as it reads in this language: each indicator@period as the
    indicator's short label and the period's label, ÷ × − for / * -, round() in words."""
    labels = lookup(ds, "indicators", "indicator_id", tr.column("short_label"))

    def piece(match) -> str:
        reference, operator, word = match.group("reference", "operator", "word")
        if reference:
            indicator, period = FORMULA_REFERENCE.fullmatch(reference).groups()
            return tr("formula.term", indicator=labels.get(indicator, indicator),
                      period=period_label(ds, period, tr))
        if operator:
            return _OPERATORS[operator]
        return tr("formula.round") if word else ""  # round, the one word the validator allows; spaces
    return re.sub(rf"(?P<reference>{FORMULA_REFERENCE.pattern})|(?P<operator>[-+*/])|(?P<word>[a-z]+)|\s+",
                  piece, formula).strip()


def tile(row: dict, ds: Dataset, tr: Translator) -> dict:
    """st.metric's arguments for one figure: short label, value as it reads, delta, sources.
    Streamlit renders all five as Markdown, so each is escaped (escape.plain)."""
    delta, description = None, None
    if pd.notna(row.get("previous_value")):
        delta = signed(float(row["value"]) - float(row["previous_value"]))
        description = plain(tr("delta.vs", period=period_label(ds, row["previous_period_id"], tr)))
    trend = row.get("trend") or ()
    return {"indicator_id": row["indicator_id"],  # for the link to its page, not st.metric's
            "label": plain(tr.of(row, "short_label")), "value": plain(figure(row, tr.lang)),
            "delta": delta, "delta_description": description, "help": figure_help(row, ds, tr),
            "chart_data": list(trend) if len(trend) >= 2 else None}


def tiles(figures: pd.DataFrame, ds: Dataset, tr: Translator) -> tuple[list[dict], pa.Table]:
    """Metric tiles for the first MAX_TILES figures, and a table of the rest."""
    return ([tile(r, ds, tr) for r in figures.head(MAX_TILES).to_dict("records")],
            arrow(figures_table(figures.iloc[MAX_TILES:], ds, tr)))


def tiles_of_year(figures: pd.DataFrame, year: int | None, ds: Dataset,
                  tr: Translator) -> tuple[tuple[list[dict], pa.Table], pa.Table]:
    """(tiles, as tiles() makes them, of the year's dated figures and the goals; a table of
    the figures without a year, which the page lists apart)."""
    return (tiles(year_tiles(figures, year), ds, tr),
            arrow(figures_table(undated(figures, year), ds, tr)))


def figures_table(figures: pd.DataFrame, ds: Dataset, tr: Translator) -> pd.DataFrame:
    return pd.DataFrame({
        tr("col.indicator"): tr.of(figures, "label"),
        tr("col.value"): [figure(r, tr.lang) for r in figures.to_dict("records")],
        tr("col.period"): [period_label(ds, p, tr) for p in figures["period_id"]],
        tr("col.derivation"): [tr(f"derivation.{d}") for d in figures["derivation"]],
        tr("col.source"): sources_column(figures, ds, tr),
        tr("col.quote"): [q if pd.notna(q) else formula_text(f, ds, tr)
                          for q, f in zip(figures["source_quote"], figures["formula"])],
    })


# Bar charts a section draws at most, one per unit; each is an element of its own (hostile data
# with a unit on every row made ten, and the page took over a minute in the browser).
MAX_UNIT_CHARTS = 3


def unit_groups(figures: pd.DataFrame, tr: Translator) -> tuple[list[tuple[str | None, pd.DataFrame]],
                                                                   pd.DataFrame]:
    """The figures split by their printed unit (unit_zh), since 14亿元 and 14家 on one axis would
    read as equal: (charted, rest). Charted: up to MAX_UNIT_CHARTS (unit, rows), the units with
    most figures first, in order of appearance between equals; the first always, a further unit
    only with two figures or more (one bar compares with nothing). The unit is in the viewer's
    language, None where its rows read differently there (个: workshops, platforms). Rest: the
    figures of every other unit, for a table."""
    groups = sorted((rows for _, rows in figures.groupby("unit_zh", sort=False)), key=lambda g: -len(g))
    charted = [groups[0]] if groups else []
    for rows in groups[1:]:
        if len(rows) >= 2 and len(charted) < MAX_UNIT_CHARTS:
            charted.append(rows)
    units = [tr.of(rows, "unit").unique() for rows in charted]
    rest = figures[~figures.index.isin([i for rows in charted for i in rows.index])]
    return [(u[0] if len(u) == 1 else None, rows) for u, rows in zip(units, charted)], rest


def bar_frame(figures: pd.DataFrame, tr: Translator, group: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows for charts.bar_chart: the indicator's label, value and the value as the tile reads;
    with `group` (measure -> legend label), a group column."""
    frame = pd.DataFrame({
        "label": tr.of(figures, "label").to_numpy(),
        "value": figures["value"].astype(float).to_numpy(),
        "shown": [figure(r, tr.lang) for _, r in figures.iterrows()],
    })
    if group:
        frame["group"] = figures["measure"].map(group).to_numpy()
    return frame


def with_unit(title: str, unit: str, tr: Translator) -> str:
    """A chart's title with its unit in brackets, as the viewer's language writes it; the title
    alone when there is no unit or it already ends with it ('"Jianbing Lingyan" projects', not
    '... projects (projects)')."""
    if not unit or title.endswith(unit):
        return title
    return tr("chart.title.unit", title=title, unit=unit)


# Trend charts a page draws before the rest go into a table (each chart is an element of its own).
MAX_TRENDS = 24


def progress_frame(picked: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Rows for charts.progress_chart from select.progress_figures: actual, then target."""
    return pd.DataFrame({
        "label": [tr("progress.actual"), tr("progress.target")],
        "value": picked["value"].astype(float).to_numpy(),
        "shown": [figure(r, tr.lang) for _, r in picked.iterrows()],
        "role": ["actual", "target"],
    })


MAX_TIER_LINES = 3  # the groups a pyramid tier names inside it; the rest are counted


def _tier_line(row: pd.Series, tr: Translator) -> str:
    """A group and its count, marked when the sources give it no year."""
    line = f"{tr.of(row, 'short_label') or tr.of(row, 'label')} {figure(row, tr.lang)}"
    return tr("tier.undated", line=line) if pd.isna(row["period_year"]) else line


def pyramid_frame(figures: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """One row per tier, listing the groups the dashboard assigns to it with their counts (a
    figure without a year says so): the first MAX_TIER_LINES, then how many more (thirty lines in
    a tier ran over the others at ten times the data); the tooltip lists them all."""
    rows = []
    for level, tier in enumerate(TALENT_TIERS):
        members = figures[figures["talent_tier"] == tier]
        lines = [_tier_line(r, tr) for _, r in members.iterrows()]
        shown = lines if len(lines) <= MAX_TIER_LINES else [
            *lines[:MAX_TIER_LINES - 1], tr("tier.more", count=len(lines) - MAX_TIER_LINES + 1)]
        rows.append({"tier": tier, "tier_label": tr(f"tier.{tier}"), "level": level,
                     "text": "\n".join(shown), "tooltip": " · ".join(lines)})
    return pd.DataFrame(rows)


# --- entities, honours, relations ------------------------------------------------------------


OUTSIDE_MARK = "※"  # a date taken from outside the article, explained once under the timeline


def timeline(entities: pd.DataFrame, ds: Dataset, tr: Translator) -> tuple[str, bool, pa.Table]:
    """The dated items as one compact escaped Markdown list: exact dates first in date order,
    then the items the article dates only by a period, under that period's name. A date from
    outside the article is marked with OUTSIDE_MARK (the page explains it once). Returns (the
    list, whether any item carries the mark, a table of the items past MAX_CARDS)."""
    frame = entities[entities["period_id"].notna()].sort_values(["date", "period_id"],
                                                                na_position="last")
    shown, lines, marked, group = frame.iloc[:MAX_CARDS], [], False, None
    for date, period, name, source in zip(shown["date"], shown["period_id"],
                                          tr.of(shown, "name"), shown["date_source"]):
        mark = f" {OUTSIDE_MARK}" if pd.notna(source) else ""
        marked |= bool(mark)
        if pd.notna(date):
            lines.append(f"- :gray[{plain(date.strftime('%Y-%m-%d'))}]　{plain(name)}{mark}")
            continue
        if period != group:  # undated items, grouped by the period the article names
            group = period
            lines.append(f"\n**{plain(period_label(ds, period, tr))}**\n")
        lines.append(f"- {plain(name)}{mark}")
    return "\n".join(lines), marked, arrow(entity_table(frame.iloc[MAX_CARDS:], ds, tr))


def status_frame(projects: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Rows for charts.status_chart: each project's name and stage, translated and as printed."""
    return pd.DataFrame({
        "name": tr.of(projects, "name").to_numpy(),
        "status": projects["status"].to_numpy(),
        "status_label": [tr(f"status.{s}") for s in projects["status"]],
        "status_printed": projects["status_zh"].to_numpy(),
    })


def chain_inputs(ds: Dataset, tr: Translator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 3+3 industries with their targets (as the diagram reads them, '' when none), and the
    entities the article ties to each: one row per link, parks first, then projects, platforms,
    ... in CHAIN_MEMBER_TYPES order, in the data's order within a type."""
    sectors = ds.sectors[ds.sectors["group"] != "theme"].sort_values("sort_order")
    targets = tr.of(sectors, "transformation_target")
    industries = pd.DataFrame({
        "sector_id": sectors["sector_id"], "group": sectors["group"],
        "label": tr.of(sectors, "label"),
        "target": [tr("industry.chain.target", target=t) if pd.notna(t) and t else ""
                   for t in targets],
    }).reset_index(drop=True)
    members = ds.sector_links.merge(ds.entities, left_on="subject_id", right_on="entity_id")
    members = members[members["entity_type"].isin(CHAIN_MEMBER_TYPES)]
    members = members.assign(order=members["entity_type"].map(CHAIN_MEMBER_TYPES.index))
    members = members.sort_values("order", kind="stable")
    return industries, pd.DataFrame({"entity_id": members["entity_id"],
                                     "label": tr.of(members, "name"),
                                     "sector_id": members["sector_id"],
                                     "entity_type": members["entity_type"]}).reset_index(drop=True)


def entity_names(ds: Dataset, ids: pd.Series, tr: Translator) -> pd.Series:
    """Entity names in this language for a column of entity ids."""
    return ids.map(lookup(ds, "entities", "entity_id", tr.column("name")))


def entity_table(frame: pd.DataFrame, ds: Dataset, tr: Translator) -> pd.DataFrame:
    return pd.DataFrame({
        tr("col.name"): tr.of(frame, "name"),
        tr("col.type"): [vocabulary_label(ds, f"entity.{e}", tr) for e in frame["entity_type"]],
        tr("col.status"): [tr(f"status.{s}") if pd.notna(s) else "" for s in frame["status"]],
        tr("col.period"): [period_label(ds, p, tr) for p in frame["period_id"]],
        tr("col.source"): sources_column(frame, ds, tr),
        tr("col.quote"): frame["source_quote"],
    })


def honour_badges(honours: pd.DataFrame, ds: Dataset, tr: Translator) -> list[tuple[str, str]]:
    """(label, tooltip) per honour in the data's order, both escaped: the honour, "×3" when
    several received it; who received it, the sentences that say so and their sources."""
    badges = []
    for _, rows in honours.groupby("honour_id", sort=False):
        name = tr.of(rows, "honour").iloc[0]
        parts = [tr("badge.recipients", names=tr.listed(tr.of(rows, "name"))),
                 *(tr("quote", quote=q) for q in rows["source_quote"].unique()),
                 tr("source.of", refs=source_references(ds, rows["source_id"].unique(), tr))]
        badges.append((plain(name if len(rows) == 1 else f"{name} ×{len(rows)}"),
                       "\n\n".join(plain(p) for p in parts)))
    return badges


def honour_table(frame: pd.DataFrame, ds: Dataset, tr: Translator) -> pd.DataFrame:
    return pd.DataFrame({
        tr("col.recipient"): tr.of(frame, "name"),
        tr("col.honour"): tr.of(frame, "honour"),
        tr("col.level"): [vocabulary_label(ds, f"level.{v}", tr) for v in frame["level"]],
        tr("col.period"): [d.strftime("%Y-%m-%d") if pd.notna(d) else period_label(ds, p, tr)
                           for d, p in zip(frame["date"], frame["period_id"])],
        tr("col.source"): sources_column(frame, ds, tr),
        tr("col.quote"): frame["source_quote"],
        # a record (i18n.RECORDS): there in English only
        tr("col.note"): [("" if not isinstance(n, str) or not n else n if tr.reads_records
                          else tr("note.in_english")) for n in frame["note"]],
    })


def relation_table(frame: pd.DataFrame, ds: Dataset, tr: Translator) -> pd.DataFrame:
    return pd.DataFrame({
        tr("col.partner"): (entity_names(ds, frame["from_id"], tr) + " → "
                            + entity_names(ds, frame["to_id"], tr)),
        tr("col.kind"): [vocabulary_label(ds, f"relation.{k}", tr) for k in frame["kind"]],
        tr("col.description"): tr.of(frame, "description"),
        tr("col.date"): [d.strftime("%Y-%m-%d") if pd.notna(d) else period_label(ds, p, tr)
                         for d, p in zip(frame["date"], frame["period_id"])],
        tr("col.source"): sources_column(frame, ds, tr),
        tr("col.quote"): frame["source_quote"],
    })


# --- the validator's problems ----------------------------------------------------------------


def problem_table(problems: list[Problem], tr: Translator) -> pd.DataFrame:
    """The validator's problems, what each expects in the viewer's language."""
    frame = pd.DataFrame([(p.file, p.line, p.column, p.value, render(p.message, tr.lang)) for p in problems],
                         columns=["file", "line", "column", "value", "expected"]).astype({"line": "Int64"})
    return frame.rename(columns={"file": tr("col.file"), "line": tr("col.line"),
                                 "column": tr("col.column"), "value": tr("col.value"),
                                 "expected": tr("col.expected")})


def stale_notice(problems: list[Problem], tr: Translator) -> str:
    """The banner over the last valid data while a saved file is broken (escaped Markdown)."""
    first = problems[0]
    return tr("data.stale", file=plain(first.file), problem=plain(first.text(tr.lang)),
              count=problem_count(problems))
