"""The message catalogue (konnektor_kit/messages.toml) against the code that speaks from it: every key
the code names has words, in both languages with the same {placeholders}, every call fills them (and
passes the count a message with plural forms is chosen by), and no key is unused.

The code is read with ast, not run: a literal key (`t("plan.nothing")`, a key held in a table such as
`SEARCH_KEYS`) is used where it stands; a key built at run time (`word(f"status.{item.status}")`) is a
pattern, and the test says which values it takes, from the lists and Literal types those values come
from, so every key it can build is checked. A pattern the test has no values for is a failure, never
skipped. `test_the_checker_fails_on_a_bad_sample` proves the checker on a small bad package.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import konnektor_kit
from konnektor_kit import i18n
from konnektor_kit.batch import campaign_row
from konnektor_kit.data import database_states, errors, odbc_strings, probe
from konnektor_kit.domain import decisions, text
from konnektor_kit.domain.programs import PROFILES
from konnektor_kit.domain.programs.logo import ranking as logo_ranking
from konnektor_kit.i18n import LANGS, Template, forms, read_catalogue
from konnektor_kit.services import plan, readiness
from konnektor_kit.ui import guide

PACKAGE = Path(konnektor_kit.__file__).parent
# the calls that take a message key, and which positional argument it is (i18n's, and the forms' Page helpers)
KEY_CALLS = {"t": 0, "word": 0, "Msg": 0, "plural": 1, "text": 0, "button": 0, "say": 2, "CodeField": 2}
# the calls that fill a message's placeholders from their keywords there and then
FILLING_CALLS = ("t", "text")
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[A-Za-z0-9_-]+)+")
FILE_NAME = re.compile(r".+\.(json|toml|sqlite|html|ipynb|log|csv|txt|py)")  # "site.toml" is a file, not a key


@dataclass(frozen=True)
class Expansion:
    """The values a run-time key takes: one a hole ("status.{}"), a tuple a key for several holes.
    `optional`: the code asks the catalogue first (`if key in MESSAGES`) and has a fallback."""

    values: Iterable[str | tuple[str, ...]]
    optional: bool = False

    def keys(self, pattern: str) -> set[str]:
        return {pattern.format(*(v if isinstance(v, tuple) else (v,))) for v in self.values}


def _pattern(node: ast.JoinedStr) -> str:
    """An f-string as a key pattern: f"guide.{section}.{part}" → "guide.{}.{}"."""
    return "".join(
        part.value.replace("{", "{{").replace("}", "}}")
        if isinstance(part, ast.Constant) and isinstance(part.value, str)
        else "{}"
        for part in node.values
    )


@dataclass
class Uses:
    named: set[str]  # literal keys in a key argument: they must have words
    held: set[str]  # any other string in the code that is a key (a table of keys): it counts as used
    patterns: dict[str, list[str]]  # run-time key patterns → where they stand
    #: t("key", a=…, b=…) and Page.text("key", …) calls with a literal key: (key, keywords given, where);
    #: None for the keywords when the call passes **mapping (what it fills is not known from the code)
    filled: list[tuple[str, set[str] | None, str]]


def read_uses(package: Path, keys: set[str]) -> Uses:
    prefixes = {k.split(".", 1)[0] for k in keys}
    uses = Uses(set(), set(), {}, [])
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = str(path.relative_to(package))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                at = KEY_CALLS.get(name)
                if name in FILLING_CALLS and node.args and isinstance(node.args[0], ast.Constant):
                    given = {k.arg for k in node.keywords if k.arg is not None}
                    spread = any(k.arg is None for k in node.keywords)
                    uses.filled.append((str(node.args[0].value), None if spread else given, f"{where}:{node.lineno}"))
                if at is not None and len(node.args) > at:
                    for inner in ast.walk(node.args[at]):
                        if (
                            isinstance(inner, ast.Constant)
                            and isinstance(inner.value, str)
                            and KEY.fullmatch(inner.value)
                        ):
                            uses.named.add(inner.value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if text in keys:
                    uses.held.add(text)
                elif KEY.fullmatch(text) and text.split(".", 1)[0] in prefixes and not FILE_NAME.fullmatch(text):
                    uses.named.add(text)  # a key held in a table (SEARCH_KEYS, GUIDES) that has no words
            elif isinstance(node, ast.JoinedStr):
                pattern = _pattern(node)
                head = pattern.split(".", 1)[0]
                if "{}" in pattern and head in prefixes and KEY.fullmatch(pattern.replace("{}", "x")):
                    uses.patterns.setdefault(pattern, []).append(f"{where}:{node.lineno}")
    return uses


def placeholders(template: str) -> set[str]:
    names = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
    return {re.split(r"[.\[]", n, maxsplit=1)[0] for n in names}


def check_catalogue(
    package: Path, catalogue: Mapping[str, tuple[Template, Template]], expansions: Mapping[str, Expansion]
) -> list[str]:
    """Every problem between a package and its catalogue, one line each; [] when they agree."""
    keys = set(catalogue)
    uses = read_uses(package, keys)
    problems = [f"missing: {k} (named in the code, no words)" for k in sorted(uses.named - keys)]
    used = uses.named | uses.held
    for pattern, where in sorted(uses.patterns.items()):
        if pattern not in expansions:
            problems.append(f"unexpanded: {pattern} ({', '.join(where)}): say in the test which values it takes")
            continue
        built = expansions[pattern].keys(pattern)
        used |= built & keys
        if not expansions[pattern].optional:
            problems += [f"missing: {k} (built by {pattern})" for k in sorted(built - keys)]
    problems += [
        f"stale expansion: {p} (no such key pattern in the code)" for p in sorted(set(expansions) - set(uses.patterns))
    ]
    problems += [f"unused: {k}" for k in sorted(keys - used)]
    for key, templates in sorted(catalogue.items()):
        said = {
            lang: [placeholders(f) for f in forms(template)] for lang, template in zip(LANGS, templates, strict=True)
        }
        if any(not f.strip() for template in templates for f in forms(template)):
            problems.append(f"empty: {key}")
        sets = [s for lang in LANGS for s in said[lang]]
        plural = any(len(forms(template)) > 1 for template in templates)
        for named, given, where in uses.filled:
            if named == key and given is not None:
                wanted = (sets[0] if sets else set()) | ({"count"} if plural else set())
                if wanted - given:
                    problems.append(f"unfilled: {key} at {where} lacks {sorted(wanted - given)}")
        if any(s != sets[0] for s in sets):
            problems.append(f"placeholders: {key} " + "; ".join(f"{lang} {said[lang]}" for lang in LANGS))
    return problems


def category_names(package: Path) -> set[str]:
    """Every category the code gives a Finding or an error: `Finding("wrong_year", ...)`, an exception
    class's `category = "bad_code"`, and the driver-error rules' kinds."""
    names = {kind.category for kind, *_ in errors.RULES}
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found: list[ast.expr] = []
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Finding" and node.args:
                found.append(node.args[0])
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "category" for t in node.targets):
                found.append(node.value)
            names |= {f.value for f in found if isinstance(f, ast.Constant) and isinstance(f.value, str)}
    return names


def sections() -> set[str]:
    """The guide's sections: one a page (`Page.section`), from every module of konnektor_kit/ui."""
    from konnektor_kit import ui
    from konnektor_kit.ui.page import Page

    modules = [importlib.import_module(f"konnektor_kit.ui.{m.name}") for m in pkgutil.iter_modules(ui.__path__)]
    return {
        cls.section
        for module in modules
        for cls in vars(module).values()
        if isinstance(cls, type) and issubclass(cls, Page) and cls.section
    }


