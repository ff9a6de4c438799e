"""Error envelopes tell the truth: the real message and parameter, enum values chosen by meaning, nothing twice."""

from __future__ import annotations

import jsonschema
import pytest

from mock.envelopes import pick_by_meaning, render_error
from mock.problems import Problem, Violation, ViolationKind
from mock.spec.model import ErrorStyle

SNAKE = ErrorStyle("snake")
STRIPE_TYPES = ["api_error", "card_error", "idempotency_error", "invalid_request_error"]
STRIPE = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"type": "string", "enum": STRIPE_TYPES},
                "code": {"type": "string"},
                "decline_code": {"type": "string"},
                "doc_url": {"type": "string"},
                "message": {"type": "string"},
                "param": {"type": "string"},
                "charge": {"type": "string"},
                "payment_intent": {"type": "object", "properties": {"id": {"type": "string"}}},
            },
        }
    },
}
BAD_LIMIT = Problem(
    400,
    "invalid_request",
    "Invalid request: query limit: 0 is less than the minimum of 1",
    field="limit",
    violations=(Violation("query", "limit", "0 is less than the minimum of 1"),),
)


def test_stripe_like_validation_error_carries_message_param_and_type():
    body = render_error(BAD_LIMIT, STRIPE, SNAKE)
    jsonschema.validate(body, STRIPE)
    error = body["error"]
    assert error["type"] == "invalid_request_error"
    assert error["param"] == "limit"
    assert error["message"] == BAD_LIMIT.message
    assert error["code"] == "invalid_request"
    assert error["doc_url"].startswith("https://")
    assert set(error) == {"type", "code", "doc_url", "message", "param"}


@pytest.mark.parametrize(
    "problem,choices,expected",
    [
        (
            Problem(401, "invalid_api_key", "bad key"),
            ["validation_error", "authentication_error", "rate_limit_error"],
            "authentication_error",
        ),
        (Problem(404, "not_found", "no such thing"), ["invalid_request", "not_found", "server_error"], "not_found"),
        (
            Problem(429, "rate_limited", "slow down"),
            ["validation_error", "rate_limit_error", "api_error"],
            "rate_limit_error",
        ),
        (BAD_LIMIT, ["rate_limit_error", "validation_error", "authentication_error"], "validation_error"),
        (Problem(500, "internal_error", "oops"), STRIPE_TYPES, "api_error"),
        (Problem(401, "missing_api_key", "no key"), STRIPE_TYPES, "invalid_request_error"),
        (Problem(402, "insufficient_funds", "broke"), ["INVALID_REQUEST", "INSUFFICIENT_FUNDS"], "INSUFFICIENT_FUNDS"),
    ],
)
def test_enum_values_are_chosen_by_meaning(problem, choices, expected):
    assert pick_by_meaning(problem, choices, SNAKE) == expected
    assert pick_by_meaning(problem, list(reversed(choices)), SNAKE) == expected


def test_a_code_naming_what_is_missing_is_chosen_over_another_of_its_kind():
    # Meilisearch's codes: a task not found was `api_key_not_found`, the first not-found code of its enum
    codes = ["index_not_found", "api_key_not_found", "task_not_found", "index_already_exists", "invalid_request"]
    missing_task = Problem(404, "not_found", "No task with id 7 exists", subject="task")
    assert pick_by_meaning(missing_task, codes, SNAKE) == "task_not_found"
    missing_key = Problem(404, "not_found", "No key with id k exists", subject="key")
    assert pick_by_meaning(missing_key, codes, SNAKE) == "api_key_not_found"
    taken = Problem(409, "conflict", "An index with uid movies already exists", subject="index")
    assert pick_by_meaning(taken, codes, SNAKE) == "index_already_exists"
    unnamed = Problem(404, "not_found", "No batch with id 3 exists", subject="batch")
    assert pick_by_meaning(unnamed, codes, SNAKE) == "index_not_found"  # none names it: the first of the kind


def test_a_field_map_of_messages_says_each_message_once():
    schema = {
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
        },
    }
    problem = Problem(
        422,
        "invalid_request",
        "Invalid request: two things",
        violations=(
            Violation("body", "user.email", "email is required"),
            Violation("body", "user.username", "username is required"),
        ),
    )
    body = render_error(problem, schema, SNAKE)
    assert body == {
        "errors": {"email": ["body user.email is required"], "username": ["body user.username is required"]}
    }


