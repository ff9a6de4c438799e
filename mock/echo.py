"""What makes an answer agree with its request: echo, actions and a new record's counters.

A write's answer repeats what the client sent (at any depth, through wrappers such as
`{"article": {...}}`, never writeOnly fields), an action (favorite, follow) sets the caller's flag
and moves its count, and a record just created has no favorites or comments yet. Response
generation and the stateful resources effect use the same rules, so what a create answers is what
a later read of the state returns.
"""

from __future__ import annotations

import functools
import json
import math
import random
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from mock.fake_data import (
    TITLE_NAMES,
    end_stem,
    fake_value,
    flag_stem,
    moments_named,
    same_shape,
    set_apart,
    title_from_slug,
)
from mock.identity_cache import IdentityCache
from mock.schema_validation import answer_back_view, fits, folded, folded_with, is_valid, response_view
from mock.spec.discriminators import discriminator_of, pinned_tag
from mock.spec.model import FORM_MEDIA_TYPES, Operation, Schema, essence
from mock.spec.names import spelling_key
from mock.spec.operations import path_parameter_names, split_path_key
from mock.spec.refs import deref
from mock.spec.resources import (
    LIMIT_PARAMS,
    OFFSET_PARAMS,
    PAGE_PARAMS,
    PageFact,
    field_schema,
    last_page_fields,
    names_an_id,
    names_own_id,
    own_id_keys,
    page_facts,
    page_fields,
    page_header,
    singular,
)
from mock.spec.schemas import declared_properties, item_schema, objects_reached, schema_types

if TYPE_CHECKING:  # types only: echo reads a validated request, it does not validate one
    from mock.form_bodies import UploadedFile
    from mock.request_validation import ValidatedRequest

PAGE_ARRAY_NAMES = ("items", "data", "results", "entries", "records")


def echo_task(schema: Schema, body: Any, source: Any) -> Any:
    """Copy a task's values into same-named result fields, where the result schema accepts them."""
    return _echo_into(body, schema, source if isinstance(source, dict) else {}, frozenset(), 0)


# Response objects that only wrap the record: `{"data": {...}}`, `{"user": {...}}`.
WRAPPER_NAMES = frozenset({"data", "result", "item", "record", "resource", "object", "entity", "payload"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})


def object_schema(schema: Any, value: Any) -> Schema:
    if not isinstance(schema, dict):
        return {}
    schema = folded(schema)
    options = schema.get("oneOf") or schema.get("anyOf")
    if options:
        fitting = [o for o in options if isinstance(o, dict) and fits(o, value)]
        objects = [o for o in options if isinstance(o, dict) and (o.get("properties") or o.get("type") == "object")]
        chosen = (fitting or objects or [{}])[0]
        # the choice made, less the union an option may inherit back (see `folded_with`)
        return object_schema(folded_with(schema, deref(chosen), ("oneOf", "anyOf")), value)
    return dict(schema)


def _echo_into(body: Any, schema: Schema, source: dict[str, Any], blocked: frozenset[str], depth: int) -> Any:
    """Copy `source` (one level of the request) into `body` (one level of the response), following wrappers.

    A field is found under its own name, else under another spelling of it (a form's `FriendlyName` is the
    answer's `friendly_name`, a path's `{AccountSid}` its `account_sid`)."""
    if not isinstance(body, dict) or depth > 8:
        return body
    switched = _of_the_kind_asked(schema, body, source) or _of_the_kind_sent(schema, body, source)
    if switched is not None:
        schema, body = switched
    schema = object_schema(schema, body)
    properties = schema.get("properties") or {}
    body = dict(body)
    spelled = {spelling_key(name): name for name in reversed(source)} if source else {}  # the first spelling wins
    echoed: set[str] = set()
    for key, sub in properties.items():
        if not isinstance(sub, dict) or sub.get("writeOnly"):
            continue
        name = key if key in source else spelled.get(spelling_key(key))
        if name is not None and name not in blocked and (name == key or name not in properties):
            echoed.add(name)
            value = source[name]
            if isinstance(value, dict) and isinstance(body.get(key), dict) and _has_fields(sub, body[key]):
                body[key] = _echo_into(body[key], sub, value, blocked, depth + 1)
            elif (answered := answerable(value, sub)) is not UNANSWERABLE:
                body[key] = answered  # a map (labels, metadata) is the client's whole: its generated keys go
            elif (number := _as_number(value, sub)) is not None:
                body[key] = number  # a path's `{id}` typed text, the answer's `id` an integer (rswag's)
            elif isinstance(value, (str, int)) and not isinstance(value, bool) and isinstance(body.get(key), dict):
                body[key] = _named_by(body[key], sub, value)  # DigitalOcean's `"region": "sfo3"`, a region object
            elif (named_all := _each_named_by(body.get(key), sub, value)) is not None:
                body[key] = named_all  # listmonk's `"lists": [6]`, the subscriber's list objects
        elif isinstance(body.get(key), dict) and (key in WRAPPER_NAMES or len(properties) == 1):
            body[key] = _echo_into(body[key], sub, source, blocked, depth + 1)
        elif name is None and (named := _sibling_named(key, sub, source, properties, blocked)) is not None:
            body[key] = source[named]  # `size_slug` beside a `size` the request named the size by
        elif name is None and (sent := _each_sent_singly(key, sub, source, properties, blocked)) is not None:
            # Clerk's user create sends `email_address: ["ada@…"]` and answers `email_addresses: [{email_address}]`
            field, values = sent
            if (each := _each_named_by(body.get(key), sub, values, field)) is not None:
                body[key] = each
    for key, value in source.items():  # the request wraps its fields (`{"user": {...}}`) where the response does not
        if key not in properties and key not in echoed and isinstance(value, dict) and len(source) == 1:
            # only a request that is nothing but the wrapper wraps the record: beside other fields an object is a
            # field of its own (Adyen's balance check sends `amount` and was answered its own amount as `balance`;
            # OpenAI's video extension sends the `video: {id}` it extends, and the new video took its id)
            body = _echo_into(body, schema, value, blocked, depth + 1)
    if holds_attributes(properties) and isinstance(body.get("attributes"), dict):
        # a JSON:API resource object: what the request sends plainly is its attributes and relationships
        attributes = body["attributes"]
        plain = {
            name: value
            for name, value in source.items()
            if name not in properties
            and name not in blocked
            and (not isinstance(value, dict) or name in attributes)  # `{"address": {...}}` wraps, is no attribute
        }
        body = into_resource_object(body, plain, properties["attributes"])
    if not echoed and source:
        # the record in a wrapper beside others (`{"user": {...}, "user_badges": [...]}`, `{"success": …,
        # "category": {...}}`): the one object whose fields the request names
        holders = [
            key
            for key, sub in properties.items()
            if key not in WRAPPER_NAMES
            and isinstance(body.get(key), dict)
            and {spelling_key(name) for name in object_schema(sub, body[key]).get("properties") or {}} & set(spelled)
        ]
        if len(holders) == 1:
            body[holders[0]] = _echo_into(body[holders[0]], properties[holders[0]], source, blocked, depth + 1)
    elif source:
        body = _ids_one_level_down(body, properties, source, blocked | echoed)
    return body


