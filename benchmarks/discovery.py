"""Discovery on a big server: the kit's catalog approach against a naive per-database probe.

Starts throwaway PostgreSQL and MariaDB servers (as the live tests do), lays down N databases named
like yearly company databases plus a LOGO main database with 200 firms × 10 periods, then times, in
one run and on the same server:
  - "Veri tabanı Ara": the kit (one catalog query, then the best 3 opened) against opening every
    database to look for the program's tables and count the year's invoices;
  - "Firma/Dönem Ara": the kit (the L_CAPIFIRM/L_CAPIPERIOD catalog) against asking every firm/period's
    invoice table for its dates.
Prints a table and the ratios. Run: .venv/bin/python benchmarks/discovery.py [--databases 1000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from konnektor_kit.data.catalog import ServerCatalog
from konnektor_kit.data.odbc import OdbcServer, open_odbc
from konnektor_kit.data.site import ServerConfig
from konnektor_kit.domain.catalog import Transition
from konnektor_kit.domain.programs import PROFILES
from konnektor_kit.domain.settings import ModuleSetting
from tests.live.servers import LiveServer, start_mariadb, start_postgres, stop_mariadb, stop_postgres

YEAR = 2026
FIRMS, PERIODS = 200, 10
CURRENT = f"MUSTERI{YEAR - 1}"
TARGET = f"MUSTERI{YEAR}"


def yearly_names(count: int) -> list[str]:
    """Company databases across years, the customer's own among them, like a hosting provider's server."""
    names = [CURRENT, TARGET, f"{TARGET}_YEDEK"]
    i = 0
    while len(names) < count:
        names.append(f"FIRMA{i // 8:03d}_{YEAR - 7 + i % 8}")
        i += 1
    return names


def build(server: LiveServer, count: int) -> None:
    invoice = 'CREATE TABLE {q}FATURA{q} ({q}NO{q} VARCHAR(20), {q}TARIH{q} DATE)'
    if server.kind == "postgresql":
        # Every new database is copied from template1: put the program's table there once.
        with server.admin("template1") as conn:
            conn.execute(invoice.format(q='"'))
        for name in yearly_names(count):
            server.create_database(name)
    else:
        with server.admin() as conn:
            for name in yearly_names(count):
                conn.execute(f"CREATE DATABASE `{name}`")
                conn.execute(f"CREATE TABLE `{name}`.`FATURA` (`NO` VARCHAR(20), `TARIH` DATE)")
    for name, year in ((CURRENT, YEAR - 1), (TARGET, YEAR)):
        with server.admin(name) as conn:
            conn.execute(f"INSERT INTO {server.quote('FATURA')} VALUES ('A1', '{year}-03-01'), ('A2', '{year}-04-01')")
    server.create_database("LOGODB")
    q = server.quote
    with server.admin("LOGODB") as conn:
        conn.execute(f"CREATE TABLE {q('L_CAPIFIRM')} ({q('NR')} INTEGER, {q('NAME')} VARCHAR(100), {q('DBNAME')} VARCHAR(100))")
        conn.execute(f"CREATE TABLE {q('L_CAPIPERIOD')} ({q('FIRMNR')} INTEGER, {q('NR')} INTEGER, "
                     f"{q('BEGDATE')} DATE, {q('ENDDATE')} DATE)")
        conn.execute(f"INSERT INTO {q('L_CAPIFIRM')} VALUES " +
                     ", ".join(f"({f}, 'FIRMA {f}', '')" for f in range(1, FIRMS + 1)))
        conn.execute(f"INSERT INTO {q('L_CAPIPERIOD')} VALUES " + ", ".join(
            f"({f}, {p}, '{YEAR - PERIODS + p}-01-01', '{YEAR - PERIODS + p}-12-31')"
            for f in range(1, FIRMS + 1) for p in range(1, PERIODS + 1)))
        statements = []
        for f in range(1, FIRMS + 1):
            statements.append(f"CREATE TABLE {q(f'LG_{f:03d}_CLCARD')} ({q('LOGICALREF')} INTEGER)")
            for p in range(1, PERIODS + 1):
                for table in ("INVOICE", "STFICHE"):
                    statements.append(f"CREATE TABLE {q(f'LG_{f:03d}_{p:02d}_{table}')} "
                                      f"({q('LOGICALREF')} INTEGER, {q('DATE_')} DATE)")
                statements.append(f"INSERT INTO {q(f'LG_{f:03d}_{p:02d}_INVOICE')} VALUES (1, '{YEAR - PERIODS + p}-06-01')")
        for i in range(0, len(statements), 200):
            if server.kind == "postgresql":
                conn.execute(";".join(statements[i:i + 200]))
            else:
                for statement in statements[i:i + 200]:
                    conn.execute(statement)


def setting(database: str, program: str, firm: str | None = None, period: str | None = None) -> ModuleSetting:
    return ModuleSetting("e-Fatura", "", program, "SRV01", database, firm, period, 1)


def kit_database_search(config: ServerConfig) -> tuple[str, int]:
    with ServerCatalog(OdbcServer(config)) as catalog:
        decision = PROFILES["GENERIC"].decide(setting(CURRENT, "GENERIC"), Transition.of(YEAR), catalog)
        assert decision.target is not None and decision.target.database == TARGET, decision.reason
        return decision.target.database, catalog.queries


def naive_database_search(config: ServerConfig) -> tuple[str, int]:
    """What a script without a catalog does: open each database, look for the table, count the year."""
    server = OdbcServer(config)
    best, queries = None, 0
    for database in server.databases():
        queries += 1
        conn = open_odbc(config.odbc or "", database, 5)
        try:
            tables = {str(r[0]) for r in conn.query(conn.dialect.list_tables)}
            queries += 1
            if "FATURA" not in tables:
                continue
            count = conn.scalar(conn.dialect.count("FATURA", "TARIH"), (date(YEAR, 1, 1), date(YEAR + 1, 1, 1)))
            queries += 1
            if count and database.startswith("MUSTERI") and (best is None or len(database) < len(best)):
                best = database
        finally:
            conn.close()
    server.close()
    assert best == TARGET
    return best, queries


def kit_firm_period_search(config: ServerConfig) -> tuple[str, int]:
    with ServerCatalog(OdbcServer(config)) as catalog:
        decision = PROFILES["LOGO"].decide(setting("LOGODB", "LOGO", "100", f"{PERIODS - 1:02d}"), Transition.of(YEAR), catalog)
        assert decision.target is not None and decision.target.period == f"{PERIODS:02d}", decision.reason
        return f"{decision.target.firm}/{decision.target.period}", catalog.queries


def naive_firm_period_search(config: ServerConfig) -> tuple[str, int]:
    """Probe every firm/period's invoice table for its dates, 2,000 queries on one connection."""
    conn = open_odbc(config.odbc or "", "LOGODB", 5)
    found, queries = None, 0
    try:
        for f in range(1, FIRMS + 1):
            for p in range(1, PERIODS + 1):
                day = conn.scalar(conn.dialect.max_of(f"LG_{f:03d}_{p:02d}_INVOICE", "DATE_"))
                queries += 1
                if f == 100 and day is not None and str(day)[:4] == str(YEAR):
                    found = f"{f:03d}/{p:02d}"
    finally:
        conn.close()
    assert found == f"100/{PERIODS:02d}"
    return found, queries


