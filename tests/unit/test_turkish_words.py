"""Turkish screens without code words: a TOML syntax error told in Turkish, campaign verbs in words,
ETA's next database named when the company is known, "uygun" said once a row, GENERIC in words."""

from __future__ import annotations

import pytest

from konnektor_kit.data.site import load_site
from konnektor_kit.exceptions import SiteError
from konnektor_kit.i18n import t
from konnektor_kit.present import views
from konnektor_kit.services.inspect import inspect_settings
from konnektor_kit.services.readiness import next_year_name
from konnektor_kit.services.test import check_settings
from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR


def test_a_toml_syntax_error_is_told_in_turkish(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text('name = "x"\n[konnektor]\nsqlite "konnektor.sqlite"\n', encoding="utf-8")
    with pytest.raises(SiteError) as err:
        load_site(site)
    said = err.value.message("tr")
    assert "3. satırın" in said and "sütununda yazım hatası" in said
    assert "Expected" not in said and "line" not in said
    assert "line 3, column" in err.value.message("en")


def test_campaign_verbs_are_words():
    said = t("campaign.title", verb=t("campaign.verb.ready"), year=2027)
    assert said.get("tr") == "Kampanya: yeni yıla hazırlık, 2027" and "ready" not in said.get("tr")


def test_eta_next_database_is_named_when_the_company_is_known():
    assert next_year_name("ETA_GIDA_2026", 2027) == "ETA_GIDA_2027"
    assert next_year_name("ETA_2026_GIDA", 2027) == "ETA_2027_GIDA"
    unknown = next_year_name("ETADB", 2027)
    assert not isinstance(unknown, str) and unknown.get("en") == "ETA_<COMPANY>_2027"
    said = t("ready.needs.ETA", year=2027, database="ETA_GIDA_2026", firm="—", expected="ETA_GIDA_2027")
    assert "ŞİRKET" not in said.get("tr") and "ETA_GIDA_2027" in said.get("tr")


def test_ok_rows_say_uygun_once_and_generic_is_words(site):
    from konnektor_kit.services.plan import apply_plan, plan_new_year

    with open_workspace(site) as ws:
        apply_plan(ws, plan_new_year(ws, YEAR))  # every row moved: every row's check is ok
        ws.refresh()
        found = inspect_settings(ws)
        results = check_settings(ws, found, YEAR)
    assert all(r.ok for r in results)
    frame = views.checks(results, "tr")
    assert all(list(row).count("uygun") == 1 for row in frame.itertuples(index=False))
    programs = set(views.settings(found, "tr")["Program"])
    assert "GENERIC" not in programs and "diğer (her yıla bir veri tabanı)" in programs


#: the buttons each page's guide names in its steps, by their message keys
GUIDE_BUTTONS = {
    "start": ("ui.check_all",),
    "new_year": ("ui.make_plan", "ui.select", "ui.ok", "ui.update", "ui.search.firm_period", "ui.search.database"),
    "optional_move": ("ui.test", "ui.update"),
    "inside": ("ui.test", "ui.update"),
    "diagnosis": ("ui.diagnose", "ui.report"),
    "training": ("training.reset", "ui.grade"),
}


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("section", list(GUIDE_BUTTONS))
def test_the_guides_name_the_buttons_as_they_are_labelled(section, lang):
    from konnektor_kit.i18n import word

    steps = word(f"guide.{section}.steps", lang).casefold()
    missing = [word(k, lang) for k in GUIDE_BUTTONS[section] if word(k, lang).casefold() not in steps]
    assert not missing, f"{section} {lang}: the guide does not name {missing}: {steps}"
