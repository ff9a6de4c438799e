"""Run schemathesis' engine (examples, coverage, fuzzing and stateful phases), then our own phases,
against a live base URL, and fold everything into one result: per-operation counts and one failure
record per distinct problem, each with the exchanges that reproduce it."""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import math
import re
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, NamedTuple, Protocol
from urllib.parse import parse_qs, parse_qsl, urlsplit

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.mutations import MutationChannel, OperatorKind
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import Status, events, from_schema
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.specs.openapi.checks import (  # the allowances its check makes, asked again at a path key's path
    _non_body_negative_values_match_schema,
    _single_element_array_becomes_valid_after_serialization,
)

from contract_tests import checks as domain_checks
from contract_tests.checks.acceptance import AcceptanceTally, check_acceptance, semantic_rejections
from contract_tests.checks.base import header_of
from contract_tests.credentials import OperationCredentials
from contract_tests.phases.base import CASE_ATTRIBUTE_OF, form_writes_what_it_requires
from contract_tests.progress import NoProgress, Progress
from contract_tests.reproduction import Exchange, from_interaction
from contract_tests.spec_facts import (
    SCHEMA_WALK_BUDGET,
    declaring_no_answer,
    followed_ref,
    json_schema_of,
    operations_on_cancel_paths,
    paths_one_url_reaches,
    reads_of_clearable_collections,
    refusals_declared_beyond,
    resolve_local_refs,
    response_definition_for,
    same_shaped_paths,
    schemas_no_value_meets,
    silent_on_gone,
    switching_protocols,
    token_operation_ids,
    tokens_without_refusal,
    too_large_to_generate,
)
from contract_tests.upstream_fixes import (
    FILE_CHOICE_WAS_ONE_OF,
    FILES_WERE_UNIQUE,
    binary_strings_in_json_as_text,
    discriminator_values_required,
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
from mock.form_bodies import FormError, decode_form, decode_multipart
from mock.negotiation import StreamReading, holds_data, is_json_records, json_record, stream_reading
from mock.parameter_styles import MalformedParameter, ParameterSource, read_parameter
from mock.problems import NOT_FOR_MALFORMED_REQUESTS, says_invalid
from mock.request_validation import cast_scalar
from mock.schema_validation import is_valid, request_view, response_view, text_of_format
from mock.spec.model import (
    FORM_MEDIA_TYPES,
    HTTP_METHODS,
    Parameter,
    essence,
    is_json_media,
    is_json_patch,
    syntax_of,
)
from mock.spec.operations import IGNORED_HEADER_PARAMETERS, parameter_of, path_parameter_names, split_path_key
from mock.spec.schemas import declared_properties, item_schema, schema_types
from mock.xml_bodies import parse_xml

POSITIVE_DATA_STATUSES = ["2xx", "3xx", "401", "402", "403", "404", "409", "429", "5xx"]
# schemathesis' own lists of the statuses that refuse an invalid request, and one lacking a required header
REFUSAL_STATUSES = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "5xx"]
MISSING_HEADER_STATUSES = ["400", "401", "403", "406", "415", "422"]
ENGINE_PHASES = ("examples", "coverage", "fuzzing", "stateful")


@dataclass
class RunOptions:
    document: dict[str, Any]
    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    # Credentials sent in the query or cookies (apiKey schemes there), beside those in `headers`.
    query_credentials: dict[str, str] = field(default_factory=dict)
    cookie_credentials: dict[str, str] = field(default_factory=dict)
    # False: the credentials are a stand-in (none was given), so a right one cannot be told from a wrong one.
    credentials_verified: bool = True
    # the credential of each operation asking for another scheme than the run-wide parts carry
    operation_credentials: OperationCredentials = field(default_factory=dict)
    # None: schemathesis.toml's value, else our default (100 examples, 1 worker, 10 s per request).
    max_examples: int | None = None
    seed: int | None = None
    workers: int | None = None
    operation_ids: list[str] = field(default_factory=list)
    request_timeout: float | None = None
    # Engine phases to run (None: all); our own phases run unless named out by `skip_phases`.
    phases: list[str] | None = None
    skip_phases: list[str] = field(default_factory=list)
    checks: list[str] | None = None
    exclude_checks: list[str] = field(default_factory=list)
    max_time: int | None = None
    max_failures: int | None = None
    rate_limit: str | None = None
    # Applied last: a SchemathesisConfig hook for pass-through options and schemathesis.toml.
    configure: Callable[[SchemathesisConfig], None] | None = None
    base_config: dict[str, Any] | None = None
    # A second tenant's credentials ('Name: value' headers): enables the tenancy phase.
    tenant_b: dict[str, str] = field(default_factory=dict)
    # Operation filters in schemathesis' `create_filter_set` terms (from pass-through --include-*/--exclude-*).
    filters: dict[str, Any] | None = None


@dataclass
class FailureRecord:
    operation: str
    check: str
    title: str
    message: str
    status_code: int | None
    phase: str
    # The exchanges needed to reproduce, oldest first; the last one shows the failure.
    exchanges: list[Exchange] = field(default_factory=list)
    # A ready curl per exchange when no exchange was recorded (the task-protocol tests build their own).
    curl: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, str, int | None, str]:
        """What makes two failures the same finding: check, operation, status and normalised message."""
        return self.check, self.operation, self.status_code, domain_checks.normalised_message(self.message)


@dataclass
class OperationResult:
    label: str
    cases: int = 0
    failures: Counter[str] = field(default_factory=Counter)


@dataclass
class RunResult:
    operations: dict[str, OperationResult] = field(default_factory=dict)
    failures: list[FailureRecord] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)  # label, title, message; `times` where met again
    # What the run could not test and why (shown before the verdict).
    notes: list[str] = field(default_factory=list)
    seed: int | None = None
    duration: float = 0.0
    max_failures: int | None = None
    acceptance: AcceptanceTally = field(default_factory=AcceptanceTally)
    _keys: set[tuple[str, str, int | None, str]] = field(default_factory=set)

    def add_error(self, label: str, title: str, message: str) -> None:
        """An error of the run; one met again (the same operation, title and message: every scenario of an operation
        whose body schemathesis cannot generate) is counted on the first, as `times`."""
        for error in self.errors:
            if (error["label"], error["title"], error["message"]) == (label, title, message):
                error["times"] = int(error.get("times", 1)) + 1
                return
        self.errors.append({"label": label, "title": title, "message": message})

    def operation(self, label: str) -> OperationResult:
        if label not in self.operations:
            self.operations[label] = OperationResult(label=label)
        return self.operations[label]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors

    @property
    def full(self) -> bool:
        return self.max_failures is not None and len(self.failures) >= self.max_failures

    def add_failure(self, failure: FailureRecord) -> bool:
        """Keep a failure unless an equal one is kept already or --max-failures is reached."""
        key = failure.key()
        if key in self._keys or self.full:
            return False
        self._keys.add(key)
        self.failures.append(failure)
        self.operation(failure.operation).failures[failure.check] += 1
        return True


def default_config(options: RunOptions, document: dict[str, Any]) -> dict[str, Any]:
    """Our settings as a schemathesis config dict: no on-disk cache or example database, our checks' tuning."""
    per_operation: list[dict[str, Any]] = []
    # A declared 400 that names a rule ("Invalid cursor") is a fair answer to a schema-valid request.
    refusals = {
        operation_id: [str(status) for status in statuses]
        for operation_id, statuses in semantic_rejections(document).items()
    }
    for operation_id in token_operation_ids(document):
        # No generated request holds a code the server issued: a correct token endpoint refuses them all.
        refusals[operation_id] = sorted({*refusals.get(operation_id, []), "400", "422"})
    for operation_id, statuses in refusals.items():
        per_operation.append(
            {
                "include-operation-id": [operation_id],
                "checks": {"positive_data_acceptance": {"expected-statuses": [*POSITIVE_DATA_STATUSES, *statuses]}},
            }
        )
    for declared, names in refusals_declared_beyond(document, REFUSAL_STATUSES).items():
        # a status the spec declares for a refused request refuses it, whatever its number (AWS's `486`)
        per_operation.append(
            {
                "include-name": names,
                "checks": {
                    "negative_data_rejection": {"expected-statuses": [*REFUSAL_STATUSES, *declared]},
                    "missing_required_header": {"expected-statuses": [*MISSING_HEADER_STATUSES, *declared]},
                },
            }
        )
    for (path, method), own in options.operation_credentials.items():
        if own.headers:
            per_operation.append({"include-name": [f"{method} {path}"], "headers": own.headers})
    cancel_reads = operations_on_cancel_paths(document)
    if cancel_reads:
        # schemathesis' use_after_free takes every successful DELETE for a deletion and expects 404 after;
        # a cancelling DELETE keeps the job readable. resource_lifecycle_conformance covers real deletes.
        per_operation.append({"include-operation-id": cancel_reads, "checks": {"use_after_free": {"enabled": False}}})
    silent = silent_on_gone(document)
    if silent:
        # After a delete, no answer of these conforms: a 404 is undeclared, a 200 "uses" what was freed.
        per_operation.append({"include-name": silent, "checks": {"use_after_free": {"enabled": False}}})
    cleared = reads_of_clearable_collections(document)
    if cleared:
        # A collection's DELETE empties it; its list answers 200 after, with nothing in it.
        per_operation.append({"include-name": cleared, "checks": {"use_after_free": {"enabled": False}}})
    too_large = too_large_to_generate(document)
    if too_large:
        # schemathesis spends many minutes building one request of these, past `--max-time` (read between requests)
        per_operation.append({"include-name": too_large, "enabled": False})
    switching = switching_protocols(document)
    if switching:
        per_operation.append({"include-name": switching, "enabled": False})
    unanswered = declaring_no_answer(document)
    if unanswered:
        # no status is documented: every answer would be "undocumented"; crashes and the rest are still judged
        per_operation.append({"include-name": unanswered, "checks": {"status_code_conformance": {"enabled": False}}})
    outside = outside_header_auth(options, document)
    cut_links = bool(options.operation_ids) and not has_links_within(document, set(options.operation_ids))
    return {
        "operations": per_operation,
        # The selection cut every link; schemathesis would report that as an error, but it is a choice.
        "phases": {"stateful": {"enabled": False}} if cut_links else {},
        "workers": 1,
        "request-timeout": 10.0,
        "generation": {
            "max-examples": 100,
            "database": "none",
            # With credentials given as headers, generated (random) API keys only add noise: the state
            # machine would send one beside the real bearer and blame the API for accepting the pair.
            # The security phase sends missing, wrong and forged credentials on purpose instead.
            "with-security-parameters": not (
                options.headers or options.query_credentials or options.cookie_credentials
            ),
        },
        # Credentials outside headers (an apiKey in the query or a cookie), placed by schemathesis per scheme.
        "auth": {"openapi": outside} if outside else {},
        "cache": {"enabled": False},
        "checks": {
            # A valid request may still be refused for lack of funds: our specs declare 402 for that.
            "positive_data_acceptance": {"expected-statuses": POSITIVE_DATA_STATUSES},
        },
        # Every distinct failure, not only the first of each operation.
        "continue-on-failure": True,
        # Hypothesis' health checks judge the generator, not the server: a body whose smallest value is large
        # (Directus' flows) or slow to make stopped the operation untested, an error the API could not have caused.
        # Let generation go on; one that can make no value at all is still reported.
        "suppress-health-check": list(GENERATION_HEALTH_CHECKS),
    }


# The health checks schemathesis lets a run suppress: each judges how hard values are to make.
GENERATION_HEALTH_CHECKS = ("data_too_large", "filter_too_much", "too_slow", "large_base_example")


# Engine checks that send wrong credentials and expect a refusal: meaningless when the right ones are unknown.
NEEDS_VERIFIED_CREDENTIALS = ("ignored_auth",)
UNVERIFIED_NOTE = (
    "no credential given (--api-key, or one in --header): a stand-in was sent, and wrong, forged and "
    "other-scheme credentials were not tested, since which ones are right is unknown"
)


def outside_header_auth(options: RunOptions, document: dict[str, Any]) -> dict[str, dict[str, str]]:
    """schemathesis `[auth.openapi]` entries for the apiKey schemes read from the query or a cookie."""
    from contract_tests.credentials import security_schemes

    # the run-wide parts, then those only some operations ask for: schemathesis applies a scheme only to the
    # operations whose security names it
    query, cookies = dict(options.query_credentials), dict(options.cookie_credentials)
    for own in options.operation_credentials.values():
        query, cookies = {**own.query, **query}, {**own.cookies, **cookies}
    found = {}
    for name, scheme in security_schemes(document).items():
        if scheme.get("type") != "apiKey":
            continue
        given = {"query": query, "cookie": cookies}.get(str(scheme.get("in")))
        value = (given or {}).get(str(scheme.get("name")))
        if value is not None:
            found[name] = {"api_key": value}
    return found


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        elif isinstance(value, list) and isinstance(merged.get(key), list) and key == "operations":
            merged[key] = [*merged[key], *value]
        else:
            merged[key] = value
    return merged


def build_config(options: RunOptions, document: dict[str, Any] | None = None) -> SchemathesisConfig:
    """Our defaults, under schemathesis.toml's settings (`base_config`), under the explicit options."""
    document = document if document is not None else resolve_local_refs(options.document)
    settings = _merge(default_config(options, document), options.base_config or {})
    config = SchemathesisConfig.from_dict(settings)
    project = config.projects.override
    project.update(
        base_url=options.base_url,
        headers=dict(options.headers) or None,
        workers=options.workers,
        request_timeout=options.request_timeout,
        rate_limit=options.rate_limit,
    )
    if options.max_examples is not None:
        project.generation.update(max_examples=options.max_examples)
    if options.phases is not None:
        phases = [phase for phase in options.phases if phase in ENGINE_PHASES]
        if not settings["phases"].get("stateful", {}).get("enabled", True):
            phases = [phase for phase in phases if phase != "stateful"]
        project.phases.update(phases=phases)
    unverified = [] if options.credentials_verified else list(NEEDS_VERIFIED_CREDENTIALS)
    if options.checks is not None or options.exclude_checks or unverified:
        from schemathesis.checks import CHECKS, load_all_checks

        load_all_checks()
        registered = set(CHECKS.get_all_names()) | {"all"}
        included = [name for name in options.checks or [] if name in registered] if options.checks else None
        excluded = [name for name in [*options.exclude_checks, *unverified] if name in registered]
        if options.checks is not None and not included:
            included = ["not_a_server_error"]  # only phase checks chosen: the engine still reports crashes
        project.checks.update(included_check_names=included, excluded_check_names=excluded or None)
    config.update(max_time=options.max_time, max_failures=options.max_failures)
    if options.seed is not None:
        config.update(seed=options.seed, max_failures=None)
    # Output sanitising would turn credentials into `[Filtered]` in the recorded requests; reporting masks
    # them itself (and shows them with --show-secrets).
    config.output.sanitization.update(enabled=False)
    if options.configure is not None:
        options.configure(config)
    return config


def has_links_within(document: dict[str, Any], operation_ids: set[str]) -> bool:
    for item in (document.get("paths") or {}).values():
        for operation in (item or {}).values():
            if not isinstance(operation, dict) or operation.get("operationId") not in operation_ids:
                continue
            for response in (operation.get("responses") or {}).values():
                for link in ((response or {}).get("links") or {}).values():
                    if isinstance(link, dict) and link.get("operationId") in operation_ids:
                        return True
    return False


