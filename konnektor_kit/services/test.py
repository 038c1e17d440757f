"""`test`: does each setting reach its server, database, the program's tables and the year's documents?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..data.probe import Probe
from ..domain.codes import FirmCode, PeriodCode
from ..domain.decisions import Finding
from ..domain.programs import is_known, profile_for
from ..domain.programs.base import copy_finding, odd_finding
from ..domain.settings import ModuleSetting
from ..domain.transition import Transition
from ..exceptions import InvalidCode, KitError
from ..i18n import Lang, t
from .workspace import Workspace

SEVERITY_ORDER = {"error": 0, "suspect": 1, "warning": 2, "ok": 3}


@dataclass(frozen=True)
class CheckResult:
    setting: ModuleSetting
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    #: the pre-flight probe of the setting's server (None: nothing to probe, e.g. an SQLite folder)
    probe: Probe | None = None

    @property
    def worst(self) -> Finding:
        return min(self.findings, key=lambda f: SEVERITY_ORDER[f.severity])

    @property
    def ok(self) -> bool:
        """No error, and not on a copy nor on a database the branch's other modules do not use."""
        return all(f.severity not in ("error", "suspect") for f in self.findings)

    @property
    def category(self) -> str:
        worst = self.worst
        return "ok" if worst.severity == "ok" else worst.category

    def message(self, lang: Lang = "tr") -> str:
        shown = [f for f in self.findings if f.severity != "ok"] or list(self.findings)
        parts = []
        for f in sorted(shown, key=lambda f: SEVERITY_ORDER[f.severity]):
            text = f.message.get(lang)
            if f.guidance is not None:
                text += " " + f.guidance.get(lang)
            parts.append(text)
        return " | ".join(parts)

    def to_json(self, lang: Lang = "tr") -> dict[str, Any]:
        return {
            "module": self.setting.module,
            "branch": self.setting.branch,
            "ok": self.ok,
            "category": self.category,
            "message": self.message(lang),
            "findings": [
                {"category": f.category, "severity": f.severity, "message": f.message.get(lang)} for f in self.findings
            ],
            "probe": self.probe.to_json() if self.probe else None,
        }


def check_codes(setting: ModuleSetting) -> list[Finding]:
    """A code stored as "2" instead of "002" is the classic silent failure: name it."""
    findings = []
    for parser, value in ((FirmCode, setting.firm), (PeriodCode, setting.period)):
        try:
            normal = parser.normalise(value)
        except InvalidCode as exc:
            findings.append(Finding("bad_code", "error", exc.msg))
            continue
        if value is not None and value != (normal or ""):
            findings.append(
                Finding(
                    "bad_code",
                    "error",
                    t("code.stored_unnormalised", what=t(parser.WHAT), stored=value, normal=normal or ""),
                )
            )
    return findings


def check_setting(
    ws: Workspace, setting: ModuleSetting, when: Transition | int, branch: list[ModuleSetting] | None = None
) -> CheckResult:
    """One setting's test; `branch`: the site's settings it is compared with (default: as stored, the
    setting itself in place of its own row), for a module reading another database than its branch."""
    findings = check_codes(setting)
    transition = ws.transition(when)
    if branch is None:
        branch = [s for s in ws.store.read_all() if s.key != setting.key]
    suspect = [f for f in (copy_finding(setting, transition), odd_finding(setting, branch, transition)) if f]
    if not is_known(setting.program):
        findings.append(Finding("profile_mismatch", "warning", t("check.unknown_program", program=setting.program)))
    probe = None
    try:
        catalog = ws.catalog(setting.server)
        try:
            catalog.real_name(setting.database)
            findings.extend(profile_for(setting.program).verify(setting, transition, catalog))
        finally:
            probe = catalog.probe
    except KitError as exc:
        findings.append(Finding(exc.category, "error", exc.msg, exc.guidance))
    if not findings:
        findings.append(Finding("ok", "ok", t("check.ok", what=setting.database)))
    return CheckResult(setting, tuple(suspect + findings), probe)


def check_settings(
    ws: Workspace,
    settings: list[ModuleSetting],
    when: Transition | int,
    progress: Callable[[int, int, ModuleSetting], None] | None = None,
) -> list[CheckResult]:
    if not settings:
        return []  # nothing asked: the Konnektör's database is not even opened (it may be the broken part)
    ws.warm(settings)
    stored = ws.store.read_all()  # every module of each branch, whichever of them are checked
    results = []
    for i, setting in enumerate(settings):
        if progress:
            progress(i, len(settings), setting)
        results.append(check_setting(ws, setting, when, stored))
    return results
