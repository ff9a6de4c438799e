"""The on-disk caches of what loading a document costs, keyed by the content of every file read.

Two kinds of entry, both used only when the document's own bytes and those of every file its
`$ref`s read are unchanged, and when the same source of this package wrote them:
  - the normalised document (`lookup`/`store`): reading and resolving GitHub's 13 MB spec takes
    seconds; unpickling the result takes a fraction of that;
  - openapi-spec-validator's verdict (`lookup_verdict`/`store_verdict`), also keyed by the
    validator's own version: it takes 15 CPU seconds on that spec, so `serve` runs it after
    it starts serving and the next start finds the verdict here.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMAT = b"specmock-normalised-5"


@functools.cache
def _code_version() -> bytes:
    """The spec package's own source: any change to how documents are read or normalised drops old entries."""
    digest = hashlib.sha256(FORMAT)
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.digest()


def _directory(kind: str = "normalised") -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "specmock" / kind


def _digest(data: bytes) -> str:
    return hashlib.sha256(_code_version() + data).hexdigest()


def _entry_path(path: Path) -> Path | None:
    try:
        return _directory() / _digest(str(path.resolve()).encode() + b"\0" + path.read_bytes())
    except OSError:
        return None


# Smaller documents load in milliseconds; caching them would only fill the folder.
MIN_BYTES = 256 * 1024


def lookup(path: Path) -> Any | None:
    """What `store` kept for this document, if it and every file it read are unchanged."""
    entry = _entry_path(path) if _large(path) else None
    if entry is None or not entry.is_file():
        return None
    try:
        with open(entry, "rb") as handle:
            files, value = pickle.load(handle)  # noqa: S301 - our own cache, in the user's own cache folder
        for file, digest in files:
            if _digest(Path(file).read_bytes()) != digest:
                return None
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, RecursionError):
        return None
    return value


def _large(path: Path) -> bool:
    try:
        return path.stat().st_size >= MIN_BYTES
    except OSError:
        return False


def store(path: Path, files: tuple[Path, ...], value: Any) -> None:
    entry = _entry_path(path) if _large(path) else None
    if entry is None:
        return
    try:
        digests = [(str(file), _digest(file.read_bytes())) for file in files if file.resolve() != path.resolve()]
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump((digests, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(entry)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a read-only or full cache folder only costs the speed-up


@functools.cache
def _validator_version() -> bytes:
    """openapi-spec-validator's `__init__.py` (its `__version__`), found without importing it (that takes 0.5 s)."""
    found = importlib.util.find_spec("openapi_spec_validator")
    try:
        return Path(found.origin).read_bytes() if found is not None and found.origin else b""
    except OSError:
        return b""


def _verdict_path(files: Iterable[Path]) -> Path | None:
    digest = hashlib.sha256(_code_version() + _validator_version())
    try:
        for file in files:
            digest.update(str(file).encode() + b"\0" + file.read_bytes() + b"\0")
    except OSError:
        return None
    return _directory("verdicts") / digest.hexdigest()


def lookup_verdict(files: Iterable[Path]) -> list[tuple[str, str, str]] | None:
    """The validator's findings (file, place, problem) on exactly these files, if it has judged them."""
    entry = _verdict_path(files)
    try:
        found = json.loads(entry.read_text()) if entry is not None else None
    except (OSError, ValueError):
        return None
    if not isinstance(found, list) or not all(isinstance(e, list) and len(e) == 3 for e in found):
        return None
    return [(str(file), str(place), str(problem)) for file, place, problem in found]


def store_verdict(files: Iterable[Path], findings: Iterable[tuple[str, str, str]]) -> None:
    entry = _verdict_path(files)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps([list(finding) for finding in findings]))
        temporary.replace(entry)
    except OSError:
        pass  # a read-only or full cache folder only costs the speed-up
