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
from mock.spec.resources import names_an_id

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
    # the keys (`_keys`) of every body each operation accepted, in any phase: a write refused later that sends one
    # again may clash with what the first made (Okta's federated claim `role`, sent again by the coverage phase)
    keys_accepted: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    # the keys of the records each path's list answered (`listed`): records that exist, which a create sending one
    # again clashes with
    keys_listed: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)

    def record(self, label: str, status: int | None, phase: str, exchange: Any, sent: Any = None) -> None:
        self.positive[label] = self.positive.get(label, 0) + 1
        if status is not None and 200 <= status < 400:
            self.accepted[label] = self.accepted.get(label, 0) + 1
            if phase == "examples":
                self.examples_accepted.setdefault(label, []).append(sent)
            self.took(label, sent)
        if status in (400, 422):
            self.refused[label] = self.refused.get(label, 0) + 1
            self.first_refusal.setdefault(label, exchange)
        # an example a write took before made something this one may clash with: the same one sent again (Firefly
        # III's tag `expensive`, "already exists"), or another that names the same record (Lago's two examples of the
        # feature `seats`, one with each privilege's config)
        made_before = sent is not None and (
            sent in self.examples_accepted.get(label, []) or self.made_before(label, sent)
        )
        if phase == "examples" and status in (400, 422) and label not in self.examples_rejected and not made_before:
            self.examples_rejected[label] = (status, exchange)

    def took(self, label: str, sent: Any) -> None:
        """A write of this operation was answered 2xx: the keys it sent are taken, whatever the case was (a negative
        case a server rightly took made its record too)."""
        if _writes(label):
            self.keys_accepted.setdefault(label, set()).update(_keys(sent))

    def listed(self, label: str, answer: Any) -> None:
        """A read of this path answered 2xx: the keys of the records its list holds exist on the server (Sentry's
        symbol sources list `beep`, the id its create's example sends again, refused as taken)."""
        method, _, path = label.partition(" ")
        if method != "GET":
            return
        if isinstance(answer, list):
            lists = [answer]
        elif isinstance(answer, dict):
            lists = [value for value in answer.values() if isinstance(value, list)]  # `{"data": […]}`
        else:
            return
        shown = self.keys_listed.setdefault(path, set())
        for records in lists:
            for record in records:
                shown.update(_keys(record, 1))

    def made_before(self, label: str, sent: Any) -> bool:
        """Whether a write sends a key (`_keys`) a body this operation took earlier in the run sent too, or a list at
        its path showed: a refusal of it may be a clash with what exists, not a refusal of valid data."""
        if not _writes(label):
            return False
        keys = _keys(sent)
        return bool(keys & self.keys_accepted.get(label, set()) or keys & self.keys_listed.get(_path_of(label), set()))


def _path_of(label: str) -> str:
    return label.partition(" ")[2]


def _writes(label: str) -> bool:
    return label.split(" ", 1)[0] in ("POST", "PUT", "PATCH")


# Fields a record is named by, besides those named as ids (`id`, `user_id`, `gid`)
_KEY_NAMES = frozenset({"name", "code", "slug", "key", "tag", "username", "login", "email", "handle", "uid"})


def _keys(body: Any, depth: int = 0) -> set[tuple[str, ...]]:
    """(field path…, text) of a body's key fields (an id, a name, a code…) and their texts, at its top and one
    object down (`{"feature": {"code": "seats"}}`): what a second create of the same record sends again."""
    found: set[tuple[str, ...]] = set()
    for name, value in body.items() if isinstance(body, dict) else ():
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value) and _names_a_key(str(name)):
            found.add((str(name), str(value)))
        elif isinstance(value, dict) and depth == 0:
            found |= {(str(name), *inner) for inner in _keys(value, 1)}
    return found


def _names_a_key(name: str) -> bool:
    return name.lower() in _KEY_NAMES or names_an_id(name)


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
