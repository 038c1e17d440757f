"""The site file (TOML): where the Konnektör keeps its settings and which servers hold the databases.

`${NAME}` is read from the environment so that passwords need not sit in the file; everything that
shows a connection string shows it through `mask_secrets`.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exceptions import SiteError
from ..domain.text import fold
from ..i18n import t

ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
SECRET_KEYS = re.compile(r"(?i)\b(pwd|password)\s*=\s*(\{(?:[^}]|\}\})*\}|[^;]*)")
DEFAULT_LOGIN_TIMEOUT = 5.0


@dataclass(frozen=True)
class ServerConfig:
    name: str
    sqlite_dir: Path | None = None
    odbc: str | None = None
    login_timeout: float = DEFAULT_LOGIN_TIMEOUT

    @property
    def shown(self) -> str:
        return str(self.sqlite_dir) if self.sqlite_dir else mask_secrets(self.odbc or "")


@dataclass(frozen=True)
class Site:
    path: Path
    name: str
    konnektor_sqlite: Path | None
    konnektor_odbc: str | None
    servers: dict[str, ServerConfig]
    login_timeout: float = DEFAULT_LOGIN_TIMEOUT
    staff: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    #: [ignore]: test copies never to propose (LOGO firm numbers, database names)
    ignore_firms: frozenset[int] = frozenset()
    ignore_databases: frozenset[str] = frozenset()

    @property
    def folder(self) -> Path:
        return self.path.parent


def load_site(path: str | Path) -> Site:
    """Read and check a site file; every problem is a SiteError saying what and where."""
    path = Path(path)
    if not path.is_file():
        raise SiteError(t("site.missing", path=str(path)))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SiteError(t("site.malformed", path=str(path), detail=str(exc))) from None
    folder = path.parent.resolve()
    timeout = _timeout(data.get("login_timeout", DEFAULT_LOGIN_TIMEOUT))
    konnektor = data.get("konnektor")
    if not isinstance(konnektor, dict) or not (konnektor.get("sqlite") or konnektor.get("odbc")):
        raise SiteError(t("site.no_konnektor", path=str(path)))
    servers_raw = data.get("servers", {})
    if not isinstance(servers_raw, dict):
        raise SiteError(t("site.malformed", path=str(path), detail="[servers]"))
    servers = {}
    for name, conf in servers_raw.items():
        if not isinstance(conf, dict) or not (conf.get("sqlite_dir") or conf.get("odbc")):
            raise SiteError(t("site.bad_server", server=name))
        servers[name] = ServerConfig(
            name=name,
            sqlite_dir=(folder / _text(conf["sqlite_dir"], path)) if conf.get("sqlite_dir") else None,
            odbc=expand_env(_text(conf["odbc"], path)) if conf.get("odbc") else None,
            login_timeout=_timeout(conf.get("login_timeout", timeout)),
        )
    staff = data.get("staff", {})
    ignore_firms, ignore_databases = _ignore(data.get("ignore", {}), path)
    return Site(
        path=path.resolve(),
        name=str(data.get("name", path.stem)),
        konnektor_sqlite=(folder / _text(konnektor["sqlite"], path)) if konnektor.get("sqlite") else None,
        konnektor_odbc=expand_env(_text(konnektor["odbc"], path)) if konnektor.get("odbc") else None,
        servers=servers,
        login_timeout=timeout,
        staff=staff if isinstance(staff, dict) else {},
        raw=data,
        ignore_firms=ignore_firms,
        ignore_databases=ignore_databases,
    )


def _ignore(section: Any, path: Path) -> tuple[frozenset[int], frozenset[str]]:
    """`[ignore] firms = [911, "912"]`, `databases = ["LOGODB_TEST"]`; anything else is a clear error."""
    if not isinstance(section, dict):
        raise SiteError(t("site.bad_ignore", path=str(path), detail=repr(section)))
    firms, databases = section.get("firms", []), section.get("databases", [])
    if not isinstance(firms, list) or not isinstance(databases, list):
        raise SiteError(t("site.bad_ignore", path=str(path), detail=repr(section)))
    numbers = set()
    for firm in firms:
        text = str(firm).strip() if isinstance(firm, (int, str)) and not isinstance(firm, bool) else ""
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 999):
            raise SiteError(t("site.bad_ignore", path=str(path), detail=repr(firm)))
        numbers.add(int(text))
    if not all(isinstance(d, str) and d.strip() for d in databases):
        raise SiteError(t("site.bad_ignore", path=str(path), detail=repr(databases)))
    return frozenset(numbers), frozenset(fold(d) for d in databases)


def expand_env(value: str) -> str:
    def lookup(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise SiteError(t("site.env_missing", name=name))
        return os.environ[name]
    return ENV_REF.sub(lookup, value)


def mask_secrets(connection_string: str) -> str:
    """Hide every password in an ODBC connection string, braced values included."""
    return SECRET_KEYS.sub(lambda m: f"{m.group(1)}=***", connection_string)


def _text(value: Any, path: Path) -> str:
    if not isinstance(value, str):
        raise SiteError(t("site.malformed", path=str(path), detail=repr(value)))
    return value


def _timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise SiteError(t("site.bad_timeout", typed=value))
    return float(value)
