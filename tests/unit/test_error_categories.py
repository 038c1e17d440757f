"""Driver errors as SQL Server's drivers and FreeTDS raise them (codes documented by Microsoft), and
the SQLite ones of the embedded default, sorted into the kit's kinds of ConnectionFailed: every
SQLSTATE, native code and message fragment of the rules table gives its kind, and its category is the
string the JSON output and the message keys have always used."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from konnektor_kit.data.errors import RULES, classify, kind_of
from konnektor_kit.data.site import ServerConfig
from konnektor_kit.data.sqlite_folder import SqliteFolderServer
from konnektor_kit.exceptions import (
    ConnectionFailed,
    DatabaseMissing,
    DuplicateKey,
    Locked,
    LoginFailed,
    ReadOnly,
    TablesMissing,
)
from konnektor_kit.i18n import MESSAGES


class FakeOdbcError(Exception):
    """pyodbc.Error's shape: args = (SQLSTATE, message). Used only for codes no server here can raise."""


#: the category each kind has always printed (the contract's `category`, keys error.<category>)
CATEGORIES = {
    "DriverMissing": "driver_missing",
    "CertificateRejected": "certificate",
    "BadConnectionString": "bad_connection_string",
    "Locked": "locked",
    "StatementTimedOut": "statement_timeout",
    "DiskFull": "disk_full",
    "ReadOnly": "read_only",
    "Deadlock": "deadlock",
    "DuplicateKey": "duplicate_key",
    "TimedOut": "timeout",
    "LoginFailed": "login_failed",
    "DatabaseMissing": "database_missing",
    "PermissionDenied": "permission_denied",
    "TablesMissing": "tables_missing",
    "ServerUnreachable": "server_unreachable",
}


def table_samples() -> Iterator[object]:
    """One driver error per SQLSTATE, per native code and per message fragment of every rule, each
    alone in an otherwise meaningless message (HY000 is no rule's SQLSTATE)."""
    for kind, states, codes, fragments in RULES:
        for state in sorted(states):
            yield pytest.param(kind, FakeOdbcError(state, "Something went wrong"), id=f"{kind.__name__}-{state}")
        for code in sorted(codes):
            yield pytest.param(
                kind, FakeOdbcError("HY000", f"[vendor]Something went wrong ({code})"), id=f"{kind.__name__}-{code}"
            )
        for fragment in fragments:
            yield pytest.param(
                kind, FakeOdbcError("HY000", f"[vendor]Error: {fragment.upper()}!"), id=f"{kind.__name__}-{fragment}"
            )


@pytest.mark.parametrize("kind, exc", list(table_samples()))
def test_every_rule_of_the_table_gives_its_kind(kind, exc):
    assert kind_of(exc) is kind
    err = classify(exc, server="SRV01", database="LOGODB")
    assert type(err) is kind and isinstance(err, ConnectionFailed) and err.exit_code == 1
    assert err.category == CATEGORIES[kind.__name__] and "SRV01/LOGODB" in err.message("en")


def test_the_table_has_one_rule_a_kind_and_every_kind_its_words():
    kinds = [kind for kind, *_ in RULES]
    assert len(set(kinds)) == len(kinds) and {k.__name__ for k in kinds} == set(CATEGORIES)
    for kind in kinds:
        assert {f"error.{kind.category}", f"guidance.{kind.category}"} <= set(MESSAGES)
    unknown = classify(FakeOdbcError("HY000", "Something went wrong"), server="S", database=None)
    assert type(unknown) is ConnectionFailed and unknown.category == "error"  # no rule knows it: its own words


@pytest.mark.parametrize(
    "state, message, category",
    [
        (
            "28000",
            "[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Login failed for user 'sa'. (18456)",
            "login_failed",
        ),
        (
            "42000",
            '[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Cannot open database "LOGODB" requested by the login. The login failed. (4060)',
            "database_missing",
        ),
        (
            "42000",
            "[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Cannot open user default database. Login failed. (4064)",
            "database_missing",
        ),
        (
            "08001",
            "[Microsoft][ODBC Driver 18 for SQL Server]SSL Provider: [error:0A000086:SSL routines::certificate verify failed:self-signed certificate] (-1)",
            "certificate",
        ),
        (
            "08001",
            "[Microsoft][ODBC Driver 18 for SQL Server]Named Pipes Provider: Could not open a connection to SQL Server [53]. (53)",
            "server_unreachable",
        ),
        ("HYT00", "[Microsoft][ODBC Driver 18 for SQL Server]Login timeout expired (0)", "timeout"),
        (
            "08S01",
            "[FreeTDS][SQL Server]Unable to connect: Adaptive Server is unavailable or does not exist (20009)",
            "server_unreachable",
        ),
        (
            "42000",
            '[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]The server principal "efinans" is not able to access the database "LOGODB" under the current security context. (916)',
            "permission_denied",
        ),
        (
            "42000",
            "[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]The SELECT permission was denied on the object 'L_CAPIFIRM'. (229)",
            "permission_denied",
        ),
        (
            "42S02",
            "[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Invalid object name 'LG_002_03_INVOICE'. (208)",
            "tables_missing",
        ),
        (
            "IM002",
            "[unixODBC][Driver Manager]Data source name not found and no default driver specified (0)",
            "driver_missing",
        ),
        ("08001", "could not connect to server: Connection refused", "server_unreachable"),
        ("08001", 'FATAL: password authentication failed for user "kit"', "login_failed"),
        ("08001", 'FATAL: database "YOK" does not exist', "database_missing"),
        ("08001", 'FATAL: permission denied for database "X"', "permission_denied"),
        ("HY000", "[ma-3.1.15]Can't connect to MySQL server on '127.0.0.1' (111) (2002)", "server_unreachable"),
        ("42000", "[ma-3.1.15]Unknown database 'YOK' (1049)", "database_missing"),
        ("42000", "[ma-3.1.15]Access denied for user 'u'@'%' to database 'X' (1044)", "permission_denied"),
        ("28000", "[ma-3.1.15]Access denied for user 'u'@'localhost' (using password: YES) (1045)", "login_failed"),
    ],
)
def test_driver_errors(state, message, category):
    assert kind_of(FakeOdbcError(state, message)).category == category


