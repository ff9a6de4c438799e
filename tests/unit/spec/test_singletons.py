"""mock.spec.singletons: which paths name one document (read with GET, written on the same path), and which
name a collection, a record, a lookup or the current user instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mock.spec import load_apis
from mock.spec.resources import infer_resources
from mock.spec.singletons import CREATE, DELETE, READ, UPDATE, Singleton, infer_singletons

OK = {"description": "ok"}
NOT_FOUND = {"404": {"description": "none", "content": {"application/json": {"schema": {"type": "object"}}}}}


def _json(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


SETTINGS = {"type": "object", "properties": {"theme": {"type": "string"}, "language": {"type": "string"}}}
SUBSCRIPTION = {"type": "object", "properties": {"id": {"type": "string"}, "endpoint": {"type": "string"}}}
WIDGET = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}


def _singletons(tmp_path: Path, paths: dict[str, Any]) -> dict[str, Singleton]:
    document = {"openapi": "3.0.3", "info": {"title": "Docs", "version": "1"}, "paths": paths}
    (tmp_path / "docs.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["docs"]
    return {found.path: found for found in infer_singletons(api, infer_resources(api))}


def test_a_document_read_and_written_on_one_path_is_found_with_each_operations_role(tmp_path: Path) -> None:
    found = _singletons(
        tmp_path,
        {
            "/settings": {
                "get": {"operationId": "getSettings", "responses": _json(SETTINGS)},
                "put": {"operationId": "putSettings", "requestBody": _body(SETTINGS), "responses": _json(SETTINGS)},
                "patch": {"operationId": "patchSettings", "requestBody": _body(SETTINGS), "responses": {"204": OK}},
            }
        },
    )
    settings = found["/settings"]
    assert settings.operations == ((READ, "getSettings"), (UPDATE, "putSettings"), (UPDATE, "patchSettings"))
    assert settings.answers_document == {"putSettings"}  # the PATCH answers 204: nothing to place
    assert not settings.absent_first


def test_a_document_a_post_makes_and_whose_read_declares_404_is_absent_until_made(tmp_path: Path) -> None:
    found = _singletons(
        tmp_path,
        {
            "/push/subscription": {
                "get": {"operationId": "getSub", "responses": {**_json(SUBSCRIPTION), **NOT_FOUND}},
                "post": {
                    "operationId": "makeSub",
                    "requestBody": _body(SUBSCRIPTION),
                    "responses": _json(SUBSCRIPTION),
                },
                "delete": {"operationId": "dropSub", "responses": {"200": OK}},
            }
        },
    )
    subscription = found["/push/subscription"]
    assert subscription.absent_first
    assert [role for role, _ in subscription.operations] == [READ, CREATE, DELETE]


def test_records_collections_lookups_and_unrelated_writes_are_no_documents(tmp_path: Path) -> None:
    found = _singletons(
        tmp_path,
        {
            # a collection and its records: the resource inference's
            "/widgets": {
                "get": {"operationId": "listWidgets", "responses": _json({"type": "array", "items": WIDGET})},
                "post": {"operationId": "makeWidget", "requestBody": _body(WIDGET), "responses": _json(WIDGET, "201")},
            },
            "/widgets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {"operationId": "getWidget", "responses": _json(WIDGET)},
                "put": {"operationId": "putWidget", "requestBody": _body(WIDGET), "responses": _json(WIDGET)},
            },
            # a lookup: its answer follows a required query
            "/search": {
                "get": {
                    "operationId": "search",
                    "parameters": [{"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}],
                    "responses": _json(SETTINGS),
                },
                "put": {"operationId": "putSearch", "requestBody": _body(SETTINGS), "responses": _json(SETTINGS)},
            },
            # a write on the same path whose body names none of the document's fields: an action, not a write of it
            "/status": {
                "get": {"operationId": "getStatus", "responses": _json(SETTINGS)},
                "post": {
                    "operationId": "ping",
                    "requestBody": _body({"type": "object", "properties": {"echo": {"type": "string"}}}),
                    "responses": _json(SETTINGS),
                },
            },
            # read-only
            "/about": {"get": {"operationId": "about", "responses": _json(SETTINGS)}},
            # items of a library, named in the query (Spotify's `PUT /me/audiobooks?ids=`), and a DELETE of some
            # entries, named in its body: not writes of the whole
            "/me/library": {
                "get": {"operationId": "getLibrary", "responses": _json(SETTINGS)},
                "put": {
                    "operationId": "saveToLibrary",
                    "parameters": [{"name": "ids", "in": "query", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": OK},
                },
                "delete": {"operationId": "removeEntries", "requestBody": _body(SETTINGS), "responses": {"200": OK}},
            },
        },
    )
    assert found == {}


def test_a_document_below_a_record_is_kept_per_record_path(tmp_path: Path) -> None:
    # GitHub's `/repos/{owner}/{repo}/pages`: a path with parameters that does not end in one
    found = _singletons(
        tmp_path,
        {
            "/repos/{owner}/{repo}/pages": {
                "parameters": [
                    {"name": "owner", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "repo", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "get": {"operationId": "getPages", "responses": _json(SETTINGS)},
                "put": {"operationId": "putPages", "requestBody": _body(SETTINGS), "responses": {"204": OK}},
            }
        },
    )
    assert set(found) == {"/repos/{owner}/{repo}/pages"}


def test_specs_resources_prints_the_documents_and_leaves_out_a_resource_they_take(tmp_path: Path, capsys) -> None:
    from mock.cli import main

    subscription = {
        "delete": {"operationId": "dropSub", "responses": {"204": OK}},
        "get": {"operationId": "getSub", "responses": {**_json(SUBSCRIPTION), **NOT_FOUND}},
        "post": {"operationId": "makeSub", "requestBody": _body(SUBSCRIPTION), "responses": _json(SUBSCRIPTION)},
    }
    _singletons(tmp_path, {"/push/subscription": subscription})
    assert main(["specs", "resources", "--specs", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "docs: 0 resources, 1 document, 0 operations left out"
    assert "document  /push/subscription  (one per caller; exists until a POST makes it, 404)" in out
    assert "create    makeSub  answers the document" in out


def test_only_a_document_a_post_makes_and_a_delete_removes_without_a_parameter_above_is_absent_first(
    tmp_path: Path,
) -> None:
    read = {"operationId": "read", "responses": {**_json(SUBSCRIPTION), **NOT_FOUND}}
    make = {"operationId": "make", "requestBody": _body(SUBSCRIPTION), "responses": _json(SUBSCRIPTION)}
    drop = {"operationId": "drop", "responses": {"204": OK}}
    project = [{"name": "project", "in": "path", "required": True, "schema": {"type": "string"}}]
    found = _singletons(
        tmp_path,
        {
            "/push/subscription": {"get": read, "post": make, "delete": drop},
            # a POST that adds to what is always there (DigitalOcean's default project's resources)
            "/projects/default/resources": {
                "get": {**read, "operationId": "readAdded"},
                "post": {**make, "operationId": "add"},
            },
            # a 404 below a parameter: the project missing
            "/projects/{project}/hook": {
                "parameters": project,
                "get": {**read, "operationId": "readHook"},
                "post": {**make, "operationId": "makeHook"},
                "delete": {**drop, "operationId": "dropHook"},
            },
        },
    )
    absent = {path: document.absent_first for path, document in found.items()}
    assert absent == {
        "/push/subscription": True,
        "/projects/default/resources": False,
        "/projects/{project}/hook": False,
    }


def test_a_page_of_records_that_takes_a_page_size_is_no_document(tmp_path: Path) -> None:
    """gotify's `GET /application/{id}/message?limit=` beside a DELETE of them all: kept as first answered, it showed
    two messages for `limit=1`. A list kept whole that takes no page size (`GET /blocks`) still is one."""
    page = {
        "type": "object",
        "properties": {
            "messages": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}}},
            "paging": {"type": "object", "properties": {"limit": {"type": "integer"}}},
        },
    }
    limit = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    found = _singletons(
        tmp_path,
        {
            "/application/{id}/message": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "get": {"parameters": [limit], "responses": _json(page)},
                "delete": {"responses": {"200": OK}},
            },
            "/archive": {"get": {"responses": _json(page)}, "delete": {"responses": {"200": OK}}},
        },
    )
    assert "/application/{id}/message" not in found
    assert "/archive" in found


def test_a_page_of_records_walked_by_its_start_or_a_cursor_alone_is_no_document(tmp_path: Path) -> None:
    """DaniWeb's `GET /groups/{ID}/memberships?offset=` (no page size) beside a DELETE: kept as first answered, every
    page said `offset: 0` and a client walking the pages never reached the end."""
    page = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}}},
            "pagination": {"type": "object", "properties": {"offset": {"type": "integer"}}},
        },
    }
    paths = {}
    for name in ("offset", "page", "cursor", "colour"):
        paths[f"/groups/{{id}}/{name}-walked"] = {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {
                "parameters": [{"name": name, "in": "query", "schema": {"type": "integer"}}],
                "responses": _json(page),
            },
            "delete": {"responses": {"200": OK}},
        }
    found = _singletons(tmp_path, paths)
    assert list(found) == ["/groups/{id}/colour-walked"]  # a query parameter that walks no pages leaves a document


def test_a_path_key_that_ends_in_a_parameter_before_the_query_it_fixes_is_a_record_path(tmp_path: Path) -> None:
    # OpenAI's `GET`/`DELETE /responses/{response_id}?beta=true`: taken for one document, every response id read it
    found = _singletons(
        tmp_path,
        {
            "/widgets/{widget_id}?beta=true": {
                "get": {"operationId": "getWidget", "responses": _json(WIDGET)},
                "delete": {"operationId": "deleteWidget", "responses": {"204": OK}},
            },
            "/settings?beta=true": {
                "get": {"operationId": "getSettings", "responses": _json(SETTINGS)},
                "put": {"operationId": "putSettings", "requestBody": _body(SETTINGS), "responses": _json(SETTINGS)},
            },
        },
    )
    assert list(found) == ["/settings?beta=true"]
