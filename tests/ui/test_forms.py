"""Each section's form driven in Python as a person would: set values, click buttons, read the page."""

from __future__ import annotations

import html
import importlib
import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from konnektor_kit.access.staff import DelayStore, site_key
from konnektor_kit.env import STATE_ENV
from konnektor_kit.i18n import word
from konnektor_kit.services.workspace import open_workspace
from konnektor_kit.training.sandbox import MARKER, TRAINING_STAFF_CREDENTIAL
from konnektor_kit.ui import inside, training
from konnektor_kit.ui.diagnosis import DiagnosisPage
from konnektor_kit.ui.guide import SECTIONS
from konnektor_kit.ui.inside import InsidePage
from konnektor_kit.ui.new_year import NewYearPage
from konnektor_kit.ui.optional_move import OptionalMovePage
from konnektor_kit.ui.page import Page
from konnektor_kit.ui.start import StartPage
from konnektor_kit.ui.training import TrainingPage
from tests.conftest import YEAR, konnektor_digest


def texts(page) -> str:
    return html.unescape(" ".join(m.value for m in page.messages.children))


def plan_html(page) -> str:
    """The plan table's cells as one text (the tick boxes are widgets of their own)."""
    return html.unescape(" ".join(getattr(c, "value", "") for c in page.rows.children if isinstance(c.value, str)))


def ticks(page) -> int:
    return sum(1 for c in page.rows.children if isinstance(c, widgets.Checkbox))


def settings(site: Path) -> dict[tuple[str, str], tuple]:
    with open_workspace(site) as ws:
        return {s.key: (s.database, s.firm, s.period) for s in ws.store.read_all()}


def test_start_shows_every_module_and_branch_and_points_at_the_guide(site):
    page = StartPage(site, lang="tr")
    assert page.year_value() == YEAR
    assert page.matrix.value.count("kk-cell-error") == 12
    assert "İzmir Şube" in page.matrix.value and "e-Müstahsil" not in page.matrix.value
    assert "01_yeni_yil_gecisi.ipynb" in page.advice.value
    assert "05_egitim.ipynb" in page.guides.value
    page.language.value = "en"
    assert "Module" in page.matrix.value and "New-year transition" in page.guides.value


def test_start_reports_a_bad_site_as_a_message(tmp_path, site):
    page = StartPage(site)
    page.site_field.value = str(tmp_path / "yok.toml")
    page.site_button.click()
    assert "bulunamadı" in texts(page) and "kk-msg-error" in texts(page)


def test_new_year_all_modules_at_once(site):
    page = NewYearPage(site)
    page.plan_button.click()
    assert ticks(page) == 12 and all(box.value for box in page.row_checks.values())
    assert plan_html(page).count("kk-reason") == 12, "one row a module × branch, its reason under its status"
    assert "12 ayarı yazacak" in page.preview.value and "<table" not in page.preview.value
    assert not page.update_button.disabled
    page.update_button.click()
    assert "12" in texts(page) and "kk-msg-ok" in texts(page)
    now = settings(site)
    assert now[("e-Fatura", "Merkez")] == ("LOGODB", "002", "03")
    assert now[("e-MM", "İzmir Şube")] == (f"IZMIRSUBE{YEAR}", None, None)
    assert page.result.value.count("kk-cell-error") == 0


def test_new_year_one_by_one_with_search_select_and_ok(site):
    page = NewYearPage(site)
    page.plan_button.click()
    for key, box in page.row_checks.items():
        box.value = key == ("e-Arşiv", "İzmir Şube")
    page.search_row.value = ("e-Arşiv", "İzmir Şube")
    assert page.search_button.description == "Veri tabanı Ara"
    page.search_button.click()
    assert "IZMIRSUBE2026_YEDEK" in page.candidates.value and "Neden" in page.candidates.value
    yedek = next(i for label, i in page.pick.options if "YEDEK" in label)
    page.pick.value = yedek
    page.select_button.click()
    chosen = html.unescape(page.chosen_text.value)  # the candidate whole: server, database, firm, period
    assert f"IZMIRSUBE{YEAR}_YEDEK" in chosen and "SRV01" in chosen and "firma —" in chosen, chosen
    page.ok_button.click()
    assert "1 ayarı yazacak" in page.preview.value and "_YEDEK" in plan_html(page)
    page.update_button.click()
    now = settings(site)
    assert now[("e-Arşiv", "İzmir Şube")] == (f"IZMIRSUBE{YEAR}_YEDEK", None, None)
    assert now[("e-Fatura", "İzmir Şube")] == (f"IZMIRSUBE{YEAR - 1}", None, None)


