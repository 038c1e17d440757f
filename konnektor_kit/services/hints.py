"""Every command the kit tells a person to run, whole: `konnektor-kit`, the verb, `--site` and each
argument, quoted for the shell by `domain.text.shell_command` (the one place quoting lives).

The CLI, the pages and the reports all take their hints from here, so a hint can always be pasted as
it is printed; tests/unit/test_hints.py parses every one with the CLI's own parser.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..domain.text import kit_command
from ..domain.transition import Transition


def _when(when: Transition | int) -> list[str]:
    transition = Transition.of(when)
    args = ["--year", str(transition.year)]
    if transition.day != date(transition.year, 1, 1):
        args += ["--date", transition.day.strftime("%d.%m.%Y")]
    return args


def _where(module: str, branch: str | None) -> list[str]:
    return ["--module", module] + (["--branch", branch] if branch else [])


def new_year(site: Path | str, when: Transition | int, skip: Iterable[str] = (), yes: bool = False) -> str:
    """`new-year` for the site and the transition, leaving out `skip`, with `--yes` to write."""
    skipped = [a for m in dict.fromkeys(skip) for a in ("--skip", m)]
    return kit_command("new-year", "--site", str(site), *_when(when), *skipped, *(["--yes"] if yes else []))


def apply(
    site: Path | str,
    module: str,
    branch: str | None,
    database: str | None = None,
    firm: str | None = None,
    period: str | None = None,
    yes: bool = True,
) -> str:
    """`apply` of one change as the engineer asked it (the arguments given, no others)."""
    args = _where(module, branch)
    for flag, value in (("--database", database), ("--firm", firm), ("--period", period)):
        if value is not None:
            args += [flag, value]
    return kit_command("apply", "--site", str(site), *args, *(["--yes"] if yes else []))


def undo(site: Path | str, change: int) -> str:
    return kit_command("undo", "--site", str(site), "--change", str(change))


def discover(site: Path | str, module: str, branch: str | None, when: Transition | int) -> str:
    return kit_command("discover", "--site", str(site), *_where(module, branch), *_when(when))


def run_test(site: Path | str, when: Transition | int) -> str:
    return kit_command("test", "--site", str(site), *_when(when))


def serve(startup: Path | str | None, folders: Iterable[Path | str]) -> str:
    """`serve` again with every folder allowed now and the ones asked for."""
    args = ["--site", str(startup)] if startup else []
    for folder in dict.fromkeys(str(f) for f in folders):
        args += ["--sites", folder]
    return kit_command("serve", *args)
