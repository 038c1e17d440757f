"""What scripts rely on: the command line's words and JSON shapes that shared/docs/contract.md §4 promises.

Held in one base module the command line reads without loading the verbs (`--help` stays light) and the
verbs' own modules read too, so a word can never differ between the parser and the code behind it.
"""

from __future__ import annotations

from typing import Literal

#: the verbs a campaign runs over every site of a folder (`campaign --verb`)
CampaignVerb = Literal["ready", "test", "diagnose"]
CAMPAIGN_VERBS: tuple[CampaignVerb, ...] = ("ready", "test", "diagnose")

#: an item's keys in `new-year --json`, in this order (its `after` as written, its reason then its caution)
PLAN_JSON = ("module", "branch", "before", "after", "ok", "status", "changes", "reason", "caution")

#: a change's keys in `history --json` and `undo --json`, in this order, before its rows
HISTORY_JSON = ("id", "time", "kind", "note", "user", "undone_by", "undoes", "damaged")
