"""Entry point: page config, the shared filters and the navigation. Pages live in views/."""

import streamlit as st

from dashboard import context, widgets
from dashboard.pages import PAGES

st.set_page_config(page_title="永嘉创新发展看板", page_icon="📈", layout="wide")

dataset, problems = context.start()
if dataset is None:  # never valid since the server started: nothing to show but the problems
    widgets.problems(problems, context.translator())
    st.stop()

context.sidebar_filters(dataset)
tr = context.translator()
if problems:  # a broken save: keep serving the last valid data, and say so
    widgets.problems(problems, tr, stale=True)
page = st.navigation([st.Page(p.path, title=tr(p.title_key), icon=p.icon, url_path=p.slug or None,
                               default=not p.slug) for p in PAGES])
st.set_page_config(page_title=f"{page.title} · {tr('app.title')}")  # the tab, in the viewer's language
page.run()
