"""The Konnektör's settings table (KONNEKTOR_MODUL_AYAR) and the kit's own history beside it.

The only module that knows where the settings live. Writes are all-or-nothing, guarded by SURUM
(optimistic concurrency), and record every row's full before/after so that `undo` can put a change
back exactly, SURUM and GUNCELLEME included: the restored state is the state a plan was made against.
"""
from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.modules import MODULE_ORDER
from ..domain.settings import ModuleSetting
from ..exceptions import ConcurrentChange, KitError, NothingToUndo, WriteFailed
from ..i18n import t
from .connect import Connection
from .dialects import Dialect

TABLE = "KONNEKTOR_MODUL_AYAR"
CHANGES = "KONNEKTOR_KIT_DEGISIKLIK"
ROWS = "KONNEKTOR_KIT_GECMIS"
COLUMNS = ("MODUL", "SUBE", "PROGRAM", "SUNUCU", "VERITABANI", "FIRMA_KODU", "DONEM_KODU", "SURUM", "GUNCELLEME")
CHANGE_COLUMNS = ("ID", "ZAMAN", "ISLEM", "ACIKLAMA", "KULLANICI", "GERI_ALAN", "GERI_ALDIGI")
FIELDS = ("module", "branch", "program", "server", "database", "firm", "period", "version", "updated")


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

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "time": self.time, "kind": self.kind, "note": self.note, "user": self.user,
                "undone_by": self.undone_by, "undoes": self.undoes,
                "rows": [{"before": b.to_full_json(), "after": a.to_full_json()} for b, a in self.rows]}


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
            f"{q('GUNCELLEME')} {s(19)} NOT NULL, PRIMARY KEY ({q('MODUL')}, {q('SUBE')}))")
        self.insert_setting = (f"INSERT INTO {q(TABLE)} ({', '.join(map(q, COLUMNS))}) "
                               f"VALUES ({', '.join('?' for _ in COLUMNS)})")
        self.update_setting = (f"UPDATE {q(TABLE)} SET {', '.join(f'{q(c)} = ?' for c in COLUMNS[2:])} "
                               f"WHERE {key} AND {q('SURUM')} = ?")
        self.create_changes = (
            f"CREATE TABLE {q(CHANGES)} ({q('ID')} INTEGER NOT NULL PRIMARY KEY, "
            f"{q('ZAMAN')} {s(19)} NOT NULL, {q('ISLEM')} {s(16)} NOT NULL, "
            f"{q('ACIKLAMA')} {s(400)} NOT NULL, {q('KULLANICI')} {s(64)} NOT NULL, "
            f"{q('GERI_ALAN')} INTEGER NULL, {q('GERI_ALDIGI')} INTEGER NULL)")
        self.create_rows = (
            f"CREATE TABLE {q(ROWS)} ({q('DEGISIKLIK')} INTEGER NOT NULL, "
            f"{q('SIRA')} INTEGER NOT NULL, {q('ONCE')} {text} NOT NULL, "
            f"{q('SONRA')} {text} NOT NULL, PRIMARY KEY ({q('DEGISIKLIK')}, {q('SIRA')}))")
        self.read_changes = dialect.select(CHANGES, CHANGE_COLUMNS)
        self.read_rows = dialect.select(ROWS, ("DEGISIKLIK", "SIRA", "ONCE", "SONRA"))
        self.last_change = f"SELECT MAX({q('ID')}) FROM {q(CHANGES)}"
        self.insert_change = (
            f"INSERT INTO {q(CHANGES)} ({q('ID')}, {q('ZAMAN')}, {q('ISLEM')}, "
            f"{q('ACIKLAMA')}, {q('KULLANICI')}, {q('GERI_ALDIGI')}) VALUES (?, ?, ?, ?, ?, ?)")
        self.mark_undone = f"UPDATE {q(CHANGES)} SET {q('GERI_ALAN')} = ? WHERE {q('ID')} = ?"
        self.insert_row = (f"INSERT INTO {q(ROWS)} ({q('DEGISIKLIK')}, {q('SIRA')}, {q('ONCE')}, "
                           f"{q('SONRA')}) VALUES (?, ?, ?, ?)")

    def all(self) -> dict[str, str]:
        return dict(vars(self))


