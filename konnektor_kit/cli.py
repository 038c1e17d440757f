"""The contract's command line: parse arguments, call one service, print a table or one JSON document.

Exit codes: 0 done, 2 bad input (nothing changed), 1 failed (nothing changed or rolled back). An
expected failure is always a sentence in the chosen language, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import logs
from .cli_output import Output, console_streams, finished, write_json
from .clock import today
from .contract import CAMPAIGN_VERBS
from .data.site import file_error
from .domain.codes import FIRST_YEAR, LAST_YEAR, parse_year
from .domain.modules import Module
from .domain.settings import ModuleSetting
from .domain.transition import Transition
from .env import DEBUG_ENV, LANG_ENV
from .exceptions import BadInput, KitError, NeedsEngineer, UsageError, internal_error
from .i18n import Lang, as_lang, plural, t, tr_date, word
from .present import views
from .services import discover, hints, inspect, plan, readiness
from .services.test import check_settings
from .services.workspace import Workspace, open_workspace
from .training import sandbox

if TYPE_CHECKING:  # the tables come from views, which imports pandas only to build one
    import pandas as pd

log = logging.getLogger(__name__)


class Parser(argparse.ArgumentParser):
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
        raise argparse.ArgumentTypeError(t("usage.not_negative", typed=text).get(as_lang(_peek_lang(sys.argv)) or "tr"))
    return int(text)


def build_parser() -> Parser:
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


# ---- output ---------------------------------------------------------------------------------
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
    import textwrap

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
    import textwrap

    prose, found, command = text.partition("konnektor-kit ")
    wrapped = textwrap.fill(prose.rstrip(), width)
    return f"{wrapped}\n  {found}{command}" if found else wrapped


def say(text: str, file: Any = None) -> None:
    """Print, and when the reader has gone (`… | head`), stop writing quietly: the work is done, the
    verb's exit code stands, and no BrokenPipe traceback follows at exit."""
    stream = file or sys.stdout
    try:
        print(text, file=stream, flush=True)
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())  # later writes and the exit flush


# ---- verbs ----------------------------------------------------------------------------------
def cmd_inspect(ws: Workspace, args: argparse.Namespace, out: Output) -> int:
    settings = inspect.inspect_settings(ws)
    out.emit(
        [s.to_json() for s in settings],
        lambda: f"{ws.site.name}\n" + text_table(views.settings(settings, out.lang)),
    )
    return 0


def cmd_discover(ws: Workspace, args: argparse.Namespace, out: Output) -> int:
    found = discover.discover(ws, args.module, args.branch, transition_arg(args))
    lang = out.lang
    button = views.search_button(found.search, lang)

    def text() -> str:
        head = (
            f"{found.setting.module} / {found.setting.branch or word('branch.none', lang)} — {button} "
            f"({found.setting.program}, {found.setting.label} → {found.year})"
        )
        body = text_table(views.candidates(found.decision.candidates, lang))
        return f"{head}\n{body}\n\n{found.decision.reason.get(lang)}"

    out.emit([c.to_json(lang) for c in found.decision.candidates], text)
    return 0


def cmd_test(ws: Workspace, args: argparse.Namespace, out: Output) -> int:
    chosen = inspect.select_settings(inspect.inspect_settings(ws), args.module, args.branch)
    results = check_settings(ws, chosen, transition_arg(args))
    out.emit([r.to_json(out.lang) for r in results], lambda: text_table(views.checks(results, out.lang)))
    return 0 if all(r.ok for r in results) else 1


PLAN_JSON = ("module", "branch", "before", "after", "ok", "status", "changes", "reason", "caution")


def plan_json(p: plan.Plan, lang: Lang, written: dict[tuple[str, str], ModuleSetting] | None) -> list[dict[str, Any]]:
    """`new-year --json`: each item, its `after` as written, its reason followed by its caution."""
    rows = []
    for item in p.items:
        row = item.to_json(lang)
        row["after"] = (written or {}).get(item.before.key, item.after).to_json()
        row["reason"] = item.explained(lang)
        rows.append({k: row[k] for k in PLAN_JSON})
    return rows


