"""MIKRO (V14–V16, V17 "Desktop"): companies listed in the master database's VERI_TABANLARI.

A company's database is the master's name + "_" + DB_kod. Some sites open a company per year (the
year inside DB_kod), others keep every year in one company: then the document dates decide.
"""
from __future__ import annotations

import re
from datetime import date

from ...i18n import Count, Msg, t, tr_date
from ..catalog import Candidate, CatalogReader, Decision, Finding, year_bounds
from ..settings import ModuleSetting
from .base import conclude, keep, mismatch, tables_missing
from .peryear import CONFIRM_AT_MOST, PerYearProfile
from .yearnames import rank_names, split_year

MASTER = re.compile(r"^(MikroDB_V\d+|MikroDesktop)$", re.IGNORECASE)
COMPANIES = "VERI_TABANLARI"
DATED_TABLES = (("STOK_HAREKETLERI", "sth_tarih"), ("CARI_HESAP_HAREKETLERI", "cha_tarihi"))


class MikroProfile(PerYearProfile):
    name = "MIKRO"
    required_tables = ("STOK_HAREKETLERI", "CARI_HESAP_HAREKETLERI")
    summary = (
        "the master database (MikroDB_V1x or MikroDesktop) and its VERI_TABANLARI (DB_kod, DB_isim); "
        "STOK_HAREKETLERI.sth_tarih and CARI_HESAP_HAREKETLERI.cha_tarihi",
        "company per year: master_DB_kod with the new year in DB_kod; one company for all years: kept",
        "one company for all years whose documents reach the new year (said as a warning while none do yet)",
    )

    def master_of(self, database: str, reader: CatalogReader) -> str | None:
        masters = [d for d in reader.databases() if MASTER.match(d)]
        prefixed = [m for m in masters if database.casefold().startswith(m.casefold() + "_")]
        return max(prefixed, key=len) if prefixed else None

    def decide(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> Decision:
        master = self.master_of(setting.database, reader)
        if master is None:
            return mismatch(self.name, t("reason.mikro.no_master"))
        if COMPANIES not in reader.tables(master):
            return mismatch(self.name, t("reason.mikro.no_companies", master=master))
        companies = {str(code).strip(): str(name or "").strip()
                     for code, name in reader.rows(master, COMPANIES, ("DB_kod", "DB_isim"))}
        code = setting.database[len(master) + 1:]
        listed = {c.casefold(): c for c in companies}.get(code.casefold())
        if listed is None:
            return mismatch(self.name, t("reason.mikro.not_listed", database=setting.database, master=master))
        if split_year(listed) is None:
            return self.decide_multi_year(setting, year, reader, listed, companies[listed])
        here = f"{master}_{listed}"
        if split_year(listed).year == year:  # type: ignore[union-attr]
            why = t("reason.generic.current", database=here, year=year)
            return keep(why, self.candidate(setting, here, year, 100, reader, why, None))
        ranked = rank_names(listed, year, list(companies))
        current_tables = reader.tables(setting.database) if reader.has_database(setting.database) else None
        candidates = []
        for i, r in enumerate(ranked):
            database = f"{master}_{r.name}"
            label = t("reason.mikro.company", code=r.name, name=companies[r.name])
            opened = i < CONFIRM_AT_MOST and r.year == year and reader.has_database(database)
            c = self.candidate(setting, database, r.year, r.score, reader if opened else None, label, current_tables)
            candidates.append(c)
        return conclude(year, candidates, t("reason.no_candidate_db", pattern=f"{master}_{split_year(listed).with_year(year)}"))  # type: ignore[union-attr]

    def decide_multi_year(self, setting: ModuleSetting, year: int, reader: CatalogReader,
                          code: str, name: str) -> Decision:
        last = self.last_document(reader, setting.database)
        key = "reason.mikro.multi_year" if last and last >= date(year, 1, 1) else "reason.mikro.multi_year_waiting"
        why = t(key, year=year, last=tr_date(last))
        here = Candidate(setting.database, setting.firm, setting.period, year, f"{code} ({name})", 100, why,
                         self.count_documents(reader, setting.database, reader.tables(setting.database), year))
        return keep(why, here)

    def last_document(self, reader: CatalogReader, database: str) -> date | None:
        tables = reader.tables(database)
        dates = [reader.last_date(database, table, column) for table, column in DATED_TABLES if table in tables]
        return max((d for d in dates if d), default=None)

    def count_documents(self, reader: CatalogReader, database: str, tables: frozenset[str], year: int) -> int | None:
        present = [(tb, col) for tb, col in DATED_TABLES if tb in tables]
        if not present:
            return None
        return sum(reader.count(database, tb, col, *year_bounds(year)) for tb, col in present)

    def verify(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> list[Finding]:
        tables = reader.tables(setting.database)
        missing = set(self.required_tables) - tables
        if missing:
            return [tables_missing(self.name, setting.database, missing)]
        findings = self.verify_year(setting, year, reader)
        documents = self.count_documents(reader, setting.database, tables, year) or 0
        einvoice = sorted(tb for tb in tables if tb.upper().startswith("E_FATURA_"))
        if documents == 0:
            last = self.last_document(reader, setting.database)
            findings.append(Finding("no_documents", "warning", t(
                "check.no_documents", what=setting.database, year=year,
                detail=t("reason.docs_until", last=tr_date(last)))))
        else:
            what: Msg = t("reason.docs", count=Count(documents))
            findings.append(Finding("ok", "ok", t("check.ok", what=what)))
        if einvoice:
            findings.append(Finding("ok", "ok", t("check.edocs", tables=", ".join(einvoice))))
        return findings

    def verify_year(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> list[Finding]:
        master = self.master_of(setting.database, reader)
        if master is None:
            return [Finding("profile_mismatch", "error", t("reason.mikro.no_master"))]
        named = split_year(setting.database[len(master) + 1:])
        if named is not None and named.year != year:
            return [Finding("wrong_year", "error", t("check.wrong_year", year=year,
                                                      detail=t("reason.other_year", year=named.year)))]
        return []
