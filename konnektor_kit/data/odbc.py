"""The ODBC backend: servers reached through pyodbc, SQL Server (Microsoft's drivers, FreeTDS),
PostgreSQL and MariaDB; `open_odbc` is also how the Konnektör's own database and the SQLite3 ODBC
driver (`odbc_sqlite.py`) are opened.

The server's catalog is read over one connection kept for the whole operation, so discovery costs
a constant number of round trips whatever the number of databases; a database is opened only when a
profile needs to look inside it.
"""

from __future__ import annotations

import json
from typing import Any

from ..exceptions import (
    BadConnectionString,
    CertificateRejected,
    ConnectionFailed,
    DriverMissing,
    KitError,
    LoginFailed,
    ServerUnreachable,
    TimedOut,
    ValueRefused,
)
from ..i18n import t
from . import connect, odbc_strings
from .connect import Connection
from .database_states import classify_databases
from .dialects import Dialect
from .errors import classify
from .probe import Probe, preflight, unreachable, with_endpoint
from .site import ServerConfig


def open_odbc(
    connection_string: str,
    database: str | None,
    login_timeout: float,
    *,
    server: str = "ODBC",
    counter: list[int] | None = None,
) -> Connection:
    """Connect with the login timeout each driver honours; a failure is a classified ConnectionFailed."""
    try:
        import pyodbc
    except ImportError as exc:  # pyodbc imports only where unixODBC's libodbc is installed
        raise classify(RuntimeError("IM002", f"pyodbc/unixODBC: {exc}"), server="ODBC", database=None) from None
    fam = odbc_strings.family(connection_string)
    sqlserver = fam.dialect.name == "sqlserver"  # SQL Server errors get instance/Browser/1433 guidance
    # Connector/ODBC strips leading spaces from Database= even in braces: such a name is entered by USE
    use = fam.name == "mariadb" and database is not None and database != database.lstrip()
    try:
        target = odbc_strings.target(connection_string, None if use else database, login_timeout)
    except odbc_strings.UnsafeValue as exc:
        raise unsafe(exc, server) from None
    if use and database is not None and (why := odbc_strings.value_refusal(database, True)) is not None:
        raise unsafe(odbc_strings.UnsafeValue("Database", database, why), server)
    registered(connection_string, pyodbc.drivers(), server)
    try:
        raw = pyodbc.connect(target.connection_string, timeout=target.timeout, autocommit=False)
        if use:
            raw.execute(f"USE {fam.dialect.quote(database or '')}")
    except pyodbc.Error as exc:
        raise classify(exc, server=server, database=database, sqlserver=sqlserver) from None
    try:
        bound(raw, fam.dialect)
    except pyodbc.Error as exc:
        raw.close()
        raise classify(exc, server=server, database=database, sqlserver=sqlserver) from None
    if fam.name == "mariadb":
        # Connector/ODBC 3.1 loses characters of UTF-16 text ("İzmir Şube" in the history's JSON comes
        # back cut short); UTF-8 both ways keeps it whole, as pyodbc's guide for MySQL advises.
        raw.setdecoding(pyodbc.SQL_CHAR, encoding="utf-8")
        raw.setdecoding(pyodbc.SQL_WCHAR, encoding="utf-8")
        raw.setencoding(encoding="utf-8")
        # Read committed rows as they are now: a plan must see what another engineer just wrote.
        raw.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
    return Connection(
        raw,
        fam.dialect,
        database or server,
        counter,
        on_error=lambda exc: classify(exc, server=server, database=database, sqlserver=sqlserver),
    )


def bound(raw: Any, dialect: Dialect) -> None:
    """Every statement of the session bounded by the server's lock and statement timeouts, committed so
    that a rolled-back transaction cannot undo them. (pyodbc's `Connection.timeout` is the connection
    timeout, attribute 113, which psqlODBC refuses: the server's own settings are what bounds a query.)"""
    import pyodbc

    statements = dialect.session_bounds(connect.LOCK_TIMEOUT_SECONDS, connect.STATEMENT_TIMEOUT_SECONDS)
    for statement in statements:
        try:
            raw.execute(statement)
        except pyodbc.Error:
            if "max_statement_time" not in statement:
                raise
            # MySQL (through the same driver) names it otherwise, in milliseconds
            raw.execute(f"SET SESSION max_execution_time = {connect.STATEMENT_TIMEOUT_SECONDS * 1000}")
    if statements:
        raw.commit()


def unsafe(exc: odbc_strings.UnsafeValue, server: str) -> ValueRefused:
    """The refusal of a value the driver would misread, in words; the password is never shown."""
    secret = exc.key.casefold() in odbc_strings.SECRET_KEYS
    database = exc.key.casefold() in {"database", "db", "initial catalog"}
    return ValueRefused(
        t(
            "odbc.unsafe_value",
            what=t("odbc.what.database" if database else "odbc.what.key"),
            value="***" if secret else json.dumps(exc.value, ensure_ascii=False),
            server=server,
            why=t(f"odbc.why.{exc.why}"),
        )
    )


