"""What the kit takes from its environment: the variables' names and the user's own folders.

A neutral module any layer may import (it imports nothing of the kit): `konnektor-kit serve` hands
its kernels the site, the language and the allowed folders through these variables, and the command
line reads the same names without loading the forms that use them.
"""

from __future__ import annotations

import os
from pathlib import Path

SITE_ENV = "KONNEKTOR_KIT_SITE"  # the site the server was started with (the only one that reads ${VAR})
LANG_ENV = "KONNEKTOR_KIT_LANG"  # the language of the pages and the command line's default --lang
SITES_ENV = "KONNEKTOR_KIT_SITES"  # the folders a link or the site field may open a site from (os.pathsep)
HUB_ENV = "KONNEKTOR_KIT_HUB"  # "1" in a JupyterHub single-user server (konnektor_kit/hub.py)
STRICT_ENV = "KONNEKTOR_KIT_STRICT"  # "1" in the test run (tests/conftest.py): nbval's kernels inherit it
#: the `serve` token, handed by Voila to its kernels: a preheated kernel shows it to /voila/query (ui/handover.py)
QUERY_TOKEN_ENV = "KONNEKTOR_KIT_QUERY_TOKEN"
PREHEAT_ENV = "VOILA_PREHEAT"  # Voila's own: "True" in a kernel it started ahead of its page (--preheat_kernel)
TODAY_ENV = "KONNEKTOR_KIT_TODAY"  # YYYY-MM-DD: the day the faces act on (konnektor_kit/clock.py)
DEBUG_ENV = "KONNEKTOR_KIT_DEBUG"  # set: the command line lets an unexpected error through with its traceback
#: the user's data folder (staff delays, the log); else $XDG_DATA_HOME/konnektor-kit, else ~/.konnektor-kit
STATE_ENV = "KONNEKTOR_KIT_STATE_DIR"


#: the start page, the first of the six
START_PAGE = "00_baslangic.ipynb"


PACKAGE = Path(__file__).resolve().parent


def pages_folder(package: Path = PACKAGE) -> Path:
    """Where the pages are: `notebooks/` at the top of a checkout (an editable install runs from there),
    `konnektor_kit/notebooks/` in an installed wheel (setup.py maps the one onto the other)."""
    installed = package / "notebooks"
    checkout = package.parent / "notebooks"
    if (installed / START_PAGE).is_file() or not (checkout / START_PAGE).is_file():
        return installed
    return checkout


#: the pages, served by `serve`, the hub and the campaign's papermill
NOTEBOOKS = pages_folder()

#: a site file's name in a folder the kit makes (a sandbox, a fleet's site, `init`'s new customer)
SITE_FILE = "site.toml"

#: the built-in sandbox customer the pages open when no site is given, and the training page's sandboxes
DEFAULT_SANDBOX = Path.home() / ".konnektor-kit" / "sandbox"
TRAINING_ROOT = DEFAULT_SANDBOX.parent / "egitim"


def state_dir() -> Path:
    """The user's data folder, chosen anew at each call (tests point it elsewhere)."""
    chosen = os.environ.get(STATE_ENV)
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_DATA_HOME")
    return Path(xdg) / "konnektor-kit" if xdg else Path.home() / ".konnektor-kit"
