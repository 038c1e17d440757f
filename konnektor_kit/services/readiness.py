"""December's question: is next year's target already there for every module and branch?

Readiness asks each program's own decision (the same `plan_new_year` the transition runs) for the
coming year and reads the answer for a support centre: a target that already exists (ready, moved
with `new-year` on 1 January), a setting that stays where it is (the move is automatic: NETSIS
devirsiz, LOGO dönemsiz, MIKRO one company for all years, …), a target nobody has created yet (the
accounting vendor must: "Muhasebe Programcınızdan destek alabilirsiniz"), a choice only the engineer
can make, or a setting that cannot be read at all. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ..domain.decisions import Finding
from ..domain.programs import is_known
from ..domain.programs.base import copy_finding, odd_finding
from ..domain.settings import ModuleSetting
from ..domain.transition import Transition
from ..i18n import Lang, Msg, plural, t
from . import hints
from .plan import PlanItem, plan_new_year
from .workspace import Workspace


def next_year_name(database: str, year: int) -> str | Msg:
    """The database's name with its year made `year` ("ETA_GIDA_2026" → "ETA_GIDA_2027"); a name
    without a year gives ETA's pattern in words ("ETA_<ŞİRKET>_2027")."""
    import re

    found = list(re.finditer(r"(?<!\d)(19|20)\d\d(?!\d)", database))
    if not found:
        return t("ready.eta_pattern", year=year)
    last = found[-1]
    return database[: last.start()] + str(year) + database[last.end() :]


State = Literal["automatic", "ready", "suspect", "missing", "decide", "broken"]
#: who must act before 1 January: the accounting vendor creates the target, the engineer decides
Who = Literal["vendor", "engineer"]

STATE_OF_STATUS: dict[str, State] = {
    "keep": "automatic",
    "move": "ready",
    "not_found": "missing",
    "ambiguous": "decide",
    "mismatch": "broken",
    "error": "broken",
}
WHO_OF_STATE: dict[State, Who | None] = {
    "automatic": None,
    "ready": None,
    "suspect": "engineer",
    "missing": "vendor",
    "decide": "engineer",
    "broken": "engineer",
}
#: the worst state first: what a site's summary and the campaign's "first thing to do" lead with
ORDER: tuple[State, ...] = ("broken", "suspect", "missing", "decide", "ready", "automatic")


@dataclass(frozen=True)
class Readiness:
    """One module and branch, seen in December for the coming year."""

    item: PlanItem
    year: int
    #: the setting reads a backup/test copy, or a database the branch's other modules do not use
    suspect: Finding | None = None

    @property
    def setting(self) -> ModuleSetting:
        return self.item.before

    @property
    def state(self) -> State:
        state = STATE_OF_STATUS.get(self.item.status, "broken")
        return "suspect" if self.suspect is not None and state in ("ready", "automatic") else state

    @property
    def ready(self) -> bool:
        return self.state in ("automatic", "ready")

    @property
    def automatic(self) -> bool:
        """True when 1 January needs no change of this setting at all."""
        return self.state == "automatic"

    @property
    def target(self) -> ModuleSetting | None:
        """Where the setting points on 1 January: the new target when it is ready, the setting itself when
        the move is automatic, None while nobody can say."""
        return self.item.after if self.state == "ready" else self.setting if self.automatic else None

    @property
    def who(self) -> Who | None:
        return WHO_OF_STATE[self.state]

    @property
    def missing(self) -> Msg | None:
        """What must exist before 1 January, in the program's own terms."""
        if self.state != "missing":
            return None
        program = self.setting.program.strip().upper() if is_known(self.setting.program) else "GENERIC"
        return t(
            f"ready.needs.{program}",
            year=self.year,
            database=self.setting.database,
            firm=self.setting.firm or "—",
            expected=next_year_name(self.setting.database, self.year),
        )

    def todo(self, site_path: str) -> Msg:
        """The one thing to do for this row, as a sentence (with a whole command where there is one)."""
        if self.state == "automatic":
            return t("ready.todo.automatic", year=self.year, why=self.item.reason)
        if self.state == "ready":
            return t("ready.todo.ready", command=hints.new_year(site_path, self.year, yes=True))
        if self.state == "suspect" and self.suspect is not None:
            return t("ready.todo.suspect", finding=self.suspect.message, command=hints.run_test(site_path, self.year))
        if self.state == "missing":
            return t("ready.todo.vendor", needs=self.missing or "")
        if self.state == "decide":
            s = self.setting
            return t("ready.todo.decide", command=hints.discover(site_path, s.module, s.branch, self.year))
        return t("ready.todo.broken", command=hints.run_test(site_path, self.year))

    def to_json(self, lang: Lang, site_path: str) -> dict[str, Any]:
        target = self.target
        return {
            "module": self.setting.module,
            "branch": self.setting.branch,
            "program": self.setting.program,
            "year": self.year,
            "ready": self.ready,
            "state": self.state,
            "automatic": self.automatic,
            "current": self.setting.to_json(),
            "target": target.to_json() if target is not None else None,
            "missing": self.missing.get(lang) if self.missing else None,
            "who": self.who,
            "reason": self.item.reason.get(lang),
            "todo": self.todo(site_path).get(lang),
        }


@dataclass(frozen=True)
class SiteReadiness:
    """Every module and branch of one site for one coming year."""

    site_path: str
    year: int
    rows: tuple[Readiness, ...]

    @property
    def ready(self) -> bool:
        return all(r.ready for r in self.rows)

    def count(self, *states: State) -> int:
        return sum(1 for r in self.rows if r.state in states)

    def first(self) -> Readiness | None:
        """The row that needs attention first (worst state, in the Konnektör's order)."""
        return min(self.rows, key=lambda r: ORDER.index(r.state), default=None)

    def summary(self) -> Msg:
        return t(
            "ready.summary",
            year=self.year,
            total=plural(len(self.rows), "plural.setting"),
            ready=self.count("ready", "automatic"),
            automatic=self.count("automatic"),
            missing=self.count("missing"),
            suspect=self.count("suspect"),
            decide=self.count("decide"),
            broken=self.count("broken"),
        )

    def to_json(self, lang: Lang) -> list[dict[str, Any]]:
        return [r.to_json(lang, self.site_path) for r in self.rows]


def readiness(
    ws: Workspace,
    when: Transition | int,
    progress: Callable[[int, int, ModuleSetting], None] | None = None,
) -> SiteReadiness:
    """Next year's readiness of every module and branch, decided by the programs' own rules."""
    plan = plan_new_year(ws, when, progress=progress)
    year = plan.year if plan.year is not None else Transition.of(when).year
    transition = ws.transition(when)
    stored = [item.before for item in plan.items]
    rows = tuple(
        Readiness(
            item,
            year,
            copy_finding(item.before, transition) or odd_finding(item.before, stored, transition),
        )
        for item in plan.items
    )
    return SiteReadiness(str(ws.site.path), year, rows)


def not_opened(items: Iterable[PlanItem], year: int) -> list[Msg]:
    """For the rows whose target nobody has opened yet (not_found), one sentence per program: what must
    exist and who opens it, in the words `ready` uses ("Muhasebe Programcınızdan destek alabilirsiniz")."""
    by_program: dict[str, list[Readiness]] = {}
    for item in items:
        if item.status == "not_found":
            row = Readiness(item, year)
            by_program.setdefault(row.setting.program, []).append(row)
    return [
        t(
            "ready.not_opened",
            program=program,
            year=year,
            count=plural(len(rows), "plural.setting"),
            todo=rows[0].todo(""),
        )
        for program, rows in by_program.items()
    ]
