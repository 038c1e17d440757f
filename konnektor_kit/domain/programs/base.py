"""What every accounting-program profile answers, and the conclusion they all draw from a ranking."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from typing import ClassVar, Literal

from ...i18n import Count, Joined, Msg, t
from ..decisions import Candidate, Decision, Finding
from ..reader import CatalogReader
from ..settings import ModuleSetting
from ..text import fold
from ..transition import Transition
from .yearnames import CHOSEN_AT_LEAST, is_decoy, split_year

#: the score of the setting's own target when it already holds the transition: nothing ranks above it
CURRENT_SCORE = 100
#: open only the best few databases: discovery stays a constant number of queries
CONFIRM_AT_MOST = 3
#: a candidate without the program's tables is shown, never chosen over one that has them
MISSING_TABLES_PENALTY = 50


class Profile(ABC):
    name: ClassVar[str]
    #: which button of the Konnektör lists the candidates: "Firma/Dönem Ara" or "Veri tabanı Ara"
    search: ClassVar[Literal["firm_period", "database"]]

    @abstractmethod
    def decide(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> Decision:
        """Ranked candidates for the transition and what to do: move, keep, or ask the engineer."""

    @abstractmethod
    def verify(self, setting: ModuleSetting, when: Transition, reader: CatalogReader) -> list[Finding]:
        """Prove that the setting reaches this program's tables and the transition's documents."""


def unignored(when: Transition, candidates: list[Candidate]) -> list[Candidate]:
    """Test copies the site file names under [ignore] stay listed, with why, but are never chosen."""
    return [
        replace(c, score=0, reason=Joined([c.reason, t("reason.ignored")])) if when.ignores(c.database, c.firm) else c
        for c in candidates
    ]


def conclude(
    when: Transition, candidates: list[Candidate], not_found_why: Msg, notes: list[Msg] | None = None
) -> Decision:
    """Pick the single best candidate above the bar; a tie at the top is the engineer's call."""
    year = when.year
    candidates = unignored(when, candidates)
    ranked = tuple(sorted(candidates, key=lambda c: (-c.score, fold(c.database), c.firm or "", c.period or "")))
    best = [c for c in ranked if c.score == ranked[0].score] if ranked else []
    if not best or best[0].score < CHOSEN_AT_LEAST:
        return Decision("not_found", t("decision.not_found", year=year, why=_with_notes(not_found_why, notes)), ranked)
    if len(best) > 1:
        names = ", ".join(_describe(c) for c in best)
        return Decision("ambiguous", t("decision.ambiguous", year=year, count=len(best), names=names), ranked)
    reason = t("decision.move", year=year, target=_with_notes(best[0].reason, notes))
    return Decision("move", reason, ranked, best[0])


def instead_of(decision: Decision, why: Msg, year: int) -> Decision:
    """A decision made for another database than the setting's own (the one its copy copies, the same
    company under a renamed master): where that database is kept, the setting moves to it; `why` said."""
    if decision.status == "keep" and decision.target is not None:
        target = replace(decision.target, reason=Joined([why, decision.target.reason], sep="; "))
        reason = t("decision.move", year=year, target=Joined([why, decision.reason], sep="; "))
        return Decision("move", reason, (target, *decision.candidates[1:]), target)
    return replace(decision, reason=Joined([decision.reason, why], sep="; "))


def keep(why: Msg, current: Candidate, others: list[Candidate] | None = None) -> Decision:
    ranked = (current, *sorted(others or [], key=lambda c: -c.score))
    return Decision("keep", t("decision.keep", why=why), ranked, current)


def mismatch(program: str, why: Msg) -> Decision:
    return Decision("mismatch", t("decision.mismatch", program=program, why=why))


def _describe(c: Candidate) -> str:
    codes = "/".join(x for x in (c.firm, c.period) if x)
    return f"{c.database} {codes}".strip()


def _with_notes(msg: Msg, notes: list[Msg] | None) -> Msg:
    return Joined([msg, *notes], sep="; ") if notes else msg


def joined(*parts: Msg | None) -> Msg:
    return Joined([p for p in parts if p is not None])


def tables_missing(program: str, database: str, missing: set[str]) -> Finding:
    return Finding(
        "tables_missing",
        "error",
        t("check.tables_missing", database=database, program=program, tables=", ".join(sorted(missing))),
        t("check.tables_missing.guidance"),
    )


def wrong_year(year: int, detail: Msg) -> Finding:
    return Finding("wrong_year", "error", t("check.wrong_year", year=year, detail=detail))


def no_documents(what: str, year: int, detail: Msg | str) -> Finding:
    """A warning, not an error: early January has no documents yet, and that is normal."""
    return Finding("no_documents", "warning", t("check.no_documents", what=what, year=year, detail=detail))


def documents_ok(count: int, noun: str = "reason.docs") -> Finding:
    return Finding("ok", "ok", t("check.ok", what=t(noun, count=Count(count))))


def edocs_listed(counts: dict[str, int]) -> Finding:
    """Rows per e-document table: the Konnektör's own tables, shown so the engineer sees they are there."""
    return Finding(
        "ok",
        "ok",
        t("check.edocs", tables=Joined([t("count.table", table=k, count=Count(v)) for k, v in counts.items()])),
    )


# ---- a setting against its site: a copy, or a database the branch's other modules do not use ----------
def own_database(setting: ModuleSetting, when: Transition) -> bool:
    """The site file's [own_database] says this module of this branch really reads a database of its own."""
    return any(
        fold(module) == fold(setting.module) and branch == setting.branch for module, branch in when.own_database
    )


def copy_finding(setting: ModuleSetting, when: Transition) -> Finding | None:
    """A setting on a backup or test copy, by the markers and the [ignore] list discovery uses: a copy holds
    the same tables and often the same documents, so only its name gives it away."""
    if own_database(setting, when):
        return None
    if when.ignores(setting.database, setting.firm):
        key = "check.copy.ignored"
    elif is_decoy(setting.database):
        key = "check.copy"
    else:
        return None
    return Finding("copy_database", "suspect", t(key, database=setting.database), t("check.copy.guidance"))


def odd_finding(setting: ModuleSetting, branch: list[ModuleSetting], when: Transition) -> Finding | None:
    """One module of a branch reading another database than the branch's other modules (at least two of
    them, agreeing). A half-done move (the same name, another year, on any server of the site) is not odd:
    `wrong_year` says which side is behind."""
    others = [s for s in branch if s.branch == setting.branch and s.module != setting.module]
    where = (setting.server, fold(setting.database))
    if len(others) < 2 or own_database(setting, when) or any((s.server, fold(s.database)) == where for s in others):
        return None
    counts: dict[tuple[str, str], list[ModuleSetting]] = {}
    for s in others:
        counts.setdefault((s.server, fold(s.database)), []).append(s)
    most = max(counts.values(), key=len)
    if len(most) < 2 or len(most) * 2 <= len(others):
        return None
    mine, theirs = split_year(setting.database), split_year(most[0].database)
    if mine is not None and theirs is not None and mine.key == theirs.key and mine.year != theirs.year:
        return None
    return Finding(
        "odd_database",
        "suspect",
        t("check.odd", n=len(most), others=most[0].database, database=setting.database),
        t("check.copy.guidance"),
    )
