"""Per-request overrides, Prism-compatible: `Prefer: code=402, example=paid, dynamic=true`.

The query forms `__code`, `__example` and `__dynamic` work too, where the operation does not take that query key
itself (a free-form query object takes any key: there they are the API's). Overrides are decoded and checked
before the answer is chosen (the header before routing, the query forms once the request is routed), so a bad one
is a clear 422 rather than a surprise later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mock.spec.model import names_http_status


@dataclass(frozen=True)
class Preferences:
    code: int | None = None
    example: str | None = None
    dynamic: bool | None = None

    @property
    def empty(self) -> bool:
        return self.code is None and self.example is None and self.dynamic is None


NO_PREFERENCES = Preferences()


class InvalidPreference(ValueError):
    pass


QUERY_FORMS = ("__code", "__example", "__dynamic")


def _nobody_owns(key: str) -> bool:
    return False


def parse_preferences(
    prefer_header: str | None,
    query: tuple[tuple[str, str], ...] = (),
    owned_by_api: Callable[[str], bool] = _nobody_owns,
) -> Preferences:
    """The overrides asked for; `owned_by_api(key)`: the operation reads that query key as its own parameter, so
    a query form of that name is the API's value, not an override."""
    values: dict[str, str] = {}
    if prefer_header:
        for part in prefer_header.replace(";", ",").split(","):
            key, sep, value = part.strip().partition("=")
            if sep:
                values[key.strip().lower()] = value.strip().strip('"')
    for key, value in query:
        if key in QUERY_FORMS and not owned_by_api(key):
            values[key[2:]] = value
    if not values:
        return NO_PREFERENCES
    code = values.get("code")
    if code is not None and not names_http_status(code):
        shown = code if len(code) <= 20 else f"{code[:12]}… ({len(code)} characters)"
        raise InvalidPreference(f"Prefer code={shown!r} is not an HTTP status code")
    dynamic = values.get("dynamic")
    if dynamic is not None and dynamic.lower() not in ("true", "false"):
        raise InvalidPreference(f"Prefer dynamic={dynamic!r} must be true or false")
    return Preferences(
        code=int(code) if code is not None else None,
        example=values.get("example") or None,
        dynamic=None if dynamic is None else dynamic.lower() == "true",
    )
