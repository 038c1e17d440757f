"""A reproducible mutation sample of the domain code, scored by the unit tests alone.

Method (the same every run, so two runs on the same tree give the same sample and the same score):
  1. Every candidate mutant of the files below is listed from their syntax trees, in file and source
     order: a comparison turned (== ↔ !=, < ↔ <=, > ↔ >=, in ↔ not in, is ↔ is not), an arithmetic
     operator swapped (+ ↔ -, * → //, // → *, % → //), `and` ↔ `or`, a `not` dropped, an integer
     constant n → n + 1, a boolean flipped, a string constant changed ("X" appended; a catalogue key
     given to `t()` is left alone: tests/unit/test_messages.py holds those to messages.toml already),
     and a `return <value>` made `return None`. Docstrings, annotations and `__all__` are not mutated.
  2. `--count` of them are drawn with `random.Random(--seed)`; the sample is sorted back into source
     order. Known equivalent mutants (EQUIVALENT below, each with why) are reported apart and left out
     of the score.
  3. The tree (konnektor_kit/, tests/, pyproject.toml) is copied to a temporary folder; nothing tracked
     is ever rewritten. The unit tests run once there, unmutated, under coverage with one context per
     test: that baseline must pass, and it tells which tests execute each line.
  4. Each mutant is written into the copy (the module re-printed by `ast.unparse`) and
     `pytest -x -q -p no:cacheprovider -p no:nbval --hypothesis-seed=0` runs the unit tests that
     execute its lines: the domain's own test files (FIRST) in a run of their own, then, if all
     passed, the others. A failing run, an import error or a run over --timeout kills the mutant; a
     mutant no test executes survives without a run. The file is restored before the next mutant.
     Each pytest run is forked from a process that has already imported the third-party modules
     (never konnektor_kit or tests), so every run starts clean; --workers N measures N mutants side
     by side, each in its own copy. Neither changes which tests run, so neither changes an outcome.

A mutant outside any function (a constant, a class attribute, a default) runs the tests that execute
the lines reading that name anywhere in the package (or the function it is a default of); where no
name is known, every one of UNIT_TESTS.

UNIT_TESTS is tests/unit without the tool-level tests that never import the domain code in-process
(the wheel, ruff/mypy, nbval on the notebooks, the TCP delay proxy and the SQL Browser timings): they
could only kill a mutant by accident of typing, and they cost two minutes a run.

Run: .venv/bin/python benchmarks/mutation.py [--count 150] [--seed 20] [--json out.json] [--workers 2] [--list]
Today's tree against an older one: git archive REV konnektor_kit tests pyproject.toml | tar -x -C DIR, then --tree DIR.
On a loaded 2-core machine a mutant takes 20-100 s: keep --coverage FILE and --json FILE with --resume.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = (
    "konnektor_kit/domain/codes.py",
    "konnektor_kit/domain/text.py",
    "konnektor_kit/domain/programs/yearnames.py",
    "konnektor_kit/domain/programs/base.py",
    "konnektor_kit/domain/programs/peryear.py",
    "konnektor_kit/domain/programs/logo/catalog.py",
    "konnektor_kit/domain/programs/logo/ranking.py",
    "konnektor_kit/domain/programs/logo/verification.py",
    "konnektor_kit/domain/programs/logo/profile.py",
    "konnektor_kit/domain/programs/mikro.py",
    "konnektor_kit/domain/programs/netsis.py",
    "konnektor_kit/domain/programs/eta.py",
    "konnektor_kit/domain/programs/generic.py",
    "konnektor_kit/domain/programs/__init__.py",
)
#: run first, cheapest first: the domain's own tests kill most mutants in a second, so `-x` stops early
FIRST = (
    "tests/unit/test_ranking.py",
    "tests/unit/test_rules.py",
    "tests/unit/test_programs.py",
    "tests/unit/test_verify.py",
    "tests/unit/test_cli_args.py",
    "tests/unit/test_codes.py",
    "tests/unit/test_turkish_fold.py",
    "tests/unit/test_period_choice.py",
)
NOT_UNIT = (
    "tests/unit/test_wheel.py",
    "tests/unit/test_checks.py",
    "tests/unit/test_strict_notebooks.py",
    "tests/unit/test_delay_proxy.py",
    "tests/unit/test_sqlbrowser.py",
    "tests/unit/test_mutation_sample.py",
)

#: mutants that cannot change behaviour, by id (file:line:col:operator), each with why
EQUIVALENT: dict[str, str] = {
    "konnektor_kit/domain/codes.py:17:30:const:True->False": (
        "order=True on _Code: no code of the kit compares or sorts FirmCode/PeriodCode values"
    ),
    "konnektor_kit/domain/codes.py:21:26:str:+X": (
        "_Code.WHAT is a placeholder: only FirmCode and PeriodCode are used, and both set their own"
    ),
    "konnektor_kit/domain/codes.py:22:30:str:+X": (
        "_Code.EXPECTED is a placeholder: only FirmCode and PeriodCode are used, and both set their own"
    ),
    "konnektor_kit/domain/text.py:30:40:const:1->2": (
        "open_i is only compared with >= 0 and is overwritten at the next I: -2 says 'none open' as -1 does"
    ),
    "konnektor_kit/domain/programs/yearnames.py:22:41:str:+X": (
        "a word of the NameKind Literal: a type mypy reads, never a value at run time"
    ),
    "konnektor_kit/domain/programs/logo/catalog.py:154:57:const:True->False": (
        "zip(strict=True) over a CatalogReader row: a reader returns as many values as the columns asked"
    ),
    "konnektor_kit/domain/programs/mikro.py:180:51:const:True->False": (
        "zip(strict=True) over a CatalogReader row: a reader returns as many values as the columns asked"
    ),
    "konnektor_kit/domain/programs/mikro.py:123:18:const:True->False": (
        "frozen=True on Located: no code changes or hashes a Located in place (only dataclasses.replace)"
    ),
    "konnektor_kit/domain/programs/mikro.py:157:12:const:1->2": (
        "master_rank: MikroDesktop's (1, 0) or (2, 0) sorts before every numbered master's (0, n) alike"
    ),
    "konnektor_kit/domain/programs/mikro.py:181:68:const:1->2": (
        "a start month below the range reads as none, and none is taken as 1: month 1 comes out 1 either way"
    ),
    "konnektor_kit/domain/programs/mikro.py:182:67:const:1->2": (
        "a start day below the range reads as none, and none is taken as 1: day 1 comes out 1 either way"
    ),
    "konnektor_kit/domain/programs/mikro.py:220:48:const:1->2": (
        "follow() passes over the setting's own master: its company database is the one gone, so"
        " has_database() passes it over too when the name test no longer does"
    ),
    "konnektor_kit/domain/programs/netsis.py:92:102:const:0->1": (
        "a devir candidate's score is 0, 50 or 55 (50, +5 with the company's tables, -50 without TBLFATUIRS):"
        " > 0 and > 1 agree"
    ),
}

COMPARE = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
BINARY = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv}
BOOLEAN = {ast.And: ast.Or, ast.Or: ast.And}

PLUGIN = """
import coverage, pytest

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cov = coverage.Coverage.current()
    if cov is not None:
        cov.switch_context(item.nodeid)
    yield
    if cov is not None:
        cov.switch_context("")
