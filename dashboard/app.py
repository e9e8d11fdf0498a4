"""Entry point: page config, the shared filters and the navigation. Pages live in views/."""

import streamlit as st

from dashboard import ui
from dashboard.data import load_current

st.set_page_config(page_title="永嘉创新发展看板", page_icon="📈", layout="wide")

PAGES = [  # path, title key, emoji icon (emoji are inlined; Material icons would be fetched)
    ("views/overview.py", "page.overview", "📊"),
    ("views/industry.py", "page.industry", "🏭"),
    ("views/talent.py", "page.talent", "🎓"),
    ("views/innovation.py", "page.innovation", "💡"),
    ("views/map.py", "page.map", "🗺️"),
    ("views/sources.py", "page.sources", "📚"),
]

dataset, problems = load_current()
st.session_state[ui.DATASET_KEY] = dataset
if dataset is None:  # never valid since the server started: nothing to show but the problems
    ui.show_problems(problems)
    st.stop()

ui.sidebar_filters()
if problems:  # a broken save: keep serving the last valid data, and say so
    ui.show_problems(problems, stale=True)
page = st.navigation([st.Page(path, title=ui.t(key), icon=icon) for path, key, icon in PAGES])
page.run()
