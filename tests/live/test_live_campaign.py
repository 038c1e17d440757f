"""A campaign over sites on live PostgreSQL and MariaDB with one silent server among them: every
other site is reported, the silent one is marked, and the whole run stays within a bound derived
from the login timeout."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import YEAR, cli

from .deploy import PASSWORD_ENV, deploy_scenario

pytestmark = pytest.mark.live

SILENT_TIMEOUT = 2


def test_campaign_over_live_servers_marks_the_silent_one(postgres, mariadb, silent, tmp_path, monkeypatch, capsys):
    sites = tmp_path / "sites"
    for server, scenario, env in (
        (postgres, "eta", "KIT_LIVE_PWD_PG"),
        (mariadb, "netsis-devirli", "KIT_LIVE_PWD_MARIA"),
    ):
        monkeypatch.setenv(env, server.password)
        site = deploy_scenario(server, scenario, tmp_path / "deployed" / scenario, YEAR)
        text = site.read_text(encoding="utf-8").replace("${" + PASSWORD_ENV + "}", "${" + env + "}")
        for copy in range(3):  # several customers' site files on one server, as a support centre has
            folder = sites / f"{scenario}-{copy}"
            folder.mkdir(parents=True)
            (folder / "site.toml").write_text(text.replace('name = "', f'name = "#{copy} ', 1), encoding="utf-8")
    monkeypatch.setenv("KIT_LIVE_PWD_SILENT", "sessiz-Parola-7")
    odbc = f"Driver={{PostgreSQL Unicode}};Server=127.0.0.1;Port={silent.port};Uid=kit;Pwd=${{KIT_LIVE_PWD_SILENT}}"
    (sites / "silent").mkdir()
    (sites / "silent" / "site.toml").write_text(
        f'name = "Sessiz Sunucu"\nlogin_timeout = {SILENT_TIMEOUT}\n\n[konnektor]\n'
        f'odbc = "{odbc};Database=EFINANS"\n\n[servers."SRV01"]\nodbc = "{odbc}"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    start = time.monotonic()
    code, summary, err = cli(
        "campaign", str(sites), "--verb", "ready", "--year", str(YEAR), "--jobs", "4", "--out", str(out), capsys=capsys
    )
    took = time.monotonic() - start
    assert code == 1, err  # the silent site
    rows = {r["name"]: r for r in json.loads((out / "campaign.json").read_text(encoding="utf-8"))["results"]}
    silent_row = rows.pop("Sessiz Sunucu")
    assert silent_row["status"] == "broken" and silent_row["category"] in ("timeout", "server_unreachable")
    assert silent_row["seconds"] <= SILENT_TIMEOUT + 10  # a hang guard: its timeout ended it
    assert len(rows) == 6 and all(r["status"] == "ok" for r in rows.values()), rows
    assert took < 120 + 3 * SILENT_TIMEOUT
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()) + err
    assert postgres.password not in everything and mariadb.password not in everything
    assert "sessiz-Parola-7" not in everything
