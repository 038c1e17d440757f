"""Discovery on a big server: the kit's catalog approach against a naive per-database probe.

Starts throwaway PostgreSQL and MariaDB servers (as the live tests do), lays down N databases named
like yearly company databases plus a LOGO main database with 200 firms × 10 periods, then times, in
one run and on the same server:
  - "Veri tabanı Ara": the kit (one catalog query, then the best 3 opened) against opening every
    database to look for the program's tables and count the year's invoices;
  - "Firma/Dönem Ara": the kit (the L_CAPIFIRM/L_CAPIPERIOD catalog) against asking every firm/period's
    invoice table for its dates.
Prints a table and the ratios. Run: .venv/bin/python benchmarks/discovery.py [--databases 1000]

`--rtt 20` (or `--rtt 0,20`) runs the same comparison through benchmarks/delay_proxy.py, a TCP proxy
that delays each direction by rtt/2 ms and each new connection by the handshake's extra round trip, as
a VPN to a customer's server does; both the kit's and the naive probe's connection strings go through
it. Over a slow link the naive probe takes minutes: `--naive-sample K` times it on K databases and K
firm/period tables (the fixed part, listing or connecting, in full) and extrapolates linearly.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.delay_proxy import DelayProxy
from konnektor_kit.data.catalog import ServerCatalog
from konnektor_kit.data.odbc import OdbcServer, open_odbc
from konnektor_kit.data.site import ServerConfig
from konnektor_kit.domain.programs import PROFILES
from konnektor_kit.domain.settings import ModuleSetting
from konnektor_kit.domain.transition import Transition
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
    invoice = "CREATE TABLE {q}FATURA{q} ({q}NO{q} VARCHAR(20), {q}TARIH{q} DATE)"
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
        conn.execute(
            f"CREATE TABLE {q('L_CAPIFIRM')} ({q('NR')} INTEGER, {q('NAME')} VARCHAR(100), {q('DBNAME')} VARCHAR(100))"
        )
        conn.execute(
            f"CREATE TABLE {q('L_CAPIPERIOD')} ({q('FIRMNR')} INTEGER, {q('NR')} INTEGER, "
            f"{q('BEGDATE')} DATE, {q('ENDDATE')} DATE)"
        )
        conn.execute(
            f"INSERT INTO {q('L_CAPIFIRM')} VALUES " + ", ".join(f"({f}, 'FIRMA {f}', '')" for f in range(1, FIRMS + 1))
        )
        conn.execute(
            f"INSERT INTO {q('L_CAPIPERIOD')} VALUES "
            + ", ".join(
                f"({f}, {p}, '{YEAR - PERIODS + p}-01-01', '{YEAR - PERIODS + p}-12-31')"
                for f in range(1, FIRMS + 1)
                for p in range(1, PERIODS + 1)
            )
        )
        statements = []
        for f in range(1, FIRMS + 1):
            statements.append(f"CREATE TABLE {q(f'LG_{f:03d}_CLCARD')} ({q('LOGICALREF')} INTEGER)")
            for p in range(1, PERIODS + 1):
                for table in ("INVOICE", "STFICHE"):
                    statements.append(
                        f"CREATE TABLE {q(f'LG_{f:03d}_{p:02d}_{table}')} "
                        f"({q('LOGICALREF')} INTEGER, {q('DATE_')} DATE)"
                    )
                statements.append(
                    f"INSERT INTO {q(f'LG_{f:03d}_{p:02d}_INVOICE')} VALUES (1, '{YEAR - PERIODS + p}-06-01')"
                )
        for i in range(0, len(statements), 200):
            if server.kind == "postgresql":
                conn.execute(";".join(statements[i : i + 200]))
            else:
                for statement in statements[i : i + 200]:
                    conn.execute(statement)


def setting(database: str, program: str, firm: str | None = None, period: str | None = None) -> ModuleSetting:
    return ModuleSetting("e-Fatura", "", program, "SRV01", database, firm, period, 1)


def kit_database_search(config: ServerConfig) -> tuple[float, int]:
    started = time.perf_counter()
    with ServerCatalog(OdbcServer(config)) as catalog:
        decision = PROFILES["GENERIC"].decide(setting(CURRENT, "GENERIC"), Transition.of(YEAR), catalog)
        assert decision.target is not None and decision.target.database == TARGET, decision.reason
        queries = catalog.queries
    return time.perf_counter() - started, queries


def spread(items: list, sample: int, keep, shift: float = 0.0) -> list:
    """`sample` items evenly spread over `items` (all when 0 or more than there are), `keep` among them.

    `shift` (0 to 1) moves the picks within their strides: repeated runs then probe other databases,
    cold ones as in a full pass, not the ones the server has just cached (MariaDB's table cache is
    server-wide: a repeated sample comes out 15-25 % faster than a full pass)."""
    if not sample or sample >= len(items):
        return list(items)
    step = len(items) / sample
    chosen = [items[int((i + shift) * step)] for i in range(sample)]
    if keep not in chosen:
        chosen[-1] = keep
    return [x for x in items if x in chosen]


def naive_database_search(config: ServerConfig, sample: int = 0, shift: float = 0.0) -> tuple[float, int]:
    """What a script without a catalog does: open each database, look for the table, count the year.

    With `sample`, only that many databases (the target among them) are probed and the time and the
    queries of the per-database part are scaled up to all of them."""
    started = time.perf_counter()
    server = OdbcServer(config)
    best, queries = None, 0
    names = server.databases()
    queries += 1
    fixed = time.perf_counter() - started
    probed = spread(names, sample, TARGET, shift)
    started = time.perf_counter()
    for database in probed:
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
    probing = time.perf_counter() - started
    started = time.perf_counter()
    server.close()
    fixed += time.perf_counter() - started
    assert best == TARGET
    scale = len(names) / len(probed)
    return fixed + probing * scale, 1 + round((queries - 1) * scale)


def kit_firm_period_search(config: ServerConfig) -> tuple[float, int]:
    started = time.perf_counter()
    with ServerCatalog(OdbcServer(config)) as catalog:
        decision = PROFILES["LOGO"].decide(
            setting("LOGODB", "LOGO", "100", f"{PERIODS - 1:02d}"), Transition.of(YEAR), catalog
        )
        assert decision.target is not None and decision.target.period == f"{PERIODS:02d}", decision.reason
        queries = catalog.queries
    return time.perf_counter() - started, queries


def naive_firm_period_search(config: ServerConfig, sample: int = 0, shift: float = 0.0) -> tuple[float, int]:
    """Probe every firm/period's invoice table for its dates, 2,000 queries on one connection
    (with `sample`, that many of them, firm 100's last period among them, scaled up to 2,000)."""
    started = time.perf_counter()
    conn = open_odbc(config.odbc or "", "LOGODB", 5)
    fixed = time.perf_counter() - started
    pairs = spread([(f, p) for f in range(1, FIRMS + 1) for p in range(1, PERIODS + 1)], sample, (100, PERIODS), shift)
    found, queries = None, 0
    try:
        started = time.perf_counter()
        for f, p in pairs:
            day = conn.scalar(conn.dialect.max_of(f"LG_{f:03d}_{p:02d}_INVOICE", "DATE_"))
            queries += 1
            if f == 100 and day is not None and str(day)[:4] == str(YEAR):
                found = f"{f:03d}/{p:02d}"
        probing = time.perf_counter() - started
    finally:
        started = time.perf_counter()
        conn.close()
        fixed += time.perf_counter() - started
    assert found == f"100/{PERIODS:02d}"
    scale = FIRMS * PERIODS / len(pairs)
    return fixed + probing * scale, round(queries * scale)


def timed(fn, config: ServerConfig, repeat: int, **kw) -> tuple[float, int]:
    """Median seconds of `repeat` runs; a sampled naive probe samples other databases each run."""
    seconds, queries = [], 0
    for run in range(repeat):
        s, queries = fn(config, **kw, **({"shift": run / repeat} if kw.get("sample") else {}))
        seconds.append(s)
    return statistics.median(seconds), queries


# server, search, rtt, kit s, kit queries, naive s, naive queries, naive runs, naive extrapolated
Row = tuple[str, str, float, float, int, float, int, int, bool]


def run(kind: str, count: int, repeat: int, rtts: list[float], sample: int) -> list[Row]:
    server, proc = (start_postgres(), None) if kind == "postgresql" else start_mariadb()
    try:
        started = time.perf_counter()
        build(server, count)
        print(
            f"{kind}: {count} databases and a LOGO catalog of {FIRMS}×{PERIODS} built in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        rows: list[Row] = []
        for rtt in rtts:
            with contextlib.ExitStack() as stack:
                port = None
                if rtt > 0:
                    proxy = stack.enter_context(DelayProxy("127.0.0.1", server.port, rtt / 2))
                    port = proxy.port
                config = ServerConfig("SRV01", odbc=server.odbc(port=port), login_timeout=5)
                for what, kit, naive in (
                    ("Veri tabanı Ara", kit_database_search, naive_database_search),
                    ("Firma/Dönem Ara", kit_firm_period_search, naive_firm_period_search),
                ):
                    started = time.perf_counter()
                    k_s, k_q = timed(kit, config, repeat)
                    # The full naive database search is long even on loopback: one run, as before.
                    runs = repeat if sample or what == "Firma/Dönem Ara" else 1
                    n_s, n_q = timed(naive, config, runs, sample=sample)
                    rows.append((kind, what, rtt, k_s, k_q, n_s, n_q, runs, bool(sample)))
                    print(
                        f"  {kind} rtt {rtt:g} ms, {what}: kit {k_s:.3f} s, naive {n_s:.3f} s"
                        f"{' (extrapolated)' if sample else ''}; measured in {time.perf_counter() - started:.0f} s",
                        flush=True,
                    )
        return rows
    finally:
        if kind == "postgresql":
            stop_postgres(server)
        else:
            stop_mariadb(server, proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="medians of this many runs")
    parser.add_argument("--servers", default="postgresql,mariadb")
    parser.add_argument(
        "--rtt",
        default="0",
        metavar="MS",
        help="round trip in ms through a delaying proxy (0: direct); a list like 0,20 runs each",
    )
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=0,
        metavar="K",
        help="time the naive probe on K databases / K firm-period tables and extrapolate",
    )
    args = parser.parse_args()
    rtts = [float(x) for x in args.rtt.split(",")]
    rows: list[Row] = []
    for kind in args.servers.split(","):
        rows += run(kind, args.databases, args.repeat, rtts, args.naive_sample)
    print(
        f"\n{'server':<11} {'search':<16} {'rtt ms':>6} {'kit s':>8} {'kit q':>6} {'naive s':>10} {'naive q':>8} "
        f"{'ratio':>7}"
    )
    for kind, what, rtt, k_s, k_q, n_s, n_q, _runs, sampled in rows:
        mark = "*" if sampled else " "
        print(
            f"{kind:<11} {what:<16} {rtt:>6g} {k_s:>8.3f} {k_q:>6} {n_s:>9.3f}{mark} {n_q:>7}{mark} {n_s / k_s:>6.0f}×"
        )
    print(
        f"\nkit: median of {args.repeat} runs; naive: median of {args.repeat} runs"
        + ("" if args.naive_sample else " (Veri tabanı Ara: 1 run)")
        + "; ratio = naive s / kit s."
    )
    if args.naive_sample:
        print(
            f"* extrapolated linearly from {args.naive_sample} of the ~{args.databases} databases and "
            f"{args.naive_sample} of the {FIRMS * PERIODS} firm/period tables "
            "(listing and connecting timed in full)."
        )
    if any(r > 0 for r in rtts):
        print(
            "rtt > 0: through benchmarks/delay_proxy.py, each direction delayed rtt/2, "
            "a new connection's handshake one extra round trip."
        )


if __name__ == "__main__":
    main()
