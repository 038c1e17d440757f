"""`apply` is all or nothing: a connection that breaks after the first row leaves no module changed."""

from __future__ import annotations

import pytest

from konnektor_kit.data.errors import classify
from konnektor_kit.data.store import TABLE
from konnektor_kit.exceptions import ConcurrentChange, NeedsEngineer, WriteFailed
from konnektor_kit.services import plan
from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR


def break_after_first_update(conn) -> None:
    """Fault injection on the real SQLite connection: the link dies right after one row is written."""
    real_execute = conn.execute

    def execute(sql, params=()):
        touched = real_execute(sql, params)
        if sql.startswith(f'UPDATE "{TABLE}"'):
            conn.raw.close()
        return touched

    conn.execute = execute


def test_broken_connection_after_first_row_changes_nothing(site):
    with open_workspace(site) as ws:
        before = ws.store.read_all()
        p = plan.plan_new_year(ws, YEAR)
        assert len(p.changes) == 12
        break_after_first_update(ws.store.conn)
        with pytest.raises(WriteFailed) as err:
            plan.apply_plan(ws, p)
        assert err.value.message("tr") and err.value.message("en")
    with open_workspace(site) as ws:
        assert ws.store.read_all() == before
        assert ws.store.history() == []


def test_plan_is_refused_when_a_row_moved_since(site):
    with open_workspace(site) as ws:
        p = plan.plan_new_year(ws, YEAR)
        other = plan.plan_change(ws, "e-MM", "İzmir Şube", database="IZMIRSUBE2026")
        plan.apply_plan(ws, other)
        snapshot = ws.store.read_all()
        with pytest.raises(ConcurrentChange) as err:
            plan.apply_plan(ws, p)
        assert "e-MM" in err.value.message("tr")
        assert ws.store.read_all() == snapshot


def test_a_plan_needing_the_engineer_is_not_applied(make_site):
    site = make_site("missing-db")
    with open_workspace(site) as ws:
        ws.store.conn.execute(f'UPDATE "{TABLE}" SET "VERITABANI" = ? WHERE "MODUL" = ?', ("YOKDB", "e-SMM"))
        before = ws.store.read_all()
        p = plan.plan_new_year(ws, YEAR)
        assert p.blocked
        with pytest.raises(NeedsEngineer):
            plan.apply_plan(ws, p)
        assert ws.store.read_all() == before


class DriverError(Exception):
    """pyodbc.Error's shape: (SQLSTATE, message)."""


MARIADB_DEADLOCK = DriverError(
    "40001", "[ma-3.1.20]Deadlock found when trying to get lock; try restarting transaction (1213) (SQLExecDirectW)"
)


def deadlock_on_update(conn, times: int) -> list[int]:
    """The server picks this writer as a deadlock's victim at its first row update, `times` times over
    (raised as the connection raises any driver error: classified). Returns the attempts seen."""
    real_execute, seen = conn.execute, []

    def execute(sql, params=()):
        if sql.startswith(f'UPDATE "{TABLE}"'):
            seen.append(1)
            if len(seen) <= times:
                raise classify(MARIADB_DEADLOCK, server="SRV01", database="KONNEKTOR")
        return real_execute(sql, params)

    conn.execute = execute
    return seen


def test_a_deadlock_victim_is_run_again_and_written_once(site):
    with open_workspace(site) as ws:
        p = plan.plan_new_year(ws, YEAR)
        seen = deadlock_on_update(ws.store.conn, times=1)
        record = plan.apply_plan(ws, p)
        assert record is not None and len(record.rows) == 12 and len(seen) == 13  # one refused update, then 12
    with open_workspace(site) as ws:
        assert [r.id for r in ws.store.history()] == [record.id]
        assert all(s.target() == a.target() for s, (_, a) in zip(ws.store.read_all(), record.rows, strict=True))


def test_a_deadlock_every_time_writes_nothing_and_says_so(site):
    with open_workspace(site) as ws:
        before = ws.store.read_all()
        p = plan.plan_new_year(ws, YEAR)
        deadlock_on_update(ws.store.conn, times=99)
        with pytest.raises(WriteFailed) as err:
            plan.apply_plan(ws, p)
        assert "rolled this write back" in err.value.message("en") and "Try again" in err.value.message("en")
    with open_workspace(site) as ws:
        assert ws.store.read_all() == before and ws.store.history() == []
