"""What `konnektor-kit-singleuser` puts in its environment before jupyter_server starts (hub.prepare):
the kernels inherit it. The whole hub runs in tests/hub."""

from __future__ import annotations

import os
import time

import pytest

from konnektor_kit import hub
from konnektor_kit.env import SITE_ENV, SITES_ENV


@pytest.fixture
def engineer(tmp_path, monkeypatch, make_site):
    """An engineer's server about to start: a site in their own folder, the hub machine on no zone. The
    whole environment is put back after (prepare sets variables of its own)."""
    saved = dict(os.environ)
    site = make_site("new-year")
    monkeypatch.setenv(SITES_ENV, str(site.parent.parent))
    monkeypatch.setenv(SITE_ENV, str(site))
    monkeypatch.setenv("JUPYTER_PATH", "")
    monkeypatch.delenv("TZ", raising=False)
    yield
    monkeypatch.undo()
    os.environ.clear()
    os.environ.update(saved)
    time.tzset()


def test_the_server_keeps_the_customers_clock(engineer):
    hub.prepare()
    assert os.environ["TZ"] == hub.CUSTOMERS_ZONE
    assert time.strftime("%z", time.localtime(1798761600)) == "+0300"  # 2027-01-01, Türkiye


def test_a_zone_the_hub_gives_wins(engineer, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    hub.prepare()
    assert os.environ["TZ"] == "UTC"
