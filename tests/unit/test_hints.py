"""Every hint the kit prints is a whole command that can be pasted: `konnektor-kit`, its verb, `--site`
with the real site, each argument quoted for the shell. The catalogue is read for hints written into a
sentence instead of built; then the kit is driven (CLI verbs, a refused site, the new-year page) to
print every hint it has, and each is split as the shell would and parsed by the CLI's own parser."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from konnektor_kit.access.sites import SitePolicy
from konnektor_kit.cli import run
from konnektor_kit.cli.parser import build_parser
from konnektor_kit.domain.text import shell_command
from konnektor_kit.exceptions import KitError
from konnektor_kit.i18n import LANGS, MESSAGES, forms
from konnektor_kit.training.sandbox import create_sandbox
from tests.conftest import YEAR

#: sentences that name the program or an option the engineer typed, and give no hint
SAYS_WHAT_WAS_TYPED = ("serve.ready", "serve.stopped", "serve.bad_sites", "plan.skipped")
#: placeholders a hint command is put into; a message taking one ends with it, so the command ends the line
COMMAND_PLACEHOLDERS = ("{command}", "{undo}", "{how}")
#: options that only make sense inside a whole command: a sentence naming one is a hint not built
COMMAND_ONLY = re.compile(r"--(yes|skip|sites|change|site)\b|konnektor-kit \w")
#: the words and placeholders a command never holds ("--sites KLASÖR", "ETA_<ŞİRKET>")
PLACEHOLDER_WORDS = re.compile(r"KLASÖR|FOLDER|DIR\b|<[^>]+>|‹")


def test_the_catalogue_writes_no_command_itself():
    problems = []
    for key, templates in MESSAGES.items():
        if key in SAYS_WHAT_WAS_TYPED:
            continue
        for lang, template in zip(LANGS, templates, strict=True):
            for text in forms(template):
                if COMMAND_ONLY.search(text):
                    problems.append(f"{key}.{lang}: {text}")
                holes = [p for p in COMMAND_PLACEHOLDERS if p in text]
                if holes and not text.rstrip().endswith(holes[-1]):
                    problems.append(f"{key}.{lang}: a command must end its sentence: {text}")
    assert not problems, "\n".join(problems)


def commands_in(text: str) -> list[str]:
    """Every `konnektor-kit ...` in printed text: from the name to the end of its line."""
    return [m.group(0).rstrip() for m in re.finditer(r"konnektor-kit [^\n]*", text)]


def strings_of(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings_of(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings_of(v)]
    return []


@pytest.fixture
def awkward_site(tmp_path) -> Path:
    """A site whose path needs quoting: a space, an apostrophe, a Turkish letter and a dollar."""
    return create_sandbox(tmp_path / "Ahmet'in Gıda $HOME şube", "new-year", YEAR)


def say(capsys, *argv: str) -> str:
    run(list(argv))
    out, err = capsys.readouterr()
    return out + "\n" + err


def readiness_hints(site: Path) -> list[str]:
    """`ready`'s advice for every state a row can be in (the sandbox draws ready and missing only): the
    site's own plan items, each given the status of that state."""
    from dataclasses import replace

    from konnektor_kit.data.site import load_site
    from konnektor_kit.services.readiness import STATE_OF_STATUS, Readiness, readiness
    from konnektor_kit.services.workspace import open_workspace

    with open_workspace(load_site(site)) as ws:
        found = readiness(ws, YEAR)
    item = found.rows[0].item
    rows = [Readiness(replace(item, status=status), YEAR) for status in STATE_OF_STATUS]
    assert {r.state for r in rows} == set(STATE_OF_STATUS.values())
    return [r.todo(str(site)).get(lang) for r in rows for lang in LANGS]


def printed_hints(site: Path, capsys) -> list[str]:
    s = str(site)
    said: list[str] = []
    for lang in LANGS:
        said.append(say(capsys, "new-year", "--site", s, "--year", str(YEAR), "--lang", lang))
        run(["new-year", "--site", s, "--year", str(YEAR), "--json", "--lang", lang])
        said += strings_of(json.loads(capsys.readouterr()[0]))
        said.append(say(capsys, "apply", "--site", s, "--module", "e-Fatura", "--branch", "Merkez", "--period", "3"))
        for verb in ("ready", "test"):
            run([verb, "--site", s, "--year", str(YEAR + 1), "--json", "--lang", lang])
            said += strings_of(json.loads(capsys.readouterr()[0]))
    said += readiness_hints(site)
    said.append(
        say(capsys, "apply", "--site", s, "--module", "e-Fatura", "--branch", "Merkez", "--period", "3", "--yes")
    )
    said.append(say(capsys, "undo", "--site", s))
    said.append(say(capsys, "undo", "--site", s))  # after an undo: the change before it, as a command
    policy = SitePolicy.of([site.parent / "izinli"], site)
    with pytest.raises(KitError) as refused:
        policy.check(site.parent.parent / "başka klasör" / "site.toml")
    said += [refused.value.message(lang) for lang in LANGS]
    return [c for text in said for c in commands_in(text)]


def test_every_hint_printed_is_a_whole_command_the_parser_takes(awkward_site, capsys):
    hints = printed_hints(awkward_site, capsys)
    verbs = set()
    for hint in hints:
        argv = shlex.split(hint)
        assert argv[0] == "konnektor-kit", hint
        args = build_parser().parse_args(argv[1:])  # UsageError (a failure here) for anything it refuses
        verbs.add(args.verb)
        assert not PLACEHOLDER_WORDS.search(hint), hint
        if args.verb != "serve":
            assert Path(args.site) == awkward_site, hint  # the real site, quoted, not a name for it
    assert {"new-year", "apply", "undo", "discover", "test", "serve"} == verbs, verbs


def test_the_edefter_caution_gives_its_command_and_on_the_page_its_tick_box(awkward_site, capsys):
    said = say(capsys, "new-year", "--site", str(awkward_site), "--year", str(YEAR))
    caution = next(line for line in said.splitlines() if "e-Defter" in line and "konnektor-kit" in line)
    args = build_parser().parse_args(shlex.split(commands_in(caution)[0])[1:])
    assert args.skip == ["e-Defter"] and not args.yes

    from konnektor_kit.ui.new_year import NewYearPage

    page = NewYearPage(awkward_site, lang="tr")
    page.plan_button.click()
    cautions = [i.caution.get("tr") for i in page.plan.items if i.caution is not None]
    assert cautions and all("kutunun işaretini kaldırın" in c and "--skip" not in c for c in cautions), cautions


def test_shell_command_quotes_what_the_shell_would_split():
    line = shell_command(["konnektor-kit", "undo", "--site", "/a b/it's $HOME/site.toml", "--change", "4"])
    assert shlex.split(line) == ["konnektor-kit", "undo", "--site", "/a b/it's $HOME/site.toml", "--change", "4"]
