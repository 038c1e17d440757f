"""The site file (TOML): where the Konnektör keeps its settings and which servers hold the databases.

`${NAME}` is read from the environment so that passwords need not sit in the file, in the password
only; everything that shows a connection string shows it through `mask_secrets`, which also hides
every value read so. A site file is data: nothing in it loads code or names a file a driver writes.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.text import fold
from ..exceptions import FileDenied, FileDiskFull, FileFailed, FileReadOnly, SiteError, mask_secrets, remember_secret
from ..i18n import t
from . import odbc_strings

ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
DEFAULT_LOGIN_TIMEOUT = 5.0
#: a login that needs longer than this is a hung server, not a slow one
MAX_LOGIN_TIMEOUT = 300.0
#: a site file is a few kilobytes; anything past this is the wrong file
MAX_SITE_BYTES = 1024 * 1024
#: tables and arrays nested deeper than this are not a site file (and would exhaust the stack)
MAX_DEPTH = 16


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
    #: [ignore]: test copies never to propose (LOGO firm numbers, database names)
    ignore_firms: frozenset[int] = frozenset()
    ignore_databases: frozenset[str] = frozenset()
    #: [own_database]: (module, branch) pairs that really read another database than the branch's others
    own_database: frozenset[tuple[str, str]] = frozenset()

    @property
    def folder(self) -> Path:
        return self.path.parent


def load_site(path: str | Path, *, allow_env: bool = True, env: Mapping[str, str] | None = None) -> Site:
    """Read and check a site file; every problem is a SiteError saying what and where.

    `allow_env=False` is for a site opened from the page: a `${VAR}` in it is refused, since it would
    hand the server's environment (passwords) to whoever wrote the file. `env` fills `${VAR}` from
    another mapping than the process's environment (a password typed on a page, for that site only)."""
    path = Path(path)
    data = _parse(path, read_site_text(path))
    if not allow_env:
        _refuse_env(data, path)
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
            odbc=_odbc(conf["odbc"], path, f'[servers."{name}"]', env) if conf.get("odbc") else None,
            login_timeout=_timeout(conf.get("login_timeout", timeout)),
        )
    staff = data.get("staff", {})
    ignore_firms, ignore_databases = _ignore(data.get("ignore", {}), path)
    return Site(
        # beside the link, where its relative paths were resolved: the report goes where the data is read
        path=folder / path.name,
        name=str(data.get("name", path.stem)),
        konnektor_sqlite=(folder / _text(konnektor["sqlite"], path)) if konnektor.get("sqlite") else None,
        konnektor_odbc=_odbc(konnektor["odbc"], path, "[konnektor]", env) if konnektor.get("odbc") else None,
        servers=servers,
        login_timeout=timeout,
        staff=staff if isinstance(staff, dict) else {},
        ignore_firms=ignore_firms,
        ignore_databases=ignore_databases,
        own_database=_own_database(data.get("own_database", {}), path),
    )


