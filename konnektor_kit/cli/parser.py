"""The command line's words: every verb's options, and the converters that read what was typed.

It imports no service, no table and no face: `konnektor-kit --help` and a usage error (exit 2) are
answered from here alone, before the verbs' modules (services, databases) are loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from typing import NoReturn

from ..clock import today
from ..contract import CAMPAIGN_VERBS
from ..domain.codes import FIRST_YEAR, LAST_YEAR, parse_year
from ..domain.transition import Transition
from ..env import LANG_ENV
from ..exceptions import BadInput, UsageError
from ..i18n import as_lang, t, tr_date


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is the kit's UsageError: exit 2 and a sentence in the user's language."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(t("usage", detail=message))


def date_arg(text: str) -> date:
    """The transition day as engineers write it ("01.07.2026") or as ISO ("2026-07-01")."""
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            return day
    raise BadInput(t("date.invalid", typed=text))


def transition_arg(args: argparse.Namespace, required: bool = False) -> Transition:
    """--year Y means the day 1 January Y unless --date gives another day of that year."""
    day = date_arg(args.date) if getattr(args, "date", None) else None
    if args.year:
        year = parse_year(args.year)
        if day is not None and day.year != year:
            raise BadInput(t("date.other_year", day=tr_date(day), year=year))
        return Transition.of(year, day)
    if day is not None:
        return Transition.of(day.year, day)
    if required:
        raise UsageError(t("year.needed"))
    return Transition.of(today().year)


def seconds_arg(text: str) -> int:
    """A count of seconds (or kernels): 0 or more; "-5" is refused, never read as "off"."""
    if not (text.strip().isascii() and text.strip().isdigit()):
        raise argparse.ArgumentTypeError(t("usage.not_negative", typed=text).get(as_lang(peek_lang(sys.argv)) or "tr"))
    return int(text)


def build_parser() -> Parser:
    """Every verb and its options, as docs/cli.md documents them (tests/unit/test_docs.py holds the two together)."""
    common = Parser(add_help=False)
    common.add_argument("--json", action="store_true", help="one JSON document on stdout")
    common.add_argument("--lang", choices=("tr", "en"), default=os.environ.get(LANG_ENV, "tr"))
    site = Parser(add_help=False)
    site.add_argument("--site", required=True, help="the site file (TOML)")

    parser = Parser(prog="konnektor-kit", description="QNB eFinans Konnektör veri tabanı geçiş kiti")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=Parser)
    verbs.add_parser("inspect", parents=[common, site], help="current module settings")
    when = Parser(add_help=False)
    when.add_argument("--year", type=str, help="the new year (the transition day is 1 January of it)")
    when.add_argument("--date", type=str, help="another transition day, DD.MM.YYYY (a fiscal year from July)")
    p = verbs.add_parser("discover", parents=[common, site, when], help="candidates, best first")
    p.add_argument("--module", required=True)
    p.add_argument("--branch")
    p = verbs.add_parser("test", parents=[common, site, when], help="connection and content check")
    p.add_argument("--module")
    p.add_argument("--branch")
    p = verbs.add_parser("apply", parents=[common, site], help="one change")
    p.add_argument("--module", required=True)
    p.add_argument("--branch")
    p.add_argument("--database")
    p.add_argument("--server", help="another server of the site (a key of [servers]) for the database")
    p.add_argument("--firm")
    p.add_argument("--period")
    p.add_argument("--yes", action="store_true")
    p = verbs.add_parser("new-year", parents=[common, site, when], help="plan or apply the new-year transition")
    p.add_argument("--yes", action="store_true")
    p.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="MODULE",
        help="leave a module as it is (e.g. e-Defter while last year's books are open); repeatable",
    )
    verbs.add_parser(
        "ready", parents=[common, site, when], help="December: is next year's target there for every module?"
    )
    verbs.add_parser("history", parents=[common, site], help="the audit trail")
    p = verbs.add_parser("undo", parents=[common, site], help="restore a change")
    p.add_argument("--change", type=str)
    p.add_argument(
        "--yes", action="store_true", help="undo without asking (a terminal is asked first; a script never is)"
    )
    p = verbs.add_parser("sandbox", parents=[common], help="create a training site")
    p.add_argument("dir")
    p.add_argument("--scenario", help="one training site (default new-year)")
    p.add_argument("--year", type=str)
    p.add_argument("--many", type=int, metavar="N", help="N sites in a mix of programs and states, for campaigns")
    p.add_argument("--seed", type=int, default=0, help="with --many: the same seed writes the same sites")
    p = verbs.add_parser("init", parents=[common], help="a new customer's site file, from the Konnektör's own server")
    p.add_argument("dir", metavar="DIR")
    p.add_argument(
        "--konnektor",
        required=True,
        metavar="ODBC",
        help="the server holding the Konnektör's settings (ODBC string, Pwd=${VAR}; or an SQLite folder)",
    )
    p.add_argument("--database", help="the Konnektör's database, when several hold its settings")
    p.add_argument(
        "--server",
        action="append",
        default=[],
        metavar="NAME=ODBC",
        help="where a server the settings name (SUNUCU) is, if not the Konnektör's own; repeatable",
    )
    p = verbs.add_parser("campaign", parents=[common], help="one verb over every site file under a folder")
    p.add_argument("sites_dir", metavar="SITES_DIR")
    p.add_argument("--verb", dest="campaign_verb", choices=CAMPAIGN_VERBS, required=True)
    p.add_argument("--year", type=str, required=True)
    p.add_argument("--jobs", type=int, default=4, help="sites at a time (default 4)")
    p.add_argument("--out", help="results, reports' index and JSON (default SITES_DIR/campaign-VERB-YEAR)")
    p.add_argument("--again", action="store_true", help="run every site again, even those done in this run")
    p.add_argument("--notebooks", action="store_true", help="also execute the diagnosis notebook per site")
    verbs.add_parser(
        "staff-hash", parents=[common], help="the [staff] line for a site file, from a credential read without echo"
    )
    p = verbs.add_parser("serve", parents=[common], help="the Voila app on 127.0.0.1")
    p.add_argument("--site", help="the site the pages open with (default: the sandbox); only it reads ${VAR}")
    p.add_argument(
        "--port",
        type=int,
        default=8866,
        help="tried first; if busy, Voila takes a free one and the address printed says which",
    )
    p.add_argument(
        "--sites",
        action="append",
        metavar="DIR",
        help="a folder the pages may open site files from; repeatable (default: the --site folder)",
    )
    p.add_argument(
        "--cull-idle",
        type=seconds_arg,
        default=600,
        metavar="SECONDS",
        help="shut down a kernel idle this long (a closed tab's kernel keeps running); 0 never",
    )
    p.add_argument(
        "--cull-interval", type=seconds_arg, default=60, metavar="SECONDS", help="how often idle kernels are looked for"
    )
    p.add_argument(
        "--cull-connected",
        action="store_true",
        help="cull idle kernels even while their tab is open (by default an open tab keeps its kernel)",
    )
    p.add_argument(
        "--pool-size",
        type=seconds_arg,
        metavar="N",
        help="kernels kept started ahead for each page (~100 MB each; default 1), so a page opens at once; "
        "0 starts one per visit",
    )
    return parser


def peek_lang(argv: list[str]) -> str:
    """The language asked for, read before the arguments are parsed: a usage error speaks it too."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return os.environ.get(LANG_ENV, "tr")
