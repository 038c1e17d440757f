"""A named instance through the whole `test` verb: the kit asks SQL Server Browser (a test responder on
127.0.0.1:1434) for the port and probes that port; an unknown instance and a silent Browser are told."""

from __future__ import annotations

import errno
import tempfile
import time
from pathlib import Path

import pytest

from konnektor_kit.platform import lock_now
from tests.conftest import YEAR, cli, unavailable
from tests.sqlbrowser_responder import BrowserResponder
from tests.unit.test_probe import closed_port


def on_instance(site: Path, instance: str) -> None:
    text = Path(site).read_text(encoding="utf-8")
    head, tail = text.split('[servers."SRV01"]', 1)
    tail = tail[tail.index("\n\n") :]
    server = (
        '[servers."SRV01"]\nodbc = "Driver={ODBC Driver 18 for SQL Server};Server=127.0.0.1\\\\'
        + instance
        + ';Uid=sa;Pwd=${HOME};Encrypt=yes;TrustServerCertificate=yes"\n'
    )
    Path(site).write_text(
        head.replace("[konnektor]", "login_timeout = 1\n\n[konnektor]") + server + tail, encoding="utf-8"
    )


@pytest.fixture
def udp_1434_turn():
    """UDP 1434 is one per machine: test runs side by side (xdist's workers, another checkout's run) take
    turns at it through a lock file instead of skipping when another run holds it."""
    with open(Path(tempfile.gettempdir()) / "konnektor-kit-tests-udp-1434.lock", "ab") as lock:
        for _ in range(3000):
            try:
                lock_now(lock.fileno())  # the kit's own lock between processes; it ends as the file closes
                break
            except OSError:
                time.sleep(0.1)
        else:
            unavailable("UDP 1434: another test run held it for 5 minutes")
        yield


@pytest.fixture
def browser(udp_1434_turn):
    def start(instances: dict[str, int | None], silent: bool = False) -> BrowserResponder:
        try:
            return BrowserResponder(instances, silent=silent, bind_port=1434).__enter__()
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                unavailable(f"UDP 1434 on 127.0.0.1 is not free: {exc}")
            raise

    started: list[BrowserResponder] = []
    yield lambda *a, **k: started.append(start(*a, **k)) or started[-1]
    for responder in started:
        responder.__exit__(None, None, None)


def test_the_port_the_browser_gives_is_the_one_probed(site, capsys, browser):
    port = closed_port()
    browser({"LOGO": port, "SQLEXPRESS": 1433})
    on_instance(site, "LOGO")
    start = time.monotonic()
    code, rows, _ = cli("test", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert time.monotonic() - start < 10  # the probe's answer, not the driver's 15 s login timeout
    assert code == 1 and all(r["category"] == "server_unreachable" for r in rows)
    assert all(r["probe"]["port"] == port and r["probe"]["instance"] == "LOGO" for r in rows)


def test_an_instance_not_on_the_server_names_the_ones_that_are(site, capsys, browser):
    browser({"LOGO": 49703, "SQLEXPRESS": 1433})
    on_instance(site, "KASA")
    code, rows, _ = cli("test", "--site", str(site), "--year", str(YEAR), "--lang", "en", capsys=capsys)
    assert code == 1 and all(
        "KASA" in r["message"] and "LOGO" in r["message"] and "SQLEXPRESS" in r["message"] for r in rows
    )


def test_a_silent_browser_says_start_the_browser_or_give_host_and_port(site, capsys, browser):
    browser({"LOGO": 49703}, silent=True)
    on_instance(site, "LOGO")
    start = time.monotonic()
    code, rows, _ = cli("test", "--site", str(site), "--year", str(YEAR), "--lang", "en", capsys=capsys)
    assert time.monotonic() - start < 10  # the browser's deadline, not the driver's 15 s login timeout
    assert code == 1 and all("Browser" in r["message"] and "host,port" in r["message"] for r in rows)