def _ids_one_level_down(
    body: dict[str, Any], properties: dict[str, Any], source: dict[str, Any], done: Iterable[str]
) -> dict[str, Any]:
    """The answer with each id the request sends that the answer holds only in one object one level down written
    there: Clerk's membership made with `{"user_id": …, "role": …}` answers the role, and the user's in its
    `public_user_data.user_id`, which named another user. Ids only: another field of that name in an object below
    may be another record's (its `organization.name`)."""
    for name, value in source.items():
        if name in done or not names_an_id(name) or not isinstance(value, (str, int)) or isinstance(value, bool):
            continue
        holders = [
            (key, fields)
            for key, sub in properties.items()
            if isinstance(body.get(key), dict)
            and name in (fields := object_schema(sub, body[key]).get("properties") or {})
        ]
        if len(holders) != 1:
            continue
        ((key, fields),) = holders
        if body[key].get(name) != value and is_valid(answer_back_view(fields[name]), value):
            body = {**body, key: {**body[key], name: value}}
    return body


def holds_attributes(properties: Mapping[str, Any]) -> bool:
    """Whether an object is a JSON:API resource object (`id`, `type`, `attributes`, `relationships`), whose fields
    are held in its `attributes` (Rails' jsonapi-serializer answers Spree's and many more APIs so)."""
    attributes, kind = properties.get("attributes"), properties.get("type")
    return (
        isinstance(attributes, dict)
        and "object" in schema_types(deref(attributes))
        and isinstance(kind, dict)
        and "string" in schema_types(deref(kind))
    )  # Stripe's product has a `type` and a list of `attributes`: no resource object


def into_resource_object(
    record: dict[str, Any], fields: Mapping[str, Any], attributes_schema: Any = None
) -> dict[str, Any]:
    """A JSON:API resource object with `fields` sent plainly (`{"address": {"city": …, "country_id": …}}`) written
    where it holds them: a `<name>_id` (`<name>Id`) naming one of its relationships as that relationship's id, any
    other field among its attributes, as `attributes_schema` answers it (`answerable`) where it declares it."""
    if not fields or not isinstance(record.get("attributes", {}), dict):
        return record
    attributes = dict(record.get("attributes") or {})
    held_as = object_schema(attributes_schema, attributes) if attributes_schema else {}
    declared = held_as.get("properties") or {}
    # what the attributes let a field they do not declare hold: anything, nothing, or a schema's values (Flinkster's
    # `attributes` is a map of objects, and the path's `{uid}`, a string, broke every answer it was written into)
    others = deref(held_as.get("additionalProperties", True))
    held = record.get("relationships")
    relationships = dict(held) if isinstance(held, dict) else {}
    for written, value in fields.items():
        name = _RAILS_FIELD.sub(r"\1", written)  # a form's `digital[variant_id]` is the digital's `variant_id`
        related = _relationship_named(name, relationships)
        if related is None:
            field = declared.get(name) if isinstance(declared.get(name), dict) else others
            if field is False:
                continue
            answered = answerable(value, field) if isinstance(field, dict) else value
            if answered is not UNANSWERABLE:
                attributes[name] = answered
            continue
        linkage = relationships[related]["data"]
        given = str(value) if isinstance(linkage.get("id"), str) and isinstance(value, int) else value
        relationships[related] = {**relationships[related], "data": {**linkage, "id": given}}
    out = {**record, "attributes": attributes}
    return {**out, "relationships": relationships} if isinstance(held, dict) else out


_ID_SUFFIX = re.compile(r"(?:_id|Id)$")
_RAILS_FIELD = re.compile(r"^\w+\[(\w+)\]$")


def _relationship_named(name: str, relationships: Mapping[str, Any]) -> str | None:
    """The relationship a `country_id` (`countryId`) names, where the record holds it with one object's linkage."""
    if not _ID_SUFFIX.search(name):
        return None
    stem = spelling_key(_ID_SUFFIX.sub("", name))
    for key, value in relationships.items():
        if spelling_key(key) == stem and isinstance(value, dict) and isinstance(value.get("data"), dict):
            return key
    return None


# `answerable`'s answer for a value the field cannot hold, in any form
UNANSWERABLE: Any = object()
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt ]\d{2}:\d{2}")


def answerable(value: Any, schema: Schema) -> Any:
    """`value` as a field of `schema` answers it back: itself where it fits; a day sent where the field holds a
    moment, that day's midnight UTC, and a moment sent where it holds a day, its day (Firefly III's piggy bank takes
    `start_date` as a date and answers it as a date-time); UNANSWERABLE where neither fits."""
    wanted = answer_back_view(schema)
    if is_valid(wanted, value):
        return value
    if isinstance(value, str):
        moment = _MOMENT.match(value)
        for candidate in (f"{value}T00:00:00Z" if _DAY.match(value) else None, moment[1] if moment else None):
            if candidate is not None and is_valid(wanted, candidate):
                return candidate
    return UNANSWERABLE


def _as_number(value: Any, schema: Any) -> int | float | None:
    """A request's text as the number the answer's field holds, where it is one (`"357"` for an integer `id`)."""
    if not isinstance(value, str) or not {"integer", "number"} & set(schema_types(schema)):
        return None
    try:
        number: int | float = int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            return None
        if not math.isfinite(number):  # `nan`, `inf`, `1e400`: no JSON number
            return None
    return number if is_valid(answer_back_view(schema), number) else None


# The fields an object is named by, in the order a name sent for it is tried: DigitalOcean's region `slug`, an id.
_NAMING_FIELDS = ("slug", "id", "code", "key", "name")


def _named_by(record: dict[str, Any], schema: Any, value: str | int, asked: str | None = None) -> dict[str, Any]:
    """The object the request named by `value` (a slug, an id), holding it in its first naming field that takes it: a
    slug, its own id however spelled (Asana's `gid`: its workspace named by `"12345"` was named "12345"), a code, a
    key, a name; first in `asked`, where the request's own name for the value says which."""
    properties = object_schema(schema, record).get("properties") or {}
    own_ids = [name for name in properties if names_own_id(name) and name not in _NAMING_FIELDS]
    naming = (*((asked,) if asked else ()), _NAMING_FIELDS[0], *own_ids, *_NAMING_FIELDS[1:])
    for field in naming:
        if field in properties and is_valid(answer_back_view(properties[field]), value):
            named = {**record, field: value}
            title = next((t for t in TITLE_NAMES if t != field and isinstance(record.get(t), str)), None)
            said = title_from_slug(value) if field == "slug" and isinstance(value, str) else None
            if title is not None and said and is_valid(answer_back_view(properties.get(title) or {}), said):
                named[title] = said  # the title the slug says (`sfo3`'s "Sfo3"), not the example's "New York 3"
            return named
    return record


def _each_named_by(held: Any, schema: Any, values: Any, field: str | None = None) -> list[Any] | None:
    """The objects a list of ids (or slugs) sent names, one for each, in the list the answer holds objects in: made
    from the answer's own, each named by its value (`_named_by`, in `field` where given); None where that is no list
    of objects, or the answer's field could not take them."""
    if not isinstance(values, list) or not (held is None or isinstance(held, list)):
        return None
    if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
        return None
    items = item_schema(schema, 0) or {}
    if not held:  # none answered to start from: one made for each value, the same each time
        held = [fake_value(items, zlib.crc32(str(value).encode()), for_response=True) for value in values[:1]]
    if values and not all(isinstance(item, dict) for item in held):
        return None
    named = [_named_by(held[n % len(held)], items, value, field) for n, value in enumerate(values)]
    return named if is_valid(answer_back_view(schema), named) else None