CATEGORIES = category_names(PACKAGE)
# history kinds: a plan's (services/plan.PlanKind) and the store's undo record
KINDS = (*get_args(plan.PlanKind), "undo")

EXPANSIONS = {
    "category.{}": Expansion(CATEGORIES, optional=True),  # i18n.category_word falls back to the name
    "kind.{}": Expansion(KINDS, optional=True),  # i18n.kind_word falls back to the name
    "error.{}": Expansion(CATEGORIES & {k.category for k, *_ in errors.RULES} | {"error"}),
    "guidance.{}": Expansion({k.category for k, *_ in errors.RULES} | {"error"}),
    "guidance.{}.sqlserver": Expansion({k.category for k, *_ in errors.RULES}, optional=True),
    # a plan item's status: a Decision's, "skipped" when left out, "error" when unreadable (services/plan.py)
    "status.{}": Expansion(get_args(plan.PlanStatus)),
    "severity.{}": Expansion(get_args(decisions.Severity)),
    "ready.state.{}": Expansion(get_args(readiness.State)),
    "ready.who.{}": Expansion(get_args(readiness.Who)),
    "ready.needs.{}": Expansion(PROFILES),
    "campaign.verb.{}": Expansion(("ready", "test", "diagnose")),  # campaign --verb
    "program.{}": Expansion(PROFILES, optional=True),  # views.program_text: GENERIC in words, others as named
    "probe.tcp.{}": Expansion((*get_args(probe.TcpState), "unresolved")),
    "db.state.{}": Expansion(w.lower() for w in database_states._ORDER),
    "reason.logo.copy.{}": Expansion(logo_ranking.COPY_SCORES),
    "campaign.status.{}": Expansion(get_args(campaign_row.Status)),
    "campaign.link.{}": Expansion(("report", "notebook")),  # the campaign row's links (batch/campaign.index_html)
    "staff.{}": Expansion(("wait", "refused")),  # the reasons that carry a wait (services/staff.Access.msg)
    "odbc.why.{}": Expansion(odbc_strings.REFUSAL_REASONS),  # a refused key or value (data/odbc_strings)
    "name.odd.{}": Expansion(r for r in text.LOOK_ALIKE_REASONS if r != "invisible"),  # services/views.name_text
    "guide.{}": Expansion(guide.PARTS),
    "ui.title.{}": Expansion(guide.SECTIONS),
    "ui.guide.{}": Expansion(
        s for s in guide.SECTIONS if s != "start"
    ),  # the start page's links (ui/start.GUIDES)  # a page's title, by its section (ui/page.Page.title)
    "guide.{}.{}": Expansion((s, p) for s in sections() for p in guide.PARTS),
}


