"""The training customers: realistic accounting databases and Konnektör settings, one per situation.

Each scenario also states, independently of the kit's own rules, where every module must point once
the new year is done right: that is what training grades against and what the tests assert.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, partial
from importlib.resources import files
from typing import Any

from ..data.fixtures import DatabaseSpec
from ..domain.modules import Module
from ..domain.programs.logo.catalog import Firm
from ..domain.settings import ModuleSetting

SERVER = "SRV01"
ALL = [m.code for m in Module]
Target = tuple[str, str | None, str | None]
#: a catalog period: (firm, number, calendar year) or (firm, number, BEGDATE, ENDDATE)
CatalogPeriod = tuple[int, int, int] | tuple[int, int, date, date]
#: a firm's period with its invoices: (period, calendar year, invoices) or (period, begin, end, invoices)
FirmPeriod = tuple[int, int, int] | tuple[int, date, date, int]


@dataclass
class Scenario:
    name: str
    title: tuple[str, str]
    story: tuple[str, str]
    site_name: str
    year: int
    databases: list[DatabaseSpec] = field(default_factory=list)
    settings: list[ModuleSetting] = field(default_factory=list)
    expected: dict[tuple[str, str], Target] = field(default_factory=dict)
    #: the site file's [ignore] list (test copies the kit must never propose)
    ignore_firms: list[int] = field(default_factory=list)
    ignore_databases: list[str] = field(default_factory=list)
    #: the site file's [own_database]: branch → modules that really read a database of their own
    own_database: dict[str, list[str]] = field(default_factory=dict)
    #: databases on another server of the site than SERVER (a new instance for the new year): name → server
    elsewhere: dict[str, str] = field(default_factory=dict)

    @property
    def servers(self) -> list[str]:
        """Every server of the site, SERVER first."""
        return [SERVER, *sorted(set(self.elsewhere.values()) - {SERVER})]

    def server_of(self, database: str) -> str:
        return self.elsewhere.get(database, SERVER)

    @property
    def last(self) -> int:
        """The year the customer is leaving: where every module still points before the move."""
        return self.year - 1

    def db(self, name: str, server: str = SERVER) -> DatabaseSpec:
        spec = DatabaseSpec(name)
        self.databases.append(spec)
        if server != SERVER:
            self.elsewhere[name] = server
        return spec

    def setting(
        self,
        modules: list[str],
        branch: str,
        program: str,
        database: str,
        firm: str | None,
        period: str | None,
        expect: Target,
        version: int = 1,
        updated: str | None = None,
    ) -> None:
        stamp = updated or f"{self.year - 1}-01-04 09:30:00"
        for module in modules:
            self.settings.append(ModuleSetting(module, branch, program, SERVER, database, firm, period, version, stamp))
            self.expected[(module, branch)] = expect


def _dates(year: int, count: int, rng: random.Random, until: date | None = None) -> list[date]:
    start = date(year, 1, 1)
    days = ((until or date(year, 12, 31)) - start).days
    return sorted(start + timedelta(days=rng.randint(0, max(days, 0))) for _ in range(count))


def typed(names: str) -> list[tuple[str, str]]:
    """Columns as a table's writer takes them, from "NR:int NAME BEGDATE:date" (text unless told)."""
    return [(n, kind or "text") for n, _, kind in (word.partition(":") for word in names.split())]


def _accounts() -> list[tuple[str, str]]:
    return [
        ("120.01.001", "Şimşek Gıda Ltd. Şti."),
        ("120.01.002", "Doğan Market A.Ş."),
        ("120.01.003", "Işık Toptan Gıda"),
        ("120.01.004", "Güneş İnşaat ve Ticaret A.Ş."),
        ("120.01.005", "Çağlar Tarım Ürünleri"),
        ("120.01.006", "Öztürk Lojistik"),
    ]


# --- LOGO ---------------------------------------------------------------------------------------
def _calendar_year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


#: L_CAPIFIRM's e-service columns as LOGO names them, written here apart from the profile's own
#: reading of them (logo.catalog.SERVICE_FLAGS), so that the scenarios check that reading instead of copying it
E_SERVICE_COLUMNS = ("ACCEPTEINV", "USEEARCHIVE", "USEEDESPATCH", "USEEBOOK", "USEEPRODUCERREC", "USEETRADESMANINV")


