"""OpenAPI links (a response's `links`) and the operation each names.

A link names its target by `operationId` or by `operationRef`, a JSON pointer to an operation. One that names
neither an existing operation nor a pointer into this document cannot be followed: the mock warns of it when the
spec loads, and a contract run leaves it out (schemathesis refuses a whole stateful phase for one such link).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from mock.spec.model import HTTP_METHODS
from mock.spec.operations import raw_operations
from mock.spec.refs import pointer


class DanglingLink(NamedTuple):
    path: str
    method: str
    status: str | int  # the key as the document writes it (YAML reads `201:` as a number)
    name: str
    target: str  # what the link names: its operationId or operationRef, or "" when it names neither

    @property
    def place(self) -> str:
        return pointer(["paths", self.path, self.method, "responses", self.status, "links", self.name])

    @property
    def problem(self) -> str:
        if not self.target:
            return "a link that names no operation (neither operationId nor operationRef)"
        return f"a link to {self.target!r}, which is no operation of this document; it cannot be followed"


def _names_an_operation(link: dict[str, Any], document: dict[str, Any], ids: set[str]) -> bool:
    if "operationId" in link:
        return link["operationId"] in ids
    ref = link.get("operationRef")
    if not isinstance(ref, str) or not ref.startswith("#/paths/"):
        return False  # another document's operation: nothing here to follow, nor fetched
    tokens = [token.replace("~1", "/").replace("~0", "~") for token in ref[2:].split("/")]
    node: Any = document
    for token in tokens:
        node = node.get(token) if isinstance(node, dict) else None
    return len(tokens) == 3 and tokens[2] in HTTP_METHODS and isinstance(node, dict)


def dangling_links(document: dict[str, Any]) -> list[DanglingLink]:
    """Every response link that names no operation of `document`."""
    operations = raw_operations(document)
    ids = {str(operation["operationId"]) for _, _, operation in operations if "operationId" in operation}
    found: list[DanglingLink] = []
    for path, method, operation in operations:
        responses = operation.get("responses")
        for status, response in responses.items() if isinstance(responses, dict) else ():
            links = response.get("links") if isinstance(response, dict) else None
            for name, link in links.items() if isinstance(links, dict) else ():
                if not isinstance(link, dict) or not _names_an_operation(link, document, ids):
                    target = link.get("operationId", link.get("operationRef", "")) if isinstance(link, dict) else ""
                    found.append(DanglingLink(path, method, status, str(name), str(target)))
    return found


def without_links(document: dict[str, Any], dropped: list[DanglingLink]) -> dict[str, Any]:
    """`document` without the `dropped` links; the objects on their way are copied, the rest shared."""
    if not dropped:
        return document
    out = {**document, "paths": dict(document["paths"])}
    for link in dropped:
        item = out["paths"][link.path] = dict(out["paths"][link.path])
        operation = item[link.method] = dict(item[link.method])
        responses = operation["responses"] = dict(operation["responses"])
        response = responses[link.status] = dict(responses[link.status])
        response["links"] = {name: value for name, value in response["links"].items() if name != link.name}
        if not response["links"]:
            del response["links"]
    return out
