"""The app in a real browser: the whole new-year transition through the page, section 2 with a bad
firm code, and a screenshot of every notebook (for the README through scripts/screenshots)."""

from __future__ import annotations

import pytest

from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR

pytestmark = pytest.mark.browser

NOTEBOOKS = [
    "00_baslangic",
    "01_yeni_yil_gecisi",
    "02_istege_bagli_gecis",
    "03_konnektor_ici_degisiklik",
    "04_teshis",
    "05_egitim",
]


def open_page(page, app, notebook: str) -> None:
    page.goto(app.url(notebook), wait_until="commit")  # the form's own widgets say when it is there
    page.wait_for_selector(".kk-page", timeout=180_000)
    page.wait_for_selector(".kk-site input", timeout=180_000)


def test_new_year_transition_through_the_page(fresh_app, page, screenshot):
    app = fresh_app
    open_page(page, app, "01_yeni_yil_gecisi")
    page.click(".kk-plan")
    page.wait_for_selector(".kk-rows .kk-reason")
    assert page.locator(".kk-row-check").count() == 12
    assert page.locator(".kk-rows .kk-reason").count() == 12 and "12 ayarı yazacak" in page.inner_text(".kk-preview")
    screenshot(page, "01_yeni_yil_gecisi_plan")
    page.click(".kk-update")
    page.wait_for_selector(".kk-result table")
    assert "12 ayar güncellendi" in page.inner_text(".kk-messages")
    with open_workspace(app.site) as ws:
        moved = {s.key: (s.database, s.firm, s.period) for s in ws.store.read_all()}
    by_branch = {branch: {v for (_, b), v in moved.items() if b == branch} for branch in ("Merkez", "İzmir Şube")}
    assert len(moved) == 12 and sum(1 for _, b in moved if b == "Merkez") == 6
    assert by_branch == {"Merkez": {("LOGODB", "002", "03")}, "İzmir Şube": {(f"IZMIRSUBE{YEAR}", None, None)}}


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
    page.wait_for_selector(".kk-modules")
    assert page.locator(".kk-force-update").count() == 0 and page.locator(".kk-undo").count() == 0
    page.locator(".kk-staff input").fill("yanlis-sifre")
    page.click(".kk-staff-enter")
    page.wait_for_selector(".kk-messages .kk-msg-error")
    assert page.locator(".kk-force-update").count() == 0


def messages(page) -> str:
    return page.inner_text(".kk-messages")


def site_in_url(page) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(page.url).query)["site"][-1]


