"""Microsoft's ODBC Driver 18 for SQL Server, the real one: the customers' own driver, from PyPI's
mssql-python-odbc wheel, registered by scripts/setup in .odbc/odbcinst.ini (scripts/test points
ODBCSYSINI at it).

No SQL Server runs here, so every failure before the login is the driver's real behaviour: the
strings the kit builds get through its parser, and a server that is stopped, misspelt or hung is
classified by the kit's `test` verb quickly, with one verdict for the whole server, and no password
ever shown. The same failures through psqlODBC and MariaDB Connector/ODBC, on a whole site.
"""

from __future__ import annotations

import json
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from konnektor_kit.cli import run
from konnektor_kit.data import odbc_strings
from konnektor_kit.data.site import load_site
from konnektor_kit.present.report import diagnosis_html
from konnektor_kit.services.test import check_settings
from konnektor_kit.services.workspace import open_workspace
from konnektor_kit.training.sandbox import create_sandbox
from tests.conftest import YEAR, unavailable

from .servers import MARIADB_DRIVER, PG_DRIVER, free_port

pytestmark = pytest.mark.live

DRIVER18 = "ODBC Driver 18 for SQL Server"
#: a scenario with six modules, all on one server (SRV01)
SIX_MODULES = "logo-temmuz"
PASSWORD_ENV = "KIT_D18_PWD"
UNKNOWN_HOST = "kit-no-such-host.invalid"  # RFC 6761: never resolves
BAD_VALUE = "Invalid value specified for connection string attribute"


def registered(driver: str) -> str:
    try:
        import pyodbc
    except ImportError as exc:
        unavailable(f"pyodbc needs unixODBC: {exc}")
    if driver not in pyodbc.drivers():
        hint = (
            " (mssql-python-odbc wheel): run scripts/setup, then pytest with ODBCSYSINI=$PWD/.odbc, "
            "as scripts/test does"
            if driver == DRIVER18
            else ""
        )
        unavailable(f"ODBC driver {driver!r} is not registered{hint}")
    return driver


@pytest.fixture(scope="module")
def driver18() -> str:
    return registered(DRIVER18)


def connect_error(connection_string: str, timeout: int) -> tuple[str, str, float]:
    """(SQLSTATE, message, seconds) of a connection attempt that must fail."""
    import pyodbc

    started = time.monotonic()
    try:
        pyodbc.connect(connection_string, timeout=timeout).close()
    except pyodbc.Error as exc:
        state, message = (exc.args[0], str(exc.args[1])) if len(exc.args) >= 2 else ("", str(exc))
        return state, message, time.monotonic() - started
    pytest.fail(f"connected to a closed port? {connection_string}")


# ---- a. the driver is there and loads -----------------------------------------------------------------
def test_driver18_is_registered_and_loads(driver18):
    # a bad value is refused by the driver's own parser: proves the library itself was loaded (a
    # missing .so would be unixODBC's 01000 "Can't open lib")
    state, message, _ = connect_error(f"Driver={{{driver18}}};Server=127.0.0.1,1;Encrypt=maybe", 1)
    assert state == "08001" and f"[Microsoft][{driver18}]{BAD_VALUE} 'Encrypt'" in message, message


