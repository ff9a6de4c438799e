"""What our own phases share: the operations under test, valid example requests, sending with any
credentials, and recording each failure with the exchanges that show it."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

from contract_tests.checks.base import ContractFailure, RunState, state_for
from contract_tests.credentials import OperationCredentials, Placement, for_operation, headers_for
from contract_tests.reproduction import Exchange, from_requests_response
from contract_tests.spec_facts import facts_for, response_definition_for
from mock.spec.addresses import part_named
from mock.spec.model import FORM_MEDIA_TYPES, essence, syntax_of
from mock.spec.resources import format_suffix


@dataclass
class PhaseFailure:
    operation: str
    check: str
    failure: Any
    status_code: int | None
    exchanges: list[Exchange]


@dataclass
class PhaseRun:
    """One phase's view of the run: where to send, as whom, and what it found."""

    schema: Any
    base_url: str
    headers: dict[str, str]
    tenant_b: dict[str, str] = field(default_factory=dict)
    # Credentials in the query or cookies (apiKey schemes there), sent beside `headers` by default.
    query: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    # the credential an operation asks for in place of the run-wide one: the same key in the schemes it requires
    # (Supabase's admin operations: `apikey` and a bearer)
    operation_credentials: OperationCredentials = field(default_factory=dict)
    # False: the credentials are a stand-in, so a 401/403 says nothing about what a check looks at.
    verified: bool = True
    # Check names (ours) to run; None: all. Mirrors --checks/--exclude-checks for the engine's checks.
    enabled: Callable[[str], bool] = field(default=lambda name: True)
    failures: list[PhaseFailure] = field(default_factory=list)
    # Path parameters each nested list is walked with, chosen once per run.
    list_parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the phase could not check, and why (the report's notes)
    _operations: dict[str, Any] | None = None

    @property
    def state(self) -> RunState:
        return state_for(self.schema.raw_schema)

    @property
    def document(self) -> dict[str, Any]:
        return self.state.facts.document

    def operations(self) -> dict[str, Any]:
        """Selected operations by operationId (or label when the spec gives none)."""
        if self._operations is None:
            from schemathesis.core.result import Ok

            found = {}
            for item in self.schema.get_all_operations():
                if isinstance(item, Ok):
                    operation = item.ok()
                    found[operation.definition.raw.get("operationId") or operation.label] = operation
            self._operations = found
        return self._operations

    def raw(self, operation: Any) -> dict[str, Any]:
        return self.state.facts.operation(operation.path, operation.method)

    def declared_statuses(self, operation: Any) -> set[str]:
        return {str(code) for code in (self.raw(operation).get("responses") or {})}

    def example(self, operation: Any) -> Any:
        return example_case(operation)

    def headers_for(self, operation: Any) -> dict[str, str]:
        """The run's credential headers, as this operation asks for them."""
        return headers_for(self.headers, self.operation_credentials, operation.path, operation.method)

    def send(
        self,
        case: Any,
        headers: dict[str, str] | None = None,
        steps: list[Exchange] | None = None,
        query: dict[str, str] | None = None,
    ) -> Any:
        """Send `case` with exactly `headers` and credential `query` (default: the run's credentials),
        appending the exchange to `steps`."""
        placed = for_operation(
            Placement(self.headers, self.query, self.cookies),
            self.operation_credentials,
            case.operation.path,
            case.method,
        )
        sent_headers = dict(placed.headers if headers is None else headers)
        case_headers = {k: v for k, v in (case.headers or {}).items() if k.lower() not in _lower(sent_headers)}
        credential_query, credential_cookies = (placed.query, placed.cookies) if headers is None else (query or {}, {})
        if headers is not None:
            # Credentials the case itself carries (generated security parameters) are dropped too.
            case_headers = {k: v for k, v in case_headers.items() if not _is_credential_header(self.document, k)}
            outside = credential_parameter_names(self.document)
            case.query = {k: v for k, v in (case.query or {}).items() if ("query", k) not in outside}
            case.cookies = {k: v for k, v in (case.cookies or {}).items() if ("cookie", k) not in outside}
        case.headers = case_headers
        if credential_query:
            case.query = {**(case.query or {}), **credential_query}
        if credential_cookies:
            case.cookies = {**(case.cookies or {}), **credential_cookies}
        with path_values_escaped(case):
            response = case.call(base_url=self.base_url, headers=sent_headers)
        self.counts[case.operation.label] = self.counts.get(case.operation.label, 0) + 1
        if steps is not None:
            steps.append(from_requests_response(response))
        return response

    def fail(self, case: Any, failure: ContractFailure, response: Any, steps: list[Exchange]) -> None:
        if not self.enabled(failure.check):
            return
        refused = response is not None and response.status_code in (401, 403)
        if refused and not self.verified and failure.check not in JUDGED_WHEN_REFUSED:
            return  # a stand-in credential was refused: the check saw nothing of what it looks at
        failure.operation = failure.operation or case.operation.label
        self.failures.append(
            PhaseFailure(
                operation=case.operation.label,
                check=failure.check,
                failure=failure,
                status_code=response.status_code if response is not None else None,
                exchanges=list(steps),
            )
        )

    def check(self, case: Any, response: Any, steps: list[Exchange], *plain: Any) -> None:
        """Run plain checks `(state, response, case)` on a response, recording what they raise."""
        for function in plain:
            try:
                function(self.state, response, case)
            except ContractFailure as failure:
                self.fail(case, failure, response, steps)

    def links_from(self, operation: Any) -> Iterator[dict[str, Any]]:
        """The links of `operation`'s 2xx responses."""
        responses = self.raw(operation).get("responses") or {}
        for status in responses:
            if not str(status).startswith("2"):
                continue
            definition = response_definition_for(responses, int(status)) if str(status).isdecimal() else None
            for link in ((definition or responses[status]).get("links") or {}).values():
                if isinstance(link, dict):
                    yield link


# Checks whose subject is the refusal itself (or its body): they judge a 401/403 even for a stand-in credential.
JUDGED_WHEN_REFUSED = ("auth_refusal_conformance", "error_envelope_conformance")


def credential_parameter_names(document: dict[str, Any]) -> set[tuple[str, str]]:
    """(location, name) of the query parameters and cookies the document's apiKey schemes read."""
    from contract_tests.credentials import security_schemes

    return {
        (str(scheme.get("in")), str(scheme.get("name")))
        for scheme in security_schemes(document).values()
        if scheme.get("type") == "apiKey" and scheme.get("in") in ("query", "cookie")
    }


def _lower(headers: dict[str, str]) -> set[str]:
    return {name.lower() for name in headers}


def credential_header_names(document: dict[str, Any]) -> set[str]:
    """Lower-cased names of the headers the document's security schemes read."""
    from contract_tests.credentials import header_names_of

    return header_names_of(document)


def _is_credential_header(document: dict[str, Any], name: str) -> bool:
    return name.lower() in credential_header_names(document)


CREATE_ATTEMPTS = 4


@dataclass
class Created:
    """A resource made by a successful create, and the item operations its links reach, with their parameters."""

    case: Any
    response: Any
    body: Any
    targets: list[tuple[Any, dict[str, Any]]]
    steps: list[Exchange]

    def items_of(self, collection: str) -> list[tuple[Any, dict[str, Any]]]:
        """Targets that address an item of `collection` (`/things/{id}` under `/things`)."""
        base = collection.rstrip("/")
        prefix = base[: len(base) - len(format_suffix(base.rsplit("/", 1)[-1]))] + "/{"  # `Queues.json` → `Queues/{`
        return [(op, params) for op, params in self.targets if op.path.startswith(prefix)]

    def case_for(self, target: Any, params: dict[str, Any]) -> Any:
        """The request to `target` with the link's `params` (see `linked_case`)."""
        return linked_case(target, params, self.case, self.body)

    def target(self, method: str, collection: str | None = None) -> tuple[Any, dict[str, Any]] | None:
        pool = self.items_of(collection) if collection is not None else self.targets
        return next(((op, params) for op, params in pool if op.method.upper() == method), None)

    def resource_id(self, collection: str) -> str | None:
        """The created item's id as its collection's item path takes it."""
        for operation, params in self.items_of(collection):
            last = operation.path.rstrip("/").rsplit("/", 1)[-1]
            last = last[: len(last) - len(format_suffix(last))]  # `{Sid}.json`
            name = last[1:-1] if last.startswith("{") and last.endswith("}") else None
            if name is not None and params.get(name) is not None:
                return str(params[name])
        return None


def parameters_fit(case: Any) -> bool:
    """Whether the case's text path parameters are of their own schemas (a pattern, a length, an enum). A value a
    link carries from the create's path (Twilio's participant made under any `ConferenceSid` text) may break the
    target's stricter schema (`^CF[0-9a-fA-F]{32}$`): the target's 400 is then the right answer, nothing to judge."""
    for parameter in case.operation.path_parameters:
        value = (case.path_parameters or {}).get(parameter.name)
        schema = parameter.definition.get("schema") if isinstance(parameter.definition, dict) else None
        if not isinstance(value, str) or not isinstance(schema, dict) or schema.get("type") != "string":
            continue
        if not text_fits(facts_for(case.operation.schema.raw_schema), schema, value):
            return False
    return True


def text_fits(facts: Any, schema: dict[str, Any], value: Any) -> bool:
    """Whether `value` is of `schema`, by the run's cached validators (`SpecFacts.validation_errors`)."""
    try:
        return not facts.validation_errors(schema, value)
    except (ValueError, TypeError):  # a schema the validator cannot take (a `$ref` left in it): not judged
        return True


def usable_link_values(values: dict[str, Any]) -> bool:
    """Whether a link's values make a request to its target: each found, none empty text (a path value `""`
    collapses the item's URL into its collection's: Gitea's token created with `name: ""`, then
    `DELETE /users/x/tokens/`, answered 405 and reported against the DELETE)."""
    return all(value is not None and value != "" for value in values.values())


def creators(run: PhaseRun) -> list[tuple[Any, list[tuple[Any, dict[str, Any]]]]]:
    """POST operations whose links reach selected item operations: (creator, [(target, link)])."""
    operations = run.operations()
    found = []
    for operation in operations.values():
        if operation.method.upper() != "POST":
            continue
        targets = [
            (operations[link["operationId"]], link)
            for link in run.links_from(operation)
            if link.get("operationId") in operations
        ]
        if targets:
            found.append((operation, targets))
    return found


def create(
    run: PhaseRun, creator: Any, links: list[tuple[Any, dict[str, Any]]], headers: dict[str, str] | None = None
) -> Created | None:
    """Create one resource with a valid example (retrying past a 402/429), and resolve its links."""
    from contract_tests.checks.sequences import link_value

    for _ in range(CREATE_ATTEMPTS):
        case = run.example(creator)
        if case is None:
            return None
        steps: list[Exchange] = []
        response = run.send(case, headers=headers, steps=steps)
        if not 200 <= response.status_code < 300:
            continue
        try:
            body = response.json()
        except ValueError:
            return None
        targets = []
        for target, link in links:
            values = {name: link_value(expr, case, body) for name, expr in (link.get("parameters") or {}).items()}
            if values and usable_link_values(values):
                targets.append((target, values))
        return Created(case=case, response=response, body=body, targets=targets, steps=steps)
    return None


def collection_list(run: PhaseRun, creator: Any) -> Any | None:
    """The GET on the path a resource is created at: the list it should appear in."""
    return next(
        (op for op in run.operations().values() if op.method.upper() == "GET" and op.path == creator.path), None
    )


JSON_DRAWS = 24  # of two media types, one JSON: a non-JSON draw 25 times running is one in 33 million


def example_case(operation: Any) -> Any:
    """One valid request for `operation` (schemathesis' positive strategy), or None if it cannot make one. Its body
    is JSON where the operation takes JSON: schemathesis picks any declared media type, and Gitea's global
    `consumes` lists `text/plain` beside JSON, where an object is no request a server must read."""
    from hypothesis.errors import NonInteractiveExampleWarning

    takes_json = any(syntax_of(body.media_type) == "json" for body in operation.body)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NonInteractiveExampleWarning)
            strategy = operation.as_strategy()
            case = strategy.example()
            for _ in range(JSON_DRAWS):  # schemathesis draws the media type with the body: draw again for JSON
                if (not takes_json or syntax_of(case.media_type or "") == "json") and form_writes_what_it_requires(
                    operation, case
                ):
                    break
                case = strategy.example()
            if not takes_json and _drawn_from_a_range(operation, case) and isinstance(case.body, (dict, list)):
                # a body of any type (Kubernetes' `*/*`) drawn as text, an image or multipart: an object is JSON
                case.media_type = "application/json"
            # schemathesis draws path values as the URL writes them; the phases keep them raw, as read from answers,
            # and encode them when they send (`path_values_escaped`)
            case.path_parameters = {
                name: unquote(value) if isinstance(value, str) else value
                for name, value in (case.path_parameters or {}).items()
            } or case.path_parameters
            return case
    except Exception:  # an unsatisfiable schema (PagerDuty's `service` allOf) is schemathesis' to report, not ours
        return None


