"""An open site: its settings store and one cached catalog per server, for one piece of work.

Faces open a workspace per action (`with open_workspace(path) as ws:`) so that connections never
outlive the work and a catalog's caches never go stale between two clicks.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..data.catalog import ServerCatalog
from ..data.connect import Connection, open_sqlite, sqlite_refusal
from ..data.servers import server_for
from ..data.site import Site, load_site
from ..data.store import SettingsStore
from ..domain.settings import ModuleSetting
from ..domain.transition import Transition
from ..exceptions import SiteError, UnknownServer
from ..i18n import Msg, t


class Workspace:
    def __init__(self, site: Site) -> None:
        self.site = site
        self._store: SettingsStore | None = None
        self._catalogs: dict[str, ServerCatalog] = {}

    @property
    def store(self) -> SettingsStore:
        if self._store is None:
            self._store = SettingsStore(self._open_konnektor())
            if not self._store.has_settings_table():
                self._store.conn.close()
                self._store = None
                raise SiteError(t("konnektor.no_table", where=self._where()))
        return self._store

    def stored_damage(self) -> list[Msg]:
        """The settings rows the store could not read in this piece of work (none if it was not opened)."""
        return list(self._store.damaged) if self._store is not None else []

    def _where(self) -> str:
        return str(self.site.konnektor_sqlite) if self.site.konnektor_sqlite else "ODBC"

    def _open_konnektor(self) -> Connection:
        if self.site.konnektor_sqlite is not None:
            why = sqlite_refusal(self.site.konnektor_sqlite)
            if why is not None:
                raise SiteError(t("site.not_sqlite", path=str(self.site.konnektor_sqlite), detail=why))
            return open_sqlite(self.site.konnektor_sqlite, server="konnektor", database=self._where(), write=True)
        from ..data.odbc import open_odbc
        from ..data.probe import preflight, unreachable, with_endpoint

        odbc, timeout = self.site.konnektor_odbc or "", self.site.login_timeout
        found = preflight(odbc, timeout)
        failed = unreachable(found, odbc, timeout, server="Konnektör") if found else None
        if failed is not None:
            raise failed
        return open_odbc(with_endpoint(odbc, found) if found else odbc, None, timeout)

    def catalog(self, server: str) -> ServerCatalog:
        if server not in self._catalogs:
            config = self.site.servers.get(server)
            if config is None:
                raise UnknownServer(t("server.unknown", server=server, known=", ".join(self.site.servers) or "—"))
            self._catalogs[server] = ServerCatalog(server_for(config))
        return self._catalogs[server]

    def transition(self, when: Transition | int, day: date | None = None) -> Transition:
        """The transition the engineer asked for, under this site's [ignore] list."""
        base = Transition.of(when, day)
        return replace(
            base,
            ignore_firms=self.site.ignore_firms,
            ignore_databases=self.site.ignore_databases,
            own_database=self.site.own_database,
        )

    def warm(self, settings: Iterable[ModuleSetting]) -> None:
        """Reach every server the settings name at once (a thread each): independent servers are
        probed concurrently, and each keeps its verdict for the rest of the operation."""
        firsts: dict[str, str] = {}
        for setting in settings:
            firsts.setdefault(setting.server, setting.database)
        catalogs = [
            (self.catalog(server), database) for server, database in firsts.items() if server in self.site.servers
        ]
        if len(catalogs) < 2:
            for catalog, database in catalogs:
                catalog.warm(database)
            return
        with ThreadPoolExecutor(max_workers=min(8, len(catalogs))) as pool:
            list(pool.map(lambda pair: pair[0].warm(pair[1]), catalogs))

    def refresh(self) -> None:
        """Forget cached catalogs (after a change, or when the user asks to look again)."""
        for catalog in self._catalogs.values():
            catalog.close()
        self._catalogs.clear()

    def close(self) -> None:
        self.refresh()
        if self._store is not None:
            self._store.conn.close()
            self._store = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_workspace(site: str | Path | Site) -> Workspace:
    return Workspace(site if isinstance(site, Site) else load_site(site))
