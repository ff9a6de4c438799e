"""Swagger 2.0 documents are upgraded to the OpenAPI 3.1 document they stand for (mock/spec/swagger2.py).

The fixtures under tests/data/specs/swagger2 are written as public Swagger specs write them: one file
(`store`) and one spread over files (`split`). The upgrade is judged by the reference, too: what it
makes must be a valid OpenAPI 3.1 document for openapi-spec-validator.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from mock.spec import load_apis
from mock.spec.errors import SpecError
from mock.spec.loading import load_specs
from mock.spec.reading import check_version, read_document
from mock.spec.refs import RefNode, with_refs

SWAGGER2 = Path(__file__).resolve().parents[2] / "data" / "specs" / "swagger2"


@pytest.fixture(scope="module")
def store():
    return load_apis(SWAGGER2 / "store")["petstore"]


@pytest.fixture(scope="module")
def split():
    return load_apis(SWAGGER2 / "split")["orders"]


def _operation(api, operation_id):
    return next(op for op in api.operations if op.operation_id == operation_id)


def _raw_operation(api, path, method):
    return api.document["paths"][path][method]


@pytest.mark.parametrize("folder", ["store", "split"])
def test_the_upgrade_is_a_valid_openapi_31_document(folder):
    api = next(iter(load_apis(SWAGGER2 / folder).values()))
    errors = [error.message for error in OpenAPIV31SpecValidator(with_refs(api.document)).iter_errors()]
    assert errors == []
    assert api.document["openapi"] == "3.1.0"


def test_host_base_path_and_schemes_become_servers_and_the_mount(store, split):
    assert store.document["servers"] == [{"url": "https://pets.example.com/v2"}, {"url": "http://pets.example.com/v2"}]
    assert store.base_path == "/v2"
    assert split.document["servers"] == [{"url": "/shop"}]  # no host: the base path alone


def test_a_body_parameter_becomes_the_request_body_in_each_media_type_it_consumes(store):
    body = _raw_operation(store, "/pets", "post")["requestBody"]
    assert set(body["content"]) == {"application/json", "application/xml"}
    assert body["required"] is True and body["description"] == "the pet to store"
    pet = store.document["components"]["schemas"]["Pet"]
    assert body["content"]["application/json"]["schema"] is pet  # one object, shared, as a $ref would be
    assert "parameters" not in _raw_operation(store, "/pets", "post")


def test_form_parameters_become_one_object_schema_and_a_file_makes_it_multipart(store):
    form = _raw_operation(store, "/pets/{petId}", "post")["requestBody"]["content"]
    urlencoded = form["application/x-www-form-urlencoded"]
    assert urlencoded["schema"]["required"] == ["name"]
    assert urlencoded["schema"]["properties"]["nicknames"] == {"type": "array", "items": {"type": "string"}}
    assert urlencoded["encoding"] == {"nicknames": {"style": "form", "explode": True}}  # collectionFormat: multi
    upload = _raw_operation(store, "/pets/{petId}/photo", "post")["requestBody"]
    schema = upload["content"]["multipart/form-data"]["schema"]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert upload["required"] is True


@pytest.mark.parametrize(
    ("name", "style", "explode"),
    [("status", "form", True), ("tags", "pipeDelimited", False)],
)
def test_collection_format_becomes_style_and_explode(store, name, style, explode):
    parameter = next(p for p in _raw_operation(store, "/pets", "get")["parameters"] if p["name"] == name)
    assert (parameter["style"], parameter["explode"]) == (style, explode)
    assert parameter["schema"]["type"] == "array"


def test_csv_the_default_is_a_comma_list_in_the_query_and_in_the_path(store, split):
    ids = _raw_operation(store, "/animals", "get")["parameters"][0]
    assert (ids["style"], ids["explode"]) == ("form", False)
    status = _raw_operation(split, "/orders", "get")["parameters"][0]
    assert (status["style"], status["explode"]) == ("form", False)


def test_a_path_parameter_declared_on_the_path_item_reaches_each_operation(store):
    for operation_id in ("getPet", "updatePetWithForm", "uploadPhoto", "downloadPhoto"):
        parameter = next(p for p in _operation(store, operation_id).parameters if p.name == "petId")
        assert parameter.required and parameter.schema == {"type": "integer", "format": "int64", "minimum": 1}


def test_a_response_schema_becomes_content_in_each_media_type_it_produces_with_its_example(store):
    created = _raw_operation(store, "/pets", "post")["responses"]["201"]
    assert set(created["content"]) == {"application/json"}
    assert created["content"]["application/json"]["example"]["name"] == "Rex"
    photo = _raw_operation(store, "/pets/{petId}/photo", "get")["responses"]["200"]["content"]
    assert photo == {"image/png": {"schema": {"type": "string", "format": "binary"}}}
    listed = _raw_operation(store, "/pets", "get")["responses"]["200"]
    assert listed["headers"]["X-Rate-Limit"]["schema"] == {"type": "integer", "format": "int32"}


def test_a_global_response_is_upgraded_once_and_shared(store):
    not_found = store.document["components"]["responses"]["NotFound"]
    assert _raw_operation(store, "/pets/{petId}", "get")["responses"]["404"] is not_found
    assert _raw_operation(store, "/pets/{petId}", "post")["responses"]["404"] is not_found


def test_security_definitions_become_security_schemes(store):
    schemes = store.document["components"]["securitySchemes"]
    assert schemes["api_key"] == {"type": "apiKey", "name": "api_key", "in": "header"}
    assert schemes["basic"] == {"type": "http", "scheme": "basic", "description": "a username and a password"}
    flow = schemes["petstore_auth"]["flows"]["authorizationCode"]
    assert flow["tokenUrl"] == "https://pets.example.com/oauth/token" and "write:pets" in flow["scopes"]


def test_x_nullable_admits_null_and_a_discriminator_name_becomes_a_property_name(store):
    schemas = store.document["components"]["schemas"]
    assert schemas["Pet"]["properties"]["birthday"]["type"] == ["string", "null"]
    category = schemas["Pet"]["properties"]["category"]  # `x-nullable` beside a $ref: that schema, or null
    assert category["type"] == ["object", "null"] and category["required"] == ["id", "name"]
    assert schemas["Animal"]["discriminator"] == {"propertyName": "kind"}


def test_a_recursive_definition_keeps_a_ref_to_where_its_schema_now_lives(store):
    category = store.document["components"]["schemas"]["Category"]
    parent = category["properties"]["parent"]
    assert isinstance(parent, RefNode) and parent["$ref"] == "#/components/schemas/Category"
    assert parent.target is category


def test_parameters_responses_and_schemas_from_other_files_are_upgraded_like_inline_ones(split):
    body = _raw_operation(split, "/orders", "post")["requestBody"]
    order = body["content"]["application/json"]["schema"]
    assert order["properties"]["note"]["type"] == ["string", "null"]
    placed = _raw_operation(split, "/orders", "post")["responses"]["201"]
    assert placed["content"]["application/json"]["schema"] is order
    status = _operation(split, "listOrders").parameters[0]
    assert status.schema == {"type": "array", "items": {"type": "string", "enum": ["open", "shipped"]}}


def test_the_validator_judges_the_swagger_document_as_written(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        'swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses: {"200": {}}\n'
    )
    loaded = load_specs(tmp_path)
    assert loaded.failures == []
    assert [w.place for w in loaded.warnings] == ["#/paths/~1a/get/responses/200"]  # the place as written


@pytest.mark.parametrize(("version", "served"), [("2.0", True), ("1.2", False), ("3.0.0", True)])
def test_the_versions_that_are_served(tmp_path, version, served):
    key = "swagger" if version[0] != "3" else "openapi"
    path = tmp_path / "spec.yaml"
    path.write_text(f'{key}: "{version}"\ninfo: {{title: t, version: "1"}}\npaths: {{}}\n')
    if served:
        check_version(read_document(path), path)
    else:
        with pytest.raises(SpecError, match="unsupported Swagger version '1.2'"):
            read_document(path)


def test_a_json_example_written_as_text_is_the_document_it_spells(tmp_path):
    (tmp_path / "versions.yaml").write_text(
        'swagger: "2.0"\n'
        'info: {title: t, version: "1"}\n'
        "produces: [application/json]\n"
        "paths:\n"
        "  /:\n"
        "    get:\n"
        "      responses:\n"
        '        "200":\n'
        "          description: versions\n"
        "          examples:\n"
        "            application/json: |-\n"
        '              {"versions": [{"id": "v2.0", "status": "CURRENT"}]}\n'
        '        "203":\n'
        "          description: a word\n"
        "          schema: {type: string}\n"
        "          examples:\n"
        '            application/json: "[1]"\n'
    )
    responses = next(iter(load_apis(tmp_path).values())).document["paths"]["/"]["get"]["responses"]
    assert responses["200"]["content"]["application/json"]["example"] == {
        "versions": [{"id": "v2.0", "status": "CURRENT"}]
    }
    assert responses["203"]["content"]["application/json"]["example"] == "[1]"  # the schema says text
