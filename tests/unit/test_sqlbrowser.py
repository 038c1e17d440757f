"""Named instances: [MC-SQLR] answers parsed, Server= values split, and the port asked of a real UDP
SQL Server Browser stand-in (tests/sqlbrowser_responder.py) — resolved, unknown, TCP off, silent."""

from __future__ import annotations

import socket
import string
import struct
import time

import pytest

from konnektor_kit.data.sqlbrowser import Instance, instance_port, parse_response, split_server
from konnektor_kit.exceptions import BadInput, BrowserSilent, ConnectionFailed, InstanceUnknown
from konnektor_kit.i18n import MESSAGES
from tests.sqlbrowser_responder import BrowserResponder

LOGO = (
    b"ServerName;SRV01;InstanceName;LOGO;IsClustered;No;Version;15.0.2000.5;tcp;49703;"
    b"np;\\\\SRV01\\pipe\\MSSQL$LOGO\\sql\\query;;"
)
EXPRESS = (
    b"ServerName;SRV01;InstanceName;SQLEXPRESS;IsClustered;No;Version;16.0.1000.6;"
    b"np;\\\\SRV01\\pipe\\MSSQL$SQLEXPRESS\\sql\\query;;"
)
DEFAULT = b"ServerName;SRV01;InstanceName;MSSQLSERVER;IsClustered;No;Version;15.0.2000.5;tcp;1433;;"


def svr_resp(data: bytes) -> bytes:
    return bytes([0x05]) + struct.pack("<H", len(data)) + data


# --- parse_response ---------------------------------------------------------------------------------


def test_one_instance():
    assert parse_response(svr_resp(LOGO)) == [Instance("SRV01", "LOGO", "15.0.2000.5", 49703)]


def test_several_instances_in_one_ex_answer():
    found = parse_response(svr_resp(LOGO + EXPRESS + DEFAULT))
    assert [(i.name, i.tcp_port) for i in found] == [("LOGO", 49703), ("SQLEXPRESS", None), ("MSSQLSERVER", 1433)]
    assert found[1].version == "16.0.1000.6"


def test_no_tcp_means_no_port():
    assert parse_response(svr_resp(EXPRESS))[0].tcp_port is None


def test_odd_casing_of_keys_and_extra_transports():
    data = (
        b"SERVERNAME;SRV02;instancename;MIKRO;isclustered;Yes;VERSION;14.0.1000.169;"
        b"rpc;SRV02;BV;item;group;org;via;SRV02,1433:8;Tcp;50123;;"
    )
    assert parse_response(svr_resp(data)) == [Instance("SRV02", "MIKRO", "14.0.1000.169", 50123)]


def test_bare_resp_data_and_trailing_bytes_beyond_resp_size():
    assert parse_response(LOGO)[0].tcp_port == 49703
    assert [i.name for i in parse_response(svr_resp(LOGO) + b"garbage;InstanceName;X;;")] == ["LOGO"]


def test_record_without_terminator_and_empty_answers():
    assert [i.name for i in parse_response(svr_resp(LOGO[:-2] + b";" + DEFAULT))] == ["LOGO", "MSSQLSERVER"]
    assert parse_response(svr_resp(b"")) == []
    assert parse_response(b"") == []
    assert parse_response(svr_resp(b"ServerName;SRV01;tcp;abc;;")) == []  # no instance name: not a record


def test_turkish_server_name_in_cp1254():
    data = "ServerName;MUHASEBE-İŞ;InstanceName;LOGO;Version;15.0;tcp;1500;;".encode("cp1254")
    assert parse_response(svr_resp(data))[0].server == "MUHASEBE-İŞ"


# --- split_server -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("SRV01\\LOGO", ("SRV01", "LOGO", None)),
        (".\\SQLEXPRESS", ("127.0.0.1", "SQLEXPRESS", None)),
        ("(local)\\X", ("127.0.0.1", "X", None)),
        ("(LOCAL)", ("127.0.0.1", None, None)),
        (".", ("127.0.0.1", None, None)),
        ("localhost", ("localhost", None, None)),
        ("tcp:10.0.0.5,1433", ("10.0.0.5", None, 1433)),
        ("TCP:SRV01\\LOGO", ("SRV01", "LOGO", None)),
        ("10.0.0.5,1433", ("10.0.0.5", None, 1433)),
        ("10.0.0.5, 1433", ("10.0.0.5", None, 1433)),
        ("SRV01", ("SRV01", None, None)),
        ("  SRV01\\LOGO  ", ("SRV01", "LOGO", None)),
        ("192.168.1.219\\SQLEXPJUMP", ("192.168.1.219", "SQLEXPJUMP", None)),
        ("SRV01\\LOGO,49703", ("SRV01", "LOGO", 49703)),
        ("[::1],1433", ("::1", None, 1433)),
    ],
)
def test_split_server(value, expected):
    assert split_server(value) == expected


@pytest.mark.parametrize("value", ["", "  ", "\\LOGO", "SRV01\\", "SRV01,", "SRV01,abc", "SRV01,70000", "a\\b\\c"])
def test_split_server_refuses_what_no_driver_accepts(value):
    with pytest.raises(BadInput) as info:
        split_server(value)
    assert "SRV01\\INSTANCE" in info.value.message("tr") and "SRV01\\INSTANCE" in info.value.message("en")


