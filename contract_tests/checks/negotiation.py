"""Content negotiation: a client asking for a media type the operation declares gets it, in a body it can read.

Schemathesis sends `Accept: */*`, so an implementation is only ever asked for its first choice; the other
declared types (XML beside JSON, CSV, plain text) went untested, and a server that crashed on them passed.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from schemathesis.core.failures import Severity

from contract_tests.checks.base import ContractFailure, RunState, describe, header_of
from mock.negotiation import negotiate
from mock.spec.model import syntax_of


class NegotiationCrash(ContractFailure):
    check = "content_negotiation_conformance"
    title_text = "Asking for a declared media type crashed the server"


class MediaTypeNotServed(ContractFailure):
    check = "content_negotiation_conformance"
    title_text = "A declared media type was asked for and another was served"


class UnreadableBody(ContractFailure):
    check = "content_negotiation_conformance"
    title_text = "The body is not written in the media type it is labelled with"


def check_declared_media_type(state: RunState, response: Any, case: Any, asked: str, declared: set[str]) -> None:
    """The answer to `Accept: asked`: no 5xx; a 2xx whose status declares `asked` (among `declared`, the media
    types that status declares) comes in a type the client accepts, and its body reads in that type's syntax."""
    if response.status_code >= 500:
        raise NegotiationCrash(f"{describe(case, response)}: with Accept: {asked}", severity=Severity.CRITICAL)
    if not 200 <= response.status_code < 300 or asked not in declared or not response.content:
        return  # another outcome (a 4xx for the example's state, no content) says nothing of negotiation
    served = header_of(response, "Content-Type") or ""
    if not served or negotiate(asked, [served]) is None:
        raise MediaTypeNotServed(
            f"{describe(case, response)}: asked for {asked}, which the spec declares for this status,"
            f" and got {served or 'no Content-Type'}"
        )
    problem = _unreadable(response.content, syntax_of(served))
    if problem is not None:
        raise UnreadableBody(f"{describe(case, response)}: labelled {served}, but {problem}")


def _unreadable(content: bytes, syntax: str | None) -> str | None:
    """Why `content` does not read in `syntax` (json, xml), or None when it does or the syntax is not checked."""
    try:
        if syntax == "json":
            json.loads(content)
        elif syntax == "xml":
            ElementTree.fromstring(content)  # noqa: S314 (the server under test's own answer, not user input)
    except (ValueError, ElementTree.ParseError) as exc:
        return f"it is not {syntax.upper() if syntax else ''}: {exc}"
    return None
