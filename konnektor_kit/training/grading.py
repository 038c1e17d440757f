"""Grading a training exercise ("Kontrol Et"): where each module points now against the scenario's answer.

It reads the scenario's own expected targets (written beside the sandbox), never the kit's rules: a
trainee is graded against the story, so a rule change cannot turn a right answer wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.settings import ModuleSetting
from .sandbox import SandboxInfo


@dataclass(frozen=True)
class Grade:
    """One module and branch in training: where it points now against where the scenario expects."""

    module: str
    branch: str
    now: tuple[str, str | None, str | None]
    expected: tuple[str, str | None, str | None]

    @property
    def ok(self) -> bool:
        return self.now == self.expected


def grade(info: SandboxInfo, settings: list[ModuleSetting]) -> list[Grade]:
    """ "Kontrol Et": each setting against the scenario's own answer, not against the kit's rules."""
    now = {s.key: (s.database, s.firm, s.period) for s in settings}
    return [Grade(m, b, now.get((m, b), ("—", None, None)), want) for (m, b), want in info.expected.items()]
