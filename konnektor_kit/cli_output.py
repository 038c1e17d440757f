"""What the command line writes, whatever the console's encoding, and what its exit code keeps.

- `--json` is UTF-8 bytes on stdout, always: JSON is UTF-8 by definition (RFC 8259), and a script
  reading `inspect --json > out.json` on a Turkish (cp1254) or English (cp1252) Windows gets the same
  bytes as on Linux, "İzmir Şube" included, whatever PYTHONIOENCODING says.
- Text goes through the stream's own encoding; `console_streams()` (run by `main`) makes stdout and
  stderr replace what the code page cannot show ("İ" → "I" on cp1252, "→" → "->" on cp1254) instead of
  failing (platform.console_safe).
- A change that was written stays a success: when its output cannot be printed (a closed pipe, a full
  disk, a bug in the text), the exit code is still 0, the loss is logged and said on stderr. Only output
  that changed nothing may turn into exit 1 ("failed, nothing changed" stays true).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable
from typing import IO, Any

from .i18n import Lang, t
from .platform import console_safe

log = logging.getLogger(__name__)


def console_streams() -> None:
    """stdout and stderr replace what their encoding cannot show (the command line's `main` only)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            console_safe(stream)


def write_utf8(text: str, stream: IO[str] | None = None) -> None:
    """`text` as UTF-8 bytes on `stream` (stdout), after anything already written to it as text."""
    stream = sys.stdout if stream is None else stream
    if stream is None:  # started with stdout closed: there is nowhere to write
        return
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a StringIO or a host program's stream: text is all it takes
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def write_json(data: Any, stream: IO[str] | None = None) -> None:
    write_utf8(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", stream)


def write_text(text: str, stream: IO[str] | None = None) -> None:
    stream = sys.stdout if stream is None else stream
    if stream is None:
        return
    stream.write(text + "\n")
    stream.flush()


class Output:
    """One verb's result: one JSON document or its text, on stdout."""

    def __init__(self, as_json: bool, lang: Lang) -> None:
        self.as_json = as_json
        self.lang = lang
        #: what kept a written change's output from being printed (its exit code stays 0)
        self.lost: BaseException | None = None

    def emit(self, data: Any, text: Callable[[], str], *, changed: bool = False) -> None:
        """Print the result. `changed`: the verb has written a change (committed, or files made), so
        nothing that goes wrong from here may fail it; otherwise the error goes up as any other."""
        try:
            if self.as_json:
                write_json(data)
            else:
                write_text(text())
        except BrokenPipeError:  # the reader has gone (`… | head`): the work is done, its exit code stands
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # later writes, the exit flush
        except Exception as exc:
            if not changed:
                if isinstance(exc, OSError) and exc.filename is None:
                    exc.filename = "stdout"  # the error's sentence names where it could not write
                raise
            self.lost = exc
            log.exception("the change was written; its output could not be printed")
            with contextlib.suppress(Exception):
                detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
                print(t("output.lost", detail=detail).get(self.lang), file=sys.stderr, flush=True)


def finished(code: int) -> int:
    """The exit code, once stdout is flushed. When it cannot be (a pipe closed early, a full disk), the
    rest goes to the null device: the interpreter's own last flush would fail again and exit 120."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
    return code
