"""Candidates for one module and branch, ranked for a target year: "Firma/Dönem Ara" and "Veri tabanı Ara"."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..data.database_states import unavailable_note
from ..domain.catalog import Decision, Transition
from ..domain.programs import profile_for
from ..domain.settings import ModuleSetting
from ..i18n import Joined
from .inspect import find_setting
from .workspace import Workspace


@dataclass(frozen=True)
class Discovery:
    setting: ModuleSetting
    year: int
    decision: Decision
    search: str  # "firm_period" or "database": which Konnektör button this is
    when: Transition | None = None


def decide(ws: Workspace, setting: ModuleSetting, when: Transition | int) -> Decision:
    """The program's decision, told which databases the server lists but cannot open (a copy still
    RESTORING is the year's database the engineer is looking for)."""
    catalog = ws.catalog(setting.server)
    decision = profile_for(setting.program).decide(setting, ws.transition(when), catalog)
    note = unavailable_note(catalog.unavailable())
    if note is None:
        return decision
    return replace(decision, reason=Joined([decision.reason, note], sep="; "))


def discover(ws: Workspace, module: str, branch: str | None, when: Transition | int) -> Discovery:
    setting = find_setting(ws.store.read_all(), module, branch)
    profile = profile_for(setting.program)
    transition = ws.transition(when)
    return Discovery(setting, transition.year, decide(ws, setting, transition), profile.search, transition)
