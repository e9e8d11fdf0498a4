"""What the industry page shows (views/industry.py lays it out)."""

from dashboard import charts, labels, select, tables
from dashboard.data import per_dataset
from dashboard.i18n import Translator
from dashboard.models.registry import prebuilt


def chain_focus(ds, f):
    """The industry the chain diagram highlights: the chosen one, when it is one of the 3+3."""
    return f.sector if select.sector_group(ds, f.sector) in ("traditional", "emerging") else None


@prebuilt(lambda v: [(v.ds, chain_focus(v.ds, v.f), v.f.lang)])
@per_dataset
def chain(ds, focus, lang):
    """[(group, DOT, alt text)] for each group the diagram shows."""
    tr = Translator(lang)
    dots = charts.chain_dots(*tables.chain_inputs(ds, tr), focus=focus, titles={
        g: tr(f"industry.chain.{g}") for g in charts.CHAIN_GROUPS})
    industry = labels.sector_label(ds, focus, tr) if focus else ""
    return [(group, dot, tr(f"industry.chain.alt.focus.{group}", industry=industry) if focus
             else tr(f"industry.chain.alt.{group}")) for group, dot in dots.items()]


@prebuilt(lambda v: [(v.ds, v.f.lang)])
@per_dataset
def chain_source(ds, lang):
    return tables.source_line(ds, [select.industries(ds), ds.sector_links], Translator(lang))


def unit_charts(ds, rows, tr, title, group=None):
    """(a bar chart per unit, the figures of other units as a table): tables.unit_groups."""
    charted, rest = tables.unit_groups(rows, tr)
    specs = [charts.vega_spec(charts.bar_chart(
        tables.bar_frame(part, tr, group), source=tables.source_line(ds, part, tr),
        title=tables.with_unit(title, unit, tr),
        value_title=tr("col.value")))
        for unit, part in charted]
    return specs, tables.arrow(tables.figures_table(rest, ds, tr))


@prebuilt()
@per_dataset
def echelon(ds, f):
    """The enterprise figures, new in the year and in all told apart by colour."""
    tr = Translator(f.lang)
    rows = select.figures(ds, f, themes=("enterprises",), measures=("flow", "stock"))
    group = {"flow": tr("echelon.flow"), "stock": tr("echelon.stock")}
    return unit_charts(ds, rows, tr, tr("industry.echelon.title"), group)


@prebuilt()
@per_dataset
def digital(ds, f):
    tr = Translator(f.lang)
    rows = select.figures(ds, f, themes=("digitalisation",))
    return unit_charts(ds, rows, tr, tr("industry.digital.title"))


@prebuilt()
@per_dataset
def projects(ds, f):
    tr = Translator(f.lang)
    rows = select.entities(ds, f).query("status.notna()")
    return None if rows.empty else charts.vega_spec(charts.status_chart(
        tables.status_frame(rows, tr), title=tr("industry.projects.title"),
        source=tables.source_line(ds, rows, tr),
        status_labels={s: tr(f"status.{s}") for s in charts.STATUS_ORDER}))


@prebuilt()
@per_dataset
def honours(ds, f):
    return tables.arrow(tables.honour_table(select.enterprise_honours(ds, f), ds, Translator(f.lang)))


@prebuilt()
@per_dataset
def members(ds, f):
    rows = select.entities(ds, f, types=tables.CHAIN_MEMBER_TYPES)
    return tables.arrow(tables.entity_table(rows, ds, Translator(f.lang)))

