import streamlit as st

from dashboard import provenance, ui
from dashboard import filters as select

ds, f = ui.dataset(), ui.current()
st.title(ui.t("sources.title"))

source = ds.sources.iloc[0]
article = ds.texts[source["source_id"]]
spans = ds.cached("quote spans", lambda: provenance.quote_spans(
    article, provenance.all_quotes(ds, source["source_id"])))
total, covered, missing = ds.cached("coverage", lambda: provenance.coverage(article, spans))

with st.container(border=True):
    st.markdown(f"**{ui.t('sources.bib')}** — 《{ui.plain(source['title'])}》")
    st.text(f"{ui.t('sources.bib.authors')}: {source['authors']}  ·  "
            f"{ui.t('sources.bib.column')}: {source['column']}  ·  "
            f"{ui.t('sources.bib.photo')}: {source['photo_credit']}  ·  "
            f"{ui.t('sources.bib.published')}: {ui.t('sources.bib.unknown')}")
st.metric(ui.t("sources.coverage"), f"{covered / total:.0%}" if total else "—",
          help=ui.plain(ui.t("sources.coverage.help", total=total, covered=covered)))
if missing:
    st.caption(ui.t("sources.uncovered", items=ui.plain(" · ".join(missing))))

st.subheader(ui.t("sources.figures"))
figures = select.figures(ds, select.Filters(sector=f.sector, year=None, lang=f.lang))
ui.table(("figures", f.sector), lambda: ui.figures_table(figures), f)

st.subheader(ui.t("sources.article"))
with st.container(border=True, height=520):
    st.markdown(ui.cached(("article",), lambda: "\n\n".join(
        ui.highlighted_markdown(p) for p in provenance.segments(article, spans))))

st.subheader(ui.t("sources.tables"))
filtered = select.figures(ds, f)
entities = select.entities(ds, f)
left, middle, right = st.columns(3)
# Callables: the files are made when someone clicks, not on every rerun.
left.download_button(ui.t("sources.download.all"), lambda: provenance.zip_tables(ds),
                     file_name="yongjia-data.zip", mime="application/zip", on_click="ignore")
middle.download_button(ui.t("sources.download.filtered"), lambda: provenance.to_csv(filtered),
                       file_name=f"yongjia-figures-{f.sector}-{f.year}.csv", mime="text/csv",
                       on_click="ignore")
right.download_button(ui.t("sources.download.entities"), lambda: provenance.to_csv(entities),
                      file_name=f"yongjia-items-{f.sector}-{f.year}.csv", mime="text/csv",
                      on_click="ignore")
# One table at a time: nine data grids at once make the page slow to draw on a laptop.
name = st.selectbox(ui.t("sources.table"), list(ds.tables),
                    format_func=lambda n: f"{n}.csv · {len(ds.tables[n])}")
ui.show_table(ui.cached(("table", name), lambda: ui.arrow(ds.tables[name])))
with st.expander(ui.t("sources.codebook"), expanded=False):  # its wide tables scroll on a phone
    st.markdown(ui.codebook_sections().get(name, ""))
