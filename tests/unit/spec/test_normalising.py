"""normalising.py: 3.0 and draft-04 schema keywords become their 2020-12 forms, and data stays as written."""

from __future__ import annotations

from pathlib import Path

import jsonschema

from mock.spec.normalising import normalise_document


def _normalised(schemas: dict, **extra) -> tuple[dict, list[str]]:
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, **extra}
    document["components"] = {"schemas": schemas}
    return normalise_document(document, Path("/nowhere/spec.yaml"))


def test_items_as_a_list_is_prefix_items_and_additional_items_is_items():
    document, notes = _normalised(
        {"Pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": False}}
    )
    pair = document["components"]["schemas"]["Pair"]
    assert pair == {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False}
    validator = jsonschema.Draft202012Validator(pair)
    assert validator.is_valid(["a", 1]) and not validator.is_valid([1, "a"]) and not validator.is_valid(["a", 1, 2])
    assert any("items as a list → prefixItems" in note for note in notes)


def test_without_additional_items_the_items_after_the_tuple_are_free():
    document, _ = _normalised({"Either": {"items": [{"type": "null"}, {"enum": ["owner", "admin"]}]}})
    either = document["components"]["schemas"]["Either"]
    assert either == {"prefixItems": [{"type": "null"}, {"enum": ["owner", "admin"]}]}
    assert jsonschema.Draft202012Validator(either).is_valid("owner")  # draft-04: items binds arrays only


def test_examples_and_defaults_are_data_and_are_not_rewritten():
    page = {"items": [{"id": 1}], "nullable": True, "required": True}
    document, _ = _normalised(
        {
            "Page": {
                "type": "object",
                "example": page,
                "default": page,
                "properties": {"items": {"type": "array", "items": {"type": "integer"}}},
            }
        }
    )
    schema = document["components"]["schemas"]["Page"]
    assert schema["example"] == page and schema["default"] == page


def test_schemas_under_a_name_that_is_also_a_keyword_are_still_rewritten():
    response = {"description": "d", "content": {"application/json": {"schema": {"type": "string", "nullable": True}}}}
    document, _ = _normalised(
        {"Thing": {"type": "object", "properties": {"example": {"type": "integer", "nullable": True}}}},
        paths={"/a": {"get": {"responses": {"default": response}}}},
    )
    assert document["components"]["schemas"]["Thing"]["properties"]["example"]["type"] == ["integer", "null"]
    answered = document["paths"]["/a"]["get"]["responses"]["default"]["content"]["application/json"]["schema"]
    assert answered["type"] == ["string", "null"]


def test_an_empty_enum_is_dropped_with_a_note():
    # Discord's `status` query parameter: `{type: string, enum: [], allOf: [{$ref: …Status}]}`; an empty enum admits
    # nothing, so every request that sent the parameter was refused (schemathesis reads it as no enum at all)
    document, notes = _normalised({"Status": {"type": "integer", "enum": [], "allOf": [{"enum": [0, 1, 2]}]}})
    status = document["components"]["schemas"]["Status"]
    assert "enum" not in status and jsonschema.Draft202012Validator(status).is_valid(1)
    assert any("enum: [] dropped" in note for note in notes)
    document, _ = _normalised({"Kept": {"type": "string", "enum": ["a"], "example": {"enum": []}}})
    assert document["components"]["schemas"]["Kept"] == {"type": "string", "enum": ["a"], "example": {"enum": []}}


def test_a_composition_that_is_no_list_of_schemas_is_dropped_with_a_note():
    # dnd5eapi's monster answer: `{$ref: …Monster, allOf: {"3": {…}}}`, a patch's leftovers beside the reference;
    # every answer built from it failed (a 500), its parts read as the texts "3"
    document, notes = _normalised(
        {"Monster": {"type": "object", "allOf": {"3": {"properties": {}}}, "oneOf": "x", "anyOf": [{"type": "object"}]}}
    )
    assert document["components"]["schemas"]["Monster"] == {"type": "object", "anyOf": [{"type": "object"}]}
    assert any("allOf, oneOf not a list of schemas: dropped" in note for note in notes)


