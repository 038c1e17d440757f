"""MIKRO (V14–V16, V17 "Desktop"): companies listed in the master database's VERI_TABANLARI.

A company's database is the master's name + "_" + DB_kod. Some sites open a company per year (the
year inside DB_kod), others keep several years in one company: then the document dates decide, and
a company of the same name whose documents start in the new year is its successor (company `20`
for 2020–2025, `26` from 2026). Codes are often plain numbers, so a two-digit tail is read as a year
only when a sibling one year apart exists (`LIDER25`/`LIDER26`), never for `MERKEZ01` alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ...i18n import Count, Joined, Msg, t, tr_date
from ..catalog import Candidate, CatalogReader, Decision, Finding, Transition, as_flag
from ..settings import ModuleSetting
from ..text import fold
from .base import (
    CONFIRM_AT_MOST,
    conclude,
    documents_ok,
    edocs_listed,
    keep,
    mismatch,
    no_documents,
    tables_missing,
    wrong_year,
)
from .peryear import PerYearProfile
from .yearnames import YearName, is_decoy, rank_names, split_year

MASTER = re.compile(r"^(MikroDB_V\d+|MikroDesktop)$", re.IGNORECASE)
COMPANIES = "VERI_TABANLARI"
DATED_TABLES = (("STOK_HAREKETLERI", "sth_tarih"), ("CARI_HESAP_HAREKETLERI", "cha_tarihi"))
SUCCESSOR = 85
#: at most this many same-named companies are opened when looking for a multi-year company's successor
SUCCESSORS_AT_MOST = 6


@dataclass(frozen=True)
class Company:
    code: str
    name: str
    cancelled: bool = False

    @property
    def firm_key(self) -> str:
        """The company's name without years or punctuation: "Yıldız Makina 2020-2025" ~ "YILDIZ MAKİNA"."""
        return "".join(c for c in fold(self.name) if c.isalpha())


@dataclass(frozen=True)
class Located:
    """Where a setting's database sits in Mikro: its master database, the companies listed there, its DB_kod."""

    master: str
    companies: dict[str, Company]
    code: str


def code_year(code: str, codes: list[str]) -> YearName | None:
    """The year inside a DB_kod; a two-digit tail counts only with a sibling one year apart."""
    parsed = split_year(code)
    if parsed is None or parsed.width == 4:
        return parsed
    siblings = {(p.key, p.year) for c in codes if c != code and (p := split_year(c)) is not None}
    return parsed if (parsed.key, parsed.year - 1) in siblings or (parsed.key, parsed.year + 1) in siblings else None


