"""A page that breaks shows a sentence, never a traceback; the notebooks' test must still fail on it.

The pages keep what went wrong (`Page.errors`, `Page.unexpected`) and each module's `show()` raises,
after displaying, when the page met an unexpected error and KONNEKTOR_KIT_STRICT=1 (tests/conftest.py
sets it for the test run; nbval's kernels inherit it). Here nbval runs, as a separate pytest, on the six
real notebooks next to copies broken on purpose: the broken one fails, the others pass.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from konnektor_kit.app import NOTEBOOKS
from konnektor_kit.env import PREHEAT_ENV, STRICT_ENV
from konnektor_kit.exceptions import PageFailed
from konnektor_kit.ui import request
from konnektor_kit.ui.page import display_page
from konnektor_kit.ui.start import StartPage


class BrokenStartPage(StartPage):
    def refresh(self) -> None:
        raise ZeroDivisionError("broken on purpose")


# ---- in-process: what the page keeps ------------------------------------------------------------------
def test_an_unexpected_error_is_a_sentence_on_the_page_and_a_traceback_kept_for_tests(site):
    page = BrokenStartPage(site, lang="en")
    assert len(page.errors) == 1 and "ZeroDivisionError" in page.errors[0]
    assert len(page.unexpected) == 1 and "broken on purpose" in page.unexpected[0]
    assert "Traceback" in page.unexpected[0] and "refresh" in page.unexpected[0]
    assert "Traceback" not in page.messages.children[0].value  # the person sees a sentence


def test_an_expected_error_is_kept_but_is_not_unexpected(tmp_path):
    page = StartPage(tmp_path / "missing" / "site.toml", lang="en")
    assert len(page.errors) == 1 and page.unexpected == []
    page.year.value = "26"  # the year as the CLI refuses it: a message, not a failure
    page.check_button.click()
    assert len(page.errors) == 2 and page.unexpected == []


def test_show_raises_only_when_strict_and_outside_voila(site, monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    monkeypatch.delenv(PREHEAT_ENV, raising=False)
    display_page(StartPage(site))  # a healthy page: nothing raised
    with pytest.raises(PageFailed, match="broken on purpose"):
        display_page(BrokenStartPage(site))
    monkeypatch.setenv(PREHEAT_ENV, "False")  # a kernel Voila started: the person gets the sentence
    assert display_page(BrokenStartPage(site)).unexpected
    monkeypatch.delenv(PREHEAT_ENV)
    monkeypatch.delenv(STRICT_ENV)
    assert display_page(BrokenStartPage(site)).unexpected


def test_outside_a_preheated_kernel_the_query_string_is_the_environments(monkeypatch):
    """nbval, Jupyter and tests/ui never wait for Voila; a kernel Voila started for the request reads
    QUERY_STRING (a preheated one is covered through a real server by the browser tests)."""
    monkeypatch.setattr(request, "_handed", [])
    monkeypatch.delenv(PREHEAT_ENV, raising=False)
    monkeypatch.setenv("QUERY_STRING", "site=%2Ftmp%2Fa.toml&lang=en")
    assert request.query_params() == {"site": "/tmp/a.toml", "lang": "en"}
    monkeypatch.setenv(PREHEAT_ENV, "False")
    assert request.default_lang() == "en" and str(request.default_site()) == "/tmp/a.toml"
    assert request._handed == []  # Voila was never asked


# ---- nbval on the notebooks, broken on purpose and not -------------------------------------------------
BREAK = """# broken on purpose: the page's refresh meets an unexpected error
from konnektor_kit.ui.start import StartPage
def _refresh(self):
    raise ZeroDivisionError("broken on purpose")
StartPage.refresh = _refresh"""
EXPECTED = """# an expected failure (a site file that is not there) stays a message: the notebook passes
import os
from konnektor_kit.env import SITE_ENV
os.environ[SITE_ENV] = "/nonexistent/site.toml\""""
ASSERT_ERRORS = """assert page.errors and not page.unexpected, (page.errors, page.unexpected)"""


def variant(source: Path, target: Path, before: str, after: str | None = None) -> None:
    notebook = json.loads(source.read_text(encoding="utf-8"))
    cell = notebook["cells"][0]
    new = [
        {**cell, "id": f"kk{i}", "source": text, "outputs": [], "execution_count": None}
        for i, text in enumerate([before, *([] if after is None else [after])])
    ]
    notebook["cells"] = [new[0], cell, *new[1:]]
    target.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")


def test_nbval_fails_on_a_broken_page_and_passes_an_expected_error(tmp_path):
    """Two variants of the start page under nbval in strict mode: an unexpected error fails its notebook, an
    error the page expects (and shows in words) passes. The real pages pass in this same test run:
    pytest's `notebooks` path runs every one of them under the same strict mode (tests/conftest.py)."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    variant(NOTEBOOKS / "00_baslangic.ipynb", folder / "zz_broken.ipynb", BREAK)
    variant(NOTEBOOKS / "00_baslangic.ipynb", folder / "zz_expected_error.ipynb", EXPECTED, ASSERT_ERRORS)
    env = {**os.environ, STRICT_ENV: "1"}
    env.pop(PREHEAT_ENV, None)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "-rA",
            "--rootdir",
            str(tmp_path),
            str(folder),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    outcome: dict[str, set[str]] = {}  # notebook → the outcomes of its cells
    for result, name in re.findall(r"^(PASSED|FAILED|ERROR) notebooks/(\S+\.ipynb)::", run.stdout, re.M):
        outcome.setdefault(name, set()).add(result)
    assert run.returncode != 0, run.stdout[-3000:]
    assert "PageFailed" in run.stdout and "broken on purpose" in run.stdout, run.stdout[-3000:]
    assert outcome.pop("zz_broken.ipynb") == {"PASSED", "FAILED"}, run.stdout[-3000:]  # the break; then show()
    assert outcome == {"zz_expected_error.ipynb": {"PASSED"}}, run.stdout[-3000:]
