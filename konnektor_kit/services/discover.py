"""Candidates for one module and branch, ranked for a target year: "Firma/Dönem Ara" and "Veri tabanı Ara".

A year's database can sit on another server of the site than last year's (a new SQL Server instance
for the new year): every server of the site is searched, the setting's own first, and each candidate
carries the server it sits on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..data.database_states import unavailable_note
from ..domain.decisions import Candidate, Decision
from ..domain.programs import profile_for
from ..domain.settings import ModuleSetting
from ..domain.transition import Transition
from ..exceptions import KitError
from ..i18n import Joined, Msg, t
from .inspect import find_setting
from .workspace import Workspace


@dataclass(frozen=True)
class Discovery:
    setting: ModuleSetting
    year: int
    decision: Decision
    search: str  # "firm_period" or "database": which Konnektör button this is
    when: Transition | None = None


def decide_on(ws: Workspace, setting: ModuleSetting, when: Transition, server: str) -> Decision:
    """The program's decision on one server of the site, told which databases that server lists but cannot
    open (a copy still RESTORING is the year's database the engineer is looking for); every candidate
    names its server."""
    catalog = ws.catalog(server)
    decision = profile_for(setting.program).decide(setting, when, catalog)
    decision = replace(
        decision,
        candidates=tuple(replace(c, server=server) for c in decision.candidates),
        target=replace(decision.target, server=server) if decision.target is not None else None,
    )
    note = unavailable_note(catalog.unavailable())
    if note is None:
        return decision
    return replace(decision, reason=Joined([decision.reason, note], sep="; "))


def decide(ws: Workspace, setting: ModuleSetting, when: Transition | int, everywhere: bool = False) -> Decision:
    """The decision on the setting's own server. Where it finds nothing, the site's other servers are
    searched too, and a single move found on one of them is the answer (its reason names the server);
    `everywhere` ("Veri tabanı Ara") lists every server's candidates whatever the own server answered."""
    transition = ws.transition(when)
    own = decide_on(ws, setting, transition, setting.server)
    others = [name for name in ws.site.servers if name != setting.server]
    if not others or (own.ok and not everywhere):
        return own
    found: list[tuple[str, Decision]] = []
    for server in others:
        try:
            found.append((server, decide_on(ws, setting, transition, server)))
        except KitError:
            continue  # a dead or unreadable other server: the setting's own answer stands
    moves = [(server, d) for server, d in found if d.status == "move" and d.target is not None]
    if own.status != "not_found" or len(moves) != 1:
        return replace(own, candidates=_merged(own, [d for _, d in found]))
    server, chosen = moves[0]
    assert chosen.target is not None
    target = replace(
        chosen.target, reason=Joined([chosen.target.reason, t("reason.other_server", server=server)], sep="; ")
    )
    why: Msg = t("reason.other_server_found", server=server, own=setting.server, why=own.reason)
    reason = t("decision.move", year=transition.year, target=Joined([target.reason, why], sep="; "))
    rest = [own, *(d for _, d in found if d is not chosen)]
    return Decision("move", reason, _merged(replace(chosen, candidates=(target, *chosen.candidates[1:])), rest), target)


def _merged(first: Decision, rest: list[Decision]) -> tuple[Candidate, ...]:
    """Every server's candidates, best first; on equal scores the first decision's before the others'."""
    seen: set[tuple[str | None, str, str | None, str | None]] = set()
    ordered: list[tuple[int, int, int, Candidate]] = []
    for rank, decision in enumerate([first, *rest]):
        for c in decision.candidates:
            key = (c.server, c.database, c.firm, c.period)
            if key not in seen:
                seen.add(key)
                ordered.append((-c.score, rank, len(ordered), c))
    return tuple(c for *_, c in sorted(ordered, key=lambda x: x[:3]))


def discover(ws: Workspace, module: str, branch: str | None, when: Transition | int) -> Discovery:
    setting = find_setting(ws.store.read_all(), module, branch)
    profile = profile_for(setting.program)
    transition = ws.transition(when)
    decision = decide(ws, setting, transition, everywhere=True)
    return Discovery(setting, transition.year, decision, profile.search, transition)
