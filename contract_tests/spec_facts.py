"""Facts the domain checks derive from the OpenAPI document under test.

The checks must work for any of our specs (and a spec passed with `--spec`), so instead of a table of
per-API knowledge they read what the document declares: the response schema for a status, the
API's common error envelope, and the (overlay-provided) links that say which response field names a
created resource.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from mock.identity_cache import IdentityCache
from mock.schema_validation import made_meetable, plain_validator, unmeetable_as_written
from mock.spec.error_style import common_error_schema
from mock.spec.model import HTTP_METHODS, essence, is_json_media, response_keys, switches_protocols
from mock.spec.oauth import endpoint_for, grant_refusal, token_urls
from mock.spec.operations import TEMPLATE_PARAMETER, raw_operations, split_path_key, template_shape
from mock.spec.refs import objects_placed, pointer
from mock.spec.resources import ends_in_parameter


def json_pointer(document: Any, pointer: str) -> Any:
    """The value a JSON pointer (`/data/0/id`, or a `#/components/…` fragment) names in `document`; None where it
    names nothing."""
    # a `#` fragment is a URI's, percent-encoded (RFC 6901, 6): openSUSE's `#/paths/~1group~1%7Bgroup_title%7D/…`
    text = unquote(pointer[1:]) if pointer.startswith("#") else pointer
    node = document
    for raw in text.lstrip("/").split("/") if text not in ("", "/") else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and part.isdecimal() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def followed_ref(document: Any, node: Any) -> Any:
    """What a node of `document` stands for: the target of its local `$ref` (None where that names nothing), else
    the node itself."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return json_pointer(document, ref) if isinstance(ref, str) and ref.startswith("#") else node


