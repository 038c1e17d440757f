"""The language switch covers every widget of every page: each page is used in Turkish (a plan, a
candidate chosen, a test, staff actions open, a grade, a diagnosis), then switched to English, and no
word of the catalogue's Turkish sentences is left anywhere in it (descriptions, options, tables,
messages, guides), the site's own names aside."""

from __future__ import annotations

import html
import re

import ipywidgets as w
import pytest

from konnektor_kit.training.sandbox import TRAINING_STAFF_CREDENTIAL
from konnektor_kit.ui.diagnosis import DiagnosisPage
from konnektor_kit.ui.inside import InsidePage
from konnektor_kit.ui.new_year import NewYearPage
from konnektor_kit.ui.optional_move import OptionalMovePage
from konnektor_kit.ui.start import StartPage
from konnektor_kit.ui.training import TrainingPage
from tests.language import turkish_left
from tests.ui.test_forms import sign_in, staff_world  # noqa: F401 - the fixture

TAG = re.compile(r"<[^>]+>")


def shown(widget) -> list[str]:
    """Every word a widget shows a person: labels, options, HTML, and those of its children."""
    out = []
    for name in ("description", "tooltip", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            out.append(value)
    if isinstance(widget, (w.HTML, w.Label)):
        out.append(html.unescape(TAG.sub(" ", widget.value)))
    labels = getattr(widget, "_options_labels", None)
    if labels:
        out += list(labels)
    for child in getattr(widget, "children", ()):
        out += shown(child)
    return out


def used_in_turkish(page_class, site):
    page = page_class(site, lang="tr")
    if isinstance(page, NewYearPage):
        page.plan_button.click()
        page.search_row.value = ("e-Arşiv", "İzmir Şube")
        page.search_button.click()
        page.pick.value = 0
        page.select_button.click()
    elif isinstance(page, InsidePage):
        page.period.text.value = "3"
        page.test_button.click()
        sign_in(page, TRAINING_STAFF_CREDENTIAL)
        page.staff_area.children[0].click()
        page.undo_button.click()
    elif isinstance(page, OptionalMovePage):
        page.period.text.value = "3"
        page.test_button.click()
    elif isinstance(page, TrainingPage):
        page.grade_button.click()
    elif isinstance(page, DiagnosisPage):
        page.run_button.click()
        page.readiness.button.click()
    elif isinstance(page, StartPage):
        page.readiness.button.click()
    return page


@pytest.mark.parametrize(
    "page_class", [StartPage, NewYearPage, OptionalMovePage, InsidePage, DiagnosisPage, TrainingPage]
)
def test_no_turkish_word_is_left_after_the_switch(page_class, site, staff_world, monkeypatch):  # noqa: F811
    page = used_in_turkish(page_class, site)
    page.language.value = "en"
    text = " ".join(shown(page.root))
    assert not page.errors or "Traceback" not in text
    left = turkish_left(text, site)
    assert not left, f"{page_class.__name__}: {sorted(left)}"