def test_github_like_error_puts_urls_in_url_fields_and_the_status_in_status():
    schema = {
        "type": "object",
        "properties": {
            "message": {"type": "string"},
            "documentation_url": {"type": "string"},
            "url": {"type": "string"},
            "status": {"type": "string"},
        },
    }
    problem = Problem(404, "not_found", "No operation matches the path /nope")
    body = render_error(problem, schema, SNAKE)
    assert body["message"] == problem.message and body["status"] == "404"
    assert body["documentation_url"].startswith("https://") and body["url"].startswith("https://")
    assert list(body.values()).count(problem.message) == 1


def test_problem_json_gets_a_title_a_detail_and_the_status():
    schema = {
        "type": "object",
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
        },
    }
    body = render_error(BAD_LIMIT, schema, SNAKE)
    assert body == {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": BAD_LIMIT.message}


def test_oauth_error_is_a_code_with_a_description():
    schema = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
    }
    body = render_error(Problem(401, "invalid_api_key", "invalid API key: token rejected"), schema, SNAKE)
    assert body == {"error": "invalid_api_key", "error_description": "invalid API key: token rejected"}


def test_an_optional_error_object_is_the_envelope_and_is_filled():
    # PagerDuty's errors: `{error: {code, message, errors}}`, none of it required and all of it readOnly; the
    # answer to a bad request was `{}`, which says nothing
    pagerduty = {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "integer", "readOnly": True},
                    "message": {"type": "string", "readOnly": True},
                    "errors": {"type": "array", "readOnly": True, "items": {"type": "string"}},
                },
            }
        },
    }
    body = render_error(BAD_LIMIT, pagerduty, SNAKE)
    jsonschema.validate(body, pagerduty)
    assert body["error"]["message"] == BAD_LIMIT.message and body["error"]["code"] == 400
    assert body["error"]["errors"] == ["query limit: 0 is less than the minimum of 1"]


NOT_FOUND = Problem(404, "not_found", "No thing with id 999")


def test_an_optional_list_of_errors_carries_a_problem_without_violations():
    # Linode's envelope is `{errors: [{field, reason}]}`, nothing required: a 404 and a 405 were `{}`
    linode = {
        "type": "object",
        "properties": {
            "errors": {
                "type": "array",
                "items": {"type": "object", "properties": {"field": {"type": "string"}, "reason": {"type": "string"}}},
            }
        },
    }
    body = render_error(NOT_FOUND, linode, SNAKE)
    jsonschema.validate(body, linode)
    assert body == {"errors": [{"reason": "No thing with id 999"}]}
    # beside a message of its own, an optional list stays for the violations
    with_message = {"type": "object", "properties": {**linode["properties"], "message": {"type": "string"}}}
    assert render_error(NOT_FOUND, with_message, SNAKE) == {"message": "No thing with id 999"}


def test_an_error_field_holding_a_list_of_errors_carries_the_messages():
    # Weaviate's `{"error": [{"message": …}]}`, nothing required: every refusal said `{}`
    weaviate = {
        "type": "object",
        "properties": {
            "error": {"type": "array", "items": {"type": "object", "properties": {"message": {"type": "string"}}}}
        },
    }
    assert render_error(NOT_FOUND, weaviate, SNAKE) == {"error": [{"message": "No thing with id 999"}]}
    body = render_error(BAD_LIMIT, weaviate, SNAKE)
    jsonschema.validate(body, weaviate)
    assert body["error"] == [{"message": "query limit: 0 is less than the minimum of 1"}]


def test_an_envelope_no_value_satisfies_says_what_happened_not_an_example():
    # Unkey's 400: `{meta, error: allOf[closed base, {required: [errors]}]}` admits no value; its refusals were the
    # base's examples ("Property foo is required but is missing.", status 404) for every 400
    base = {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "detail", "status"],
        "properties": {
            "title": {"type": "string", "example": "Not Found"},
            "detail": {"type": "string", "example": "Property foo is required but is missing."},
            "status": {"type": "integer", "example": 404},
        },
    }
    item = {"type": "object", "properties": {"location": {"type": "string"}, "message": {"type": "string"}}}
    errors = {"type": "object", "required": ["errors"], "properties": {"errors": {"type": "array", "items": item}}}
    unkey = {"type": "object", "required": ["error"], "properties": {"error": {"allOf": [base, errors]}}}
    error = render_error(BAD_LIMIT, unkey, SNAKE)["error"]
    assert error["status"] == 400 and "Property foo" not in error["detail"]
    assert error["errors"] == [{"location": "query.limit", "message": "query limit: 0 is less than the minimum of 1"}]


