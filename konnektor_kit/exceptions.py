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
    ├── ConnectionFailed          a server could not be reached or refused; `category` says why
    │   ├── DatabaseMissing
    │   ├── BrowserSilent         SQL Server Browser did not answer
    │   └── InstanceUnknown       the named instance is not on that server
    ├── ConcurrentChange          a row moved since the plan (SURUM)
    ├── WriteFailed               rolled back part-way
    └── NeedsEngineer             something the kit must not decide alone

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
    """A server could not be reached or refused us; `category` says why, for guidance."""

    def __init__(self, msg: Msg, guidance: Msg | None = None, category: str = "error") -> None:
        super().__init__(msg, guidance)
        self.category = category


class DatabaseMissing(ConnectionFailed):
    """The database is not on the server, whatever the backend: a missing SQLite file, SQL Server's
    4060, MariaDB's 1049, PostgreSQL's 3D000; what every caller catches is this one type."""

    def __init__(self, msg: Msg, guidance: Msg | None = None, category: str = "database_missing") -> None:
        super().__init__(msg, guidance, category)

    @classmethod
    def named(cls, database: str, server: str) -> DatabaseMissing:
        """The kit's own finding that `database` is not on `server` (no driver said it): one sentence for all."""
        return cls(t("db.missing", database=database, server=server), t("guidance.database_missing"))


class BrowserSilent(ConnectionFailed):
    """SQL Server Browser (UDP 1434) did not answer, so a named instance's port is unknown."""

    def __init__(self, msg: Msg, guidance: Msg | None = None, category: str = "server_unreachable") -> None:
        super().__init__(msg, guidance, category)


class InstanceUnknown(ConnectionFailed):
    """SQL Server Browser answered but does not list the named instance on that server."""

    def __init__(self, msg: Msg, guidance: Msg | None = None, category: str = "server_unreachable") -> None:
        super().__init__(msg, guidance, category)


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