def _sibling_named(
    key: str, schema: Any, source: dict[str, Any], properties: dict[str, Any], blocked: frozenset[str]
) -> str | None:
    """The request field a `<name>_slug` or `<name>Id` answer field (of `schema`) names the thing of (`size` for
    `size_slug`), where the answer has no `<name>` field of its own to hold it and the value fits the field."""
    found = re.fullmatch(r"(.+?)(_slug|Slug|_id|Id)", key)
    if found is None or found.group(1) in properties or found.group(1) in blocked:
        return None
    value = source.get(found.group(1))
    named = isinstance(value, (str, int)) and not isinstance(value, bool)
    return found.group(1) if named and is_valid(answer_back_view(schema), value) else None


def _each_sent_singly(
    key: str, schema: Any, source: dict[str, Any], properties: dict[str, Any], blocked: frozenset[str]
) -> tuple[str, list[Any]] | None:
    """(the field of each object, the values) where a list of objects the answer holds (`email_addresses`) was sent
    as a list of values under its singular name (`email_address`), the name its objects hold each under."""
    single = spelling_key(singular(key))
    if single == spelling_key(key):
        return None
    sent = next((name for name in source if spelling_key(name) == single and name not in blocked), None)
    if sent is None or sent in properties or not isinstance(source[sent], list):
        return None
    items = object_schema(item_schema(schema, 0) or {}, {}).get("properties") or {}
    field = next((name for name in items if spelling_key(name) == single), None)
    return (field, source[sent]) if field is not None else None


def _has_fields(schema: Any, value: Any) -> bool:
    """Whether an object's schema names its fields, so a sent object is merged into it field by field; a map's
    (`additionalProperties` only: Kubernetes labels, Stripe metadata) is replaced by the one sent."""
    return bool(object_schema(schema, value).get("properties"))


def _of_the_kind_asked(schema: Any, body: dict[str, Any], source: dict[str, Any]) -> tuple[Schema, Any] | None:
    """Where the answer is one of several kinds told apart by a discriminator (or a property each kind pins to its
    own `const`, as 3.1 specs write it) and the request asks for another kind
    than `body` is (PagerDuty's `action_type: process_automation` answered with a generated `script` action): the
    selected kind's schema and a body of that kind, keeping what `body` holds that the kind has room for. None
    where nothing is to change."""
    named = kind_named(schema, source)
    if named is None:
        return None
    tag, wanted, kind = named
    if wanted == body.get(tag):
        return None
    fresh = fake_value(kind, zlib.crc32(wanted.encode()), for_response=True)
    if not isinstance(fresh, dict):
        return None
    properties = folded(kind).get("properties") or {}
    kept = {
        name: value
        for name, value in body.items()
        if name in properties and isinstance(properties[name], dict) and is_valid(properties[name], value)
    }
    return kind, {**fresh, **kept, tag: wanted}


def _of_the_kind_sent(schema: Any, body: dict[str, Any], source: dict[str, Any]) -> tuple[Schema, Any] | None:
    """Where the answer is one of several kinds told apart by no tag, only by fields each declares alone (Lob's
    identity validation: a recipient's `recipient` or a company's `company`), and the request sends such fields of
    one kind only, not the kind `body` is: that kind's schema and a body of that kind (set apart from the others as
    `fake_data.set_apart` sets a generated one), keeping what `body` holds that the kind has room for. None where
    nothing is to change."""
    folded_schema = folded(schema) if isinstance(schema, dict) else {}
    options = [deref(o) for o in folded_schema.get("oneOf") or folded_schema.get("anyOf") or ()]
    if len(options) < 2 or not all(isinstance(o, dict) for o in options) or not source:
        return None
    declared = [set(declared_properties(o)) for o in options]  # names only: it reads `allOf` parts itself
    asked = [
        index
        for index, names in enumerate(declared)
        if any(name in source and all(name not in other for other in declared if other is not names) for name in names)
    ]
    if len(asked) != 1:
        return None
    option, others = options[asked[0]], [o for n, o in enumerate(options) if n != asked[0]]
    # a `oneOf`'s kinds exclude each other; an `anyOf`'s do not, and a value of several of them is of each (Adyen's
    # `additionalData`, any of nine groups of text fields: set apart, it held a null for each other group's field)
    exclusive = "oneOf" in folded_schema
    if fits(option, body) and not (exclusive and any(fits(other, body) for other in others)):
        return None  # already of that kind
    kind = folded_with(folded_schema, option, ("oneOf", "anyOf"))
    fresh = fake_value(kind, zlib.crc32(json.dumps(sorted(source)).encode()), for_response=True)
    if not isinstance(fresh, dict):
        return None
    if exclusive:
        fresh = set_apart(fresh, option, others, answer=True) or fresh
    properties = folded(kind).get("properties") or {}
    others_own = set().union(*(names for n, names in enumerate(declared) if n != asked[0])) - declared[asked[0]]
    kept = {
        name: value
        for name, value in body.items()
        if name in properties
        and name not in others_own
        and isinstance(properties[name], dict)
        and is_valid(properties[name], value)
    }
    return kind, {**fresh, **kept}


def kind_named(schema: Any, fields: Mapping[str, Any]) -> tuple[str, str, Schema] | None:
    """Of a schema that is one of several kinds told apart by a tag (a discriminator, or a property each kind pins
    to values of its own), the kind `fields` name: (the tag's property, its value, the kind's schema). None where
    the schema has no kinds or the fields name none."""
    if not isinstance(schema, dict):
        return None
    found = discriminator_of(schema) if "discriminator" in schema else pinned_tag(schema)
    wanted = fields.get(found.property) if found is not None else None
    if found is None or not isinstance(wanted, str) or wanted not in found.targets:
        return None
    return found.property, wanted, folded_with(schema, found.targets[wanted], ("discriminator", found.combinator))


def record_field_name(properties: dict[str, Any], name: str) -> str:
    """The record's own spelling of a field the request names: `name` itself when the record has it, else the
    one property spelled otherwise (`FriendlyName` -> `friendly_name`), else `name`."""
    if name in properties:
        return name
    key = spelling_key(name)
    return next((own for own in properties if spelling_key(own) == key), name)


@functools.lru_cache(maxsize=8192)
def _never_echoed(operation: Operation | None) -> frozenset[str]:
    """Request fields that must not come back: writeOnly ones, passwords and files (an upload's bytes are no
    field of the answer: what it says of the file is `_file_facts`)."""
    names: set[str] = set()
    if operation is None or operation.request_body is None:
        return frozenset()

    def walk(schema: Any, depth: int) -> None:
        if not isinstance(schema, dict) or depth > 12:
            return
        for key in ("allOf", "oneOf", "anyOf"):
            for part in schema.get(key) or []:
                walk(part, depth + 1)
        for name, sub in (schema.get("properties") or {}).items():
            if isinstance(sub, dict) and (sub.get("writeOnly") or sub.get("format") in ("password", "binary")):
                names.add(name)
            walk(sub, depth + 1)
        walk(schema.get("items"), depth + 1)

    for media in operation.request_body.content.values():
        walk(media.schema, 0)
    return frozenset(names)


