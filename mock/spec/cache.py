"""The on-disk cache of normalised documents, keyed by the content of every file they were read from.

Reading, resolving and checking GitHub's 13 MB spec takes seconds; unpickling the result takes a
fraction of that. An entry is used only when the document's own bytes and those of every file its
`$ref`s read are unchanged, and when the same source of this package wrote it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
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


def _directory() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "specmock" / "normalised"


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
