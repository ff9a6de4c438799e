"""Entry points: every API in a folder, read, normalised, merged, overlaid and indexed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mock.spec.error_style import detect_error_style, find_error_schema
from mock.spec.errors import SpecError
from mock.spec.merging import merge_documents
from mock.spec.model import Api, Operation
from mock.spec.normalising import normalise_document
from mock.spec.operations import api_name, base_path, build_operations, security_schemes, webhook_specs
from mock.spec.overlays import OverlayError, apply_overlay, load_overlay, overlays_for
from mock.spec.reading import read_document, spec_files, validate_document
from mock.spec.refs import inline_refs


def load_apis(
    specs_dir: Path, overlays_dir: Path | None = None, extra_overlays: tuple[Path, ...] = ()
) -> dict[str, Api]:
    """Every API in `specs_dir`, with the overlays of `overlays_dir` (default specs_dir/overlays) applied,
    then those of each `extra_overlays` folder (`serve --overlay DIR`: recorded examples)."""
    grouped: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    notes: dict[str, list[str]] = {}
    for path in spec_files(specs_dir):
        raw = read_document(path)
        validate_document(raw, path)
        document, applied = normalise_document(raw, path)
        name = api_name(raw, path)
        grouped.setdefault(name, []).append((path, document))
        notes.setdefault(name, []).extend(applied)
    if not grouped:
        raise SpecError(specs_dir, "directory", "no *.json, *.yaml or *.yml OpenAPI documents found")
    for folder in extra_overlays:
        if not folder.is_dir():
            raise SpecError(folder, "directory", "no such overlay folder")
    folders = (overlays_dir if overlays_dir is not None else specs_dir / "overlays", *extra_overlays)
    return {name: build_api(name, documents, notes[name], folders) for name, documents in grouped.items()}


def apply_overlays(
    name: str, document: dict[str, Any], overlays_dirs: Path | tuple[Path, ...]
) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """Apply <folder>/<name>.*.yaml (OpenAPI Overlay 1.0) of each folder in turn: what we add to a vendor document."""
    folders = (overlays_dirs,) if isinstance(overlays_dirs, Path) else overlays_dirs
    paths = tuple(path for folder in folders for path in overlays_for(name, folder))
    for path in paths:
        try:
            document = apply_overlay(document, load_overlay(path))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            place = f"line {mark.line + 1} column {mark.column + 1}" if mark else "document"
            raise SpecError(path, place, f"invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
        except OverlayError as exc:
            raise SpecError(path, "actions", str(exc)) from None
        document = inline_refs(document, path)  # overlays may $ref the document's own components
    return document, paths


def build_api(
    name: str,
    documents: list[tuple[Path, dict[str, Any]]],
    notes: list[str],
    overlays_dirs: Path | tuple[Path, ...],
) -> Api:
    document = merge_documents(name, documents)
    document, overlays = apply_overlays(name, document, overlays_dirs)
    notes = [*notes, *(f"{path.name}: overlay applied" for path in overlays)]
    operations = build_operations(name, document)
    seen: dict[str, Operation] = {}
    for operation in operations:
        if operation.operation_id in seen:
            raise SpecError(
                documents[0][0],
                f"paths[{operation.path!r}].{operation.method.lower()}",
                f"operationId {operation.operation_id!r} is used twice",
            )
        seen[operation.operation_id] = operation
    error_schema = find_error_schema(operations)
    return Api(
        name=name,
        title=str((document.get("info") or {}).get("title", name)),
        document=document,
        base_path=base_path(document),
        sources=tuple(p for p, _ in documents),
        overlays=overlays,
        operations=operations,
        security_schemes=security_schemes(document),
        error_schema=error_schema,
        error_style=detect_error_style(document, error_schema),
        normalisations=tuple(notes),
        webhooks=webhook_specs(document),
    )
