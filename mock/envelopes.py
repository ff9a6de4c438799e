"""The one place that renders a Problem in an API's own error envelope.

There is no renderer per API: the envelope is read off the error schema the spec declares,
and each property is filled by the role its name gives it (`code`, `message`, `parameter`,
`errors[]`, `details`…). AERIOX's `{"error": {...}}`, Runware's `{"errors": [...]}`,
Runflow's `{"code", "message", "errors"}`, FastAPI's `{"detail": [...]}` and useapi's
`{"error", "code"}` all come out of the same walk.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from mock.fake_data import fake_value
from mock.field_rules import SUCCESS_FLAGS
from mock.problems import Problem, Violation
from mock.schema_validation import folded, is_valid
from mock.spec.error_style import CODE_NAMES, HOLDER_NAMES, STATUS_NAMES
from mock.spec.model import ErrorStyle, Schema
from mock.spec.names import spelling_key
from mock.spec.schemas import primary_type


def spell_code(code: str, style: ErrorStyle) -> str:
    words = [w for w in re.split(r"[_\s]+", code) if w]
    if style.case == "camel":
        return words[0].lower() + "".join(w.capitalize() for w in words[1:])
    if style.case == "upper":
        return "_".join(w.upper() for w in words)
    return "_".join(w.lower() for w in words)


# The message goes to the first of these the envelope has; the others get a short reason, or nothing.
MESSAGE_PRIORITY = (
    *("message", "error_message", "detail", "error_description", "description", "msg", "error_msg", "reason"),
    "issue",  # Telstra's `{code, field, issue, location}`: "the reason for the error"
    *("title", "display_message", "error"),  # Plaid's `display_message`: a reason a user may be shown
    "error_summary",  # Okta's `{errorCode, errorSummary, errorCauses: [{errorSummary}]}`
)
MESSAGE_NAMES = frozenset(MESSAGE_PRIORITY)
# The same names in every spelling (`errorDescription`, gotify's, is `error_description`): compared by spelling_key.
_MESSAGE_KEYS = tuple(spelling_key(name) for name in MESSAGE_PRIORITY)
FIELD_NAMES = {"parameter", "field", "param", "pointer", "path", "property", "location"}
LIST_NAMES = {"errors", "detail", "details", "violations", "issues", "problems", "errorcauses", "error_causes"}
URL_NAME = re.compile(r"(^|_)(url|uri|href|link)$|[a-z](Url|Uri)$|^documentation$", re.IGNORECASE)
TIME_NAMES = {"timestamp", "time", "date", "occurred_at", "created_at"}
REQUEST_ID_NAME = re.compile(r"^(request|trace|correlation)_?id$", re.IGNORECASE)

REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

# What kind of failure a problem is, and the words an enum value for it contains, best first.
CATEGORY_WORDS = {
    "validation": ("validation", "invalidrequest", "invalidparam", "badrequest", "unprocessable", "invalid", "param"),
    "auth": ("authentication", "unauthenticated", "unauthorized", "apikey", "auth", "permission", "forbidden"),
    "not_found": ("notfound", "resourcemissing", "nosuch", "missing", "unknown"),
    "rate_limit": ("ratelimit", "toomany", "throttl", "quota", "limit"),
    "payment": ("insufficient", "funds", "payment", "balance", "card", "billing"),
    "conflict": ("conflict", "duplicate", "alreadyexists", "exists", "idempotency"),
    "method": ("methodnotallowed", "method"),
    "media_type": ("unsupportedmedia", "mediatype", "contenttype"),
    "too_large": ("toolarge", "size"),
    "server": ("internal", "server", "apierror", "unavailable", "api"),
}
CLIENT_FALLBACK = ("invalidrequest", "request", "client", "invalid", "error")
SERVER_FALLBACK = ("server", "internal", "api", "error")


def category(problem: Problem) -> str:
    code = problem.code
    if "api_key" in code or code in ("unauthorized", "forbidden") or problem.status in (401, 403):
        return "auth"
    by_status = {404: "not_found", 405: "method", 409: "conflict", 413: "too_large", 415: "media_type"}
    if problem.status in by_status:
        return by_status[problem.status]
    if problem.status == 429 or "rate" in code:
        return "rate_limit"
    if problem.status == 402 or "funds" in code:
        return "payment"
    if problem.status >= 500:
        return "server"
    return "validation"


def pick_by_meaning(problem: Problem, choices: list[Any], style: ErrorStyle) -> Any:
    """The enum value that names this kind of failure: chosen by its words, never at random."""
    strings = [c for c in choices if isinstance(c, str)]
    if not strings:
        return choices[0] if choices else None
    flat = {c: spelling_key(c) for c in strings}
    exact = spelling_key(problem.code)
    for choice, words in flat.items():
        if words == exact:
            return choice
    subject = spelling_key(problem.subject.rsplit(" ", 1)[-1]) if problem.subject else ""
    for word in CATEGORY_WORDS[category(problem)] if subject else ():
        for choice in strings:  # Meilisearch's `task_not_found` for a task, not its first `index_not_found`
            if word in flat[choice] and subject in flat[choice]:
                return choice
    fallback = SERVER_FALLBACK if problem.status >= 500 else CLIENT_FALLBACK
    for word in CATEGORY_WORDS[category(problem)] + fallback:
        for choice in strings:
            if word in flat[choice]:
                return choice
    return strings[0]


def render_error(problem: Problem, schema: Schema | None, style: ErrorStyle) -> Any:
    if not schema:
        return {"error": {"code": spell_code(problem.code, style), "message": problem.message}}
    body = _render(schema, problem, None, style, "")
    if is_valid(schema, body):
        return body
    # The envelope has constraints the roles did not meet (an enum, a const, a closed `details`): keep what fits,
    # inside the object that holds the error too (Kratos' `{error: {…}}`), so one field's misfit does not give the
    # spec's example error ("404 The resource could not be found") for a 405.
    fallback = fake_value(schema, seed=problem.status)
    if not is_valid(schema, fallback):
        # nothing meets the schema (Unkey's closed allOf part beside one requiring `errors`): the truth, not an
        # example's "Property foo is required" with a 404 status in a 400
        return body
    if isinstance(body, dict) and isinstance(fallback, dict):
        return _what_fits(body, fallback, lambda candidate: is_valid(schema, candidate))
    return fallback


def _what_fits(body: dict[str, Any], fallback: dict[str, Any], fits: Callable[[Any], bool]) -> dict[str, Any]:
    """`fallback` with each of `body`'s fields that keeps it valid (`fits` judges the whole envelope), an object's
    own fields one by one where the whole object does not fit."""
    kept = dict(fallback)
    for key, value in body.items():
        if fits({**kept, key: value}):
            kept[key] = value
        elif isinstance(value, dict) and isinstance(kept.get(key), dict):
            kept[key] = _what_fits(value, kept[key], _fits_at(fits, kept, key))
    return kept


def _fits_at(fits: Callable[[Any], bool], around: dict[str, Any], key: str) -> Callable[[Any], bool]:
    """`fits` for a value at `key` of `around`."""
    return lambda inner: fits({**around, key: inner})


def _render(schema: Schema, problem: Problem, violation: Violation | None, style: ErrorStyle, name: str) -> Any:
    schema = folded(schema)
    options = schema.get("oneOf") or schema.get("anyOf")
    if options:
        non_null = [o for o in options if o.get("type") != "null"]
        schema = non_null[0] if non_null else options[0]
    kind = primary_type(schema)
    if kind == "object":
        return _render_object(schema, problem, violation, style)
    if kind == "array":
        items = schema.get("items") or {}
        if name == "loc":
            return _location(violation)
        violations: list[Violation | None] = [violation] if violation else [*problem.violations] or [None]
        rendered = [_render(items, problem, v, style, name) for v in violations[:20]]
        unique = [v for i, v in enumerate(rendered) if v not in rendered[:i]]  # no message twice
        return unique
    if kind == "integer":
        return problem.status
    if kind == "string":
        value = _string_role(name, problem, violation, style)
        if "enum" not in schema or value in schema["enum"]:
            return value
        place = _place_named(schema, violation) if name.lower() == "location" else None
        return place if place is not None else pick_by_meaning(problem, list(schema["enum"]), style)
    return fake_value(schema, seed=problem.status, name=name)


def _render_object(schema: Schema, problem: Problem, violation: Violation | None, style: ErrorStyle) -> dict[str, Any]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    spelled: dict[str, str] = {}
    for prop in properties:
        spelled.setdefault(spelling_key(prop), prop)  # Xero's `Message`: the roles go by the name, however spelled
    message_key = next(
        (spelled[k] for k in _MESSAGE_KEYS if k in spelled and primary_type(properties[spelled[k]]) == "string"),
        None,
    )
    # With no message field and no object holding the error, the list of errors is where the message goes, even
    # where it is optional (Linode's `{errors: [{field, reason}]}` said `{}` for a 404 and a 405).
    list_holds_message = message_key is None and not (HOLDER_NAMES & spelled.keys())
    body: dict[str, Any] = {}
    for prop, sub in properties.items():
        lowered = prop.lower()
        needed = prop in required
        if lowered in ("details", "ctx") and primary_type(sub) == "object":
            if problem.details or problem.violations or needed:
                details = _details(problem)
                named = sub.get("properties") or {}  # a closed `details` (Kratos'): only the fields it names
                body[prop] = details if is_valid(sub, details) else {k: v for k, v in details.items() if k in named}
            continue
        if lowered == "tasktype" and (problem.task_type is not None or needed):
            body[prop] = problem.task_type or ""
            continue
        if lowered == "taskuuid" and (problem.task_uuid is not None or needed):
            body[prop] = problem.task_uuid or ""
            continue
        if lowered in FIELD_NAMES and (_field(problem, violation) or needed):
            if lowered == "location" and not needed and _place_unsayable(folded(sub), violation):
                continue  # Telstra's `location` offers body, path or query: a header's would be misreported
            body[prop] = _render(sub, problem, violation, style, prop)
            continue
        if (
            lowered in LIST_NAMES
            and primary_type(sub) == "array"
            and (problem.violations or needed or list_holds_message)
        ):
            body[prop] = _render(sub, problem, violation, style, prop)
            continue
        if prop == message_key:
            body[prop] = _render(sub, problem, violation, style, "message")
            continue
        value = _by_role(prop, sub, problem, violation, style, needed, message_key)
        if value is not _OMIT:
            body[prop] = value
    asked_for = schema.get("additionalProperties")
    if properties and asked_for not in (None, False) and any(v.field for v in problem.violations):
        # Named fields, and any others beside them (Django REST's `{"username": ["This field is required."]}` beside
        # `non_field_errors`): one entry per offending field, a list of its messages where the schema says nothing
        entry = (
            asked_for if isinstance(asked_for, dict) and asked_for else {"type": "array", "items": {"type": "string"}}
        )
        for name, value in _by_field(entry, problem, style).items():
            body.setdefault(name, value)
    if not properties:
        extra = schema.get("additionalProperties", True)
        if isinstance(extra, dict) and extra:
            # A map of field -> messages (Rails, RealWorld): one entry per offending field.
            body = _by_field(extra, problem, style)
        elif extra is not False:
            body = {
                "field": _field(problem, violation),
                "message": violation.describe() if violation else problem.message,
            }
    return body


_OMIT = object()


def _by_role(
    prop: str,
    sub: Schema,
    problem: Problem,
    violation: Violation | None,
    style: ErrorStyle,
    needed: bool,
    message_key: str | None,
) -> Any:
    """A property that is not the message, the field or the violations: filled by what its name means."""
    lowered = prop.lower()
    kind = primary_type(sub)
    if lowered == "id" and kind == "string" and _shown_as_a_code(sub):
        return _code(sub, problem, style)  # DigitalOcean's `"id": "not_found"`, "corresponding to the HTTP status"
    if lowered in CODE_NAMES and kind in ("string", ""):
        if sub.get("format") in ("uri", "uri-reference"):
            return "about:blank"  # problem+json: no type URI beyond the status
        return _code(sub, problem, style)
    if lowered in SUCCESS_FLAGS and kind == "boolean":
        return False  # Slack's `ok`, `success`: a refusal did not succeed
    if lowered in STATUS_NAMES or (kind == "integer" and lowered in CODE_NAMES):
        return _fit(sub, problem.status if kind in ("integer", "number") else str(problem.status), problem, style)
    if lowered == "error" and kind == "string":
        # Beside a description (OAuth) `error` is the code, unless the spec shows it a reason phrase (gotify's
        # "Unauthorized" beside its `errorDescription`); beside a message (Spring) the reason.
        beside_description = spelling_key(message_key or "") == "errordescription"
        return _code(sub, problem, style) if beside_description and not _shown_as_a_reason(sub) else _reason(problem)
    if spelling_key(prop) in _MESSAGE_KEYS and kind == "string":
        return _reason(problem) if needed or lowered == "title" else _OMIT
    if URL_NAME.search(prop) and kind in ("string", ""):
        return _fit(sub, f"https://example.com/docs/errors#{spell_code(problem.code, style)}", problem, style)
    if lowered in HOLDER_NAMES and kind in ("object", "array"):
        # the error itself, or the list of them (Weaviate's `{"error": [{"message": …}]}` said `{}`)
        return _render(sub, problem, violation, style, prop)
    if not needed:
        return _OMIT
    if lowered in TIME_NAMES and kind == "string":
        return fake_value(sub, seed=problem.status, name="created_at")
    if kind in ("integer", "number"):
        return _fit(sub, problem.status, problem, style)
    if kind in ("object", "array"):
        return _render(sub, problem, violation, style, prop)
    return fake_value(sub, seed=problem.status, name=prop)


def error_headers(headers: dict[str, Schema], problem: Problem, style: ErrorStyle) -> dict[str, str]:
    """Declared error headers that carry the problem, filled with it: Gitea's bodiless `validationError` declares
    its message and a documentation URL as headers (`message`, `url`), which otherwise held made-up text."""
    found: dict[str, str] = {}
    for name, sub in headers.items():
        lowered = name.lower().replace("-", "_")  # `x-error-code` is spelled as a field `x_error_code` is
        role = lowered.removeprefix("x_").removeprefix("error_") or lowered
        if primary_type(sub) not in ("string", ""):
            continue
        if role in MESSAGE_NAMES or role in CODE_NAMES or role in FIELD_NAMES:
            found[name] = _string_role(role, problem, None, style)
        elif URL_NAME.search(lowered):
            found[name] = f"https://example.com/docs/errors#{spell_code(problem.code, style)}"
    return found


def _fit(sub: Schema, value: Any, problem: Problem, style: ErrorStyle) -> Any:
    if is_valid(sub, value):
        return value
    if sub.get("enum"):
        return pick_by_meaning(problem, list(sub["enum"]), style)
    return fake_value(sub, seed=problem.status)


def _code(sub: Schema, problem: Problem, style: ErrorStyle) -> Any:
    if sub.get("enum"):
        return pick_by_meaning(problem, list(sub["enum"]), style)
    if "const" in sub:
        return sub["const"]
    return spell_code(problem.code, style)


def _reason(problem: Problem) -> str:
    return REASONS.get(problem.status, problem.code.replace("_", " ").capitalize())


def _by_field(entry: Schema, problem: Problem, style: ErrorStyle) -> dict[str, Any]:
    grouped: dict[str, list[Violation]] = {}
    for violation in problem.violations:
        grouped.setdefault(violation.field.rsplit(".", 1)[-1] or violation.location, []).append(violation)
    if not grouped:
        return {"body": _render(entry, problem, None, style, "message")}
    out = {}
    for name, found in grouped.items():
        problem_here = dataclasses.replace(problem, violations=tuple(found))
        out[name] = _render(entry, problem_here, found[0] if len(found) == 1 else None, style, "message")
    return out


_WORD_CODE = re.compile(r"^[A-Za-z]+([_.-][A-Za-z]+)*$")


def _shown_as_a_reason(schema: Schema) -> bool:
    """Whether the spec's example of a field is an HTTP reason phrase (`Unauthorized`, `Not Found`)."""
    examples = [schema.get("example"), *(schema.get("examples") or [])]
    return any(example in _REASON_PHRASES for example in examples if isinstance(example, str))


