"""nbval runs every notebook against a fresh sandbox customer (never the user's own sandbox)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from konnektor_kit.services.sandbox import create_sandbox
from konnektor_kit.ui.common import SITE_ENV


def pytest_configure(config) -> None:
    folder = Path(tempfile.mkdtemp(prefix="kit-nbval-")) / "sandbox"
    os.environ[SITE_ENV] = str(create_sandbox(folder, "new-year"))


def pytest_unconfigure(config) -> None:
    import shutil
    site = os.environ.pop(SITE_ENV, None)
    if site and "kit-nbval-" in site:
        shutil.rmtree(Path(site).parents[1], ignore_errors=True)
