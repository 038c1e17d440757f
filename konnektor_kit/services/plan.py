"""Plan a change (nothing written), apply it in one transaction, undo it: sections 1 and 2 as code.

A plan is a list of before/after pairs with the reason of each; applying refuses a plan in which
any setting needs the engineer's decision, so the customer is never left half on the old year.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..data.store import ChangeRecord
from ..domain.catalog import Candidate, Decision
from ..domain.codes import FirmCode, PeriodCode
from ..domain.settings import ModuleSetting
from ..exceptions import InvalidCode, KitError, NeedsEngineer, TargetDatabaseMissing
from ..i18n import Lang, Msg, t
from .discover import decide
from .inspect import find_setting
from .workspace import Workspace

UNCHANGED = object()


@dataclass(frozen=True)
class PlanItem:
    before: ModuleSetting
    after: ModuleSetting
    status: str  # a Decision status, or "error" when the setting could not even be read
    reason: Msg
    candidates: tuple[Candidate, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status in ("move", "keep")

    @property
    def changes(self) -> bool:
        return self.ok and self.before.target() != self.after.target()

    def to_json(self, lang: Lang = "tr") -> dict[str, Any]:
        return {"module": self.before.module, "branch": self.before.branch, "before": self.before.to_json(),
                "after": self.after.to_json(), "ok": self.ok, "status": self.status,
                "changes": self.changes, "reason": self.reason.get(lang)}


@dataclass(frozen=True)
class Plan:
    kind: str  # "new-year" or "apply"
    year: int | None
    items: tuple[PlanItem, ...]

    @property
    def blocked(self) -> list[PlanItem]:
        return [i for i in self.items if not i.ok]

    @property
    def changes(self) -> list[PlanItem]:
        return [i for i in self.items if i.changes]

    def only(self, keys: Iterable[tuple[str, str]]) -> Plan:
        """The part of the plan for the chosen modules/branches ("one by one" in section 1)."""
        wanted = set(keys)
        return replace(self, items=tuple(i for i in self.items if i.before.key in wanted))

    def note(self) -> str:
        return f"{self.kind} {self.year}" if self.year else self.kind


def pointing_at_candidate(setting: ModuleSetting, candidate: Candidate) -> ModuleSetting:
    """The setting moved to a candidate, its codes in the stored form; InvalidCode if they have none."""
    return setting.pointing_at(candidate.database, FirmCode.normalise(candidate.firm),
                               PeriodCode.normalise(candidate.period))


def item_from_decision(setting: ModuleSetting, decision: Decision) -> PlanItem:
    if not decision.ok or decision.target is None:
        return PlanItem(setting, setting, decision.status, decision.reason, decision.candidates)
    try:
        after = pointing_at_candidate(setting, decision.target)
    except InvalidCode as exc:
        return PlanItem(setting, setting, "mismatch", exc.msg, decision.candidates)
    return PlanItem(setting, after, decision.status, decision.reason, decision.candidates)


def plan_new_year(ws: Workspace, year: int, settings: list[ModuleSetting] | None = None,
                  progress: Callable[[int, int, ModuleSetting], None] | None = None) -> Plan:
    """Every module and branch moved to `year`'s database or firm/period; nothing is written."""
    settings = settings if settings is not None else ws.store.read_all()
    items = []
    for i, setting in enumerate(settings):
        if progress:
            progress(i, len(settings), setting)
        try:
            items.append(item_from_decision(setting, decide(ws, setting, year)))
        except KitError as exc:
            items.append(PlanItem(setting, setting, "error", exc.msg))
    return Plan("new-year", year, tuple(items))


def plan_change(ws: Workspace, module: str, branch: str | None, database: str | None = None,
                firm: str | None | object = UNCHANGED, period: str | None | object = UNCHANGED,
                server: str | None = None) -> Plan:
    """Section 2's "Bağlantı Ayarları": one setting pointed where the engineer says, input checked first."""
    setting = find_setting(ws.store.read_all(), module, branch)
    new_firm = setting.firm if firm is UNCHANGED else FirmCode.normalise(firm)  # type: ignore[arg-type]
    new_period = setting.period if period is UNCHANGED else PeriodCode.normalise(period)  # type: ignore[arg-type]
    new_server = server.strip() if server and server.strip() else setting.server
    new_database = setting.database
    if (database is not None and database.strip()) or new_server != setting.server:
        wanted = (database or "").strip() or setting.database
        catalog = ws.catalog(new_server)
        if not catalog.has_database(wanted):
            raise TargetDatabaseMissing(t("db.missing", database=wanted, server=new_server),
                                        t("db.missing.guidance"))
        new_database = catalog.real_name(wanted)
    after = replace(setting.pointing_at(new_database, new_firm, new_period), server=new_server)
    status = "move" if after.target() != setting.target() else "keep"
    reason = t("apply.same", module=setting.module, branch=setting.branch or "—") if status == "keep" else \
        t("decision.move", year="—", target=f"{new_database} {new_firm or ''}/{new_period or ''}")
    return Plan("apply", None, (PlanItem(setting, after, status, reason),))


def choose(plan: Plan, key: tuple[str, str], candidate: Candidate) -> Plan:
    """"Seç" + "Tamam": the engineer's pick from the candidate table replaces the kit's for one row."""
    items = []
    for item in plan.items:
        if item.before.key == key:
            item = PlanItem(item.before, pointing_at_candidate(item.before, candidate), "move", t("plan.chosen", target=candidate.reason), item.candidates)
        items.append(item)
    return replace(plan, items=tuple(items))


def apply_plan(ws: Workspace, plan: Plan) -> ChangeRecord | None:
    """Write every change of the plan in one transaction; None when there was nothing to change."""
    if plan.blocked:
        raise NeedsEngineer(t("plan.blocked", count=len(plan.blocked)), plan.blocked)
    changes = [(i.before, i.after) for i in plan.changes]
    if not changes:
        return None
    return ws.store.write(changes, plan.kind, plan.note())


def undo_change(ws: Workspace, change_id: int | None = None) -> ChangeRecord:
    return ws.store.undo(change_id)
