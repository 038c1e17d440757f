"""LOGO's answers to the Profile every program gives: decide by ranking, verify by verification."""

from __future__ import annotations

from ....exceptions import InvalidCode
from ....i18n import Msg, t, tr_date
from ...codes import PeriodCode
from ...decisions import Decision, Finding
from ...reader import CatalogReader
from ...settings import ModuleSetting
from ...transition import Transition
from ..base import CONFIRM_AT_MOST, CURRENT_SCORE, Profile, conclude, keep, mismatch
from ..yearnames import CHOSEN_AT_LEAST
from .catalog import firm_and_catalog, missing_tables
from .ranking import ScoredPeriod, candidate, holds_reason, score_periods, why_none
from .verification import PROGRAM, verify


class LogoProfile(Profile):
    name = PROGRAM
    search = "firm_period"

    def decide(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> Decision:
        try:
            period_code = PeriodCode.normalise(setting.period)
            found = firm_and_catalog(setting, reader)
        except InvalidCode as exc:
            return mismatch(self.name, exc.msg)
        if isinstance(found, Msg):
            return mismatch(self.name, found)
        catalog, firm = found
        current = next(
            (p for p in catalog.periods_of(firm) if period_code is not None and p.nr == int(period_code)), None
        )
        if current is not None and current.holds(when.day):
            why = holds_reason(catalog, firm, current, when)
            return keep(why, candidate(catalog, ScoredPeriod(CURRENT_SCORE, firm, current, [why]), reader, when))
        candidates, unbuilt = [], []
        for i, scored in enumerate(score_periods(setting, catalog, firm, when)):
            f, p = scored.firm, scored.period
            opened = i < CONFIRM_AT_MOST and p.holds(when.day)
            missing = missing_tables(reader, catalog.data_database(f), f.code, p.code) if opened else set()
            if missing and scored.score >= CHOSEN_AT_LEAST and not when.ignores(catalog.data_database(f), f.code):
                unbuilt.append((f, p, missing))
            candidates.append(candidate(catalog, scored, reader if opened else None, when))
        decision = conclude(when, candidates, t("reason.logo.no_year_period", firm=firm.code, day=tr_date(when.day)))
        if decision.status == "not_found":
            why = why_none(catalog, firm, when, unbuilt)
            return Decision("not_found", t("decision.not_found", year=when.year, why=why), decision.candidates)
        return decision

    def verify(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        return verify(setting, when, reader)
