"""Pure chart builders: frames in, Altair charts or DOT text out. No Streamlit here."""

from __future__ import annotations

import html
import re

import altair as alt
import pandas as pd

from dashboard.formatting import display_width
from dashboard.schema import STATUSES
from dashboard.tables import arrow

# Okabe–Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MUTED = "#BBBBBB"
# System fonts only, Chinese first: nothing is downloaded.
FONT = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
        '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')


def hex_to_rgb(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]


def rgb_to_hex(rgb: list[int]) -> str:
    """'#rrggbb' of an [r, g, b] or [r, g, b, a] colour (the alpha is dropped)."""
    return "#" + "".join(f"{c:02x}" for c in rgb[:3])


def sector_colours(sector_ids: list[str]) -> dict[str, str]:
    """The 3+3 industries in their sort order get the palette in order, on every page."""
    return dict(zip(sector_ids, PALETTE))


STATUS_ORDER = list(STATUSES)  # a project's stages in order, as the schema lists them


def vega_spec(chart: alt.Chart) -> tuple[dict, int]:
    """(the Vega-Lite spec Streamlit sends, the chart's full height). Built once per view: an
    Altair chart costs tens of ms to build and validate, and a rerun changes nothing. The spec
    goes out unvalidated; every builder's spec is validated by the tests instead."""
    vega = chart.to_dict(validate=False)
    # As Arrow tables, which Streamlit sends as they are; records it would convert every rerun.
    vega["datasets"] = {name: arrow(pd.DataFrame(rows)) for name, rows in vega.get("datasets", {}).items()}
    # Streamlit sizes a layered chart to its content and ignores the spec's height.
    return vega, chart.height + chart.usermeta["chrome_px"]


def _frame(chart: alt.Chart, title: str, source: str, legend_rows: int = 0) -> alt.Chart:
    """Title, a source line and our fonts on every chart. `usermeta.chrome_px` is the height
    around the plot (titles, axis, legend), which the page adds to the plot's height."""
    # Wrapped, so a title stays whole on a 390 px phone.
    title_lines, source_lines = _wrap(title, 21), _wrap(source, 30)
    chrome = 60 + 20 * len(title_lines) + 15 * len(source_lines) + 22 * legend_rows
    return (chart.properties(title=alt.TitleParams(title_lines, subtitle=source_lines,
                                                   anchor="start",
                                                   subtitleFontSize=11, subtitleColor="#555"),
                             width="container", usermeta={"chrome_px": chrome})
            .configure(font=FONT)
            .configure_axis(labelFont=FONT, titleFont=FONT, labelLimit=150)
            .configure_legend(labelFont=FONT, titleFont=FONT, orient="bottom", columns=1)
            .configure_view(stroke=None))


def bar_chart(frame: pd.DataFrame, *, title: str, source: str, value_title: str,
              group_title: str | None = None) -> alt.Chart:
    """Horizontal bars with their value printed: columns label, value, shown, [group]."""
    colour = (alt.Color("group:N", title=group_title, scale=alt.Scale(range=PALETTE))
              if "group" in frame else alt.value(PALETTE[0]))
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=None, title=None),
        x=alt.X("value:Q", title=value_title),
        tooltip=[alt.Tooltip("label:N", title=group_title or value_title),
                 alt.Tooltip("shown:N", title=value_title)],
    )
    bars = base.mark_bar().encode(color=colour)
    labels = base.mark_text(align="left", dx=4, color="#222").encode(text="shown:N")
    legend_rows = frame["group"].nunique() if "group" in frame else 0
    return _frame(bars + labels, title, source, legend_rows).properties(
        height=max(120, 34 * len(frame)))


def progress_chart(frame: pd.DataFrame, *, title: str, source: str, value_title: str) -> alt.Chart:
    """Actual against target: columns label, value, shown, role ('actual' | 'target')."""
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=None, title=None),
        x=alt.X("value:Q", title=value_title),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("shown:N", title=value_title)],
    )
    bars = base.mark_bar(height=26).encode(
        color=alt.Color("role:N", legend=None,
                        scale=alt.Scale(domain=["actual", "target"], range=[PALETTE[2], MUTED])))
    labels = base.mark_text(align="left", dx=4, color="#222").encode(text="shown:N")
    return _frame(bars + labels, title, source).properties(height=110)


