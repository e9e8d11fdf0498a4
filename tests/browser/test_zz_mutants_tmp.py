# TEMPORARY: proves the checks bite. Deleted after use.
import dataclasses
import pytest
from test_pages import (PAGES, test_page, test_hostile_link_shows_default_view)

WIDE = """setInterval(() => { const m = document.querySelector('[data-testid=stMain] h1');
 if (m && !document.getElementById('wide')) { const d = document.createElement('div'); d.id='wide';
 d.style.width='1200px'; d.style.height='5px'; m.after(d);} }, 50)"""
CASES = {
    "graphviz_missing": (dataclasses.replace(PAGES[1], graphviz=2), None, "zh", 1280),
    "vega_missing": (dataclasses.replace(PAGES[4], vega=1), None, "zh", 1280),
    "metrics_15": (dataclasses.replace(PAGES[0], metrics=100), None, "zh", 1280),
    "wrong_title": (dataclasses.replace(PAGES[2], title={"zh": "人才", "en": "Talents"}), None, "en", 1280),
    "console_error": (PAGES[3], "console.error('boom')", "zh", 1280),
    "page_error": (PAGES[3], "setTimeout(() => { throw new Error('kaboom') }, 0)", "zh", 1280),
    "foreign_request": (PAGES[3], "new Image().src = 'http://203.0.113.9/pixel.png'", "zh", 1280),
    "foreign_ws": (PAGES[3], "try { new WebSocket('ws://localhost:1/x') } catch (e) {}", "zh", 1280),
    "other_404_same_page": (PAGES[1], "fetch('/media/nope.png')", "zh", 1280),
    "probe_of_other_page": (PAGES[1], "fetch('/talent/_stcore/health')", "zh", 1280),
    "probe_on_root": (PAGES[0], "fetch('/talent/_stcore/health')", "zh", 1280),
    "overflow_390": (PAGES[3], WIDE, "zh", 390),
}

@pytest.mark.browser
@pytest.mark.parametrize("case", list(CASES))
def test_mutant_page(case, page, context, app_url):
    spec, script, lang, width = CASES[case]
    if script:
        context.add_init_script(script)
    with pytest.raises(AssertionError) as info:
        test_page(page, context, app_url, spec, lang, width)
    print(case, "->", str(info.value)[:600])

HOSTILE = {
    "dialog": "setTimeout(() => alert('x'), 0)",
    "script_text": """setInterval(() => { const m = document.querySelector('[data-testid=stMain] h1');
      if (m && !document.getElementById('inj')) { const d = document.createElement('p'); d.id='inj';
      d.textContent = '<script>alert(1)</script>'; m.after(d);} }, 50)""",
}

@pytest.mark.browser
@pytest.mark.parametrize("case", list(HOSTILE))
def test_mutant_hostile(case, page, context, app_url):
    context.add_init_script(HOSTILE[case])
    with pytest.raises(AssertionError) as info:
        test_hostile_link_shows_default_view(page, context, app_url)
    print(case, "->", str(info.value)[:600])
