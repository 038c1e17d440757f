"""Reliability: every read and write has a bound. While another session holds a table lock (PostgreSQL
`LOCK TABLE … IN ACCESS EXCLUSIVE MODE`, MariaDB `LOCK TABLES … WRITE`), `inspect`, `test` and a whole
campaign stop after the lock timeout with their own words ("locked") instead of waiting forever, and
the campaign still writes its index. Real servers (tests/live), the real command line in a process of
its own (so a hang on the old code is a failure after a minute, not a stuck test run)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from konnektor_kit.batch import campaign
from konnektor_kit.data.store import TABLE
from tests.conftest import YEAR

from .procs import ENTRY_POINT
from .tally import count

pytestmark = pytest.mark.live

#: far past the kit's lock timeout (5 s): reaching it means the kit waited for the lock
HANG = 90


def kit(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [str(ENTRY_POINT), *argv],
            capture_output=True,
            text=True,
            timeout=HANG,
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"konnektor-kit {' '.join(argv[:1])} still waiting for the lock after {HANG} s")


def hold_lock(server, database: str, table: str):
    """Another session holding an exclusive lock on `table` until it is closed."""
    import pyodbc

    text = server.odbc() + f";Database={database}"
    if server.kind == "mariadb":
        text += ";CONN_TIMEOUT=5"
    conn = pyodbc.connect(text, autocommit=server.kind == "mariadb", timeout=5 if server.kind == "postgresql" else 0)
    quoted = server.quote(table)
    if server.kind == "postgresql":
        conn.execute(f"LOCK TABLE {quoted} IN ACCESS EXCLUSIVE MODE")
    else:
        conn.execute(f"LOCK TABLES {quoted} WRITE")
    return conn


def test_a_locked_settings_table_stops_every_verb_in_words(server, tmp_path):
    from tests.live.deploy import KONNEKTOR_DB, PASSWORD_ENV, deploy_scenario

    env = {PASSWORD_ENV: server.password}
    site = deploy_scenario(server, "new-year", tmp_path / "sites" / "a", YEAR)
    holder = hold_lock(server, KONNEKTOR_DB, TABLE)
    try:
        for verb in (["inspect"], ["test", "--year", str(YEAR)]):
            count("reliability", "tried")
            done = kit(*verb, "--site", str(site), "--json", env=env)
            shown = json.loads(done.stdout)
            assert done.returncode == 1 and shown["category"] == "locked", done.stdout
            assert "kilitli" in done.stderr and server.password not in done.stdout + done.stderr
            count("reliability", "held")
        count("campaign", "tried")
        out = tmp_path / "out"
        done = kit(
            "campaign", str(tmp_path / "sites"), "--verb", "ready", "--year", str(YEAR), "--out", str(out), env=env
        )
        assert done.returncode == 1 and (out / campaign.INDEX).is_file()
        (row,) = json.loads((out / campaign.SUMMARY).read_text(encoding="utf-8"))["results"]
        assert row["status"] == "broken" and row["category"] == "locked"
        count("campaign", "held")
    finally:
        holder.close()
