"""The kit's handlers inside Voila's own application (`serve`; app.run_voila swaps them in for Voila's).

Read against Voila 0.5.13's (voila/app.py `init_handlers`) on jupyter_server 2:

- `/voila/query/<kernel id>` (Voila's RequestInfoSocketHandler) is a bare tornado websocket: no token,
  and a second connection for a kernel takes the page's query string (token included) from the kernel
  waiting for it, whose page then never draws. `QuerySocket` asks for the `serve` token
  (`Authorization: token …`, as ui/handover.py sends it), a kernel Voila runs, and one waiter per kernel.
- `/voila/render/<page>` never sets the `_xsrf` cookie, so the `beforeunload` shutdown request its own page
  sends (`POST /voila/api/shutdown/<id>`, the cookie's value in a form field) is refused 403 and a closed
  tab's kernel lives on. `Page` sets the cookie for a visitor who is logged in: the page's request passes
  jupyter_server's own XSRF and origin checks, the token is still needed for everything.
- the root, `/voila`, `/voila/tree…` and `/voila/render/` list the package's folder: `ToStart` sends
  them to the start page (still behind the token: unknown visitors go to the login page).
- `/login` is jupyter_server's English form speaking of `jupyter server list`: `Login` is the kit's page,
  in the engineer's language, saying where the address is.
"""

from __future__ import annotations

import hmac
import html
import os
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jupyter_server.utils import url_path_join
from tornado import web
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler
from voila.voila_identity_provider import VoilaLoginHandler

from .env import LANG_ENV
from .i18n import Lang, t
from .present.page_frame import FONT, INK, TITLE
from .voila_config import START


def header_token(request: Any) -> str:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "token" else ""


class QuerySocket(RequestInfoSocketHandler):  # type: ignore[misc]  # Voila ships no types
    """Voila's request-info socket, for the kernel it names and the holder of the token only."""

    async def get(self, kernel_id: str, *args: Any, **kwargs: Any) -> None:
        expected = getattr(self.settings.get("identity_provider"), "token", "") or ""
        given = header_token(self.request)
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise web.HTTPError(403)
        if kernel_id not in self.settings["kernel_manager"]:
            raise web.HTTPError(404)
        waiting = RequestInfoSocketHandler._waiters.get(kernel_id)
        if waiting is not None and waiting.ws_connection is not None and not waiting.ws_connection.is_closing():
            raise web.HTTPError(409)  # the kernel is already waiting there: nobody else takes its message
        await super().get(kernel_id, *args, **kwargs)

    def on_close(self) -> None:
        # Voila's own deletes the last waiter it looked at when this one is not among them
        for kernel_id, waiting in list(RequestInfoSocketHandler._waiters.items()):
            if waiting is self:
                del RequestInfoSocketHandler._waiters[kernel_id]


class Page(TornadoVoilaHandler):  # type: ignore[misc]
    """A page of the kit; the `_xsrf` cookie its shutdown request needs; the bare `/voila/render/` → start."""

    async def prepare(self, *args: Any, **kwargs: Any) -> None:
        await super().prepare(*args, **kwargs)
        if self.current_user and not self._finished:
            self.xsrf_token  # noqa: B018 - reading it sets the cookie (tornado)

    async def get(self, path: str | None = None) -> None:
        if not (path or "").strip("/"):
            return to_start(self)
        await super().get(path)


class ToStart(TornadoVoilaTreeHandler):  # type: ignore[misc]
    """The root and Voila's file lists: the start page, the query (the token, `?lang=`) kept."""

    @web.authenticated
    async def get(self, path: str = "") -> None:
        to_start(self)


def to_start(handler: Any) -> None:
    query = handler.request.query
    handler.redirect(url_path_join(handler.base_url, "voila/render", START) + (f"?{query}" if query else ""))


class Login(VoilaLoginHandler):  # type: ignore[misc]
    """Instead of Jupyter's login form: where the whole address is, in the engineer's language."""

    def _render(self, message: Any = None) -> None:
        lang = login_lang(self.get_argument("next", ""))
        base = f"{self.request.protocol}://{self.request.host}{self.base_url}"
        title = html.escape(t("serve.login.title").get(lang))
        body = html.escape(t("serve.login.body", base=base).get(lang))
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(
            f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body style='font-family:{FONT};max-width:46em;margin:3em auto;color:{INK}'>"
            f"<h1 style='font-size:1.4em;color:{TITLE}'>{title}</h1><p class='kk-login'>{body}</p></body></html>"
        )


def login_lang(next_url: str) -> Lang:
    """The `?lang=` of the page asked for, else the language `serve` was started in."""
    asked = parse_qs(urlsplit(next_url).query).get("lang", [""])[-1]
    chosen = asked or os.environ.get(LANG_ENV, "tr")
    return "en" if chosen == "en" else "tr"


SWAPS: dict[type, type] = {
    RequestInfoSocketHandler: QuerySocket,
    TornadoVoilaHandler: Page,
    TornadoVoilaTreeHandler: ToStart,
    VoilaLoginHandler: Login,
}


def kit_handlers(handlers: list[Any], server_url: str) -> list[Any]:
    """Voila's handler list with the kit's classes in place of Voila's, and `/voila` itself to the start page."""
    swapped = [(rule[0], SWAPS.get(rule[1], rule[1]), *rule[2:]) for rule in handlers]
    return [(url_path_join(server_url, r"/voila/?"), ToStart, {"voila_configuration": _conf(handlers)}), *swapped]


def _conf(handlers: list[Any]) -> Any:
    for rule in handlers:
        if len(rule) > 2 and isinstance(rule[2], dict) and "voila_configuration" in rule[2]:
            return rule[2]["voila_configuration"]
    return None
