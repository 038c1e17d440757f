"""Helpers shared by the test suites: an in-memory catalog reader for per-program rule tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from konnektor_kit.domain.catalog import as_date
from konnektor_kit.exceptions import DatabaseMissing
from konnektor_kit.i18n import t


@dataclass
class FakeTable:
    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


class FakeCatalog:
    """A `CatalogReader` over plain dicts: {database: {table: FakeTable}}, with the same answers a
    server gives (missing databases raise DatabaseMissing, dates are compared as dates)."""

    server = "FAKE"

    def __init__(self, databases: dict[str, dict[str, FakeTable]], unavailable: dict[str, str] | None = None):
        self.data = databases
        self._unavailable = unavailable or {}

    def _db(self, database: str) -> dict[str, FakeTable]:
        if database not in self.data:
            raise DatabaseMissing(t("db.missing", database=database, server=self.server), t("db.missing.guidance"))
        return self.data[database]

    def databases(self) -> list[str]:
        return sorted(self.data)

    def has_database(self, database: str) -> bool:
        return database in self.data

    def tables(self, database: str) -> frozenset[str]:
        return frozenset(self._db(database))

    def columns(self, database: str, table: str) -> frozenset[str]:
        return frozenset(self._db(database)[table].columns)

    def rows(self, database: str, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        spec = self._db(database)[table]
        index = [spec.columns.index(c) for c in columns]
        return [tuple(row[i] for i in index) for row in spec.rows]

    def _dates(self, database: str, table: str, column: str) -> list[date]:
        spec = self._db(database)[table]
        i = spec.columns.index(column)
        return [d for row in spec.rows if (d := as_date(row[i])) is not None]

    def count(
        self,
        database: str,
        table: str,
        date_column: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> int:
        if date_column is None or start is None or end is None:
            return len(self._db(database)[table].rows)
        return sum(1 for d in self._dates(database, table, date_column) if start <= d <= end)

    def last_date(self, database: str, table: str, column: str) -> date | None:
        return max(self._dates(database, table, column), default=None)

    def first_date(self, database: str, table: str, column: str) -> date | None:
        return min(self._dates(database, table, column), default=None)

    def databases_with_table(self, table: str) -> list[str]:
        return sorted(d for d, tables in self.data.items() if table in tables)

    def unavailable(self) -> dict[str, str]:
        return dict(self._unavailable)
