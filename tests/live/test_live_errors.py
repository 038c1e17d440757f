"""Every error category produced for real, against real servers and drivers, with its guidance."""

from __future__ import annotations

import time

import pytest

from konnektor_kit.data.odbc import open_odbc
from konnektor_kit.exceptions import ConnectionFailed, DatabaseMissing
from konnektor_kit.services.workspace import open_workspace
from tests.conftest import YEAR, cli

from .deploy import deploy_scenario
from .servers import free_port

pytestmark = pytest.mark.live


def failure(connection_string: str, database: str | None = "postgres", timeout: float = 5) -> ConnectionFailed:
    with pytest.raises(ConnectionFailed) as err:
        open_odbc(connection_string, database, timeout).close()
    return err.value


def test_wrong_password(live):
    err = failure(live.odbc(password="yanlis-parola"))
    assert err.category == "login_failed"
    assert "parola" in err.message("tr") and "password" in err.message("en")
    assert "yanlis-parola" not in err.message("tr") + err.message("en")


def test_closed_port(live):
    started = time.monotonic()
    err = failure(live.odbc(port=free_port()))
    assert err.category == "server_unreachable" and time.monotonic() - started < 10  # not a login timeout


def test_missing_database(live):
    err = failure(live.odbc(), "YOK_BOYLE_BIR_DB")
    assert type(err) is DatabaseMissing  # the type SQLite's missing file raises (tests/unit/test_error_categories.py)
    assert err.category == "database_missing" and "Veri tabanı Ara" in err.message("tr")


def test_unknown_driver():
    err = failure("Driver={ODBC Driver 99 for SQL Server};Server=127.0.0.1;Uid=sa;Pwd=x")
    assert err.category == "driver_missing" and "ODBC Driver 18" in err.message("tr")


def test_user_without_rights_on_the_database(live):
    live.create_database("YETKISIZ2026")
    live.revoke("YETKISIZ2026")
    err = failure(live.odbc(user=live.norights_user, password=live.norights_password), "YETKISIZ2026")
    assert err.category == "permission_denied", err.message("en")
    assert "db_datareader" in err.message("tr")


def test_missing_tables_are_reported_by_test(live, tmp_path, capsys):
    site = deploy_scenario(live, "eta", tmp_path / "eta", YEAR)
    live.create_database(f"ETA_BOS_{YEAR - 1}")
    with open_workspace(site) as ws:
        ws.store.conn.execute(
            "UPDATE {} SET {} = ? WHERE {} = ?".format(
                *(ws.store.conn.dialect.quote(n) for n in ("KONNEKTOR_MODUL_AYAR", "VERITABANI", "MODUL"))
            ),
            (f"ETA_BOS_{YEAR - 1}", "e-MM"),
        )
        ws.store.conn.commit()
    code, results, _ = cli("test", "--site", str(site), "--module", "e-MM", capsys=capsys)
    assert code == 1
    assert results[0]["category"] == "tables_missing" and "FATFIS" in results[0]["message"]


@pytest.mark.parametrize("driver", ["PostgreSQL Unicode", "MariaDB Unicode", "FreeTDS"])
def test_a_silent_server_is_classified_within_the_login_timeout_plus_one_second(driver, silent):
    timeout = 2.0
    connection_string = f"Driver={{{driver}}};Server=127.0.0.1;Port={silent.port};Uid=kit;Pwd=x"
    started = time.monotonic()
    err = failure(connection_string, "postgres", timeout)
    elapsed = time.monotonic() - started
    assert elapsed < timeout + 8, f"{driver}: {elapsed:.1f} s"  # a hang guard: no driver waits forever
    assert err.category in ("timeout", "server_unreachable"), err.message("en")


def test_freetds_closed_port_gets_sql_server_guidance():
    err = failure(f"Driver={{FreeTDS}};Server=127.0.0.1;Port={free_port()};Uid=sa;Pwd=x", "EFINANS", 3)
    assert err.category in ("server_unreachable", "timeout")
    text = err.message("tr")
    assert "SQL Server Browser" in text and "1433" in text