def _path_sources(operation: Operation | None, validated: ValidatedRequest) -> dict[str, Any]:
    """Path and query values by name; the parameter that ends the path also names the record's `id`."""
    # A page size is said back (`limit: 3`), except one that asks for the default page (`limit=0`): how long that
    # is, the answer does not say.
    source: dict[str, Any] = {
        k: v
        for k, v in validated.query.items()
        if spelling_key(k) not in _PAGE_SIZE_KEYS or (_query_number({k: v}, (k,)) or 0) > 0
    }
    source.update(validated.path_params)
    if operation is None:
        return source
    # `/clients/{id}/roles` and `/clients/{id}/roles/{name}`: the `{id}` is the client's, not the id of a role
    # (each role made was given it). Where the path ends in a parameter, only that one may name the answer's
    # own id; in a collection, none. A path that ends in a verb (`/pets/{id}/adopt`,
    # `/statuses/{id}/quotes/{quoting_status_id}/revoke`) may answer the record its `{id}` names: left as it is.
    template = split_path_key(operation.path)[0]  # Anthropic's `/v1/files/{file_id}?beta=true`: its path alone
    named = path_parameter_names(template)
    ends_in_one = template.rstrip("/").endswith("}")
    if ends_in_one or _ends_in_a_collection(template):
        segments = [segment for segment in template.strip("/").split("/") if segment]
        for name in named[:-1] if ends_in_one else named:
            if names_own_id(name) and name in source:
                # still the id of the record the segment before it names: Vikunja's `PUT /projects/{id}/tasks`
                # makes a task of that project, its `project_id`
                at = segments.index("{" + name + "}") if "{" + name + "}" in segments else 0
                if at > 0 and not segments[at - 1].startswith("{"):
                    source.setdefault(f"{singular(segments[at - 1])}_id", source[name])
                del source[name]
    last = re.fullmatch(r".*/\{([^/{}]+)\}/?", template)
    if last and last.group(1) in validated.path_params:
        name = last.group(1)
        # `/issues/{issue_number}` names the record's `number`, `/teams/{team_slug}` its `slug`.
        suffix = re.fullmatch(r".+?[_-]?(id|number|slug|key|name|sid|uuid)", name, re.IGNORECASE)
        aliases = ["id", suffix.group(1).lower()] if suffix else ["id"]
        for alias in aliases:
            source.setdefault(alias, validated.path_params[name])
    return source


def _ends_in_a_collection(path: str) -> bool:
    """Whether a path ends in a plural noun (`/clients/{id}/roles`, `/roles/{name}`'s parent), whose records are
    not the ones its parameters name, rather than in an item (`{id}`) or a verb (`/pets/{id}/adopt`, which may
    answer the pet)."""
    segments = [segment for segment in path.split("/") if segment]
    if not segments or segments[-1].startswith("{"):
        return False
    noun = re.split(r"[^A-Za-z]", segments[-1])[-1].lower() or segments[-1].lower()
    return singular(noun) != noun


def echo_request_fields(
    schema: Schema | None, body: Any, validated: ValidatedRequest, operation: Operation | None = None
) -> Any:
    if schema is None or not isinstance(body, dict):
        return body
    blocked = _never_echoed(operation)
    made = body
    if isinstance(validated.body, dict):
        body = _echo_into(body, schema, sent_as_declared(operation, validated.body), blocked, 0)
    body = _echo_into(body, schema, _path_sources(operation, validated), frozenset(), 0)
    if len(validated.files) == 1:
        body = _echo_into(body, schema, _file_facts(validated.files[0]), frozenset(), 0)
    body = _query_left_unset(body, schema, operation, validated) if operation is not None else body
    # each value fits its field, but together they fit two of a `oneOf`'s options, which is none: Okta's new JSON web
    # key, an RSA key sent for encryption, was as much a signing key once echoed
    return _unless_it_leaves_its_choice(schema, body, made)


_CHOICES: IdentityCache[bool] = IdentityCache(max_entries=20_000)


def _unless_it_leaves_its_choice(schema: Schema, changed: Any, made: Any) -> Any:
    """`changed`, unless it no longer fits a schema with a `oneOf` or an `anyOf` (`_holds_a_choice`) that `made`, the
    answer it was changed from, fits: then `made`. Fields that each fit may together fit none of the options, or two
    of a `oneOf`'s."""
    if (
        _holds_a_choice(schema)
        and not is_valid(response_view(schema), changed)
        and is_valid(response_view(schema), made)
    ):
        return made
    return changed


def _holds_a_choice(schema: Schema) -> bool:
    """Whether a schema has a `oneOf` or an `anyOf` anywhere: where a value made of fields that each fit may fit it
    no more (two of a `oneOf`'s options; an `anyOf` beside an `additionalProperties` its options' fields must meet)."""
    return _CHOICES.get_or_build(
        (schema,), lambda: any("oneOf" in node or "anyOf" in node for node in objects_reached([schema]))
    )


def _file_facts(upload: UploadedFile) -> dict[str, Any]:
    """What an upload's answer says about its one file, by the names answers give it (each also found in other
    spellings: `fileName`, `mimeType`, `sizeInBytes`): listmonk's `filename` and `content_type`, OpenAI's `bytes`,
    immich's `originalFileName`. Not `name`, which is as often the record's own name."""
    return {
        "filename": upload.filename,
        "original_filename": upload.filename,
        "content_type": upload.media_type,
        "mime_type": upload.media_type,
        "mimetype": upload.media_type,
        "size": upload.size,
        "bytes": upload.size,
        "file_size": upload.size,
        "size_bytes": upload.size,
        "size_in_bytes": upload.size,
    }


def _query_left_unset(body: Any, schema: Schema, operation: Operation, validated: ValidatedRequest) -> Any:
    """The answer's top-level fields named for the query parameters the request did not send, saying so: the
    parameter's default, the field's, null, else a value that means none (`default`, `none`), where the field takes
    one. Radarr's page said `sortKey: "back"` and a random `sortDirection` for a list nobody asked to sort."""
    if not isinstance(body, dict):
        return body
    properties: dict[str, Any] = {}
    out = body
    for parameter in operation.parameters:
        if parameter.location != "query" or parameter.name in validated.query:
            continue
        properties = properties or (folded(deref(schema)).get("properties") or {})
        field = record_field_name(properties, parameter.name)
        if field not in out or not isinstance(properties.get(field), dict):
            continue
        wanted = answer_back_view(properties[field])
        own = folded(deref(properties[field]))
        for candidate in (
            deref(parameter.schema).get("default", _UNSET),
            own.get("default", _UNSET),
            None,
            *(v for v in own.get("enum") or () if str(v).lower() in _NONE_CHOSEN),
        ):
            if candidate is not _UNSET and is_valid(wanted, candidate):
                out = {**out, field: candidate}
                break
    return out


_NONE_CHOSEN = frozenset({"default", "none", "unspecified", "unset"})  # an enum's value for "nothing asked"


def echo_body_into(schema: Schema, record: Any, body: Any, operation: Operation | None) -> Any:
    """A request body's fields copied into `record` at any depth, through wrappers (never writeOnly or passwords)."""
    if not isinstance(body, dict) or not isinstance(record, dict):
        return record
    return _echo_into(record, schema, sent_as_declared(operation, body), _never_echoed(operation), 0)


