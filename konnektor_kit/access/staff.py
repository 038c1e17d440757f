"""The "eFinans Personeli" field: staff-only actions open only to a credential the site holds as a
salted scrypt hash, compared in constant time, with a growing delay after each failed try and a
lockout after LOCKOUT_AFTER of them in a row.

The site file keeps `[staff] credential = "scrypt$n$r$p$salt$hash"` (made by `konnektor-kit
staff-hash`); the credential itself is never stored, shown or logged.

An unlocked gate is bound to one site: the resolved site file and a fingerprint of its [staff]
hash. Every staff action asks `require(site_path)`, which refuses another site, or the same site
once its credential changed. A gate lives in one kernel only, so a reload or a new tab starts locked.

The delay after wrong tries is kept on disk per site (`staff-delays.json` in the user's data folder,
shared by every kernel of this user): the failures counted and the time until which a try is
refused at once. Nothing is slept in the kernel, and the file never holds a credential.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import platform
from ..data.site import Site, load_site
from ..env import state_dir
from ..exceptions import StaffLocked
from ..i18n import Msg, t
from ..training.sandbox import read_sandbox
from .credentials import fingerprint, is_training, matches

#: the longest wait between two tries; it doubles from 0.5 s up to this
MAX_DELAY = 300.0
#: after this many wrong tries in a row the site is locked out for LOCKOUT_SECONDS (a guessing script
#: meets an hour's wait per try, a person who mistyped meets none of it)
LOCKOUT_AFTER = 10
LOCKOUT_SECONDS = 3600.0
DELAYS_FILE = "staff-delays.json"

Clock = Callable[[], float]


def delay_for(failures: int) -> float:
    """0.5 s after the first wrong try, doubling each time up to MAX_DELAY; from LOCKOUT_AFTER wrong
    tries on, LOCKOUT_SECONDS after each (locked out)."""
    if failures <= 0:
        return 0.0
    if failures >= LOCKOUT_AFTER:
        return LOCKOUT_SECONDS
    return min(0.5 * 2.0 ** min(failures - 1, 64), MAX_DELAY)


def locked_out(failures: int) -> bool:
    return failures >= LOCKOUT_AFTER


def seconds(wait: float) -> int:
    """A wait as the whole seconds a person is told (never 0 while there is still a wait)."""
    return max(1, math.ceil(wait)) if wait > 0 else 0


def site_key(path: str | Path) -> str:
    """The delay file's key for a site: a hash of its resolved path (the path itself is not written)."""
    return hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()


def is_sandbox(site_path: Path) -> bool:
    """A training sandbox has its scenario marker; an unreadable marker is no sandbox."""
    try:
        return read_sandbox(site_path) is not None
    except Exception:
        return False


_THREAD_LOCK = threading.Lock()


