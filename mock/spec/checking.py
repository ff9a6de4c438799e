"""The lenient loading policy: what stops a spec (errors) and what is only reported (warnings).

A real backend serves a document whose `info.termsOfService` is not a URI, whose examples are
stale or whose `required` lists a name twice. So does specmock: everything openapi-spec-validator
finds is a warning with its JSON pointer, listed by `specmock specs check` and fatal only under
`--strict`. What stops loading is what stops serving: unreadable files, `$ref`s that cannot or must
not be resolved, and operations that are not there to build (those raise SpecError elsewhere).

The validator is run with resolver handlers that read files inside the spec folder only and
never a URL; our own resolver has already refused anything else before it runs.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from mock.spec.errors import SpecError
from mock.spec.reading import read_data
from mock.spec.refs import pointer

POLICY_VERSION = "1"  # bump when the warnings a document gets change, to drop cached verdicts


@dataclass(frozen=True)
class SpecWarning:
    """Something a real backend would shrug at: reported, not fatal (unless --strict)."""

    file: str
    place: str  # a JSON pointer, #/paths/~1pets/get/...
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.place}: {self.problem}"


class FolderOnlyHandler:
    """A jsonschema-path handler that reads spec files inside one folder and refuses everything else."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def __call__(self, uri: str) -> Any:
        parts = urlsplit(uri)
        if parts.scheme != "file":
            raise SpecError(uri, "$ref", "remote references are never fetched")
        file = Path(url2pathname(parts.path)).resolve()
        if not file.is_relative_to(self.folder):
            raise SpecError(uri, "$ref", f"outside the spec folder {self.folder}; not read")
        return read_data(file)


def validator_warnings(document: dict[str, Any], path: Path, folder: Path, files: Iterable[Path]) -> list[SpecWarning]:
    """openapi-spec-validator's findings as warnings; remembered by the content of every file involved."""
    digest = hashlib.sha256(POLICY_VERSION.encode())
    for file in files:
        digest.update(str(file).encode() + b"\0" + file.read_bytes())
    cached = _cache_dir() / digest.hexdigest()
    try:
        return [SpecWarning(*entry) for entry in json.loads(cached.read_text())]
    except (OSError, ValueError, TypeError):
        pass
    warnings = list(_run_validator(document, path, folder))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps([[w.file, w.place, w.problem] for w in warnings]))
    except OSError:
        pass  # a read-only home only costs the speed-up
    return warnings


def _run_validator(document: dict[str, Any], path: Path, folder: Path) -> Iterable[SpecWarning]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    base = OpenAPIV30SpecValidator if str(document.get("openapi")).startswith("3.0") else OpenAPIV31SpecValidator
    handler = FolderOnlyHandler(folder)
    validator_cls = type("FolderOnly" + base.__name__, (base,), {"resolver_handlers": _handlers(handler)})
    seen: set[tuple[str, str]] = set()
    try:
        for error in validator_cls(document, base_uri=path.resolve().as_uri()).iter_errors():
            place = pointer(list(error.absolute_path))
            problem = _short_message(error)
            if (place, problem) not in seen:
                seen.add((place, problem))
                yield SpecWarning(str(path), place, problem)
    except SpecError as exc:
        yield SpecWarning(str(path), "#", f"not fully checked: {exc.problem}")
    except RecursionError:
        yield SpecWarning(str(path), "#", "not fully checked: the validator ran out of stack")
    except Exception as exc:  # the validator trips over documents it cannot walk; we serve them anyway
        yield SpecWarning(str(path), "#", f"not fully checked: {type(exc).__name__}: {exc}"[:300])


def _short_message(error: Any) -> str:
    """The validator's message without the (possibly huge) value it quotes."""
    message = " ".join(str(error.message).split())
    quoted = " ".join(repr(error.instance).split())
    if len(quoted) > 60 and quoted in message:
        message = message.replace(quoted, type(error.instance).__name__)
    return message[:300]


def _handlers(handler: FolderOnlyHandler) -> dict[str, Any]:
    return {"<all_urls>": handler, "http": handler, "https": handler, "file": handler}


def _cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "specmock" / "checked"
