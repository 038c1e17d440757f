"""Every accounting program's rules on an in-memory catalog (tests/helpers.FakeCatalog): the same
decisions the CLI reaches on a server, without one, so a rule change is tested in milliseconds.

The scenarios state their answers independently of the rules (services/scenarios.py); the cases
below them are the shapes a scenario does not draw."""

from __future__ import annotations

import random
from datetime import date

import pytest

from konnektor_kit.data.fixtures import DatabaseSpec
from konnektor_kit.domain.decisions import Decision
from konnektor_kit.domain.programs import profile_for
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.domain.text import fold
from konnektor_kit.domain.transition import Transition
from konnektor_kit.training.scenarios import SCENARIOS, Scenario, netsis_company, per_year_db
from tests.conftest import YEAR
from tests.helpers import FakeCatalog, mikro_master

LAST = YEAR - 1


def transition(sc: Scenario) -> Transition:
    return Transition(
        sc.year,
        date(sc.year, 1, 1),
        frozenset(sc.ignore_firms),
        frozenset(fold(name) for name in sc.ignore_databases),
    )


def decide(setting: ModuleSetting, when: Transition, reader: FakeCatalog) -> Decision:
    return profile_for(setting.program).decide(setting, when, reader)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_scenario_lands_where_its_answer_says(name):
    sc = SCENARIOS[name](YEAR)
    reader, when = FakeCatalog.of(sc.databases), transition(sc)
    for setting in sc.settings:
        decision = decide(setting, when, reader)
        expected = sc.expected[setting.key]
        assert decision.ok and decision.target is not None, (setting.key, decision.reason.get("en"))
        target = decision.target
        assert (target.database, target.firm, target.period) == expected, (setting.key, decision.reason.get("en"))
        assert decision.status == ("keep" if setting.target()[1:] == expected else "move"), setting.key


def generic(database: str) -> ModuleSetting:
    return ModuleSetting("e-Fatura", "", "GENERIC", "SRV01", database, None, None, 1)


def per_year(*names: tuple[str, int]) -> list[DatabaseSpec]:
    rng = random.Random(7)
    specs = []
    for name, year in names:
        spec = DatabaseSpec(name)
        per_year_db(spec, year, 20, rng)
        specs.append(spec)
    return specs


def test_generic_two_copies_of_the_year_named_alike_are_the_engineers_call():
    reader = FakeCatalog.of(per_year((f"SUBE{LAST}", LAST), (f"SUBE{YEAR}", YEAR), (f"Sube{YEAR}", YEAR)))
    decision = decide(generic(f"SUBE{LAST}"), Transition.of(YEAR), reader)
    assert decision.status == "ambiguous" and decision.target is None


def test_generic_a_backup_of_the_year_is_listed_but_never_chosen():
    reader = FakeCatalog.of(per_year((f"SUBE{LAST}", LAST), (f"SUBE{YEAR}_YEDEK", YEAR)))
    decision = decide(generic(f"SUBE{LAST}"), Transition.of(YEAR), reader)
    assert decision.status == "not_found"
    assert [c.database for c in decision.candidates][:1] == [f"SUBE{YEAR}_YEDEK"]


def netsis_site(companies: list[tuple[str, int]], accounts_of: dict[str, bool]) -> FakeCatalog:
    """SIRKETLER30 with `companies`; each company database holds documents (and the same accounts
    as the first one when accounts_of[name] is True, else demo accounts)."""
    rng = random.Random(3)
    system = DatabaseSpec("NETSIS")
    system.table(
        "SIRKETLER30",
        [("SIRKET", "text"), ("SIRKETYILI", "int"), ("ACIKLAMA", "text")],
        [(name, year, name) for name, year in companies],
    )
    specs = [system]
    for name, year in companies:
        spec = DatabaseSpec(name)
        netsis_company(spec, [(year, 30)], 0, rng, demo=not accounts_of.get(name, True))
        specs.append(spec)
    return FakeCatalog.of(specs)


def netsis(database: str) -> ModuleSetting:
    return ModuleSetting("e-Fatura", "", "NETSIS", "SRV01", database, None, None, 1)