def form_writes_what_it_requires(operation: Any, case: Any) -> bool:
    """Whether a form body, as written, holds every field its schema requires: a list drawn empty, or of empty
    objects, writes nothing (Mastodon's filter `context`), and the unknown-ids probe's update went out refused for
    the field it lacked (422), no test of the id. True for a body of any other media type."""
    if not isinstance(case.body, dict) or essence(case.media_type or "") not in FORM_MEDIA_TYPES:
        return True
    declared = next((body for body in getattr(operation, "body", ()) if body.media_type == case.media_type), None)
    schema = getattr(declared, "resolved_schema", None)
    required = schema.get("required") if isinstance(schema, dict) else None
    return all(_writes_something(case.body.get(name)) for name in required or () if isinstance(name, str))


def _writes_something(value: Any) -> bool:
    if isinstance(value, list):
        return any(_writes_something(item) for item in value)
    return value is not None and value != {}


def _drawn_from_a_range(operation: Any, case: Any) -> bool:
    """Whether the case's media type is one schemathesis chose for a body declared as a range (`*/*`), not one the
    operation names."""
    declared = [body.media_type for body in operation.body]
    return any("*" in media_type for media_type in declared) and case.media_type not in declared


# Where a case holds the parameters of each location
CASE_ATTRIBUTE_OF = {"path": "path_parameters", "query": "query", "header": "headers", "cookie": "cookies"}


