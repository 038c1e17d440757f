"""`pip install .` (not editable) must give a `konnektor-kit serve` with its six pages: the pages live in
`notebooks/` at the top of the repository and setup.py maps them into the package as
`konnektor_kit/notebooks/`, in the sdist and the wheel; `konnektor_kit.env.NOTEBOOKS` finds them where the
kit is installed, and in the checkout for an editable install.

The sdist is built from a copy of what a build reads (pyproject.toml, setup.py, README.md, konnektor_kit/,
notebooks/), and the wheel from that sdist unpacked (as pip builds from an index), so the checkout gets no
build/ or egg-info from the test; pip's isolated build takes setuptools from the machine's package index
(offline here), else the venv's own (--no-build-isolation).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def pip(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )


def build(kind: str, src: Path, out: Path) -> Path:
    """`python -m build`'s job done by pip (wheel) or by setuptools' backend (sdist), isolated when it can."""
    if kind == "wheel":
        done = pip("wheel", str(src), "--no-deps", "-w", str(out), cwd=src.parent)
        if done.returncode != 0:
            done = pip("wheel", str(src), "--no-deps", "--no-build-isolation", "-w", str(out), cwd=src.parent)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        (made,) = out.glob("konnektor_kit-*.whl")
        return made
    # pip builds no sdist: setuptools' backend does, from the build requirement pip puts in a folder of its own
    backend = out.parent / "backend"
    requires = tomllib.loads((src / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    done = pip("install", "--no-deps", "--target", str(backend), *requires, cwd=src.parent)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    code = f"from setuptools import build_meta as b; print(b.build_sdist({str(out)!r}))"
    env = {**os.environ, "PYTHONPATH": str(backend)}
    done = subprocess.run([sys.executable, "-c", code], cwd=src, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("sdist")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, src)
    for folder in ("konnektor_kit", "notebooks"):
        shutil.copytree(
            ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
        )
    return build("sdist", src, tmp / "dist")


@pytest.fixture(scope="module")
def installed(sdist, tmp_path_factory) -> tuple[Path, Path]:
    """(the wheel built from the sdist, the folder it was installed into with `pip install --target`)."""
    tmp = tmp_path_factory.mktemp("wheel")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp, filter="data")
    (src,) = tmp.glob("konnektor_kit-*")
    wheel = build("wheel", src, tmp / "dist")
    done = pip("install", "--no-deps", "--no-compile", "--target", str(tmp / "site"), str(wheel), cwd=tmp)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return wheel, tmp / "site"


def test_the_checkout_has_the_six_pages():
    assert len(PAGES) == 6 and PAGES[0] == "00_baslangic.ipynb", PAGES
    assert not (ROOT / "konnektor_kit" / "notebooks").exists()  # one place only: notebooks/ at the top
    assert (ROOT / "notebooks" / "conftest.py").is_file()  # nbval's set-up beside the pages


def test_the_editable_checkout_serves_the_top_folder():
    """The kit imported from the checkout (as `pip install -e .` and the tests do) finds notebooks/ for
    `serve` (Voila's folder), the hub (the single-user server's root) and the campaign's papermill."""
    from konnektor_kit import app, env, hub

    assert env.NOTEBOOKS == ROOT / "notebooks"
    assert sorted(p.name for p in env.NOTEBOOKS.glob("*.ipynb")) == PAGES
    assert app.voila_command(8866)[3] == str(ROOT / "notebooks")
    assert f"--ServerApp.root_dir={ROOT / 'notebooks'}" in hub.server_args()
    assert env.pages_folder(ROOT / "konnektor_kit") == ROOT / "notebooks"


def test_an_installed_package_prefers_its_own_pages(tmp_path):
    """Installed, the pages are inside the package; a `notebooks/` beside it (site-packages) is not read."""
    from konnektor_kit import env

    package = tmp_path / "site-packages" / "konnektor_kit"
    (package / "notebooks").mkdir(parents=True)
    (package / "notebooks" / env.START_PAGE).write_text("{}", encoding="utf-8")
    (package.parent / "notebooks").mkdir()
    (package.parent / "notebooks" / env.START_PAGE).write_text("{}", encoding="utf-8")
    assert env.pages_folder(package) == package / "notebooks"


def test_the_sdist_holds_the_pages_at_the_top(sdist):
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    (top,) = {n.split("/", 1)[0] for n in names}
    assert all(f"{top}/notebooks/{page}" in names for page in PAGES), names
    assert f"{top}/setup.py" in names and f"{top}/notebooks/conftest.py" in names


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
