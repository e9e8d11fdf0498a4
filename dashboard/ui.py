"""Streamlit pieces shared by the pages: current filters, text, tiles, charts, empty states."""

from __future__ import annotations

import json
import re
import string

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import charts, data
from dashboard.filters import ALL, Filters, sector_options, year_options
from dashboard.formatting import figure
from dashboard.i18n import LANGUAGES, text

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def plain(value) -> str:
    """Data text for an element that renders Markdown: every ASCII punctuation mark escaped,
    so nothing from the data becomes a link, image, directive or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def dataset() -> data.Dataset:
    """The data every page shows: the current files, or the last valid ones. app.py loads it
    once per run and keeps it in the session, so the pages do not stat the files again."""
    ds = st.session_state.get(DATASET_KEY)
    return ds if ds is not None else data.load_current()[0]


DATASET_KEY = "_dataset_this_run"


def lang() -> str:
    value = st.session_state.get("lang")
    return value if value in LANGUAGES else "zh"


def t(key: str, **values) -> str:
    return text(lang(), key, **values)


def current() -> Filters:
    """The filters the sidebar holds; anything unknown falls back to the default."""
    ds = dataset()
    sector = st.session_state.get("sector")
    year = st.session_state.get("year")
    years = year_options(ds)
    return Filters(sector=sector if sector in sector_options(ds) else ALL,
                   year=year if year in years else (years[0] if years else None),
                   lang=lang())


def label(frame_or_row, base: str) -> pd.Series | str:
    return frame_or_row[f"{base}_{lang()}"]


def sector_label(sector: str) -> str:
    if sector == ALL:
        return t("filters.sector.all")
    return dataset().lookup("sectors", "sector_id", f"label_{lang()}").get(sector, sector)


def period_label(period_id) -> str:
    labels = dataset().lookup("periods", "period_id", f"label_{lang()}")
    return t("undated") if pd.isna(period_id) else labels.get(period_id, t("undated"))


def source_caption() -> None:
    st.caption(t("source.line"))


def no_data(f: Filters) -> None:
    st.info(t("empty.filter", sector=plain(sector_label(f.sector)), year=f.year or ""))


def figure_help(row) -> str:
    """The tile's tooltip: period, then the sentence or the formula that backs the value."""
    parts = [label(row, "label"), f"{t('period')}: {period_label(row['period_id'])}"]
    if row["qualifier"] == "order_of":
        parts.append(t("order_of.note", printed=row["value_as_printed"]))
    if row["derivation"] == "computed":
        parts.append(t("derived.formula", formula=row["formula"]))
    else:
        parts.append(t("quote", quote=row["source_quote"]))
    note = row.get("observation_note")
    if isinstance(note, str) and note:
        parts.append(note)
    return "\n\n".join(plain(p) for p in parts)


# Tiles a group shows before the rest go into a table: two rows on a laptop. Each tile is an
# element of its own, so a group of hundreds (next years' figures piling up) would slow every click.
MAX_TILES = 8


def kpi_grid(key: tuple, build, f: Filters) -> None:
    """Metric tiles for the figures `build()` selects, built once per dataset, language and
    `key` (which holds the filters). They wrap to the screen's width: four a row on a laptop,
    one on a phone. Beyond MAX_TILES the rest are listed in a table; none: the no-data notice."""
    def make():
        figures = build()
        return ([_tile(r) for r in figures.head(MAX_TILES).to_dict("records")],
                arrow(figures_table(figures.iloc[MAX_TILES:])))

    tiles, rest = cached(("tiles", key), make)
    if not tiles:
        no_data(f)
        return
    with st.container(horizontal=True, wrap=True, gap="small"):
        for tile in tiles:
            st.metric(**tile, border=True, width="stretch")
    if rest.num_rows:
        with st.expander(t("kpi.more", count=rest.num_rows)):
            show_table(rest)


def _tile(row: dict) -> dict:
    """st.metric's arguments for one figure: short label, value as it reads, delta, sources."""
    delta, description = None, None
    if pd.notna(row.get("previous_value")):
        delta = f"{float(row['value']) - float(row['previous_value']):+g}"
        description = t("delta.vs", period=period_label(row["previous_period_id"]))
    return {"label": plain(row[f"short_label_{lang()}"]), "value": figure(row, lang()),
            "delta": delta, "delta_description": description, "help": figure_help(row)}


