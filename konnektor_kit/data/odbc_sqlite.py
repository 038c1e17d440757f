"""SQLite files opened through the SQLite3 ODBC driver: the embedded folder, reached the pyodbc way."""

from __future__ import annotations

from ..exceptions import DatabaseMissing
from .connect import Connection
from .odbc import open_odbc
from .site import ServerConfig
from .sqlite_folder import SqliteFolderServer


class OdbcSqliteFolderServer(SqliteFolderServer):
    """SQLite files opened through the SQLite3 ODBC driver: the folder is the server's catalog."""

    def __init__(self, config: ServerConfig) -> None:
        super().__init__(config)
        self.config = config

    def open(self, database: str) -> Connection:
        path = self.path_of(database)
        if not path.is_file():  # the driver would create an empty file: a typo must not make a database
            raise DatabaseMissing.named(database, self.name)
        return open_odbc(
            self.config.odbc or "", str(path), self.config.login_timeout, server=self.name, counter=self.counter
        )
