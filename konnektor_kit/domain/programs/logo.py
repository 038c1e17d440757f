"""LOGO (Tiger, Go 3): firms and periods listed in the main database's L_CAPIFIRM and L_CAPIPERIOD.

A period is chosen by the day it holds (BEGDATE ≤ day ≤ ENDDATE), never by its number or its year:
periods may run July–June, and a firm working "independent of fiscal periods" (dönemsiz) extends the
ENDDATE of its one period instead of opening a new one. At a new year a customer may instead copy
the firm to a new number: the copy is recognised by its tax number, then its title, then its name,
all compared with the Turkish fold, because users retype them when copying.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...exceptions import InvalidCode
from ...i18n import Count, Joined, Msg, t, tr_date
from ..catalog import Candidate, CatalogReader, Decision, Finding, Transition, as_date
from ..codes import FirmCode, PeriodCode
from ..modules import Module
from ..settings import ModuleSetting
from ..text import fold
from .base import (
    Profile,
    conclude,
    documents_ok,
    edocs_listed,
    joined,
    keep,
    mismatch,
    no_documents,
    tables_missing,
    wrong_year,
)
from .yearnames import CHOSEN_AT_LEAST

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

SAME_FIRM = 90
COPY_SCORES = {"taxnr": 86, "title": 83, "name": 80}
OTHER_FIRM = 20
OTHER_DAY = 5
RETIRED_PENALTY = 40  # PASSIVE or LIQUIDATEDFIRM: shown, never chosen silently
SERVICE_BONUS = 3
CONFIRM_AT_MOST = 3
MISSING_TABLES_PENALTY = 50
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

    def copy_of(self, other: Firm) -> str | None:
        """How this firm is a copy of `other` ("taxnr", "title", "name"), or None when it is not.

        Two different tax numbers are two taxpayers, whatever their names say."""
        if self.nr == other.nr:
            return None
        mine, theirs = _digits(self.taxnr), _digits(other.taxnr)
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
    services = frozenset(m for m, f in SERVICE_FLAGS.items() if _flag(row.get(f))) if flags else None
    month, day = _int(row.get("BEGMON")), _int(row.get("BEGDAY"))
    return Firm(
        int(row["NR"]),
        _str(row.get("NAME")),
        _str(row.get("TITLE")),
        _str(row.get("TAXNR")),
        _str(row.get("DBNAME")),
        _flag(row.get("PASSIVE")),
        _flag(row.get("LIQUIDATEDFIRM")),
        services,
        (month, day or 1) if month and 1 <= month <= 12 else None,
    )


class LogoProfile(Profile):
    name = "LOGO"
    search = "firm_period"

    def catalog(self, setting: ModuleSetting, reader: CatalogReader) -> LogoCatalog | Msg:
        """The firm/period catalog for this setting, or what was found instead of it."""
        database = self.catalog_database(setting, reader)
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

    def catalog_database(self, setting: ModuleSetting, reader: CatalogReader) -> str | Msg:
        tables = reader.tables(setting.database) if reader.has_database(setting.database) else frozenset()
        if FIRMS in tables:
            return (
                setting.database if PERIODS in tables else t("reason.logo.no_period_table", database=setting.database)
            )
        # The setting points at a firm's own database (L_CAPIFIRM.DBNAME): find the catalog naming it.
        for database in reader.databases_with_table(FIRMS):
            names = {fold(str(d or "")) for (d,) in reader.rows(database, FIRMS, ("DBNAME",))}
            if fold(setting.database) in names:
                if PERIODS not in reader.tables(database):
                    return t("reason.logo.no_period_table", database=database)
                return database
        return t("reason.logo.no_catalog", database=setting.database)

    def firm_and_catalog(self, setting: ModuleSetting, reader: CatalogReader) -> tuple[LogoCatalog, Firm] | Msg:
        firm_code = FirmCode.normalise(setting.firm)
        if firm_code is None:
            return t("reason.logo.no_firm")
        catalog = self.catalog(setting, reader)
        if isinstance(catalog, Msg):
            return catalog
        firm = catalog.firms.get(int(firm_code))
        if firm is None:
            return t("reason.logo.firm_not_in_catalog", firm=firm_code, database=catalog.database)
        return catalog, firm

    def decide(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> Decision:
        try:
            period_code = PeriodCode.normalise(setting.period)
            found = self.firm_and_catalog(setting, reader)
        except InvalidCode as exc:
            return mismatch(self.name, exc.msg)
        if isinstance(found, Msg):
            return mismatch(self.name, found)
        catalog, firm = found
        current = next(
            (p for p in catalog.periods_of(firm) if period_code is not None and p.nr == int(period_code)), None
        )
        if current is not None and current.holds(when.day):
            why = self.holds_reason(catalog, firm, current, when)
            return keep(why, self.candidate(setting, catalog, firm, current, 100, [why], reader, when))
        candidates, unbuilt = [], []
        for i, (score, f, p, notes) in enumerate(self.score_periods(setting, catalog, firm, when)):
            opened = i < CONFIRM_AT_MOST and p.holds(when.day)
            missing = self.missing_tables(reader, catalog.data_database(f), f.code, p.code) if opened else set()
            if missing and score >= CHOSEN_AT_LEAST and not when.ignores(catalog.data_database(f), f.code):
                unbuilt.append((f, p, missing))
            candidates.append(self.candidate(setting, catalog, f, p, score, notes, reader if opened else None, when))
        decision = conclude(when, candidates, t("reason.logo.no_year_period", firm=firm.code, day=tr_date(when.day)))
        if decision.status == "not_found":
            why = self.why_none(catalog, firm, when, unbuilt)
            return Decision("not_found", t("decision.not_found", year=when.year, why=why), decision.candidates)
        return decision

    def holds_reason(self, catalog: LogoCatalog, firm: Firm, current: Period, when: Transition) -> Msg:
        dates = {
            "period": current.code,
            "begin": tr_date(current.begin),
            "end": tr_date(current.end),
            "day": tr_date(when.day),
        }
        if current.extended and len(catalog.periods_of(firm)) == 1:
            return t("reason.logo.donemsiz", **dates)
        return t("reason.logo.current", **dates)

    def why_none(
        self, catalog: LogoCatalog, firm: Firm, when: Transition, unbuilt: list[tuple[Firm, Period, set[str]]]
    ) -> Msg:
        """Say what is really missing: a period's tables, a longer ENDDATE, or a new period."""
        day = tr_date(when.day)
        if unbuilt:
            f, p, missing = unbuilt[0]
            return t(
                "reason.logo.tables_not_created",
                firm=f.code,
                period=p.code,
                begin=tr_date(p.begin),
                end=tr_date(p.end),
                day=day,
                missing=", ".join(sorted(missing)[:3]),
            )
        own = catalog.periods_of(firm)
        if own and own[-1].end and own[-1].end < when.day:
            return t(
                "reason.logo.extend_or_open", firm=firm.code, period=own[-1].code, end=tr_date(own[-1].end), day=day
            )
        return t("reason.logo.no_year_period", firm=firm.code, day=day)

    def score_periods(
        self, setting: ModuleSetting, catalog: LogoCatalog, firm: Firm, when: Transition
    ) -> list[tuple[int, Firm, Period, list[Msg]]]:
        """Same firm's period holding the day first, then copies of the firm, then the rest."""
        scored = []
        for period in catalog.periods:
            other = catalog.firms.get(period.firm)
            if other is None:
                continue
            copy = other.copy_of(firm)
            related = other.nr == firm.nr or copy is not None
            if not period.holds(when.day):
                if related:
                    scored.append((OTHER_DAY, other, period, [t("reason.logo.not_holding", day=tr_date(when.day))]))
                continue
            if other.nr == firm.nr:
                score, notes = SAME_FIRM, [t("reason.logo.same_firm")]
            elif copy is not None:
                score = COPY_SCORES[copy]
                notes = [t(f"reason.logo.copy.{copy}", old=firm.code, name=other.name, taxnr=other.taxnr)]
            else:
                score, notes = OTHER_FIRM, [t("reason.logo.other_firm", name=other.name)]
            bonus, service_notes = self.standing(setting, other)
            scored.append((score + bonus, other, period, notes + service_notes))
        scored.sort(key=lambda s: (-s[0], s[1].nr, s[2].nr))
        return scored

    def standing(self, setting: ModuleSetting, firm: Firm) -> tuple[int, list[Msg]]:
        """Retired firms rank down; a firm using this module's e-service ranks up, one that does not, down."""
        score = 0
        notes: list[Msg] = []
        if firm.passive:
            score, notes = score - RETIRED_PENALTY, [*notes, t("reason.logo.passive")]
        if firm.liquidated:
            score, notes = score - RETIRED_PENALTY, [*notes, t("reason.logo.liquidated")]
        if firm.services is not None:
            if setting.module in firm.services:
                score += SERVICE_BONUS
            elif setting.module in SERVICE_FLAGS:
                score -= SERVICE_BONUS
                notes.append(t("reason.logo.service_off", module=setting.module, flag=SERVICE_FLAGS[setting.module]))
            used = [m.code for m in Module if m.code in firm.services]
            notes.append(t("reason.logo.services", services=", ".join(used) or "—"))
        return score, notes

    def candidate(
        self,
        setting: ModuleSetting,
        catalog: LogoCatalog,
        firm: Firm,
        period: Period,
        score: int,
        notes: list[Msg],
        reader: CatalogReader | None,
        when: Transition,
    ) -> Candidate:
        database = catalog.data_database(firm)
        documents = None
        extra: list[Msg | None] = list(notes)
        if firm.dbname:
            extra.append(t("reason.logo.other_db", database=firm.dbname))
        if firm.fiscal_start and firm.fiscal_start != (1, 1):
            extra.append(t("reason.logo.fiscal_start", start=f"{firm.fiscal_start[1]:02d}.{firm.fiscal_start[0]:02d}"))
        if reader is not None:
            missing = self.missing_tables(reader, database, firm.code, period.code)
            if missing:
                score -= MISSING_TABLES_PENALTY
                extra.append(t("reason.logo.tables_missing", missing=", ".join(sorted(missing)[:3])))
            else:
                documents = reader.count(database, period_table(firm.code, period.code, "INVOICE"))
        head = t(
            "reason.logo.span", firm=firm.code, period=period.code, begin=tr_date(period.begin), end=tr_date(period.end)
        )
        count = t("reason.invoices", count=Count(documents)) if documents is not None else None
        return Candidate(
            database,
            firm.code,
            period.code,
            period.year,
            firm.name,
            score,
            joined(head, count, *extra),
            documents,
            period.begin,
            period.end,
            period.holds(when.day),
        )

    def missing_tables(self, reader: CatalogReader, database: str, firm: str, period: str) -> set[str]:
        if not reader.has_database(database):
            return {database}
        tables = reader.tables(database)
        wanted = {firm_table(firm, n) for n in FIRM_TABLES} | {period_table(firm, period, n) for n in PERIOD_TABLES}
        return wanted - tables

    def verify(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        firm_code = FirmCode.normalise(setting.firm)
        period_code = PeriodCode.normalise(setting.period)
        if firm_code is None or period_code is None:
            return [Finding("profile_mismatch", "error", t("reason.logo.no_firm"))]
        found = self.firm_and_catalog(setting, reader)
        if isinstance(found, Msg):
            return [Finding("profile_mismatch", "error", found)]
        catalog, firm = found
        database = catalog.data_database(firm)
        missing = self.missing_tables(reader, database, firm_code, period_code)
        if missing:
            return [tables_missing(self.name, database, missing)]
        findings: list[Finding] = []
        period = next((p for p in catalog.periods_of(firm) if p.nr == int(period_code)), None)
        if period is None or not period.holds(when.day):
            detail = (
                t(
                    "reason.logo.span",
                    firm=firm_code,
                    period=period_code,
                    begin=tr_date(period.begin),
                    end=tr_date(period.end),
                )
                if period
                else t("reason.logo.no_year_period", firm=firm_code, day=tr_date(when.day))
            )
            holder = next((p for p in catalog.periods_of(firm) if p.holds(when.day)), None)
            if holder is not None:
                holds = t(
                    "reason.logo.holds_day",
                    period=f"{holder.nr:02d}",
                    begin=tr_date(holder.begin),
                    end=tr_date(holder.end),
                    day=tr_date(when.day),
                )
                detail = Joined([detail, holds], sep="; ")
            findings.append(wrong_year(when.year, detail))
        invoices = reader.count(database, period_table(firm_code, period_code, "INVOICE"))
        if invoices == 0:
            invoice_table = period_table(firm_code, period_code, "INVOICE")
            findings.append(no_documents(f"{firm_code}/{period_code}", when.year, invoice_table))
        else:
            findings.append(documents_ok(invoices, "reason.invoices"))
        tables = reader.tables(database)
        edoc_tables = [period_table(firm_code, period_code, n) for n in PERIOD_EDOC_TABLES] + [
            firm_table(firm_code, n) for n in FIRM_EDOC_TABLES
        ]
        edocs = {n: reader.count(database, n) for n in edoc_tables if n in tables}
        if edocs:
            findings.append(edocs_listed(edocs))
        return findings


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _str(value: Any) -> str:
    return str(value or "").strip()


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _flag(value: Any) -> bool:
    return _int(value) not in (None, 0)
