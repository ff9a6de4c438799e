"""The OpenAPI document a contract run tests: the mock's normalised document, overlays included.

Both `--api NAME` and `--spec PATH` go through `mock.spec.load_apis`, so the contract is the
exact document the mock serves (3.0 `nullable` rewritten, `$ref`s inlined, Runware's per-task documents
merged). A single `--spec` file is loaded by pointing `load_apis` at a directory holding only it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock.schema_validation import made_meetable
from mock.spec.refs import pointer
from mock.spec.schemas import schema_types


class DocumentError(Exception):
    """The spec cannot be loaded; the message is one line, fit for a usage error."""


@dataclass(frozen=True)
class ContractDocument:
    name: str
    document: dict[str, Any]
    overlays: tuple[Path, ...]
    # Links inferred from the API's resources ((path, method, status) -> links), whether or not applied.
    inferred_links: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = field(default_factory=dict)
    # True when the spec had no links, so the inferred ones are in `document`.
    links_inferred: bool = False
    # The spec's links that name no operation, left out of `document` (each "METHOD path status: name -> target").
    dropped_links: tuple[str, ...] = ()


def _load_apis(specs_dir: Path, overlays_dir: Path | None = None, only: Path | None = None) -> dict[str, Any]:
    from mock.spec import SpecError, load_apis

    try:
        return load_apis(specs_dir, overlays_dir, only=only)
    except SpecError as exc:
        raise DocumentError(str(exc)) from None


def _contract(api: Any) -> ContractDocument:
    from contract_tests.links import has_links, inferred_links, with_operation_ids
    from mock.spec.links import dangling_links, without_links

    links = inferred_links(api)
    document = with_operation_ids(api)
    # schemathesis refuses every stateful phase for one link to nowhere (DigitalOcean's 12 declared links all name
    # operationIds the spec does not have): those are left out, and a spec left with none gets the inferred ones
    dangling = dangling_links(document)
    document = without_links(document, dangling)
    applied = bool(links) and not has_links(document)
    if applied:
        # A spec without links would leave the stateful phases idle: use the mock's own resource inference.
        document = copy.deepcopy(document)
        for (path, method, status), found in links.items():
            # Its own copy of the response: one response object shared by several operations (Gitea's
            # `#/responses/Hook`, for the admin's, the user's and a repository's hooks) took every operation's
            # links, so `POST /admin/hooks` linked to `GET /repos/{owner}/{repo}/hooks/{id}` with no owner to give
            responses = document["paths"][path][method]["responses"]
            response = responses[status]
            responses[status] = {**response, "links": {**(response.get("links") or {}), **copy.deepcopy(found)}}
    # A schema closed against its own parts takes no value as written: schemathesis could make no request body of
    # Bytebase's identity providers and data sources (ten operations never tested), and held every answer to it.
    # The engine is given it as the mock reads it, its parts opened (each marked, for the run's note).
    document = made_meetable(document) or document
    return ContractDocument(
        name=api.name,
        document=with_component_refs(without_empty_query_values(document)),
        overlays=api.overlays,
        inferred_links=links,
        links_inferred=applied,
        dropped_links=tuple(
            f"{link.method.upper()} {link.path} {link.status}: {link.name} -> {link.target or '?'}" for link in dangling
        ),
    )


def with_component_refs(document: dict[str, Any]) -> dict[str, Any]:
    """The document with each component schema held by reference again wherever it is held.

    The mock's loading inlines every `$ref` as the one object it points at, so a schema held in many places is
    one shared object: a graph the size of the spec. schemathesis walks a schema as a tree, and a tree of Xero's
    schemas, which hold one another many times over, is many times larger: its examples phase ran for minutes
    and gigabytes before a request. Given `$ref`s, it reads each schema once. A component's own definition is
    written out (its parts that are components by reference too); a cycle the mock kept as a `$ref` stays one."""
    schemas = (document.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict):
        return document
    pointers = {id(schema): pointer(["components", "schemas", name]) for name, schema in schemas.items()}
    copied: dict[int, Any] = {}

    def walk(node: Any, own: bool = False) -> Any:
        if isinstance(node, dict) and not own and id(node) in pointers:
            return {"$ref": pointers[id(node)]}
        if not isinstance(node, (dict, list)):
            return node
        if not own and id(node) in copied:  # a non-component object shared too (an inlined response): copied once
            return copied[id(node)]
        out: Any = {k: walk(v) for k, v in node.items()} if isinstance(node, dict) else [walk(v) for v in node]
        if not own:
            copied[id(node)] = out
        return out

    out = {key: walk(value) for key, value in document.items() if key != "components"}
    components = {key: walk(value) for key, value in document["components"].items() if key != "schemas"}
    out["components"] = {**components, "schemas": {name: walk(schema, own=True) for name, schema in schemas.items()}}
    return out


def without_empty_query_values(document: dict[str, Any]) -> dict[str, Any]:
    """Say in JSON Schema what the mock does: a query value may be empty unless `allowEmptyValue: false`.

    Real backends (FastAPI, Express, Rails, Django) take `?cursor=` for a string parameter, and so
    does the mock; only a spec that says `allowEmptyValue: false` explicitly refuses it. schemathesis
    does not read the keyword, so a `minLength: 1` on the string schema of each such parameter tells
    it that rule.

    An empty list has no spelling in a query array that is not exploded: RFC 6570 leaves the parameter
    out, and `?ids=` is one empty element (openapi-core reads it so, and so does the mock). schemathesis
    sends `?ids=` for [], so such an array is given `minItems: 1`. Every other parameter is left as the
    spec wrote it.
    """
    document = copy.deepcopy(document)
    for item in (document.get("paths") or {}).values():
        for operation in [item, *(v for v in item.values() if isinstance(v, dict))]:
            for parameter in operation.get("parameters") or []:
                if not isinstance(parameter, dict) or parameter.get("in") != "query":
                    continue
                if parameter.get("allowEmptyValue") is False:
                    _forbid_empty_string(parameter.get("schema"))
                if _joined_array(parameter):
                    schema = parameter["schema"]
                    schema["minItems"] = max(1, int(schema.get("minItems", 0)))
    return document


def _joined_array(parameter: dict[str, Any]) -> bool:
    """A query array written as one value (`ids=1,2`, `ids=1|2`): not exploded (only `form` explodes unless told)."""
    schema = parameter.get("schema")
    if not isinstance(schema, dict) or "array" not in schema_types(schema):
        return False
    return parameter.get("explode", parameter.get("style", "form") == "form") is False


def _forbid_empty_string(schema: Any) -> None:
    if not isinstance(schema, dict):
        return
    kinds = schema.get("type")
    if kinds == "string" or (isinstance(kinds, list) and "string" in kinds):
        schema["minLength"] = max(1, int(schema.get("minLength", 0)))
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key) or []:
            _forbid_empty_string(option)
    if isinstance(schema.get("items"), dict):
        _forbid_empty_string(schema["items"])


def load_api_document(name: str, specs_dir: Path) -> ContractDocument:
    apis = _load_apis(specs_dir)
    if name not in apis:
        known = ", ".join(sorted(apis)) or "none"
        raise DocumentError(f"unknown api {name!r} in {specs_dir} (known: {known})")
    return _contract(apis[name])


def load_spec_document(spec: Path) -> ContractDocument:
    if not spec.is_file():
        raise DocumentError(f"{spec}: no such file")
    # Read from its own folder, where the files it `$ref`s are (DigitalOcean's spec is 2,900 of them); the
    # folder's other documents are not loaded. Overlays for a spec file live beside it, in ./overlays/<name>.*.yaml.
    folder = spec.resolve().parent
    apis = _load_apis(folder, folder / "overlays", only=spec.resolve())
    if len(apis) != 1:
        raise DocumentError(f"{spec}: expected one API, found {len(apis)}")
    (api,) = apis.values()
    return _contract(api)
