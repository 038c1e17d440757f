"""Years inside database names ("ABC2025", "ETA_EDIS_2025", "LIDER26") and the ranking built on them.

Database-per-year programs name each year's database after the last one; the best candidate for
year Y is the current name with its year replaced by Y. Copies made for backups or tests carry
the same year and so are ranked down, never chosen silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..text import fold

YEAR4 = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
YEAR2_AT_END = re.compile(r"(?<=[A-Za-z_])(\d\d)$")
DECOY_MARKERS = ("YEDEK", "TEST", "BACKUP", "BAK", "ESKI", "KOPYA", "COPY", "DENEME", "OLD", "TMP", "TEMP")
_FOLDED_MARKERS = tuple(fold(m) for m in DECOY_MARKERS)

#: why a name ranks where it does, each said by its own reason (peryear.PerYearProfile.rank_to_candidate)
NameKind = Literal["same_stem", "decoy", "other_name", "other_year"]

SAME_STEM = 90
DECOY = 30
OTHER_NAME = 20
OTHER_YEAR = 5
CHOSEN_AT_LEAST = 60


@dataclass(frozen=True)
class YearName:
    """A name split around its year: `stem` has "#" where the year stood."""

    stem: str
    year: int
    width: int

    def with_year(self, year: int) -> str:
        return self.stem.replace("#", str(year) if self.width == 4 else f"{year % 100:02d}")

    @property
    def key(self) -> str:
        return fold(self.stem)


def split_year(name: str) -> YearName | None:
    """The last 4-digit year in the name, else a 2-digit year closing it ("LIDER26")."""
    found = list(YEAR4.finditer(name))
    if found:
        last = found[-1]
        return YearName(name[: last.start()] + "#" + name[last.end() :], int(last.group()), 4)
    closing = YEAR2_AT_END.search(name)
    if closing:
        return YearName(name[: closing.start()] + "#", 2000 + int(closing.group()), 2)
    return None


def is_decoy(name: str) -> bool:
    """A marker as a word of the name or at its end, however written: "_YEDEK", "_ESKİ", "_Eski", "DENEME"."""
    folded = fold(name)
    words = re.split(r"[^a-z]+", folded)
    return any(marker in words or folded.endswith(marker) for marker in _FOLDED_MARKERS)


@dataclass(frozen=True)
class NameRank:
    name: str
    year: int
    score: int
    kind: NameKind


def rank_names(current: str, year: int, names: list[str]) -> list[NameRank]:
    """Rank databases for `year` by how their names follow `current`; best first, name as tiebreak."""
    years = {name: parsed.year for name in names if (parsed := split_year(name)) is not None}
    return rank_years(current, year, years)


def rank_years(current: str, year: int, years: dict[str, int]) -> list[NameRank]:
    """The same ranking when each name's year is known apart from it (NETSIS lists SIRKETYILI).

    A name without a year in it can still be of `year`; it never shares the current stem."""
    cur = split_year(current)
    ranked: list[NameRank] = []
    for name, its_year in years.items():
        parsed = split_year(name)
        same = cur is not None and parsed is not None and parsed.key == cur.key
        if its_year != year:
            if same:
                ranked.append(NameRank(name, its_year, OTHER_YEAR, "other_year"))
            continue
        if same and not is_decoy(name):
            ranked.append(NameRank(name, its_year, SAME_STEM, "same_stem"))
        elif is_decoy(name):
            ranked.append(NameRank(name, its_year, DECOY, "decoy"))
        else:
            ranked.append(NameRank(name, its_year, OTHER_NAME, "other_name"))
    ranked.sort(key=lambda r: (-r.score, fold(r.name), r.name))
    return ranked
