"""The write path under real concurrency on PostgreSQL and MariaDB: writers on different rows never
collide on the history ID, first-time writers both create the history tables, a row held by another
session fails within the lock timeout with its own words."""

from __future__ import annotations

import threading
import time

import pyodbc
import pytest

from konnektor_kit.data.store import CHANGES, LOCK_TIMEOUT_SECONDS, ROWS
from konnektor_kit.services import plan
from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR, cli
from tests.helpers import apply

from .deploy import KONNEKTOR_DB, deploy_scenario

pytestmark = pytest.mark.live
PAIRS = 20


def in_threads(*actions) -> list[BaseException | None]:
    """Run the actions at the same moment; what each raised (None: it succeeded)."""
    barrier = threading.Barrier(len(actions))
    outcome: list[BaseException | None] = [None] * len(actions)

    def run(i: int) -> None:
        barrier.wait()
        try:
            actions[i]()
        except BaseException as exc:  # noqa: BLE001 - the test reports every failure
            outcome[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    return outcome


def change(site, module: str, branch: str, period: str):
    def act() -> None:
        with open_workspace(site) as ws:
            plan.apply_plan(ws, plan.plan_change(ws, module, branch, period=period))

    return act


def test_writers_on_different_rows_never_collide(live, tmp_path, capsys):
    site = deploy_scenario(live, "new-year", tmp_path / "race", YEAR)
    failures = 0
    for i in range(PAIRS):
        period = "03" if i % 2 == 0 else "02"
        outcome = in_threads(change(site, "e-Fatura", "Merkez", period), change(site, "e-Arşiv", "Merkez", period))
        failures += sum(1 for o in outcome if o is not None)
        assert outcome == [None, None], outcome
    _, history, _ = cli("history", "--site", str(site), capsys=capsys)
    ids = [h["id"] for h in history]
    print(f"\n{live.kind}: {PAIRS} pairs of concurrent writers, {failures} failures, {len(ids)} changes recorded")
    assert len(ids) == len(set(ids)) == 2 * PAIRS


def test_two_first_time_writers_both_create_the_history(live, tmp_path):
    site = deploy_scenario(live, "new-year", tmp_path / "first", YEAR)
    with live.admin(KONNEKTOR_DB) as conn:
        for table in (ROWS, CHANGES):
            conn.execute(f"DROP TABLE {live.quote(table)}")
    outcome = in_threads(change(site, "e-Fatura", "Merkez", "03"), change(site, "e-Arşiv", "Merkez", "03"))
    assert outcome == [None, None], outcome
    with open_workspace(site) as ws:
        assert len(ws.store.history()) == 2


def test_a_row_held_by_another_session_fails_within_the_lock_timeout(live, tmp_path, capsys):
    site = deploy_scenario(live, "new-year", tmp_path / "lock", YEAR)
    text = live.odbc() + f";Database={KONNEKTOR_DB}" + (";CONN_TIMEOUT=5" if live.kind == "mariadb" else "")
    holder = pyodbc.connect(text, autocommit=False, timeout=5 if live.kind == "postgresql" else 0)
    try:
        q = live.quote
        holder.execute(
            f"UPDATE {q('KONNEKTOR_MODUL_AYAR')} SET {q('PROGRAM')} = {q('PROGRAM')} "
            f"WHERE {q('MODUL')} = 'e-Fatura' AND {q('SUBE')} = 'Merkez'"
        )
        start = time.monotonic()
        code, _, err = apply(site, capsys, period="3")
        took = time.monotonic() - start
    finally:
        holder.rollback()
        holder.close()
    assert code == 1 and "kilitli" in err, err
    assert took < LOCK_TIMEOUT_SECONDS + 10, took  # a hang guard: the lock timeout ended it
    _, rows, _ = cli("inspect", "--site", str(site), capsys=capsys)
    assert next(r for r in rows if (r["module"], r["branch"]) == ("e-Fatura", "Merkez"))["period"] == "02"
