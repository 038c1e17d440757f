"""The write path's guards on real SQLite files: what an undo, an outside tool, a trailing space or a
damaged history row can no longer make the kit write wrongly."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.exceptions import ConcurrentChange, NothingToUndo
from konnektor_kit.services import plan
from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR, cli
from tests.helpers import apply


def konnektor(site: Path, *statements: str, params: tuple = ()) -> None:
    conn = sqlite3.connect(Path(site).parent / "konnektor.sqlite")
    with conn:
        for statement in statements:
            conn.execute(statement, params)
    conn.close()


def test_undo_raises_surum_so_a_plan_made_before_it_cannot_pass(site):
    with open_workspace(site) as ws:
        stale = plan.plan_new_year(ws, YEAR)
        first = plan.apply_plan(ws, stale)
        undone = plan.undo_change(ws)
        assert all(
            after.version == before.version + 2 for (before, _), (_, after) in zip(first.rows, undone.rows, strict=True)
        )
    with open_workspace(site) as ws, pytest.raises(ConcurrentChange):
        plan.apply_plan(ws, stale)


def test_an_outside_change_that_keeps_surum_is_not_overwritten(site):
    with open_workspace(site) as ws:
        planned = plan.plan_new_year(ws, YEAR)
    konnektor(
        site,
        "UPDATE KONNEKTOR_MODUL_AYAR SET VERITABANI = 'ELLE_GIRILDI' WHERE MODUL = 'e-Fatura' AND SUBE = 'İzmir Şube'",
    )
    with open_workspace(site) as ws, pytest.raises(ConcurrentChange) as refused:
        plan.apply_plan(ws, planned)
    assert "VERITABANI" in refused.value.message("tr")
    with open_workspace(site) as ws:
        assert {s.key: s.database for s in ws.store.read_all()}[("e-Fatura", "İzmir Şube")] == "ELLE_GIRILDI"


def test_branches_that_differ_by_a_trailing_space_are_two_rows(site, capsys):
    for branch, database in (("Ankara", f"ANKARASUBE{YEAR - 1}"), ("Ankara ", f"IZMIRSUBE{YEAR - 1}")):
        konnektor(
            site,
            "INSERT INTO KONNEKTOR_MODUL_AYAR VALUES ('e-Fatura', ?, 'GENERIC', 'SRV01', ?, NULL, NULL, 1, "
            "'2025-01-04 09:30:00')",
            params=(branch, database),
        )
    code, _, err = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0, err
    _, rows, _ = cli("inspect", "--site", str(site), capsys=capsys)
    now = {(r["module"], r["branch"]): r["database"] for r in rows}
    assert now[("e-Fatura", "Ankara")] == f"ANKARASUBE{YEAR}"
    assert now[("e-Fatura", "Ankara ")] == f"IZMIRSUBE{YEAR}"


def damage(site: Path, change: int, field: str, value: object) -> None:
    conn = sqlite3.connect(Path(site).parent / "konnektor.sqlite")
    with conn:
        (text,) = conn.execute(
            "SELECT ONCE FROM KONNEKTOR_KIT_GECMIS WHERE DEGISIKLIK = ? AND SIRA = 1", (change,)
        ).fetchone()
        data = json.loads(text)
        data[field] = value
        conn.execute(
            "UPDATE KONNEKTOR_KIT_GECMIS SET ONCE = ? WHERE DEGISIKLIK = ? AND SIRA = 1", (json.dumps(data), change)
        )
    conn.close()


@pytest.mark.parametrize("field, value", [("version", "one"), ("firm", 2), ("module", None)])
def test_a_damaged_history_row_spoils_only_its_own_change(site, capsys, field, value):
    for period in ("3", "2"):
        assert apply(site, capsys, period=period)[0] == 0
    damage(site, 1, field, value)
    code, history, _ = cli("history", "--site", str(site), capsys=capsys)
    assert code == 0 and len(history) == 2 and history[0]["damaged"] and not history[1]["damaged"]
    code, _, err = cli("undo", "--site", str(site), "--change", "1", capsys=capsys)
    assert code == 2 and ("bozuk" in err)
    assert cli("undo", "--site", str(site), capsys=capsys)[0] == 0
    assert cli("inspect", "--site", str(site), capsys=capsys)[0] == 0


def test_undo_writes_only_values_the_konnektor_can_read(site, capsys):
    assert apply(site, capsys, period="3")[0] == 0
    damage(site, 1, "period", "üç")
    code, _, err = cli("undo", "--site", str(site), capsys=capsys)
    assert code == 2 and "bozuk" in err
    _, rows, _ = cli("inspect", "--site", str(site), capsys=capsys)
    assert next(r for r in rows if (r["module"], r["branch"]) == ("e-Fatura", "Merkez"))["period"] == "03"


def test_a_deleted_row_is_named_not_overwritten(site):
    with open_workspace(site) as ws:
        planned = plan.plan_new_year(ws, YEAR)
    konnektor(site, "DELETE FROM KONNEKTOR_MODUL_AYAR WHERE MODUL = 'e-MM' AND SUBE = 'Merkez'")
    with open_workspace(site) as ws, pytest.raises(ConcurrentChange) as refused:
        plan.apply_plan(ws, planned)
    assert "silinmiş" in refused.value.message("tr")


def test_bare_undo_after_undo_needs_an_explicit_change(site):
    with open_workspace(site) as ws:
        plan.apply_plan(ws, plan.plan_new_year(ws, YEAR))
        plan.undo_change(ws)
        with pytest.raises(NothingToUndo):
            plan.undo_change(ws)
        assert [c.kind for c in ws.store.history()] == ["new-year", "undo"]
        assert isinstance(ws.store.read_all()[0], ModuleSetting)
