"""Live PostgreSQL and MariaDB servers for the whole session, started by the tests themselves.

Where the binaries or drivers are missing the live tests skip with the reason; under CI=true they
fail instead, so a CI run can never pass without having talked to real servers.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import unavailable

from .deploy import PASSWORD_ENV


@pytest.fixture(scope="session")
def postgres():
    try:
        from .servers import start_postgres, stop_postgres

        server = start_postgres()
    except (ImportError, FileNotFoundError, OSError) as exc:
        unavailable(f"PostgreSQL not available: {exc}")
    yield server
    stop_postgres(server)


@pytest.fixture(scope="session")
def mariadb():
    try:
        from .servers import start_mariadb, stop_mariadb

        server, proc = start_mariadb()
    except (ImportError, FileNotFoundError, OSError) as exc:
        unavailable(f"MariaDB not available: {exc}")
    yield server
    stop_mariadb(server, proc)


@pytest.fixture(params=["postgres", "mariadb"])
def live(request, monkeypatch):
    """Each live test once per server kind, with the site files' ${KIT_LIVE_PWD} set."""
    server = request.getfixturevalue(request.param)
    monkeypatch.setenv(PASSWORD_ENV, server.password)
    return server


@pytest.fixture(scope="session", autouse=True)
def no_driver_logs_left():
    """Debian registers psqlODBC with CommLog=1: remove the logs this test process made."""
    yield
    import glob
    import tempfile

    for path in glob.glob(os.path.join(tempfile.gettempdir(), f"psqlodbc_*{os.getpid()}*.log")):
        os.remove(path)


@pytest.fixture
def silent():
    """A loopback listener that accepts and never answers: the server that hangs every driver."""
    from .servers import SilentServer

    server = SilentServer()
    yield server
    server.close()
