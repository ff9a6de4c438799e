"""OpenAPI links inferred from the API's resources, for specs that declare none.

The inference is the mock's own (`mock.spec.resources.infer_resources`): each resource names its
create, item and list operations and where the new id sits in the create answer. From that come
links create -> each item operation (the id from the answer, parent ids from the create's own path),
and parent item -> child create/list (the parent's id). They are added to the contract document when
the spec has no links at all, and `specmock contract --emit-links FILE` writes them as an OpenAPI
Overlay 1.0 for review (drop it in `specs/overlays/<api>.links.yaml` to keep it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import yaml

from mock.spec.operations import path_parameter_names, raw_operations


def has_links(document: dict[str, Any]) -> bool:
    return any(
        isinstance(response, dict) and response.get("links")
        for _, _, operation in raw_operations(document)
        for response in (operation.get("responses") or {}).values()
    )


def _pointer(dotted: str) -> str:
    parts = [part for part in dotted.split(".") if part]
    return "/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _locate(api: Any, operation_id: str) -> tuple[str, str, dict[str, Any]] | None:
    """The path, method and document object of an operation, by the id the mock knows it by: its `operationId`,
    or the one made for it where the spec gives none (Swashbuckle's; `with_operation_ids` writes those in)."""
    for operation in api.operations:
        if operation.operation_id == operation_id:
            item = (api.document.get("paths") or {}).get(operation.path)
            method = operation.method.lower()
            raw = item.get(method) if isinstance(item, dict) else None
            return (operation.path, method, raw) if isinstance(raw, dict) else None
    return None


def with_operation_ids(api: Any) -> dict[str, Any]:
    """The API's document with each operation given the `operationId` the mock knows it by, where the spec gives
    none or one another operation has too (Deepgram's ten `get`s, the second served as `get_2`): the inferred links
    name their targets by it, and schemathesis finds a link's target by its id. (The document itself where every
    operation has its own.)"""
    paths = api.document.get("paths") or {}
    missing = [
        (operation.path, operation.method.lower(), operation.operation_id)
        for operation in api.operations
        if isinstance(paths.get(operation.path), dict)
        and isinstance(paths[operation.path].get(operation.method.lower()), dict)
        and paths[operation.path][operation.method.lower()].get("operationId") != operation.operation_id
    ]
    if not missing:
        return cast(dict[str, Any], api.document)
    named = {**api.document, "paths": {**paths}}
    for path, method, operation_id in missing:
        item = named["paths"][path] = {**named["paths"][path]}
        item[method] = {**item[method], "operationId": operation_id}
    return named


def _success_status(operation: dict[str, Any]) -> str | None:
    codes = sorted(str(code) for code in (operation.get("responses") or {}) if str(code).startswith("2"))
    return codes[0] if codes else None


def _link_name(role: str, operation_id: str) -> str:
    return f"{role.capitalize()}{operation_id[:1].upper()}{operation_id[1:]}"


def inferred_links(api: Any) -> dict[tuple[str, str, str], dict[str, dict[str, Any]]]:
    """(path, method, status) of a response -> {link name: link object}."""
    from mock.spec.resources import CREATE, DELETE, GET, LIST, REPLACE, UPDATE, infer_resources, record_named_in

    links: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}

    def add(source_id: str, name: str, link: dict[str, Any]) -> None:
        located = _locate(api, source_id)
        if located is None:
            return
        path, method, operation = located
        status = _success_status(operation)
        if status is not None:
            links.setdefault((path, method, status), {})[name] = link

    resources = infer_resources(api)
    by_name = {resource.name: resource for resource in resources}
    operations = {operation.operation_id: operation for operation in api.operations}
    for resource in resources:
        creators = resource.operations.get(CREATE, ())
        item_ids = [op for role in (GET, REPLACE, UPDATE, DELETE) for op in resource.operations.get(role, ())]
        parents = {param: f"$request.path.{param}" for param in resource.parent_params}
        for creator in creators:
            if resource.create_id_path is not None:
                id_expression = f"$response.body#{_pointer(resource.create_id_path)}"
            else:
                record = resource.record_paths.get(creator, "")
                id_expression = f"$response.body#{_pointer('.'.join(p for p in (record, resource.id_field) if p))}"
            id_param = resource.id_param
            for target in item_ids:
                located = _locate(api, target)
                if located is None:
                    continue
                link: dict[str, Any] = {"operationId": target}
                values = dict(parents)  # the path's
                asked: dict[str, str] = {}  # the query's
                if id_param is not None and f"{{{id_param}}}" in located[0]:
                    values[id_param] = id_expression
                else:
                    # `PUT /pet {"id": 7}`, RPC-style `POST /documents.info {"id": …}`, `GET /users/get?id=7`: the
                    # id goes where the target names its record (a body given is merged into the generated one)
                    name = resource.record_named_by.get(target, resource.id_field)
                    named_in = record_named_in(operations[target], name)
                    if named_in is None or "." in name:
                        continue
                    if named_in == "body":
                        link["requestBody"] = {name: id_expression}
                    else:
                        asked[f"query.{name}"] = id_expression
                wanted = set(path_parameter_names(located[0]))
                # Only what the target's path takes (Gitea's `POST /orgs/{org}/teams` links to `GET /teams/{id}`,
                # which takes no `org`), and all of it (`POST /admin/hooks` gives no `{owner}` for a repository's hook)
                parameters = {name: value for name, value in values.items() if name in wanted}
                if wanted != set(parameters):
                    continue
                add(creator, _link_name("to", target), {**link, "parameters": {**parameters, **asked}})
        # a write that makes one of the resource's jobs (`Resource.spawned_by`) -> the job's reads, by the key it
        # answered: the lifecycle phase follows the job to its end, the link walk reads it
        for maker, where in resource.spawned_by.items():
            for target in resource.operations.get(GET, ()):
                located = _locate(api, target)
                if located is None or resource.id_param is None or f"{{{resource.id_param}}}" not in located[0]:
                    continue
                wanted = set(path_parameter_names(located[0]))
                given = set(path_parameter_names(operations[maker].path))
                parameters = {resource.id_param: f"$response.body#{_pointer(where)}"}
                parameters |= {name: f"$request.path.{name}" for name in wanted & given if name != resource.id_param}
                if set(parameters) == wanted:
                    add(maker, _link_name("to", target), {"operationId": target, "parameters": parameters})
        # parent item -> this collection's create and list, with the parent's id
        parent = by_name.get(resource.parent) if resource.parent else None
        if parent is not None and parent.id_param and resource.parent_params:
            last = resource.parent_params[-1]
            for reader in parent.operations.get(GET, ()):
                located = _locate(api, reader)
                if located is None or f"{{{parent.id_param}}}" not in located[0]:
                    continue  # a read by the record's other key (Xero's `/Contacts/{ContactNumber}`) has no id to carry
                for target in (*resource.operations.get(LIST, ()), *creators):
                    add(
                        reader,
                        _link_name("to", target),
                        {
                            "operationId": target,
                            "parameters": {last: f"$request.path.{parent.id_param}"},
                        },
                    )
    return links


def links_overlay(api_name: str, links: dict[tuple[str, str, str], dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """An OpenAPI Overlay 1.0 document adding `links`."""
    actions = []
    for (path, method, status), found in sorted(links.items()):
        escaped = path.replace("'", "\\'")
        actions.append(
            {
                "target": f"$.paths['{escaped}'].{method}.responses['{status}']",
                "update": {"links": found},
            }
        )
    return {
        "overlay": "1.0.0",
        "info": {"title": f"Links inferred by specmock for {api_name}", "version": "1.0.0"},
        "actions": actions,
    }


def write_links_overlay(
    path: Path, api_name: str, links: dict[tuple[str, str, str], dict[str, dict[str, Any]]]
) -> None:
    path.write_text(
        yaml.safe_dump(links_overlay(api_name, links), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
