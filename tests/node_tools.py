"""Real tools and public material from the npm registry, for the end-to-end tests that need them.

Installed once with npm into a cache folder outside the repository (`~/.cache/specmock-tests/node`, or under
`$XDG_CACHE_HOME`), pinned. `.ci/run` installs them before the tests (`python -m tests.node_tools`); a test
that finds npm missing or an install failing skips and says why.

- newman: Postman's command-line collection runner;
- openapi-to-postmanv2: Postman's converter from an OpenAPI document to a collection;
- @readme/oas-examples: public OpenAPI documents (the Train Travel API by Bump.sh, Petstore…), used as
  published, never copied into the repository;
- swagger-ui-dist: Swagger UI, a published frontend that drives any OpenAPI API from a browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGES = {
    "newman": "6.2.2",
    "openapi-to-postmanv2": "6.3.3",
    "@readme/oas-examples": "8.2.2",
    "swagger-ui-dist": "5.35.0",
}
INSTALL_TIMEOUT_S = 600


def home() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "specmock-tests" / "node"


def modules() -> Path:
    return home() / "node_modules"


def _installed(name: str, version: str) -> bool:
    manifest = modules() / name / "package.json"
    return manifest.exists() and f'"version": "{version}"' in manifest.read_text()


def ensure() -> str | None:
    """Install what is missing; None when every package is there, else why not (for a skip)."""
    missing = [f"{name}@{version}" for name, version in PACKAGES.items() if not _installed(name, version)]
    if not missing:
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed (apt-get install npm): newman and the public specs come from the npm registry"
    home().mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(home()), *missing],
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return f"npm install {' '.join(missing)} took over {INSTALL_TIMEOUT_S} s"
    if done.returncode != 0:
        return f"npm install {' '.join(missing)} failed: {(done.stderr or done.stdout).strip()[-300:]}"
    return None


def binary(name: str) -> Path:
    return modules() / ".bin" / name


if __name__ == "__main__":
    problem = ensure()
    print(problem or f"node tools ready in {home()}", file=sys.stderr)
