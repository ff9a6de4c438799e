"""contract_tests/upstream_fixes.py: what a contract run hands schemathesis says what the spec says, in the form
schemathesis reads right."""

from __future__ import annotations

import copy

import jsonschema
import pytest
import requests

from contract_tests.upstream_fixes import (
    FILE_CHOICE_WAS_ONE_OF,
    FILES_WERE_UNIQUE,
    examples_without_refs,
    file_choices_as_any_of,
    keep_tuples_in_response_schemas,
    nullable_formats_as_any_of,
    path_parameters_renamed_for_format,
    read_listed_types_in_dependency_analysis,
    schema_examples_as_lists,
    templated_query_pairs_dropped,
    tolerate_unreadable_urls_in_answers,
    unique_files_unchecked,
)


def _document(schema):
    return {
        "openapi": "3.1.0",
        "paths": {
            "/x": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}},
                    "responses": {"default": {"description": "d", "content": {"application/json": {"schema": schema}}}},
                }
            }
        },
        "components": {"schemas": {"T": schema}},
    }


def test_a_nullable_formatted_type_list_becomes_an_any_of_that_admits_the_same_values():
    schema = {"type": ["string", "null"], "format": "date", "readOnly": True, "description": "born", "example": None}
    original = copy.deepcopy(schema)
    document = nullable_formats_as_any_of(_document(schema))
    rewritten = document["components"]["schemas"]["T"]
    assert rewritten is document["paths"]["/x"]["post"]["responses"]["default"]["content"]["application/json"]["schema"]
    assert rewritten["readOnly"] is True and rewritten["description"] == "born"  # said of the property, kept outside
    assert rewritten["anyOf"][1] == {"type": "null"} and rewritten["anyOf"][0]["type"] == "string"
    checker = jsonschema.FormatChecker()
    for value in ("2024-02-29", None, "", "not a date", 5):
        before = jsonschema.Draft202012Validator(original, format_checker=checker).is_valid(value)
        after = jsonschema.Draft202012Validator(rewritten, format_checker=checker).is_valid(value)
        assert before == after, value


@pytest.mark.parametrize(
    "schema",
    [
        {"type": ["string", "null"]},  # no format: schemathesis reads it right
        {"type": "string", "format": "date"},
        {"type": "object", "properties": {"format": {"type": "string"}, "type": {"type": ["string", "null"]}}},
    ],
)
def test_other_schemas_are_left_as_written(schema):
    document = _document(copy.deepcopy(schema))
    assert nullable_formats_as_any_of(document)["components"]["schemas"]["T"] == schema


def test_examples_are_data_and_are_not_rewritten():
    example = {"type": ["string", "null"], "format": "date"}  # an example that happens to look like a schema
    schema = {"type": "object", "example": example, "default": copy.deepcopy(example)}
    document = nullable_formats_as_any_of(_document(schema))
    assert document["components"]["schemas"]["T"]["example"] == example
    assert document["components"]["schemas"]["T"]["default"] == example


def test_response_schemas_keep_their_tuples_for_schemathesis():
    keep_tuples_in_response_schemas()
    keep_tuples_in_response_schemas()  # a second call changes nothing more
    from schemathesis.specs.openapi.adapter import responses

    tuple_schema = {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": False}
    converted = responses.to_json_schema(copy.deepcopy(tuple_schema), "nullable", is_response_schema=True)
    assert converted["prefixItems"] == tuple_schema["prefixItems"] and converted["items"] is False
    jsonschema.Draft202012Validator.check_schema(converted)


def test_a_request_schemathesis_drew_that_no_client_can_send_is_a_note_not_an_error(monkeypatch):
    # fuzzing Plaid's optional `OAUTH-STATE-ID` header drew '\U00067016': requests could not encode it, and the run
    # of a correct server ended red with nine "Runtime Error"s
    from schemathesis.engine import events

    from contract_tests import runner

    unsendable = UnicodeEncodeError("latin-1", "&+\U00067016", 2, 3, "ordinal not in range(256)")
    other = RuntimeError("the server hung up")
    drawn = [
        events.NonFatalError(
            error=error, phase=None, label="GET /fdx/recipient/{recipientId}", related_to_operation=True
        )
        for error in (unsendable, unsendable, other)
    ]
    monkeypatch.setattr(runner, "from_schema", lambda schema: type("Engine", (), {"execute": lambda self: drawn})())
    result = runner.RunResult()
    assert list(runner.run_engine(None, result, runner.NoProgress())) == drawn
    assert [error["message"] for error in result.errors] == ["the server hung up"]
    (note,) = result.notes
    assert note.startswith("not sent: 2 generated requests") and "GET /fdx/recipient/{recipientId} (2)" in note


def test_a_file_field_of_a_json_body_is_text_where_no_other_body_reaches_it() -> None:
    """Spree's CMS sections declare images as `format: binary` strings inside JSON bodies: schemathesis drew its
    `Binary` there and its own JSON validator failed on it, an error for every case. A schema a multipart body
    reaches too keeps its format: a file is what it means there."""
    from contract_tests.upstream_fixes import binary_strings_in_json_as_text

    image = {"type": "string", "format": "binary"}
    shared = {"type": "string", "format": "binary"}
    document = {
        "openapi": "3.1.0",
        "paths": {
            "/sections": {
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Section"}}}
                    }
                }
            },
            "/uploads": {
                "post": {
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"file": {"$ref": "#/components/schemas/Shared"}},
                                }
                            }
                        }
                    }
                }
            },
        },
        "components": {
            "schemas": {
                "Section": {
                    "type": "object",
                    "properties": {"image": image, "logo": {"$ref": "#/components/schemas/Shared"}},
                },
                "Shared": shared,
            }
        },
    }
    binary_strings_in_json_as_text(document)
    assert image == {"type": "string"}
    assert shared == {"type": "string", "format": "binary"}


