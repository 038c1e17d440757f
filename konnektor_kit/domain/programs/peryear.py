"""The database-per-year rule shared by GENERIC, ETA and NETSIS without its system database."""
from __future__ import annotations

from typing import ClassVar

from ...i18n import Count, Msg, t
from ..catalog import Candidate, CatalogReader, Decision, Finding, year_bounds
from ..settings import ModuleSetting
from .base import Profile, conclude, joined, keep, tables_missing
from .yearnames import NameRank, rank_names, split_year

CONFIRM_AT_MOST = 3  # open only the best few databases: discovery stays a constant number of queries
MISSING_TABLES_PENALTY = 50
SAME_TABLES_BONUS = 5


class PerYearProfile(Profile):
    search = "database"
    #: tables that prove a database belongs to this program; empty: "the same tables as the current one"
    required_tables: ClassVar[tuple[str, ...]] = ()
    #: (table, date column or None) counted as the year's documents
    document_table: ClassVar[tuple[str, str | None] | None] = None

    def decide(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> Decision:
        return self.decide_by_name(setting, year, reader)

    def decide_by_name(self, setting: ModuleSetting, year: int, reader: CatalogReader,
                       notes: list[Msg] | None = None) -> Decision:
        notes = list(notes or [])
        current = split_year(setting.database)
        if current is None:
            return Decision("not_found", t("decision.not_found", year=year,
                                           why=t("reason.no_year_in_name", database=setting.database)))
        exists = reader.has_database(setting.database)
        if current.year == year and exists:
            here = self.candidate(setting, setting.database, year, 100, reader,
                                  t("reason.generic.current", database=setting.database, year=year), None)
            return keep(here.reason, here)
        if not exists:
            notes.append(t("reason.current_missing", database=setting.database))
        current_tables = reader.tables(setting.database) if exists else None
        ranked = rank_names(setting.database, year, reader.databases())
        candidates = [self.rank_to_candidate(setting, r, year, reader, current_tables, i < CONFIRM_AT_MOST)
                      for i, r in enumerate(ranked)]
        why = t("reason.no_candidate_db", pattern=current.with_year(year))
        return conclude(year, candidates, why, notes)

    def rank_to_candidate(self, setting: ModuleSetting, rank: NameRank, year: int, reader: CatalogReader,
                          current_tables: frozenset[str] | None, confirm: bool) -> Candidate:
        kind = {"same_stem": t("reason.year_db", year=rank.year),
                "decoy": t("reason.decoy"),
                "other_name": t("reason.other_stem", stem=rank.name),
                "other_year": t("reason.other_year", year=rank.year)}[rank.kind]
        if not confirm or rank.year != year:
            return self.candidate(setting, rank.name, rank.year, rank.score, None, kind, None)
        return self.candidate(setting, rank.name, rank.year, rank.score, reader, kind, current_tables)

    def candidate(self, setting: ModuleSetting, database: str, year: int, score: int,
                  reader: CatalogReader | None, kind: Msg, current_tables: frozenset[str] | None) -> Candidate:
        """A candidate, opened and confirmed by its tables when a reader is given."""
        parts: list[Msg | None] = [kind]
        documents = None
        if reader is not None:
            tables = reader.tables(database)
            required = set(self.required_tables) or set(current_tables or ())
            missing = required - tables
            if missing:
                score -= MISSING_TABLES_PENALTY
                parts.append(t("reason.tables_differ", missing=", ".join(sorted(missing)[:3])))
            elif current_tables is not None:
                score += SAME_TABLES_BONUS
                parts.append(t("reason.same_tables"))
            documents = self.count_documents(reader, database, tables, year)
            if documents is not None:
                parts.append(t("reason.docs", count=Count(documents)))
        return Candidate(database, setting.firm, setting.period, year, database, score, joined(*parts), documents)

    def count_documents(self, reader: CatalogReader, database: str, tables: frozenset[str], year: int) -> int | None:
        if self.document_table is None or self.document_table[0] not in tables:
            return None
        table, column = self.document_table
        if column is None:
            return reader.count(database, table)
        return reader.count(database, table, column, *year_bounds(year))

    def verify(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> list[Finding]:
        tables = reader.tables(setting.database)
        findings: list[Finding] = []
        missing = set(self.required_tables) - tables
        if missing or not tables:
            findings.append(tables_missing(self.name, setting.database, missing or {"*"}))
            return findings
        findings.extend(self.verify_year(setting, year, reader))
        documents = self.count_documents(reader, setting.database, tables, year)
        if documents == 0:
            findings.append(Finding("no_documents", "warning", t(
                "check.no_documents", what=setting.database, year=year, detail=self.document_table[0])))  # type: ignore[index]
        elif documents is not None:
            findings.append(Finding("ok", "ok", t("check.ok", what=t("reason.docs", count=Count(documents)))))
        return findings

    def verify_year(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> list[Finding]:
        named = split_year(setting.database)
        if named is not None and named.year != year:
            return [Finding("wrong_year", "error", t("check.wrong_year", year=year,
                                                      detail=t("reason.other_year", year=named.year)))]
        return []
