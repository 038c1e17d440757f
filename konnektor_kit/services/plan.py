"""Plan a change (nothing written), apply it in one transaction, undo it: sections 1 and 2 as code.

A plan is a list of before/after pairs with the reason of each; applying refuses a plan in which
any setting needs the engineer's decision, so the customer is never left half on the old year.
Which change an undo takes is decided here too; the store only writes it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..data.store import ChangeRecord as ChangeRecord  # re-exported: the forms name it, never the data layer
from ..domain.codes import FirmCode, PeriodCode
from ..domain.decisions import Candidate, Decision, DecisionStatus
from ..domain.modules import Module
from ..domain.programs import profile_for
from ..domain.settings import ModuleSetting
from ..domain.transition import Transition
from ..exceptions import (
    InvalidCode,
    KitError,
    NeedsConfirmation,
    NeedsEngineer,
    NothingToUndo,
    TargetDatabaseMissing,
)
from ..i18n import Lang, Msg, t
from . import hints
from .discover import decide
from .inspect import find_setting
from .workspace import Workspace

UNCHANGED = object()

#: a row's state, printed as is (`new-year --json`'s "status", status.* words): a Decision's status,
#: "skipped" when the engineer left the module out, "error" when the setting could not be read
PlanStatus = Literal[DecisionStatus, "skipped", "error"]
#: what a plan is for, recorded as its change's kind in the history (beside the store's "undo")
PlanKind = Literal["new-year", "apply"]


@dataclass(frozen=True)
class PlanItem:
    before: ModuleSetting
    after: ModuleSetting
    status: PlanStatus
    reason: Msg
    candidates: tuple[Candidate, ...] = ()
    #: something the engineer must know before this row moves (e-Defter: last year's books)
    caution: Msg | None = None
    #: the engineer chose a candidate that does not hold the transition day, and confirmed it
    other_year: bool = False

    @property
    def ok(self) -> bool:
        return self.status in ("move", "keep", "skipped")

    @property
    def changes(self) -> bool:
        return self.ok and self.before.target() != self.after.target()

    def explained(self, lang: Lang = "tr") -> str:
        """Why this row moves (or not), followed by its caution: what a table or `new-year --json` says."""
        caution = f" — {self.caution.get(lang)}" if self.caution is not None else ""
        return self.reason.get(lang) + caution

    def to_json(self, lang: Lang = "tr") -> dict[str, Any]:
        return {
            "module": self.before.module,
            "branch": self.before.branch,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "ok": self.ok,
            "status": self.status,
            "changes": self.changes,
            "reason": self.reason.get(lang),
            "caution": self.caution.get(lang) if self.caution else None,
            "other_year": self.other_year,
        }


@dataclass(frozen=True)
class Plan:
    kind: PlanKind
    year: int | None
    items: tuple[PlanItem, ...]
    when: Transition | None = None

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
    """The setting moved to a candidate (on its server, when discovery found it on another one of the
    site), its codes in the stored form; InvalidCode if they have none."""
    moved = setting.pointing_at(
        candidate.database, FirmCode.normalise(candidate.firm), PeriodCode.normalise(candidate.period)
    )
    return replace(moved, server=candidate.server) if candidate.server else moved


def item_from_decision(setting: ModuleSetting, decision: Decision, caution: Msg | None = None) -> PlanItem:
    if not decision.ok or decision.target is None:
        return PlanItem(setting, setting, decision.status, decision.reason, decision.candidates, caution)
    try:
        after = pointing_at_candidate(setting, decision.target)
    except InvalidCode as exc:
        return PlanItem(setting, setting, "mismatch", exc.msg, decision.candidates, caution)
    return PlanItem(setting, after, decision.status, decision.reason, decision.candidates, caution)


def caution_for(setting: ModuleSetting, when: Transition, how: Msg | str) -> Msg | None:
    """e-Defter moves like every module (the procedure says so), but December's books of last year are
    signed months later from last year's database: the engineer must have them finished or confirmed.
    `how` says how to leave the row out where the engineer reads it (a command, a tick box)."""
    if setting.module == Module.E_DEFTER.code:
        return t("plan.edefter_caution", last=when.year - 1, how=how)
    return None


def plan_new_year(
    ws: Workspace,
    when: Transition | int,
    settings: list[ModuleSetting] | None = None,
    progress: Callable[[int, int, ModuleSetting], None] | None = None,
    skip: Iterable[str] = (),
    leave_out: Msg | None = None,
) -> Plan:
    """Every module and branch moved to the transition's database or firm/period; nothing is written.

    Modules in `skip` (module codes, e.g. e-Defter while last year's books are open) stay as they are.
    A caution says how to leave its row out: `leave_out` (a form's tick box), else the whole command."""
    transition = ws.transition(when)
    skip = list(skip)
    how: Msg | str = leave_out or hints.new_year(ws.site.path, transition, [*skip, Module.E_DEFTER.code])
    settings = settings if settings is not None else ws.store.read_all()
    skipped = set(skip)
    ws.warm(s for s in settings if s.module not in skipped)
    items = []
    for i, setting in enumerate(settings):
        if progress:
            progress(i, len(settings), setting)
        caution = caution_for(setting, transition, how)
        if setting.module in skipped:
            items.append(PlanItem(setting, setting, "skipped", t("plan.skipped", module=setting.module), (), caution))
            continue
        try:
            items.append(item_from_decision(setting, decide(ws, setting, transition), caution))
        except KitError as exc:
            items.append(PlanItem(setting, setting, "error", exc.msg, (), caution))
    return Plan("new-year", transition.year, tuple(items), transition)


def plan_change(
    ws: Workspace,
    module: str,
    branch: str | None,
    database: str | None = None,
    firm: str | None | object = UNCHANGED,
    period: str | None | object = UNCHANGED,
    server: str | None = None,
) -> Plan:
    """Section 2's "Bağlantı Ayarları": one setting pointed where the engineer says, input checked first."""
    setting = find_setting(ws.store.read_all(), module, branch)
    new_firm = setting.firm if firm is UNCHANGED else FirmCode.normalise(firm)  # type: ignore[arg-type]
    new_period = setting.period if period is UNCHANGED else PeriodCode.normalise(period)  # type: ignore[arg-type]
    if profile_for(setting.program).search == "firm_period":  # LOGO reads its data by firm and period
        # a blank code (a script's empty variable) would clear what the program needs: bad input
        if firm is not UNCHANGED and new_firm is None:
            raise InvalidCode(t("apply.code_needed", program=setting.program, what=t(FirmCode.WHAT)))
        if period is not UNCHANGED and new_period is None and setting.period is not None:
            raise InvalidCode(t("apply.code_needed", program=setting.program, what=t(PeriodCode.WHAT)))
    new_server = server.strip() if server and server.strip() else setting.server
    new_database = setting.database
    if (database is not None and database.strip()) or new_server != setting.server:
        wanted = (database or "").strip() or setting.database
        catalog = ws.catalog(new_server)
        if not catalog.has_database(wanted):
            raise TargetDatabaseMissing(
                t("db.missing", database=wanted, server=new_server), t("guidance.database_missing")
            )
        new_database = catalog.real_name(wanted)
    after = replace(setting.pointing_at(new_database, new_firm, new_period), server=new_server)
    status: PlanStatus = "move" if after.target() != setting.target() else "keep"
    reason = (
        t("apply.same", module=setting.module, branch=setting.branch or "—")
        if status == "keep"
        else t("decision.move", year="—", target=f"{new_database} {new_firm or ''}/{new_period or ''}")
    )
    return Plan("apply", None, (PlanItem(setting, after, status, reason),))


def choose(plan: Plan, key: tuple[str, str], candidate: Candidate, confirmed: bool = False) -> Plan:
    """ "Seç" + "Tamam": the engineer's pick from the candidate table replaces the kit's for one row.

    A candidate that does not hold the transition day (last year's period, next July's) is taken only
    when `confirmed`, and stays marked in the preview."""
    other_year = candidate.fits is False
    if other_year and not confirmed:
        raise NeedsConfirmation(
            t("plan.other_year_confirm", target=candidate.label, year=plan.year or "—", candidate=candidate.reason)
        )
    items = []
    for item in plan.items:
        if item.before.key == key:
            reason = t(
                "plan.chosen_other_year" if other_year else "plan.chosen",
                target=candidate.reason,
                year=plan.year or "—",
            )
            item = PlanItem(
                item.before,
                pointing_at_candidate(item.before, candidate),
                "move",
                reason,
                item.candidates,
                item.caution,
                other_year,
            )
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
    """Undo change `change_id`, or with None the latest one (the CLI's `undo`, page 03's button)."""
    return ws.store.undo(undo_target(ws, change_id))


def undo_target(ws: Workspace, change_id: int | None = None) -> ChangeRecord:
    """The change `undo_change` would undo, read and nothing written: what a confirmation shows first.
    The read is ended before the question, so the undo that follows reads the history afresh."""
    try:
        return change_to_undo(ws.store.history(), change_id, lambda n: hints.undo(ws.site.path, n))
    finally:
        ws.store.end_read()


def change_to_undo(records: list[ChangeRecord], change_id: int | None, hint: Callable[[int], str]) -> ChangeRecord:
    """The change an undo takes from the history (oldest first), or NothingToUndo saying why none.

    A bare undo walks back only the latest change: when the latest entry is itself an undo, going
    further is an explicit `--change`, and the refusal names it (`hint`: the whole command undoing a
    change, as the engineer would paste it). A damaged, already undone or undo change is never taken."""
    if change_id is None:
        todo = [c for c in records if c.kind != "undo" and c.undone_by is None]
        if records and records[-1].kind == "undo" and todo:
            raise NothingToUndo(
                t(
                    "undo.after_undo",
                    last=records[-1].id,
                    undid=records[-1].undoes or "?",
                    next=todo[-1].id,
                    command=hint(todo[-1].id),
                )
            )
        if not todo:
            raise NothingToUndo(t("undo.nothing"))
        change_id = todo[-1].id
    target = next((c for c in records if c.id == change_id), None)
    if target is None:
        raise NothingToUndo(t("undo.unknown", change=change_id))
    if target.damaged is not None:
        raise NothingToUndo(t("undo.damaged", change=change_id, detail=target.damaged))
    if target.undone_by is not None:
        raise NothingToUndo(t("undo.already", change=change_id, by=target.undone_by))
    if target.kind == "undo":
        raise NothingToUndo(t("undo.is_undo", change=change_id))
    return target


def history(ws: Workspace) -> list[ChangeRecord]:
    """The audit trail of every apply and undo, oldest first (the CLI's `history`, page 03's table)."""
    return ws.store.history()