def test_new_year_candidate_of_another_year_asks_first_and_is_marked(make_site):
    site = make_site("logo-temmuz")
    page = NewYearPage(site)
    page.plan_button.click()
    page.search_row.value = ("e-Fatura", "Merkez")
    page.search_button.click()
    labels = [label for label, _ in page.pick.options]
    assert labels[0].startswith("1. LOGODB 005/03 · 01.07.2025–30.06.2026 · 380")
    assert "Tarih aralığı" in page.candidates.value and "Belge" in page.candidates.value
    page.pick.value = next(i for label, i in page.pick.options if "005/04" in label)
    page.select_button.click()
    page.ok_button.click()
    assert "kapsamıyor" in texts(page) and page.other_year_button.layout.display == ""
    e_fatura = [i for i in page.plan.items if i.before.module == "e-Fatura"]
    assert len(e_fatura) == 1 and e_fatura[0].after.period == "03"
    page.other_year_button.click()
    item = next(i for i in page.plan.items if i.before.key == ("e-Fatura", "Merkez"))
    assert item.after.period == "04" and item.other_year
    assert "⚠" in plan_html(page) and page.other_year_button.layout.display == "none"


def test_new_year_edefter_row_carries_its_caution_and_can_be_left_out(site):
    page = NewYearPage(site)
    page.plan_button.click()
    cautions = [c.value for c in page.rows.children if isinstance(c, widgets.HTML) and "kk-caution'" in c.value]
    assert len(cautions) == 2 and all("e-Defter" in c and "kutunun" in c for c in cautions)
    page.row_checks[("e-Defter", "Merkez")].value = False
    page.row_checks[("e-Defter", "İzmir Şube")].value = False
    page.update_button.click()
    now = settings(site)
    assert now[("e-Defter", "Merkez")] == ("LOGODB", "002", "02") and now[("e-Fatura", "Merkez")][2] == "03"


def test_new_year_firm_period_search_is_named_so_for_logo(site):
    page = NewYearPage(site)
    page.plan_button.click()
    page.search_row.value = ("e-Fatura", "Merkez")
    assert page.search_button.description == "Firma / Dönem Ara"
    page.language.value = "en"
    assert page.search_button.description == "Search firm / period"


def test_section2_bad_firm_code_is_explained_and_nothing_is_written(site):
    digest = konnektor_digest(site)
    page = OptionalMovePage(site)
    page.module.value, page.branch.value = "e-Fatura", "Merkez"
    assert page.firm.text.value == "002" and page.update_button.disabled
    page.firm.text.value = "2a"
    assert "3 haneli" in page.firm.hint.value
    page.test_button.click()
    assert 'Firma kodu "2a" geçersiz' in texts(page)
    assert page.update_button.disabled
    page.update_button.click()
    assert konnektor_digest(site) == digest


def test_section2_codes_normalise_live_then_test_then_update(site):
    page = OptionalMovePage(site)
    page.module.value, page.branch.value = "e-Fatura", "Merkez"
    page.firm.text.value, page.period.text.value = "2", "3"
    assert "002" in page.firm.hint.value and "03" in page.period.hint.value
    page.period.text.value = ""
    assert "kullanılmıyor" in page.period.hint.value
    page.period.text.value = "3"
    page.test_button.click()
    assert "kk-msg-ok" in texts(page) and not page.update_button.disabled
    page.firm.text.value = "02"  # typed after the test: test again first
    assert page.update_button.disabled
    page.test_button.click()
    page.update_button.click()
    assert settings(site)[("e-Fatura", "Merkez")] == ("LOGODB", "002", "03")


def test_section2_database_that_is_not_there_fails_the_test(site):
    page = OptionalMovePage(site)
    page.module.value, page.branch.value = "e-Defter", "İzmir Şube"
    assert f"IZMIRSUBE{YEAR}" in page.database.options
    page.database.value = "IZMIRSUBE2099"
    page.test_button.click()
    assert "IZMIRSUBE2099" in page.findings.value and page.update_button.disabled


