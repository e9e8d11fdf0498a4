import streamlit as st

from dashboard import context, provenance, select, tables, widgets
from dashboard.data import codebook_text, per_dataset
from dashboard.escape import codebook_sections, highlighted, plain
from dashboard.i18n import Translator


@per_dataset
def article_view(ds, source_id):
    """(the article as highlighted Markdown, (numerals, numerals quoted, the others in context))."""
    article = ds.texts[source_id]
    spans = provenance.quote_spans(article, provenance.all_quotes(ds, source_id))
    markdown = "\n\n".join(highlighted(pieces, level)
                             for level, pieces in provenance.segments(article, spans))
    return markdown, provenance.coverage(article, spans)


@per_dataset
def every_figure(ds, sector, lang):
    rows = select.figures(ds, select.Filters(sector=sector, year=None, lang=lang))
    return tables.arrow(tables.figures_table(rows, ds, Translator(lang)))


@per_dataset
def raw_table(ds, name):
    return tables.arrow(ds.tables[name])


@per_dataset
def codebook(ds):
    """The codebook's section per table. Kept with the dataset: its file lies in the data folder,
    whose every edit makes a new dataset."""
    return codebook_sections(codebook_text())


ds, f, tr = context.page_context()
st.title(tr("sources.title"))

source = ds.sources.iloc[0]
article, (total, covered, missing) = article_view(ds, source["source_id"])

with st.container(border=True):
    st.markdown(f"**{tr('sources.bib')}** — 《{plain(source['title'])}》")
    st.text(f"{tr('sources.bib.authors')}: {source['authors']}  ·  "
            f"{tr('sources.bib.column')}: {source['column']}  ·  "
            f"{tr('sources.bib.photo')}: {source['photo_credit']}  ·  "
            f"{tr('sources.bib.published')}: {tr('sources.bib.unknown')}")
st.metric(tr("sources.coverage"), f"{covered / total:.0%}" if total else "—",
          help=plain(tr("sources.coverage.help", total=total, covered=covered)))
if missing:
    st.caption(tr("sources.uncovered", items=plain(" · ".join(missing))))

st.subheader(tr("sources.figures"))
widgets.table(every_figure(ds, f.sector, f.lang), empty=tables.no_data_message(ds, f, tr))

st.subheader(tr("sources.article"))
with st.container(border=True, height=520):
    st.markdown(article)

st.subheader(tr("sources.tables"))
filtered = select.figures(ds, f)
entities = select.entities(ds, f)
left, middle, right = st.columns(3)
# Callables: the files are made when someone clicks, not on every rerun.
left.download_button(tr("sources.download.all"), lambda: provenance.zip_tables(ds),
                     file_name="yongjia-data.zip", mime="application/zip", on_click="ignore")
middle.download_button(tr("sources.download.filtered"), lambda: provenance.to_csv(filtered),
                       file_name=f"yongjia-figures-{f.sector}-{f.year}.csv", mime="text/csv",
                       on_click="ignore")
right.download_button(tr("sources.download.entities"), lambda: provenance.to_csv(entities),
                      file_name=f"yongjia-items-{f.sector}-{f.year}.csv", mime="text/csv",
                      on_click="ignore")
# One table at a time: nine data grids at once make the page slow to draw on a laptop.
name = st.selectbox(tr("sources.table"), list(ds.tables),
                    format_func=lambda n: f"{n}.csv · {len(ds.tables[n])}")
widgets.table(raw_table(ds, name))
with st.expander(tr("sources.codebook"), expanded=False):  # its wide tables scroll on a phone
    st.markdown(codebook(ds).get(name, ""))