"""


#: hypothesis without a deadline (a loaded machine is no failure) and without shrinking (a failing
#: example kills the mutant as it is: shrinking it only costs minutes)
QUICK = """
from hypothesis import Phase, settings

settings.register_profile("mutation", deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
settings.load_profile("mutation")
"""


@dataclass(frozen=True)
class Mutant:
    file: str
    index: int  # the k-th mutable point of the file, in ast.walk order
    line: int
    end_line: int
    col: int
    operator: str
    in_function: bool
    #: outside a function: the names whose uses run it (a constant, a class attribute), or the
    #: function whose defaults hold it ("def:<first line>-<last line>"); empty: every unit test
    owner: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}:{self.col}:{self.operator}"


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _skipped(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Docstrings, annotations, __all__, f-string pieces and catalogue keys are not mutated."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.Expr) and isinstance(child, ast.Constant):
            return True  # a docstring (or a bare constant)
        if isinstance(parent, ast.JoinedStr):
            return True
        if isinstance(parent, (ast.arg, ast.AnnAssign, ast.FunctionDef)) and child in (
            getattr(parent, "annotation", None),
            getattr(parent, "returns", None),
        ):
            return True
        if isinstance(parent, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in parent.targets
        ):
            return True
        if (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Name)
            and parent.func.id == "t"
            and parent.args
            and parent.args[0] is child
        ):
            return True
        child, parent = parent, parents.get(parent)
    return False


def _in_function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Inside a function's body (not its defaults or decorators): runs only when the function does."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            body = parent.body if isinstance(parent.body, list) else [parent.body]
            if child in body:
                return True
        child, parent = parent, parents.get(parent)
    return False


def _points(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    """Every mutable point of a module, in ast.walk order, with the operator that mutates it."""
    parents = _parents(tree)
    found: list[tuple[ast.AST, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in COMPARE:
                    found.append((node, f"cmp{i}:{type(op).__name__}->{COMPARE[type(op)].__name__}"))
        elif isinstance(node, ast.BinOp) and type(node.op) in BINARY:
            if not (isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant)):  # "%s" % x
                found.append((node, f"bin:{type(node.op).__name__}->{BINARY[type(node.op)].__name__}"))
        elif isinstance(node, ast.BoolOp):
            found.append((node, f"bool:{type(node.op).__name__}->{BOOLEAN[type(node.op)].__name__}"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append((node, "not:drop"))
        elif isinstance(node, ast.Constant) and not _skipped(node, parents):
            if isinstance(node.value, bool):
                found.append((node, f"const:{node.value}->{not node.value}"))
            elif isinstance(node.value, int):
                found.append((node, f"const:{node.value}->{node.value + 1}"))
            elif isinstance(node.value, str):
                found.append((node, "str:+X"))
        elif (
            isinstance(node, ast.Return)
            and node.value is not None
            and not (isinstance(node.value, ast.Constant) and node.value.value is None)
        ):
            found.append((node, "return:None"))
    return found


def _owner(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> tuple[str, ...]:
    """What runs a point outside any function body: the uses of the names it is assigned to, or the
    function it is a default of. A class attribute counts by its name wherever an attribute is read."""
    parent = parents.get(node)
    while parent is not None:
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return (f"def:{parent.lineno}-{parent.end_lineno}",)
        if isinstance(parent, (ast.Assign, ast.AnnAssign)) and isinstance(
            parents.get(parent), (ast.Module, ast.ClassDef)
        ):
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            return tuple(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        parent = parents.get(parent)
    return ()


def mutants_of(file: str, source: str) -> list[Mutant]:
    tree = ast.parse(source)
    parents = _parents(tree)
    return [
        Mutant(
            file,
            i,
            node.lineno,
            getattr(node, "end_lineno", None) or node.lineno,
            node.col_offset,
            operator,
            inside := _in_function(node, parents),
            () if inside else _owner(node, parents),
        )
        for i, (node, operator) in enumerate(_points(tree))
    ]


def uses(root: Path) -> dict[str, list[tuple[str, int]]]:
    """Every line of the package that reads a name or an attribute of that name, inside a function;
    a name read by a module-level assignment (`_FOLDED = tuple(fold(m) for m in MARKERS)`) is read
    wherever the names it assigns are."""
    found: dict[str, list[tuple[str, int]]] = {}
    derived: dict[str, set[str]] = {}
    for path in sorted((root / "konnektor_kit").rglob("*.py")):
        rel = str(path.relative_to(root))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if name is None:
                continue
            if _in_function(node, parents):
                found.setdefault(name, []).append((rel, node.lineno))
            elif isinstance(getattr(node, "ctx", None), ast.Load):
                for assigned in _owner(node, parents):
                    if not assigned.startswith("def:") and assigned != name:
                        derived.setdefault(name, set()).add(assigned)
    for name in list(derived):
        seen: set[str] = set()
        todo = [name]
        while todo:
            for assigned in derived.get(todo.pop(), ()):
                if assigned not in seen:
                    seen.add(assigned)
                    todo.append(assigned)
        for assigned in seen:
            found.setdefault(name, []).extend(found.get(assigned, []))
    return found


def select(
    m: Mutant, covered: dict[str, dict[int, set[str]]], used: dict[str, list[tuple[str, int]]]
) -> list[str] | None:
    """The tests that execute the mutant's code; None: every unit test (nothing narrower is known)."""
    if m.in_function:
        places = [(m.file, line) for line in range(m.line, m.end_line + 1)]
    elif m.owner and m.owner[0].startswith("def:"):
        first, last = (int(x) for x in m.owner[0][4:].split("-"))
        places = [(m.file, line) for line in range(first, last + 1)]
    elif m.owner:
        places = [place for name in m.owner for place in used.get(name, [])]
    else:
        return None
    chosen = {test for file, line in places for test in covered.get(file, {}).get(line, ())}
    return sorted(chosen, key=lambda t: (_rank(t), t))


def _rank(test: str) -> int:
    """Where a test runs: by its file's place in FIRST, the others after them."""
    file = test.split("::")[0]
    return FIRST.index(file) if file in FIRST else len(FIRST)


def apply(source: str, mutant: Mutant) -> str:
    """The module's source with this one mutant in it."""
    tree = ast.parse(source)
    node, operator = _points(tree)[mutant.index]
    assert (node.lineno, node.col_offset, operator) == (mutant.line, mutant.col, mutant.operator), mutant
    kind = operator.split(":", 1)[0]
    if kind.startswith("cmp"):
        assert isinstance(node, ast.Compare)
        i = int(kind[3:])
        node.ops[i] = COMPARE[type(node.ops[i])]()
    elif kind == "bin":
        assert isinstance(node, ast.BinOp)
        node.op = BINARY[type(node.op)]()
    elif kind == "bool":
        assert isinstance(node, ast.BoolOp)
        node.op = BOOLEAN[type(node.op)]()
    elif kind == "not":
        assert isinstance(node, ast.UnaryOp)
        parent = _parents(tree)[node]
        _replace(parent, node, node.operand)
    elif kind == "const":
        assert isinstance(node, ast.Constant)
        node.value = (not node.value) if isinstance(node.value, bool) else node.value + 1
    elif kind == "str":
        assert isinstance(node, ast.Constant)
        node.value = node.value + "X"
    elif kind == "return":
        assert isinstance(node, ast.Return)
        node.value = ast.Constant(None)
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def _replace(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for name, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, name, new)
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is old:
                    value[i] = new
                    return
    raise AssertionError("node not found in its parent")


def sample(count: int, seed: int, root: Path = ROOT) -> list[Mutant]:
    every = [m for file in TARGETS for m in mutants_of(file, (root / file).read_text(encoding="utf-8"))]
    drawn = random.Random(seed).sample(every, min(count, len(every)))
    return sorted(drawn, key=lambda m: (TARGETS.index(m.file), m.line, m.col, m.index))


def unit_tests(root: Path) -> list[str]:
    files = sorted(str(p.relative_to(root)) for p in (root / "tests" / "unit").glob("test_*.py"))
    ordered = [f for f in FIRST if f in files] + [f for f in files if f not in FIRST]
    return [f for f in ordered if f not in NOT_UNIT]


def copy_tree(source: Path, dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")
    for name in ("konnektor_kit", "tests"):
        shutil.copytree(source / name, dest / name, ignore=ignore)
    shutil.copy2(source / "pyproject.toml", dest / "pyproject.toml")
    # what tests/unit/test_docs.py reads (the pages, the scripts they name), where the tree has them
    for name in ("docs", "notebooks", "scripts"):
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name, ignore=ignore)
    if (source / "README.md").is_file():
        shutil.copy2(source / "README.md", dest / "README.md")
    (dest / "mutation_context.py").write_text(PLUGIN, encoding="utf-8")
    (dest / "mutation_quick.py").write_text(QUICK, encoding="utf-8")


def environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(copy)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.setdefault("ODBCSYSINI", str(ROOT / ".odbc"))
    return env


#: nbval (the notebooks' plugin, none of the unit tests' business) costs most of a short run to load
PYTEST = [
    "-x",
    "-q",
    "-p",
    "no:cacheprovider",
    "-p",
    "no:nbval",
    "-p",
    "mutation_quick",
    "--hypothesis-seed=0",
    "-o",
    "addopts=",
    "--no-header",
]


def run_tests(copy: Path, tests: list[str], timeout: float, zygote: Zygote | None = None) -> tuple[str, float]:
    """'killed', 'timeout' or 'survived', and the seconds it took: the domain's own tests (FIRST) in a
    run of their own first, since they kill most mutants and collect in a second; the rest only then.
    The same tests run either way, so the outcome is the one a single run would give."""
    first = [t for t in tests if t.split("::")[0] in FIRST]
    rest = [t for t in tests if t not in first]
    outcome, seconds = "survived", 0.0
    for part in (first, rest):
        if part and outcome == "survived":
            outcome, took = _run(copy, part, timeout, zygote)
            seconds += took
    return outcome, seconds


ZYGOTE = """
import json, os, sys, time
sys.path.insert(0, os.getcwd())
for name in json.loads(sys.argv[1]):
    try:
        __import__(name)
    except Exception:
        pass
import pytest
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0), os.dup2(null, 1), os.dup2(null, 2)
        try:
            code = int(pytest.main(request["args"]))
        except BaseException:
            code = 99
        os._exit(code)
    deadline, code = time.monotonic() + request["timeout"], "timeout"
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    print(json.dumps(code), flush=True)
"""


LIVE: list[Zygote] = []
COPIES: list[Path] = []


def _stop(*_: object) -> None:
    """SIGTERM: end the forked runs and remove the copies now, without waiting for the mutants under way."""
    for zygote in LIVE:
        zygote.close()
    for folder in COPIES:
        shutil.rmtree(folder, ignore_errors=True)
    os._exit(1)


class Zygote:
    """A process that has imported every third-party module the tests use (never konnektor_kit or
    tests: those are what is mutated) and forks a fresh child for each pytest run: each run starts
    clean, without paying Python's start and those imports again."""

    def __init__(self, copy: Path) -> None:
        listed = subprocess.run(
            [
                sys.executable,
                "-c",
                "import json, sys, tests.conftest; print(json.dumps(sorted(m for m in sys.modules"
                " if not m.startswith(('konnektor_kit', 'tests', '__main__')))))",
            ],
            cwd=copy,
            env=environment(copy),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        self.process = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, listed],
            cwd=copy,
            env=environment(copy),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its forked runs with it: close() ends the whole group
        )
        LIVE.append(self)

    def run(self, args: list[str], timeout: float) -> int | str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"args": args, "timeout": timeout}) + "\n")
        self.process.stdin.flush()
        answer: int | str = json.loads(self.process.stdout.readline())
        return answer

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def _run(copy: Path, tests: list[str], timeout: float, zygote: Zygote | None) -> tuple[str, float]:
    shutil.rmtree(copy / ".hypothesis", ignore_errors=True)
    started = time.monotonic()
    if zygote is not None:
        code = zygote.run([*PYTEST, *tests], timeout)
        took = time.monotonic() - started
        return ("timeout" if code == "timeout" else "survived" if code == 0 else "killed"), took
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", *PYTEST, *tests],
            cwd=copy,
            env=environment(copy),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started
    return ("survived" if done.returncode == 0 else "killed"), time.monotonic() - started


