"""ODBC connection strings: parse, set a key, brace a value, and know the driver family.

A support engineer pastes what the customer's Konnektör has; the kit adds the database it opens and
the login timeout in the way each driver really honours it (see ../shared/docs/drivers.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .dialects import MARIADB, POSTGRESQL, SQLITE, SQLSERVER, Dialect


def parse(connection_string: str) -> list[tuple[str, str]]:
    """Split `Key=Value;...` into pairs; a value in braces may hold `;` and `}}` stands for `}`."""
    pairs: list[tuple[str, str]] = []
    i, text = 0, connection_string
    while i < len(text):
        eq = text.find("=", i)
        if eq < 0:
            break
        key = text[i:eq].strip().lstrip(";").strip()
        j = eq + 1
        if j < len(text) and text[j] == "{":
            value, j = _braced(text, j + 1)
            end = text.find(";", j)
            j = len(text) if end < 0 else end + 1
        else:
            end = text.find(";", j)
            value = (text[j:] if end < 0 else text[j:end]).strip()
            j = len(text) if end < 0 else end + 1
        if key:
            pairs.append((key, value))
        i = j
    return pairs


def segments(connection_string: str) -> list[tuple[str, str]]:
    """Each pair's key and its text exactly as written (`Pwd=${VAR}` stays so), for editing a string
    a person typed without rewriting the rest of it."""
    found: list[tuple[str, str]] = []
    i, text = 0, connection_string
    while i < len(text):
        eq = text.find("=", i)
        if eq < 0:
            break
        j = eq + 1
        if j < len(text) and text[j] == "{":
            _, j = _braced(text, j + 1)
        end = text.find(";", j)
        stop = len(text) if end < 0 else end
        key = text[i:eq].strip().lstrip(";").strip()
        if key:
            found.append((key, text[i:stop].strip().lstrip(";").strip()))
        i = stop + 1
    return found


def without_keys(connection_string: str, *keys: str) -> str:
    """The string as typed, less the pairs of `keys` (any case)."""
    wanted = {k.casefold() for k in keys}
    return ";".join(raw for key, raw in segments(connection_string) if key.casefold() not in wanted)


def _braced(text: str, start: int) -> tuple[str, int]:
    out, i = [], start
    while i < len(text):
        if text[i] == "}":
            if text[i + 1 : i + 2] == "}":
                out.append("}")
                i += 2
                continue
            return "".join(out), i + 1
        out.append(text[i])
        i += 1
    return "".join(out), i


def quote_value(value: str) -> str:
    """Brace a value that would otherwise end the pair early (a database named `x;y` or `a}b`)."""
    if any(c in value for c in ";{}=") or value != value.strip():
        return "{" + value.replace("}", "}}") + "}"
    return value


def build(pairs: list[tuple[str, str]]) -> str:
    """The driver's name is always braced, as every driver's documentation writes it."""
    return ";".join(f"{k}={{{v}}}" if k.casefold() == "driver" else f"{k}={quote_value(v)}" for k, v in pairs)


def get(pairs: list[tuple[str, str]], *keys: str) -> str | None:
    wanted = {k.casefold() for k in keys}
    return next((v for k, v in pairs if k.casefold() in wanted), None)


def set_key(pairs: list[tuple[str, str]], key: str, value: str, *aliases: str) -> list[tuple[str, str]]:
    names = {key.casefold(), *(a.casefold() for a in aliases)}
    return [*[(k, v) for k, v in pairs if k.casefold() not in names], (key, value)]


@dataclass(frozen=True)
class DriverFamily:
    """What a driver is and how it takes a login timeout (pyodbc's `timeout=` or a string key)."""

    name: str
    dialect: Dialect
    pyodbc_timeout: bool
    timeout_key: str | None = None
    #: PostgreSQL has no server-wide connection: the catalog is read from this database
    catalog_database: str | None = None


MSSQL = DriverFamily("sqlserver", SQLSERVER, pyodbc_timeout=True)
FREETDS = DriverFamily("freetds", SQLSERVER, pyodbc_timeout=True)
PSQL = DriverFamily("postgresql", POSTGRESQL, pyodbc_timeout=True, catalog_database="postgres")
MARIA = DriverFamily("mariadb", MARIADB, pyodbc_timeout=False, timeout_key="CONN_TIMEOUT")
SQLITE3 = DriverFamily("sqlite", SQLITE, pyodbc_timeout=False)


def family(connection_string: str) -> DriverFamily:
    """Guess the family from the Driver= name; an unknown driver is treated as SQL Server's."""
    driver = (get(parse(connection_string), "Driver") or "").casefold()
    if "freetds" in driver or driver == "tds":
        return FREETDS
    if "postgres" in driver:
        return PSQL
    if "mariadb" in driver or "mysql" in driver:
        return MARIA
    if "sqlite" in driver:
        return SQLITE3
    return MSSQL


@dataclass(frozen=True)
class OdbcTarget:
    """Everything pyodbc.connect needs: the full string and the timeout argument (or 0)."""

    connection_string: str
    timeout: int


class UnsafeValue(ValueError):
    """A value (a database name from a site file, a settings row or a server's catalog, or any value of
    the string) that this driver would read as more than one value: refused, never sent."""

    def __init__(self, key: str, value: str, why: str) -> None:
        super().__init__(f"{key}: {why}")
        self.key, self.value, self.why = key, value, why


def target(connection_string: str, database: str | None, login_timeout: float) -> OdbcTarget:
    fam = family(connection_string)
    pairs = parse(connection_string)
    seconds = max(1, math.ceil(login_timeout))
    if database is not None:
        pairs = set_key(pairs, "Database", database, "DB", "Initial Catalog")
    for key, value, why in unsafe_values(pairs, carries_braces(connection_string)):
        raise UnsafeValue(key, value, why)
    if fam is FREETDS and get(pairs, "TDS_Version") is None:
        # Without it FreeTDS falls back to a TDS 5.0 login that sends the password in clear text.
        pairs = set_key(pairs, "TDS_Version", "7.4")
    if fam.timeout_key and get(pairs, fam.timeout_key) is None:
        pairs = set_key(pairs, fam.timeout_key, str(seconds))
    if fam is PSQL:
        return OdbcTarget(psql_string(pairs, database), seconds)
    return OdbcTarget(build(pairs), seconds if fam.pyodbc_timeout else 0)


def psql_string(pairs: list[tuple[str, str]], database: str | None) -> str:
    """psqlODBC does not unbrace `Database={…}`: it would ask for a database named with the braces.
    The name goes in as it is (`a=b`, ` lead`, `x{y}` all work so); one holding `;` goes through libpq's
    own option string instead. The log switches come last, where they win."""
    pairs = no_psql_logs(pairs)  # any log switch of the string is dropped and ours appended
    pairs, logs = pairs[: -len(PSQL_NO_LOGS)], pairs[-len(PSQL_NO_LOGS) :]
    if database is not None:
        pairs = [(k, v) for k, v in pairs if k.casefold() not in {"database", "db", "initial catalog"}]
    text = build(pairs)
    if database is not None:
        if ";" in database or database.lstrip().startswith("{"):  # a plain value cannot hold these
            quoted = database.replace("\\", "\\\\").replace("'", "\\'").replace("}", "}}")
            text += ";pqopt={dbname='" + quoted + "'}"
        else:
            text += ";Database=" + database
    return text + ";" + build(logs)


# ---- driver logs ----------------------------------------------------------------------------
#: psqlODBC's own logs: CommLog (abbreviated B3) writes psqlodbc_*.log and Debug (B2) mylog_*.log into
#: /tmp, both with the connection string and so the password in clear text (measured with 13.02).
#: Keys are read left to right and the last one wins, so these go at the very end of the string: they
#: also override a DSN's settings and an abbreviated CX= flag word. Debian's odbcinst.ini has
#: CommLog=1 for the driver; with these the process still leaves a psqlodbc_*.log, but it holds only
#: "PQfinish: 0x…" lines written after each disconnect (no password, no query); only CommLog=0 in
#: odbcinst.ini's [PostgreSQL Unicode] section stops that file.
PSQL_NO_LOGS = (("CommLog", "0", "B3"), ("Debug", "0", "B2"))
PSQL_CX_LOG_BITS = (1 << 10) | (1 << 11)  # BIT_COMMLOG | BIT_DEBUG in psqlODBC's dlg_specific.h
MARIADB_OPTION_DEBUG = 4  # MADB_OPT_FLAG_DEBUG: Connector/ODBC writes maodbc.log

#: keys that make a driver (or the driver manager) write a log or a file: psqlODBC CommLog, Debug;
#: FreeTDS DumpFile, DumpFileAppend, DebugFlags; MariaDB/MySQL TRACE, TraceFile; the ODBC driver manager's
#: Trace, TraceFile, TraceDll, SaveFile; Microsoft's QueryLog_On, QueryLogFile, StatsLog_On, StatsLogFile;
#: and the generic names other drivers use for the same thing.
LOGGING_KEYS = frozenset(
    k.casefold()
    for k in (
        "CommLog",
        "Debug",
        "Trace",
        "TraceFile",
        "TraceLevel",
        "TraceOptions",
        "TraceDll",
        "TraceDir",
        "Log",
        "LogFile",
        "LogPath",
        "LogDir",
        "Logdir",
        "LogLevel",
        "Logging",
        "LogTrace",
        "DumpFile",
        "DumpFileAppend",
        "DebugFlags",
        "QueryLog_On",
        "QueryLogFile",
        "QueryLogTime",
        "StatsLog_On",
        "StatsLogFile",
        "SaveFile",
    )
)
#: these only switch a log on: an explicit "off" value is harmless and accepted
SWITCH_KEYS = frozenset(
    k.casefold()
    for k in (
        "CommLog",
        "Debug",
        "Trace",
        "TraceLevel",
        "TraceOptions",
        "Log",
        "LogLevel",
        "Logging",
        "LogTrace",
        "DumpFileAppend",
        "DebugFlags",
        "QueryLog_On",
        "StatsLog_On",
        "B2",
        "B3",
    )
)
OFF = frozenset({"", "0", "no", "off", "false", "n", "0x0"})


def no_psql_logs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """psqlODBC with both of its logs switched off, whatever the string or the DSN said before."""
    for key, value, abbreviation in PSQL_NO_LOGS:
        pairs = set_key(pairs, key, value, abbreviation)
    return pairs


def logging_keys(connection_string: str) -> list[str]:
    """The keys (as written) that would make the driver write a log: a log holds the password."""
    fam = family(connection_string)
    found = []
    for key, value in parse(connection_string):
        name, off = key.casefold(), value.strip().casefold() in OFF
        if name in LOGGING_KEYS:
            harmless = off if name in SWITCH_KEYS else not value.strip()  # "CommLog=0", "TraceFile="
            if not harmless:
                found.append(key)
        elif (
            fam is PSQL
            and name in {"b2", "b3"}
            and not off
            or fam is PSQL
            and name == "cx"
            and _hex(value.strip()[2:]) & PSQL_CX_LOG_BITS
            or fam is MARIA
            and name in {"option", "options"}
            and _int(value) & MARIADB_OPTION_DEBUG
        ):
            found.append(key)
    return found


def _hex(text: str) -> int:
    """The leading hex digits, as psqlODBC's sscanf("%x") reads them."""
    digits = ""
    for c in text:
        if c not in "0123456789abcdefABCDEF":
            break
        digits += c
    return int(digits, 16) if digits else 0


def _int(text: str) -> int:
    """The leading decimal number, as Connector/ODBC's atoi reads it."""
    text = text.strip()
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text.lstrip("+"))
    number = ""
    for c in digits:
        if not c.isascii() or not c.isdigit():
            break
        number += c
    return sign * int(number) if number else 0


