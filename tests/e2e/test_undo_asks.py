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
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import cli, konnektor_digest
from tests.helpers import apply

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX's (pty)")

ASKED = "Geri alınsın mı? [e/H]"


def undo_at_terminal(
    site,
    *args: str,
    answer: bytes | None,
    stdout_pipe: bool = False,
    stderr: Path | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[int, str]:
    """`konnektor-kit undo` on a terminal; `answer` typed when the question shows (None: never typed),
    after `meanwhile` ran (another engineer's work while this one reads the question). `stderr`: a file
    the errors go to instead of the terminal. Returns the exit code and what the terminal (or pipe) showed."""
    import pty

    leader, follower = pty.openpty()
    errors = stderr.open("wb") if stderr else None
    proc = subprocess.Popen(
        [sys.executable, "-m", "konnektor_kit", "undo", "--site", str(site), *args],
        stdin=follower,
        stdout=subprocess.PIPE if stdout_pipe else follower,
        stderr=errors or follower,
        env={**os.environ, "KONNEKTOR_KIT_LANG": "tr", "PYTHONIOENCODING": "utf-8"},
    )
    if errors:
        errors.close()
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
                if meanwhile:
                    meanwhile()
                os.write(leader, answer + b"\n")
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
    code, shown = undo_at_terminal(changed, answer=b"h")
    assert code == 0, shown
    assert "1 numaralı değişiklik geri alınırsa" in shown and ASKED in shown
    assert "e-Arşiv / İzmir Şube: IZMIRSUBE2026 → IZMIRSUBE2025" in shown  # module, branch: now → put back
    assert "değişiklik yerinde duruyor" in shown
    assert konnektor_digest(changed) == digest


def test_a_yes_at_the_terminal_undoes_what_was_shown(changed, capsys):
    code, shown = undo_at_terminal(changed, answer=b"evet")
    assert code == 0, shown
    assert ASKED in shown and "geri alındı" in shown
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


def test_what_was_shown_is_undone_even_when_a_change_comes_in_meanwhile(changed, capsys):
    """While the question waits, the page (another process) changes another row: the yes still undoes
    change 1, the one shown, and never the newer change 2 a bare `undo` would now take."""

    def page_changes_efatura() -> None:
        code, _, err = apply(str(changed), capsys, module="e-Fatura", branch="Merkez", period="3")
        assert code == 0, err

    code, shown = undo_at_terminal(changed, answer=b"e", meanwhile=page_changes_efatura)
    assert code == 0, shown
    _, history, _ = cli("history", "--site", str(changed), capsys=capsys)
    assert [(h["kind"], h["undoes"]) for h in history] == [("apply", None), ("apply", None), ("undo", 1)]


def test_the_question_is_on_the_terminal_when_errors_go_to_a_file(changed, tmp_path):
    """`undo 2>>kk.log`: the question is said where the person reads, not into the log."""
    code, shown = undo_at_terminal(changed, answer=b"h", stderr=tmp_path / "kk.log")
    assert code == 0, shown
    assert ASKED in shown and ASKED not in (tmp_path / "kk.log").read_text(encoding="utf-8")


def test_an_answer_in_another_code_page_is_a_no(changed):
    """ "hayır" typed on a cp1254 console but read as UTF-8: a no, said as one, not an unexpected error."""
    digest = konnektor_digest(changed)
    code, shown = undo_at_terminal(changed, answer="hayır".encode("cp1254"))
    assert code == 0, shown
    assert "değişiklik yerinde duruyor" in shown and "Beklenmeyen" not in shown
    assert konnektor_digest(changed) == digest