def test_sqlite_errors(tmp_path: Path) -> None:
    """SQLite's own errors, raised for real: a missing table, a taken key, a locked and a read-only file."""
    path = tmp_path / "k.db"
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    conn.execute("CREATE TABLE T (ID INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO T VALUES (1)")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    raised = []
    for conn_, sql in (
        (conn, "SELECT * FROM L_CAPIFIRM"),
        (conn, "INSERT INTO T VALUES (1)"),
        (read_only, "INSERT INTO T VALUES (2)"),
    ):
        with pytest.raises(sqlite3.Error) as err:
            conn_.execute(sql)
        raised.append(err.value)
    conn.execute("BEGIN EXCLUSIVE")
    with pytest.raises(sqlite3.Error) as locked:
        other.execute("SELECT * FROM T")
    conn.execute("ROLLBACK")
    for c in (conn, other, read_only):
        c.close()
    assert [kind_of(e) for e in (*raised, locked.value)] == [TablesMissing, DuplicateKey, ReadOnly, Locked]
    assert kind_of(sqlite3.OperationalError("database or disk is full")).category == "disk_full"


def test_sql_server_guidance_names_what_to_check():
    err = classify(
        FakeOdbcError("08001", "Named Pipes Provider: Could not open a connection to SQL Server [53]. (53)"),
        server="SRV01\\SQLEXPRESS",
        database="LOGODB",
        sqlserver=True,
    )
    tr, en = err.message("tr"), err.message("en")
    for words in ("SQL Server Browser", "TCP/IP", "1433", "SRV01\\SQLEXPRESS/LOGODB"):
        assert words in tr and words in en
    login = classify(
        FakeOdbcError("28000", "Login failed for user 'sa'. (18456)"), server="SRV01", database=None, sqlserver=True
    )
    assert "SQL Server and Windows Authentication mode" in login.message("en")
    assert "Trusted_Connection=yes" in login.message("tr")
    cert = classify(
        FakeOdbcError("08001", "SSL Provider: certificate verify failed"), server="S", database=None, sqlserver=True
    )
    assert "TrustServerCertificate=yes" in cert.message("en")


def test_a_value_driver_18_rejects_is_a_connection_string_error_not_an_unreachable_server():
    exc = FakeOdbcError(
        "08001",
        "[Microsoft][ODBC Driver 18 for SQL Server]Invalid value specified for "
        "connection string attribute 'Encrypt' (0) (SQLDriverConnect)",
    )
    found = classify(exc, server="SRV01", database=None, sqlserver=True)
    assert found.category == "bad_connection_string" and "yes/no/strict" in found.message("en")


def test_a_missing_database_is_one_type_on_every_backend(tmp_path):
    """SQLite's missing file and a server's "no such database" are the same DatabaseMissing, still a
    ConnectionFailed (callers that skip an unopenable database keep doing so); live PostgreSQL and
    MariaDB: tests/live/test_live_errors.py."""
    folder = SqliteFolderServer(ServerConfig("yerel", sqlite_dir=tmp_path))
    with pytest.raises(DatabaseMissing) as sqlite_missing:
        folder.open("IZMIRSUBE2026")
    sql_server_missing = classify(
        FakeOdbcError("42000", 'Cannot open database "LOGODB" requested by the login. The login failed. (4060)'),
        server="SRV01",
        database="LOGODB",
        sqlserver=True,
    )
    for err in (sqlite_missing.value, sql_server_missing):
        assert type(err) is DatabaseMissing and isinstance(err, ConnectionFailed)
        assert err.category == "database_missing" and err.exit_code == 1
    assert type(classify(FakeOdbcError("28000", "Login failed (18456)"), server="S", database=None)) is LoginFailed


def test_a_driver_quoting_its_connection_string_shows_no_password():
    """Some drivers echo the string they were given; the sentence the engineer reads masks it."""
    err = classify(
        FakeOdbcError("08001", "[unixODBC] bad attribute in DRIVER={x};SERVER=db;UID=sa;PWD={p;w};Database=L"),
        server="db",
        database="L",
    )
    for lang in ("tr", "en"):
        assert "PWD=***" in err.message(lang) and "p;w" not in err.message(lang)
