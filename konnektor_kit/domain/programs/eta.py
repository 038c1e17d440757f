"""ETA (ETA:SQL): databases seen as ETA_<COMPANY>_<YEAR>, invoices in FATFIS, dispatches in IRSFIS."""
from __future__ import annotations

from .peryear import PerYearProfile


class EtaProfile(PerYearProfile):
    name = "ETA"
    required_tables = ("FATFIS", "IRSFIS")
    # FATFIS's date column is not publicly documented: a per-year database's rows are that year's.
    document_table = ("FATFIS", None)
    summary = (
        "the server's database list; FATFIS/IRSFIS of the best 3 candidates",
        "ETA_<COMPANY>_<YEAR> with the new year; must hold FATFIS and IRSFIS; invoices counted in FATFIS",
        "the current database is already ETA_<COMPANY>_<new year>",
    )
