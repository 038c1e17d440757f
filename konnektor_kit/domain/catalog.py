"""What a program profile may ask of a server, and what it answers with.

Profiles are pure rules: they read a server only through `CatalogReader`, which the data layer
implements once per kind of server (a SQLite folder, an ODBC server) and which counts and caches
every round trip. Candidates and decisions are plain values that every face can show.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol

from ..i18n import Msg

DecisionStatus = Literal["move", "keep", "ambiguous", "not_found", "mismatch"]
Severity = Literal["ok", "warning", "error"]


class CatalogReader(Protocol):
    server: str

    def databases(self) -> list[str]:
        """Every database on the server, in one catalog query."""

    def has_database(self, database: str) -> bool: ...

    def tables(self, database: str) -> frozenset[str]:
        """Table names of one database; raises DatabaseMissing when it is not there."""

    def rows(self, database: str, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]: ...

    def count(self, database: str, table: str, date_column: str | None = None,
              start: date | None = None, end: date | None = None) -> int:
        """Rows of a table, or those dated in [start, end] when a date column is given."""

    def last_date(self, database: str, table: str, column: str) -> date | None: ...

    def databases_with_table(self, table: str) -> list[str]: ...


@dataclass(frozen=True)
class Candidate:
    """One row of "Firma/Dönem Ara" or "Veri tabanı Ara": where a module could point."""

    database: str
    firm: str | None
    period: str | None
    year: int | None
    label: str
    score: int
    reason: Msg
    documents: int | None = None

    def to_json(self, lang: str = "tr") -> dict[str, Any]:
        return {"database": self.database, "firm": self.firm, "period": self.period, "year": self.year,
                "label": self.label, "score": self.score, "reason": self.reason.get(lang),  # type: ignore[arg-type]
                "documents": self.documents}


@dataclass(frozen=True)
class Decision:
    """A profile's answer for one setting and year: move to `target`, keep, or ask the engineer."""

    status: DecisionStatus
    reason: Msg
    candidates: tuple[Candidate, ...] = ()
    target: Candidate | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("move", "keep")


@dataclass(frozen=True)
class Finding:
    """One thing `test` established about a setting, good or bad."""

    category: str
    severity: Severity
    message: Msg
    guidance: Msg | None = None
    data: dict[str, Any] = field(default_factory=dict)


def as_date(value: Any) -> date | None:
    """Dates come back as date, datetime or ISO text depending on the driver; make them one type."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)
