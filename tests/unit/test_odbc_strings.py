"""Connection strings for every SQL Server driver and server form a customer has, and masking."""
from __future__ import annotations

import pytest

from konnektor_kit.data import odbc_strings
from konnektor_kit.data.site import mask_secrets

MS18 = "Driver={ODBC Driver 18 for SQL Server};Server=SRV01\\SQLEXPRESS;Uid=sa;Pwd=Gizli123;Encrypt=yes;TrustServerCertificate=yes"
MS17 = "Driver={ODBC Driver 17 for SQL Server};Server=10.0.0.5,1433;Uid=efinans;Pwd={a;b}}c}"
TRUSTED = "Driver={ODBC Driver 18 for SQL Server};Server=.;Trusted_Connection=yes;Encrypt=no"
FREETDS = "Driver={FreeTDS};Server=10.0.0.5;Port=1433;Uid=sa;Pwd=Gizli123"


def test_named_instance_with_sql_login_gets_the_database_and_the_pyodbc_timeout():
    target = odbc_strings.target(MS18, "LOGODB", 5)
    pairs = dict(odbc_strings.parse(target.connection_string))
    assert pairs["Driver"] == "ODBC Driver 18 for SQL Server" and pairs["Server"] == "SRV01\\SQLEXPRESS"
    assert pairs["Database"] == "LOGODB" and pairs["TrustServerCertificate"] == "yes"
    assert target.timeout == 5 and "LoginTimeout" not in target.connection_string


def test_host_and_port_and_braced_password_survive():
    target = odbc_strings.target(MS17, "ABC2026", 2.5)
    pairs = dict(odbc_strings.parse(target.connection_string))
    assert pairs["Server"] == "10.0.0.5,1433" and pairs["Pwd"] == "a;b}c" and target.timeout == 3
    assert "Pwd={a;b}}c}" in target.connection_string


def test_windows_authentication_on_the_local_default_instance():
    target = odbc_strings.target(TRUSTED, "EFINANS", 5)
    pairs = dict(odbc_strings.parse(target.connection_string))
    assert pairs["Server"] == "." and pairs["Trusted_Connection"] == "yes" and "Uid" not in pairs


def test_freetds_always_gets_a_tds_version():
    target = odbc_strings.target(FREETDS, "LOGODB", 5)
    assert "TDS_Version=7.4" in target.connection_string and target.timeout == 5
    kept = odbc_strings.target(FREETDS + ";TDS_Version=7.3", "LOGODB", 5)
    assert "TDS_Version=7.3" in kept.connection_string and "7.4" not in kept.connection_string


def test_mariadb_timeout_goes_in_the_string_and_postgres_in_pyodbc():
    maria = odbc_strings.target("Driver={MariaDB Unicode};Server=127.0.0.1;Uid=u;Pwd=p", "X", 5)
    assert "CONN_TIMEOUT=5" in maria.connection_string and maria.timeout == 0
    pg = odbc_strings.target("Driver={PostgreSQL Unicode};Server=127.0.0.1;Uid=u;Pwd=p", "X", 5)
    assert pg.timeout == 5 and "CONN_TIMEOUT" not in pg.connection_string


def test_database_replaces_an_existing_one_and_is_braced_when_needed():
    target = odbc_strings.target(MS18 + ";Database=master", "x]; DROP TABLE T;--", 5)
    pairs = odbc_strings.parse(target.connection_string)
    assert [v for k, v in pairs if k == "Database"] == ["x]; DROP TABLE T;--"]


@pytest.mark.parametrize("driver, family", [
    ("ODBC Driver 18 for SQL Server", "sqlserver"), ("ODBC Driver 17 for SQL Server", "sqlserver"),
    ("SQL Server Native Client 11.0", "sqlserver"), ("FreeTDS", "freetds"), ("PostgreSQL Unicode", "postgresql"),
    ("MariaDB Unicode", "mariadb"), ("MySQL ODBC 8.0 Unicode Driver", "mariadb"), ("SQLite3", "sqlite")])
def test_driver_families(driver, family):
    assert odbc_strings.family(f"Driver={{{driver}}};Server=x").name == family


@pytest.mark.parametrize("text", [MS18, MS17, FREETDS, "DRIVER={X};PWD=abc;UID=u", "Driver={X};Password = abc ;Uid=u"])
def test_masking_hides_every_password(text):
    masked = mask_secrets(text)
    for secret in ("Gizli123", "a;b", "abc"):
        assert secret not in masked
    assert "***" in masked