def test_the_catalogue_and_the_code_agree():
    problems = check_catalogue(PACKAGE, i18n.MESSAGES, EXPANSIONS)
    assert not problems, "\n".join(problems)


def test_every_category_has_words():
    """The one vocabulary of check and error categories (category.*): every category a face may show."""
    assert {f"category.{c}" for c in CATEGORIES} <= set(i18n.MESSAGES)


def _names(catalogue: Mapping[str, tuple[Template, Template]]) -> dict[str, set[str]]:
    """The catalogue's word lists: {prefix: names} for the keys that say a short word, not a sentence."""
    lists: dict[str, set[str]] = {}
    for key, (tr, en) in catalogue.items():
        if isinstance(tr, str) and isinstance(en, str) and "{" not in tr + en and max(len(tr), len(en)) <= 40:
            prefix, _, name = key.rpartition(".")
            lists.setdefault(prefix, set()).add(name)
    return lists


def second_vocabularies(
    catalogue: Mapping[str, tuple[Template, Template]], vocabularies: Mapping[str, set[str]]
) -> dict[tuple[str, str], list[str]]:
    """{(vocabulary, other prefix): names} where another word list names three or more of its things."""
    lists = _names(catalogue)
    return {
        (own, prefix): sorted(names & listed)
        for own, names in vocabularies.items()
        for prefix, listed in lists.items()
        if prefix != own and len(names & listed) >= 3
    }