def logo_catalog(
    db: DatabaseSpec,
    firms: list[Firm | tuple[int, str, str]],
    periods: Sequence[CatalogPeriod],
    without_services: Sequence[int] = (),
) -> None:
    """L_CAPIFIRM and L_CAPIPERIOD as LOGO writes them. firms: LOGO's `Firm` (its name, title, tax
    number, DBNAME, flags and fiscal start) or (number, name, DBNAME); every e-service flag is on but for
    the firms numbered in `without_services`; periods: (firm, number, calendar year) or (firm, number,
    BEGDATE, ENDDATE)."""
    rows = []
    for i, f in enumerate(firms):
        firm = f if isinstance(f, Firm) else Firm(f[0], f[1], dbname=f[2])
        flag = int(firm.nr not in without_services)
        rows.append(
            (
                i + 1,
                firm.nr,
                firm.name,
                firm.title or firm.name,
                firm.taxnr,
                firm.dbname,
                int(firm.passive),
                int(firm.liquidated),
                *(firm.fiscal_start or (1, 1)),
                *(flag for _ in E_SERVICE_COLUMNS),
            )
        )
    db.table(
        "L_CAPIFIRM",
        typed("LOGICALREF:int NR:int NAME TITLE TAXNR DBNAME PASSIVE:int LIQUIDATEDFIRM:int BEGMON:int BEGDAY:int")
        + [(column, "int") for column in E_SERVICE_COLUMNS],
        rows,
    )
    spans = [(p[0], p[1], *_calendar_year(p[2])) if len(p) == 3 else p for p in periods]
    db.table(
        "L_CAPIPERIOD",
        typed("LOGICALREF:int FIRMNR:int NR:int BEGDATE:date ENDDATE:date ACTIVE:int"),
        [(i + 1, f, nr, begin, end, 0) for i, (f, nr, begin, end) in enumerate(spans)],
    )


def five_years_before(firm: int, year: int) -> tuple[list[CatalogPeriod], list[FirmPeriod]]:
    """A firm's periods 01–05, one per calendar year up to the one before `year`, with their invoices:
    the history a firm copied for the new year leaves behind (catalog rows, then the firm's tables)."""
    years = list(enumerate(range(year - 5, year), start=1))
    return [(firm, nr, y) for nr, y in years], [(nr, y, 110 + 40 * nr) for nr, y in years]