class MikroProfile(PerYearProfile):
    name = "MIKRO"
    required_tables = ("STOK_HAREKETLERI", "CARI_HESAP_HAREKETLERI")
    document_tables = DATED_TABLES

    def master_of(self, database: str, reader: CatalogReader) -> str | None:
        masters = [d for d in reader.databases() if MASTER.match(d)]
        prefixed = [m for m in masters if fold(database).startswith(fold(m) + "_")]
        return max(prefixed, key=len) if prefixed else None

    def companies(self, master: str, reader: CatalogReader) -> dict[str, Company]:
        """Every company of VERI_TABANLARI but the cancelled ones (DB_iptal = 1)."""
        cancelled = "DB_iptal" in reader.columns(master, COMPANIES)
        columns = ("DB_kod", "DB_isim", "DB_iptal") if cancelled else ("DB_kod", "DB_isim")
        found = {}
        for row in reader.rows(master, COMPANIES, columns):
            company = Company(
                str(row[0]).strip(),
                str(row[1] or "").strip(),
                cancelled and as_flag(row[2]),
            )
            if not company.cancelled:
                found[company.code] = company
        return found

    def locate(self, setting: ModuleSetting, reader: CatalogReader) -> Located | Msg:
        """The setting's place in Mikro, or why the setting is not a Mikro company."""
        master = self.master_of(setting.database, reader)
        if master is None:
            return t("reason.mikro.no_master")
        if COMPANIES not in reader.tables(master):
            return t("reason.mikro.no_companies", master=master)
        companies = self.companies(master, reader)
        code = setting.database[len(master) + 1 :]
        listed = code if code in companies else {fold(c): c for c in companies}.get(fold(code))
        if listed is None:
            return t("reason.mikro.not_listed", database=setting.database, master=master)
        return Located(master, companies, listed)

    def decide(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> Decision:
        found = self.locate(setting, reader)
        if isinstance(found, Msg):
            return mismatch(self.name, found)
        master, companies, listed = found.master, found.companies, found.code
        parsed = code_year(listed, list(companies))
        if parsed is None:
            return self.decide_multi_year(setting, when, reader, found)
        here = f"{master}_{listed}"
        if parsed.year == when.year:
            why = t("reason.generic.current", database=here, year=when.year)
            return keep(why, self.candidate(setting, here, when, 100, reader, why, None))
        ranked = rank_names(listed, when.year, [c for c in companies if c == listed or code_year(c, list(companies))])
        current_tables = reader.tables(setting.database) if reader.has_database(setting.database) else None
        candidates = []
        for i, r in enumerate(ranked):
            database = f"{master}_{r.name}"
            label = t("reason.mikro.company", code=r.name, name=companies[r.name].name)
            opened = i < CONFIRM_AT_MOST and r.year == when.year and reader.has_database(database)
            candidates.append(
                self.candidate(
                    setting,
                    database,
                    when,
                    r.score,
                    reader if opened else None,
                    label,
                    current_tables if opened else None,
                    year=r.year,
                )
            )
        return conclude(
            when, candidates, t("reason.no_candidate_db", pattern=f"{master}_{parsed.with_year(when.year)}")
        )

    def decide_multi_year(
        self, setting: ModuleSetting, when: Transition, reader: CatalogReader, found: Located
    ) -> Decision:
        """Keep one company for all years, unless it stopped and a same-named company took over this year."""
        code = found.code
        current = self.dated(setting, setting.database, when, reader, 100, found.companies[code], [])
        successors = self.successors(setting, when, reader, found)
        if current.documents:
            why = t("reason.mikro.multi_year", year=when.year, last=tr_date(current.end))
            return keep(why, current, successors)
        if successors:
            stopped = t("reason.mikro.stopped", code=code, last=tr_date(current.end))
            return conclude(when, successors, stopped, [stopped])
        why = t("reason.mikro.multi_year_waiting", year=when.year, last=tr_date(current.end))
        return keep(why, current)

    def successors(
        self, setting: ModuleSetting, when: Transition, reader: CatalogReader, found: Located
    ) -> list[Candidate]:
        """Same-named companies whose documents start in the transition year."""
        master, companies, code = found.master, found.companies, found.code
        mine = companies[code].firm_key
        taking_over = []
        others = [
            c for c in companies.values() if c.code != code and mine and c.firm_key == mine and not is_decoy(c.code)
        ]
        for company in others[:SUCCESSORS_AT_MOST]:
            database = f"{master}_{company.code}"
            if not reader.has_database(database) or set(self.required_tables) - reader.tables(database):
                continue
            starts = self.first_document(reader, database)
            if starts is None or starts < when.bounds[0]:
                continue
            reason = t("reason.mikro.successor", code=company.code, name=company.name, begin=tr_date(starts))
            taking_over.append(self.dated(setting, database, when, reader, SUCCESSOR, company, [reason]))
        return [c for c in taking_over if c.documents]

    def dated(
        self,
        setting: ModuleSetting,
        database: str,
        when: Transition,
        reader: CatalogReader,
        score: int,
        company: Company,
        notes: list[Msg],
    ) -> Candidate:
        """A company as a candidate with its first–last document dates and the year's documents."""
        tables = reader.tables(database)
        begin, end = self.first_document(reader, database), self.last_document(reader, database, tables)
        documents = self.count_documents(reader, database, tables, when)
        reason = Joined(
            [
                t("reason.mikro.company", code=company.code, name=company.name),
                *notes,
                t("reason.mikro.dates", begin=tr_date(begin), end=tr_date(end)),
                t("reason.docs_in_year", count=Count(documents or 0), year=when.year),
            ]
        )
        return Candidate(
            database,
            setting.firm,
            setting.period,
            when.year if documents else (end.year if end else None),
            f"{company.code} ({company.name})",
            score,
            reason,
            documents,
            begin,
            end,
            bool(documents),
        )

    def first_document(self, reader: CatalogReader, database: str) -> date | None:
        tables = reader.tables(database)
        dates = [reader.first_date(database, table, column) for table, column in DATED_TABLES if table in tables]
        return min((d for d in dates if d), default=None)

    def last_document(self, reader: CatalogReader, database: str, tables: frozenset[str] | None = None) -> date | None:
        tables = tables if tables is not None else reader.tables(database)
        dates = [reader.last_date(database, table, column) for table, column in DATED_TABLES if table in tables]
        return max((d for d in dates if d), default=None)

    def verify(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        tables = reader.tables(setting.database)
        missing = set(self.required_tables) - tables
        if missing:
            return [tables_missing(self.name, setting.database, missing)]
        findings = self.verify_year(setting, when, reader)
        documents = self.count_documents(reader, setting.database, tables, when) or 0
        einvoice = sorted(tb for tb in tables if tb.upper().startswith("E_FATURA_"))
        if documents == 0:
            last = self.last_document(reader, setting.database, tables)
            findings.append(no_documents(setting.database, when.year, t("reason.docs_until", last=tr_date(last))))
        else:
            findings.append(documents_ok(documents))
        if einvoice:
            findings.append(edocs_listed({tb: reader.count(setting.database, tb) for tb in einvoice}))
        return findings

    def verify_year(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        found = self.locate(setting, reader)
        if isinstance(found, Msg):
            return [Finding("profile_mismatch", "error", found)]
        named = code_year(found.code, list(found.companies))
        if named is not None and named.year != when.year:
            return [wrong_year(when.year, t("reason.other_year", year=named.year))]
        if named is None:
            decision = self.decide_multi_year(setting, when, reader, found)
            if decision.status != "keep":
                return [wrong_year(when.year, decision.reason)]
        return []
