"""The "eFinans Personeli" field: staff-only actions open only to a credential the site holds as a
salted scrypt hash, compared in constant time, with a growing delay after each failed try.

The site file keeps `[staff] credential = "scrypt$n$r$p$salt$hash"` (made by `konnektor-kit
staff-hash`); the credential itself is never stored, shown or logged.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

from ..data.site import Site
from ..exceptions import BadInput
from ..i18n import t

N, R, P = 2**14, 8, 1
MAX_DELAY = 8.0


def hash_credential(credential: str, salt: bytes | None = None) -> str:
    if not credential:
        raise BadInput(t("staff.empty"))
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(credential.encode("utf-8"), salt=salt, n=N, r=R, p=P)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def matches(stored: str, credential: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        computed = hashlib.scrypt(credential.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


@dataclass
class StaffGate:
    """One face's door to staff actions; `sleep` is replaceable so tests need not wait."""

    site: Site
    failures: int = 0
    sleep: object = field(default=time.sleep, repr=False)

    @property
    def configured(self) -> bool:
        return bool(self.site.staff.get("credential"))

    def delay(self) -> float:
        return min(0.5 * 2 ** (self.failures - 1), MAX_DELAY) if self.failures else 0.0

    def check(self, credential: str) -> bool:
        """True for the site's staff credential; a wrong one costs a delay that doubles each time."""
        stored = self.site.staff.get("credential", "")
        if stored and credential and matches(stored, credential):
            self.failures = 0
            return True
        self.failures += 1
        self.sleep(self.delay())  # type: ignore[operator]
        return False