def test_okta_s_summary_is_the_message_and_its_causes_the_violations():
    # Okta's `{errorCode, errorSummary, errorLink, errorId, errorCauses: [{errorSummary}]}`: a refusal said only
    # `{"errorCode": "conflict"}`
    cause = {"type": "object", "properties": {"errorSummary": {"type": "string"}}}
    okta = {
        "type": "object",
        "properties": {
            "errorCauses": {"type": "array", "items": cause},
            "errorCode": {"type": "string"},
            "errorSummary": {"type": "string"},
        },
    }
    body = render_error(BAD_LIMIT, okta, SNAKE)
    assert body["errorSummary"] == BAD_LIMIT.message
    assert body["errorCauses"] == [{"errorSummary": "query limit: 0 is less than the minimum of 1"}]


def test_the_message_goes_to_a_message_field_spelled_in_any_case():
    # Xero's `{ErrorNumber, Type, Message}`: `Message` was not taken for the message, and bad requests said
    # `{"Type": "invalidRequest"}` with no reason
    xero = {
        "type": "object",
        "properties": {"ErrorNumber": {"type": "integer"}, "Type": {"type": "string"}, "Message": {"type": "string"}},
    }
    body = render_error(NOT_FOUND, xero, SNAKE)
    assert body["Message"] == "No thing with id 999" and body["Type"] == "not_found"


KRATOS_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message"],
            "properties": {
                "code": {"type": "integer", "example": 404},
                "message": {"type": "string", "example": "The resource could not be found"},
                "reason": {"type": "string", "example": "User with ID 1234 does not exist."},
                "details": {"type": "object", "additionalProperties": False},
                "status": {"type": "string", "pattern": "^[A-Z]"},
            },
        }
    },
}


def test_an_error_field_the_problem_cannot_fill_is_left_out_not_the_whole_error_replaced_by_the_example():
    # Kratos' `details` admits no keys: the 405's allowed methods made the body invalid, and the whole error fell
    # back to the spec's example ("404", "The resource could not be found") for a 401, a 405 or a 415
    problem = Problem(405, "method_not_allowed", "PUT is not allowed on /sessions/whoami; allowed: GET")
    problem = Problem(405, problem.code, problem.message, details={"allowed_methods": ["GET"]})
    body = render_error(problem, KRATOS_ERROR, SNAKE)
    jsonschema.validate(body, KRATOS_ERROR)
    assert body["error"]["message"] == problem.message
    assert body["error"]["code"] == 405
    assert "could not be found" not in str(body)


DIGITALOCEAN_ERROR = {
    "type": "object",
    "required": ["id", "message"],
    "properties": {
        "id": {
            "type": "string",
            "description": "A short identifier corresponding to the HTTP status code returned.",
            "example": "not_found",
        },
        "message": {"type": "string", "example": "The resource you were accessing could not be found."},
        "request_id": {"type": "string"},
    },
}


def test_an_id_the_spec_shows_as_a_word_code_is_the_errors_code():
    # DigitalOcean's every error said `"id": "not_found"`, the example, whatever the status
    body = render_error(Problem(401, "unauthorized", "missing credentials"), DIGITALOCEAN_ERROR, SNAKE)
    assert body["id"] == "unauthorized" and body["message"] == "missing credentials"
    uuid_id = {
        **DIGITALOCEAN_ERROR,
        "properties": {**DIGITALOCEAN_ERROR["properties"], "id": {"type": "string", "format": "uuid"}},
    }
    assert render_error(Problem(401, "unauthorized", "missing credentials"), uuid_id, SNAKE)["id"] != "unauthorized"


DRF_VALIDATION_ERROR = {  # drf-spectacular's (authentik's): named fields, and every request field beside them
    "type": "object",
    "properties": {"non_field_errors": {"type": "array", "items": {"type": "string"}}, "code": {"type": "string"}},
    "additionalProperties": {},
}