def altair(key: tuple, build, alt_key: str) -> None:
    """Draw the chart `build()` makes, built once per dataset, filters and language (`key`
    holds the filters): building an Altair chart costs tens of ms, and a rerun changes nothing.
    The spec goes out unvalidated; every builder's spec is validated by the tests instead."""
    def spec():
        chart = build()
        vega = chart.to_dict(validate=False)
        # As Arrow tables, which Streamlit sends as they are; records it would convert every rerun.
        vega["datasets"] = {name: arrow(pd.DataFrame(rows)) for name, rows in vega.get("datasets", {}).items()}
        # Streamlit sizes a layered chart to its content and ignores the spec's height.
        return vega, chart.height + chart.usermeta["chrome_px"]

    vega, height = dataset().cached(("chart", key, lang()), spec)
    st.vega_lite_chart(spec=vega, width="stretch", height=height, alt=t(alt_key))


def graphviz(key: tuple, build, alt_key: str) -> None:
    """A Graphviz chart whose DOT text is built once per dataset, filters and language. Keyed
    by the same: a new graph is drawn afresh, not animated from the old one (which took ~1 s)."""
    with st.container(key="graph_" + re.sub(r"\W", "_", repr(key))):
        st.graphviz_chart(dataset().cached(("dot", key, lang()), build), width="content",
                          alt=t(alt_key))


def sidebar_filters() -> Filters:
    """The shared filters, kept in the URL so that a link reproduces the view.

    Not `bind="query-params"`: Streamlit 1.67 writes a bound widget's *formatted* label to the
    URL, so translated labels would make links depend on the language (and a language switch
    would drop the sector). Here the URL holds ids (?sector=pumps_valves&year=2024&lang=en)."""
    ds = dataset()
    options = {"lang": list(LANGUAGES), "sector": sector_options(ds), "year": year_options(ds)}
    _seed_from_url(options)
    st.sidebar.title(t("app.title"))
    st.sidebar.segmented_control(
        text("zh", "filters.lang"), options["lang"], required=True, key="lang",
        format_func={"zh": "中文", "en": "English"}.get)
    st.sidebar.selectbox(t("filters.sector"), options["sector"], key="sector",
                         format_func={s: sector_label(s) for s in options["sector"]}.get)
    st.sidebar.selectbox(t("filters.year"), options["year"], key="year")
    st.sidebar.caption(t("filters.share"))
    _write_url({key: values[0] for key, values in options.items() if values})
    return current()


def _seed_from_url(options: dict[str, list]) -> None:
    """Once per session, take each filter from the link when it names exactly one valid option;
    anything else in the link (unknown, malformed, repeated) is ignored."""
    if st.session_state.get("_seeded_from_url"):
        return
    st.session_state["_seeded_from_url"] = True
    for key, values in options.items():
        given = st.query_params.get_all(key)
        by_text = {str(v): v for v in values}
        if len(given) == 1 and given[0] in by_text:
            st.session_state[key] = by_text[given[0]]
        elif values:
            st.session_state[key] = values[0]


def _write_url(defaults: dict) -> None:
    """Defaults stay out of the link, as Streamlit does for bound widgets."""
    for key, default in defaults.items():
        value = st.session_state.get(key)
        if value is None or value == default:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def show_problems(problems: list[data.Problem], *, stale: bool = False) -> None:
    """The validator's messages; `stale`: the last valid data is still being shown."""
    if stale:
        first = problems[0]
        st.warning(t("data.stale", file=plain(first.file), problem=plain(str(first)),
                     count=len(problems)))
        with st.expander(t("data.problems")):
            _problem_table(problems)
    else:
        st.error(t("data.invalid"))
        _problem_table(problems)


def _problem_table(problems: list[data.Problem]) -> None:
    frame = pd.DataFrame([vars(p) for p in problems]).astype({"line": "Int64"})
    frame = frame.rename(columns={"file": t("col.file"), "line": t("col.line"),
                                  "column": t("col.column"), "value": t("col.value"),
                                  "expected": t("col.expected")})
    st.dataframe(frame, hide_index=True, width="stretch")


# Milestone cards shown before the rest go into a table (as with MAX_TILES).
MAX_CARDS = 12


def milestones(entities: pd.DataFrame) -> tuple[list[str], pa.Table]:
    """Dated items in date order, each as one escaped Markdown card: date, name, and where a
    date comes from outside the article, its source. Beyond MAX_CARDS, a table of the rest."""
    frame = entities[entities["period_id"].notna()].sort_values(["date", "period_id"], na_position="last")
    cards = []
    for date, period, name, source in zip(frame["date"], frame["period_id"],
                                          label(frame, "name"), frame["date_source"]):
        when = date.strftime("%Y-%m-%d") if pd.notna(date) else period_label(period)
        card = f":gray[{plain(when)}]  \n{plain(name)}"
        if pd.notna(source):
            card += f"  \n:gray[{t('overview.external_date', source=plain(source))}]"
        cards.append(card)
    return cards[:MAX_CARDS], arrow(entity_table(frame.iloc[MAX_CARDS:]))


