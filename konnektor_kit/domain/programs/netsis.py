"""NETSIS (Netsis 3, Wings): companies and their years in NETSIS.SIRKETLER30, devirli or devirsiz.

*Devirli* customers get a new company database each year; *devirsiz* ones (since 9.0.43) keep the
database and move SIRKETYILI forward, so at the new year the right answer is "no change needed".
"""
from __future__ import annotations

from ...i18n import Count, Joined, Msg, t
from ..catalog import CatalogReader, Decision, Finding
from ..settings import ModuleSetting
from .base import conclude, keep, mismatch
from .peryear import CONFIRM_AT_MOST, PerYearProfile
from .yearnames import DECOY, OTHER_NAME, OTHER_YEAR, SAME_STEM, is_decoy, split_year

SYSTEM_DB = "NETSIS"
COMPANIES = "SIRKETLER30"
EDOC_TABLES = ("TBLEFATURA", "TBLEFATMAS", "TBLEFATZARF", "TBLEARSIV", "TBLEDEFTER")


class NetsisProfile(PerYearProfile):
    name = "NETSIS"
    required_tables = ("TBLFATUIRS",)
    document_table = ("TBLFATUIRS", "TARIH")
    summary = (
        "NETSIS.SIRKETLER30 (SIRKET, SIRKETYILI); TBLFATUIRS and the e-document tables (TBLEFATURA, …)",
        "devirli: the company of the new year whose name follows the current one; without SIRKETLER30, "
        "the GENERIC name rule",
        "devirsiz: the current company's SIRKETYILI already is the new year",
    )

    def companies(self, reader: CatalogReader) -> dict[str, int] | None:
        """SIRKET → SIRKETYILI, or None when the server has no NETSIS system database."""
        if not reader.has_database(SYSTEM_DB) or COMPANIES not in reader.tables(SYSTEM_DB):
            return None
        return {str(name).strip(): int(year) for name, year in reader.rows(SYSTEM_DB, COMPANIES, ("SIRKET", "SIRKETYILI"))}

    def decide(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> Decision:
        companies = self.companies(reader)
        if companies is None:
            return self.decide_by_name(setting, year, reader, [t("reason.netsis.no_system_db")])
        by_fold = {name.casefold(): name for name in companies}
        current = by_fold.get(setting.database.casefold())
        if current is None:
            return mismatch(self.name, t("reason.netsis.not_listed", company=setting.database))
        if companies[current] == year:
            why = t("reason.netsis.devirsiz", company=current, year=year)
            return keep(why, self.candidate(setting, current, year, 100, reader, why, None))
        stem = split_year(current)
        ranked = []
        for name, company_year in companies.items():
            if name == current:
                continue
            parsed = split_year(name)
            same = stem is not None and parsed is not None and parsed.key == stem.key
            if company_year != year:
                score = OTHER_YEAR if same else 0
            elif is_decoy(name):
                score = DECOY
            else:
                score = SAME_STEM if same else OTHER_NAME
            if score:
                ranked.append((score, name, company_year))
        ranked.sort(key=lambda r: (-r[0], r[1].casefold()))
        current_tables = reader.tables(current) if reader.has_database(current) else None
        candidates = []
        for i, (score, name, company_year) in enumerate(ranked):
            row = t("reason.netsis.row", company=name, year=company_year)
            opened = i < CONFIRM_AT_MOST and company_year == year and reader.has_database(name)
            candidates.append(self.candidate(setting, name, company_year, score, reader if opened else None,
                                             row, current_tables))
        return conclude(year, candidates, t("reason.netsis.no_year_company", year=year, company=current))

    def verify_year(self, setting: ModuleSetting, year: int, reader: CatalogReader) -> list[Finding]:
        companies = self.companies(reader)
        if companies is None:
            return super().verify_year(setting, year, reader)
        listed = {k.casefold(): v for k, v in companies.items()}.get(setting.database.casefold())
        if listed is None:
            return [Finding("profile_mismatch", "error", t("reason.netsis.not_listed", company=setting.database))]
        if listed != year:
            return [Finding("wrong_year", "error", t("check.wrong_year", year=year,
                                                      detail=t("reason.netsis.row", company=setting.database, year=listed)))]
        return self.compare_edocs_with_last_year(setting, year, reader, companies)

    def compare_edocs_with_last_year(self, setting: ModuleSetting, year: int, reader: CatalogReader,
                                     companies: dict[str, int]) -> list[Finding]:
        """A devirli copy starts with empty e-document tables: say so when last year's had rows."""
        stem = split_year(setting.database)
        previous = next((name for name, y in companies.items() if y == year - 1 and stem is not None
                         and (p := split_year(name)) is not None and p.key == stem.key
                         and reader.has_database(name)), None)
        if previous is None:
            return []
        now = self.edoc_counts(reader, setting.database)
        before = self.edoc_counts(reader, previous)
        if now and not any(now.values()) and sum(before.values()) > 0:
            return [Finding("edocs_emptied", "warning", t(
                "check.edocs_emptied", database=setting.database, tables=", ".join(now), previous=previous,
                count=Count(sum(before.values()))))]
        return [Finding("ok", "ok", t("check.edocs", tables=_counts(now)))] if now else []

    def edoc_counts(self, reader: CatalogReader, database: str) -> dict[str, int]:
        tables = reader.tables(database)
        return {name: reader.count(database, name) for name in EDOC_TABLES if name in tables}


def _counts(counts: dict[str, int]) -> Msg:
    return Joined([t("count.table", table=k, count=Count(v)) for k, v in counts.items()])