def baseline(copy: Path, tests: list[str], saved: Path | None) -> dict[str, dict[int, set[str]]]:
    """Run the unit tests unmutated under coverage; which tests execute each line of each target.

    With `saved`: read that data file when it is there (a baseline of the same tree), else keep it."""
    if saved is not None and saved.exists():
        return contexts_of(saved)
    data_file = copy / ".coverage"
    command = [
        sys.executable,
        "-m",
        "coverage",
        "run",
        f"--data-file={data_file}",
        f"--source={copy / 'konnektor_kit'}",
        "-m",
        "pytest",
        *[a for a in PYTEST if a != "-x"],
        "-p",
        "mutation_context",
        *tests,
    ]
    done = subprocess.run(command, cwd=copy, env=environment(copy), capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"the unmutated unit tests fail; no score without a green baseline:\n{done.stdout[-3000:]}")
    if saved is not None:
        shutil.copyfile(data_file, saved)
    return contexts_of(data_file)


def contexts_of(data_file: Path) -> dict[str, dict[int, set[str]]]:
    contexts: dict[str, dict[int, set[str]]] = {}
    with sqlite3.connect(data_file) as db:
        files = dict(db.execute("select id, path from file"))
        names = dict(db.execute("select id, context from context"))
        import coverage.numbits as numbits

        for file_id, context_id, bits in db.execute("select file_id, context_id, numbits from line_bits"):
            rel = "konnektor_kit/" + files[file_id].rsplit("/konnektor_kit/", 1)[1]
            test = names[context_id]
            if not test:
                continue
            for line in numbits.numbits_to_nums(bits):
                contexts.setdefault(rel, {}).setdefault(line, set()).add(test)
    return contexts


