"""Reading spec files: parse YAML/JSON, check the OpenAPI version, validate (with a cache)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from mock.spec.errors import SpecError
from mock.spec.refs import inline_refs

SPEC_SUFFIXES = (".json", ".yaml", ".yml")


def read_document(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            document = json.loads(text)
        else:
            document = yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise SpecError(path, f"line {exc.lineno} column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1} column {mark.column + 1}" if mark else "document"
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError(path, place, f"invalid YAML: {problem}") from None
    if not isinstance(document, dict) or "openapi" not in document:
        raise SpecError(path, "document", "not an OpenAPI document (no top-level `openapi` key)")
    version = str(document["openapi"])
    if not re.match(r"3\.[01]\.\d+$", version):
        raise SpecError(path, "openapi", f"unsupported OpenAPI version {version!r}; 3.0.x and 3.1.x are supported")
    return document


def _validation_cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "specmock" / "validated"


def validate_document(document: dict[str, Any], path: Path) -> None:
    """Validate against the OpenAPI meta-schema; a document seen valid before is not re-checked.

    Validation is the slowest part of start-up (about 0.2 s for AERIOX), so the content hash
    of every document that passed is remembered.
    """
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    marker = _validation_cache_dir() / digest
    if marker.exists():
        return
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    validator_cls = OpenAPIV30SpecValidator if str(document["openapi"]).startswith("3.0") else OpenAPIV31SpecValidator
    try:
        error = next(iter(validator_cls(document).iter_errors()), None)
    except Exception as exc:  # the validator trips over broken $refs; our own resolver names them precisely
        inline_refs(document, path)
        raise SpecError(path, "document", f"{type(exc).__name__}: {exc}"[:300]) from None
    if error is not None:
        place = "$" + "".join(f"[{p!r}]" if not isinstance(p, int) else f"[{p}]" for p in error.absolute_path)
        raise SpecError(path, place, error.message.splitlines()[0])
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # a read-only home only costs the speed-up


def spec_files(specs_dir: Path) -> list[Path]:
    if not specs_dir.is_dir():
        raise SpecError(specs_dir, "directory", "no such directory")
    return sorted(p for p in specs_dir.iterdir() if p.is_file() and p.suffix in SPEC_SUFFIXES)
