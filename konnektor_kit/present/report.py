"""The diagnosis report for a support ticket: one self-contained HTML file, no passwords in it.

Everything shown comes from the check results and the site's name; connection strings appear only
masked, so the file can be attached to a ticket as it is.
"""

from __future__ import annotations

import contextlib
import errno
import html
import os
import secrets
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import platform
from ..data.probe import Probe
from ..data.site import Site, file_error
from ..exceptions import KitError
from ..i18n import Lang, plural, t, word
from ..services.readiness import SiteReadiness
from ..services.test import CheckResult
from ..services.workspace import Workspace
from . import views
from .markup import html_table

if TYPE_CHECKING:  # a table's frame comes from views, which imports pandas when it builds one
    import pandas as pd

STYLE = """
body{font-family:Segoe UI,Arial,sans-serif;margin:2em;color:#1d2733}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccd3db;padding:.4em .6em;text-align:left;vertical-align:top;font-size:.9em}
th{background:#eef2f6}
.meta{color:#5a6775;font-size:.9em}
"""

COLOURS = {"ok": "#e3f4e6", "warning": "#fff4d6", "suspect": "#ece1f7", "error": "#fbe2e2"}


def coloured_table(frame: pd.DataFrame, severities: list[str]) -> str:
    """A view's table for the file, each row in its severity's colour."""
    return html_table(frame, row_styles=[f"background-color:{COLOURS[s]}" for s in severities])


def probe_text(probe: Probe, lang: Lang) -> str:
    """ " — TCP 10.0.0.5:1433 açık, 3 ms": what the pre-flight probe found, for the ticket."""
    state = word(f"probe.tcp.{probe.tcp or 'unresolved'}", lang)
    where = f"{probe.host}\\{probe.instance} → {probe.port}" if probe.instance else f"{probe.host}:{probe.port}"
    return f" — TCP {where} {state}, {probe.ms:.0f} ms"


def diagnosis_html(site: Site, results: list[CheckResult], lang: Lang = "tr", year: int | None = None) -> str:
    """A ticket attachment: what was checked, what failed and what to do, styled by severity."""
    body = coloured_table(views.checks(results, lang), views.check_severities(results))
    probes = {r.setting.server: r.probe for r in results if r.probe is not None}
    servers = "".join(
        f"<li>{html.escape(name)}: {html.escape(conf.shown)}"
        f"{html.escape(probe_text(probes[name], lang)) if name in probes else ''}</li>"
        for name, conf in site.servers.items()
    )
    failed = sum(1 for r in results if not r.ok)
    stamp = datetime.now().strftime("%d.%m.%Y %H:%M")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(word('report.title', lang))} — {html.escape(site.name)}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(word('report.title', lang))} — {html.escape(site.name)}</h1>"
        f'<p class="meta">{html.escape(stamp)} · {html.escape(word("report.year", lang))}: {year or "—"} · '
        f"{html.escape(t('report.summary', total=plural(len(results), 'plural.setting'), failed=failed).get(lang))}</p>"
        f'{body}<h2>{html.escape(word("report.servers", lang))}</h2><ul class="meta">{servers}</ul>'
        f'<p class="meta">konnektor-kit</p></body></html>'
    )


def readiness_html(site: Site, found: SiteReadiness, lang: Lang = "tr") -> str:
    """December's readiness of one site as a ticket attachment, styled as the diagnosis report."""
    body = coloured_table(views.readiness(found, lang), views.readiness_severities(found))
    title = f"{word('ui.ready', lang)} — {site.name}"
    stamp = datetime.now().strftime("%d.%m.%Y %H:%M")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="meta">{html.escape(stamp)} · {html.escape(found.summary().get(lang))}</p>'
        f'{body}<p class="meta">konnektor-kit</p></body></html>'
    )


# ---- the report file ------------------------------------------------------------------------
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


def save_diagnosis(
    ws: Workspace, results: list[CheckResult], lang: Lang = "tr", year: int | None = None
) -> tuple[Path, str]:
    """The open site's diagnosis report, written beside its site file: where it went and its HTML (page 04
    offers both)."""
    text = diagnosis_html(ws.site, results, lang, year)
    return write_report(ws.site, text), text


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
