"""No SQL Server runs here: every T-SQL statement the kit sends is parsed with sqlglot's tsql dialect."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot.errors import ParseError

from konnektor_kit.data.dialects import SQLSERVER
from konnektor_kit.data.store import StoreSql
from konnektor_kit.domain.programs.logo.catalog import FIRMS, PERIODS


def catalog_statements() -> dict[str, str]:
    d = SQLSERVER
    union, _ = d.table_in_databases(["LOGODB", "ABC2026", "x]y"], FIRMS)
    return {
        "list_databases": d.list_databases or "",
        "list_databases_with_state": d.list_databases_with_state or "",
        "list_tables": d.list_tables,
        "select_catalog": d.select(PERIODS, ("FIRMNR", "NR", "BEGDATE", "ENDDATE")),
        "count": d.count("LG_002_03_INVOICE"),
        "count_dated": d.count("TBLFATUIRS", "TARIH"),
        "max_of": d.max_of("STOK_HAREKETLERI", "sth_tarih"),
        "table_in_databases": union,
    }


STATEMENTS = {**StoreSql(SQLSERVER).all(), **catalog_statements()}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_is_valid_tsql(name):
    sql = STATEMENTS[name]
    try:
        tree = sqlglot.parse_one(sql, read="tsql")
    except ParseError as exc:
        pytest.fail(f"{name}: {exc}\n{sql}")
    assert tree is not None
    # Identifiers are bracket-quoted so the contract's names keep their case and odd names stay names.
    assert "[" in sql or name in ("list_databases", "list_databases_with_state", "list_tables")


def test_odd_names_stay_inside_their_brackets():
    sql = SQLSERVER.select("x]; DROP TABLE KONNEKTOR_MODUL_AYAR;--", ("A",))
    tree = sqlglot.parse_one(sql, read="tsql")
    assert isinstance(tree, sqlglot.exp.Select)
    assert tree.find(sqlglot.exp.Table).name == "x]; DROP TABLE KONNEKTOR_MODUL_AYAR;--"


def test_database_listing_asks_state_and_access_in_one_query():
    """The kit lists SQL Server's databases once: name, state and access, so a RESTORING copy of the
    year or an OFFLINE old year can be named instead of silently missing."""
    tree = sqlglot.parse_one(SQLSERVER.list_databases_with_state or "", read="tsql")
    assert isinstance(tree, sqlglot.exp.Select)
    assert [e.sql(dialect="tsql").upper() for e in tree.expressions] == ["NAME", "STATE", "HAS_DBACCESS(NAME)"]
    assert tree.find(sqlglot.exp.Table).sql(dialect="tsql").lower() == "sys.databases"
    assert "database_id > 4" in tree.args["where"].sql(dialect="tsql")
    # the one-column form, for anyone still reading it, keeps only usable databases
    plain = sqlglot.parse_one(SQLSERVER.list_databases or "", read="tsql").args["where"].sql(dialect="tsql")
    assert "state = 0" in plain and "HAS_DBACCESS(name) = 1" in plain