def test_netsis_a_free_named_devir_company_with_the_same_accounts_is_offered_not_chosen():
    reader = netsis_site([(f"KUZEY{LAST}", LAST), ("DEVIR", YEAR)], {"DEVIR": True})
    decision = decide(netsis(f"KUZEY{LAST}"), Transition.of(YEAR), reader)
    assert decision.status == "ambiguous" and decision.target is None
    assert decision.candidates[0].database == "DEVIR" and "DEVIR" in decision.reason.get("en")


def test_netsis_a_free_named_company_of_strangers_is_not_offered_as_the_devir():
    reader = netsis_site([(f"KUZEY{LAST}", LAST), ("DEVIR", YEAR)], {"DEVIR": False})
    decision = decide(netsis(f"KUZEY{LAST}"), Transition.of(YEAR), reader)
    assert decision.status == "not_found" and decision.target is None
    assert [c.database for c in decision.candidates] == ["DEVIR"]  # listed, as another name of the year


def test_netsis_the_companys_own_year_in_sirketler30_wins_over_the_year_in_its_name():
    """SIRKETYILI is what NETSIS goes by: a company named ...2025 that the list says is 2026 is devirsiz."""
    reader = netsis_site([(f"KUZEY{LAST}", YEAR)], {})
    decision = decide(netsis(f"KUZEY{LAST}"), Transition.of(YEAR), reader)
    assert decision.status == "keep" and decision.target is not None and decision.target.database == f"KUZEY{LAST}"


def test_netsis_without_its_system_database_ranks_the_names_and_says_so():
    with_list = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)], {})
    reader = FakeCatalog({name: tables for name, tables in with_list.data.items() if name != "NETSIS"})
    decision = decide(netsis(f"KUZEY{LAST}"), Transition.of(YEAR), reader)
    assert decision.status == "move" and decision.target is not None and decision.target.database == f"KUZEY{YEAR}"
    assert "NETSIS" in decision.reason.get("en")


def test_mikro_a_cancelled_company_is_never_a_candidate():
    sc = SCENARIOS["mikro-sayisal"](YEAR)
    decision = decide(sc.settings[0], transition(sc), FakeCatalog.of(sc.databases))
    assert "MikroDB_V15_25" not in [c.database for c in decision.candidates]


def test_logo_an_ignored_test_copy_stays_listed_with_why_but_is_not_chosen():
    sc = SCENARIOS["logo-kopya-yeniden-yazilmis"](YEAR)
    decision = decide(sc.settings[0], transition(sc), FakeCatalog.of(sc.databases))
    ignored = [c for c in decision.candidates if c.firm == "911"]
    assert decision.target is not None and decision.target.firm == "411"
    assert ignored and all(c.score == 0 for c in ignored)


def test_a_missing_current_database_does_not_stop_the_search():
    reader = FakeCatalog.of(per_year((f"SUBE{YEAR}", YEAR)))
    decision = decide(generic(f"SUBE{LAST}"), Transition.of(YEAR), reader)
    assert decision.status == "move" and decision.target is not None and decision.target.database == f"SUBE{YEAR}"


def test_logo_a_copy_is_known_by_its_tax_number_however_it_was_typed():
    from konnektor_kit.domain.programs.logo.catalog import Firm

    old = Firm(211, "ANADOLU YAPI", taxnr="068 001-2345")
    assert Firm(411, "Başka Ad", taxnr="0680012345").copy_of(old) == "taxnr"
    assert Firm(411, "ANADOLU YAPI", taxnr="0680012346").copy_of(old) is None, "two taxpayers, whatever the name"
    assert Firm(411, "Anadolu Yapı", title="").copy_of(old) == "name", "no tax number: the name, Turkish-folded"
    assert Firm(211, "ANADOLU YAPI", taxnr="0680012345").copy_of(old) is None, "a firm is not its own copy"
    titled = Firm(5, "A", title="ÖRNEK GIDA A.Ş.")
    assert Firm(6, "B", title="Örnek Gıda A.Ş.").copy_of(titled) == "title"


