"""`pip install .` (not editable) must give a `konnektor-kit serve` with its six pages: the notebooks are
package data (konnektor_kit/notebooks/), in the wheel, and `konnektor_kit.app` finds them where it is
installed, not in a checkout.

The wheel is built from a copy of what a build reads (pyproject.toml, README.md, konnektor_kit/), so the
checkout gets no build/ or egg-info from the test; pip's isolated build takes setuptools from the
machine's package index (offline here), else the venv's own (--no-build-isolation).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.name for p in (ROOT / "konnektor_kit" / "notebooks").glob("*.ipynb"))


def pip(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the wheel, the folder it was installed into with `pip install --target`)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src)
    shutil.copytree(
        ROOT / "konnektor_kit",
        src / "konnektor_kit",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
    )
    built = pip("wheel", str(src), "--no-deps", "-w", str(tmp / "dist"), cwd=tmp)
    if built.returncode != 0:
        built = pip("wheel", str(src), "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), cwd=tmp)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = (tmp / "dist").glob("konnektor_kit-*.whl")
    done = pip("install", "--no-deps", "--no-compile", "--target", str(tmp / "site"), str(wheel), cwd=tmp)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return wheel, tmp / "site"


def test_the_checkout_has_the_six_pages():
    assert len(PAGES) == 6 and PAGES[0] == "00_baslangic.ipynb", PAGES
    assert not (ROOT / "notebooks").exists()  # one place only


def test_the_wheel_holds_the_six_pages(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.endswith(".ipynb")) == PAGES
    assert all(f"konnektor_kit/notebooks/{page}" in names for page in PAGES)
    assert "konnektor_kit/training/scenarios.toml" in names  # the training customers' words


def test_the_wheel_is_versioned_from_the_package(installed):
    """The version is written once, in konnektor_kit/__init__.py; the build reads it from there."""
    wheel, site = installed
    source = (ROOT / "konnektor_kit" / "__init__.py").read_text(encoding="utf-8")
    (version,) = re.findall(r'^__version__ = "([^"]+)"', source, flags=re.MULTILINE)
    assert wheel.name.startswith(f"konnektor_kit-{version}-"), wheel.name
    metadata = (site / f"konnektor_kit-{version}.dist-info" / "METADATA").read_text(encoding="utf-8")
    assert f"\nVersion: {version}\n" in metadata
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]  # not a second copy


def test_the_installed_app_serves_the_pages_it_was_installed_with(installed):
    _, site = installed
    probe = (
        "import json, konnektor_kit, konnektor_kit.app as app; "
        "print(json.dumps({'package': konnektor_kit.__file__, 'folder': str(app.NOTEBOOKS), "
        "'pages': sorted(p.name for p in app.NOTEBOOKS.glob('*.ipynb')), "
        "'start': (app.NOTEBOOKS / app.START).is_file(), 'served': app.voila_command(8866)[3], "
        "'template': (app.TEMPLATE_ROOT / 'voila/templates' / app.TEMPLATE / 'index.html.j2').is_file()}))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=site.parent, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout)
    assert Path(found["package"]).resolve().is_relative_to(site.resolve()), found  # not the checkout
    assert Path(found["folder"]).resolve() == (site / "konnektor_kit" / "notebooks").resolve()
    assert found["pages"] == PAGES and found["start"] and found["served"] == found["folder"]
    assert found["template"]  # the pages' Voila template is package data as well


def test_the_installed_command_answers(installed):
    _, site = installed
    script = site / "bin" / "konnektor-kit"
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "konnektor_kit"]
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run(
        [*command, "serve", "--help"], cwd=site.parent, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "--port" in run.stdout and "--sites" in run.stdout


def test_the_installed_kit_speaks_from_its_message_file(installed):
    """The words are package data (konnektor_kit/messages.toml): an installed kit finds them beside i18n.py."""
    wheel, site = installed
    assert "konnektor_kit/messages.toml" in zipfile.ZipFile(wheel).namelist()
    probe = "from konnektor_kit.i18n import MESSAGES, MESSAGES_FILE, t; print(MESSAGES_FILE, t('code.firm').get('en'))"
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=site.parent, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr[-2000:]
    path, said = run.stdout.strip().split(" ", 1)
    assert Path(path).resolve().is_relative_to(site.resolve()) and said == "Firm code"
