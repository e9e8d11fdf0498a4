"""The session: the dataset this run shows, the filters, the language; and the sidebar that
holds the filters and keeps them in the URL. The only module that reads st.session_state."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard import geo, memo
from dashboard.data import Dataset, GeoData
from dashboard.i18n import LANGUAGES, Translator, text
from dashboard.labels import sector_label
from dashboard.pages import PAGES
from dashboard.problems import Problem
from dashboard.select import ALL, Filters, default_year, sector_options, year_options

_DATASET = "_dataset_this_run"
# The year selectbox's choice for all years (the filters' None): Streamlit shows a selectbox
# whose value is None as having no choice ("Choose an option"), so None cannot be an option.
ALL_YEARS = "all"
_SEEDED = "_seeded_from_url"


def start() -> tuple[Dataset | None, list[Problem]]:
    """Load the data for this run (app.py, once a run): the current files, or the last valid
    ones, and their problems. The pages then read it from here and do not stat the files again."""
    dataset, problems = memo.load_current()
    st.session_state[_DATASET] = dataset
    return dataset, problems


def dataset() -> Dataset:
    ds = st.session_state.get(_DATASET)
    return ds if ds is not None else memo.load_current()[0]


def translator() -> Translator:
    value = st.session_state.get("lang")
    return Translator(value if value in LANGUAGES else "zh")


def filters(ds: Dataset) -> Filters:
    """The filters the sidebar holds; anything unknown falls back to the default."""
    years = year_options(ds)  # the newest first; None (all years) last
    by_choice = {year_choice(y): y for y in years}
    sector = st.session_state.get("sector")
    return Filters(sector=sector if sector in sector_options(ds) else ALL,
                   year=by_choice.get(st.session_state.get("year"), default_year(ds)), lang=translator().lang)


def year_choice(year: int | None) -> int | str:
    """A year of the filters as the year selectbox (and the link) holds it: None is ALL_YEARS."""
    return ALL_YEARS if year is None else year


def choose_year(year: int | None) -> None:
    """A button's callback: show `year` (the year filter follows, and the link with it)."""
    st.session_state["year"] = year_choice(year)


def page_context() -> tuple[Dataset, Filters, Translator]:
    """What every page starts with: the data, the filters (with the language) and the strings."""
    ds = dataset()
    return ds, filters(ds), translator()


def geo_data(ds: Dataset) -> GeoData:
    """The map's files, checked against the data this run shows (DataError if invalid)."""
    return memo.load_geo(dataset=ds)


def navigation_pages(tr: Translator) -> list[st.Page]:
    """The st.Page of every page of PAGES, titled in the viewer's language; made once a session
    and language (Streamlit resolves each file's path and parses each icon: 1.1 ms a rerun).
    Not shared between sessions: st.navigation marks the page it will run on the object itself."""
    key = f"_pages_{tr.lang}"
    if key not in st.session_state:
        st.session_state[key] = [
            st.Page(p.path, title=tr(p.title_key), icon=p.icon, url_path=p.slug or None,
                    default=not p.slug) for p in PAGES]
    return st.session_state[key]


def static_url(name: str) -> str:
    """The URL path of a file in dashboard/static/ (server.enableStaticServing), below the
    server's base URL path, so that it works behind the proxy's /yongjia/ too."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/{name}" if base else f"/app/static/{name}"


def screen() -> str:
    """The viewer's kind of screen, "phone" or "computer", from the request that opened the
    session (geo.screen_of)."""
    return geo.screen_of(st.context.headers)


def sidebar_filters(ds: Dataset) -> None:
    """The shared filters, kept in the URL so that a link reproduces the view.

    Not `bind="query-params"`: Streamlit 1.67 writes a bound widget's *formatted* label to the
    URL, so translated labels would make links depend on the language (and a language switch
    would drop the sector). Here the URL holds ids (?sector=pumps_valves&year=2024&lang=en);
    all years is ?year=all, and the default (select.default_year) is left out."""
    options = {"lang": list(LANGUAGES), "sector": sector_options(ds),
               "year": [year_choice(y) for y in year_options(ds)]}
    defaults = {key: values[0] for key, values in options.items() if values}
    defaults["year"] = year_choice(default_year(ds))
    _seed_from_url(options, defaults)
    tr = translator()
    st.sidebar.title(tr("app.title"))
    # A radio, not a segmented control: the same choice, at a third of the cost on every rerun
    # (Streamlit parses each segment's label for icons and emoji: 2.2 ms against 0.7 ms).
    st.sidebar.radio(
        text("zh", "filters.lang"), options["lang"], horizontal=True, key="lang",
        format_func={"zh": "中文", "en": "English"}.get)
    st.sidebar.selectbox(tr("filters.sector"), options["sector"], key="sector",
                         format_func={s: sector_label(ds, s, tr) for s in options["sector"]}.get)
    st.sidebar.selectbox(tr("filters.year"), options["year"], key="year",
                         format_func=lambda year: tr("filters.year.all") if year == ALL_YEARS else str(year))
    st.sidebar.caption(tr("filters.share"))
    _write_url(defaults)


def _seed_from_url(options: dict[str, list], defaults: dict) -> None:
    """Once per session, take each filter from the link when it names exactly one valid option;
    anything else in the link (unknown, malformed, repeated) is ignored: the default stands."""
    if st.session_state.get(_SEEDED):
        return
    st.session_state[_SEEDED] = True
    for key, values in options.items():
        _seed(key, values, defaults.get(key))


def _seed(key: str, values: list, default=None) -> None:
    given = st.query_params.get_all(key)
    by_text = {str(v): v for v in values}
    if len(given) == 1 and given[0] in by_text:
        st.session_state[key] = by_text[given[0]]
    elif values:
        st.session_state[key] = default if default in values else values[0]


def linked_selectbox(label: str, options: Sequence, *, key: str, format_func):
    """A page's own selectbox kept in the link as the shared filters are (?source=yongjia_2024):
    taken from the link whenever the widget is new to the session (Streamlit forgets a widget's
    state once its page is left, and clears the link's other parameters on a page switch), then
    written back; the first option stays out of the link."""
    if key not in st.session_state:
        _seed(key, options)
    choice = st.selectbox(label, options, key=key, format_func=format_func)
    _write_url({key: options[0]})
    return choice


def unknown_in_link(key: str, options: Sequence) -> str | None:
    """The value the link gives `key` when it is not one of `options` (a renamed or removed id),
    while the widget is new to the session (then linked_selectbox falls back to the first)."""
    given = st.query_params.get_all(key)
    if key in st.session_state or not given or given[0] in {str(v) for v in options}:
        return None
    return given[0]


def _write_url(defaults: dict) -> None:
    """Defaults stay out of the link, as Streamlit does for bound widgets. The link is read once
    and written only where it differs: each st.query_params lookup takes Streamlit's session
    lock, and a pop of a missing key raises inside it."""
    current = st.query_params.to_dict()
    for key, default in defaults.items():
        value = st.session_state.get(key)
        wanted = None if value is None or value == default else str(value)
        if current.get(key) == wanted:
            continue
        if wanted is None:
            del st.query_params[key]
        else:
            st.query_params[key] = wanted