def test_training_reset_survives_the_exercise_back_and_reload(tmp_path, page):
    """Issue 13: reset on 05, do the exercise on 01, Back to 05: graded on the training site, not the server's."""
    import re

    from playwright.sync_api import expect

    from tests.browser.conftest import App

    home = tmp_path / "home"  # the training folder (~/.konnektor-kit/egitim) of this server only
    app = App(tmp_path, "new-year", env={"HOME": str(home)})
    try:
        trained = home / ".konnektor-kit" / "egitim" / "new-year" / "site.toml"
        open_page(page, app, "05_egitim")
        options = page.locator(".kk-scenario select option").all_inner_texts()
        page.locator(".kk-scenario select").select_option(
            index=next(i for i, text in enumerate(options) if text.endswith("(new-year)"))
        )
        page.locator(".kk-year input").fill(str(YEAR))
        reset = page.locator(".kk-reset a")
        expect(reset).to_have_attribute("href", re.compile(rf"scenario=new-year&.*year={YEAR}&.*reset="))
        reset.click()  # a navigation, with the login cookie (the token is not in the link)
        page.wait_for_url(re.compile(r"05_egitim\.ipynb\?.*reset="))
        page.wait_for_selector(".kk-story .kk-msg-info")
        assert "token=" not in page.url and site_in_url(page) == str(trained)
        assert any(c["name"].startswith("username-127-0-0-1") and c["httpOnly"] for c in page.context.cookies()), (
            "jupyter_server's login cookie, set when the printed address's token was used, carried the navigation"
        )
        assert '"new-year" senaryosu hazır' in messages(page)
        assert page.input_value(".kk-site input") == str(trained)
        assert trained.is_file() and trained.parent != app.site.parent

        page.click(".kk-guides a.kk-guide-01")  # the scenario's own link to the exercise
        page.wait_for_url(re.compile(r"01_yeni_yil_gecisi\.ipynb"))
        page.wait_for_selector(".kk-site input")
        assert page.input_value(".kk-site input") == str(trained)
        page.click(".kk-plan")
        page.wait_for_selector(".kk-rows .kk-reason")
        page.click(".kk-update")
        page.wait_for_selector(".kk-result table")
        assert "12 ayar güncellendi" in messages(page)

        page.go_back()
        page.wait_for_selector(".kk-grade")
        page.wait_for_selector(".kk-messages .kk-msg-info")
        assert page.input_value(".kk-site input") == str(trained) and site_in_url(page) == str(trained)
        assert "daha önce kullanıldı" in messages(page) and "senaryosu hazır" not in messages(page)
        page.click(".kk-grade")
        expect(page.locator(".kk-messages")).to_contain_text("12 / 12 ayar doğru")
        assert page.locator(".kk-grades .kk-cell-error").count() == 0

        page.reload()
        page.wait_for_selector(".kk-grade")
        page.wait_for_selector(".kk-messages .kk-msg-info")
        assert page.input_value(".kk-site input") == str(trained)
        assert "daha önce kullanıldı" in messages(page)
        with open_workspace(trained) as ws:
            history = ws.store.history()
        assert len(history) == 1 and len(history[0].rows) == 12, "the exercise is still on record: no reset"
        page.click(".kk-grade")
        expect(page.locator(".kk-messages")).to_contain_text("12 / 12 ayar doğru")
    finally:
        app.stop()
    assert not app.leftover, app.leftover


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_page_renders_with_its_guide_and_the_navigation(shared_app, page, notebook, lang, screenshot):
    """Each page in each language: drawn without an error or a traceback, the seed's guide beside the form,
    and links to every other page that keep the site and the language."""
    from urllib.parse import parse_qs, urlsplit

    app = shared_app
    page.goto(app.url(notebook, site=str(app.site), lang=lang))
    page.wait_for_selector(".kk-page")
    page.wait_for_selector(".kk-site input")  # the form rendered: the kernel ran, the widgets drew
    page.wait_for_selector(".kk-guide")
    page.wait_for_timeout(800)
    assert page.locator(".kk-messages .kk-msg-error").count() == 0
    assert "Traceback" not in page.content()
    if lang == "tr":
        screenshot(page, notebook)
    guide = page.inner_text(".kk-guide")
    assert ("What to do" if lang == "en" else "Ne yaparsınız") in guide
    assert ("If it fails" if lang == "en" else "Olmazsa") in guide
    assert page.locator(".kk-guide li").count() >= 2
    page.wait_for_selector(".kk-nav")
    hrefs = [a.get_attribute("href") for a in page.locator(".kk-nav a").all()]
    assert len(hrefs) == 5
    for href in hrefs:
        query = parse_qs(urlsplit(href).query)
        assert query["site"] == [str(app.site)] and query["lang"] == [lang], href
    assert {urlsplit(h).path for h in hrefs} == {f"{nb}.ipynb" for nb in NOTEBOOKS if nb != notebook}
    assert page.locator(".kk-nav .kk-nav-here").inner_text().startswith(notebook[:2])


def test_feedback_is_where_the_eye_is(shared_app, page):
    """After "Tamam" low on page 01 the confirmation is on screen (the message area stays in view), and
    "Seç" shows the chosen candidate whole: server, database, firm, period."""
    from playwright.sync_api import expect

    app = shared_app
    page.goto(app.url("01_yeni_yil_gecisi", site=str(app.site), lang="tr"), wait_until="commit")
    page.wait_for_selector(".kk-site input", timeout=180_000)
    page.click(".kk-plan")
    page.wait_for_selector(".kk-rows .kk-reason")
    page.locator(".kk-search-row select").select_option(label="e-Arşiv / İzmir Şube")
    page.click(".kk-search")
    page.wait_for_selector(".kk-pick input")
    page.locator(".kk-pick label").filter(has_text="YEDEK").click()
    page.click(".kk-select")
    expect(page.locator(".kk-chosen")).to_contain_text(f"SRV01 sunucusunda IZMIRSUBE{YEAR}_YEDEK veri tabanı")
    page.click(".kk-ok")
    expect(page.locator(".kk-messages")).to_contain_text("plana eklendi")
    box = page.locator(".kk-messages div.kk-msg").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"], box
