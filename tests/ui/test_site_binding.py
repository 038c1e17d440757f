"""Issue 21, "Page 01 writes a plan into another site": a plan, a test verdict and a GÜNCELLE belong to the
site (its path and its file's content) they were made for. Opening another site or editing the site file
drops them with a message, and nothing is written. Real sandbox sites, the forms driven as a person would."""

from __future__ import annotations

import html

import pytest

from konnektor_kit.training.sandbox import create_sandbox
from konnektor_kit.ui.inside import InsidePage
from konnektor_kit.ui.new_year import NewYearPage
from konnektor_kit.ui.optional_move import OptionalMovePage
from tests.conftest import YEAR, konnektor_digest


def texts(page) -> str:
    return html.unescape(" ".join(m.value for m in page.messages.children))


@pytest.fixture
def two_sites(tmp_path):
    """Two customers made from the same scenario: every module and branch reads the same on both."""
    return create_sandbox(tmp_path / "a", "new-year", YEAR), create_sandbox(tmp_path / "b", "new-year", YEAR)


def open_other(page, other) -> None:
    page.site_field.value = str(other)
    page.site_button.click()
    assert page.site_path == other


def test_page01_plan_is_dropped_when_another_site_opens(two_sites):
    a, b = two_sites
    before_a, before_b = konnektor_digest(a), konnektor_digest(b)
    page = NewYearPage(a)
    page.plan_button.click()
    assert page.plan is not None and not page.update_button.disabled
    open_other(page, b)
    assert page.plan is None and page.update_button.disabled
    assert "başka bir site açıldı" in texts(page) and str(a) in texts(page)
    page.update_button.click()  # a button pressed anyway (a stale click) writes nothing
    page.update()
    assert konnektor_digest(b) == before_b and konnektor_digest(a) == before_a


def test_page01_plan_is_dropped_when_its_site_file_is_edited(two_sites):
    a, _ = two_sites
    before = konnektor_digest(a)
    page = NewYearPage(a, lang="en")
    page.plan_button.click()
    with a.open("a", encoding="utf-8") as f:
        f.write("\n# edited by a colleague\n")
    page.update_button.click()
    assert konnektor_digest(a) == before, "nothing is written from a plan of the file as it was"
    assert page.plan is None and "site file changed" in texts(page)
    page.plan_button.click()  # a new plan, for the file as it is now, writes
    page.update_button.click()
    assert konnektor_digest(a) != before


@pytest.mark.parametrize("page_class", [OptionalMovePage, InsidePage])
def test_pages_02_03_a_passing_test_on_one_site_does_not_open_update_on_another(two_sites, page_class):
    a, b = two_sites
    before_b = konnektor_digest(b)
    page = page_class(a)
    page.module.value, page.branch.value = "e-Fatura", "Merkez"
    page.period.text.value = "3"
    page.test_button.click()
    assert not page.update_button.disabled, texts(page)
    open_other(page, b)
    page.module.value, page.branch.value = "e-Fatura", "Merkez"
    page.period.text.value = "3"  # the very same values typed on site B
    assert page.update_button.disabled
    page.update_button.click()
    page.update()
    assert konnektor_digest(b) == before_b
    page.test_button.click()  # tested on B: now B may be written
    page.update_button.click()
    assert konnektor_digest(b) != before_b


def test_page02_editing_the_site_file_after_the_test_closes_update(two_sites):
    a, _ = two_sites
    before = konnektor_digest(a)
    page = OptionalMovePage(a)
    page.module.value, page.branch.value = "e-Fatura", "Merkez"
    page.period.text.value = "3"
    page.test_button.click()
    assert not page.update_button.disabled
    with a.open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    page.update()
    assert konnektor_digest(a) == before and "site dosyası değişti" in texts(page)
    assert page.update_button.disabled