def linked_case(target: Any, values: dict[str, Any], created: Any = None, answer: Any = None) -> Any:
    """The request a link makes: its parameters where the target declares them, and every other *required*
    parameter the target declares, so the request is one the target accepts (Adyen's DELETE of a stored payment
    method names it in the path and asks for `shopperReference` in the query; without it the answer is a 400).

    A required parameter the link does not give takes the value the create sent or was answered under the same
    name (the shopper the method was stored for), else a generated valid one (`created`: the create's case,
    `answer`: its answer's body; None when the values come from elsewhere). Optional parameters are left out:
    a generated filter could hide what the walk reads back."""
    by_location: dict[str, dict[str, Any]] = {attribute: {} for attribute in CASE_ATTRIBUTE_OF.values()}
    in_body = {name[len("body.") :]: value for name, value in values.items() if name.startswith("body.")}
    values = {name: value for name, value in values.items() if not name.startswith("body.")}
    for name, value in values.items():
        location, _, bare = name.partition(".") if name.split(".", 1)[0] in CASE_ATTRIBUTE_OF else ("", "", name)
        attribute = CASE_ATTRIBUTE_OF.get(location) or _declared_location(target, bare) or "path_parameters"
        if attribute == "path_parameters" and isinstance(value, str):
            # a record's address (AIP's `name: "memos/abc"`) names it at `/memos/{memo}` by its last part
            value = part_named(value, target.path, bare) or value
        by_location[attribute][bare] = value
    generated = None
    for attribute in CASE_ATTRIBUTE_OF.values():
        for parameter in getattr(target, attribute):
            if not parameter.is_required or parameter.name in by_location[attribute]:
                continue
            value = _same_named(parameter.name, answer, created)
            if value is None:
                generated = generated if generated is not None else example_case(target)
                value = (getattr(generated, attribute, None) or {}).get(parameter.name) if generated else None
            if value is not None:
                by_location[attribute][parameter.name] = value
    case = target.Case(**{attribute: found for attribute, found in by_location.items() if found})
    if in_body:  # an RPC-style read names its record in the body (`POST /documents.info {"id": …}`)
        generated = generated if generated is not None else example_case(target)
        drawn = generated.body if generated is not None and isinstance(generated.body, dict) else {}
        required = _required_body_fields(target)  # what else it must send; an optional field drawn could hide it
        case.body = {**{k: v for k, v in drawn.items() if k in required}, **in_body}
        case.media_type = generated.media_type if generated is not None else "application/json"
    elif _body_required(target):  # immich's DELETE /admin/users/{id} takes a required `{force}` body
        generated = generated if generated is not None else example_case(target)
        if generated is not None and generated.body is not None:
            case.body, case.media_type = generated.body, generated.media_type
    return case


