"""mock.spec.deletions: which item paths a DELETE ends the record of where nothing else keeps it, and the role of
each operation about that record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from mock.spec import load_apis
from mock.spec.deletions import ABOUT, CREATES, DELETE, MAKES, DeletableItem, infer_deletable_items

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
GONE = {"204": {"description": "deleted"}}
NOT_FOUND = {"404": {"description": "none"}}
NAME = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}


def _op(operation_id: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {"operationId": operation_id, "responses": responses}


# Request Baskets' shape: a basket made at its key (`POST /baskets/{name}`, 201), read, updated (a PUT answering
# 404 for one not there), deleted; what it holds below it; and a job cancelled by its DELETE beside it.
PATHS: dict[str, Any] = {
    "/baskets": {"get": _op("listNames", OK), "post": _op("addBasket", {"201": {"description": "made"}})},
    "/baskets/{name}": {
        "parameters": [NAME],
        "get": _op("getBasket", {**OK, **NOT_FOUND}),
        "post": _op("makeBasket", {"201": {"description": "made"}}),
        "put": _op("setBasket", {"204": {"description": "set"}, **NOT_FOUND}),
        "delete": _op("dropBasket", {**GONE, **NOT_FOUND}),
    },
    "/baskets/{basket}/requests": {
        "parameters": [{**NAME, "name": "basket"}],
        "get": _op("listRequests", OK),
        "delete": _op("clearRequests", GONE),  # a collection cleared: its basket is still there
    },
    "/baskets/{name}/responses/{method}": {
        "parameters": [NAME, {**NAME, "name": "method"}],
        "get": _op("getResponse", {**OK, **NOT_FOUND}),
        "put": _op("setResponse", {"204": {"description": "set"}}),
    },
    "/jobs/{id}": {
        "parameters": [{**NAME, "name": "id"}],
        "get": _op("getJob", OK),
        "delete": {
            "operationId": "cancelJob",
            "responses": {
                "200": {
                    "description": "cancelled",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"status": {"type": "string", "enum": ["running", "cancelled"]}},
                            }
                        }
                    },
                }
            },
        },
    },
    "/errors/{id}": {"parameters": [{**NAME, "name": "id"}], "delete": _op("failOnly", NOT_FOUND)},
}


def _items(tmp_path: Path, answered: set[str] = frozenset()) -> dict[str, DeletableItem]:
    document = {"openapi": "3.0.3", "info": {"title": "Baskets", "version": "1"}, "paths": PATHS}
    (tmp_path / "baskets.yaml").write_text(yaml.safe_dump(document))
    api = load_apis(tmp_path)["baskets"]
    return {item.path: item for item in infer_deletable_items(api, answered)}


def test_an_item_path_its_delete_ends_is_found_with_the_operations_about_its_record(tmp_path: Path) -> None:
    found = _items(tmp_path)
    # not a collection's DELETE (a clearing), not a job's cancel, not one declaring no success
    assert list(found) == ["/baskets/{name}"]
    basket = found["/baskets/{name}"]
    assert (basket.depth, basket.id_param) == (1, "name")
    assert dict((operation_id, role) for role, operation_id in basket.roles) == {
        "dropBasket": DELETE,
        "getBasket": ABOUT,
        "makeBasket": MAKES,  # 201 Created at its key
        "addBasket": CREATES,  # at the collection path: its answer names the basket it made
        "setBasket": ABOUT,  # a PUT answering 404 for a basket not there updates one
        # below it, whatever its parameter is called there
        "listRequests": ABOUT,
        "clearRequests": ABOUT,
        "getResponse": ABOUT,
        "setResponse": ABOUT,
    }


def test_what_other_rules_answer_is_left_to_them(tmp_path: Path) -> None:
    # but below the record: what is there goes with it (the engine asks this rule before theirs)
    found = _items(tmp_path, {"getBasket", "listRequests"})
    assert {operation_id for _, operation_id in found["/baskets/{name}"].roles} == {
        "dropBasket",
        "addBasket",
        "makeBasket",
        "setBasket",
        "listRequests",
        "clearRequests",
        "getResponse",
        "setResponse",
    }
    assert _items(tmp_path, {"dropBasket"}) == {}  # a DELETE a resource answers keeps its own records


def test_specs_resources_prints_the_records_kept_by_their_delete(tmp_path: Path, capsys) -> None:
    from mock.cli import main

    _items(tmp_path)
    assert main(["specs", "resources", "--specs", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "  deleted   /baskets/{name}  (per caller: 404 once deleted, until made again)" in out
    assert "    makes     makeBasket" in out
    assert "/jobs/{id}  (per caller" not in out  # a job's cancel deletes nothing
    assert main(["specs", "resources", "--specs", str(tmp_path), "--json"]) == 0
    (kept,) = json.loads(capsys.readouterr().out)["baskets"]["deleted_items"]
    assert kept["path"] == "/baskets/{name}"
    assert {"role": "creates", "operation": "addBasket"} in kept["operations"]
