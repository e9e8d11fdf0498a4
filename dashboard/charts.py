"""Pure chart builders: frames in, Altair charts or DOT text out. No Streamlit here."""

from __future__ import annotations

import html
import math
import re

import altair as alt
import pandas as pd
import pyarrow as pa

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
    vega["datasets"] = {name: arrow_stream(rows) for name, rows in vega.get("datasets", {}).items()}
    # Streamlit sizes a layered chart to its content and ignores the spec's height.
    return vega, chart.height + chart.usermeta["chrome_px"]


def arrow_stream(rows: list[dict]) -> bytes:
    """A chart's records as the Arrow IPC stream Streamlit puts on the wire. Bytes it sends as they
    are; records or an Arrow table it serialises on every rerun (0.2 ms a chart, twelve charts on
    the trends page)."""
    table = arrow(pd.DataFrame(rows))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


TITLE_PX, SOURCE_PX = 13, 11  # a chart's title and its source line under it


def _frame(chart: alt.Chart, title: str, source: str, legend_rows: int = 0,
           title_ems: float = 21) -> alt.Chart:
    """Title, a source line and our fonts on every chart. `usermeta.chrome_px` is the height
    around the plot (titles, axis, legend), which the page adds to the plot's height."""
    # Wrapped, so a title stays whole on a 390 px phone, and the source line as wide as the title
    # (in its smaller type): wider, Vega cut it short with "…" beside two others on a laptop.
    title_lines = _wrap(title, title_ems)
    source_lines = _wrap(source, title_ems * TITLE_PX / SOURCE_PX)
    chrome = 60 + 20 * len(title_lines) + 15 * len(source_lines) + 22 * legend_rows
    return (chart.properties(title=alt.TitleParams(title_lines, subtitle=source_lines,
                                                   anchor="start",
                                                   fontSize=TITLE_PX, subtitleFontSize=SOURCE_PX,
                                                   subtitleColor="#555"),
                             width="container", usermeta={"chrome_px": chrome})
            .configure(font=FONT)
            .configure_axis(labelFont=FONT, titleFont=FONT, labelLimit=AXIS_LABEL_PX)
            .configure_legend(labelFont=FONT, titleFont=FONT, orient="bottom", columns=1)
            .configure_view(stroke=None))


AXIS_LABEL_PX = 150  # a category label's line (Vega's labelLimit: past it, "…")
AXIS_LABEL_EMS = 12  # in ems of Streamlit's 12 px axis labels: 144 px of CJK
AXIS_LABEL_LINE_PX = 14
MAX_LABEL_LINES = 4
# A category label over lines: Vega draws a label given as an array of lines one under another.
LABEL_LINES = alt.Axis(labelExpr="split(datum.label, '\\n')", labelLineHeight=AXIS_LABEL_LINE_PX)


def _label_lines(labels: pd.Series) -> tuple[list[str], int]:
    """Each label in lines of AXIS_LABEL_EMS joined by "\n", evenly long (LABEL_LINES splits
    them), at most MAX_LABEL_LINES; and the most lines any has. Cut at the axis's width, a laptop
    read "Firms newly named spec…" and "Firms newly named prov…" and could not tell them apart."""
    wrapped = []
    for label in labels:
        lines = _wrap(" ".join(str(label).split()), AXIS_LABEL_EMS, balanced=True)
        if len(lines) > MAX_LABEL_LINES:
            lines = lines[:MAX_LABEL_LINES - 1] + [" ".join(lines[MAX_LABEL_LINES - 1:])]  # Vega cuts it
        wrapped.append(lines)
    return ["\n".join(lines) for lines in wrapped], max(map(len, wrapped), default=1)


def _row_px(lines: int) -> int:
    """A bar's row: 34 px, or as tall as a label of `lines` lines needs."""
    return max(34, AXIS_LABEL_LINE_PX * lines + 8)


def bar_chart(frame: pd.DataFrame, *, title: str, source: str, value_title: str,
              group_title: str | None = None) -> alt.Chart:
    """Horizontal bars with their value printed: columns label, value, shown, [group]. Text from
    the data goes in `title` and `source`, never in `value_title` or `group_title`: Vega-Lite puts
    a field's title into its tooltip and ARIA expressions unescaped, and a backslash or a line
    break breaks the chart (seen with the hostile corpus)."""
    # Groups coloured in the order they come, not by their names' order: the same group gets the
    # same colour in every language (当年新增 and "New in year" both blue).
    colour = (alt.Color("group:N", title=group_title, sort=None,
                        scale=alt.Scale(domain=list(dict.fromkeys(frame["group"])), range=PALETTE))
              if "group" in frame else alt.value(PALETTE[0]))
    axis_labels, lines = _label_lines(frame["label"])
    frame = frame.assign(axis_label=axis_labels)  # the tooltip keeps the label on one line
    # No axis title: each bar prints its value with its unit, and the chart's title names the
    # unit; the axis said only 数值 / Value.
    base = alt.Chart(frame).encode(
        y=alt.Y("axis_label:N", sort=None, title=None, axis=LABEL_LINES),
        x=alt.X("value:Q", title=None),
        tooltip=[alt.Tooltip("label:N", title=group_title or value_title),
                 alt.Tooltip("shown:N", title=value_title)],
    )
    bars = base.mark_bar().encode(color=colour)
    labels = base.mark_text(align="left", dx=4, color="#222").encode(text="shown:N")
    legend_rows = frame["group"].nunique() if "group" in frame else 0
    return _frame(bars + labels, title, source, legend_rows).properties(
        height=max(120, _row_px(lines) * len(frame)))


