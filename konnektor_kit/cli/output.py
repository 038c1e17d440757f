"""What the command line writes, whatever the console's encoding, and what its exit code keeps; its
tables and hints as text, within the terminal's width.

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
import textwrap
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from ..i18n import Lang, t
from ..platform import console_safe

if TYPE_CHECKING:  # the tables come from present.views, which imports pandas only to build one
    import pandas as pd

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


#: the widest a printed table gets: long cells wrap inside their column (the whole text is in --json)
TABLE_WIDTH = 120


def table_width() -> int:
    """120 columns, or the terminal's width when the shell says it is wider (COLUMNS): a wide terminal
    shows long names and reasons on one line."""
    columns = os.environ.get("COLUMNS", "")
    return max(TABLE_WIDTH, int(columns)) if columns.isdigit() else TABLE_WIDTH


def text_table(frame: pd.DataFrame, width: int | None = None) -> str:
    """A view's table as text within `width` columns (table_width()), "—" when it has no row: the widest
    columns wrap (a cell's own lines kept), numbers and words aligned left as the headers are."""
    width = width or table_width()
    if not len(frame):
        return "—"
    headers = [str(c) for c in frame.columns]
    rows = [[str(v) for v in row] for row in frame.astype(str).itertuples(index=False)]
    gap = 2
    natural = [
        max([len(h), *(len(line) for r in rows for line in r[i].splitlines() or [""])]) for i, h in enumerate(headers)
    ]
    widths = list(natural)
    room = width - gap * (len(widths) - 1)
    while sum(widths) > room:
        i = max(range(len(widths)), key=lambda k: widths[k])
        floor = min(natural[i], max(8, max((len(w) for w in headers[i].split()), default=0)))
        if widths[i] <= floor:
            break
        widths[i] -= 1

    def cell(text: str, w: int) -> list[str]:
        return [piece for line in text.splitlines() or [""] for piece in textwrap.wrap(line, w) or [""]]

    out = []
    for row in [headers, *rows]:
        lines = [cell(v, w) for v, w in zip(row, widths, strict=True)]
        for k in range(max(len(c) for c in lines)):
            out.append(
                (" " * gap)
                .join((c[k] if k < len(c) else "").ljust(w) for c, w in zip(lines, widths, strict=True))
                .rstrip()
            )
    return "\n".join(out)


def wrap_hint(text: str, width: int = TABLE_WIDTH) -> str:
    """A sentence wrapped to `width`, a command in it kept whole on a line of its own, to be pasted."""
    prose, found, command = text.partition("konnektor-kit ")
    wrapped = textwrap.fill(prose.rstrip(), width)
    return f"{wrapped}\n  {found}{command}" if found else wrapped


def say(text: str, file: Any = None, end: str = "\n") -> None:
    """Print, and when the reader has gone (`… | head`), stop writing quietly: the work is done, the
    verb's exit code stands, and no BrokenPipe traceback follows at exit."""
    stream = file or sys.stdout
    try:
        print(text, file=stream, end=end, flush=True)
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())  # later writes and the exit flush


#: what counts as "yes" at a prompt, in either language (anything else, an empty line included, is no)
YES_WORDS = frozenset({"e", "evet", "y", "yes"})


def at_a_person() -> bool:
    """A person reads and types here: stdin and stdout are a terminal. A script (a pipe, a file, a
    scheduled task) is never asked anything, so it runs as typed, as the contract's verbs always have."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def ask_yes(question: str) -> bool:
    """Ask on the terminal; True only for a yes word. Ctrl+C, Ctrl+D (Ctrl+Z on Windows), Enter or bytes
    the console's encoding cannot read (a "hayır" typed in another code page) is no.

    The question goes to stdout, as everything the verb says: `input(question)` would write it to stderr,
    and `undo 2>>log` would then wait for an answer to a question nobody sees."""
    say(question, end="")
    try:
        answer = input()
    except (EOFError, KeyboardInterrupt, UnicodeDecodeError):
        say("")
        return False
    return answer.strip().casefold() in YES_WORDS
