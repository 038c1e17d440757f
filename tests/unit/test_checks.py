"""scripts/check (run by scripts/test, so by CI) fails on a lint error, a formatting error and a type error.

Each is proven once with the real tool and the project's own configuration (pyproject.toml) on a small
sample in tmp_path, beside a clean sample the same run must leave alone (so a failure is the finding,
not a broken configuration); then scripts/check itself on a bad copy of the layout, and on this tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"  # the tools scripts/check uses
CONFIG = ROOT / "pyproject.toml"


def run(*command: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def samples(folder: Path, bad: str, good: str) -> tuple[Path, Path]:
    (folder / "bad.py").write_text(bad, encoding="utf-8")
    (folder / "good.py").write_text(good, encoding="utf-8")
    return folder / "bad.py", folder / "good.py"


def test_ruff_check_fails_on_an_unused_import(tmp_path):
    bad, good = samples(tmp_path, "import os\n\nVALUE = 1\n", "VALUE = 1\n")
    found = run(BIN / "ruff", "check", "--no-cache", "--no-fix", "--config", CONFIG, bad, good, cwd=tmp_path)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "F401" in found.stdout and "bad.py" in found.stdout and "good.py" not in found.stdout


def test_ruff_format_check_fails_on_unformatted_code(tmp_path):
    bad, good = samples(tmp_path, "def f( x ):\n  return x\n", "def f(x):\n    return x\n")
    found = run(BIN / "ruff", "format", "--check", "--no-cache", "--config", CONFIG, bad, good, cwd=tmp_path)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "bad.py" in found.stdout and "good.py" not in found.stdout
    assert bad.read_text(encoding="utf-8") == "def f( x ):\n  return x\n"  # --check never rewrites


def test_mypy_fails_on_a_type_error_and_is_strict(tmp_path):
    bad, good = samples(
        tmp_path,
        "def half(n: int) -> int:\n    return n / 2\n\n\ndef untyped(n):\n    return n\n",
        "def half(n: int) -> float:\n    return n / 2\n",
    )
    found = run(BIN / "mypy", "--config-file", CONFIG, bad, good, cwd=tmp_path)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "bad.py:2: error" in found.stdout and "[return-value]" in found.stdout
    assert "bad.py:5: error" in found.stdout and "[no-untyped-def]" in found.stdout  # --strict is on
    assert "good.py" not in found.stdout


def sample_layout(root: Path) -> None:
    """A copy of the repository's layout, every path scripts/check reads present, with empty folders."""
    for folder in ("scripts", "konnektor_kit", "notebooks", "tests", "benchmarks"):
        (root / folder).mkdir()
    (root / "setup.py").write_text('"""The sample\'s setup."""\n', encoding="utf-8")
    shutil.copy(ROOT / "scripts" / "check", root / "scripts" / "check")
    shutil.copy(CONFIG, root / "pyproject.toml")
    os.symlink(ROOT / ".venv", root / ".venv")
    os.symlink(ROOT / ".typings", root / ".typings")
    # this tree's mypy caches (scripts/test has just run scripts/check), copied so the tree's stay as they
    # were: the three platforms' typeshed is then read in seconds, not rebuilt; the sample is checked afresh
    if (ROOT / ".mypy_cache").is_dir():
        shutil.copytree(ROOT / ".mypy_cache", root / ".mypy_cache", symlinks=True)


def test_the_check_script_runs_every_check_and_fails_on_any(tmp_path):
    """scripts/check on a copy of the layout whose package has all three findings: it says which failed."""
    sample_layout(tmp_path)
    (tmp_path / "konnektor_kit" / "__init__.py").write_text(
        "import os\ndef half(n: int) -> int:\n    return n / 2\n", encoding="utf-8"
    )
    found = run("bash", tmp_path / "scripts" / "check", cwd=tmp_path)
    assert found.returncode == 1, found.stdout + found.stderr
    failed = [line for line in found.stderr.splitlines() if "FAILED" in line]
    assert [line.split(": ", 1)[1].split(" ")[0] for line in failed] == ["ruff", "ruff", "mypy", "mypy", "mypy"], (
        found.stderr
    )  # mypy as linux, win32 and darwin see it
    assert "F401" in found.stdout and "[return-value]" in found.stdout


def test_a_posix_only_call_fails_the_windows_type_check_alone(tmp_path):
    """`os.geteuid` behind a run-time guard mypy cannot follow (`os.name`): Linux and macOS pass, win32 fails."""
    sample_layout(tmp_path)
    (tmp_path / "konnektor_kit" / "__init__.py").write_text(
        'import os\n\n\ndef owner() -> int:\n    return os.geteuid() if os.name == "posix" else 0\n',
        encoding="utf-8",
    )
    found = run("bash", tmp_path / "scripts" / "check", cwd=tmp_path)
    assert found.returncode == 1, found.stdout + found.stderr
    assert [line for line in found.stderr.splitlines() if "FAILED" in line] == [
        "scripts/check FAILED: mypy --platform win32"
    ]
    assert '"geteuid"' in found.stdout


def test_the_tree_passes_its_checks():
    found = run("bash", ROOT / "scripts" / "check", cwd=ROOT)
    assert found.returncode == 0, found.stdout[-4000:] + found.stderr[-4000:]


def test_the_test_command_checks_before_it_tests():
    lines = [line.strip() for line in (ROOT / "scripts" / "test").read_text(encoding="utf-8").splitlines()]
    assert "bash scripts/check" in lines, "scripts/test must run scripts/check"
    pytest_line = next(i for i, line in enumerate(lines) if "-m pytest" in line)
    assert lines.index("bash scripts/check") < pytest_line
