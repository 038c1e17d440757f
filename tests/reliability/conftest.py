"""Fixtures of the reliability campaigns; their tallies are printed as one table at the end of the run
(tests/conftest.py: the run's main process gathers them from every worker)."""

from __future__ import annotations

import pytest

# the live servers of tests/live (started once per session, skipped without binaries, required under CI=true)
from tests.live.conftest import mariadb, no_driver_logs_left, postgres  # noqa: F401

from .procs import Zygote, remove_psqlodbc_logs


@pytest.fixture(scope="session")
def zygote(tmp_path_factory):
    """A fork server for the whole session: each CLI run a real process, without an interpreter start."""
    z = Zygote(tmp_path_factory.mktemp("zygote"))
    yield z
    z.close()
    remove_psqlodbc_logs(z.pids)


@pytest.fixture(params=["postgres", "mariadb"])
def server(request):
    """A live server of each kind (the `postgres` and `mariadb` session fixtures)."""
    return request.getfixturevalue(request.param)
