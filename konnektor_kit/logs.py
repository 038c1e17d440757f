"""The kit's log: one rotating file in the user's data folder (`konnektor-kit.log`, 1 MB × 5), with
the verbs run and every unexpected error's traceback, for whoever looks into a support ticket later.

Every kernel of the app and every command line run appends to the same file. A rollover renames the file
first and touches the backups only once that worked: on Windows the rename fails while another process
holds the file open, and then this process keeps writing to it (it grows past 1 MB until the others let
go) instead of losing every line after it.

Only the faces switch it on (`configure()`: the command line's `run`, each page of the app); importing a
module never does, so a program that uses the kit as a library keeps its own logging. Every line is
written through `mask_secrets`, tracebacks included: a connection string's password never reaches
the file, and the file is the user's alone (0600 on POSIX; on Windows the user's profile folder's ACL, see
platform.PRIVACY_ON_WINDOWS).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from . import platform
from .env import state_dir
from .exceptions import mask_secrets

LOGGER = "konnektor_kit"  # every module's `logging.getLogger(__name__)` is below it
LOG_FILE = "konnektor-kit.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
#: the name the file is renamed to first, before any backup moves (a rename refused leaves them as they are)
ROLLING = ".rolling"


class MaskingFormatter(logging.Formatter):
    """The whole line, traceback included, with every `Pwd=`/`Password=` value replaced by ***."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


class PrivateRotatingFileHandler(RotatingFileHandler):
    """Each file (the first and every one after a rollover) is created 0600: it names sites and servers.
    A rollover that cannot rename the file keeps writing to it: no line is lost to a rollover."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, platform.PRIVATE_FILE)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115 (the handler closes it)

    def doRollover(self) -> None:
        """The file moves aside first; only then do the backups shift (.1 → .2 …, the oldest dropped) and
        it becomes .1. The standard handler shifts the backups, then fails to rename the file another
        process holds (Windows), leaves its stream closed and drops every later line, each one shifting
        the backups again."""
        if self.stream:
            self.stream.close()
            self.stream = None  # the base class's own way of saying "closed"
        base = self.baseFilename
        rolling = base + ROLLING if self.backupCount > 0 else ""  # no backups kept: the file goes on
        try:
            if rolling:
                os.replace(base, rolling)
        except OSError:  # held open by another process (Windows), or the name taken: go on in this file
            rolling = ""
        if rolling:
            for i in range(self.backupCount - 1, 0, -1):
                older, newer = f"{base}.{i}", f"{base}.{i + 1}"
                if os.path.exists(older):
                    with contextlib.suppress(OSError):
                        os.replace(older, newer)
            with contextlib.suppress(OSError):
                os.replace(rolling, f"{base}.1")
        self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:
        """A full disk or a removed folder loses the line, never prints a traceback: the kit works on."""


def log_file() -> Path:
    """Where the log goes: the user's data folder (KONNEKTOR_KIT_STATE_DIR in tests), read at each call."""
    return state_dir() / LOG_FILE


def configure() -> Path | None:
    """Send the kit's log to `log_file()`, once per process and file; the path, or None when that folder
    cannot be written (the kit then works without its log, as before)."""
    path = log_file().absolute()
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        if isinstance(handler, PrivateRotatingFileHandler):
            if Path(handler.baseFilename) == path:
                return path
            logger.removeHandler(handler)  # the data folder moved (a test): follow it
            handler.close()
    try:
        platform.private_folder(path.parent)
        handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(MaskingFormatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the file only: a Voila kernel's or a host program's console stays quiet
    return path
