"""`$ref` resolution: files inside the spec folder only, no URL ever fetched, cycles kept, extensions left alone."""

from __future__ import annotations

import json
import signal
import socket
from pathlib import Path

import pytest

from mock.schema_validation import is_valid
from mock.spec import SpecError
from mock.spec.loading import load_specs
from mock.spec.refs import RefNode, deref

DATA = Path(__file__).resolve().parents[2] / "data" / "specs"


def _spec(folder: Path, ref: str) -> Path:
    path = folder / "api.json"
    schema = {"$ref": ref}
    path.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {
                    "/x": {
                        "get": {
                            "responses": {
                                "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}
                            }
                        }
                    }
                },
            }
        )
    )
    return path


def test_remote_ref_is_refused_without_any_connection(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    _spec(tmp_path, f"http://127.0.0.1:{port}/schema.json")
    loaded = load_specs(tmp_path)
    (failure,) = loaded.failures
    assert "is a remote URL; specmock never fetches one" in failure.problem
    assert failure.place == "#/paths/~1x/get/responses/200/content/application~1json/schema"
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected: the URL was not fetched, by us or by the validator
    listener.close()


@pytest.mark.parametrize("ref_of", [lambda outside: outside.as_uri(), lambda outside: "../outside/secret.json"])
def test_ref_outside_the_spec_folder_is_not_read(tmp_path, ref_of):
    outside = tmp_path / "outside" / "secret.json"
    outside.parent.mkdir()
    outside.write_text('{"type": "string"}')
    folder = tmp_path / "specs"
    folder.mkdir()
    _spec(folder, ref_of(outside))
    (failure,) = load_specs(folder).failures
    assert "points outside the spec folder" in failure.problem


def test_multi_file_spec_resolves_relative_refs_and_leaves_extensions_alone():
    loaded = load_specs(DATA / "multifile")
    assert not loaded.failures, loaded.failures
    api = loaded.apis["shelter"]
    assert api.document["info"]["x-topics"][0]["content"] == {"$ref": "./docs/getting-started.md"}
    add_pet = next(o for o in api.operations if o.operation_id == "addPet")
    pet = add_pet.request_body.content["application/json"].schema
    assert pet["required"] == ["id", "name"] and pet["properties"]["name"] == {"type": "string"}
    friend = pet["properties"]["friend"]
    assert isinstance(friend, RefNode) and deref(friend) is pet  # the cycle through pet.yaml is kept
    assert friend["$ref"] in ("#/components/schemas/pet", "#/components/schemas/pet.pet")
    assert api.document["components"]["schemas"][friend["$ref"].rsplit("/", 1)[1]] is pet


def test_recursive_schema_is_kept_as_a_ref_and_serialises():
    api = load_specs(DATA / "multifile").apis["shelter"]
    node = api.document["components"]["schemas"]["Node"]
    children = node["properties"]["children"]["items"]
    assert children == {"$ref": "#/components/schemas/Node"} and deref(children)["properties"]["name"]
    assert '"$ref": "#/components/schemas/Node"' in json.dumps(api.document)


def test_dangling_file_ref_names_the_missing_file(tmp_path):
    _spec(tmp_path, "./schemas/missing.yaml")
    (failure,) = load_specs(tmp_path).failures
    assert "no such file" in failure.problem


def test_spec_error_is_one_line():
    error = SpecError("a.yaml", "#/x", "two\nlines")
    assert str(error) == "a.yaml: #/x: two lines"


def _document_with(tmp_path: Path, components: dict, property_schema: dict) -> dict:
    path = tmp_path / "api.json"
    response = {"type": "object", "properties": {"field": property_schema}}
    path.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {
                    "/x": {
                        "get": {
                            "responses": {
                                "200": {"description": "ok", "content": {"application/json": {"schema": response}}}
                            }
                        }
                    }
                },
                "components": {"schemas": components},
            }
        )
    )
    return load_specs(tmp_path).apis["api"].document