def test_an_envelope_open_to_more_fields_names_each_offending_field_as_django_rest_does():
    # authentik's 400 said only {"code": "invalid_request"}: Django REST answers {"username": ["…required."]}
    problem = Problem(
        400,
        "invalid_request",
        "Invalid request: body username is required; body is_active: 'x' is not of type 'boolean'",
        field="username",
        violations=(
            Violation("body", "username", "is required"),
            Violation("body", "is_active", "'x' is not of type 'boolean'"),
        ),
    )
    body = render_error(problem, DRF_VALIDATION_ERROR, SNAKE)
    jsonschema.validate(body, DRF_VALIDATION_ERROR)
    assert body["code"] == "invalid_request"
    assert len(body["username"]) == 1 and "required" in body["username"][0]
    assert len(body["is_active"]) == 1 and "boolean" in body["is_active"][0]
    closed = {**DRF_VALIDATION_ERROR, "additionalProperties": False}
    assert set(render_error(problem, closed, SNAKE)) <= {"non_field_errors", "code"}
    plain = {k: v for k, v in DRF_VALIDATION_ERROR.items() if k != "additionalProperties"}
    assert set(render_error(problem, plain, SNAKE)) <= {"non_field_errors", "code"}  # open by default: not asked


GOTIFY = {
    "type": "object",
    "required": ["error", "errorCode", "errorDescription"],
    "properties": {
        "error": {"type": "string", "example": "Unauthorized"},
        "errorCode": {"type": "integer", "format": "int64", "example": 401},
        "errorDescription": {
            "type": "string",
            "example": "you need to provide a valid access token or user credentials to access this api",
        },
    },
}


def test_a_camel_case_error_description_holds_the_message_and_error_its_reason_as_shown():
    # gotify's envelope: its `errorDescription` held the example's text about tokens for every error
    body = render_error(BAD_LIMIT, GOTIFY, ErrorStyle("camel"))
    assert body == {"error": "Bad Request", "errorCode": 400, "errorDescription": BAD_LIMIT.message}
    # an OAuth-style `error` beside its description, shown as a code, stays the code
    oauth = {**GOTIFY, "properties": {**GOTIFY["properties"], "error": {"type": "string", "example": "invalid_grant"}}}
    assert render_error(BAD_LIMIT, oauth, ErrorStyle("camel"))["error"] != "Bad Request"


def test_the_message_goes_to_an_error_message_field_and_a_display_message_gets_the_reason():
    # Plaid's `{error_type, error_code, error_message, display_message}`: the message went nowhere, and both fields
    # held made-up words ("begin")
    plaid = {
        "type": "object",
        "required": ["error_type", "error_code", "error_message", "display_message"],
        "properties": {
            "error_type": {"type": "string"},
            "error_code": {"type": "string"},
            "error_message": {"type": "string"},
            "display_message": {"type": "string", "nullable": True},
        },
    }
    body = render_error(NOT_FOUND, plaid, SNAKE)
    assert body["error_message"] == "No thing with id 999" and body["display_message"] == "Not Found"
    camel = {"type": "object", "properties": {"errorCode": {"type": "string"}, "errorMsg": {"type": "string"}}}
    assert render_error(NOT_FOUND, camel, SNAKE)["errorMsg"] == "No thing with id 999"


# Telstra's errors: `{errors: [{code, field, issue, location, suggested_action, value}]}`, `issue` "the reason for the
# error", `location` one of the places it names
TELSTRA_ERROR = {
    "type": "object",
    "required": ["code", "issue", "suggested_action"],
    "properties": {
        "code": {"type": "string"},
        "field": {"type": "string"},
        "issue": {"type": "string"},
        "location": {"type": "string", "enum": ["body", "path", "query"]},
        "suggested_action": {"type": "string"},
    },
}
TELSTRA = {"type": "object", "properties": {"errors": {"type": "array", "items": TELSTRA_ERROR}}}


@pytest.mark.parametrize(
    ("violation", "location"),
    [
        (Violation("body", "to", "to is not of type 'string'"), "body"),  # the place alone, as the enum names them
        (Violation("query", "limit", "0 is less than the minimum of 1"), "query"),
        # a header is no place the enum names: left out, where it said `body`
        (Violation("header", "Accept-Charset", "Accept-Charset is required", kind=ViolationKind.MISSING), None),
    ],
)
def test_an_issue_field_holds_the_message_and_a_location_enum_says_only_the_place_it_names(
    violation: Violation, location: str | None
) -> None:
    problem = Problem(400, "invalid_request", violation.describe(), violations=(violation,))
    [error] = render_error(problem, TELSTRA, SNAKE)["errors"]
    assert error["issue"] == violation.describe()
    assert error["field"] == violation.field
    assert error.get("location") == location
    jsonschema.validate(error, TELSTRA_ERROR)