# --- round two: MIKRO as it really is, copies, GENERIC's tables --------------------------------------
def mikro_site(master: str, companies: list[tuple], years: dict[str, list[int]], fiscal: bool = False) -> FakeCatalog:
    """A Mikro master listing `companies` ((DB_kod, DB_isim) or, with `fiscal`, (DB_kod, DB_isim, start
    month, start day, named by its end year)), each company database holding documents in `years`."""
    from konnektor_kit.training.scenarios import mikro_company, typed

    spec = DatabaseSpec(master)
    columns = "DB_kod DB_isim" + (
        " DB_maliyil_baslangic_ayi:int DB_maliyil_baslangic_gunu:int DB_maliyil_takvim_bitisyili:int" if fiscal else ""
    )
    spec.table("VERI_TABANLARI", typed(columns), companies)
    specs, rng = [spec], random.Random(11)
    for code, its_years in years.items():
        db = DatabaseSpec(f"{master}_{code}")
        mikro_company(db, [(y, 12) for y in its_years], rng, None)
        specs.append(db)
    return FakeCatalog.of(specs)


def mikro(database: str) -> ModuleSetting:
    return ModuleSetting("e-Fatura", "", "MIKRO", "SRV01", database, None, None, 1)


def test_mikro_a_same_named_company_is_a_successor_only_if_its_documents_start_in_the_new_year():
    started_last_year = mikro_master(
        ("10", "Deniz Ltd.", [(LAST - 1, 50), (LAST, 40)]), ("11", "DENİZ LTD.", [(LAST, 5), (YEAR, 30)]), seed=19
    )
    decision = decide(mikro("MikroDB_V16_10"), Transition.of(YEAR), started_last_year)
    assert decision.status == "keep" and decision.target.database == "MikroDB_V16_10"
    starts_now = mikro_master(("10", "Deniz Ltd.", [(LAST, 40)]), ("11", "DENİZ LTD.", [(YEAR, 30)]), seed=19)
    decision = decide(mikro("MikroDB_V16_10"), Transition.of(YEAR), starts_now)
    assert decision.status == "move" and decision.target.database == "MikroDB_V16_11"
    other_firm = mikro_master(("10", "Deniz Ltd.", [(LAST, 40)]), ("11", "Dere Ltd.", [(YEAR, 30)]), seed=19)
    assert decide(mikro("MikroDB_V16_10"), Transition.of(YEAR), other_firm).status == "keep"


def year_findings(setting: ModuleSetting, when: Transition, reader: FakeCatalog) -> list[str]:
    return [f.category for f in profile_for(setting.program).verify(setting, when, reader) if f.severity == "error"]


def test_mikro_a_year_in_a_code_is_found_at_its_end_or_in_its_middle():
    from konnektor_kit.domain.programs.mikro import split_code

    found = {code: split_code(code) for code in ("BKRC2020", "2023", "BEDIR_2017_TEST", "LIDER26", "LIDER_25_A")}
    assert {c: (p.year, p.stem) for c, p in found.items() if p} == {
        "BKRC2020": (2020, "BKRC#"),
        "2023": (2023, "#"),
        "BEDIR_2017_TEST": (2017, "BEDIR_#_TEST"),
        "LIDER26": (2026, "LIDER#"),
        "LIDER_25_A": (2025, "LIDER_#_A"),
    }
    assert split_code("20") is None and split_code("004") is None and split_code("A123") is None


def test_mikro_a_four_digit_year_alone_with_documents_beyond_it_is_one_company_for_every_year():
    reader = mikro_site("MikroDB_V16", [("BKRC2020", "Bakırcılar")], {"BKRC2020": list(range(2020, YEAR + 1))})
    setting, when = mikro("MikroDB_V16_BKRC2020"), Transition.of(YEAR)
    decision = decide(setting, when, reader)
    assert decision.status == "keep" and decision.target is not None
    assert decision.target.database == "MikroDB_V16_BKRC2020"
    assert year_findings(setting, when, reader) == []
    assert decide(setting, Transition.of(YEAR + 1), reader).status == "keep"  # December: nothing to create


def test_mikro_a_year_code_with_a_sibling_is_a_company_per_year():
    reader = mikro_site(
        "MikroDB_V16",
        [("BKRC2019", "Bakırcılar"), ("BKRC2020", "Bakırcılar")],
        {"BKRC2019": [2019], "BKRC2020": list(range(2020, YEAR + 1))},
    )
    setting, when = mikro("MikroDB_V16_BKRC2020"), Transition.of(YEAR)
    decision = decide(setting, when, reader)
    assert decision.status == "not_found" and f"BKRC{YEAR}" in decision.reason.get("en")
    assert year_findings(setting, when, reader) == ["wrong_year"]


