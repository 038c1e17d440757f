"""The new year's database on another server of the site, for real: SRV01 is the live PostgreSQL (last
years, a backup, the Konnektör's settings), SRV02 the live MariaDB (the new year's database only)."""

from __future__ import annotations

import json

import pytest

from konnektor_kit.env import SITE_FILE
from konnektor_kit.training.sandbox import MARKER, build_scenario, scenario_record
from tests.conftest import YEAR, cli
from tests.helpers import settings_by_key

from .deploy import KONNEKTOR_DB, PASSWORD_ENV, write_databases

pytestmark = pytest.mark.live
OTHER_PASSWORD_ENV = "KIT_LIVE_PWD_SRV02"


def test_the_new_year_on_another_live_server_is_found_moved_to_and_undone(
    postgres, mariadb, tmp_path, capsys, monkeypatch
):
    sc = build_scenario("yeni-sunucu", YEAR)
    homes = {"SRV01": postgres, "SRV02": mariadb}
    write_databases(sc, lambda name: homes[sc.server_of(name)], postgres)
    monkeypatch.setenv(PASSWORD_ENV, postgres.password)
    monkeypatch.setenv(OTHER_PASSWORD_ENV, mariadb.password)
    pg = postgres.odbc(password="${" + PASSWORD_ENV + "}")
    maria = mariadb.odbc(password="${" + OTHER_PASSWORD_ENV + "}")
    folder = tmp_path / "yeni-sunucu"
    folder.mkdir()
    site = folder / SITE_FILE
    site.write_text(
        f"name = {json.dumps(sc.site_name, ensure_ascii=False)}\nlogin_timeout = 5\n\n"
        f"[konnektor]\nodbc = {json.dumps(pg + ';Database=' + KONNEKTOR_DB)}\n\n"
        f'[servers."SRV01"]\nodbc = {json.dumps(pg)}\n\n[servers."SRV02"]\nodbc = {json.dumps(maria)}\n',
        encoding="utf-8",
    )
    (folder / MARKER).write_text(json.dumps(scenario_record(sc), ensure_ascii=False), encoding="utf-8")

    args = ("--site", str(site), "--module", "e-Fatura", "--branch", "Merkez", "--year", str(YEAR))
    code, cands, err = cli("discover", *args, capsys=capsys)
    assert code == 0, err
    assert (cands[0]["database"], cands[0]["server"]) == (f"MAGAZA{YEAR}", "SRV02")
    assert any(c["server"] == "SRV01" for c in cands), "the own server's candidates are listed too"

    code, rows, err = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0, err
    assert all((r["after"]["server"], r["after"]["database"]) == ("SRV02", f"MAGAZA{YEAR}") for r in rows)
    code, results, err = cli("test", "--site", str(site), "--year", str(YEAR), capsys=capsys)
    assert code == 0 and all(r["ok"] for r in results), results

    code, _, err = cli("undo", "--site", str(site), capsys=capsys)
    assert code == 0, err
    _, now, _ = cli("inspect", "--site", str(site), capsys=capsys)
    assert {(r["server"], r["database"]) for r in settings_by_key(now).values()} == {("SRV01", f"MAGAZA{YEAR - 1}")}

    code, out, err = cli("apply", *args[:6], "--server", "SRV02", "--database", f"MAGAZA{YEAR}", "--yes", capsys=capsys)
    assert code == 0 and out["after"]["server"] == "SRV02", err
    assert f"{mariadb.password}" not in json.dumps(out) + err
