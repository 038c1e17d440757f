"""Which of a server's databases the kit may use, and why the others are left out.

SQL Server lists every database in `sys.databases`, also those nobody can open: NETSIS builds a
new-year company by backup and restore, so during the copy the new database exists and is
RESTORING; old years are often taken OFFLINE; a login may see a database it has no access to. The
kit lists only `state = 0 AND HAS_DBACCESS(name) = 1` and names the others with the reason.
Everything here is pure: rows in, names and messages out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..i18n import Joined, Msg, t

#: `sys.databases.state` (Microsoft's reference page); 7 COPYING is Azure SQL Database's.
STATE_WORDS: dict[int, str] = {
    0: "ONLINE",
    1: "RESTORING",
    2: "RECOVERING",
    3: "RECOVERY_PENDING",
    4: "SUSPECT",
    5: "EMERGENCY",
    6: "OFFLINE",
    7: "COPYING",
    10: "OFFLINE_SECONDARY",
}
#: an ONLINE database this login may not open (`HAS_DBACCESS(name)` is 0, or NULL)
NO_ACCESS = "NO_ACCESS"

#: the order reasons are told in: what will fix itself first, then what needs an administrator
_ORDER = (
    "RESTORING",
    "RECOVERING",
    "COPYING",
    "OFFLINE",
    "RECOVERY_PENDING",
    "SUSPECT",
    "EMERGENCY",
    "OFFLINE_SECONDARY",
    NO_ACCESS,
)
_WITH_WORDS = frozenset(_ORDER)


def _as_int(value: Any) -> int | None:
    """Drivers hand back tinyint/int, Decimal or the text '1' (psqlODBC's habit); NULL stays None."""
    if value is None:
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def state_word(state: Any, has_access: Any) -> str | None:
    """None for a usable database, else the word naming why not ("RESTORING", "NO_ACCESS", ...).

    The state is told before the access: a RESTORING database also answers HAS_DBACCESS = 0, and
    "still being restored" is the reason the engineer needs.
    """
    code = _as_int(state)
    if code != 0:
        return STATE_WORDS.get(code, f"STATE_{code}") if code is not None else "STATE_UNKNOWN"
    return None if _as_int(has_access) == 1 else NO_ACCESS


def classify_databases(rows: Iterable[Sequence[Any]]) -> tuple[list[str], dict[str, str]]:
    """Rows of (name, state, HAS_DBACCESS(name)) → (usable names in row order, {name: state word})."""
    usable: list[str] = []
    unavailable: dict[str, str] = {}
    for name, state, has_access in rows:
        why = state_word(state, has_access)
        if why is None:
            usable.append(str(name))
        else:
            unavailable[str(name)] = why
    return usable, unavailable


def unavailable_note(unavailable: dict[str, str]) -> Msg | None:
    """One sentence naming the databases left out of the list, grouped by reason, each with what to do."""
    if not unavailable:
        return None
    groups: dict[str, list[str]] = {}
    for name, why in unavailable.items():
        groups.setdefault(why, []).append(name)
    rank = {w: i for i, w in enumerate(_ORDER)}
    parts: list[Msg] = []
    for why in sorted(groups, key=lambda w: (rank.get(w, len(rank)), w)):
        names = sorted(groups[why], key=str.casefold)
        listed = ", ".join(f'"{n}"' for n in names)
        subject = t("db.unavailable.one" if len(names) == 1 else "db.unavailable.many", names=listed)
        if why in _WITH_WORDS:
            parts.append(t(f"db.state.{why.lower()}", subject=subject))
        else:
            parts.append(t("db.state.other", subject=subject, state=why))
    return t("db.unavailable", details=Joined(parts, sep="; "))