def left_unset(
    properties: dict[str, Any], record: dict[str, Any], operation: Operation, sent: set[str], keep: Iterable[str] = ()
) -> dict[str, Any]:
    """`record` (of these `properties`) with each field the write could have set but did not (`sent` names what it
    did, `keep` what stays as it is: the id) as a client who set nothing sees it: the default the request or the
    record declares, else an empty list, else null where allowed, else off for a flag (on for one named for a live
    state: `is_active`, `enabled`); never a made-up value. A field
    with none of these keeps its value, and so does one the write could not set, unless the record declares its
    default."""
    out = dict(record)
    kept = set(keep)
    offered = {record_field_name(properties, name): (name, sub) for name, sub in _offered_fields(operation).items()}
    for field, schema in properties.items():
        name, offer = offered.get(field, (field, None))
        if name in sent or field in sent or field in kept or not isinstance(schema, dict):
            continue
        wanted = answer_back_view(schema)
        declared = [s.get("default", _UNSET) for s in (offer, folded(schema)) if isinstance(s, dict)]
        # a field the write could not set keeps its value unless the record declares its default (`is_active`)
        unset_flag = bool(_ON_FROM_THE_START.search(field))  # `is_active`, `enabled`: on; `is_superuser`: off
        # else the first of the choices the write offered (listmonk's list `type`: public or private, not "lay")
        choice = [*(folded(deref(offer)).get("enum") or ())[:1]] if isinstance(offer, dict) else []
        for candidate in (*declared, [], None, unset_flag, *choice) if offer is not None else declared:
            if candidate is not _UNSET and is_valid(wanted, candidate):
                out[field] = candidate
                break
    return out


_UNSET = object()
# Flags named for the live state a record starts in: unset, they are on (authentik's user made without `is_active`).
_ON_FROM_THE_START = re.compile(
    r"^(is_?)?(active|enabled|visible|available)$|_(active|enabled|visible|available)$"
    r"|[a-z](Active|Enabled|Visible|Available)$"
)


def _offered_fields(operation: Operation) -> dict[str, Schema]:
    """The fields a write's JSON body may set, by name, through one wrapper (`{"article": {...}}`)."""
    body = operation.request_body
    media = body.json_media() if body is not None else None
    schema = folded(media.schema) if media is not None and isinstance(media.schema, dict) else {}
    properties = dict(schema.get("properties") or {})
    if len(properties) == 1:
        inner = folded(next(iter(properties.values())))
        if isinstance(inner, dict) and inner.get("properties"):
            return dict(inner["properties"])
    return {name: folded(sub) for name, sub in properties.items() if isinstance(sub, dict)}


def sent_as_declared(operation: Operation | None, body: Any) -> Any:
    """The request body without the fields its schema does not name, where the schema names its fields and does not
    ask for others (`additionalProperties`), at the top and inside its one wrapper (`{"article": {...}}`): a server
    drops what its model does not name. The FastAPI template's item update that also sent `owner_id` gave the item
    to that owner, and a create that sent an `id` chose its own."""
    schema = request_schema(operation) if operation is not None else None
    if not isinstance(body, dict) or schema is None or operation is None:
        return body
    return _json_text_decoded(operation, schema, _declared_part(schema, body, 0))


def _json_text_decoded(operation: Operation, schema: Schema, body: dict[str, Any]) -> dict[str, Any]:
    """A form body's JSON text for a field of no declared type decoded to the object or list it writes: a form
    sends only text, and Twilio Sync's `Data` ("a JSON string that represents an arbitrary object") is held as the
    object it writes. Not in a JSON body, whose client sent the text as text."""
    content = operation.request_body.content if operation.request_body is not None else {}
    if not content or any(essence(media) not in FORM_MEDIA_TYPES for media in content):
        return body
    properties = object_schema(deref(schema), body).get("properties") or {}
    out = dict(body)
    for name, value in body.items():
        sub = properties.get(name)
        if not (isinstance(value, str) and value.lstrip()[:1] in ("{", "[") and isinstance(sub, dict)):
            continue
        if schema_types(folded(deref(sub))):
            continue  # declared as text (or anything else): the client's text is what it sent
        try:
            decoded = json.loads(value)
        except ValueError:
            continue
        if isinstance(decoded, (dict, list)):
            out[name] = decoded
    return out


def request_schema(operation: Operation) -> Schema | None:
    """The schema of an operation's request body: its first media type's that has one; None without one."""
    body = operation.request_body
    return next((m.schema for m in body.content.values() if m.schema is not None), None) if body else None


def declared_fields(schema: Any, value: Any) -> dict[str, Any] | None:
    """The properties an object schema names (the option of a `oneOf` that `value` fits), where it names them and
    asks for no others (`additionalProperties`); None where any field may come."""
    declared = object_schema(deref(schema), value)
    named = declared.get("properties")
    if not isinstance(named, dict) or not named or declared.get("additionalProperties") not in (None, False):
        return None
    return named


def _declared_part(schema: Any, body: dict[str, Any], depth: int) -> dict[str, Any]:
    named = declared_fields(schema, body)
    if named is None:
        return body
    kept = {name: value for name, value in body.items() if name in named}
    if depth == 0 and len(kept) == 1:
        ((name, inner),) = kept.items()
        if isinstance(inner, dict):
            kept = {name: _declared_part(named[name], inner, 1)}
    return kept


def pinned_names(validated: ValidatedRequest) -> frozenset[str]:
    """The spelling keys of the field names whose values the request gave, at any depth: coherence must not
    overwrite those fields, however the answer spells them."""
    names: set[str] = {spelling_key(name) for name in (*validated.path_params, *validated.query)}

    def walk(value: Any, depth: int) -> None:
        if isinstance(value, dict) and depth < 8:
            for key, item in value.items():
                names.add(spelling_key(key))
                walk(item, depth + 1)

    walk(validated.body, 0)
    return frozenset(names)


# ---------------------------------------------------------------- actions


def action_of(operation: Operation) -> tuple[tuple[str, ...], bool] | None:
    """(the stems of the flags it sets, on or off) for `POST`/`PUT`/`DELETE /articles/{slug}/favorite`; a restore
    takes back each end a record may come back from (`archived`, `deleted_at`, `trashed`)."""
    if operation.method not in ("POST", "PUT", "DELETE"):
        return None
    literal = [seg for seg in operation.path.strip("/").split("/") if seg and not seg.startswith("{")]
    if not literal or operation.path.rstrip("/").endswith("}"):
        return None
    stem = literal[-1].rpartition(".")[2].lower().rstrip("e")  # RPC-style, the word after the noun: `documents.archive`
    undoing = stem.startswith("un") and len(stem) > 4  # Mastodon's `POST …/unfavourite`, `unpin`, `unfollow`
    if undoing:
        stem = stem[2:]
    if len(stem) < 3:
        return None
    if stem in _RESTORING:  # Outline's `documents.restore`, `POST /files/{id}/restore`
        return _RESTORED, False
    return (stem,), operation.method != "DELETE" and not undoing


# what brings a record back (`restore`, `recover`, as `action_of` stems them), and the ends it comes back from
_RESTORING = frozenset({"restor", "recover", "reinstat"})
_RESTORED = ("archiv", "delet", "trash", "remov")


