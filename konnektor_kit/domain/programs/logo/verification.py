"""What `test` proves of a LOGO setting: its firm and period exist, their tables are made, the period
holds the transition day, and how many invoices and e-documents it carries."""

from __future__ import annotations

from ....i18n import Joined, Msg, t, tr_date
from ...codes import FirmCode, PeriodCode
from ...decisions import Finding
from ...reader import CatalogReader
from ...settings import ModuleSetting
from ...transition import Transition
from ..base import documents_ok, edocs_listed, no_documents, tables_missing, wrong_year
from .catalog import FIRM_EDOC_TABLES, PERIOD_EDOC_TABLES, firm_and_catalog, firm_table, missing_tables, period_table

PROGRAM = "LOGO"


def verify(setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
    firm_code = FirmCode.normalise(setting.firm)
    period_code = PeriodCode.normalise(setting.period)
    if firm_code is None or period_code is None:
        return [Finding("profile_mismatch", "error", t("reason.logo.no_firm"))]
    found = firm_and_catalog(setting, reader)
    if isinstance(found, Msg):
        return [Finding("profile_mismatch", "error", found)]
    catalog, firm = found
    database = catalog.data_database(firm)
    missing = missing_tables(reader, database, firm_code, period_code)
    if missing:
        return [tables_missing(PROGRAM, database, missing)]
    findings: list[Finding] = []
    period = next((p for p in catalog.periods_of(firm) if p.nr == int(period_code)), None)
    if period is None or not period.holds(when.day):
        detail = (
            t(
                "reason.logo.span",
                firm=firm_code,
                period=period_code,
                begin=tr_date(period.begin),
                end=tr_date(period.end),
            )
            if period
            else t("reason.logo.no_year_period", firm=firm_code, day=tr_date(when.day))
        )
        holder = next((p for p in catalog.periods_of(firm) if p.holds(when.day)), None)
        if holder is not None:
            holds = t(
                "reason.logo.holds_day",
                period=holder.code,
                begin=tr_date(holder.begin),
                end=tr_date(holder.end),
                day=tr_date(when.day),
            )
            detail = Joined([detail, holds], sep="; ")
        findings.append(wrong_year(when.year, detail))
    invoices = reader.count(database, period_table(firm_code, period_code, "INVOICE"))
    if invoices == 0:
        invoice_table = period_table(firm_code, period_code, "INVOICE")
        findings.append(no_documents(f"{firm_code}/{period_code}", when.year, invoice_table))
    else:
        findings.append(documents_ok(invoices, "reason.invoices"))
    tables = reader.tables(database)
    edoc_tables = [period_table(firm_code, period_code, n) for n in PERIOD_EDOC_TABLES] + [
        firm_table(firm_code, n) for n in FIRM_EDOC_TABLES
    ]
    edocs = {n: reader.count(database, n) for n in edoc_tables if n in tables}
    if edocs:
        findings.append(edocs_listed(edocs))
    return findings