def test_one_vocabulary_for_categories_statuses_and_severities():
    """Each is said by one list of words (category.*, status.*, severity.*): a second list naming three
    or more of the same things (the old cat.* beside category.*) is two vocabularies drifting apart."""
    statuses = EXPANSIONS["status.{}"].keys("{}")
    vocabularies = {"category": CATEGORIES, "status": statuses, "severity": set(get_args(decisions.Severity))}
    assert second_vocabularies(i18n.MESSAGES, vocabularies) == {}
    old = {**i18n.MESSAGES, "cat.ok": ("tamam", "ok"), "cat.timeout": ("süre", "time"), "cat.locked": ("kilit", "lock")}
    assert second_vocabularies(old, vocabularies) == {("category", "cat"): ["locked", "ok", "timeout"]}


BAD_CODE = """
from konnektor_kit.i18n import t, word


def speak(status: str) -> None:
    t("greet.hello", name="x")
    t("greet.absent")
    word(f"state.{status}")
    word(f"mood.{status}")


TITLES = {"home": "greet.hello", "away": "greet.farewell"}
SAVED = "greet.json"
"""

BAD_CATALOGUE = """
["greet.hello"]
tr = "Merhaba {name}"
en = "Hello {person}"

["greet.unused"]
tr = "kullanılmıyor"
en = "unused"

["state.on"]
tr = "açık"
en = "on"

["mood.calm"]
tr = "sakin"
en = "calm"
"""


def test_the_checker_fails_on_a_bad_sample(tmp_path):
    """A missing key (named in a call, or held in a table), an unused key, a placeholder mismatch, a
    run-time key with a value that has no words, and a run-time key the test gives no values for: each
    is one line of the checker's answer (a file name such as "greet.json" is not a key)."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "speak.py").write_text(BAD_CODE, encoding="utf-8")
    (tmp_path / "messages.toml").write_text(BAD_CATALOGUE, encoding="utf-8")
    catalogue = read_catalogue(tmp_path / "messages.toml")
    problems = check_catalogue(package, catalogue, {"state.{}": Expansion(("on", "off"))})
    assert sorted(p.split(" (")[0] for p in problems) == [
        "missing: greet.absent",
        "missing: greet.farewell",
        "missing: state.off",
        "placeholders: greet.hello tr [{'name'}]; en [{'person'}]",
        "unexpanded: mood.{}",
        "unused: greet.unused",
        "unused: mood.calm",
    ], problems
    good = {"greet.hello": ("Merhaba {name}", {"one": "Hello {name}", "other": "Hello all {name}"})}
    (package / "speak.py").write_text('from konnektor_kit.i18n import t\nt("greet.hello")\n', encoding="utf-8")
    assert [p.split(" at ")[0] + p.split(" lacks")[1] for p in check_catalogue(package, good, {})] == [
        "unfilled: greet.hello ['count', 'name']"  # its placeholder, and the number that picks its form
    ]
    (package / "speak.py").write_text(
        'from konnektor_kit.i18n import t\nt("greet.hello", name="x", count=2)\n', encoding="utf-8"
    )
    assert check_catalogue(package, good, {}) == []


def test_a_number_picks_its_form():
    """English says "1 setting" but "3 settings"; Turkish keeps the noun singular after a number."""
    one, three = i18n.plural(1, "plural.setting"), i18n.plural(i18n.Count(1240), "plural.setting")
    assert (one.get("tr"), one.get("en")) == ("1 ayar", "1 setting")
    assert (three.get("tr"), three.get("en")) == ("1.240 ayar", "1,240 settings")


def test_no_message_says_a_plural_in_brackets():
    """ "setting(s)", "ayar(lar)": a message with a number gives forms instead (i18n.plural)."""
    brackets = re.compile(r"\w\((s|es|lar|ler)\)")
    said = {
        k: f for k, templates in i18n.MESSAGES.items() for tpl in templates for f in forms(tpl) if brackets.search(f)
    }
    assert not said, said
