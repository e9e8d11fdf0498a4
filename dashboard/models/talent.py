"""What the talent page shows (views/talent.py lays it out)."""

from dashboard import charts, select, tables
from dashboard.data import per_dataset
from dashboard.i18n import Translator
from dashboard.models.registry import prebuilt


@prebuilt()
@per_dataset
def talent_tiles(ds, f):
    rows = select.figures(ds, f, themes=("talent",), measures=select.REPORTED)
    return tables.tiles_of_year(rows, f.year, ds, Translator(f.lang))


@prebuilt()
@per_dataset
def pyramid(ds, f):
    """The year's tiered figures, and beside them those without a year, marked (tables.pyramid_frame);
    a year with none of its own has no pyramid: undated ones alone are no picture of that year."""
    tr = Translator(f.lang)
    rows = select.figures(ds, f).query("talent_tier.notna()")
    return None if select.of_year(rows, f.year).empty else charts.vega_spec(charts.pyramid_chart(
        tables.pyramid_frame(rows, tr), title=tr("talent.pyramid.title"),
        source=tables.source_line(ds, rows, tr)))


@prebuilt()
@per_dataset
def progress(ds, f):
    tr = Translator(f.lang)
    rows = select.progress_figures(ds, f)
    return None if rows is None else charts.vega_spec(charts.progress_chart(
        tables.progress_frame(rows, tr), title=tr("progress.title"),
        source=tables.source_line(ds, rows, tr),
        value_title=tr("unit.people")))


@prebuilt()
@per_dataset
def partners(ds, f):
    return tables.arrow(tables.relation_table(select.relations(ds, f), ds, Translator(f.lang)))


@prebuilt()
@per_dataset
def events(ds, f):
    rows = select.entities(ds, f, types=("event", "agreement")).query("theme_id in ['talent', 'incubation']")
    return tables.arrow(tables.entity_table(rows, ds, Translator(f.lang)))

