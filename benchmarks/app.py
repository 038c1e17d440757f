"""Time from the HTTP request to the first form being interactive: 00_baslangic against a bare
notebook with one button (and the same button drawn after Voila's hand-over of its address), all served by the same Voila (the kit's own `serve` settings), with and
without preheated kernels, in one run.

Two servers run side by side on the same folder (the start page and the bare page): one starts a
kernel per request (`pool_size=0`), one keeps a preheated kernel per notebook (`pool_size=1`).
Each round opens the six pages in turn in Debian's Chromium through Playwright, each in a fresh
browser context, and shuts the page's kernel down after; before every page the machine is let settle
(the pools full again, nothing busy), so a page never pays for its predecessor. Medians of N each.

Run: .venv/bin/python benchmarks/app.py [--runs 7]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from konnektor_kit.app import NOTEBOOKS, voila_command
from konnektor_kit.app import READY as READY_LINE
from konnektor_kit.env import SITE_ENV
from konnektor_kit.training.sandbox import create_sandbox
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.live.servers import free_port

BARE = "import ipywidgets as w\nb = w.Button(description='Tıkla')\nb.add_class('bare-button')\nb"
#: the bare page that, like every page of the kit, waits for its address (`?site=&lang=`) before it draws:
#: what Voila's hand-over to a preheated kernel costs by itself (immediate without preheat)
BARE_ADDRESSED = "from voila.utils import get_query_string\nget_query_string()\n" + BARE
START = "00_baslangic"
#: what "interactive" means on each page
READY = {
    START: (".kk-check:not([disabled])", ".kk-matrix table"),
    "bare": (".bare-button",),
    "bare+address": (".bare-button",),
}
BARES = {"bare": BARE, "bare+address": BARE_ADDRESSED}
MODES = {"per request": 0, "preheated": 1}  # pool_size per notebook (serve's POOL_SIZE may be either)
TARGET = 1.0  # the start page against the bare page, both preheated
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def serve(folder: Path, site: Path, pool_size: int) -> tuple[subprocess.Popen, dict]:
    """Voila as `serve` runs it, on `folder`: the process, and its port and token (its one READY line)."""
    command = voila_command(free_port(), pool_size=pool_size)
    command[command.index(str(NOTEBOOKS))] = str(folder)
    proc = subprocess.Popen(
        command,
        env={**os.environ, SITE_ENV: str(site)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    ready: queue.Queue[dict] = queue.Queue()

    def read() -> None:  # and keep draining, so Voila never blocks on a full pipe
        for line in proc.stdout:
            if line.startswith(READY_LINE):
                ready.put(json.loads(line[len(READY_LINE) :]))

    threading.Thread(target=read, daemon=True).start()
    try:
        told = ready.get(timeout=60)
    except queue.Empty:
        stop(proc)
        raise RuntimeError("voila did not start") from None
    return proc, told


def shut_down(told: dict, kernel_id: str) -> None:
    """The measured page's kernel, through Voila's kernel API (the token in a header needs no _xsrf)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{told['port']}/api/kernels/{kernel_id}",
        method="DELETE",
        headers={"Authorization": f"token {told['token']}"},
    )
    urllib.request.urlopen(request, timeout=30).read()


def kernels(procs: list[subprocess.Popen]) -> list[psutil.Process]:
    found = []
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            found += psutil.Process(proc.pid).children(recursive=True)
    return found


def settle(procs: list[subprocess.Popen], pools: int, timeout: float = 60.0) -> None:
    """Wait until the pools are full (`pools` kernels), no other kernel is left, and nothing is busy."""
    deadline, quiet = time.monotonic() + timeout, 0
    while time.monotonic() < deadline and quiet < 3:
        everything = [psutil.Process(p.pid) for p in procs] + kernels(procs)
        for p in everything:
            with contextlib.suppress(psutil.Error):
                p.cpu_percent(None)
        time.sleep(0.4)
        busy = 0.0
        for p in everything:
            with contextlib.suppress(psutil.Error):
                busy += p.cpu_percent(None)
        quiet = quiet + 1 if busy < 8 and len(kernels(procs)) == pools else 0


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, 9)
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="kit-bench-app-"))
    site = create_sandbox(work / "sandbox", "new-year")
    pages = work / "pages"
    pages.mkdir()
    shutil.copy(NOTEBOOKS / f"{START}.ipynb", pages)
    for name, source in BARES.items():
        bare = nbformat.v4.new_notebook()
        bare.cells = [nbformat.v4.new_code_cell(source)]
        bare.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(bare, pages / f"{name}.ipynb")
    servers: dict[str, tuple[subprocess.Popen, dict]] = {}
    times: dict[tuple[str, str], list[float]] = {(m, n): [] for m in MODES for n in READY}
    try:
        for mode, pool in MODES.items():
            servers[mode] = serve(pages, site, pool)
        procs = [proc for proc, _ in servers.values()]
        pools = sum(pool * len(READY) for pool in MODES.values())
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.runs + 1):  # the first round warms Voila and the browser's cache
                for mode, (_, told) in servers.items():
                    for name, selectors in READY.items():
                        settle(procs, pools)
                        context = browser.new_context()
                        page = context.new_page()
                        started = time.perf_counter()
                        page.goto(f"http://127.0.0.1:{told['port']}/voila/render/{name}.ipynb?token={told['token']}")
                        for selector in selectors:
                            page.wait_for_selector(selector, state="visible", timeout=120_000)
                        elapsed = time.perf_counter() - started
                        if run:
                            times[(mode, name)].append(elapsed)
                        kernel_id = page.evaluate(KERNEL_ID)
                        context.close()
                        shut_down(told, kernel_id)
            browser.close()
    finally:
        for proc, _ in servers.values():
            stop(proc)
        shutil.rmtree(work, ignore_errors=True)
    median = {key: statistics.median(values) for key, values in times.items()}
    print(f"runs: {args.runs} each, the six pages in turn, two servers side by side, medians")
    print(f"{'mode':<13} {'page':<14} {'median':>8} {'min':>7} {'max':>7}")
    for (mode, name), values in times.items():
        print(f"{mode:<13} {name:<14} {median[(mode, name)]:>7.2f}s {min(values):>6.2f}s {max(values):>6.2f}s")
    for mode in MODES:  # and the median of each round's own ratio (the same background load for both pages)
        for bare in BARES:
            rounds = [a / b for a, b in zip(times[(mode, START)], times[(mode, bare)], strict=True)]
            print(
                f"{mode:<13} ratio {START} / {bare} = {median[(mode, START)] / median[(mode, bare)]:.2f}× "
                f"of the medians, {statistics.median(rounds):.2f}× the median round"
            )
    print(
        f"{START}: preheated / per request = {median[('preheated', START)] / median[('per request', START)]:.2f}×"
        f"  (target: {START} / bare ≤ {TARGET:.1f}× both preheated)"
    )


if __name__ == "__main__":
    main()
