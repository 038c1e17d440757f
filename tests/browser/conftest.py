"""A real Voila server (`konnektor-kit serve`) and Debian's Chromium driven by Playwright.

No browser is downloaded: Playwright launches /usr/bin/chromium (installed by scripts/setup). Where
it is missing the browser tests skip; under CI=true they fail instead.

The server is reached only through the address it prints (its port and its token); screenshots go
to a temporary folder unless KONNEKTOR_KIT_SCREENSHOTS names one (scripts/screenshots sets it to
docs/screenshots, so the README's pictures change only on purpose).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import psutil
import pytest

from konnektor_kit.app import FILL_DELAY
from konnektor_kit.training.sandbox import create_sandbox
from tests.conftest import YEAR, unavailable
from tests.live.servers import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS_ENV = "KONNEKTOR_KIT_SCREENSHOTS"
ADDRESS = re.compile(r"(http://127\.0\.0\.1:(\d+))/voila/render/00_baslangic\.ipynb\?token=([0-9a-f]+)")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        unavailable("Debian's chromium is not installed (scripts/setup installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable(f"playwright is not installed: {exc}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class App:
    """One `konnektor-kit serve` on a sandbox customer of its own (or on `site`), read from what it prints.

    `preheat` keeps serve's default pool (a waiting kernel per page); without it a test's server starts
    a kernel per visit (`--pool-size 0`): six kernels fewer to start on every server of the suite, which
    on two cores is most of its time. The pages' own flows run preheated, as people get them."""

    started: list[App] = []  # every app of the run, in order: a failing test's report shows their logs

    def __init__(
        self,
        folder: Path,
        scenario: str = "new-year",
        *,
        args: tuple[str, ...] = (),
        site: Path | None = None,
        port: int | None = None,
        env: dict[str, str] | None = None,
        preheat: bool = False,
    ) -> None:
        if not preheat and "--pool-size" not in args:
            args = (*args, "--pool-size", "0")
        self.folder = folder
        self.site = site or create_sandbox(folder / scenario, scenario, YEAR)
        self.requested_port = port or free_port()
        self.log_path = folder / f"voila-{self.site.parent.name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - open while Voila runs, closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "konnektor_kit",
                "serve",
                "--site",
                str(self.site),
                "--port",
                str(self.requested_port),
                *args,
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "KONNEKTOR_KIT_LANG": "tr", **(env or {})},
            start_new_session=True,
        )
        self.serve = psutil.Process(self.proc.pid)
        App.started.append(self)
        self.seen: dict[int, psutil.Process] = {}  # every process serve started, to check they all end
        deadline = time.monotonic() + 90
        while (found := ADDRESS.search(self.output())) is None:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(self.output()[-3000:])
            time.sleep(0.2)
        self.address, self.base, self.port, self.token = (
            found.group(0),
            found.group(1),
            int(found.group(2)),
            found.group(3),
        )
        urllib.request.urlopen(self.address, timeout=60).read()  # the printed address answers
        self.track()

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def url(self, notebook: str, token: bool = True, **query: str) -> str:
        params = {**query, **({"token": self.token} if token else {})}
        return f"{self.base}/voila/render/{notebook}.ipynb" + (f"?{urlencode(params)}" if params else "")

    def track(self) -> list[psutil.Process]:
        try:
            for p in self.serve.children(recursive=True):
                self.seen.setdefault(p.pid, p)
        except psutil.Error:
            pass
        return list(self.seen.values())

    def voila(self) -> psutil.Process:
        return next(p for p in self.serve.children() if "run_voila" in " ".join(p.cmdline()))

    def kernels(self) -> list[psutil.Process]:
        """The kernels alive now (Voila's children running ipykernel)."""
        try:
            return kernels_of(self.voila())
        except (psutil.Error, StopIteration):
            return []

    def settle(self, quiet: float = FILL_DELAY + 2.0, timeout: float = 90.0) -> int:
        """Wait until the kernel count has not moved for `quiet` seconds (pools refilled); return it."""
        deadline = time.monotonic() + timeout
        count, since = len(self.kernels()), time.monotonic()
        while time.monotonic() - since < quiet:
            if time.monotonic() > deadline:
                raise AssertionError(f"kernels never settled: {self.kernels()}")
            time.sleep(0.3)
            if (now := len(self.kernels())) != count:
                count, since = now, time.monotonic()
        return count

    def stop(self, sig: int = signal.SIGTERM) -> int | None:
        """Stop serve as a person would; whatever it leaves behind is killed (and reported by tests)."""
        self.track()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.leftover = [p for p in self.seen.values() if alive(p)]
        for p in self.leftover:
            with contextlib.suppress(psutil.Error):
                p.kill()
        self.log.close()
        return self.proc.returncode


LOG_TAIL = 6000  # characters of each serve log in a failing test's report
APPS_BEFORE = pytest.StashKey[int]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    item.stash[APPS_BEFORE] = len(App.started)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test reports what serve printed while it ran (the culler, Voila's errors,
    the kernels' tracebacks) for each app it started or used: a timeout in the browser says nothing of
    why the page never came."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        first = item.stash.get(APPS_BEFORE, len(App.started))
        for app in [a for i, a in enumerate(App.started) if i >= first or not a.log.closed]:
            report.sections.append((f"serve log {app.log_path}", app.output()[-LOG_TAIL:]))


def kernels_of(voila: psutil.Process) -> list[psutil.Process]:
    """The kernels `voila` started and that are alive now. One that ends while they are listed (culled) is
    left out, not the reason to return none; a kernel's own fork (its command line until it execs) is
    not a kernel."""
    found = []
    for p in voila.children():
        with contextlib.suppress(psutil.Error):
            if "ipykernel" in " ".join(p.cmdline()):
                found.append(p)
    return found


def alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


@pytest.fixture
def fresh_app(tmp_path):
    """An app of its own, for a test that writes."""
    app = App(tmp_path, "new-year", preheat=True)
    yield app
    app.stop()


@pytest.fixture(scope="session")
def shared_app(tmp_path_factory):
    """One app for every test that only looks (a Voila server takes seconds to start)."""
    app = App(tmp_path_factory.mktemp("app"), "new-year", preheat=True)
    yield app
    app.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="tr-TR")
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


@pytest.fixture(scope="session")
def screenshot(tmp_path_factory):
    """Save a full-page screenshot; into docs/screenshots only when scripts/screenshots asks for it."""
    folder = (
        Path(os.environ[SCREENSHOTS_ENV]) if os.environ.get(SCREENSHOTS_ENV) else tmp_path_factory.mktemp("screenshots")
    )

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