def cmd_new_year(ws: Workspace, args: argparse.Namespace, out: Output) -> int:
    when = transition_arg(args, required=True)
    year = when.year
    skip = [Module.parse(m).code for m in args.skip]
    p = plan.plan_new_year(ws, when, skip=skip)
    record = None
    if args.yes and not p.blocked:
        record = plan.apply_plan(ws, p)
    written = {a.key: a for _, a in record.rows} if record else None

    def text() -> str:
        footer = (
            t("plan.blocked", count=len(p.blocked))
            if p.blocked
            else t("plan.applied", count=len(record.rows), change=record.id, undo=undo_hint(ws, record.id))
            if record
            else t("plan.nothing", year=year)
            if not p.changes
            else t("plan.preview", command=hints.new_year(ws.site.path, when, skip, yes=True))
        )
        notes = "".join(f"\n{wrap_hint(line)}" for line in views.plan_cautions(p.items, out.lang))
        table = text_table(views.plan(p.items, out.lang, written, cautions=False))
        return f"{table}\n{notes}\n\n{wrap_hint(footer.get(out.lang))}"

    out.emit(plan_json(p, out.lang, written), text, changed=record is not None)
    return 1 if p.blocked else 0


def cmd_apply(ws: Workspace, args: argparse.Namespace, out: Output) -> int:
    keep = plan.UNCHANGED
    p = plan.plan_change(
        ws,
        args.module,
        args.branch,
        args.database,
        keep if args.firm is None else args.firm,
        keep if args.period is None else args.period,
        args.server,
    )
    item = p.items[0]
    if not item.changes:
        out.emit(
            {"before": item.before.to_json(), "after": item.before.to_json()},
            lambda: t("apply.same", module=item.before.module, branch=item.before.branch or "—").get(out.lang),
        )
        return 0
    if not args.yes:
        if out.as_json:
            out.emit({"before": item.before.to_json(), "after": item.after.to_json(), "applied": False}, str)
        else:
            command = hints.apply(ws.site.path, args.module, args.branch, args.database, args.firm, args.period)
            need_yes = t("apply.need_yes", command=command).get(out.lang)
            say(text_table(views.plan(p.items, out.lang, reasons=False)) + "\n\n" + need_yes)
        return 0  # a preview writes nothing and found nothing wrong: exit 0, as new-year without --yes
    record = plan.apply_plan(ws, p)
    assert record is not None
    before, after = record.rows[0]
    out.emit(
        {"before": before.to_json(), "after": after.to_json(), "change": record.id},
        lambda: (
            f"{before.label} → {after.label}\n"
            + t("plan.applied", count=1, change=record.id, undo=undo_hint(ws, record.id)).get(out.lang)
        ),
        changed=True,
    )
    return 0


def cmd_ready(ws: Workspace, args: argparse.Namespace, out: Output) -> int:
    """Exit 0 when every module and branch is ready for the year (or moves by itself), 1 otherwise."""
    found = readiness.readiness(ws, transition_arg(args, required=True))
    out.emit(
        found.to_json(out.lang),
        lambda: text_table(views.readiness(found, out.lang)) + "\n\n" + wrap_hint(found.summary().get(out.lang)),
    )
    return 0 if found.ready else 1


def undo_hint(ws: Workspace, change: int) -> str:
    """A complete command that can be pasted as it is."""
    return hints.undo(ws.site.path, change)


def cmd_history(ws: Workspace, args: argparse.Namespace, out: Output) -> int:
    records = plan.history(ws)
    out.emit([r.to_json() for r in records], lambda: text_table(views.history(records, out.lang)))
    return 0