def read_site_text(path: Path) -> str:
    """The file's text, read without following it into a device, a FIFO, a folder or a huge file.

    It is looked at before it is opened, opened without blocking (a FIFO swapped in meanwhile cannot
    hang the kit), looked at again through the open descriptor, and read to at most MAX_SITE_BYTES."""
    shown = str(path)
    try:
        before = os.stat(path)
    except OSError as exc:
        raise _read_error(exc, shown) from None
    except ValueError:  # a NUL in the name: no such file can exist
        raise SiteError(t("site.missing", path=shown.replace("\0", "\\0"))) from None
    _regular(before, shown)
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        )
    except OSError as exc:
        raise _read_error(exc, shown) from None
    try:
        _regular(os.fstat(fd), shown)
        chunks, size = [], 0
        while size <= MAX_SITE_BYTES:
            chunk = os.read(fd, MAX_SITE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:  # /proc/self/mem says "regular, 0 bytes" and then fails to read
        raise _read_error(exc, shown) from None
    finally:
        os.close(fd)
    if size > MAX_SITE_BYTES:
        raise SiteError(t("site.too_big", path=shown, limit=MAX_SITE_BYTES // 1024))
    raw = b"".join(chunks)
    try:
        return raw.decode("utf-8-sig")  # Notepad's BOM is not an error
    except UnicodeDecodeError as exc:
        raise SiteError(t("site.not_utf8", path=shown, position=exc.start + 1)) from None


def _regular(info: os.stat_result, shown: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise SiteError(t("site.is_folder", path=shown))
    if not stat.S_ISREG(info.st_mode):
        raise SiteError(t("site.not_regular", path=shown))
    if info.st_size > MAX_SITE_BYTES:
        raise SiteError(t("site.too_big", path=shown, limit=MAX_SITE_BYTES // 1024))


def _read_error(exc: OSError, shown: str) -> SiteError:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return SiteError(t("site.missing", path=shown))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return SiteError(t("site.no_permission", path=shown))
    return SiteError(t("site.unreadable", path=shown, detail=exc.strerror or type(exc).__name__))


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its words are English: the place is told in the user's
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        if where:
            raise SiteError(t("site.toml_syntax", path=str(path), line=where[1], column=where[2])) from None
        raise SiteError(t("site.malformed", path=str(path), detail=str(exc))) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise SiteError(t("site.too_deep", path=str(path), limit=MAX_DEPTH)) from None
    if _depth(data) > MAX_DEPTH:
        raise SiteError(t("site.too_deep", path=str(path), limit=MAX_DEPTH))
    return data


def _depth(value: Any) -> int:
    """How deeply tables and arrays nest, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


def _strings(value: Any) -> list[str]:
    found: list[str] = []
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.extend(str(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            found.append(item)
    return found


def _refuse_env(data: dict[str, Any], path: Path) -> None:
    for text in _strings(data):
        match = ENV_REF.search(text)
        if match:
            raise SiteError(t("site.env_refused", name=match.group(1), path=str(path)))


def _odbc(value: Any, path: Path, where: str, env: Mapping[str, str] | None = None) -> str:
    """A connection string from the file, checked as data: `${VAR}` only in the password (and that
    value then masked wherever text is shown; `env` fills it instead of the process's environment), no driver log, no key that loads code or names a file,
    Driver= a registered name, and no value the driver would read as more than one."""
    raw = _text(value, path)
    keys = odbc_strings.logging_keys(raw)
    if keys:
        raise SiteError(t("site.logging_key", option=keys[0], where=where, path=str(path)))
    refused = odbc_strings.code_keys(raw)
    if refused:
        key, why = refused[0]
        raise SiteError(t("site.code_key", option=key, why=t(f"odbc.why.{why}"), where=where, path=str(path)))
    pairs, expanded = [], False
    for key, text in odbc_strings.parse(raw):
        secret = key.casefold() in odbc_strings.SECRET_KEYS
        if ENV_REF.search(key) or (not secret and ENV_REF.search(text)):
            raise SiteError(t("site.env_not_secret", option=key, where=where, path=str(path)))
        if secret and ENV_REF.search(text):
            text, expanded = expand_env(text, env), True
            remember_secret(text)
        pairs.append((key, text))
    braces = odbc_strings.carries_braces(raw)
    for key, text, why in odbc_strings.unsafe_values(pairs, braces):
        shown = "***" if key.casefold() in odbc_strings.SECRET_KEYS else json.dumps(text, ensure_ascii=False)
        raise SiteError(
            t("site.unsafe_value", option=key, value=shown, why=t(f"odbc.why.{why}"), where=where, path=str(path))
        )
    return odbc_strings.build(pairs) if expanded else raw


def file_error(exc: OSError, path: str | Path | None = None) -> FileFailed | None:
    """A full disk, a read-only disk or a missing right while writing a file, in words; None otherwise."""
    shown = str(path if path is not None else (exc.filename or "?"))
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return FileDiskFull(t("file.disk_full", path=shown))
    if exc.errno == errno.EROFS:
        return FileReadOnly(t("file.read_only", path=shown))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileDenied(t("file.no_permission", path=shown))
    return None


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


def _own_database(section: Any, path: Path) -> frozenset[tuple[str, str]]:
    """`[own_database] "İzmir Şube" = ["e-MM"]`: the branch's modules that really read a database of their own
    (the branch exactly as stored, "" for a customer with one); anything else is a clear error."""
    if not isinstance(section, dict):
        raise SiteError(t("site.bad_own_database", path=str(path), detail=repr(section)))
    pairs: set[tuple[str, str]] = set()
    for branch, modules in section.items():
        if not isinstance(modules, list) or not all(isinstance(m, str) and m.strip() for m in modules):
            raise SiteError(t("site.bad_own_database", path=str(path), detail=f"{branch!r} = {modules!r}"))
        pairs.update((m.strip(), branch) for m in modules)
    return frozenset(pairs)


def expand_env(value: str, env: Mapping[str, str] | None = None) -> str:
    """`${NAME}` filled in from the environment (or from `env`); an unset one is a SiteError."""
    source = os.environ if env is None else env

    def lookup(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in source:
            raise SiteError(t("site.env_missing", name=name))
        return source[name]

    return ENV_REF.sub(lookup, value)


def _text(value: Any, path: Path) -> str:
    if not isinstance(value, str):
        raise SiteError(t("site.malformed", path=str(path), detail=repr(value)))
    return value


def _timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise SiteError(t("site.bad_timeout", typed=value))
    seconds = float(value) if isinstance(value, float) or value <= MAX_LOGIN_TIMEOUT else math.inf
    if not math.isfinite(seconds) or seconds > MAX_LOGIN_TIMEOUT:  # inf, nan, 1e308, 10**400
        raise SiteError(t("site.timeout_range", typed=_shown_number(value), limit=int(MAX_LOGIN_TIMEOUT)))
    return seconds


def _shown_number(value: int | float) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:20] + "…"