# ---- keys and values a site file may not carry ----------------------------------------------
#: keys that load native code, run statements at login, or read a file of keys, in a driver the kit
#: supports (or the driver manager in front of them): key → why (a `odbc.why.*` sentence of
#: messages.toml), said in the refusal. Refused whatever the value: a site file is data that customers
#: and colleagues write. The keys that write a log (DumpFile, SaveFile, TraceFile …) are LOGGING_KEYS.
CODE_KEYS: dict[str, str] = {
    k.casefold(): why
    for k, why in (
        ("LoadExt", "loads_code"),  # SQLite3 ODBC: sqlite3_load_extension() of each library named
        ("Setup", "loads_code"),  # unixODBC: the driver's setup library
        ("Setup64", "loads_code"),
        ("TraceDll", "loads_code"),  # the driver manager's trace library
        ("TraceLibrary", "loads_code"),
        ("PLUGIN_DIR", "loads_code"),  # MariaDB Connector/ODBC: authentication plugins (libraries) from there
        ("DEFAULTAUTH", "loads_code"),  # MariaDB Connector/ODBC: the authentication plugin library to load
        ("FileDSN", "reads_keys"),  # the driver manager: every key, Driver= a library path too, from a file
        ("USE_MYCNF", "reads_keys"),  # MariaDB: my.cnf, which names plugin folders and init commands
        ("pqopt", "reads_keys"),  # psqlODBC hands it to libpq: passfile, sslkey, service files
        ("INITSTMT", "runs_sql"),  # MariaDB Connector/ODBC: a statement run at every login
        ("ConnSettings", "runs_sql"),  # psqlODBC: statements run at every login
        ("A6", "runs_sql"),  # psqlODBC's abbreviation of ConnSettings
    )
}
#: every reason a key or a value is refused (an `odbc.why.*` sentence each)
REFUSAL_REASONS = ("loads_code", "reads_keys", "runs_sql", "driver_path", "driver_file", "nul", "line_break", "brace")
#: the keys that hold a secret: the only place a `${VAR}` is read, and always masked
SECRET_KEYS = frozenset({"pwd", "password"})
#: library file endings (a registered driver's name never ends so)
LIBRARY_ENDINGS = (".so", ".dll", ".dylib", ".sl")


