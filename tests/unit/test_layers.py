"""The architecture's arrows, checked on the source: every `import` of every module of konnektor_kit/
(at module level or inside a function, absolute or relative) is read with `ast` and held against RULES.

Layers import downwards only: domain → data → services → faces (ui, cli, app). Beside the services, on
their level, four packages of other jobs: present (tables, HTML, reports), access (site files a page may
open, the staff gate), batch (campaigns, fleets) and training (scenarios, sandboxes, grading); they use the
verbs and never each other, but for the few arrows a rule names with its why. The top-level modules
(exceptions, i18n, env, clock, contract, logs, platform) are the base every layer may use. Two modules that
import each other, directly
or round a longer path, are a cycle and reported with that path: an import deferred into a function
only hides a cycle, so those count too.
"""

from __future__ import annotations

import ast
import graphlib
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "konnektor_kit"

#: the layer of each module, by its dotted name below the package: the longest prefix decides
LAYERS = {
    "": "package",  # konnektor_kit/__init__.py: runs before any module of the kit
    "__main__": "cli",
    "exceptions": "base",
    "i18n": "base",
    "env": "base",
    "clock": "base",
    "contract": "base",
    "platform": "base",  # every sys.platform branch of the kit: any layer may ask it
    "domain": "domain",
    "data": "data",
    "services": "services",
    "present": "present",
    "access": "access",
    "batch": "batch",
    "training": "training",
    "logs": "base",
    "ui": "ui",
    "cli": "cli",  # the package: parser, verbs, output
    "app": "app",
    "voila_config": "app",  # Voila's settings, for serve and the hub
    "voila_handlers": "app",  # the kit's handlers inside Voila's application (serve)
    "hub": "app",  # the JupyterHub single-user server: the app served another way
}
ALL = frozenset(LAYERS.values())
#: the packages beside the services: each one job, on the services' level
BESIDE = frozenset({"present", "access", "batch", "training"})
FACES = frozenset({"ui", "cli", "app"})


@dataclass(frozen=True)
class Rule:
    source: str
    forbidden: frozenset[str]
    why: str
    #: "any": wherever the import is; "module": only an import run when the module is imported
    when: str = "any"
    #: modules (dotted below the package) the rule lets through all the same: each named in `why`
    unless: frozenset[str] = frozenset()


RULES = (
    Rule("base", ALL - {"base"}, "every layer imports the base: it must not import any of them back"),
    Rule(
        "package",
        frozenset({"data", "services", "ui", "cli", "app"}) | BESIDE,
        "the package's __init__ runs before every module: it re-exports domain types and nothing heavier",
    ),
    Rule(
        "domain",
        frozenset({"data", "services", "ui", "cli", "app"}) | BESIDE,
        "the procedure's rules have no I/O: tested without a database",
    ),
    Rule(
        "data",
        frozenset({"services", "ui", "cli", "app"}) | BESIDE,
        "data only moves bytes: it knows no verb and no face",
    ),
    Rule(
        "services",
        FACES | BESIDE,
        "the procedure's verbs only: one verb for every face, never a table, a gate, a batch or a training customer",
    ),
    Rule(
        "present",
        FACES | (BESIDE - {"present"}),
        "tables and reports show the verbs' answers; a grade table shows training's grades (training.grading)",
        unless=frozenset({"training.grading"}),
    ),
    Rule(
        "access",
        FACES | (BESIDE - {"access"}),
        "the gate decides who opens what; it asks training only whether a site is a sandbox (training.sandbox)",
        unless=frozenset({"training.sandbox"}),
    ),
    Rule(
        "training",
        FACES | (BESIDE - {"training"}),
        "a sandbox is a site like a customer's; it carries the training credential's hash (access.credentials)",
        unless=frozenset({"access.credentials"}),
    ),
    Rule("batch", FACES | {"access"}, "a campaign runs the verbs over sites, writes reports and builds fleets"),
    Rule(
        "ui",
        frozenset({"data"}),
        "forms go through services: a form never opens a connection, the store or the site file itself",
    ),
    Rule("ui", frozenset({"cli"}), "the forms and the command line are two faces of the same services"),
    Rule("cli", frozenset({"ui"}), "the command line never loads ipywidgets nor a form"),
    Rule(
        "app",
        frozenset({"ui"}),
        "cli's `serve` imports app: the forms load in Voila's kernels, never with the command line",
        when="module",
    ),
)

