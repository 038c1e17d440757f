"""Which site files the served pages may open, and with or without `${VAR}` from the environment.

`konnektor-kit serve` hands every kernel the folders the pages may open a site file from (`--sites`,
by default the folder of the site it was started with) and the startup site itself. A link's
`?site=` and the page's site field go through `SitePolicy.load`: the path is resolved (symlinks
followed, `..` collapsed) before it is compared, so neither can leave the folders; only the startup
site may read `${VAR}` from the server's environment (its passwords were meant for that site).

Without a policy (a notebook opened in Jupyter, the forms driven from Python) any site opens as
before: whoever runs the code already reads every file the kit could.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..data.site import Site, load_site
from ..exceptions import SiteError
from ..i18n import t
from ..services import hints

__all__ = ["SITE_SUFFIX", "Site", "SitePolicy", "load_allowed", "resolve"]  # Site: what the faces are handed

SITE_SUFFIX = ".toml"


def resolve(path: str | Path) -> Path:
    """The real file a path names: `~` expanded, symlinks followed, `..` collapsed."""
    return Path(os.path.expanduser(str(path))).resolve()


@dataclass(frozen=True)
class SitePolicy:
    folders: tuple[Path, ...]
    startup: Path | None = None
    #: served by JupyterHub (konnektor_kit/hub.py): the folders are the engineer's own, and a refused site's
    #: advice says to put it there, since restarting the server with other folders is not theirs to do
    hub: bool = False

    @classmethod
    def of(cls, folders: Iterable[str | Path], startup: str | Path | None = None, hub: bool = False) -> SitePolicy:
        return cls(tuple(dict.fromkeys(resolve(f) for f in folders)), resolve(startup) if startup else None, hub)

    # the environment the server hands the kernels ------------------------------------------
    def to_env(self) -> str:
        return os.pathsep.join(str(f) for f in self.folders)

    @classmethod
    def from_env(cls, folders: str | None, startup: str | None, hub: bool = False) -> SitePolicy | None:
        """None when the server set no folders: nothing is restricted then."""
        if folders is None:
            return None
        return cls.of([f for f in folders.split(os.pathsep) if f], startup, hub)

    # the rule -------------------------------------------------------------------------------
    def check(self, path: str | Path) -> Path:
        """The resolved site file, or a SiteError when it lies outside the allowed folders."""
        real = resolve(path)
        if real == self.startup:
            return real
        if not any(real.is_relative_to(folder) for folder in self.folders):
            guidance = (
                t("sites.outside.guidance.hub", folders=self.shown())
                if self.hub
                else t("sites.outside.guidance", command=hints.serve(self.startup, [*self.folders, real.parent]))
            )
            raise SiteError(t("sites.outside", path=str(path), folders=self.shown()), guidance)
        if real.suffix.lower() != SITE_SUFFIX:
            raise SiteError(t("sites.not_toml", path=str(path)))
        return real

    def allows_env(self, real: Path) -> bool:
        return self.startup is not None and real == self.startup

    def load(self, path: str | Path) -> Site:
        """Check, then read the resolved file (not the name given, which may since point elsewhere)."""
        real = self.check(path)
        return load_site(real, allow_env=self.allows_env(real))

    def shown(self) -> str:
        return ", ".join(str(f) for f in self.folders) or "—"


def load_allowed(path: str | Path, policy: SitePolicy | None) -> Site:
    return load_site(path) if policy is None else policy.load(path)


#: which site a plan, a test verdict or a GÜNCELLE was made for: its real path and its file's content
SiteStamp = tuple[str, str]


def stamp(path: str | Path) -> SiteStamp | None:
    """The site file as it is now (resolved path, SHA-256 of its bytes); None when it cannot be read.
    A form keeps the stamp of what it planned or tested and compares before it writes."""
    import hashlib

    real = resolve(path)
    try:
        return str(real), hashlib.sha256(real.read_bytes()).hexdigest()
    except OSError:
        return None
