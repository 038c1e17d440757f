"""What differs between SQL engines: quoting, catalog queries, types and parameter values.

Every statement the kit sends is built here or from these pieces, so the T-SQL the kit sends to a
customer's SQL Server can be listed and checked with sqlglot in one test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Dialect:
    name: str
    open_quote: str
    close_quote: str
    text_type: str
    list_databases: str | None  # None: the server is a folder of files
    list_tables: str  # in the current database
    dates_as_text: bool = False
    #: one query naming every database that holds a table (MariaDB's catalog spans databases)
    tables_everywhere: str | None = None
    #: one query listing every user database as (name, state, has access); None where the server's
    #: listing holds only databases the login may open (see `database_states.classify_databases`)
    list_databases_with_state: str | None = None

    def quote(self, identifier: str) -> str:
        """Quote every identifier: PostgreSQL keeps the contract's upper-case names only when quoted."""
        escaped = identifier.replace(self.close_quote, self.close_quote * 2)
        return f"{self.open_quote}{escaped}{self.close_quote}"

    def string(self, length: int) -> str:
        """Unicode text columns: "e-Arşiv" must survive on SQL Server too, hence NVARCHAR there."""
        return f"NVARCHAR({length})" if self.name == "sqlserver" else f"VARCHAR({length})"

    def date_param(self, value: date) -> Any:
        return value.isoformat() if self.dates_as_text else value

    def select(self, table: str, columns: tuple[str, ...] | list[str]) -> str:
        return f"SELECT {', '.join(self.quote(c) for c in columns)} FROM {self.quote(table)}"

    def count(self, table: str, date_column: str | None = None) -> str:
        sql = f"SELECT COUNT(*) FROM {self.quote(table)}"
        if date_column:
            col = self.quote(date_column)
            sql += f" WHERE {col} >= ? AND {col} < ?"
        return sql

    def max_of(self, table: str, column: str) -> str:
        return f"SELECT MAX({self.quote(column)}) FROM {self.quote(table)}"

    def lock_timeout(self, seconds: int) -> str | None:
        """How long a write waits for a row another session holds, set inside the transaction."""
        return {
            "postgresql": f"SET LOCAL lock_timeout = '{int(seconds)}s'",
            "mariadb": f"SET SESSION innodb_lock_wait_timeout = {int(seconds)}",
            "sqlserver": f"SET LOCK_TIMEOUT {int(seconds) * 1000}",
        }.get(self.name)

    def session_bounds(self, lock_seconds: int, statement_seconds: int) -> tuple[str, ...]:
        """What bounds every read and write of a session: how long a statement waits for a lock another
        session holds, and how long any statement may run (SQL Server's is the driver's query timeout)."""
        lock, run = int(lock_seconds), int(statement_seconds)
        return {
            "postgresql": (f"SET lock_timeout = '{lock}s'", f"SET statement_timeout = '{run}s'"),
            "mariadb": (
                f"SET SESSION lock_wait_timeout = {lock}",
                f"SET SESSION innodb_lock_wait_timeout = {lock}",
                f"SET SESSION max_statement_time = {run}",
            ),
            "sqlserver": (f"SET LOCK_TIMEOUT {lock * 1000}",),
        }.get(self.name, ())

    def min_of(self, table: str, column: str) -> str:
        return f"SELECT MIN({self.quote(column)}) FROM {self.quote(table)}"

    def no_rows(self, table: str) -> str:
        """An empty result whose description names the table's columns, on every engine."""
        return f"SELECT * FROM {self.quote(table)} WHERE 1 = 0"

    def table_in_databases(self, databases: list[str], table: str) -> tuple[str, list[str]]:
        """SQL Server reads other databases' catalogs by three-part names: one round trip for all."""
        parts = [
            f"SELECT ? AS db FROM {self.quote(d)}.INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?" for d in databases
        ]
        params = [p for d in databases for p in (d, table)]
        return " UNION ALL ".join(parts), params


SQLITE = Dialect(
    name="sqlite",
    open_quote='"',
    close_quote='"',
    text_type="TEXT",
    list_databases=None,
    list_tables="SELECT name FROM sqlite_master WHERE type = 'table'",
    dates_as_text=True,
)

SQLSERVER = Dialect(
    name="sqlserver",
    open_quote="[",
    close_quote="]",
    text_type="NVARCHAR(MAX)",
    # Only databases that are ONLINE and open to this login: NETSIS's new-year copy is RESTORING
    # while its backup is restored, old years are often OFFLINE. The kit lists with the query below,
    # which also names the others so the engineer is told why they are missing.
    list_databases="SELECT name FROM sys.databases WHERE database_id > 4 AND state = 0 "
    "AND HAS_DBACCESS(name) = 1 ORDER BY name",
    list_tables="SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'",
    list_databases_with_state="SELECT name, state, HAS_DBACCESS(name) FROM sys.databases "
    "WHERE database_id > 4 ORDER BY name",
)

POSTGRESQL = Dialect(
    name="postgresql",
    open_quote='"',
    close_quote='"',
    text_type="TEXT",
    list_databases="SELECT datname FROM pg_database WHERE datistemplate = false ORDER BY datname",
    # pg_catalog, not information_schema: the latter's views take ~10× longer on a 4,000-table LOGO database
    list_tables="SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public'",
)

MARIADB = Dialect(
    name="mariadb",
    open_quote="`",
    close_quote="`",
    text_type="LONGTEXT",
    list_databases="SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN "
    "('information_schema', 'mysql', 'performance_schema', 'sys') ORDER BY SCHEMA_NAME",
    # SHOW reads the schema's directory; information_schema opens every table's definition
    list_tables="SHOW TABLES",
    tables_everywhere="SELECT DISTINCT TABLE_SCHEMA FROM information_schema.TABLES WHERE TABLE_NAME = ?",
)
