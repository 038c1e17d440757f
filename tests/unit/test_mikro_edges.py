"""MIKRO's edges the scenarios do not draw, on an in-memory catalog: the fiscal start as VERI_TABANLARI
gives it (and what is made of values out of range), the company that holds a day on its first and last
day, which master a setting is followed to after an upgrade, a copy whose company is gone, and the
stock movements as the year's documents. Each test states one rule of mikro.py (contract §3,
docs/programs.md's MIKRO part) as the engineer meets it."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from konnektor_kit.data.fixtures import DatabaseSpec
from konnektor_kit.domain.decisions import Decision, Finding
from konnektor_kit.domain.programs.mikro import Company, MikroProfile
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.domain.transition import Transition
from konnektor_kit.i18n import t, tr_date
from konnektor_kit.training.scenarios import mikro_company, typed
from tests.conftest import YEAR
from tests.helpers import FakeCatalog, mikro_master

LAST = YEAR - 1
MIKRO = MikroProfile()
FISCAL = " DB_maliyil_baslangic_ayi:int DB_maliyil_baslangic_gunu:int DB_maliyil_takvim_bitisyili:int"


def master(name: str, companies: list[tuple], years: dict[str, list[int]], fiscal: bool = False) -> list[DatabaseSpec]:
    """A Mikro master listing `companies` ((DB_kod, DB_isim) or, with `fiscal`, (DB_kod, DB_isim, start
    month, start day, named by its end year)) and the company databases of `years` (code → years with
    documents); a listed code without years has no database."""
    spec = DatabaseSpec(name)
    spec.table("VERI_TABANLARI", typed("DB_kod DB_isim" + (FISCAL if fiscal else "")), companies)
    specs, rng = [spec], random.Random(5)
    for code, its_years in years.items():
        db = DatabaseSpec(f"{name}_{code}")
        mikro_company(db, [(y, 12) for y in its_years], rng, None)
        specs.append(db)
    return specs


def mikro(database: str) -> ModuleSetting:
    return ModuleSetting("e-Fatura", "", "MIKRO", "SRV01", database, None, None, 1)


def decide(database: str, when: Transition, reader: FakeCatalog) -> Decision:
    return MIKRO.decide(mikro(database), when, reader)


def errors(database: str, when: Transition, reader: FakeCatalog) -> list[Finding]:
    return [f for f in MIKRO.verify(mikro(database), when, reader) if f.severity == "error"]


# --- the fiscal year as VERI_TABANLARI gives it ---------------------------------------------------------
def test_the_fiscal_start_is_read_from_veri_tabanlari_and_values_out_of_range_are_the_calendar_year():
    companies = [
        ("ARALIK", "Aralık", 12, 31, 9999),  # the last month, the last day, the largest end-year flag
        ("EYLUL", "Eylül", 9, 15, 0),
        ("BOZUK", "Bozuk", 13, 32, 10000),  # no such month or day: January 1st, named by its start
        ("BOS", "Boş", None, None, None),
    ]
    reader = FakeCatalog.of(master("MikroDB_V16", companies, {}, fiscal=True))
    found = {code: (c.start, c.named_by_end) for code, c in MIKRO.companies("MikroDB_V16", reader).items()}
    assert found == {
        "ARALIK": ((12, 31), True),
        "EYLUL": ((9, 15), False),
        "BOZUK": ((1, 1), False),
        "BOS": ((1, 1), False),
    }


@pytest.mark.parametrize("start", [(1, 1), (1, 2), (2, 29), (2, 30), (3, 1), (9, 1), (9, 15), (12, 1), (12, 28)])
@pytest.mark.parametrize("named_by_end", [False, True])
def test_the_company_named_for_a_day_is_the_one_whose_fiscal_year_holds_it(start, named_by_end):
    company = Company("OKUL", "Bilgi Koleji", start=start, named_by_end=named_by_end)
    for day in (date(LAST - 2, 1, 1) + timedelta(days=n) for n in range(5 * 366)):  # a leap year among them
        begin, end = company.span(company.year_holding(day))
        assert begin <= day <= end, (day, company.year_holding(day))


def test_the_year_in_a_name_is_the_start_year_unless_the_company_is_named_by_its_end_year():
    assert Company("OKUL", "o", start=(9, 1)).year_holding(date(YEAR, 9, 1)) == YEAR
    assert Company("OKUL", "o", start=(9, 1), named_by_end=True).year_holding(date(YEAR, 9, 1)) == YEAR + 1
    # a calendar-year company holds its own year whichever way it says it is named
    assert Company("OKUL", "o", start=(1, 1), named_by_end=True).year_holding(date(YEAR, 1, 1)) == YEAR


def test_a_missing_fiscal_years_company_is_named_by_the_year_it_starts_in():
    companies = [(f"OKUL{y}", "Bilgi Koleji", 9, 1, 0) for y in (LAST - 1, LAST)]
    reader = FakeCatalog.of(master("MikroDB_V16", companies, {f"OKUL{y}": [y, y + 1] for y in (LAST - 1, LAST)}, True))
    decision = decide(f"MikroDB_V16_OKUL{LAST}", Transition.of(YEAR, date(YEAR, 9, 1)), reader)
    assert decision.status == "not_found"
    assert f"MikroDB_V16_OKUL{YEAR}" in decision.reason.get("en")
    assert f"MikroDB_V16_OKUL{YEAR + 1}" not in decision.reason.get("en")


# --- a company per year holds its first and its last day ------------------------------------------------
def lider() -> FakeCatalog:
    companies = [(f"LIDER{y}", "Lider Tarım") for y in (LAST, YEAR)]
    return FakeCatalog.of(master("MikroDB_V16", companies, {f"LIDER{y}": [y] for y in (LAST, YEAR)}))


@pytest.mark.parametrize("day", [date(YEAR, 1, 1), date(YEAR, 12, 31)])
def test_a_company_per_year_is_kept_on_its_years_first_and_last_day(day):
    decision = decide(f"MikroDB_V16_LIDER{YEAR}", Transition.of(YEAR, day), lider())
    assert decision.status == "keep" and decision.target is not None
    assert decision.target.database == f"MikroDB_V16_LIDER{YEAR}"
    assert (decision.target.begin, decision.target.end) == (date(YEAR, 1, 1), date(YEAR, 12, 31))


@pytest.mark.parametrize("day", [date(YEAR, 1, 1), date(YEAR, 12, 31)])
def test_the_check_names_the_company_that_holds_the_day_on_its_first_and_last_day(day):
    found = errors(f"MikroDB_V16_LIDER{LAST}", Transition.of(YEAR, day), lider())
    assert [f.category for f in found] == ["wrong_year"]
    assert f"MikroDB_V16_LIDER{YEAR}" in found[0].message.get("en")


# --- after an upgrade: the newest master that has the company ----------------------------------------
def test_a_setting_whose_master_is_gone_is_followed_to_the_newest_master_listing_its_company():
    old = master("MikroDB_V15", [("FURPA", "FURPA Tekstil")], {"FURPA": [LAST, YEAR]})
    new = master("MikroDB_V16", [("FURPA", "FURPA Tekstil")], {"FURPA": [LAST, YEAR]})
    decision = decide("MikroDB_V14_FURPA", Transition.of(YEAR), FakeCatalog.of([*old, *new]))
    assert decision.status == "move" and decision.target is not None
    assert decision.target.database == "MikroDB_V16_FURPA"


def test_a_master_listing_the_company_without_its_database_is_passed_over():
    desktop = master("MikroDesktop", [("FURPA", "FURPA Tekstil")], {})  # listed, its database not restored
    v16 = master("MikroDB_V16", [("FURPA", "FURPA Tekstil")], {"FURPA": [LAST, YEAR]})
    decision = decide("MikroDB_V15_FURPA", Transition.of(YEAR), FakeCatalog.of([*desktop, *v16]))
    assert decision.status == "move" and decision.target is not None
    assert decision.target.database == "MikroDB_V16_FURPA"


# --- a copy whose company's database is gone ----------------------------------------------------------
def test_a_copy_company_is_decided_as_itself_when_the_company_it_copies_has_no_database():
    companies = [(f"FURPA{YEAR}", "FURPA Tekstil"), (f"FURPA{YEAR}_YEDEK", "FURPA yedek")]
    reader = FakeCatalog.of(master("MikroDB_V16", companies, {f"FURPA{YEAR}_YEDEK": [YEAR]}))
    decision = decide(f"MikroDB_V16_FURPA{YEAR}_YEDEK", Transition.of(YEAR), reader)
    assert decision.status == "keep" and decision.target is not None
    assert decision.target.database == f"MikroDB_V16_FURPA{YEAR}_YEDEK"
    assert all(c.database != f"MikroDB_V16_FURPA{YEAR}" for c in decision.candidates)


# --- the year's documents ---------------------------------------------------------------------------
def test_stock_movements_alone_are_the_years_documents():
    reader = mikro_master(("LIDER", "Lider Tarım", [(YEAR, 10)]))
    reader.data["MikroDB_V16_LIDER"]["CARI_HESAP_HAREKETLERI"].rows.clear()  # no account movement this year
    decision = decide("MikroDB_V16_LIDER", Transition.of(YEAR), reader)
    assert decision.status == "keep" and decision.target is not None and decision.target.documents == 10
    assert decision.target.begin is not None and decision.target.begin.year == YEAR
    findings = MIKRO.verify(mikro("MikroDB_V16_LIDER"), Transition.of(YEAR), reader)
    assert "no_documents" not in [f.category for f in findings]


def test_the_check_looks_past_companies_without_a_year_for_the_one_that_holds_the_day():
    """A master also lists companies whose code carries no year (MERKEZ) or another firm's: passed over."""
    companies = [
        ("MERKEZ", "Merkez"),
        ("BASKA2026", "Başka Firma"),
        *((f"LIDER{y}", "Lider Tarım") for y in (LAST, YEAR)),
    ]
    years = {"MERKEZ": [YEAR], "BASKA2026": [YEAR], **{f"LIDER{y}": [y] for y in (LAST, YEAR)}}
    reader = FakeCatalog.of(master("MikroDB_V16", companies, years))
    found = errors(f"MikroDB_V16_LIDER{LAST}", Transition.of(YEAR, date(YEAR, 3, 1)), reader)
    assert [f.category for f in found] == ["wrong_year"]
    message = found[0].message.get("en")
    assert f"MikroDB_V16_LIDER{YEAR}" in message and "MERKEZ" not in message and "BASKA" not in message