def check_import(copy: Path) -> None:
    where = subprocess.run(
        [sys.executable, "-c", "import konnektor_kit; print(konnektor_kit.__file__)"],
        cwd=copy,
        env=environment(copy),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not where.startswith(str(copy)):
        sys.exit(f"the copy is not what the tests import: {where}")


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--json", type=Path, help="write every mutant's outcome here")
    parser.add_argument("--list", action="store_true", help="list the sample, run nothing")
    parser.add_argument("--score", type=Path, help="score a --json file again (with EQUIVALENT as it is now)")
    parser.add_argument("--coverage", type=Path, help="the baseline's coverage data: read if there, else written")
    parser.add_argument("--resume", action="store_true", help="keep the outcomes already in --json, run the rest")
    parser.add_argument(
        "--no-fork",
        dest="fork",
        action="store_false",
        help="a new Python for each pytest run (slower, the same outcome)",
    )
    parser.add_argument("--only", action="append", default=[], help="run only these mutant ids")
    parser.add_argument("--workers", type=int, default=1, help="mutants measured at once, each in its own copy")
    parser.add_argument(
        "--no-select",
        dest="select",
        action="store_false",
        help="no coverage baseline: every mutant runs all of UNIT_TESTS (for a few --only ids after new tests)",
    )
    parser.add_argument(
        "--tree",
        type=Path,
        default=ROOT,
        help="the tree to measure (default this one); e.g. an older commit: "
        "git archive REV konnektor_kit tests pyproject.toml | tar -x -C DIR",
    )
    args = parser.parse_args(argv)

    if args.score:
        return report(json.loads(args.score.read_text(encoding="utf-8")), args.seed)
    mutants = sample(args.count, args.seed, args.tree)
    if args.only:
        mutants = [m for m in mutants if m.id in args.only]
    if args.list:
        for m in mutants:
            print(m.id, "(equivalent)" if m.id in EQUIVALENT else "")
        return 0
    with tempfile.TemporaryDirectory(prefix="kit-mutation-") as tmp:
        COPIES.append(Path(tmp))
        copies = [Path(tmp) / str(i) for i in range(args.workers)]
        for copy_dir in copies:
            copy_tree(args.tree, copy_dir)
        check_import(copies[0])
        tests = unit_tests(copies[0])
        started = time.monotonic()
        covered = baseline(copies[0], tests, args.coverage) if args.select else {}
        used = uses(copies[0])
        print(f"baseline: {len(tests)} unit test files pass unmutated ({time.monotonic() - started:.0f} s)")
        done = json.loads(args.json.read_text(encoding="utf-8")) if args.resume and args.json.exists() else []
        earlier = {r["id"]: r for r in done if r["outcome"] in ("killed", "survived")}
        workers: queue.Queue[tuple[Path, Zygote | None]] = queue.Queue()
        for copy_dir in copies:
            workers.put((copy_dir, Zygote(copy_dir) if args.fork else None))
        results: dict[int, dict[str, object]] = {}
        lock = threading.Lock()

        def measure(n: int, m: Mutant) -> None:
            if m.id in earlier:
                results[n] = earlier[m.id]
                return
            if m.id in EQUIVALENT:
                results[n] = {**asdict(m), "id": m.id, "outcome": "equivalent", "seconds": 0.0}
                return
            chosen = select(m, covered, used) if args.select else None
            if chosen is None:
                chosen = sorted((f for f in tests), key=_rank)
            copy_dir, zygote = workers.get()
            try:
                original = (copy_dir / m.file).read_text(encoding="utf-8")
                if not chosen:
                    outcome, seconds = "survived (no test runs it)", 0.0
                else:
                    (copy_dir / m.file).write_text(apply(original, m), encoding="utf-8")
                    try:
                        outcome, seconds = run_tests(copy_dir, chosen, args.timeout, zygote)
                    finally:
                        (copy_dir / m.file).write_text(original, encoding="utf-8")
            finally:
                workers.put((copy_dir, zygote))
            with lock:
                results[n] = {**asdict(m), "id": m.id, "outcome": outcome, "seconds": round(seconds, 1)}
                print(f"[{n}/{len(mutants)}] {outcome:9} {seconds:5.1f}s {m.id}", flush=True)
                if args.json:  # after each mutant: a stopped run keeps what it measured
                    ordered = [results[k] for k in sorted(results)]
                    args.json.write_text(json.dumps(ordered, indent=1, ensure_ascii=False), encoding="utf-8")

        # measured in a shuffled order: a run stopped early has measured a random part of the sample
        order = list(enumerate(mutants, 1))
        random.Random(args.seed + 1).shuffle(order)
        with ThreadPoolExecutor(args.workers) as pool:
            list(pool.map(lambda nm: measure(*nm), order))
        while not workers.empty():
            _, zygote = workers.get()
            if zygote is not None:
                zygote.close()
    ordered_results = [results[k] for k in sorted(results)]
    if args.json:
        args.json.write_text(json.dumps(ordered_results, indent=1, ensure_ascii=False), encoding="utf-8")
    return report(ordered_results, args.seed)


def report(results: list[dict[str, object]], seed: int) -> int:
    for r in results:
        if r["id"] in EQUIVALENT:
            r["outcome"] = "equivalent"
    scored = [r for r in results if r["outcome"] != "equivalent"]
    killed = [r for r in scored if r["outcome"] in ("killed", "timeout")]
    survivors = [r for r in scored if r not in killed]
    print(
        f"\n{len(killed)}/{len(scored)} killed = {100 * len(killed) / max(len(scored), 1):.1f}% "
        f"({len(results) - len(scored)} equivalent left out; seed {seed}, {len(results)} drawn)"
    )
    for r in results:
        if r["outcome"] == "equivalent":
            print(f"equivalent: {r['id']}  ({EQUIVALENT.get(str(r['id']), '')})")
    for r in survivors:
        print(f"survived: {r['id']}  ({r['outcome']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
