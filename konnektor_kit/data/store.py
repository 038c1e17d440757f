"""The Konnektör's settings table (KONNEKTOR_MODUL_AYAR) and the kit's own history beside it.

The only module that knows where the settings live. Writes are all-or-nothing and guarded by the
whole row as the plan saw it (not SURUM alone: an outside tool may change a row and keep SURUM), with
a lock timeout so a row held by another session fails clearly instead of waiting forever. Every row's
full before/after is recorded so that `undo` puts a change back exactly, except SURUM, which rises
like any change's: a version number is never given to a row twice, so a plan made before the undo
can never pass the guard. SUBE is part of the key and used exactly as stored, trailing spaces too.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..contract import HISTORY_JSON
from ..domain.codes import FirmCode, PeriodCode
from ..domain.modules import MODULE_ORDER
from ..domain.settings import ModuleSetting
from ..exceptions import (
    ConcurrentChange,
    ConnectionFailed,
    Deadlock,
    DiskFull,
    DuplicateKey,
    InvalidCode,
    KitError,
    Locked,
    NeedsEngineer,
    NothingToUndo,
    PermissionDenied,
    ReadOnly,
    WriteFailed,
)
from ..i18n import Msg, t
from .connect import Connection
from .dialects import Dialect

log = logging.getLogger(__name__)

TABLE = "KONNEKTOR_MODUL_AYAR"
CHANGES = "KONNEKTOR_KIT_DEGISIKLIK"
ROWS = "KONNEKTOR_KIT_GECMIS"
COLUMNS = ("MODUL", "SUBE", "PROGRAM", "SUNUCU", "VERITABANI", "FIRMA_KODU", "DONEM_KODU", "SURUM", "GUNCELLEME")
CHANGE_COLUMNS = ("ID", "ZAMAN", "ISLEM", "ACIKLAMA", "KULLANICI", "GERI_ALAN", "GERI_ALDIGI")
FIELDS = ("module", "branch", "program", "server", "database", "firm", "period", "version", "updated")
LOCK_TIMEOUT_SECONDS = 5
#: a history ID taken by a concurrent writer is retried this many times (the insert fails on the key)
ID_RETRIES = 5
#: history IDs stay below this (INTEGER is 32-bit on PostgreSQL, MariaDB and SQL Server); one above it
#: (hand-edited) is shown as damaged, and new IDs continue from the largest one below it
MAX_CHANGE_ID = 2**31 - 1
#: write failures that have their own words; any other is "the connection broke"
WRITE_FAILURES = (Locked, DiskFull, ReadOnly, PermissionDenied, Deadlock)


@dataclass(frozen=True)
class ChangeRecord:
    id: int
    time: str
    kind: str
    note: str
    user: str
    rows: tuple[tuple[ModuleSetting, ModuleSetting], ...]
    undone_by: int | None = None
    undoes: int | None = None

    #: why the record cannot be trusted (a damaged history row), or None
    damaged: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = {key: getattr(self, key) for key in HISTORY_JSON}
        return data | {"rows": [{"before": b.to_full_json(), "after": a.to_full_json()} for b, a in self.rows]}


class StoreSql:
    """Every statement the store sends, built once per dialect (and listed whole for the T-SQL check)."""

    def __init__(self, dialect: Dialect) -> None:
        q, s, text = dialect.quote, dialect.string, dialect.text_type
        key = f"{q('MODUL')} = ? AND {q('SUBE')} = ?"
        self.list_tables = dialect.list_tables
        self.read_all = dialect.select(TABLE, COLUMNS)
        self.read_one = f"{self.read_all} WHERE {key}"
        self.create_settings = (
            f"CREATE TABLE {q(TABLE)} ({q('MODUL')} {s(16)} NOT NULL, {q('SUBE')} {s(64)} NOT NULL, "
            f"{q('PROGRAM')} {s(16)} NOT NULL, {q('SUNUCU')} {s(128)} NOT NULL, "
            f"{q('VERITABANI')} {s(128)} NOT NULL, {q('FIRMA_KODU')} CHAR(3) NULL, "
            f"{q('DONEM_KODU')} CHAR(2) NULL, {q('SURUM')} INTEGER NOT NULL, "
            f"{q('GUNCELLEME')} {s(19)} NOT NULL, PRIMARY KEY ({q('MODUL')}, {q('SUBE')}))"
        )
        self.insert_setting = (
            f"INSERT INTO {q(TABLE)} ({', '.join(map(q, COLUMNS))}) VALUES ({', '.join('?' for _ in COLUMNS)})"
        )
        self.update_setting = (
            f"UPDATE {q(TABLE)} SET {', '.join(f'{q(c)} = ?' for c in COLUMNS[2:])} WHERE {key} AND {q('SURUM')} = ?"
        )
        self.create_changes = (
            f"CREATE TABLE {q(CHANGES)} ({q('ID')} INTEGER NOT NULL PRIMARY KEY, "
            f"{q('ZAMAN')} {s(19)} NOT NULL, {q('ISLEM')} {s(16)} NOT NULL, "
            f"{q('ACIKLAMA')} {s(400)} NOT NULL, {q('KULLANICI')} {s(64)} NOT NULL, "
            f"{q('GERI_ALAN')} INTEGER NULL, {q('GERI_ALDIGI')} INTEGER NULL)"
        )
        self.create_rows = (
            f"CREATE TABLE {q(ROWS)} ({q('DEGISIKLIK')} INTEGER NOT NULL, "
            f"{q('SIRA')} INTEGER NOT NULL, {q('ONCE')} {text} NOT NULL, "
            f"{q('SONRA')} {text} NOT NULL, PRIMARY KEY ({q('DEGISIKLIK')}, {q('SIRA')}))"
        )
        self.read_changes = dialect.select(CHANGES, CHANGE_COLUMNS)
        self.read_rows = dialect.select(ROWS, ("DEGISIKLIK", "SIRA", "ONCE", "SONRA"))
        # the largest ID the portable INTEGER column holds: one hand-written near 2^63 is passed over
        self.last_change = f"SELECT MAX({q('ID')}) FROM {q(CHANGES)} WHERE {q('ID')} < ?"
        self.insert_change = (
            f"INSERT INTO {q(CHANGES)} ({q('ID')}, {q('ZAMAN')}, {q('ISLEM')}, "
            f"{q('ACIKLAMA')}, {q('KULLANICI')}, {q('GERI_ALDIGI')}) VALUES (?, ?, ?, ?, ?, ?)"
        )
        self.mark_undone = f"UPDATE {q(CHANGES)} SET {q('GERI_ALAN')} = ? WHERE {q('ID')} = ?"
        self.insert_row = (
            f"INSERT INTO {q(ROWS)} ({q('DEGISIKLIK')}, {q('SIRA')}, {q('ONCE')}, {q('SONRA')}) VALUES (?, ?, ?, ?)"
        )

    def all(self) -> dict[str, str]:
        return dict(vars(self))


def now_text() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class SettingsStore:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sql = StoreSql(conn.dialect)
        #: rows of the settings table that could not be read (a SURUM that is no number): each said once,
        #: left out of every answer and never written, while every other row works as before
        self.damaged: list[Msg] = []

    # reading -------------------------------------------------------------------------------
    def has_settings_table(self) -> bool:
        return TABLE in self._tables()

    def read_all(self) -> list[ModuleSetting]:
        rows = self.conn.query(self.sql.read_all)
        settings, self.damaged = [], []
        for row in rows:
            try:
                settings.append(self._setting(row))
            except (TypeError, ValueError, OverflowError) as exc:
                self.damaged.append(self._bad_row(row, exc))
                log.warning("unreadable settings row %r: %s", row[:2], exc)
        return sorted(settings, key=lambda s: (s.branch.casefold(), MODULE_ORDER.get(s.module, 99), s.module))

    def _read_one(self, module: str, branch: str) -> ModuleSetting | None:
        rows = self.conn.query(self.sql.read_one, (module, branch))
        try:
            return self._setting(rows[0]) if rows else None
        except (TypeError, ValueError, OverflowError) as exc:
            raise NeedsEngineer(self._bad_row(rows[0], exc)) from None

    @staticmethod
    def _bad_row(row: tuple[Any, ...], exc: Exception) -> Msg:
        return t("store.bad_row", module=str(row[0]), branch=str(row[1]), detail=f"SURUM {row[7]!r}: {exc}"[:160])

    @staticmethod
    def _setting(row: tuple[Any, ...]) -> ModuleSetting:
        def code(v: Any) -> str | None:
            """CHAR(3)/CHAR(2) come back blank-padded on some servers: the padding is not the code."""
            return None if v is None else str(v).rstrip()

        m, b, prog, srv, db, firm, period, version, updated = row
        return ModuleSetting(
            str(m),
            "" if b is None else str(b),
            str(prog),
            str(srv),
            str(db),
            code(firm),
            code(period),
            _row_version(version),
            str(updated or ""),
        )

    # writing -------------------------------------------------------------------------------
    def create_schema(self) -> None:
        """The contract's settings table, as a Konnektör installation has it (sandbox and tests)."""
        self.conn.execute(self.sql.create_settings)
        self.conn.commit()
        self.ensure_kit_tables()

    def insert(self, setting: ModuleSetting) -> None:
        values = [getattr(setting, f) for f in FIELDS]
        self.conn.execute(self.sql.insert_setting, values)

    def ensure_kit_tables(self) -> None:
        """Create the history tables before any transaction (MariaDB commits implicitly on DDL); two
        first-time writers may race here, and the one that loses finds the table made by the other."""
        for table, ddl in ((CHANGES, self.sql.create_changes), (ROWS, self.sql.create_rows)):
            if table in self._tables():
                continue
            try:
                self.conn.execute(ddl)
                self.conn.commit()
            except KitError:
                self._rollback_quietly()
                if table not in self._tables():
                    raise

    def write(self, changes: list[tuple[ModuleSetting, ModuleSetting]], kind: str, note: str) -> ChangeRecord:
        """Point every row at its `after` target in one transaction; refuse if any SURUM moved."""
        self.ensure_kit_tables()
        stamp = now_text()

        def body() -> tuple[int, list[tuple[ModuleSetting, ModuleSetting]]]:
            change_id = self._start_change(stamp, kind, note)
            done = []
            for before, after in changes:
                current = self._read_one(before.module, before.branch)
                if current != before:
                    raise self._moved(before, current)
                new = current.taking_target_of(after, stamp)
                self._replace(current, new)
                done.append((current, new))
            self._record_rows(change_id, done)
            return change_id, done

        change_id, done = self._in_transaction(body)
        return ChangeRecord(change_id, stamp, kind, note, self._user(), tuple(done))

    def undo(self, target: ChangeRecord) -> ChangeRecord:
        """Put the rows of `target` back as they were (SURUM rises); refuse if any moved on since.

        Which change an undo takes, and which it refuses, is the services' decision
        (services/plan.change_to_undo); the store only writes it back, values the Konnektör can read."""
        change_id = target.id
        for before, _ in target.rows:
            _check_restorable(before, change_id)
        stamp = now_text()

        def body() -> tuple[int, list[tuple[ModuleSetting, ModuleSetting]]]:
            undo_id = self._start_change(stamp, "undo", f"#{change_id}", undoes=change_id)
            done = []
            for before, after in target.rows:
                current = self._read_one(after.module, after.branch)
                if current is None or current.target() != after.target() or current.version != after.version:
                    raise ConcurrentChange(
                        t("undo.moved_on", module=after.module, branch=after.branch, change=change_id)
                    )
                restored = current.taking_target_of(before, stamp)
                self._replace(current, restored)
                done.append((current, restored))
            self._record_rows(undo_id, done)
            self.conn.execute(self.sql.mark_undone, (undo_id, change_id))
            return undo_id, done

        undo_id, done = self._in_transaction(body)
        return ChangeRecord(undo_id, stamp, "undo", f"#{change_id}", self._user(), tuple(done), undoes=change_id)

    def history(self) -> list[ChangeRecord]:
        """Every change, oldest first. A damaged row (hand-edited, truncated) marks its own change as
        damaged — shown, never undone — and leaves every other change usable."""
        if CHANGES not in self._tables():
            return []
        rows: dict[int, list[tuple[int, ModuleSetting, ModuleSetting]]] = {}
        damaged: dict[int, str] = {}
        for change, order, before, after in self.conn.query(self.sql.read_rows):
            try:
                key = int(change)
            except (TypeError, ValueError):
                continue  # a row that names no change belongs to none
            try:
                rows.setdefault(key, []).append((int(order), _history_setting(before), _history_setting(after)))
            except (TypeError, ValueError, KeyError, json.JSONDecodeError) as exc:
                damaged[key] = f"{type(exc).__name__}: {str(exc)[:120]}"
        records = []
        for i, z, k, n, u, g, d in self.conn.query(self.sql.read_changes):
            try:
                change_id = int(i)
                undone_by, undoes = _optional_int(g), _optional_int(d)
            except (TypeError, ValueError):
                continue
            mine = tuple((b, a) for _, b, a in sorted(rows.get(change_id, []), key=lambda r: r[0]))
            why = damaged.get(change_id)
            if not 0 < change_id < MAX_CHANGE_ID:
                why = f"ID {change_id} is outside 1…{MAX_CHANGE_ID - 1}"
            records.append(ChangeRecord(change_id, str(z), str(k), str(n), str(u), mine, undone_by, undoes, why))
        return sorted(records, key=lambda r: r.id)

    # internals -----------------------------------------------------------------------------
    def _in_transaction(self, body: Any) -> Any:
        """All or nothing: any failure rolls back and says that no module was changed. A history ID
        taken by a concurrent writer (the insert fails on the key) is retried with the next one, and so
        is a deadlock's victim (the server has already rolled it back): run again, the body reads what
        the other writer left, so a row it moved is refused as moved, never overwritten."""
        for attempt in range(ID_RETRIES):
            self.conn.begin()
            try:
                lock = self.conn.dialect.lock_timeout(LOCK_TIMEOUT_SECONDS)
                if lock:
                    self.conn.execute(lock)
                result = body()
                self.conn.commit()
                return result
            except (ConcurrentChange, NeedsEngineer):  # said in their own words, not "the connection broke"
                self._rollback_quietly()
                raise
            except ConnectionFailed as exc:
                self._rollback_quietly()
                if isinstance(exc, DuplicateKey | Deadlock) and attempt + 1 < ID_RETRIES:
                    continue
                if isinstance(exc, WRITE_FAILURES):
                    raise WriteFailed(exc.msg, exc.guidance) from exc
                raise WriteFailed(t("konnektor.connection_lost", detail=exc.msg)) from exc
            except Exception as exc:
                self._rollback_quietly()
                if not isinstance(exc, KitError):  # rolled back and told in words: its traceback goes to the log
                    log.exception("unexpected error while writing the settings; rolled back")
                detail = exc.msg if isinstance(exc, KitError) else str(exc)
                raise WriteFailed(t("konnektor.connection_lost", detail=detail)) from exc
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _moved(self, planned: ModuleSetting, current: ModuleSetting | None) -> ConcurrentChange:
        """Which columns moved since the plan read the row, in the words of the table."""
        if current is None:
            return ConcurrentChange(t("concurrent.gone", module=planned.module, branch=planned.branch))
        columns = [c for c, f in zip(COLUMNS, FIELDS, strict=True) if getattr(planned, f) != getattr(current, f)]
        return ConcurrentChange(
            t(
                "concurrent.change",
                module=planned.module,
                branch=planned.branch,
                expected=planned.version,
                found=current.version,
                columns=", ".join(columns),
            )
        )

    def end_read(self) -> None:
        """End the transaction the last reads opened (pyodbc is never in autocommit), before a person is
        asked anything: no snapshot or lock is held while they think, and the next read sees what others
        wrote meanwhile. Nothing was written, so nothing is lost."""
        self._rollback_quietly()

    def _rollback_quietly(self) -> None:
        """A broken link cannot roll back; the server then discards the open transaction itself."""
        with contextlib.suppress(WriteFailed):
            self.conn.rollback()

    def _start_change(self, stamp: str, kind: str, note: str, undoes: int | None = None) -> int:
        last = self.conn.scalar(self.sql.last_change, (MAX_CHANGE_ID,))
        change_id = int(last or 0) + 1
        if change_id >= MAX_CHANGE_ID:
            raise NeedsEngineer(t("history.ids_full", limit=MAX_CHANGE_ID))
        self.conn.execute(self.sql.insert_change, (change_id, stamp, kind, note[:400], self._user(), undoes))
        return change_id

    def _replace(self, current: ModuleSetting, new: ModuleSetting) -> None:
        touched = self.conn.execute(
            self.sql.update_setting,
            (*[getattr(new, f) for f in FIELDS[2:]], current.module, current.branch, current.version),
        )
        if touched != 1:
            raise ConcurrentChange(
                t(
                    "concurrent.change",
                    module=current.module,
                    branch=current.branch,
                    expected=current.version,
                    found="?",
                    columns="SURUM",
                )
            )

    def _record_rows(self, change_id: int, done: list[tuple[ModuleSetting, ModuleSetting]]) -> None:
        for order, (before, after) in enumerate(done, start=1):
            self.conn.execute(
                self.sql.insert_row,
                (
                    change_id,
                    order,
                    json.dumps(before.to_full_json(), ensure_ascii=False),
                    json.dumps(after.to_full_json(), ensure_ascii=False),
                ),
            )

    def _tables(self) -> set[str]:
        return {str(r[0]) for r in self.conn.query(self.sql.list_tables)}

    @staticmethod
    def _user() -> str:
        try:
            return getpass.getuser()[:64]
        except Exception:
            return "?"


