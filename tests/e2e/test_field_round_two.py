"""Field shapes, round two (shared/docs/field-notes.md "MIKRO", "Servers and copies"), through the command
line, the report and the pages: a copy never reads green, MIKRO as it really is, every server searched."""

from __future__ import annotations

import html
from pathlib import Path

from konnektor_kit.present.page_frame import PALETTE
from konnektor_kit.present.report import diagnosis_html
from konnektor_kit.services.test import check_settings
from konnektor_kit.services.workspace import open_workspace
from konnektor_kit.ui.new_year import NewYearPage
from konnektor_kit.ui.optional_move import OptionalMovePage
from konnektor_kit.ui.start import StartPage
from tests.conftest import YEAR, cli, konnektor_digest
from tests.helpers import settings_by_key

LAST = YEAR - 1
IZMIR = "İzmir Şube"


def apply(site: Path, capsys, module: str, branch: str, *args: str) -> tuple[int, object, str]:
    return cli("apply", "--site", str(site), "--module", module, "--branch", branch, *args, "--yes", capsys=capsys)


def checked(site: Path, capsys, *args: str) -> tuple[int, dict]:
    year = () if "--year" in args else ("--year", str(YEAR))
    code, rows, _ = cli("test", "--site", str(site), *year, *args, capsys=capsys)
    return code, settings_by_key(rows)


# --- a copy, and a module its branch does not agree with ----------------------------------------------
def site_with_a_copy_and_an_odd_module(site: Path, capsys) -> None:
    """Örnek Gıda moved to the new year, then e-Fatura / İzmir pointed at the year's backup copy and
    e-Arşiv / İzmir at Ankara's database: both reach tables and documents of the year."""
    code, _, err = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0, err
    assert apply(site, capsys, "e-Fatura", IZMIR, "--database", f"IZMIRSUBE{YEAR}_YEDEK")[0] == 0
    assert apply(site, capsys, "e-Arşiv", IZMIR, "--database", f"ANKARASUBE{YEAR}")[0] == 0


def test_a_backup_copy_and_an_odd_module_are_never_ok_in_test(site, capsys):
    site_with_a_copy_and_an_odd_module(site, capsys)
    code, rows = checked(site, capsys)
    assert code == 1
    copy, odd = rows[("e-Fatura", IZMIR)], rows[("e-Arşiv", IZMIR)]
    assert copy["ok"] is False and copy["category"] == "copy_database"
    assert f"IZMIRSUBE{YEAR}_YEDEK" in copy["message"] and "yedek/test kopyası" in copy["message"]
    assert odd["ok"] is False and odd["category"] == "odd_database"
    assert f"ANKARASUBE{YEAR}" in odd["message"] and f"IZMIRSUBE{YEAR}" in odd["message"]
    assert all(r["ok"] for key, r in rows.items() if key not in {("e-Fatura", IZMIR), ("e-Arşiv", IZMIR)})
    _, en = cli("test", "--site", str(site), "--year", str(YEAR), "--lang", "en", capsys=capsys)[:2]
    assert "backup or test copy" in settings_by_key(en)[("e-Fatura", IZMIR)]["message"]


def test_the_report_and_the_start_page_colour_them_as_suspect(site, capsys):
    site_with_a_copy_and_an_odd_module(site, capsys)
    with open_workspace(site) as ws:
        results = check_settings(ws, ws.store.read_all(), YEAR)
        report = diagnosis_html(ws.site, results, "tr", YEAR)
    assert PALETTE["suspect"] in report and "2 tanesinde" in report
    assert "yedek/test kopyası" in report and "şubenin diğer modüllerinden farklı veri tabanı" in report
    page = StartPage(site, lang="tr")
    assert page.matrix.value.count("kk-cell-suspect") == 2 and "kk-cell-ok" in page.matrix.value
    assert "yedek/test kopyası" in page.matrix.value
    assert "04_teshis.ipynb" in page.advice.value and "kk-msg-ok" not in page.advice.value


def test_a_setting_on_an_ignored_database_is_a_copy_too(site, capsys):
    site_with_a_copy_and_an_odd_module(site, capsys)
    assert apply(site, capsys, "e-Fatura", IZMIR, "--database", f"IZMIRSUBE{YEAR}")[0] == 0
    text = Path(site).read_text(encoding="utf-8")
    Path(site).write_text(text + f'\n[ignore]\ndatabases = ["ANKARASUBE{YEAR}"]\n', encoding="utf-8")
    _, rows = checked(site, capsys)
    assert rows[("e-Arşiv", IZMIR)]["category"] == "copy_database" and "[ignore]" in rows[("e-Arşiv", IZMIR)]["message"]


