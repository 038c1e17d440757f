"""`konnektor-kit serve`: the Voila app on 127.0.0.1, on a site file or, without one, the sandbox.

The site and the language reach every notebook's kernel through the environment (each page may
still switch them by its own field or by `?site=...&lang=...` in a link).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .data.site import load_site
from .i18n import t
from .ui.common import LANG_ENV, SITE_ENV, default_site

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
START = "00_baslangic.ipynb"


def voila_command(port: int) -> list[str]:
    return [sys.executable, "-m", "voila", str(NOTEBOOKS), f"--port={port}", "--no-browser",
            "--Voila.ip=127.0.0.1", "--VoilaConfiguration.show_tracebacks=False", "--theme=light"]


def serve(site: str | None, port: int, lang: str) -> int:
    site_path = Path(site) if site else default_site()
    load_site(site_path)  # a bad site file is reported here, in words, before any server starts
    env = {**os.environ, SITE_ENV: str(site_path.resolve()), LANG_ENV: lang}
    url = f"http://127.0.0.1:{port}/voila/render/{START}"
    print(t("serve.start", url=url, site=str(site_path)).get("en" if lang == "en" else "tr"), flush=True)
    try:
        return subprocess.call(voila_command(port), env=env)
    except KeyboardInterrupt:
        return 0
