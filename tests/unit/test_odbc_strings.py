"""Connection strings for every SQL Server driver and server form a customer has, and masking."""

from __future__ import annotations

import pytest

from konnektor_kit.data import odbc_strings
from konnektor_kit.exceptions import mask_secrets

MS18 = "Driver={ODBC Driver 18 for SQL Server};Server=SRV01\\SQLEXPRESS;Uid=sa;Pwd=Gizli123;Encrypt=yes;TrustServerCertificate=yes"
MS17 = "Driver={ODBC Driver 17 for SQL Server};Server=10.0.0.5,1433;Uid=efinans;Pwd={a;b}}c}"
TRUSTED = "Driver={ODBC Driver 18 for SQL Server};Server=.;Trusted_Connection=yes;Encrypt=no"
FREETDS = "Driver={FreeTDS};Server=10.0.0.5;Port=1433;Uid=sa;Pwd=Gizli123"


def test_named_instance_with_sql_login_gets_the_database_and_the_pyodbc_timeout():
    target = odbc_strings.target(MS18, "LOGODB", 5)
    pairs = dict(odbc_strings.parse(target.connection_string))
    assert pairs["Driver"] == "ODBC Driver 18 for SQL Server" and pairs["Server"] == "SRV01\\SQLEXPRESS"
    assert pairs["Database"] == "LOGODB" and pairs["TrustServerCertificate"] == "yes"
    assert target.timeout == 5 and "LoginTimeout" not in target.connection_string


def test_host_and_port_and_braced_password_survive():
    target = odbc_strings.target(MS17, "ABC2026", 2.5)
    pairs = dict(odbc_strings.parse(target.connection_string))
    assert pairs["Server"] == "10.0.0.5,1433" and pairs["Pwd"] == "a;b}c" and target.timeout == 3
    assert "Pwd={a;b}}c}" in target.connection_string


def test_windows_authentication_on_the_local_default_instance():
    target = odbc_strings.target(TRUSTED, "EFINANS", 5)
    pairs = dict(odbc_strings.parse(target.connection_string))
    assert pairs["Server"] == "." and pairs["Trusted_Connection"] == "yes" and "Uid" not in pairs


def test_freetds_always_gets_a_tds_version():
    target = odbc_strings.target(FREETDS, "LOGODB", 5)
    assert "TDS_Version=7.4" in target.connection_string and target.timeout == 5
    kept = odbc_strings.target(FREETDS + ";TDS_Version=7.3", "LOGODB", 5)
    assert "TDS_Version=7.3" in kept.connection_string and "7.4" not in kept.connection_string


def test_mariadb_timeout_goes_in_the_string_and_postgres_in_pyodbc():
    maria = odbc_strings.target("Driver={MariaDB Unicode};Server=127.0.0.1;Uid=u;Pwd=p", "X", 5)
    assert "CONN_TIMEOUT=5" in maria.connection_string and maria.timeout == 0
    pg = odbc_strings.target("Driver={PostgreSQL Unicode};Server=127.0.0.1;Uid=u;Pwd=p", "X", 5)
    assert pg.timeout == 5 and "CONN_TIMEOUT" not in pg.connection_string


def test_database_replaces_an_existing_one_and_is_braced_when_needed():
    target = odbc_strings.target(MS18 + ";Database=master", "x]; DROP TABLE T;--", 5)
    pairs = odbc_strings.parse(target.connection_string)
    assert [v for k, v in pairs if k == "Database"] == ["x]; DROP TABLE T;--"]


@pytest.mark.parametrize(
    "driver, family",
    [
        ("ODBC Driver 18 for SQL Server", "sqlserver"),
        ("ODBC Driver 17 for SQL Server", "sqlserver"),
        ("SQL Server Native Client 11.0", "sqlserver"),
        ("FreeTDS", "freetds"),
        ("PostgreSQL Unicode", "postgresql"),
        ("MariaDB Unicode", "mariadb"),
        ("MySQL ODBC 8.0 Unicode Driver", "mariadb"),
        ("SQLite3", "sqlite"),
    ],
)
def test_driver_families(driver, family):
    assert odbc_strings.family(f"Driver={{{driver}}};Server=x").name == family


@pytest.mark.parametrize("text", [MS18, MS17, FREETDS, "DRIVER={X};PWD=abc;UID=u", "Driver={X};Password = abc ;Uid=u"])
def test_masking_hides_every_password(text):
    masked = mask_secrets(text)
    for secret in ("Gizli123", "a;b", "abc"):
        assert secret not in masked
    assert "***" in masked


# ---- driver logs (issue 12): a log holds the password in clear text ------------------------------
PSQL = "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=5432;Uid=kit;Pwd=Gizli123"


@pytest.mark.parametrize("extra", ["", ";CommLog=1", ";Debug=1", ";B3=1;B2=1", ";CX=1cc00", ";commlog=1;DEBUG=1"])
def test_the_kit_switches_both_psqlodbc_logs_off_last(extra):
    built = odbc_strings.target(PSQL + extra, "LOGODB", 5).connection_string
    pairs = odbc_strings.parse(built)
    # psqlODBC reads keys left to right and the last one wins (measured): ours come last
    assert pairs[-2:] == [("CommLog", "0"), ("Debug", "0")]
    assert not [k for k, v in pairs if k.casefold() in {"commlog", "debug", "b2", "b3"} and v != "0"]


