"""The "eFinans Personeli" credential itself: a salted scrypt hash, compared in constant time.

Apart from the gate (`staff.py`) because the sandbox writes a hash too: the sandbox needs this
module, the gate needs the sandbox (is this site a training one?), and neither needs the other's rest.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ..exceptions import BadInput
from ..i18n import t

N, R, P = 2**14, 8, 1
#: the sandbox's "eFinans Personeli" credential, told to trainees by the trainer (README); never a real site's
TRAINING_STAFF_CREDENTIAL = "efinans-egitim"


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


def fingerprint(stored: str) -> str:
    return hashlib.sha256(stored.encode("utf-8")).hexdigest()


def is_training(credential: str) -> bool:
    return hmac.compare_digest(credential.encode("utf-8"), TRAINING_STAFF_CREDENTIAL.encode("utf-8"))
