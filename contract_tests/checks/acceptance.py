"""No false alarms on strict backends: a declared 4xx whose description names a semantic rule
("Invalid cursor", "Unknown card type", "Provide exactly one of ...") is an acceptable answer to a
schema-valid request. What is flagged instead is an operation that never accepts any valid request,
or that rejects the spec's own examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from contract_tests.checks.base import ContractFailure
from mock.spec.model import HTTP_METHODS

# Descriptions that only restate the status: they name no rule a valid request could break.
_GENERIC = re.compile(
    r"^(bad request|invalid (request|input|body|payload|parameters?|data)|validation (error|failed)|"
    r"unprocessable( entity| content)?|client error|error|request error|malformed request|)\.?$",
    re.IGNORECASE,
)


class ValidRequestsNeverAccepted(ContractFailure):
    check = "positive_data_acceptance_overall"
    title_text = "No valid request was ever accepted"


class SpecExampleRejected(ContractFailure):
    check = "spec_example_acceptance"
    title_text = "The spec's own example was rejected"


def names_a_rule(description: str) -> bool:
    return not _GENERIC.match(description.strip())


def semantic_rejections(document: dict[str, Any]) -> dict[str, list[int]]:
    """operationId -> declared 400/409/422 statuses whose description names a semantic rule."""
    found: dict[str, list[int]] = {}
    for item in (document.get("paths") or {}).values():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict) or not operation.get("operationId"):
                continue
            statuses = [
                int(code)
                for code, response in (operation.get("responses") or {}).items()
                if str(code) in ("400", "422")
                and isinstance(response, dict)
                and names_a_rule(str(response.get("description", "")))
            ]
            if statuses:
                found[operation["operationId"]] = statuses
    return found


@dataclass
class AcceptanceTally:
    """Per operation: how its schema-valid requests were answered."""

    positive: dict[str, int] = field(default_factory=dict)
    accepted: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # answered 400/422
    first_refusal: dict[str, Any] = field(default_factory=dict)
    # (operation, status, exchange index) of examples from the spec answered with a 4xx
    examples_rejected: dict[str, tuple[int, Any]] = field(default_factory=dict)
    # the bodies of the examples each operation accepted: the same one sent again (as a form, after JSON) may be
    # refused for what the first made (Firefly III's tag `expensive`, "already exists")
    examples_accepted: dict[str, list[Any]] = field(default_factory=dict)

    def record(self, label: str, status: int | None, phase: str, exchange: Any, sent: Any = None) -> None:
        self.positive[label] = self.positive.get(label, 0) + 1
        if status is not None and 200 <= status < 400:
            self.accepted[label] = self.accepted.get(label, 0) + 1
            if phase == "examples":
                self.examples_accepted.setdefault(label, []).append(sent)
        if status in (400, 422):
            self.refused[label] = self.refused.get(label, 0) + 1
            self.first_refusal.setdefault(label, exchange)
        # an example a write took before made something this one may clash with: the same one sent again (Firefly
        # III's tag `expensive`, "already exists"), or another that names the same record (Lago's two examples of the
        # feature `seats`, one with each privilege's config)
        made_before = sent is not None and any(
            sent == earlier or _names_alike(sent, earlier) for earlier in self.examples_accepted.get(label, [])
        )
        if phase == "examples" and status in (400, 422) and label not in self.examples_rejected and not made_before:
            self.examples_rejected[label] = (status, exchange)


def _names_alike(one: Any, other: Any) -> bool:
    """Whether two bodies give one field (at their top, or one object down: `{"feature": {"code": …}}`) the same
    text: the key a second create of the same record sends again."""
    return bool(_texts(one) & _texts(other))


def _texts(body: Any, depth: int = 0) -> set[tuple[str, ...]]:
    """(field path…, text) of a body's text values, its top and one object down."""
    found: set[tuple[str, ...]] = set()
    for name, value in body.items() if isinstance(body, dict) else ():
        if isinstance(value, str) and value:
            found.add((str(name), value))
        elif isinstance(value, dict) and depth == 0:
            found |= {(str(name), *inner) for inner in _texts(value, 1)}
    return found


MIN_POSITIVE = 5


def check_acceptance(tally: AcceptanceTally, label: str) -> ContractFailure | None:
    """The failure for `label`, if it never accepted a valid request or rejected a spec example."""
    if label in tally.examples_rejected:
        status, _ = tally.examples_rejected[label]
        return SpecExampleRejected(f"{label}: the spec's example request was answered {status}", operation=label)
    sent = tally.positive.get(label, 0)
    # Only refusals count: a 402, 404 or 429 says the data was fine and something else was missing.
    if sent >= MIN_POSITIVE and not tally.accepted.get(label) and tally.refused.get(label) == sent:
        return ValidRequestsNeverAccepted(
            f"{label}: none of {sent} schema-valid requests was accepted (no 2xx or 3xx)", operation=label
        )
    return None
