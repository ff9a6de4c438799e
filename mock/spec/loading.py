"""Entry points: every API in a folder, read, normalised, merged, overlaid and indexed.

One document that cannot be served does not take the others down: `load_specs` loads the rest
and reports it. `load_apis` is the all-or-nothing form that the contract runner and tests use.

openapi-spec-validator's findings are only ever warnings (mock/spec/checking.py): with
`validate_now=False` (what `serve` does unless `--strict`) a document it has not judged before is
loaded without waiting for it and listed in `LoadedSpecs.unchecked`, for a check after start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from mock.spec import cache
from mock.spec.checking import SpecWarning, UncheckedDocument, cached_warnings, validator_warnings
from mock.spec.discriminators import register_document, settle_discriminators
from mock.spec.error_style import detect_error_style, find_error_schema
from mock.spec.errors import SpecError
from mock.spec.links import dangling_links
from mock.spec.merging import merge_documents
from mock.spec.model import FORM_MEDIA_TYPES, Api, Operation
from mock.spec.normalising import (
    as_openapi_31,
    normalise_document,
    resolver_for,
    unread_in_32,
    with_form_slips_read_as_forms,
    with_path_parameters_declared,
    with_upper_case_ranges,
    without_empty_content,
    without_impossible_content,
    without_malformed_media_types,
    without_nameless_parameters,
    without_undeclared_security_schemes,
)
from mock.spec.operations import (
    api_name,
    base_path,
    build_operations,
    merged_slashes,
    security_schemes,
    split_path_key,
    template_shape,
    unplaceable_path_parameters,
    webhook_specs,
)
from mock.spec.overlays import OverlayError, apply_overlay, load_overlay, overlays_for
from mock.spec.reading import NOT_AN_API_DOCUMENT, check_version, is_api_document, is_swagger2, read_data, spec_files
from mock.spec.recursion import allow_deep_schemas
from mock.spec.refs import pointer, resolve_document
from mock.spec.schemas import (
    closed_part_conflict,
    endless_schemas,
    holds_fields,
    open_alike_options,
    schema_types,
    twin_options,
)
from mock.spec.swagger2 import upgrade_swagger2


@dataclass
class LoadedSpecs:
    apis: dict[str, Api] = field(default_factory=dict)
    failures: list[SpecError] = field(default_factory=list)  # documents (or APIs) that are not served
    warnings: list[SpecWarning] = field(default_factory=list)
    unchecked: list[UncheckedDocument] = field(default_factory=list)  # not yet judged by openapi-spec-validator

    def raise_first(self) -> None:
        if self.failures:
            raise self.failures[0]


@dataclass
class _Document:
    path: Path
    document: dict[str, Any]
    notes: list[str]
    warnings: list[SpecWarning]


def load_apis(
    specs_dir: Path,
    overlays_dir: Path | None = None,
    extra_overlays: tuple[Path, ...] = (),
    *,
    only: Path | None = None,
) -> dict[str, Api]:
    """Every API in `specs_dir` (`only`: the one document of that folder at this path, with what it `$ref`s);
    the first document that cannot be served stops loading (SpecError)."""
    loaded = load_specs(specs_dir, overlays_dir, extra_overlays, only=only)
    loaded.raise_first()
    return loaded.apis


def load_specs(
    specs_dir: Path,
    overlays_dir: Path | None = None,
    extra_overlays: tuple[Path, ...] = (),
    *,
    validate_now: bool = True,
    only: Path | None = None,
) -> LoadedSpecs:
    """Every API in `specs_dir`, with the overlays of `overlays_dir` (default specs_dir/overlays) applied,
    then those of each `extra_overlays` folder (`serve --overlay DIR`: recorded examples).

    Without `validate_now`, documents whose validator verdict is not cached go to `unchecked`
    and their APIs carry only the warnings found while loading."""
    allow_deep_schemas()
    result = LoadedSpecs()
    for folder in extra_overlays:
        if not folder.is_dir():
            result.failures.append(SpecError(folder, "directory", "no such overlay folder"))
    if result.failures:
        return result
    grouped: dict[str, list[_Document]] = {}
    fragments: dict[Path, SpecError] = {}
    referenced: set[Path] = set()
    for path in [only] if only is not None else spec_files(specs_dir):
        try:
            raw = None
            cached = cache.lookup(path)
            if cached is not None:
                name, loaded, files = cached
            else:
                raw = read_data(path)
                if not is_api_document(raw):
                    fragments[path.resolve()] = SpecError(path, "document", NOT_AN_API_DOCUMENT)
                    continue
                check_version(raw, path)
                loaded, files = load_document(raw, path, specs_dir)
                name = api_name(raw, path)
                cache.store(path, files, (name, loaded, files))  # without the validator's verdict: cached apart
            verdict = cached_warnings(files)
            if verdict is None and validate_now:
                verdict = validator_warnings(path, specs_dir, files, raw)
            if verdict is None:
                result.unchecked.append(UncheckedDocument(path, specs_dir, files))
            else:
                loaded = replace(loaded, warnings=[*verdict, *loaded.warnings])
            referenced.update(files[1:])
            grouped.setdefault(name, []).append(loaded)
        except SpecError as exc:
            result.failures.append(exc)
    # a file without `openapi` is fine when a document $refs it (a multi-file spec); otherwise it is a mistake
    result.failures.extend(error for file, error in fragments.items() if file not in referenced)
    folders = (overlays_dir if overlays_dir is not None else specs_dir / "overlays", *extra_overlays)
    for name, documents in grouped.items():
        try:
            api = build_api(name, documents, folders)
        except SpecError as exc:
            result.failures.append(exc)
            continue
        result.apis[name] = api
        result.warnings.extend(api.warnings)
    if not result.apis and not result.failures:
        result.failures.append(SpecError(specs_dir, "directory", "no *.json, *.yaml or *.yml OpenAPI documents found"))
    return result


def load_document(raw: dict[str, Any], path: Path, folder: Path) -> tuple[_Document, tuple[Path, ...]]:
    """One root document: `$ref`s resolved (files inside `folder` only), normalised to 3.1; its warnings
    are those found on the way (openapi-spec-validator's are added by `load_specs`)."""
    resolver = resolver_for(raw, path, folder)
    document = resolve_document(resolver)  # refuses remote and outside refs before any validator runs
    document = _without_path_extensions(document)
    notes = resolver.notes
    unread = [SpecWarning(str(path), pointer(parts), what) for parts, what in unread_in_32(document)]
    if is_swagger2(document):
        document = upgrade_swagger2(document, path.name, notes)
    else:
        document = as_openapi_31(document, path.name, notes)
    discriminator_notes, warnings = settle_discriminators(document, str(path))
    warnings = [*unread, *warnings]
    notes += discriminator_notes
    components = (document.get("components") or {}).get("schemas") or {}
    warnings += [
        SpecWarning(
            str(path),
            pointer(["components", "schemas", name]),
            "no finite value satisfies this schema: its required properties lead back to it; generated answers"
            " stop after a bounded depth and cannot validate",
        )
        for name in endless_schemas(components)
    ]
    warnings += [
        SpecWarning(
            str(path),
            pointer(["components", "schemas", name]),
            f"{conflict}; the mock judges requests and answers by what its parts describe together",
        )
        for name, schema in components.items()
        if (conflict := closed_part_conflict(schema)) is not None
    ]
    warnings += [
        SpecWarning(
            str(path),
            pointer(["components", "schemas", name, "oneOf"]),
            f"options {first} and {second} are alike: no value is one of them only, so none satisfies it as"
            " written; the mock reads it as an anyOf",
        )
        for name, schema in components.items()
        if (twins := twin_options(schema)) is not None
        for first, second in [twins]
    ]
    warnings += [
        SpecWarning(
            str(path),
            pointer(["components", "schemas", name, "oneOf"]),
            "two of its options are open objects that require nothing and type no field otherwise: every value one"
            " of them describes meets the other too, so none of theirs satisfies it as written; the mock reads it as"
            " an anyOf",
        )
        for name, schema in components.items()
        if twin_options(schema) is None and open_alike_options(schema) is not None
    ]
    return _Document(path, document, notes, warnings), resolver.files


def _alike_templates(source: str, operations: tuple[Operation, ...]) -> list[SpecWarning]:
    """Templates alike but for their parameter names, which OpenAPI forbids ("Templated paths with the same
    hierarchy but different templated names MUST NOT exist"): served all the same, told apart as routing says."""
    first: dict[str, str] = {}
    warned: list[SpecWarning] = []
    for template in dict.fromkeys(split_path_key(o.path)[0] for o in operations):
        shape = template_shape(template)
        if shape in first and "{" in shape:
            warned.append(
                SpecWarning(
                    source,
                    pointer(["paths", template]),
                    f"alike {first[shape]} but for its parameter names, which OpenAPI forbids; a request that"
                    " matches both goes to the one whose method and path parameters take it",
                )
            )
        first.setdefault(shape, template)
    return warned


def _forms_without_fields(source: str, operations: tuple[Operation, ...]) -> list[SpecWarning]:
    """Form bodies whose schema is a file's or a list's, not an object of fields as OpenAPI wants: read leniently
    (mock/form_bodies.py), and said once, since a client written from the spec may send anything."""
    return [
        SpecWarning(
            source,
            pointer(["paths", operation.path, operation.method.lower(), "requestBody", "content", name, "schema"]),
            f"a {name} body whose schema is not an object of fields ({', '.join(schema_types(media.schema))}):"
            " a form of one field is read as that field's value, a list as every field's value",
        )
        for operation in operations
        if operation.request_body is not None
        for name, media in operation.request_body.content.items()
        if name in FORM_MEDIA_TYPES and media.schema is not None and not holds_fields(media.schema)
    ]


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
        document, _ = normalise_document(document, path)  # overlays may $ref the document's own components
    return document, paths


def _without_path_extensions(document: dict[str, Any]) -> dict[str, Any]:
    """The document without the specification extensions of its Paths Object (`x-…` keys beside the templates, which
    OpenAPI allows; Apicurio's `x-codegen-contextRoot`): no path, and refused as a path item that is no mapping."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return document
    extensions = {key for key in paths if isinstance(key, str) and key.startswith("x-")}
    if not extensions:
        return document
    return {**document, "paths": {key: item for key, item in paths.items() if key not in extensions}}


def build_api(name: str, documents: list[_Document], overlays_dirs: Path | tuple[Path, ...]) -> Api:
    document = merge_documents(name, [(d.path, d.document) for d in documents])
    document, overlays = apply_overlays(name, document, overlays_dirs)
    document, emptied = without_impossible_content(document)
    # before the empty `content` is dropped: a response whose only key was no media type (OSF's `data`) is left with
    # none, which openapi-core reads as a body required ("Missing response data" on every answer)
    document, malformed = without_malformed_media_types(document)
    document, no_payload = without_empty_content(document)
    document, form_slips = with_form_slips_read_as_forms(document)
    document, ranges = with_upper_case_ranges(document)
    document, undeclared = with_path_parameters_declared(document)
    document, nameless = without_nameless_parameters(document)
    document, unknown_schemes = without_undeclared_security_schemes(document)
    register_document(document)
    notes = [note for d in documents for note in d.notes]
    notes += [f"{path.name}: overlay applied" for path in overlays]
    notes += [
        f"{documents[0].path.name}: {place}: content: {{}} → no content (it names no media type)"
        for place in no_payload
    ]
    warnings = [warning for d in documents for warning in d.warnings]
    warnings += [
        SpecWarning(str(documents[0].path), place, "HTTP gives this status no content (RFC 9110): answered without it")
        for place in emptied
    ]
    warnings += [
        SpecWarning(
            str(documents[0].path),
            place,
            "a response range written in lower case: read as the range OpenAPI writes upper-case (4XX)",
        )
        for place in ranges
    ]
    warnings += [
        SpecWarning(str(documents[0].path), place, "not a media type (`type/subtype`): left out") for place in malformed
    ]
    warnings += [
        SpecWarning(str(documents[0].path), place, "no form media type: read as the form its subtype names")
        for place in form_slips
    ]
    warnings += [
        SpecWarning(str(documents[0].path), place, "a path parameter its template names is not declared: taken as text")
        for place in undeclared
    ]
    warnings += [SpecWarning(str(documents[0].path), place, "a parameter with no name: ignored") for place in nameless]
    warnings += [
        SpecWarning(
            str(documents[0].path), place, "a security scheme `components.securitySchemes` does not declare: ignored"
        )
        for place in unknown_schemes
    ]
    warnings += [
        SpecWarning(str(documents[0].path), place, f"path parameter `{parameter}` has no place in the path: ignored")
        for place, parameter in unplaceable_path_parameters(document)
    ]
    warnings += [
        SpecWarning(
            str(documents[0].path),
            pointer(["paths", template]),
            f"an empty segment (`//`): also served at {merged_slashes(template)}, where most clients merge the slashes",
        )
        for template in document.get("paths") or {}
        if merged_slashes(str(template)) != template
    ]
    operations = build_operations(name, document, documents[0].path)
    seen: dict[str, Operation] = {}
    unique = []
    for operation in operations:
        if operation.operation_id in seen:
            first = seen[operation.operation_id]
            renamed = _free_id(operation.operation_id, seen)
            warnings.append(
                SpecWarning(
                    str(documents[0].path),
                    f"#/paths/{_escape(operation.path)}/{operation.method.lower()}/operationId",
                    f"operationId {operation.operation_id!r} is also used by {first.method} {first.path};"
                    f" this one is served as {renamed!r}",
                )
            )
            operation = operation.renamed(renamed)
        seen[operation.operation_id] = operation
        unique.append(operation)
    operations = tuple(unique)
    warnings += _alike_templates(str(documents[0].path), operations)
    warnings += _forms_without_fields(str(documents[0].path), operations)
    warnings += [SpecWarning(str(documents[0].path), link.place, link.problem) for link in dangling_links(document)]
    error_schema = find_error_schema(operations)
    return Api(
        name=name,
        title=str((document.get("info") or {}).get("title", name)),
        document=document,
        base_path=base_path(document),
        sources=tuple(d.path for d in documents),
        overlays=overlays,
        operations=operations,
        security_schemes=security_schemes(document),
        error_schema=error_schema,
        error_style=detect_error_style(document, error_schema),
        normalisations=tuple(notes),
        warnings=tuple(warnings),
        webhooks=webhook_specs(document),
    )


def _free_id(operation_id: str, seen: dict[str, Operation]) -> str:
    number = 2
    while f"{operation_id}_{number}" in seen:
        number += 1
    return f"{operation_id}_{number}"


def _escape(template: str) -> str:
    return template.replace("~", "~0").replace("/", "~1")
