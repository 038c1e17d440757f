"""The kit's typed errors: each carries a message in Turkish and English that a user can act on.

Faces show `error.message(lang)` and exit with `error.exit_code`; tests assert the type. Exit code 2
means the input was wrong and nothing was touched; 1 means the work failed and nothing was left
half-done (the contract's CLI codes). The tree, one class per failure kind:

    KitError                      exit 1: the work failed, nothing left half-done
    ├── BadInput                  exit 2: what was typed or written cannot be used; nothing touched
    │   ├── InvalidCode           a firm or period code that is not one
    │   ├── UnknownModule, UnknownBranch, UnknownServer, UnknownScenario
    │   ├── SiteError             the site file: missing, malformed, a key that is code, an unset ${VAR}
    │   ├── NeedsConfirmation     an unusual choice (a candidate of another year): ask first
    │   ├── UsageError            the command line's own words
    │   ├── TargetDatabaseMissing the database a change would point at is not on its server
    │   ├── NothingToUndo
    │   └── StaffLocked           a staff action on a site the page did not sign in for
    ├── ConnectionFailed          a server could not be reached or refused; a driver error no rule knows
    │   │                         (data/errors.py's RULES choose the kind from the driver's error)
    │   ├── DriverMissing         the ODBC driver or DSN is not installed (or not registered)
    │   ├── CertificateRejected   the server's TLS certificate is not trusted
    │   ├── BadConnectionString   the driver refuses a key or value of the connection string
    │   ├── ValueRefused          a value the driver would misread, refused before any driver sees it
    │   ├── LoginFailed           wrong user or password, or a login the server does not allow
    │   ├── TimedOut              the server did not answer within the login timeout
    │   ├── ServerUnreachable     refused, no route, a name that does not resolve
    │   │   ├── BrowserSilent     SQL Server Browser did not answer
    │   │   └── InstanceUnknown   the named instance is not on that server
    │   ├── DatabaseMissing       the database is not on the server, whatever the backend
    │   ├── PermissionDenied      the login may not open the database or read the table
    │   ├── TablesMissing         the program's tables are not in the database
    │   ├── Locked                another session holds the rows past the lock timeout
    │   ├── StatementTimedOut     a statement ran past the statement timeout
    │   ├── DiskFull              the server's disk or log is full
    │   ├── ReadOnly              the database is read-only
    │   ├── DuplicateKey          a key another writer took first
    │   └── Deadlock              the server rolled this transaction back to break a deadlock
    ├── FileFailed                a file the kit writes (report, log, site) could not be written
    │   ├── FileDiskFull
    │   ├── FileReadOnly
    │   └── FileDenied
    ├── ConcurrentChange          a row moved since the plan (SURUM)
    ├── WriteFailed               rolled back part-way
    └── NeedsEngineer             something the kit must not decide alone

Each class names its failure for the JSON output and the messages in its class attribute `category`
(`"login_failed"`: keys error.login_failed and guidance.login_failed); the class is what code tests
(`except LoginFailed`, `isinstance(exc, SERVER_WIDE)`), the string only what is printed.

PageFailed (a RuntimeError, not a KitError) is the test run's strict mode: a page that met an
unexpected error while it opened fails its notebook instead of passing on a sentence.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .i18n import Lang, Msg, t

SECRET_KEYS = re.compile(r"(?i)\b(pwd|password)\s*=\s*(\{(?:[^}]|\}\})*\}|[^;]*)")


#: every value a site file read from the environment (`${VAR}`, passwords only): hidden wherever found
_SECRET_VALUES: set[str] = set()
#: shorter values are not looked for in running text (a "1" would blot out every number)
MIN_SECRET_LENGTH = 4


def remember_secret(value: str) -> None:
    """A value read from the environment: from now on `mask_secrets` hides it wherever it appears."""
    if len(value) >= MIN_SECRET_LENGTH:
        _SECRET_VALUES.add(value)


def mask_secrets(text: str) -> str:
    """Hide every password of an ODBC connection string in `text`, braced values included, and every
    value read from the environment wherever it stands.

    Here, beside the errors, because an unexpected error's own words reach the screen, the log and
    the reports: a driver may quote the connection string it was given."""
    text = SECRET_KEYS.sub(lambda m: f"{m.group(1)}=***", text)
    for value in sorted(_SECRET_VALUES, key=len, reverse=True):
        text = text.replace(value, "***")
    return text


class KitError(Exception):
    """Base of every expected failure."""

    exit_code = 1
    #: the failure's name in the JSON output and its message keys, set by each class
    category = "error"

    def __init__(self, msg: Msg, guidance: Msg | None = None) -> None:
        super().__init__(msg.get("en"))
        self.msg = msg
        self.guidance = guidance

    def message(self, lang: Lang = "tr") -> str:
        text = self.msg.get(lang)
        if self.guidance is not None:
            text += " " + self.guidance.get(lang)
        return text


class BadInput(KitError):
    """What the user typed or wrote cannot be used; nothing was read or written."""

    exit_code = 2


class InvalidCode(BadInput):
    category = "bad_code"


class UnknownModule(BadInput):
    pass


class UnknownBranch(BadInput):
    pass


class UnknownServer(BadInput):
    category = "unknown_server"


class SiteError(BadInput):
    """The site file is missing, malformed or refers to an unset environment variable."""


class UnknownScenario(BadInput):
    pass


class NeedsConfirmation(BadInput):
    """The engineer picked something unusual (a candidate of another year): ask before taking it."""


class UsageError(BadInput):
    pass


class TargetDatabaseMissing(BadInput):
    """The user asked to point a module at a database that is not on the server."""

    category = "database_missing"


class ConnectionFailed(KitError):
    """A server could not be reached or refused us; each kind below is a subclass that says why. This
    class itself is a driver error no rule of data/errors.py recognises (category "error")."""


class DriverMissing(ConnectionFailed):
    """The ODBC driver or DSN is not installed, or Driver= names one the driver manager does not know."""

    category = "driver_missing"


class CertificateRejected(ConnectionFailed):
    """The server's TLS certificate is not trusted (ODBC Driver 18 encrypts by default)."""

    category = "certificate"