def progress_frame(figures: pd.DataFrame) -> pd.DataFrame | None:
    """The young-talent count against its derived target, when both are in view."""
    rows = figures.set_index("indicator_id")
    if not {"young_talent_new", "young_talent_target"} <= set(rows.index):
        return None
    picked = rows.loc[["young_talent_new", "young_talent_target"]]
    return pd.DataFrame({
        "label": [t("progress.actual"), t("progress.target")],
        "value": picked["value"].astype(float).to_numpy(),
        "shown": [figure(r, lang()) for _, r in picked.iterrows()],
        "role": ["actual", "target"],
    })


CHAIN_MEMBER_TYPES = ("park", "project", "platform", "institute", "enterprise", "initiative",
                      "incubator", "policy")


def chain_inputs(ds: data.Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 3+3 industries with their targets, and the entities the article ties to each."""
    sectors = ds.sectors[ds.sectors["group"] != "theme"].sort_values("sort_order")
    industries = pd.DataFrame({
        "sector_id": sectors["sector_id"], "group": sectors["group"],
        "label": label(sectors, "label"),
        "target": label(sectors, "transformation_target").fillna(""),
    }).reset_index(drop=True)
    members = ds.sector_links.merge(ds.entities, left_on="subject_id", right_on="entity_id")
    members = members[members["entity_type"].isin(CHAIN_MEMBER_TYPES)]
    return industries, pd.DataFrame({"entity_id": members["entity_id"],
                                     "label": label(members, "name"),
                                     "sector_id": members["sector_id"]})


def progress(figures: pd.DataFrame, f: Filters) -> pd.DataFrame | None:
    return cached(("progress", f), lambda: progress_frame(figures))


def progress_chart(figures: pd.DataFrame, f: Filters) -> None:
    """The young-talent count against its derived target, when both are in view; otherwise
    the no-data notice."""
    rows = progress(figures, f)
    if rows is None:
        no_data(f)
        return
    altair(("progress", f), lambda: charts.progress_chart(
        rows, title=t("progress.title"), source=t("source.line"),
        value_title=t("unit.people")), "progress.alt")


def bar_frame(figures: pd.DataFrame, group: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows for charts.bar_chart: the indicator's label, value and the value as the tile reads."""
    frame = pd.DataFrame({
        "label": label(figures, "label").to_numpy(),
        "value": figures["value"].astype(float).to_numpy(),
        "shown": [figure(r, lang()) for _, r in figures.iterrows()],
    })
    if group:
        frame["group"] = figures["measure"].map(group).to_numpy()
    return frame


def status_frame(projects: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "name": label(projects, "name").to_numpy(),
        "status": projects["status"].to_numpy(),
        "status_label": [t(f"status.{s}") for s in projects["status"]],
        "status_printed": projects["status_zh"].to_numpy(),
    })


