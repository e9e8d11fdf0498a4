"""What the trends page shows (views/trends.py lays it out)."""

import pandas as pd

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


@prebuilt(lambda v: [(v.ds, v.f.year)])
@per_dataset
def _every_series(ds, year) -> dict[tuple[str, str], pd.DataFrame]:
    """{(indicator, series): its rows} of every sector's trends up to `year` (None: all)."""
    rows = select.trends(ds, select.Filters(year=year))
    return dict(iter(rows.groupby(["indicator_id", "series"], sort=False)))


@prebuilt()
@per_dataset
def _drawn(ds, f) -> list[series.SeriesChart]:
    """The view's series, long views first (the decades are what a reader came for), then the
    indicators' order."""
    return sorted(series.series_charts(select.trends(ds, f), ds, Translator(f.lang)),
                  key=lambda c: not c.long)  # stable


@prebuilt(lambda v: [(v.ds, v.f.year, v.f.lang, c.indicator_id, c.series)
                     for c in _drawn(v.ds, v.f)[:tables.MAX_TRENDS]])
@per_dataset
def trend_spec(ds, year, lang, indicator_id, series_key) -> tuple[dict, int]:
    """A series' chart up to `year`, built once for every sector that shows it: a series is
    drawn alike in each (Altair builds one in ~160 ms; a prebuild drew 52 where 24 differ)."""
    tr = Translator(lang)
    (chart,) = series.series_charts(_every_series(ds, year)[(indicator_id, series_key)], ds, tr)
    return series_spec(chart, tr)


@prebuilt()
@per_dataset
def trend_charts(ds, f):
    """(the long views, then the others, each (indicator_id, spec), up to MAX_TRENDS in all; a
    table of the points of the rest; how many series that table holds). Never a silent cut: the
    page says how many are not drawn and that a theme chosen in the filter draws its own."""
    drawn = _drawn(ds, f)
    shown, rest = drawn[:tables.MAX_TRENDS], drawn[tables.MAX_TRENDS:]
    specs = [(c, trend_spec(ds, f.year, f.lang, c.indicator_id, c.series)) for c in shown]
    return ([(c.indicator_id, spec) for c, spec in specs if c.long],
            [(c.indicator_id, spec) for c, spec in specs if not c.long],
            tables.arrow(series.trend_table(rest, Translator(f.lang))), len(rest))
