"""Windows' own ways to a local SQL Server, under a patched `sys.platform`, and the same names on Linux.

SQL Server Express and Developer install with TCP/IP and the Browser off; on Windows, Microsoft's ODBC
Driver 17 and 18 reach them by shared memory (`.`, `(local)`, `localhost`), LocalDB or named pipes. Such
a name goes to the driver unprobed there; on Linux (TCP only) it is probed as before. The end of each
way is the real driver manager: Driver 17 is not installed here, so reaching the driver is its IM002.
"""

from __future__ import annotations

import socket
import sys

import pytest

from konnektor_kit.data import odbc_strings
from konnektor_kit.data.odbc import OdbcServer
from konnektor_kit.data.probe import Endpoint, endpoint_of, reached_locally
from konnektor_kit.data.site import ServerConfig, load_site
from konnektor_kit.exceptions import BadInput, ConnectionFailed

LOCAL = [
    ".",
    "(local)",
    "localhost",
    "LOCALHOST",
    ".\\SQLEXPRESS",
    "(local)\\LOGO",
    "localhost\\SQLEXPRESS",
    "(localdb)\\MSSQLLocalDB",
    "(LocalDB)\\v11.0",
    "lpc:.",
    "lpc:SRV01\\SQLEXPRESS",
    "np:\\\\.\\pipe\\MSSQL$SQLEXPRESS\\sql\\query",
    "np:\\\\SRV01\\pipe\\sql\\query",
]
OVER_TCP = ["tcp:localhost", "localhost,1433", ".\\SQLEXPRESS,49703", "SRV01", "10.0.0.5,1433"]
DRIVERS = ["ODBC Driver 17 for SQL Server", "ODBC Driver 18 for SQL Server"]


def sqlserver(server: str, driver: str = "ODBC Driver 18 for SQL Server") -> str:
    return f"Driver={{{driver}}};Server={server};Trusted_Connection=yes;Encrypt=yes;TrustServerCertificate=yes"


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")


@pytest.mark.parametrize("server", LOCAL)
@pytest.mark.parametrize("driver", DRIVERS)
def test_a_local_name_goes_to_the_driver_unprobed_on_windows(windows, server, driver):
    assert reached_locally(server)
    assert endpoint_of(sqlserver(server, driver), 0.2) is None


@pytest.mark.parametrize("server", OVER_TCP)
def test_tcp_and_remote_names_are_probed_on_windows_too(windows, server):
    assert not reached_locally(server) and not reached_locally("tcp:.\\SQLEXPRESS")
    found = endpoint_of(sqlserver(server), 0.2)
    assert isinstance(found, Endpoint) and found.port == (49703 if "49703" in server else 1433)


def test_the_machines_own_name_is_local():
    own = socket.gethostname()
    assert reached_locally(own) and reached_locally(own.upper() + "\\SQLEXPRESS")
    assert reached_locally("SRV01", hostname=lambda: "srv01.corp.example")  # the NetBIOS part of a FQDN
    assert not reached_locally("SRV02", hostname=lambda: "srv01")


def test_on_linux_local_names_are_probed_as_before():
    """The Linux and macOS drivers speak TCP only: `.` is 127.0.0.1:1433, and is probed."""
    assert sys.platform != "win32"
    assert endpoint_of(sqlserver("."), 0.2) == Endpoint("127.0.0.1", 1433)
    assert endpoint_of(sqlserver("localhost"), 0.2) == Endpoint("localhost", 1433)


@pytest.mark.parametrize("server", ["(localdb)\\MSSQLLocalDB", "lpc:.", "np:\\\\SRV01\\pipe\\sql\\query"])
def test_a_windows_only_way_is_bad_input_in_words_off_windows(server):
    """Off Windows the driver has TCP only: LocalDB, shared memory and named pipes are said to be Windows'
    own (exit 2, nothing dialled), not "name not resolved" after a Browser query or a bare "invalid"."""
    assert sys.platform != "win32"
    with pytest.raises(BadInput) as caught:
        endpoint_of(sqlserver(server), 0.2)
    assert caught.value.exit_code == 2
    assert "yalnız Windows'ta" in caught.value.message("tr") and server in caught.value.message("en")
    assert endpoint_of(sqlserver("."), 0.2) is not None  # "." is 127.0.0.1 over TCP here


def test_freetds_is_always_probed(windows):
    """FreeTDS speaks TCP on Windows too: its `.` is not shared memory."""
    assert endpoint_of("Driver={FreeTDS};Server=localhost;Port=1433;TDS_Version=7.4", 0.2) == Endpoint(
        "localhost", 1433
    )


@pytest.mark.parametrize("driver", DRIVERS)
def test_windows_authentication_needs_no_uid_nor_pwd(tmp_path, driver):
    """`Trusted_Connection=yes` in the site file is taken as it is: no Uid/Pwd asked for, none added;
    Driver 17 is the same SQL Server family as 18 (login timeout through pyodbc)."""
    site = tmp_path / "site.toml"
    text = sqlserver(".\\\\SQLEXPRESS", driver)
    site.write_text(
        f'name = "Yerel"\n[konnektor]\nodbc = "{text}"\n[servers.YEREL]\nodbc = "{text}"\n', encoding="utf-8"
    )
    loaded = load_site(site)
    assert loaded.konnektor_odbc == sqlserver(".\\SQLEXPRESS", driver)
    assert odbc_strings.family(loaded.konnektor_odbc) is odbc_strings.MSSQL
    target = odbc_strings.target(loaded.servers["YEREL"].odbc or "", "LOGODB", 5)
    pairs = dict((k.casefold(), v) for k, v in odbc_strings.parse(target.connection_string))
    assert pairs["trusted_connection"] == "yes" and "uid" not in pairs and "pwd" not in pairs
    assert pairs["database"] == "LOGODB" and target.timeout == 5


def test_a_local_instance_reaches_the_driver_on_windows_and_the_probe_on_linux(monkeypatch):
    """The whole way through OdbcServer: on Windows no Browser is asked and the real driver manager answers
    (Driver 17 is not installed here: IM002, driver_missing); on Linux the Browser is asked (no answer)."""
    config = ServerConfig("YEREL", odbc=sqlserver(".\\SQLEXPRESS", "ODBC Driver 17 for SQL Server"), login_timeout=0.5)
    server = OdbcServer(config)
    with pytest.raises(ConnectionFailed) as linux:
        server.databases()
    server.close()
    assert linux.value.category == "server_unreachable" and server.counter == [0]
    monkeypatch.setattr(sys, "platform", "win32")
    server = OdbcServer(config)
    with pytest.raises(ConnectionFailed) as windows:
        server.databases()
    server.close()
    assert windows.value.category == "driver_missing", windows.value.message("en")
    assert server.probe_result is None
