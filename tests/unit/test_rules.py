"""The programs' finer rules on an in-memory catalog, each stated once: the scores the contract's
`discover` shows, how many candidates are opened, the words a decision is explained with, and the
edge cases of reading LOGO's, MIKRO's and NETSIS's own lists. Each test names the rule it holds."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from konnektor_kit.data.fixtures import DatabaseSpec
from konnektor_kit.domain.decisions import Candidate
from konnektor_kit.domain.programs import PROFILES, profile_for
from konnektor_kit.domain.programs.base import conclude
from konnektor_kit.domain.programs.logo.catalog import Firm, read_firm
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.domain.text import fold, tr_lower
from konnektor_kit.domain.transition import Transition
from konnektor_kit.i18n import Msg, t
from konnektor_kit.training.scenarios import (
    SCENARIOS,
    logo_catalog,
    logo_firm,
    netsis_company,
    per_year_db,
    typed,
)
from tests.conftest import YEAR
from tests.helpers import FakeCatalog, mikro_master

LAST = YEAR - 1
WHEN = Transition.of(YEAR)


def setting(program: str, database: str, firm: str | None = None, period: str | None = None, module="e-Fatura"):
    return ModuleSetting(module, "", program, "SRV01", database, firm, period, 1)


def scenario(name: str):
    sc = SCENARIOS[name](YEAR)
    when = Transition(
        YEAR, date(YEAR, 1, 1), frozenset(sc.ignore_firms), frozenset(fold(n) for n in sc.ignore_databases)
    )
    return sc, FakeCatalog.of(sc.databases), when


def decide(s: ModuleSetting, reader: FakeCatalog, when: Transition = WHEN):
    return profile_for(s.program).decide(s, when, reader)


def en(msg: Msg) -> str:
    return msg.get("en")


# ---- the scores `discover` shows (contract §4: database, firm, period, year, label, score) ------------
def test_logo_scores_same_firm_copy_other_firm_other_day_and_the_service_flag():
    sc, reader, when = scenario("new-year")
    merkez = next(s for s in sc.settings if s.module == "e-Fatura" and s.branch == "Merkez")
    found = [(c.firm, c.period, c.score) for c in decide(merkez, reader, when).candidates]
    # firm 002's period of the year (90) + e-Fatura's flag on (3); firm 003 another firm (20 + 3);
    # firm 002's other periods do not hold 1 January (5)
    assert found == [("002", "03", 93), ("003", "02", 23), ("002", "01", 5), ("002", "02", 5)]


def test_logo_a_copy_by_tax_number_scores_86_and_every_modules_e_service_flag_is_read():
    sc, reader, when = scenario("logo-kopya-yeniden-yazilmis")
    assert len(sc.settings) == 6
    for s in sc.settings:
        decision = decide(s, reader, when)
        assert decision.target is not None and decision.target.firm == "411", s.module
        assert decision.target.score == 86 + 3, s.module  # the copy by tax number, its flag for this module on
        assert "e-services: e-Fatura, e-Arşiv, e-İrsaliye, e-Defter, e-SMM, e-MM" in en(decision.target.reason)


@pytest.mark.parametrize("retired, word", [("PASSIVE", "passive"), ("LIQUIDATEDFIRM", "liquidat")])
def test_logo_a_retired_copy_is_ranked_down_below_the_bar_and_never_chosen(retired, word):
    sc, reader, when = scenario("logo-kopya-yeniden-yazilmis")
    firms = reader.data["LOGODB"]["L_CAPIFIRM"]
    column = firms.columns.index(retired)
    firms.rows = [(*r[:column], int(r[1] == 411), *r[column + 1 :]) for r in firms.rows]
    decision = decide(sc.settings[0], reader, when)
    copy = next(c for c in decision.candidates if c.firm == "411")
    assert decision.status == "not_found" and copy.score == 86 + 3 - 40
    assert word in en(copy.reason).lower()


def test_logo_a_copy_known_only_by_its_title_or_its_name():
    rng, main = random.Random(3), DatabaseSpec("LOGODB")
    logo_catalog(
        main,
        [Firm(1, "ESKİ AD", title="DENİZ GIDA A.Ş."), Firm(2, "YENİ AD", title="Deniz Gıda A.Ş."), Firm(3, "ESKİ AD")],
        [(1, 1, LAST), (2, 1, YEAR), (3, 1, YEAR)],
        without_services=(1, 2, 3),
    )
    for firm in (1, 2, 3):
        logo_firm(main, firm, [(1, LAST if firm == 1 else YEAR, 10)], rng)
    found = decide(setting("LOGO", "LOGODB", "001", "01"), FakeCatalog.of([main]))
    scores = {c.firm: c.score for c in found.candidates}
    assert found.status == "move" and found.target.firm == "002"
    # every e-service flag is off here: 3 down for the module not used, and the firm's services are "—"
    assert scores == {"002": 83 - 3, "003": 80 - 3, "001": 5}
    assert en(found.target.reason).endswith("e-services: —")


def test_per_year_scores_same_stem_decoy_other_name_other_year_and_the_same_tables_bonus():
    sc, reader, when = scenario("new-year")
    izmir = next(s for s in sc.settings if s.module == "e-Fatura" and s.branch == "İzmir Şube")
    found = [(c.database, c.score) for c in decide(izmir, reader, when).candidates]
    assert found == [
        (f"IZMIRSUBE{YEAR}", 95),  # the same stem (90) holding the current database's tables (5)
        (f"IZMIRSUBE{YEAR}_TEST", 35),
        (f"IZMIRSUBE{YEAR}_YEDEK", 35),
        (f"ANKARASUBE{YEAR}", 20),  # the fourth is not opened: no bonus
        (f"IZMIRSUBE{LAST - 1}", 5),
        (f"IZMIRSUBE{LAST}", 5),
    ]


def test_a_kept_setting_scores_100():
    for name, branch in (("mikro", "Lider Tarım"), ("logo-donemsiz", "Merkez"), ("netsis-devirsiz", "Merkez")):
        sc, reader, when = scenario(name)
        s = next(s for s in sc.settings if s.branch == branch)
        decision = decide(s, reader, when)
        assert decision.status == "keep" and decision.target.score == 100, name


def test_the_bar_is_60_a_candidate_at_60_is_chosen_below_it_not():
    why = t("reason.decoy")

    def candidate(score: int) -> Candidate:
        return Candidate("DB", None, None, YEAR, "DB", score, why)

    assert conclude(WHEN, [candidate(60)], why).status == "move"
    assert conclude(WHEN, [candidate(59)], why).status == "not_found"


# ---- how many candidates are opened: the best three -------------------------------------------------
def test_only_the_best_three_databases_of_the_year_are_opened():
    rng, specs = random.Random(1), []
    for name in (f"SUBE{LAST}", f"SUBE{YEAR}", f"SUBE{YEAR}_YEDEK", f"A{YEAR}", f"B{YEAR}", f"C{YEAR}"):
        spec = DatabaseSpec(name)
        per_year_db(spec, YEAR if str(YEAR) in name else LAST, 5, rng)
        specs.append(spec)
    eta = [replace(s) for s in specs]
    decision = decide(setting("ETA", f"SUBE{LAST}"), FakeCatalog.of(eta))
    opened = [c.database for c in decision.candidates if c.documents is not None]
    assert decision.candidates[0].database == f"SUBE{YEAR}"
    assert len(decision.candidates) == 6 and len(opened) == 0  # per_year_db is not ETA's: nothing counted
    generic = decide(setting("GENERIC", f"SUBE{LAST}"), FakeCatalog.of(specs))
    bonus = [c.database for c in generic.candidates if "same tables" in en(c.reason)]
    assert bonus == [f"SUBE{YEAR}", f"SUBE{YEAR}_YEDEK", f"A{YEAR}"]


# ---- per year: the words of a decision --------------------------------------------------------------
def test_a_database_name_without_a_year_is_not_found_and_says_why():
    decision = decide(setting("GENERIC", "MERKEZ"), FakeCatalog({}))
    assert decision.status == "not_found" and decision.candidates == ()
    assert "MERKEZ" in en(decision.reason) and "no year in it" in en(decision.reason)


def test_generic_a_database_of_the_year_without_the_current_ones_tables_is_not_chosen():
    rng, old, new = random.Random(2), DatabaseSpec(f"SUBE{LAST}"), DatabaseSpec(f"SUBE{YEAR}")
    per_year_db(old, LAST, 5, rng)
    new.table("OTHER", [("X", "int")], [])
    decision = decide(setting("GENERIC", f"SUBE{LAST}"), FakeCatalog.of([old, new]))
    assert decision.status == "not_found" and decision.candidates[0].score == 90 - 50
    assert "tables" in en(decision.candidates[0].reason)


def test_two_alike_are_named_in_the_ambiguous_answer():
    rng, specs = random.Random(7), []
    for name, year in ((f"SUBE{LAST}", LAST), (f"SUBE{YEAR}", YEAR), (f"Sube{YEAR}", YEAR)):
        spec = DatabaseSpec(name)
        per_year_db(spec, year, 5, rng)
        specs.append(spec)
    decision = decide(setting("GENERIC", f"SUBE{LAST}"), FakeCatalog.of(specs))
    assert decision.status == "ambiguous" and f"SUBE{YEAR}, Sube{YEAR}" in en(decision.reason)


def test_eta_candidates_say_how_many_documents_of_the_year_they_hold():
    sc, reader, when = scenario("eta")
    target = decide(sc.settings[0], reader, when).target
    assert f"{target.documents} documents dated {YEAR}" in en(target.reason)


def test_an_unknown_program_gets_the_generic_rules():
    assert profile_for(" sap ") is PROFILES["GENERIC"] and profile_for("mikro") is PROFILES["MIKRO"]


# ---- LOGO's catalog ---------------------------------------------------------------------------------
def test_logo_reads_a_fiscal_start_from_begmon_and_begday():
    assert read_firm({"NR": 5, "BEGMON": 1, "BEGDAY": 15}).fiscal_start == (1, 15)
    assert read_firm({"NR": 5, "BEGMON": 7, "BEGDAY": None}).fiscal_start == (7, 1)
    assert read_firm({"NR": 5, "BEGMON": 13}).fiscal_start is None and read_firm({"NR": 5}).fiscal_start is None


def test_logo_a_firm_without_a_tax_number_is_compared_by_its_name():
    assert Firm(411, "ANADOLU YAPI").copy_of(Firm(211, "Anadolu Yapı", taxnr="123")) == "name"


def logo_site(periods=((1, LAST), (2, YEAR)), tables=True) -> FakeCatalog:
    rng, main = random.Random(11), DatabaseSpec("LOGODB")
    logo_catalog(main, [Firm(4, "DENİZ TİCARET A.Ş.", taxnr="1234567890")], [(4, nr, y) for nr, y in periods])
    logo_firm(main, 4, [(nr, y, 10) for nr, y in periods if tables or y != YEAR], rng)
    return FakeCatalog.of([main])


def test_logo_a_period_of_the_year_whose_tables_were_not_created_says_so_and_names_them():
    decision = decide(setting("LOGO", "LOGODB", "004", "01"), logo_site(tables=False))
    assert decision.status == "not_found"
    assert "tables were not created" in en(decision.reason) and "LG_004_02_INVOICE" in en(decision.reason)
    period = next(c for c in decision.candidates if c.period == "02")
    assert "period tables missing: LG_004_02_INVOICE, LG_004_02_STFICHE" in en(period.reason)


def test_logo_a_single_period_that_ended_says_extend_its_enddate_or_open_a_period():
    decision = decide(setting("LOGO", "LOGODB", "004", "01"), logo_site(periods=((1, LAST),)))
    assert decision.status == "not_found"
    assert "last period 01 ends on 31.12." in en(decision.reason) and "ENDDATE" in en(decision.reason)


def test_logo_a_firm_copy_whose_own_database_is_missing_is_named():
    sc, reader, when = scenario("logo-firm-copy")
    del reader.data["ANADOLU_411"]
    decision = decide(sc.settings[0], reader, when)
    assert decision.status == "not_found" and "ANADOLU_411" in en(decision.reason)


# ---- MIKRO ------------------------------------------------------------------------------------------
def test_mikro_a_same_named_company_listed_without_its_database_is_no_successor():
    reader = mikro_master(("10", "Deniz", [(LAST, 40)]), ("11", "DENİZ", [(YEAR, 30)]), without=("11",))
    decision = decide(setting("MIKRO", "MikroDB_V16_10"), reader)
    assert decision.status == "keep" and decision.target.database == "MikroDB_V16_10"


def test_mikro_a_company_waiting_for_its_first_document_of_the_year_says_none_yet():
    reader = mikro_master(("10", "Deniz", [(LAST, 40)]))
    decision = decide(setting("MIKRO", "MikroDB_V16_10"), reader)
    assert decision.status == "keep" and f"0 documents dated {YEAR}" in en(decision.target.reason)


# ---- NETSIS -----------------------------------------------------------------------------------------
def netsis_site(companies, columns="SIRKET SIRKETYILI:int", edocs=None) -> FakeCatalog:
    rng, system = random.Random(17), DatabaseSpec("NETSIS")
    system.table("SIRKETLER30", typed(columns), companies)
    specs = [system]
    for name, year in {(c[0], c[1]) for c in companies if len(c) > 1 and c[1] is not None}:
        spec = DatabaseSpec(name)
        netsis_company(spec, [(year, 20)], (edocs or {}).get(name, 0), rng)
        specs.append(spec)
    return FakeCatalog.of(specs)


def test_netsis_a_list_without_sirketyili_falls_back_to_the_names_and_says_so():
    reader = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)])
    rows = reader.data["NETSIS"]["SIRKETLER30"]
    rows.columns, rows.rows = ["SIRKET"], [(r[0],) for r in rows.rows]
    decision = decide(setting("NETSIS", f"KUZEY{LAST}"), reader)
    assert decision.status == "move" and "SIRKETYILI" in en(decision.reason)


def test_netsis_a_company_row_without_a_year_is_left_out():
    reader = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR), ("BOS", None)])
    decision = decide(setting("NETSIS", f"KUZEY{LAST}"), reader)
    assert decision.target.database == f"KUZEY{YEAR}" and "BOS" not in [c.database for c in decision.candidates]


def test_netsis_only_candidates_of_the_year_are_opened_and_counted():
    reader = netsis_site([(f"KUZEY{LAST - 1}", LAST - 1), (f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)])
    decision = decide(setting("NETSIS", f"KUZEY{LAST}"), reader)
    assert [(c.database, c.documents) for c in decision.candidates] == [
        (f"KUZEY{YEAR}", 20),
        (f"KUZEY{LAST - 1}", None),
    ]


def test_netsis_devirsiz_in_january_names_its_signs():
    sc, reader, when = scenario("netsis-devirsiz-ocak")
    decision = decide(sc.settings[0], reader, when)
    assert decision.status == "keep" and "(TBLDEVIRSIZLOG, TBLMUHFIS.YIL_KODU)" in en(decision.reason)


def test_netsis_new_year_documents_in_last_years_company_before_the_copy_mean_keep_for_now():
    sc, reader, when = scenario("netsis-devirli")
    names = reader.data["NETSIS"]["SIRKETLER30"]
    names.rows = [r for r in names.rows if r[1] != YEAR]
    invoices = reader.data[f"BEYAZGIDA{LAST}"]["TBLFATUIRS"]
    invoices.rows.append(("F", "Y1", "120.01.001", date(YEAR, 1, 5)))
    decision = decide(sc.settings[0], reader, when)
    assert decision.status == "keep" and en(decision.reason).startswith("No change needed: keep for now: 1 document")


def test_netsis_devirli_both_years_without_e_documents_is_no_warning():
    reader = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)])
    found = PROFILES["NETSIS"].verify(setting("NETSIS", f"KUZEY{YEAR}"), WHEN, reader)
    assert [(f.category, f.severity) for f in found] == [("ok", "ok"), ("ok", "ok")]
    emptied = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)], edocs={f"KUZEY{LAST}": 30})
    warning = PROFILES["NETSIS"].verify(setting("NETSIS", f"KUZEY{YEAR}"), WHEN, emptied)[0]
    assert warning.category == "edocs_emptied" and "TBLEFATURA" in en(warning.message)


# ---- the Turkish fold's dot above ----------------------------------------------------------------------
def test_a_decomposed_capital_dotted_i_lowers_to_i_unless_another_mark_above_comes_between():
    assert tr_lower("I\u0307") == "i" and tr_lower("AI\u0307B") == "aib"
    assert tr_lower("I\u0316\u0307") == "i\u0316", "a mark below (class 220) does not stop the rule"
    assert tr_lower("I\u0301\u0307") == "ı\u0301\u0307", "a mark above (class 230) between keeps the dot"
    assert tr_lower("IB\u0307") == "ıb\u0307", "a base letter between keeps the dot"


def test_logo_every_e_document_table_of_the_period_and_the_firm_is_listed():
    reader = logo_site()
    for table in (
        "LG_004_02_EPRODUCERRECDET",
        "LG_004_02_ETRADESMANINVDET",
        "LG_004_02_EBOOKDETAILDOC",
        "LG_004_EBOOKINFO",
    ):
        reader.data["LOGODB"][table] = type(reader.data["LOGODB"]["LG_004_CLCARD"])(["X"], [(1,), (2,)])
    found = PROFILES["LOGO"].verify(setting("LOGO", "LOGODB", "004", "02"), WHEN, reader)
    listed = en(found[-1].message)
    assert found[-1].category == "ok" and listed.startswith("e-document tables: ")
    for table in ("EINVOICEDET 6", "EARCHIVEDET 3", "EPRODUCERRECDET 2", "ETRADESMANINVDET 2", "EBOOKDETAILDOC 2"):
        assert f"LG_004_02_{table}" in listed, table
    assert "LG_004_EBOOKINFO 2" in listed


def test_per_year_an_empty_database_and_a_year_without_documents_say_what_they_looked_at():
    empty = FakeCatalog.of([DatabaseSpec(f"SUBE{YEAR}")])
    found = PROFILES["GENERIC"].verify(setting("GENERIC", f"SUBE{YEAR}"), WHEN, empty)
    assert [f.category for f in found] == ["tables_missing"] and en(found[0].message).endswith(f"SUBE{YEAR}: *")
    sc, reader, when = scenario("eta")
    quiet = PROFILES["ETA"].verify(sc.settings[0], when, reader)
    assert [f.category for f in quiet] == ["wrong_year", "no_documents"]
    assert en(quiet[1].message) == f"ETA_EDIS_{LAST}: no document dated {YEAR} (FATFIS, IRSFIS)"


def test_logo_ignored_firms_are_listed_at_score_0_by_firm_and_period_number():
    rng, main = random.Random(23), DatabaseSpec("LOGODB")
    logo_catalog(
        main,
        [Firm(2, "DENİZ GIDA"), Firm(5, "BAŞKA FİRMA"), Firm(9, "Deniz Gıda")],
        [(2, 1, LAST), (5, 1, YEAR), (9, 1, LAST), (9, 2, YEAR)],
    )
    for firm, periods in ((2, [(1, LAST, 10)]), (5, [(1, YEAR, 10)]), (9, [(1, LAST, 10), (2, YEAR, 10)])):
        logo_firm(main, firm, periods, rng)
    when = Transition(YEAR, date(YEAR, 1, 1), frozenset({5, 9}))
    decision = decide(setting("LOGO", "LOGODB", "002", "01"), FakeCatalog.of([main]), when)
    assert decision.status == "not_found"
    # before they were ignored, the copy by name's period of the year (009/02) outranked its last year's
    # (009/01) and the other firm (005/01); at 0 the firm's and the period's numbers decide
    found = [(c.firm, c.period, c.score) for c in decision.candidates]
    assert found == [("002", "01", 5), ("005", "01", 0), ("009", "01", 0), ("009", "02", 0)]