def _row_version(value: Any) -> int:
    """SURUM as a whole number: 7, "7" or 7.0; "x", 3.5, "" or NULL is a damaged row, never rounded."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("not a whole number")
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.lstrip("-").isdigit()):
        raise ValueError("not a whole number")
    return int(text)


def _optional_int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _history_setting(text: Any) -> ModuleSetting:
    """A history row's setting, checked field by field: a hand-edited row must not become a value."""
    data = json.loads(str(text))
    if not isinstance(data, dict):
        raise ValueError("not an object")
    for name in ("module", "branch", "program", "server", "database"):
        if not isinstance(data.get(name), str):
            raise ValueError(f"{name} is not text")
    for name in ("firm", "period"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise ValueError(f"{name} is not text")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ValueError(f"version {version!r} is not a row version")
    return ModuleSetting.from_json(data)


def _check_restorable(setting: ModuleSetting, change_id: int) -> None:
    """Undo writes only values the Konnektör can read: known module, codes in their stored form."""
    try:
        if setting.module not in MODULE_ORDER:
            raise ValueError(setting.module)
        for parser, value in ((FirmCode, setting.firm), (PeriodCode, setting.period)):
            if value is not None and parser.normalise(value) is None:
                raise ValueError(value)
        if not (setting.server and setting.database and setting.program):
            raise ValueError("empty")
    except (InvalidCode, ValueError) as exc:
        raise NothingToUndo(t("undo.damaged", change=change_id, detail=str(exc)[:120])) from None
