"""NETSIS (Netsis 3, Wings): companies and their years in NETSIS.SIRKETLER30, devirli or devirsiz.

*Devirli* customers get a new company database each year (made by copying, under a name that is a
habit, not a rule: `DEVIR` is NETSIS's own example); *devirsiz* ones keep the database and move
SIRKETYILI forward — but only when the opening voucher is made, weeks into January. Until then the
signs of a devirsiz company (TBLDEVIRSIZLOG, TBLMUHFIS.YIL_KODU) and its new-year documents say
"no change needed", and new-year documents in last year's company with no copy yet say "keep for now".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...i18n import Count, Joined, Msg, t, tr_date
from ..decisions import Candidate, Decision, Finding
from ..reader import CatalogReader
from ..settings import ModuleSetting
from ..text import fold
from ..transition import Transition
from .base import CONFIRM_AT_MOST, CURRENT_SCORE, conclude, edocs_listed, instead_of, keep, mismatch, wrong_year
from .peryear import PerYearProfile, real_of_copy
from .yearnames import CHOSEN_AT_LEAST, OTHER_NAME, rank_years, split_year

SYSTEM_DB = "NETSIS"
COMPANIES = "SIRKETLER30"
EDOC_TABLES = (
    "TBLEFATURA",
    "TBLEFATMAS",
    "TBLEFATYANIT",
    "TBLEFATZARF",
    "TBLEARSIV",
    "TBLEDEFTER",
    "TBLEFATKALEMTAX",
    "TBLEFATMASTAX",
)
DEVIRSIZ_LOG = "TBLDEVIRSIZLOG"
VOUCHERS, YEAR_CODE = "TBLMUHFIS", "YIL_KODU"
ACCOUNTS, ACCOUNT_CODE = "TBLCASABIT", "CARI_KOD"
#: a free-named company of the new year that shares this share of the accounts holds the same firm
SAME_FIRM_SHARE = 0.5
#: below the bar on purpose: a free-named devir company is offered, never chosen without the engineer
DEVIR_TO_CONFIRM = CHOSEN_AT_LEAST - 10  # stays below even with the same-tables bonus


@dataclass(frozen=True)
class Ranked:
    score: int
    name: str
    year: int
    same_firm: str | None = None  # "n/m" accounts shared, for a free-named devir company


class NetsisProfile(PerYearProfile):
    name = "NETSIS"
    required_tables = ("TBLFATUIRS",)
    document_tables = (("TBLFATUIRS", "TARIH"),)

    def companies(self, reader: CatalogReader) -> dict[str, int] | Msg | None:
        """SIRKET → SIRKETYILI; None without a NETSIS system database; why, when SIRKETYILI is missing."""
        if not reader.has_database(SYSTEM_DB) or COMPANIES not in reader.tables(SYSTEM_DB):
            return None
        if "SIRKETYILI" not in reader.columns(SYSTEM_DB, COMPANIES):
            return t("reason.netsis.no_year_column")
        return {
            str(name).strip(): int(year)
            for name, year in reader.rows(SYSTEM_DB, COMPANIES, ("SIRKET", "SIRKETYILI"))
            if name is not None and year is not None
        }

    def decide(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> Decision:
        companies = self.companies(reader)
        if companies is None or isinstance(companies, Msg):
            return self.decide_by_name(setting, when, reader, [companies or t("reason.netsis.no_system_db")])
        real = real_of_copy(setting, when)
        listed = _listed(companies, real) if real is not None else None
        if listed is not None:
            # a setting on a copy company ("BEYAZGIDA2026DENEME"): decided as the company it copies, never kept
            copied = t("reason.current_copy", database=setting.database, real=listed)
            return instead_of(self.decide(replace(setting, database=listed), when, reader), copied, when.year)
        current = _listed(companies, setting.database)
        if current is None:
            return mismatch(self.name, t("reason.netsis.not_listed", company=setting.database))
        if companies[current] == when.year:
            why = t("reason.netsis.devirsiz", company=current, year=when.year)
            return keep(why, self.candidate(setting, current, when, CURRENT_SCORE, reader, why, None))
        ranked = self.rank(current, companies, when, reader)
        current_tables = reader.tables(current) if reader.has_database(current) else None
        candidates = [self.ranked_candidate(setting, r, i, when, reader, current_tables) for i, r in enumerate(ranked)]
        decision = conclude(when, candidates, t("reason.netsis.no_year_company", year=when.year, company=current))
        if decision.status != "not_found":
            return decision
        devir = next((c for c, r in zip(candidates, ranked, strict=True) if r.same_firm and c.score > 0), None)
        if devir is not None:
            return Decision(
                "ambiguous", t("decision.confirm", year=when.year, target=devir.reason), decision.candidates
            )
        waiting = self.still_in_last_year(setting, current, companies[current], when, reader)
        if waiting is not None:
            here = self.candidate(setting, current, when, CURRENT_SCORE, reader, waiting, None, year=companies[current])
            return keep(waiting, here, list(decision.candidates))
        return decision

    def rank(self, current: str, companies: dict[str, int], when: Transition, reader: CatalogReader) -> list[Ranked]:
        """Companies of the new year named like the current one first; decoys and strangers below.

        A free-named company of the new year (`DEVIR`) among the best few is opened: when it holds the
        same accounts as the current company, it is offered for the engineer to confirm."""
        others = {name: year for name, year in companies.items() if name != current}
        ranked = [Ranked(r.score, r.name, r.year) for r in rank_years(current, when.year, others)]
        for i, r in enumerate(ranked[:CONFIRM_AT_MOST]):
            if r.score == OTHER_NAME and reader.has_database(r.name):
                shared = self.shared_accounts(reader, current, r.name)
                if shared is not None:
                    ranked[i] = Ranked(DEVIR_TO_CONFIRM, r.name, r.year, shared)
        ranked.sort(key=lambda r: (-r.score, fold(r.name), r.name))
        return ranked

    def ranked_candidate(
        self,
        setting: ModuleSetting,
        r: Ranked,
        i: int,
        when: Transition,
        reader: CatalogReader,
        current_tables: frozenset[str] | None,
    ) -> Candidate:
        row: Msg = t("reason.netsis.row", company=r.name, year=r.year)
        if r.same_firm:
            row = Joined([row, t("reason.netsis.devir_named", shared=r.same_firm)])
        opened = i < CONFIRM_AT_MOST and r.year == when.year and reader.has_database(r.name)
        return self.candidate(
            setting,
            r.name,
            when,
            r.score,
            reader if opened else None,
            row,
            current_tables if opened else None,
            year=r.year,
        )

    def shared_accounts(self, reader: CatalogReader, current: str, other: str) -> str | None:
        """ "n/m" when `other` holds at least half of the current company's accounts, else None."""
        if (
            not reader.has_database(current)
            or ACCOUNTS not in reader.tables(current)
            or ACCOUNTS not in reader.tables(other)
        ):
            return None
        mine = {str(c).strip() for (c,) in reader.rows(current, ACCOUNTS, (ACCOUNT_CODE,))}
        theirs = {str(c).strip() for (c,) in reader.rows(other, ACCOUNTS, (ACCOUNT_CODE,))}
        shared = len(mine & theirs)
        return f"{shared}/{len(mine)}" if mine and shared / len(mine) >= SAME_FIRM_SHARE else None

    def still_in_last_year(
        self, setting: ModuleSetting, current: str, listed_year: int, when: Transition, reader: CatalogReader
    ) -> Msg | None:
        """January before the opening voucher: why staying is right, or None when it is not."""
        if listed_year >= when.year or not reader.has_database(current):
            return None
        tables = reader.tables(current)
        if "TBLFATUIRS" not in tables:
            return None
        documents = reader.count(current, "TBLFATUIRS", ("TARIH", *when.bounds))
        signs = [
            s
            for s in (
                DEVIRSIZ_LOG if DEVIRSIZ_LOG in tables else None,
                f"{VOUCHERS}.{YEAR_CODE}"
                if VOUCHERS in tables and YEAR_CODE in reader.columns(current, VOUCHERS)
                else None,
            )
            if s
        ]
        if signs:
            return t(
                "reason.netsis.devirsiz_waiting",
                company=current,
                listed=listed_year,
                year=when.year,
                signs=", ".join(signs),
                count=Count(documents),
            )
        if documents:
            return t(
                "reason.netsis.keep_for_now",
                company=current,
                year=when.year,
                count=Count(documents),
                last=tr_date(reader.last_date(current, "TBLFATUIRS", "TARIH")),
            )
        return None

    def verify_year(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        companies = self.companies(reader)
        if companies is None or isinstance(companies, Msg):
            return super().verify_year(setting, when, reader)
        current = _listed(companies, setting.database)
        if current is None:
            return [Finding("profile_mismatch", "error", t("reason.netsis.not_listed", company=setting.database))]
        listed = companies[current]
        if listed == when.year:
            return self.compare_edocs_with_last_year(setting, when, reader, companies)
        decision = self.decide(setting, when, reader)
        if decision.status == "keep":
            return [Finding("year_not_rolled", "warning", decision.reason)]
        return [wrong_year(when.year, t("reason.netsis.row", company=current, year=listed))]

    def compare_edocs_with_last_year(
        self, setting: ModuleSetting, when: Transition, reader: CatalogReader, companies: dict[str, int]
    ) -> list[Finding]:
        """A devirli copy starts with empty e-document tables: say so when last year's had rows."""
        stem = split_year(setting.database)
        previous = next(
            (
                name
                for name, y in companies.items()
                if y == when.year - 1
                and stem is not None
                and (p := split_year(name)) is not None
                and p.key == stem.key
                and reader.has_database(name)
            ),
            None,
        )
        if previous is None:
            return []
        now = self.edoc_counts(reader, setting.database)
        before = self.edoc_counts(reader, previous)
        if now and not any(now.values()) and sum(before.values()) > 0:
            return [
                Finding(
                    "edocs_emptied",
                    "warning",
                    t(
                        "check.edocs_emptied",
                        database=setting.database,
                        tables=", ".join(now),
                        previous=previous,
                        count=Count(sum(before.values())),
                    ),
                )
            ]
        return [edocs_listed(now)] if now else []

    def edoc_counts(self, reader: CatalogReader, database: str) -> dict[str, int]:
        tables = reader.tables(database)
        return {name: reader.count(database, name) for name in EDOC_TABLES if name in tables}


def _listed(companies: dict[str, int], database: str) -> str | None:
    if database in companies:
        return database
    return {fold(name): name for name in companies}.get(fold(database))