def driver_refusal(driver: str) -> str | None:
    """Why a Driver= value is not a registered driver's name (a path or a library file), or None."""
    name = driver.strip().casefold()
    if "/" in name or "\\" in name:
        return "driver_path"  # unixODBC loads whatever library a path names
    if name.endswith(LIBRARY_ENDINGS) or ".so." in name:
        return "driver_file"
    return None


def code_keys(connection_string: str) -> list[tuple[str, str]]:
    """(key as written, why) for every key that would load code or name a file; Driver= paths too."""
    found = []
    for key, value in parse(connection_string):
        name = key.casefold()
        if name == "driver":
            why = driver_refusal(value)
            if why is not None:
                found.append((key, why))
        elif name in CODE_KEYS and not (name == "use_mycnf" and value.strip().casefold() in OFF):
            found.append((key, CODE_KEYS[name]))
    return found


def carries_braces(connection_string: str) -> bool:
    """Whether the driver reads `{…}` with `}}` inside as every ODBC driver should: Microsoft's,
    psqlODBC, MariaDB's and SQLite3 ODBC do; FreeTDS does not (`}` ends the value whatever follows),
    and a DSN's or an unknown driver's reading is not known, so it is held to FreeTDS's rule."""
    driver = (get(parse(connection_string), "Driver") or "").casefold()
    fam = family(connection_string)
    if not driver or fam is FREETDS:
        return False
    return "sql server" in driver or fam in (PSQL, MARIA, SQLITE3)


def value_refusal(value: str, braces: bool) -> str | None:
    """Why `value` cannot go into a connection string for a driver (`braces`: see carries_braces)."""
    if "\0" in value:
        return "nul"  # C ends the string there: the driver reads a shorter value
    if any(c in value for c in "\r\n"):
        return "line_break"
    if not braces and any(c in value for c in "{}"):
        return "brace"  # FreeTDS ends a braced value at the first } and reads what follows as keys
    return None


def unsafe_values(pairs: list[tuple[str, str]], braces: bool) -> list[tuple[str, str, str]]:
    """(key, value, why) for every value the driver could read as more than one value."""
    return [(k, v, why) for k, v in pairs if (why := value_refusal(v, braces)) is not None]
