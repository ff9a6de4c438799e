"""A record's own address held in one of its fields.

Google's API Improvement Proposals name each record by its path (`name: "users/7/webhooks/3"`, declared as
"Format: users/{user}/webhooks/{webhook}"), and Vimeo's records carry a relative URI (`uri: "/albums/3706071"`)
instead of an id. Either is the end of the record's item path, from one of its literal segments on, filled with the
record's parents and key. Inference finds such a field (`own_address`); the mock keys the record by the value at the
item path's last parameter and writes the field whole (`Address.render`), so that a client that reads a record's
`name` and asks for it again finds the same record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from mock.spec.schemas import schema_types

# Where no value is known for a parent's place in an address, AIP's own word for "any parent".
ANY_PARENT = "-"

# Path-like words with a `{parameter}` in a field's description: "Format: memos/{memo}".
_TEMPLATE_IN_TEXT = re.compile(r"/?[\w.~-]+(?:/(?:\{[\w.~-]+\}|[\w.~-]+))*/\{[\w.~-]+\}")

# The fields a record's address is most often kept in, where more than one field could hold it (a memo's `parent`
# is another memo's address, in the same format as its own `name`).
_ADDRESS_FIELDS = ("name", "uri", "self", "path", "resourceName", "resource_name", "href")


@dataclass(frozen=True)
class Address:
    """The record field holding the record's address, and the address's template in the item path's parameter names
    (`users/{user}/webhooks/{webhook}`; a leading `/` where the field's values have one)."""

    field: str
    template: str

    @property
    def segments(self) -> list[str]:
        return self.template.strip("/").split("/")

    def render(self, values: Mapping[str, Any]) -> str:
        """The address filled from `values` (parameter -> value); a parent with no value is `ANY_PARENT`."""
        filled = [
            quote(str(values.get(segment[1:-1], ANY_PARENT)), safe="") if _is_parameter(segment) else segment
            for segment in self.segments
        ]
        return ("/" if self.template.startswith("/") else "") + "/".join(filled)

    def parse(self, text: str) -> dict[str, str] | None:
        """The parameters' values in an address of this template, or None where `text` is none."""
        parts = text.strip("/").split("/")
        template = self.segments
        if len(parts) != len(template):
            return None
        values: dict[str, str] = {}
        for part, want in zip(parts, template, strict=True):
            if _is_parameter(want):
                if not part:
                    return None
                values[want[1:-1]] = unquote(part)
            elif part != want:
                return None
        return values


def own_address(properties: Mapping[str, Any], item_path: str) -> Address | None:
    """The field of a record (of these `properties`, each resolved) that holds its own address, where one field's
    description declares the address's format or its example is one: the end of `item_path` from a literal segment
    on, ending at the path's last parameter. Where several fields could be it, the one of the usual names."""
    found: dict[str, str] = {}
    for name, schema in properties.items():
        if not isinstance(schema, dict) or "string" not in schema_types(schema):
            continue
        template = next(
            (made for text in _address_texts(schema) if (made := _template_at(text, item_path)) is not None), None
        )
        if template is not None:
            found[name] = template
    if len(found) > 1:
        found = {name: found[name] for name in _ADDRESS_FIELDS if name in found}
    if not found:
        return None
    name = next(iter(found))
    return Address(name, found[name])


def part_named(value: str, path_template: str, param: str) -> str | None:
    """The part of an address `value` at the place of `{param}` in `path_template`, where the address is the
    template's segments up to that place, from a literal one on (`abc` of `memos/abc` for `{memo}` in
    `/api/v1/memos/{memo}/reactions`); None where `value` is no such address. A client that follows a record's
    `name` to its item path puts there the part its path names."""
    template = path_template.strip("/").split("/")
    wanted = "{" + param + "}"
    if wanted not in template or "/" not in value:
        return None
    depth = len(value.strip("/").split("/"))
    template = template[: template.index(wanted) + 1][-depth:]
    if len(template) < depth or _is_parameter(template[0]):
        return None
    values = Address("", "/".join(template)).parse(value)
    return None if values is None else values.get(param)


def names_address(schema: Any, address: Address, item_path: str) -> bool:
    """Whether a field (of this resolved schema) holds addresses of another record, of that record's `address` at its
    `item_path` (a memo's `creator`, "Format: users/{user}", names a user by the user's `name`)."""
    if not isinstance(schema, dict):
        return False
    own = address.template.strip("/")
    return any((_template_at(text, item_path) or "").strip("/") == own for text in _address_texts(schema))


def _address_texts(schema: Mapping[str, Any]) -> Iterable[tuple[str, bool]]:
    """What may spell an address out: templates in the description, then the examples (whole values)."""
    description = schema.get("description")
    if isinstance(description, str):
        for template in _TEMPLATE_IN_TEXT.findall(description):
            yield template, True
    examples = [schema.get("example"), *(schema.get("examples") or [])]
    for example in examples:
        if isinstance(example, str) and "/" in example and "://" not in example:
            yield example, False


def _template_at(text: tuple[str, bool], item_path: str) -> str | None:
    """The template, in the item path's parameter names, of the address `text` spells (a template where the flag
    says so, else an example value) where it is the end of the item path from a literal segment on."""
    written, is_template = text
    parts = written.strip("/").split("/")
    path = item_path.strip("/").split("/")
    if len(parts) > len(path) or not path or not _is_parameter(path[-1]) or _is_parameter(path[-len(parts)]):
        return None
    for part, want in zip(parts, path[-len(parts) :], strict=True):
        if _is_parameter(want):
            if not part or _is_parameter(part) != is_template:
                return None
        elif part != want:
            return None
    tail = "/".join(path[-len(parts) :])
    return "/" + tail if written.startswith("/") else tail


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")
