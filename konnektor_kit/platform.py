"""Every difference between Windows and the POSIX systems the kit runs on, in one module.

The Konnektör, its SQL Server and most engineers' laptops run Windows; the kit is built and tested on
Debian. So each place where the two differ is a function here, written with `sys.platform == "win32"`
tests mypy follows (`scripts/check` runs mypy for win32 and darwin as well as linux), and nowhere
else in the package asks which system it runs on. docs/windows.md lists every difference, how it is
handled and how it is tested without a Windows machine.

- privacy of files and folders: POSIX modes (0600 files, 0700 folders, the owner checked) here; on
  Windows a mode is only the read-only flag, and privacy is the folder's ACL (`PRIVACY_ON_WINDOWS`);
- `replace`: the atomic rename, tried again while another process holds the target open (Windows);
- `locked`: an exclusive lock on an open file between processes (`fcntl.flock` / `msvcrt.locking`);
- `new_group` / `stop_group`: a child with its children, started and stopped as one;
- `port_unavailable`: "this port cannot be had, try another" (errno's and Winsock's numbers);
- `shell_quote` / `shell_join`: a command to paste, for sh or for PowerShell;
- `link_href`: a link from one folder to a file, when the two may be on different drives;
- `local_sql_transports`: whether SQL Server's clients reach a local server without TCP;
- `use_time_zone`: this process's and its children's local time in a named zone (a hub on UTC);
- `console_safe`: a console that replaces what its code page cannot show instead of failing.

It is base layer: it imports nothing of the kit, and every layer may import it.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import ntpath
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import ModuleType
from typing import IO, Any
from urllib.parse import quote

# ---- private files and folders -------------------------------------------------------------------
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700

#: What "private" means on Windows, where `os.open(..., 0o600)` and `mkdir(mode=0o700)` set no right
#: (a mode there is only the read-only flag). A new file or folder takes the ACL of the folder it is made
#: in. The user's data folder (the log, the staff delay file) is under the user's profile, whose ACL gives
#: the user, SYSTEM and the Administrators group alone. Reports are written beside the site file: they are
#: as private as that folder (keep customers' site files in a folder of your own). The kit never loosens
#: an ACL, and does not tighten one either.
PRIVACY_ON_WINDOWS = (
    "Windows: files and folders take the ACL of the folder they are created in; the user's profile "
    "(the log, the staff delays) is private to the user, SYSTEM and Administrators; reports are as "
    "private as the site file's folder."
)


def private_folder(path: Path) -> None:
    """Create `path` (and its parents) for the user alone: mode 0700 on POSIX, the parent's ACL on
    Windows (see PRIVACY_ON_WINDOWS)."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)


def owned_by_me(info: os.stat_result) -> bool:
    """Whether a file or folder is the user's own. Windows' `st_uid` is always 0: the ACL decides there."""
    if sys.platform == "win32":
        return True
    return info.st_uid == os.geteuid()


def make_private(fd: int, mode: int = PRIVATE_FOLDER) -> None:
    """Give an open file or folder the private `mode` (POSIX); nothing to do on Windows (its ACL holds)."""
    if sys.platform == "win32":
        return
    os.fchmod(fd, mode)


# ---- atomic replace ------------------------------------------------------------------------------
#: Windows refuses to replace a file another process has open without FILE_SHARE_DELETE (ERROR_ACCESS_DENIED
#: 5, ERROR_SHARING_VIOLATION 32, ERROR_LOCK_VIOLATION 33; Python raises PermissionError): a kernel reading
#: the file this very moment. The reader is done within milliseconds, so the replace is tried again.
REPLACE_TRIES = 25
REPLACE_PAUSE = 0.02  # seconds, growing with each try to at most 0.2: about 3 s in all


