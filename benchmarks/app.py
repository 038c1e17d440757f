"""Time from the HTTP request to the first form being interactive: 00_baslangic against a bare
notebook with one button, both served by the same Voila (the kit's own `serve` settings), in one run.

Measured in Debian's Chromium through Playwright, alternating the two pages, median of N each.
Run: .venv/bin/python benchmarks/app.py [--runs 7]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from konnektor_kit.app import NOTEBOOKS, voila_command
from konnektor_kit.services.sandbox import create_sandbox
from konnektor_kit.ui.common import SITE_ENV
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.live.servers import free_port

BARE = ("import ipywidgets as w\nb = w.Button(description='Tıkla')\nb.add_class('bare-button')\nb")


def serve(folder: Path, site: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = voila_command(port)
    command[command.index(str(NOTEBOOKS))] = str(folder)
    proc = subprocess.Popen(command, env={**os.environ, SITE_ENV: str(site)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("voila did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="kit-bench-app-"))
    site = create_sandbox(work / "sandbox", "new-year")
    pages = work / "pages"
    pages.mkdir()
    shutil.copy(NOTEBOOKS / "00_baslangic.ipynb", pages)
    bare = nbformat.v4.new_notebook()
    bare.cells = [nbformat.v4.new_code_cell(BARE)]
    bare.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(bare, pages / "bare.ipynb")
    proc, port = serve(pages, site)
    targets = {"00_baslangic": ".kk-check:not([disabled])", "bare": ".bare-button"}
    times: dict[str, list[float]] = {name: [] for name in targets}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.runs + 1):  # the first round warms Voila and the browser's cache
                for name, selector in targets.items():
                    context = browser.new_context()
                    page = context.new_page()
                    started = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/voila/render/{name}.ipynb")
                    page.wait_for_selector(selector, state="visible", timeout=120_000)
                    page.wait_for_selector(".kk-matrix table" if name != "bare" else selector, timeout=120_000)
                    elapsed = time.perf_counter() - started
                    if run:
                        times[name].append(elapsed)
                    context.close()
            browser.close()
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    form, bare_s = statistics.median(times["00_baslangic"]), statistics.median(times["bare"])
    print(f"runs: {args.runs} each, alternating, same Voila server")
    for name, values in times.items():
        print(f"{name:<14} median {statistics.median(values):.2f} s  (min {min(values):.2f}, max {max(values):.2f})")
    print(f"ratio 00_baslangic / bare = {form / bare_s:.2f}×  (target ≤ 1.5×)")


if __name__ == "__main__":
    main()
