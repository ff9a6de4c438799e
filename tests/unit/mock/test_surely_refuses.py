"""The validator-free reading `fits` tries first (`surely_refuses`) against jsonschema-rs, the validator it stands in
for: it may leave a refusal to the validator, but never refuses a value the validator takes."""

from __future__ import annotations

import importlib
from typing import Any

import jsonschema_rs
from hypothesis import given, settings
from hypothesis import strategies as st

from mock.fake_data import Faking, generate
from mock.schema_validation import fits, surely_refuses
from mock.spec.refs import RefNode

schema_validation = importlib.import_module("mock.schema_validation")

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.0, 2.0, 2.5]), st.sampled_from(["", "a", "b"])
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "b", "kind"]), inner, max_size=3)
    ),
    max_leaves=8,
)
_type_names = st.sampled_from(["null", "boolean", "integer", "number", "string", "array", "object"])


def _schemas(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    names = st.sampled_from(["a", "b", "kind"])
    keywords = st.fixed_dictionaries(
        {},
        optional={
            "type": st.one_of(_type_names, st.lists(_type_names, min_size=1, max_size=3, unique=True)),
            "const": _values,
            "enum": st.lists(_values, min_size=1, max_size=3),
            "required": st.lists(names, max_size=2, unique=True),
            "properties": st.dictionaries(names, inner, max_size=3),
            "additionalProperties": st.one_of(st.booleans(), inner),
            "items": inner,
            "minItems": st.integers(0, 3),
            "maxItems": st.integers(0, 3),
            "allOf": st.lists(inner, min_size=1, max_size=2),
            "anyOf": st.lists(inner, min_size=1, max_size=3),
            "oneOf": st.lists(inner, min_size=1, max_size=3),
            "not": inner,
            "minimum": st.integers(-2, 2),
        },
    )
    return st.one_of(st.booleans(), keywords)


_schema_trees = st.recursive(
    st.fixed_dictionaries({}, optional={"type": _type_names, "enum": st.lists(_values, min_size=1)}),
    _schemas,
    max_leaves=6,
)


@given(schema=_schema_trees, value=_values)
@settings(max_examples=600, deadline=None)
def test_what_it_refuses_the_validator_refuses(schema: Any, value: Any) -> None:
    if surely_refuses(schema, value):
        assert not jsonschema_rs.Draft202012Validator(schema).is_valid(value)


def _tagged_grammar(operators: int) -> dict[str, Any]:
    """An expression: one of `operators` objects told apart by their `operator`, each holding expressions again
    (HubSpot's property calculations; written for this test)."""
    expression = RefNode({"$ref": "#/components/schemas/Expression"})
    union: dict[str, Any] = {"oneOf": []}
    for index in range(operators):
        union["oneOf"].append(
            {
                "type": "object",
                "required": ["operator"],
                "properties": {
                    "operator": {"type": "string", "enum": [f"OP_{index}"]},
                    "inputs": {"type": "array", "items": expression},
                    "left": {"oneOf": [{"type": "string"}, expression]},
                },
            }
        )
    expression.target = union
    return union


def test_it_refuses_by_tag_and_type_so_a_tagged_union_compiles_one_option() -> None:
    grammar = _tagged_grammar(40)
    value = {"operator": "OP_7", "inputs": [{"operator": "OP_3"}]}
    assert [surely_refuses(option, value) for option in grammar["oneOf"]].count(False) == 1
    assert surely_refuses({"type": "object"}, 3) and surely_refuses({"required": ["id"]}, {})
    assert not surely_refuses({"type": "integer"}, 2.0) and not surely_refuses({"type": "number"}, 2)

    compiled: list[Any] = []
    original = schema_validation._compile
    schema_validation._compile = lambda contained: compiled.append(contained) or original(contained)
    try:
        schema_validation._compiled.clear()
        assert [fits(option, value) for option in grammar["oneOf"]].count(True) == 1
        assert len(compiled) == 1
        compiled.clear()
        made = generate(grammar, Faking(seed=3))
        assert fits(grammar, made)  # one option takes it: a oneOf's answer
    finally:
        schema_validation._compile = original
    assert len(compiled) < 40  # not every option compiled for every value made up
