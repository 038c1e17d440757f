"""A real Voila server (`konnektor-kit serve`) and Debian's Chromium driven by Playwright.

No browser is downloaded: Playwright launches /usr/bin/chromium (installed by scripts/setup). Where
it is missing the browser tests skip; under CI=true they fail instead.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from konnektor_kit.services.sandbox import create_sandbox
from tests.conftest import YEAR, unavailable
from tests.live.servers import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


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
    """One `konnektor-kit serve` on a sandbox customer of its own."""

    def __init__(self, folder: Path, scenario: str) -> None:
        self.site = create_sandbox(folder / scenario, scenario, YEAR)
        self.port = free_port()
        env = {**os.environ, "KONNEKTOR_KIT_LANG": "tr"}
        self.log = open(folder / f"voila-{scenario}.log", "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "konnektor_kit", "serve", "--site", str(self.site),
                                      "--port", str(self.port)], stdout=self.log, stderr=subprocess.STDOUT,
                                     env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url("00_baslangic"), timeout=5).read()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError((folder / f"voila-{scenario}.log").read_text()[-2000:]) from None
                time.sleep(0.3)

    def url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/voila/render/{notebook}.ipynb"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture
def fresh_app(tmp_path):
    """An app of its own, for a test that writes."""
    app = App(tmp_path, "new-year")
    yield app
    app.stop()


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    """One app for the tests that only look (a Voila server takes seconds to start)."""
    app = App(tmp_path_factory.mktemp("app"), "new-year")
    yield app
    app.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="tr-TR")
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