def _required_body_fields(operation: Any) -> set[str]:
    """The fields the operation's request body requires (its schema's own and its `allOf` parts')."""
    declared = facts_for(operation.schema.raw_schema).operation(operation.path, operation.method).get("requestBody")
    required: set[str] = set()
    for media in ((declared or {}).get("content") or {}).values():
        schema = media.get("schema") if isinstance(media, dict) else None
        for part in [schema, *((schema or {}).get("allOf") or [])] if isinstance(schema, dict) else []:
            if isinstance(part, dict):
                required.update(str(name) for name in part.get("required") or [])
    return required


def _declared_location(operation: Any, name: str) -> str | None:
    for attribute in CASE_ATTRIBUTE_OF.values():
        if any(parameter.name == name for parameter in getattr(operation, attribute)):
            return attribute
    return None


def _same_named(name: str, answer: Any, created: Any) -> Any:
    """A scalar the create's answer, request body or query held under `name`, or None."""
    for source in (answer, getattr(created, "body", None), getattr(created, "query", None)):
        value = source.get(name) if isinstance(source, dict) else None
        if isinstance(value, (str, int, float, bool)):
            return value
    return None


def _body_required(operation: Any) -> bool:
    return any(body.is_required for body in operation.body)


@contextlib.contextmanager
def path_values_escaped(case: Any) -> Iterator[None]:
    """Send a case whose path values came from the API's own answers or examples percent-encoded.

    schemathesis writes path parameters into the URL as they are (its generated ones are encoded when
    drawn); an id or slug read from a body may hold `#`, `?`, `/` or a space, and would otherwise end
    the path early. The case keeps the raw values, which is what checks compare with later answers.
    """
    raw = case.path_parameters
    if raw:
        case.path_parameters = {
            name: quote(value, safe="") if isinstance(value, str) else value for name, value in raw.items()
        }
    try:
        yield
    finally:
        case.path_parameters = raw