def test_a_30_keyword_beside_a_ref_is_rewritten_like_any_schemas(tmp_path):
    # OpenAI's `response_format: {$ref: ..., nullable: true}` in a 3.1 document: the merged schema admits null
    components = {"Format": {"oneOf": [{"type": "string", "enum": ["auto"]}, {"type": "object"}]}}
    document = _document_with(tmp_path, components, {"$ref": "#/components/schemas/Format", "nullable": True})
    field = document["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    merged = field["properties"]["field"]
    assert "nullable" not in json.dumps(merged) and {"type": "null"} in merged["anyOf"]
    assert "nullable" not in json.dumps(document["components"]["schemas"]["Format"])  # the target is untouched


def test_a_30_keyword_beside_a_recursive_ref_keeps_the_ref(tmp_path):
    node = {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node", "nullable": True}}}
    document = _document_with(tmp_path, {"Node": node}, {"$ref": "#/components/schemas/Node"})
    following = document["components"]["schemas"]["Node"]["properties"]["next"]
    assert {"type": "null"} in following["anyOf"]
    kept = following["anyOf"][0]["allOf"][0]
    assert isinstance(kept, RefNode) and kept == {"$ref": "#/components/schemas/Node"}


@pytest.fixture
def fails_if_it_hangs():
    """A load that loops forever fails the test after 20 s instead of stalling the suite."""

    def hung(signum, frame):
        raise TimeoutError("the spec did not load within 20 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_component_that_is_an_alias_of_one_that_leads_back_to_it_loads(tmp_path, fails_if_it_hangs):
    # Asana's `AttachmentBase: {$ref: AttachmentCompact}`, listed before its target and reached first by the
    # walk over the components: the target was once taken for the component at the alias's own place, the
    # alias was resolved inside its own resolution, and the cycle's $ref ended up pointing at itself (the load
    # never finished).
    components = {
        "AttachmentBase": {"$ref": "#/components/schemas/AttachmentCompact"},
        "AttachmentCompact": {
            "type": "object",
            "properties": {
                "gid": {"type": "string"},
                "parent": {"$ref": "#/components/schemas/AttachmentBase"},
            },
        },
    }
    document = _document_with(tmp_path, components, {"type": "string"})
    schemas = document["components"]["schemas"]
    assert deref(schemas["AttachmentBase"]) is deref(schemas["AttachmentCompact"])
    assert deref(schemas["AttachmentCompact"]["properties"]["parent"])["properties"]["gid"] == {"type": "string"}


def test_refs_that_only_refer_to_each_other_are_a_spec_error(tmp_path, fails_if_it_hangs):
    components = {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    path = tmp_path / "api.json"
    path.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {"schemas": components},
            }
        )
    )
    (failure,) = load_specs(tmp_path).failures
    assert "#/components/schemas/" in failure.place
    assert "refers to nothing but itself" in failure.problem


def test_a_name_that_starts_with_x_is_a_name_not_an_extension(tmp_path):
    # DigitalOcean's 400s declare a header `x-request-id: {$ref: '../shared/headers.yml#/x-request-id'}`: left as
    # written, the $ref reached openapi-core, which tried to fetch it (a 500 on every 400 the self-check judged)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "headers.yml").write_text("x-request-id:\n  schema: {type: string, format: uuid}\n")
    (tmp_path / "shared" / "thing.yml").write_text(
        "type: object\nproperties:\n  x-trace: {$ref: './headers.yml#/x-request-id/schema'}\n"
        "  headers: {type: object, x-doc: {$ref: './missing.md'}}\n  properties: {type: string, nullable: true}\n"
    )
    header = {"$ref": "./shared/headers.yml#/x-request-id"}
    media = {"schema": {"$ref": "./shared/thing.yml"}, "encoding": {"x-file": {"headers": {"x-request-id": header}}}}
    (tmp_path / "api.yaml").write_text(
        json.dumps(
            {
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1", "x-topics": [{"content": {"$ref": "./docs.md"}}]},
                "paths": {
                    "/x": {
                        "post": {
                            "requestBody": {"content": {"multipart/form-data": media}},
                            "responses": {
                                "400": {"description": "bad", "headers": {"x-request-id": header}},
                                "x-internal": {"$ref": "./nowhere.yml"},
                            },
                        }
                    }
                },
                "components": {"headers": {"x-request-id": header}},
            }
        )
    )
    loaded = load_specs(tmp_path)
    assert not loaded.failures, loaded.failures
    document = loaded.apis["api"].document
    uuid = {"type": "string", "format": "uuid"}
    operation = document["paths"]["/x"]["post"]
    assert operation["responses"]["400"]["headers"]["x-request-id"] == {"schema": uuid}
    assert document["components"]["headers"]["x-request-id"] == {"schema": uuid}
    body = operation["requestBody"]["content"]["multipart/form-data"]
    assert body["encoding"]["x-file"]["headers"]["x-request-id"] == {"schema": uuid}
    assert body["schema"]["properties"]["x-trace"] == uuid  # a property called x-trace
    assert is_valid(body["schema"]["properties"]["properties"], None)  # one called properties is a schema too
    # extensions stay as written: the Responses object's, and one inside a property that is called `headers`
    assert operation["responses"]["x-internal"] == {"$ref": "./nowhere.yml"}
    assert body["schema"]["properties"]["headers"]["x-doc"] == {"$ref": "./missing.md"}


def test_an_example_or_a_default_is_data_where_a_ref_is_a_value(tmp_path):
    # Square's event examples hold JSON Schemas, `$ref`s to its website among them: a remote URL there is a value,
    # not a reference to fetch, and so is a `#` pointer; the spec loads and its examples keep them as written. An
    # example kept in a file of its own (`example: {$ref: ./examples/pet.json}`, as split specs do) is still read.
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "pet.json").write_text('{"name": "Rex"}')
    schema_example = {"type": "object", "properties": {"name": {"$ref": "https://example.com/schemas/common.json#S"}}}
    listed = {"$ref": "#/components/schemas/Pet"}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/events": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "schema": {"type": "object", "default": listed},
                                            "pet": {"$ref": "#/components/schemas/Pet"},
                                        },
                                        "example": {"schema": schema_example},
                                    },
                                    "examples": {"listed": {"value": {"schema": listed}}},
                                }
                            },
                        },
                        "default": {"$ref": "#/components/responses/Problem"},  # a Response Object, not data
                    }
                }
            },
            "/pets": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Pet"},
                                    "example": {"$ref": "./examples/pet.json"},
                                }
                            },
                        }
                    }
                }
            },
        },
        "components": {
            "responses": {"Problem": {"description": "a problem"}},
            "schemas": {
                "Pet": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}},
                    "enum": [{"$ref": "#/nowhere"}, {"name": "Rex"}],
                }
            },
        },
    }
    (tmp_path / "api.json").write_text(json.dumps(document))
    loaded = load_specs(tmp_path)
    assert not loaded.failures, loaded.failures
    (api,) = loaded.apis.values()
    events = api.document["paths"]["/events"]["get"]["responses"]["200"]["content"]["application/json"]
    assert events["schema"]["example"] == {"schema": schema_example}
    assert events["schema"]["properties"]["schema"]["default"] == listed
    assert events["examples"]["listed"]["value"] == {"schema": listed}
    pet = api.document["components"]["schemas"]["Pet"]
    assert pet["enum"] == [{"$ref": "#/nowhere"}, {"name": "Rex"}]
    pets = api.document["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]
    assert pets["example"] == {"name": "Rex"}
    assert api.document["paths"]["/events"]["get"]["responses"]["default"] == {"description": "a problem"}
