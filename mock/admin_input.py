"""What the admin API accepts: each call's body is read within a limit, decoded by the one rule
for request input (mock.request_input) and checked against a JSON Schema before anything changes.

A call that fails here changes nothing; the admin API answers it with a 4xx in its own envelope.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from starlette.requests import ClientDisconnect, Request

from mock.identity_cache import IdentityCache
from mock.request_input import InputLimits, InvalidInput, decode_json, read_body
from mock.scenario.engine import MAX_CLOCK_OFFSET_S

ADMIN_MAX_BODY = 256 * 1024  # scenario settings are small; the largest bundled (wallet's prices) is ~2 KiB
ADMIN_LIMITS = InputLimits(max_body_bytes=ADMIN_MAX_BODY, max_json_depth=32, max_number_digits=30)

MAX_ADMIN_NUMBER = 1e12
SCENARIO_NAME = {"type": "string", "minLength": 1, "maxLength": 200}
SETTINGS = {"type": "object", "maxProperties": 200}

PUT_SCENARIOS: dict[str, Any] = {
    "type": "object",
    "required": ["active"],
    "additionalProperties": False,
    "properties": {
        "active": {"type": "array", "maxItems": 100, "items": SCENARIO_NAME},
        "settings": {
            "type": "object",
            "maxProperties": 100,
            "propertyNames": SCENARIO_NAME,
            "additionalProperties": SETTINGS,
        },
    },
}
ACTIVATE: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {"settings": SETTINGS}}
ADVANCE_CLOCK: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"advance_s": {"type": "number", "minimum": -MAX_CLOCK_OFFSET_S, "maximum": MAX_CLOCK_OFFSET_S}},
}
_VALIDATORS: IdentityCache[Draft202012Validator] = IdentityCache()


class AdminInputError(ValueError):
    """A call the admin API refuses: status and a message for a person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def read_admin_json(request: Request, schema: dict[str, Any]) -> dict[str, Any]:
    """The call's JSON body (an empty body is `{}`), valid against `schema`, or AdminInputError."""
    try:
        raw = await read_body({k.lower(): v for k, v in request.headers.items()}, request.receive, ADMIN_LIMITS)
    except ClientDisconnect:
        raise AdminInputError(400, "the client went away before sending the whole body") from None
    except InvalidInput as exc:  # BodyTooLarge included
        raise AdminInputError(413, f"{exc}: admin calls are small JSON objects") from None
    if not raw.strip():
        raw = b"{}"
    try:
        body = decode_json(raw, ADMIN_LIMITS)
    except InvalidInput as exc:
        raise AdminInputError(400, str(exc)) from None
    validator = _VALIDATORS.get_or_build((schema,), lambda: Draft202012Validator(schema))
    errors = sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise AdminInputError(400, describe_schema_error(errors[0]))
    _check_magnitudes(body, "")
    return body  # type: ignore[no-any-return]  # the schema says it is an object


def _check_magnitudes(value: Any, where: str) -> None:
    """No admin number is absurd: settings feed counters, prices and clocks that must stay finite."""
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)) and abs(value) > MAX_ADMIN_NUMBER:
        raise AdminInputError(400, f"{where or 'the body'}: {value:g} is out of range (at most ±{MAX_ADMIN_NUMBER:g})")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_magnitudes(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_magnitudes(item, f"{where}[{index}]")


def describe_schema_error(error: Any) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
    message = error.message if len(error.message) <= 200 else error.message[:199] + "…"
    return f"{where}: {message}" if where else message


def int_parameter(value: str | None, name: str, low: int, high: int) -> int | None:
    """A whole-number query parameter within bounds, or AdminInputError that says which."""
    if value is None or value == "":
        return None
    text = value.strip()
    if not (text.lstrip("-").isdecimal() and len(text) <= 12 and low <= int(text) <= high):
        raise AdminInputError(400, f"{name}={value[:40]!r}: expected a whole number from {low} to {high}")
    return int(text)