def test_other_drivers_get_no_psqlodbc_keys():
    for text in (MS18, FREETDS, "Driver={MariaDB Unicode};Server=x;Uid=u;Pwd=p"):
        assert "CommLog" not in odbc_strings.target(text, "X", 5).connection_string


@pytest.mark.parametrize(
    "text, keys",
    [
        (PSQL + ";CommLog=1", ["CommLog"]),
        (PSQL + ";Debug=1", ["Debug"]),
        (PSQL + ";B3=1", ["B3"]),
        (PSQL + ";CX=1c400", ["CX"]),
        (FREETDS + ";DUMPFILE=/tmp/tds.log;DEBUGFLAGS=0xffff", ["DUMPFILE", "DEBUGFLAGS"]),
        (FREETDS + ";DumpFileAppend=1", ["DumpFileAppend"]),
        ("Driver={MariaDB Unicode};Server=x;Uid=u;Pwd=p;OPTION=4", ["OPTION"]),
        ("Driver={MariaDB Unicode};Server=x;Uid=u;Pwd=p;OPTIONS=-1", ["OPTIONS"]),
        ("Driver={MariaDB Unicode};Server=x;Uid=u;Pwd=p;TRACE=/tmp/ma.trace", ["TRACE"]),
        (MS18 + ";QueryLog_On=yes;QueryLogFile=C:\\q.log", ["QueryLog_On", "QueryLogFile"]),
        (MS18 + ";StatsLog_On=1;StatsLogFile={C:\\s.log}", ["StatsLog_On", "StatsLogFile"]),
        (MS18 + ";Trace=Yes;TraceFile=/tmp/sql.log;TraceLevel=3", ["Trace", "TraceFile", "TraceLevel"]),
        (MS18 + ";LogFile=/tmp/x;Log=1;Logging=on;SaveFile=x.dsn", ["LogFile", "Log", "Logging", "SaveFile"]),
    ],
)
def test_logging_keys_are_found(text, keys):
    assert odbc_strings.logging_keys(text) == keys


@pytest.mark.parametrize(
    "text",
    [
        PSQL,
        PSQL + ";CommLog=0;Debug=0",
        PSQL + ";CX=1c305",
        MS18 + ";Trace=No;TraceFile=",
        FREETDS + ";DebugFlags=0",
        "Driver={MariaDB Unicode};Server=x;Uid=u;Pwd=p;OPTION=3",
        "Driver={X};Pwd={CommLog=1;Debug=1}",
        MS18 + ";B3=1",  # an abbreviation only psqlODBC knows
    ],
)
def test_harmless_strings_pass(text):
    assert odbc_strings.logging_keys(text) == []


def test_a_site_file_with_a_logging_key_is_refused_naming_the_key(tmp_path):
    from konnektor_kit.data.site import load_site
    from konnektor_kit.exceptions import SiteError

    site = tmp_path / "site.toml"
    site.write_text(
        f"[konnektor]\nsqlite = 'k.sqlite'\n[servers.SRV01]\nodbc = '{FREETDS};DumpFile=/tmp/freetds.log'\n",
        encoding="utf-8",
    )
    with pytest.raises(SiteError) as refused:
        load_site(site)
    assert refused.value.exit_code == 2
    assert '"DumpFile"' in refused.value.message("tr") and "parolayı" in refused.value.message("tr")
    assert "writes the password into it" in refused.value.message("en") and "Gizli123" not in str(refused.value)


PROBE = r"""
import glob, os, sys, pyodbc
try:
    pyodbc.connect(sys.argv[1], timeout=2)
except pyodbc.Error:
    pass
found = glob.glob(f"/tmp/psqlodbc_*{os.getpid()}.log") + glob.glob(f"/tmp/mylog_*{os.getpid()}.log")
leaked = [f for f in found if sys.argv[2] in open(f, errors="replace").read()]
for f in found:
    os.unlink(f)
print(len(leaked))
"""


def test_psqlodbc_writes_no_password_log_through_the_kits_string():
    """The real driver: asked for both logs, through a closed port (it logs the login before it fails)."""
    import socket
    import subprocess
    import sys

    from tests.conftest import unavailable

    try:
        import pyodbc
    except ImportError as exc:
        unavailable(f"pyodbc: {exc}")
    if "PostgreSQL Unicode" not in pyodbc.drivers():
        unavailable("psqlODBC (Debian package odbc-postgresql)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends
    secret = "Gizli-" + str(port) + "-parola"
    asked = f"Driver={{PostgreSQL Unicode}};Server=127.0.0.1;Port={port};Uid=kit;Pwd={secret};CommLog=1;Debug=1"

    def leaked(text: str) -> int:
        out = subprocess.run([sys.executable, "-c", PROBE, text, secret], capture_output=True, text=True, timeout=60)
        return int(out.stdout.strip())

    assert leaked(asked) >= 1  # the driver really does write it: the test can see a leak
    assert leaked(odbc_strings.target(asked, "postgres", 2).connection_string) == 0
