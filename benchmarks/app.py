"""Every page of the app against a bare Voila page, served as `serve` serves them (preheated pools):
the time to a drawn page on a first visit, a reload, a second tab and a reload at once, and what each
kernel costs at start (CPU seconds and PSS, read once the pools are full and quiet).

Two Voila servers with the kit's settings (voila_config.serve_config): one on the kit's six pages, one on
a bare page (one button) and the same bare page waiting for its address as every kit page does
(ui/handover.py). Each round opens every page in turn in Debian's Chromium through Playwright: a first
visit in a fresh context, a reload of that tab and a second tab, each once the page's pool has refilled (a
page read for a few seconds), then the second tab reloaded at once (its pool still starting a kernel: the
wait is a kernel's start); the tabs are closed as a person closes them (the page's `beforeunload` shuts its
kernel down). Before each step the machine is let settle (pools full, nothing busy). Medians of N. Then
page 05's "Kur / Sıfırla": from the click to the new sandbox's story.

`--code DIR` runs Voila and its kernels on another checkout's `konnektor_kit` (e.g. `git archive main`
unpacked in /tmp), to measure before and after a change on the same machine.

Run: .venv/bin/python benchmarks/app.py [--runs 5] [--code DIR]
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
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import nbformat
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from konnektor_kit.app import NOTEBOOKS, voila_command
from konnektor_kit.app import READY as READY_LINE
from konnektor_kit.env import SITE_ENV
from konnektor_kit.training.sandbox import create_sandbox
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, kernels_of
from tests.live.servers import free_port

BARE = "import ipywidgets as w\nb = w.Button(description='Tıkla')\nb.add_class('bare-button')\nb"
#: the bare page waiting for its address (`?site=&lang=`) as every kit page does before it draws
BARE_ADDRESSED = (
    "try:\n    from konnektor_kit.ui.handover import wait_for_request\n"
    "except ImportError:  # a checkout before it (--code)\n    from voila.utils import get_query_string as wait_for_request\n"
    "wait_for_request()\n" + BARE
)
BARES = {"bare": BARE, "bare+address": BARE_ADDRESSED}
KIT = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
WHENS = ("first", "reload", "second", "at once")
HEADS = {"first": "first visit", "reload": "reload", "second": "second tab", "at once": "reload at once"}
DRAWN = {**{name: ".kk-site input" for name in KIT}, "bare": ".bare-button", "bare+address": ".bare-button"}


def serve(folder: Path, site: Path, env: dict[str, str]) -> tuple[subprocess.Popen, dict]:
    """Voila as `serve` runs it, on `folder`: the process, and its port and token (its one READY line)."""
    command = voila_command(free_port())
    command[command.index(str(NOTEBOOKS))] = str(folder)
    proc = subprocess.Popen(
        command,
        env={**os.environ, SITE_ENV: str(site), **env},
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
        told = ready.get(timeout=120)
    except queue.Empty:
        stop(proc)
        raise RuntimeError("voila did not start") from None
    return proc, told


def kernels(proc: subprocess.Popen) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        return kernels_of(psutil.Process(proc.pid))
    return []


def settle(procs: list[subprocess.Popen], pools: int, timeout: float = 120.0) -> None:
    """Wait until `pools` kernels are alive (the pools full, plus one per open tab) and nothing is busy."""
    deadline, quiet = time.monotonic() + timeout, 0
    while time.monotonic() < deadline and quiet < 3:
        everything = [psutil.Process(p.pid) for p in procs] + [k for p in procs for k in kernels(p)]
        for p in everything:
            with contextlib.suppress(psutil.Error):
                p.cpu_percent(None)
        time.sleep(0.4)
        busy = 0.0
        for p in everything:
            with contextlib.suppress(psutil.Error):
                busy += p.cpu_percent(None)
        quiet = quiet + 1 if busy < 8 and sum(len(kernels(p)) for p in procs) == pools else 0


def cost(proc: subprocess.Popen) -> list[tuple[float, float]]:
    """(CPU seconds, PSS MB) of each kernel of a server."""
    found = []
    for k in kernels(proc):
        with contextlib.suppress(psutil.Error):
            cpu = k.cpu_times()
            found.append((cpu.user + cpu.system, k.memory_full_info().pss / 2**20))
    return found


def drawn(tab: Any, go: Callable[[], object], selector: str) -> float:
    """Seconds from `go` (an address opened, a reload) to the page's `selector` drawn."""
    started = time.perf_counter()
    go()
    tab.wait_for_selector(selector, state="visible")
    return time.perf_counter() - started


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code", help="a checkout whose konnektor_kit Voila and the kernels import")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    env = {"PYTHONPATH": str(Path(args.code).resolve()), "PYTHONDONTWRITEBYTECODE": "1"} if args.code else {}
    work = Path(tempfile.mkdtemp(prefix="kit-bench-app-"))
    env["HOME"] = str(work / "home")  # the training page's sandboxes and the log: in the run's folder, gone after
    site = create_sandbox(work / "sandbox", "new-year")
    bare_folder = work / "bare"
    bare_folder.mkdir()
    for name, source in BARES.items():
        bare = nbformat.v4.new_notebook()
        bare.cells = [nbformat.v4.new_code_cell(source)]
        bare.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(bare, bare_folder / f"{name}.ipynb")
    kit_folder = Path(args.code).resolve() / "konnektor_kit" / "notebooks" if args.code else NOTEBOOKS
    times: dict[tuple[str, str], list[float]] = {(n, w): [] for n in DRAWN for w in WHENS}
    servers: dict[str, tuple[subprocess.Popen, dict]] = {}
    try:
        servers["kit"] = serve(kit_folder, site, env)
        servers["bare"] = serve(bare_folder, site, env)
        procs = [proc for proc, _ in servers.values()]
        pools = len(KIT) + len(BARES)
        settle(procs, pools)
        costs = {name: cost(proc) for name, (proc, _) in servers.items()}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.runs + 1):  # the first round warms Voila and the browser's cache
                for name, selector in DRAWN.items():
                    _, told = servers["bare" if name in BARES else "kit"]
                    url = f"http://127.0.0.1:{told['port']}/voila/render/{name}.ipynb?token={told['token']}"
                    settle(procs, pools)
                    context = browser.new_context()
                    context.set_default_timeout(120_000)
                    tab = context.new_page()
                    took = {"first": drawn(tab, partial(tab.goto, url), selector)}
                    settle(procs, pools + 1)  # the page read for a moment: its pool has refilled
                    took["reload"] = drawn(tab, tab.reload, selector)
                    settle(procs, pools + 1)
                    second = context.new_page()
                    took["second"] = drawn(second, partial(second.goto, url), selector)
                    took["at once"] = drawn(second, second.reload, selector)  # the pool is still refilling
                    if run:
                        for what, seconds in took.items():
                            times[(name, what)].append(seconds)
                    second.close(run_before_unload=True)
                    tab.close(run_before_unload=True)
                    context.close()
            resets = time_resets(browser, servers["kit"][1], procs, pools, args.runs)
            browser.close()
        settle(procs, pools)
        left = sum(len(kernels(p)) for p in procs)
    finally:
        for proc, _ in servers.values():
            stop(proc)
        shutil.rmtree(work, ignore_errors=True)
    print(f"runs: {args.runs}; medians (min–max) in seconds to a drawn page; code: {args.code or 'this checkout'}")
    print("reload and second tab: after the pool refilled (a page read for a few seconds); reload at once:")
    print("the same tab reloaded straight after the second tab opened, its page's pool still starting a kernel")
    print(f"{'page':<30}" + "".join(f"{HEADS[w]:>18}" for w in WHENS))
    for name in DRAWN:
        cells = []
        for what in WHENS:
            values = times[(name, what)]
            cells.append(f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})")
        print(f"{name:<30}" + "".join(f"{cell:>18}" for cell in cells))
    print(
        f"training page, 'Kur / Sıfırla' to the scenario's story: {statistics.median(resets):.2f} "
        f"({min(resets):.2f}–{max(resets):.2f})"
    )
    print("kernels at start, pools full and quiet (CPU seconds, PSS MB each):")
    for name, found in costs.items():
        cpu = [c for c, _ in found]
        pss = [m for _, m in found]
        print(
            f"  {name:<5} {len(found)} kernels: CPU {statistics.median(cpu):.2f} s median "
            f"({min(cpu):.2f}–{max(cpu):.2f}, {sum(cpu):.1f} s in all); PSS {statistics.median(pss):.0f} MB median "
            f"({min(pss):.0f}–{max(pss):.0f}, {sum(pss):.0f} MB in all)"
        )
    print(f"kernels left after every tab closed: {left} (the pools: {pools})")


def time_resets(browser, told: dict, procs: list[subprocess.Popen], pools: int, runs: int) -> list[float]:
    """Seconds from a click on page 05's "Kur / Sıfırla" (a link: the page again, with `reset=`) to the new
    sandbox's story drawn: a page open plus a sandbox built. The first of runs + 1 warms up."""
    url = f"http://127.0.0.1:{told['port']}/voila/render/05_egitim.ipynb?token={told['token']}"
    found = []
    for run in range(runs + 1):
        settle(procs, pools)
        context = browser.new_context()
        context.set_default_timeout(120_000)
        tab = context.new_page()
        tab.goto(url)
        tab.wait_for_selector(".kk-reset a", state="visible")
        settle(procs, pools)
        started = time.perf_counter()
        tab.click(".kk-reset a")
        tab.wait_for_url("**reset=**")
        tab.wait_for_selector(".kk-story .kk-msg-info", state="visible")
        if run:
            found.append(time.perf_counter() - started)
        tab.close(run_before_unload=True)
        context.close()
    return found


if __name__ == "__main__":
    main()
