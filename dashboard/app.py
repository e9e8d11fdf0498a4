"""Entry point: page config, the shared filters and the navigation. Pages live in views/."""

import datetime as dt

import streamlit as st

from dashboard import context, printing, turns, widgets

st.set_page_config(page_title="永嘉创新发展看板", page_icon="📈", layout="wide")

# One run at a time does the work (dashboard/turns.py says why).
with turns.one_at_a_time():
    dataset, problems = context.start()
    if dataset is None:  # never valid since the server started: nothing to show but the problems
        widgets.problems(problems, context.translator())
        st.stop()

    context.sidebar_filters(dataset)
    tr = context.translator()
    page = st.navigation(context.navigation_pages(tr))
    st.set_page_config(page_title=f"{page.title} · {tr('app.title')}")  # the tab, in the viewer's language
    # First in the main area, so on the first printed page; the screen does not show it.
    today = printing.local_date(st.context.timezone, dt.datetime.now(dt.UTC))
    widgets.page_frame(printing.header(page.title, dataset, context.filters(dataset), today, tr))
    if problems:  # a broken save: keep serving the last valid data, and say so
        widgets.problems(problems, tr, stale=True)
    page.run()
