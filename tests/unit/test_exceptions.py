"""The tree exceptions.py draws in its docstring is the tree its classes make: every error class of the
module is drawn, under the class it derives from, and each kind says its category and its exit code."""

from __future__ import annotations

import re

from konnektor_kit import exceptions
from konnektor_kit.exceptions import (
    BadInput,
    BrowserSilent,
    ConnectionFailed,
    FileFailed,
    InstanceUnknown,
    KitError,
    ServerUnreachable,
)

#: a drawn line: the branch ("├── " or "└── ") at a depth of four characters a level, then the names
DRAWN = re.compile(r"^ {4}(?P<indent>(?:[│ ] {3})*)[├└]── (?P<names>\w+(?:, \w+)*)")


def drawn_parents() -> dict[str, str]:
    """Each class the docstring draws → the class drawn above it, one level up (KitError is the root)."""
    parents: dict[str, str] = {}
    above = ["KitError"]
    for line in (exceptions.__doc__ or "").splitlines():
        found = DRAWN.match(line)
        if found is None:
            continue
        depth = len(found["indent"]) // 4 + 1
        names = found["names"].split(", ")
        for name in names:
            parents[name] = above[depth - 1]
        above[depth:] = [names[0]]
    return parents


def error_classes() -> dict[str, type[KitError]]:
    return {
        name: value
        for name, value in vars(exceptions).items()
        if isinstance(value, type) and issubclass(value, KitError) and value is not KitError
    }


def test_the_docstring_draws_every_class_under_its_base():
    parents = drawn_parents()
    classes = error_classes()
    assert set(parents) == set(classes)
    for name, cls in classes.items():
        assert cls.__bases__ == (getattr(exceptions, parents[name]),), name


def test_every_kind_says_its_category_and_exit_code():
    """Exit 2 for what was typed wrong, 1 for the rest; a category that is a name, set on the class."""
    for cls in error_classes().values():
        assert cls.exit_code == (2 if issubclass(cls, BadInput) else 1), cls
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", cls.category), cls
    kinds = [c for c in error_classes().values() if issubclass(c, ConnectionFailed) and c is not ConnectionFailed]
    leaves = [c for c in kinds if c.category != ServerUnreachable.category]
    assert len({c.category for c in leaves}) == len(leaves)  # one kind a category, the Browser's excepted


def test_the_browser_failures_are_an_unreachable_server():
    for kind in (BrowserSilent, InstanceUnknown):
        assert issubclass(kind, ServerUnreachable) and kind.category == "server_unreachable"
    assert not issubclass(FileFailed, ConnectionFailed)  # a file the kit writes is not a server's failure
