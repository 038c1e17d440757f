"""SQL Server's database list: only ONLINE databases this login may open, the others named with why."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from konnektor_kit.data import odbc as odbc_module
from konnektor_kit.data.connect import Connection
from konnektor_kit.data.database_states import NO_ACCESS, classify_databases, state_word, unavailable_note
from konnektor_kit.data.dialects import MARIADB, POSTGRESQL, SQLSERVER
from konnektor_kit.data.odbc import OdbcServer
from konnektor_kit.data.site import ServerConfig
from konnektor_kit.data.sqlite_folder import SqliteFolderServer
from konnektor_kit.i18n import LANGS, MESSAGES

# A NETSIS server on 2 January: IZMIR2026 is the new year's copy, still being restored from last
# year's backup; IZMIR2023 was taken offline; MUHASEBE_ESKI belongs to another firm and this login
# may not open it; HAS_DBACCESS answers 0 for the RESTORING and OFFLINE ones too.
ROWS = [
    ("IZMIR2023", 6, 0),
    ("IZMIR2024", 0, 1),
    ("IZMIR2025", 0, 1),
    ("IZMIR2026", 1, 0),
    ("MUHASEBE_ESKI", 0, 0),
    ("NETSIS", 0, 1),
]


def test_rows_split_into_usable_and_unavailable():
    usable, unavailable = classify_databases(ROWS)
    assert usable == ["IZMIR2024", "IZMIR2025", "NETSIS"]
    assert unavailable == {"IZMIR2023": "OFFLINE", "IZMIR2026": "RESTORING", "MUHASEBE_ESKI": NO_ACCESS}


@pytest.mark.parametrize(
    ("state", "access", "word"),
    [
        (0, 1, None),
        (0, 0, "NO_ACCESS"),
        (0, None, "NO_ACCESS"),  # HAS_DBACCESS is NULL for a name it cannot resolve
        (1, 0, "RESTORING"),  # the state is the reason, not the access it implies
        (2, 0, "RECOVERING"),
        (3, 0, "RECOVERY_PENDING"),
        (4, 0, "SUSPECT"),
        (5, 1, "EMERGENCY"),
        (6, 0, "OFFLINE"),
        (10, 0, "OFFLINE_SECONDARY"),
        (9, 0, "STATE_9"),  # a state a later SQL Server may add is named by its number
        (None, 1, "STATE_UNKNOWN"),
        (Decimal(0), "1", None),  # drivers hand back Decimal or text
        ("1", "0", "RESTORING"),
    ],
)
def test_state_word(state, access, word):
    assert state_word(state, access) == word


def test_no_note_when_every_database_opens():
    assert unavailable_note({}) is None
    assert unavailable_note(classify_databases([("IZMIR2025", 0, 1)])[1]) is None


def test_note_names_the_restoring_copy_the_offline_year_and_the_closed_database_in_turkish():
    note = unavailable_note(classify_databases(ROWS)[1])
    assert note is not None
    tr = note.get("tr")
    assert tr.startswith("Şu veri tabanları şimdi açılamadığı için listede yok: ")
    assert (
        '"IZMIR2026" veri tabanı RESTORING durumunda: yılın kopyası hâlâ geri yükleniyor; bitince yeniden arayın'
    ) in tr
    assert '"IZMIR2023" veri tabanı OFFLINE durumunda: çevrim dışına alınmış (çoğunlukla eski bir yıl)' in tr
    assert (
        '"MUHASEBE_ESKI" veri tabanı için bağlanılan SQL Server oturumunun (login) erişimi yok (HAS_DBACCESS = 0)'
    ) in tr
    # what fixes itself (the restore) is told first, the closed database last
    assert tr.index("IZMIR2026") < tr.index("IZMIR2023") < tr.index("MUHASEBE_ESKI")
    assert str(note) == tr and tr.endswith(".")


def test_note_in_english():
    note = unavailable_note(classify_databases(ROWS)[1])
    assert note is not None
    en = note.get("en")
    assert en.startswith("These databases are left out of the list because they cannot be opened now: ")
    assert (
        'database "IZMIR2026" is RESTORING: the year\'s copy is still being restored; search again when it is done'
    ) in en
    assert 'database "IZMIR2023" is OFFLINE: taken offline (often an old year)' in en
    assert 'database "MUHASEBE_ESKI" is not accessible to this login (HAS_DBACCESS = 0)' in en
    assert note.as_dict() == {"tr": note.get("tr"), "en": en}


def test_databases_with_the_same_reason_are_named_together():
    note = unavailable_note({"LIDER2022": "OFFLINE", "lider2021": "OFFLINE", "LIDER2026": "RESTORING"})
    assert note is not None
    assert '"lider2021", "LIDER2022" veri tabanları OFFLINE durumunda' in note.get("tr")
    assert 'databases "lider2021", "LIDER2022" are OFFLINE' in note.get("en")
    assert note.get("tr").count("OFFLINE durumunda") == 1


def test_every_state_has_words_and_an_unknown_one_is_still_said():
    every = {
        f"DB{i}": w
        for i, w in enumerate(
            [
                "RESTORING",
                "RECOVERING",
                "RECOVERY_PENDING",
                "SUSPECT",
                "EMERGENCY",
                "OFFLINE",
                "OFFLINE_SECONDARY",
                "COPYING",
                NO_ACCESS,
                "STATE_9",
            ]
        )
    }
    note = unavailable_note(every)
    assert note is not None
    for lang in LANGS:
        text = note.get(lang)
        assert all(f'"{name}"' in text for name in every)
        assert "{" not in text and "}" not in text
    assert '"DB9" veri tabanı STATE_9 durumunda; veri tabanı yöneticisine sorun' in note.get("tr")


def test_message_keys_have_both_languages_with_the_same_placeholders():
    keys = [k for k in MESSAGES if k.startswith(("db.unavailable", "db.state."))]
    assert len(keys) >= 13
    for key in keys:
        tr, en = MESSAGES[key]
        assert tr and en and tr != en, key
        assert set(re.findall(r"{(\w+)}", tr)) == set(re.findall(r"{(\w+)}", en)), key


# --- the servers: one listing query answers both questions ---


class FakeCursor:
    def __init__(self, log: list[str], rows: list[tuple]) -> None:
        self.log, self.rows = log, rows

    def execute(self, sql: str, params: tuple = ()) -> None:
        self.log.append(sql)

    def fetchall(self) -> list[tuple]:
        return self.rows

    def close(self) -> None:
        pass


class FakeRaw:
    def __init__(self, rows: list[tuple]) -> None:
        self.rows, self.log = rows, []

    def cursor(self) -> FakeCursor:
        return FakeCursor(self.log, self.rows)

    def close(self) -> None:
        pass


@pytest.fixture
def odbc_server(monkeypatch):
    """An OdbcServer whose every login is the same recording cursor: the driver (`open_odbc`) and the
    pre-flight probe are replaced, so no packet leaves the machine and the server's own code runs."""

    def make(driver: str, rows: list[tuple]) -> tuple[OdbcServer, FakeRaw]:
        made = OdbcServer(ServerConfig(name="SRV01", odbc=f"Driver={{{driver}}};Server=10.0.0.5"))
        raw = FakeRaw(rows)

        def open_odbc(odbc, database, timeout, *, server: str, counter: list[int]) -> Connection:
            return Connection(raw, made.dialect, server, counter)

        monkeypatch.setattr(odbc_module, "preflight", lambda odbc, timeout: None)
        monkeypatch.setattr(odbc_module, "open_odbc", open_odbc)
        return made, raw

    return make


