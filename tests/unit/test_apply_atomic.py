"""`apply` is all or nothing: a connection that breaks after the first row leaves no module changed."""

from __future__ import annotations

import pytest

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