def test_the_check_says_a_calendar_years_company_is_another_year_and_a_fiscal_one_its_span():
    calendar = errors(f"MikroDB_V16_LIDER{LAST}", Transition.of(YEAR, date(YEAR, 3, 1)), lider())
    assert t("reason.other_year", year=LAST).get("en") in calendar[0].message.get("en")
    companies = [(f"OKUL{y}", "Bilgi Koleji", 9, 1, 0) for y in (LAST, YEAR)]
    reader = FakeCatalog.of(master("MikroDB_V16", companies, {f"OKUL{y}": [y] for y in (LAST, YEAR)}, fiscal=True))
    fiscal = errors(f"MikroDB_V16_OKUL{LAST}", Transition.of(YEAR, date(YEAR, 10, 1)), reader)
    span = t("reason.mikro.span", begin=tr_date(date(LAST, 9, 1)), end=tr_date(date(YEAR, 8, 31))).get("en")
    assert [f.category for f in fiscal] == ["wrong_year"] and span in fiscal[0].message.get("en")


def test_a_company_without_a_name_is_read_nameless():
    reader = FakeCatalog.of(master("MikroDB_V16", [("ADSIZ", None), ("LIDER", " Lider Tarım ")], {}))
    assert {code: c.name for code, c in MIKRO.companies("MikroDB_V16", reader).items()} == {
        "ADSIZ": "",
        "LIDER": "Lider Tarım",
    }
