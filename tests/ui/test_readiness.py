"""The "Yeni yıla hazır mı?" section of 00_baslangic and 04_teshis, driven as a person would."""

from __future__ import annotations

import html

import pytest

from konnektor_kit.ui.diagnosis import DiagnosisPage
from konnektor_kit.ui.start import StartPage
from tests.conftest import YEAR, konnektor_digest


@pytest.mark.parametrize("page_class", [StartPage, DiagnosisPage])
def test_next_year_not_ready_names_the_vendor(make_site, page_class):
    site = make_site("eta")
    before = konnektor_digest(site)
    page = page_class(site, lang="tr")
    page.readiness.year.value = str(YEAR + 1)
    page.readiness.button.click()
    table = html.unescape(page.readiness.table.value)
    # every cell of the 8 rows (module, branch, program, connection, state, target, who, to do, reason)
    assert table.count("<tr") == 9 and table.count("kk-cell-error") == 8 * 9
    assert "Muhasebe Programcınızdan destek alabilirsiniz" in table and "eksik" in table
    assert "kk-msg-warning" in page.readiness.summary.value
    assert konnektor_digest(site) == before
    page.language.value = "en"
    assert "accounting vendor" in html.unescape(page.readiness.table.value)
    assert "8 settings for" in html.unescape(page.readiness.summary.value)


@pytest.mark.parametrize("page_class", [StartPage, DiagnosisPage])
def test_ready_and_automatic_rows(make_site, page_class):
    site = make_site("mikro")
    page = page_class(site, lang="en")
    page.readiness.year.value = str(YEAR)
    page.readiness.button.click()
    table = html.unescape(page.readiness.table.value)
    assert "kk-cell-error" not in table and "automatic" in table and "ready" in table
    assert f"new-year --site {site} --year {YEAR} --yes" in table
    assert "kk-msg-ok" in page.readiness.summary.value


def test_a_bad_year_is_a_message_and_an_other_site_clears_the_answer(make_site):
    site, other = make_site("eta"), make_site("mikro")
    page = StartPage(site, lang="tr")
    page.readiness.year.value = "27"
    page.readiness.button.click()
    assert "geçersiz" in html.unescape(" ".join(m.value for m in page.messages.children))
    page.readiness.year.value = str(YEAR)
    page.readiness.button.click()
    assert page.readiness.table.value
    page.site_field.value = str(other)
    page.site_button.click()
    assert page.readiness.table.value == "" and page.readiness.found is None


def test_escapes_site_controlled_names(make_site):
    """A branch named like markup is shown as text in the readiness table."""
    from konnektor_kit.services.workspace import open_workspace

    site = make_site("eta")
    with open_workspace(site) as ws:
        ws.store.conn.raw.execute("UPDATE KONNEKTOR_MODUL_AYAR SET SUBE = '<img src=x onerror=alert(1)>' || SUBE")
    page = StartPage(site, lang="tr")
    page.readiness.year.value = str(YEAR)
    page.readiness.button.click()
    assert "<img" not in page.readiness.table.value and "&lt;img" in page.readiness.table.value
