"""Every accounting program's rules on an in-memory catalog (tests/helpers.FakeCatalog): the same
decisions the CLI reaches on a server, without one, so a rule change is tested in milliseconds.

The scenarios state their answers independently of the rules (services/scenarios.py); the cases
below them are the shapes a scenario does not draw."""

from __future__ import annotations

import random
from datetime import date

import pytest

from konnektor_kit.data.fixtures import DatabaseSpec
from konnektor_kit.domain.catalog import Decision, Transition
from konnektor_kit.domain.programs import profile_for
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.domain.text import fold
from konnektor_kit.training.scenarios import SCENARIOS, Scenario, netsis_company, per_year_db
from tests.conftest import YEAR
from tests.helpers import FakeCatalog

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


def mikro_companies(*companies: tuple[str, str, list[tuple[int, int]]]) -> FakeCatalog:
    from konnektor_kit.training.scenarios import mikro_company, typed

    rng = random.Random(19)
    master = DatabaseSpec("MikroDB_V16")
    master.table("VERI_TABANLARI", typed("DB_kod DB_isim"), [(code, name) for code, name, _ in companies])
    specs = [master]
    for code, _, years in companies:
        spec = DatabaseSpec(f"MikroDB_V16_{code}")
        mikro_company(spec, years, rng, None)
        specs.append(spec)
    return FakeCatalog.of(specs)


def mikro(database: str) -> ModuleSetting:
    return ModuleSetting("e-Fatura", "", "MIKRO", "SRV01", database, None, None, 1)


def test_mikro_a_same_named_company_is_a_successor_only_if_its_documents_start_in_the_new_year():
    started_last_year = mikro_companies(
        ("10", "Deniz Ltd.", [(LAST - 1, 50), (LAST, 40)]), ("11", "DENİZ LTD.", [(LAST, 5), (YEAR, 30)])
    )
    decision = decide(mikro("MikroDB_V16_10"), Transition.of(YEAR), started_last_year)
    assert decision.status == "keep" and decision.target.database == "MikroDB_V16_10"
    starts_now = mikro_companies(("10", "Deniz Ltd.", [(LAST, 40)]), ("11", "DENİZ LTD.", [(YEAR, 30)]))
    decision = decide(mikro("MikroDB_V16_10"), Transition.of(YEAR), starts_now)
    assert decision.status == "move" and decision.target.database == "MikroDB_V16_11"
    other_firm = mikro_companies(("10", "Deniz Ltd.", [(LAST, 40)]), ("11", "Dere Ltd.", [(YEAR, 30)]))
    assert decide(mikro("MikroDB_V16_10"), Transition.of(YEAR), other_firm).status == "keep"