def test_a_discriminated_option_requires_the_values_its_mapping_gives_it():
    # PagerDuty's action PUT: schemathesis drew an `action` without `action_type`, which openapi-core and the mock
    # refuse (the discriminator names the option); each mapped option now requires its values
    from contract_tests.upstream_fixes import discriminator_values_required

    kind = {"type": "string", "enum": ["script", "process_automation"]}
    script = {"type": "object", "properties": {"action_type": {"$ref": "#/components/schemas/Kind"}, "x": {}}}
    job = {"allOf": [{"$ref": "#/components/schemas/Script"}, {"type": "object", "properties": {"y": {}}}]}
    body = {
        "oneOf": [
            {"$ref": "#/components/schemas/Script"},
            {"$ref": "#/components/schemas/Job"},
            {"$ref": "#/components/schemas/Other"},
        ],
        "discriminator": {
            "propertyName": "action_type",
            "mapping": {
                "script": "#/components/schemas/Script",
                "legacy": "#/components/schemas/Script",
                "process_automation": "#/components/schemas/Job",
                "other": "#/components/schemas/Other",
            },
        },
    }
    document = {
        "paths": {"/actions": {"put": {"requestBody": {"content": {"application/json": {"schema": body}}}}}},
        "components": {"schemas": {"Kind": kind, "Script": script, "Job": job, "Other": {"type": "object"}}},
    }
    discriminator_values_required(document)
    options = body["oneOf"]
    pins = [option["allOf"][1] if "allOf" in option else None for option in options]
    assert pins[0] == {
        "type": "object",
        "required": ["action_type"],
        "properties": {"action_type": {"enum": ["script"]}},
    }
    assert pins[1]["properties"]["action_type"] == {"enum": ["process_automation"]}  # found through its allOf
    assert pins[2]["properties"]["action_type"] == {"enum": ["other"]}  # any value: it declares no action_type
    # `legacy` is mapped to Script too, but its action_type cannot hold it: only `script` is required there
    untouched = {"oneOf": [{"$ref": "#/components/schemas/Script"}], "discriminator": {"propertyName": "action_type"}}
    document["paths"]["/actions"]["put"]["requestBody"]["content"]["application/json"]["schema"] = untouched
    assert discriminator_values_required(document) and untouched["oneOf"] == [{"$ref": "#/components/schemas/Script"}]


def test_examples_and_defaults_holding_a_ref_are_left_out_and_rules_are_kept():
    # Square's custom attribute definitions: the example holds a JSON Schema that refers to Square's website
    remote = {"$ref": "https://example.com/common.json#S"}
    schema = {
        "type": "object",
        "properties": {
            "schema": {"type": "object", "default": {"nested": [remote]}, "enum": [remote, {"a": 1}]},
            "example": {"type": "string", "example": "a property called example is a schema"},
            "key": {"type": "string", "example": "color", "const": "color"},
        },
        "example": {"schema": remote, "key": "color"},
        "examples": [{"key": "color"}],
    }
    document = _document(schema)
    operation = document["paths"]["/x"]["post"]
    operation["requestBody"]["content"]["application/json"]["examples"] = {"one": {"value": {"schema": remote}}}
    fixed = examples_without_refs(document)
    kept = fixed["components"]["schemas"]["T"]
    assert "example" not in kept and kept["examples"] == [{"key": "color"}]
    assert "default" not in kept["properties"]["schema"] and kept["properties"]["schema"]["enum"] == [remote, {"a": 1}]
    assert kept["properties"]["example"] == {"type": "string", "example": "a property called example is a schema"}
    assert kept["properties"]["key"] == {"type": "string", "example": "color", "const": "color"}
    assert "examples" not in fixed["paths"]["/x"]["post"]["requestBody"]["content"]["application/json"]
    assert fixed["paths"]["/x"]["post"]["responses"]["default"]["description"] == "d"  # an answer, not an example