def test_mikro_a_year_code_whose_documents_stay_inside_that_year_is_a_company_per_year():
    reader = mikro_site("MikroDB_V16", [("2023", "Deniz Yapı")], {"2023": [2023]})
    decision = decide(mikro("MikroDB_V16_2023"), Transition.of(YEAR), reader)
    assert decision.status == "not_found" and f"MikroDB_V16_{YEAR}" in decision.reason.get("en")


def test_mikro_fiscal_years_decide_by_the_day_and_name_by_start_or_end_year():
    companies = [(f"OKUL{y}", "Bilgi Koleji", 9, 1, 0) for y in (LAST - 1, LAST, YEAR)]
    reader = mikro_site("MikroDB_V16", companies, {f"OKUL{y}": [y, y + 1] for y in (LAST - 1, LAST, YEAR)}, True)
    january, september = Transition.of(YEAR), Transition.of(YEAR, date(YEAR, 9, 1))
    setting = mikro(f"MikroDB_V16_OKUL{LAST}")
    kept = decide(setting, january, reader)
    assert kept.status == "keep" and kept.target is not None
    assert (kept.target.begin, kept.target.end) == (date(LAST, 9, 1), date(YEAR, 8, 31))
    assert year_findings(setting, january, reader) == []
    moved = decide(setting, september, reader)
    assert moved.status == "move" and moved.target is not None and moved.target.database == f"MikroDB_V16_OKUL{YEAR}"
    assert year_findings(setting, september, reader) == ["wrong_year"]
    by_end = [(f"OKUL{y}", "Bilgi Koleji", 9, 1, 1) for y in (LAST, YEAR)]
    reader = mikro_site("MikroDB_V16", by_end, {f"OKUL{y}": [y - 1, y] for y in (LAST, YEAR)}, True)
    decision = decide(mikro(f"MikroDB_V16_OKUL{LAST}"), january, reader)
    assert decision.status == "move" and decision.target is not None
    assert decision.target.database == f"MikroDB_V16_OKUL{YEAR}"
    assert (decision.target.begin, decision.target.end) == (date(LAST, 9, 1), date(YEAR, 8, 31))


def test_mikro_an_impossible_fiscal_start_day_is_the_months_last():
    from konnektor_kit.domain.programs.mikro import Company

    assert Company("X", "x", start=(2, 30)).span(2024) == (date(2024, 2, 29), date(2025, 2, 27))


def test_mikro_a_setting_whose_master_was_renamed_is_followed_to_mikrodesktop():
    reader = mikro_site("MikroDesktop", [("FURPA", "FURPA Tekstil")], {"FURPA": [LAST, YEAR]})
    decision = decide(mikro("MikroDB_V16_FURPA"), Transition.of(YEAR), reader)
    assert decision.status == "move" and decision.target is not None
    assert decision.target.database == "MikroDesktop_FURPA" and "MikroDB_V16_FURPA" in decision.reason.get("en")


def test_mikro_an_old_master_still_there_without_the_company_is_not_the_answer():
    old = mikro_site("MikroDB_V16", [("LIDER", "Lider")], {"LIDER": [LAST]})
    new = mikro_site("MikroDesktop", [("FURPA", "FURPA")], {"FURPA": [LAST, YEAR]})
    reader = FakeCatalog({**old.data, **new.data})
    decision = decide(mikro("MikroDB_V16_FURPA"), Transition.of(YEAR), reader)
    assert decision.target is not None and decision.target.database == "MikroDesktop_FURPA"