#: faces reach the settings store only through a service (inspect_settings, history, ...): the attribute
#: that would bypass them, on a workspace
STORE_ATTRIBUTE = "store"


@dataclass(frozen=True)
class Import:
    source: str  # dotted name of the importing module, below the package ("" for the package itself)
    target: str
    line: int
    module_level: bool


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(name: str) -> str:
    best = max((p for p in LAYERS if p == "" or name == p or name.startswith(p + ".")), key=len)
    return LAYERS[best]


def _module_level_nodes(tree: ast.Module) -> set[int]:
    """ids of the import nodes run when the module is imported (not inside a def or a lambda)."""
    found: set[int] = set()

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.add(id(child))
            walk(child)

    walk(tree)
    return found


def imports_of(root: Path) -> tuple[list[Import], dict[str, ast.Module]]:
    """Every import of the package in `root` aimed at one of its own modules."""
    package = root.name
    files = {module_name(root, p): p for p in sorted(root.rglob("*.py"))}
    trees: dict[str, ast.Module] = {}
    found: list[Import] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        trees[name] = tree
        top = _module_level_nodes(tree)
        here = name.split(".") if name else []
        if path.name != "__init__.py":
            here = here[:-1]  # a module's relative imports start from its package
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                    dotted = ".".join([package, *base, *([node.module] if node.module else [])])
                else:
                    dotted = node.module or ""
                # `from . import odbc_strings` imports a module; `from .site import Site` a name of one
                targets = [_submodule(dotted, a.name, package, files) for a in node.names]
            else:
                continue
            for target in dict.fromkeys(targets):  # `from .x import A, B` is one import of x
                if target == package or target.startswith(package + "."):
                    inner = target[len(package) + 1 :]
                    found.append(Import(name, inner, node.lineno, id(node) in top))
    return found, trees


def _submodule(dotted: str, name: str, package: str, files: dict[str, Path]) -> str:
    """`from X import name` imports the module X.name when there is one, else a name of X."""
    candidate = f"{dotted}.{name}"
    return candidate if candidate[len(package) + 1 :] in files else dotted


def shown(name: str, package: str) -> str:
    return f"{package}.{name}" if name else package


def forbidden_imports(root: Path) -> list[str]:
    """Every arrow a rule forbids, and every face that reads a workspace's store, as readable lines."""
    package = root.name
    found, trees = imports_of(root)
    problems: list[tuple[str, int, str]] = []
    for imp in found:
        source, target = layer_of(imp.source), layer_of(imp.target)
        for rule in RULES:
            excused = any(imp.target == u or imp.target.startswith(u + ".") for u in rule.unless)
            if (
                rule.source == source
                and target in rule.forbidden
                and not excused
                and (rule.when == "any" or imp.module_level)
            ):
                problems.append(
                    (
                        imp.source,
                        imp.line,
                        f"imports {shown(imp.target, package)} ({source} → {target}): {rule.why}",
                    )
                )
    for name, tree in trees.items():
        if layer_of(name) in FACES:
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr == STORE_ATTRIBUTE:
                    problems.append(
                        (
                            name,
                            node.lineno,
                            f"reads `.{STORE_ATTRIBUTE}`: faces read the settings and the history through services",
                        )
                    )
    return [f"{shown(name, package)}:{line} {text}" for name, line, text in sorted(problems)]


def import_cycles(root: Path) -> list[list[str]]:
    """Each cycle between modules once, as the path round it (its first module repeated at the end)."""
    package = root.name
    graph: dict[str, set[str]] = {}
    for imp in imports_of(root)[0]:
        if imp.source != imp.target:
            graph.setdefault(imp.source, set()).add(imp.target)
    cycles = []
    while True:
        try:
            graphlib.TopologicalSorter(graph).prepare()
        except graphlib.CycleError as exc:
            cycle = list(reversed(exc.args[1]))[:-1]  # graphlib lists it against the arrows, closed
            start = cycle.index(min(cycle))
            cycle = cycle[start:] + cycle[:start]
            cycles.append([shown(m, package) for m in [*cycle, cycle[0]]])
            graph[cycle[0]].discard(cycle[1])  # broken here: the next round finds the next cycle
            continue
        return sorted(cycles)


def test_no_forbidden_import() -> None:
    assert forbidden_imports(PACKAGE) == []