BASIS_SHAPES = {"actual": "circle", "estimate": "circle", "target": "diamond"}
BASIS_FILLS = {"actual": PALETTE[0], "estimate": "#FFFFFF", "target": "#FFFFFF"}


def trend_chart(frame: pd.DataFrame, *, title: str, source: str, basis_labels: list[str],
                fields: dict[str, str], long: bool = False, labelled: bool = True) -> alt.Chart:
    """One series on a time axis (the years of the periods' ends): actual figures joined by a
    solid line broken where a period is missing (`segment`), filled points; estimates hollow
    circles, targets hollow diamonds, never joined; a legend when the series has either. From
    zero: counts and amounts read against nothing else. frame: series.series_points.
    basis_labels: BASES' labels in order; fields: tooltip titles for period, shown, basis_label,
    source and quote (our strings, never the data's: see bar_chart). `long`: a view the page's
    width; `labelled`: the values printed over the points."""
    years = pd.to_datetime(frame["date"]).dt.year
    span = int(years.max() - years.min()) + 1
    step = max(1, -(-span // (8 if long else 5)))  # a label every `step` years: 8 at most (a phone)
    x = alt.X("utcyear(date):T", title=None, scale=alt.Scale(type="utc", padding=18, nice=False),
              axis=alt.Axis(format="%Y", labelAngle=0, tickCount={"interval": "year", "step": step},
                            grid=False))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(tickCount=4))
    tooltip = [alt.Tooltip(f"{name}:N", title=fields[name])
               for name in ("period", "shown", "basis_label", "source", "quote")]
    base = alt.Chart(frame).encode(x=x, y=y, tooltip=tooltip)
    line = base.transform_filter("datum.basis == 'actual'").mark_line(color=PALETTE[0]).encode(
        detail="segment:N")
    shown = set(frame["basis"]) != {"actual"}
    # The legend names the bases this series has, each always with its own mark, on one line.
    present = [(b, label) for b, label in zip(BASIS_SHAPES, basis_labels) if b in set(frame["basis"])]
    legend = alt.Legend(title=None, orient="bottom", direction="horizontal",
                        columns=len(present)) if shown else None
    domain = [label for _, label in present]
    points = base.mark_point(size=70, opacity=1, strokeWidth=2, color=PALETTE[0]).encode(
        shape=alt.Shape("basis_label:N", legend=legend,
                        scale=alt.Scale(domain=domain, range=[BASIS_SHAPES[b] for b, _ in present])),
        fill=alt.Fill("basis_label:N", legend=legend,
                      scale=alt.Scale(domain=domain, range=[BASIS_FILLS[b] for b, _ in present])))
    labels = [base.transform_filter(side).mark_text(dy=dy, color="#222").encode(text="shown:N")
              for side, dy in (("datum.label_side == 'above'", -11),
                               ("datum.label_side == 'below'", 15))] if labelled else []
    # One layer call: each `+` copies the layers before it (80 ms a label layer).
    layers = alt.layer(line, points, *labels)
    return _frame(layers, title, source, legend_rows=1 if shown else 0,
                  title_ems=26 if long else 13).properties(height=220 if long else 150)


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
    axis_names, lines = _label_lines(frame["name"])
    data = frame.assign(axis_name=axis_names, step=frame["status"].map(STATUS_ORDER.index), start=0)
    x = alt.Scale(domain=[0, len(STATUS_ORDER) + 2], nice=False)  # room for the stage's name
    base = alt.Chart(data).encode(
        y=alt.Y("axis_name:N", sort=None, title=None, axis=LABEL_LINES),
        tooltip=[alt.Tooltip("name:N"), alt.Tooltip("status_label:N"),
                 alt.Tooltip("status_printed:N")])
    track = base.mark_rule(color=MUTED, strokeWidth=3).encode(
        x=alt.X("start:Q", scale=x, axis=None), x2="step:Q")
    dots = base.mark_circle(size=160, opacity=1).encode(
        x=alt.X("step:Q", scale=x, axis=None),
        color=alt.Color("status_label:N", legend=None, scale=alt.Scale(domain=stages, range=PALETTE)))
    names = base.mark_text(align="left", dx=9, fontSize=11, color="#333").encode(
        x=alt.X("step:Q", scale=x, axis=None), text="status_label:N")
    return _frame(track + dots + names, title, source).properties(
        height=max(120, _row_px(lines) * len(frame)))


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


# Kinsoku (CJK line breaking): closing punctuation never starts a line, opening never ends one.
_CLOSING = set("）」』】〕〉》〗”’、，。；：！？…‰%),.;:!?]}")
_OPENING = set("（「『【〔〈《〖“‘([{")
_CJK = re.compile(r"[\u2e80-\u9fff]")  # a number keeps the character after it: 11月, 2024年, 52家


def _wrap(text: str, ems: float = 13, *, balanced: bool = False) -> list[str]:
    """Break text into lines of at most `ems`: between CJK characters, or at spaces otherwise,
    keeping closing punctuation with the character before it, opening punctuation with the one
    after and a number with the character after it (a unit longer than `ems` gets a line of its
    own). `balanced`: as many lines, but
    of even length, so no word is left alone on the last one."""
    tokens = re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef“”‘’]+\s*|\S\s*", text)
    # Long English compounds may also break after a hyphen: "system-" / "process-equipment".
    tokens = [part for token in tokens for part in re.split(r"(?<=[A-Za-z]{3}-)(?=[A-Za-z])", token)]
    units: list[str] = []
    for token in tokens:
        if units and (token[0] in _CLOSING or units[-1].rstrip()[-1] in _OPENING
                      or (units[-1][-1].isdigit() and _CJK.match(token))):
            units[-1] += token
        else:
            units.append(token)
    lines = _fill(units, ems)
    if balanced and len(lines) > 1:
        narrowest = ems
        while narrowest > 1 and len(_fill(units, narrowest - 0.5)) == len(lines):
            narrowest -= 0.5
        lines = _fill(units, narrowest)
    return lines


