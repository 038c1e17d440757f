"""The domain's edge rules a scenario does not draw, each stated once on an in-memory catalog: what
counts as an invisible character, how a copy's name gives back the real one, how many tables a
message names, which candidates are opened, and NETSIS's rollover edges (contract §3, docs/programs.md)."""

from __future__ import annotations

import random
from datetime import date

from konnektor_kit.data.fixtures import DatabaseSpec
from konnektor_kit.domain.programs import PROFILES, profile_for
from konnektor_kit.domain.programs.base import odd_finding
from konnektor_kit.domain.programs.logo.catalog import Firm, LogoCatalog, Period, catalog_database
from konnektor_kit.domain.programs.peryear import real_of_copy
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.domain.text import invisible_codes, look_alike
from konnektor_kit.domain.transition import Transition
from konnektor_kit.i18n import Msg, t
from konnektor_kit.training.scenarios import logo_catalog, logo_firm, netsis_company
from tests.conftest import YEAR
from tests.helpers import FakeCatalog, FakeTable

LAST = YEAR - 1
WHEN = Transition.of(YEAR)


def setting(program: str, database: str, firm: str | None = None, period: str | None = None, branch: str = ""):
    return ModuleSetting("e-Fatura", branch, program, "SRV01", database, firm, period, 1)


def en(msg: Msg) -> str:
    return msg.get("en")


def tables(*names: str) -> dict[str, FakeTable]:
    return {name: FakeTable(["ID"]) for name in names}


# ---- names that look like others -----------------------------------------------------------------
def test_format_characters_and_line_and_paragraph_separators_are_invisible():
    assert look_alike("LOGODB\u200b") == ["invisible"], "a zero-width space (Cf)"
    assert look_alike("\u200fLOGODB") == ["invisible"], "a right-to-left mark (Cf)"
    assert look_alike("LOGO\u2028DB") == ["invisible"], "a line separator (Zl)"
    assert look_alike("LOGO\u2029DB") == ["invisible"], "a paragraph separator (Zp)"
    assert look_alike("LOGO\x07DB") == ["invisible"], "a control character (Cc)"


def test_invisible_codes_names_each_hidden_code_point_once_in_the_order_met():
    assert invisible_codes("A\u200fB\u200bC\u200f") == "U+200F, U+200B"
    assert invisible_codes("LOGO\u2028DB\u2029") == "U+2028, U+2029"
    assert invisible_codes("LOGO\x00DB") == "U+0000"
    assert invisible_codes("LOGODB") == ""


# ---- a copy's name gives back the real one ---------------------------------------------------------
def test_a_copy_marker_anywhere_in_the_name_is_dropped_with_its_separator():
    assert real_of_copy(setting("GENERIC", f"IZMIRSUBE_YEDEK_{YEAR}"), WHEN) == f"IZMIRSUBE_{YEAR}"
    assert real_of_copy(setting("GENERIC", f"KOPYA-IZMIRSUBE{YEAR}"), WHEN) == f"IZMIRSUBE{YEAR}"
    assert real_of_copy(setting("GENERIC", f"IZMIRSUBE{YEAR}_YEDEK"), WHEN) == f"IZMIRSUBE{YEAR}"
    assert real_of_copy(setting("GENERIC", f"IZMIRSUBE{YEAR}"), WHEN) is None


# ---- a module reading another database than its branch --------------------------------------------
def test_two_other_modules_agreeing_are_enough_to_call_a_third_odd():
    def at(module: str, database: str) -> ModuleSetting:
        return ModuleSetting(module, "İzmir", "GENERIC", "SRV01", database, None, None, 1)

    branch = [at("e-Arşiv", f"SUBE{YEAR}"), at("e-İrsaliye", f"SUBE{YEAR}")]
    odd = odd_finding(at("e-Fatura", f"ANKARA{YEAR}"), branch, WHEN)
    assert odd is not None and odd.category == "odd_database"
    assert en(odd.message) == en(t("check.odd", n=2, others=f"SUBE{YEAR}", database=f"ANKARA{YEAR}"))
    # the same database however its case is written; named as the first of them writes it
    mixed = [at("e-Arşiv", f"SUBE{YEAR}"), at("e-İrsaliye", f"Sube{YEAR}"), at("e-Defter", f"sube{YEAR}")]
    odd = odd_finding(at("e-Fatura", f"ANKARA{YEAR}"), mixed, WHEN)
    assert odd is not None
    assert en(odd.message) == en(t("check.odd", n=3, others=f"SUBE{YEAR}", database=f"ANKARA{YEAR}"))


# ---- per-year databases: how many tables a message names ---------------------------------------------
def test_a_candidate_without_the_current_tables_names_the_first_three_missing():
    reader = FakeCatalog({f"SUBE{LAST}": tables("T1", "T2", "T3", "T4", "T5"), f"SUBE{YEAR}": tables("X")})
    decision = profile_for("GENERIC").decide(setting("GENERIC", f"SUBE{LAST}"), WHEN, reader)
    assert decision.status == "not_found"
    reason = en(next(c for c in decision.candidates if c.database == f"SUBE{YEAR}").reason)
    assert en(t("reason.tables_differ", missing="T1, T2, T3")) in reason and "T4" not in reason


