"""Write whole databases from plain specs: the sandbox's SQLite files and the live tests' servers.

A spec is data (tables, columns, rows), so the same realistic customer can be laid down on a SQLite
folder, PostgreSQL, MariaDB or SQL Server with one writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .connect import Connection
from .dialects import Dialect

TYPES = {"int": "INTEGER", "date": "DATE"}


@dataclass
class TableSpec:
    name: str
    columns: list[tuple[str, str]]  # (name, "int" | "date" | "text")
    rows: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class DatabaseSpec:
    name: str
    tables: list[TableSpec] = field(default_factory=list)

    def table(self, name: str, columns: list[tuple[str, str]], rows: list[tuple[Any, ...]] | None = None) -> TableSpec:
        spec = TableSpec(name, columns, list(rows or []))
        self.tables.append(spec)
        return spec


def column_type(dialect: Dialect, kind: str) -> str:
    if kind == "text":
        return dialect.string(200)
    if kind == "date" and dialect.dates_as_text:
        return "TEXT"
    return TYPES[kind]


def write_tables(conn: Connection, spec: DatabaseSpec) -> None:
    q, d = conn.dialect.quote, conn.dialect
    for table in spec.tables:
        cols = ", ".join(f"{q(n)} {column_type(d, k)}" for n, k in table.columns)
        conn.execute(f"CREATE TABLE {q(table.name)} ({cols})")
        if table.rows:
            marks = ", ".join("?" for _ in table.columns)
            names = ", ".join(q(n) for n, _ in table.columns)
            rows = [[d.date_param(v) if isinstance(v, date) else v for v in row] for row in table.rows]
            conn.execute_many(f"INSERT INTO {q(table.name)} ({names}) VALUES ({marks})", rows)
    conn.commit()
