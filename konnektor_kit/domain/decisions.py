"""What a program profile answers with: candidates, the decision among them, and `test`'s findings.

Plain values that every face can show; their states are closed lists of words (`DecisionStatus`,
`Severity`), each with its words in messages.toml (status.*, severity.*).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..i18n import Msg

DecisionStatus = Literal["move", "keep", "ambiguous", "not_found", "mismatch"]
#: "suspect": reachable and right in content, but a copy or a database the branch's other modules do
#: not use: never shown as ok, with its own colour
Severity = Literal["ok", "warning", "suspect", "error"]


@dataclass(frozen=True)
class Candidate:
    """One row of "Firma/Dönem Ara" or "Veri tabanı Ara": where a module could point."""

    database: str
    firm: str | None
    period: str | None
    year: int | None
    label: str
    score: int
    reason: Msg
    documents: int | None = None
    #: the dates the candidate holds (a LOGO period's BEGDATE–ENDDATE, a company's first–last document)
    begin: date | None = None
    end: date | None = None
    #: does it hold the transition day (or belong to the transition year)? None: not known
    fits: bool | None = None
    #: the site's server it sits on (discovery searches every server of the site); None: the setting's own
    server: str | None = None

    def to_json(self, lang: str = "tr") -> dict[str, Any]:
        return {
            "database": self.database,
            "firm": self.firm,
            "period": self.period,
            "year": self.year,
            "label": self.label,
            "score": self.score,
            "reason": self.reason.get(lang),  # type: ignore[arg-type]
            "documents": self.documents,
            "begin": _iso(self.begin),
            "end": _iso(self.end),
            "fits": self.fits,
            "server": self.server,
        }


@dataclass(frozen=True)
class Decision:
    """A profile's answer for one setting and year: move to `target`, keep, or ask the engineer."""

    status: DecisionStatus
    reason: Msg
    candidates: tuple[Candidate, ...] = ()
    target: Candidate | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("move", "keep")


@dataclass(frozen=True)
class Finding:
    """One thing `test` established about a setting, good or bad.

    `category` stays open text: besides the profiles' own ("wrong_year", "copy_database"), it carries
    the category of any driver error (data/errors.RULES), a vocabulary that grows with the drivers."""

    category: str
    severity: Severity
    message: Msg
    guidance: Msg | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
