"""What the trends page shows (views/trends.py lays it out)."""

from dashboard import charts, select, tables
from dashboard.data import per_dataset
from dashboard.i18n import Translator
from dashboard.models.registry import prebuilt


@prebuilt()
@per_dataset
def trend_charts(ds, f):
    """(a chart per series up to MAX_TRENDS, a table of the figures of the rest)."""
    tr = Translator(f.lang)
    frames = tables.trend_frames(select.trends(ds, f), ds, tr)
    shown = [charts.vega_spec(charts.trend_chart(rows, title=title, source=source))
             for title, source, rows in frames[:tables.MAX_TRENDS]]
    rest = [rows.assign(indicator=title) for title, _, rows in frames[tables.MAX_TRENDS:]]
    return shown, tables.arrow(tables.trend_table(rest, tr))

