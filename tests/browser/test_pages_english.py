"""Each page in Chromium at 1280 px, used in Turkish then switched to English: no word of the catalogue's
Turkish sentences is left on the page (the site's own names aside), and no element is wider than its box
(nothing cut with "…", nothing clipped, nothing sticking out of the page). One server for all of them."""

from __future__ import annotations

import pytest

from konnektor_kit.i18n import word
from konnektor_kit.ui.guide import SECTIONS
from tests.language import turkish_left

pytestmark = pytest.mark.browser

#: what is done on a page before the switch, so its tables and messages are on show too
ACTIONS = {
    "start": [(".kk-ready", ".kk-readiness table")],
    "new_year": [(".kk-plan", ".kk-rows .kk-reason")],
    "optional_move": [(".kk-test", ".kk-findings table")],
    "inside": [(".kk-test", ".kk-findings table")],
    "diagnosis": [(".kk-diagnose", ".kk-diagnosis table"), (".kk-ready", ".kk-readiness table")],
    "training": [(".kk-grade", ".kk-grades table")],
}

#: every element of the page whose content is wider than its box, or that reaches past the page's edge
OVERFLOW = """
() => {
  const page = document.querySelector('.kk-page');
  const edge = page.getBoundingClientRect().right;
  const bad = [];
  for (const el of page.querySelectorAll('*')) {
    if (['INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'STYLE'].includes(el.tagName)) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    const name = el.tagName + '.' + (el.className && el.className.baseVal === undefined ? el.className : '')
      + ' "' + (el.innerText || '').slice(0, 40) + '"';
    const clips = ['hidden', 'clip', 'auto', 'scroll'].includes(cs.overflowX) || cs.textOverflow === 'ellipsis';
    if (clips && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) bad.push('cut: ' + name);
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > edge + 1) bad.push('past the page: ' + name);
  }
  return bad;
}
"""


@pytest.mark.parametrize("section", list(SECTIONS))
def test_page_in_english_has_no_turkish_word_and_nothing_cut(shared_app, page, section):
    app = shared_app
    assert page.viewport_size["width"] == 1280
    page.goto(app.url(SECTIONS[section], site=str(app.site), lang="tr"), wait_until="commit")
    page.wait_for_selector(".kk-page", timeout=180_000)  # the first page after the server starts, on a busy machine
    page.wait_for_selector(".kk-site input", timeout=180_000)
    for button, shows in ACTIONS[section]:
        page.click(button)
        page.wait_for_selector(shows)
    page.click(".kk-lang button:has-text('English')")
    title = word(f"ui.title.{section}", "en")
    page.wait_for_function("t => document.querySelector('.kk-title').innerText.trim() === t", arg=title)
    left = turkish_left(page.inner_text(".kk-page"), app.site)
    for _ in range(60):  # the tables are redrawn after the title: wait for the kernel, not for a time
        if not left:
            break
        page.wait_for_timeout(500)
        left = turkish_left(page.inner_text(".kk-page"), app.site)
    assert not left, f"{section}: {sorted(left)}"
    cut = page.evaluate(OVERFLOW)
    assert not cut, f"{section}:\n" + "\n".join(cut[:20])


def test_the_overflow_check_sees_a_cut_label_and_a_clipped_column(page):
    """The check above on a page made to fail it: a button whose label ends in "…" and a table wider
    than its page."""
    page.set_content(
        "<div class='kk-page' style='width:600px'>"
        "<button style='width:60px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis'>"
        "GÜNCELLE (update)</button>"
        "<table><tr><td style='white-space:nowrap'>" + "x" * 200 + "</td></tr></table></div>"
    )
    cut = page.evaluate(OVERFLOW)
    assert any(c.startswith("cut: BUTTON") for c in cut) and any(c.startswith("past the page: T") for c in cut), cut
