"""The command line on a Windows code page: output redirected to a file, as a script on an engineer's
Turkish (cp1254) or English (cp1252) Windows gets it.

Each test runs `konnektor-kit` in a new interpreter with PYTHONIOENCODING set (what Python uses for a
redirected stdout instead of the console's UTF-16), stdout sent to a real file, and reads back its bytes
and the exit code. `--json` is UTF-8 whatever the code page; text is in the code page, with what it
cannot show transliterated; a change that was written exits 0 even when its output cannot be printed.
No file the kit opens on the way relies on the default encoding (the ANSI code page on Windows).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from konnektor_kit.services import plan
from konnektor_kit.services.workspace import open_workspace

SCRIPT = Path(sys.executable).parent / "konnektor-kit"  # installed by `pip install -e .` (scripts/setup)
CODE_PAGES = ["cp1254", "cp1252"]


def kit(args: list[str], out: Path, encoding: str, state: Path) -> tuple[int, bytes, str]:
    """Run the CLI with stdout redirected to `out`; (exit code, stdout's bytes, stderr in the code page)."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "KONNEKTOR_KIT_STATE_DIR": str(state)}
    env.pop("PYTHONUTF8", None)
    # a file opened without encoding= is in the ANSI code page on Windows: Python says so when asked
    env.update(PYTHONWARNDEFAULTENCODING="1", PYTHONWARNINGS="always::EncodingWarning")
    with open(out, "wb") as stdout:
        done = subprocess.run([str(SCRIPT), *args], stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=120)
    err = done.stderr.decode(encoding, errors="strict")
    assert not [line for line in err.splitlines() if "EncodingWarning" in line and "konnektor_kit" in line], err
    return done.returncode, out.read_bytes(), err


def changes(site: Path) -> list[int]:
    with open_workspace(site) as ws:
        return [r.id for r in plan.history(ws)]


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_inspect_json_is_utf8_whatever_the_code_page(site, tmp_path, encoding):
    code, data, err = kit(["inspect", "--site", str(site), "--json"], tmp_path / "out.json", encoding, tmp_path)
    assert code == 0, err
    rows = json.loads(data.decode("utf-8"))  # strict UTF-8: cp1254's "Ý" for "İ" would not decode
    assert "İzmir Şube" in {r["branch"] for r in rows}
    assert "İzmir Şube".encode() in data


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_apply_yes_redirected_writes_the_change_and_exits_0(site, tmp_path, encoding):
    """The text after a change holds "→", which neither code page has: the change is written, exit 0."""
    before = changes(site)
    args = ["apply", "--site", str(site), "--module", "e-Fatura", "--branch", "Merkez", "--period", "3", "--yes"]
    code, data, err = kit(args, tmp_path / "out.txt", encoding, tmp_path)
    assert code == 0, err
    after = changes(site)
    assert len(after) == len(before) + 1
    text = data.decode(encoding)  # every byte is the code page's: nothing else was mixed in
    assert " -> " in text  # "→" transliterated
    assert f"--change {after[-1]}" in text  # the undo hint is whole


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_discover_text_on_the_code_page(site, tmp_path, encoding):
    args = ["discover", "--site", str(site), "--module", "e-Fatura", "--branch", "İzmir Şube", "--year", "2026"]
    code, data, err = kit(args, tmp_path / "out.txt", encoding, tmp_path)
    assert code == 0, err
    head = data.decode(encoding).splitlines()[0]
    assert head.startswith("e-Fatura / ")
    assert "-> 2026" in head  # the head line's "→"
    assert ("İzmir Şube" if encoding == "cp1254" else "Izmir Sube") in head


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_help_and_bad_input_in_the_code_page(tmp_path, encoding):
    """`--help` names the kit in Turkish ("veri tabanı": ı is not in cp1252); a bad site file's sentence
    goes to stderr in the code page, exit 2, and --json's error document is UTF-8."""
    code, data, err = kit(["--help"], tmp_path / "help.txt", encoding, tmp_path)
    assert code == 0, err
    assert ("veri tabanı" if encoding == "cp1254" else "veri tabani") in data.decode(encoding)
    missing = tmp_path / "Şube yok.toml"
    code, data, err = kit(["inspect", "--site", str(missing), "--json"], tmp_path / "e.json", encoding, tmp_path)
    assert code == 2
    assert json.loads(data.decode("utf-8"))["exit_code"] == 2
    assert "ube yok.toml" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_written_change_exits_0_when_its_output_cannot_be_written(site, tmp_path):
    """stdout on a full disk: the change is in the history, exit 0, the loss said on stderr; a verb
    that changed nothing still fails (exit 1) when its output is lost."""
    before = changes(site)
    apply = ["apply", "--site", str(site), "--module", "e-Fatura", "--branch", "Merkez", "--yes"]
    env = {**os.environ, "KONNEKTOR_KIT_STATE_DIR": str(tmp_path)}
    for extra in (["--period", "3"], ["--period", "4", "--json"]):
        with open("/dev/full", "wb") as full:
            done = subprocess.run([str(SCRIPT), *apply, *extra], stdout=full, stderr=subprocess.PIPE, env=env)
        assert done.returncode == 0, done.stderr.decode()
        assert "Değişiklik yazıldı" in done.stderr.decode()
        assert "Traceback" not in done.stderr.decode()
    assert len(changes(site)) == len(before) + 2
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(SCRIPT), "inspect", "--site", str(site), "--json"], stdout=full, stderr=subprocess.PIPE, env=env
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr.decode() and "Disk dolu: stdout" in done.stderr.decode()
