"""A report's file: written only into the kit's own `reports/` beside the site file, new and private.

Never through a planted link, never over an earlier report, and a full or read-only disk is a sentence
(KitError), not "unexpected error", with no half-written file left. The diagnosis report's HTML is
present/report.py's; this module only puts text on disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from .. import platform
from ..data.site import Site, file_error
from ..exceptions import KitError
from ..i18n import t

REPORTS = "reports"
#: never follow a link, never reuse a name: a planted `reports/teshis-….html → ~/.bashrc` stays as it was
CREATE = (
    os.O_CREAT
    | os.O_EXCL
    | os.O_WRONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
DIRECTORY = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def write_report(site: Site, text: str, now: datetime | None = None) -> Path:
    """Write the report into `reports/` beside the site file and return its path.

    The folder is the kit's own (created 0700; refused when it is a link, not a folder or another
    user's); the file is new (O_EXCL, no link followed, 0600) with a name of its own, so an earlier
    report or anything planted there is never overwritten. A full or read-only disk, or a missing
    right, is a KitError in words and leaves no half-written file."""
    folder = site.folder / REPORTS
    stamp = f"teshis-{(now or datetime.now()):%Y%m%d-%H%M%S}"
    data = text.encode("utf-8")
    dir_fd = _open_folder(folder)
    try:
        for name in _names(stamp):
            # where the platform can, the name is resolved inside the folder already opened and checked
            where = name if dir_fd is not None else folder / name
            try:
                fd = os.open(where, CREATE, platform.PRIVATE_FILE, dir_fd=dir_fd)
            except FileExistsError:
                continue  # an earlier report, or a link someone left: take the next name
            except OSError as exc:
                raise _written(exc, folder / name) from None
            try:
                try:
                    _write_all(fd, data)
                finally:
                    os.close(fd)
            except OSError as exc:
                _remove(where, dir_fd)
                raise _written(exc, folder / name) from None
            return folder / name
        raise KitError(t("report.folder_unsafe", path=str(folder)))
    finally:
        if dir_fd is not None:
            os.close(dir_fd)


def _open_folder(folder: Path) -> int | None:
    """The reports folder, created 0700 if missing, checked to be the kit's own; opened as a directory
    without following a link where the platform allows it (else None, and it is checked by path)."""
    try:
        os.mkdir(folder, platform.PRIVATE_FOLDER)
    except FileExistsError:
        pass
    except OSError as exc:
        raise _written(exc, folder) from None
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            raise KitError(t("report.folder_unsafe", path=str(folder)))
    except OSError as exc:
        raise _written(exc, folder) from None
    if not (os.open in os.supports_dir_fd and hasattr(os, "O_DIRECTORY") and hasattr(os, "O_NOFOLLOW")):
        if not folder.is_dir():
            raise KitError(t("report.folder_unsafe", path=str(folder)))
        return None
    try:
        dir_fd = os.open(folder, DIRECTORY)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):  # swapped for a link, or a file
            raise KitError(t("report.folder_unsafe", path=str(folder))) from None
        raise _written(exc, folder) from None
    info = os.fstat(dir_fd)
    if not stat.S_ISDIR(info.st_mode) or not platform.owned_by_me(info):
        os.close(dir_fd)
        raise KitError(t("report.folder_unsafe", path=str(folder)))
    if stat.S_IMODE(info.st_mode) & 0o077:
        with contextlib.suppress(OSError):
            platform.make_private(dir_fd)  # made by an older kit (0755) and ours: made private
    return dir_fd


def _names(stamp: str) -> Iterator[str]:
    yield f"{stamp}.html"
    for n in range(2, 100):
        yield f"{stamp}-{n}.html"
    yield f"{stamp}-{secrets.token_hex(4)}.html"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _remove(where: str | Path, dir_fd: int | None) -> None:
    with contextlib.suppress(OSError):
        os.unlink(where, dir_fd=dir_fd)


def _written(exc: OSError, path: Path) -> KitError:
    err = file_error(exc, path)
    if err is not None:
        return err
    return KitError(t("file.failed", path=str(path), detail=exc.strerror or type(exc).__name__))