def replace(source: str | Path, target: str | Path) -> None:
    """`os.replace`, tried again on Windows while another process holds `target` (or `source`) open."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(min(REPLACE_PAUSE * (attempt + 1), 0.2))


# ---- a lock between processes --------------------------------------------------------------------
#: msvcrt.locking(LK_LOCK) gives up after about 10 s; it is asked again this many times before failing
LOCK_ROUNDS = 6


@contextlib.contextmanager
def locked(file: IO[bytes]) -> Iterator[None]:
    """Hold an exclusive lock on an open file (its first byte on Windows) while the block runs; another
    process asking for it waits. Both locks end when the process does, so a crash leaves none behind."""
    if sys.platform == "win32":
        import msvcrt

        for round_ in range(LOCK_ROUNDS):
            file.seek(0)
            try:
                msvcrt.locking(file.fileno(), msvcrt.LK_LOCK, 1)
                break
            except OSError as exc:
                if exc.errno != errno.EDEADLOCK or round_ == LOCK_ROUNDS - 1:
                    raise
        try:
            yield
        finally:
            file.seek(0)
            msvcrt.locking(file.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(file.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def lock_now(fd: int) -> None:
    """Take an exclusive lock on an open file at once, or raise OSError when another process holds it
    (a campaign's output folder). Released when the descriptor closes or the process ends."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


# ---- a process and its children ------------------------------------------------------------------
def new_group(*, die_with_parent: bool = False) -> dict[str, Any]:
    """`subprocess.Popen` arguments for a child in a group of its own: a new session on POSIX (one signal
    reaches it and its children; Ctrl+C in the terminal does not), a new process group on Windows.

    `die_with_parent`: on Linux the child is sent SIGTERM when this process dies, however it dies (the
    parent-death signal), so `kill -9` of `serve` still stops Voila and, through it, every kernel. Other
    systems have no such signal: there the child outlives a killed parent (documented in docs/app.md)."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    group: dict[str, Any] = {"start_new_session": True}
    if die_with_parent and sys.platform == "linux":
        group["preexec_fn"] = _parent_death_signal(os.getpid())
    return group


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _parent_death_signal(parent: int) -> Callable[[], None]:
    """For Popen's preexec_fn: arm Linux's parent-death signal (SIGTERM); a parent already gone before the
    call counts too. Each kernel then sees its parent (Voila) go and ends itself (ipykernel's parent poller)."""

    def arm() -> None:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)

    return arm


def stop_group(proc: subprocess.Popen[Any], *, hard: bool = False) -> None:
    """Stop a child started with `new_group()` and everything it started.

    POSIX: SIGTERM to its group (it shuts its children down itself), SIGKILL when `hard`. Windows has no
    signal a Python server reads from another console, so the process tree is found (psutil) and every
    process of it terminated, children first. A process already gone is no error."""
    if sys.platform == "win32":
        import psutil

        try:
            tree = psutil.Process(proc.pid).children(recursive=True)
        except psutil.Error:
            tree = []
        for child in reversed(tree):
            with contextlib.suppress(psutil.Error):
                child.kill() if hard else child.terminate()
        with contextlib.suppress(OSError):
            proc.kill() if hard else proc.terminate()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL if hard else signal.SIGTERM)


# ---- ports ---------------------------------------------------------------------------------------
#: Winsock's own numbers: WSAEACCES is what Windows answers for a port in a range it reserved (Hyper-V,
#: WSL, Docker reserve ranges near 8866); it is not errno.EACCES (13). Python on Windows sets `errno` to
#: these for socket errors.
WSAEACCES = 10013
WSAEADDRINUSE = 10048
PORT_UNAVAILABLE = frozenset({errno.EADDRINUSE, errno.EACCES, WSAEACCES, WSAEADDRINUSE})


def port_unavailable(exc: OSError) -> bool:
    """Whether binding failed because this port cannot be had (taken, or reserved): another may do."""
    return exc.errno in PORT_UNAVAILABLE or getattr(exc, "winerror", None) in PORT_UNAVAILABLE


# ---- commands to paste ---------------------------------------------------------------------------
#: PowerShell reads these four as well as ' as a single quote, and doubles any of them inside '…'
POWERSHELL_QUOTES = "'\u2018\u2019\u201a\u201b"
_POWERSHELL_PLAIN = re.compile(r"[A-Za-z0-9_\-.:\\/]+")  # no , (an array) nor = + (operators)
_FLAG = re.compile(r"--?[A-Za-z][A-Za-z0-9-]*")  # an option (`--site`): passed to a program as it is