def apply_action(operation: Operation, schema: Schema, body: Any) -> Any:
    """`POST /articles/{slug}/favorite` answers `favorited: true`; `DELETE` of it answers false."""
    action = action_of(operation)
    if action is None:
        return body
    stems, on = action
    for stem in stems:
        body = _set_flags(body, schema, stem, on)
    return body


# A rule for one field of a body: its name, value and schema in, the value to put there, or UNCHANGED
# (an object left unchanged is walked into).
FieldRule = Callable[[str, Any, Schema], Any]
UNCHANGED: Any = object()


def _rewrite_fields(body: Any, schema: Schema, rule: FieldRule, max_depth: int, depth: int = 0) -> Any:
    """The body with `rule` applied to every field of every object down to `max_depth`, along its schema."""
    if not isinstance(body, dict) or depth > max_depth:
        return body
    schema = object_schema(schema, body)
    properties = schema.get("properties") or {}
    out = dict(body)
    for key, value in body.items():
        sub = properties.get(key) or {}
        rewritten = rule(key, value, sub)
        if rewritten is not UNCHANGED:
            out[key] = rewritten
        elif isinstance(value, dict):
            out[key] = _rewrite_fields(value, sub, rule, max_depth, depth + 1)
    return out


def _set_flags(body: Any, schema: Schema, stem: str, on: bool) -> Any:
    """The caller's flag (`favorited`, `is_following`…) and its count, as the action just left them."""

    def flag(key: str, value: Any, sub: Schema) -> Any:
        plain = re.sub(r"^(is_?|has_?)", "", key.lower())
        if not plain.startswith(stem):
            return UNCHANGED
        if isinstance(value, bool):
            return on if is_valid(sub, on) else UNCHANGED
        if isinstance(value, int) and "count" in plain:
            # Favorited by the caller: at least one favorite. Unfavorited: the caller's was the only one known.
            wanted = max(value, 1) if on else 0
            return wanted if is_valid(sub, wanted) else value
        return UNCHANGED

    return _rewrite_fields(body, schema, flag, max_depth=3)


_COUNTER = re.compile(r"(_count|Count|^count)$|^(num|number_of|numberOf)(_|[A-Z])")  # `num_documents` (Typesense's)
# An object of a record's tallies, each a count (Lemmy's `counts: {comments, score}`): none yet when it is made.
_TALLIES = re.compile(r"^(counts|counters|stats|statistics|aggregates|tallies)$", re.IGNORECASE)


# What ends a record's life (or changes it after it was made), as a flag (`completed`, `is_archived`) or as the
# moment of it (`completedAt`, `archived_at`, `closed_on`, Mastodon's `edited_at`): a record just created has not
# ended, nor been edited.
_ENDED = (
    r"(completed?|done|finished|archived|deleted|removed|closed|resolved|cancell?ed|revoked|merged|dismissed|trashed"
    r"|edited)"
)
_ENDED_FLAG = re.compile(rf"^(is_?)?{_ENDED}$", re.IGNORECASE)
# What a moderator or the owner does to a record after it was made (Lemmy's `locked`, a user `banned`, a post
# `featured`): a record just made has none of these flags on, unless the request set them.
_SET_LATER_FLAG = re.compile(
    r"^(is_?)?(locked|banned|suspended|blocked|muted|frozen|pinned|featured|hidden|stickied|quarantined)$",
    re.IGNORECASE,
)
_ENDED_MOMENT = re.compile(rf"^{_ENDED}_?(at|on|date|time|timestamp)$", re.IGNORECASE)
# Who ended it (`completed_by`, `closedBy`, `merged_by_id`): nobody yet, as no moment has come (Asana's task just made,
# `completed: false`, was completed by its example's user)
_ENDED_ACTOR = re.compile(rf"^{_ENDED}_?by(_?(id|user|user_?id))?$", re.IGNORECASE)
# The moment a record was last used, which one just made has not been (gotify's new application was last used in 2019)
_LAST_USED = re.compile(
    r"^last_?(used|seen|login|logged_?in|accessed|access|activity|active|run|synced|sync)(_?(at|on|date|time))?$",
    re.IGNORECASE,
)
_ENDED_STATUS = re.compile(rf"^({_ENDED}|failed|expired|rejected|complete)$", re.IGNORECASE)
_STATUS = re.compile(r"^(status|state)$", re.IGNORECASE)


def moments_ended(record: dict[str, Any], schema: Schema, sent: Any) -> dict[str, bool]:
    """Which moments of a record's end (`completedAt`, `closed_at`) an update decides: ended (True) where the request
    set the matching flag true (`completed`) or a `status`/`state` to that end (`closed`); not ended (False) where it
    set the flag false or the status to one that has not ended (`open` again). Never a moment the request set."""
    properties = object_schema(schema, record).get("properties") or {}
    sent_names = [name for name in sent if name in record] if isinstance(sent, dict) else []
    told: dict[str, bool] = {}
    for name in properties:
        moment = _ENDED_MOMENT.match(name)
        if moment is None or name in sent_names:
            continue
        stem = end_stem(moment.group(1))
        for said in sent_names:
            value = record[said]
            if isinstance(value, bool) and _ENDED_FLAG.match(said) and end_stem(said) == stem:
                told[name] = value
            elif isinstance(value, str) and _STATUS.match(said):
                ended = _ENDED_STATUS.match(value) is not None
                if not ended or end_stem(value) == stem:
                    told[name] = ended
    return told


def moments_acted(schema: Schema, record: dict[str, Any], stem: str, on: bool) -> dict[str, bool]:
    """The moments of what an action does (`archivedAt` of `POST /documents/{id}/archive`, `published_at` of
    `publish`) it decides, as `moments_ended` tells them: set (True) by the action, cleared (False) by its undoing
    (`unpublish`)."""
    return dict.fromkeys(moments_named(object_schema(schema, record).get("properties") or {}, stem), on)


def moments_flagged(schema: Schema, record: dict[str, Any], sent: Any) -> dict[str, bool]:
    """The moments a flag the request sends decides, whether the record holds it or not: Outline's
    `documents.create {"publish": true}` publishes the document (`publishedAt`), `{"archived": false}` un-archives
    it. A moment the request set itself is its own."""
    if not isinstance(sent, dict):
        return {}
    told: dict[str, bool] = {}
    for name, value in sent.items():
        if isinstance(value, bool):
            stem = flag_stem(name)
            told.update(moments_acted(schema, record, stem, value) if len(stem) >= 3 else {})
    return {name: on for name, on in told.items() if name not in sent}


def fresh_record(body: Any, schema: Schema, sent: Any) -> Any:
    """A record just created has no favorites, comments or views yet, has not ended and has not been used: its
    flags of an end (`_ENDED_FLAG`) are false, and the moments of an end or of its last use, and who ended it, null
    where the schema allows it, else left out where it may be. Only in the record (or the one object its wrapper
    holds), never a field the client sent."""

    def zero(key: str, value: Any, sub: Schema) -> Any:
        if isinstance(value, dict) and _TALLIES.match(key):
            return _tallies_zeroed(value, sub)
        counter = isinstance(value, int) and not isinstance(value, bool) and _COUNTER.search(key)
        return 0 if counter and is_valid(sub, 0) else UNCHANGED

    return on_the_record(_rewrite_fields(body, schema, zero, max_depth=2), schema, sent, _not_ended)