def test_a_string_that_only_starts_like_a_url_is_no_link_and_ends_no_run():
    # Lob's addresses echo a fuzzed field back; `http://[` made urlsplit raise inside schemathesis and end the run
    from schemathesis.engine import observations

    tolerate_unreadable_urls_in_answers()
    origin = ("http", "127.0.0.1:8000")
    assert observations._same_origin_path("http://[oops", origin) is None
    assert observations._same_origin_path("http://127.0.0.1:8000/v1/items/7", origin) == "/v1/items/7"
    assert observations._same_origin_path("/v1/items/8", origin) == "/v1/items/8"


def test_a_file_choice_of_a_multipart_body_becomes_any_of_and_a_json_one_stays():
    file_or_url = {"oneOf": [{"$ref": "#/components/schemas/File"}, {"type": "string", "format": "uri"}]}
    words = {"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["b"]}]}

    def body(media_type: str, schema: dict) -> dict:
        return {"requestBody": {"content": {media_type: {"schema": schema}}}}

    document = {
        "paths": {
            "/upload": {"post": body("multipart/form-data", {"properties": {"file": file_or_url, "kind": words}})},
            "/json": {"post": body("application/json", {"properties": {"file": copy.deepcopy(file_or_url)}})},
        },
        "components": {"schemas": {"File": {"type": "string", "format": "binary"}}},
    }
    file_choices_as_any_of(document)
    multipart = document["paths"]["/upload"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert "anyOf" in multipart["properties"]["file"] and multipart["properties"]["file"][FILE_CHOICE_WAS_ONE_OF]
    assert "oneOf" in multipart["properties"]["kind"]  # no file among its options
    json_body = document["paths"]["/json"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "oneOf" in json_body["properties"]["file"]


def test_dotted_path_parameters_are_renamed_in_the_path_its_parameters_and_the_links_that_fill_them():
    # Argo CD's `/api/v1/clusters/{id.value}`: schemathesis fills a template with `str.format`, which reads
    # `{id.value}` as an attribute, and every case was an error
    shared = {"$ref": "#/parameters/ClusterId"}
    document = {
        "swagger": "2.0",
        "parameters": {"ClusterId": {"name": "id.value", "in": "path", "required": True, "type": "string"}},
        "paths": {
            "/clusters": {
                "post": {
                    "responses": {
                        "200": {
                            "description": "made",
                            "links": {
                                "Get": {"operationId": "get", "parameters": {"path.id.value": "$response.body#/x"}}
                            },
                        }
                    }
                }
            },
            "/clusters/{id.value}": {
                "get": {
                    "operationId": "get",
                    "parameters": [shared, {"name": "id.type", "in": "query", "type": "string"}],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
    }
    path_parameters_renamed_for_format(document)
    assert list(document["paths"]) == ["/clusters", "/clusters/{id_value}"]
    path_parameter, query = document["paths"]["/clusters/{id_value}"]["get"]["parameters"]
    assert path_parameter["name"] == "id_value" and query["name"] == "id.type"  # a query's name is on the wire
    assert document["parameters"]["ClusterId"]["name"] == "id.value"  # the shared declaration is left as it was
    link = document["paths"]["/clusters"]["post"]["responses"]["200"]["links"]["Get"]
    assert link["parameters"] == {"path.id_value": "$response.body#/x"}


@pytest.mark.parametrize("name", ["insight_id:", "id!r", "ids[0]"])
def test_a_path_parameter_named_with_any_format_syntax_is_renamed_and_filled(name):
    # IdealSpot's `/data/insights/{insight_id:}`, its parameter `insight_id:`: `str.format` read the colon as a format
    # spec, and 228 cases were errors, "Path parameter 'insight_id' is not defined"
    import schemathesis

    parameter = {"name": name, "in": "path", "required": True, "schema": {"type": "string", "enum": ["age"]}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            f"/insights/{{{name}}}/query": {
                "get": {"parameters": [parameter], "responses": {"200": {"description": "ok"}}}
            }
        },
    }
    path_parameters_renamed_for_format(document)
    (key,) = document["paths"]
    assert key.startswith("/insights/{") and not {":", "!", "[", "]"} & set(key)
    operation = schemathesis.openapi.from_dict(document)[key]["GET"]
    case = operation.Case(path_parameters={key[len("/insights/{") : -len("}/query")]: "age"})
    assert case.formatted_path == "/insights/age/query"


def test_a_list_of_types_in_an_answers_alternatives_ends_no_run():
    # audiobookshelf: an answer's anyOf holds `type: ["object", "null"]`; schemathesis' dependency analysis raised
    # "unhashable type: 'list'" before the run's first request
    import schemathesis
    from schemathesis.specs.openapi.stateful.dependencies import schemas

    read_listed_types_in_dependency_analysis()
    read_listed_types_in_dependency_analysis()  # a second call changes nothing more
    assert schemas._is_interesting_schema({"type": ["object", "null"], "properties": {"id": {"type": "string"}}})
    assert not schemas._is_interesting_schema({"type": ["string", "null"]})
    item = {"type": ["object", "null"], "properties": {"id": {"type": "string"}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/items": {
                "post": {
                    "responses": {
                        "200": {
                            "description": "made",
                            "content": {"application/json": {"schema": {"anyOf": [item, {"type": "string"}]}}},
                        }
                    }
                }
            },
            "/items/{id}": {
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
    }
    schema = schemathesis.openapi.from_dict(document)
    assert schema.statistic.operations.total == 2


def test_a_list_of_files_in_a_multipart_body_is_not_held_unique():
    # SFTPGo's uploads: `filenames`, unique files, made every coverage case an error ("Unsupported type: 'Binary'")
    files = {"type": "array", "items": {"$ref": "#/components/schemas/File"}, "uniqueItems": True, "minItems": 1}
    names = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}

    def body(media_type: str, schema: dict) -> dict:
        return {"requestBody": {"content": {media_type: {"schema": schema}}}}

    document = {
        "paths": {
            "/upload": {"post": body("multipart/form-data", {"properties": {"files": files, "names": names}})},
            "/json": {"post": body("application/json", {"properties": {"files": copy.deepcopy(files)}})},
        },
        "components": {"schemas": {"File": {"type": "string", "format": "binary"}}},
    }
    unique_files_unchecked(document)
    multipart = document["paths"]["/upload"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert "uniqueItems" not in multipart["properties"]["files"] and multipart["properties"]["files"]["minItems"] == 1
    assert multipart["properties"]["files"][FILES_WERE_UNIQUE]  # for the rule forgiving the same file refused twice
    assert multipart["properties"]["names"]["uniqueItems"] is True  # texts, not files
    json_body = document["paths"]["/json"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert json_body["properties"]["files"]["uniqueItems"] is True


def test_a_path_key_showing_where_a_query_parameter_goes_loses_the_templated_pair() -> None:
    # Medium's `/search/articles?query={query}`: schemathesis filled `{query}` as a path parameter, and every request
    # carried `query=0` beside the parameter's own value, even the one testing a missing `query`
    search = {"get": {"parameters": [{"name": "query", "in": "query", "required": True}], "responses": {}}}
    document = {
        "paths": {
            "/search/articles?query={query}": search,
            "/files?beta=true&name={name}#upload": {"post": {"responses": {}}},
            "/messages?beta=true": {"post": {"responses": {}}},
            "/tags?q={q}": {"get": {"responses": {}}},
            "/tags": {"get": {"responses": {}}},  # spelled so already: both kept as they are
        }
    }
    templated_query_pairs_dropped(document)
    assert set(document["paths"]) == {
        "/search/articles",
        "/files?beta=true#upload",
        "/messages?beta=true",
        "/tags?q={q}",
        "/tags",
    }
    assert document["paths"]["/search/articles"] is search


def test_a_schemas_examples_written_as_a_map_become_a_list_and_the_operation_loads():
    # Codat's Assess: `ExcelStatus` shows `"examples": {"Example 1": {"value": {…}}}`, a Media Type's spelling, and
    # schemathesis refused the operation ("Invalid Schema Object in response definition")
    import schemathesis
    from schemathesis.core.transport import Response

    status = {
        "type": "object",
        "properties": {"inProgress": {"type": "boolean"}},
        "examples": {"Example 1": {"value": {"inProgress": True}}, "Bare": {"inProgress": False}},
    }
    media = {"schema": {"$ref": "#/components/schemas/ExcelStatus"}, "examples": {"shown": {"value": {}}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/excel": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": media}}}}}
        },
        "components": {"schemas": {"ExcelStatus": status}},
    }
    schema_examples_as_lists(document)
    assert status["examples"] == [{"inProgress": True}, {"inProgress": False}]
    assert media["examples"] == {"shown": {"value": {}}}  # a media type's map is as OpenAPI writes it
    operation = schemathesis.openapi.from_dict(document)["/excel"]["GET"]
    sent = requests.Request("GET", "http://127.0.0.1/excel").prepare()
    answer = Response(200, {"content-type": ["application/json"]}, b'{"inProgress": true}', sent, 0.0, True)
    assert operation.validate_response(answer) is None  # judged, not refused as an invalid schema
