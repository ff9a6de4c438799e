"""The specs and scenarios specmock ships with, and the folders a command uses by default.

In a source checkout they are the top-level `specs/` and `scenarios/` folders. A wheel carries
them as package data of `mock.bundled` (pyproject maps `mock.bundled.specs` onto `specs/`, so the
folders stay where users expect them), read through importlib.resources.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[2]


def bundled(name: str) -> Path | None:
    """The bundled `specs` or `scenarios` folder: beside the package in a checkout, package data in a wheel."""
    source = SOURCE_ROOT / name
    if source.is_dir():
        return source
    resource = importlib.resources.files(__name__) / name
    return Path(str(resource)) if resource.is_dir() else None


def default_dir(name: str) -> Path:
    """./<name> when the current directory has one, else the bundled folder (else ./<name>, to be reported)."""
    local = Path(name)
    if local.is_dir():
        return local
    return bundled(name) or local


def default_specs_dir() -> Path:
    return default_dir("specs")


def default_scenarios_dir() -> Path:
    return default_dir("scenarios")
