"""GENERIC: any program with a database per year, confirmed by holding the current database's tables."""

from __future__ import annotations

from .peryear import PerYearProfile


class GenericProfile(PerYearProfile):
    name = "GENERIC"
