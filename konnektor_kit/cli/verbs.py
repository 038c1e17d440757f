"""One function per verb: read the parsed arguments, call one service, print its answer (output.py).

VERBS is the one table the command line dispatches by; a verb that works on a customer's site is wrapped
by `on_site`, which opens the workspace named by --site and says its damaged rows. The rest (sandbox,
campaign, init, staff-hash, serve) need no site, or build their own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..clock import today
from ..contract import PLAN_JSON
from ..domain.codes import parse_year
from ..domain.modules import Module
from ..domain.settings import ModuleSetting
from ..exceptions import UsageError
from ..i18n import Lang, plural, t, word
from ..present import views
from ..services import discover, hints, inspect, plan, readiness
from ..services.test import check_settings
from ..services.workspace import Workspace, open_workspace
from ..training import sandbox
from .output import Output, ask_yes, at_a_person, say, text_table, wrap_hint
from .parser import transition_arg

#: a verb as the command line runs it
Command = Callable[[argparse.Namespace, Output], int]
#: a verb that works on the site named by --site
SiteCommand = Callable[[Workspace, argparse.Namespace, Output], int]


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
    """At a terminal, what undoing will put back is shown and a yes is asked for (the page asks the same);
    `--yes`, `--json` or a pipe runs as typed, as scripts have always relied on (contract §4)."""
    change = None
    if args.change is not None:
        if not (args.change.isascii() and args.change.isdigit()):
            raise UsageError(t("undo.unknown", change=args.change))
        change = int(args.change)
    if not args.yes and not out.as_json and at_a_person():
        target = plan.undo_target(ws, change)
        lines = views.change_lines(target, out.lang, undoing=True)
        say("\n".join([t("undo.confirm", change=target.id).get(out.lang), *(f"  {line}" for line in lines)]))
        if not ask_yes(t("undo.ask").get(out.lang)):
            say(t("undo.kept", change=target.id).get(out.lang))
            return 0
        change = target.id  # what was shown is what is undone: a change made meanwhile is not taken instead
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

    from ..batch.fleet import create_fleet

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
    from tqdm import tqdm  # type: ignore[import-untyped]

    from ..batch import campaign

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
    from ..services.init_site import init_site

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

    from ..access.credentials import hash_credential

    prompt = t("staff.prompt").get(out.lang)
    credential = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    stored = hash_credential(credential)
    out.emit({"credential": stored}, lambda: f'[staff]\ncredential = "{stored}"')
    return 0


def cmd_serve(args: argparse.Namespace, out: Output) -> int:
    from ..app import serve

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


def on_site(command: SiteCommand) -> Command:
    """The verb run on the workspace opened from --site (closed after it), its damaged rows said after."""

    def run(args: argparse.Namespace, out: Output) -> int:
        with open_workspace(args.site) as ws:
            code = command(ws, args, out)
            return said_damaged(ws, args.verb, code, "en" if out.lang == "en" else "tr")

    return run


def said_damaged(ws: Workspace, verb: str, code: int, lang: Lang) -> int:
    """A settings row the kit could not read is said on stderr (never on stdout: the JSON stays one
    document); `test` cannot call such a site all right."""
    damaged = ws.stored_damage()
    for msg in damaged:
        say(msg.get(lang), sys.stderr)
    return max(code, 1) if damaged and verb == "test" else code


#: every verb of the parser, by its name
VERBS: dict[str, Command] = {
    "inspect": on_site(cmd_inspect),
    "discover": on_site(cmd_discover),
    "test": on_site(cmd_test),
    "apply": on_site(cmd_apply),
    "new-year": on_site(cmd_new_year),
    "ready": on_site(cmd_ready),
    "history": on_site(cmd_history),
    "undo": on_site(cmd_undo),
    "sandbox": cmd_sandbox,
    "init": cmd_init,
    "campaign": cmd_campaign,
    "staff-hash": cmd_staff_hash,
    "serve": cmd_serve,
}
