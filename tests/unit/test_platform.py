"""konnektor_kit/platform.py: each difference between Windows and POSIX, tested here without Windows.

The POSIX side runs for real (processes, locks, sockets, /bin/sh). The Windows side is run where its
rule is the kit's own (quoting, ports' numbers, links across drives, privacy, replace's retries) with
`sys.platform` patched to "win32"; what only Windows can do (msvcrt, a sharing violation) is type-checked
by `mypy --platform win32` in scripts/check. docs/windows.md lists which is which.
"""

from __future__ import annotations

import errno
import io
import ntpath
import os
import posixpath
import re
import socket
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime

import psutil
import pytest

from konnektor_kit import platform

NAMES = [
    "Ali'nin Market",
    "Ali’nin Market",  # the typographic apostrophe Word and phones type
    "İzmir Şube",
    "C:\\Konnektor Siteleri\\müşteri.toml",
    "/tmp/a b/site.toml",
    '$HOME `x` @y "z"',
    "-rf",
    "",
    "plain",
]


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")


# ---- commands to paste -------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_sh_reads_back_every_quoted_name(name):
    """On POSIX a hint is for sh: /bin/sh itself splits the quoted command back into the same words."""
    command = "printf '%s\\n' " + platform.shell_join([name, "after"])
    done = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, check=True)
    assert done.stdout == f"{name}\nafter\n"


def powershell_words(command: str) -> list[str]:
    """Split a command as PowerShell's parser reads bare words and verbatim '…' strings (about_Quoting_Rules:
    inside '…' a doubled single quote — ' or one of ‘ ’ ‚ ‛ — is one quote, nothing else is special)."""
    words, i = [], 0
    while i < len(command):
        if command[i] == " ":
            i += 1
            continue
        if command[i] in platform.POWERSHELL_QUOTES:
            word, i = "", i + 1
            while True:
                c = command[i]
                if c in platform.POWERSHELL_QUOTES:
                    if i + 1 < len(command) and command[i + 1] in platform.POWERSHELL_QUOTES:
                        word, i = word + c, i + 2
                        continue
                    i += 1
                    break
                word, i = word + c, i + 1
            words.append(word)
        else:
            end = command.find(" ", i)
            end = len(command) if end < 0 else end
            word = command[i:end]
            assert re.fullmatch(r"[A-Za-z0-9_\-.:\\/]+", word), word  # nothing PowerShell would expand
            words.append(word)
            i = end
    return words


@pytest.mark.parametrize("name", NAMES)
def test_powershell_reads_back_every_quoted_name(windows, name):
    assert powershell_words(platform.shell_join([name, "after"])) == [name, "after"]


def test_an_apostrophe_is_doubled_for_powershell_and_closed_and_reopened_for_sh(monkeypatch):
    assert platform.shell_quote("Ali'nin Market") == "'Ali'\"'\"'nin Market'"
    monkeypatch.setattr(sys, "platform", "win32")
    assert platform.shell_quote("Ali'nin Market") == "'Ali''nin Market'"
    assert platform.shell_quote("Ali’nin") == "'Ali’’nin'"
    assert platform.shell_quote(r"C:\sites\a.toml") == r"C:\sites\a.toml"  # a plain path stays as typed


def test_the_undo_and_readiness_hints_follow_the_platform(site, monkeypatch, capsys):
    """The command line's hints, as printed: PowerShell's quoting under win32, sh's elsewhere."""
    from konnektor_kit.cli import run

    folder = site.parent.parent / "Ali'nin Market"
    site.parent.rename(folder)
    moved = folder / site.name
    args = ["apply", "--site", str(moved), "--module", "e-Fatura", "--branch", "Merkez", "--period", "3", "--yes"]
    assert run(args) == 0
    posix = capsys.readouterr().out
    assert f"--site {platform.shlex.quote(str(moved))} --change" in posix
    monkeypatch.setattr(sys, "platform", "win32")
    assert run([*args[:-2], "4", "--yes"]) == 0
    windows = capsys.readouterr().out
    assert "--site '" + str(moved).replace("'", "''") + "' --change" in windows
    monkeypatch.setenv("COLUMNS", "1000")  # the hint whole on one line, however long the test's folder is
    assert run(["ready", "--site", str(moved), "--year", "2026", "--lang", "en"]) in (0, 1)
    ready = capsys.readouterr().out
    assert "''nin Market" in ready and "'\"'\"'" not in ready


