"""Real CLI processes for the campaigns: forked from a zygote (see zygote.py), or the entry point itself."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ZYGOTE = Path(__file__).with_name("zygote.py")
ENTRY_POINT = Path(sys.executable).with_name("konnektor-kit")


@dataclass
class Child:
    zygote: Zygote
    pid: int
    stdout: Path
    stderr: Path
    timing: Path
    code: int | None = None

    def go(self) -> None:
        os.kill(self.pid, signal.SIGUSR1)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # already reaped (cannot happen before wait)
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        if self.code is None:
            self.code = self.zygote.wait(self.pid)
        return self.code

    @property
    def out(self) -> str:
        return self.stdout.read_text(encoding="utf-8", errors="replace")

    @property
    def err(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    @property
    def seconds(self) -> float | None:
        """How long run(argv) took in the child (None when it was killed first)."""
        try:
            start, end = map(float, self.timing.read_text().split())
        except (FileNotFoundError, ValueError):
            return None
        return end - start

    def json(self):
        return json.loads(self.out)


@dataclass
class Zygote:
    """One fork server; `prefix` runs it under another command (setpriv without DAC override)."""

    folder: Path
    prefix: tuple[str, ...] = ()
    env: dict[str, str] | None = None
    pids: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._n = itertools.count()
        env = {**os.environ, **(self.env or {})}
        env.pop("KONNEKTOR_KIT_DEBUG", None)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
        self.proc = subprocess.Popen(
            [*self.prefix, sys.executable, str(ZYGOTE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=str(REPO),
            env=env,
        )
        ready = self._read()
        assert "ready" in ready, ready

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the zygote died (exit {self.proc.poll()})")
        return json.loads(line)

    def _ask(self, req: dict) -> dict:
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def spawn(
        self,
        argv: list[str],
        *,
        hold: bool = False,
        env: dict[str, str | None] | None = None,
        cwd: str | Path | None = None,
    ) -> Child:
        n = next(self._n)
        out, err, timing = (self.folder / f"{n}.{s}" for s in ("out", "err", "time"))
        pid = self._ask(
            {
                "op": "spawn",
                "argv": [str(a) for a in argv],
                "stdout": str(out),
                "stderr": str(err),
                "timing": str(timing),
                "env": env or {},
                "cwd": str(cwd) if cwd else None,
                "hold": hold,
            }
        )["pid"]
        self.pids.append(pid)
        return Child(self, pid, out, err, timing)

    def wait(self, pid: int) -> int:
        return self._ask({"op": "wait", "pid": pid})["code"]

    def run(self, argv: list[str], **kw) -> Child:
        child = self.spawn(argv, **kw)
        child.wait()
        return child

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.proc.stdin.close()
                self.proc.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def entry_point(argv: list[str], env: dict[str, str] | None = None, **kw) -> subprocess.Popen:
    """The installed `konnektor-kit` script, as an engineer starts it."""
    return subprocess.Popen(
        [str(ENTRY_POINT), *map(str, argv)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        cwd=str(REPO),
        **kw,
    )


def psqlodbc_logs(pids: list[int]) -> list[Path]:
    """The psqlODBC CommLog files these processes left in the temp folder (Debian turns CommLog on)."""
    import glob
    import re
    import tempfile

    wanted = set(pids)
    found = []
    for p in glob.glob(os.path.join(tempfile.gettempdir(), "psqlodbc_*.log")):
        m = re.search(r"\D(\d+)\.log$", p)  # psqlodbc_<program>_<user><pid>.log
        if m and int(m.group(1)) in wanted:
            found.append(Path(p))
    return found


def remove_psqlodbc_logs(pids: list[int]) -> None:
    """Remove only the logs of processes the campaign started (never another run's)."""
    for path in psqlodbc_logs(pids):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def wait_until(predicate, timeout: float = 10.0, step: float = 0.01) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
