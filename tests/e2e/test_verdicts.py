"""One verdict per server per run: a dead server costs its timeout once, and independent servers are
reached at the same time, through the whole `test` verb."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.conftest import YEAR, cli
from tests.unit.test_probe import closed_port, silent_port


def two_servers(site: Path, first: str, second: str) -> None:
    """Merkez on SRV01, İzmir Şube on SRV02, both PostgreSQL strings (the probe runs before any driver)."""
    text = Path(site).read_text(encoding="utf-8")
    head, tail = text.split('[servers."SRV01"]', 1)
    tail = tail[tail.index("\n\n") :]
    servers = "".join(
        f'[servers."{name}"]\nodbc = "Driver={{PostgreSQL Unicode}};Server=127.0.0.1;Port={port};Uid=kit;Pwd=${{HOME}}"\n'
        for name, port in (("SRV01", first), ("SRV02", second))
    )
    Path(site).write_text(
        head.replace("[konnektor]", "login_timeout = 1\n\n[konnektor]") + servers + tail, encoding="utf-8"
    )
    conn = sqlite3.connect(Path(site).parent / "konnektor.sqlite")
    with conn:
        conn.execute("UPDATE KONNEKTOR_MODUL_AYAR SET SUNUCU = 'SRV02' WHERE SUBE = 'İzmir Şube'")
    conn.close()


def test_two_silent_servers_cost_one_timeout_for_the_whole_run(site, capsys):
    with silent_port() as a, silent_port() as b:
        two_servers(site, a, b)
        start = time.monotonic()
        code, rows, _ = cli("test", "--site", str(site), "--year", str(YEAR), capsys=capsys)
        took = time.monotonic() - start
    assert code == 1 and len(rows) == 12
    assert all(r["category"] == "timeout" and r["probe"]["tcp"] == "silent" for r in rows)
    # each silent server waited out once (1 s), not once per module (12 s)
    assert took < 6, f"12 modules on two silent servers took {took:.1f} s"


def test_refused_servers_are_reported_per_module_with_their_probe(site, capsys):
    two_servers(site, closed_port(), closed_port())
    start = time.monotonic()
    code, rows, _ = cli("test", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert time.monotonic() - start < 10  # refused at once: no login timeout waited out
    assert code == 1 and all(r["category"] == "server_unreachable" for r in rows)
    assert all("TCP/IP" not in r["message"] and "reddetti" in r["message"] for r in rows)
    assert all(r["probe"]["tcp"] == "refused" and r["probe"]["resolved"] and r["probe"]["ms"] < 5000 for r in rows)
