"""The app in a real browser: the whole new-year transition through the page, section 2 with a bad
firm code, and a screenshot of every notebook (for the README through scripts/screenshots)."""
from __future__ import annotations

import pytest

from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR

pytestmark = pytest.mark.browser

NOTEBOOKS = ["00_baslangic", "01_yeni_yil_gecisi", "02_istege_bagli_gecis", "03_konnektor_ici_degisiklik",
             "04_teshis", "05_egitim"]


def open_page(page, app, notebook: str) -> None:
    page.goto(app.url(notebook))
    page.wait_for_selector(".kk-page")
    page.wait_for_selector(".kk-site input")


def test_new_year_transition_through_the_page(fresh_app, page, screenshot):
    app = fresh_app
    open_page(page, app, "01_yeni_yil_gecisi")
    page.click(".kk-plan")
    page.wait_for_selector(".kk-preview table")
    assert page.locator(".kk-row-check").count() == 12
    assert page.locator(".kk-preview tbody tr").count() == 12
    screenshot(page, "01_yeni_yil_gecisi_plan")
    page.click(".kk-update")
    page.wait_for_selector(".kk-result table")
    assert "12 ayar güncellendi" in page.inner_text(".kk-messages")
    with open_workspace(app.site) as ws:
        moved = {s.key: (s.database, s.firm, s.period) for s in ws.store.read_all()}
    assert all(v == ("LOGODB", "002", "03") for (m, b), v in moved.items() if b == "Merkez")
    assert all(v == (f"IZMIRSUBE{YEAR}", None, None) for (m, b), v in moved.items() if b == "İzmir Şube")
    assert len(moved) == 12


def test_section2_bad_firm_code_shows_the_message(shared_app, page, screenshot):
    app = shared_app
    open_page(page, app, "02_istege_bagli_gecis")
    page.wait_for_selector(".kk-current")
    firm = page.locator(".kk-firm input")
    firm.fill("2a")
    page.wait_for_selector(".kk-firm-hint .kk-msg-error")
    page.click(".kk-test")
    page.wait_for_selector(".kk-messages .kk-msg-error")
    text = page.inner_text(".kk-messages")
    assert 'Firma kodu "2a" geçersiz' in text and "3 haneli" in text
    assert page.locator(".kk-update").is_disabled()
    screenshot(page, "02_istege_bagli_gecis_hatali_kod")


def test_staff_actions_are_not_on_the_page_without_the_credential(shared_app, page):
    app = shared_app
    open_page(page, app, "03_konnektor_ici_degisiklik")
    page.wait_for_selector(".kk-products")
    assert page.locator(".kk-force-update").count() == 0 and page.locator(".kk-undo").count() == 0
    page.locator(".kk-staff input").fill("yanlis-sifre")
    page.click(".kk-staff-enter")
    page.wait_for_selector(".kk-messages .kk-msg-error")
    assert page.locator(".kk-force-update").count() == 0


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_notebook_renders_without_error(shared_app, page, notebook, screenshot):
    app = shared_app
    open_page(page, app, notebook)
    page.wait_for_timeout(800)
    assert page.locator(".kk-messages .kk-msg-error").count() == 0
    assert "Traceback" not in page.content()
    screenshot(page, notebook)
