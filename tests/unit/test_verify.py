"""`verify`, the half behind `konnektor-kit test`, on an in-memory catalog as `decide` is in test_programs.py:
every training customer's every module and branch, as the setting stands and once moved to the
scenario's own answer, each finding's category and severity; then the shapes the scenarios do not draw.

A finding is written "category:severity". The findings of one setting come in the order the profile
establishes them (the year first, then the documents, then the e-document tables)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from konnektor_kit.data.fixtures import DatabaseSpec
from konnektor_kit.domain.programs import PROFILES, profile_for
from konnektor_kit.domain.programs.logo.catalog import Firm
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.domain.text import fold
from konnektor_kit.domain.transition import Transition
from konnektor_kit.exceptions import DatabaseMissing
from konnektor_kit.training.scenarios import (
    SCENARIOS,
    eta_year_db,
    logo_catalog,
    logo_firm,
    netsis_company,
    per_year_db,
    typed,
)
from tests.conftest import YEAR
from tests.helpers import FakeCatalog, mikro_master

LAST = YEAR - 1
OK = "ok:ok"  # documents of the year counted, or e-document tables listed
WRONG_YEAR = "wrong_year:error"
NO_DOCUMENTS = "no_documents:warning"
TABLES_MISSING = "tables_missing:error"
MISMATCH = "profile_mismatch:error"
NOT_ROLLED = "year_not_rolled:warning"
EDOCS_EMPTIED = "edocs_emptied:warning"
LOGO_OLD_PERIOD = (WRONG_YEAR, OK, OK)  # invoices and e-document rows, but of the wrong period
LOGO_RIGHT_PERIOD = (OK, OK)

#: scenario → (branch, setting as the Konnektör shows it) → (findings as it stands, findings once moved
#: to the scenario's answer). A missing database is the exception the check turns into its category.
FINDINGS: dict[str, dict[tuple[str, str], tuple[tuple[str, ...] | type[Exception], tuple[str, ...]]]] = {
    "new-year": {
        ("Merkez", "LOGODB 002/02"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
        # GENERIC knows no document table: the year in the name is all it can prove (the check says ok)
        ("İzmir Şube", f"IZMIRSUBE{LAST}"): ((WRONG_YEAR,), ()),
    },
    "half-done": {
        ("Merkez", "LOGODB 002/03"): (LOGO_RIGHT_PERIOD, LOGO_RIGHT_PERIOD),
        ("Merkez", "LOGODB 002/02"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
        ("İzmir Şube", f"IZMIRSUBE{YEAR}"): ((), ()),
        ("İzmir Şube", f"IZMIRSUBE{LAST}"): ((WRONG_YEAR,), ()),
    },
    "wrong-codes": {
        # codes typed "2"/"2" or "02"/"02" name the same firm and period (check_codes reports the typing)
        ("Merkez", "LOGODB 2/2"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
        ("Merkez", "LOGODB 02/02"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
        ("Merkez", "LOGODB 002/02"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
        ("İzmir Şube", f"IZMIRSUBE{LAST}"): ((WRONG_YEAR,), ()),
    },
    "missing-db": {
        ("Merkez", "LOGODB 002/02"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
        ("İzmir Şube", f"IZMIRSUBE{LAST}"): ((WRONG_YEAR,), ()),
        ("İzmir Şube", f"IZMIRSUBE{LAST - 2}"): (DatabaseMissing, ()),
    },
    "logo-firm-copy": {
        ("Merkez", "LOGODB 211/05"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
        ("Gebze Şube", "LOGODB 211/05"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
    },
    "netsis-devirli": {
        # the new year's copy starts with empty e-document tables while last year's had rows: said
        ("Merkez", f"BEYAZGIDA{LAST}"): ((WRONG_YEAR, NO_DOCUMENTS), (EDOCS_EMPTIED, OK)),
        ("Bursa Şube", f"BEYAZGIDA{LAST}"): ((WRONG_YEAR, NO_DOCUMENTS), (EDOCS_EMPTIED, OK)),
    },
    "netsis-devirsiz": {
        ("Merkez", "KARADENIZFINDIK"): ((OK,), (OK,)),
        ("Giresun Şube", "KARADENIZFINDIK"): ((OK,), (OK,)),
    },
    "mikro": {
        ("Merkez", f"MikroDB_V16_FURPA{LAST}"): ((WRONG_YEAR, NO_DOCUMENTS, OK), (OK, OK)),
        ("Lider Tarım", "MikroDB_V16_LIDER"): ((OK, OK), (OK, OK)),
    },
    "eta": {
        ("Merkez", f"ETA_EDIS_{LAST}"): ((WRONG_YEAR, NO_DOCUMENTS), (OK,)),
        ("Ankara Şube", f"ETA_EDIS_{LAST}"): ((WRONG_YEAR, NO_DOCUMENTS), (OK,)),
    },
    "netsis-devirsiz-ocak": {
        # January before the opening voucher: staying is right, and test says the year is not rolled yet
        ("Merkez", "KARADENIZFINDIK"): ((NOT_ROLLED, OK), (NOT_ROLLED, OK)),
        ("Giresun Şube", "KARADENIZFINDIK"): ((NOT_ROLLED, OK), (NOT_ROLLED, OK)),
    },
    "logo-temmuz": {
        ("Merkez", "LOGODB 005/02"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
    },
    "logo-donemsiz": {
        ("Merkez", "LOGODB 007/01"): (LOGO_RIGHT_PERIOD, LOGO_RIGHT_PERIOD),
        ("Depo", "LOGODB 007/01"): (LOGO_RIGHT_PERIOD, LOGO_RIGHT_PERIOD),
    },
    "logo-kopya-yeniden-yazilmis": {
        ("Merkez", "LOGODB 211/05"): (LOGO_OLD_PERIOD, LOGO_RIGHT_PERIOD),
    },
    "mikro-sayisal": {
        # company 20 stopped last year and company 26 took over: the setting is on the wrong year
        ("Merkez", "MikroDB_V15_20"): ((WRONG_YEAR, NO_DOCUMENTS, OK), (OK, OK)),
        ("Depo", "MikroDB_V15_02"): ((OK, OK), (OK, OK)),
        ("Otomotiv", "MikroDB_V15_MERKEZ01"): ((OK, OK), (OK, OK)),
    },
    "yedek-kopya": {
        # a profile proves the year; that a copy was chosen is the site-wide check's finding (services.test)
        ("İzmir Şube", f"IZMIRSUBE{LAST}_YEDEK"): ((WRONG_YEAR,), ()),
        ("İzmir Şube", f"IZMIRSUBE{LAST}"): ((WRONG_YEAR,), ()),
        ("İzmir Şube", f"IZMIRMM{LAST}"): ((WRONG_YEAR,), ()),
    },
    "mikro-yil-kodlu": {
        # a year in a company code is the year it was opened: the company is this year's all the same
        ("Merkez", "MikroDB_V16_BKRC2020"): ((OK, OK), (OK, OK)),
        ("Deniz Yapı", "MikroDB_V16_2023"): ((OK, OK), (OK, OK)),
    },
    "mikro-mali-yil": {
        ("Merkez", f"MikroDB_V16_OKUL{LAST}"): ((OK, OK), (OK, OK)),  # its fiscal year holds 1 January
    },
    "mikro-v17": {
        # after the V16 → V17 upgrade the setting's database is gone; the same DB_kod is in MikroDesktop
        ("Merkez", "MikroDB_V16_FURPA"): (DatabaseMissing, (OK, OK)),
        ("Lider Tarım", f"MikroDB_V16_LIDER{LAST}"): (DatabaseMissing, (OK, OK)),
    },
    "yeni-sunucu": {
        ("Merkez", f"MAGAZA{LAST}"): ((WRONG_YEAR,), ()),
        ("Outlet", f"MAGAZA{LAST}"): ((WRONG_YEAR,), ()),
    },
}


def transition(sc) -> Transition:
    return Transition(
        sc.year, date(sc.year, 1, 1), frozenset(sc.ignore_firms), frozenset(fold(n) for n in sc.ignore_databases)
    )


def findings(setting: ModuleSetting, when: Transition, reader: FakeCatalog) -> tuple[str, ...]:
    return tuple(f"{f.category}:{f.severity}" for f in profile_for(setting.program).verify(setting, when, reader))


def test_every_scenario_has_its_findings_written_down():
    assert list(FINDINGS) == list(SCENARIOS)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_module_of_every_scenario_as_it_stands_and_once_moved(name):
    sc = SCENARIOS[name](YEAR)
    reader, when, table = FakeCatalog.of(sc.databases), transition(sc), FINDINGS[name]
    seen = set()
    assert len(sc.settings) >= len(table)
    for setting in sc.settings:
        row = (setting.branch, setting.label)
        assert row in table, (setting.key, row)
        seen.add(row)
        as_it_stands, moved = table[row]
        if isinstance(as_it_stands, type):
            with pytest.raises(as_it_stands):
                findings(setting, when, reader)
        else:
            assert findings(setting, when, reader) == as_it_stands, setting.key
        database, firm, period = sc.expected[setting.key]
        answer = replace(setting, database=database, firm=firm, period=period)
        assert findings(answer, when, reader) == moved, setting.key
        assert all(f.severity != "error" for f in profile_for(setting.program).verify(answer, when, reader))
    assert seen == set(table), "a row of FINDINGS that no setting of the scenario has"


def test_the_scenarios_verify_every_program_profile():
    programs = {s.program for name in SCENARIOS for s in SCENARIOS[name](YEAR).settings}
    assert programs == set(PROFILES)


# ---- shapes the scenarios do not draw --------------------------------------------------------------
def setting(program: str, database: str, firm: str | None = None, period: str | None = None) -> ModuleSetting:
    return ModuleSetting("e-Fatura", "", program, "SRV01", database, firm, period, 1)


def per_year(program: str, *names: tuple[str, int, int]) -> FakeCatalog:
    """(database, year, documents) as the program keeps them: ETA's FATFIS/IRSFIS, GENERIC's own tables."""
    rng, specs = random.Random(5), []
    for name, year, count in names:
        spec = DatabaseSpec(name)
        (eta_year_db if program == "ETA" else per_year_db)(spec, year, count, rng, None)
        specs.append(spec)
    return FakeCatalog.of(specs)


@pytest.mark.parametrize("program", ["GENERIC", "ETA"])
def test_per_year_the_right_database_is_ok_and_last_years_is_the_wrong_year(program):
    reader = per_year(program, (f"SUBE{LAST}", LAST, 30), (f"SUBE{YEAR}", YEAR, 20))
    when = Transition.of(YEAR)
    documents = (OK,) if program == "ETA" else ()
    assert findings(setting(program, f"SUBE{YEAR}"), when, reader) == documents
    assert findings(setting(program, f"SUBE{LAST}"), when, reader) == (
        (WRONG_YEAR, NO_DOCUMENTS) if program == "ETA" else (WRONG_YEAR,)
    )


def test_eta_counts_only_the_years_documents_and_says_how_many():
    reader = per_year("ETA", (f"ETA_X_{YEAR}", YEAR, 12))
    found = PROFILES["ETA"].verify(setting("ETA", f"ETA_X_{YEAR}"), Transition.of(YEAR), reader)
    assert [(f.category, f.severity) for f in found] == [("ok", "ok")]
    # 12 invoices (FATFIS) and 6 dispatches (IRSFIS), all dated in the year
    assert "18" in found[0].message.get("en")
    assert findings(setting("ETA", f"ETA_X_{YEAR}"), Transition.of(YEAR + 1), reader) == (WRONG_YEAR, NO_DOCUMENTS)


def test_eta_a_database_without_etas_tables_is_named_with_what_is_missing():
    reader = FakeCatalog.of([DatabaseSpec(f"ETA_X_{YEAR}", []), _with_table(f"ETA_Y_{YEAR}", "FATFIS")])
    empty = PROFILES["ETA"].verify(setting("ETA", f"ETA_X_{YEAR}"), Transition.of(YEAR), reader)
    assert [(f.category, f.severity) for f in empty] == [("tables_missing", "error")]
    assert "FATFIS" in empty[0].message.get("en") and "IRSFIS" in empty[0].message.get("en")
    half = PROFILES["ETA"].verify(setting("ETA", f"ETA_Y_{YEAR}"), Transition.of(YEAR), reader)
    assert [(f.category, f.severity) for f in half] == [("tables_missing", "error")]
    assert "IRSFIS" in half[0].message.get("en") and "FATFIS," not in half[0].message.get("en")


def test_generic_an_empty_database_has_no_tables_to_prove_anything():
    reader = FakeCatalog.of([DatabaseSpec(f"SUBE{YEAR}", [])])
    assert findings(setting("GENERIC", f"SUBE{YEAR}"), Transition.of(YEAR), reader) == (TABLES_MISSING,)


def _with_table(database: str, table: str) -> DatabaseSpec:
    spec = DatabaseSpec(database)
    spec.table(table, [("X", "int")], [])
    return spec


def logo_site(invoices: int = 40) -> FakeCatalog:
    rng = random.Random(11)
    main = DatabaseSpec("LOGODB")
    logo_catalog(main, [Firm(4, "DENİZ TİCARET A.Ş.", taxnr="1234567890")], [(4, 1, LAST), (4, 2, YEAR)])
    logo_firm(main, 4, [(1, LAST, 30), (2, YEAR, invoices)], rng)
    return FakeCatalog.of([main])


def test_logo_the_period_holding_the_day_is_ok_another_is_the_wrong_year():
    reader, when = logo_site(), Transition.of(YEAR)
    assert findings(setting("LOGO", "LOGODB", "004", "02"), when, reader) == LOGO_RIGHT_PERIOD
    assert findings(setting("LOGO", "LOGODB", "4", "1"), when, reader) == LOGO_OLD_PERIOD
    # a period the catalog does not list for the firm (its tables are there): the wrong year too
    reader.data["LOGODB"]["L_CAPIPERIOD"].rows = [r for r in reader.data["LOGODB"]["L_CAPIPERIOD"].rows if r[2] != 1]
    assert findings(setting("LOGO", "LOGODB", "004", "01"), when, reader) == LOGO_OLD_PERIOD


def test_logo_a_period_without_invoices_yet_is_a_warning_not_an_error():
    reader = logo_site(invoices=0)
    found = findings(setting("LOGO", "LOGODB", "004", "02"), Transition.of(YEAR), reader)
    assert found[0] == NO_DOCUMENTS and WRONG_YEAR not in found


@pytest.mark.parametrize(
    "firm, period, why",
    [
        (None, "01", "no firm"),
        ("004", None, "no period"),
        ("009", "01", "a firm the catalog does not list"),
    ],
)
def test_logo_a_setting_that_names_no_listed_firm_and_period_is_a_profile_mismatch(firm, period, why):
    assert findings(setting("LOGO", "LOGODB", firm, period), Transition.of(YEAR), logo_site()) == (MISMATCH,), why


def test_logo_a_period_whose_tables_were_never_created_names_them():
    reader = logo_site()
    del reader.data["LOGODB"]["LG_004_02_STFICHE"]
    found = PROFILES["LOGO"].verify(setting("LOGO", "LOGODB", "004", "02"), Transition.of(YEAR), reader)
    assert [(f.category, f.severity) for f in found] == [("tables_missing", "error")]
    assert "LG_004_02_STFICHE" in found[0].message.get("en")


def test_logo_a_setting_on_a_database_without_a_catalog_is_a_profile_mismatch():
    reader = FakeCatalog.of([_with_table("OTHER", "X")])
    assert findings(setting("LOGO", "OTHER", "004", "02"), Transition.of(YEAR), reader) == (MISMATCH,)


def test_mikro_a_company_not_listed_in_its_master_is_a_profile_mismatch():
    reader = mikro_master(("ABC", "Abc Ltd.", [(YEAR, 10)]))
    reader.data["MikroDB_V16_XYZ"] = reader.data["MikroDB_V16_ABC"]
    assert findings(setting("MIKRO", "MikroDB_V16_XYZ"), Transition.of(YEAR), reader) == (MISMATCH, OK, OK)


def test_mikro_a_database_without_mikros_movement_tables_names_them():
    reader = mikro_master(("ABC", "Abc Ltd.", [(YEAR, 10)]))
    del reader.data["MikroDB_V16_ABC"]["CARI_HESAP_HAREKETLERI"]
    found = PROFILES["MIKRO"].verify(setting("MIKRO", "MikroDB_V16_ABC"), Transition.of(YEAR), reader)
    assert [(f.category, f.severity) for f in found] == [("tables_missing", "error")]
    assert "CARI_HESAP_HAREKETLERI" in found[0].message.get("en")


def test_mikro_a_multi_year_company_without_this_years_documents_waits_with_a_warning():
    """No successor and no document of the year yet (early January): keep, and say no documents yet."""
    reader = mikro_master(("ABC", "Abc Ltd.", [(LAST, 10)]))
    assert findings(setting("MIKRO", "MikroDB_V16_ABC"), Transition.of(YEAR), reader) == (NO_DOCUMENTS, OK)


def test_mikro_a_company_per_year_named_by_its_year_is_checked_by_that_year():
    reader = mikro_master((f"ABC{LAST}", "Abc", [(LAST, 10)]), (f"ABC{YEAR}", "Abc", [(YEAR, 10)]))
    assert findings(setting("MIKRO", f"MikroDB_V16_ABC{YEAR}"), Transition.of(YEAR), reader) == (OK, OK)
    assert findings(setting("MIKRO", f"MikroDB_V16_ABC{LAST}"), Transition.of(YEAR), reader) == (
        WRONG_YEAR,
        NO_DOCUMENTS,
        OK,
    )


def netsis_site(companies: list[tuple[str, int]], edocs: dict[str, int]) -> FakeCatalog:
    rng = random.Random(17)
    system = DatabaseSpec("NETSIS")
    system.table("SIRKETLER30", typed("SIRKET SIRKETYILI:int"), companies)
    specs = [system]
    for name, year in companies:
        spec = DatabaseSpec(name)
        netsis_company(spec, [(year, 20)], edocs.get(name, 0), rng)
        specs.append(spec)
    return FakeCatalog.of(specs)


def test_netsis_a_company_not_in_sirketler30_is_a_profile_mismatch():
    reader = netsis_site([(f"KUZEY{YEAR}", YEAR)], {})
    reader.data["GUNEY"] = reader.data[f"KUZEY{YEAR}"]
    assert findings(setting("NETSIS", "GUNEY"), Transition.of(YEAR), reader) == (MISMATCH, OK)


def test_netsis_a_devirli_copy_whose_e_documents_were_kept_lists_them():
    reader = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)], {f"KUZEY{LAST}": 30, f"KUZEY{YEAR}": 8})
    assert findings(setting("NETSIS", f"KUZEY{YEAR}"), Transition.of(YEAR), reader) == (OK, OK)
    emptied = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)], {f"KUZEY{LAST}": 30})
    assert findings(setting("NETSIS", f"KUZEY{YEAR}"), Transition.of(YEAR), emptied) == (EDOCS_EMPTIED, OK)


def test_netsis_last_years_company_with_the_new_one_there_is_the_wrong_year():
    reader = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)], {})
    assert findings(setting("NETSIS", f"KUZEY{LAST}"), Transition.of(YEAR), reader) == (WRONG_YEAR, NO_DOCUMENTS)


def test_netsis_without_its_system_database_falls_back_to_the_year_in_the_name():
    reader = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)], {})
    del reader.data["NETSIS"]
    assert findings(setting("NETSIS", f"KUZEY{LAST}"), Transition.of(YEAR), reader) == (WRONG_YEAR, NO_DOCUMENTS)
    assert findings(setting("NETSIS", f"KUZEY{YEAR}"), Transition.of(YEAR), reader) == (OK,)
