"""benchmarks/mutation.py: the same sample every run, and every mutant of it a module that compiles
(the runner's score means something only when the mutants are real code and drawn reproducibly)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import mutation  # noqa: E402


def test_the_sample_is_drawn_the_same_way_every_time_and_in_source_order():
    first, again = mutation.sample(150, 20), mutation.sample(150, 20)
    assert first == again and len(first) == 150 and len({m.id for m in first}) == 150
    assert mutation.sample(150, 21) != first
    assert first == sorted(first, key=lambda m: (mutation.TARGETS.index(m.file), m.line, m.col, m.index))


def test_every_mutant_changes_its_module_and_still_compiles():
    for m in mutation.sample(150, 20):
        source = (ROOT / m.file).read_text(encoding="utf-8")
        mutated = mutation.apply(source, m)
        assert ast.dump(ast.parse(mutated)) != ast.dump(ast.parse(source)), m.id
        compile(mutated, m.file, "exec")


def test_docstrings_annotations_and_catalogue_keys_are_never_mutated():
    source = '''"""doc"""
def f(x: "int") -> str:
    """doc"""
    return t("some.key", n=1)
'''
    operators = [m.operator for m in mutation.mutants_of("x.py", source)]
    assert operators == ["return:None", "const:1->2"]
