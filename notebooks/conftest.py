"""nbval runs every notebook against a fresh sandbox customer (never the user's own sandbox), strictly:
a page that meets an unexpected error while it opens fails its notebook (as tests/conftest.py sets it).

This file stays next to the pages so that `pytest konnektor_kit/notebooks` alone is set up the same way;
it ships in the wheel as an inert module (nothing imports it)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from konnektor_kit.env import SITE_ENV, STATE_ENV, STRICT_ENV
from konnektor_kit.training.sandbox import create_sandbox

if TYPE_CHECKING:  # the wheel does not need pytest: only the tests run this file
    import pytest


def pytest_configure(config: pytest.Config) -> None:
    os.environ[STRICT_ENV] = "1"
    folder = Path(tempfile.mkdtemp(prefix="kit-nbval-")) / "sandbox"
    os.environ[SITE_ENV] = str(create_sandbox(folder, "new-year"))
    os.environ.setdefault(STATE_ENV, str(folder.parent / "state"))  # the pages' log, never the user's


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    site = os.environ.pop(SITE_ENV, None)
    if site and "kit-nbval-" in site:
        shutil.rmtree(Path(site).parents[1], ignore_errors=True)
