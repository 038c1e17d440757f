"""Driver errors → the kit's kinds of ConnectionFailed (exceptions.py), each with guidance a support
engineer can act on.

Classified by SQLSTATE and native code first, the message last: psqlODBC puts every connection
failure under 08001 and only its (server-language) message tells them apart; MariaDB raises a closed
port as HY000/2002 on the base `pyodbc.Error` class. Works on sqlite3 errors too.
"""

from __future__ import annotations

import re

from ..exceptions import (
    BadConnectionString,
    CertificateRejected,
    ConnectionFailed,
    DatabaseMissing,
    Deadlock,
    DiskFull,
    DriverMissing,
    DuplicateKey,
    Locked,
    LoginFailed,
    PermissionDenied,
    ReadOnly,
    ServerUnreachable,
    StatementTimedOut,
    TablesMissing,
    TimedOut,
    mask_secrets,
)
from ..i18n import MESSAGES, t

NATIVE = re.compile(r"\((\d{3,5})\)")

#: (kind, SQLSTATEs, native codes, message fragments, lower-case); in this order, the first match wins
RULES: tuple[tuple[type[ConnectionFailed], frozenset[str], frozenset[int], tuple[str, ...]], ...] = (
    (
        DriverMissing,
        frozenset({"IM002", "IM003"}),
        frozenset(),
        ("data source name not found", "can't open lib", "file not found"),
    ),
    (CertificateRejected, frozenset(), frozenset(), ("certificate", "ssl provider", "ssl security error")),
    (
        BadConnectionString,
        frozenset(),
        frozenset(),
        ("invalid value specified for connection string attribute", "invalid connection string attribute"),
    ),
    # before Locked: SQL Server's deadlock victim carries 1205, which is MariaDB's lock wait timeout; its
    # SQLSTATE 40001 (and PostgreSQL's 40P01, MariaDB's 1213) say deadlock
    (Deadlock, frozenset({"40001", "40P01"}), frozenset({1213}), ("deadlock",)),
    (
        Locked,
        frozenset({"55P03"}),
        frozenset({1205, 1222}),
        (
            "lock wait timeout",
            "lock request time out",
            "canceling statement due to lock timeout",
            "database is locked",
            "lock not available",
        ),
    ),
    (
        StatementTimedOut,
        frozenset({"57014", "HY008"}),
        frozenset({1969, 3024}),
        ("statement timeout", "maximum statement execution time exceeded", "query execution was interrupted"),
    ),
    (
        DiskFull,
        frozenset({"53100"}),
        frozenset({1021, 1114, 9002, 1105}),
        ("disk is full", "disk full", "no space left", "could not extend file", "is full"),
    ),
    (ReadOnly, frozenset({"25006"}), frozenset({1290, 1836, 3906}), ("readonly database", "read-only", "read only")),
    (
        DuplicateKey,
        frozenset({"23505"}),
        frozenset({1062, 2627, 2601}),
        ("unique constraint", "duplicate key", "duplicate entry", "violation of primary key"),
    ),
    (
        TimedOut,
        frozenset({"HYT00", "HYT01"}),
        frozenset({2013}),
        ("timeout expired", "timed out", "lost connection to server at 'handshake"),
    ),
    (
        LoginFailed,
        frozenset({"28000", "28P01"}),
        frozenset({18456, 1045, 1698}),
        (
            "password authentication failed",
            "login failed",
            "access denied for user",
            "no password supplied",
            'role "',
            "authentication failed",
        ),
    ),
    (
        DatabaseMissing,
        frozenset({"3D000"}),
        frozenset({4060, 4064, 1049}),
        ("does not exist", "unknown database", "cannot open database"),
    ),
    (
        PermissionDenied,
        frozenset({"42501"}),
        frozenset({229, 230, 262, 297, 916, 1044, 1142, 1143}),
        ("permission denied", "not able to access the database", "command denied", "access denied"),
    ),
    (
        TablesMissing,
        frozenset({"42S02", "42P01"}),
        frozenset({208, 1146}),
        ("no such table", "invalid object name", "doesn't exist", 'relation "'),
    ),
    # FreeTDS's "Adaptive Server is unavailable or does not exist" is known by its 20009 alone: its words
    # hold DatabaseMissing's "does not exist". SQL Server's "(53)" and "(-1)" are not native codes NATIVE
    # reads (three to five digits); their SQLSTATE 08001 and their words decide.
    (
        ServerUnreachable,
        frozenset({"08001", "08S01", "08004"}),
        frozenset({2002, 2003, 2005, 2006, 20009}),
        (
            "connection refused",
            "could not connect",
            "can't connect",
            "could not translate host name",
            "unknown mysql server host",
            "server is not found",
            "network-related",
            "no route to host",
            "name or service not known",
        ),
    ),
)


def sqlstate_and_message(exc: BaseException) -> tuple[str, str]:
    """pyodbc puts (SQLSTATE, message) in args; sqlite3 only a message."""
    args = exc.args
    if len(args) >= 2 and isinstance(args[0], str) and len(args[0]) == 5:
        return args[0], str(args[1])
    return "", " ".join(str(a) for a in args) or type(exc).__name__


def kind_of(exc: BaseException) -> type[ConnectionFailed]:
    """The kind of failure a driver's exception is; ConnectionFailed itself when no rule knows it.

    SQLSTATE and native code first, except 08001 and its kin (psqlODBC's every connection failure):
    for them the message decides, and the SQLSTATE only when no fragment of any rule matched."""
    state, message = sqlstate_and_message(exc)
    lowered = message.casefold()
    natives = {int(n) for n in NATIVE.findall(message)}
    for kind, states, codes, _ in RULES:
        if state in states and kind is not ServerUnreachable:
            return kind
        if natives & codes:
            return kind
    for kind, _, _, fragments in RULES:
        if any(f in lowered for f in fragments):
            return kind
    for kind, states, _, _ in RULES:
        if state in states:
            return kind
    return ConnectionFailed


def classify(exc: BaseException, *, server: str, database: str | None, sqlserver: bool = False) -> ConnectionFailed:
    """The kit's error for a driver's exception: what happened, where, and what to check."""
    kind = kind_of(exc)  # DatabaseMissing is one type on every backend: SQLite's missing file raises it too
    _, message = sqlstate_and_message(exc)
    where = f"{server}/{database}" if database else server
    sqlserver_key = f"guidance.{kind.category}.sqlserver"
    guidance_key = sqlserver_key if sqlserver and sqlserver_key in MESSAGES else f"guidance.{kind.category}"
    return kind(t(f"error.{kind.category}", where=where, detail=_short(message)), t(guidance_key))


def _short(message: str) -> str:
    """Drivers prefix messages with [vendor][driver] tags; keep the sentence an engineer can read
    (and never a password: a driver may quote the connection string it was given)."""
    text = mask_secrets(re.sub(r"\[[^\]]*\]", "", message).strip())
    return text[:300]
