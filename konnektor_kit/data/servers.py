"""A database server as the kit sees it: a list of databases and a way to open one.

`Server` is the one interface; each backend lives in its own module and `server_for` picks one from
the site file's entry: a folder of SQLite files (`sqlite_folder.py`), a server behind an ODBC
connection string (`odbc.py`), or the same SQLite files through the SQLite3 ODBC driver
(`odbc_sqlite.py`). The backends know nothing of this module: they answer the same questions.
"""

from __future__ import annotations

from typing import Protocol

from .connect import Connection
from .dialects import Dialect
from .odbc import OdbcServer
from .odbc_sqlite import OdbcSqliteFolderServer
from .probe import Probe
from .site import ServerConfig
from .sqlite_folder import SqliteFolderServer


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


def server_for(config: ServerConfig) -> Server:
    """The backend the site file names (pyodbc is imported only when an ODBC server is first dialled)."""
    if config.odbc is None:
        return SqliteFolderServer(config)
    return OdbcSqliteFolderServer(config) if config.sqlite_dir is not None else OdbcServer(config)