def _tallies_zeroed(tallies: dict[str, Any], schema: Schema) -> dict[str, Any]:
    """An object of tallies with each of its counts 0 (never an id it holds: Lemmy's `counts.post_id`)."""
    properties = object_schema(schema, tallies).get("properties") or {}
    return {
        name: 0
        if isinstance(value, int)
        and not isinstance(value, bool)
        and not names_an_id(name)
        and is_valid(properties.get(name) or {}, 0)
        else value
        for name, value in tallies.items()
    }


def on_the_record(
    body: Any, schema: Schema, sent: Any, change: Callable[[dict[str, Any], Schema, Any], dict[str, Any]]
) -> Any:
    """`change(record, its schema, what the request sent of it)` applied to the record an answer is about: the body,
    or the one object a wrapper of one field holds (`{"data": {...}}`), with the request's part under that field."""
    if not isinstance(body, dict):
        return body
    if len(body) == 1 and isinstance(next(iter(body.values())), dict):
        ((name, record),) = body.items()
        inner = (object_schema(schema, body).get("properties") or {}).get(name) or {}
        inner_sent = sent.get(name) if isinstance(sent, dict) and isinstance(sent.get(name), dict) else sent
        return {name: change(record, inner, inner_sent)}
    return change(body, schema, sent)


def _not_ended(record: dict[str, Any], schema: Schema, sent: Any) -> dict[str, Any]:
    schema = object_schema(schema, record)
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    sent_names = set(sent) if isinstance(sent, dict) else set()
    out = dict(record)
    for key, value in record.items():
        if key in sent_names:
            continue
        sub = properties.get(key) or {}
        if value is True and (_ENDED_FLAG.match(key) or _SET_LATER_FLAG.match(key)) and is_valid(sub, False):
            out[key] = False
        elif value is not None and (_ENDED_MOMENT.match(key) or _ENDED_ACTOR.match(key) or _LAST_USED.match(key)):
            if is_valid(sub, None):
                out[key] = None
            elif key not in required:
                del out[key]
        elif isinstance(value, str) and _STATUS.match(key) and _ENDED_STATUS.match(value):
            begun = [
                option
                for option in sub.get("enum") or ()
                if isinstance(option, str) and not _ENDED_STATUS.match(option)
            ]
            if begun and is_valid(sub, begun[0]):
                out[key] = begun[0]
    return out


# What no two records made share (spelling keys), beside its own ids (`names_own_id`: `id`, `uuid`, Asana's `gid`):
# the credentials or unique keys the server gives each, and the short ids its URLs use (Outline's every document
# answered the example's `urlId`).
_OWN_TO_EACH_RECORD = frozenset(
    {"token", "accesstoken", "apikey", "secret", "clientsecret", "urlid", "shortid", "publicid"}
)


def fresh_example_ids(body: Any, schema: Schema, seed: int, pinned: frozenset[str]) -> Any:
    """An answer taken from the spec's example for a create, with ids of its own: every payment or session made
    answered the example's one id (Adyen's `CS451F2AB1ED897A94`, Train's `p1`). Each id keeps its example's shape
    (its letters before the first digit, then digits as digits and letters as letters of the same case and range),
    drawn from this request's seed, and only where the schema takes the new one (a uuid stays a uuid). Only the
    record's own `id` and the secrets that are each record's own (`token`, `uuid`: gotify's every application had
    the example's `AWH0wZ5r0Mbac.r`), in the answer or the one object it wraps, and never one the request gave
    (`pinned`)."""
    rng = random.Random(seed)

    def reroll(key: str, value: Any, sub: Schema) -> Any:
        own = spelling_key(key) in _OWN_TO_EACH_RECORD or names_own_id(key)
        if not own or spelling_key(key) in pinned:
            return UNCHANGED
        fresh: Any
        if isinstance(value, str) and value:
            fresh = same_shape(value, rng)
        elif isinstance(value, int) and not isinstance(value, bool) and value > 0:
            digits = max(len(str(value)), 6)
            fresh = rng.randint(10 ** (digits - 1), 10**digits - 1)
        else:
            return UNCHANGED
        return fresh if fresh != value and is_valid(answer_back_view(sub), fresh) else UNCHANGED

    return _rewrite_fields(body, schema, reroll, max_depth=1)


def without_repeated_records(operation: Operation, schema: Schema, body: Any) -> Any:
    """A list answer taken from the spec's example, each record in it once: a record listed again under the same own
    id (`names_own_id`) is left out, unless the list's `minItems` needs it. Azure's example of every Event Hubs
    namespace held one namespace twice, and a frontend keying rows by id showed one row for two."""
    listed = _listed(schema, body) if operation.method == "GET" else None
    if not listed or not listed[1]:
        return body
    name, items = listed
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in items:
        identity = _own_identity(item)
        if identity is not None and identity in seen:
            continue
        if identity is not None:
            seen.add(identity)
        kept.append(item)
    array = schema if name is None else (object_schema(schema, body).get("properties") or {})[name]
    if len(kept) == len(items) or len(kept) < int(_keywords(array).get("minItems", 0)):
        return body
    return kept if name is None else {**body, name: kept}


def _own_identity(item: Any) -> tuple[str, str] | None:
    """A record's own id, named as the record names it (`id` before `uuid` or `gid`); None for no record or no id."""
    if not isinstance(item, dict):
        return None
    for key in own_id_keys(item):
        value = item[key]
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return key, str(value)
    return None


def fit_to_page(operation: Operation, schema: Schema, body: Any, query: dict[str, Any]) -> Any:
    """A generated list cut to the page asked for: `limit` items from the `offset`, or from the `page`'s start.

    A static answer is the whole collection. Asked for `limit=3` it holds its first 3, and `page=2&limit=3` the next
    3 (it held none: a client walking the pages never saw most of the list); without a limit it is one page long, so
    the next page (`page=2`, `offset` past its end) is empty and a client walking the pages stops. `limit=0` is the
    default page. Never fewer items than the list's `minItems`.
    """
    if operation.method != "GET":
        return body
    body = _said_last(schema, body)
    if not query:
        return body
    limit = _query_number(query, LIMIT_PARAMS)
    if limit is not None and limit <= 0:
        limit = None  # asks for the default page, as an inferred list takes it (GitHub's per_page=0 does too)
    offset = _query_number(query, OFFSET_PARAMS)
    page = _query_number(query, PAGE_PARAMS)
    first_page = first_page_number(operation)
    past_first = (offset is not None and offset > 0) or (page is not None and page > first_page)
    if limit is None and not past_first:
        return body

    def cut(items: list[Any], array: Any) -> list[Any]:
        size = len(items) if limit is None else limit
        if offset is not None and offset > 0:
            start = offset
        elif page is not None and page > first_page:
            start = (page - first_page) * size
        else:
            start = 0
        window = items[start : start + size]
        least = int(_keywords(array).get("minItems", 0))
        if len(window) >= least:
            return window
        if start == 0:
            return items[:least]
        # a page past the collection's end that must still hold `minItems` (Discourse's user lists): records of
        # their own, each the first page's with ids drawn anew, never the first page's again
        each = item_schema(array, 0)
        filler = [
            fresh_example_ids(item, each, start + n, frozenset()) for n, item in enumerate(items[: least - len(window)])
        ]
        return window + filler

    if isinstance(body, list):
        return cut(body, schema)
    name = _page_array(schema, body)
    if name is None:
        return body
    paged = {**body, name: cut(body[name], (object_schema(schema, body).get("properties") or {})[name])}
    # Fulfillment.com's `GET /orders` answers one order, its `trackingNumbers` taken for the page: emptied, it fitted a
    # plain order and a hydrated one alike, which is neither of its `oneOf`
    return _unless_it_leaves_its_choice(schema, paged, body)


