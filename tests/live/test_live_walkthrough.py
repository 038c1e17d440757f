"""The whole procedure through pyodbc on real PostgreSQL and MariaDB servers, every scenario."""

from __future__ import annotations

import json

import pytest

from konnektor_kit.services.workspace import open_workspace
from konnektor_kit.training.sandbox import scenario_names
from tests.conftest import YEAR
from tests.helpers import walk_scenario

from .deploy import deploy_scenario

pytestmark = pytest.mark.live


def settings_fingerprint(site: str) -> str:
    """Settings and history read back from the server: changes whenever a row or the trail does."""
    with open_workspace(site) as ws:
        rows = [s.to_full_json() for s in ws.store.read_all()]
        history = [h.to_json() for h in ws.store.history()]
    return json.dumps([rows, history], sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("scenario", scenario_names())
def test_scenario_end_to_end_on_a_live_server(scenario, live, tmp_path, capsys):
    site = deploy_scenario(live, scenario, tmp_path / scenario, YEAR)
    walk_scenario(str(site), scenario, capsys, settings_fingerprint)


def test_discovery_costs_the_same_queries_however_many_databases(live, tmp_path):
    """ "Veri tabanı Ara" asks the catalog once and opens only the best few: one catalog query, then at
    most three per opened database (tables, documents), whatever the server holds."""
    from konnektor_kit.domain.programs.peryear import CONFIRM_AT_MOST
    from konnektor_kit.services.discover import discover

    site = deploy_scenario(live, "eta", tmp_path / "eta", YEAR)

    def queries() -> tuple[int, str]:
        with open_workspace(site) as ws:
            found = discover(ws, "e-Fatura", "Merkez", YEAR)
            return ws.catalog("SRV01").queries, found.decision.target.database

    before = queries()
    for i in range(40):
        live.create_database(f"BASKA_FIRMA_{i:02d}_{YEAR - i % 3}")
    after = queries()
    bound = 1 + 3 * (CONFIRM_AT_MOST + 1)  # the current database is read too
    assert before[0] <= bound and after[0] <= bound, (before, after)
    assert before[1] == after[1] == f"ETA_EDIS_{YEAR}"
