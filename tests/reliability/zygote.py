"""A fork server for CLI runs: imports the kit once, then forks one child per request.

Each child is a process of its own running `konnektor_kit.cli.run(argv)` exactly as the
`konnektor-kit` entry point does, with its stdout and stderr in files; it can be held until SIGUSR1
(so that a test starts two of them at the same moment, or kills one a measured time after it starts).
Forking from an imported interpreter costs milliseconds instead of the ~0.6 s an interpreter start
and the kit's imports take, so the campaigns can afford hundreds of real processes.

Protocol (one JSON document a line on stdin/stdout):
  {"op": "spawn", "argv": [...], "stdout": path, "stderr": path, "env": {name: value|null},
   "cwd": path|null, "hold": bool, "timing": path|null}
      -> {"pid": N}
  {"op": "wait", "pid": N} -> {"pid": N, "code": exit code (negative: killed by that signal)}
  {"op": "quit"}
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time

signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})  # children inherit the mask, then sigwait

import konnektor_kit.cli as cli  # noqa: E402  (after the mask: nothing may start before it)
import konnektor_kit.cli.verbs  # noqa: E402,F401  (the verbs and services a run loads: no child pays for them)

with contextlib.suppress(ImportError):  # loaded now: no child pays for it (SQLite campaigns need none)
    import pyodbc  # noqa: F401,E402


def child(req: dict) -> None:
    for fd, path, flags in (
        (1, req["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        (2, req["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        (0, os.devnull, os.O_RDONLY),
    ):
        new = os.open(path, flags, 0o600)
        os.dup2(new, fd)
        os.close(new)
    for name, value in (req.get("env") or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if req.get("cwd"):
        os.chdir(req["cwd"])
    if req.get("hold"):
        signal.sigwait({signal.SIGUSR1})
    start = time.monotonic()
    code = cli.run(req["argv"])
    sys.stdout.flush()
    sys.stderr.flush()
    if req.get("timing"):
        with open(req["timing"], "w") as f:
            f.write(f"{start} {time.monotonic()}")
    os._exit(code)


def main() -> None:
    channel = sys.stdout

    def reply(obj: dict) -> None:
        channel.write(json.dumps(obj) + "\n")
        channel.flush()

    reply({"ready": os.getpid()})
    for line in sys.stdin:
        req = json.loads(line)
        if req["op"] == "spawn":
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                try:
                    child(req)
                except BaseException:  # noqa: BLE001 - a child never returns into the server's loop
                    import traceback

                    traceback.print_exc()
                    sys.stderr.flush()
                finally:
                    os._exit(121)
            reply({"pid": pid})
        elif req["op"] == "wait":
            _, status = os.waitpid(req["pid"], 0)
            reply({"pid": req["pid"], "code": os.waitstatus_to_exitcode(status)})
        elif req["op"] == "quit":
            break


if __name__ == "__main__":
    main()
