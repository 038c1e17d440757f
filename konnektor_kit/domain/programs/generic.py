"""GENERIC: any program with a database per year, confirmed by holding the current database's tables."""
from __future__ import annotations

from .peryear import PerYearProfile


class GenericProfile(PerYearProfile):
    name = "GENERIC"
    summary = (
        "the server's database list; the tables of the current database and of the best 3 candidates",
        "the current name with its year replaced by the new year; decoys (_YEDEK, _TEST, …) ranked down; "
        "confirmed by holding the same tables",
        "the current database's name already carries the new year",
    )