class BadConnectionString(ConnectionFailed):
    """The driver refuses a key or a value of the connection string (Encrypt=maybe)."""

    category = "bad_connection_string"


class ValueRefused(ConnectionFailed):
    """A value the driver would misread (a brace, a semicolon), refused before any driver sees it."""

    category = "unsafe_value"


class LoginFailed(ConnectionFailed):
    category = "login_failed"


class TimedOut(ConnectionFailed):
    """The server did not answer within the login timeout (or a TCP probe went unanswered)."""

    category = "timeout"


class ServerUnreachable(ConnectionFailed):
    """Refused, no route, a host name that does not resolve: the server cannot be reached at all."""

    category = "server_unreachable"


class BrowserSilent(ServerUnreachable):
    """SQL Server Browser (UDP 1434) did not answer, so a named instance's port is unknown."""


class InstanceUnknown(ServerUnreachable):
    """SQL Server Browser answered but does not list the named instance on that server."""


class DatabaseMissing(ConnectionFailed):
    """The database is not on the server, whatever the backend: a missing SQLite file, SQL Server's
    4060, MariaDB's 1049, PostgreSQL's 3D000; what every caller catches is this one type."""

    category = "database_missing"

    @classmethod
    def named(cls, database: str, server: str) -> DatabaseMissing:
        """The kit's own finding that `database` is not on `server` (no driver said it): one sentence for all."""
        return cls(t("db.missing", database=database, server=server), t("guidance.database_missing"))


class PermissionDenied(ConnectionFailed):
    """The login may not open the database, or read or write a table in it."""

    category = "permission_denied"


class TablesMissing(ConnectionFailed):
    """A table the program reads is not in the database."""

    category = "tables_missing"


class Locked(ConnectionFailed):
    """Another session held the rows past the lock timeout."""

    category = "locked"


class StatementTimedOut(ConnectionFailed):
    """A statement ran past the server's statement timeout."""

    category = "statement_timeout"


class DiskFull(ConnectionFailed):
    """The server's disk, or its transaction log, is full."""

    category = "disk_full"


class ReadOnly(ConnectionFailed):
    """The database (or the server) accepts no writes."""

    category = "read_only"


class DuplicateKey(ConnectionFailed):
    """A unique key another writer took first (the store retries a history ID on it)."""

    category = "duplicate_key"


class Deadlock(ConnectionFailed):
    """Two writers waited on each other and the server rolled this one back (MariaDB 1213, PostgreSQL
    40P01, SQL Server's deadlock victim, SQLSTATE 40001): nothing of it was written, and the store runs
    the transaction again, which then reads what the other writer left."""

    category = "deadlock"


class FileFailed(KitError):
    """A file the kit writes (a report, the log, a site file) could not be written; each kind says why."""


class FileDiskFull(FileFailed):
    category = "disk_full"


class FileReadOnly(FileFailed):
    category = "read_only"


class FileDenied(FileFailed):
    category = "permission_denied"


class ConcurrentChange(KitError):
    pass


class WriteFailed(KitError):
    """Writing the settings failed part-way; the transaction was rolled back."""


class NothingToUndo(BadInput):
    pass


class StaffLocked(BadInput):
    """A staff action on a site the page did not sign in for: refused, nothing touched."""


class PageFailed(RuntimeError):
    """A page met an unexpected error while it opened (its traceback is in the message)."""


class NeedsEngineer(KitError):
    """The kit found something it must not decide alone; it says what and changes nothing."""

    def __init__(self, msg: Msg, details: Any = None) -> None:
        super().__init__(msg)
        self.details = details


def internal_error(exc: BaseException, log: Path | None = None) -> KitError:
    """Wrap an unexpected exception so that a face can still show a sentence instead of a traceback;
    led by where its traceback is when the face logged it ("Something went wrong — details are in …")."""
    what = t("internal", kind=type(exc).__name__, detail=mask_secrets(str(exc)))
    return KitError(t("internal.logged", log=str(log)), what) if log is not None else KitError(what)
