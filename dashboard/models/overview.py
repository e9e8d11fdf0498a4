"""What the overview shows (views/overview.py lays it out)."""

from dashboard import labels, select, tables
from dashboard.data import per_dataset
from dashboard.i18n import Translator
from dashboard.models.registry import prebuilt


@prebuilt()
@per_dataset
def milestones(ds, f):
    return tables.timeline(select.entities(ds, f, types=("milestone", "agreement", "event")),
                           ds, Translator(f.lang))


@prebuilt()
@per_dataset
def band(ds, f):
    """The headline tiles and the year's honours as badge labels."""
    tr = Translator(f.lang)
    return ([tables.tile(r, ds, tr) for r in select.headline_figures(ds, f).to_dict("records")],
            tables.honour_badges(select.headline_honours(ds, f), ds, tr))


@prebuilt()
@per_dataset
def theme_tiles(ds, f):
    """[(theme label, its tiles)] for the figures reported that the band does not show, then the
    goals' tiles."""
    tr = Translator(f.lang)
    rows = select.figures(ds, f)
    rows = rows[~rows["indicator_id"].isin(select.headline_figures(ds, f)["indicator_id"])]
    groups, goals = select.by_theme(rows)
    return ([(labels.sector_label(ds, theme, tr), tables.tiles(rows, ds, tr)) for theme, rows in groups],
            tables.tiles(goals, ds, tr))


prebuilt(page=__name__)(select.progress_figures)  # views/overview.py asks select for it
