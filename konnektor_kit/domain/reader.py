"""How a program profile reads a server: the `CatalogReader` it is given, and the readers of the values
that come back.

Profiles are pure rules: they read a server only through `CatalogReader`, which the data layer
implements once per kind of server (a SQLite folder, an ODBC server) and which counts and caches
every round trip. Each driver returns dates and yes/no columns in its own shape; `as_date` and
`as_flag` make them one type, so no profile has to know which driver answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

#: (date column, first day, last day): the rows of a span, as `count` takes them
Dated = tuple[str, date, date]


class CatalogReader(Protocol):
    server: str

    def databases(self) -> list[str]:
        """Every database on the server, in one catalog query."""

    def has_database(self, database: str) -> bool: ...

    def tables(self, database: str) -> frozenset[str]:
        """Table names of one database; raises DatabaseMissing when it is not there."""

    def rows(self, database: str, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]: ...

    def count(self, database: str, table: str, dated: Dated | None = None) -> int:
        """Rows of a table, or those whose `dated` column falls in its days (first and last included)."""

    def last_date(self, database: str, table: str, column: str) -> date | None: ...

    def databases_with_table(self, table: str) -> list[str]: ...

    def columns(self, database: str, table: str) -> frozenset[str]:
        """Column names of one table: old program versions lack columns the newer ones have."""

    def first_date(self, database: str, table: str, column: str) -> date | None: ...

    def unavailable(self) -> dict[str, str]:
        """Databases the server lists but the kit cannot open (RESTORING, OFFLINE, no access), with why."""


def as_date(value: Any) -> date | None:
    """Dates come back as date, datetime or ISO text depending on the driver; make them one type."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_flag(value: Any) -> bool:
    """A yes/no column as the drivers return it: 1, "1", True, "True" are set; None, "", 0, "0", False, "False"
    are not (psqlODBC gives booleans as "1"/"0" text, where "0" is truthy). Any other number is set, any other
    text is not."""
    if isinstance(value, bool):
        return value
    text = str(value).strip() if value is not None else ""
    if text.lower() == "true":
        return True
    try:
        return int(float(text)) != 0
    except ValueError:
        return False