class StaffWorld:
    """The staff field's outside world for a form test: its delay file in tmp, a clock the test moves,
    and the countdown's ticks recorded instead of timed."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.ticks: list[tuple[float, object]] = []

    def clock(self) -> float:
        return self.now

    def schedule(self, delay: float, action) -> None:
        self.ticks.append((delay, action))

    def tick(self) -> None:
        _delay, action = self.ticks.pop(0)
        action()


@pytest.fixture
def staff_world(tmp_path, monkeypatch) -> StaffWorld:
    world = StaffWorld()
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "state"))
    monkeypatch.setattr(inside, "DelayStore", lambda: DelayStore(clock=world.clock))
    monkeypatch.setattr(inside, "call_later", world.schedule)
    return world


def staff_actions(page) -> list[str]:
    """What the staff area offers, by the words on it (the history table and the undo's confirmation, shown
    only once asked, have none: "history", "confirm")."""
    import ipywidgets as w

    def named(child) -> str:
        return getattr(child, "description", "") or ("history" if isinstance(child, w.HTML) else "confirm")

    return [named(child) for child in page.staff_area.children]


STAFF_ACTIONS = [
    word("ui.force_update", "tr"),
    "history",
    word("ui.undo_pick", "tr"),
    word("ui.undo_last", "tr"),
    "confirm",
]


def sign_in(page, credential: str) -> None:
    page.staff_field.value = credential
    page.staff_button.click()


def test_section3_staff_actions_exist_only_after_the_credential(site, staff_world):
    page = InsidePage(site)
    page.module_buttons.value = "e-SMM"
    assert page.module.value == "e-SMM"
    assert page.staff_area.children == ()
    sign_in(page, "yanlis")
    assert "kabul edilmedi" in texts(page) and page.staff_area.children == ()
    assert page.staff_field.value == ""
    assert page.staff_button.disabled and page.staff_button.description == "Bekleyin: 1 sn"
    staff_world.now += 0.5
    staff_world.tick()
    assert not page.staff_button.disabled and page.staff_button.description == "Giriş"
    sign_in(page, TRAINING_STAFF_CREDENTIAL)
    assert len(page.messages.children) == 1 and "personel işlemleri açıldı" in texts(page)  # one message, not a pile
    assert staff_actions(page) == STAFF_ACTIONS
    page.branch.value = "Merkez"
    page.period.text.value = "3"
    page.staff_area.children[0].click()  # GÜNCELLE without a test, staff only
    assert settings(site)[("e-SMM", "Merkez")] == ("LOGODB", "002", "03")
    page.undo_button.click()  # first what it will put back, then "Evet"
    assert settings(site)[("e-SMM", "Merkez")] == ("LOGODB", "002", "03")
    assert "e-SMM / Merkez: LOGODB 002/03 → LOGODB 002/02" in html.unescape(page.undo_preview.value)
    page.undo_yes.click()
    assert settings(site)[("e-SMM", "Merkez")] == ("LOGODB", "002", "02")
    assert len(page.messages.children) == 1


def test_section3_another_site_closes_the_staff_actions(site, make_site, staff_world):
    other = make_site("eta")
    page = InsidePage(site)
    sign_in(page, TRAINING_STAFF_CREDENTIAL)
    force, undo = page.staff_area.children[0], page.undo_button
    assert staff_actions(page) == STAFF_ACTIONS
    page.site_field.value = str(other)  # typed only: the actions leave the page at once
    assert page.staff_area.children == () and "Site değişti" in texts(page)
    page.site_button.click()
    assert page.site_path == other and page.staff_area.children == ()
    before = settings(other)
    undo.click()  # a button kept from before the switch is refused, not run
    force.click()
    assert settings(other) == before and "açık değil" in texts(page) and len(page.messages.children) == 1
    page.site_field.value = str(site)  # back on the first site: the sign-in does not come back
    page.site_button.click()
    assert page.staff_area.children == ()
    undo.click()
    assert "açık değil" in texts(page)


def test_section3_staff_action_refuses_a_site_set_behind_the_field(site, make_site, staff_world):
    other = make_site("eta")
    page = InsidePage(site)
    sign_in(page, TRAINING_STAFF_CREDENTIAL)
    before = settings(other)
    page.site_path = other  # whatever moved the page behind the site field, each action checks again
    page.undo_button.click()
    assert settings(other) == before and page.staff_area.children == ()


def test_section3_new_page_is_locked(site, staff_world):
    page = InsidePage(site)
    sign_in(page, TRAINING_STAFF_CREDENTIAL)
    assert page.staff_area.children
    reloaded = InsidePage(site)  # a reload or a new tab: a new kernel, a new page
    assert reloaded.staff_area.children == () and reloaded.gate is None
    reloaded.run(lambda: reloaded.update(tested_only=False))
    assert "açık değil" in texts(reloaded)


def test_section3_training_credential_is_refused_on_a_real_site(site, staff_world):
    (site.parent / MARKER).unlink()  # no scenario marker: a customer's site, its [staff] hash still the training one
    page = InsidePage(site)
    sign_in(page, TRAINING_STAFF_CREDENTIAL)
    assert page.staff_area.children == () and "yalnızca eğitim sitelerini" in texts(page)
    page.language.value = "en"
    sign_in(page, TRAINING_STAFF_CREDENTIAL)
    assert "opens only training sandboxes" in texts(page) and len(page.messages.children) == 1


def test_section3_wrong_credential_in_two_pages_makes_the_second_wait(site, staff_world):
    first = InsidePage(site)
    sign_in(first, "yanlis")
    assert "kabul edilmedi" in texts(first)
    second = InsidePage(site)  # another tab: the wait is the site's, on disk
    assert second.staff_button.disabled and second.staff_button.description == "Bekleyin: 1 sn"
    sign_in(second, "yine-yanlis")  # clicked anyway (a script can): refused at once, not counted
    assert "bekleyin" in texts(second) and len(second.messages.children) == 1
    assert second.staff_button.disabled and second.staff_area.children == ()
    assert DelayStore(clock=staff_world.clock).failures(site_key(site)) == 1
    staff_world.now += 0.5
    sign_in(second, "yine-yanlis")
    assert "2 sn" not in texts(second) and "1 sn" in texts(second)  # 2nd failure: 1 s
    staff_world.now += 1.0
    for _ in range(len(staff_world.ticks)):
        staff_world.tick()
    assert not staff_world.ticks  # the countdowns ended: nothing more scheduled
    assert not second.staff_button.disabled and not first.staff_button.disabled
    sign_in(second, TRAINING_STAFF_CREDENTIAL)
    assert staff_actions(second) == STAFF_ACTIONS


def test_diagnosis_explains_failures_and_writes_a_report(make_site):
    site = make_site("missing-db")
    page = DiagnosisPage(site)
    page.run_button.click()
    assert "IZMIRSUBE2023" in page.table.value and "Veri tabanı Ara" in page.table.value
    page.report_button.click()
    reports = list((site.parent / "reports").glob("teshis-*.html"))
    assert len(reports) == 1 and "download=" in page.download.value
    text = reports[0].read_text(encoding="utf-8")
    assert "Örnek Gıda" in text and "IZMIRSUBE2023" in text and "<table" in text


def reset_query(page) -> dict[str, str]:
    """The address the page's "Kur / Sıfırla" link opens, as Voila hands it to the next kernel."""
    from urllib.parse import parse_qs, urlsplit

    href = html.unescape(re.search(r"href='([^']+)'", page.reset_link.value).group(1))
    assert urlsplit(href).path == "05_egitim.ipynb"
    return {k: v[-1] for k, v in parse_qs(urlsplit(href).query).items()}


