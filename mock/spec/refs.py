"""The one `$ref` and JSON-pointer resolver.

`$ref`s are replaced by their targets, which are shared, not copied: a schema referenced from a
thousand places is one object, so a large spec costs what its file costs. Three kinds of `$ref`
are treated apart:
  - a `$ref` back into a schema that is still being resolved (a recursive schema) stays a
    `$ref`, as a `RefNode` that also holds its target, so walkers can follow it lazily and
    JSON serialises it as the plain `$ref` it was;
  - a `$ref` to another file is read only when that file is inside the spec folder; a remote
    URL is refused, never fetched;
  - `$ref`s inside `x-*` extensions are documentation (API portals use them for Markdown
    pages) and are left as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from mock.spec.errors import SpecError
from mock.spec.model import HTTP_METHODS


class RefNode(dict[str, Any]):
    """A `$ref` kept because it closes a cycle; `target` is what it refers to, resolved."""

    target: Any = None


def deref(node: Any) -> Any:
    """The schema a node stands for: a kept `$ref` is followed, anything else is itself."""
    while isinstance(node, RefNode):
        node = node.target
    return node


def pointer(parts: list[str | int]) -> str:
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def written_place(document: Any, parts: list[str | int]) -> list[str | int]:
    """A place found by walking through `$ref`s (a validator's path) as the file writes it: from the last local
    `$ref` crossed on the way, so `paths/…/schema/properties/spec` reads `components/schemas/Thing/properties/spec`.
    A place that cannot be walked is given back as it came."""
    node: Any = document
    place: list[str | int] = []
    for part in parts:
        for _ in range(32):  # a chain of `$ref`s to `$ref`s, never a cycle of them
            ref = node.get("$ref") if isinstance(node, dict) and part not in node else None
            if not (isinstance(ref, str) and ref.startswith("#/")):
                break
            place = [token.replace("~1", "/").replace("~0", "~") for token in ref[2:].split("/")]
            node = document
            for token in place:
                node = node.get(str(token)) if isinstance(node, dict) else None
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and str(part).isdecimal() and int(part) < len(node):
            node = node[int(part)]
        else:
            return list(parts)
        place.append(part)
    return place


def follow_pointer(document: Any, fragment: str, path: Path, place: str, ref: str) -> Any:
    node: Any = document
    if fragment in ("", "/"):
        return node
    if not fragment.startswith("/"):
        raise SpecError(path, place, f"$ref {ref!r}: only JSON-pointer fragments (#/...) are supported")
    for raw_token in fragment[1:].split("/"):
        token = raw_token.replace("~1", "/").replace("~0", "~")
        node = deref(node)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdecimal() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise SpecError(path, place, f"$ref {ref!r} points at nothing")
    return node


class RefResolver:
    """Resolves every `$ref` of one root document, reading referenced files inside `folder` only."""

    def __init__(
        self,
        root: dict[str, Any],
        root_path: Path,
        folder: Path,
        read: Callable[[Path], Any],
        transform: Callable[[dict[str, Any], list[str | int]], Any] | None = None,
    ) -> None:
        self.transform = transform
        self.notes: list[str] = []
        self.root_path = root_path.resolve()
        self.folder = folder.resolve()
        self._read = read
        self.documents: dict[Path, Any] = {self.root_path: root}
        self._done: dict[tuple[Path, str], Any] = {}
        self._open: dict[tuple[Path, str], list[RefNode]] = {}
        self._cycles: set[tuple[Path, str]] = set()
        self.hoisted: dict[str, Any] = {}  # components/schemas entries made for cycles through other files
        self._targets: dict[tuple[str, Path], tuple[Path, str]] = {}
        self._walked: dict[int, Any] = {}  # id of a walked object -> its result
        self._keep: list[Any] = []  # the walked objects, alive so their ids are not reused meanwhile

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file read, the root first."""
        return tuple(self.documents)

    def target_of(self, ref: str, base: Path, place: str) -> tuple[Path, str]:
        """(file, JSON pointer) a `$ref` written in `base` names; refuses what must not be read."""
        known = self._targets.get((ref, base))
        if known is None:
            known = self._targets[(ref, base)] = self._target_of(ref, base, place)
        return known

    def _target_of(self, ref: str, base: Path, place: str) -> tuple[Path, str]:
        if ref.startswith("#"):
            return base, unquote(ref[1:])
        parts = urlsplit(ref)
        if parts.scheme in ("http", "https", "ftp") or parts.netloc:
            raise SpecError(
                base, place, f"$ref {ref!r} is a remote URL; specmock never fetches one: download it beside the spec"
            )
        if parts.scheme == "file":
            file = Path(url2pathname(parts.path))
        elif parts.scheme:
            raise SpecError(base, place, f"$ref {ref!r}: the {parts.scheme}: scheme is not supported")
        elif parts.path:
            file = base.parent / unquote(parts.path)
        else:
            file = base
        file = file.resolve()
        if file != self.root_path and not file.is_relative_to(self.folder):
            raise SpecError(base, place, f"$ref {ref!r} points outside the spec folder {self.folder}; it is not read")
        return file, unquote(parts.fragment)

    def document(self, file: Path, base: Path, place: str, ref: str) -> Any:
        if file not in self.documents:
            if not file.is_file():
                raise SpecError(base, place, f"$ref {ref!r}: no such file {file}")
            self.documents[file] = self._read(file)
        return self.documents[file]

    def resolve(self, ref: str, base: Path, trail: list[str | int]) -> Any:
        place = pointer(trail)
        file, fragment = self.target_of(ref, base, place)
        key = (file, fragment)
        if key in self._done:
            return self._done[key]
        if key in self._open:  # a cycle: keep the $ref, filled in once its target is resolved
            node = RefNode({"$ref": self._local_ref(file, fragment)})
            self._open[key].append(node)
            self._cycles.add(key)
            return node
        self._open[key] = []
        target = follow_pointer(self.document(file, base, place, ref), fragment, base, place, ref)
        resolved = self.walk(target, file, trail)
        waiting = self._open.pop(key)
        if any(resolved is node for node in waiting):  # `A: {$ref: B}, B: {$ref: A}`: no schema to stand for
            raise SpecError(base, place, f"$ref {ref!r} refers to nothing but itself, through $refs alone")
        for node in waiting:
            node.target = resolved
        if file != self.root_path and key in self._cycles:
            self.hoisted[self._hoisted_name(file, fragment)] = resolved
        self._done[key] = resolved
        return resolved

    def _local_ref(self, file: Path, fragment: str) -> str:
        if file == self.root_path:
            return "#" + fragment
        return "#/components/schemas/" + self._hoisted_name(file, fragment)

    def _hoisted_name(self, file: Path, fragment: str) -> str:
        tail = fragment.rstrip("/").rsplit("/", 1)[-1] if fragment.strip("/") else file.stem
        return f"{file.stem}.{tail}" if tail != file.stem else tail

    def _is_component(self, node: dict[str, Any], trail: list[str | int]) -> bool:
        section = (self.documents[self.root_path].get("components") or {}).get(trail[1])
        return "$ref" not in node and isinstance(section, dict) and section.get(trail[2]) is node

    def walk(self, node: Any, base: Path, trail: list[str | int]) -> Any:
        if isinstance(node, RefNode):
            return node
        if isinstance(node, dict):
            if (
                len(trail) == 3
                and trail[0] == "components"
                and base == self.root_path
                and self._is_component(node, trail)
            ):
                # a component is the object its $refs resolve to: one object, not a second copy. Only the component
                # itself: a $ref's target is walked at the place of the $ref, which may be another component's
                # (`AttachmentBase: {$ref: AttachmentCompact}`), and is not that component.
                key = (base, pointer(trail)[1:])
                if key in self._done:
                    return self._done[key]
                if key not in self._open:
                    return self.resolve(pointer(trail), base, trail)
            ref = node.get("$ref")
            if isinstance(ref, str):
                target = self.resolve(ref, base, trail)
                siblings = {k: self.walk(v, base, trail + [k]) for k, v in node.items() if k != "$ref"}
                if not siblings or not isinstance(target, dict):
                    return target
                # keywords beside a $ref apply with it (OpenAPI 3.1) and are rewritten like any schema's, so
                # `{$ref: X, nullable: true}` admits null; beside a kept (cyclic) $ref only a rewrite is kept
                # (annotations such as `description` are dropped there, so the cycle stays a bare $ref)
                if isinstance(target, RefNode):
                    wrapped = {"allOf": [target], **siblings}
                    rewritten = self.transform(wrapped, trail) if self.transform is not None else wrapped
                    return target if rewritten is wrapped else rewritten
                merged = {**target, **siblings}
                return self.transform(merged, trail) if self.transform is not None else merged
            walked = self._walked.get(id(node))
            if walked is not None:  # a shared object (a YAML alias, an inlined target walked again) stays shared
                return walked
            names = holds_names(trail)
            out = {
                key: self._walk_key(key, value, base, trail + [key])
                if not names
                else self.walk(value, base, trail + [key])
                for key, value in node.items()
            }
            result = self.transform(out, trail) if self.transform is not None else out
            self._walked[id(node)] = result
            self._keep.append(node)
            return result
        if isinstance(node, list):
            walked = self._walked.get(id(node))
            if walked is not None:
                return walked
            result_list = [self.walk(value, base, trail + [index]) for index, value in enumerate(node)]
            self._walked[id(node)] = result_list
            self._keep.append(node)
            return result_list
        return node

    def _walk_key(self, key: Any, value: Any, base: Path, trail: list[str | int]) -> Any:
        """A value under a keyword: extensions are left as written, data is read as data, the rest walked."""
        if _left_as_written(key):
            return value
        if _is_data(key, value, trail):
            return self._data(value, base, trail)
        return self.walk(value, base, trail)

    def _data(self, node: Any, base: Path, trail: list[str | int]) -> Any:
        """An example, a default, a `const` or an `enum` is data, where `{"$ref": …}` is a value (Square's event
        examples hold JSON Schemas, `$ref`s to its website among them), read as it is written. Only a `$ref` naming
        another file of the spec is followed, the way split specs keep an example in a file of its own."""
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and _names_a_file(ref):
                return self.resolve(ref, base, trail)
            return {key: self._data(value, base, trail + [key]) for key, value in node.items()}
        if isinstance(node, list):
            return [self._data(value, base, trail + [index]) for index, value in enumerate(node)]
        return node


# Maps whose keys are names a user chose (a property may be called `x-rate`), not extension keys.
NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
# The same outside schemas: header names (a response's, an encoding's) and a multipart body's field names. Maps
# that OpenAPI lets carry extensions (Responses, Callback, Paths) are not among them.
_DOCUMENT_NAME_MAPS = frozenset({"headers", "encoding"})


def holds_names(trail: list[str | int]) -> bool:
    """Whether the object at `trail` maps names a user chose, where a key `x-request-id` is a name (DigitalOcean's
    response header) and not an extension: a schema's properties, response and encoding headers, a components
    section. A property called `headers` or `properties` is a schema, not such a map."""
    if len(trail) == 2 and trail[0] == "components":
        return True
    if not trail or trail[-1] not in NAME_MAPS | _DOCUMENT_NAME_MAPS:
        return False
    return len(trail) < 2 or trail[-2] not in NAME_MAPS


# Keywords whose values are data, not parts of the document: a schema's (or a parameter's, a media type's) example,
# examples, default, enum and const.
VALUE_KEYS = frozenset({"example", "examples", "default", "enum", "const"})


def _is_data(key: Any, value: Any, trail: list[str | int]) -> bool:
    """Whether the value under `key`, at `trail`, is data: one of VALUE_KEYS, but a map of Example Objects (which
    may be `$ref`s) and an operation's `default` answer; an Example Object's `value`."""
    if key == "value":
        return True
    if key == "examples":
        return isinstance(value, list)
    return key in VALUE_KEYS and not _default_response(trail)


def _default_response(trail: list[str | int]) -> bool:
    """Whether `trail` ends at an operation's `responses: {default: …}`: a Response Object, not a schema's default."""
    return len(trail) >= 3 and trail[-2] == "responses" and trail[-3] in HTTP_METHODS


def _names_a_file(ref: str) -> bool:
    """Whether a `$ref` names a file by a relative path (`./examples/pet.json`), not a place in this one or a URL."""
    parts = urlsplit(ref)
    return bool(parts.path) and not parts.scheme and not parts.netloc


def read_as_document(key: Any, value: Any, trail: list[str | int]) -> bool:
    """Whether the value under `key` of the object at `trail` is part of the document (a schema, an operation),
    not data (an example, a default) or an extension's content: a name a user chose always is."""
    return holds_names(trail) or not (_left_as_written(key) or _is_data(key, value, trail))


def objects_placed(document: dict[str, Any]) -> Iterator[tuple[dict[str, Any], list[str | int]]]:
    """Every object of a document with the place a walk first reaches it, each once, the components before the rest
    (a schema shared by the two is placed among the components); data and extensions are not walked into
    (`read_as_document`)."""
    seen: set[int] = set()
    roots: list[tuple[str | int, Any]] = [("components", document.get("components"))]
    roots += [(key, value) for key, value in document.items() if key != "components"]
    stack: list[tuple[Any, list[str | int]]] = [(value, [key]) for key, value in reversed(roots)]
    while stack:
        node, trail = stack.pop()
        node = deref(node)
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend((child, [*trail, index]) for index, child in reversed(list(enumerate(node))))
            continue
        yield node, trail
        children = [(key, child) for key, child in node.items() if read_as_document(key, child, trail)]
        stack.extend((child, [*trail, key]) for key, child in reversed(children))


def _left_as_written(key: Any) -> bool:
    """Extensions hold documentation (Markdown pages, portal topics): their `$ref`s are not ours."""
    return isinstance(key, str) and key.startswith("x-")


def resolve_document(resolver: RefResolver) -> dict[str, Any]:
    try:
        resolved = resolver.walk(resolver.documents[resolver.root_path], resolver.root_path, [])
    except RecursionError:
        raise SpecError(resolver.root_path, "document", "nested too deeply to resolve") from None
    if not isinstance(resolved, dict):
        raise SpecError(resolver.root_path, "document", "is not a mapping")
    if resolver.hoisted:
        schemas = resolved.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in resolver.hoisted.items():
            schemas.setdefault(name, schema)
    return resolved


def with_refs(document: dict[str, Any]) -> dict[str, Any]:
    """The resolved document written back with `$ref`s: each component used elsewhere is a `$ref` to it.

    Resolution shares one object per component; serialising that tree as it is would write every
    shared schema out in full wherever it is used (GitHub's spec would grow from 13 MB to gigabytes).
    """
    homes: dict[int, str] = {}
    for section, entries in (document.get("components") or {}).items():
        if isinstance(entries, dict):
            for name, entry in entries.items():
                if isinstance(entry, (dict, list)):
                    homes.setdefault(id(entry), pointer(["components", section, name]))

    def write(node: Any, home: str | None) -> Any:
        if isinstance(node, RefNode):
            return {"$ref": node["$ref"]}
        if isinstance(node, dict):
            place = homes.get(id(node))
            if place is not None and place != home:
                return {"$ref": place}
            return {key: write(value, None) for key, value in node.items()}
        if isinstance(node, list):
            place = homes.get(id(node))
            if place is not None and place != home:
                return {"$ref": place}
            return [write(value, None) for value in node]
        return node

    out = {key: write(value, None) for key, value in document.items() if key != "components"}
    if "components" in document:
        out["components"] = {
            section: {name: write(entry, pointer(["components", section, name])) for name, entry in entries.items()}
            if isinstance(entries, dict)
            else entries
            for section, entries in document["components"].items()
        }
    return out