def cmd_undo(ws: Workspace, args: argparse.Namespace, out: Output) -> int:
    change = None
    if args.change is not None:
        if not (args.change.isascii() and args.change.isdigit()):
            raise UsageError(t("undo.unknown", change=args.change))
        change = int(args.change)
    record = plan.undo_change(ws, change)
    out.emit(
        record.to_json(),
        lambda: "\n".join(
            [
                t("undo.done", change=record.undoes, count=len(record.rows), record=record.id).get(out.lang),
                *(f"  {line}" for line in views.change_lines(record, out.lang)),
            ]
        ),
        changed=True,
    )
    return 0


def cmd_sandbox(args: argparse.Namespace, out: Output) -> int:
    year = parse_year(args.year) if args.year else None
    if args.many is not None:
        return cmd_sandbox_many(args, out, year)
    scenario = args.scenario or "new-year"
    site = sandbox.create_sandbox(args.dir, scenario, year)
    out.emit(
        {"site": str(site)},
        lambda: t("sandbox.created", site=str(site), scenario=scenario).get(out.lang),
        changed=True,
    )
    return 0


def cmd_sandbox_many(args: argparse.Namespace, out: Output, year: int | None) -> int:
    """`--many N`: a fleet for campaigns; ready sites hold the targets of --year (default next year)."""
    from collections import Counter

    from .batch.fleet import create_fleet

    if args.scenario is not None:
        raise UsageError(t("fleet.scenario_too"))
    sites = create_fleet(args.dir, args.many, year or today().year + 1, args.seed)
    states = ", ".join(f"{state} {n}" for state, n in sorted(Counter(s.state for s in sites).items()))
    out.emit(
        {"folder": args.dir, "sites": [s.to_json() for s in sites]},
        lambda: t("fleet.created", count=len(sites), folder=args.dir, states=states).get(out.lang),
        changed=True,
    )
    return 0