def _fill(units: list[str], ems: float) -> list[str]:
    """Greedy: as many units on each line as fit in `ems`."""
    lines, line = [], ""
    for unit in units:
        if line and display_width((line + unit).rstrip()) > ems:
            lines.append(line.rstrip())
            line = ""
        line += unit
    return lines + [line.rstrip()]


CHAIN_FONT_PT = 9.6  # Streamlit draws every Graphviz text at this size (CSS), whatever the DOT says
CHAIN_MEMBER_EMS = 12.5  # a member's lines; with the industry's, the diagram fits a 390 px phone
CHAIN_INDUSTRY_EMS = 6


# Graphviz draws a cds (an arrow-shaped box) 1/√2 as tall as its node, and sizes the node for its
# lines only: three lines ran over a 27 pt arrow (measured in Chromium, the SVG's boxes).
_CDS_TALLER = math.sqrt(2)
_NODE_MARGIN_IN = (0.05, 0.03)  # a chain node's text to its edge: sides, top and bottom
_NODE_MARGIN_PT = _NODE_MARGIN_IN[1] * 72 * 2 + 2  # top and bottom, and a little air


def _node(name: str, label: str, attributes: str, ems: float = 13, width_pt: float = 0,
          arrow: bool = False) -> str:
    """A node sized for its label (at least `width_pt` wide): Graphviz under-measures CJK text,
    so give it the width. `arrow`: a cds, its lines flush left (room on the right for its point)
    and the node tall enough for the arrow to hold them."""
    lines = _wrap(label, ems, balanced=True)
    width = max(_label_pt(label, ems), width_pt) / 72
    end = r"\l" if arrow else r"\n"
    text = end.join(dot_escape(line) for line in lines) + (end if arrow else "")
    if arrow:
        height = (len(lines) * CHAIN_FONT_PT * 1.2 + _NODE_MARGIN_PT) * _CDS_TALLER / 72
        attributes = f"shape=cds, height={height:.2f}, {attributes}"
    return f'{name} [label="{text}", width={width:.2f}, {attributes}];'


def _label_pt(label: str, ems: float) -> float:
    """The width in points of a chain node holding `label`, wrapped at `ems`."""
    return max(map(display_width, _wrap(label, ems, balanced=True))) * CHAIN_FONT_PT + 14


def _tint(colour: str, share: float) -> str:
    """`colour` mixed with white: `share` of the colour."""
    return rgb_to_hex([round(255 - (255 - c) * share) for c in hex_to_rgb(colour)])


_CDS_POINT_PT = 16  # the target's arrow point, which takes room from its text


