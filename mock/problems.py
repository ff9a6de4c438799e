"""Errors are data: what went wrong with a request, before any API's envelope is applied."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """One thing wrong with a request: where (body, query, header…), which field, and why."""

    location: str  # security, path, query, header, cookie, body, content-type
    field: str  # dotted name of the offending field, "" for the whole body
    message: str
    task_index: int | None = None

    def describe(self) -> str:
        where = f"{self.location} {self.field}".strip() if self.field else self.location
        leaf = self.field.rsplit(".", 1)[-1]
        if leaf and self.message.startswith(leaf + " "):
            return f"{self.location} {self.field} {self.message[len(leaf) + 1 :]}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Problem:
    """A failed request, ready to be rendered in an API's own error envelope.

    `code` is a snake_case identifier (invalid_request); the envelope respells it the way the
    API does (invalidRequest for Runware, INVALID_REQUEST for Runflow).
    """

    status: int
    code: str
    message: str
    field: str = ""
    violations: tuple[Violation, ...] = ()
    task_type: str | None = None
    task_uuid: str | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    details: dict[str, object] = dataclasses.field(default_factory=dict)


def not_found(path: str) -> Problem:
    return Problem(404, "not_found", f"No operation matches the path {path}")


def method_not_allowed(method: str, path: str, allowed: tuple[str, ...]) -> Problem:
    return Problem(
        405,
        "method_not_allowed",
        f"{method} is not allowed on {path}; allowed: {', '.join(allowed)}",
        headers={"allow": ", ".join(allowed)},
        details={"allowed_methods": list(allowed)},
    )