def test_an_enum_of_item_values_on_an_array_is_the_items_enum_with_a_note():
    # Wordnik's `sourceDictionaries`: `{type: array, enum: [all, ahd-5, …], items: {type: string}}`; no list is one of
    # those texts, so every value sent was refused, where schemathesis reads them as the items' values
    document, notes = _normalised(
        {"Sources": {"type": "array", "enum": ["all", "century"], "items": {"type": "string"}}}
    )
    sources = document["components"]["schemas"]["Sources"]
    assert sources == {"type": "array", "items": {"type": "string", "enum": ["all", "century"]}}
    validator = jsonschema.Draft202012Validator(sources)
    assert validator.is_valid(["all", "century"]) and not validator.is_valid(["AAA"])
    assert any("enum of an array's item values → the items' enum" in note for note in notes)
    # lists as values, an enum the items have, or a type beside the array's are as the author wrote them
    kept = {
        "Pairs": {"type": "array", "enum": [[1, 2], [3, 4]], "items": {"type": "integer"}},
        "Both": {"type": "array", "enum": ["a"], "items": {"type": "string", "enum": ["a", "b"]}},
        "Either": {"type": ["array", "string"], "enum": ["a"], "items": {"type": "string"}},
    }
    document, _ = _normalised(kept)
    assert document["components"]["schemas"] == kept


def test_a_pattern_written_as_a_javascript_regex_literal_is_read_as_its_body_with_a_note():
    # PeerTube's `/^[a-z0-9._]+$/` asks for a slash before the text begins: no value meets it, so the mock's answers
    # broke it and the contract engine could make no value for it; its `/magnet:…/i` asks for "/i" at the end
    document, notes = _normalised(
        {
            "Name": {"type": "string", "pattern": "/^[a-z0-9._]+$/"},
            "Magnet": {"type": "string", "pattern": "/magnet:\\?xt=urn:[a-z0-9]+/i"},
            "Path": {"type": "string", "pattern": "/api/"},  # a slash-delimited path: the slashes are characters
            "Tail": {"type": "string", "pattern": "^/files/.+/$"},
        }
    )
    schemas = document["components"]["schemas"]
    assert schemas["Name"]["pattern"] == "^[a-z0-9._]+$"
    assert jsonschema.Draft202012Validator(schemas["Name"]).is_valid("jane.doe_2")
    assert schemas["Magnet"]["pattern"] == "(?i)magnet:\\?xt=urn:[a-z0-9]+"
    assert schemas["Path"]["pattern"] == "/api/" and schemas["Tail"]["pattern"] == "^/files/.+/$"
    assert sum("JavaScript regex literal" in note for note in notes) == 2


def test_a_misspelled_form_media_type_is_read_as_the_forms_its_subtype_names():
    # Mastodon's `application/form-data`: no client sends it and every request was refused
    from mock.spec.normalising import with_form_slips_read_as_forms

    form = {"schema": {"type": "object", "properties": {"client_name": {"type": "string"}}}}
    document = {
        "paths": {
            "/apps": {"post": {"requestBody": {"content": {"application/form-data": form}}}},
            "/tokens": {
                "post": {
                    "requestBody": {
                        "content": {"multipart/x-www-form-urlencoded": form, "application/x-www-form-urlencoded": {}}
                    }
                }
            },
            "/media": {"post": {"requestBody": {"content": {"multipart/form-data": form}}}},
        }
    }
    read, places = with_form_slips_read_as_forms(document)
    assert places == [
        "#/paths/~1apps/post/requestBody/content/application~1form-data",
        "#/paths/~1tokens/post/requestBody/content/multipart~1x-www-form-urlencoded",
    ]
    content = read["paths"]["/apps"]["post"]["requestBody"]["content"]
    assert content == {"multipart/form-data": form, "application/x-www-form-urlencoded": form}
    # a form it declares already is its own
    assert read["paths"]["/tokens"]["post"]["requestBody"]["content"] == {"application/x-www-form-urlencoded": {}}
    assert read["paths"]["/media"] is document["paths"]["/media"]
    assert "application/form-data" in document["paths"]["/apps"]["post"]["requestBody"]["content"]  # copied on write