def timed(fn, config: ServerConfig, repeat: int) -> tuple[float, int]:
    seconds, queries = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        _, queries = fn(config)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), queries


def run(kind: str, count: int, repeat: int) -> list[tuple[str, str, float, int, float, int]]:
    server, proc = (start_postgres(), None) if kind == "postgresql" else start_mariadb()
    try:
        started = time.perf_counter()
        build(server, count)
        print(f"{kind}: {count} databases and a LOGO catalog of {FIRMS}×{PERIODS} built in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        config = ServerConfig("SRV01", odbc=server.odbc(), login_timeout=5)
        rows = []
        for what, kit, naive in (("Veri tabanı Ara", kit_database_search, naive_database_search),
                                 ("Firma/Dönem Ara", kit_firm_period_search, naive_firm_period_search)):
            k_s, k_q = timed(kit, config, repeat)
            n_s, n_q = timed(naive, config, 1 if what == "Veri tabanı Ara" else repeat)
            rows.append((kind, what, k_s, k_q, n_s, n_q))
        return rows
    finally:
        if kind == "postgresql":
            stop_postgres(server)
        else:
            stop_mariadb(server, proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--servers", default="postgresql,mariadb")
    args = parser.parse_args()
    rows = []
    for kind in args.servers.split(","):
        rows += run(kind, args.databases, args.repeat)
    print(f"\n{'server':<11} {'search':<16} {'kit s':>8} {'kit q':>6} {'naive s':>9} {'naive q':>8} {'faster':>8}")
    for kind, what, k_s, k_q, n_s, n_q in rows:
        print(f"{kind:<11} {what:<16} {k_s:>8.3f} {k_q:>6} {n_s:>9.3f} {n_q:>8} {n_s / k_s:>7.0f}×")


if __name__ == "__main__":
    main()