def test_sql_server_lists_usable_databases_and_names_the_others_in_one_query(odbc_server):
    server, raw = odbc_server("ODBC Driver 18 for SQL Server", ROWS)
    assert server.dialect is SQLSERVER
    assert server.databases() == ["IZMIR2024", "IZMIR2025", "NETSIS"]
    assert server.unavailable_databases() == {
        "IZMIR2023": "OFFLINE",
        "IZMIR2026": "RESTORING",
        "MUHASEBE_ESKI": "NO_ACCESS",
    }
    assert server.databases() == ["IZMIR2024", "IZMIR2025", "NETSIS"]
    assert raw.log == [SQLSERVER.list_databases_with_state] and server.counter[0] == 1
    server.close()  # a new operation lists again
    assert server.unavailable_databases()["IZMIR2026"] == "RESTORING" and server.counter[0] == 2


def test_sql_server_looks_for_a_table_only_in_databases_it_may_open(odbc_server):
    server, raw = odbc_server("FreeTDS", ROWS)
    server.databases()
    raw.rows = [("NETSIS",)]
    assert server.databases_with_table("SIRKETLER30") == ["NETSIS"]
    union = raw.log[-1]
    assert "[IZMIR2025]" in union and "[IZMIR2026]" not in union and "[MUHASEBE_ESKI]" not in union


@pytest.mark.parametrize(("driver", "dialect"), [("PostgreSQL Unicode", POSTGRESQL), ("MariaDB Unicode", MARIADB)])
def test_other_servers_keep_their_one_column_listing(odbc_server, driver, dialect):
    server, raw = odbc_server(driver, [("LOGODB",), ("ETA_EDIS_2026",)])
    assert dialect.list_databases_with_state is None
    assert server.databases() == ["LOGODB", "ETA_EDIS_2026"]
    assert server.unavailable_databases() == {}
    assert raw.log == [dialect.list_databases]


def test_a_sqlite_folder_never_leaves_a_database_out(tmp_path):
    (tmp_path / "IZMIR2026.sqlite").write_bytes(b"")
    server = SqliteFolderServer(ServerConfig(name="yerel", sqlite_dir=tmp_path))
    assert server.databases() == ["IZMIR2026"]
    assert server.unavailable_databases() == {}
