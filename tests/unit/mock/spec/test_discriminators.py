"""Discriminators resolved alone: mapping pointers, bare schema names, implicit names, unsatisfiable ones."""

from __future__ import annotations

from typing import Any

from mock.schema_validation import is_valid
from mock.spec.discriminators import discriminator_of, register_document


def _document() -> tuple[dict[str, Any], dict[str, Any]]:
    dog = {"type": "object", "required": ["kind", "bark"], "properties": {"kind": {"type": "string"}, "bark": {}}}
    cat = {"type": "object", "required": ["kind", "lives"], "properties": {"kind": {"type": "string"}, "lives": {}}}
    on = {"type": "object", "properties": {"state": {"enum": ["on"]}}}
    off = {"type": "object", "properties": {"state": {"enum": ["off"]}}}
    components = {"Dog": dog, "Cat": cat, "On": on, "Off": off}
    pet = {"oneOf": [dog, cat], "discriminator": {"propertyName": "kind", "mapping": {"d": "Dog"}}}
    switch = {"oneOf": [on, off], "discriminator": {"propertyName": "state"}}
    document = {"openapi": "3.1.0", "components": {"schemas": {**components, "Pet": pet, "Switch": switch}}}
    register_document(document)
    return pet, switch


def test_a_mapping_may_name_a_schema_by_its_bare_name_and_implicit_names_still_apply() -> None:
    pet, _ = _document()
    found = discriminator_of(pet)
    assert found is not None and found.property == "kind" and found.combinator == "oneOf"
    assert set(found.targets) == {"d", "Dog", "Cat"}
    assert found.targets["d"] is found.targets["Dog"]
    assert is_valid(pet, {"kind": "d", "bark": 1})
    assert not is_valid(pet, {"kind": "d", "lives": 9})  # d selects Dog alone
    assert not is_valid(pet, {"kind": "dog", "bark": 1})  # names no schema
    assert not is_valid(pet, {"bark": 1})


def test_a_discriminator_no_value_can_satisfy_is_ignored() -> None:
    _, switch = _document()
    assert discriminator_of(switch) is None
    assert is_valid(switch, {"state": "on"}) and not is_valid(switch, {"state": "dim"})


def test_a_value_is_made_with_the_mappings_name_for_its_schema() -> None:
    # authentik's flow challenges answered `PromptChallenge` about half the time, where its mapping (and its UI)
    # says `ak-stage-prompt`; a schema the mapping leaves out still goes by its own name
    from mock.fake_data import fake_value

    pet, _ = _document()
    found = discriminator_of(pet)
    assert found is not None and [value for value, _ in found.options()] == ["d", "Cat"]
    kinds = {fake_value(pet, seed)["kind"] for seed in range(30)}
    assert kinds == {"d", "Cat"}


def test_a_value_that_is_no_object_is_told_so_once_not_once_per_discriminated_schema() -> None:
    # Each selected schema is applied under an `if` that names the property; an `if` without `type: object` holds
    # for every non-object, so each target's problems were reported too. Komga's operators select schemas that are
    # `allOf` both unions again: a sharing label sent as `[null, null]` took 40 s to be told why it was refused.
    from mock.schema_validation import iter_problems

    pet, _ = _document()
    assert [problem.message for problem in iter_problems(pet, 7)] == ['7 is not of type "object"']
