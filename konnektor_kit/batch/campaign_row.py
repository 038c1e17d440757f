"""One site's result in a campaign: what the verb found there, as a typed row and as its JSON.

The JSON (its keys and their order) is what `campaign.json` promises scripts and what each site's
stored result holds, so a re-run can read it back: `to_json` writes it, `from_json` reads it and answers
None for a result of the wrong shape (hand-edited, cut short, or of an older kit), whose site then runs
again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..contract import CAMPAIGN_VERBS, CampaignVerb

#: a site's outcome, worst first: it could not be read or reached; something is late; all is well
Status = Literal["broken", "late", "ok"]
STATUS_ORDER: tuple[Status, ...] = ("broken", "late", "ok")
#: the keys every stored result has (`report_error` only when a report could not be written)
KEYS = (
    "site", "name", "verb", "year", "programs", "ok", "late", "broken", "status", "first", "category",
    "report", "notebook", "seconds",
)  # fmt: skip
COUNTS = ("ok", "late", "broken")
#: text where a row may have nothing (None)
MAYBE_TEXT = ("name", "first", "category", "report", "notebook", "report_error")
#: counts are of modules × branches: anything this large is not a count the kit wrote
MOST = 2**31


@dataclass(frozen=True, kw_only=True)
class CampaignRow:
    """A site's row: until the verb has run it is "broken" with nothing counted, so a site that fails
    to load is its row with the kit's message in `first` and `category`."""

    site: str  # the site file's path, as found under the campaign's folder
    name: str | None = None  # the site's own name, once its file is read
    verb: CampaignVerb
    year: int
    programs: tuple[str, ...] = ()
    ok: int = 0  # modules × branches ready (or that move by themselves) / whose check passed
    late: int = 0  # not ready for the year yet / pointing at last year
    broken: int = 0  # unreadable or failing for another reason
    status: Status = "broken"
    first: str | None = None  # the first thing to do, in words
    category: str | None = None  # its kind (a state or an error category)
    report: str | None = None  # the site's report file
    notebook: str | None = None  # the executed notebook (--notebooks)
    report_error: str | None = None  # why the report could not be written (the verdict stands)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The stored and the summarised shape; `report_error` only when there is one."""
        shape: dict[str, Any] = {
            "site": self.site,
            "name": self.name,
            "verb": self.verb,
            "year": self.year,
            "programs": list(self.programs),
            "ok": self.ok,
            "late": self.late,
            "broken": self.broken,
            "status": self.status,
            "first": self.first,
            "category": self.category,
            "report": self.report,
            "notebook": self.notebook,
        }
        if self.report_error is not None:
            shape["report_error"] = self.report_error
        shape["seconds"] = self.seconds
        return shape

    @classmethod
    def from_json(cls, data: object) -> CampaignRow | None:
        """A stored result read back, or None when it lacks a key, holds a value of another type or a
        count out of range."""
        if not isinstance(data, dict) or any(key not in data for key in KEYS):
            return None
        if not (
            isinstance(data["site"], str)
            and data["verb"] in CAMPAIGN_VERBS
            and _whole(data["year"])
            and isinstance(data["programs"], list)
            and all(isinstance(p, str) for p in data["programs"])
            and all(_whole(data[key]) and 0 <= data[key] < MOST for key in COUNTS)
            and data["status"] in STATUS_ORDER
            and all(data.get(key) is None or isinstance(data[key], str) for key in MAYBE_TEXT)
            and isinstance(data["seconds"], int | float)
            and not isinstance(data["seconds"], bool)
        ):
            return None
        return cls(
            site=data["site"],
            name=data["name"],
            verb=data["verb"],
            year=data["year"],
            programs=tuple(data["programs"]),
            ok=data["ok"],
            late=data["late"],
            broken=data["broken"],
            status=data["status"],
            first=data["first"],
            category=data["category"],
            report=data["report"],
            notebook=data["notebook"],
            report_error=data.get("report_error"),
            seconds=float(data["seconds"]),
        )


def _whole(value: object) -> bool:
    """An int that is not a bool (JSON's true would pass as 1)."""
    return isinstance(value, int) and not isinstance(value, bool)