# ---- ports ---------------------------------------------------------------------------------------
def test_a_taken_port_is_recognised():
    with socket.socket() as first:
        first.bind(("127.0.0.1", 0))
        first.listen()
        with socket.socket() as second, pytest.raises(OSError) as caught:
            second.bind(("127.0.0.1", first.getsockname()[1]))
    assert platform.port_unavailable(caught.value)


@pytest.mark.parametrize(
    ("number", "unavailable"),
    [
        (10013, True),  # WSAEACCES: a port in a range Windows reserved (Hyper-V, WSL, Docker)
        (10048, True),  # WSAEADDRINUSE
        (errno.EADDRINUSE, True),
        (errno.EACCES, True),  # a privileged port on POSIX
        (errno.EADDRNOTAVAIL, False),  # the address is wrong: another port would not help
        (10049, False),  # WSAEADDRNOTAVAIL
    ],
)
def test_winsock_numbers_mean_another_port(number, unavailable):
    assert platform.port_unavailable(OSError(number, "bind")) is unavailable
    assert errno.EACCES != 10013  # why errno's name alone missed Windows' answer


# ---- links across drives -------------------------------------------------------------------------
def test_a_link_to_another_drive_is_a_file_uri():
    """Sites on D:, the campaign's index on C: (ntpath is Windows' os.path, importable anywhere)."""
    with pytest.raises(ValueError):
        ntpath.relpath(r"D:\sites\a\reports\x.html", r"C:\out")  # what broke the index
    href = platform.link_href(r"D:\sites\a\reports\teshis 1.html", r"C:\out", ntpath)
    assert href == "file:///D:/sites/a/reports/teshis%201.html"
    assert platform.link_href(r"C:\sites\a\r.html", r"C:\out", ntpath) == "../sites/a/r.html"
    assert platform.link_href("/srv/sites/a/r.html", "/srv/out", posixpath) == "../sites/a/r.html"


