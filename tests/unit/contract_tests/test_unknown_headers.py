"""A header the operation does not declare, taken, is no invalid request accepted (contract_tests/runner.py,
`_an_unknown_header_taken`): HTTP has a recipient ignore a header it does not know."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import ComponentInfo, CoveragePhaseData, CoverageScenario

from contract_tests.runner import _an_unknown_header_taken

NEGATIVE = SimpleNamespace(name="negative_data_rejection")


def _recorded(headers: dict[str, str], scenario: CoverageScenario, negated: tuple[ParameterLocation, ...]) -> object:
    data = CoveragePhaseData(scenario, "described", "/", None, ParameterLocation.HEADER)
    meta = SimpleNamespace(
        components={place: ComponentInfo(GenerationMode.NEGATIVE) for place in negated},
        phase=SimpleNamespace(data=data),
    )
    # Bytebase's Connect RPCs require `Connect-Protocol-Version`
    operation = SimpleNamespace(headers=[SimpleNamespace(name="Connect-Protocol-Version")])
    case = SimpleNamespace(meta=meta, operation=operation, headers=headers)
    return SimpleNamespace(cases={"c": SimpleNamespace(value=case)})


UNKNOWN = {"Connect-Protocol-Version": "1", "x-schemathesis-unknown-property": "42"}


@pytest.mark.parametrize(
    ("headers", "scenario", "negated", "forgiven"),
    [
        (UNKNOWN, CoverageScenario.OBJECT_UNEXPECTED_PROPERTIES, (ParameterLocation.HEADER,), True),
        # a declared header's value broken is still a finding
        ({"Connect-Protocol-Version": "x"}, CoverageScenario.INCORRECT_TYPE, (ParameterLocation.HEADER,), False),
        (
            {"Connect-Protocol-Version": "1"},
            CoverageScenario.OBJECT_UNEXPECTED_PROPERTIES,
            (ParameterLocation.HEADER,),
            False,
        ),
        # beside a body broken too
        (
            UNKNOWN,
            CoverageScenario.OBJECT_UNEXPECTED_PROPERTIES,
            (ParameterLocation.HEADER, ParameterLocation.BODY),
            False,
        ),
    ],
)
def test_an_unknown_header_taken_is_no_invalid_request_taken(headers, scenario, negated, forgiven) -> None:
    assert _an_unknown_header_taken(_recorded(headers, scenario, negated), "c", NEGATIVE) is forgiven
    assert not _an_unknown_header_taken(_recorded(headers, scenario, negated), "c", SimpleNamespace(name="x"))


LABELS = {"type": "object", "additionalProperties": {"type": "string"}}
COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}


@pytest.mark.parametrize(
    ("schema", "sent", "fits"),
    [
        # STACKIT's `label_selector[x]=null`: the engine's null goes out as the text `null`, which a label may be
        (LABELS, {"x": None}, True),
        (LABELS, {"env": "prod", "tier": True}, True),  # `true`, a text too
        (COUNTS, {"x": None}, False),  # no integer reads `null`
        (COUNTS, {"x": 3, "y": "4"}, True),
        (COUNTS, "x", False),  # not the object a deepObject writes
    ],
)
def test_a_deep_object_is_judged_as_the_keys_it_went_out_as(schema, sent, fits) -> None:
    from contract_tests.runner import _sent_as_a_valid_value

    definition = {"name": "label_selector", "in": "query", "style": "deepObject", "schema": schema}
    assert _sent_as_a_valid_value(definition, sent) is fits
