"""Campaign throughput: `ready` over 10, 100 and 500 generated sites with 1, 4 and 16 jobs.

Each measurement runs in a child process (the CLI's own path: `run_campaign`, with --again so every
site is done), and reports sites per second, the child's peak resident memory (os.wait4's rusage),
and the cost per site, which must stay flat as the count grows. The fleet (`sandbox --many`) holds
ready, late, broken and dead sites; the slowest dead site's time shows what a dead server costs.

    .venv/bin/python benchmarks/campaign.py [--counts 10,100,500] [--jobs 1,4,16] [--year 2027]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, sys, time
from pathlib import Path
from konnektor_kit.batch.campaign import Campaign, run_campaign
folder, out, year, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
start = time.perf_counter()
rows = run_campaign(Campaign(folder, "ready", year, jobs, out, again=True))
took = time.perf_counter() - start
manifest = json.loads((folder / "fleet.json").read_text(encoding="utf-8"))
dead = {str(Path(s["site"]).resolve()) for s in manifest["sites"] if s["state"] == "dead"}
slowest_dead = max((r.seconds for r in rows if r.site in dead), default=0.0)
print(json.dumps({"seconds": took, "rows": len(rows), "slowest": max(r.seconds for r in rows), "dead": slowest_dead}))
"""


def measure(folder: Path, out: Path, year: int, jobs: int) -> dict[str, float]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(out), str(year), str(jobs)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"campaign child failed ({child.returncode})")
    found: dict[str, float] = json.loads(output)
    found["peak_mb"] = usage.ru_maxrss / 1024
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="10,100,500")
    parser.add_argument("--jobs", default="1,4,16")
    parser.add_argument("--year", type=int, default=2027)
    args = parser.parse_args()
    from konnektor_kit.batch.fleet import DEAD_TIMEOUT, create_fleet

    lines = [
        f"cores: {os.cpu_count()} (shared machine: other work runs beside it); dead-server timeout {DEAD_TIMEOUT} s",
        "",
        "| sites | jobs | seconds | sites/s | ms per site | peak MB | slowest site s | dead sites | slowest dead s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="kk-campaign-bench-") as tmp:
        for count in (int(c) for c in args.counts.split(",")):
            folder = Path(tmp) / f"fleet-{count}"
            start = time.perf_counter()
            sites = create_fleet(folder, count, args.year, seed=0)
            made = time.perf_counter() - start
            dead = sum(1 for s in sites if s.state == "dead")
            print(f"fleet of {count} written in {made:.1f} s", file=sys.stderr)
            for jobs in (int(j) for j in args.jobs.split(",")):
                r = measure(folder, Path(tmp) / f"out-{count}-{jobs}", args.year, jobs)
                lines.append(
                    f"| {count} | {jobs} | {r['seconds']:.2f} | {count / r['seconds']:.1f} | "
                    f"{1000 * r['seconds'] / count:.1f} | {r['peak_mb']:.0f} | {r['slowest']:.2f} | {dead} | {r['dead']:.2f} |"
                )
                print(lines[-1], file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
