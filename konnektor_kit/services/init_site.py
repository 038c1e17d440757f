"""`init`: a real customer's first site file, made by the kit from the Konnektör's own server.

The engineer gives the server the Konnektör's settings live on (an ODBC connection string as the
customer's Konnektör has it, or a folder of SQLite files); the kit

1. finds the Konnektör's database there: the one holding KONNEKTOR_MODUL_AYAR (one: it; several: the
   engineer chooses with `--database`; none: says so), skipping databases the login may not open, each
   given at most the login timeout;
2. reads the server names (SUNUCU) its settings use and gives each a `[servers."NAME"]`: the string the
   engineer gave for it, else the Konnektör's own server (and says which were assumed); every server is
   reached before anything is written;
3. writes DIR/site.toml readable by its owner only, connection strings exactly as typed (`${VAR}` stays
   `${VAR}`: a literal password is refused with how to pass it), never over a file it did not write;
4. tests the site it wrote (the `test` verb's check) and says what to run next.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data import odbc_strings
from ..data.odbc import SERVER_WIDE, OdbcServer
from ..data.servers import Server, server_for
from ..data.site import DEFAULT_LOGIN_TIMEOUT, ENV_REF, ServerConfig, expand_env, load_site
from ..data.sqlite_folder import SUFFIX, SqliteFolderServer
from ..data.store import TABLE, SettingsStore
from ..domain.settings import ModuleSetting
from ..domain.transition import Transition
from ..env import SITE_FILE
from ..exceptions import BadInput, ConnectionFailed, KitError, mask_secrets
from ..i18n import Lang, t
from .test import CheckResult, check_settings
from .workspace import open_workspace

#: the first line of every file init writes; the digest is of everything after it, so a file the
#: engineer has edited since (or any file init did not write) is never overwritten
MARK = "# konnektor-kit init"
MARK_LINE = re.compile(rf"^{re.escape(MARK)} sha256=([0-9a-f]{{64}})\b")
PASSWORD_KEYS = ("pwd", "password")
DATABASE_KEYS = ("database", "db", "initial catalog")
#: the variable the refusal proposes for the password
PASSWORD_VAR = "KONNEKTOR_PWD"


# ---- what the engineer typed ------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """Where a server is: an ODBC connection string as typed (`${VAR}` kept), or a folder of SQLite files."""

    odbc: str | None = None
    folder: Path | None = None

    @property
    def shown(self) -> str:
        return str(self.folder) if self.folder is not None else mask_secrets(self.odbc or "")

    def config(self, name: str, env: Mapping[str, str] | None = None) -> ServerConfig:
        """The server as the kit dials it: the `${VAR}`s filled in from the environment (or `env`)."""
        if self.folder is not None:
            return ServerConfig(name=name, sqlite_dir=self.folder)
        return ServerConfig(name=name, odbc=expand_env(self.odbc or "", env))

    def toml(self, database: str | None = None) -> str:
        """Its line in the site file (the Konnektör's: with its database)."""
        if self.folder is not None:
            if database is None:
                return f"sqlite_dir = {_toml_string(str(self.folder))}"
            return f"sqlite = {_toml_string(str(self.folder / f'{database}{SUFFIX}'))}"
        text = self.odbc or ""
        if database is not None:
            text += f";Database={odbc_strings.quote_value(database)}"
        return f"odbc = {_toml_string(text)}"


def parse_place(text: str, option: str) -> Place:
    """A folder of SQLite files, or an ODBC string naming its driver with no literal password; the
    string's own Database= is dropped (the kit adds the database it opens)."""
    typed = text.strip()
    if not typed:
        raise BadInput(t("init.place_empty", option=option))
    if "=" not in typed:
        folder = Path(typed).expanduser()
        if not folder.is_dir():
            raise BadInput(t("init.place_not_folder", option=option, typed=typed))
        return Place(folder=folder.resolve())
    # `${VAR}` is read as one opaque token: braced (`Pwd={${VAR}}`, for a password holding `;`) its own
    # braces would otherwise end the value early
    hidden, refs = _hide_vars(typed)
    pairs = odbc_strings.parse(hidden)
    if odbc_strings.get(pairs, "Driver", "DSN") is None:
        raise BadInput(t("init.place_no_driver", option=option))
    for key, value in pairs:
        if key.casefold() in PASSWORD_KEYS and value and value not in refs:
            raise BadInput(t("init.literal_password", option=option, field=key, var=PASSWORD_VAR))
    logged = odbc_strings.logging_keys(hidden)
    if logged:
        raise BadInput(t("init.logging_key", option=option, field=logged[0]))
    return Place(odbc=_show_vars(odbc_strings.without_keys(hidden, *DATABASE_KEYS), refs))


def _hide_vars(text: str) -> tuple[str, dict[str, str]]:
    """Each `${VAR}` (with the braces a value puts round it) replaced by a token no one types; token → text."""
    refs: dict[str, str] = {}

    def token(match: re.Match[str]) -> str:
        key = f"\0{len(refs)}\0"
        refs[key] = match.group(0)
        return key

    return re.sub(r"\{(\$\{[A-Za-z_][A-Za-z0-9_]*\})\}|\$\{[A-Za-z_][A-Za-z0-9_]*\}", token, text), refs


def _show_vars(text: str, refs: dict[str, str]) -> str:
    for key, ref in refs.items():
        text = text.replace(key, ref)
    return text


def env_names(text: str) -> list[str]:
    """The `${VAR}` names a string (or a site file) refers to."""
    return [m.group(1) for m in ENV_REF.finditer(text)]


def parse_servers(items: Sequence[str]) -> dict[str, Place]:
    """`--server NAME=ODBC` (or NAME=FOLDER), repeatable; a name given twice is bad input."""
    places: dict[str, Place] = {}
    for item in items:
        name, sep, rest = item.partition("=")
        name = name.strip()
        if not sep or not name or not rest.strip():
            raise BadInput(t("init.server_form", typed=mask_secrets(item)))
        if name in places:
            raise BadInput(t("init.server_twice", server=name))
        places[name] = parse_place(rest, f"--server {name}")
    return places


# ---- finding the Konnektör's database -----------------------------------------------------------
@dataclass(frozen=True)
class Search:
    """The databases holding the settings table, and those skipped with why (name → reason)."""

    found: list[str]
    skipped: dict[str, str]


def find_konnektor(server: Server) -> Search:
    """Every database of the server the login may open, looked into for KONNEKTOR_MODUL_AYAR; a database
    that does not open within the login timeout (or refuses this login) is skipped and named."""
    names = server.databases()
    skipped = dict(server.unavailable_databases())
    if isinstance(server, OdbcServer) and (
        server.dialect.tables_everywhere is not None or server.dialect.name == "sqlserver"
    ):
        # one catalog query answers for every database this login sees (SQL Server: those it may open)
        return Search(server.databases_with_table(TABLE), skipped)
    found = []
    for database in names:
        try:
            conn = server.connect(database) if isinstance(server, OdbcServer) else server.open(database)
        except ConnectionFailed as exc:
            if isinstance(exc, SERVER_WIDE):
                raise
            skipped[database] = exc.category
            continue
        try:
            if TABLE in {str(r[0]) for r in conn.query(conn.dialect.list_tables)}:
                found.append(database)
        except KitError as exc:  # not a database this login can read (or not a database at all)
            skipped[database] = exc.category
        finally:
            conn.close()
    return Search(found, skipped)


def _server(place: Place, name: str, env: Mapping[str, str] | None = None) -> Server:
    config = place.config(name, env)
    return SqliteFolderServer(config) if place.folder is not None else server_for(config)


def read_settings(server: Server, database: str) -> list[ModuleSetting]:
    conn = server.open(database)
    try:
        return SettingsStore(conn).read_all()
    finally:
        with contextlib.suppress(Exception):
            conn.rollback()
        if not isinstance(server, OdbcServer):  # an ODBC server keeps it until server.close()
            conn.close()


# ---- the result -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ServerEntry:
    name: str
    place: Place
    #: no --server was given for it: the Konnektör's own server was written
    assumed: bool
    #: how many settings name it (0: given with --server but no setting uses it)
    used_by: int


@dataclass
class InitResult:
    site: Path
    database: str
    konnektor: Place
    search: Search
    servers: list[ServerEntry]
    settings: list[ModuleSetting]
    checks: list[CheckResult] = field(default_factory=list)
    year: int = 0

    @property
    def next_command(self) -> str:
        import shlex

        return f"konnektor-kit new-year --site {shlex.quote(str(self.site))} --year {self.year}"

    def to_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "site": str(self.site),
            "database": self.database,
            "konnektor": self.konnektor.shown,
            "found": self.search.found,
            "skipped": self.search.skipped,
            "servers": [
                {"name": s.name, "server": s.place.shown, "assumed": s.assumed, "settings": s.used_by}
                for s in self.servers
            ],
            "settings": len(self.settings),
            "test": [r.to_json(lang) for r in self.checks],
            "ok": all(r.ok for r in self.checks),
            "next": self.next_command,
        }


