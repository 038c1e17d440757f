"""DB-API connections behind one small wrapper: sqlite3 for the embedded default, pyodbc for servers.

The wrapper counts round trips (discovery promises a constant number of catalog queries) and turns
driver errors into the kit's typed errors, so no caller ever handles a driver's exception classes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..exceptions import DatabaseMissing, KitError, WriteFailed
from ..i18n import t
from .dialects import SQLITE, Dialect
from .errors import classify

#: how long a read or write waits for a lock another session holds (`LOCK TABLE … ACCESS EXCLUSIVE`, a
#: long transaction, SQLite's writer), and how long any one statement may run: past them the kit stops
#: and says so ("locked", "statement_timeout") instead of waiting forever
LOCK_TIMEOUT_SECONDS = 5
STATEMENT_TIMEOUT_SECONDS = 120


class Connection:
    def __init__(
        self,
        raw: Any,
        dialect: Dialect,
        label: str,
        counter: list[int] | None = None,
        on_error: Callable[[BaseException], KitError] | None = None,
    ) -> None:
        self.raw = raw
        self.dialect = dialect
        self.label = label
        self.counter = counter if counter is not None else [0]
        self.on_error = on_error or (lambda exc: classify(exc, server=label, database=None))

    def _call(self, work: Callable[[Any], Any]) -> Any:
        """One round trip on a fresh cursor; driver errors differ by driver: classify them once, here."""
        self.counter[0] += 1
        try:
            cursor = self.raw.cursor()
            try:
                return work(cursor)
            finally:
                cursor.close()
        except KitError:
            raise
        except Exception as exc:
            raise self.on_error(exc) from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        def rows(cursor: Any) -> list[tuple[Any, ...]]:
            cursor.execute(sql, tuple(params))
            return [tuple(row) for row in cursor.fetchall()]

        return self._call(rows)  # type: ignore[no-any-return]

    def column_names(self, table: str) -> list[str]:
        """A table's columns from an empty result's description: one portable round trip."""

        def names(cursor: Any) -> list[str]:
            cursor.execute(self.dialect.no_rows(table))
            return [str(d[0]) for d in cursor.description or ()]

        return self._call(names)  # type: ignore[no-any-return]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement that changes data; returns the rows it touched."""

        def touched(cursor: Any) -> int:
            cursor.execute(sql, tuple(params))
            return int(cursor.rowcount)

        return self._call(touched)  # type: ignore[no-any-return]

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._call(lambda cursor: cursor.executemany(sql, [tuple(r) for r in rows]))

    def begin(self) -> None:
        """Python's sqlite3 runs in autocommit here, so it is told; pyodbc connections are always in one."""
        if isinstance(self.raw, sqlite3.Connection):
            self.raw.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        try:
            self.raw.rollback()
        except Exception as exc:  # a broken connection cannot roll back; the server discards the work
            raise WriteFailed(t("konnektor.connection_lost", detail=str(exc))) from None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.raw.close()


SQLITE_HEADER = b"SQLite format 3\0"


def sqlite_refusal(path: Path) -> str | None:
    """Why `path` is no SQLite database the kit may open (/proc/self/mem, a device, a text file), or
    None; a missing file is left to open_sqlite, an empty one is an empty database."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file"
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    if head and head != SQLITE_HEADER:
        return "not an SQLite database"
    return None


def open_sqlite(
    path: Path, *, server: str, database: str, write: bool = False, counter: list[int] | None = None
) -> Connection:
    """Open an existing SQLite file; never create one (a typo must not make an empty database)."""
    if not path.is_file():
        raise DatabaseMissing.named(database, server)
    mode = "rw" if write else "ro"
    raw = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode={mode}",
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=LOCK_TIMEOUT_SECONDS,  # SQLite's busy timeout: a writer elsewhere is waited for this long
    )
    return Connection(
        raw, SQLITE, database, counter, on_error=lambda exc: classify(exc, server=server, database=database)
    )