def now_text() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class SettingsStore:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sql = StoreSql(conn.dialect)

    # reading -------------------------------------------------------------------------------
    def has_settings_table(self) -> bool:
        return TABLE in self._tables()

    def read_all(self) -> list[ModuleSetting]:
        rows = self.conn.query(self.sql.read_all)
        settings = [self._setting(r) for r in rows]
        return sorted(settings, key=lambda s: (s.branch.casefold(), MODULE_ORDER.get(s.module, 99), s.module))

    def _read_one(self, module: str, branch: str) -> ModuleSetting | None:
        rows = self.conn.query(self.sql.read_one, (module, branch))
        return self._setting(rows[0]) if rows else None

    @staticmethod
    def _setting(row: tuple[Any, ...]) -> ModuleSetting:
        def text(v: Any) -> str | None:
            return None if v is None else str(v).rstrip() if isinstance(v, str) else str(v)
        m, b, prog, srv, db, firm, period, version, updated = row
        return ModuleSetting(str(m), text(b) or "", str(prog), str(srv), str(db), text(firm), text(period),
                             int(version), str(updated or ""))

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
        """Create the history tables before any transaction: MariaDB commits implicitly on DDL."""
        existing = self._tables()
        if CHANGES not in existing:
            self.conn.execute(self.sql.create_changes)
        if ROWS not in existing:
            self.conn.execute(self.sql.create_rows)
        self.conn.commit()

    def write(self, changes: list[tuple[ModuleSetting, ModuleSetting]], kind: str, note: str) -> ChangeRecord:
        """Point every row at its `after` target in one transaction; refuse if any SURUM moved."""
        self.ensure_kit_tables()
        stamp = now_text()

        def body() -> tuple[int, list[tuple[ModuleSetting, ModuleSetting]]]:
            change_id = self._start_change(stamp, kind, note)
            done = []
            for before, after in changes:
                current = self._read_one(before.module, before.branch)
                if current is None or current.version != before.version:
                    raise ConcurrentChange(t("concurrent.change", module=before.module, branch=before.branch,
                                             expected=before.version, found=current.version if current else "—"))
                new = ModuleSetting(current.module, current.branch, after.program, after.server, after.database,
                                    after.firm, after.period, current.version + 1, stamp)
                self._replace(current, new)
                done.append((current, new))
            self._record_rows(change_id, done)
            return change_id, done

        change_id, done = self._in_transaction(body)
        return ChangeRecord(change_id, stamp, kind, note, self._user(), tuple(done))

    def undo(self, change_id: int | None = None) -> ChangeRecord:
        """Put the rows of a change back exactly as they were; refuse if any moved on since."""
        history = {c.id: c for c in self.history()}
        if change_id is None:
            todo = [c for c in history.values() if c.kind != "undo" and c.undone_by is None]
            if not todo:
                raise NothingToUndo(t("undo.nothing"))
            change_id = max(c.id for c in todo)
        target = history.get(change_id)
        if target is None:
            raise NothingToUndo(t("undo.unknown", change=change_id))
        if target.undone_by is not None:
            raise NothingToUndo(t("undo.already", change=change_id, by=target.undone_by))
        if target.kind == "undo":
            raise NothingToUndo(t("undo.is_undo", change=change_id))
        stamp = now_text()

        def body() -> tuple[int, list[tuple[ModuleSetting, ModuleSetting]]]:
            undo_id = self._start_change(stamp, "undo", f"#{change_id}", undoes=change_id)
            done = []
            for before, after in target.rows:
                current = self._read_one(after.module, after.branch)
                if current != after:
                    raise ConcurrentChange(t("undo.moved_on", module=after.module, branch=after.branch,
                                             change=change_id))
                self._replace(current, before)
                done.append((current, before))
            self._record_rows(undo_id, done)
            self.conn.execute(self.sql.mark_undone, (undo_id, change_id))
            return undo_id, done

        undo_id, done = self._in_transaction(body)
        return ChangeRecord(undo_id, stamp, "undo", f"#{change_id}", self._user(), tuple(done), undoes=change_id)

    def history(self) -> list[ChangeRecord]:
        if CHANGES not in self._tables():
            return []
        heads = self.conn.query(self.sql.read_changes)
        rows: dict[int, list[tuple[int, ModuleSetting, ModuleSetting]]] = {}
        for change, order, before, after in self.conn.query(self.sql.read_rows):
            rows.setdefault(int(change), []).append(
                (int(order), ModuleSetting.from_json(json.loads(before)), ModuleSetting.from_json(json.loads(after))))
        records = [ChangeRecord(int(i), str(z), str(k), str(n), str(u),
                                tuple((b, a) for _, b, a in sorted(rows.get(int(i), []), key=lambda r: r[0])),
                                int(g) if g is not None else None, int(d) if d is not None else None)
                   for i, z, k, n, u, g, d in heads]
        return sorted(records, key=lambda r: r.id)

    # internals -----------------------------------------------------------------------------
    def _in_transaction(self, body: Any) -> Any:
        """All or nothing: any failure rolls back and says that no module was changed."""
        self.conn.begin()
        try:
            result = body()
            self.conn.commit()
            return result
        except ConcurrentChange:
            self._rollback_quietly()
            raise
        except Exception as exc:
            self._rollback_quietly()
            detail = exc.msg if isinstance(exc, KitError) else str(exc)
            raise WriteFailed(t("konnektor.connection_lost", detail=detail)) from exc

    def _rollback_quietly(self) -> None:
        """A broken link cannot roll back; the server then discards the open transaction itself."""
        try:
            self.conn.rollback()
        except WriteFailed:
            pass

    def _start_change(self, stamp: str, kind: str, note: str, undoes: int | None = None) -> int:
        last = self.conn.scalar(self.sql.last_change)
        change_id = int(last or 0) + 1
        self.conn.execute(
            self.sql.insert_change,
            (change_id, stamp, kind, note[:400], self._user(), undoes))
        return change_id

    def _replace(self, current: ModuleSetting, new: ModuleSetting) -> None:
        touched = self.conn.execute(
            self.sql.update_setting,
            (*[getattr(new, f) for f in FIELDS[2:]], current.module, current.branch, current.version))
        if touched != 1:
            raise ConcurrentChange(t("concurrent.change", module=current.module, branch=current.branch,
                                     expected=current.version, found="?"))

    def _record_rows(self, change_id: int, done: list[tuple[ModuleSetting, ModuleSetting]]) -> None:
        for order, (before, after) in enumerate(done, start=1):
            self.conn.execute(
                self.sql.insert_row,
                (change_id, order, json.dumps(before.to_full_json(), ensure_ascii=False),
                 json.dumps(after.to_full_json(), ensure_ascii=False)))

    def _tables(self) -> set[str]:
        return {str(r[0]) for r in self.conn.query(self.sql.list_tables)}

    @staticmethod
    def _user() -> str:
        try:
            return getpass.getuser()[:64]
        except Exception:
            return "?"
