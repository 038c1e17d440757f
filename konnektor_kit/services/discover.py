"""Candidates for one module and branch, ranked for a target year: "Firma/Dönem Ara" and "Veri tabanı Ara"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..data.database_states import unavailable_note
from ..domain.catalog import Candidate, Decision, Transition
from ..domain.programs import profile_for
from ..domain.settings import ModuleSetting, target_label
from ..i18n import Count, Joined, Lang, t, tr_date, word
from .inspect import find_setting
from .workspace import Workspace

if TYPE_CHECKING:  # pandas is imported when a table is drawn: the command line starts without it
    import pandas as pd

COLUMNS = ["database", "firm", "period", "year", "begin", "end", "documents", "label", "score", "reason", "fits"]


@dataclass(frozen=True)
class Discovery:
    setting: ModuleSetting
    year: int
    decision: Decision
    search: str  # "firm_period" or "database": which Konnektör button this is
    when: Transition | None = None

    def frame(self, lang: Lang = "tr") -> pd.DataFrame:
        """The candidates as a table, best first, with the reason of each rank in words."""
        import pandas as pd

        rows = [c.to_json(lang) for c in self.decision.candidates]
        return pd.DataFrame(rows, columns=COLUMNS).astype({"score": "int64"})


SHOWN = ["database", "firm", "period", "dates", "documents", "score", "reason"]


def candidate_dates(c: Candidate) -> str:
    """ "01.07.2025–30.06.2026", marked ⚠ when it does not hold the transition day."""
    if c.begin is None and c.end is None:
        return "—"
    return f"{tr_date(c.begin)}–{tr_date(c.end)}" + (" ⚠" if c.fits is False else "")


def candidate_line(c: Candidate, lang: Lang = "tr") -> str:
    """One line an engineer can choose from: where, which dates, how many documents."""
    docs = t("reason.docs", count=Count(c.documents)).get(lang) if c.documents is not None else ""
    return " · ".join(x for x in (target_label(c.database, c.firm, c.period), candidate_dates(c), docs) if x)


def candidates_table(candidates: Sequence[Candidate], lang: Lang = "tr") -> pd.DataFrame:
    """What both faces show of the candidates, with headers in the reader's language."""
    import pandas as pd

    rows = [
        {
            "database": c.database,
            "firm": c.firm or "—",
            "period": c.period or "—",
            "dates": candidate_dates(c),
            "documents": Count(c.documents).get(lang) if c.documents is not None else "—",
            "score": c.score,
            "reason": c.reason.get(lang),
        }
        for c in candidates
    ]
    frame = pd.DataFrame(rows, columns=SHOWN)
    frame.columns = [word(f"col.{c}", lang) for c in SHOWN]
    return frame


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
