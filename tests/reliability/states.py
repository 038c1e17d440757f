"""What a site's Konnektör database holds, compared as wholes: settings and history, before and after.

A "state" is every settings row (SURUM included, the write time left out: it is the clock's) and every
history record with the full before/after of its rows. A write that was killed, ran out of disk or
lost a race must leave exactly one of the states it went between, never a mix.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from konnektor_kit.data.store import CHANGE_COLUMNS, CHANGES, COLUMNS, ROWS, TABLE
from konnektor_kit.domain.modules import Module
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR

ROW_COLUMNS = ("DEGISIKLIK", "SIRA", "ONCE", "SONRA")
KIT_TABLES = ((TABLE, COLUMNS), (CHANGES, CHANGE_COLUMNS), (ROWS, ROW_COLUMNS))


def _setting(s) -> dict[str, Any]:
    return s.to_json()  # without `updated`


def _record(r) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "note": r.note,
        "undoes": r.undoes,
        "undone_by": r.undone_by,
        "damaged": r.damaged,
        "rows": [[_setting(b), _setting(a)] for b, a in r.rows],
    }


@dataclass(frozen=True)
class State:
    settings: tuple[str, ...]  # one JSON text per row, sorted
    history: tuple[str, ...]  # one JSON text per record, by ID

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [json.loads(s) for s in self.settings]

    @property
    def records(self) -> list[dict[str, Any]]:
        return [json.loads(h) for h in self.history]


def snapshot(site: str | Path, *, kit_history: bool = False) -> State:
    """The settings as `inspect` reads them (the kit's own store) and the history tables' rows.

    The history is read raw by default (its JSON parsed, the write times dropped): a damaged row then
    shows as a difference instead of being skipped, and 3,000 rows read in milliseconds. With
    `kit_history` it is read through the kit's `history()`, as the `history` verb shows it."""
    with open_workspace(site) as ws:
        settings = tuple(
            sorted(json.dumps(_setting(s), ensure_ascii=False, sort_keys=True) for s in ws.store.read_all())
        )
        records = [_record(r) for r in ws.store.history()] if kit_history else _raw_history(ws.store)
        history = tuple(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)
    return State(settings, history)


def _raw_history(store) -> list[dict[str, Any]]:
    if CHANGES not in store._tables():
        return []
    rows: dict[int, list] = {}
    for change, order, before, after in store.conn.query(store.sql.read_rows):
        b, a = json.loads(before), json.loads(after)
        b.pop("updated", None)
        a.pop("updated", None)
        rows.setdefault(int(change), []).append((int(order), [b, a]))
    records = []
    for i, _time, kind, note, _user, undone_by, undoes in store.conn.query(store.sql.read_changes):
        records.append(
            {
                "id": int(i),
                "kind": kind,
                "note": note,
                "undoes": _int(undoes),
                "undone_by": _int(undone_by),
                "damaged": None,
                "rows": [r for _, r in sorted(rows.pop(int(i), []), key=lambda x: x[0])],
            }
        )
    for orphan in rows:  # history rows naming no change are a difference too
        records.append({"id": orphan, "kind": "orphan rows", "rows": rows[orphan]})
    return sorted(records, key=lambda r: r["id"])


def _int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def outcome(state: State, before: State, after: State) -> str:
    """ "before", "after", or "partial" (anything else: rows half moved, or history not matching the rows)."""
    if state == before:
        return "before"
    if state == after:
        return "after"
    return "partial"


def describe(state: State, before: State, after: State) -> str:
    """What differs, for an assertion message."""

    def diff(a: tuple[str, ...], b: tuple[str, ...]) -> str:
        return f"{len(set(a) - set(b))} differ"

    return (
        f"settings vs before: {diff(state.settings, before.settings)}, vs after: "
        f"{diff(state.settings, after.settings)}; history {len(state.history)} records "
        f"(before {len(before.history)}, after {len(after.history)})"
    )


# ---- the verbs that write, and a bigger customer ----------------------------------------------
def new_year(site) -> list[str]:
    return ["new-year", "--site", str(site), "--year", str(YEAR), "--yes", "--json"]


def plan_only(site) -> list[str]:
    return ["new-year", "--site", str(site), "--year", str(YEAR), "--json"]


def undo(site) -> list[str]:
    return ["undo", "--site", str(site), "--json"]


def add_branches(site: Path, count_: int) -> None:
    """More branches like the scenario's two (half on LOGO firm 002, half on İzmir's yearly database)."""
    from konnektor_kit.data.connect import open_sqlite
    from konnektor_kit.data.store import SettingsStore

    conn = open_sqlite(konnektor_file(site), server="konnektor", database="konnektor", write=True)
    try:
        store = SettingsStore(conn)
        conn.begin()
        for i in range(count_):
            for m in Module:
                if i % 2:
                    store.insert(
                        ModuleSetting(
                            m.code,
                            f"Şube {i:03d}",
                            "LOGO",
                            "SRV01",
                            "LOGODB",
                            "002",
                            "02",
                            1,
                            f"{YEAR - 1}-01-04 09:30:00",
                        )
                    )
                else:
                    store.insert(
                        ModuleSetting(
                            m.code,
                            f"Şube {i:03d}",
                            "GENERIC",
                            "SRV01",
                            f"IZMIRSUBE{YEAR - 1}",
                            None,
                            None,
                            1,
                            f"{YEAR - 1}-01-04 09:30:00",
                        )
                    )
        conn.commit()
    finally:
        conn.close()


# ---- SQLite files ---------------------------------------------------------------------------
def konnektor_file(site: str | Path) -> Path:
    return Path(site).parent / "konnektor.sqlite"


def sidecars(db: Path) -> list[Path]:
    return [db.with_name(db.name + s) for s in ("-journal", "-wal", "-shm")]


def hot_journal(db: Path) -> bool:
    """A rollback journal left behind: the process died inside a write transaction."""
    journal = db.with_name(db.name + "-journal")
    return journal.exists() and journal.stat().st_size > 0


def restore_file(copy: Path, db: Path) -> None:
    for side in sidecars(db):
        side.unlink(missing_ok=True)
    shutil.copyfile(copy, db)


# ---- live servers ---------------------------------------------------------------------------
def kit_connection(server, database: str = "EFINANS"):
    """The kit's own connection to a live server's Konnektör database (its encodings, its dialect)."""
    from konnektor_kit.data.odbc import open_odbc

    return open_odbc(server.odbc(), database, 5)


def dump_tables(server) -> dict[str, list[tuple]]:
    """Every row of the settings and history tables, raw, to put back with `load_tables`."""
    conn = kit_connection(server)
    try:
        q = conn.dialect.quote
        out = {}
        for table, cols in KIT_TABLES:
            out[table] = conn.query(f"SELECT {', '.join(map(q, cols))} FROM {q(table)}")
        conn.commit()
        return out
    finally:
        conn.close()


def load_tables(server, dump: dict[str, list[tuple]]) -> None:
    """Put the tables back exactly as dumped, in one transaction."""
    conn = kit_connection(server)
    try:
        q = conn.dialect.quote
        for table, _ in reversed(KIT_TABLES):
            conn.execute(f"DELETE FROM {q(table)}")
        for table, cols in KIT_TABLES:
            if dump[table]:
                conn.execute_many(
                    f"INSERT INTO {q(table)} ({', '.join(map(q, cols))}) VALUES ({', '.join('?' for _ in cols)})",
                    dump[table],
                )
        conn.commit()
    finally:
        conn.close()


def other_sessions(server, database: str = "EFINANS") -> int:
    """Sessions on the Konnektör database other than this one (a killed client's backend until it ends)."""
    with server.admin() as conn:
        if server.kind == "postgresql":
            sql = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
        else:
            sql = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()"
        return int(conn.execute(sql, database).fetchone()[0])
