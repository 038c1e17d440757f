"""Each campaign's counts, printed as one table at the end of the run (see conftest.py)."""

from __future__ import annotations

import json
from collections import defaultdict

#: campaign → counter → value, in the order they were first counted
TALLIES: dict[str, dict[str, int | str]] = defaultdict(dict)


def count(campaign: str, name: str, by: int = 1) -> None:
    row = TALLIES[campaign]
    row[name] = int(row.get(name, 0)) + by


def note(campaign: str, name: str, value: int | str) -> None:
    TALLIES[campaign][name] = value


def table() -> list[str]:
    lines = []
    width = max((len(c) for c in TALLIES), default=0)
    for campaign, row in TALLIES.items():
        cells = ", ".join(f"{k} {v}" for k, v in row.items())
        lines.append(f"{campaign.ljust(width)}  {cells}")
    return lines


def as_text() -> str:
    """This process's tallies, for the run's main process when test files run side by side (pytest-xdist)."""
    return json.dumps(TALLIES, ensure_ascii=False)


def merge(text: str) -> None:
    """A worker's tallies into this process's: counts add up, a noted value is the last one given."""
    for campaign, row in json.loads(text).items():
        for name, value in row.items():
            mine = TALLIES[campaign].get(name)
            both_counts = isinstance(value, int) and isinstance(mine, int)
            TALLIES[campaign][name] = mine + value if both_counts else value
