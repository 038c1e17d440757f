"""A database server as the kit sees it: a list of databases and a way to open one.

The embedded default is a folder where each NAME.sqlite file is database NAME; ODBC servers are
reached through pyodbc (see `odbc.py`). Both answer the same questions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .connect import Connection, open_sqlite
from .database_states import classify_databases, unavailable_note  # noqa: F401  (the servers' listing words)
from .dialects import SQLITE, Dialect
from .probe import Probe
from .site import ServerConfig

SUFFIX = ".sqlite"


class Server(Protocol):
    name: str
    dialect: Dialect
    counter: list[int]

    #: what the pre-flight probe found (None: nothing to probe, or not probed yet)
    probe_result: Probe | None

    def databases(self, via: str | None = None) -> list[str]:
        """The databases this login may open now (on SQL Server: ONLINE and HAS_DBACCESS = 1); the
        catalog is read over `via` when the server can (one login fewer)."""

    def unavailable_databases(self) -> dict[str, str]:
        """Databases the server lists but this login may not open now, name → reason ("RESTORING", "OFFLINE",
        "NO_ACCESS", ...; see `database_states`); from the same listing as `databases()`."""

    def open(self, database: str) -> Connection: ...

    def databases_with_table(self, table: str) -> list[str]: ...

    def close(self) -> None: ...


class SqliteFolderServer:
    def __init__(self, config: ServerConfig) -> None:
        assert config.sqlite_dir is not None
        self.name = config.name
        self.folder: Path = config.sqlite_dir
        self.dialect = SQLITE
        self.counter = [0]
        self.probe_result: Probe | None = None

    def databases(self, via: str | None = None) -> list[str]:
        self.counter[0] += 1
        if not self.folder.is_dir():
            return []
        return sorted((p.name[: -len(SUFFIX)] for p in self.folder.glob(f"*{SUFFIX}")), key=str.casefold)

    def unavailable_databases(self) -> dict[str, str]:
        """A file in the folder is a database that opens: none is ever left out."""
        return {}

    def path_of(self, database: str) -> Path:
        return self.folder / f"{database}{SUFFIX}"

    def open(self, database: str) -> Connection:
        return open_sqlite(self.path_of(database), server=self.name, database=database, counter=self.counter)

    def databases_with_table(self, table: str) -> list[str]:
        found = []
        for database in self.databases():
            conn = self.open(database)
            try:
                if conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)):
                    found.append(database)
            finally:
                conn.close()
        return found

    def close(self) -> None:
        """Each database is opened and closed by its user; the folder holds nothing open."""


def server_for(config: ServerConfig) -> Server:
    if config.odbc is None:
        return SqliteFolderServer(config)
    from .odbc import OdbcServer, OdbcSqliteFolderServer  # pyodbc needs unixODBC: only for sites that use it

    return OdbcSqliteFolderServer(config) if config.sqlite_dir is not None else OdbcServer(config)