# ---- b. the strings the kit builds get through the real parser ----------------------------------------
def kit_strings(port: int) -> dict[str, tuple[str, str | None]]:
    """What support engineers paste (Driver 17 and 18 shapes, the name swapped to 18) and the database
    the kit adds: connection string without Database=, database."""
    d18 = f"Driver={{{DRIVER18}}}"
    return {
        "encrypt+trust": (
            f"{d18};Server=127.0.0.1,{port};Uid=kit;Pwd=x;Encrypt=yes;TrustServerCertificate=yes",
            "LOGODB",
        ),
        "driver17-shape": (
            f"{d18};Server=tcp:127.0.0.1,{port};Database=ESKI_2025;Uid=sa;Pwd=x;Encrypt=no",
            "NETSIS_2026",
        ),
        "initial-catalog": (
            f"{d18};Server=127.0.0.1,{port};Initial Catalog=ESKI;Uid=sa;Pwd=x;Encrypt=mandatory;"
            "TrustServerCertificate=no;MultiSubnetFailover=yes",
            "EFINANS",
        ),
        "braced-password": (f"{d18};Server=127.0.0.1,{port};Uid=kit;Pwd={{p;w}}}}d=1}};Encrypt=strict", "MIKRO_2026"),
        "braced-database": (f"{d18};Server=127.0.0.1,{port};Uid=kit;Pwd=x;Encrypt=optional", "ETA;2026 {Yeni}"),
        "catalog-only": (f"{d18};Server=127.0.0.1,{port};Uid=kit;Pwd=x;Encrypt=yes;TrustServerCertificate=yes", None),
    }


BAD_VALUES = [
    ("Encrypt", "maybe"),
    ("TrustServerCertificate", "perhaps"),
    ("MultiSubnetFailover", "sometimes"),
    # the ADO.NET spelling: Driver 18.6 takes yes/no/mandatory/optional/strict, not true/false
    ("Encrypt", "True"),
]


def test_the_kit_s_strings_pass_the_driver_s_parser_and_a_bad_value_does_not(driver18):
    port = free_port()  # closed: nothing listens
    built = {name: odbc_strings.target(text, database, 1) for name, (text, database) in kit_strings(port).items()}
    assert all(t.timeout == 1 for t in built.values())  # Driver 18 honours pyodbc's timeout, not LoginTimeout=
    assert "Database={ETA;2026 {Yeni}}}" in built["braced-database"].connection_string
    bad = {
        f"{key}={value}": odbc_strings.target(
            f"Driver={{{driver18}}};Server=127.0.0.1,{port};Uid=kit;Pwd=x;{key}={value}", "EFINANS", 1
        )
        for key, value in BAD_VALUES
    }
    cases = {**built, **bad}
    with ThreadPoolExecutor(len(cases)) as pool:  # each good one waits its 1 s login timeout: all at once
        seen = dict(
            zip(cases, pool.map(lambda t: connect_error(t.connection_string, t.timeout), cases.values()), strict=False)
        )
    for name in built:  # accepted: the driver went to the network and timed out on the login
        state, message, seconds = seen[name]
        assert state in ("HYT00", "08001") and BAD_VALUE not in message, (name, message)
        assert "Login timeout expired" in message or "TCP Provider" in message, (name, message)
        assert seconds > 0.5, (name, seconds)
    for name in bad:  # refused by the parser, at once, naming the attribute
        state, message, seconds = seen[name]
        attribute = name.split("=")[0]
        assert state == "08001" and f"{BAD_VALUE} '{attribute}'" in message, (name, message)


# ---- sites whose one server is a closed port, an unknown host or a silent listener ------------------
def server_odbc(driver: str, host: str, port: int) -> str:
    """The site's [servers] string: the password an ${ENV} reference, braced (it holds a `;`)."""
    password = "{${" + PASSWORD_ENV + "}}"
    if driver == DRIVER18:
        return f"Driver={{{driver}}};Server={host},{port};Uid=sa;Pwd={password};Encrypt=yes;TrustServerCertificate=yes"
    return f"Driver={{{driver}}};Server={host};Port={port};Uid=kit;Pwd={password}"


def six_module_site(folder: Path, odbc: str, login_timeout: float) -> Path:
    """The sandbox's six-module customer, its Konnektör settings in SQLite, its one server behind `odbc`."""
    site = create_sandbox(folder, SIX_MODULES, YEAR)
    text = site.read_text(encoding="utf-8")
    assert 'sqlite_dir = "databases"' in text
    text = text.replace('sqlite_dir = "databases"', f"odbc = {json.dumps(odbc)}")
    site.write_text(f"login_timeout = {login_timeout}\n{text}", encoding="utf-8")
    with open_workspace(site) as ws:
        settings = ws.store.read_all()
    assert len(settings) == 6 and {s.server for s in settings} == {"SRV01"} == set(load_site(site).servers)
    return site