# ---- the verb ---------------------------------------------------------------------------------------
def init_site(
    folder: str | Path,
    konnektor: str,
    database: str | None = None,
    servers: Sequence[str] = (),
    when: Transition | None = None,
    env: Mapping[str, str] | None = None,
) -> InitResult:
    """Find, write, test. Bad input (exit 2) and every failure before the write (exit 1) leave no file.

    `env` fills the strings' `${VAR}`s instead of the process's environment (the page's typed password)."""
    target = Path(folder).expanduser()
    site_path = target / SITE_FILE
    _check_target(target, site_path)
    place = parse_place(konnektor, "--konnektor")
    given = parse_servers(servers)
    if database is not None and not database.strip():
        raise BadInput(t("init.place_empty", option="--database"))
    chosen = database if database is not None else _database_of(konnektor)
    home = _server(place, "Konnektör", env)
    try:
        search = find_konnektor(home)
        if chosen is not None:
            if chosen not in search.found:
                raise BadInput(
                    t("init.not_konnektor", database=chosen, table=TABLE, found=", ".join(search.found) or "—")
                )
            name = chosen
        elif len(search.found) == 1:
            name = search.found[0]
        elif not search.found:
            raise _finding("init.none", "init.none.todo", "not_found", place, search)
        else:
            raise _finding("init.several", "init.several.todo", "ambiguous", place, search)
        settings = read_settings(home, name)
    finally:
        home.close()
    used: dict[str, int] = {}
    for setting in settings:
        if setting.server.strip():
            used[setting.server] = used.get(setting.server, 0) + 1
    entries = [ServerEntry(n, given.get(n, place), n not in given, used[n]) for n in sorted(used)]
    entries += [ServerEntry(n, p, False, 0) for n, p in sorted(given.items()) if n not in used]
    for entry in entries:  # every server reached before the file is written
        if entry.place != place:
            server = _server(entry.place, entry.name, env)
            try:
                server.databases()
            finally:
                server.close()
    text = site_text(target.resolve().name or "site", place, name, entries)
    _write(target, site_path, text)
    transition = when or Transition.of(_today_year())
    result = InitResult(site_path.resolve(), name, place, search, entries, settings, year=transition.year)
    with open_workspace(load_site(site_path, env=env)) as ws:
        result.checks = check_settings(ws, ws.store.read_all(), transition)
    return result