def logo_firm(
    db: DatabaseSpec,
    firm: int,
    periods: Sequence[FirmPeriod],
    rng: random.Random,
    until: date | None = None,
) -> None:
    """Firm tables LG_FFF_* and, per (period, year, invoices) or (period, begin, end, invoices),
    LG_FFF_PP_* with documents dated inside the period."""
    f = f"{firm:03d}"
    db.table(
        f"LG_{f}_CLCARD",
        [("LOGICALREF", "int"), ("CODE", "text"), ("DEFINITION_", "text")],
        [(i + 1, code, name) for i, (code, name) in enumerate(_accounts())],
    )
    db.table(
        f"LG_{f}_ITEMS",
        [("LOGICALREF", "int"), ("CODE", "text"), ("NAME", "text")],
        [(1, "FNDK-001", "Fındık İçi 1 kg"), (2, "UN-050", "Buğday Unu 50 kg"), (3, "ŞKR-025", "Şeker 25 kg")],
    )
    for entry in periods:
        if len(entry) == 3:
            period, calendar, count = entry
            begin, end = _calendar_year(calendar)
        else:
            period, begin, end, count = entry
        p = f"{period:02d}"
        last = min(end, until) if until and begin <= until else end
        dates = sorted(begin + timedelta(days=rng.randint(0, max((last - begin).days, 0))) for _ in range(count))
        year = begin.year
        db.table(
            f"LG_{f}_{p}_INVOICE",
            [("LOGICALREF", "int"), ("FICHENO", "text"), ("DATE_", "date"), ("TRCODE", "int"), ("NETTOTAL", "int")],
            [(i + 1, f"FAT{year}{i + 1:06d}", d, 8, rng.randint(500, 90000)) for i, d in enumerate(dates)],
        )
        db.table(
            f"LG_{f}_{p}_STFICHE",
            [("LOGICALREF", "int"), ("FICHENO", "text"), ("DATE_", "date")],
            [(i + 1, f"IRS{year}{i + 1:06d}", d) for i, d in enumerate(dates[: count // 2])],
        )
        db.table(
            f"LG_{f}_{p}_STLINE",
            [("LOGICALREF", "int"), ("STFICHEREF", "int"), ("AMOUNT", "int")],
            [(i + 1, i + 1, rng.randint(1, 40)) for i in range(count // 2)],
        )
        db.table(
            f"LG_{f}_{p}_EINVOICEDET",
            [("LOGICALREF", "int"), ("INVOICEREF", "int"), ("GUID", "text")],
            [(i + 1, i + 1, f"{rng.getrandbits(64):016x}") for i in range(count * 2 // 3)],
        )
        db.table(
            f"LG_{f}_{p}_EARCHIVEDET",
            [("LOGICALREF", "int"), ("INVOICEREF", "int")],
            [(i + 1, i + 1) for i in range(count // 3)],
        )


def per_year_db(db: DatabaseSpec, year: int, count: int, rng: random.Random, until: date | None = None) -> None:
    """A GENERIC program's yearly database: invoices, dispatches, accounts."""
    dates = _dates(year, count, rng, until)
    db.table(
        "FATURA",
        [("NO", "text"), ("TARIH", "date"), ("CARI", "text"), ("TUTAR", "int")],
        [(f"A{year}{i:06d}", d, _accounts()[i % 6][0], rng.randint(100, 50000)) for i, d in enumerate(dates)],
    )
    db.table(
        "IRSALIYE",
        [("NO", "text"), ("TARIH", "date"), ("CARI", "text")],
        [(f"I{year}{i:06d}", d, _accounts()[i % 6][0]) for i, d in enumerate(dates[: count // 2])],
    )
    db.table("CARI", [("KOD", "text"), ("UNVAN", "text")], _accounts())


@cache
def stories() -> dict[str, dict[str, Any]]:
    """What the trainer reads of each customer (title, story, site name) and its seed, in listing order.

    Read from scenarios.toml on first use: `konnektor-kit --help` imports this module and reads nothing."""
    return tomllib.loads(files(__package__).joinpath("scenarios.toml").read_text("utf-8"))


#: every training customer by name, in the order the sandbox lists them (filled by @scenario)
SCENARIOS: dict[str, Callable[[int], Scenario]] = {}
Builder = Callable[[Scenario, random.Random], None]


def scenario(*names: str) -> Callable[[Builder], Builder]:
    """Register a builder for the customers `names` of scenarios.toml.

    Their words are data (a trainer edits a story without touching code); {year} and {last} in a story
    are the scenario's year and the one before. The seed keeps each customer's random documents the
    same from one run to the next, which the graded answers and the tests rely on."""

    def register(build: Builder) -> Builder:
        for name in names:
            SCENARIOS[name] = partial(_make, name, build)
        return build

    return register


def _make(name: str, build: Builder, year: int) -> Scenario:
    words, about = {"year": year, "last": year - 1}, stories()[name]
    tr, en = (text.format(**words) for text in about["story"])
    sc = Scenario(name, tuple(about["title"]), (tr, en), about["site"], year)
    build(sc, random.Random(f"{about['seed']}-{year}"))
    return sc


@scenario("new-year", "half-done", "wrong-codes", "missing-db")
def base_customer(sc: Scenario, rng: random.Random) -> None:
    """Örnek Gıda: head office on LOGO (firm 2, a period per year), İzmir branch on a database per year."""
    year, last, variant = sc.year, sc.last, sc.name
    main = sc.db("LOGODB")
    logo_catalog(
        main,
        [(1, "DENEME FİRMASI", ""), (2, "ÖRNEK GIDA SAN. VE TİC. A.Ş.", ""), (3, "ÖRNEK LOJİSTİK HİZMETLERİ A.Ş.", "")],
        [(1, 1, 2019), (2, 1, last - 1), (2, 2, last), (2, 3, year), (3, 1, last), (3, 2, year)],
    )
    logo_firm(main, 1, [(1, 2019, 12)], rng)
    logo_firm(main, 2, [(1, last - 1, 980), (2, last, 1240), (3, year, 1105)], rng, date(year, 11, 20))
    logo_firm(main, 3, [(1, last, 210), (2, year, 190)], rng, date(year, 11, 20))
    for name, y, n in (
        (f"IZMIRSUBE{last - 1}", last - 1, 300),
        (f"IZMIRSUBE{last}", last, 420),
        (f"IZMIRSUBE{year}", year, 388),
        (f"IZMIRSUBE{year}_YEDEK", year, 120),
        (f"IZMIRSUBE{year}_TEST", year, 15),
        (f"ANKARASUBE{year}", year, 260),
    ):
        per_year_db(sc.db(name), y, n, rng, date(year, 11, 20))
    merkez, izmir = "Merkez", "İzmir Şube"
    logo_new, izmir_new = ("LOGODB", "002", "03"), (f"IZMIRSUBE{year}", None, None)
    moved = {"half-done": {(m, merkez) for m in ("e-Fatura", "e-Arşiv")} | {("e-Fatura", izmir)}}.get(variant, set())
    for module in ALL:
        if (module, merkez) in moved:
            sc.setting([module], merkez, "LOGO", "LOGODB", "002", "03", logo_new, 2, f"{year}-01-02 10:15:00")
        elif variant == "wrong-codes" and module in ("e-Fatura", "e-Defter"):
            firm, period = ("2", "2") if module == "e-Fatura" else ("02", "02")
            sc.setting([module], merkez, "LOGO", "LOGODB", firm, period, logo_new)
        else:
            sc.setting([module], merkez, "LOGO", "LOGODB", "002", "02", logo_new)
        if (module, izmir) in moved:
            sc.setting(
                [module], izmir, "GENERIC", f"IZMIRSUBE{year}", None, None, izmir_new, 2, f"{year}-01-02 10:20:00"
            )
        elif variant == "missing-db" and module == "e-Defter":
            sc.setting([module], izmir, "GENERIC", f"IZMIRSUBE{last - 2}", None, None, izmir_new)
        else:
            sc.setting([module], izmir, "GENERIC", f"IZMIRSUBE{last}", None, None, izmir_new)


@scenario("logo-firm-copy")
def logo_firm_copy(sc: Scenario, rng: random.Random) -> None:
    """Anadolu Yapı: firm 211 copied to firm 411 for the new year, whose tables live in ANADOLU_411."""
    year, last = sc.year, sc.last
    main, (periods, invoices) = sc.db("LOGODB"), five_years_before(211, year)
    name = "ANADOLU YAPI MALZEMELERİ LTD. ŞTİ."
    logo_catalog(
        main,
        [(211, name, ""), (212, "ANADOLU BETON A.Ş.", ""), (411, name, "ANADOLU_411")],
        periods + [(212, 1, last), (212, 2, year), (411, 1, year)],
    )
    logo_firm(main, 211, invoices, rng)
    logo_firm(main, 212, [(1, last, 90), (2, year, 80)], rng, date(year, 11, 20))
    logo_firm(sc.db("ANADOLU_411"), 411, [(1, year, 640)], rng, date(year, 11, 20))
    target = ("ANADOLU_411", "411", "01")
    sc.setting(ALL, "Merkez", "LOGO", "LOGODB", "211", "05", target)
    sc.setting(["e-Fatura", "e-Arşiv", "e-İrsaliye"], "Gebze Şube", "LOGO", "LOGODB", "211", "05", target)


NETSIS_EDOCS = ("TBLEFATURA", "TBLEFATMAS", "TBLEFATYANIT", "TBLEFATZARF", "TBLEARSIV", "TBLEDEFTER")


def _demo_accounts() -> list[tuple[str, str]]:
    return [("120.99.001", "Demo Müşteri A.Ş."), ("120.99.002", "Örnek Cari Ltd.")]


def netsis_system(sc: Scenario, companies: list[tuple[str, int, str]]) -> None:
    """NETSIS's own database: SIRKETLER30 lists each company with its year (SIRKETYILI) and a note."""
    sc.db("NETSIS").table("SIRKETLER30", typed("SIRKET SIRKETYILI:int ACIKLAMA"), companies)


def netsis_company(
    db: DatabaseSpec,
    years: list[tuple[int, int]],
    edocs: int,
    rng: random.Random,
    until: date | None = None,
    demo: bool = False,
    devirsiz: bool = False,
) -> None:
    """A NETSIS company database; `devirsiz` adds the signs of a no-rollover company (TBLDEVIRSIZLOG,
    TBLMUHFIS.YIL_KODU)."""
    rows = []
    for year, count in years:
        rows += [
            (("F" if i % 3 else "I"), f"{str(year)[2:]}{i + 1:013d}", _accounts()[i % 6][0], d)
            for i, d in enumerate(_dates(year, count, rng, until if until and until.year == year else None))
        ]
    db.table("TBLFATUIRS", [("FTIRSIP", "text"), ("FATIRS_NO", "text"), ("CARI_KODU", "text"), ("TARIH", "date")], rows)
    db.table("TBLFATUEK", [("FATIRSNO", "text"), ("ACIK1", "text")], [(r[1], "") for r in rows[:50]])
    db.table("TBLCASABIT", [("CARI_KOD", "text"), ("CARI_ISIM", "text")], _demo_accounts() if demo else _accounts())
    if devirsiz:
        db.table(
            "TBLDEVIRSIZLOG",
            [("KAYITNO", "int"), ("YIL", "int"), ("TARIH", "date")],
            [(i + 1, y, date(y, 1, 1)) for i, (y, _) in enumerate(years)],
        )
        db.table(
            "TBLMUHFIS",
            [("FISNO", "text"), ("YIL_KODU", "int"), ("TARIH", "date")],
            [(f"{y}{i:06d}", y, date(y, 1, 2)) for i, (y, _) in enumerate(years)],
        )
    for name in NETSIS_EDOCS:
        db.table(
            name,
            [("KAYITNO", "int"), ("BELGENO", "text"), ("DURUM", "int")],
            [(i + 1, f"EFN{i + 1:013d}", 1) for i in range(edocs if name != "TBLEDEFTER" else edocs // 10)],
        )


@scenario("netsis-devirli")
def netsis_devirli(sc: Scenario, rng: random.Random) -> None:
    year, last = sc.year, sc.last
    netsis_system(
        sc,
        [
            (f"BEYAZGIDA{last - 1}", last - 1, "Beyaz Gıda"),
            (f"BEYAZGIDA{last}", last, "Beyaz Gıda"),
            (f"BEYAZGIDA{year}", year, "Beyaz Gıda"),
            (f"BEYAZGIDA{year}DENEME", year, "Deneme şirketi"),
            (f"NETSISDEMO{year}", year, "Netsis demo şirketi"),
        ],
    )
    netsis_company(sc.db(f"BEYAZGIDA{last - 1}"), [(last - 1, 700)], 460, rng)
    netsis_company(sc.db(f"BEYAZGIDA{last}"), [(last, 1240)], 810, rng)
    netsis_company(sc.db(f"BEYAZGIDA{year}"), [(year, 930)], 0, rng, date(year, 11, 20))
    netsis_company(sc.db(f"BEYAZGIDA{year}DENEME"), [(year, 12)], 0, rng, date(year, 11, 20))
    netsis_company(sc.db(f"NETSISDEMO{year}"), [(year, 40)], 5, rng, date(year, 11, 20), demo=True)
    target = (f"BEYAZGIDA{year}", None, None)
    sc.setting(ALL, "Merkez", "NETSIS", f"BEYAZGIDA{last}", None, None, target)
    sc.setting(["e-Fatura", "e-Arşiv", "e-İrsaliye"], "Bursa Şube", "NETSIS", f"BEYAZGIDA{last}", None, None, target)


@scenario("netsis-devirsiz")
def netsis_devirsiz(sc: Scenario, rng: random.Random) -> None:
    year, last = sc.year, sc.last
    netsis_system(
        sc, [("KARADENIZFINDIK", year, "Karadeniz Fındık"), (f"NETSISDEMO{year}", year, "Netsis demo şirketi")]
    )
    netsis_company(sc.db("KARADENIZFINDIK"), [(last, 1320), (year, 1010)], 1500, rng, date(year, 11, 20))
    netsis_company(sc.db(f"NETSISDEMO{year}"), [(year, 40)], 5, rng, date(year, 11, 20), demo=True)
    unchanged = ("KARADENIZFINDIK", None, None)
    sc.setting(ALL, "Merkez", "NETSIS", "KARADENIZFINDIK", None, None, unchanged)
    sc.setting(["e-Fatura", "e-Arşiv"], "Giresun Şube", "NETSIS", "KARADENIZFINDIK", None, None, unchanged)


def mikro_master(
    sc: Scenario, name: str, companies: Sequence[tuple[str, str, int] | tuple[str, str, int, int]]
) -> None:
    """Mikro's master database: VERI_TABANLARI lists each company (DB_kod, DB_isim, the month its fiscal
    year starts, and DB_iptal where this Mikro version has it: rows of four)."""
    cancelled = " DB_iptal:int" if len(companies[0]) == 4 else ""
    sc.db(name).table(
        "VERI_TABANLARI", typed("DB_kod DB_isim DB_maliyil_baslangic_ayi:int" + cancelled), list(companies)
    )


def mikro_company(db: DatabaseSpec, years: list[tuple[int, int]], rng: random.Random, until: date | None) -> None:
    stock, accounts = [], []
    for year, count in years:
        dates = _dates(year, count, rng, until if until and until.year == year else None)
        stock += [(f"{year}-{i:06d}", d, rng.randint(1, 50)) for i, d in enumerate(dates)]
        accounts += [(f"{year}-{i:06d}", d, _accounts()[i % 6][0]) for i, d in enumerate(dates[: count // 2])]
    db.table(
        "STOK_HAREKETLERI",
        typed("sth_evrakno_seri sth_tarih:date sth_miktar:int sth_firmano:int sth_subeno:int"),
        [(*r, 0, 0) for r in stock],
    )
    db.table(
        "CARI_HESAP_HAREKETLERI", [("cha_evrakno_seri", "text"), ("cha_tarihi", "date"), ("cha_kod", "text")], accounts
    )
    sent = [(f"{rng.getrandbits(64):016x}", d) for _, d, _ in stock[: len(stock) // 3]]
    db.table("E_FATURA_DETAYLARI", [("efd_uuid", "text"), ("efd_tarih", "date")], sent)
    db.table("E_FATURA_ISLEMLERI", [("efi_uuid", "text"), ("efi_durum", "int")], [(u, 1) for u, _ in sent])
    db.table("E_FATURA_TANIMLARI", [("eft_kod", "text"), ("eft_aciklama", "text")], [("TEMEL", "Temel fatura")])


@scenario("mikro")
def mikro(sc: Scenario, rng: random.Random) -> None:
    year, last = sc.year, sc.last
    companies = [
        (f"FURPA{last}", f"FURPA Tekstil San. Tic. A.Ş. {last}", 1),
        (f"FURPA{year}", f"FURPA Tekstil San. Tic. A.Ş. {year}", 1),
        (f"FURPA{year}_YEDEK", f"FURPA yedek {year}", 1),
        ("LIDER", "Lider Tarım Ürünleri Ltd. Şti.", 1),
    ]
    mikro_master(sc, "MikroDB_V16", companies)
    mikro_company(sc.db(f"MikroDB_V16_FURPA{last}"), [(last, 1180)], rng, None)
    mikro_company(sc.db(f"MikroDB_V16_FURPA{year}"), [(year, 950)], rng, date(year, 11, 20))
    mikro_company(sc.db(f"MikroDB_V16_FURPA{year}_YEDEK"), [(year, 30)], rng, date(year, 11, 20))
    mikro_company(sc.db("MikroDB_V16_LIDER"), [(last - 1, 400), (last, 460), (year, 410)], rng, date(year, 11, 20))
    sc.setting(ALL, "Merkez", "MIKRO", f"MikroDB_V16_FURPA{last}", None, None, (f"MikroDB_V16_FURPA{year}", None, None))
    sc.setting(
        ["e-Fatura", "e-Arşiv", "e-MM"],
        "Lider Tarım",
        "MIKRO",
        "MikroDB_V16_LIDER",
        None,
        None,
        ("MikroDB_V16_LIDER", None, None),
    )


def eta_year_db(db: DatabaseSpec, year: int, n: int, rng: random.Random, until: date | None) -> None:
    """An ETA:SQL year database (ETA_EDIS_<YIL>): invoice and dispatch headers and lines, accounts."""
    dates = _dates(year, n, rng, until)
    db.table(
        "FATFIS",
        [("FATFISREFNO", "int"), ("FATFISEVRAKNO1", "text"), ("FATFISTAR", "date")],
        [(i + 1, f"EDS{year}{i + 1:06d}", d) for i, d in enumerate(dates)],
    )
    db.table(
        "FATHAR",
        [("FATHARREFNO", "int"), ("FATHARFISREFNO", "int"), ("FATHARMIKTAR", "int")],
        [(i + 1, i + 1, rng.randint(1, 30)) for i in range(n)],
    )
    db.table(
        "IRSFIS", [("IRSFISREFNO", "int"), ("IRSFISTAR", "date")], [(i + 1, d) for i, d in enumerate(dates[: n // 2])]
    )
    db.table("IRSHAR", [("IRSHARREFNO", "int"), ("IRSHARFISREFNO", "int")], [(i + 1, i + 1) for i in range(n // 2)])
    db.table("CARKART", [("CARKOD", "text"), ("CARUNVAN", "text")], _accounts())


@scenario("eta")
def eta(sc: Scenario, rng: random.Random) -> None:
    year, last = sc.year, sc.last
    databases = [
        (f"ETA_EDIS_{last - 1}", last - 1, 520),
        (f"ETA_EDIS_{last}", last, 610),
        (f"ETA_EDIS_{year}", year, 577),
        (f"ETA_EDIS_{year}_YEDEK", year, 300),
        (f"ETA_DEMO_{year}", year, 25),
    ]
    for name, y, n in databases:
        eta_year_db(sc.db(name), y, n, rng, date(year, 11, 20) if y == year else None)
    target = (f"ETA_EDIS_{year}", None, None)
    sc.setting(ALL, "Merkez", "ETA", f"ETA_EDIS_{last}", None, None, target)
    sc.setting(["e-Fatura", "e-İrsaliye"], "Ankara Şube", "ETA", f"ETA_EDIS_{last}", None, None, target)


@scenario("netsis-devirsiz-ocak")
def netsis_devirsiz_january(sc: Scenario, rng: random.Random) -> None:
    """Devirsiz in January: SIRKETYILI still last year until the opening voucher, documents already new."""
    year, last = sc.year, sc.last
    netsis_system(
        sc, [("KARADENIZFINDIK", last, "Karadeniz Fındık"), (f"NETSISDEMO{year}", year, "Netsis demo şirketi")]
    )
    netsis_company(sc.db("KARADENIZFINDIK"), [(last, 1320), (year, 85)], 1500, rng, date(year, 1, 20), devirsiz=True)
    netsis_company(sc.db(f"NETSISDEMO{year}"), [(year, 40)], 5, rng, date(year, 1, 20), demo=True)
    unchanged = ("KARADENIZFINDIK", None, None)
    sc.setting(ALL, "Merkez", "NETSIS", "KARADENIZFINDIK", None, None, unchanged)
    sc.setting(["e-Fatura", "e-Arşiv"], "Giresun Şube", "NETSIS", "KARADENIZFINDIK", None, None, unchanged)


@scenario("logo-temmuz")
def logo_july(sc: Scenario, rng: random.Random) -> None:
    """Çağlar Tarım: LOGO periods from July to June; the period holding 1 January is the answer."""
    year = sc.year
    main = sc.db("LOGODB")
    spans = [(i + 1, date(y, 7, 1), date(y + 1, 6, 30)) for i, y in enumerate(range(year - 3, year + 1))]
    logo_catalog(
        main,
        [Firm(5, "ÇAĞLAR TARIM ÜRÜNLERİ A.Ş.", taxnr="2150987654", fiscal_start=(7, 1))],
        [(5, nr, begin, end) for nr, begin, end in spans],
    )
    logo_firm(
        main,
        5,
        [(nr, begin, end, n) for (nr, begin, end), n in zip(spans, (410, 455, 380, 12), strict=True)],
        rng,
        date(year, 11, 20),
    )
    target = ("LOGODB", "005", "03")
    sc.setting(ALL, "Merkez", "LOGO", "LOGODB", "005", "02", target)


@scenario("logo-donemsiz")
def logo_without_periods(sc: Scenario, rng: random.Random) -> None:
    """Işık Toptan works independent of fiscal periods: one period whose ENDDATE was extended."""
    year = sc.year
    main = sc.db("LOGODB")
    begin, end = date(year - 6, 1, 1), date(year + 4, 12, 31)
    logo_catalog(main, [Firm(7, "IŞIK TOPTAN GIDA LTD. ŞTİ.", taxnr="4810055512")], [(7, 1, begin, end)])
    logo_firm(main, 7, [(1, begin, end, 2400)], rng, date(year, 11, 20))
    unchanged = ("LOGODB", "007", "01")
    sc.setting(ALL, "Merkez", "LOGO", "LOGODB", "007", "01", unchanged)
    sc.setting(["e-Fatura", "e-İrsaliye"], "Depo", "LOGO", "LOGODB", "007", "01", unchanged)


@scenario("logo-kopya-yeniden-yazilmis")
def logo_copy_retyped(sc: Scenario, rng: random.Random) -> None:
    """Anadolu Yapı Gıda: firm 211 copied to 411 with the name retyped in mixed case, and a test copy 911."""
    year, last = sc.year, sc.last
    main, (periods, invoices), taxnr = sc.db("LOGODB"), five_years_before(211, year), "0680012345"
    logo_catalog(
        main,
        [
            Firm(211, "ANADOLU YAPI GIDA", title="ANADOLU YAPI GIDA SAN. VE TİC. A.Ş.", taxnr=taxnr),
            Firm(411, "Anadolu Yapı Gıda", title="Anadolu Yapı Gıda San. ve Tic. A.Ş.", taxnr=taxnr),
            Firm(911, "ANADOLU YAPI GIDA", title="ANADOLU YAPI GIDA SAN. VE TİC. A.Ş."),
        ],
        periods + [(411, 1, year), (911, 1, year)],
        without_services=(911,),
    )
    logo_firm(main, 211, invoices, rng)
    logo_firm(main, 411, [(1, year, 520)], rng, date(year, 11, 20))
    logo_firm(main, 911, [(1, year, 14)], rng, date(year, 11, 20))
    sc.ignore_firms = [911]
    target = ("LOGODB", "411", "01")
    sc.setting(ALL, "Merkez", "LOGO", "LOGODB", "211", "05", target, updated=f"{last}-01-03 11:00:00")


@scenario("mikro-sayisal")
def mikro_numeric(sc: Scenario, rng: random.Random) -> None:
    """Yıldız Makina: numeric company codes; company 20 held 2020–2025, company 26 from 2026."""
    year, last = sc.year, sc.last
    companies = [
        ("20", "Yıldız Makina San. ve Tic. A.Ş.", 1, 0),
        ("25", "Yıldız Makina San. ve Tic. A.Ş.", 1, 1),
        ("26", "YILDIZ MAKİNA SAN. VE TİC. A.Ş.", 1, 0),
        ("02", "Yıldız Depo Lojistik Ltd. Şti.", 1, 0),
        ("MERKEZ01", "Merkez Otomotiv Yedek Parça", 1, 0),
    ]
    mikro_master(sc, "MikroDB_V15", companies)
    mikro_company(sc.db("MikroDB_V15_20"), [(y, 300 + 20 * (y - 2020)) for y in range(year - 6, year)], rng, None)
    mikro_company(sc.db("MikroDB_V15_25"), [(year, 9)], rng, date(year, 11, 20))
    mikro_company(sc.db("MikroDB_V15_26"), [(year, 640)], rng, date(year, 11, 20))
    mikro_company(sc.db("MikroDB_V15_02"), [(last - 1, 200), (last, 240), (year, 215)], rng, date(year, 11, 20))
    mikro_company(sc.db("MikroDB_V15_MERKEZ01"), [(last, 150), (year, 130)], rng, date(year, 11, 20))
    sc.setting(ALL, "Merkez", "MIKRO", "MikroDB_V15_20", None, None, ("MikroDB_V15_26", None, None))
    sc.setting(
        ["e-Fatura", "e-İrsaliye"], "Depo", "MIKRO", "MikroDB_V15_02", None, None, ("MikroDB_V15_02", None, None)
    )
    sc.setting(
        ["e-Fatura"], "Otomotiv", "MIKRO", "MikroDB_V15_MERKEZ01", None, None, ("MikroDB_V15_MERKEZ01", None, None)
    )


@scenario("yedek-kopya")
def backup_copy(sc: Scenario, rng: random.Random) -> None:
    """İzmir Şube: e-Fatura on last year's backup copy, e-MM on a database of its own the site file names."""
    year, last = sc.year, sc.last
    for name, y, n in (
        (f"IZMIRSUBE{last}", last, 420),
        (f"IZMIRSUBE{last}_YEDEK", last, 400),
        (f"IZMIRSUBE{year}", year, 388),
        (f"IZMIRSUBE{year}_YEDEK", year, 120),
        (f"IZMIRMM{last}", last, 40),
        (f"IZMIRMM{year}", year, 35),
    ):
        per_year_db(sc.db(name), y, n, rng, date(year, 11, 20))
    izmir, target = "İzmir Şube", (f"IZMIRSUBE{year}", None, None)
    for module in ALL:
        if module == "e-MM":
            sc.setting([module], izmir, "GENERIC", f"IZMIRMM{last}", None, None, (f"IZMIRMM{year}", None, None))
        else:
            database = f"IZMIRSUBE{last}_YEDEK" if module == "e-Fatura" else f"IZMIRSUBE{last}"
            sc.setting([module], izmir, "GENERIC", database, None, None, target)
    sc.own_database = {izmir: ["e-MM"]}


def mikro_fiscal_master(sc: Scenario, name: str, companies: Sequence[tuple[str, str, int, int, int]]) -> None:
    """A V16/V17 master whose companies carry their fiscal year: (DB_kod, DB_isim, start month, start day,
    DB_maliyil_takvim_bitisyili)."""
    sc.db(name).table(
        "VERI_TABANLARI",
        typed(
            "DB_kod DB_isim DB_maliyil_baslangic_ayi:int DB_maliyil_baslangic_gunu:int "
            "DB_maliyil_takvim_bitisyili:int DB_iptal:int"
        ),
        [(*c, 0) for c in companies],
    )


def mikro_documents(db: DatabaseSpec, begin: date, end: date, count: int, rng: random.Random) -> None:
    """A Mikro company whose documents fall between two days (a fiscal year that is not a calendar year)."""
    days = max((end - begin).days, 0)
    dates = sorted(begin + timedelta(days=rng.randint(0, days)) for _ in range(count))
    db.table(
        "STOK_HAREKETLERI",
        typed("sth_evrakno_seri sth_tarih:date sth_miktar:int sth_firmano:int sth_subeno:int"),
        [(f"S{i:06d}", d, rng.randint(1, 50), 0, 0) for i, d in enumerate(dates)],
    )
    db.table(
        "CARI_HESAP_HAREKETLERI",
        [("cha_evrakno_seri", "text"), ("cha_tarihi", "date"), ("cha_kod", "text")],
        [(f"C{i:06d}", d, _accounts()[i % 6][0]) for i, d in enumerate(dates[: count // 2])],
    )
    db.table("E_FATURA_DETAYLARI", [("efd_uuid", "text"), ("efd_tarih", "date")], [])


@scenario("mikro-yil-kodlu")
def mikro_year_in_code(sc: Scenario, rng: random.Random) -> None:
    """BKRC2020 and 2023: the year in the code is the year the company was opened, not a company per year."""
    year = sc.year
    companies = [
        ("BKRC2020", "Bakırcılar Metal San. Tic. A.Ş.", 1),
        ("2023", "Deniz Yapı Malzemeleri Ltd. Şti.", 1),
    ]
    mikro_master(sc, "MikroDB_V16", companies)
    until = date(year, 11, 20)
    mikro_company(sc.db("MikroDB_V16_BKRC2020"), [(y, 150) for y in range(min(2020, year), year + 1)], rng, until)
    mikro_company(sc.db("MikroDB_V16_2023"), [(y, 120) for y in range(min(2023, year), year + 1)], rng, until)
    sc.setting(ALL, "Merkez", "MIKRO", "MikroDB_V16_BKRC2020", None, None, ("MikroDB_V16_BKRC2020", None, None))
    sc.setting(
        ["e-Fatura", "e-Arşiv"], "Deniz Yapı", "MIKRO", "MikroDB_V16_2023", None, None, ("MikroDB_V16_2023", None, None)
    )


@scenario("mikro-mali-yil")
def mikro_fiscal_year(sc: Scenario, rng: random.Random) -> None:
    """OKUL<year>: fiscal years from 1 September, named by their first year; 1 January stays in last year's."""
    year, last = sc.year, sc.last
    name = "Bilgi Koleji Eğitim A.Ş."
    mikro_fiscal_master(
        sc, "MikroDB_V16", [(f"OKUL{y}", f"{name} {y}-{y + 1}", 9, 1, 0) for y in (last - 1, last, year)]
    )
    for y in (last - 1, last, year):
        end = date(year, 11, 20) if y == year else date(y + 1, 8, 31)
        mikro_documents(sc.db(f"MikroDB_V16_OKUL{y}"), date(y, 9, 1), end, 300, rng)
    unchanged = (f"MikroDB_V16_OKUL{last}", None, None)
    sc.setting(["e-Fatura", "e-Arşiv", "e-Defter"], "Merkez", "MIKRO", f"MikroDB_V16_OKUL{last}", None, None, unchanged)


@scenario("mikro-v17")
def mikro_upgraded(sc: Scenario, rng: random.Random) -> None:
    """After the V16 → V17 upgrade: MikroDesktop lists the same codes; the settings still name MikroDB_V16_*."""
    year, last = sc.year, sc.last
    companies = [
        ("FURPA", "FURPA Tekstil San. Tic. A.Ş.", 1),
        (f"LIDER{last}", f"Lider Tarım Ürünleri {last}", 1),
        (f"LIDER{year}", f"Lider Tarım Ürünleri {year}", 1),
    ]
    mikro_master(sc, "MikroDesktop", companies)
    until = date(year, 11, 20)
    mikro_company(sc.db("MikroDesktop_FURPA"), [(last - 1, 500), (last, 560), (year, 480)], rng, until)
    mikro_company(sc.db(f"MikroDesktop_LIDER{last}"), [(last, 300)], rng, None)
    mikro_company(sc.db(f"MikroDesktop_LIDER{year}"), [(year, 260)], rng, until)
    sc.setting(ALL, "Merkez", "MIKRO", "MikroDB_V16_FURPA", None, None, ("MikroDesktop_FURPA", None, None))
    sc.setting(
        ["e-Fatura", "e-Arşiv"],
        "Lider Tarım",
        "MIKRO",
        f"MikroDB_V16_LIDER{last}",
        None,
        None,
        (f"MikroDesktop_LIDER{year}", None, None),
    )


@scenario("yeni-sunucu")
def new_server(sc: Scenario, rng: random.Random) -> None:
    """The new year's database on a new server of the site (SRV02); SRV01 keeps past years and a backup."""
    year, last = sc.year, sc.last
    until = date(year, 11, 20)
    for name, y, n in (
        (f"MAGAZA{last - 1}", last - 1, 700),
        (f"MAGAZA{last}", last, 820),
        (f"MAGAZA{year}_YEDEK", year, 40),
    ):
        per_year_db(sc.db(name), y, n, rng, until)
    per_year_db(sc.db(f"MAGAZA{year}", "SRV02"), year, 760, rng, until)
    target = (f"MAGAZA{year}", None, None)
    sc.setting(ALL, "Merkez", "GENERIC", f"MAGAZA{last}", None, None, target)
    sc.setting(["e-Fatura", "e-Arşiv"], "Outlet", "GENERIC", f"MAGAZA{last}", None, None, target)
