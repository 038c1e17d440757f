"""Each accounting program's hard cases, on its own sandbox customer: what the kit decides and says,
and that a site contradicting its program stops `new-year --yes` with nothing written."""

from __future__ import annotations

from datetime import date

from konnektor_kit.domain.programs.logo.catalog import Period
from tests.conftest import YEAR, cli, konnektor_digest
from tests.helpers import discover, new_year_blocked, sql


def test_logo_period_year_comes_from_dates_not_number():
    fiscal = Period(firm=2, nr=3, begin=date(2016, 1, 1), end=date(2016, 12, 31))
    assert fiscal.year == 2016 and fiscal.holds(date(2016, 6, 1)) and not fiscal.holds(date(2003, 1, 1))


def test_logo_reason_reads_like_an_engineer_would_write_it(site, capsys):
    cands = discover(site, capsys, branch="Merkez")
    best = cands[0]
    assert f"dönem 03: 01.01.{YEAR}–31.12.{YEAR}" in best["reason"] and "1.105 fatura" in best["reason"]
    assert best["year"] == YEAR and best["label"].startswith("ÖRNEK GIDA")
    assert [c["score"] for c in cands] == sorted((c["score"] for c in cands), reverse=True)
    cands_en = discover(site, capsys, branch="Merkez", lang="en")
    assert "period 03" in cands_en[0]["reason"] and "1,105 invoices" in cands_en[0]["reason"]


def test_logo_firm_copy_is_followed_into_its_own_database(make_site, capsys):
    site = make_site("logo-firm-copy")
    cands = discover(site, capsys, branch="Merkez")
    assert (cands[0]["database"], cands[0]["firm"], cands[0]["period"]) == ("ANADOLU_411", "411", "01")
    assert "211" in cands[0]["reason"] and "ANADOLU_411" in cands[0]["reason"]
    other_firm = [c for c in cands if c["firm"] == "212"]
    assert len(other_firm) == 1 and other_firm[0]["score"] < cands[0]["score"]


def test_logo_without_period_table_needs_the_engineer(site, capsys):
    sql(site, "LOGODB", "DROP TABLE L_CAPIPERIOD")
    blocked = new_year_blocked(site, capsys)
    assert {r["branch"] for r in blocked} == {"Merkez"}
    assert len(blocked) == 6 and all("L_CAPIPERIOD" in r["reason"] for r in blocked)


def test_logo_two_equal_periods_for_the_year_are_the_engineers_call(site, capsys):
    sql(
        site,
        "LOGODB",
        f"INSERT INTO L_CAPIPERIOD VALUES (99, 2, 4, '{YEAR}-01-01', '{YEAR}-12-31', 0)",
        "CREATE TABLE LG_002_04_INVOICE AS SELECT * FROM LG_002_03_INVOICE",
        "CREATE TABLE LG_002_04_STFICHE AS SELECT * FROM LG_002_03_STFICHE",
    )
    blocked = new_year_blocked(site, capsys)
    assert len(blocked) == 6
    assert all(r["status"] == "ambiguous" and "002/03" in r["reason"] and "002/04" in r["reason"] for r in blocked)


def test_netsis_devirli_moves_and_warns_about_emptied_edocuments(make_site, capsys):
    site = make_site("netsis-devirli")
    cands = discover(site, capsys, branch="Merkez")
    assert cands[0]["database"] == f"BEYAZGIDA{YEAR}"
    assert next(c for c in cands if c["database"] == f"BEYAZGIDA{YEAR}DENEME")["score"] < cands[0]["score"]
    cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    code, results, _ = cli("test", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert code == 0 and len(results) == 9 and all(r["ok"] for r in results)
    assert all(r["category"] == "edocs_emptied" and "TBLEFATURA" in r["message"] for r in results)


def test_netsis_devirsiz_says_no_change_needed(make_site, capsys):
    site = make_site("netsis-devirsiz")
    digest = konnektor_digest(site)
    code, rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0 and konnektor_digest(site) == digest
    assert len(rows) == 8 and all(r["ok"] and r["status"] == "keep" and not r["changes"] for r in rows)
    assert all("SIRKETYILI" in r["reason"] or "devirsiz" in r["reason"] for r in rows)


def test_netsis_company_missing_from_sirketler30_needs_the_engineer(make_site, capsys):
    site = make_site("netsis-devirli")
    sql(site, "NETSIS", f"DELETE FROM SIRKETLER30 WHERE SIRKET = 'BEYAZGIDA{YEAR - 1}'")
    blocked = new_year_blocked(site, capsys)
    assert len(blocked) == 9 and all("SIRKETLER30" in r["reason"] for r in blocked)


def test_mikro_company_per_year_moves_and_one_company_for_all_years_stays(make_site, capsys):
    site = make_site("mikro")
    _, rows, _ = cli("new-year", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    furpa = [r for r in rows if r["branch"] == "Merkez"]
    lider = [r for r in rows if r["branch"] == "Lider Tarım"]
    assert len(furpa) == 6 and len(lider) == 3
    assert all(r["after"]["database"] == f"MikroDB_V16_FURPA{YEAR}" for r in furpa)
    assert all(r["status"] == "keep" and not r["changes"] for r in lider)


def test_mikro_without_master_database_needs_the_engineer(make_site, capsys):
    site = make_site("mikro")
    sql(site, "MikroDB_V16", "DROP TABLE VERI_TABANLARI")
    blocked = new_year_blocked(site, capsys)
    assert len(blocked) == 9 and all("VERI_TABANLARI" in r["reason"] for r in blocked)


def test_eta_prefers_the_years_database_over_copies(make_site, capsys):
    site = make_site("eta")
    cands = discover(site, capsys, branch="Merkez")
    # documents of the year by their own dates: 577 invoices (FATFISTAR) + 288 dispatches (IRSFISTAR)
    assert cands[0]["database"] == f"ETA_EDIS_{YEAR}" and cands[0]["documents"] == 577 + 288
    assert {c["database"] for c in cands[1:3]} == {f"ETA_EDIS_{YEAR}_YEDEK", f"ETA_DEMO_{YEAR}"}