def status_chart(frame: pd.DataFrame, *, title: str, source: str,
                 status_labels: dict[str, str]) -> alt.Chart:
    """Each project on a track from planned to operating, its stage named beside its dot:
    columns name, status, status_label, status_printed."""
    stages = [status_labels[s] for s in STATUS_ORDER]
    data = frame.assign(step=frame["status"].map(STATUS_ORDER.index), start=0)
    x = alt.Scale(domain=[0, len(STATUS_ORDER) + 2], nice=False)  # room for the stage's name
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=None, title=None),
        tooltip=[alt.Tooltip("name:N"), alt.Tooltip("status_label:N"),
                 alt.Tooltip("status_printed:N")])
    track = base.mark_rule(color=MUTED, strokeWidth=3).encode(
        x=alt.X("start:Q", scale=x, axis=None), x2="step:Q")
    dots = base.mark_circle(size=160, opacity=1).encode(
        x=alt.X("step:Q", scale=x, axis=None),
        color=alt.Color("status_label:N", legend=None, scale=alt.Scale(domain=stages, range=PALETTE)))
    names = base.mark_text(align="left", dx=9, fontSize=11, color="#333").encode(
        x=alt.X("step:Q", scale=x, axis=None), text="status_label:N")
    return _frame(track + dots + names, title, source).properties(height=max(120, 34 * len(frame)))


