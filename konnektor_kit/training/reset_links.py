"""The training page's one-time "Kur / Sıfırla" links.

A kernel cannot change the browser's address, so a reset is a navigation: the page links to itself
with `?site=<the scenario's training site>&lang=..&scenario=..&year=..&reset=<nonce>`, and the page
that link opens resets the scenario only if the nonce was never used before. The nonces used are
recorded on disk, one empty file each, created with O_EXCL: of two kernels opening the same link
at once exactly one resets. A reload or the browser's Back button brings the same address again,
and a finished exercise is never reset by it.

A nonce carries the time it was made (`<seconds, hex>-<32 hex>`): one older than `MAX_AGE`, or from
the future, never resets, so the record of used nonces can be pruned without a forgotten tab's old
address ever resetting again.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path
from typing import Literal

NONCE = re.compile(r"([0-9a-f]{1,12})-[0-9a-f]{32}")
MAX_AGE = 7 * 24 * 3600  # a reset link older than this does nothing (press Kur / Sıfırla again)
SKEW = 24 * 3600  # a nonce "made" later than this from now was not made here
USED = ".used-resets"  # under the training folder; no scenario is named so

Outcome = Literal["reset", "used", "invalid"]


def new_nonce(now: float | None = None) -> str:
    """A fresh nonce for one reset link: its time and 128 random bits."""
    return f"{int(time.time() if now is None else now):x}-{secrets.token_hex(16)}"


class ResetNonces:
    """The used nonces of one training folder."""

    def __init__(self, root: str | Path) -> None:
        self.folder = Path(root) / USED

    def take(self, nonce: str, now: float | None = None) -> Outcome:
        """ "reset" exactly once per nonce; "used" for a nonce seen before (or too old to reset);
        "invalid" for anything `new_nonce` did not make (never a path)."""
        found = NONCE.fullmatch(nonce or "")
        if found is None:
            return "invalid"
        now = time.time() if now is None else now
        made = int(found.group(1), 16)
        if made > now + SKEW:
            return "invalid"
        if now - made > MAX_AGE:
            return "used"
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.folder / nonce, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return "used"
        os.close(fd)
        self.prune(now)
        return "reset"

    def prune(self, now: float) -> None:
        """Forget the nonces too old to reset anyway."""
        for entry in self.folder.iterdir():
            found = NONCE.fullmatch(entry.name)
            if found and now - int(found.group(1), 16) > MAX_AGE + SKEW:
                entry.unlink(missing_ok=True)
