"""LOGO (Tiger, Go 3): firms and periods listed in the main database's L_CAPIFIRM and L_CAPIPERIOD.

A period's year comes from BEGDATE–ENDDATE, never from its number. At a new year a customer opens
a new period in the same firm or copies the firm to a new number under the same name; a firm whose
DBNAME is set keeps its tables in that other database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...exceptions import InvalidCode
from ...i18n import Count, Joined, Msg, t, tr_date
from ..catalog import Candidate, CatalogReader, Decision, Finding, as_date
from ..codes import FirmCode, PeriodCode
from ..settings import ModuleSetting
from .base import Profile, conclude, joined, keep, mismatch, tables_missing

FIRMS = "L_CAPIFIRM"
PERIODS = "L_CAPIPERIOD"
EDOC_TABLES = ("EINVOICEDET", "EARCHIVEDET", "EPRODUCERRECDET")
FIRM_TABLES = ("CLCARD",)
PERIOD_TABLES = ("INVOICE", "STFICHE")

SAME_FIRM = 90
FIRM_COPY = 80
OTHER_FIRM = 20
OTHER_YEAR = 5
CONFIRM_AT_MOST = 3
MISSING_TABLES_PENALTY = 50


@dataclass(frozen=True)
class Firm:
    nr: int
    name: str
    dbname: str

    @property
    def code(self) -> str:
        return f"{self.nr:03d}"


@dataclass(frozen=True)
class Period:
    firm: int
    nr: int
    begin: date | None
    end: date | None

    @property
    def code(self) -> str:
        return f"{self.nr:02d}"

    def covers(self, year: int) -> bool:
        return bool(self.begin and self.end and self.begin <= date(year, 12, 31) and self.end >= date(year, 1, 1))

    @property
    def year(self) -> int | None:
        """The calendar year the period mostly lies in (a fiscal year from July belongs to its start)."""
        return self.begin.year if self.begin else None


@dataclass(frozen=True)
class LogoCatalog:
    database: str
    firms: dict[int, Firm]
    periods: list[Period]

    def data_database(self, firm: Firm) -> str:
        return firm.dbname or self.database


def firm_table(firm: str, name: str) -> str:
    return f"LG_{firm}_{name}"


def period_table(firm: str, period: str, name: str) -> str:
    return f"LG_{firm}_{period}_{name}"


class LogoProfile(Profile):
    name = "LOGO"
    search = "firm_period"
    summary = (
        "L_CAPIFIRM (NR, NAME, DBNAME) and L_CAPIPERIOD (FIRMNR, NR, BEGDATE, ENDDATE) of the Logo main "
        "database; LG_FFF_CLCARD, LG_FFF_PP_INVOICE/STFICHE and the e-document tables of the best 3",
        "the period of the same firm whose BEGDATE–ENDDATE covers the new year; else a copy of the firm "
        "(same NAME, new NR); tables looked for in DBNAME when set",
        "the current period's BEGDATE–ENDDATE already covers the new year",
    )

    def catalog(self, setting: ModuleSetting, reader: CatalogReader) -> LogoCatalog | Msg:
        """The firm/period catalog for this setting, or what was found instead of it."""
        database = self.catalog_database(setting, reader)
        if isinstance(database, Msg):
            return database
        firms = {int(nr): Firm(int(nr), str(name or "").strip(), str(dbname or "").strip())
                 for nr, name, dbname in reader.rows(database, FIRMS, ("NR", "NAME", "DBNAME"))}
        periods = [Period(int(f), int(nr), as_date(b), as_date(e))
                   for f, nr, b, e in reader.rows(database, PERIODS, ("FIRMNR", "NR", "BEGDATE", "ENDDATE"))]
        return LogoCatalog(database, firms, periods)

    def catalog_database(self, setting: ModuleSetting, reader: CatalogReader) -> str | Msg:
        tables = reader.tables(setting.database) if reader.has_database(setting.database) else frozenset()
        if FIRMS in tables:
            return setting.database if PERIODS in tables else t("reason.logo.no_period_table", database=setting.database)
        # The setting points at a firm's own database (L_CAPIFIRM.DBNAME): find the catalog naming it.
        for database in reader.databases_with_table(FIRMS):
            names = {str(d or "").strip().casefold() for (d,) in reader.rows(database, FIRMS, ("DBNAME",))}
            if setting.database.casefold() in names:
                if PERIODS not in reader.tables(database):
                    return t("reason.logo.no_period_table", database=database)
                return database
        return t("reason.logo.no_catalog", database=setting.database)

    def decide(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> Decision:
        try:
            firm_code = FirmCode.normalise(setting.firm)
            period_code = PeriodCode.normalise(setting.period)
        except InvalidCode as exc:
            return mismatch(self.name, exc.msg)
        if firm_code is None:
            return mismatch(self.name, t("reason.logo.no_firm"))
        catalog = self.catalog(setting, reader)
        if isinstance(catalog, Msg):
            return mismatch(self.name, catalog)
        firm = catalog.firms.get(int(firm_code))
        if firm is None:
            return mismatch(self.name, t("reason.logo.firm_not_in_catalog", firm=firm_code, database=catalog.database))
        current = next((p for p in catalog.periods
                        if p.firm == firm.nr and period_code is not None and p.nr == int(period_code)), None)
        if current is not None and current.covers(year):
            why = t("reason.logo.current", period=current.code, year=year,
                    begin=tr_date(current.begin), end=tr_date(current.end))
            return keep(why, self.candidate(catalog, firm, current, 100, why, reader))
        scored = self.score_periods(catalog, firm, year)
        candidates = [self.candidate(catalog, f, p, score, kind, reader if i < CONFIRM_AT_MOST and p.covers(year) else None)
                      for i, (score, f, p, kind) in enumerate(scored)]
        return conclude(year, candidates, t("reason.logo.no_year_period", firm=firm.code, year=year))

    def score_periods(self, catalog: LogoCatalog, firm: Firm, year: int) -> list[tuple[int, Firm, Period, Msg]]:
        """Same firm's new period first, then copies of the firm (same name, new number), then the rest."""
        same_name = firm.name.casefold()
        scored = []
        for period in catalog.periods:
            other = catalog.firms.get(period.firm)
            if other is None:
                continue
            is_same, is_copy = other.nr == firm.nr, other.name.casefold() == same_name and other.nr != firm.nr
            if not period.covers(year):
                if is_same or is_copy:
                    scored.append((OTHER_YEAR, other, period, t("reason.other_year", year=period.year)))
                continue
            if is_same:
                scored.append((SAME_FIRM, other, period, t("reason.logo.same_firm")))
            elif is_copy:
                scored.append((FIRM_COPY, other, period, t("reason.logo.firm_copy", old=firm.code, name=other.name)))
            else:
                scored.append((OTHER_FIRM, other, period, t("reason.logo.other_firm", name=other.name)))
        scored.sort(key=lambda s: (-s[0], s[1].nr, s[2].nr))
        return scored

    def candidate(self, catalog: LogoCatalog, firm: Firm, period: Period, score: int, kind: Msg,
                  reader: CatalogReader | None) -> Candidate:
        database = catalog.data_database(firm)
        documents = None
        extra: list[Msg | None] = [kind]
        if firm.dbname:
            extra.append(t("reason.logo.other_db", database=firm.dbname))
        if reader is not None:
            missing = self.missing_tables(reader, database, firm.code, period.code)
            if missing:
                score -= MISSING_TABLES_PENALTY
                extra.append(t("reason.tables_differ", missing=", ".join(sorted(missing)[:3])))
            else:
                documents = reader.count(database, period_table(firm.code, period.code, "INVOICE"))
        head = t("reason.logo.period", firm=firm.code, period=period.code, begin=tr_date(period.begin),
                 end=tr_date(period.end), count=Count(documents) if documents is not None else "?")
        return Candidate(database, firm.code, period.code, period.year, firm.name, score,
                         joined(head, *extra), documents)

    def missing_tables(self, reader: CatalogReader, database: str, firm: str, period: str) -> set[str]:
        if not reader.has_database(database):
            return {database}
        tables = reader.tables(database)
        wanted = {firm_table(firm, n) for n in FIRM_TABLES} | {period_table(firm, period, n) for n in PERIOD_TABLES}
        return wanted - tables

    def verify(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> list[Finding]:
        firm_code = FirmCode.normalise(setting.firm)
        period_code = PeriodCode.normalise(setting.period)
        if firm_code is None or period_code is None:
            return [Finding("profile_mismatch", "error", t("reason.logo.no_firm"))]
        catalog = self.catalog(setting, reader)
        if isinstance(catalog, Msg):
            return [Finding("profile_mismatch", "error", catalog)]
        firm = catalog.firms.get(int(firm_code))
        if firm is None:
            return [Finding("profile_mismatch", "error",
                            t("reason.logo.firm_not_in_catalog", firm=firm_code, database=catalog.database))]
        database = catalog.data_database(firm)
        missing = self.missing_tables(reader, database, firm_code, period_code)
        if missing:
            return [tables_missing(self.name, database, missing)]
        findings: list[Finding] = []
        period = next((p for p in catalog.periods if p.firm == firm.nr and p.nr == int(period_code)), None)
        if period is None or not period.covers(year):
            detail = (t("reason.logo.period", firm=firm_code, period=period_code, begin=tr_date(period.begin),
                        end=tr_date(period.end), count="?") if period else t("reason.logo.no_year_period",
                                                                             firm=firm_code, year=year))
            findings.append(Finding("wrong_year", "error", t("check.wrong_year", year=year, detail=detail)))
        invoices = reader.count(database, period_table(firm_code, period_code, "INVOICE"))
        if invoices == 0:
            findings.append(Finding("no_documents", "warning", t(
                "check.no_documents", what=f"{firm_code}/{period_code}", year=year,
                detail=period_table(firm_code, period_code, "INVOICE"))))
        else:
            findings.append(Finding("ok", "ok", t("check.ok", what=t("reason.invoices", count=Count(invoices)))))
        tables = reader.tables(database)
        edocs = {n: reader.count(database, period_table(firm_code, period_code, n))
                 for n in EDOC_TABLES if period_table(firm_code, period_code, n) in tables}
        if edocs:
            listing = Joined([t("count.table", table=n, count=Count(c)) for n, c in edocs.items()])
            findings.append(Finding("ok", "ok", t("check.edocs", tables=listing)))
        return findings
