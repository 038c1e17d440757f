"""The database-per-year rule shared by GENERIC, ETA and NETSIS without its system database."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import ClassVar

from ...i18n import Count, Joined, Msg, t
from ..decisions import Candidate, Decision, Finding
from ..reader import CatalogReader
from ..settings import ModuleSetting
from ..text import fold
from ..transition import Transition, year_bounds
from .base import (
    CONFIRM_AT_MOST,
    CURRENT_SCORE,
    MISSING_TABLES_PENALTY,
    Profile,
    conclude,
    documents_ok,
    instead_of,
    joined,
    keep,
    no_documents,
    own_database,
    tables_missing,
    wrong_year,
)
from .yearnames import DECOY_MARKERS, NameRank, is_decoy, rank_names, split_year

FOLDED_MARKERS = tuple(fold(m) for m in DECOY_MARKERS)

SAME_TABLES_BONUS = 5


def real_of_copy(setting: ModuleSetting, when: Transition) -> str | None:
    """The database a copy's name copies ("IZMIRSUBE2026_YEDEK" → "IZMIRSUBE2026"), for a setting on a
    decoy the site file does not say is the module's own; None for any other setting."""
    if own_database(setting, when) or not is_decoy(setting.database):
        return None
    words = re.split(r"([_\-\s.]+)", setting.database)
    kept = [w for w in words if fold(w) not in FOLDED_MARKERS]
    name = "".join(kept).strip("_-. ")
    for marker in sorted(FOLDED_MARKERS, key=len, reverse=True):
        if fold(name).endswith(marker) and len(name) > len(marker):
            name = name[: len(name) - len(marker)].rstrip("_-. ")
    name = re.sub(r"[_\-\s.]{2,}", lambda m: m.group()[0], name)
    return name if name and name != setting.database else None


class PerYearProfile(Profile):
    search = "database"
    #: tables that prove a database belongs to this program; empty: "the same tables as the current one"
    required_tables: ClassVar[tuple[str, ...]] = ()
    #: (table, date column or None) counted as the year's documents
    document_tables: ClassVar[tuple[tuple[str, str | None], ...]] = ()

    def decide(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> Decision:
        return self.decide_by_name(setting, when, reader)

    def decide_by_name(
        self, setting: ModuleSetting, when: Transition, reader: CatalogReader, notes: list[Msg] | None = None
    ) -> Decision:
        notes = list(notes or [])
        real = real_of_copy(setting, when)
        if real is not None:
            # a setting on a backup or test copy: decided as if on the database it copies, never kept
            copied = t("reason.current_copy", database=setting.database, real=real)
            decision = self.decide_by_name(replace(setting, database=real), when, reader, notes)
            return instead_of(decision, copied, when.year)
        current = split_year(setting.database)
        if current is None:
            return Decision(
                "not_found",
                t("decision.not_found", year=when.year, why=t("reason.no_year_in_name", database=setting.database)),
            )
        exists = reader.has_database(setting.database)
        if current.year == when.year and exists:
            here = self.candidate(
                setting,
                setting.database,
                when,
                CURRENT_SCORE,
                reader,
                t("reason.generic.current", database=setting.database, year=when.year),
                None,
            )
            return keep(here.reason, here)
        if not exists:
            notes.append(t("reason.current_missing", database=setting.database))
        current_tables = reader.tables(setting.database) if exists else None
        ranked = rank_names(setting.database, when.year, reader.databases())
        candidates = [
            self.rank_to_candidate(setting, r, when, reader, current_tables, i < CONFIRM_AT_MOST)
            for i, r in enumerate(ranked)
        ]
        why = t("reason.no_candidate_db", pattern=current.with_year(when.year))
        return conclude(when, candidates, why, notes)

    def rank_to_candidate(
        self,
        setting: ModuleSetting,
        rank: NameRank,
        when: Transition,
        reader: CatalogReader,
        current_tables: frozenset[str] | None,
        confirm: bool,
    ) -> Candidate:
        kind = {
            "same_stem": t("reason.year_db", year=rank.year),
            "decoy": t("reason.decoy"),
            "other_name": t("reason.other_stem", stem=rank.name),
            "other_year": t("reason.other_year", year=rank.year),
        }[rank.kind]
        opened = confirm and rank.year == when.year
        return self.candidate(
            setting,
            rank.name,
            when,
            rank.score,
            reader if opened else None,
            kind,
            current_tables if opened else None,
            year=rank.year,
        )

    def candidate(
        self,
        setting: ModuleSetting,
        database: str,
        when: Transition,
        score: int,
        reader: CatalogReader | None,
        kind: Msg,
        current_tables: frozenset[str] | None,
        year: int | None = None,
    ) -> Candidate:
        """A candidate, opened and confirmed by its tables when a reader is given."""
        year = when.year if year is None else year
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
            documents = self.count_documents(reader, database, tables, when)
            if documents is not None:
                parts.append(t("reason.docs_in_year", count=Count(documents), year=when.year))
        begin, end = year_bounds(year)
        return Candidate(
            database,
            setting.firm,
            setting.period,
            year,
            database,
            score,
            joined(*parts),
            documents,
            begin,
            end,
            year == when.year,
        )

    def count_documents(
        self, reader: CatalogReader, database: str, tables: frozenset[str], when: Transition
    ) -> int | None:
        """The transition year's documents in every dated table this program keeps; None if it has none."""
        present = [(table, column) for table, column in self.document_tables if table in tables]
        if not present:
            return None
        return sum(
            reader.count(database, table) if column is None else reader.count(database, table, (column, *when.bounds))
            for table, column in present
        )

    def verify(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        tables = reader.tables(setting.database)
        findings: list[Finding] = []
        missing = set(self.required_tables) - tables
        if missing or not tables:
            findings.append(tables_missing(self.name, setting.database, missing or {"*"}))
            return findings
        if not self.required_tables:
            namesake = self.namesake_tables(setting.database, tables, reader)
            if namesake is not None:
                return [namesake]
        findings.extend(self.verify_year(setting, when, reader))
        documents = self.count_documents(reader, setting.database, tables, when)
        if documents == 0:
            tables_named = ", ".join(table for table, _ in self.document_tables)
            findings.append(no_documents(setting.database, when.year, tables_named))
        elif documents is not None:
            findings.append(documents_ok(documents))
        return findings

    def namesake_tables(self, database: str, tables: frozenset[str], reader: CatalogReader) -> Finding | None:
        """A program known only by its tables: the database must hold those of its namesake of the nearest
        other year (IZMIRSUBE2025 for IZMIRSUBE2026), copies aside; None when it does, or has no namesake."""
        named = split_year(database)
        if named is None:
            return None
        namesakes = [
            (abs(p.year - named.year), -p.year, name)
            for name in reader.databases()
            if (p := split_year(name)) is not None
            and p.key == named.key
            and p.year != named.year
            and not is_decoy(name)
        ]
        if not namesakes:
            return None
        other = min(namesakes)[2]
        missing = reader.tables(other) - tables
        if not missing:
            return None
        shown = ", ".join(sorted(missing)[:5])
        return Finding(
            "tables_missing",
            "error",
            t("check.generic_tables", database=database, other=other, missing=shown),
            t("check.tables_missing.guidance"),
        )

    def verify_year(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        named = split_year(setting.database)
        if named is not None and named.year != when.year:
            other: Msg = t("reason.other_year", year=named.year)
            holder = named.with_year(when.year)
            if reader.has_database(holder):
                other = Joined([other, t("reason.holds_year", database=holder, year=when.year)], sep="; ")
            return [wrong_year(when.year, other)]
        return []
