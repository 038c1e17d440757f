"""Shared fixtures: real sandbox sites on real SQLite files, never mocks."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from konnektor_kit.cli import run
from konnektor_kit.training.sandbox import create_sandbox

# the shared walks in tests/helpers.py assert like the tests do: pytest explains their failures too
pytest.register_assert_rewrite("tests.helpers")

#: the day the whole run acts on (konnektor_kit/clock.py): the suite passes on any day of the year; a test
#: about another day (tests/ui/test_year_turn.py) sets the clock itself
TODAY = "2026-12-07"
YEAR = 2026


def pytest_configure(config) -> None:
    """The test run is strict: a page that meets an unexpected error while it opens raises in its
    notebook (ui.page.display_page), so nbval fails on it; nbval's kernels inherit the variable."""
    from konnektor_kit.env import STATE_ENV, STRICT_ENV, TODAY_ENV

    os.environ[STRICT_ENV] = "1"
    # one day for the run, in this process and every CLI, Voila server and kernel it starts
    os.environ[TODAY_ENV] = TODAY
    # the user's data folder (staff delays, the log) of this run only: never the real ~/.konnektor-kit
    if STATE_ENV not in os.environ:
        os.environ[STATE_ENV] = _STATE.setdefault("made", tempfile.mkdtemp(prefix="kit-test-state-"))


_STATE: dict[str, str] = {}


def pytest_unconfigure(config) -> None:
    if "made" in _STATE:
        shutil.rmtree(_STATE.pop("made"), ignore_errors=True)


@pytest.fixture(scope="session")
def sandbox_templates(tmp_path_factory: pytest.TempPathFactory):
    """Each scenario and year built once a run (about a second each), as the kit builds it."""
    built: dict[tuple[str, int], Path] = {}

    def template(scenario: str, year: int) -> Path:
        if (scenario, year) not in built:
            built[scenario, year] = create_sandbox(tmp_path_factory.mktemp("templates") / scenario, scenario, year)
        return built[scenario, year]

    return template


@pytest.fixture
def make_site(tmp_path: Path, sandbox_templates):
    """A test's own sandbox site: a copy of the run's template (a few milliseconds), written to at will."""

    def make(scenario: str = "new-year", year: int = YEAR) -> Path:
        template = sandbox_templates(scenario, year)
        copy = shutil.copytree(template.parent, tmp_path / scenario, dirs_exist_ok=True)
        return Path(copy) / template.name

    return make


@pytest.fixture
def site(make_site) -> Path:
    return make_site("new-year")


def cli(*args: str, capsys=None) -> tuple[int, object, str]:
    """Run the CLI in-process with --json; returns (exit code, parsed JSON or None, stderr)."""
    code = run([*args, "--json"])
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, (json.loads(out) if out.strip() else None), err


def konnektor_digest(site: Path | str) -> str:
    """A byte-for-byte fingerprint of the Konnektör settings database."""
    return hashlib.sha256((Path(site).parent / "konnektor.sqlite").read_bytes()).hexdigest()


#: The tests that need real servers, a browser, a hub or root (the demo's throwaway user): under CI=true
#: they must run, never skip.
REQUIRED_UNDER_CI = ("live", "browser", "hub", "demo")


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    """Skip where a live, browser or hub dependency is missing; under CI=true fail, never skip."""
    if under_ci():
        pytest.fail(f"required under CI=true: {reason}")
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a test marked live, browser or hub that skipped anyway (a skip outside `unavailable`,
    an importorskip) is reported failed: a CI run cannot pass without having run them."""
    outcome = yield
    report = outcome.get_result()
    marked = [m for m in REQUIRED_UNDER_CI if item.get_closest_marker(m)]
    if under_ci() and report.skipped and marked and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"required under CI=true ({', '.join(marked)}), but skipped: {report.longrepr}"


# ---- the reliability campaigns' tallies, one table at the end of the run --------------------------------
# Printed by the run's main process. With test files side by side (pytest-xdist, scripts/test) the
# campaigns count in the workers: each hands its tallies over when it ends (`workeroutput`).
def pytest_sessionfinish(session) -> None:
    from tests.reliability.tally import TALLIES, as_text

    if hasattr(session.config, "workeroutput") and TALLIES:
        session.config.workeroutput["tallies"] = as_text()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    from tests.reliability.tally import merge

    if "tallies" in getattr(node, "workeroutput", {}):
        merge(node.workeroutput["tallies"])


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    from tests.reliability.tally import TALLIES, table

    if TALLIES:
        terminalreporter.section("reliability tallies")
        for line in table():
            terminalreporter.write_line(line)