# ---- privacy -------------------------------------------------------------------------------------
def test_privacy_is_modes_on_posix_and_the_acl_on_windows(tmp_path, monkeypatch):
    folder = tmp_path / "state" / "reports"
    platform.private_folder(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    os.chmod(folder, 0o755)
    fd = os.open(folder, os.O_RDONLY)
    try:
        platform.make_private(fd)
        assert stat.S_IMODE(os.fstat(fd).st_mode) == 0o700
        assert platform.owned_by_me(os.fstat(fd))
        os.fchmod(fd, 0o755)
        monkeypatch.setattr(sys, "platform", "win32")
        platform.make_private(fd)  # Windows: a mode is only the read-only flag; nothing is changed
        assert stat.S_IMODE(os.fstat(fd).st_mode) == 0o755
        others = os.stat_result((0o40755, 0, 0, 1, os.geteuid() + 1, 0, 0, 0, 0, 0))
        assert platform.owned_by_me(others)  # st_uid means nothing there
    finally:
        os.close(fd)
    assert "ACL" in platform.PRIVACY_ON_WINDOWS


# ---- replace ---------------------------------------------------------------------------------------
def held_open(times: int, monkeypatch) -> list[int]:
    """os.replace refused `times` times as Windows refuses it while another process reads the target
    (PermissionError, winerror 32), then the real one."""
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(1)
        if len(calls) <= times:
            exc = PermissionError(errno.EACCES, "The process cannot access the file")
            exc.winerror = 32  # type: ignore[attr-defined]
            raise exc
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(platform.time, "sleep", lambda s: None)
    return calls


def test_replace_waits_out_a_reader_on_windows(tmp_path, monkeypatch):
    source, target = tmp_path / "new", tmp_path / "staff-delays.json"
    source.write_text("new")
    target.write_text("old")
    monkeypatch.setattr(sys, "platform", "win32")
    calls = held_open(3, monkeypatch)
    platform.replace(source, target)
    assert target.read_text() == "new" and len(calls) == 4


def test_replace_gives_up_after_its_tries_and_never_retries_on_posix(tmp_path, monkeypatch):
    source, target = tmp_path / "new", tmp_path / "old"
    source.write_text("new")
    calls = held_open(1, monkeypatch)
    with pytest.raises(PermissionError):
        platform.replace(source, target)  # POSIX: a refusal is a real one
    assert len(calls) == 1
    monkeypatch.setattr(sys, "platform", "win32")
    calls = held_open(platform.REPLACE_TRIES, monkeypatch)
    with pytest.raises(PermissionError):
        platform.replace(source, target)
    assert len(calls) == platform.REPLACE_TRIES and source.exists()


# ---- a lock between processes --------------------------------------------------------------------
HOLDER = """
import sys
from konnektor_kit import platform
with open(sys.argv[1], "a+b") as f, platform.locked(f):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_the_lock_keeps_another_process_out_until_released(tmp_path):
    import fcntl

    lock = tmp_path / "staff-delays.json.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with open(lock, "a+b") as mine:
            with pytest.raises(BlockingIOError):
                fcntl.flock(mine.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            holder.communicate("\n", timeout=30)
            with platform.locked(mine):  # released with the block: taken at once
                fcntl.flock(mine.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # our own lock: no conflict
    finally:
        holder.kill()
        holder.wait()


# ---- a process and its children ------------------------------------------------------------------
PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
print(child.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.parametrize("hard", [False, True], ids=["term", "kill"])
def test_stop_group_ends_the_child_and_what_it_started(hard):
    proc = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, **platform.new_group())
    try:
        assert proc.stdout is not None
        grandchild = psutil.Process(int(proc.stdout.readline()))
        platform.stop_group(proc, hard=hard)
        proc.wait(30)
        gone, alive = psutil.wait_procs([grandchild], timeout=30)
        assert alive == [] and len(gone) == 1
        platform.stop_group(proc, hard=hard)  # already gone: no error
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# ---- the console ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "shown"),
    [
        ("cp1252", "Izmir Sube -> 2026 — Gida A.S. Dönem"),  # cp1252 has "—" and "ö"
        ("cp1254", "İzmir Şube -> 2026 — Gıda A.Ş. Dönem"),
        ("ascii", "Izmir Sube -> 2026 - Gida A.S. Donem"),
    ],
)
def test_a_console_shows_what_its_code_page_can_and_transliterates_the_rest(encoding, shown):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", write_through=True)
    with pytest.raises(UnicodeEncodeError):
        stream.write("İzmir Şube → 2026")
    platform.console_safe(stream)
    stream.write("İzmir Şube → 2026 — Gıda A.Ş. Dönem")
    stream.flush()
    assert raw.getvalue().decode(encoding).endswith(shown)


# ---- local time ------------------------------------------------------------------------------------
@pytest.fixture
def utc_machine(monkeypatch):
    """A machine on UTC (as hubs often are): TZ set to UTC for the test, put back (and re-read) after."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_zone_is_taken_where_none_is_given_and_a_given_one_wins(utc_machine, monkeypatch):
    winter = datetime(2026, 12, 31, 21, 30, tzinfo=UTC).timestamp()
    platform.use_time_zone("Europe/Istanbul")
    assert datetime.fromtimestamp(winter).strftime("%H:%M") == "21:30"  # TZ=UTC was given: it stays
    monkeypatch.delenv("TZ")
    platform.use_time_zone("Europe/Istanbul")
    assert os.environ["TZ"] == "Europe/Istanbul"
    assert datetime.fromtimestamp(winter).strftime("%Y-%m-%d %H:%M") == "2027-01-01 00:30"  # UTC+3
    child = subprocess.run(
        [sys.executable, "-c", "import time; print(time.strftime('%z', time.localtime(0)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == "+0200"  # a kernel started from here reads the same zone (1970: EET)


def test_windows_keeps_its_own_clock(windows, monkeypatch):
    monkeypatch.delenv("TZ", raising=False)
    platform.use_time_zone("Europe/Istanbul")
    assert "TZ" not in os.environ