@pytest.fixture
def secret(monkeypatch) -> str:
    value = f"Kit;D18-{secrets.token_hex(6)}"
    monkeypatch.setenv(PASSWORD_ENV, value)
    return value


def kit_test(site: Path, capsys) -> tuple[int, list[dict], float]:
    started = time.monotonic()
    code = run(["test", "--site", str(site), "--json"])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert isinstance(rows, list), rows  # per-module results, not a refusal of the whole run
    return code, rows, elapsed


DRIVERS = [DRIVER18, PG_DRIVER, MARIADB_DRIVER]


# ---- c (and e, for psqlODBC and MariaDB): every failure through the kit's `test` verb ---------------
@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize("where", ["closed-port", "unknown-host"])
def test_an_unreachable_server_fails_every_module_without_a_login_timeout(driver, where, secret, tmp_path, capsys):
    registered(driver)
    host, port = ("127.0.0.1", free_port()) if where == "closed-port" else (UNKNOWN_HOST, 1433)
    # a login timeout of 12 s: a driver waiting it out even once breaks the bound below
    site = six_module_site(tmp_path / "site", server_odbc(driver, host, port), login_timeout=12)
    code, rows, elapsed = kit_test(site, capsys)
    print(f"{driver} {where}: {elapsed:.2f} s, {[r['category'] for r in rows]}\n{rows[0]['message']}")
    assert code == 1 and len(rows) == 6
    assert [r["category"] for r in rows] == ["server_unreachable"] * 6, rows[0]["message"]
    assert elapsed < 12, f"{driver} {where}: the whole test run took {elapsed:.1f} s"


@pytest.mark.parametrize("driver", DRIVERS)
def test_a_silent_server_times_out_once_for_the_whole_run(driver, silent, secret, tmp_path, capsys):
    registered(driver)
    login_timeout = 5  # once for the run is 5 s; twice (a second module dialling again) is 10 s
    site = six_module_site(tmp_path / "site", server_odbc(driver, "127.0.0.1", silent.port), login_timeout)
    code, rows, elapsed = kit_test(site, capsys)
    print(f"{driver} silent: {elapsed:.2f} s, {[r['category'] for r in rows]}\n{rows[0]['message']}")
    assert code == 1 and len(rows) == 6
    assert [r["category"] for r in rows] == ["timeout"] * 6, rows[0]["message"]
    assert elapsed < 2 * login_timeout, f"{driver} silent: the whole test run took {elapsed:.1f} s"


# ---- d. no password anywhere on Driver 18 paths ----------------------------------------------------
@pytest.mark.parametrize("where", ["closed-port", "silent"])  # the kit's own words / the driver's, after a login try
def test_no_verb_or_report_shows_the_driver18_password(where, driver18, secret, silent, tmp_path, capsys):
    port = free_port() if where == "closed-port" else silent.port
    site = six_module_site(tmp_path / "site", server_odbc(driver18, "127.0.0.1", port), login_timeout=1)
    verbs = [["test"], ["discover", "--module", "e-Fatura", "--branch", "Merkez"], ["new-year", "--year", str(YEAR)]]
    seen = []
    for verb in verbs:
        for extra in ([], ["--json"]):
            run([verb[0], "--site", str(site), *verb[1:], *extra])
            out, err = capsys.readouterr()
            seen.append(out + err)
    with open_workspace(site) as ws:
        report = diagnosis_html(ws.site, check_settings(ws, ws.store.read_all(), YEAR), "tr", YEAR)
    text = "\n".join([*seen, report])
    assert all("SRV01" in shown for shown in seen)  # every verb did try (and fail on) the server
    tail = secret.split(";")[1]
    assert secret not in text and tail not in text, "the password was shown"
    assert "Pwd=***" in report  # the report names the server, with the password masked