@dataclass
class DelayStore:
    """`{site_key: {"failures": n, "until": epoch seconds}}` in one JSON file, replaced atomically.

    A missing or damaged file reads as no failures. `clock` is wall-clock time (shared between
    processes), replaceable in tests; a wait is never longer than the delay its failures earned, so
    a clock set back cannot lock a site out.
    """

    path: Path | None = None
    clock: Clock = field(default=time.time, repr=False)

    @property
    def file(self) -> Path:
        return self.path if self.path is not None else state_dir() / DELAYS_FILE

    def read(self) -> dict[str, dict[str, float]]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, dict)}

    @staticmethod
    def _entry(data: dict[str, Any], key: str) -> tuple[int, float]:
        entry = data.get(key) or {}
        try:
            return max(int(entry.get("failures", 0)), 0), float(entry.get("until", 0.0))
        except (TypeError, ValueError):
            return 0, 0.0

    def failures(self, key: str) -> int:
        return self._entry(self.read(), key)[0]

    def _left(self, data: dict[str, Any], key: str) -> float:
        failures, until = self._entry(data, key)
        return max(0.0, min(until - self.clock(), delay_for(failures)))

    def wait_left(self, key: str) -> float:
        """Seconds until the next try on this site is heard; 0 when it may try now."""
        return self._left(self.read(), key)

    @contextmanager
    def _locked(self) -> Iterator[dict[str, dict[str, float]]]:
        """Read, let the caller change, write back, with other threads and processes kept out."""
        folder = self.file.parent
        folder.mkdir(parents=True, exist_ok=True)
        with _THREAD_LOCK, open(folder / (self.file.name + ".lock"), "a+b") as lock, platform.locked(lock):
            data = self.read()
            yield data
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(prefix=self.file.name + ".", suffix=".tmp", dir=self.file.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            platform.replace(tmp, self.file)  # tried again while another kernel reads it (Windows)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def begin_try(self, key: str) -> float:
        """Count a try as failed before it is checked (so parallel tabs cannot share one window).

        Returns the wait still running instead (nothing counted) when the site is not open to a try.
        """
        with self._locked() as data:
            left = self._left(data, key)
            if left > 0:
                return left
            failures = self._entry(data, key)[0] + 1
            data[key] = {"failures": failures, "until": self.clock() + delay_for(failures)}
            return 0.0

    def succeeded(self, key: str) -> None:
        with self._locked() as data:
            data.pop(key, None)


@dataclass(frozen=True)
class Verdict:
    """What one try at the field got: `reason` is ok, not_configured, wait, refused, locked_out or
    training_only."""

    reason: str
    wait: float = 0.0

    @property
    def ok(self) -> bool:
        return self.reason == "ok"

    def __bool__(self) -> bool:
        return self.ok

    @property
    def msg(self) -> Msg:
        if self.reason == "locked_out":
            return t("staff.locked_out", tries=LOCKOUT_AFTER, minutes=max(1, math.ceil(self.wait / 60)))
        if self.reason in ("wait", "refused"):
            return t(f"staff.{self.reason}", seconds=seconds(self.wait))
        return t(
            {"ok": "ui.staff_ok", "not_configured": "ui.staff_not_configured", "training_only": "staff.training_only"}[
                self.reason
            ]
        )


@dataclass(frozen=True)
class Unlock:
    """The site a gate was opened for: its resolved site file and its [staff] hash's fingerprint."""

    path: Path
    staff: str
    training: bool = False


class StaffGate:
    """One page's door to staff actions, for one site; the delay is the site's, on disk."""

    def __init__(self, site: Site, delays: DelayStore | None = None) -> None:
        self.site = site
        self.delays = delays if delays is not None else DelayStore()
        self.key = site_key(site.path)  # resolved there: a link and its target are one site
        self.unlocked: Unlock | None = None

    @property
    def configured(self) -> bool:
        return bool(self.site.staff.get("credential"))

    @property
    def failures(self) -> int:
        return self.delays.failures(self.key)

    def wait_left(self) -> float:
        return self.delays.wait_left(self.key)

    def check(self, credential: str) -> Verdict:
        """Open the gate for the site's staff credential; a wrong one earns a delay that doubles."""
        self.unlocked = None
        stored = str(self.site.staff.get("credential", "") or "")
        if not stored:
            return Verdict("not_configured")
        left = self.wait_left()
        if left > 0:  # refused at once, not counted, not slept
            return Verdict("locked_out" if locked_out(self.failures) else "wait", left)
        if credential and is_training(credential) and not is_sandbox(self.site.path):
            return Verdict("training_only")
        left = self.delays.begin_try(self.key)
        if left > 0:
            return Verdict("locked_out" if locked_out(self.failures) else "wait", left)
        if credential and matches(stored, credential):
            self.delays.succeeded(self.key)
            self.unlocked = Unlock(self.site.path.resolve(), fingerprint(stored), is_training(credential))
            return Verdict("ok")
        return Verdict("locked_out" if locked_out(self.failures) else "refused", self.wait_left())

    def lock(self) -> None:
        self.unlocked = None

    def allows(self, site: Site | str | Path | None) -> bool:
        """True only for the unlocked site as its file is now (same resolved path, same [staff] hash).

        Pages pass the Site they read through the server's policy; a bare path is read here.
        """
        if self.unlocked is None or site is None:
            return False
        try:
            current = site if isinstance(site, Site) else load_site(site)
            if current.path.resolve() != self.unlocked.path:
                return False
        except Exception:
            return False
        stored = str(current.staff.get("credential", "") or "")
        if self.unlocked.training and not is_sandbox(self.unlocked.path):
            return False
        return bool(stored) and hmac.compare_digest(fingerprint(stored), self.unlocked.staff)

    def require(self, site: Site | str | Path | None) -> None:
        """Every staff action asks first: raises StaffLocked unless the gate is open for this site."""
        if not self.allows(site):
            shown = site.path if isinstance(site, Site) else site
            raise StaffLocked(t("staff.locked", site=str(shown or "—")))
