"""`konnektor-kit --help` starts without the app's weight: neither ipywidgets nor pandas is imported, and
no verb's module either (cli/parser.py answers it; cli/verbs.py and the services load once a verb runs).

Run as a user runs it, in a new interpreter, through both entry points; `-X importtime` lists every
module the process imported, so nothing is patched or mocked.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("ipywidgets", "pandas")
#: the kit's packages only a verb needs (the help is answered before any is imported)
LOADED_BY_A_VERB = ("services", "present", "batch", "training", "access")
SCRIPT = Path(sys.executable).parent / "konnektor-kit"  # installed by `pip install -e .` (scripts/setup)


def imported(command: list[str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command, "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "konnektor-kit" in done.stdout  # the usage line: this is the kit's help
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:") and "[us]" not in line]
    return {line.rsplit("|", 1)[1].strip() for line in lines}  # "import time: self | cumulative | name"


@pytest.mark.parametrize("command", [[str(SCRIPT)], ["-m", "konnektor_kit"]], ids=["konnektor-kit", "python-m"])
def test_help_imports_neither_ipywidgets_nor_pandas(command):
    modules = imported(command)
    assert "konnektor_kit.cli" in modules  # the list is real: it names the kit's own modules
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == []
    assert not any(m.startswith("konnektor_kit.ui") or m == "konnektor_kit.app" for m in modules)
    assert "konnektor_kit.cli.parser" in modules and "konnektor_kit.cli.verbs" not in modules
    assert not any(m.split(".")[1] in LOADED_BY_A_VERB for m in modules if m.startswith("konnektor_kit."))