def cmd_campaign(args: argparse.Namespace, out: Output) -> int:
    """Exit 0 when every site is ok, 1 when any is late or broken, 2 for bad input (no site run)."""
    from pathlib import Path

    from tqdm import tqdm  # type: ignore[import-untyped]

    from .batch import campaign

    year = parse_year(args.year)
    folder = Path(args.sites_dir)
    verb = args.campaign_verb
    target = Path(args.out) if args.out else folder / f"campaign-{verb}-{year}"
    job = campaign.Campaign(folder, verb, year, args.jobs, target, out.lang, args.again, args.notebooks)
    with tqdm(total=None, unit="site", file=sys.stderr, disable=None) as bar:

        def step(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        rows = campaign.run_campaign(job, step)
    result = campaign.summary(job, rows)
    index = str(target.resolve() / campaign.INDEX)
    out.emit(
        {k: v for k, v in result.items() if k != "results"}
        | {"index": index, "json": str(target.resolve() / campaign.SUMMARY)},
        lambda: (
            t(
                "campaign.summary",
                sites=plural(len(rows), "plural.site"),
                ok=result["ok"],
                late=result["late"],
                broken=result["broken"],
            ).get(out.lang)
            + "\n"
            + t("campaign.done", index=index).get(out.lang)
        ),
    )
    return campaign.exit_code(rows)


def cmd_init(args: argparse.Namespace, out: Output) -> int:
    """Exit 0 written (and tested), 1 nothing written (none or several found, a server unreachable), 2 bad input."""
    from .services.init_site import init_site

    result = init_site(args.dir, args.konnektor, args.database, args.server)

    def text() -> str:
        lang = out.lang
        lines = views.init_summary(result, lang)
        ok = sum(r.ok for r in result.checks)
        lines += ["", text_table(views.checks(result.checks, lang)), ""]
        lines.append(t("init.tested", ok=ok, count=len(result.checks)).get(lang))
        lines.append(t("init.next", command=result.next_command).get(lang))
        return "\n".join(lines)

    out.emit(result.to_json(out.lang), text)
    return 0


def cmd_staff_hash(args: argparse.Namespace, out: Output) -> int:
    """The credential is read without echo (or from a pipe) and only its salted hash is printed."""
    import getpass

    from .access.credentials import hash_credential

    prompt = t("staff.prompt").get(out.lang)
    credential = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    stored = hash_credential(credential)
    out.emit({"credential": stored}, lambda: f'[staff]\ncredential = "{stored}"')
    return 0


def cmd_serve(args: argparse.Namespace, out: Output) -> int:
    from .app import serve

    return serve(
        args.site,
        args.port,
        args.lang,
        args.sites,
        cull_idle=args.cull_idle,
        cull_interval=args.cull_interval,
        cull_connected=args.cull_connected,
        **({} if args.pool_size is None else {"pool_size": args.pool_size}),
    )


VERBS: dict[str, Callable[[Workspace, argparse.Namespace, Output], int]] = {
    "inspect": cmd_inspect,
    "discover": cmd_discover,
    "test": cmd_test,
    "apply": cmd_apply,
    "new-year": cmd_new_year,
    "ready": cmd_ready,
    "history": cmd_history,
    "undo": cmd_undo,
}


def run(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    log_file = logs.configure()
    log.info("konnektor-kit %s", shlex.join(argv))
    code = _run(argv, log_file)
    log.info("konnektor-kit %s: exit %d", argv[0] if argv else "", code)
    return code


def _run(argv: list[str], log_file: Path | None) -> int:
    lang: Lang = "en" if _peek_lang(argv) == "en" else "tr"
    as_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
        out = Output(args.json, args.lang)
        if args.verb == "sandbox":
            return cmd_sandbox(args, out)
        if args.verb == "serve":
            return cmd_serve(args, out)
        if args.verb == "campaign":
            return cmd_campaign(args, out)
        if args.verb == "init":
            return cmd_init(args, out)
        if args.verb == "staff-hash":
            return cmd_staff_hash(args, out)
        with open_workspace(args.site) as ws:
            code = VERBS[args.verb](ws, args, out)
            return said_damaged(ws, args.verb, code, lang)
    except KitError as exc:
        return report_error(exc, lang, as_json)
    except OSError as exc:  # a full or read-only disk, a missing right: its own words, not "unexpected"
        written = file_error(exc)
        if written is not None:
            return report_error(written, lang, as_json)
        log.exception("unexpected error: konnektor-kit %s", shlex.join(argv))
        if os.environ.get(DEBUG_ENV):
            raise
        return report_error(internal_error(exc, log_file), lang, as_json)
    except Exception as exc:  # an unexpected failure still ends in a sentence (and the log's path), never a traceback
        log.exception("unexpected error: konnektor-kit %s", shlex.join(argv))
        if os.environ.get(DEBUG_ENV):
            raise
        return report_error(internal_error(exc, log_file), lang, as_json)


def said_damaged(ws: Workspace, verb: str, code: int, lang: Lang) -> int:
    """A settings row the kit could not read is said on stderr (never on stdout: the JSON stays one
    document); `test` cannot call such a site all right."""
    damaged = ws.stored_damage()
    for msg in damaged:
        say(msg.get(lang), sys.stderr)
    return max(code, 1) if damaged and verb == "test" else code


def report_error(exc: KitError, lang: Lang, as_json: bool) -> int:
    log.info("%s (%s): %s", type(exc).__name__, exc.category, exc.message("en"))
    message = exc.message(lang)
    if as_json:
        payload: dict[str, Any] = {"error": message, "category": exc.category, "exit_code": exc.exit_code}
        if isinstance(exc, NeedsEngineer) and exc.details:
            payload["details"] = [i.to_json(lang) for i in exc.details]
        with contextlib.suppress(OSError, ValueError):  # a closed or full stdout cannot change the exit code
            write_json(payload)
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr, flush=True)
    return exc.exit_code


def _peek_lang(argv: list[str]) -> str:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return os.environ.get(LANG_ENV, "tr")


def main() -> None:
    console_streams()  # a Windows code page (or PYTHONIOENCODING) never makes a print fail
    sys.exit(finished(run()))


if __name__ == "__main__":  # `python -m konnektor_kit.cli` as well as `konnektor-kit`
    main()