def test_the_site_file_says_a_module_really_reads_its_own_database(make_site, capsys):
    site = make_site("yedek-kopya")
    code, rows = checked(site, capsys, "--year", str(LAST))  # its [own_database]: e-MM reads IZMIRMM
    assert rows[("e-MM", IZMIR)]["category"] != "odd_database"
    assert rows[("e-Fatura", IZMIR)]["category"] == "copy_database"
    text = Path(site).read_text(encoding="utf-8")
    Path(site).write_text(text.replace('"İzmir Şube" = ["e-MM"]', '"İzmir Şube" = []'), encoding="utf-8")
    _, rows = checked(site, capsys, "--year", str(LAST))
    assert rows[("e-MM", IZMIR)]["category"] == "odd_database" and "IZMIRMM" in rows[("e-MM", IZMIR)]["message"]
    Path(site).write_text(text.replace('"İzmir Şube" = ["e-MM"]', '"İzmir Şube" = "e-MM"'), encoding="utf-8")
    code, _, err = cli("test", "--site", str(site), capsys=capsys)
    assert code == 2 and "[own_database]" in err


def test_the_plan_moves_a_copy_to_the_database_it_copies_and_ready_calls_it_out(make_site, capsys):
    site = make_site("yedek-kopya")
    code, rows, _ = cli("ready", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert code == 1
    by = settings_by_key(rows)
    assert by[("e-Fatura", IZMIR)]["state"] == "suspect" and by[("e-Fatura", IZMIR)]["who"] == "engineer"
    assert f"IZMIRSUBE{LAST}_YEDEK" in by[("e-Fatura", IZMIR)]["todo"]
    assert all(r["state"] == "ready" for key, r in by.items() if key != ("e-Fatura", IZMIR))
    _, plan_rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    row = settings_by_key(plan_rows)[("e-Fatura", IZMIR)]
    assert row["status"] == "move" and row["after"]["database"] == f"IZMIRSUBE{YEAR}" and "_YEDEK" in row["reason"]


def test_a_copy_of_this_year_is_moved_to_the_real_one_not_kept(site, capsys):
    cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    apply(site, capsys, "e-Fatura", IZMIR, "--database", f"IZMIRSUBE{YEAR}_YEDEK")
    _, plan_rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    row = settings_by_key(plan_rows)[("e-Fatura", IZMIR)]
    assert row["status"] == "move" and row["after"]["database"] == f"IZMIRSUBE{YEAR}"


# --- MIKRO --------------------------------------------------------------------------------------------
def test_mikro_a_year_in_the_code_is_the_year_the_company_was_opened(make_site, capsys):
    site = make_site("mikro-yil-kodlu")
    digest = konnektor_digest(site)
    code, rows, err = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0, err
    assert all(r["status"] == "keep" and not r["changes"] for r in rows) and konnektor_digest(site) == digest
    code, results = checked(site, capsys)
    assert code == 0 and all(r["ok"] and r["category"] == "ok" for r in results.values())
    code, ready, _ = cli("ready", "--site", str(site), "--year", str(YEAR + 1), capsys=capsys)
    assert code == 0 and all(r["state"] == "automatic" for r in ready)
    assert {r["current"]["database"] for r in ready} == {"MikroDB_V16_BKRC2020", "MikroDB_V16_2023"}


def test_mikro_a_fiscal_year_from_september_is_kept_in_january_and_moved_in_september(make_site, capsys):
    site = make_site("mikro-mali-yil")
    code, rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert code == 0 and all(r["status"] == "keep" for r in rows)
    assert all(f"01.09.{LAST}–31.08.{YEAR}" in r["reason"] for r in rows)
    code, results = checked(site, capsys)
    assert code == 0 and all(r["ok"] for r in results.values())
    _, cands, _ = cli("discover", "--site", str(site), "--module", "e-Fatura", "--year", str(YEAR), capsys=capsys)
    assert cands[0]["database"] == f"MikroDB_V16_OKUL{LAST}"
    assert (cands[0]["begin"], cands[0]["end"], cands[0]["fits"]) == (f"{LAST}-09-01", f"{YEAR}-08-31", True)
    code, rows, _ = cli("new-year", "--site", str(site), "--date", f"01.09.{YEAR}", "--yes", capsys=capsys)
    assert code == 0 and all(r["after"]["database"] == f"MikroDB_V16_OKUL{YEAR}" for r in rows)
    code, results, _ = cli("test", "--site", str(site), "--date", f"01.09.{YEAR}", capsys=capsys)
    assert code == 0, results


def test_mikro_a_company_left_in_last_years_fiscal_year_names_the_one_holding_the_day(make_site, capsys):
    site = make_site("mikro-mali-yil")
    code, rows, _ = cli("test", "--site", str(site), "--date", f"01.09.{YEAR}", capsys=capsys)
    assert code == 1 and all(r["category"] == "wrong_year" for r in rows)
    assert all(f"MikroDB_V16_OKUL{YEAR}" in r["message"] for r in rows)


def test_mikro_after_the_v17_upgrade_the_same_company_is_offered_in_mikrodesktop(make_site, capsys):
    site = make_site("mikro-v17")
    args = ("discover", "--site", str(site), "--module", "e-Fatura", "--branch", "Merkez", "--year", str(YEAR))
    code, cands, _ = cli(*args, capsys=capsys)
    assert code == 0 and cands[0]["database"] == "MikroDesktop_FURPA"
    assert "MikroDB_V16_FURPA" in cands[0]["reason"] and "MikroDesktop_FURPA" in cands[0]["reason"]
    code, rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0
    after = {(r["module"], r["branch"]): r["after"]["database"] for r in rows}
    assert after[("e-Fatura", "Merkez")] == "MikroDesktop_FURPA"
    assert after[("e-Fatura", "Lider Tarım")] == f"MikroDesktop_LIDER{YEAR}"


# --- every server of the site ------------------------------------------------------------------------
def test_the_new_years_database_on_another_server_is_offered_with_its_server(make_site, capsys):
    site = make_site("yeni-sunucu")
    args = ("discover", "--site", str(site), "--module", "e-Fatura", "--branch", "Merkez", "--year", str(YEAR))
    code, cands, _ = cli(*args, capsys=capsys)
    assert code == 0 and all("server" in c for c in cands)
    assert (cands[0]["database"], cands[0]["server"]) == (f"MAGAZA{YEAR}", "SRV02") and "SRV02" in cands[0]["reason"]
    assert any(c["server"] == "SRV01" and c["database"] == f"MAGAZA{YEAR}_YEDEK" for c in cands)


def test_apply_moves_a_row_to_another_server(make_site, capsys):
    site = make_site("yeni-sunucu")
    code, out, err = apply(site, capsys, "e-Fatura", "Merkez", "--server", "SRV02", "--database", f"MAGAZA{YEAR}")
    assert code == 0, err
    assert (out["after"]["server"], out["after"]["database"]) == ("SRV02", f"MAGAZA{YEAR}")
    code, rows = checked(site, capsys, "--module", "e-Fatura", "--branch", "Merkez")
    assert code == 0 and rows[("e-Fatura", "Merkez")]["ok"]
    code, _, err = cli("undo", "--site", str(site), capsys=capsys)
    assert code == 0, err
    digest = konnektor_digest(site)
    for bad in (("--server", "SRV09", "--database", f"MAGAZA{YEAR}"), ("--server", "SRV02", "--database", "YOK")):
        code, _, err = apply(site, capsys, "e-Fatura", "Merkez", *bad)
        assert code == 2 and err.strip(), bad
    assert konnektor_digest(site) == digest


def test_new_year_moves_every_row_to_the_other_server(make_site, capsys):
    site = make_site("yeni-sunucu")
    code, rows, err = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0, err
    assert all((r["after"]["server"], r["after"]["database"]) == ("SRV02", f"MAGAZA{YEAR}") for r in rows)
    code, results = checked(site, capsys)
    assert code == 0 and all(r["ok"] for r in results.values())


# --- small gaps ----------------------------------------------------------------------------------------
def test_page_02_names_the_period_that_holds_the_day_when_it_refuses_one(site):
    page = OptionalMovePage(site)
    page.module.value, page.branch.value = "e-Fatura", "Merkez"
    page.period.text.value = "1"
    page.test_button.click()
    assert page.update_button.disabled
    assert "dönem 03" in page.findings.value and f"01.01.{YEAR}" in page.findings.value


def test_page_02_names_the_database_of_the_year_when_it_refuses_one(site):
    page = OptionalMovePage(site)
    page.module.value, page.branch.value = "e-Fatura", IZMIR
    page.test_button.click()
    assert f"IZMIRSUBE{YEAR}" in page.findings.value and page.update_button.disabled


def test_page_01_says_per_program_that_nothing_is_opened_yet_and_who_opens_it(site):
    page = NewYearPage(site, lang="tr")
    page.year.value = str(YEAR + 1)
    page.plan_button.click()
    said = html.unescape(" ".join(m.value for m in page.messages.children))
    assert "karar sizin" not in said and said.count("Muhasebe Programcınızdan destek alabilirsiniz") == 2
    assert f"LOGO (6 ayar): {YEAR + 1} için henüz hiçbir şey açılmamış" in said and "GENERIC (6 ayar)" in said
    page.language.value = "en"
    page.plan_button.click()
    said = html.unescape(" ".join(m.value for m in page.messages.children))
    assert f"nothing has been opened for {YEAR + 1} yet" in said and "accounting vendor" in said


def test_page_02_refuses_a_backup_copy_in_words_and_colour(site, capsys):
    cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    digest = konnektor_digest(site)
    page = OptionalMovePage(site)
    page.module.value, page.branch.value = "e-Fatura", IZMIR
    page.database.value = f"IZMIRSUBE{YEAR}_YEDEK"
    page.test_button.click()
    assert "yedek/test kopyası" in page.findings.value and "kk-cell-suspect" in page.findings.value
    assert page.update_button.disabled
    page.update_button.click()
    assert konnektor_digest(site) == digest
