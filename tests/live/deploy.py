"""Lay a sandbox scenario on a live server: the same customers as on SQLite, reached through pyodbc."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from konnektor_kit.data.fixtures import write_tables
from konnektor_kit.data.odbc import open_odbc
from konnektor_kit.data.store import SettingsStore
from konnektor_kit.env import SITE_FILE
from konnektor_kit.training.sandbox import (
    MARKER,
    build_scenario,
    ignore_section,
    own_database_section,
    scenario_record,
)
from konnektor_kit.training.scenarios import SERVER

from .servers import LiveServer

KONNEKTOR_DB = "EFINANS"
PASSWORD_ENV = "KIT_LIVE_PWD"


def site_text(
    server: LiveServer, name: str, login_timeout: float = 5, extra: str = "", servers: tuple[str, ...] = (SERVER,)
) -> str:
    """A customer's site file: the password is an ${ENV} reference, never written down. Every server name
    of a scenario is this one live server (a scenario's second server holds its databases here too)."""
    odbc = server.odbc(password="${" + PASSWORD_ENV + "}")
    sections = "".join(f'[servers."{name}"]\nodbc = {json.dumps(odbc)}\n\n' for name in servers)
    return (
        f"name = {json.dumps(name, ensure_ascii=False)}\nlogin_timeout = {login_timeout}\n\n"
        f"[konnektor]\nodbc = {json.dumps(odbc + ';Database=' + KONNEKTOR_DB)}\n\n"
        f"{sections}{extra}"
    )


def write_databases(sc: Any, home: Callable[[str], LiveServer], konnektor: LiveServer) -> None:
    """Every database of the scenario on the server `home` names for it, emptied first, and the
    Konnektör's settings database on `konnektor`."""
    servers = {id(konnektor): konnektor} | {id(home(spec.name)): home(spec.name) for spec in sc.databases}
    for server in servers.values():
        server.drop_all()
    for spec in sc.databases:
        server = home(spec.name)
        server.create_database(spec.name)
        conn = open_odbc(server.odbc(), spec.name, 5)
        try:
            write_tables(conn, spec)
        finally:
            conn.close()
    konnektor.create_database(KONNEKTOR_DB)
    conn = open_odbc(konnektor.odbc(), KONNEKTOR_DB, 5)
    try:
        store = SettingsStore(conn)
        store.create_schema()
        for setting in sc.settings:
            store.insert(setting)
        conn.commit()
    finally:
        conn.close()


def deploy_scenario(server: LiveServer, scenario: str, folder: Path, year: int) -> Path:
    """Every database of the scenario and the Konnektör's settings database; returns the site file."""
    sc = build_scenario(scenario, year)
    write_databases(sc, lambda name: server, server)
    folder.mkdir(parents=True, exist_ok=True)
    site = folder / SITE_FILE
    extra = ignore_section(sc) + own_database_section(sc)
    site.write_text(site_text(server, sc.site_name, extra=extra, servers=tuple(sc.servers)), encoding="utf-8")
    (folder / MARKER).write_text(json.dumps(scenario_record(sc), ensure_ascii=False), encoding="utf-8")
    return site