def chain_dot(industries: pd.DataFrame, members: pd.DataFrame, *, group: str, title: str,
              focus: str | None = None) -> str:
    """One group of the 3+3 system ('traditional' | 'emerging') as a stack of industry clusters:
    each industry, left, with its transformation target and members in a column beside it; the
    industries share one width and the column nodes another, so the clusters line up.

    industries: sector_id, group, label, target ('' when none); all six, in their order, which
    gives the colours. members: entity_id, label, sector_id; one row per link, in display order.
    An entity linked to several industries is drawn once in each of their clusters, dashed: every
    edge stays inside one cluster, so no two edges cross, and each cluster is complete on its own.
    focus: a sector_id of this group; its siblings are collapsed to greyed names.
    """
    colours = sector_colours(list(industries["sector_id"]))
    shared = set(members.loc[members.duplicated("entity_id", keep=False), "entity_id"])
    rows = industries.reset_index(drop=True)
    rows = rows[rows["group"] == group]
    shown = rows[rows["sector_id"] == focus] if focus else rows
    mine = members[members["sector_id"].isin(shown["sector_id"])]
    industry_pt = max(_label_pt(label, CHAIN_INDUSTRY_EMS) for label in rows["label"])
    column_pt = max([_label_pt(t, CHAIN_MEMBER_EMS) + _CDS_POINT_PT for t in shown["target"] if t]
                    + [_label_pt(label, CHAIN_MEMBER_EMS) for label in mine["label"]], default=0)
    font = f'fontname="sans-serif", fontsize={CHAIN_FONT_PT}'
    lines = ["digraph chain {",
             f'graph [rankdir=LR, nodesep=0.07, ranksep=0.17, pad=0.04, {font}, '
             f'label="{dot_escape(title)}", labelloc=t, labeljust=l, fontname="Helvetica-Bold"];',
             # One generic family: the browser then picks the system's CJK font.
             f'node [shape=box, style="rounded,filled", {font}, height=0.26, '
             f'margin="{_NODE_MARGIN_IN[0]},{_NODE_MARGIN_IN[1]}", '
             'fillcolor="#FFFFFF", fontcolor="#111111"];',
             'edge [arrowhead=none, penwidth=1];']
    # Left to right, Graphviz stacks a rank's nodes bottom up: written in reverse, they read down.
    for i, row in rows.iloc[::-1].iterrows():
        colour, collapsed = colours[row["sector_id"]], bool(focus) and focus != row["sector_id"]
        lines.append(f'subgraph cluster_{i} {{ label=""; style="rounded,filled"; penwidth=1; '
                     f'margin=5; color="{MUTED if collapsed else colour}"; '
                     f'fillcolor="{"#FAFAFA" if collapsed else _tint(colour, 0.06)}";')
        if collapsed:
            lines.append(_node(f"i{i}", row["label"], f'color="{MUTED}", fontcolor="#777777", '
                               'fillcolor="#FFFFFF"', CHAIN_INDUSTRY_EMS, industry_pt))
            lines.append("}")
            continue
        lines.append(_node(f"i{i}", row["label"], f'color="{colour}", penwidth=2, '
                           f'fillcolor="{_tint(colour, 0.3)}", fontname="Helvetica-Bold"',
                           CHAIN_INDUSTRY_EMS, industry_pt))
        links = mine[mine["sector_id"] == row["sector_id"]].drop_duplicates("entity_id")
        for k, member in reversed(list(enumerate(links.itertuples()))):
            dashed = ",dashed" if member.entity_id in shared else ""
            lines.append(_node(f"i{i}m{k}", member.label,
                               f'style="rounded,filled{dashed}", color="{colour}"',
                               CHAIN_MEMBER_EMS, column_pt))
            lines.append(f'i{i} -> i{i}m{k} [color="{colour}"];')
        if row["target"]:  # last written, so first in its column
            lines.append(_node(f"i{i}t", row["target"],
                               f'color="{colour}", fillcolor="{_tint(colour, 0.15)}"',
                               CHAIN_MEMBER_EMS, column_pt, arrow=True))
            lines.append(f'i{i} -> i{i}t [color="{colour}", penwidth=1.5, arrowhead=normal, '
                         'arrowsize=0.6];')
        lines.append("}")
    lines.append("}")
    return "\n".join(lines)


CHAIN_GROUPS = ("traditional", "emerging")


def chain_dots(industries: pd.DataFrame, members: pd.DataFrame, *, titles: dict[str, str],
               focus: str | None = None) -> dict[str, str]:
    """The chain diagram as one DOT per group shown (the page sets them side by side, stacked on
    a phone): both groups, or the focus industry's group alone, its siblings collapsed."""
    focus_group = industries.set_index("sector_id")["group"].get(focus) if focus else None
    return {group: chain_dot(industries, members, group=group, title=titles[group],
                             focus=focus if group == focus_group else None)
            for group in CHAIN_GROUPS if focus_group in (None, group)}


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