def test_training_reset_and_grade(tmp_path, monkeypatch, site):
    monkeypatch.setattr(training, "TRAINING_ROOT", tmp_path / "egitim")
    page = TrainingPage(site)
    page.scenario.value = "eta"
    page.year.value = str(YEAR)
    query = reset_query(page)
    assert query["scenario"] == "eta" and query["year"] == str(YEAR) and query["lang"] == "tr"
    assert query["site"] == str(tmp_path / "egitim" / "eta" / "site.toml")
    page = TrainingPage(query=query)  # the link followed: the reset happens on the page it opens
    assert "ETA" in page.story.value and page.site_path == tmp_path / "egitim" / "eta" / "site.toml"
    assert "kk-msg-ok" in texts(page)
    page.grade_button.click()
    assert "0 / 8" in texts(page)
    with open_workspace(page.site_path) as ws:
        from konnektor_kit.services.plan import apply_plan, plan_new_year

        apply_plan(ws, plan_new_year(ws, YEAR))
    page.grade_button.click()
    assert "8 / 8" in texts(page) and "✗" not in page.grades.value


def test_training_reset_link_works_once_and_keeps_the_exercise(tmp_path, monkeypatch, site):
    monkeypatch.setattr(training, "TRAINING_ROOT", tmp_path / "egitim")
    query = reset_query(TrainingPage(site, lang="en"))
    assert query["scenario"] == "new-year" and query["lang"] == "en"
    first = TrainingPage(query=query)
    assert first.lang == "en" and 'Scenario "new-year" is ready' in texts(first)
    with open_workspace(first.site_path) as ws:
        from konnektor_kit.services.plan import apply_plan, plan_new_year

        apply_plan(ws, plan_new_year(ws, YEAR))
    done = konnektor_digest(first.site_path)
    again = TrainingPage(query=query)  # a reload, or Back from page 01: the same address
    assert again.site_path == first.site_path and konnektor_digest(again.site_path) == done
    assert "was used before" in texts(again) and "kk-msg-info" in texts(again)
    again.grade_button.click()
    assert "12 of 12" in texts(again)
    assert reset_query(again)["reset"] != query["reset"], "the page opened gives a fresh link"
    fresh = TrainingPage(query=reset_query(again))
    assert konnektor_digest(fresh.site_path) != done and "is ready" in texts(fresh)