def _listed(schema: Schema, body: Any) -> tuple[str | None, list[Any]] | None:
    """A list answer's items, and the field of its object that holds them (None where the answer is the list); None
    for an answer that is no list."""
    if isinstance(body, list):
        return None, body
    name = _page_array(schema, body)
    return (name, body[name]) if name is not None else None


def _page_array(schema: Schema, body: Any) -> str | None:
    """The field of a list answer's object that holds the page; None where it has none or does not say which."""
    if not isinstance(body, dict):
        return None
    properties = object_schema(schema, body).get("properties") or {}
    arrays = [name for name, value in body.items() if isinstance(value, list) and name in properties]
    if len(arrays) > 1:  # a page is no tuple (`[ts, null]`), and it holds records if any array does
        arrays = [name for name in arrays if "prefixItems" not in _keywords(properties[name])] or arrays
    if len(arrays) > 1:
        arrays = [name for name in arrays if "object" in schema_types(item_schema(properties[name], 0))] or arrays
    named = [name for name in PAGE_ARRAY_NAMES if name in arrays]
    if not named and len(arrays) != 1:
        return None  # which of several arrays is the page is not said
    return (named or arrays)[0]


def static_page(operation: Operation, schema: Schema, whole: Any, query: dict[str, Any]) -> dict[PageFact, Any] | None:
    """What a static list answer says of its page (`page_facts`), for the whole collection `whole` it answers from
    and the page the query asks for (as `fit_to_page` cuts it); None for an answer that is no list."""
    listed = _listed(schema, whole) if operation.method == "GET" else None
    if listed is None:
        return None
    total = len(listed[1])
    limit = _query_number(query, LIMIT_PARAMS)
    if limit is None or limit <= 0:  # the default page, the whole list: its size the parameter's default if it fits
        default = next(
            (p.schema.get("default") for p in operation.parameters if p.location == "query" and p.name in LIMIT_PARAMS),
            None,
        )
        limit = (
            default
            if isinstance(default, int) and not isinstance(default, bool) and default >= total
            else max(total, 1)
        )
    first = first_page_number(operation)
    offset = _query_number(query, OFFSET_PARAMS)
    page = _query_number(query, PAGE_PARAMS)
    if offset is None or offset < 0:
        offset = (max(page, first) - first) * limit if page is not None else 0
    return page_facts(total, limit, offset, first)


def page_headers(headers: Iterable[str], facts: dict[PageFact, Any]) -> dict[str, str]:
    """The values of a list answer's paging headers (`page_header`): `X-Total-Count` counts the records a client
    pages through, not a number drawn apart from them."""
    return {name: str(facts[what]) for name in headers if (what := page_header(name)) is not None}


def with_page_facts(schema: Schema, body: Any, facts: dict[PageFact, Any]) -> Any:
    """A list answer whose fields counting its records and numbering its pages (`page_fields`: will_paginate's
    `meta.pagination`) say what its page is, where the schema takes it; the spec's example said "page 3 of 4,
    100 entries" on every page."""
    array = _page_array(schema, body)
    if array is None:
        return body
    wrapper = object_schema(schema, body)
    for path, fact in page_fields(wrapper, array):
        value = no_page_as_declared(wrapper, path, facts[fact])
        if is_valid(answer_back_view(field_schema(wrapper, path) or {}), value):
            body = _with_value(body, path.split("."), value)
        elif value is None and not _required_at(wrapper, path):
            body = _with_value(body, path.split("."), _LEFT_OUT)
    return body


def no_page_as_declared(wrapper: Schema, path: str, value: Any) -> Any:
    """A page number, or for a page that is not there (None: no next page) where the field must hold a number and
    cannot be null, 0, as such APIs answer (authentik's `next`)."""
    if value is None and _required_at(wrapper, path):
        schema = field_schema(wrapper, path) or {}
        if not is_valid(schema, None) and is_valid(schema, 0):
            return 0
    return value


def _said_last(schema: Schema, body: Any) -> Any:
    """A list answer that says no page follows it (no next cursor or address, `has_more` false), where its schema
    lets it say so: a static answer is the whole collection, and a client following a made-up next page never
    stopped (Twilio's `next_page_uri` held a random URL)."""
    if not isinstance(body, dict):
        return body
    wrapper = object_schema(schema, body)
    next_field, more_field = last_page_fields(wrapper)
    for path, last in ((next_field, None), (more_field, False)):
        if path is None:
            continue
        if is_valid(field_schema(wrapper, path) or {}, last):
            body = _with_value(body, path.split("."), last)
        elif last is None and not _required_at(wrapper, path):
            # no null allowed, but the field may be left out: DigitalOcean's `links.pages.next` held the real
            # API's second page
            body = _with_value(body, path.split("."), _LEFT_OUT)
    return body


_LEFT_OUT = object()  # `_with_value`: the key is removed


def _required_at(wrapper: Schema, path: str) -> bool:
    parent, _, name = path.rpartition(".")
    holder = field_schema(wrapper, parent) if parent else wrapper
    return name in (_keywords(holder).get("required") or ())


def _with_value(body: dict[str, Any], steps: list[str], value: Any) -> dict[str, Any]:
    """A copy of `body` with `value` at the dotted path's `steps` (`_LEFT_OUT`: without that key), where the
    objects on the way are present."""
    head, rest = steps[0], steps[1:]
    if not rest:
        if head not in body:
            return body
        return {k: v for k, v in body.items() if k != head} if value is _LEFT_OUT else {**body, head: value}
    inner = body.get(head)
    return {**body, head: _with_value(inner, rest, value)} if isinstance(inner, dict) else body


def _keywords(schema: Any) -> dict[str, Any]:
    return folded(schema) if isinstance(schema, dict) else {}


_PAGE_SIZE_KEYS = frozenset(spelling_key(name) for name in LIMIT_PARAMS)
_PAGE_NUMBER_KEYS = frozenset(spelling_key(name) for name in PAGE_PARAMS)


def _query_number(query: dict[str, Any], names: tuple[str, ...]) -> int | None:
    """The first of `names` the query holds, however it spells it (`PageSize`, `page_size`), as a number."""
    spelled = {spelling_key(name): name for name in reversed(query)}
    value = next((query[spelled[key]] for key in map(spelling_key, names) if key in spelled), None)
    if isinstance(value, str) and value.isdecimal():  # a page number some specs declare as a string (Slack's)
        return int(value)
    if isinstance(value, float) and value.is_integer():  # a page size declared `type: number` (Figma's `page_size`)
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def first_page_number(operation: Operation) -> int:
    """1, unless the page parameter's schema lets pages count from 0."""
    for parameter in operation.parameters:
        if parameter.location == "query" and spelling_key(parameter.name) in _PAGE_NUMBER_KEYS:
            return 0 if _keywords(parameter.schema).get("minimum") == 0 else 1
    return 1
