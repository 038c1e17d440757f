"""Read the current module settings and find the one a user means."""
from __future__ import annotations

from ..domain.modules import Module
from ..domain.settings import ModuleSetting
from ..exceptions import UnknownBranch, UsageError
from ..i18n import t
from .workspace import Workspace


def inspect_settings(ws: Workspace) -> list[ModuleSetting]:
    return ws.store.read_all()


def select_settings(settings: list[ModuleSetting], module: str | None = None,
                    branch: str | None = None) -> list[ModuleSetting]:
    """Narrow to a module and/or branch; unknown names are bad input, never an empty answer."""
    chosen = settings
    if module is not None:
        code = Module.parse(module).code
        chosen = [s for s in chosen if s.module == code]
    if branch is not None:
        branches = sorted({s.branch for s in chosen})
        match = [s for s in chosen if s.branch.casefold() == branch.strip().casefold()]
        if not match:
            raise UnknownBranch(t("branch.unknown", module=module or "*", typed=branch,
                                  known=", ".join(b or '""' for b in branches) or "—"))
        chosen = match
    return chosen


def find_setting(settings: list[ModuleSetting], module: str, branch: str | None) -> ModuleSetting:
    """Exactly one setting: the branch may be left out only when the module has a single one."""
    chosen = select_settings(settings, module, branch)
    code = Module.parse(module).code
    if not chosen:
        raise UnknownBranch(t("branch.unknown", module=code, typed=branch or "", known="—"))
    if len(chosen) > 1:
        raise UsageError(t("branch.needed", module=code, known=", ".join(s.branch for s in chosen)))
    return chosen[0]
