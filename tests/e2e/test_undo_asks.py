"""`undo` typed at a terminal shows what it will put back and asks first; a script is never asked.

The command runs as a person runs it: a real process on a pseudo-terminal (Linux's pty; Windows' console
answers `isatty()` the same way), the answer typed into it. A pipe on either side, `--yes` or `--json`
runs as typed, as the contract's `undo` always has."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

from tests.conftest import cli, konnektor_digest
from tests.helpers import apply

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX's (pty)")

ASKED = "Geri alınsın mı? [e/H]"


def undo_at_terminal(site, *args: str, answer: str | None, stdout_pipe: bool = False) -> tuple[int, str]:
    """`konnektor-kit undo` on a terminal; `answer` typed when the question shows (None: never typed).
    Returns the exit code and everything the terminal (or the pipe) showed."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "konnektor_kit", "undo", "--site", str(site), *args],
        stdin=follower,
        stdout=subprocess.PIPE if stdout_pipe else follower,
        stderr=follower,
        env={**os.environ, "KONNEKTOR_KIT_LANG": "tr", "PYTHONIOENCODING": "utf-8"},
    )
    os.close(follower)
    shown, typed, deadline = b"", False, time.monotonic() + 60
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if select.select([leader], [], [], 0.1)[0]:
                try:
                    shown += os.read(leader, 4096)
                except OSError:  # the terminal closed with the process
                    break
            if answer is not None and not typed and ASKED.encode() in shown:
                os.write(leader, answer.encode() + b"\n")
                typed = True
        code = proc.wait(timeout=30)
        while select.select([leader], [], [], 0.1)[0]:
            try:
                if not (more := os.read(leader, 4096)):
                    break
            except OSError:
                break
            shown += more
    finally:
        os.close(leader)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    piped = proc.stdout.read() if proc.stdout else b""
    return code, (shown + piped).decode("utf-8", errors="replace")


@pytest.fixture
def changed(site, capsys):
    code, _, _ = apply(str(site), capsys, module="e-Arşiv", branch="İzmir Şube", database="izmirsube2026")
    assert code == 0
    return site


def test_a_no_at_the_terminal_shows_what_would_change_and_changes_nothing(changed):
    digest = konnektor_digest(changed)
    code, shown = undo_at_terminal(changed, answer="h")
    assert code == 0, shown
    assert "1 numaralı değişiklik geri alınırsa" in shown and ASKED in shown
    assert "e-Arşiv / İzmir Şube: IZMIRSUBE2026 → IZMIRSUBE2025" in shown  # module, branch: now → put back
    assert "değişiklik yerinde duruyor" in shown
    assert konnektor_digest(changed) == digest


def test_a_yes_at_the_terminal_undoes_what_was_shown(changed, capsys):
    code, shown = undo_at_terminal(changed, answer="evet")
    assert code == 0, shown
    assert "geri alındı" in shown
    _, history, _ = cli("history", "--site", str(changed), capsys=capsys)
    assert [(h["kind"], h["undoes"]) for h in history] == [("apply", None), ("undo", 1)]


@pytest.mark.parametrize(
    ("args", "stdout_pipe"), [(("--yes",), False), (("--json",), False), ((), True)], ids=["yes", "json", "piped"]
)
def test_yes_json_or_a_pipe_undo_as_typed(changed, args, stdout_pipe, capsys):
    code, shown = undo_at_terminal(changed, *args, answer=None, stdout_pipe=stdout_pipe)
    assert code == 0, shown
    assert ASKED not in shown
    _, history, _ = cli("history", "--site", str(changed), capsys=capsys)
    assert [h["kind"] for h in history] == ["apply", "undo"]
