"""What the innovation page shows (views/innovation.py lays it out)."""

from dashboard import select, tables
from dashboard.data import per_dataset
from dashboard.i18n import Translator
from dashboard.models.registry import prebuilt

JIANBING = "jianbing_lingyan"  # the 尖兵领雁 programme's honour id


@prebuilt()
@per_dataset
def innovation_tiles(ds, f):
    rows = select.figures(ds, f, themes=("innovation", "incubation", "ecommerce"))
    return tables.tiles_of_year(rows, f.year, ds, Translator(f.lang))


@prebuilt()
@per_dataset
def platforms(ds, f):
    rows = select.entities(ds, f, types=("platform", "incubator", "institute", "initiative", "policy"))
    rows = rows.query("theme_id in ['innovation', 'incubation']")
    return tables.arrow(tables.entity_table(rows, ds, Translator(f.lang)))


@prebuilt()
@per_dataset
def jianbing(ds, f):
    rows = select.honours(ds, f)
    rows = rows[rows["honour_id"] == JIANBING]
    return tables.arrow(tables.honour_table(rows, ds, Translator(f.lang)))


@prebuilt()
@per_dataset
def ecommerce(ds, f):
    rows = select.entities(ds, f).query("theme_id == 'ecommerce'")
    return tables.arrow(tables.entity_table(rows, ds, Translator(f.lang)))


@prebuilt()
@per_dataset
def awards(ds, f):
    rows = select.honours(ds, f)
    rows = rows[rows["theme_id"].isin(("ecommerce", "innovation", "overall", "digitalisation"))
                & (rows["honour_id"] != JIANBING)]
    return tables.arrow(tables.honour_table(rows, ds, Translator(f.lang)))