@pytest.mark.parametrize(
    "change",
    [
        {"reset": "../../etc/x"},
        {"reset": "0-" + "0" * 32},
        {"reset": "ffffffffff-" + "0" * 32},
        {"site": "elsewhere/site.toml"},
        {"scenario": "../sandbox"},
        {"year": "26"},
    ],
)
def test_training_refuses_a_reset_link_it_did_not_give(tmp_path, monkeypatch, site, change):
    monkeypatch.setattr(training, "TRAINING_ROOT", tmp_path / "egitim")
    query = {**reset_query(TrainingPage(site)), **change}
    page = TrainingPage(site, query=query)
    assert page.site_path == site and not (tmp_path / "egitim" / "new-year").exists()
    assert "kk-msg-ok" not in texts(page) and (
        "kk-msg-warning" in texts(page) or "kk-msg-error" in texts(page) or "kk-msg-info" in texts(page)
    )


#: every page of ui/guide.SECTIONS, by its form: a new page cannot be left out of these tests
PAGES = [
    next(
        c
        for c in vars(importlib.import_module(f"konnektor_kit.ui.{section}")).values()
        if isinstance(c, type) and issubclass(c, Page) and c.section == section
    )
    for section in SECTIONS
]


@pytest.mark.parametrize("page_class", PAGES)
def test_every_page_speaks_both_languages(page_class, site):
    page = page_class(site, lang="en")
    labels = descriptions(page.root)
    assert labels and not re.search(r"[ğşıİ]", page.title.value)
    page.language.value = "tr"
    labels_tr = descriptions(page.root)
    assert len(labels_tr) == len(labels) and labels != labels_tr


def descriptions(widget) -> list[str]:
    """The words on every labelled widget of a page, as a person reads them top to bottom."""
    own = [widget.description] if getattr(widget, "description", "") else []
    return own + [d for child in getattr(widget, "children", ()) for d in descriptions(child)]


@pytest.mark.parametrize("page_class", PAGES)
def test_every_page_carries_its_guide_and_the_navigation_in_both_languages(site, page_class):
    page = page_class(site, lang="tr")
    assert "Ne yaparsınız" in page.guide.value and "Olmazsa" in page.guide.value and "<ol>" in page.guide.value
    links = re.findall(r"href='([^']+)'", html.unescape(page.nav.value))
    assert len(links) == 5 and all("site=" in h and "lang=tr" in h for h in links)
    page.language.value = "en"
    assert "What to do" in page.guide.value and "If it fails" in page.guide.value
    assert all("lang=en" in h for h in re.findall(r"href='([^']+)'", html.unescape(page.nav.value)))


def test_a_two_digit_year_is_refused_with_the_clis_words(site):
    page = DiagnosisPage(site)
    page.year.value = "26"
    page.run_button.click()
    assert "dört haneli" in texts(page) and not page.results


def test_switching_language_keeps_the_open_candidate_table(site):
    page = NewYearPage(site)
    page.plan_button.click()
    page.search_row.value = ("e-Arşiv", "İzmir Şube")
    page.search_button.click()
    page.pick.value = next(i for label, i in page.pick.options if "YEDEK" in label)
    page.select_button.click()
    page.language.value = "en"
    assert "IZMIRSUBE2026_YEDEK" in page.candidates.value and "Reason" in page.candidates.value
    assert page.chosen is not None and "YEDEK" in page.chosen_text.value
    assert "to move to move" not in plan_html(page) and "to move" in plan_html(page)


def test_messages_replace_each_other_instead_of_piling_up(site):
    page = DiagnosisPage(site)
    for typed in ("26", "1999", "abc"):
        page.year.value = typed
        page.run_button.click()
    assert len(page.messages.children) == 1 and "abc" in texts(page)