def test_no_import_cycle() -> None:
    assert import_cycles(PACKAGE) == []


def test_every_module_has_a_layer() -> None:
    """A new top-level module must be placed in a layer on purpose, not fall into the package's."""
    names = {module_name(PACKAGE, p) for p in PACKAGE.rglob("*.py")}
    assert sorted(n for n in names if n and n.split(".")[0] not in LAYERS) == []


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checker_catches_a_bad_package(tmp_path: Path) -> None:
    root = write(
        tmp_path / "konnektor_kit",
        {
            "__init__.py": "",
            "i18n.py": "",
            "domain/__init__.py": "",
            "domain/codes.py": "from ..data import store\n",  # relative, up one package
            "data/__init__.py": "",
            "data/store.py": "def later():\n    from konnektor_kit.services import plan\n",  # inside a function
            "data/a.py": "from . import b\n",
            "data/b.py": "from .c import X\n",
            "data/c.py": "import konnektor_kit.data.a\nX = 1\n",
            "services/__init__.py": "",
            "services/plan.py": "from ..i18n import t\n",
            "ui/__init__.py": "",
            "ui/form.py": "from ..data.site import Site\n\ndef f(ws):\n    return ws.store.read_all()\n",
            "cli.py": "from .ui import form\n",
            "app.py": "from .ui.form import f\n\ndef serve():\n    from .ui import form\n",
            "services/x.py": "def later():\n    from . import y\n",  # a cycle hidden in a function
            "services/y.py": "from .x import later\n",
        },
    )
    problems = forbidden_imports(root)
    assert [p.split(" (")[0] for p in problems] == [
        "konnektor_kit.app:1 imports konnektor_kit.ui.form",  # module level only: app.py:4 is allowed
        "konnektor_kit.cli:1 imports konnektor_kit.ui.form",
        "konnektor_kit.data.store:2 imports konnektor_kit.services.plan",
        "konnektor_kit.domain.codes:1 imports konnektor_kit.data.store",
        "konnektor_kit.ui.form:1 imports konnektor_kit.data.site",
        "konnektor_kit.ui.form:4 reads `.store`: faces read the settings and the history through services",
    ]
    assert "domain → data" in problems[3] and "no I/O" in problems[3]
    assert import_cycles(root) == [
        ["konnektor_kit.data.a", "konnektor_kit.data.b", "konnektor_kit.data.c", "konnektor_kit.data.a"],
        ["konnektor_kit.services.x", "konnektor_kit.services.y", "konnektor_kit.services.x"],
    ]
    assert (
        forbidden_imports(write(tmp_path / "good" / "konnektor_kit", {"domain/x.py": "from ..i18n import t\n"})) == []
    )


def test_the_checker_holds_the_packages_beside_the_services(tmp_path: Path) -> None:
    """Each package beside the services keeps to its job: the named arrows pass, their neighbours do not."""
    root = write(
        tmp_path / "konnektor_kit",
        {
            "__init__.py": "",
            "services/__init__.py": "",
            "services/plan.py": "from ..present import views\n",  # a verb drawing a table
            "present/__init__.py": "",
            "present/views.py": "from ..training.grading import Grade\nfrom ..access import staff\n",
            "access/__init__.py": "",
            "access/staff.py": "from ..training.sandbox import read\nfrom ..training.scenarios import S\n",
            "training/__init__.py": "",
            "training/grading.py": "",
            "training/scenarios.py": "S = 1\n",
            "training/sandbox.py": "from ..access.credentials import h\nfrom ..batch import fleet\n",
            "access/credentials.py": "h = 1\n",
            "batch/__init__.py": "",
            "batch/fleet.py": "from ..training import sandbox\nfrom ..present import views\n",
            "batch/campaign.py": "from ..access import sites\n",
            "access/sites.py": "",
        },
    )
    assert [p.split(" (")[0] for p in forbidden_imports(root)] == [
        "konnektor_kit.access.staff:2 imports konnektor_kit.training.scenarios",
        "konnektor_kit.batch.campaign:1 imports konnektor_kit.access.sites",
        "konnektor_kit.present.views:2 imports konnektor_kit.access.staff",
        "konnektor_kit.services.plan:1 imports konnektor_kit.present.views",
        "konnektor_kit.training.sandbox:2 imports konnektor_kit.batch.fleet",
    ]
