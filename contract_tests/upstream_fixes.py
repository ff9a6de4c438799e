"""Workarounds for schemathesis bugs that would turn a correct backend's run red.

Each one says what goes wrong, which upstream issue it is, and does nothing once the code it
changes is not there to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode

from contract_tests.spec_facts import followed_ref, json_pointer
from mock.negotiation import is_json_records
from mock.spec.model import is_json_media
from mock.spec.operations import split_path_key
from mock.spec.refs import VALUE_KEYS
from mock.spec.schemas import objects_reached


def keep_tuples_in_response_schemas() -> None:
    """Compile a response schema's `prefixItems` as written.

    schemathesis (4.32) rewrites `prefixItems` into draft-04's `items: [...]` before it compiles a
    response schema, for OpenAPI 3.1 as a 2020-12 validator, which refuses a list there: every answer
    of such an operation is reported as an error ("Invalid Schema Object in response definition"),
    schemathesis issues #3842 and #4099. A contract run hands schemathesis only 3.1 documents
    (mock.spec normalises every spec to 3.1), so the tuple can stay as it is.
    """
    try:
        from schemathesis.specs.openapi.adapter import responses
    except ImportError:  # pragma: no cover - a schemathesis without that module has another layout
        return

    def keeping_tuples(original: Callable[..., Any]) -> Callable[..., Any]:
        def to_json_schema(*args: Any, **kwargs: Any) -> Any:
            kwargs["convert_prefix_items"] = False
            return original(*args, **kwargs)

        return to_json_schema

    _replaced_once(responses, "to_json_schema", keeping_tuples)


def _replaced_once(module: Any, name: str, wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """`module.name` replaced by `wrap` of it, once however often this is asked; nothing where the module has no
    such function (a schemathesis whose code changed, and with it the bug)."""
    original = getattr(module, name, None)
    if original is None or getattr(original, "replaced_by_specmock", False):
        return
    wrapped = wrap(original)
    wrapped.replaced_by_specmock = True  # type: ignore[attr-defined]
    setattr(module, name, wrapped)


def _objects_of(document: dict[str, Any]) -> Iterator[tuple[dict[str, Any], bool]]:
    """Each object of the document once (a shared one, a component, once), with whether it maps names (a schema's
    properties, the responses); extensions and data (VALUE_KEYS outside a map of names) are not walked into. The caller
    may rewrite an object in place when it is given: its children are walked as they are then."""
    from mock.spec.normalising import MAPS_OF_NAMES

    seen: set[int] = set()
    stack: list[tuple[Any, bool]] = [(document, True)]
    while stack:
        node, names = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend((item, False) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        yield node, names
        for key, child in node.items():
            if isinstance(key, str) and (key.startswith("x-") or (not names and key in VALUE_KEYS)):
                continue
            stack.append((child, key in MAPS_OF_NAMES and not names))


def tolerate_unreadable_urls_in_answers() -> None:
    """Read no link from a string of an answer that only starts like a URL.

    schemathesis (4.32) reads every string of a JSON answer that starts with `http://`, `https://` or `/` to learn
    the server's own links, with `urlsplit`, which raises on text such as `http://[` (an answer echoing a fuzzed
    field back: Lob's addresses). The exception ended the whole run with a traceback; such a string is no link.
    """
    try:
        from schemathesis.engine import observations
    except ImportError:  # pragma: no cover - a schemathesis without that module learns no links this way
        return

    def tolerant(original: Callable[..., Any]) -> Callable[..., Any]:
        def same_origin_path(value: str, origin: tuple[str, str]) -> str | None:
            try:
                return original(value, origin)  # type: ignore[no-any-return]
            except ValueError:
                return None

        return same_origin_path

    _replaced_once(observations, "_same_origin_path", tolerant)


def read_listed_types_in_dependency_analysis() -> None:
    """Read a `type` list (`["object", "null"]`, OpenAPI 3.1's nullable) where schemathesis looks for the records
    an answer holds.

    schemathesis (4.32) tests each alternative of an answer's oneOf/anyOf with `type in {"string", …}`, which raises
    "unhashable type: 'list'" for a list of types: the run ended with a traceback before its first request
    (audiobookshelf's answers). A list is read as its one non-null type, else as no type at all.
    """
    try:
        from schemathesis.specs.openapi.stateful.dependencies import schemas
    except ImportError:  # pragma: no cover - a schemathesis without that module analyses no dependencies this way
        return

    def reading_listed_types(original: Callable[..., Any]) -> Callable[..., Any]:
        def is_interesting_schema(schema: Any) -> bool:
            kinds = schema.get("type") if isinstance(schema, dict) else None
            if isinstance(kinds, list):
                named = [kind for kind in kinds if kind != "null"]
                schema = {key: value for key, value in schema.items() if key != "type"}
                if len(named) == 1:
                    schema["type"] = named[0]
            return bool(original(schema))

        return is_interesting_schema

    _replaced_once(schemas, "_is_interesting_schema", reading_listed_types)


# Keywords that say what a property is, not which values it takes: schemathesis reads `readOnly` and `writeOnly`
# on the property itself (which fields a request or an answer holds), so they stay beside the anyOf.
_ABOUT_THE_PROPERTY = ("title", "description", "readOnly", "writeOnly", "deprecated", "default", "example", "examples")


def nullable_formats_as_any_of(document: dict[str, Any]) -> dict[str, Any]:
    """Spell `type: [string, "null"], format: date` as `anyOf: [{type: string, format: date}, {type: "null"}]`.

    The two say the same. schemathesis' coverage phase (4.32) drops the format of the first spelling and sends
    `""` as a valid date, so every correct server that checks formats is blamed for refusing it (a
    positive_data_acceptance false alarm); it generates the second spelling right. Every 3.0 `nullable: true`
    beside a `format` becomes the first spelling when mock.spec normalises a document to 3.1. Rewritten in
    place, so an object shared by many places (a component) stays shared.
    """
    for node, names in _objects_of(document):
        kinds = node.get("type")
        if not names and "format" in node and isinstance(kinds, list) and "null" in kinds and len(kinds) > 1:
            others = [kind for kind in kinds if kind != "null"]
            value = {**node, "type": others[0] if len(others) == 1 else others}
            about = {key: node[key] for key in _ABOUT_THE_PROPERTY if key in node}
            node.clear()
            node.update({**about, "anyOf": [value, {"type": "null"}]})  # walked on: `value` is written as it is
    return document


# The value keywords that only show a value, never a rule one must keep: an example may be left out.
_SHOWN_ONLY = VALUE_KEYS - {"enum", "const"}


def examples_without_refs(document: dict[str, Any]) -> dict[str, Any]:
    """Leave out the examples and defaults whose data holds a `{"$ref": …}`.

    There it is a value: Square's custom attribute definitions hold a JSON Schema, which refers to Square's website
    (`{"$ref": "https://…/common.json#squareup.common.String"}`). schemathesis (4.32) reads it as a reference to
    resolve, and refuses the whole operation ("Unresolvable reference in the schema"): 20 errors on Square's spec,
    its four operations that create such definitions never tested. An example only shows a value, so leaving it out
    changes no rule; `enum` and `const`, which are rules, stay. Rewritten in place, as `nullable_formats_as_any_of`.
    """
    for node, names in _objects_of(document):
        if not names:  # (an operation's `default` answer is in `responses`, a map of names, so never taken for one)
            for key in [key for key in _SHOWN_ONLY if key in node and _holds_a_ref(node[key])]:
                del node[key]
    return document


# Keywords only a Schema Object holds, beside an `examples` map where a Media Type, Parameter or Header holds one.
_SCHEMA_KEYWORDS = frozenset({"type", "properties", "items", "allOf", "anyOf", "oneOf", "enum", "format"})
_HOLDER_KEYWORDS = frozenset({"schema", "content", "in"})


def schema_examples_as_lists(document: dict[str, Any]) -> dict[str, Any]:
    """A schema's `examples` written as a Media Type's map of Example Objects (Codat's Assess: `"examples":
    {"Example 1": {"value": {…}}}` on `ExcelStatus`) as the list of values JSON Schema asks for. schemathesis (4.32)
    refuses such a schema ("Invalid Schema Object in response definition … is not of type 'array'"), and every case
    of the operations answering it was an error. Rewritten in place, as `nullable_formats_as_any_of`."""
    for node, names in _objects_of(document):
        shown = node.get("examples")
        if names or not isinstance(shown, dict) or _HOLDER_KEYWORDS & node.keys() or not _SCHEMA_KEYWORDS & node.keys():
            continue
        node["examples"] = [
            example["value"] if isinstance(example, dict) and "value" in example else example
            for example in shown.values()
        ]
    return document


def _holds_a_ref(value: Any) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node:
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def binary_strings_in_json_as_text(document: dict[str, Any]) -> dict[str, Any]:
    """Drop `format: binary` from the string schemas a JSON request body reaches, where no other body reaches them.

    JSON carries no bytes: such a field is text on the wire. schemathesis (4.32) draws its `Binary` for it all the
    same, then checks the drawn body with its JSON validator, which cannot read a `Binary` ("Unsupported type:
    'Binary'"): every case of the operation was an error (8 of Spree's, whose CMS sections declare images so in
    JSON bodies). A schema a multipart or other body reaches too keeps its format, where a file is what it means.
    Rewritten in place, as `nullable_formats_as_any_of`.
    """
    json_roots, other_roots = _request_body_schemas(document)
    elsewhere = {id(node) for node in _schemas_reached(document, other_roots)}
    for node in _schemas_reached(document, json_roots):
        if id(node) not in elsewhere and node.get("format") == "binary" and node.get("type") in ("string", None):
            del node["format"]
    return document


def file_choices_as_any_of(document: dict[str, Any]) -> dict[str, Any]:
    """A `oneOf` a non-JSON body (multipart, a form) reaches whose options hold a file (`format: binary`) becomes an
    `anyOf`.

    schemathesis (4.32) draws its `Binary` for the file option, then counts the options the value meets with its
    JSON validator, which cannot read a `Binary` ("Unsupported type: 'Binary'"): every case was an error (Together's
    `POST /audio/transcriptions`, a file or its URL). No validator tells a file from text either (a URL is both a
    `binary` and a `uri` string to one), so `anyOf` is what such a choice can mean on the wire. Rewritten in place,
    as `nullable_formats_as_any_of`.
    """
    _, other_roots = _request_body_schemas(document)
    for node in _schemas_reached(document, other_roots):
        options = node.get("oneOf")
        if isinstance(options, list) and "anyOf" not in node and any(_is_file(document, o) for o in options):
            node["anyOf"] = node.pop("oneOf")
            node[FILE_CHOICE_WAS_ONE_OF] = True  # what the spec said, for the rule that forgives its strict reading
    return document


def unique_files_unchecked(document: dict[str, Any]) -> dict[str, Any]:
    """Drop `uniqueItems` from a list of files a non-JSON body (multipart, a form) reaches.

    schemathesis (4.32) draws its `Binary` for each file, then checks the list's items are unique with its JSON
    validator, which cannot read a `Binary` ("Unsupported type: 'Binary'"): every coverage case of the operation was an
    error (SFTPGo's uploads, `filenames: {type: array, items: {format: binary}, uniqueItems: true}`). The list is
    marked (`FILES_WERE_UNIQUE`), for the rule that forgives a server refusing the same file sent twice. Rewritten
    in place, as `nullable_formats_as_any_of`.
    """
    _, other_roots = _request_body_schemas(document)
    for node in _schemas_reached(document, other_roots):
        if node.get("uniqueItems") and _is_file(document, node.get("items")):
            del node["uniqueItems"]
            node[FILES_WERE_UNIQUE] = True
    return document


# Marks a list of files `unique_files_unchecked` let hold the same file twice, which the spec's list refuses.
FILES_WERE_UNIQUE = "x-specmock-files-were-unique"


# Marks a file choice `file_choices_as_any_of` rewrote: a server that reads it as the spec's `oneOf` may refuse a
# text that fits the file and another option both.
FILE_CHOICE_WAS_ONE_OF = "x-specmock-file-choice-was-oneOf"


def templated_query_pairs_dropped(document: dict[str, Any]) -> dict[str, Any]:
    """Path keys that show where a query parameter goes (Medium's `/search/articles?query={query}`) without it: the
    pair fixes nothing (`mock.spec.operations.split_path_key`), and schemathesis (4.32) filled `{query}` as a path
    parameter, so every request carried `query=0` beside the parameter's own value, and one "missing `query`" still
    sent it. A key spelled so already leaves both as they are. Rewritten in place, as
    `path_parameters_renamed_for_format`."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return document
    for key in list(paths):
        written, hash_sign, fragment = key.partition("#")
        template, fixed = split_path_key(key)
        if len(fixed) == len(parse_qsl(written.partition("?")[2], keep_blank_values=True)):
            continue  # nothing templated in its query, if it has one
        plain = template + ("?" + urlencode(fixed) if fixed else "") + hash_sign + fragment
        if plain not in paths:
            paths[plain] = paths.pop(key)
    return document


def path_parameters_renamed_for_format(document: dict[str, Any]) -> dict[str, Any]:
    """Path parameters whose names hold what Python's `str.format` reads in a field's name (a dot: gRPC gateway's
    `{id.value}`, Argo CD's `{application.metadata.name}`; a colon: IdealSpot's `{insight_id:}`; `!`, `[`, `]`)
    renamed with an underscore for each, in the path key and in the parameters that declare them.

    schemathesis (4.32) fills a path template with `str.format`, which reads `{id.value}` as the attribute `value` of
    `id` and `{insight_id:}` as `insight_id` with an empty format spec: every case was an error ("Schema Error",
    "Path parameter 'insight_id' is not defined"), 14 of Argo CD's operations untested. A parameter's name never
    reaches the wire, so the URL is the same. Rewritten in place, as `nullable_formats_as_any_of`; a declared
    parameter reached by `$ref` is copied before it is renamed."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return document
    every: set[str] = set()
    for key in list(paths):
        dotted = {name for name in re.findall(r"\{([^}]*)\}", key) if _FORMAT_SYNTAX.search(name)}
        if not dotted:
            continue
        renamed = re.sub(r"\{([^}]*)\}", lambda found: "{" + _FORMAT_SYNTAX.sub("_", found.group(1)) + "}", key)
        if renamed in paths:
            continue  # another key is spelled so already: both left as they are
        item = paths.pop(key)
        paths[renamed] = item
        every |= dotted
        if not isinstance(item, dict):
            continue
        holders = [item, *(operation for operation in item.values() if isinstance(operation, dict))]
        for holder in holders:
            parameters = holder.get("parameters")
            if not isinstance(parameters, list):
                continue
            holder["parameters"] = [_renamed_if_format_syntax(document, parameter, dotted) for parameter in parameters]
    if every:  # the links that give them values name them too (the runner's inferred ones, `contract_tests.links`)
        for node, _ in _objects_of(document):
            links = node.get("links")
            for link in links.values() if isinstance(links, dict) else ():
                given = link.get("parameters") if isinstance(link, dict) else None
                if isinstance(given, dict):
                    link["parameters"] = {_link_name(name, every): value for name, value in given.items()}
    return document


# What `str.format` reads in a replacement field's name: an attribute, an index, a conversion, a format spec.
_FORMAT_SYNTAX = re.compile(r"[.\[\]!:]")


def _link_name(name: str, dotted: set[str]) -> str:
    """A link's parameter name (`id.value`, or `path.id.value` with its location) as renamed, where it is one."""
    bare = name.removeprefix("path.")
    return name.replace(bare, _FORMAT_SYNTAX.sub("_", bare)) if bare in dotted else name


def _renamed_if_format_syntax(document: dict[str, Any], parameter: Any, dotted: set[str]) -> Any:
    declared = _resolved(document, parameter)
    if isinstance(declared, dict) and declared.get("in") == "path" and declared.get("name") in dotted:
        return {**declared, "name": _FORMAT_SYNTAX.sub("_", declared["name"])}
    return parameter


def _is_file(document: dict[str, Any], option: Any) -> bool:
    resolved = _resolved(document, option)
    return isinstance(resolved, dict) and resolved.get("format") == "binary"


def _request_body_schemas(document: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """The schemas of the document's request bodies: (those of JSON media types, those of the others)."""
    json_roots: list[Any] = []
    other_roots: list[Any] = []
    for item in (document.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            content = body.get("content") if isinstance(body, dict) else None
            for media_type, media in content.items() if isinstance(content, dict) else ():
                schema = media.get("schema") if isinstance(media, dict) else None
                (
                    json_roots if is_json_media(str(media_type)) or is_json_records(str(media_type)) else other_roots
                ).append(schema)
    return json_roots, other_roots


def _schemas_reached(document: dict[str, Any], roots: list[Any]) -> list[dict[str, Any]]:
    """Every schema object reached from `roots`, through subschemas and local `$ref`s (each once)."""

    def referred(node: dict[str, Any]) -> Any:
        ref = node.get("$ref")
        return json_pointer(document, ref) if isinstance(ref, str) and ref.startswith("#/") else None

    return list(objects_reached(roots, follow=referred))


def discriminator_values_required(document: dict[str, Any]) -> dict[str, Any]:
    """Each `oneOf`/`anyOf` option a discriminator's `mapping` names, required to hold the property with the values
    that select it.

    schemathesis (4.32) draws a discriminated body from the options alone, as JSON Schema reads them: without the
    property, or with the value of another option. openapi-core, and so the mock, read the discriminator: the
    property names the option, and a body without it is refused. PagerDuty's `PUT /automation_actions/actions/{id}`
    was drawn without `action_type`, so the unknown-ids phase's request was a 400, judged a missed 404. An option no
    mapping names, or one whose property cannot hold the value, is left as written. Rewritten in place, as
    `nullable_formats_as_any_of`.
    """
    schemas = (document.get("components") or {}).get("schemas") or {}
    for node in _schemas_reached(document, [document.get("paths"), schemas]):
        declared = node.get("discriminator")
        combinator = next((key for key in ("oneOf", "anyOf") if isinstance(node.get(key), list)), None)
        if not isinstance(declared, dict) or combinator is None or not isinstance(declared.get("mapping"), dict):
            continue
        name = declared.get("propertyName")
        if not isinstance(name, str) or not name:
            continue
        values: dict[str, list[str]] = {}
        for value, ref in declared["mapping"].items():
            values.setdefault(str(ref), []).append(str(value))
        node[combinator] = [_with_values_required(option, name, values, document) for option in node[combinator]]
    return document


def _with_values_required(option: Any, name: str, values: dict[str, list[str]], document: dict[str, Any]) -> Any:
    ref = option.get("$ref") if isinstance(option, dict) else None
    wanted = values.get(ref) if isinstance(ref, str) else None
    if not wanted:
        return option
    declared = _declared_property(option, name, document)
    allowed = declared.get("enum") if isinstance(declared, dict) else None
    if isinstance(allowed, list):
        wanted = [value for value in wanted if value in allowed]
    if not wanted:
        return option
    return {"allOf": [option, {"type": "object", "required": [name], "properties": {name: {"enum": wanted}}}]}


def _declared_property(schema: Any, name: str, document: dict[str, Any], depth: int = 0) -> Any:
    """The schema an object schema (through `allOf` and local `$ref`s) declares for a property, resolved, or None."""
    schema = _resolved(document, schema)
    if depth > 8 or not isinstance(schema, dict):
        return None
    properties = schema.get("properties")
    if isinstance(properties, dict) and name in properties:
        return _resolved(document, properties[name])
    for part in schema.get("allOf") or ():
        found = _declared_property(part, name, document, depth + 1)
        if found is not None:
            return found
    return None


def _resolved(document: dict[str, Any], node: Any) -> Any:
    """What a node stands for through a chain of local `$ref`s (never a cycle of them: eight at most)."""
    for _ in range(8):
        target = followed_ref(document, node)
        if target is node:
            break
        node = target
    return node
