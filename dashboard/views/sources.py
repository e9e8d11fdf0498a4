import streamlit as st

from dashboard import context, provenance, select, tables, widgets
from dashboard.escape import plain
from dashboard.models import sources as model

ds, f, tr = context.page_context()
st.title(tr("sources.title"))

# Every source in one table (one element however many there are); one of them read below,
# chosen in a selectbox: an expander per source would send every article on every rerun.
st.subheader(tr("sources.list"))
widgets.table(model.source_list(ds, f.lang))
ids = model.source_ids(ds)
names = model.source_names(ds, f.lang)
source_id = ids[0] if len(ids) == 1 else context.linked_selectbox(
    tr("sources.pick"), ids, key="source", format_func=lambda s: names.get(s, s))
title, byline, covers = model.record(ds, source_id, f.lang)
article, (total, covered, missing) = model.article_view(ds, source_id)

with st.container(border=True):
    st.markdown(f"**{tr('sources.bib')}** — 《{plain(title)}》")
    st.text(byline)
    st.caption(plain(covers))
st.metric(tr("sources.coverage"), tables.coverage_label(total, covered),
          help=plain(tr("sources.coverage.help", total=total, covered=covered)))
if missing:
    st.caption(tr("sources.uncovered", items=plain(" · ".join(missing))))

st.subheader(tr("sources.article"))
with st.container(border=True, height=520):
    st.markdown(article)

st.subheader(tr("sources.figures"))
widgets.table(model.every_figure(ds, f.sector, f.lang), empty=tables.no_data_message(ds, f, tr))

st.subheader(tr("sources.tables"))
filtered = select.figures(ds, f)
entities = select.entities(ds, f)
left, middle, right = st.columns(3)
# Callables: the files are made when someone clicks, not on every rerun.
left.download_button(tr("sources.download.all"), lambda: provenance.zip_tables(ds),
                     file_name="yongjia-data.zip", mime="application/zip", on_click="ignore")
middle.download_button(tr("sources.download.filtered"),
                       lambda: provenance.to_csv(provenance.figures_download(filtered, ds)),
                       file_name=f"yongjia-figures-{f.sector}-{f.year}.csv", mime="text/csv",
                       on_click="ignore")
right.download_button(tr("sources.download.entities"),
                      lambda: provenance.to_csv(provenance.with_source(entities, ds)),
                      file_name=f"yongjia-items-{f.sector}-{f.year}.csv", mime="text/csv",
                      on_click="ignore")
# One table at a time: nine data grids at once make the page slow to draw on a laptop.
name = st.selectbox(tr("sources.table"), list(ds.tables),
                    format_func=lambda n: f"{n}.csv · {len(ds.tables[n])}")
widgets.table(model.raw_table(ds, name))
sections, written_in = model.codebook(ds, f.lang)  # English when the viewer's is missing
label = tr("sources.codebook") if written_in == f.lang else tr("sources.codebook.english")
with st.expander(label, expanded=False):  # its wide tables scroll on a phone
    st.markdown(sections.get(name, ""))
