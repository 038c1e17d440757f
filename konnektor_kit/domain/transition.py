"""The move the engineer asks for: the year, the day that decides it, and the site's ignore list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .text import fold


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


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)