def pyramid_frame(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per tier, listing the groups the dashboard assigns to it with their counts."""
    rows = []
    for level, tier in enumerate(["top", "middle", "base"]):
        members = figures[figures["talent_tier"] == tier]
        lines = [f"{r[f'short_label_{lang()}'] or r[f'label_{lang()}']} {figure(r, lang())}"
                 for _, r in members.iterrows()]
        rows.append({"tier": tier, "tier_label": t(f"tier.{tier}"), "level": level,
                     "text": "\n".join(lines), "tooltip": " · ".join(lines)})
    return pd.DataFrame(rows)


def names(frame: pd.DataFrame, ids: pd.Series) -> pd.Series:
    """Entity names, in the current language, for a column of entity ids."""
    return ids.map(dict(zip(frame["entity_id"], label(frame, "name"))))


def entity_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.name"): label(frame, "name"),
        t("col.type"): [t(f"entity.{e}") for e in frame["entity_type"]],
        t("col.status"): [t(f"status.{s}") if pd.notna(s) else "" for s in frame["status"]],
        t("col.period"): [period_label(p) for p in frame["period_id"]],
        t("col.quote"): frame["source_quote"],
    })


def honour_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.recipient"): label(frame, "name"),
        t("col.honour"): label(frame, "honour"),
        t("col.level"): [t(f"level.{v}") for v in frame["level"]],
        t("col.period"): [period_label(p) for p in frame["period_id"]],
        t("col.quote"): frame["source_quote"],
    })


def enterprise_honours(honours: pd.DataFrame) -> pd.DataFrame:
    enterprises = dataset().entities.query("entity_type == 'enterprise'")["entity_id"]
    return honours[honours["recipient_id"].isin(enterprises)]


def relation_table(ds: data.Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.partner"): names(ds.entities, frame["from_id"]) + " → " + names(ds.entities, frame["to_id"]),
        t("col.kind"): [t(f"relation.{k}") for k in frame["kind"]],
        t("col.description"): label(frame, "description"),
        t("col.date"): [d.strftime("%Y-%m-%d") if pd.notna(d) else period_label(p)
                        for d, p in zip(frame["date"], frame["period_id"])],
        t("col.quote"): frame["source_quote"],
    })


def cached(key: tuple, build):
    """build() once per dataset and language for this key (which holds the filters it uses)."""
    return dataset().cached(("view", key, lang()), build)


def table(key: tuple, build, f: Filters) -> None:
    """A read-only table built once per dataset, language and key; or the no-data notice."""
    show_table(cached(key, lambda: arrow(build())), f)


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A frame as the Arrow table Streamlit sends: converted once, not on every rerun."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def show_table(table: pa.Table, f: Filters | None = None) -> None:
    """A read-only table; with filters, an empty one says so and suggests a broader view."""
    if table.num_rows == 0 and f is not None:
        no_data(f)
    else:
        st.dataframe(table, hide_index=True, width="stretch")


def highlighted_markdown(pieces: list[tuple[str, bool]]) -> str:
    """A paragraph with its quoted stretches highlighted; the text itself is escaped."""
    return "".join(f":orange-background[{plain(text)}]" if marked else plain(text)
                   for text, marked in pieces)


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.indicator"): label(figures, "label"),
        t("col.value"): [figure(r, lang()) for _, r in figures.iterrows()],
        t("col.period"): [period_label(p) for p in figures["period_id"]],
        t("col.derivation"): [t(f"derivation.{d}") for d in figures["derivation"]],
        t("col.quote"): [q if pd.notna(q) else f for q, f in zip(figures["source_quote"], figures["formula"])],
    })


def codebook_sections() -> dict[str, str]:
    """The codebook split at its '### `name.csv`' headings: table name -> section.

    The one beside the code when there is one (a checkout), else the data folder's (an
    installed bundle). It is rendered as Markdown, so images are removed: they would make the
    browser fetch them. Raw HTML is escaped by Streamlit."""
    shipped = data.DEFAULT_DATA_DIR / "README.md"
    path = shipped if shipped.is_file() else data.data_dir() / "README.md"
    if not path.is_file():
        return {}
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", path.read_text(encoding="utf-8"))
    sections = re.split(r"^### `([a-z_]+)\.csv`\s*$", text, flags=re.M)
    return dict(zip(sections[1::2], sections[2::2]))


# --- maps --------------------------------------------------------------------------------------


def geo_data() -> data.GeoData:
    """The map's files, checked against the data this run shows (DataError if invalid)."""
    return data.load_geo(dataset=dataset())


def _map_labels() -> dict:
    keys = ("kind", "identity", "entities", "precision", "source")
    return {"name_column": f"name_{lang()}", "identity_column": f"identity_{lang()}",
            **{k: t(f"field.{k}") for k in keys},
            "kinds": {k: t(f"kind.{k}") for k in sorted(data.PLACE_KINDS)},
            "precisions": {p: t(f"precision.{p}") for p in sorted(data.PRECISIONS)}}


def _industry_colours() -> dict[str, str]:
    industries = dataset().sectors
    industries = industries[industries["group"] != "theme"].sort_values("sort_order")
    return charts.sector_colours(list(industries["sector_id"]))


def deck(key: tuple, build):
    """The pydeck Deck `build()` makes, once per dataset, filters and language, serialised once:
    Streamlit calls deck.to_json() on every rerun, ~300 ms for Wenzhou's boundaries."""
    def make():
        made = build()
        # Compact: pydeck indents its JSON, which makes every map message five times larger.
        text = json.dumps(json.loads(made.to_json()), separators=(",", ":"), ensure_ascii=False)
        made.to_json = lambda: text
        return made

    from dashboard.geo import basemap_style

    # The geo files have their own cache: a rebuilt map is a new object, hence a new key.
    return dataset().cached(("deck", key, lang(), basemap_style(), id(geo_data())), make)