_REASON_PHRASES = frozenset(REASONS.values())


def _shown_as_a_code(schema: Schema) -> bool:
    """Whether an error's `id` is its code, as the spec's example shows it (`not_found`), not an identifier of this
    occurrence (Kratos' error id is a uuid)."""
    examples = [schema.get("example"), *(schema.get("examples") or [])]
    return "format" not in schema and any(isinstance(e, str) and _WORD_CODE.match(e) for e in examples)


def _string_role(name: str, problem: Problem, violation: Violation | None, style: ErrorStyle) -> str:
    lowered = name.lower()
    if lowered in CODE_NAMES:
        return spell_code(problem.code, style)
    if lowered == "location" and violation is not None:
        return ".".join(_location(violation))  # where in the request, as Unkey writes it: `body.permissions`
    if lowered in FIELD_NAMES:
        return _field(problem, violation)
    if lowered == "tasktype":
        return problem.task_type or ""
    if lowered == "taskuuid":
        return problem.task_uuid or ""
    return violation.describe() if violation else problem.message


def _field(problem: Problem, violation: Violation | None) -> str:
    if violation is not None:
        return violation.field or problem.field
    return problem.field


def _place_unsayable(schema: Schema, violation: Violation | None) -> bool:
    """Whether a `location` field's enum names places and none for where the violation is."""
    return isinstance(schema.get("enum"), list) and violation is not None and _place_named(schema, violation) is None


def _place_named(schema: Schema, violation: Violation | None) -> str | None:
    """Where the violation is, as a `location` field's enum names it: the whole place (`body.permissions`) or the
    place alone (`body`, `query`); None where the enum names neither (a header, to Telstra's), or there is no enum."""
    enum = schema.get("enum")
    if not isinstance(enum, list) or violation is None:
        return None
    return next((place for place in (".".join(_location(violation)), violation.location) if place in enum), None)


def _location(violation: Violation | None) -> list[str]:
    if violation is None:
        return ["body"]
    parts = [p for p in violation.field.split(".") if p]
    return [violation.location, *parts]


def _details(problem: Problem) -> dict[str, Any]:
    details: dict[str, Any] = dict(problem.details)
    if problem.field:
        details.setdefault("field", problem.field)
    if problem.violations:
        details.setdefault(
            "violations",
            [{"location": v.location, "field": v.field, "message": v.message} for v in problem.violations],
        )
    return details
