"""The customers the manuals do not draw (shared/docs/field-notes.md), through the command line:
each shape gives the answer an experienced support engineer expects, and bad input loses nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import YEAR, cli, konnektor_digest
from tests.helpers import apply, discover, new_year_blocked, sql

LAST = YEAR - 1


def databases(site: Path) -> Path:
    return Path(site).parent / "databases"


def rows_by_branch(rows: list[dict], branch: str) -> list[dict]:
    return [r for r in rows if r["branch"] == branch]


# --- NETSIS -------------------------------------------------------------------------------------
def test_netsis_devirsiz_in_january_needs_no_change_and_says_sirketyili_has_not_moved(make_site, capsys):
    site = make_site("netsis-devirsiz-ocak")
    digest = konnektor_digest(site)
    code, rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0 and konnektor_digest(site) == digest
    assert len(rows) == 8
    assert all(r["status"] == "keep" and "SIRKETYILI" in r["reason"] and str(LAST) in r["reason"] for r in rows)
    code, results, _ = cli("test", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert code == 0 and len(results) == 8
    assert all(r["ok"] and r["category"] == "year_not_rolled" for r in results)


def test_netsis_new_year_documents_in_last_years_company_before_the_copy_mean_keep_for_now(make_site, capsys):
    site = make_site("netsis-devirli")
    sql(site, "NETSIS", f"DELETE FROM SIRKETLER30 WHERE SIRKETYILI = {YEAR}")
    sql(site, f"BEYAZGIDA{LAST}", f"INSERT INTO TBLFATUIRS VALUES ('F', 'Y{YEAR}01', '120.01.001', '{YEAR}-01-05')")
    code, rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0 and len(rows) == 9 and all(r["status"] == "keep" and not r["changes"] for r in rows)
    assert all("şimdilik" in r["reason"] for r in rows)
    _, rows_en, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), "--lang", "en", capsys=capsys)
    assert len(rows_en) == 9 and all("keep for now" in r["reason"] for r in rows_en)


def test_netsis_without_new_year_documents_or_copy_is_not_found(make_site, capsys):
    site = make_site("netsis-devirli")
    sql(site, "NETSIS", f"DELETE FROM SIRKETLER30 WHERE SIRKETYILI = {YEAR}")
    blocked = new_year_blocked(site, capsys)
    assert len(blocked) == 9 and all(r["status"] == "not_found" for r in blocked)


def test_netsis_free_named_devir_company_is_offered_for_the_engineer_to_confirm(make_site, capsys):
    site = make_site("netsis-devirli")
    sql(
        site,
        "NETSIS",
        f"DELETE FROM SIRKETLER30 WHERE SIRKET IN ('BEYAZGIDA{YEAR}', 'BEYAZGIDA{YEAR}DENEME')",
        f"INSERT INTO SIRKETLER30 VALUES ('DEVIR', {YEAR}, 'Beyaz Gıda devir')",
    )
    shutil.move(databases(site) / f"BEYAZGIDA{YEAR}.sqlite", databases(site) / "DEVIR.sqlite")
    blocked = new_year_blocked(site, capsys)
    assert len(blocked) == 9 and all(r["status"] == "ambiguous" and "DEVIR" in r["reason"] for r in blocked)
    cands = discover(site, capsys, branch="Merkez")
    assert cands[0]["database"] == "DEVIR" and f"{YEAR}" in cands[0]["reason"]
    assert next(c for c in cands if c["database"] == f"NETSISDEMO{YEAR}")["score"] < cands[0]["score"]
    code, _, err = apply(site, capsys, database="DEVIR")
    assert code == 0, err


def test_netsis_old_set_without_sirketyili_falls_back_to_names(make_site, capsys):
    site = make_site("netsis-devirli")
    sql(
        site,
        "NETSIS",
        "CREATE TABLE S2 AS SELECT SIRKET, ACIKLAMA FROM SIRKETLER30",
        "DROP TABLE SIRKETLER30",
        "ALTER TABLE S2 RENAME TO SIRKETLER30",
    )
    code, rows, err = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert code == 0, err
    assert len(rows) == 9
    assert all(r["after"]["database"] == f"BEYAZGIDA{YEAR}" and "SIRKETYILI" in r["reason"] for r in rows)


# --- LOGO ---------------------------------------------------------------------------------------
def test_logo_july_periods_with_another_transition_day(make_site, capsys):
    site = make_site("logo-temmuz")
    _, rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert len(rows) == 6 and all(r["after"]["period"] == "03" for r in rows)
    _, rows, _ = cli("new-year", "--site", str(site), "--date", f"01.07.{YEAR}", capsys=capsys)
    assert len(rows) == 6 and all(r["after"]["period"] == "04" for r in rows)
    _, cands, _ = cli("discover", "--site", str(site), "--module", "e-Fatura", "--year", str(YEAR), capsys=capsys)
    assert cands[0]["begin"] == f"{LAST}-07-01" and cands[0]["end"] == f"{YEAR}-06-30" and cands[0]["fits"]
    assert len(cands) == 4 and all(c["fits"] is False for c in cands[1:])


def test_logo_period_without_its_tables_is_reported_as_such(site, capsys):
    sql(site, "LOGODB", "DROP TABLE LG_002_03_INVOICE", "DROP TABLE LG_002_03_STFICHE")
    blocked = rows_by_branch(new_year_blocked(site, capsys), "Merkez")
    assert len(blocked) == 6
    assert all("tabloları oluşturulmamış" in r["reason"] and "LG_002_03_INVOICE" in r["reason"] for r in blocked)
    assert not any("açılmamış" in r["reason"] for r in blocked)


def test_logo_donemsiz_not_extended_says_extend_enddate_or_open_a_period(make_site, capsys):
    site = make_site("logo-donemsiz")
    sql(site, "LOGODB", f"UPDATE L_CAPIPERIOD SET ENDDATE = '{LAST}-12-31'")
    blocked = new_year_blocked(site, capsys)
    assert len(blocked) == 8 and all("ENDDATE" in r["reason"] and "dönem açın" in r["reason"] for r in blocked)


def test_logo_passive_copy_is_ranked_down_and_never_chosen(make_site, capsys):
    site = make_site("logo-kopya-yeniden-yazilmis")
    sql(site, "LOGODB", "UPDATE L_CAPIFIRM SET PASSIVE = 1 WHERE NR = 411")
    blocked = new_year_blocked(site, capsys)
    assert len(blocked) == 6
    _, cands, _ = cli("discover", "--site", str(site), "--module", "e-Fatura", "--year", str(YEAR), capsys=capsys)
    copy = next(c for c in cands if c["firm"] == "411")
    assert "pasif" in copy["reason"] and copy["score"] < 60


def test_logo_test_copy_on_the_ignore_list_is_shown_but_never_proposed(make_site, capsys):
    site = make_site("logo-kopya-yeniden-yazilmis")
    _, cands, _ = cli("discover", "--site", str(site), "--module", "e-Arşiv", "--year", str(YEAR), capsys=capsys)
    test_copy = next(c for c in cands if c["firm"] == "911")
    assert test_copy["score"] == 0 and "[ignore]" in test_copy["reason"]
    assert cands[0]["firm"] == "411" and "VKN" in cands[0]["reason"] and "e-Arşiv" in cands[0]["reason"]
    text = Path(site).read_text(encoding="utf-8")
    Path(site).write_text(text[: text.index("# test copies")] + text[text.index("[staff]") :], encoding="utf-8")
    _, cands, _ = cli("discover", "--site", str(site), "--module", "e-Arşiv", "--year", str(YEAR), capsys=capsys)
    test_copy = next(c for c in cands if c["firm"] == "911")
    assert cands[0]["firm"] == "411" and 0 < test_copy["score"] < cands[0]["score"]
    assert "USEEARCHIVE = 0" in test_copy["reason"]


def test_a_bad_ignore_list_is_bad_input(make_site, capsys):
    site = make_site("logo-kopya-yeniden-yazilmis")
    Path(site).write_text(
        Path(site).read_text(encoding="utf-8").replace("firms = [911]", 'firms = ["on bir"]'), encoding="utf-8"
    )
    code, _, err = cli("inspect", "--site", str(site), capsys=capsys)
    assert code == 2 and "[ignore]" in err


# --- MIKRO --------------------------------------------------------------------------------------
def test_mikro_numeric_codes_and_a_replaced_multi_year_company(make_site, capsys):
    site = make_site("mikro-sayisal")
    _, rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    merkez, depo, oto = (rows_by_branch(rows, b) for b in ("Merkez", "Depo", "Otomotiv"))
    assert (len(merkez), len(depo), len(oto)) == (6, 2, 1)
    assert all(r["after"]["database"] == "MikroDB_V15_26" and "20" in r["reason"] for r in merkez)
    assert all(r["status"] == "keep" for r in depo + oto)
    assert "2001" not in oto[0]["reason"]
    cands = discover(site, capsys, branch="Merkez")
    assert "MikroDB_V15_25" not in {c["database"] for c in cands}, "DB_iptal = 1 is skipped"


# --- the plan ------------------------------------------------------------------------------------
def test_edefter_row_carries_a_caution_and_can_be_skipped(site, capsys):
    _, rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    cautions = [r["caution"] for r in rows if r["caution"] is not None]
    assert len(rows) == 12 and len(cautions) == 2, "e-Defter in both branches, and only it"
    assert all((r["caution"] is not None) == (r["module"] == "e-Defter") for r in rows)
    assert all(str(LAST) in caution for caution in cautions)
    code, rows, _ = cli(
        "new-year", "--site", str(site), "--year", str(YEAR), "--skip", "e-defter", "--yes", capsys=capsys
    )
    assert code == 0
    skipped = [r for r in rows if r["module"] == "e-Defter"]
    moved = [r for r in rows if r["module"] != "e-Defter"]
    assert (len(skipped), len(moved)) == (2, 10)
    assert all(r["status"] == "skipped" and not r["changes"] for r in skipped)
    assert all(r["changes"] for r in moved)
    _, now, _ = cli("inspect", "--site", str(site), capsys=capsys)
    assert [r["period"] for r in now if r["module"] == "e-Defter" and r["branch"] == "Merkez"] == ["02"]


def test_bad_dates_and_skips_are_bad_input_and_change_nothing(site, capsys):
    digest = konnektor_digest(site)
    for args in (
        ("--date", "31.02.2026"),
        ("--date", "yarın"),
        ("--year", str(YEAR), "--date", f"01.07.{LAST}"),
        ("--year", str(YEAR), "--skip", "e-Kitap"),
        (),
    ):
        code, _, err = cli("new-year", "--site", str(site), *args, "--yes", capsys=capsys)
        assert code == 2 and err.strip(), args
    assert konnektor_digest(site) == digest


def test_databases_the_server_cannot_open_are_named_in_the_answer(make_site, capsys, monkeypatch):
    """SQL Server lists a NETSIS copy that is still RESTORING; the kit names it instead of "not found"."""
    from konnektor_kit.data.sqlite_folder import SqliteFolderServer

    site = make_site("netsis-devirli")
    (databases(site) / f"BEYAZGIDA{YEAR}.sqlite").unlink()
    sql(site, "NETSIS", f"DELETE FROM SIRKETLER30 WHERE SIRKET = 'BEYAZGIDA{YEAR}'")
    monkeypatch.setattr(SqliteFolderServer, "unavailable_databases", lambda self: {f"BEYAZGIDA{YEAR}": "RESTORING"})
    blocked = new_year_blocked(site, capsys)
    assert len(blocked) == 9
    assert all("RESTORING" in r["reason"] and f"BEYAZGIDA{YEAR}" in r["reason"] for r in blocked)