def shell_quote(arg: str) -> str:
    """One argument for the user's shell: PowerShell on Windows (the shell the docs use there), sh
    elsewhere. Turkish names with an apostrophe ("Ali'nin Market") come out whole in both."""
    if sys.platform == "win32":
        return powershell_quote(arg)
    return shlex.quote(arg)


def shell_join(argv: Sequence[str]) -> str:
    return " ".join(shell_quote(a) for a in argv)


def powershell_quote(arg: str) -> str:
    """PowerShell's verbatim string: '…' with each single quote (and its typographic twins) doubled; a
    plain word (letters, digits, path signs) as it is. Nothing is expanded inside: $ ` @ " stay."""
    if arg and _POWERSHELL_PLAIN.fullmatch(arg) and (not arg.startswith(("-", "@")) or _FLAG.fullmatch(arg)):
        return arg
    return "'" + "".join(c + c if c in POWERSHELL_QUOTES else c for c in arg) + "'"


# ---- paths ---------------------------------------------------------------------------------------
def link_href(target: str | Path, start: str | Path, paths: ModuleType = os.path) -> str:
    """A link (href) from a page in folder `start` to the file `target`: relative where one exists, else
    the target's file: URI (Windows: the site on D:, the page on C: have no relative path between them)."""
    try:
        # a folder named with `#`, `?` or `%` is a fragment, a query or an escape to a browser: quoted
        return quote(str(paths.relpath(target, start)).replace(paths.sep, "/"))
    except ValueError:
        pure = PureWindowsPath if paths is ntpath else PurePosixPath
        return pure(paths.abspath(target)).as_uri()


# ---- SQL Server's local transports ---------------------------------------------------------------
def local_sql_transports() -> bool:
    """Whether SQL Server's drivers here reach a local server without TCP: on Windows they use shared
    memory (`.`, `(local)`, `localhost`, `lpc:`), named pipes (`np:`) and LocalDB (`(localdb)\\…`); the
    Linux and macOS drivers speak TCP only."""
    return sys.platform == "win32"


# ---- local time ---------------------------------------------------------------------------------
def use_time_zone(name: str) -> None:
    """Local time, here and in every process started from here, in the IANA zone `name`, unless the
    environment already names one (TZ). POSIX reads TZ at each conversion once `tzset` ran; Windows has
    no IANA names in TZ (the C runtime would misread "Europe/Istanbul"), and the kit runs there on the
    customer's own machine, whose clock is already the customer's: nothing is changed."""
    if sys.platform == "win32":
        return
    os.environ.setdefault("TZ", name)
    time.tzset()


# ---- the console ---------------------------------------------------------------------------------
CONSOLE_ERRORS = "konnektor-kit-console"
#: what a console that cannot show a character gets instead (ASCII only: every code page has it)
TRANSLITERATION = {
    "İ": "I",
    "ı": "i",
    "Ş": "S",
    "ş": "s",
    "Ğ": "G",
    "ğ": "g",
    "→": "->",
    "←": "<-",
    "—": "-",
    "–": "-",
    "…": "...",
    "·": "-",
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "✓": "+",
    "✗": "x",
    "×": "x",
    "≥": ">=",
    "≤": "<=",
    "€": "EUR",
    "₺": "TL",
}


def transliterate(char: str) -> str:
    """An ASCII stand-in for one character: its entry above, its letter without accents (Ç → C), or ?."""
    if char in TRANSLITERATION:
        return TRANSLITERATION[char]
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return plain if plain and plain.isascii() and plain.isprintable() else "?"


def _console_errors(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(transliterate(c) for c in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(CONSOLE_ERRORS, _console_errors)


def console_safe(stream: IO[str]) -> None:
    """Make a text stream replace what its encoding cannot show, instead of raising.

    A Windows console shows any character (Python writes to it in UTF-16), but output redirected to a
    file or a pipe is encoded in the code page (cp1254 Turkish, cp1252 English) or PYTHONIOENCODING:
    "İzmir" does not fit cp1252, nor "→" cp1254. There the text is transliterated ("Izmir", "->")."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError, AttributeError):
            reconfigure(errors=CONSOLE_ERRORS)