def test_a_database_without_its_namesakes_tables_names_the_first_five_missing():
    reader = FakeCatalog({f"SUBE{LAST}": tables(*(f"T{i}" for i in range(1, 8))), f"SUBE{YEAR}": tables("X")})
    found = PROFILES["GENERIC"].verify(setting("GENERIC", f"SUBE{YEAR}"), WHEN, reader)
    assert [f.category for f in found] == ["tables_missing"]
    shown = "T1, T2, T3, T4, T5"
    assert en(found[0].message) == en(
        t("check.generic_tables", database=f"SUBE{YEAR}", other=f"SUBE{LAST}", missing=shown)
    )


# ---- LOGO: periods in date order, only the periods holding the day opened ---------------------------------
def test_a_firms_periods_come_in_date_order_undated_first_number_breaking_ties():
    day = date(LAST, 1, 1)
    periods = [
        Period(4, 1, date(YEAR, 1, 1), date(YEAR, 12, 31)),
        Period(4, 2, day, date(LAST, 12, 31)),
        Period(4, 3, None, None),
        Period(4, 4, day, date(LAST, 6, 30)),
        Period(5, 1, day, date(LAST, 12, 31)),
    ]
    catalog = LogoCatalog("LOGODB", {}, periods)
    assert [p.nr for p in catalog.periods_of(Firm(4, "DENİZ"))] == [3, 2, 4, 1]


def test_logo_a_period_that_does_not_hold_the_day_is_listed_unopened():
    rng, main = random.Random(11), DatabaseSpec("LOGODB")
    logo_catalog(main, [Firm(4, "DENİZ TİCARET A.Ş.", taxnr="1234567890")], [(4, 1, LAST), (4, 2, YEAR)])
    logo_firm(main, 4, [(1, LAST, 10), (2, YEAR, 10)], rng)
    decision = profile_for("LOGO").decide(setting("LOGO", "LOGODB", "004", "01"), WHEN, FakeCatalog.of([main]))
    assert decision.status == "move"
    assert [(c.period, c.documents) for c in decision.candidates] == [("02", 10), ("01", None)]


def test_logo_a_firm_with_an_empty_dbname_names_no_database_a_blank_setting_finds_no_catalog():
    """Contract §3: only a non-empty L_CAPIFIRM.DBNAME names a firm's own database; a setting left blank
    must not be matched to whichever catalog holds a firm without one."""
    main = DatabaseSpec("LOGODB")
    logo_catalog(main, [Firm(4, "DENİZ"), Firm(7, "BATI", dbname="BATI_007")], [(4, 1, YEAR), (7, 1, YEAR)])
    reader = FakeCatalog.of([main])
    assert {d for (d,) in reader.rows("LOGODB", "L_CAPIFIRM", ("DBNAME",))} == {"", "BATI_007"}
    for blank in ("", "  "):
        assert catalog_database(setting("LOGO", blank, "004", "01"), reader) == t(
            "reason.logo.no_catalog", database=blank
        )
    assert catalog_database(setting("LOGO", "bati_007", "007", "01"), reader) == "LOGODB"


# ---- NETSIS ---------------------------------------------------------------------------------------------
def netsis_site(companies: list[tuple[str, int]], strangers: tuple[str, ...] = (), edocs: int = 0) -> FakeCatalog:
    """SIRKETLER30 listing `companies`, each with its database; `strangers` hold other accounts."""
    rng, system = random.Random(5), DatabaseSpec("NETSIS")
    system.table("SIRKETLER30", [("SIRKET", "text"), ("SIRKETYILI", "int")], companies)
    specs = [system]
    for name, year in companies:
        spec = DatabaseSpec(name)
        netsis_company(spec, [(year, 20)], edocs, rng, demo=name in strangers)
        specs.append(spec)
    return FakeCatalog.of(specs)


def test_netsis_only_the_best_three_companies_of_the_year_are_opened():
    names = [(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR), (f"KUZEY{YEAR}_YEDEK", YEAR)]
    reader = netsis_site([*names, (f"BATI{YEAR}", YEAR), (f"DOGU{YEAR}", YEAR)], (f"BATI{YEAR}", f"DOGU{YEAR}"))
    decision = profile_for("NETSIS").decide(setting("NETSIS", f"KUZEY{LAST}"), WHEN, reader)
    assert decision.status == "move" and decision.target is not None and decision.target.database == f"KUZEY{YEAR}"
    assert [(c.database, c.documents) for c in decision.candidates] == [
        (f"KUZEY{YEAR}", 20),
        (f"KUZEY{YEAR}_YEDEK", 20),
        (f"BATI{YEAR}", 20),
        (f"DOGU{YEAR}", None),
    ]


def test_netsis_a_listed_company_whose_database_is_gone_is_not_found_not_a_crash():
    reader = netsis_site([(f"KUZEY{LAST}", LAST)])
    del reader.data[f"KUZEY{LAST}"]
    decision = profile_for("NETSIS").decide(setting("NETSIS", f"KUZEY{LAST}"), WHEN, reader)
    assert decision.status == "not_found" and decision.target is None


def test_netsis_a_single_e_document_last_year_is_enough_to_warn_of_emptied_tables():
    reader = netsis_site([(f"KUZEY{LAST}", LAST), (f"KUZEY{YEAR}", YEAR)], edocs=1)
    for name, table in reader.data[f"KUZEY{LAST}"].items():
        if name.startswith("TBLE") and name != "TBLEFATURA":
            table.rows = []
    for name, table in reader.data[f"KUZEY{YEAR}"].items():
        if name.startswith("TBLE"):
            table.rows = []
    found = PROFILES["NETSIS"].verify(setting("NETSIS", f"KUZEY{YEAR}"), WHEN, reader)
    assert found[0].category == "edocs_emptied" and f"KUZEY{LAST}" in en(found[0].message)
