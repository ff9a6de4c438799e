"""Virtualenvs holding the official Runware SDKs, exactly as PyPI ships them.

Both `runware-sdk` and `runware` install a top-level `runware` package, so each gets its own
virtualenv, created with `python -m venv` and `pip install <name>==<version>` and cached
under `~/.cache/specmock-tests/sdk-venvs/<name>-<version>` (or `$SPECMOCK_TEST_CACHE/sdk-venvs`)
for later runs. A venv is only used once its `.ready` marker is written, so an interrupted
install is redone; a file lock keeps parallel test workers from building the same one twice.

The versions are the ones the WebSocket and REST tests were written against; bump them
deliberately, after reading what the new version sends.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

SDK_VERSIONS = {
    "runware-sdk": "1.8.0",  # Runware's current Python SDK: REST and WebSocket transports
    "runware": "0.5.24",  # the older WebSocket-only SDK, still the one most code uses
}

INSTALL_TIMEOUT = 600


def cache_root() -> Path:
    base = os.environ.get("SPECMOCK_TEST_CACHE")
    root = Path(base) if base else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "specmock-tests"
    return root / "sdk-venvs"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sdk_python(name: str) -> Path:
    """The interpreter of a venv where `name` (pinned in SDK_VERSIONS) is installed; built if missing."""
    version = SDK_VERSIONS[name]
    venv = cache_root() / f"{name}-{version}"
    python = venv / "bin" / "python"
    ready = venv / ".ready"
    with _locked(venv.with_name(venv.name + ".lock")):
        if ready.exists() and python.exists():
            return python
        shutil.rmtree(venv, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(venv)], f"creating the venv for {name}")
        _run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--quiet",
                f"{name}=={version}",
            ],
            f"pip install {name}=={version}",
        )
        ready.write_text(f"{name}=={version}\n")
    return python


def sdk_pythons(names: tuple[str, ...] = tuple(SDK_VERSIONS)) -> dict[str, Path]:
    """Every SDK's interpreter, building missing venvs in parallel (the slow part of a cold run)."""
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        return dict(zip(names, pool.map(sdk_python, names), strict=True))


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
