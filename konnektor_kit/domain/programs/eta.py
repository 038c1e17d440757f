"""ETA (ETA:SQL): databases seen as ETA_<COMPANY>_<YEAR>, invoices in FATFIS, dispatches in IRSFIS.

Documents are counted by their own dates (FATFISTAR, IRSFISTAR) within the year, so a database that
still receives last year's late invoices is not mistaken for the new year's.
"""

from __future__ import annotations

from .peryear import PerYearProfile


class EtaProfile(PerYearProfile):
    name = "ETA"
    required_tables = ("FATFIS", "IRSFIS")
    document_tables = (("FATFIS", "FATFISTAR"), ("IRSFIS", "IRSFISTAR"))
