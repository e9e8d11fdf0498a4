import streamlit as st

from dashboard import charts, context, select, tables, widgets
from dashboard.data import per_dataset
from dashboard.escape import plain
from dashboard.i18n import Translator


def chain_focus(ds, f):
    """The industry the chain diagram highlights: the chosen one, when it is one of the 3+3."""
    return f.sector if select.sector_group(ds, f.sector) in ("traditional", "emerging") else None


@per_dataset
def chain(ds, focus, lang):
    """[(group, DOT, alt text)] for each group the diagram shows."""
    tr = Translator(lang)
    dots = charts.chain_dots(*tables.chain_inputs(ds, tr), focus=focus, titles={
        g: tr(f"industry.chain.{g}") for g in charts.CHAIN_GROUPS})
    industry = tables.sector_label(ds, focus, tr) if focus else ""
    return [(group, dot, tr(f"industry.chain.alt.focus.{group}", industry=industry) if focus
             else tr(f"industry.chain.alt.{group}")) for group, dot in dots.items()]


@per_dataset
def chain_source(ds, lang):
    return tables.source_line(ds, [select.industries(ds), ds.sector_links], Translator(lang))


def unit_charts(ds, rows, tr, title, group=None):
    """(a bar chart per unit, the figures of other units as a table): tables.unit_groups."""
    charted, rest = tables.unit_groups(rows, tr)
    specs = [charts.vega_spec(charts.bar_chart(
        tables.bar_frame(part, tr, group), source=tables.source_line(ds, part, tr),
        title=tr("chart.title.unit", title=title, unit=unit) if unit else title,
        value_title=tr("col.value")))
        for unit, part in charted]
    return specs, tables.arrow(tables.figures_table(rest, ds, tr))


@per_dataset
def echelon(ds, f):
    """The enterprise figures, new in the year and in all told apart by colour."""
    tr = Translator(f.lang)
    rows = select.figures(ds, f, themes=("enterprises",), measures=("flow", "stock"))
    group = {"flow": tr("echelon.flow"), "stock": tr("echelon.stock")}
    return unit_charts(ds, rows, tr, tr("industry.echelon.title"), group)


@per_dataset
def digital(ds, f):
    tr = Translator(f.lang)
    rows = select.figures(ds, f, themes=("digitalisation",))
    return unit_charts(ds, rows, tr, tr("industry.digital.title"))


@per_dataset
def projects(ds, f):
    tr = Translator(f.lang)
    rows = select.entities(ds, f).query("status.notna()")
    return None if rows.empty else charts.vega_spec(charts.status_chart(
        tables.status_frame(rows, tr), title=tr("industry.projects.title"),
        source=tables.source_line(ds, rows, tr),
        status_labels={s: tr(f"status.{s}") for s in charts.STATUS_ORDER}))


@per_dataset
def honours(ds, f):
    return tables.arrow(tables.honour_table(select.enterprise_honours(ds, f), ds, Translator(f.lang)))


@per_dataset
def members(ds, f):
    rows = select.entities(ds, f, types=tables.CHAIN_MEMBER_TYPES)
    return tables.arrow(tables.entity_table(rows, ds, Translator(f.lang)))


ds, f, tr = context.page_context()
empty = tables.no_data_message(ds, f, tr)
st.title(tr("industry.title"))
st.caption(tr("industry.intro"))

st.subheader(tr("industry.chain"))
focus = chain_focus(ds, f)
diagrams = chain(ds, focus, f.lang)
# Side by side on a laptop; Streamlit stacks columns on a phone, where each fits the width.
for column, (group, dot, alt) in zip(st.columns(len(diagrams)), diagrams):
    with column:
        widgets.graphviz(dot, key=f"chain {group} {focus} {f.lang}", alt=alt)
st.caption(tr("industry.chain.shared") + "  \n" + plain(chain_source(ds, f.lang)))

left, right = st.columns(2)
with left:
    st.subheader(tr("industry.echelon"))
    widgets.unit_charts(echelon(ds, f), alt=tr("industry.echelon.alt"), empty=empty,
                        other=tr("chart.other_units"))
with right:
    st.subheader(tr("industry.digital"))
    widgets.unit_charts(digital(ds, f), alt=tr("industry.digital.alt"), empty=empty,
                        other=tr("chart.other_units"))

st.subheader(tr("industry.projects"))
widgets.chart(projects(ds, f), alt=tr("industry.projects.alt"), empty=empty)

st.subheader(tr("industry.honours"))
widgets.table(honours(ds, f), empty=empty)

st.subheader(tr("industry.entities"))
widgets.table(members(ds, f), empty=empty)
