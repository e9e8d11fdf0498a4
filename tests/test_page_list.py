"""The page list (dashboard/pages.py) is the one every test, the bench and the load test read: a
page added there is added everywhere, and what the tests expect of it must be said once."""

from pathlib import Path

from dashboard.i18n import LANGUAGES, STRINGS
from dashboard.pages import PAGES
from tests.harness import ELEMENT_TEST_IDS, LEAST_ELEMENTS

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"


def test_every_page_has_element_expectations():
    """The browser and deploy tests check each page against LEAST_ELEMENTS (tests/harness.py):
    a new page needs an entry there, even an empty one, and a removed page loses its entry."""
    names = {p.name for p in PAGES}
    assert names - set(LEAST_ELEMENTS) == set(), "pages without expectations in LEAST_ELEMENTS"
    assert set(LEAST_ELEMENTS) - names == set(), "LEAST_ELEMENTS names pages that PAGES lacks"
    for name, least in LEAST_ELEMENTS.items():
        assert set(least) <= set(ELEMENT_TEST_IDS), (name, set(least) - set(ELEMENT_TEST_IDS))


def test_pages_are_distinct_and_complete():
    assert len({p.name for p in PAGES}) == len({p.slug for p in PAGES}) == len(PAGES)
    assert [p.slug for p in PAGES].count("") == 1, "one default page, at the base URL"
    for page in PAGES:
        assert (DASHBOARD / page.path).is_file(), page.path
        assert all(page.title_key in STRINGS[lang] for lang in LANGUAGES), page.title_key
