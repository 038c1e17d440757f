"""Read the current module settings and find the one a user means."""

from __future__ import annotations

from ..domain.modules import Module
from ..domain.settings import ModuleSetting
from ..domain.text import fold
from ..exceptions import UnknownBranch, UsageError
from ..i18n import t
from .workspace import Workspace


def inspect_settings(ws: Workspace) -> list[ModuleSetting]:
    return ws.store.read_all()


def select_settings(
    settings: list[ModuleSetting], module: str | None = None, branch: str | None = None
) -> list[ModuleSetting]:
    """Narrow to a module and/or branch; unknown names are bad input, never an empty answer."""
    chosen = settings
    if module is not None:
        code = Module.parse(module).code
        chosen = [s for s in chosen if s.module == code]
    if branch is not None:
        meant = _match_branch({s.branch for s in chosen}, branch, module)
        chosen = [s for s in chosen if s.branch == meant]
    return chosen


def _match_branch(stored: set[str], typed: str, module: str | None = None) -> str:
    """The stored branch a person means: typed exactly as stored (SUBE is part of the key, trailing
    spaces included) first, else the one branch that folds alike ("izmir sube" → "İzmir Şube")."""
    if typed in stored:
        return typed
    fits = sorted(b for b in stored if fold(b) == fold(typed))
    if len(fits) == 1:
        return fits[0]
    if fits:
        raise UsageError(
            t("branch.ambiguous", module=module or "*", typed=typed, known=", ".join(f'"{b}"' for b in fits))
        )
    raise UnknownBranch(
        t(
            "branch.unknown",
            module=module or "*",
            typed=typed,
            known=", ".join(b or '""' for b in sorted(stored)) or "—",
        )
    )


def find_setting(settings: list[ModuleSetting], module: str, branch: str | None) -> ModuleSetting:
    """Exactly one setting: the branch may be left out only when the module has a single one."""
    chosen = select_settings(settings, module, branch)
    code = Module.parse(module).code
    if not chosen:
        raise UnknownBranch(t("branch.unknown", module=code, typed=branch or "", known="—"))
    if len(chosen) > 1:
        raise UsageError(t("branch.needed", module=code, known=", ".join(s.branch for s in chosen)))
    return chosen[0]