# --- instance_port against a real UDP responder -----------------------------------------------------


def test_resolved_port():
    with BrowserResponder({"LOGO": 49703, "SQLEXPRESS": 50100}) as browser:
        assert instance_port("127.0.0.1", "LOGO", 2.0, port=browser.port) == 49703
        assert instance_port("127.0.0.1", "sqlexpress", 2.0, port=browser.port) == 50100
    assert all(r[0] == 0x04 for r in browser.requests)  # found at once: the full list was never asked


def test_local_alias_from_split_server_reaches_the_browser():
    host, instance, _ = split_server(".\\SQLEXPRESS")
    with BrowserResponder({"SQLEXPRESS": 51000}) as browser:
        assert instance_port(host, instance, 2.0, port=browser.port) == 51000


def test_unknown_instance_names_those_the_browser_listed():
    with BrowserResponder({"LOGO": 49703, "SQLEXPRESS": None}) as browser:
        started = time.monotonic()
        with pytest.raises(InstanceUnknown) as info:
            instance_port("127.0.0.1", "NETSIS", 30.0, port=browser.port)
        elapsed = time.monotonic() - started
    error = info.value
    assert isinstance(error, ConnectionFailed) and error.category == "server_unreachable"
    assert [r[0] for r in browser.requests].count(0x03) == 1  # one CLNT_UCAST_EX
    assert elapsed < 30.0  # the list answered: the deadline was not waited out
    tr, en = error.message("tr"), error.message("en")
    assert '"NETSIS"' in tr and "LOGO, SQLEXPRESS" in tr and "instance yok" in tr
    assert '"NETSIS"' in en and "these: LOGO, SQLEXPRESS" in en and "has no instance" in en


def test_unknown_instance_on_a_browser_with_no_instances():
    with BrowserResponder({}) as browser, pytest.raises(InstanceUnknown) as info:
        instance_port("127.0.0.1", "LOGO", 1.0, port=browser.port)
    assert "hiçbiri" in info.value.message("tr") and "none" in info.value.message("en")


def test_instance_without_tcp_says_enable_tcp_ip():
    with BrowserResponder({"LOGO": 49703, "SQLEXPRESS": None}) as browser, pytest.raises(ConnectionFailed) as info:
        instance_port("127.0.0.1", "SQLEXPRESS", 2.0, port=browser.port)
    error = info.value
    assert not isinstance(error, (InstanceUnknown, BrowserSilent))
    assert error.category == "server_unreachable"
    assert "TCP/IP'yi etkinleştirin" in error.message("tr") and "SQL Server Configuration Manager" in error.message(
        "tr"
    )
    assert "Enable TCP/IP for the instance in SQL Server Configuration Manager" in error.message("en")


@pytest.mark.parametrize("deadline", [0.4, 1.5])
def test_silent_browser_fails_within_the_deadline(deadline):
    with BrowserResponder({"LOGO": 49703}, silent=True) as browser:
        started = time.monotonic()
        with pytest.raises(BrowserSilent) as info:
            instance_port("127.0.0.1", "LOGO", deadline, port=browser.port)
        elapsed = time.monotonic() - started
    assert deadline - 0.05 <= elapsed < deadline + 10  # waited its deadline, and no hang after it
    assert [r[0] for r in browser.requests] == [0x04, 0x03]  # it did ask, and asked for the list once
    error = info.value
    assert isinstance(error, ConnectionFailed) and error.category == "server_unreachable"
    tr, en = error.message("tr"), error.message("en")
    assert "SQL Server Browser servisini başlatın" in tr and "host,port" in tr
    assert "SQL Server Configuration Manager" in tr
    assert "Start the SQL Server Browser service on the server" in en and "give host,port" in en
    assert "TCP port" in en and "SQL Server Configuration Manager" in en
    assert f"{deadline:g}" in en


def test_no_browser_on_the_port_fails_at_once():
    closed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    started = time.monotonic()
    with pytest.raises(BrowserSilent) as info:
        instance_port("127.0.0.1", "LOGO", 30.0, port=port)
    assert time.monotonic() - started < 30.0  # the refusal ended it, not the deadline
    assert "reddetti" in info.value.message("tr") and "refused" in info.value.message("en")


def test_zero_deadline_never_blocks():
    with BrowserResponder({}, silent=True) as browser:
        started = time.monotonic()
        with pytest.raises(BrowserSilent):
            instance_port("127.0.0.1", "LOGO", 0, port=browser.port)
    assert time.monotonic() - started < 10  # a hang guard: a zero deadline must not block


def test_unresolvable_host_is_server_unreachable_within_the_deadline():
    started = time.monotonic()
    with pytest.raises(ConnectionFailed) as info:
        instance_port("no-such-host.invalid", "LOGO", 1.0)
    assert time.monotonic() - started < 1.0 + 10  # a hang guard
    assert info.value.category == "server_unreachable"
    assert "no-such-host.invalid" in info.value.message("tr") and "could not be resolved" in info.value.message("en")


# --- messages ---------------------------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_browser_messages_have_both_languages_with_the_same_placeholders():
    keys = [k for k in MESSAGES if k.startswith("sqlbrowser.")]
    assert len(keys) >= 8
    for key in keys:
        tr, en = MESSAGES[key]
        assert tr and en and tr != en, key
        assert _fields(tr) == _fields(en), key
