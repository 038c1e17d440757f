"""One row of the Konnektör's settings: which database, firm and period a module reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any


def target_label(database: str, firm: str | None, period: str | None) -> str:
    """Where a setting points, as an engineer reads it: "LOGODB 002/03", or just "IZMIRSUBE2026"."""
    codes = "/".join(c or "—" for c in (firm, period)) if (firm or period) else ""
    return f"{database} {codes}".strip()


@dataclass(frozen=True)
class ModuleSetting:
    """Codes are kept exactly as stored (a wrong "2" stays "2") so that `test` can point at it."""

    module: str
    branch: str
    program: str
    server: str
    database: str
    firm: str | None
    period: str | None
    version: int = 0
    updated: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.module, self.branch)

    def target(self) -> tuple[str, str, str | None, str | None]:
        """What the setting points at; two settings with the same target need no change."""
        return (self.server, self.database, self.firm, self.period)

    @property
    def label(self) -> str:
        return target_label(self.database, self.firm, self.period)

    def pointing_at(self, database: str, firm: str | None, period: str | None) -> ModuleSetting:
        return replace(self, database=database, firm=firm, period=period)

    def taking_target_of(self, other: ModuleSetting, stamp: str) -> ModuleSetting:
        """This row (its module, branch and next SURUM) written with `other`'s program and target."""
        return replace(
            self,
            program=other.program,
            server=other.server,
            database=other.database,
            firm=other.firm,
            period=other.period,
            version=self.version + 1,
            updated=stamp,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("updated")
        return data

    def to_full_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModuleSetting:
        fields: dict[str, Any] = {k: data.get(k, "" if k == "updated" else None) for k in cls.__dataclass_fields__}
        return cls(**fields)
