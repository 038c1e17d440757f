"""The embedded sandbox read through the SQLite3 ODBC driver: the same files, the pyodbc path."""

from __future__ import annotations

import pytest

from konnektor_kit.data.odbc_sqlite import OdbcSqliteFolderServer
from konnektor_kit.services.workspace import open_workspace
from konnektor_kit.training.sandbox import scenario_names
from tests.conftest import konnektor_digest, unavailable
from tests.helpers import walk_scenario

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def sqlite_odbc_driver() -> str:
    try:
        import pyodbc
    except ImportError as exc:
        unavailable(f"pyodbc needs unixODBC: {exc}")
    if "SQLite3" not in pyodbc.drivers():
        unavailable("the SQLite3 ODBC driver (Debian package libsqliteodbc) is not registered")
    return "SQLite3"


@pytest.mark.parametrize("scenario", scenario_names())
def test_scenario_through_the_sqlite_odbc_driver(scenario, sqlite_odbc_driver, make_site, capsys):
    site = make_site(scenario)
    konnektor = (site.parent / "konnektor.sqlite").resolve()
    text = site.read_text(encoding="utf-8")
    text = text.replace('sqlite = "konnektor.sqlite"', f'odbc = "Driver={{{sqlite_odbc_driver}}};Database={konnektor}"')
    text = text.replace(
        'sqlite_dir = "databases"', f'sqlite_dir = "databases"\nodbc = "Driver={{{sqlite_odbc_driver}}}"'
    )
    site.write_text(text, encoding="utf-8")
    with open_workspace(site) as ws:
        assert type(ws.store.conn.raw).__module__ == "pyodbc"
        assert isinstance(ws.catalog("SRV01").backend, OdbcSqliteFolderServer)
    walk_scenario(str(site), scenario, capsys, konnektor_digest)
