"""Entry point: page config, the shared filters and the navigation. Pages live in views/."""

import streamlit as st

from dashboard import ui
from dashboard.data import load_current
from dashboard.pages import PAGES

st.set_page_config(page_title="永嘉创新发展看板", page_icon="📈", layout="wide")

dataset, problems = load_current()
st.session_state[ui.DATASET_KEY] = dataset
if dataset is None:  # never valid since the server started: nothing to show but the problems
    ui.show_problems(problems)
    st.stop()

ui.sidebar_filters()
if problems:  # a broken save: keep serving the last valid data, and say so
    ui.show_problems(problems, stale=True)
page = st.navigation([st.Page(p.path, title=ui.t(p.title_key), icon=p.icon, url_path=p.slug or None,
                               default=not p.slug) for p in PAGES])
page.run()
