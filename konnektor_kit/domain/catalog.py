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
from .text import fold

#: (date column, first day, last day): the rows of a span, as `count` takes them
Dated = tuple[str, date, date]

DecisionStatus = Literal["move", "keep", "ambiguous", "not_found", "mismatch"]
#: "suspect": reachable and right in content, but a copy or a database the branch's other modules do
#: not use: never shown as ok, with its own colour
Severity = Literal["ok", "warning", "suspect", "error"]


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


@dataclass(frozen=True)
class Transition:
    """The move the engineer asks for: to `year`, decided by which period or company holds `day`.

    `day` is 1 January of `year` unless the engineer gives another (a fiscal year from July); the
    site's ignore list (test copies) travels with it so every program honours it the same way.
    """

    year: int
    day: date
    ignore_firms: frozenset[int] = frozenset()
    ignore_databases: frozenset[str] = frozenset()  # folded names
    #: (module, branch) pairs the site file says really read a database of their own ([own_database])
    own_database: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, when: Transition | int, day: date | None = None) -> Transition:
        if isinstance(when, Transition):
            return when
        return cls(when, day or date(when, 1, 1))

    @property
    def bounds(self) -> tuple[date, date]:
        """The calendar year of the transition, for counting the year's documents."""
        return year_bounds(self.year)

    def ignores(self, database: str, firm: str | None = None) -> bool:
        if fold(database) in self.ignore_databases:
            return True
        return firm is not None and firm.isdigit() and int(firm) in self.ignore_firms


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
    #: the dates the candidate holds (a LOGO period's BEGDATE–ENDDATE, a company's first–last document)
    begin: date | None = None
    end: date | None = None
    #: does it hold the transition day (or belong to the transition year)? None: not known
    fits: bool | None = None
    #: the site's server it sits on (discovery searches every server of the site); None: the setting's own
    server: str | None = None

    def to_json(self, lang: str = "tr") -> dict[str, Any]:
        return {
            "database": self.database,
            "firm": self.firm,
            "period": self.period,
            "year": self.year,
            "label": self.label,
            "score": self.score,
            "reason": self.reason.get(lang),  # type: ignore[arg-type]
            "documents": self.documents,
            "begin": _iso(self.begin),
            "end": _iso(self.end),
            "fits": self.fits,
            "server": self.server,
        }


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


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
