"""What the trends page shows (views/trends.py lays it out)."""

from dashboard import charts, select, series, tables
from dashboard.data import per_dataset
from dashboard.i18n import Translator
from dashboard.models.registry import prebuilt


def series_spec(chart: series.SeriesChart, tr: Translator) -> tuple[dict, int]:
    """A series' chart as the page sends it (charts.trend_chart), values printed on short ones."""
    fields = {name: tr(f"series.field.{name}")
              for name in ("period", "shown", "basis_label", "source", "quote")}
    return charts.vega_spec(charts.trend_chart(
        chart.points, title=chart.title, source=chart.source, basis_labels=series.basis_labels(tr),
        fields=fields, long=chart.long, labelled=len(chart.points) <= series.MAX_LABELLED))


@prebuilt()
@per_dataset
def trend_charts(ds, f):
    """(the long views, then the others, each (indicator_id, spec), up to MAX_TRENDS in all; a
    table of the points of the rest; how many series that table holds). Long ones first: the
    decades are what a reader came for. Never a silent cut: the page says how many are not drawn
    and that a theme chosen in the filter draws its own."""
    tr = Translator(f.lang)
    drawn = series.series_charts(select.trends(ds, f), ds, tr)
    drawn = sorted(drawn, key=lambda c: not c.long)  # stable: the indicators' order within each
    shown, rest = drawn[:tables.MAX_TRENDS], drawn[tables.MAX_TRENDS:]
    return ([(c.indicator_id, series_spec(c, tr)) for c in shown if c.long],
            [(c.indicator_id, series_spec(c, tr)) for c in shown if not c.long],
            tables.arrow(series.trend_table(rest, tr)), len(rest))

