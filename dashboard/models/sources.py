"""What the Sources page shows (views/sources.py lays it out)."""

from dashboard import labels, provenance, select, tables
from dashboard.data import codebook_text, per_dataset
from dashboard.escape import codebook_sections, highlighted
from dashboard.i18n import Translator
from dashboard.models.registry import prebuilt


@prebuilt(lambda v: [(v.ds,)])
@per_dataset
def source_ids(ds) -> tuple[str, ...]:
    """Every source's id, in the order of sources.csv. Once per dataset, not read from the frame
    on every rerun: each read is a new Series whose (weak) reference pandas keeps on the kept
    frame, dead, until 500 have piled up (~700 objects after a load)."""
    return tuple(ds.sources["source_id"])


@prebuilt(lambda v: [(v.ds, v.f.lang)])
@per_dataset
def source_names(ds, lang) -> dict[str, str]:
    """Each source's short reference by id, for the chooser: st.selectbox formats every option on
    every rerun (36 references, 1 ms a rerun when each was made anew)."""
    tr = Translator(lang)
    return {s: labels.source_reference(ds, s, tr) for s in source_ids(ds)}


@prebuilt(lambda v: [(v.ds, v.f.lang)])
@per_dataset
def source_list(ds, lang):
    return tables.arrow(tables.sources_table(ds, Translator(lang)))


@prebuilt(lambda v: [(v.ds, s) for s in source_ids(v.ds)])
@per_dataset
def article_view(ds, source_id):
    """(the article as highlighted Markdown, (numerals, numerals quoted, the others in context))."""
    article = ds.texts[source_id]
    spans, coverage = provenance.source_coverage(ds, source_id)
    markdown = "\n\n".join(highlighted(pieces, level)
                             for level, pieces in provenance.segments(article, spans))
    return markdown, coverage


@prebuilt(lambda v: [(v.ds, s, v.f.lang) for s in source_ids(v.ds)])
@per_dataset
def record(ds, source_id, lang):
    return tables.source_record(ds, source_id, Translator(lang))


@prebuilt(lambda v: [(v.ds, v.f.sector, v.f.lang)])
@per_dataset
def every_figure(ds, sector, lang):
    rows = select.figures(ds, select.Filters(sector=sector, year=None, lang=lang))
    return tables.arrow(tables.figures_table(rows, ds, Translator(lang)))


@prebuilt(lambda v: [(v.ds, name) for name in v.ds.tables])
@per_dataset
def raw_table(ds, name):
    return tables.arrow(ds.tables[name])


@prebuilt(lambda v: [(v.ds, v.f.lang)])
@per_dataset
def codebook(ds, lang):
    """(the codebook's section per table, the language it is written in): the viewer's, else the
    English one (a folder without data/README.zh.md). Kept with the dataset: its files lie in the
    data folder, whose every edit makes a new dataset."""
    sections = codebook_sections(codebook_text(lang))
    if sections or lang == "en":
        return sections, lang
    return codebook_sections(codebook_text("en")), "en"


# views/sources.py asks select for these itself.
prebuilt(page=__name__)(select.figures)
prebuilt(page=__name__)(select.entities)
