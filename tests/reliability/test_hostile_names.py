"""Campaign 4: branch names (SUBE) and database names that SQL, ODBC strings, file URIs, HTML or a terminal
could take for something else — inspect, discover, test, new-year, history, undo and apply carry each
one exactly, byte for byte, on SQLite, PostgreSQL and MariaDB.

Each hostile branch gets an e-Fatura setting on a GENERIC database-per-year pair named with a hostile
stem (`<stem>2025` → `<stem>2026`), next to the scenario's own twelve rows. A server that cannot hold a
database name at all (MariaDB: no trailing space, nothing outside the BMP; PostgreSQL: 63 bytes) gets a
plain database for that branch and the tally says so; the branch name itself is always kept.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest

from konnektor_kit.cli import run
from konnektor_kit.data.connect import Connection
from konnektor_kit.data.dialects import MARIADB, SQLITE
from konnektor_kit.data.fixtures import DatabaseSpec, write_tables
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.training.scenarios import per_year_db
from tests.conftest import YEAR

from .tally import count, note

LAST = YEAR - 1

#: (what it tests, branch, database stem); the database is stem + year, unless the stem has "{year}"
HOSTILE = [
    ("single quote", "O'Brien Şube", "O'Brien_"),
    ("double quote", '"Çift" Tırnak', 'Çift"Tırnak_'),
    ("brackets", "Köşeli]Parantez[", "Köşeli]Parantez[_"),
    ("backtick", "Ters`Tırnak`", "Ters`Tırnak_"),
    ("semicolon, SQL", "Nokta;Virgül'); DROP TABLE KONNEKTOR_MODUL_AYAR;--", "Nokta;Virgül;DROP_"),
    ("percent, underscore", "Yüzde%_Alt_Çizgi", "Yüzde%_"),
    ("Turkish letters", "İĞÜŞÖÇ ığüşöç", "İĞÜŞÖÇığüşöç_"),
    ("emoji", "Emoji 🚀🇹🇷 Şube", "Emoji🚀_"),
    ("trailing spaces", "Sonda Boşluk   ", "Sonda Boşluk {year}  "),
    ("leading spaces", "   Başta Boşluk", "  Başta_"),
    ("HTML", "<script>alert('x')</script>", "<script>_"),
    ("64 characters", "Uzun-" + "ŞĞÜİÖÇ" * 9 + "sonu!", "L" * 60),
    ("control characters", "Kontrol\x01\x07\x1b[31m\x7f Şube", "Kontrol\x01\x1b_"),
    ("backslash", "Ters\\Bölü\\", "Ters\\Bölü_"),
    ("braces", "{Süslü}} Parantez{", "{Süslü}}Parantez{_"),
    ("equals", "Eşittir=Değer;x=y", "Eşit=Değer_"),
    ("hash", "#Diyez #1", "#Diyez_"),
    ("URI characters", "Yüzde%20Boşluk?mode=ro#x", "Yüzde%20?mode=ro#x_"),
    ("dot, slash", "Eğik/Çizgi.Şube", "Nokta.Şube_"),
    ("NULL", "NULL", "NULL_"),
]
assert len(HOSTILE[11][1]) == 64 and len(HOSTILE[11][2]) + 4 == 64


def database(stem: str, year: int) -> str:
    return stem.replace("{year}", str(year)) if "{year}" in stem else f"{stem}{year}"


def setting(branch: str, db: str) -> ModuleSetting:
    return ModuleSetting("e-Fatura", branch, "GENERIC", "SRV01", db, None, None, 1, f"{LAST}-01-04 09:30:00")


def year_spec(name: str, year: int) -> DatabaseSpec:
    spec = DatabaseSpec(name)
    per_year_db(spec, year, 40, random.Random(name), None)
    return spec


# ---- laying the names down ------------------------------------------------------------------
def lay_on_sqlite(site: Path) -> dict[str, str]:
    """Database files named after the hostile stems and the settings rows; branch → database stem."""
    from konnektor_kit.data.connect import open_sqlite
    from konnektor_kit.data.store import SettingsStore

    folder = site.parent / "databases"
    stems = {}
    for _, branch, stem in HOSTILE:
        for year in (LAST, YEAR):
            raw = sqlite3.connect(folder / f"{database(stem, year)}.sqlite", isolation_level=None)
            conn = Connection(raw, SQLITE, stem)
            raw.execute("BEGIN")
            write_tables(conn, year_spec(database(stem, year), year))
            conn.close()
        stems[branch] = stem
    conn = open_sqlite(site.parent / "konnektor.sqlite", server="k", database="k", write=True)
    try:
        store = SettingsStore(conn)
        for branch, stem in stems.items():
            store.insert(setting(branch, database(stem, LAST)))
        conn.commit()
    finally:
        conn.close()
    return stems


def _pg_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _maria_quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def lay_on_server(server, site: Path) -> tuple[dict[str, str], list[str]]:
    """The same on a live server, made without the kit's own quoting (templates on PostgreSQL, qualified
    names on MariaDB), so a quoting fault of the kit cannot hide behind the set-up."""
    from konnektor_kit.data.store import SettingsStore
    from tests.live.deploy import KONNEKTOR_DB

    from .states import kit_connection

    stems, refused = {}, []
    with server.admin() as admin:
        if server.kind == "mariadb":  # as the kit does: Connector/ODBC loses letters of UTF-16 text
            import pyodbc

            admin.setdecoding(pyodbc.SQL_CHAR, encoding="utf-8")
            admin.setdecoding(pyodbc.SQL_WCHAR, encoding="utf-8")
            admin.setencoding(encoding="utf-8")
        if server.kind == "postgresql":
            for year in (LAST, YEAR):
                admin.execute(f'CREATE DATABASE "hostile_template_{year}"')
                conn = kit_connection(server, f"hostile_template_{year}")
                write_tables(conn, year_spec("template", year))
                conn.close()
        for i, (label, branch, stem) in enumerate(HOSTILE):
            try:
                for year in (LAST, YEAR):
                    name = database(stem, year)
                    if server.kind == "postgresql":
                        if len(name.encode()) > 63:
                            raise ValueError("longer than 63 bytes")
                        admin.execute(f'CREATE DATABASE {_pg_quote(name)} TEMPLATE "hostile_template_{year}"')
                    else:
                        admin.execute(f"CREATE DATABASE {_maria_quote(name)}")
                        admin.execute(f"USE {_maria_quote(name)}")
                        write_tables(Connection(admin, MARIADB, name), year_spec(name, year))
                listed = (
                    set(server.databases())
                    if server.kind == "postgresql"
                    else {r[0] for r in admin.execute("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA").fetchall()}
                )
                if not {database(stem, LAST), database(stem, YEAR)} <= listed:
                    raise ValueError("the server keeps the name otherwise")
                stems[branch] = stem
            except Exception as exc:  # noqa: BLE001 - the server's own limit on names, not the kit's
                refused.append(f"{label}: {str(exc)[:80]}")
                plain = f"HOSTILE_PLAIN_{i:02d}_"
                for year in (LAST, YEAR):
                    if server.kind == "postgresql":
                        admin.execute(f'CREATE DATABASE "{plain}{year}" TEMPLATE "hostile_template_{year}"')
                    else:
                        admin.execute(f"CREATE DATABASE `{plain}{year}`")
                        admin.execute(f"USE `{plain}{year}`")
                        write_tables(Connection(admin, MARIADB, plain), year_spec(plain, year))
                stems[branch] = plain
    conn = kit_connection(server, KONNEKTOR_DB)
    try:
        store = SettingsStore(conn)
        for branch, stem in stems.items():
            store.insert(setting(branch, database(stem, LAST)))
        conn.commit()
    finally:
        conn.close()
    return stems, refused


# ---- the round trip -------------------------------------------------------------------------
def cli(capsys, *argv: str, as_json: bool = True) -> tuple[int, object, str, str]:
    capsys.readouterr()
    code = run([*argv, "--json"] if as_json else list(argv))
    out, err = capsys.readouterr()
    payload = json.loads(out) if as_json and out.strip() else None
    return code, payload, out, err


def row_of(rows, branch: str) -> dict | None:
    found = [r for r in rows if r["module"] == "e-Fatura" and r["branch"] == branch]
    return found[0] if len(found) == 1 else None


def round_trip(site: Path, stems: dict[str, str], campaign: str, capsys) -> dict[str, list[str]]:
    """Every verb on every hostile name; the failures, by name ("*" for a verb that failed as a whole).

    A name whose databases cannot even be discovered is taken out of the settings after discovery, so
    that the one transaction of new-year can still carry (and be checked on) all the others."""
    s = str(site)
    bad: dict[str, list[str]] = {}

    def expect(ok: bool, name: str, what: str) -> None:
        if not ok:
            bad.setdefault(name, []).append(what)

    def settings() -> list[dict]:
        code, rows, _, err = cli(capsys, "inspect", "--site", s)
        assert code == 0, err
        return rows

    def where(rows, branch, year, version) -> bool:
        row = row_of(rows, branch)
        return (
            row is not None
            and row["database"] == database(stems[branch], year)
            and row["version"] == version
            and row["branch"].encode() == branch.encode()
        )

    rows = settings()
    for branch in stems:
        expect(where(rows, branch, LAST, 1), branch, "inspect")
    os.environ["COLUMNS"] = "1000"  # a terminal wide enough for every name on one line (120 wraps them)
    try:
        code, _, out, err = cli(capsys, "inspect", "--site", s, as_json=False)
    finally:
        del os.environ["COLUMNS"]
    expect(code == 0, "*", f"inspect as text: exit {code} {err[:200]}")
    for branch in stems:
        expect(branch in out, branch, "inspect as text does not show it")
    for branch, stem in stems.items():
        code, found, _, err = cli(
            capsys, "discover", "--site", s, "--module", "e-Fatura", "--branch", branch, "--year", str(YEAR)
        )
        expect(
            code == 0 and isinstance(found, list) and found and found[0]["database"] == database(stem, YEAR),
            branch,
            f"discover: exit {code} {err[:240]} {found[:1] if isinstance(found, list) else ''}",
        )
    unreachable = [b for b in stems if b in bad]
    if unreachable:
        from konnektor_kit.services.workspace import open_workspace

        with open_workspace(site) as ws:
            q = ws.store.conn.dialect.quote
            for branch in unreachable:
                ws.store.conn.execute(
                    f"DELETE FROM {q('KONNEKTOR_MODUL_AYAR')} WHERE {q('MODUL')} = ? AND {q('SUBE')} = ?",
                    ("e-Fatura", branch),
                )
            ws.store.conn.commit()
    rest = {b: st for b, st in stems.items() if b not in unreachable}
    code, plan, _, err = cli(capsys, "new-year", "--site", s, "--year", str(YEAR), "--yes")
    expect(code == 0, "*", f"new-year: exit {code} {err[:300]}")
    for branch, stem in rest.items():
        row = row_of(plan if isinstance(plan, list) else [], branch)
        expect(row is not None and row["after"]["database"] == database(stem, YEAR), branch, "new-year's plan")
    rows = settings()
    for branch in rest:
        expect(where(rows, branch, YEAR, 2), branch, "after new-year")
    code, history, _, err = cli(capsys, "history", "--site", s)
    last = history[-1] if code == 0 and history else {"rows": []}
    recorded = {r["before"]["branch"]: (r["before"]["database"], r["after"]["database"]) for r in last["rows"]}
    for branch, stem in rest.items():
        expect(recorded.get(branch) == (database(stem, LAST), database(stem, YEAR)), branch, "history")
    code, _, _, err = cli(capsys, "undo", "--site", s)
    expect(code == 0, "*", f"undo: exit {code} {err[:300]}")
    rows = settings()
    for branch in rest:
        expect(where(rows, branch, LAST, 3), branch, "after undo")
    for branch, stem in rest.items():
        code, done, _, err = cli(
            capsys,
            "apply",
            "--site",
            s,
            "--module",
            "e-Fatura",
            "--branch",
            branch,
            "--database",
            database(stem, YEAR),
            "--yes",
        )
        expect(
            code == 0 and done["after"]["database"] == database(stem, YEAR) and done["after"]["branch"] == branch,
            branch,
            f"apply: exit {code} {err[:300]}",
        )
        code, results, _, err = cli(
            capsys, "test", "--site", s, "--module", "e-Fatura", "--branch", branch, "--year", str(YEAR)
        )
        expect(
            code == 0 and isinstance(results, list) and [r["branch"] for r in results] == [branch],
            branch,
            f"test: exit {code} {err[:300]}",
        )
    rows = settings()
    for branch in rest:
        expect(where(rows, branch, YEAR, 4), branch, "after apply")
    count(campaign, "names", len(stems))
    count(campaign, "round-trip failures", len([b for b in bad if b != "*"]))
    if "*" in bad:
        count(campaign, "verbs failed as a whole", len(bad["*"]))
    return bad


def test_hostile_names_on_sqlite(make_site, capsys):
    site = make_site("new-year")
    stems = lay_on_sqlite(site)
    bad = round_trip(site, stems, "hostile names sqlite", capsys)
    assert not bad, bad


@pytest.mark.live
def test_hostile_names_on_a_live_server(server, tmp_path, capsys, monkeypatch):
    from tests.live.deploy import PASSWORD_ENV, deploy_scenario

    monkeypatch.setenv(PASSWORD_ENV, server.password)
    site = deploy_scenario(server, "new-year", tmp_path / server.kind, YEAR)
    try:
        stems, refused = lay_on_server(server, site)
        campaign = f"hostile names {server.kind}"
        note(campaign, "database names the server refuses", len(refused))
        bad = round_trip(site, stems, campaign, capsys)
    finally:
        drop_everything(server)
    assert not bad, summary(bad, refused)


def summary(bad: dict[str, list[str]], refused: list[str]) -> str:
    lines = [f"{len([b for b in bad if b != '*'])} name(s) do not round-trip:"]
    lines += [
        f"  {name!r}: {problems[0][:260]}" + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
        for name, problems in bad.items()
    ]
    if refused:
        lines.append(f"(the server itself refuses, a plain database was used: {refused})")
    return "\n".join(lines)


#: database names the server holds and its ODBC driver can be given verbatim ("Database=a=b" works
#: with psqlODBC; "Database={a=b}" asks for a database named "{a=b}")
DRIVER_NAMES = ["a=b", " lead", "trail ", "x{y}z", "}close", "semi;colon"]


@pytest.mark.live
def test_the_kit_opens_every_database_name_the_server_holds(server):
    """The kit's own connection to a database whose name the connection string must carry: braced
    (`quote_value`) where it holds `;{}=` or outer spaces — which psqlODBC does not unbrace."""
    from konnektor_kit.data.odbc import open_odbc

    quote = _pg_quote if server.kind == "postgresql" else _maria_quote
    current = "SELECT current_database()" if server.kind == "postgresql" else "SELECT DATABASE()"
    failures, refused = [], []
    try:
        with server.admin() as admin:
            for name in DRIVER_NAMES:
                try:
                    admin.execute(f"CREATE DATABASE {quote(name)}")
                except Exception as exc:  # noqa: BLE001 - MariaDB: no trailing spaces in names
                    refused.append(f"{name!r}: {str(exc)[:60]}")
        for name in DRIVER_NAMES:
            if any(r.startswith(repr(name)) for r in refused):
                continue
            count(f"hostile names {server.kind}", "names opened directly")
            try:
                conn = open_odbc(server.odbc(), name, 5)
                try:
                    got = conn.scalar(current)
                finally:
                    conn.close()
                if got != name:
                    failures.append(f"{name!r}: opened {got!r}")
            except Exception as exc:  # noqa: BLE001 - the assertion reports it
                failures.append(f"{name!r}: {str(exc)[:200]}")
    finally:
        drop_everything(server)
    count(f"hostile names {server.kind}", "names the kit cannot open", len(failures))
    assert not failures, failures


def drop_everything(server) -> None:
    """Leave the server as the other live tests expect it: their clean-up quotes names naively."""
    quote = _pg_quote if server.kind == "postgresql" else _maria_quote
    force = " WITH (FORCE)" if server.kind == "postgresql" else ""
    with server.admin() as admin:
        if server.kind == "mariadb":
            import pyodbc

            admin.setdecoding(pyodbc.SQL_CHAR, encoding="utf-8")
            admin.setdecoding(pyodbc.SQL_WCHAR, encoding="utf-8")
            admin.setencoding(encoding="utf-8")
        for name in (
            server.databases()
            if server.kind == "postgresql"
            else [
                r[0]
                for r in admin.execute(
                    "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN "
                    "('information_schema', 'mysql', 'performance_schema', 'sys')"
                ).fetchall()
            ]
        ):
            admin.execute(f"DROP DATABASE {quote(name)}{force}")
