"""The embedded default backend: a folder where each NAME.sqlite file is database NAME.

Opened with Python's sqlite3, read-only unless the store writes; nothing stays open between uses.
"""

from __future__ import annotations

from pathlib import Path

from .connect import Connection, open_sqlite
from .dialects import SQLITE
from .probe import Probe
from .site import ServerConfig

SUFFIX = ".sqlite"


class SqliteFolderServer:
    def __init__(self, config: ServerConfig) -> None:
        assert config.sqlite_dir is not None
        self.name = config.name
        self.folder: Path = config.sqlite_dir
        self.dialect = SQLITE
        self.counter = [0]
        self.probe_result: Probe | None = None

    def databases(self, via: str | None = None) -> list[str]:
        self.counter[0] += 1
        if not self.folder.is_dir():
            return []
        return sorted((p.name[: -len(SUFFIX)] for p in self.folder.glob(f"*{SUFFIX}")), key=str.casefold)

    def unavailable_databases(self) -> dict[str, str]:
        """A file in the folder is a database that opens: none is ever left out."""
        return {}

    def path_of(self, database: str) -> Path:
        return self.folder / f"{database}{SUFFIX}"

    def open(self, database: str) -> Connection:
        return open_sqlite(self.path_of(database), server=self.name, database=database, counter=self.counter)

    def databases_with_table(self, table: str) -> list[str]:
        found = []
        for database in self.databases():
            conn = self.open(database)
            try:
                if conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)):
                    found.append(database)
            finally:
                conn.close()
        return found

    def close(self) -> None:
        """Each database is opened and closed by its user; the folder holds nothing open."""