def registered(connection_string: str, drivers: list[str], server: str) -> None:
    """Driver= only a driver registered with the driver manager (odbcinst.ini): never a library file."""
    driver = odbc_strings.get(odbc_strings.parse(connection_string), "Driver")
    if driver is None:
        return  # a DSN: its driver is the administrator's entry in odbc.ini
    if driver.strip().casefold() not in {d.casefold() for d in drivers}:
        raise DriverMissing(
            t("odbc.driver_unregistered", driver=driver, server=server, known=", ".join(drivers) or "—"),
            t("guidance.driver_missing"),
        )


#: the kinds that say the server (not one database) cannot be used in this operation
SERVER_WIDE = (ServerUnreachable, TimedOut, DriverMissing, LoginFailed, CertificateRejected, BadConnectionString)


class OdbcServer:
    """A database server behind an ODBC connection string (without Database=; the kit adds it)."""

    def __init__(self, config: ServerConfig) -> None:
        assert config.odbc is not None
        self.name = config.name
        self.config = config
        self.family = odbc_strings.family(config.odbc)
        self.dialect = self.family.dialect
        self.counter = [0]
        self._catalog: Connection | None = None
        self._listing: tuple[list[str], dict[str, str]] | None = None
        self._connections: dict[str | None, Connection] = {}
        #: the server's verdict for this operation: once it is found dead, no module dials it again
        self._verdict: KitError | None = None
        self._probed = False
        self.probe_result: Probe | None = None

    def reach(self) -> str:
        """The connection string to give the driver, after the pre-flight probe (run once per operation)."""
        if self._verdict is not None:
            raise self._verdict
        if not self._probed:
            self._probed = True
            odbc, timeout = self.config.odbc or "", self.config.login_timeout
            try:
                self.probe_result = preflight(odbc, timeout)
            except KitError as exc:  # SQL Server Browser silent, or the instance is not there
                self._verdict = exc
                raise
            failed = unreachable(self.probe_result, odbc, timeout, server=self.name) if self.probe_result else None
            if failed is not None:
                self._verdict = failed
                raise failed
        odbc = self.config.odbc or ""
        return with_endpoint(odbc, self.probe_result) if self.probe_result else odbc

    def connect(self, database: str | None) -> Connection:
        """A new login to one database; a failure that is the server's, not the database's, is remembered."""
        odbc = self.reach()
        try:
            return open_odbc(odbc, database, self.config.login_timeout, server=self.name, counter=self.counter)
        except ConnectionFailed as exc:
            if isinstance(exc, SERVER_WIDE):
                self._verdict = exc
            raise

    def open(self, database: str | None) -> Connection:
        """One connection per database for the whole operation: discovery, test and apply share it."""
        if database not in self._connections:
            self._connections[database] = self.connect(database)
        return self._connections[database]

    def catalog_connection(self, via: str | None = None) -> Connection:
        """The catalog is read over the first database the operation needs, so it costs no extra login;
        the server's own catalog database only when that one cannot be opened."""
        if self._catalog is None:
            if via is not None:
                try:
                    self._catalog = self.open(via)
                except ConnectionFailed as exc:
                    if isinstance(exc, SERVER_WIDE):
                        raise
            if self._catalog is None:
                self._catalog = self.open(self.family.catalog_database)
        return self._catalog

    def _list(self, via: str | None = None) -> tuple[list[str], dict[str, str]]:
        """One catalog query gives both the usable databases and the others; kept until `close()`."""
        if self._listing is None:
            conn = self.catalog_connection(via)
            if self.dialect.list_databases_with_state is not None:
                self._listing = classify_databases(conn.query(self.dialect.list_databases_with_state))
            else:
                assert self.dialect.list_databases is not None
                self._listing = ([str(r[0]) for r in conn.query(self.dialect.list_databases)], {})
        return self._listing

    def databases(self, via: str | None = None) -> list[str]:
        return list(self._list(via)[0])

    def unavailable_databases(self) -> dict[str, str]:
        return dict(self._list()[1])

    def databases_with_table(self, table: str) -> list[str]:
        """MariaDB and SQL Server answer in one query across databases; PostgreSQL only per database."""
        if self.dialect.tables_everywhere is not None:
            conn = self.catalog_connection()
            return sorted({str(r[0]) for r in conn.query(self.dialect.tables_everywhere, (table,))})
        if self.dialect.name == "sqlserver" and (names := self.databases()):
            sql, params = self.dialect.table_in_databases(names, table)
            try:
                return sorted({str(r[0]) for r in self.catalog_connection().query(sql, params)})
            except KitError:
                pass  # a database this login may not open fails the whole query: ask one by one
        found = []
        for database in self.databases():
            cached = database in self._connections
            try:
                conn = self.open(database) if cached else self.connect(database)
            except ConnectionFailed as exc:
                if isinstance(exc, SERVER_WIDE):
                    raise
                continue  # a database this login may not open cannot be the one the Konnektör reads
            try:
                if table in {str(r[0]) for r in conn.query(self.dialect.list_tables)}:
                    found.append(database)
            finally:
                if not cached:
                    conn.close()
        return found

    def close(self) -> None:
        for conn in self._connections.values():
            conn.close()
        self._connections.clear()
        self._catalog = None
        self._listing = None  # a new operation ("yeniden arayın") lists again, and probes again
        self._verdict, self._probed, self.probe_result = None, False, None