def pyramid_chart(frame: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Three stacked tiers, widest at the base: columns tier, tier_label, level (0 top), text."""
    half_width = 1.8 + 0.6 * frame["level"]  # wide enough at the top for its text
    tiers = frame.assign(right=half_width, left=-half_width, centre=0.0)
    x_scale = alt.Scale(domain=[-3.05, 3.05])
    y = alt.Y("tier_label:N", sort=alt.SortField("level"), title=None,
              axis=alt.Axis(labelFontSize=14, labelFontWeight="bold", ticks=False, domain=False))
    base = alt.Chart(tiers).encode(y=y)
    body = base.mark_bar(height={"band": 0.94}).encode(
        x=alt.X("left:Q", axis=None, scale=x_scale), x2="right:Q",
        color=alt.Color("tier:N", legend=None,
                        scale=alt.Scale(domain=["top", "middle", "base"],
                                        range=[PALETTE[1], PALETTE[0], PALETTE[2]])),
        tooltip=[alt.Tooltip("tier_label:N"), alt.Tooltip("tooltip:N")])
    text = base.mark_text(fontSize=13, lineBreak="\n", lineHeight=18, fontWeight="bold").encode(
        x=alt.X("centre:Q", scale=x_scale, axis=None), text="text:N",
        color=alt.condition("datum.tier == 'top'", alt.value("#222222"), alt.value("#FFFFFF")))
    return _frame(body + text, title, source).properties(height=380)


# --- Graphviz ----------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def dot_escape(text: str) -> str:
    """Safe inside a double-quoted DOT string: no way out of the quotes, no record syntax."""
    text = _CONTROL.sub(" ", str(text)).replace("\\", "\\\\").replace('"', '\\"')
    return re.sub(r"([{}<>|])", r"\\\1", text)


def _wrap(text: str, ems: float = 13) -> list[str]:
    """Break text into lines of at most `ems`: between CJK characters, or at spaces otherwise."""
    tokens = re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\S\s*", text)
    lines, line = [], ""
    for token in tokens:
        if line and display_width((line + token).rstrip()) > ems:
            lines.append(line.rstrip())
            line = ""
        line += token
    return lines + [line.rstrip()]


def _node(name: str, label: str, attributes: str, font_size: int = 11) -> str:
    """A node sized for its label: Graphviz under-measures CJK text, so give it the width."""
    lines = _wrap(label)
    width = (max(map(display_width, lines)) * font_size + 20) / 72
    text = r"\n".join(dot_escape(line) for line in lines)
    return f'{name} [label="{text}", width={width:.2f}, {attributes}];'


def chain_dot(industries: pd.DataFrame, members: pd.DataFrame, *, focus: str | None,
              group_titles: dict[str, str]) -> str:
    """The 3+3 system as a left-to-right chain.

    industries: sector_id, group, label, target (traditional only, else '').
    members: entity_id, label, sector_id; one row per link, so an entity may feed several.
    focus: a sector_id to highlight; the rest is greyed.
    """
    lines = ["digraph chain {", "rankdir=LR; nodesep=0.2; ranksep=0.45;",
             # One generic family: the browser then picks the system's CJK font.
             'node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11, '
             'fillcolor="#FFFFFF", color="#777777"];', 'edge [color="#999999"];',
             'graph [fontname="sans-serif", fontsize=12];']
    colours = sector_colours(list(industries["sector_id"]))

    def style(sectors: set[str]) -> str:
        dim = bool(focus) and focus not in sectors
        colour = MUTED if dim else colours.get(sorted(sectors)[0], "#777777")
        return (f'color="{colour}", fontcolor="{MUTED if dim else "#111111"}", '
                f'penwidth={1 if dim else 2}')

    for n, group in enumerate(["traditional", "emerging"]):
        lines.append(f'subgraph cluster_{n} {{ label="{dot_escape(group_titles[group])}"; '
                     'style="rounded"; color="#CCCCCC";')
        for i, row in industries[industries["group"] == group].iterrows():
            lines.append(_node(f"s{i}", row["label"],
                               f'{style({row["sector_id"]})}, fillcolor="#F3F3F3"', 12))
        lines.append("}")
    node_of = {sector: f"s{i}" for i, sector in industries["sector_id"].items()}
    for i, row in industries[industries["target"] != ""].iterrows():
        lines.append(_node(f"t{i}", row["target"], f'{style({row["sector_id"]})}, shape=cds'))
        lines.append(f"s{i} -> t{i};")
    for n, (_, links) in enumerate(members.groupby("entity_id", sort=False)):
        sectors = set(links["sector_id"])
        lines.append(_node(f"m{n}", links["label"].iloc[0], style(sectors)))
        lines += [f"{node_of[s]} -> m{n};" for s in links["sector_id"] if s in node_of]
    lines.append("}")
    return "\n".join(lines)


def legend_svg(frame: pd.DataFrame, *, title: str) -> str:
    """A legend on its own, for maps, as a small SVG image: columns label, colour (hex), shape
    ('circle' | 'ring' | 'line'). An image, not a chart: a Vega chart here cost the map page
    ~0.4 s of first load (the chart library) for seven dots. Text is XML-escaped; an <img> runs
    nothing."""
    size, row, top = 13, 24, 30
    lines = [(_xml(label), _colour(colour), shape)
             for label, colour, shape in zip(frame["label"], frame["colour"], frame["shape"])]
    width = round(26 + size * max(map(display_width, [title, *frame["label"]])))
    height = top + row * len(lines)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="{_xml(FONT)}" font-size="{size}" fill="#31333F">',
             f'<text x="0" y="{size + 4}" font-weight="bold">{_xml(title)}</text>']
    for i, (label, colour, shape) in enumerate(lines):
        y = top + row * i + row / 2
        if shape == "line":
            mark = f'<line x1="0" y1="{y}" x2="16" y2="{y}" stroke="{colour}" stroke-width="3"/>'
        else:
            fill = colour if shape == "circle" else "none"
            mark = f'<circle cx="8" cy="{y}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
        parts.append(f'{mark}<text x="24" y="{y + size * 0.35:.1f}">{label}</text>')
    return "".join(parts) + "</svg>"


def _xml(text) -> str:
    return _CONTROL.sub(" ", html.escape(str(text), quote=True))


def _colour(colour: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return colour
