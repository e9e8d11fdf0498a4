import streamlit as st

from dashboard import context, select, tables, widgets
from dashboard.data import per_dataset
from dashboard.i18n import Translator

JIANBING = "jianbing_lingyan"  # the 尖兵领雁 programme's honour id


@per_dataset
def innovation_tiles(ds, f):
    rows = select.figures(ds, f, themes=("innovation", "incubation", "ecommerce"))
    return tables.tiles(rows, ds, Translator(f.lang))


@per_dataset
def platforms(ds, f):
    rows = select.entities(ds, f, types=("platform", "incubator", "institute", "initiative", "policy"))
    rows = rows.query("theme_id in ['innovation', 'incubation']")
    return tables.arrow(tables.entity_table(rows, ds, Translator(f.lang)))


@per_dataset
def jianbing(ds, f):
    rows = select.honours(ds, f)
    rows = rows[rows["honour_id"] == JIANBING]
    return tables.arrow(tables.honour_table(rows, ds, Translator(f.lang)))


@per_dataset
def ecommerce(ds, f):
    rows = select.entities(ds, f).query("theme_id == 'ecommerce'")
    return tables.arrow(tables.entity_table(rows, ds, Translator(f.lang)))


@per_dataset
def awards(ds, f):
    rows = select.honours(ds, f)
    rows = rows[rows["theme_id"].isin(("ecommerce", "innovation", "overall", "digitalisation"))
                & (rows["honour_id"] != JIANBING)]
    return tables.arrow(tables.honour_table(rows, ds, Translator(f.lang)))


ds, f, tr = context.page_context()
empty = tables.no_data_message(ds, f, tr)
st.title(tr("innovation.title"))
st.caption(tr("innovation.intro"))

widgets.tiles(innovation_tiles(ds, f), empty=empty, more=tr("kpi.more"))

st.subheader(tr("innovation.platforms"))
widgets.table(platforms(ds, f), empty=empty)

st.subheader(tr("innovation.projects"))
widgets.table(jianbing(ds, f), empty=empty)

st.subheader(tr("innovation.ecommerce"))
widgets.table(ecommerce(ds, f), empty=empty)

st.subheader(tr("innovation.awards"))
widgets.table(awards(ds, f), empty=empty)