def county_map(f: Filters):
    return deck(("counties", f), lambda: _county_map(f))


def _county_map(f: Filters):
    from dashboard import geo

    maps = geo_data()
    colours = {**MAP_COLOURS,
               "sectors": {s: charts.hex_to_rgb(c) for s, c in _industry_colours().items()}}
    focus = f.sector if f.sector in _industry_colours() else None
    return geo.county_deck(maps.counties, maps.places, maps.town_industries,
                           labels=_map_labels(), highlight_sector=focus, colors=colours,
                           map_style=geo.basemap_style())


# The map's own marks, from the same palette as the charts; the 3+3 industries take its first six.
MAP_COLOURS = {"yongjia": [*charts.hex_to_rgb(charts.PALETTE[6]), 120],
               "county": [*charts.hex_to_rgb(charts.MUTED), 90],
               "town": charts.hex_to_rgb("#777777"), "entity": charts.hex_to_rgb(charts.PALETTE[7])}


def county_legend() -> pd.DataFrame:
    """Legend rows: the industries that colour a town, then the other marks."""
    used = set(geo_data().town_industries["sector_id"])
    rows = [(sector_label(s), c, "circle") for s, c in _industry_colours().items() if s in used]
    rows += [(t(f"map.legend.{mark}"), "#%02x%02x%02x" % tuple(MAP_COLOURS[mark][:3]), shape)
             for mark, shape in (("town", "circle"), ("entity", "ring"), ("yongjia", "circle"),
                                 ("county", "circle"))]
    return pd.DataFrame(rows, columns=["label", "colour", "shape"])


def county_legend_image() -> tuple[str, str]:
    """The county map's legend as an SVG image, and the same as text (the image's alt)."""
    return cached(("legend",), lambda: _legend_image(county_legend()))


def _legend_image(rows: pd.DataFrame) -> tuple[str, str]:
    return (charts.legend_svg(rows, title=t("map.legend")),
            f"{t('map.legend')}: " + " · ".join(rows["label"]))


def map_links(relations: pd.DataFrame) -> pd.DataFrame:
    from dashboard import geo

    links = geo.relation_links(relations, geo_data().places,
                               labels=pd.Series([t(f"relation.{k}") for k in relations["kind"]]))
    return links.assign(from_id=relations["from_id"].to_numpy(), to_id=relations["to_id"].to_numpy())


def links_map(f: Filters, links: pd.DataFrame):
    return deck(("links", f), lambda: _links_map(links))


def _link_colours(links: pd.DataFrame) -> dict[str, str]:
    return dict(zip(sorted(set(links["kind"])), charts.PALETTE))


def _links_map(links: pd.DataFrame):
    from dashboard import geo

    colours = {"links": {k: charts.hex_to_rgb(c) for k, c in _link_colours(links).items()}}
    return geo.links_deck(geo_data().places, links, labels=_map_labels(), colors=colours,
                          map_style=geo.basemap_style())


def links_legend_image(f: Filters, links: pd.DataFrame) -> tuple[str, str]:
    """The links map's legend (a line per kind of link) as an SVG image, and as text."""
    def make():
        drawn = set(links.loc[links["drawn"], "kind"])
        rows = pd.DataFrame([(t(f"relation.{kind}"), colour, "line")
                             for kind, colour in _link_colours(links).items() if kind in drawn],
                            columns=["label", "colour", "shape"])
        return _legend_image(rows)
    return cached(("links legend", f), make)


def link_table(links: pd.DataFrame) -> pd.DataFrame:
    entities = dataset().entities
    return pd.DataFrame({
        t("col.partner"): names(entities, links["from_id"]) + " → " + names(entities, links["to_id"]),
        t("col.kind"): links["label"],
        t("col.on_map"): ["✓" if drawn else t("map.links.unplaced") for drawn in links["drawn"]],
    })


def place_table(places: pd.DataFrame, *, placed: bool = True) -> pd.DataFrame:
    """Places with their coordinates and sources; unplaced ones (`placed=False`) have neither,
    so those columns are left out rather than shown empty."""
    table = pd.DataFrame({
        t("col.name"): places[f"name_{lang()}"],
        t("col.type"): [t(f"kind.{k}") if k else "" for k in places["kind"]],
        t("col.precision"): [t(f"precision.{p}") for p in places["precision"]],
        "lat": places["lat"], "lon": places["lon"],
        t("col.source"): places["source"], t("col.licence"): places["licence"],
        t("col.note"): places["note"],
    })
    return table if placed else table.drop(columns=["lat", "lon", t("col.licence")])
