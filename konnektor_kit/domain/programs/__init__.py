"""One profile per accounting program; `profile_for` picks it from the PROGRAM column."""

from __future__ import annotations

from .base import Profile
from .eta import EtaProfile
from .generic import GenericProfile
from .logo.profile import LogoProfile
from .mikro import MikroProfile
from .netsis import NetsisProfile

PROFILES: dict[str, Profile] = {
    p.name: p for p in (LogoProfile(), NetsisProfile(), MikroProfile(), EtaProfile(), GenericProfile())
}


def profile_for(program: str) -> Profile:
    """Unknown programs get the GENERIC database-per-year rules (the check says so)."""
    return PROFILES.get(program.strip().upper(), PROFILES["GENERIC"])


def is_known(program: str) -> bool:
    return program.strip().upper() in PROFILES


__all__ = ["PROFILES", "Profile", "is_known", "profile_for"]
