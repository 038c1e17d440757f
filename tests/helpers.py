"""Helpers shared by the test suites: an in-memory catalog reader for per-program rule tests, and the
command-line walks the e2e and live suites both run on a sandbox site."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from konnektor_kit.data.fixtures import DatabaseSpec
from konnektor_kit.domain.reader import Dated, as_date
from konnektor_kit.exceptions import DatabaseMissing
from konnektor_kit.training.sandbox import read_sandbox
from tests.conftest import YEAR, cli, konnektor_digest


@dataclass
class FakeTable:
    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


class FakeCatalog:
    """A `CatalogReader` over plain dicts: {database: {table: FakeTable}}, with the same answers a
    server gives (missing databases raise DatabaseMissing, dates are compared as dates)."""

    server = "FAKE"

    def __init__(self, databases: dict[str, dict[str, FakeTable]], unavailable: dict[str, str] | None = None):
        self.data = databases
        self._unavailable = unavailable or {}

    @classmethod
    def of(cls, specs: Sequence[DatabaseSpec], unavailable: dict[str, str] | None = None) -> FakeCatalog:
        """The databases a scenario (or a test) lays down, held in memory instead of written to a server."""
        return cls(
            {
                db.name: {tb.name: FakeTable([c for c, _ in tb.columns], list(tb.rows)) for tb in db.tables}
                for db in specs
            },
            unavailable,
        )

    def _db(self, database: str) -> dict[str, FakeTable]:
        if database not in self.data:
            raise DatabaseMissing.named(database, self.server)
        return self.data[database]

    def databases(self) -> list[str]:
        return sorted(self.data)

    def has_database(self, database: str) -> bool:
        return database in self.data

    def tables(self, database: str) -> frozenset[str]:
        return frozenset(self._db(database))

    def columns(self, database: str, table: str) -> frozenset[str]:
        return frozenset(self._db(database)[table].columns)

    def rows(self, database: str, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        spec = self._db(database)[table]
        index = [spec.columns.index(c) for c in columns]
        return [tuple(row[i] for i in index) for row in spec.rows]

    def _dates(self, database: str, table: str, column: str) -> list[date]:
        spec = self._db(database)[table]
        i = spec.columns.index(column)
        return [d for row in spec.rows if (d := as_date(row[i])) is not None]

    def count(self, database: str, table: str, dated: Dated | None = None) -> int:
        if dated is None:
            return len(self._db(database)[table].rows)
        date_column, start, end = dated
        return sum(1 for d in self._dates(database, table, date_column) if start <= d <= end)

    def last_date(self, database: str, table: str, column: str) -> date | None:
        return max(self._dates(database, table, column), default=None)

    def first_date(self, database: str, table: str, column: str) -> date | None:
        return min(self._dates(database, table, column), default=None)

    def databases_with_table(self, table: str) -> list[str]:
        return sorted(d for d, tables in self.data.items() if table in tables)

    def unavailable(self) -> dict[str, str]:
        return dict(self._unavailable)


# ---- through the command line (e2e, live) ------------------------------------------------------
def flags(**options: object) -> list[str]:
    """`--name value` for each option given, in that order (`lang` → `--lang`); True is the bare flag,
    None and False leave the option out."""
    argv: list[str] = []
    for name, value in options.items():
        if value is None or value is False:
            continue
        argv.append("--" + name.replace("_", "-"))
        if value is not True:
            argv.append(str(value))
    return argv


def apply_args(
    site: Path | str, *, module: str = "e-Fatura", branch: str | None = "Merkez", yes: bool = True, **fields: object
) -> list[str]:
    """`apply` pointing one module and branch where `fields` say (database, firm, period; lang, json)."""
    return ["apply", "--site", str(site), *flags(module=module, branch=branch, **fields, yes=yes)]


def apply(site: Path | str, capsys, **fields: Any) -> tuple[int, Any, str]:
    """`apply --yes` (unless yes=False) through the CLI: (exit code, the JSON it printed, stderr)."""
    return cli(*apply_args(site, **fields), capsys=capsys)


def discover(
    site: Path | str, capsys, *, module: str = "e-Fatura", branch: str | None = None, year: int = YEAR, **options: Any
) -> list[dict]:
    """`discover` through the CLI for one module (and branch): the candidates, best first; it must succeed."""
    code, candidates, err = cli(
        "discover", "--site", str(site), *flags(module=module, branch=branch, year=year, **options), capsys=capsys
    )
    assert code == 0, err
    return candidates


def sql(site: Path, database: str, *statements: str) -> None:
    conn = sqlite3.connect(Path(site).parent / "databases" / f"{database}.sqlite")
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def new_year_blocked(site: Path, capsys) -> list[dict]:
    digest = konnektor_digest(site)
    code, rows, err = cli("new-year", "--site", str(site), "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 1, err
    assert konnektor_digest(site) == digest
    _, history, _ = cli("history", "--site", str(site), capsys=capsys)
    assert history == []
    return [r for r in rows if not r["ok"]]


def settings_by_key(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return {(r["module"], r["branch"]): r for r in rows}


def walk_scenario(site: str, scenario: str, capsys, fingerprint) -> None:
    """discover → new-year plan → new-year --yes → test → undo, checked against the scenario's answer.

    `fingerprint(site)` must change whenever the Konnektör's settings do: the file's bytes on SQLite,
    the settings and history read back on a server."""
    expected = read_sandbox(site).expected

    code, before, _ = cli("inspect", "--site", site, capsys=capsys)
    assert code == 0 and len(before) == len(expected)
    assert {(r["module"], r["branch"]) for r in before} == set(expected)

    for row in before:
        candidates = discover(site, capsys, module=row["module"], branch=row["branch"])
        assert candidates, f"no candidate for {row['module']}/{row['branch']}"
        assert all(c["reason"] for c in candidates)
        best = candidates[0]
        assert (best["database"], best["firm"], best["period"]) == expected[(row["module"], row["branch"])]

    mark = fingerprint(site)
    code, plan_rows, err = cli("new-year", "--site", site, "--year", str(YEAR), capsys=capsys)
    assert code == 0, err
    assert fingerprint(site) == mark, "a plan must write nothing"
    assert all(r["ok"] for r in plan_rows)

    code, applied, err = cli("new-year", "--site", site, "--year", str(YEAR), "--yes", capsys=capsys)
    assert code == 0, err
    code, after, _ = cli("inspect", "--site", site, capsys=capsys)
    for key, row in settings_by_key(after).items():
        assert (row["database"], row["firm"], row["period"]) == expected[key], key

    code, results, err = cli("test", "--site", site, "--year", str(YEAR), capsys=capsys)
    assert code == 0, err
    assert all(r["ok"] for r in results), [r for r in results if not r["ok"]]

    code, history, _ = cli("history", "--site", site, capsys=capsys)
    if all(expected[(r["module"], r["branch"])] == (r["database"], r["firm"], r["period"]) for r in before):
        assert history == [] and after == before
        assert all(not r["changes"] for r in applied)
        code, _, err = cli("undo", "--site", site, capsys=capsys)
        assert code == 2 and err
        return
    assert len(history) == 1, "one new-year --yes is one change, however many rows"
    code, _, err = cli("undo", "--site", site, capsys=capsys)
    assert code == 0, err
    code, restored, _ = cli("inspect", "--site", site, capsys=capsys)
    moved = {key for key, row in settings_by_key(applied).items() if row["changes"]}
    for key, row in settings_by_key(restored).items():
        old = settings_by_key(before)[key]
        assert {**row, "version": None} == {**old, "version": None}, key
        # an undo is a change: SURUM rises again, a version number is never given twice
        assert row["version"] == old["version"] + (2 if key in moved else 0), key


def site_neutral(rows: Any, site: Path | str) -> Any:
    """A verb's JSON with its site file's path written SITE: the hints in it name each site's own file,
    so two sites of one customer answer alike once their paths are set aside."""
    import json

    text = json.dumps(rows, ensure_ascii=False)
    for path in {str(Path(site).resolve()), str(site)}:
        text = text.replace(json.dumps(path, ensure_ascii=False)[1:-1], "SITE")
    return json.loads(text)


def mikro_master(
    *companies: tuple[str, str, list[tuple[int, int]]], without: tuple[str, ...] = (), seed: int = 13
) -> FakeCatalog:
    """MikroDB_V16 listing (DB_kod, DB_isim, [(year, documents)]), with each company's database but those
    `without` (listed in the master, their database gone)."""
    import random

    from konnektor_kit.training.scenarios import mikro_company, typed

    rng, master = random.Random(seed), DatabaseSpec("MikroDB_V16")
    master.table("VERI_TABANLARI", typed("DB_kod DB_isim"), [(code, name) for code, name, _ in companies])
    specs = [master]
    for code, _, years in companies:
        if code not in without:
            spec = DatabaseSpec(f"MikroDB_V16_{code}")
            mikro_company(spec, years, rng, None)
            specs.append(spec)
    return FakeCatalog.of(specs)
