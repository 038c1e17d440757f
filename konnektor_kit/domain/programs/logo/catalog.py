"""LOGO's catalog as it keeps it: L_CAPIFIRM's firms, L_CAPIPERIOD's periods, the tables named after them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ....i18n import Msg, t
from ...codes import FirmCode
from ...reader import CatalogReader, as_date, as_flag
from ...settings import ModuleSetting
from ...text import digits, fold

#: how a firm is a copy of another, strongest first: each is a reason (reason.logo.copy.*) and a score
CopyMatch = Literal["taxnr", "title", "name"]

FIRMS = "L_CAPIFIRM"
PERIODS = "L_CAPIPERIOD"
FIRM_COLUMNS = ("NR", "NAME", "TITLE", "TAXNR", "DBNAME", "PASSIVE", "LIQUIDATEDFIRM", "BEGMON", "BEGDAY")
#: L_CAPIFIRM's flag of each e-service, by the Konnektör module that sends it
SERVICE_FLAGS = {
    "e-Fatura": "ACCEPTEINV",
    "e-Arşiv": "USEEARCHIVE",
    "e-İrsaliye": "USEEDESPATCH",
    "e-Defter": "USEEBOOK",
    "e-MM": "USEEPRODUCERREC",
    "e-SMM": "USEETRADESMANINV",
}
PERIOD_EDOC_TABLES = ("EINVOICEDET", "EARCHIVEDET", "EPRODUCERRECDET", "ETRADESMANINVDET", "EBOOKDETAILDOC")
FIRM_EDOC_TABLES = ("EBOOKINFO",)
FIRM_TABLES = ("CLCARD",)
PERIOD_TABLES = ("INVOICE", "STFICHE")

LONGEST_PERIOD_DAYS = 366  # LOGO's periods are at most a year; a longer one was extended (dönemsiz)


@dataclass(frozen=True)
class Firm:
    nr: int
    name: str
    title: str = ""
    taxnr: str = ""
    dbname: str = ""
    passive: bool = False
    liquidated: bool = False
    #: the modules whose e-service flag is set; None when this LOGO version has no flags
    services: frozenset[str] | None = None
    fiscal_start: tuple[int, int] | None = None  # (month, day) from BEGMON/BEGDAY

    @property
    def code(self) -> str:
        return f"{self.nr:03d}"

    def copy_of(self, other: Firm) -> CopyMatch | None:
        """How this firm is a copy of `other` ("taxnr", "title", "name"), or None when it is not.

        Two different tax numbers are two taxpayers, whatever their names say."""
        if self.nr == other.nr:
            return None
        mine, theirs = digits(self.taxnr), digits(other.taxnr)
        if mine and theirs:
            return "taxnr" if mine == theirs else None
        if self.title and other.title and fold(self.title) == fold(other.title):
            return "title"
        if self.name and fold(self.name) == fold(other.name):
            return "name"
        return None


@dataclass(frozen=True)
class Period:
    firm: int
    nr: int
    begin: date | None
    end: date | None

    @property
    def code(self) -> str:
        return f"{self.nr:02d}"

    def holds(self, day: date) -> bool:
        return bool(self.begin and self.end and self.begin <= day <= self.end)

    @property
    def year(self) -> int | None:
        """The calendar year the period starts in (a fiscal year from July belongs to its start)."""
        return self.begin.year if self.begin else None

    @property
    def extended(self) -> bool:
        """Longer than LOGO lets a period be: its ENDDATE was moved on (mali dönemden bağımsız çalışma)."""
        return bool(self.begin and self.end and (self.end - self.begin).days > LONGEST_PERIOD_DAYS)


@dataclass(frozen=True)
class LogoCatalog:
    database: str
    firms: dict[int, Firm]
    periods: list[Period]

    def data_database(self, firm: Firm) -> str:
        return firm.dbname or self.database

    def periods_of(self, firm: Firm) -> list[Period]:
        return sorted((p for p in self.periods if p.firm == firm.nr), key=lambda p: (p.begin or date.min, p.nr))


def firm_table(firm: str, name: str) -> str:
    return f"LG_{firm}_{name}"


def period_table(firm: str, period: str, name: str) -> str:
    return f"LG_{firm}_{period}_{name}"


def read_firm(row: dict[str, Any]) -> Firm:
    flags = [f for f in SERVICE_FLAGS.values() if f in row]
    services = frozenset(m for m, f in SERVICE_FLAGS.items() if as_flag(row.get(f))) if flags else None
    month, day = _int(row.get("BEGMON")), _int(row.get("BEGDAY"))
    return Firm(
        int(row["NR"]),
        _str(row.get("NAME")),
        _str(row.get("TITLE")),
        _str(row.get("TAXNR")),
        _str(row.get("DBNAME")),
        as_flag(row.get("PASSIVE")),
        as_flag(row.get("LIQUIDATEDFIRM")),
        services,
        (month, day or 1) if month and 1 <= month <= 12 else None,
    )


def _str(value: Any) -> str:
    return str(value or "").strip()


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def read_catalog(setting: ModuleSetting, reader: CatalogReader) -> LogoCatalog | Msg:
    """The firm/period catalog for this setting, or what was found instead of it."""
    database = catalog_database(setting, reader)
    if isinstance(database, Msg):
        return database
    present = reader.columns(database, FIRMS)
    wanted = [c for c in (*FIRM_COLUMNS, *SERVICE_FLAGS.values()) if c in present]
    firms = {}
    for values in reader.rows(database, FIRMS, wanted):
        firm = read_firm(dict(zip(wanted, values, strict=True)))
        firms[firm.nr] = firm
    periods = [
        Period(int(f), int(nr), as_date(b), as_date(e))
        for f, nr, b, e in reader.rows(database, PERIODS, ("FIRMNR", "NR", "BEGDATE", "ENDDATE"))
    ]
    return LogoCatalog(database, firms, periods)


def catalog_database(setting: ModuleSetting, reader: CatalogReader) -> str | Msg:
    """The database holding L_CAPIFIRM for this setting: its own, or the one whose DBNAME names it."""
    tables = reader.tables(setting.database) if reader.has_database(setting.database) else frozenset()
    if FIRMS in tables:
        return setting.database if PERIODS in tables else t("reason.logo.no_period_table", database=setting.database)
    # The setting points at a firm's own database (a non-empty L_CAPIFIRM.DBNAME): the catalog naming it.
    for database in reader.databases_with_table(FIRMS):
        names = {fold(str(d)) for (d,) in reader.rows(database, FIRMS, ("DBNAME",)) if str(d or "").strip()}
        if fold(setting.database) in names:
            if PERIODS not in reader.tables(database):
                return t("reason.logo.no_period_table", database=database)
            return database
    return t("reason.logo.no_catalog", database=setting.database)


def firm_and_catalog(setting: ModuleSetting, reader: CatalogReader) -> tuple[LogoCatalog, Firm] | Msg:
    """The setting's firm in its catalog, or why there is none (no firm code, no catalog, no such firm)."""
    firm_code = FirmCode.normalise(setting.firm)
    if firm_code is None:
        return t("reason.logo.no_firm")
    catalog = read_catalog(setting, reader)
    if isinstance(catalog, Msg):
        return catalog
    firm = catalog.firms.get(int(firm_code))
    if firm is None:
        return t("reason.logo.firm_not_in_catalog", firm=firm_code, database=catalog.database)
    return catalog, firm


def missing_tables(reader: CatalogReader, database: str, firm: str, period: str) -> set[str]:
    """The firm's and the period's own tables `database` lacks (a period's are made only when confirmed)."""
    if not reader.has_database(database):
        return {database}
    tables = reader.tables(database)
    wanted = {firm_table(firm, n) for n in FIRM_TABLES} | {period_table(firm, period, n) for n in PERIOD_TABLES}
    return wanted - tables