def resolve_local_refs(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document with local `#/...` $refs inlined; a cyclic ref becomes `{}` (anything).

    What is shared stays shared: each object (a `$ref`'s target, or a schema the mock's loading already inlined
    in several places) is resolved once, and every place that refers to it gets that one copy. Copied along
    every path instead, a chain of schemas each holding the next twice costs 2**n (Xero's spec grew the run to
    11 GB before it sent a request). A copy made inside a cycle, where the cycle was cut to `{}`, is reused
    elsewhere as it is: deeper than the cut, it accepts anything, which is what a cut means here anyway."""

    done: dict[int, Any] = {}  # id of an object of `document` -> its resolved copy (`document` keeps it alive)

    def walk(node: Any, active: tuple[str, ...]) -> Any:
        if not isinstance(node, (dict, list)):
            return node
        found = done.get(id(node))
        if found is not None:
            return found
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(ref, str) and ref.startswith("#"):
            if ref in active:
                return {}
            target = json_pointer(document, ref)
            if target is None:  # a pointer to nothing: kept as written
                resolved: Any = {key: walk(value, active) for key, value in node.items()}
            else:
                resolved = walk(target, (*active, ref))
                siblings = {key: walk(value, active) for key, value in node.items() if key != "$ref"}
                if siblings and isinstance(resolved, dict):
                    resolved = {**resolved, **siblings}
        elif isinstance(node, dict):
            resolved = {key: walk(value, active) for key, value in node.items()}
        else:
            resolved = [walk(item, active) for item in node]
        done[id(node)] = resolved
        return resolved

    resolved: dict[str, Any] = walk(document, ())
    return resolved


def declares_only_other_media(response_definition: dict[str, Any] | None) -> bool:
    """True when a response object declares a body only in media types that are not JSON (an HTML page, text)."""
    content = response_definition.get("content") if isinstance(response_definition, dict) else None
    return isinstance(content, dict) and bool(content) and not any(map(is_json_media, content))


def json_schema_of(response_definition: dict[str, Any] | None) -> dict[str, Any] | None:
    """The JSON body schema of a response object, if it declares one."""
    if not isinstance(response_definition, dict):
        return None
    for media_type, media in (response_definition.get("content") or {}).items():
        if is_json_media(media_type) and isinstance(media, dict):
            schema = media.get("schema")
            if isinstance(schema, dict):
                return schema
            if schema is True:  # `true` allows anything: the empty schema says the same
                return {}
    return None


def answered_schema_of(response_definition: dict[str, Any] | None) -> dict[str, Any] | None:
    """The schema a JSON answer is judged by: the JSON media's, else a wildcard's (`*/*`, `application/*`), which a
    JSON answer is too (Ticketmaster's ingestion results declare only `*/*`)."""
    found = json_schema_of(response_definition)
    if found is not None or not isinstance(response_definition, dict):
        return found
    for media_type, media in (response_definition.get("content") or {}).items():
        if essence(str(media_type)) in ("*/*", "application/*") and isinstance(media, dict):
            schema = media.get("schema")
            if isinstance(schema, dict):
                return schema
    return None


def same_shaped_paths(document: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    """The path items of the document whose templates are `path`'s but for parameter names, its own too: one URL's
    templates (OpenAPI forbids two, and specs have them: Mistral's `/v1/connectors/{connector_id}` beside
    `…/{connector_id_or_name}`)."""
    shape = template_shape(path)
    paths = document.get("paths") or {}
    return {other: item for other, item in paths.items() if template_shape(other) == shape and isinstance(item, dict)}


def paths_one_url_reaches(document: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    """The path items whose templates a URL of `path` also fills, `path`'s own too: those of its shape, and those
    with a parameter where it has literal text (Circuit's `/conversations/group` is a `/conversations/{convId}` too,
    Buffer's `/updates/create{ext}` an `/updates/{id}{ext}`, and the mock routes a GET there to the other)."""
    segments = path.strip("/").split("/")
    found = {}
    for other, item in (document.get("paths") or {}).items():
        theirs = split_path_key(other)[0].strip("/").split("/")
        if not isinstance(item, dict) or len(theirs) != len(segments):
            continue
        if all(_segments_meet(a, b) for a, b in zip(segments, theirs, strict=True)):
            found[other] = item
    return found


def _segments_meet(one: str, other: str) -> bool:
    """Whether some text fills both path segments (literal text and `{parameters}`)."""
    return one == other or any(
        re.fullmatch(_segment_regex(pattern), TEMPLATE_PARAMETER.sub("x", text))
        for pattern, text in ((other, one), (one, other))
    )


def _segment_regex(segment: str) -> str:
    """A segment's literal text, escaped, with any text where its parameters stand."""
    return ".+".join(re.escape(part) for part in TEMPLATE_PARAMETER.split(segment))


def response_definition_for(responses: dict[str, Any], status: int) -> dict[str, Any] | None:
    """The response object for a status: exact code, then `4XX`-style range, then `default` (`response_keys`)."""
    for key in response_keys(status):
        definition = responses.get(key)
        if isinstance(definition, dict):
            return definition
    return None


@dataclass
class SpecFacts:
    document: dict[str, Any]
    # The error schema declared most often for 4xx/5xx responses: the API's envelope.
    common_error_schema: dict[str, Any] | None
    # By the schema's identity, not its JSON text: a resolved document shares its schemas, and the text of one
    # that holds a shared schema along many paths is that many times longer.
    _validators: IdentityCache[Any] = field(
        default_factory=lambda: IdentityCache(max_entries=4096, serialise_builds=True)
    )

    _opened: IdentityCache[Any] = field(default_factory=lambda: IdentityCache(max_entries=4096, serialise_builds=True))

    def operation(self, path: str, method: str) -> dict[str, Any]:
        """The operation a request of this method to this path's URLs is: its own, else one a path of the same shape
        declares (Mistral's `PATCH /v1/connectors/{connector_id}` beside `GET …/{connector_id_or_name}`, which OpenAPI
        forbids): no server can tell them apart, and that one is what answers."""
        found = ((self.document.get("paths") or {}).get(path) or {}).get(method.lower())
        if isinstance(found, dict):
            return found
        for item in same_shaped_paths(self.document, path).values():
            if isinstance(item.get(method.lower()), dict):
                return item[method.lower()]  # type: ignore[no-any-return]
        return {}

    def as_a_server_can_meet(self, schema: Any) -> Any:
        """The schema, with each `allOf` no value satisfies opened (`made_meetable`): the schema a server's
        answer is held to, since no answer could meet the one declared."""
        opened = self._opened.get_or_build((schema,), lambda: made_meetable(schema) or schema)
        return opened

    def responses(self, path: str, method: str) -> dict[str, Any]:
        return self.operation(path, method).get("responses") or {}

    def operation_by_id(self, operation_id: str) -> tuple[str, str] | None:
        for path, item in (self.document.get("paths") or {}).items():
            for method in HTTP_METHODS:
                operation = item.get(method) if isinstance(item, dict) else None
                if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                    return path, method
        return None

    def validation_errors(self, schema: Any, instance: Any) -> list[str]:
        # bounds compared as openapi-core compares them: Nomad's uint64 `maximum: 1.8446744073709552e+19` took
        # 18446744073709551999, and a server refusing it was reported for refusing a valid request; patterns read as
        # a server reads them: Komga's `^/[\w-/]*…`, which Python and schemathesis cannot read, refuses `""`
        validator = self._validators.get_or_build((schema,), lambda: plain_validator(schema))
        messages = []
        for error in validator.iter_errors(instance):
            location = "/" + "/".join(str(part) for part in error.instance_path)
            messages.append(f"{location}: {error.message}")
        return messages


def find_common_error_schema(document: dict[str, Any]) -> dict[str, Any] | None:
    """The API's error envelope, by the mock's own rule (mock.spec.error_style.common_error_schema)."""
    return common_error_schema(
        (str(status), json_schema_of(response))
        for item in (document.get("paths") or {}).values()
        if isinstance(item, dict)
        for method in HTTP_METHODS
        if isinstance(operation := item.get(method), dict)
        for status, response in (operation.get("responses") or {}).items()
    )


CANCELLED_STATUSES = {"cancelled", "canceled"}


def status_values(schema: Any) -> set[str]:
    """Values a schema allows for a top-level `status` property (through allOf/oneOf/anyOf too)."""
    if not isinstance(schema, dict):
        return set()
    values: set[str] = set()
    status = (schema.get("properties") or {}).get("status")
    if isinstance(status, dict):
        values.update(str(v) for v in status.get("enum") or [])
        if "const" in status:
            values.add(str(status["const"]))
    for keyword in ("allOf", "oneOf", "anyOf"):
        for member in schema.get(keyword) or []:
            values |= status_values(member)
    return values


def is_cancel_operation(document: dict[str, Any], path: str, method: str) -> bool:
    """A DELETE (or POST .../cancel) whose success response is a job that can say `cancelled`.

    Such a DELETE changes the job's state instead of removing it (AERIOX `DELETE /v1/jobs/{id}`).
    Deciding from the declared response keeps deletes of other resources that carry a status
    (a failed character, say) from being mistaken for cancellations.
    """
    method = method.lower()
    if not (method == "delete" or (method == "post" and path.rstrip("/").endswith("/cancel"))):
        return False
    operation = ((document.get("paths") or {}).get(path) or {}).get(method) or {}
    return any(
        str(code).startswith("2")
        and {value.lower() for value in status_values(json_schema_of(definition))} & CANCELLED_STATUSES
        for code, definition in (operation.get("responses") or {}).items()
    )


def operations_on_cancel_paths(document: dict[str, Any]) -> list[str]:
    """operationIds of reads on a path whose DELETE is a cancel: the resource outlives the DELETE."""
    ids = []
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict) or not is_cancel_operation(document, path, "delete"):
            continue
        for method in ("get", "head"):
            operation = item.get(method)
            if isinstance(operation, dict) and operation.get("operationId"):
                ids.append(operation["operationId"])
    return ids


def can_say_gone(responses: dict[str, Any]) -> bool:
    """Whether an operation declares an answer for a resource that is not there: 404, 410, 4XX or default."""
    return any(str(status).upper() in ("404", "410", "4XX", "DEFAULT") for status in responses)


# Methods that use a resource without making it again: schemathesis' use_after_free judges these after a DELETE
# (a repeated DELETE may succeed, RFC 9110 §9.2.2), and resource_lifecycle_conformance judges GET.
_USES_WITHOUT_MAKING = ("get", "head", "options", "patch")


def silent_on_gone(document: dict[str, Any]) -> list[str]:
    """`METHOD /path` of the item operations (a path parameter) that use a resource and declare no answer for
    one that is gone: after a delete, no answer there conforms (SendGrid's GET /alerts/{alert_id})."""
    found = []
    for path, item in (document.get("paths") or {}).items():
        for method in _USES_WITHOUT_MAKING if isinstance(item, dict) and "{" in path else ():
            operation = item.get(method)
            if isinstance(operation, dict) and not can_say_gone(operation.get("responses") or {}):
                found.append(f"{method.upper()} {path}")
    return found


def refusals_declared_beyond(document: dict[str, Any], known: Collection[str]) -> dict[tuple[str, ...], list[str]]:
    """`METHOD /path` of the operations, grouped by the 4xx statuses each declares that `known` leaves out (AWS's
    conversions declare `480` to `489`, one per exception shape, `ValidationException` among them; a `4XX` range is
    `4xx`): the spec's own answers for a request its server refuses."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for path, method, operation in raw_operations(document):
        declared = {str(status).lower() for status in operation.get("responses") or {}}
        extra = tuple(sorted(status for status in declared if status.startswith("4") and status not in known))
        if extra:
            groups.setdefault(extra, []).append(f"{method.upper()} {path}")
    return groups


def schemas_no_value_meets(document: dict[str, Any]) -> list[str]:
    """Where the document holds an `allOf` no value satisfies (`closed_part_conflict`), as JSON pointers, each
    object once (`objects_placed`: the first place a walk reaches it): Unkey's 400 details."""
    return sorted(pointer(trail) for node, trail in objects_placed(document) if unmeetable_as_written(node))


def reads_of_clearable_collections(document: dict[str, Any]) -> list[str]:
    """`METHOD /path` of the operations that use a collection (no path parameter at its end) beside a DELETE of it:
    a correct server cleared by `DELETE /messages` answers `GET /messages` with an empty list, not a 404."""
    found = []
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict) or "delete" not in item or ends_in_parameter(path):
            continue
        found += [f"{method.upper()} {path}" for method in _USES_WITHOUT_MAKING if isinstance(item.get(method), dict)]
    return found


_CACHE: IdentityCache[SpecFacts] = IdentityCache(serialise_builds=True)


def facts_for(raw_schema: dict[str, Any]) -> SpecFacts:
    """Facts for a document, computed once per document object (checks run for every response)."""

    def build() -> SpecFacts:
        document = resolve_local_refs(raw_schema)
        return SpecFacts(document=document, common_error_schema=find_common_error_schema(document))

    return _CACHE.get_or_build((raw_schema,), build)


def token_operation_ids(document: dict[str, Any]) -> list[str]:
    """operationIds of the POST operations that are the `tokenUrl` of an oauth2 flow the document declares."""
    posts = [
        (str(path), str(item["post"]["operationId"]))
        for path, item in (document.get("paths") or {}).items()
        if isinstance(item, dict) and isinstance(item.get("post"), dict) and item["post"].get("operationId")
    ]
    found = (endpoint_for(url, posts) for url in token_urls(document))
    return list(dict.fromkeys(operation_id for operation_id in found if operation_id is not None))


def tokens_without_refusal(document: dict[str, Any]) -> list[str]:
    """`METHOD /path` of the token endpoints that declare no answer to refuse a grant with (`mock.spec.oauth.
    grant_refusal`: Square's `POST /oauth2/token`, 200 alone): the spec allows only a token there, even for a code
    no one issued, and a server that gives one conforms (the mock does)."""
    facts = facts_for(document)
    found = []
    for operation_id in token_operation_ids(document):
        place = facts.operation_by_id(operation_id)
        if place is not None and grant_refusal(facts.responses(*place)) is None:
            found.append(f"{place[1].upper()} {place[0]}")
    return found


# How many schemas a walk of one operation's parameters and request body may visit before schemathesis is not given
# the operation. Its phases walk a schema as a tree, and the largest request schemas of GitHub's, OpenAI's and
# Anthropic's specs walk 188, 2,604 and 1,874; HubSpot's list filters and workflow actions walk over a million. On
# those its examples phase ran over 4 minutes without sending a request, its coverage phase took 2.6 s a request,
# and its fuzzing phase over 8 minutes without one, each past `--max-time`, which the engine reads between requests.
SCHEMA_WALK_BUDGET = 20_000

_SUBSCHEMA_MAPS = ("properties", "patternProperties")
_SUBSCHEMA = ("items", "additionalProperties", "not")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


def schema_walk_size(schema: Any, budget: int = SCHEMA_WALK_BUDGET) -> int:
    """How many schemas a walk of `schema` as a tree visits, counted up to `budget + 1`: schemathesis walks each path
    through a schema's parts, so a part held by several others (HubSpot's filter branches, each holding filters and
    branches again) is walked once per path to it. `schema` is a resolved document's, whose
    shared parts are shared objects and whose cycles are cut (`spec_facts.resolve_local_refs`)."""
    count = 0
    stack = [schema]
    while stack and count <= budget:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        count += 1
        for key in _SUBSCHEMA_MAPS:
            if isinstance(node.get(key), dict):
                stack.extend(node[key].values())
        stack.extend(node[key] for key in _SUBSCHEMA if isinstance(node.get(key), dict))
        for key in _SUBSCHEMA_LISTS:
            if isinstance(node.get(key), list):
                stack.extend(node[key])
    return count


def declaring_no_answer(document: dict[str, Any]) -> list[str]:
    """The operations ("METHOD /path") that declare no response at all (Vimeo's `GET /tutorial`, `responses: {}`):
    no status an answer has is documented, so none can be held to one."""
    return [
        f"{method.upper()} {path}"
        for path, method, operation in raw_operations(document)
        if not operation.get("responses")
    ]


def switching_protocols(document: dict[str, Any]) -> list[str]:
    """The operations ("METHOD /path") that answer only by switching protocols (`model.switches_protocols`): a plain
    HTTP request, all the engine sends, can show nothing of them; a real server refuses it (426, 400, 404)."""
    return [
        f"{method.upper()} {path}"
        for path, method, operation in raw_operations(document)
        if isinstance(operation.get("responses"), dict) and switches_protocols(operation["responses"])
    ]


def too_large_to_generate(document: dict[str, Any], budget: int = SCHEMA_WALK_BUDGET) -> list[str]:
    """The operations ("METHOD /path") of a resolved document whose parameters and request bodies walk over `budget`
    schemas."""
    labels = []
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            parameters = [*(item.get("parameters") or []), *(operation.get("parameters") or [])]
            schemas = [parameter.get("schema") for parameter in parameters if isinstance(parameter, dict)]
            body = operation.get("requestBody")
            content = (body.get("content") if isinstance(body, dict) else None) or {}
            schemas += [media.get("schema") for media in content.values() if isinstance(media, dict)]
            left = budget
            for schema in schemas:
                left -= schema_walk_size(schema, left)
                if left < 0:
                    labels.append(f"{method.upper()} {path}")
                    break
    return labels
