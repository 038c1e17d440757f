"""Which period of which firm holds the transition day, best first: the same firm's, then its copies'
(tax number, title, name), then strangers'; retired firms and firms without the module's e-service rank down."""

from __future__ import annotations

from dataclasses import dataclass

from ....i18n import Count, Msg, t, tr_date
from ...decisions import Candidate
from ...modules import Module
from ...reader import CatalogReader
from ...settings import ModuleSetting
from ...transition import Transition
from ..base import MISSING_TABLES_PENALTY, joined
from .catalog import SERVICE_FLAGS, CopyMatch, Firm, LogoCatalog, Period, missing_tables, period_table

SAME_FIRM = 90
COPY_SCORES: dict[CopyMatch, int] = {"taxnr": 86, "title": 83, "name": 80}
OTHER_FIRM = 20
OTHER_DAY = 5
RETIRED_PENALTY = 40  # PASSIVE or LIQUIDATEDFIRM: shown, never chosen silently
SERVICE_BONUS = 3


@dataclass(frozen=True)
class ScoredPeriod:
    """One period of one firm, its score and the reasons behind the score."""

    score: int
    firm: Firm
    period: Period
    notes: list[Msg]


def score_periods(setting: ModuleSetting, catalog: LogoCatalog, firm: Firm, when: Transition) -> list[ScoredPeriod]:
    """Same firm's period holding the day first, then copies of the firm, then the rest."""
    scored = []
    for period in catalog.periods:
        other = catalog.firms.get(period.firm)
        if other is None:
            continue
        copy = other.copy_of(firm)
        related = other.nr == firm.nr or copy is not None
        if not period.holds(when.day):
            if related:
                not_holding = [t("reason.logo.not_holding", day=tr_date(when.day))]
                scored.append(ScoredPeriod(OTHER_DAY, other, period, not_holding))
            continue
        if other.nr == firm.nr:
            score, notes = SAME_FIRM, [t("reason.logo.same_firm")]
        elif copy is not None:
            score = COPY_SCORES[copy]
            notes = [t(f"reason.logo.copy.{copy}", old=firm.code, name=other.name, taxnr=other.taxnr)]
        else:
            score, notes = OTHER_FIRM, [t("reason.logo.other_firm", name=other.name)]
        bonus, service_notes = standing(setting, other)
        scored.append(ScoredPeriod(score + bonus, other, period, notes + service_notes))
    scored.sort(key=lambda s: (-s.score, s.firm.nr, s.period.nr))
    return scored


def standing(setting: ModuleSetting, firm: Firm) -> tuple[int, list[Msg]]:
    """Retired firms rank down; a firm using this module's e-service ranks up, one that does not, down."""
    score = 0
    notes: list[Msg] = []
    if firm.passive:
        score, notes = score - RETIRED_PENALTY, [*notes, t("reason.logo.passive")]
    if firm.liquidated:
        score, notes = score - RETIRED_PENALTY, [*notes, t("reason.logo.liquidated")]
    if firm.services is not None:
        if setting.module in firm.services:
            score += SERVICE_BONUS
        elif setting.module in SERVICE_FLAGS:
            score -= SERVICE_BONUS
            notes.append(t("reason.logo.service_off", module=setting.module, flag=SERVICE_FLAGS[setting.module]))
        used = [m.code for m in Module if m.code in firm.services]
        notes.append(t("reason.logo.services", services=", ".join(used) or "—"))
    return score, notes


def candidate(catalog: LogoCatalog, scored: ScoredPeriod, reader: CatalogReader | None, when: Transition) -> Candidate:
    """The candidate a scored period makes; with a reader its tables are checked and its invoices counted."""
    firm, period, score = scored.firm, scored.period, scored.score
    database = catalog.data_database(firm)
    documents = None
    extra: list[Msg | None] = list(scored.notes)
    if firm.dbname:
        extra.append(t("reason.logo.other_db", database=firm.dbname))
    if firm.fiscal_start and firm.fiscal_start != (1, 1):
        extra.append(t("reason.logo.fiscal_start", start=f"{firm.fiscal_start[1]:02d}.{firm.fiscal_start[0]:02d}"))
    if reader is not None:
        missing = missing_tables(reader, database, firm.code, period.code)
        if missing:
            score -= MISSING_TABLES_PENALTY
            extra.append(t("reason.logo.tables_missing", missing=", ".join(sorted(missing)[:3])))
        else:
            documents = reader.count(database, period_table(firm.code, period.code, "INVOICE"))
    head = t(
        "reason.logo.span", firm=firm.code, period=period.code, begin=tr_date(period.begin), end=tr_date(period.end)
    )
    count = t("reason.invoices", count=Count(documents)) if documents is not None else None
    return Candidate(
        database,
        firm.code,
        period.code,
        period.year,
        firm.name,
        score,
        joined(head, count, *extra),
        documents,
        period.begin,
        period.end,
        period.holds(when.day),
    )


def holds_reason(catalog: LogoCatalog, firm: Firm, current: Period, when: Transition) -> Msg:
    """Why the current period stays: it holds the day (or, dönemsiz, its ENDDATE was extended)."""
    dates = {
        "period": current.code,
        "begin": tr_date(current.begin),
        "end": tr_date(current.end),
        "day": tr_date(when.day),
    }
    if current.extended and len(catalog.periods_of(firm)) == 1:
        return t("reason.logo.donemsiz", **dates)
    return t("reason.logo.current", **dates)


def why_none(catalog: LogoCatalog, firm: Firm, when: Transition, unbuilt: list[tuple[Firm, Period, set[str]]]) -> Msg:
    """Say what is really missing: a period's tables, a longer ENDDATE, or a new period."""
    day = tr_date(when.day)
    if unbuilt:
        f, p, missing = unbuilt[0]
        return t(
            "reason.logo.tables_not_created",
            firm=f.code,
            period=p.code,
            begin=tr_date(p.begin),
            end=tr_date(p.end),
            day=day,
            missing=", ".join(sorted(missing)[:3]),
        )
    own = catalog.periods_of(firm)
    if own and own[-1].end and own[-1].end < when.day:
        return t("reason.logo.extend_or_open", firm=firm.code, period=own[-1].code, end=tr_date(own[-1].end), day=day)
    return t("reason.logo.no_year_period", firm=firm.code, day=day)
