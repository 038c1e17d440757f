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


def _braced(text: str, start: int) -> tuple[str, int]:
    out, i = [], start
    while i < len(text):
        if text[i] == "}":
            if text[i + 1:i + 2] == "}":
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
    if "freetds" in driver or "tds" == driver:
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


def target(connection_string: str, database: str | None, login_timeout: float) -> OdbcTarget:
    fam = family(connection_string)
    pairs = parse(connection_string)
    seconds = max(1, math.ceil(login_timeout))
    if database is not None:
        pairs = set_key(pairs, "Database", database, "DB", "Initial Catalog")
    if fam is FREETDS and get(pairs, "TDS_Version") is None:
        # Without it FreeTDS falls back to a TDS 5.0 login that sends the password in clear text.
        pairs = set_key(pairs, "TDS_Version", "7.4")
    if fam.timeout_key and get(pairs, fam.timeout_key) is None:
        pairs = set_key(pairs, fam.timeout_key, str(seconds))
    return OdbcTarget(build(pairs), seconds if fam.pyodbc_timeout else 0)
