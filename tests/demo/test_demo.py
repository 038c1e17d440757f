"""The README's demo command, run as a newcomer would: a user without root, a fresh copy of the repository
in their home, `bash scripts/demo`, and the start page fetched from the address it prints, with its token.

The user is made for the test (`useradd`, so the test needs root: under CI it runs as root) and removed
afterwards with its home and every process it started. What the demo may use is what any machine with
Python 3.11+ has: the test passes the user only PATH, HOME, the port and pip's own settings (its index).
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import unavailable

pytestmark = pytest.mark.demo

ROOT = Path(__file__).resolve().parents[2]
#: what the demo must not install: the test command's tools
TEST_TOOLS = ("pytest", "playwright", "jupyterhub", "ruff", "mypy", "nbval", "hypothesis")
#: pip's first install of the kit and its dependencies, then Voila's first kernel
START_TIMEOUT = 900


def fresh_copy(target: Path) -> None:
    """What a clone of this checkout's current state holds: tracked and not-ignored files, nothing else
    (no .venv, no demo/, no build/)."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def newcomer():
    """A throwaway user without root, with a home under the temporary folder; removed with every process."""
    if os.geteuid() != 0:
        unavailable("the demo test makes a user (useradd): it runs as root, as under CI")
    for tool in ("useradd", "userdel", "runuser", "git"):
        if shutil.which(tool) is None:
            unavailable(f"{tool} not found")
    name = f"kitdemo{secrets.token_hex(3)}"
    base = Path(tempfile.mkdtemp(prefix="kit-demo-"))
    base.chmod(0o755)
    home = base / name
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/sh", name], check=True)
    try:
        yield pwd.getpwnam(name)
    finally:
        for _ in range(60):  # this user's processes only, until none is left (userdel refuses a busy user)
            if subprocess.run(["pkill", "-KILL", "-u", name], check=False).returncode == 1:
                break
            time.sleep(0.5)
        gone = subprocess.run(["userdel", "--remove", name], check=False, capture_output=True, text=True)
        shutil.rmtree(base, ignore_errors=True)
        assert gone.returncode in (0, 12), gone.stderr  # 12: the home was already removed with base


def test_the_demo_runs_as_a_user_without_root_in_a_fresh_clone(newcomer):
    home = Path(newcomer.pw_dir)
    clone = home / "konnektor-kit"
    fresh_copy(clone)
    subprocess.run(["chown", "-R", f"{newcomer.pw_uid}:{newcomer.pw_gid}", str(clone)], check=True)
    port = free_port()
    keep = {k: v for k, v in os.environ.items() if k.startswith("PIP_") or k in ("SSL_CERT_FILE", "SSL_CERT_DIR")}
    env = {**keep, "HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PORT": str(port)}
    started = time.monotonic()
    demo = subprocess.Popen(
        ["runuser", "-u", newcomer.pw_name, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
         "bash", "scripts/demo"],
        cwd=clone,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )  # fmt: skip
    lines: list[str] = []
    address: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert demo.stdout is not None
        for line in demo.stdout:
            lines.append(line)
            match = re.search(r"http://127\.0\.0\.1:\d+/voila/render/00_baslangic\.ipynb\?token=\w+", line)
            if match and not address:
                address.append(match.group(0))
                found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        found.wait(START_TIMEOUT)
        assert address, "no address printed:\n" + "".join(lines)[-4000:]
        with urllib.request.urlopen(address[0], timeout=120) as answer:
            status, page = answer.status, answer.read().decode("utf-8", "replace")
        seconds = time.monotonic() - started
        print(f"\ndemo: start page reached in {seconds:.0f} s as {newcomer.pw_name} (uid {newcomer.pw_uid})")
        # the start page as its form drew it in the kernel (its title, its widgets), in the kit's template
        assert status == 200 and "<title>Başlangıç" in page and "widget-view+json" in page, page[:2000]
        assert "fontawesome/css/all.min.css" in page
        # without its token the address gives Voila's login page (or an error), never the page
        try:
            with urllib.request.urlopen(address[0].split("?", 1)[0], timeout=60) as answer:
                refused = answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            refused = str(exc.code)
        assert "<title>Başlangıç" not in refused and "widget-view+json" not in refused
    finally:
        stopping = time.monotonic()
        os.killpg(demo.pid, signal.SIGINT)  # Ctrl+C in the terminal: serve stops Voila and every kernel
        try:
            code = demo.wait(90)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            code = demo.wait()
        print(f"demo: stopped {time.monotonic() - stopping:.0f} s after Ctrl+C, exit {code}")
    left = subprocess.run(["pgrep", "-u", newcomer.pw_name, "-l"], capture_output=True, text=True).stdout
    assert code == 0 and not left, (code, left)  # Ctrl+C leaves nothing of the app running
    # the light path: the kit alone in .demo-venv, no .venv, no test tools, nothing outside the clone and home
    assert (clone / ".demo-venv" / "bin" / "konnektor-kit").is_file() and not (clone / ".venv").exists()
    installed = {p.name.split("-")[0].lower() for p in (clone / ".demo-venv").glob("lib/python3*/site-packages/*")}
    assert not installed & set(TEST_TOOLS), installed & set(TEST_TOOLS)
    assert (clone / "demo" / "site.toml").is_file()
    assert "Traceback" not in "".join(lines), "".join(lines)[-4000:]