def without_ignored_header_parameters(document: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The document without the header parameters OpenAPI says to ignore (Parameter Object: "If in is "header" and
    the name field is "Accept", "Content-Type" or "Authorization", the parameter definition SHALL be ignored"), and
    the one value the spec documents for `Accept` (a default, an example or a single enum value), if it documents
    exactly one: PagerDuty's `application/vnd.pagerduty+json;version=2`.

    schemathesis fills them like any parameter: any text in `Accept` and `Content-Type`, and their absence or an
    off-enum value as negative data; a server that follows the spec rightly answers those as it would without."""

    accepts: set[str] = set()

    def kept(found: Any) -> Any:
        if not isinstance(found, list):
            return found
        out = []
        for parameter in found:
            name = _header_name(document, parameter)
            if name not in IGNORED_HEADER_PARAMETERS:
                out.append(parameter)
            elif name == "accept":
                accepts.update(_documented_values(followed_ref(document, parameter)))
        return out

    def level(value: Any) -> Any:  # a path item or an operation, without those parameters
        return (
            {**value, "parameters": kept(value["parameters"])}
            if isinstance(value, dict) and "parameters" in value
            else value
        )

    paths = {
        path: {key: level(value) for key, value in level(item).items()} if isinstance(item, dict) else item
        for path, item in (document.get("paths") or {}).items()
    }
    operations = [
        [*(item.get("parameters") or []), *(operation.get("parameters") or [])]
        for item in (document.get("paths") or {}).values()
        if isinstance(item, dict)
        for method, operation in item.items()
        if method.lower() in HTTP_METHODS and isinstance(operation, dict)
    ]
    saying = sum(any(_header_name(document, parameter) == "accept" for parameter in found) for found in operations)
    # sent with every request only where most operations document it (PagerDuty's version header, on all of them):
    # DigitalOcean's apps document `application/json`, which its CSV and PDF downloads rightly answer with a 406
    widely = saying * 2 > len(operations)
    return {**document, "paths": paths}, (next(iter(accepts)) if len(accepts) == 1 and widely else None)


def _header_name(document: dict[str, Any], parameter: Any) -> str | None:
    """A header parameter's name in lower case (its `$ref` followed); None for a parameter of another place."""
    actual = followed_ref(document, parameter)
    return str(actual.get("name", "")).lower() if isinstance(actual, dict) and actual.get("in") == "header" else None


def _documented_values(parameter: dict[str, Any]) -> set[str]:
    found = parameter.get("schema")
    schema: dict[str, Any] = found if isinstance(found, dict) else {}
    enum = schema.get("enum") or []
    shown = [schema.get("default"), parameter.get("example"), schema.get("example"), *(enum if len(enum) == 1 else [])]
    return {value for value in shown if isinstance(value, str) and value}


def send_binary_bodies_as_bytes(document: dict[str, Any]) -> list[str]:
    """Let schemathesis send a request body of a binary media type it has no serializer for (Docker's
    `application/x-tar`, `application/zip`, `application/pdf`): the schema is a string of bytes, sent as they are,
    as its own `application/octet-stream` serializer sends them. Without one, every case of such an operation was
    an error ("Serialization not possible", 28 of Docker's). A schema that says nothing of the value (Orthanc's
    `application/dicom`, only described) takes bytes too. Returns the media types it took on."""
    from schemathesis.transport.requests import REQUESTS_TRANSPORT, binary_serializer

    added: list[str] = []
    for item in (document.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            body = followed_ref(document, operation.get("requestBody")) if isinstance(operation, dict) else None
            for media_type, media in ((body or {}).get("content") or {}).items() if isinstance(body, dict) else ():
                name = essence(str(media_type))
                schema = followed_ref(document, media.get("schema") if isinstance(media, dict) else None)
                if "*" in name or name in added or REQUESTS_TRANSPORT.get_first_matching_media_type(name) is not None:
                    continue
                if schema_types(schema) == ("string",) or _says_nothing_of_the_value(schema):
                    REQUESTS_TRANSPORT.serializer(name)(binary_serializer)
                    added.append(name)
    return added


def _says_nothing_of_the_value(schema: Any) -> bool:
    """A body schema that is missing, or holds no keyword that constrains the value (only a `description`)."""
    if schema is None:
        return True
    return isinstance(schema, dict) and not schema_types(schema) and not {"enum", "const", "not"} & schema.keys()


def send_json_records_as_streams(document: dict[str, Any]) -> list[str]:
    """Let schemathesis send a request body in a stream of JSON texts (NDJSON, JSON Lines, json-seq) as the mock reads
    one (`mock.request_validation`): the value as one record, framed as the stream frames records; a list as one
    record each where the operation's schema describes a list and no record (Elasticsearch's `_bulk`); text as it is
    where the schema is text. schemathesis sent each as one JSON text, which no stream of a list schema is. Returns
    the media types it took on."""
    from schemathesis.transport.requests import REQUESTS_TRANSPORT

    names = sorted(
        {
            str(media_type)
            for item in (document.get("paths") or {}).values()
            for operation in (item.values() if isinstance(item, dict) else ())
            for body in [followed_ref(document, operation.get("requestBody")) if isinstance(operation, dict) else None]
            for media_type in ((body.get("content") or {}) if isinstance(body, dict) else {})
            if is_json_records(str(media_type))
        }
    )
    for name in names:
        REQUESTS_TRANSPORT.serializer(name)(functools.partial(_as_stream, name))
    return names


def _as_stream(name: str, ctx: Any, value: Any) -> dict[str, Any]:
    from schemathesis.transport.serialization import serialize_binary

    reading = stream_reading(_declared_body_schema(ctx.case))
    if reading is StreamReading.TEXT or isinstance(value, bytes):
        return {"data": serialize_binary(value)}
    records = value if reading is StreamReading.WHOLE and isinstance(value, list) and value else [value]
    return {"data": b"".join(json_record(name, json.dumps(record).encode()) for record in records)}


VARIANTS_KEY = "x-specmock-variants"  # on an operation: the `#fragment` keys folded into it (see below)


def with_fragment_variants_folded(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The document with path keys that differ only in a `#fragment` (Box's `/files/{file_id}#add_shared_link`
    beside `/files/{file_id}`) folded into their base path, and the variants left out (`PUT /files/{file_id}#…`).

    A fragment never reaches the server: they are one endpoint on the wire. Tested as paths of their own, each
    drew `Allow`, 405 and authentication findings about the methods and security of that one endpoint (20 of
    Box's). A variant at a method its base path has is left out (the base's is tested; no request tells them
    apart) unless a required parameter tells their requests apart (AWS's JSON APIs, every action a `POST /` with
    its own `X-Amz-Target`): then it is tested under its own key, which reaches the base path on the wire, where
    the base path has no other method for its 405 and `Allow` checks to find. One at a method the base lacks is
    tested at the base path."""
    paths = dict(document.get("paths") or {})
    left_out: list[str] = []
    told_apart: dict[str, dict[str, Any]] = {}
    made_from: dict[str, set[str]] = {}  # a base path no key names alone: the fragment keys whose methods make it
    fragments = [key for key in paths if "#" in key]
    for key in fragments:
        item = paths.pop(key)
        if not isinstance(item, dict):
            continue
        base_key = key.split("#", 1)[0]
        base = dict(paths.get(base_key) or {})
        shared = item.get("parameters") or []
        for method, operation in item.items():
            if method.lower() not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            if method in base:
                telling = _parameters_telling_apart(
                    document, (paths.get(base_key) or {}, base[method]), (item, operation)
                )
                if telling and isinstance(base[method], dict):
                    told_apart.setdefault(key, {"parameters": shared} if shared else {})[method] = _told_apart_by(
                        operation, telling
                    )
                    base[method] = _told_apart_by(base[method], telling)
                    continue
                left_out.append(f"{method.upper()} {key}")
                # the base answers for it: a request only the variant takes is no invalid request accepted, and its
                # answer may be the variant's (Mistral's `POST /v1/audio/transcriptions#stream` answers
                # `text/event-stream` to `{"stream": true}`, where the base answers JSON)
                if isinstance(base[method], dict):
                    base[method] = {
                        **base[method],
                        "responses": _responses_joined(base[method].get("responses"), operation.get("responses")),
                        VARIANTS_KEY: [*base[method].get(VARIANTS_KEY, []), key],
                    }
                continue
            base[method] = {**operation, "parameters": [*shared, *(operation.get("parameters") or [])]}
            if base_key not in document["paths"]:
                made_from.setdefault(base_key, set()).add(key)
        if base:
            paths[base_key] = base
    for key, item in told_apart.items():
        methods = {method for method in item if method != "parameters"}
        if methods >= {method for method in paths.get(key.split("#", 1)[0], {}) if method.lower() in HTTP_METHODS}:
            paths[key] = item
        else:
            left_out.extend(f"{method.upper()} {key}" for method in item if method in methods)
    for base_key, keys in made_from.items():
        if len(keys) == 1 and base_key in paths:  # one key's operations alone: they keep its name (and action)
            paths[keys.pop()] = paths.pop(base_key)
    return ({**document, "paths": paths} if fragments else document), left_out


def _parameters_telling_apart(document: dict[str, Any], one: tuple[Any, Any], other: tuple[Any, Any]) -> set[str]:
    """The names of the parameters that leave no request valid for both operations (each a path item and its
    operation): both require it, in one place, each allowing only values the other's refuses (AWS's JSON APIs, every
    action a `POST /` told apart by its `X-Amz-Target` header's one allowed value). Headers' names in lower case."""
    required = [
        {
            (str(p.get("in")), _place_name(p)): values
            for location in ("header", "query", "cookie")
            for p in _parameters_at(document, *operation, location)
            if p.get("required") and (values := _allowed_values(document, p)) is not None
        }
        for operation in (one, other)
    ]
    return {
        name
        for (location, name), values in required[0].items()
        if (location, name) in required[1] and values.isdisjoint(required[1][(location, name)])
    }


TOLD_APART_KEY = "x-specmock-told-apart-by"  # on an operation: the parameters telling it from others at its path


def _told_apart_by(operation: dict[str, Any], names: set[str]) -> dict[str, Any]:
    return {**operation, TOLD_APART_KEY: sorted({*operation.get(TOLD_APART_KEY, []), *names})}


def _place_name(parameter: dict[str, Any]) -> str:
    name = str(parameter.get("name"))
    return name.lower() if parameter.get("in") == "header" else name


def _allowed_values(document: Any, parameter: dict[str, Any]) -> frozenset[str] | None:
    """The few values a parameter allows, as text (its schema's `enum` or `const`), or None when it allows any."""
    schema = followed_ref(document, parameter.get("schema", parameter))
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return frozenset({str(schema["const"])})
    enum = schema.get("enum")
    return frozenset(str(value) for value in enum) if isinstance(enum, list) else None


def _responses_joined(base: Any, variant: Any) -> Any:
    """A base operation's responses with a folded variant's added: the statuses it lacks, and at a status both
    declare, the media types only the variant's declares. What the base declares stays as it is."""
    if not isinstance(base, dict) or not isinstance(variant, dict):
        return base
    joined = dict(base)
    for status, answer in variant.items():
        own = joined.get(status)
        if own is None:
            joined[status] = answer
        elif isinstance(own, dict) and isinstance(answer, dict) and isinstance(answer.get("content"), dict):
            content = dict(own.get("content") or {})
            for media, declared in answer["content"].items():
                content.setdefault(media, declared)
            joined[status] = {**own, "content": content}
    return joined


def accept_sent(documented: str) -> str:
    """The `Accept` every request sends where the spec documents one value for it: that value first, then anything,
    as a last resort. VTEX documents `Accept: application/json` on every operation, beside some that answer only
    text/plain: asked for JSON alone, a server true to the spec refused them (406)."""
    return f"{documented}, */*;q=0.1"


def load_schema(options: RunOptions) -> Any:
    """The schemathesis schema for a run. Its document is a private copy, so the run's check state is its own."""
    from schemathesis.filters import FilterSet

    keep_tuples_in_response_schemas()
    tolerate_unreadable_urls_in_answers()
    read_listed_types_in_dependency_analysis()
    send_binary_bodies_as_bytes(options.document)
    send_json_records_as_streams(options.document)
    document = binary_strings_in_json_as_text(nullable_formats_as_any_of(copy.deepcopy(options.document)))
    document = path_parameters_renamed_for_format(unique_files_unchecked(file_choices_as_any_of(document)))
    document = templated_query_pairs_dropped(document)
    document = discriminator_values_required(schema_examples_as_lists(examples_without_refs(document)))
    document, accept = without_ignored_header_parameters(document)
    document, _ = with_fragment_variants_folded(document)
    if accept is not None and not any(name.lower() == "accept" for name in options.headers):
        options.headers = {"Accept": accept_sent(accept), **options.headers}  # every request, as the spec documents
    schema = schemathesis.openapi.from_dict(document, config=build_config(options, resolve_local_refs(document)))
    domain_checks.start_run(document)
    if options.filters:
        schema.filter_set = schema.config.operations.create_filter_set(**options.filters)
    if options.operation_ids:
        # Not `schema.include()`: per-operation config entries already put a filter function in the
        # schema's filter set, and a second include would be OR-ed with it instead of narrowing it.
        selection = FilterSet()
        selection.include(operation_id=list(options.operation_ids))
        schema.filter_set = schema.config.operations.filter_set_with(include=selection)
    return schema


def known_operation_ids(document: dict[str, Any]) -> set[str]:
    ids = set()
    for item in (document.get("paths") or {}).values():
        for operation in (item or {}).values():
            if isinstance(operation, dict) and operation.get("operationId"):
                ids.add(operation["operationId"])
    return ids


def _case_label(recorder: Any, case_id: str, fallback: str) -> str:
    node = recorder.cases.get(case_id)
    if node is None:
        return fallback
    return str(node.value.operation.label)


def _exchanges(recorder: Any, case_id: str) -> list[Exchange]:
    """The recorded exchanges leading to `case_id`: its ancestors (stateful steps) first, then itself."""
    chain: list[str] = []
    current: str | None = case_id
    while current is not None and current not in chain:
        chain.append(current)
        node = recorder.cases.get(current)
        current = getattr(node, "parent_id", None) if node is not None else None
    found = []
    for item in reversed(chain):
        interaction = recorder.interactions.get(item)
        if interaction is not None:
            found.append(from_interaction(interaction))
    return found


def _json_as_sent(case: Any, request: Any = None) -> Any:
    """A JSON body as it went out, read back from the bytes sent where there are some: schemathesis holds a `format:
    binary` field's example as its own `Binary`, which no validator reads, and sends it as the text it was written
    as (Spree's CMS section examples, `"cms_section[image_one]": ""`)."""
    raw = getattr(request, "body", None)
    if isinstance(raw, (bytes, str)) and raw:
        try:
            return json.loads(raw)
        except ValueError:
            pass
    return getattr(case, "body", None)


def _spec_says_valid(case: Any, phase: str, request: Any = None) -> bool:
    """Whether a positive case's JSON body is valid against its operation's request schema, for an example:
    schemathesis builds the examples phase's requests from property examples, and a spec whose examples mix kinds
    (PagerDuty's `action_type: process_automation` beside a script's `action_data_reference`) gives a body of no
    kind, which a server rightly refuses. Other phases' positive data is drawn from the schema itself."""
    body = getattr(case, "body", None)
    media_type = getattr(case, "media_type", None) or ""
    if not _written_in_its_syntax(case, getattr(request, "body", None)):
        return False  # an object sent as text/plain, a list as XML of sibling roots: no request to read
    if _query_beyond_its_style(case):
        return False  # a list of objects in the query: no style writes one
    if request is not None and _required_query_unsent(case, request):
        return False  # a required list that wrote nothing: the request went out without it (Mastodon's markers)
    if not form_writes_what_it_requires(case.operation, case):
        return False  # a form without a field it requires, a list drawn empty (Circuit's group `participants`)
    if _fits_two_of_a_file_choice(case):
        return False  # a file's URL sent as text, both a file and a URL to a validator: the spec's oneOf takes neither
    no_bytes = body in ("", b"") or (isinstance(body, dict) and request is not None and not getattr(request, "body", 1))
    if no_bytes and _declared_body(case).get("required") is True:
        # no bytes for a required body (Xero's uploads, no example given; Spotify's image upload, drawn empty by the
        # coverage and fuzzing phases; Circuit's group conversation, a form of no fields): openapi-core, and so the
        # mock, reads it as none
        return False
    if phase == "examples" and _parameters_off_their_schemas(case):
        return False  # an example off its own parameter's schema (ideal-postcodes' `start=1418556452651`, an int32)
    if phase == "examples" and isinstance(body, dict) and not is_json_media(media_type):
        declared = _declared_body_schema(case)
        required = declared.get("required") if isinstance(declared, dict) else None
        if isinstance(required, list) and any(name not in _parts_sent(body) for name in required):
            return False  # an example without a part it requires (OpenAI's image edit, no `image` file among them)
    if phase != "examples" or not isinstance(body, (dict, list)) or not is_json_media(media_type):
        return True  # a form's or a multipart's parts (schemathesis' `Binary` files) are not JSON to judge
    schema = _declared_body_schema(case)
    try:
        sent = _json_as_sent(case, request)
        return not isinstance(schema, dict) or not domain_checks.state_of(case).facts.validation_errors(schema, sent)
    except ValueError:  # a value no JSON validator can read: not ours to judge
        return True


def _beyond_a_form(case: Any, body: dict[str, Any]) -> bool:
    """Whether a body holds a field a form cannot write, an object or a list of objects, with no `encoding` that says
    how (JSON text): schemathesis sends Firefly III's `accounts: [{id, …}]` as `accounts=id&accounts=name`, which a
    server rightly refuses, and that is no example rejected."""
    declared = (_declared_body(case).get("content") or {}).get(_declared_media_key(case) or "") or {}
    encoding = declared.get("encoding") if isinstance(declared, dict) else None
    told = {name for name, how in (encoding or {}).items() if isinstance(how, dict) and how.get("contentType")}
    return any(name not in told and (isinstance(value, dict) or _lists_objects(value)) for name, value in body.items())


def _lists_objects(value: Any) -> bool:
    """Whether a value is a list holding an object: what neither a form nor a query style writes."""
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def _query_beyond_its_style(case: Any) -> bool:
    """Whether a query parameter holds a list of objects with no `content` that says how (JSON text): no style writes
    one (form, spaceDelimited and pipeDelimited write plain values, deepObject one object), and schemathesis sent Box's
    `mdfilters` example as Python's text of the object, which a server rightly refuses."""
    query = getattr(case, "query", None) or {}
    if not isinstance(query, dict) or not query:
        return False
    facts = domain_checks.state_of(case).facts
    declared = facts.operation(case.operation.path, case.operation.method).get("parameters") or []
    written = {p.get("name") for p in declared if isinstance(p, dict) and p.get("in") == "query" and p.get("content")}
    if any(name not in written and _lists_objects(value) for name, value in query.items()):
        return True
    # deepObject writes one object's values: an object inside it (Apideck's `filter[service]`, drawn `{}`) went out as
    # `filter[service]=`, text no reader takes for an object
    deep = {
        p.get("name"): declared_properties(p.get("schema") or {})
        for p in declared
        if isinstance(p, dict) and p.get("in") == "query" and p.get("style") == "deepObject"
    }
    for key, value in query.items():
        head, _, rest = str(key).partition("[")
        inner = (deep.get(head) or {}).get(rest[:-1]) if rest.endswith("]") else None
        # an object of no keys or a null there (Apideck's webhook logs' example, `filter[service]: {}`) goes out as
        # that empty text too
        if value in ("", None, {}) and isinstance(inner, dict) and "object" in schema_types(inner):
            return True
        # the same held as the object itself (the examples phase's `{"filter": {"service": null}}`, Apideck's webhook
        # logs): a null or an object of no keys inside it goes out as `filter[service]=` too
        properties = deep.get(key) or {}
        if isinstance(value, dict) and any(
            inside in ("", None, {}) and "object" in schema_types(properties.get(name) or {})
            for name, inside in value.items()
        ):
            return True
    return False


def _declared_body(case: Any) -> dict[str, Any]:
    """The request body object the case's operation declares, `$ref`s resolved (the engine's own copy holds the
    component schemas by reference)."""
    facts = domain_checks.state_of(case).facts
    found = facts.operation(case.operation.path, case.operation.method).get("requestBody")
    return found if isinstance(found, dict) else {}


def _declared_media_key(case: Any) -> str | None:
    """The media type (or range) the operation declares that the case's body was sent as: exact, `type/*`, `*/*`."""
    content = _declared_body(case).get("content") or {}
    sent = essence(case.media_type or "")
    # a declared key may carry parameters (openSUSE's `application/xml; charset=utf-8`): matched by its essence
    declared = {essence(str(key)): str(key) for key in reversed(list(content))}  # the first declared of an essence
    for key in (sent, sent.split("/")[0] + "/*", "*/*"):
        if key in declared:
            return declared[key]
    return None


def _declared_body_schema(case: Any) -> Any:
    """The request body schema the operation declares for the case's media type (or the range that takes it)."""
    key = _declared_media_key(case)
    media = (_declared_body(case).get("content") or {}).get(key) if key is not None else None
    return media.get("schema") if isinstance(media, dict) else None


def _negated_locations(meta: Any) -> set[Any]:
    """Where a case's metadata says it broke the request on purpose (`ParameterLocation`s: body, query, …)."""
    components = getattr(meta, "components", None) or {}
    return {location for location, component in components.items() if component.mode.is_negative}


def _recorded_case(recorder: Any, case_id: str) -> Any:
    """The case a scenario recorded under `case_id` (None when it holds none), for the forgiveness rules below."""
    return getattr(recorder.cases.get(case_id), "value", None)


def _recorded_response(recorder: Any, case_id: str) -> Any:
    """The response the case got (None when it got none)."""
    return getattr(recorder.interactions.get(case_id), "response", None)


def _taken_by_a_folded_variant(recorder: Any, case_id: str, check: Any) -> bool:
    """An invalid request accepted by an operation that `#fragment` variants were folded into (Box's
    `PUT /files/{file_id}`, beside `#remove_shared_link`): a request one of them takes is valid at that endpoint,
    and no run can tell which one a server answered as."""
    if check.name != "negative_data_rejection":
        return False
    operation = getattr(_recorded_case(recorder, case_id), "operation", None)
    raw = getattr(getattr(operation, "definition", None), "raw", None)
    return isinstance(raw, dict) and bool(raw.get(VARIANTS_KEY))


def _refused_naming_no_action(recorder: Any, case_id: str, check: Any) -> bool:
    """A request refused (4xx) whose broken or missing part is the parameter that tells the actions at its path
    apart (AWS's `X-Amz-Target: AAA`): it names none of them, so which one's refusals it gets is the server's."""
    if check.name not in ("negative_data_rejection", "status_code_conformance", "missing_required_header"):
        return False
    case: Any = _recorded_case(recorder, case_id)
    response = _recorded_response(recorder, case_id)
    raw = getattr(getattr(getattr(case, "operation", None), "definition", None), "raw", None)
    if response is None or not isinstance(raw, dict) or not 400 <= response.status_code < 500:
        return False
    telling = set(raw.get(TOLD_APART_KEY) or ())
    broken = {name for name in _negated_names(getattr(getattr(case, "meta", None), "phase", None)) if name}
    return bool(telling & (broken | {name.lower() for name in broken})) or _sent_naming_no_action(case, telling)


def _sent_naming_no_action(case: Any, telling: set[str]) -> bool:
    """Whether the request, as sent, leaves out a parameter telling the actions at its path apart, or gives it a
    value its operation does not allow: what the fuzzing phase draws says nothing of which part it broke (CloudWatch's
    query actions, sent without `Action`)."""
    document = getattr(case.operation.schema, "raw_schema", None) or {}
    for location in ("query", "headers"):
        sent = {
            (name.lower() if location == "headers" else name): value
            for name, value in (getattr(case, location, None) or {}).items()
        }
        for parameter in getattr(case.operation, location, ()) or ():
            name = parameter.name.lower() if location == "headers" else parameter.name
            if name not in telling:
                continue
            allowed = _allowed_values(document, parameter.definition or {})
            if name not in sent or (allowed is not None and str(sent[name]) not in allowed):
                return True
    return False


def _allowed_by_a_same_shaped_path(recorder: Any, case_id: str, check: Any) -> bool:
    """An `Allow` header that lists, beside its own path's methods, only those of another path one URL reaches too:
    of the same shape (Netlify's `POST …/migrations/{deploy_id}` beside `GET …/migrations/{name}`, which OpenAPI
    forbids and the mock warns of), or a template its literal segment fills (Circuit's `POST /conversations/group`
    beside `GET /conversations/{convId}`): a URL both match takes both methods."""
    if check.name != "allow_header_conformance":
        return False
    operation = getattr(_recorded_case(recorder, case_id), "operation", None)
    response = _recorded_response(recorder, case_id)
    allow = header_of(response, "allow") if response is not None else None
    if operation is None or allow is None:
        return False
    advertised = {method.strip().lower() for method in allow.split(",")}
    alike = paths_one_url_reaches(getattr(operation.schema, "raw_schema", None) or {}, operation.path)
    methods = {method for item in alike.values() for method in item if method in HTTP_METHODS}
    own = {method for method in alike.get(operation.path) or {} if method in HTTP_METHODS}
    return advertised - {""} <= methods and bool(advertised - own)


def _sent_as_a_same_shaped_paths_method(recorder: Any, case_id: str, check: Any) -> bool:
    """A method the operation's path does not declare, sent to a URL whose other template of the same shape declares
    it (Exoscale's `POST …/{name}` beside `PUT …/{endpoint-id}`, which OpenAPI forbids and the mock warns of), or
    another template the URL sent fills: the request is that other operation's, and its answer no wrong answer to an
    undeclared method."""
    if check.name != "unsupported_method":
        return False
    operation = getattr(_recorded_case(recorder, case_id), "operation", None)
    sent = getattr(getattr(check.failure_info, "failure", None), "method", None)
    if operation is None or not isinstance(sent, str):
        return False
    method = sent.lower()
    # and a template the URL sent fills (Buffer's `/updates/create.json` is an `/updates/{id}{ext}` too, which GETs)
    formatted = getattr(_recorded_case(recorder, case_id), "formatted_path", None)
    document = getattr(operation.schema, "raw_schema", None) or {}
    reached = paths_one_url_reaches(document, formatted) if isinstance(formatted, str) else {}
    others = {**_same_shaped_paths(operation), **reached}
    return any(other != operation.path and method in item for other, item in others.items())


def _same_shaped_paths(operation: Any) -> dict[str, dict[str, Any]]:
    """The path items of the operation's document whose templates are its own but for parameter names, its own too."""
    return same_shaped_paths(getattr(operation.schema, "raw_schema", None) or {}, operation.path)


def _taken_by_a_same_shaped_path(recorder: Any, case_id: str, check: Any) -> bool:
    """A request invalid only in its path parameters, accepted where another path of the same shape takes the same
    method (Xero's `GET /Contacts/{ContactID}/Attachments/{AttachmentID}`, a uuid, beside `…/{FileName}`, any
    text): the request is one the other operation takes, and no run can tell which one a server answered as."""
    if check.name != "negative_data_rejection":
        return False
    case: Any = _recorded_case(recorder, case_id)
    meta, operation = getattr(case, "meta", None), getattr(case, "operation", None)
    negated = _negated_locations(meta)
    if negated == {ParameterLocation.PATH, ParameterLocation.QUERY} and _only_extra_query_parameters(case):
        # beside the path, only parameters no operation declares, which a server ignores (the Noun Project's
        # `/collection/1e100/icons?…` with junk names: `1e100` is no `{id}`, and a `{slug}` all the same)
        negated = {ParameterLocation.PATH}
    if operation is None or negated not in ({ParameterLocation.PATH}, {ParameterLocation.QUERY}):
        return False
    method = operation.method.lower()
    others = [
        item for other, item in _same_shaped_paths(operation).items() if other != operation.path and method in item
    ]
    if negated == {ParameterLocation.PATH}:
        return bool(others)
    # a query parameter broken that another such operation does not declare, and so ignores (Google Logging's
    # `PUT /v2/{sinkName}?uniqueWriterIdentity=abc`, taken as `PUT /v2/{metricName}`, which has no such parameter)
    broken = _negated_names(getattr(meta, "phase", None))
    if not broken or None in broken:
        return False  # which parameter was broken is not said
    document = getattr(operation.schema, "raw_schema", None) or {}
    return any(not broken & _names(_parameters_at(document, item, item.get(method), "query")) for item in others)


def _negated_names(phase: Any) -> set[str | None]:
    """The names of the parameters a case's phase says it broke: its mutations', else its own one (None where it
    names none)."""
    data = getattr(phase, "data", None)
    mutations = getattr(data, "mutations", None) or ()
    return {m.parameter for m in mutations} if mutations else {getattr(data, "parameter", None)}


def _parameters_at(document: Any, item: dict[str, Any], operation: Any, location: str) -> list[dict[str, Any]]:
    """The parameters a path item's operation declares in `location` (its path's and its own), local `$ref`s
    followed."""
    own = operation.get("parameters") if isinstance(operation, dict) else None
    declared = [followed_ref(document, p) for p in [*(item.get("parameters") or []), *(own or [])]]
    return [p for p in declared if isinstance(p, dict) and p.get("in") == location]


def _names(parameters: list[dict[str, Any]]) -> set[str]:
    return {str(parameter.get("name")) for parameter in parameters}


def _query_read_back_past_a_fixed_query(recorder: Any, case_id: str, check: Any) -> bool:
    """An invalid request accepted at a path key that fixes a query (Anthropic's `/v1/threads?beta=true`) or carries a
    fragment (AWS's query actions, `/#Action=ListMetricStreams`) whose query, read back as sent, is one schemathesis
    lets a server take: only names the operation does not declare, or a value sent twice of which one is valid.
    schemathesis reads the query back from the URL it sent only where the URL's path is the operation's, and a key
    holding `?` or `#` never is; asked again here with the key's path alone."""
    if check.name != "negative_data_rejection":
        return False
    case: Any = _recorded_case(recorder, case_id)
    response = _recorded_response(recorder, case_id)
    path = getattr(case, "path", None)
    if response is None or not isinstance(path, str) or (template := split_path_key(path)[0]) == path:
        return False
    at_its_path: Any = _AtPath(case, template)
    return _non_body_negative_values_match_schema(
        response, at_its_path
    ) or _single_element_array_becomes_valid_after_serialization(response, at_its_path)


class _AtPath:
    """A case as schemathesis' checks read it, but for its path template (a case's own copy would count its
    containers changed, which its metadata tracks)."""

    def __init__(self, case: Any, path: str) -> None:
        self._case = case
        self.path = path

    def __getattr__(self, name: str) -> Any:
        return getattr(self._case, name)


# Refusals of a request for its size, before any schema is read: the body (413), the URL (414), the headers (431).
_TOO_LARGE = frozenset({413, 414, 431})


# Where a negated parameter goes out as text a server reads back (`_sent_as_a_valid_value`): the attribute holding the
# values sent (on the case) and their declarations (on its operation), and the style a declaration defaults to.
_TEXT_PARAMETER_PLACES = {
    ParameterLocation.QUERY: ("query", "form"),
    ParameterLocation.PATH: ("path_parameters", "simple"),
}


def _negated_parameters_sent_as_valid_text(recorder: Any, case_id: str, check: Any) -> bool:
    """An invalid request accepted whose every negated part is a query or path parameter that went out as text a valid
    value writes too (`_query_text_fits`), or query parameters the operation does not declare (which schemathesis
    itself lets a server ignore): the wire cannot tell the request from a valid one, so a server taking it took a
    valid request. TfL's `/Road/{ids}/Disruption`, its list of road ids "negated" to the number 76657, went out as
    `/Road/76657/…`, a list of one id."""
    if check.name != "negative_data_rejection":
        return False
    case: Any = _recorded_case(recorder, case_id)
    meta = getattr(case, "meta", None)
    data = getattr(getattr(meta, "phase", None), "data", None)
    if meta is None or data is None:
        return False
    negated = _negated_locations(meta)
    if not negated or not negated <= _TEXT_PARAMETER_PLACES.keys():
        return False
    mutations = getattr(data, "mutations", None) or ()
    if mutations:
        broken = [(m.parameter_location, m.parameter, tuple(m.keywords or ())) for m in mutations]
    elif len(negated) == 1:  # the coverage phase names the one parameter it broke
        broken = [(next(iter(negated)), getattr(data, "parameter", None), ())]
    else:
        return False
    for location, name, keywords in broken:
        if location not in _TEXT_PARAMETER_PLACES:
            return False
        if location == ParameterLocation.QUERY and name is None and keywords == ("additionalProperties",):
            continue  # names the operation does not declare: extras a server may ignore
        if location == ParameterLocation.PATH and name not in path_parameter_names(case.operation.path):
            continue  # declared where the template has no `{name}` (staging-ecotaco's `per_page`): it never goes out
        place, style = _TEXT_PARAMETER_PLACES[location]
        sent = getattr(case, place, None) or {}
        declared = {p.name: p.definition or {} for p in getattr(case.operation, place, ()) or ()}
        if name not in declared or name not in sent:
            return False
        definition = {"style": style, **declared[name]}
        if not _sent_as_a_valid_value(_as_read(case, definition), sent[name]):
            return False
    return True


def _as_read(case: Any, definition: dict[str, Any]) -> dict[str, Any]:
    """A query parameter's declaration with its `$ref`s resolved, where its value is read through its schema's
    properties (a `deepObject`'s keys); the engine's own declaration elsewhere."""
    if definition.get("style") != "deepObject":
        return definition
    found = (p for p in _declared_parameters(case, "query") if p.get("name") == definition.get("name"))
    return next(found, definition)


def _sent_as_a_valid_value(definition: dict[str, Any], sent: Any) -> bool:
    """Whether a negated query parameter went out as a value its declaration takes, as a server reads it."""
    content = definition.get("content")
    if "schema" not in definition and isinstance(content, dict) and content:
        # declared by `content` (Directus' JSON `aggregate`): the value goes out whole, and a mutation that left a
        # valid one (a text where `oneOf [string, array]` takes one) made no invalid request
        media, declared = next(iter(content.items()))
        schema = declared.get("schema") if isinstance(declared, dict) else None
        return syntax_of(str(media)) == "json" and isinstance(schema, dict) and is_valid(request_view(schema), sent)
    style = definition.get("style", "form")
    if style == "deepObject":
        return _deep_object_fits(definition, sent)
    exploded = definition.get("explode", style == "form")
    if sent == {} and style == "form" and exploded:
        # an object of no keys, its keys written as parameters of their own, writes nothing: the parameter was not
        # sent, which an optional one may not be (whapi's `page`, a number, negated by `{}`)
        return not definition.get("required")
    return _query_text_fits(definition.get("schema") or {}, sent, exploded=exploded)


def _deep_object_fits(definition: dict[str, Any], sent: Any) -> bool:
    """Whether a `deepObject` went out as keys (`p[a]=…`) a server reads as a valid value: a null the engine drew is
    the text `null` there (STACKIT's `label_selector[x]=null`, whose labels are any text), as the mock reads it."""
    name, schema = str(definition.get("name", "")), definition.get("schema")
    if not isinstance(sent, dict) or not isinstance(schema, dict):
        return False
    parameter = Parameter(name, "query", False, schema, "deepObject", True)
    try:
        value = read_parameter(parameter, ParameterSource({}, list(_deep_pairs(name, sent)), {}, {}), cast_scalar)
    except MalformedParameter:
        return False
    return value is not None and is_valid(request_view(schema), value)


def _deep_pairs(key: str, value: Any) -> Iterator[tuple[str, str]]:
    """A `deepObject`'s value as the query pairs it goes out as: `p[a][b]=…`, a list's items under `p[a][]`."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _deep_pairs(f"{key}[{name}]", item)
    elif isinstance(value, list):
        for item in value:
            yield from _deep_pairs(f"{key}[]", item)
    else:
        yield key, json.dumps(value) if value is None or isinstance(value, bool) else str(value)


def _query_text_fits(schema: dict[str, Any], sent: Any, exploded: bool = True) -> bool:
    """Whether a query parameter's value, as the text it went out as, is one a valid value writes too: nothing where
    the schema admits null (Anthropic's `?desired_ttl_seconds=` of `anyOf [integer, null]`; nothing is how a query
    spells null, and the mock reads it so, `mock.request_validation.cast_scalar`), or a text a valid value spells
    (Mistral's `mimetypes: anyOf [array of strings, null]` negated by `false`, sent as `mimetypes=false`: a list of
    one text)."""
    if sent == "" and "null" in schema_types(schema):
        return True
    values = sent if isinstance(sent, list) else [sent]
    # a list or an object inside the list goes out as its Python text (`after=['x']`, a list drawn for LakeFS' text
    # `after`): a text, as the server reads it
    values = [str(value) if isinstance(value, (dict, list)) else value for value in values]
    if not values or any(value is None for value in values):
        return False
    # a parameter written whole (`explode: false`) sent under its name several times (Directus' `meta`, `oneOf [string,
    # array]`) is one text to a server, the first or all of them joined: a text option taking each reading takes it
    readings = [*values, ",".join(map(str, values))] if not exploded and len(values) > 1 else None
    branches = [branch for branch in schema.get("anyOf") or schema.get("oneOf") or [schema] if isinstance(branch, dict)]
    # a value no list is sent under its name several times (TfL's `location.lat`, a number): a server reads one of
    # them, the first (openapi-core, whose semantics the mock follows; Flask) or the last (Starlette, PHP)
    one_of_several = len(values) > 1 and not any("array" in schema_types(branch) for branch in branches)
    for branch in branches:
        if one_of_several and readings is None:
            if _written_value_fits(branch, values[0]) or _written_value_fits(branch, values[-1]):
                return True
            continue
        if readings is not None and "array" not in schema_types(branch):
            if all(_written_value_fits(branch, reading) for reading in readings):
                return True
        elif "array" in schema_types(branch):
            counts = {key: branch[key] for key in ("minItems", "maxItems") if key in branch}
            items = branch.get("items") if isinstance(branch.get("items"), dict) else {}
            if all(_written_value_fits(items, value) for value in values) and is_valid(counts, values):
                return True
        elif len(values) == 1 and _written_value_fits(branch, values[0]):
            return True
    return False


def _refused_as_too_large(recorder: Any, case_id: str, check: Any) -> bool:
    """An invalid request refused for its size (Discord's path parameter drawn 150 KB long, past its `maxLength`,
    answered 414 URI Too Long): refused, as every server with a limit on what it reads refuses it, though the check's
    list of refusals leaves these statuses out."""
    response = _recorded_response(recorder, case_id)
    if response is None or int(response.status_code) not in _TOO_LARGE:
        return False
    if check.name == "negative_data_rejection":
        return True
    # an undocumented 414 for a URL longer than servers read (Circuit's `GET /spaces/ids`, a list of ids drawn 100 KB
    # long): no spec documents its server's limits
    request = getattr(recorder.interactions.get(case_id), "request", None)
    uri = getattr(request, "uri", None)
    return (
        check.name == "status_code_conformance"
        and int(response.status_code) == 414
        and isinstance(uri, str)
        and len(uri) > LONGEST_URL_READ_EVERYWHERE
    )


# RFC 9110 asks servers to read request lines of at least 8,000 octets; past that, a 414 is any server's right
LONGEST_URL_READ_EVERYWHERE = 8000


def _a_null_written_in_the_query(recorder: Any, case_id: str, check: Any) -> bool:
    """A valid request refused with 400 or 422 whose query holds a null, at any depth of a `deepObject` (Apideck's
    `filter[status_codes]`, `type: [null, array]`): a query has no spelling for null, the engine writes it as the
    text `null`, and a server reads that as the text it is."""
    case = _refused_valid_case(recorder, case_id, check)
    return case is not None and _holds_null(getattr(case, "query", None))


def _holds_null(value: Any) -> bool:
    """A null, or the text the engine writes one as (a `deepObject` it has already spelt out holds
    `filter[status_code]: "null"`, Apideck's `type: [null, number]`)."""
    if value is None or value == "null":
        return True
    if isinstance(value, dict):
        return any(_holds_null(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_null(item) for item in value)
    return False


def _a_patch_that_does_not_apply(recorder: Any, case_id: str, check: Any) -> bool:
    """A valid JSON Patch document refused with 400, 409 or 422: whether its operations apply depends on the record
    they are applied to (RFC 5789 §2.2, RFC 6902 §5), which no schema of the document can say (PayPal's PATCHes,
    fuzzed `{"op": "add", "path": "", "value": [null]}` would make an order a list)."""
    return _patches(_refused_valid_case(recorder, case_id, check))


def _refused_as_not_applying(case: Any, status: int | None) -> bool:
    """A JSON Patch document refused with 400, 409 or 422, which says nothing of what the operation accepts: whether
    it applies depends on the record (`_a_patch_that_does_not_apply`). Otoroshi's own example patches the path
    `a string value`, which no record has."""
    return status in (400, 409, 422) and _patches(case)


def _patches(case: Any) -> bool:
    """Whether a case (None: none) is a PATCH whose body is a JSON Patch document (RFC 6902)."""
    return str(getattr(case, "method", "")).upper() == "PATCH" and is_json_patch(getattr(case, "body", None))


def _refused_where_no_success_is_declared(recorder: Any, case_id: str, check: Any) -> bool:
    """A valid request refused by an operation that declares no answer but refusals (taggun's campaign settings
    declare a 400 alone): a server true to the spec refuses every request there (`not_held_to_acceptance`)."""
    if check.name != "positive_data_acceptance" or _recorded_response(recorder, case_id) is None:
        return False
    definition = getattr(getattr(_recorded_case(recorder, case_id), "operation", None), "definition", None)
    responses = getattr(definition, "raw", {}).get("responses") if definition is not None else None
    return isinstance(responses, dict) and declares_no_success(responses)


def _positive_case_labelled_negative(recorder: Any, case_id: str, check: Any) -> bool:
    """A case schemathesis' stateful phase marked negative whose data is the coverage phase's default positive case,
    every part of it valid (immich's `PUT /assets/{id}/original`, "Invalid component: positive test case"): its
    acceptance is right, not an invalid request taken."""
    if check.name != "negative_data_rejection":
        return False
    meta = getattr(_recorded_case(recorder, case_id), "meta", None)
    data = getattr(getattr(meta, "phase", None), "data", None)
    if isinstance(data, CoveragePhaseData) and data.scenario == CoverageScenario.DEFAULT_POSITIVE_TEST:
        return True
    components = getattr(meta, "components", None) or {}
    return bool(components) and not any(component.mode.is_negative for component in components.values())


_WHOLE_WITH_FRACTION = re.compile(r"-?\d+\.0+")


def _integer_written_with_a_fraction(recorder: Any, case_id: str, check: Any) -> bool:
    """A valid request whose integer parameter schemathesis wrote as a whole number with a fraction (Gitea's
    `source_id=656.0`), refused: JSON Schema counts 656.0 an integer, but as text it is no integer to openapi-core
    (whose semantics the mock follows) or to most servers' integer parsers."""
    if check.name not in ("positive_data_acceptance", "status_code_conformance"):
        return False
    case: Any = _recorded_case(recorder, case_id)
    response = _recorded_response(recorder, case_id)
    if case is None or response is None or response.status_code not in (400, 422):
        return False
    for kinds, written, _, _ in _sent_parameters(case, ("query", "path_parameters", "headers")):
        if any(_integer_with_a_fraction(kinds, item) for item in written):
            return True
    # a form's fields are text too (Traccar's `POST /share/device` form, `deviceId=-1121928.0`)
    media_type = getattr(case, "media_type", None) or ""
    body = getattr(case, "body", None)
    if isinstance(body, dict) and ("x-www-form-urlencoded" in media_type or "multipart/" in media_type):
        properties = declared_properties(_declared_body_schema(case) or {})
        return any(
            _integer_with_a_fraction(set(schema_types(properties.get(name) or {})), value)
            for name, value in body.items()
        )
    return False


def _integer_with_a_fraction(kinds: set[str], value: Any) -> bool:
    """Whether a value of an integer's schema (not a number's too) is written as a whole number with a fraction."""
    return "integer" in kinds and "number" not in kinds and _WHOLE_WITH_FRACTION.fullmatch(str(value)) is not None


def _sent_parameters(
    case: Any, locations: tuple[str, ...]
) -> Iterator[tuple[set[str], list[Any], Any, dict[str, Any]]]:
    """Each declared parameter of the case's `locations` (`query`, `path_parameters`, `headers`): the kinds its schema
    admits (its items', for a list sent: Radarr's `movieIds=-377.0&movieIds=48`), the values written one by one,
    the value sent (None where none was), and the schema each value is of."""
    for location in locations:
        values = getattr(case, location, None) or {}
        for parameter in getattr(case.operation, location, ()) or ():
            value = values.get(parameter.name)
            schema = (parameter.definition or {}).get("schema") or {}
            kinds = set(schema_types(schema))
            written = [_plain_text(item) for item in value] if isinstance(value, list) else [_plain_text(value)]
            if "array" in kinds and (isinstance(value, list) or (value is not None and kinds == {"array"})):
                # a list, or one value where a list belongs (a stateful link's, Traccar's `deviceId=1789311.0`): a
                # list of one, as the form style writes it; a list its style joins (`cohort=ACC,BRCA`, not exploded)
                # is its items again
                if isinstance(value, str):
                    written = _items_as_its_style_writes(parameter.definition or {}, location, written[0]) or written
                schema = schema.get("items") or {}
                kinds = set(schema_types(schema))
            yield kinds, written, value, schema


# Where a case holds each kind of parameter, and where the parameter is declared (`in`).
_DECLARED_IN = {"query": "query", "path_parameters": "path", "headers": "header"}


def _items_as_its_style_writes(definition: dict[str, Any], location: str, text: str) -> list[str] | None:
    """The items of a list written in one value, as its style writes them (`ACC,BRCA` form not exploded, `a|b` pipe
    delimited, `.a.b` label), read as the mock reads a request (`mock.parameter_styles`); None where the text is in
    no such style."""
    name = definition.get("name")
    if not isinstance(name, str) or location not in _DECLARED_IN:
        return None
    parameter = parameter_of({**definition, "in": _DECLARED_IN[location]})
    source = ParameterSource({name: text}, [(name, text)], {name.lower(): text}, {})
    try:
        read = read_parameter(parameter, source, lambda schema, raw: raw)  # the text of each item, as written
    except MalformedParameter:
        return None
    return read if isinstance(read, list) and all(isinstance(item, str) for item in read) else None


def _plain_text(value: Any) -> Any:
    """A value as written, text of schemathesis' own `str` kinds (a joined list's `DelimitedValue`, an `EncodedPath`)
    made plain text: the validator reads a plain `str` alone."""
    return str(value) if isinstance(value, str) and type(value) is not str else value


def _link_value_off_its_parameter_type(recorder: Any, case_id: str, check: Any) -> bool:
    """A request whose path, query or header parameter holds no value of its declared kind (a uuid in an integer
    `{id}`), refused: schemathesis' stateful links carry an answer's value into another operation's parameter whatever
    its type (Discourse's `user_ids`, untyped in the spec, into `/admin/users/{id}`), and its coverage phase sends
    values off their schema as valid ones (Lob's `Lob-Version: 0` beside a date pattern, a deepObject's
    `sort_by[send_date]` a date where it takes asc or desc). The request is not valid, whatever the check was told.
    Not a valid request refused, nor an undocumented refusal of one."""
    if check.name not in ("positive_data_acceptance", "status_code_conformance"):
        return False
    case: Any = _recorded_case(recorder, case_id)
    response = _recorded_response(recorder, case_id)
    if case is None or response is None or response.status_code not in (400, 404, 422):
        return False
    return _parameters_off_their_schemas(case)


def _parameters_off_their_schemas(case: Any) -> bool:
    """Whether a case's path, query or header parameter holds a value its schema does not take, as it was written."""
    for location in ("query", "path_parameters", "headers"):
        for kinds, written, value, schema in _sent_parameters(case, (location,)):
            if isinstance(value, dict):
                if _property_off_its_schema(value, schema):
                    return True
                continue
            if value is None and location != "path_parameters":
                continue  # not sent; a path holds even None, as the text "None" (Lob's `bg_id` from a stateful link)
            if any(_written_off_its_kind(item, kinds, schema) for item in written):
                return True
            if "oneOf" in schema and not all(_written_value_fits(schema, item) for item in written):
                return True  # Deepgram's `model=nova-3` fits its enum and any text both: `oneOf` takes one alone
    return False


def _written_off_its_kind(item: Any, kinds: set[str], schema: dict[str, Any]) -> bool:
    """Whether one value written as text is of no kind its schema declares: not a number, a boolean (`_reads_as`),
    or for a string, off its pattern, format, length or choices (`_fits_text`). Null has no text: Airflow's
    `{try_number}`, an integer or null, sent as `…/tries/null`, is refused by any server (openapi-core too)."""
    if item is None or (item == "null" and "null" in kinds and "string" not in kinds):
        return True
    kinds = kinds - {"null"}
    if kinds and kinds <= {"integer", "number", "boolean"}:
        text = str(item)
        if not _reads_as(text, kinds):
            return True
        # a number of its kind, and still off its bounds or format (ideal-postcodes' example `start=1418556452651`,
        # a millisecond time, for an `int32`)
        number = _number_read(text, kinds)
        return number is not None and not is_valid(request_view(schema), number)
    return kinds <= {"string"} and not _fits_text(item, schema)  # untyped: its pattern or choices still hold


def _property_off_its_schema(value: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Whether a parameter sent as an object (deepObject, an exploded form object) holds a property written off the
    schema its object declares for it, its `allOf` parts read too."""
    properties = declared_properties(schema)
    extra = schema.get("additionalProperties")
    for name, item in value.items():
        if item is None:
            return True  # written as the text `null` (Mistral's `query_filters` sent `active=null`): no null in a query
        sub = properties.get(name, extra if isinstance(extra, dict) else None)
        if isinstance(sub, dict) and _written_off_its_kind(item, set(schema_types(sub)), sub):
            return True
    return False


def _fits_text(value: Any, schema: dict[str, Any]) -> bool:
    """Whether a value sent as text keeps the pattern, format, length and choices its string schema asks for."""
    text = value if isinstance(value, str) else str(value)
    if isinstance(schema.get("format"), str) and not is_valid({"format": schema["format"]}, text):
        return False  # an email id made up from a fuzzed path (`ê+#Q`) carried into Resend's uuid `{email_id}`
    pattern = schema.get("pattern")
    try:
        if isinstance(pattern, str) and re.search(pattern, text) is None:
            return False
    except re.error:  # a pattern Python cannot read (an ECMA-only syntax): not one to judge by
        pass
    if isinstance(schema.get("minLength"), int) and len(text) < schema["minLength"]:
        return False
    if isinstance(schema.get("maxLength"), int) and len(text) > schema["maxLength"]:
        return False
    if isinstance(schema.get("enum"), list) and text not in [str(choice) for choice in schema["enum"]]:
        return False
    if "const" in schema and text != str(schema["const"]):
        return False  # Airflow's `{dag_id}` of `const: "~"` ("every DAG") in its batch task list, sent a real DAG's id
    # each part of an allOf asks it too: Hanko's `meta_source_ip` is an ipv4 and an ipv6 at once, which no text is
    return all(_fits_text(text, part) for part in schema.get("allOf") or () if isinstance(part, dict))


def _written_value_fits(schema: Any, value: Any) -> bool:
    """Whether a scalar sent as text (a multipart part, a form field) fits its schema as a server reads the text: as
    the text itself, or as the number or boolean it spells. Anthropic's `display_title: anyOf [string, null]`, its
    options negated by a `false` that went out as the text "false", a title."""
    if not isinstance(value, (str, int, float)) or not isinstance(schema, dict):
        return False  # an object or a list is written as no one text, and null as none at all
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    readings: list[Any] = [text]
    if text in ("true", "false"):
        readings.append(text == "true")
    elif _WHOLE.fullmatch(text):
        readings.append(int(float(text)))
    elif _NUMBER.fullmatch(text):
        readings.append(float(text))
    return any(is_valid(schema, reading) for reading in readings)


def _reads_as(text: str, kinds: set[str]) -> bool:
    """Whether a parameter's text reads as one of these kinds, as the server's parser would: `12`, `1.5`, `true`."""
    if "boolean" in kinds and text.lower() in ("true", "false"):
        return True
    numeric = _WHOLE.fullmatch(text) if kinds & {"integer", "number"} == {"integer"} else _NUMBER.fullmatch(text)
    return bool(kinds & {"integer", "number"}) and numeric is not None


def _number_read(text: str, kinds: set[str]) -> int | float | None:
    """The number a parameter's text reads as (an integer where the schema takes one), or None: no number, or too
    large to read."""
    if not _NUMBER.fullmatch(text):
        return None
    try:
        number = float(text)
        if not math.isfinite(number):
            return None
        whole = "integer" in kinds and number.is_integer() and "." not in text and "e" not in text.lower()
        return int(text) if whole else number
    except (ValueError, OverflowError):
        return None


_WHOLE = re.compile(r"-?\d+(\.0+)?")  # `656.0` is forgiven on its own (`_integer_written_with_a_fraction`)
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def _body_in_no_declared_syntax(recorder: Any, case_id: str, check: Any) -> bool:
    """A valid object sent in a media type that promises no way of writing it, and refused: for a body declared
    `*/*`, as text, an image or XML (Kubernetes declares `*/*` and reads JSON, YAML and protobuf, as any server reads
    only the syntaxes it knows); or as `text/plain` (Docker's and Gitea's global `consumes` list it for every JSON
    body, and schemathesis writes the object as JSON text there). Neither says how an object is written, so a
    refusal says nothing wrong of the server."""
    if check.name not in ("positive_data_acceptance", "status_code_conformance"):
        return False
    case: Any = _recorded_case(recorder, case_id)
    response = _recorded_response(recorder, case_id)
    if case is None or response is None or response.status_code not in (400, 406, 415, 422):
        return False
    key = _declared_media_key(case)
    if key is None or syntax_of(case.media_type or "") == "json":
        return False  # JSON refused is a finding
    sent = getattr(getattr(recorder.interactions.get(case_id), "request", None), "body", None)
    return "*" in key or not _written_in_its_syntax(case, sent)


def _object_in_no_syntax_taken(recorder: Any, case_id: str, check: Any) -> bool:
    """An invalid object body taken, sent in a media type that is no way of writing an object (Authentiq's
    `application/jwt`, a signed token of claims, where the engine writes the claims as JSON text): what was taken is
    text of a syntax the request does not promise, whose fields no server is told how to read."""
    if check.name != "negative_data_rejection":
        return False
    case: Any = _recorded_case(recorder, case_id)
    if case is None or _negated_locations(getattr(case, "meta", None)) != {ParameterLocation.BODY}:
        return False
    return not _syntax_holds(case)


def _written_in_its_syntax(case: Any, sent: Any) -> bool:
    """`_syntax_holds`, and, for XML, the bytes sent (None: not known) one document: schemathesis writes a list body
    as sibling roots (`<data>a</data><data>b</data>`)."""
    return _syntax_holds(case) and (
        syntax_of(getattr(case, "media_type", None) or "") != "xml" or _one_xml_document(sent)
    )


def _one_xml_document(sent: Any) -> bool:
    """Whether the bytes sent are one well-formed XML document (schemathesis writes a list body as sibling roots)."""
    if not isinstance(sent, (bytes, str)) or not sent:
        return True  # nothing sent, or nothing to read: judged elsewhere
    try:
        ElementTree.fromstring(sent)
    except ElementTree.ParseError:
        return False
    return True


def _syntax_holds(case: Any) -> bool:
    """Whether the case's media type is a way of writing its body: any for text or bytes; for an object or a list,
    JSON, XML, YAML or a form (one with no field a form cannot write: `_beyond_a_form`)."""
    body = getattr(case, "body", None)
    if not isinstance(body, (dict, list)):
        return True
    media_type = essence(getattr(case, "media_type", None) or "")
    if media_type == "application/x-www-form-urlencoded":  # a form's fields are an object's: no list is one
        return isinstance(body, dict) and not _beyond_a_form(case, body)
    return holds_data(media_type) or media_type == "multipart/form-data"


def collect_scenario(result: RunResult, recorder: Any, phase: str) -> int:
    """Fold one finished scenario into `result`; returns how many new failures it added."""
    for case_id, node in recorder.cases.items():
        label = node.value.operation.label
        result.operation(label).cases += 1
        meta = getattr(node.value, "meta", None)
        answered = getattr(recorder.interactions.get(case_id), "response", None)
        taken = getattr(answered, "status_code", None)
        if isinstance(taken, int) and 200 <= taken < 300:
            result.acceptance.took(label, getattr(node.value, "body", None))
            if label.startswith("GET "):
                with contextlib.suppress(ValueError, TypeError):
                    result.acceptance.listed(label, json.loads(getattr(answered, "content", None) or b"null"))
        if (
            meta is not None
            and meta.generation.mode.value == "positive"
            and phase in ("examples", "coverage", "fuzzing")
        ):
            interaction = recorder.interactions.get(case_id)
            response = getattr(interaction, "response", None)
            if (
                interaction is not None
                and node.parent_id is None
                and _spec_says_valid(node.value, phase, interaction.request)
            ):
                status = response.status_code if response is not None else None
                body = getattr(node.value, "body", None)
                if not _refused_as_not_applying(node.value, status):
                    result.acceptance.record(
                        label,
                        status,
                        phase,
                        from_interaction(interaction),
                        sent=body if isinstance(body, dict) else None,
                    )
    added = 0
    for case_id, check_nodes in recorder.checks.items():
        for check in check_nodes:
            if check.status != Status.FAILURE or check.failure_info is None:
                continue
            if _refused_as_made_before(result, recorder, case_id, check):
                continue
            if forgiven(recorder, case_id, check):
                continue
            failure = check.failure_info.failure
            failing_case_id = failure.case_id or case_id
            exchanges = _exchanges(recorder, failing_case_id)
            record = FailureRecord(
                operation=_case_label(recorder, failing_case_id, recorder.label),
                check=check.name,
                title=failure.title,
                message=failure.message,
                status_code=exchanges[-1].status if exchanges else None,
                phase=phase,
                exchanges=exchanges,
                curl=[] if exchanges else [check.failure_info.code_sample],
            )
            added += result.add_failure(record)
    return added


def forgiven(recorder: Any, case_id: str, check: Any) -> bool:
    """Whether a failed check says nothing of the server: one of the rules below holds it a false alarm."""
    return any(
        rule(recorder, case_id, check)
        for rule in (
            _invalid_input_refused_without_declared_status,
            _type_a_text_body_cannot_show,
            _empty_form_for_an_optional_body,
            _format_requests_are_not_held_to,
            _no_bytes_for_a_required_body,
            _a_query_value_the_url_does_not_hold,
            _required_form_field_not_sent,
            _form_valid_as_sent,
            _xml_judged_as_sent,
            _text_fitting_two_of_a_file_choice,
            _the_same_file_twice,
            _json_body_off_its_schema,
            _empty_path_parameter,
            _percent_escape_in_a_path_value,
            _path_broken_by_a_value,
            _body_in_no_declared_syntax,
            _object_in_no_syntax_taken,
            _integer_written_with_a_fraction,
            _link_value_off_its_parameter_type,
            _positive_case_labelled_negative,
            _refused_where_no_success_is_declared,
            _a_patch_that_does_not_apply,
            _a_null_written_in_the_query,
            _refused_as_too_large,
            _negated_parameters_sent_as_valid_text,
            _query_read_back_past_a_fixed_query,
            _taken_by_a_folded_variant,
            _refused_naming_no_action,
            _taken_by_a_same_shaped_path,
            _allowed_by_a_same_shaped_path,
            _sent_as_a_same_shaped_paths_method,
            _breaks_only_what_no_answer_meets,
            _breaks_only_what_no_request_meets,
            _an_unknown_header_taken,
            _a_header_declared_twice,
        )
    )


def _forgiven_alone(case: Any, response: Any, check_name: str) -> bool:
    """`forgiven`, for a failure met outside schemathesis' engine (the link walk): the case and its response as the
    engine's recorder would hold them."""
    from schemathesis.engine.recorder import Interaction, Request

    interaction = Interaction(request=Request.from_prepared_request(response.request), response=response)
    recorder = SimpleNamespace(cases={"walk": SimpleNamespace(value=case)}, interactions={"walk": interaction})
    return forgiven(recorder, "walk", SimpleNamespace(name=check_name))


def _refused_as_made_before(result: RunResult, recorder: Any, case_id: str, check: Any) -> bool:
    """A valid write refused (400, 409 or 422) that sends a key a write of the same operation sent when it was taken
    earlier in the run (`AcceptanceTally.made_before`): Okta's federated claim `role` and app user, sent again by the
    coverage phase, clashed with what the first made, as they would on any server."""
    case = _refused_valid_case(recorder, case_id, check)
    body = getattr(case, "body", None)
    return isinstance(body, dict) and result.acceptance.made_before(case.operation.label, body)


def _refused_valid_case(recorder: Any, case_id: str, check: Any) -> Any:
    """The case whose valid request `positive_data_acceptance` saw refused with 400, 409 or 422 (a refusal that may
    be no false one: a clash with what exists, a patch that does not apply, a null the query wrote as text); None for
    any other failure."""
    refused = _valid_request_refused(recorder, case_id, check) if check.name == "positive_data_acceptance" else None
    response = _recorded_response(recorder, case_id)
    return refused[0] if refused is not None and response.status_code in (400, 409, 422) else None


def _breaks_only_what_no_answer_meets(recorder: Any, case_id: str, check: Any) -> bool:
    """An answer whose declared schema no value satisfies, and that meets it once its closed `allOf` parts are opened
    (`SpecFacts.as_a_server_can_meet`): every 400 of Unkey's (156 failures on the mock) breaks a closed RFC 7807 base
    joined to a part requiring `errors`, as any server's must. The run's note names the schemas."""
    if check.name != "response_schema_conformance":
        return False
    case, response = _recorded_case(recorder, case_id), _recorded_response(recorder, case_id)
    if case is None or response is None:
        return False
    facts = domain_checks.state_of(case).facts
    declared = response_definition_for(facts.responses(case.operation.path, case.method), response.status_code)
    schema = json_schema_of(declared)
    opened = facts.as_a_server_can_meet(schema) if schema is not None else None
    if opened is None or opened is schema:
        return False
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return False
    # judged as schemathesis judges an answer: a writeOnly field is not required there (Bytebase's access grant is
    # `oneOf` an `expireTime` or a writeOnly `ttl`, and its answers, holding neither, were never forgiven)
    return not facts.validation_errors(response_view(opened), body)


def _breaks_only_what_no_request_meets(recorder: Any, case_id: str, check: Any) -> bool:
    """An invalid body taken, which breaks only a schema no value satisfies as written and meets it read as its
    closed parts describe it together (`closed_part_conflict`): Bytebase's identity providers, closed beside the
    `oneOf` that declares their config, take `authEndpoint` as any server of them must. The run's note names the
    schemas."""
    if check.name != "negative_data_rejection":
        return False
    case = _recorded_case(recorder, case_id)
    negated = _negated_locations(getattr(case, "meta", None))
    if negated != {ParameterLocation.BODY} or not is_json_media(getattr(case, "media_type", None) or ""):
        return False
    schema = _declared_body_schema(case)
    facts = domain_checks.state_of(case).facts
    if not isinstance(schema, dict) or facts.as_a_server_can_meet(schema) is schema:
        return False
    interaction = recorder.interactions.get(case_id)
    sent = _json_as_sent(case, getattr(interaction, "request", None))
    return not facts.validation_errors(request_view(schema), sent)


def _an_unknown_header_taken(recorder: Any, case_id: str, check: Any) -> bool:
    """A request taken whose only break is a header the operation does not declare: HTTP has a recipient ignore
    a header it does not know, so no server must refuse one. schemathesis' coverage phase sends
    `x-schemathesis-unknown-property: 42` where an operation requires a header (Bytebase's Connect RPCs, which
    require `Connect-Protocol-Version`) and calls it a schema-violating request accepted."""
    if check.name != "negative_data_rejection":
        return False
    case = _recorded_case(recorder, case_id)
    meta = getattr(case, "meta", None)
    data = getattr(getattr(meta, "phase", None), "data", None)
    negated = _negated_locations(meta)
    if negated != {ParameterLocation.HEADER} or not isinstance(data, CoveragePhaseData):
        return False
    declared = {str(parameter.name).lower() for parameter in getattr(case.operation, "headers", None) or ()}
    undeclared = [name for name in getattr(case, "headers", None) or {} if name.lower() not in declared]
    # the scenario adds one name to headers that are otherwise valid
    return data.scenario == CoverageScenario.OBJECT_UNEXPECTED_PROPERTIES and bool(undeclared)


def _declared_parameters(case: Any, location: str) -> list[dict[str, Any]]:
    """The parameters the case's operation declares in `location` (its path's and its own), `$ref`s resolved."""
    facts = domain_checks.state_of(case).facts
    item = (facts.document.get("paths") or {}).get(case.operation.path) or {}
    return _parameters_at(facts.document, item, facts.operation(case.operation.path, case.method), location)


def _a_header_declared_twice(recorder: Any, case_id: str, check: Any) -> bool:
    """A valid request refused with a 4xx that sends a header the operation declares twice, under names differing
    only in case (AWS's conversions: `X-Amz-Content-Sha256`, any text, beside CodeArtifact's required
    `x-amz-content-sha256` of 64 hex digits): one header to HTTP, whose value the engine drew by one declaration
    (the text "") and the server judges by the other."""
    refused = _valid_request_refused(recorder, case_id, check)
    if refused is None:
        return False
    case = refused[0]
    names = Counter(str(parameter.get("name", "")).lower() for parameter in _declared_parameters(case, "header"))
    return any(names[str(name).lower()] > 1 for name in getattr(case, "headers", None) or {})


def _empty_path_parameter(recorder: Any, case_id: str, check: Any) -> bool:
    """A request whose path parameter is empty text: its URL names another resource (`DELETE /storedPaymentMethods/`
    is the collection's, which Adyen lets GET and POST only), so the status that resource answers with says nothing
    about the operation, nor does its body (Docker's `GET /volumes/` answered the list, judged against a volume's
    schema). The stateful phase makes one when a link's value is `""` (an id the client itself sent empty, echoed
    back). A 5xx is a crash wherever it is, and stays judged."""
    if check.name == "not_a_server_error":
        return False
    case: Any = _recorded_case(recorder, case_id)
    return any(value == "" for value in (getattr(case, "path_parameters", None) or {}).values())


# A percent-escape in a value (`%C2%BD`): the HTTP client sends it as it is, and the server reads another value
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _path_broken_by_a_value(recorder: Any, case_id: str, check: Any) -> bool:
    """A request whose URL, as sent, is no path of its operation's template: a path value written as text holding an
    unescaped `?`, `#` or `/` ends the path early or adds segments (schemathesis writes a list drawn for Airflow's
    untyped `{dag_id}` as `['…?']`), so the URL names another resource, and its answer (`POST /dags/{dag_id}`: 405)
    says nothing of the operation. A 5xx is a crash wherever it is, and stays judged."""
    if check.name == "not_a_server_error":
        return False
    case: Any = _recorded_case(recorder, case_id)
    url = getattr(getattr(_recorded_response(recorder, case_id), "request", None), "url", None)
    template = getattr(getattr(case, "operation", None), "path", None)
    if not isinstance(url, str) or not isinstance(template, str) or "{" not in template:
        return False
    pieces = re.split(r"(\{[^}]+\})", split_path_key(template)[0])
    pattern = "".join("[^/?#]*" if piece.startswith("{") else re.escape(piece) for piece in pieces)
    return re.search(pattern.rstrip("/") + "/?$", urlsplit(url).path) is None


def _percent_escape_in_a_path_value(recorder: Any, case_id: str, check: Any) -> bool:
    """A request whose path parameter holds a percent-escape (`%C2%BD`, an asset id the client itself sent and a
    stateful link carried back): requests leaves a valid escape unencoded (`requote_uri`), so the URL names the
    decoded value (`½`), another resource, and its 404 says nothing of the one made (Karakeep's asset, "created
    resource not found"). A 5xx is a crash wherever it is, and stays judged."""
    if check.name == "not_a_server_error":
        return False
    case: Any = _recorded_case(recorder, case_id)
    values = (getattr(case, "path_parameters", None) or {}).values()
    return any(isinstance(value, str) and _PERCENT_ESCAPE.search(value) for value in values)


def _invalid_input_refused_without_declared_status(recorder: Any, case_id: str, check: Any) -> bool:
    """An invalid request refused with 400/422 by an operation that declares no client error for one (none at all,
    or only errors of other meanings: Twilio's `408` alone, Gitea's merge's "405: APIEmpty is an empty response",
    read as the mock reads them, `mock.problems.says_invalid`).

    schemathesis calls that status undocumented; but a spec with no such 4xx for an operation says nothing
    about how invalid input is refused, and refusing it is what a correct server does, so the finding
    is about the spec, not the implementation under test.
    """
    if check.name != "status_code_conformance":
        return False
    case: Any = _recorded_case(recorder, case_id)
    response = _recorded_response(recorder, case_id)
    meta = getattr(case, "meta", None)
    if response is None or meta is None or meta.generation.mode.value != "negative":
        return False
    if response.status_code not in (400, 422):
        return False
    responses = domain_checks.state_of(case).facts.responses(case.operation.path, case.operation.method)
    for_malformed = [
        code
        for code, response in ((str(code), response) for code, response in responses.items())
        if code.upper() == "4XX"
        or code.lower() == "default"
        or code in ("400", "422")
        or (
            code.startswith("4")
            and code.isdecimal()
            and int(code) not in NOT_FOR_MALFORMED_REQUESTS
            and says_invalid(str((response or {}).get("description", "")))  # Petstore's "405: Invalid input"
        )
    ]
    return not for_malformed


# Bodies whose values travel as text, so a value of another JSON type may be a value of the declared type
# once written: `<has_dog>0</has_dog>` is an XML Schema boolean, `count=5` a form's integer.
_TEXT_BODIES = ("xml", "x-www-form-urlencoded", "multipart/form-data")


def _plain(media_type: str) -> bool:
    """A `text/*` body that holds no data (`holds_data`: CSV, plain text, Markdown): whatever is written there is
    text."""
    return essence(media_type).startswith("text/") and not holds_data(media_type)


def _text_stream(case: Any, media_type: str) -> bool:
    """A stream of JSON texts whose schema is text: sent as the text it is (`_as_stream`), and read so."""
    return is_json_records(media_type) and stream_reading(_declared_body_schema(case)) is StreamReading.TEXT


# Bodies that are bytes whatever was written into them: `{}` sent as `image/jpeg` is two bytes, a string.
_BYTES_BODIES = ("image/", "audio/", "video/", "font/", "octet-stream", "application/pdf", "application/zip")
# What the text of a value of each type looks like (XML Schema's lexical forms).
_TEXT_OF_TYPE = {
    "boolean": re.compile(r"true|false|0|1"),
    "integer": re.compile(r"[+-]?[0-9]+"),
    "number": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"),
    "string": re.compile(r".*", re.DOTALL),
}


def _type_a_text_body_cannot_show(recorder: Any, case_id: str, check: Any) -> bool:
    """An XML or form body accepted whose only invalid parts are properties' values of another JSON type that,
    written as text, are values of the declared type.

    schemathesis forgives that in path and query parameters (text on the wire), not in a body that is text too:
    the server read `<has_dog>0</has_dog>` as the boolean XML Schema says it is, and rightly took the request.
    `<has_dog>maybe</has_dog>` accepted is still a finding.
    """
    if check.name != "negative_data_rejection":
        return False
    case: Any = _recorded_case(recorder, case_id)
    meta = getattr(case, "meta", None)
    media_type = (getattr(case, "media_type", None) or "").lower()
    if meta is None or not (
        any(kind in media_type for kind in (*_TEXT_BODIES, *_BYTES_BODIES))
        or _plain(media_type)
        or _text_stream(case, media_type)
    ):
        return False
    negated = _negated_locations(meta)
    if ParameterLocation.BODY not in negated or any(
        not (place == ParameterLocation.QUERY and _only_extra_query_parameters(case))
        for place in negated - {ParameterLocation.BODY}
    ):
        return False  # beside the body, only extra query parameters may be negated: ones a server may ignore
    schema = _declared_body_schema(case)

    def unbreakable(
        names: Sequence[str | int],
    ) -> bool:  # a multipart file's bytes are `format: binary` whatever they are
        return "multipart" in media_type and _any_bytes(_property(schema, names))

    if "multipart" in media_type:
        formats = _body_changes(meta.phase.data, case.body, CoverageScenario.INVALID_FORMAT, "format")
        if formats and all(unbreakable(names) for names, _ in formats):
            return True
    if "multipart" in media_type or "x-www-form-urlencoded" in media_type:
        # a text shorter than its least length, and empty, where the field may be null: an empty field is how a form
        # spells null, and the mock reads it so (ElevenLabs' document `name: anyOf [string minLength 1, null]`)
        shortened = _body_changes(meta.phase.data, case.body, CoverageScenario.STRING_BELOW_MIN_LENGTH, "minLength")
        if shortened and all(
            value == "" and "null" in schema_types(_property(schema, names)) for names, value in shortened
        ):
            return True
    if "xml" in media_type:
        # a value that is not of its format but is written as an empty element is XML's null
        emptied = _body_changes(meta.phase.data, case.body, CoverageScenario.INVALID_FORMAT, "format")
        if emptied and all(
            value == "" and "null" in schema_types(_property(schema, names)) for names, value in emptied
        ):
            return True
    changes = _body_type_changes(meta.phase.data, case.body, unbreakable, frozenset(negated - {ParameterLocation.BODY}))
    if changes is None:
        return False
    if _text_stream(case, media_type):
        # the whole body went out as its JSON spelling (`_as_stream`), which is text, as the schema asks
        return all(
            not change.names
            and is_valid(schema, change.value if isinstance(change.value, str) else json.dumps(change.value))
            for change in changes
        )
    return all(
        _written_value_fits(_property(schema, change.names), change.value)
        if change.of_choice
        else _text_reads_as(_property(schema, change.names), change.value, media_type)
        or _written_as_absent(schema, change.names, change.value)
        for change in changes
    )


def _only_extra_query_parameters(case: Any) -> bool:
    """Whether all a case negated in its query is parameters its operation does not declare: by the fuzzing phase's
    own account (its query mutations break `additionalProperties` alone), else by the names sent."""
    mutations = getattr(getattr(case.meta.phase, "data", None), "mutations", None) or ()
    in_query = [m for m in mutations if m.parameter_location == ParameterLocation.QUERY]
    if in_query:
        return all(_breaks_only_additional_properties(m, case.query or {}) for m in in_query)
    return _only_undeclared_names(case, "query")


def _breaks_only_additional_properties(mutation: Any, sent: dict[str, Any]) -> bool:
    """Whether a query mutation breaks `additionalProperties` alone: that keyword, or it and `required` negated
    together where every name it required was sent all the same (LGTM's `language`: the extras broke the query)."""
    keywords = tuple(mutation.keywords or ())
    if keywords == ("additionalProperties",):
        return True
    if set(keywords) != {"additionalProperties", "required"}:
        return False
    required = mutation.original_value
    names = required if isinstance(required, list) else [required]
    return all(isinstance(name, str) and name in sent for name in names)


def _only_undeclared_names(case: Any, location: str) -> bool:
    """Whether a request's parameters in `location` (`query`) are all of names its operation does not declare:
    extras, which schemathesis itself lets a server ignore where they are all a case negates."""
    sent = getattr(case, location, None)
    if not isinstance(sent, dict) or not sent:
        return False
    document = domain_checks.state_of(case).facts.document
    item = (document.get("paths") or {}).get(case.operation.path) or {}
    operation = item.get(case.operation.method.lower()) or {}
    declared = {
        parameter.get("name")
        for parameter in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]
        if isinstance(parameter, dict) and parameter.get("in") == location
    }
    return not declared & set(sent)


def _written_as_absent(schema: Any, names: Sequence[str | int], value: Any) -> bool:
    """An empty list in an XML or form body is no element and no field at all (a list is its items, each written
    on its own), so the property is absent, which is valid where it is optional (Train's `has_bicycle: []`)."""
    if value != [] or not names:
        return False
    parent = _property(schema, names[:-1])
    return isinstance(parent, dict) and names[-1] not in (parent.get("required") or [])


def _body_changes(
    data: Any, body: Any, scenario: CoverageScenario, keyword: str
) -> list[tuple[list[str | int], Any]] | None:
    """The body property a coverage case broke in this way (its `keyword`), by its names from the body down, with
    the value sent; None where the case is not that (or the metadata does not say)."""
    if not isinstance(data, CoveragePhaseData) or data.scenario != scenario or not data.location:
        return None
    *steps, last = data.location.strip("/").split("/")  # `/properties/owner/properties/age/type`
    if last != keyword:
        return None
    places: list[list[str | int]] = [[]]
    at = 0
    while at < len(steps):
        step = steps[at]
        if step == "items":  # each item the body holds (Bytebase's batch update: `requests/items/…/syncInterval`)
            places = [[*names, index] for names in places for index in range(_items_at(body, names))]
            at += 1
            continue
        name = steps[at + 1] if at + 1 < len(steps) else ""
        if step == "properties" and name:
            places = [[*names, name] for names in places]
        elif step not in ("anyOf", "oneOf", "allOf") or not name.isdecimal():  # an option is the same value
            return None
        at += 2
    changes = [(names, _value_at(body, names)) for names in places]
    return None if not changes or any(value is _ABSENT for _, value in changes) else changes


def _items_at(body: Any, names: Sequence[str | int]) -> int:
    """How many items the body holds as a list under these names (0 where it holds no list)."""
    value = _value_at(body, names)
    return len(value) if isinstance(value, list) else 0


class _BodyChange(NamedTuple):
    names: Sequence[str | int]  # the property's (and item indexes), from the body down
    value: Any  # as sent
    of_choice: bool = False  # its `anyOf`/`oneOf` negated: another value, which may still fit an option as text


def _body_type_changes(
    data: Any,
    body: Any,
    unbreakable: Callable[[Sequence[str | int]], bool] = lambda names: False,
    elsewhere: frozenset[Any] = frozenset(),
) -> list[_BodyChange] | None:
    """The body's properties whose values another JSON type replaced, or that were given a value of none of their
    options (`of_choice`), with the values sent; None where the case broke anything else (or where the metadata does
    not say). A format broken where no value can break it (`unbreakable`: a multipart part of `format: binary`, any
    bytes) is no break, and neither is a mutation of a location `elsewhere` (the caller's: extra query parameters
    beside the body)."""
    if isinstance(data, CoveragePhaseData):
        typed = _body_changes(data, body, CoverageScenario.INCORRECT_TYPE, "type")
        return None if typed is None else [_BodyChange(names, value) for names, value in typed]
    mutations = [m for m in getattr(data, "mutations", None) or () if m.parameter_location not in elsewhere]  # fuzzing
    if not mutations or any(m.parameter_location != ParameterLocation.BODY for m in mutations):
        return None
    changes = []
    for mutation in mutations:
        names = _mutated_names(mutation)
        if names is None:
            return None
        keywords = set(mutation.keywords or ())
        if mutation.operator != OperatorKind.CHANGE_TYPE:
            if keywords & _BYTES_BREAK_NOTHING and unbreakable(names):
                continue
            if mutation.operator != OperatorKind.NEGATE_CONSTRAINTS or not keywords or keywords - _CHOICES:
                return None
        # a schema's type changed or its options negated, a value drawn for it: `new_value` names the type (or
        # nothing), and the body holds the value
        value = _value_at(body, names) if mutation.channel == MutationChannel.SCHEMA else mutation.new_value
        if value is _ABSENT:
            return None
        changes.append(_BodyChange(names, value, of_choice=mutation.operator == OperatorKind.NEGATE_CONSTRAINTS))
    return changes


_ABSENT = object()  # what `_value_at` finds where the body holds nothing


def _value_at(body: Any, names: Sequence[str | int]) -> Any:
    """The value a body holds under these property names (and item indexes), from the body down (none: the body as
    a whole)."""
    value = body
    for name in names:
        if isinstance(value, list) and isinstance(name, int) and name < len(value):
            value = value[name]
            continue
        if not (isinstance(value, dict) and isinstance(name, str) and name in value):
            return _ABSENT
        value = value[name]
    return value


def _mutated_names(mutation: Any) -> list[str] | None:
    """The property names, from the body down, a fuzzing mutation changed (none: the body as a whole), from its
    path or else its schema pointer (`/properties/has_bicycle`); None where it is not a path of properties."""
    if mutation.path:
        steps = list(mutation.path)
        return [str(step) for step in steps] if all(isinstance(step, str) for step in steps) else None
    pointer = (mutation.schema_pointer or "").strip("/")
    parts = pointer.split("/") if pointer else []
    if parts and parts[-1] == "items":
        parts = parts[:-1]  # an item of a list changed (Sentry's `header/items`): the list, judged item by item
    if len(parts) % 2 or any(step != "properties" for step in parts[0::2]):
        return None
    return [name.replace("~1", "/").replace("~0", "~") for name in parts[1::2]]


def _property(schema: Any, names: Sequence[str | int]) -> Any:
    """The schema of the value at these property names (and item indexes), through `allOf`/`anyOf`/`oneOf` parts
    (Bytebase's `instance: oneOf [Instance, null]`)."""
    for name in names:
        if not isinstance(schema, dict):
            return None
        schema = item_schema(schema, name) if isinstance(name, int) else declared_properties(schema).get(name)
    return schema


# What a mutation may negate of a part that takes any bytes without breaking it: its format, and the choice between
# a list of files and null (Anthropic's `files: anyOf [array of binary, null]`, sent a part holding `false`).
_BYTES_BREAK_NOTHING = frozenset({"format", "anyOf", "oneOf"})
_CHOICES = frozenset({"anyOf", "oneOf"})


def _any_bytes(schema: Any) -> bool:
    """Whether a multipart part of this schema is any bytes: a `format: binary` string, or a list of them (one part
    is a list of one), or either as an option beside null."""
    chosen = _array_option(schema)
    if isinstance(chosen, dict) and "array" in schema_types(chosen):
        chosen = item_schema(chosen, 0)
    return isinstance(chosen, dict) and chosen.get("format") == "binary"


def _array_option(schema: Any) -> Any:
    """The schema, or the first of its `anyOf`/`oneOf` options that is a list."""
    options = (schema.get("anyOf") or schema.get("oneOf") or []) if isinstance(schema, dict) else []
    return next((option for option in options if "array" in schema_types(option)), schema)


def _text_reads_as(schema: Any, value: Any, media_type: str) -> bool:
    """Whether `value`, written in a body of this media type, is a value of the type `schema` declares."""
    types = schema_types(schema)
    if "multipart" in media_type and "array" in types and isinstance(value, list):
        # a list is a part per item (Sentry's `header: [string]`, an item drawn as an object went out as its JSON)
        return all(_text_reads_as(item_schema(_array_option(schema), 0), item, media_type) for item in value)
    wrapped = isinstance(schema, dict) and bool((schema.get("xml") or {}).get("wrapped"))
    if "array" in types and not ("xml" in media_type and wrapped) and not isinstance(value, list):
        # a form field sent once, like an XML element not wrapped in one for its array, is a list of one (of the
        # option that is a list, where it is one of several: Anthropic's `files: anyOf [array of binary, null]`)
        types = schema_types(item_schema(_array_option(schema), 0))
    if ("multipart" in media_type or any(kind in media_type for kind in _BYTES_BODIES)) and "string" in types:
        return True  # a part is text (a file's bytes) whatever the value was: `{}`, `null` and `5` are strings there
    if _plain(media_type) and "string" in types:
        return True  # PagerDuty's `text/csv` upload: `{}` written there is the two characters of a CSV file
    if "xml" in media_type and value in (None, "", "null", {}, []) and "null" in schema_types(schema):
        return True  # written as an empty element or the word, which is how XML spells null
    if "xml" in media_type and value in (None, "", []) and "object" in types and not schema.get("required"):
        return True  # an empty element is also an object of no fields, which this one may be (`<booking></booking>`)
    if not isinstance(value, (str, int, float, bool)):
        return False
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return any(kind in _TEXT_OF_TYPE and _TEXT_OF_TYPE[kind].fullmatch(text) for kind in types)


def _format_requests_are_not_held_to(recorder: Any, case_id: str, check: Any) -> bool:
    """A JSON or form body accepted whose only break is a value out of a format that requests are read loosely in, as
    openapi-core reads them and so the mock (`FORMATS_AS_OPENAPI_CORE`: any text is a `hostname`, an `email` needs an
    "@"), or not at all (a format no checker knows): DigitalOcean's CDN endpoint took `custom_domain: ""`. A value
    openapi-core would refuse is still a finding (an `email` with no "@")."""
    if check.name != "negative_data_rejection":
        return False
    case: Any = _recorded_case(recorder, case_id)
    meta = getattr(case, "meta", None)
    data = getattr(getattr(meta, "phase", None), "data", None)
    if meta is None:
        return False
    if _negated_locations(meta) <= _PARAMETER_LOCATIONS:
        broken = _parameter_format_mutations(data, case)
    else:
        broken = _body_formats_broken(case, data) if _negated_locations(meta) == {ParameterLocation.BODY} else None
    # as requests are read: loosely for the formats openapi-core reads so, not at all for one no checker knows
    # (They Said So's `tags`, `format: string`)
    return bool(broken) and all(
        isinstance(declared, str) and isinstance(value, str) and is_valid(request_view(text_of_format(declared)), value)
        for declared, value in broken or ()
    )


_PARAMETER_LOCATIONS = frozenset(location for location in ParameterLocation if location.value in CASE_ATTRIBUTE_OF)


def _body_formats_broken(case: Any, data: Any) -> list[tuple[Any, Any]] | None:
    """Each (declared format, value sent) of a JSON or form body a case broke by formats alone; None otherwise."""
    media_type = essence(case.media_type or "")
    if syntax_of(media_type) != "json" and media_type not in FORM_MEDIA_TYPES:
        return None
    changes = _body_changes(data, case.body, CoverageScenario.INVALID_FORMAT, "format") or _format_mutations(data, case)
    schema = _declared_body_schema(case)
    return [((_property(schema, names) or {}).get("format"), value) for names, value in changes or ()] or None


def _parameter_format_mutations(data: Any, case: Any) -> list[tuple[Any, Any]] | None:
    """Each (declared format, value sent) of the parameters a fuzzing case broke by their `format` alone (Azure
    Monitor's `interval=`, a `duration`); None where any mutation did more, or none was made."""
    broken = []
    for mutation in _format_only_mutations(data) or ():
        location = CASE_ATTRIBUTE_OF.get(mutation.parameter_location.value)
        values = getattr(case, location, None) or {} if location else {}
        parameter = next(
            (p for p in getattr(case.operation, location or "", ()) or () if p.name == mutation.parameter), None
        )
        if parameter is None or mutation.parameter not in values:
            return None
        schema = (parameter.definition or {}).get("schema") or {}
        broken.append((schema.get("format") if isinstance(schema, dict) else None, values[mutation.parameter]))
    return broken or None


def _format_only_mutations(data: Any) -> tuple[Any, ...] | None:
    """A fuzzing case's mutations, where each broke a value by its `format` alone; None otherwise."""
    mutations = tuple(getattr(data, "mutations", None) or ())
    if isinstance(data, CoveragePhaseData) or not mutations or any(tuple(m.keywords) != ("format",) for m in mutations):
        return None
    return mutations


def _format_mutations(data: Any, case: Any) -> list[tuple[list[str | int], Any]] | None:
    """The body properties a fuzzing case broke by their `format` alone (each mutation's path into the body), with the
    values sent; None where any mutation did more, or elsewhere."""
    mutations = _format_only_mutations(data)
    if mutations is None or any(m.parameter_location != ParameterLocation.BODY for m in mutations):
        return None
    changes = [(list(m.path), _value_at(case.body, list(m.path))) for m in mutations]
    return None if any(value is _ABSENT for _, value in changes) else changes


def _empty_form_for_an_optional_body(recorder: Any, case_id: str, check: Any) -> bool:
    """An empty form accepted where the spec makes the request body optional: schemathesis sends `{}` lacking a
    required field, but a form of no fields is no bytes at all, which is no body, and openapi-core rightly takes no
    body where none is required (Twilio's `POST …/AssignedAddOns.json`)."""
    if check.name != "negative_data_rejection":
        return False
    case: Any = _recorded_case(recorder, case_id)
    meta = getattr(case, "meta", None)
    request = getattr(recorder.interactions.get(case_id), "request", None)
    if meta is None or request is None or "x-www-form-urlencoded" not in (getattr(case, "media_type", None) or ""):
        return False
    negated = _negated_locations(meta)
    body = getattr(request, "body", None)
    return negated == {ParameterLocation.BODY} and not body and _declared_body(case).get("required") is not True


def _valid_request_refused(recorder: Any, case_id: str, check: Any) -> tuple[Any, Any] | None:
    """The case and the request it sent, where a check holds the request valid (`positive_data_acceptance`,
    `status_code_conformance`) and the server refused it with a 4xx; None otherwise. What the forgiveness rules
    below then ask is whether the request was valid at all."""
    if check.name not in ("positive_data_acceptance", "status_code_conformance"):
        return None
    case: Any = _recorded_case(recorder, case_id)
    interaction = recorder.interactions.get(case_id)
    request, response = getattr(interaction, "request", None), getattr(interaction, "response", None)
    if case is None or request is None or response is None or not 400 <= int(response.status_code) < 500:
        return None
    return case, request


def _a_query_value_the_url_does_not_hold(recorder: Any, case_id: str, check: Any) -> bool:
    """A request refused whose query the URL it sent does not hold as the case does: a required list drawn empty, or
    of empty objects, writes nothing (Mastodon's `GET /api/v1/markers`, `timeline` a list of objects), and a list of
    objects has no query form at all (`_query_beyond_its_style`). A required parameter missing is the client's
    mistake, as openapi-core and the mock read it."""
    refused = _valid_request_refused(recorder, case_id, check)
    return refused is not None and (_query_beyond_its_style(refused[0]) or _required_query_unsent(*refused))


def _required_query_unsent(case: Any, request: Any) -> bool:
    """Whether a required query parameter the case holds is not in the URL it sent (a list that wrote nothing)."""
    uri = getattr(request, "uri", None)
    if not isinstance(uri, str):
        return False
    sent = {name.partition("[")[0] for name, _ in parse_qsl(urlsplit(uri).query, keep_blank_values=True)}
    held = getattr(case, "query", None) or {}
    return any(
        (parameter.definition or {}).get("required") and parameter.name in held and parameter.name not in sent
        for parameter in getattr(case.operation, "query", ()) or ()
    )


def _no_bytes_for_a_required_body(recorder: Any, case_id: str, check: Any) -> bool:
    """A request with no bytes for a body the spec requires, refused with a 4xx: schemathesis draws an empty string
    for a `type: string` body (Spotify's image uploads, Xero's attachments), but no bytes is no body to openapi-core
    (and so to the mock), and a required body missing is the client's mistake. Not a valid request refused, nor an
    undocumented refusal of one."""
    refused = _valid_request_refused(recorder, case_id, check)
    if refused is None or getattr(refused[1], "body", None):
        return False
    return _declared_body(refused[0]).get("required") is True


def _json_body_off_its_schema(recorder: Any, case_id: str, check: Any) -> bool:
    """A JSON body its own declared schema refuses, refused with a 4xx: schemathesis' coverage phase sent Intercom's
    `POST /conversations` the body `0` for a `type: object` schema, as a valid request. A server refusing it is
    right, whatever the case was labelled."""
    refused = _valid_request_refused(recorder, case_id, check)
    if refused is None:
        return False
    case = refused[0]
    body = getattr(case, "body", None)
    if not isinstance(body, (dict, list, str, int, float, bool)) or not is_json_media(case.media_type or ""):
        return False  # no body drawn (schemathesis' NOT_SET), or one not sent as JSON
    schema = _declared_body_schema(case)
    sent = _json_as_sent(case, refused[1])
    try:
        # as written, or as a request is judged (`request_view`): an integer format's width holds, as openapi-core's
        # format checks have it (ideal-postcodes' `daily.limit`, an int32 number, drawn 5.5e16)
        facts = domain_checks.state_of(case).facts
        return isinstance(schema, dict) and any(
            facts.validation_errors(judged, sent) for judged in (schema, request_view(schema))
        )
    except ValueError:  # a value no JSON validator can read: not ours to judge
        return False


def _text_fitting_two_of_a_file_choice(recorder: Any, case_id: str, check: Any) -> bool:
    """A multipart body whose part, sent as text, fits more than one option of a `oneOf` holding a file, refused with
    a 4xx: Together's transcription takes a file or its URL (`format: binary` or `uri`), and a URL is both to any
    validator, so a server reading the spec's `oneOf` as written refuses it (`file_choices_as_any_of`, which let
    schemathesis draw it at all). The spec allows the request no single option; not a valid request refused."""
    refused = _valid_request_refused(recorder, case_id, check)
    return refused is not None and _fits_two_of_a_file_choice(refused[0])


def _fits_two_of_a_file_choice(case: Any) -> bool:
    """Whether a multipart case sends a part as text that fits more than one option of the spec's `oneOf` holding a
    file (`_text_fitting_two_of_a_file_choice`)."""
    for value, part in _multipart_parts(case):
        # `type(…) is str`: schemathesis' `Binary` file is a `str` of its own kind, which no validator reads
        if type(value) is str and part.get(FILE_CHOICE_WAS_ONE_OF):
            document = domain_checks.state_of(case).facts.document
            options = [followed_ref(document, option) for option in part.get("anyOf") or ()]
            if sum(isinstance(option, dict) and is_valid(option, value) for option in options) > 1:
                return True
    return False


def _multipart_parts(case: Any) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Each field a multipart case sends, with the schema its body declares for it (none for a field it does not)."""
    if "multipart/" not in (getattr(case, "media_type", None) or ""):
        return
    document = domain_checks.state_of(case).facts.document
    schema = followed_ref(document, _declared_body_schema(case))
    body = getattr(case, "body", None)
    if not isinstance(schema, dict) or not isinstance(body, dict):
        return
    for name, value in body.items():
        part = followed_ref(document, declared_properties(schema).get(name))
        if isinstance(part, dict):
            yield value, part


def _the_same_file_twice(recorder: Any, case_id: str, check: Any) -> bool:
    """A multipart body sending the same file twice in a list the spec holds unique, refused with a 4xx: the list's
    `uniqueItems` was left out for schemathesis (`unique_files_unchecked`), which then drew files alike (SFTPGo's
    uploads). The spec allows no such request; not a valid request refused."""
    refused = _valid_request_refused(recorder, case_id, check)
    for value, part in _multipart_parts(refused[0]) if refused is not None else ():
        if part.get(FILES_WERE_UNIQUE) and isinstance(value, list):
            sent = [bytes(item) if isinstance(item, (bytes, bytearray)) else str(item) for item in value]
            if len(set(sent)) < len(sent):
                return True
    return False


def _required_form_field_not_sent(recorder: Any, case_id: str, check: Any) -> bool:
    """A form or multipart body sent without a field the spec requires, refused with a 4xx: schemathesis draws
    `null`, an object or a list for a form field of no declared type (Twilio Sync's `Data`), which a form cannot
    carry, and its examples phase builds a multipart body of the properties' examples alone (ElevenLabs' voice
    upload, no `files` among them), so the request went out without it. A required field missing is the client's
    mistake, not a valid request refused."""
    refused = _valid_request_refused(recorder, case_id, check)
    media_type = (getattr(refused[0], "media_type", None) or "") if refused is not None else ""
    if refused is None or not ("x-www-form-urlencoded" in media_type or "multipart/" in media_type):
        return False
    schema = _declared_body_schema(refused[0])
    required = schema.get("required") if isinstance(schema, dict) else None
    if "multipart/" in media_type:
        intended = getattr(refused[0], "body", None)
        sent: Any = _parts_sent(intended) if isinstance(intended, dict) else set()
    else:
        sent = parse_qs(_body_text(refused[1]), keep_blank_values=True)
    return isinstance(required, list) and any(name not in sent for name in required)


def _form_valid_as_sent(recorder: Any, case_id: str, check: Any) -> bool:
    """An invalid form accepted, where the form as it went out is valid: a form has no empty list and no null, so a
    list drawn empty is a field not sent (Firefly III's optional `deliveries`, `minItems: 1`), and an empty value is
    null where the field takes null (`target_date=` for a nullable date, as Laravel reads it). The form is read as
    OpenAPI's form rules read it (`mock.form_bodies.decode_form`) and judged against its schema."""
    if check.name != "negative_data_rejection":
        return False
    case: Any = _recorded_case(recorder, case_id)
    interaction = recorder.interactions.get(case_id)
    request = getattr(interaction, "request", None)
    media_type = getattr(case, "media_type", None) or ""
    schema = _declared_body_schema(case) if case is not None else None
    multipart = essence(media_type) == "multipart/form-data"
    if request is None or not (multipart or "x-www-form-urlencoded" in media_type) or not isinstance(schema, dict):
        return False
    media = (_declared_body(case).get("content") or {}).get(_declared_media_key(case)) or {}
    encoding = media.get("encoding") or {}
    if multipart:
        # the parts as they went out (api.video's logo, sent with two more parts of made-up names beside its
        # `file` and `link`, which its schema allows, in a case labelled negative)
        content_type = next(iter(_header_values(request, "content-type")), "")
        body = request.body if isinstance(request.body, bytes) else _body_text(request).encode()
        try:
            sent, _ = decode_multipart(body, content_type, schema, encoding, cast_scalar)
        except FormError:
            return False
    else:
        sent = decode_form(parse_qsl(_body_text(request), keep_blank_values=True), schema, encoding, cast_scalar)
    if not isinstance(sent, dict):
        return False
    properties = declared_properties(schema)
    read = {
        name: None if value == "" and is_valid(properties.get(name) or {}, None) else value
        for name, value in sent.items()
    }
    return is_valid(schema, read)  # formats too: `target_date=soon` is no date


def _xml_judged_as_sent(recorder: Any, case_id: str, check: Any) -> bool:
    """An XML body accepted where the document as it went out is valid, or refused where it is not: XML has no null,
    and schemathesis writes a null as the text `null`, which a text field holds (agco-ats' `<Name>null</Name>`), and
    text XML cannot hold (a control character) as a document no reader takes. The document is read as the mock reads
    XML (`mock.xml_bodies.parse_xml`: an unwrapped list of no items is no element, so Magento's `<request></request>`
    is `{"prices": []}`, valid) and judged against its schema."""
    if check.name == "negative_data_rejection":
        valid_as_sent = True
    elif check.name == "positive_data_acceptance":
        response = _recorded_response(recorder, case_id)
        # a refusal in any 4xx status: AWS's XML APIs refuse in their exceptions' own (CloudWatch's 480-483)
        if response is None or not 400 <= response.status_code < 500:
            return False
        valid_as_sent = False
    else:
        return False
    case: Any = _recorded_case(recorder, case_id)
    request = getattr(recorder.interactions.get(case_id), "request", None)
    schema = _declared_body_schema(case) if case is not None else None
    if request is None or syntax_of(getattr(case, "media_type", None) or "") != "xml" or not isinstance(schema, dict):
        return False
    try:
        sent = parse_xml(_body_text(request).encode(), schema, cast_scalar)
    except ValueError:
        return not valid_as_sent  # no document to read: refusing it is right
    return is_valid(schema, sent) is valid_as_sent


def _header_values(request: Any, name: str) -> list[str]:
    """The values a recorded request sent for a header (`name` in lower case), in order."""
    for key, values in (getattr(request, "headers", None) or {}).items():
        if key.lower() == name:
            return list(values) if isinstance(values, (list, tuple)) else [str(values)]
    return []


def _body_text(request: Any) -> str:
    """The body a recorded request sent, as text (a form's, to read its fields)."""
    body = getattr(request, "body", None) or b""
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)


def _parts_sent(body: dict[str, Any]) -> set[str]:
    """The fields a form or multipart body holds a part for: none for a field drawn null or an empty list."""
    return {name for name, value in body.items() if value is not None and value != []}


def run_engine(schema: Any, result: RunResult, progress: Progress) -> Iterator[Any]:
    """Drive schemathesis' engine, folding each event into `result` and `progress`; yields the events on."""
    unsendable: dict[str, int] = {}
    for event in from_schema(schema).execute():
        shown = isinstance(event, events.PhaseEvent) and event.phase.is_enabled and event.phase.name in ENGINE_PHASES
        if isinstance(event, events.PhaseStarted) and shown:
            operations = None if event.phase.name.value == "stateful" else len(result.operations)
            progress.phase_started(event.phase.name.value, operations)
        elif isinstance(event, events.PhaseFinished) and shown:
            progress.phase_finished(event.phase.name.value)
        elif isinstance(event, events.ScenarioFinished):
            if event.is_test_scenario:
                before = sum(op.cases for op in result.operations.values())
                added = collect_scenario(result, event.recorder, event.phase.value)
                cases = sum(op.cases for op in result.operations.values()) - before
                progress.operation_done(event.phase.value, event.recorder.label, cases, added)
        elif isinstance(event, events.NonFatalError) and isinstance(event.value, UnicodeEncodeError):
            # schemathesis drew a header value outside latin-1 (Plaid's optional `OAUTH-STATE-ID`, while fuzzing),
            # which no HTTP client can send: no request went out, so nothing of the server's is in question
            unsendable[event.label] = unsendable.get(event.label, 0) + 1
        elif isinstance(event, events.NonFatalError):
            result.add_error(event.label, event.info.title, event.info.message)
        elif isinstance(event, events.FatalError):
            result.add_error("engine", "Fatal error", repr(event.exception))
        elif isinstance(event, events.EngineFinished):
            for failure in event.failures or []:
                result.add_error("after-run checks", "Run check failed", str(failure))
        yield event
    if unsendable:
        counted = ", ".join(f"{label} ({count})" for label, count in sorted(unsendable.items()))
        result.notes.append(
            f"not sent: {sum(unsendable.values())} generated requests whose header value no HTTP client can send"
            f" (outside latin-1; schemathesis' generation, not the server's doing): {counted}"
        )


class EventSink(Protocol):
    def start(self) -> None: ...

    def on_event(self, event: Any) -> None: ...

    def finish(self) -> Any: ...


def _first_of(labels: list[str], most: int) -> str:
    """The first `most` labels, for a note: `A, B and 3 more`."""
    return ", ".join(labels[:most]) + (f" and {len(labels) - most} more" if len(labels) > most else "")


def run_contract(
    options: RunOptions,
    progress: Progress | None = None,
    make_sink: Callable[[Any], EventSink | None] | None = None,
) -> RunResult:
    """Run the engine's phases, then ours, against `options.base_url`.

    `make_sink(schema_config)` may return a sink that sees every engine event (schemathesis' report writers).
    """
    progress = progress or NoProgress()
    schema = load_schema(options)
    result = RunResult(seed=schema.config.seed, max_failures=options.max_failures)
    if not options.credentials_verified:
        result.notes.append(UNVERIFIED_NOTE)
    _, folded = with_fragment_variants_folded(options.document)
    if folded:
        shown = _first_of(folded, 6)
        result.notes.append(
            f"not tested: {shown}: a path key's #fragment never reaches the server, and the base path's operation"
            f" at the same method is the one a request reaches ({len(folded)} in all)"
        )
    silent = silent_on_gone(schema.raw_schema)
    if silent:
        shown = _first_of(silent, 8)
        result.notes.append(
            f"declared with no 404, 410, 4XX or default, so no answer conforms there for a deleted resource, and"
            f" a use after a delete is not checked: {shown} ({len(silent)} in all)"
        )
    unrefusing = tokens_without_refusal(schema.raw_schema)
    if unrefusing:
        result.notes.append(
            f"a made-up authorization code is not sent to {_first_of(unrefusing, 6)}: it declares no refusal (400,"
            f" 401, 403, 422, 4XX or default), so the spec allows it no answer but a token; RFC 6749 refuses such a"
            f" code with 400 invalid_grant, which the spec could declare"
        )
    unmeetable = schemas_no_value_meets(domain_checks.state_for(schema.raw_schema).facts.document)
    if unmeetable:
        result.notes.append(
            f"no answer can conform to {_first_of(unmeetable, 4)}, or only one holding nothing its parts describe: an"
            f" allOf part closed by additionalProperties: false beside a part requiring or declaring another"
            f" property, or a oneOf two of whose options are alike; requests and answers are held to it with that part"
            f" opened, and such a oneOf read as an anyOf ({len(unmeetable)} in all)"
        )
    too_large = too_large_to_generate(domain_checks.state_for(schema.raw_schema).facts.document)
    if too_large:
        shown = _first_of(too_large, 6)
        result.notes.append(
            f"not tested: {shown}: their request schemas share parts so often that a walk of them visits over"
            f" {SCHEMA_WALK_BUDGET:,} schemas, and schemathesis spends many minutes building one request of them"
            f" ({len(too_large)} in all)"
        )
    unanswered = declaring_no_answer(schema.raw_schema)
    if unanswered:
        result.notes.append(
            f"declared with no responses, so no status conforms, and answers' statuses are not checked:"
            f" {_first_of(unanswered, 6)} ({len(unanswered)} in all)"
        )
    switching = switching_protocols(schema.raw_schema)
    if switching:
        result.notes.append(
            f"not tested: {_first_of(switching, 6)}: answered only by switching protocols (a 1xx, no 2xx or 3xx),"
            f" which no plain HTTP request can show; a server refuses one (426 Upgrade Required) ({len(switching)}"
            f" in all)"
        )
    for label in sorted(operation.label for operation in selected_operations(schema)):
        result.operation(label)
    sink = make_sink(schema.config) if make_sink is not None else None
    started = time.monotonic()
    try:
        if sink is not None:
            sink.start()
        for event in run_engine(schema, result, progress):
            if sink is not None:
                sink.on_event(event)
        add_acceptance_failures(result, options, exempt=not_held_to_acceptance(schema))
        if "link-walk" not in options.skip_phases and not result.full:
            _collect_link_walk(result, schema, options, progress)
        for name, phase in own_phases():
            if name not in options.skip_phases and not result.full:
                _collect_phase(result, schema, options, progress, name, phase)
    finally:
        progress.close()
        if sink is not None:
            sink.finish()
    result.duration = time.monotonic() - started
    return result


def not_held_to_acceptance(schema: Any) -> set[str]:
    """Operations no run can expect to accept a valid request: OAuth token endpoints (no generated request can hold a
    code the server issued), and operations that declare no answer but refusals (no 2xx, 3xx or default: PagerDuty's
    `GET /oauth_delegations/revocation_requests/status` documents only 400-429, so not accepting one is the spec's
    gap, not the server's fault)."""
    from contract_tests.phases.base import PhaseRun
    from contract_tests.phases.security import token_operations

    run = PhaseRun(schema=schema, base_url="", headers={})
    without_success = {
        operation.label
        for operation in run.operations().values()
        if declares_no_success(operation.definition.raw.get("responses") or {})
    }
    return {operation.label for operation in token_operations(run)} | without_success


def declares_no_success(responses: dict[Any, Any]) -> bool:
    """Whether an operation's responses are all refusals: no 2xx, 3xx or default."""
    return not any(str(code)[:1] in ("2", "3", "d") for code in responses)


def add_acceptance_failures(result: RunResult, options: RunOptions, exempt: set[str]) -> None:
    for label in sorted(set(result.operations) - exempt):
        failure = check_acceptance(result.acceptance, label)
        if failure is None or not check_enabled(options, failure.check):
            continue
        rejected = result.acceptance.examples_rejected.get(label)
        result.add_failure(
            FailureRecord(
                operation=label,
                check=failure.check,
                title=failure.title,
                message=failure.message,
                status_code=rejected[0] if rejected else None,
                phase="examples" if rejected else "all",
                exchanges=[rejected[1]] if rejected else [result.acceptance.first_refusal[label]],
            )
        )


def check_enabled(options: RunOptions, check: str) -> bool:
    """--checks/--exclude-checks for checks that run outside the engine (our phases, acceptance)."""
    if check in options.exclude_checks:
        return False
    return options.checks is None or "all" in options.checks or check in options.checks


def own_phases() -> list[tuple[str, Callable[[Any], None]]]:
    """Our phases after schemathesis' and the link walk, in order."""
    from contract_tests.phases.concurrency import run_concurrency_phase
    from contract_tests.phases.edges import run_edges_phase
    from contract_tests.phases.ids import run_ids_phase
    from contract_tests.phases.lifecycle import run_lifecycle_phase
    from contract_tests.phases.lists import run_lists_phase
    from contract_tests.phases.negotiation import run_negotiation_phase
    from contract_tests.phases.security import run_security_phase
    from contract_tests.phases.tenancy import run_tenancy_phase

    return [
        ("security", run_security_phase),
        ("edges", run_edges_phase),
        ("negotiation", run_negotiation_phase),
        ("unknown-ids", run_ids_phase),
        ("lists", run_lists_phase),
        ("tenancy", run_tenancy_phase),
        ("lifecycle", run_lifecycle_phase),
        ("concurrency", run_concurrency_phase),
    ]


def _collect_phase(
    result: RunResult, schema: Any, options: RunOptions, progress: Progress, name: str, phase: Callable[[Any], None]
) -> None:
    from contract_tests.phases.base import PhaseRun

    run = PhaseRun(
        schema=schema,
        base_url=options.base_url,
        headers=dict(options.headers),
        query=dict(options.query_credentials),
        cookies=dict(options.cookie_credentials),
        operation_credentials=dict(options.operation_credentials),
        verified=options.credentials_verified,
        tenant_b=options.tenant_b,
        enabled=lambda check: check_enabled(options, check),
    )
    progress.phase_started(name, None)
    try:
        phase(run)
    except Exception as exc:  # a phase must never take the run down; say what broke
        result.add_error(name, "Phase error", f"{type(exc).__name__}: {exc}")
    result.notes.extend(note for note in run.notes if note not in result.notes)
    for label, count in run.counts.items():
        result.operation(label).cases += count
        progress.operation_done(name, label, count, 0)
    for found in run.failures:
        added = result.add_failure(
            FailureRecord(
                operation=found.operation,
                check=found.check,
                title=found.failure.title,
                message=found.failure.message,
                status_code=found.status_code,
                phase=name,
                exchanges=found.exchanges,
            )
        )
        progress.operation_done(name, found.operation, 0, int(added))
    progress.phase_finished(name)


def _collect_link_walk(result: RunResult, schema: Any, options: RunOptions, progress: Progress) -> None:
    from contract_tests.link_walk import walk_links

    progress.phase_started("link-walk", None)
    failures, counts = walk_links(
        schema,
        options.base_url,
        dict(options.headers),
        query=dict(options.query_credentials),
        cookies=dict(options.cookie_credentials),
        operation_credentials=dict(options.operation_credentials),
        judge_refusals=options.credentials_verified,
    )
    for label, count in counts.items():
        result.operation(label).cases += count
    for walk_failure in failures:
        if _forgiven_alone(walk_failure.case, walk_failure.response, walk_failure.check):
            continue
        added = result.add_failure(
            FailureRecord(
                operation=walk_failure.operation,
                check=walk_failure.check,
                title=walk_failure.failure.title,
                message=walk_failure.failure.message,
                status_code=walk_failure.status_code,
                phase="link-walk",
                exchanges=walk_failure.exchanges,
            )
        )
        progress.operation_done("link-walk", walk_failure.operation, 0, int(added))
    for label, count in counts.items():
        progress.operation_done("link-walk", label, count, 0)
    progress.phase_finished("link-walk")


def selected_operations(schema: Any) -> list[Any]:
    from schemathesis.core.result import Ok

    return [item.ok() for item in schema.get_all_operations() if isinstance(item, Ok)]
