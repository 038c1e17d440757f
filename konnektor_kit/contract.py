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

#: a module setting in `inspect --json` and inside every `before`/`after` (`apply`, `new-year`, `ready`)
SETTING_JSON = ("module", "branch", "program", "server", "database", "firm", "period", "version")

#: a candidate in `discover --json`, best first (its reason and what its documents say of its dates)
CANDIDATE_JSON = (
    "database",
    "firm",
    "period",
    "year",
    "label",
    "score",
    "reason",
    "documents",
    "begin",
    "end",
    "fits",
    "server",
)

#: a setting's result in `test --json` (and in `init --json`'s `test`), each finding as FINDING_JSON
TEST_JSON = ("module", "branch", "ok", "category", "message", "findings", "probe")
FINDING_JSON = ("category", "severity", "message")

#: what the probe saw of a setting's server before any driver ran (`test --json`'s `probe`, or null)
PROBE_JSON = ("host", "port", "instance", "resolved", "tcp", "ms")

#: a setting's readiness for the coming year in `ready --json` (`current` and `target` as SETTING_JSON)
READY_JSON = (
    "module",
    "branch",
    "program",
    "year",
    "ready",
    "state",
    "automatic",
    "current",
    "target",
    "missing",
    "who",
    "reason",
    "todo",
)

#: what `init --json` wrote and found
INIT_JSON = ("site", "database", "konnektor", "found", "skipped", "servers", "settings", "test", "ok", "next")
