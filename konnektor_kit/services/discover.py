"""Candidates for one module and branch, ranked for a target year: "Firma/Dönem Ara" and "Veri tabanı Ara"."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..domain.catalog import Decision
from ..domain.programs import profile_for
from ..domain.settings import ModuleSetting
from ..i18n import Lang
from .inspect import find_setting
from .workspace import Workspace

COLUMNS = ["database", "firm", "period", "year", "label", "score", "reason", "documents"]


@dataclass(frozen=True)
class Discovery:
    setting: ModuleSetting
    year: int
    decision: Decision
    search: str  # "firm_period" or "database": which Konnektör button this is

    def frame(self, lang: Lang = "tr") -> pd.DataFrame:
        """The candidates as a table, best first, with the reason of each rank in words."""
        rows = [c.to_json(lang) for c in self.decision.candidates]
        return pd.DataFrame(rows, columns=COLUMNS).astype({"score": "int64"})


def decide(ws: Workspace, setting: ModuleSetting, year: int) -> Decision:
    return profile_for(setting.program).decide(setting, year, ws.catalog(setting.server))


def discover(ws: Workspace, module: str, branch: str | None, year: int) -> Discovery:
    setting = find_setting(ws.store.read_all(), module, branch)
    profile = profile_for(setting.program)
    return Discovery(setting, year, decide(ws, setting, year), profile.search)
