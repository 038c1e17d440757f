"""Many sandbox sites at once (`sandbox --many N DIR`): the load for campaigns, their tests and benchmark.

A support centre's December is hundreds of customers in every state at once, so the fleet mixes the
training scenarios in four states, chosen by a seed (the same seed writes the same fleet):

- `ready`: the scenario made for the year checked: every target of that year exists;
- `not_ready`: made for the year before: next year's targets are not there yet (only scenarios
  whose program does not move by itself, so "not ready" is what `ready` must answer);
- `broken`: a site file that does not parse, or one whose Konnektör database is gone;
- `dead`: a server at a closed loopback port with a one-second login timeout.

Each scenario is built once per year and copied, so a fleet of 500 costs seconds, not minutes.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..env import SITE_FILE
from ..exceptions import UsageError
from ..i18n import t
from ..training.sandbox import KIT_STAMP, clear_own_folder, create_sandbox, make_folder, scenario_names

FleetState = Literal["ready", "not_ready", "broken", "dead"]
STATES: tuple[FleetState, ...] = ("ready", "not_ready", "broken", "dead")
WEIGHTS = (45, 35, 10, 10)
MANIFEST = "fleet.json"
#: scenarios that already hold the following year too, or move by themselves (dönemsiz, devirsiz in
#: January, July periods, one MIKRO company for all years): made for last year, they are still ready
MOVES_BY_ITSELF = frozenset(
    {"logo-donemsiz", "logo-temmuz", "netsis-devirsiz-ocak", "mikro-sayisal", "mikro-yil-kodlu", "mikro-mali-yil"}
)
#: scenarios with a module on a copy: never ready, whatever year they are built for
ON_A_COPY = frozenset({"yedek-kopya"})
#: nothing listens here on loopback (the "discard" port): refused at once, as a stopped service is;
#: the password is written in the file, as customers do, so tests can prove no output ever shows it
DEAD_PASSWORD = "kk-fleet-Gizli-9"
DEAD_SERVER = f'odbc = "Driver={{PostgreSQL Unicode}};Server=127.0.0.1;Port=9;Uid=konnektor;Pwd={DEAD_PASSWORD}"'
DEAD_TIMEOUT = 1


@dataclass(frozen=True)
class FleetSite:
    site: Path
    scenario: str
    state: FleetState

    def to_json(self) -> dict[str, Any]:
        return {"site": str(self.site), "scenario": self.scenario, "state": self.state}


def plan_fleet(count: int, seed: int) -> list[tuple[str, FleetState]]:
    """(scenario, state) for each site: every state at least once when there is room, then by weight."""
    rng = random.Random(seed)
    states = list(STATES[: min(count, len(STATES))])
    states += rng.choices(STATES, WEIGHTS, k=count - len(states))
    rng.shuffle(states)
    late = [s for s in scenario_names() if s not in MOVES_BY_ITSELF]
    ready = [s for s in scenario_names() if s not in ON_A_COPY]
    return [
        (rng.choice(late if state == "not_ready" else ready if state == "ready" else scenario_names()), state)
        for state in states
    ]


def create_fleet(folder: str | Path, count: int, year: int, seed: int = 0) -> list[FleetSite]:
    """Write `count` sandbox sites under `folder` for checking `year`; a folder made by an earlier
    fleet is replaced, any other non-empty folder is refused."""
    if not 1 <= count <= 100_000:
        raise UsageError(t("fleet.count", count=count))
    folder = Path(folder)
    clear_own_folder(folder, MANIFEST)
    make_folder(folder)
    width = len(str(count))
    sites = [
        FleetSite(folder / f"site-{i:0{width}d}-{scenario}-{state}" / SITE_FILE, scenario, state)
        for i, (scenario, state) in enumerate(plan_fleet(count, seed), start=1)
    ]
    # the manifest first: a fleet stopped half-way is still known as one, and the next run replaces it
    (folder / MANIFEST).write_text(
        json.dumps(
            {
                "kit": KIT_STAMP[MANIFEST],
                "seed": seed,
                "year": year,
                "count": count,
                "sites": [s.to_json() for s in sites],
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    made: dict[tuple[str, int], Path] = {}
    # the templates live outside the fleet: a run stopped half-way leaves no extra site file in it
    with tempfile.TemporaryDirectory(prefix="kk-fleet-") as templates:
        for i, entry in enumerate(sites, start=1):
            built_for = year - 1 if entry.state == "not_ready" else year
            if (entry.scenario, built_for) not in made:
                built = create_sandbox(Path(templates) / f"{entry.scenario}-{built_for}", entry.scenario, built_for)
                made[entry.scenario, built_for] = built.parent
            shutil.copytree(made[entry.scenario, built_for], entry.site.parent)
            _mark(entry.site, i, entry.state)
            if entry.state == "broken" and i % 2 == 0:
                (entry.site.parent / "konnektor.sqlite").unlink()
    return sites


def _mark(site: Path, number: int, state: FleetState) -> None:
    """Give the copy its own name, and break or kill it as its state says."""
    text = site.read_text(encoding="utf-8")
    text = re.sub(r'^name = "(.*)"$', lambda m: f'name = "{m.group(1)} #{number}"', text, count=1, flags=re.M)
    if state == "dead":
        text = text.replace('sqlite_dir = "databases"', DEAD_SERVER)
        text = text.replace("\n", f"\nlogin_timeout = {DEAD_TIMEOUT}\n", 1)
    elif state == "broken" and number % 2 == 1:
        text = text.replace("[konnektor]", "[konnektor", 1)  # a TOML syntax error, as a hand edit leaves
    site.write_text(text, encoding="utf-8")