def test_generic_a_database_without_its_namesakes_tables_is_not_ok():
    specs = per_year((f"SUBE{LAST}", LAST))
    empty = DatabaseSpec(f"SUBE{YEAR}")
    empty.table("NOTLAR", [("METIN", "text")], [("x",)])
    reader = FakeCatalog.of([*specs, empty])
    findings = profile_for("GENERIC").verify(generic(f"SUBE{YEAR}"), Transition.of(YEAR), reader)
    assert [f.category for f in findings] == ["tables_missing"] and "FATURA" in findings[0].message.get("en")
    reader = FakeCatalog.of(per_year((f"SUBE{LAST}", LAST), (f"SUBE{YEAR}", YEAR)))
    findings = profile_for("GENERIC").verify(generic(f"SUBE{YEAR}"), Transition.of(YEAR), reader)
    assert findings == []  # the check adds its "ok"


def test_generic_a_copy_is_decided_as_the_database_it_copies():
    reader = FakeCatalog.of(per_year((f"SUBE{YEAR}", YEAR), (f"SUBE{YEAR}_YEDEK", YEAR)))
    decision = decide(generic(f"SUBE{YEAR}_YEDEK"), Transition.of(YEAR), reader)
    assert decision.status == "move" and decision.target is not None and decision.target.database == f"SUBE{YEAR}"
    own = Transition(YEAR, date(YEAR, 1, 1), own_database=frozenset({("e-Fatura", "")}))
    assert decide(generic(f"SUBE{YEAR}_YEDEK"), own, reader).status == "keep"


def test_a_copy_and_an_odd_module_are_suspect_unless_the_site_says_otherwise():
    from konnektor_kit.domain.programs.base import copy_finding, odd_finding

    def at(module: str, database: str, branch: str = "İzmir") -> ModuleSetting:
        return ModuleSetting(module, branch, "GENERIC", "SRV01", database, None, None, 1)

    branch = [at(m, f"SUBE{YEAR}") for m in ("e-Arşiv", "e-İrsaliye", "e-Defter")]
    when = Transition.of(YEAR)
    copy = copy_finding(at("e-Fatura", f"SUBE{YEAR}_Yedek"), when)
    assert copy is not None and (copy.category, copy.severity) == ("copy_database", "suspect")
    assert copy_finding(at("e-Fatura", f"SUBE{YEAR}"), when) is None
    odd = odd_finding(at("e-Fatura", f"ANKARA{YEAR}"), branch, when)
    assert odd is not None and odd.category == "odd_database" and f"SUBE{YEAR}" in odd.message.get("en")
    assert odd_finding(at("e-Fatura", f"SUBE{LAST}"), branch, when) is None  # half-done: wrong_year says it
    assert odd_finding(at("e-Fatura", f"ANKARA{YEAR}", "Ankara"), branch, when) is None  # another branch
    assert odd_finding(at("e-Fatura", f"ANKARA{YEAR}"), branch[:1], when) is None  # nobody to agree with
    meant = Transition(YEAR, date(YEAR, 1, 1), own_database=frozenset({("e-fatura", "İzmir")}))
    assert odd_finding(at("e-Fatura", f"ANKARA{YEAR}"), branch, meant) is None
    assert copy_finding(at("e-Fatura", f"SUBE{YEAR}_YEDEK"), meant) is None
    ignored = Transition(YEAR, date(YEAR, 1, 1), ignore_databases=frozenset({fold(f"SUBE{YEAR}")}))
    listed = copy_finding(at("e-Fatura", f"SUBE{YEAR}"), ignored)
    assert listed is not None and "[ignore]" in listed.message.get("en")


def test_mikro_a_setting_on_a_copy_company_is_moved_to_the_company_it_copies():
    sc = SCENARIOS["mikro"](YEAR)
    reader = FakeCatalog.of(sc.databases)
    decision = decide(mikro(f"MikroDB_V16_FURPA{YEAR}_YEDEK"), transition(sc), reader)
    assert decision.status == "move" and decision.target is not None
    assert decision.target.database == f"MikroDB_V16_FURPA{YEAR}" and "_YEDEK" in decision.reason.get("en")


def test_netsis_a_setting_on_a_copy_company_is_moved_to_the_company_it_copies():
    sc = SCENARIOS["netsis-devirli"](YEAR)
    decision = decide(netsis(f"BEYAZGIDA{YEAR}DENEME"), transition(sc), FakeCatalog.of(sc.databases))
    assert decision.status == "move" and decision.target is not None
    assert decision.target.database == f"BEYAZGIDA{YEAR}" and "DENEME" in decision.reason.get("en")