def _database_of(konnektor: str) -> str | None:
    """A Database= in the Konnektör's string chooses as --database does."""
    if "=" not in konnektor:
        return None
    return odbc_strings.get(odbc_strings.parse(konnektor), *DATABASE_KEYS) or None


def _today_year() -> int:
    from datetime import date

    return date.today().year


def _finding(key: str, todo: str, category: str, place: Place, search: Search) -> KitError:
    skipped = ", ".join(f"{n} ({why})" for n, why in sorted(search.skipped.items())) or "—"
    err = KitError(
        t(key, table=TABLE, server=place.shown, found=", ".join(search.found) or "—", skipped=skipped),
        t(todo),
    )
    err.category = category
    return err


# ---- the file ----------------------------------------------------------------------------------------
def site_text(name: str, konnektor: Place, database: str, servers: list[ServerEntry]) -> str:
    lines = [
        "# written by `konnektor-kit init` from the Konnektör's own settings; once edited, init never overwrites it",
        f"name = {_toml_string(name)}",
        f"login_timeout = {DEFAULT_LOGIN_TIMEOUT:g}",
        "",
        "[konnektor]",
        konnektor.toml(database),
    ]
    for entry in servers:
        lines.append("")
        if entry.assumed:
            lines.append("# assumed: the Konnektör's own server (no --server was given for it)")
        elif not entry.used_by:
            lines.append("# given with --server; no setting names it yet")
        lines += [f"[servers.{_toml_string(entry.name)}]", entry.place.toml()]
    body = "\n".join(lines) + "\n"
    return f"{MARK} sha256={_digest(body)}\n{body}"


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def written_by_init(text: str) -> bool:
    """The file is exactly as init wrote it: its mark's digest matches everything after the mark."""
    first, _, body = text.partition("\n")
    match = MARK_LINE.match(first)
    return bool(match) and match is not None and match.group(1) == _digest(body)


def _check_target(target: Path, site_path: Path) -> None:
    if target.exists() and not target.is_dir():
        raise BadInput(t("init.target_not_folder", path=str(target)))
    if site_path.is_symlink() or (site_path.exists() and not site_path.is_file()):
        raise BadInput(t("init.not_ours", path=str(site_path)))
    if site_path.exists():
        try:
            text = site_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        if not written_by_init(text):
            raise BadInput(t("init.not_ours", path=str(site_path)))


def _write(target: Path, site_path: Path, text: str) -> None:
    """0600 from its first byte; a new file never replaces one that appeared meanwhile (link, not rename)."""
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = target / f".{SITE_FILE}.{os.getpid()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if site_path.exists():
            _check_target(target, site_path)  # still ours, as it was a moment ago
            os.replace(temp, site_path)
        else:
            os.link(temp, site_path)  # fails if a file of that name appeared: nothing overwritten
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)
