"""`CatalogReader` over a server: caches every answer so a profile may ask freely.

One `ServerCatalog` lives for one operation (a discovery, a plan, a test run): databases are listed
once, each database is opened at most once and its tables read at most once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from ..domain.reader import Dated, as_date
from ..domain.text import fold
from ..exceptions import DatabaseMissing, KitError
from .connect import Connection
from .probe import Probe
from .servers import Server


class ServerCatalog:
    def __init__(self, server: Server) -> None:
        self.backend = server
        self.server = server.name
        self._databases: list[str] | None = None
        self._folded: dict[str, str] = {}
        self._tables: dict[str, frozenset[str]] = {}
        self._connections: dict[str, Connection] = {}
        self._with_table: dict[str, list[str]] = {}
        self._columns: dict[tuple[str, str], frozenset[str]] = {}

    @property
    def queries(self) -> int:
        return self.backend.counter[0]

    def databases(self, via: str | None = None) -> list[str]:
        if self._databases is None:
            self._databases = self.backend.databases(via)
            self._exact = set(self._databases)
            self._folded = {fold(d): d for d in self._databases}
        return self._databases

    def has_database(self, database: str) -> bool:
        self.databases(via=database)
        return database in self._exact or fold(database) in self._folded

    def real_name(self, database: str) -> str:
        """The server's own spelling of a database name typed in another letter case."""
        if not self.has_database(database):
            raise DatabaseMissing.named(database, self.server)
        return database if database in self._exact else self._folded[fold(database)]

    @property
    def probe(self) -> Probe | None:
        return self.backend.probe_result

    def warm(self, via: str | None = None) -> None:
        """Reach the server now (probe, login, catalog): a thread pool does this for every server at
        once, so a dead one costs its timeout once, not once per module; its error is kept for later."""
        with contextlib.suppress(KitError):
            self.databases(via)

    def unavailable(self) -> dict[str, str]:
        self.databases()
        return self.backend.unavailable_databases()

    def connection(self, database: str) -> Connection:
        name = self.real_name(database)
        if name not in self._connections:
            self._connections[name] = self.backend.open(name)
        return self._connections[name]

    def tables(self, database: str) -> frozenset[str]:
        name = self.real_name(database)
        if name not in self._tables:
            conn = self.connection(name)
            self._tables[name] = frozenset(str(r[0]) for r in conn.query(conn.dialect.list_tables))
        return self._tables[name]

    def rows(self, database: str, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        conn = self.connection(database)
        return conn.query(conn.dialect.select(table, tuple(columns)))

    def count(self, database: str, table: str, dated: Dated | None = None) -> int:
        conn = self.connection(database)
        if dated is None:
            return int(conn.scalar(conn.dialect.count(table)) or 0)
        date_column, start, end = dated
        params = (conn.dialect.date_param(start), conn.dialect.date_param(end + timedelta(days=1)))
        return int(conn.scalar(conn.dialect.count(table, date_column), params) or 0)

    def last_date(self, database: str, table: str, column: str) -> date | None:
        conn = self.connection(database)
        return as_date(conn.scalar(conn.dialect.max_of(table, column)))

    def first_date(self, database: str, table: str, column: str) -> date | None:
        conn = self.connection(database)
        return as_date(conn.scalar(conn.dialect.min_of(table, column)))

    def columns(self, database: str, table: str) -> frozenset[str]:
        key = (self.real_name(database), table)
        if key not in self._columns:
            self._columns[key] = frozenset(self.connection(database).column_names(table))
        return self._columns[key]

    def databases_with_table(self, table: str) -> list[str]:
        if table not in self._with_table:
            self._with_table[table] = self.backend.databases_with_table(table)
        return self._with_table[table]

    def close(self) -> None:
        for conn in self._connections.values():
            conn.close()
        self._connections.clear()
        self.backend.close()

    def __enter__(self) -> ServerCatalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
