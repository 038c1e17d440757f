"""The one thing pyproject.toml cannot say: the pages live in `notebooks/` at the top of the repository
and ship inside the package as `konnektor_kit/notebooks/` (in the wheel and the sdist), where
`konnektor_kit.env.NOTEBOOKS` finds them once installed. Everything else is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

setup(
    # every package of the kit as on disk (folders of data too, as pyproject's find did), plus the pages folder mapped into it
    packages=[*find_namespace_packages(include=["konnektor_kit", "konnektor_kit.*"]), "konnektor_kit.notebooks"],
    package_dir={"konnektor_kit.notebooks": "notebooks"},
)
