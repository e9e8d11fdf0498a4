"""What the Sources page shows (views/sources.py lays it out)."""

from dashboard import provenance, select, tables
from dashboard.data import codebook_text, per_dataset
from dashboard.escape import codebook_sections, highlighted
from dashboard.i18n import Translator


@per_dataset
def source_ids(ds) -> tuple[str, ...]:
    """Every source's id, in the order of sources.csv. Once per dataset, not read from the frame
    on every rerun: each read is a new Series whose (weak) reference pandas keeps on the kept
    frame, dead, until 500 have piled up (~700 objects after a load)."""
    return tuple(ds.sources["source_id"])


@per_dataset
def source_list(ds, lang):
    return tables.arrow(tables.sources_table(ds, Translator(lang)))


@per_dataset
def article_view(ds, source_id):
    """(the article as highlighted Markdown, (numerals, numerals quoted, the others in context))."""
    article = ds.texts[source_id]
    spans, coverage = provenance.source_coverage(ds, source_id)
    markdown = "\n\n".join(highlighted(pieces, level)
                             for level, pieces in provenance.segments(article, spans))
    return markdown, coverage


@per_dataset
def record(ds, source_id, lang):
    return tables.source_record(ds, source_id, Translator(lang))


@per_dataset
def every_figure(ds, sector, lang):
    rows = select.figures(ds, select.Filters(sector=sector, year=None, lang=lang))
    return tables.arrow(tables.figures_table(rows, ds, Translator(lang)))


@per_dataset
def raw_table(ds, name):
    return tables.arrow(ds.tables[name])


@per_dataset
def codebook(ds, lang):
    """(the codebook's section per table, the language it is written in): the viewer's, else the
    English one (a folder without data/README.zh.md). Kept with the dataset: its files lie in the
    data folder, whose every edit makes a new dataset."""
    sections = codebook_sections(codebook_text(lang))
    if sections or lang == "en":
        return sections, lang
    return codebook_sections(codebook_text("en")), "en"


def prebuild(ds, f) -> list:
    """The page for `f`, with every source and every table it can be switched to."""
    sources = source_ids(ds)
    return [source_list(ds, f.lang), every_figure(ds, f.sector, f.lang), codebook(ds, f.lang),
            select.figures(ds, f), select.entities(ds, f),
            *(record(ds, s, f.lang) for s in sources), *(article_view(ds, s) for s in sources),
            *(raw_table(ds, name) for name in ds.tables)]
