"""Form bodies (urlencoded and multipart: form-data, related, mixed) decoded into the values their schema describes.

OpenAPI's rules decide the shape: a property's `encoding` gives its `style` and `explode` (form
and exploded by default), so `photoUrls=a&photoUrls=b` is an array, `tags=a,b` is one when not
exploded, and `deepObject` reads `metadata[order_id]=1` as an object. The bracket notation that
Rails' and Stripe's clients send (`items[0][price]=p`, `expand[]=x`) is read the same way whatever
the encoding says, since no backend that receives it reads it any other way. Text is then cast to
the types the schema asks for (`"3"` → 3 where an integer is wanted), as openapi-core casts, and the
text `null` is null where the schema admits null.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Sequence
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, NamedTuple

from mock.request_input import InvalidInput, decode_json
from mock.spec.model import Schema, essence, is_json_media
from mock.spec.refs import deref
from mock.spec.schemas import declared_properties, holds_fields, item_schema, schema_types

_BRACKETS = re.compile(r"\[([^\[\]]*)\]")

Cast = Callable[[Schema, str], Any]


class FormError(ValueError):
    pass


class UploadedFile(NamedTuple):
    """What a multipart part sent with a filename says about its file, for the answer to tell back."""

    field: str
    filename: str
    media_type: str
    size: int  # bytes


class MultipartForm(NamedTuple):
    pairs: list[tuple[str, Any]]  # (name, value) per part, as `decode_form` takes them
    files: tuple[UploadedFile, ...]


def parse_multipart(raw: bytes, content_type: str, positional: Sequence[str] | None = None) -> MultipartForm:
    """(name, value) per part: text for text parts, the bytes as latin-1 text for files (a binary string); and
    what each part sent with a filename says about its file.

    `positional`: the declared properties in order, for a multipart type other than form-data (`related`, `mixed`:
    RFC 2387, RFC 2046), whose parts carry no field name: a part is the property its Content-Disposition name or
    its Content-ID names, else the next one not yet sent (Google's and Box's uploads send the metadata, then the
    file). A part past them all is named by its place (`3`), which the schema judges."""
    kind = essence(content_type) or "multipart/form-data"
    if "boundary=" not in content_type:
        raise FormError(f"{kind} needs a boundary parameter in its Content-Type")
    head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        boundary = message.get_boundary() or ""
        if raw.strip() in (f"--{boundary}--".encode(), b""):
            return MultipartForm([], ())  # a form with no fields
        raise FormError(f"the body is not valid {kind}")
    parts = list(message.iter_parts())
    names = [part.get_param("name", header="content-disposition") for part in parts]
    if positional is not None:
        names = _part_names(parts, names, positional)
    pairs: list[tuple[str, Any]] = []
    files: list[UploadedFile] = []
    for part, name in zip(parts, names, strict=True):
        if not isinstance(name, str):
            raise FormError("a multipart part has no name in its Content-Disposition")
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        part_type = part.get_content_type()
        is_json = is_json_media(part_type)
        filename = part.get_filename()
        if filename:  # a browser's empty file input sends `filename=""`: no file
            files.append(UploadedFile(name, filename, part_type, len(payload)))
        if filename is not None or not (part_type == "text/plain" or is_json):
            pairs.append((name, payload.decode("latin-1")))
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset)
        except (UnicodeDecodeError, LookupError):
            # bytes sent without a filename or a type (OpenAI's SDK uploads so): a binary string, as a file is
            pairs.append((name, payload.decode("latin-1")))
            continue
        if is_json:  # an object or array part is JSON (OpenAPI's default encoding for them)
            try:
                pairs.append((name, decode_json(text, what=f"the multipart part {name!r}")))
            except InvalidInput as exc:
                raise FormError(str(exc)) from None
            continue
        pairs.append((name, text))
    return MultipartForm(pairs, tuple(files))


def dump_multipart(value: Any, media_type: str, write_json: Callable[[Any], bytes]) -> bytes:
    """A multipart answer: each field of an object a part, any other value one part, `file`; a field of no value
    (null) none. Its boundary is made from what it holds, so one
    answer is always the same bytes; `multipart_boundary` reads it back for the Content-Type."""
    fields = list(value.items()) if isinstance(value, dict) else [] if value is None else [("file", value)]
    # a list is a part per item, under the list's name; an object a JSON part; text, a number or a truth value a text
    # part (OpenAPI's default encodings)
    spread = [(name, item) for name, held in fields for item in (held if isinstance(held, list) else [held])]
    parts: list[tuple[str, str, bytes]] = []
    for name, item in spread:
        if isinstance(item, bytes):
            parts.append((str(name), "application/octet-stream", item))
        elif isinstance(item, (dict, list)):
            parts.append((str(name), "application/json", write_json(item)))
        elif item is not None:
            text = item if isinstance(item, str) else write_json(item).decode()
            parts.append((str(name), "text/plain; charset=utf-8", text.encode()))
    digest = hashlib.sha256()
    for name, kind, content in parts:
        digest.update(f"{name}\0{kind}\0{len(content)}\0".encode())
        digest.update(content)
    boundary = f"specmock-{digest.hexdigest()[:32]}"
    named = essence(media_type) == "multipart/form-data"  # a form's parts are named; a mixed or related one's are not
    out = bytearray()
    for name, kind, content in parts:
        out += f"--{boundary}\r\n".encode()
        if named:
            out += f'Content-Disposition: form-data; name="{name.replace(chr(34), "%22")}"\r\n'.encode()
        else:  # a part of another multipart type names its field by its Content-ID, as `_part_names` reads it
            out += f"Content-ID: <{name}>\r\n".encode()
        out += f"Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out)


def is_multipart(media_type: str) -> bool:
    """Whether a media type is a multipart one (form-data, mixed, related…)."""
    return essence(media_type).startswith("multipart/")


def decode_multipart(
    raw: bytes, content_type: str, schema: Schema | None, encoding: dict[str, Any], cast: Cast
) -> tuple[Any, tuple[UploadedFile, ...]]:
    """A multipart body as the value its schema describes, and the files it uploaded: its parts read
    (`parse_multipart`; a type other than form-data names its parts by the schema's properties, in order), a part
    of an object's property as JSON (`with_json_parts`), then read as a form's fields are (`decode_form`). The mock's
    requests, its self-check of its own multipart answers and the contract runner read multipart so."""
    form = parse_multipart(raw, content_type, _positional_fields(content_type, schema))
    return decode_form(with_json_parts(form.pairs, schema, encoding), schema, encoding, cast), form.files


def _positional_fields(media_type: str, schema: Schema | None) -> list[str] | None:
    """`parse_multipart`'s `positional`: for a multipart type other than form-data, the schema's properties in order;
    None for a form, whose parts are named."""
    return None if essence(media_type) == "multipart/form-data" else list(declared_properties(deref(schema) or {}))


def multipart_boundary(body: bytes) -> str | None:
    """The boundary a multipart body opens with (`--boundary` on its first line), or None."""
    first, _, _ = body.partition(b"\r\n")
    if not first.startswith(b"--") or len(first) < 3:
        return None
    return first[2:].decode("latin-1")


def _part_names(parts: Sequence[Message], named: list[Any], properties: Sequence[str]) -> list[Any]:
    """Each part's property where no field name says it (`parse_multipart`'s `positional`)."""
    ids = [_content_id(part) for part in parts]
    names = [
        name if isinstance(name, str) else part_id if part_id in properties else None
        for part_id, name in zip(ids, named, strict=True)
    ]
    free = iter([name for name in properties if name not in names])
    return [name if name is not None else next(free, str(place)) for place, name in enumerate(names, 1)]


def _content_id(part: Message) -> str:
    return str(part.get("content-id", "")).strip().strip("<>")


def with_json_parts(pairs: list[tuple[str, Any]], schema: Schema | None, encoding: dict[str, Any]) -> list[Any]:
    """A multipart form's text parts whose property is declared an object (`type: object`), read as JSON: OpenAPI's
    default encoding of an object property is application/json, and openapi-core reads such a part so (Discord's
    and any SDK's `-F 'meta={"a": 1}'` was refused as text, "is not of type object"). A part whose `encoding` names
    another content type, or that is no JSON, stays text, which the schema judges."""
    properties = declared_properties(deref(schema) or {})
    out: list[tuple[str, Any]] = []
    for name, value in pairs:
        declared = (encoding.get(name) or {}).get("contentType") or "application/json"
        if isinstance(value, str) and _holds_objects(properties.get(name)) and is_json_media(declared):
            with contextlib.suppress(InvalidInput):  # not JSON: the text, which an object's schema refuses
                value = decode_json(value, what=f"the multipart part {name!r}")
        out.append((name, value))
    return out


def _holds_objects(schema: Any) -> bool:
    """Whether a property's parts are objects: it is declared one, or a list of them, each repeated part one of its
    items (Lob's bulk verifications send each address a part), as OpenAPI's default encoding and openapi-core have
    it."""
    node = deref(schema)
    items = node.get("items") if isinstance(node, dict) and _declared(node, "array") else None
    return _declared_an_object(schema) or (items is not None and _declared_an_object(items))


def _declared(node: dict[str, Any], kind: str) -> bool:
    declared = node.get("type")
    return declared == kind or (isinstance(declared, list) and kind in declared)


def _declared_an_object(schema: Any) -> bool:
    """Whether a schema's own `type` says object, as openapi-core reads it (not through `oneOf` or `anyOf`, whose
    other options may take the text), or, with no `type` of its own, a part of its `allOf` does: every part holds,
    so its value is an object whatever the others say (rev.ai's job `options`, three object parts, was refused as
    text where openapi-core reads only a `type` written on the property itself)."""
    node = deref(schema)
    if not isinstance(node, dict):
        return False
    if "type" in node:
        return _declared(node, "object")
    parts = node.get("allOf")
    return isinstance(parts, list) and any(_declared_an_object(part) for part in parts)


def decode_form(pairs: list[tuple[str, Any]], schema: Schema | None, encoding: dict[str, Any], cast: Cast) -> Any:
    """The object a form's fields describe, shaped and typed by the body schema.

    A form is an object, but hand-written specs often give an upload's body the file's own schema (`type: string,
    format: binary`), or a list of files: then a form of one field is read as that field's value, and a list as
    the values of every field, each typed by the schema. Any other form stays an object, which such a schema
    refuses with a clear message."""
    schema = deref(schema) or {}
    if not holds_fields(schema):
        if _is_array(schema):
            return [_typed(item_schema(schema, index), value, cast) for index, (_, value) in enumerate(pairs)]
        if len(pairs) == 1:
            return _typed(schema, pairs[0][1], cast)
    properties = declared_properties(schema)
    grouped: dict[str, list[Any]] = {}
    nested: dict[str, Any] = {}
    for key, value in pairs:
        # a name the schema declares as written, brackets and all (Spree's `digital[attachment]`), is that field
        if "[" in key and key.endswith("]") and key not in properties:
            head = key[: key.index("[")]
            _place(nested, [head, *_BRACKETS.findall(key[len(head) :])], value)
        else:
            grouped.setdefault(key, []).append(value)
    result: dict[str, Any] = {}
    for name, values in grouped.items():
        sub = deref(properties.get(name)) or {}
        style = (encoding.get(name) or {}).get("style", "form")
        explode = (encoding.get(name) or {}).get("explode", style == "form")
        if _is_array(sub):
            delimiter = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
            parts = values if explode else [piece for value in values for piece in str(value).split(delimiter)]
            result[name] = [_typed(item_schema(sub, index), part, cast) for index, part in enumerate(parts)]
        else:
            result[name] = _typed(sub, values[-1], cast) if len(values) == 1 else [_typed(sub, v, cast) for v in values]
    for name, value in nested.items():
        result[name] = _shape(deref(properties.get(name)) or {}, value, cast)
    return result


def _place(target: dict[str, Any], keys: list[str], value: Any) -> None:
    """Put `value` at `a[b][0][c]`; `[]` appends."""
    node: Any = target
    for index, key in enumerate(keys):
        last = index == len(keys) - 1
        if key == "":
            key = str(len(node)) if isinstance(node, dict) else ""
        if last:
            if isinstance(node, dict):
                if key in node and not isinstance(node[key], dict):
                    node[key] = [*(node[key] if isinstance(node[key], list) else [node[key]]), value]
                else:
                    node[key] = value
            return
        child = node.get(key) if isinstance(node, dict) else None
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child


def _shape(schema: Schema, value: Any, cast: Cast) -> Any:
    """Nested form data (dicts of text, keys "0", "1"… for lists) as the schema's types."""
    schema = deref(schema) or {}
    if isinstance(value, dict):
        if _is_array(schema) or (value and all(k.isdecimal() for k in value) and not _is_object(schema)):
            ordered = [value[k] for k in sorted(value, key=lambda k: int(k) if k.isdecimal() else -1)]
            return [_shape(item_schema(schema, index), v, cast) for index, v in enumerate(ordered)]
        properties = declared_properties(schema)
        extra = deref(schema.get("additionalProperties"))
        return {
            k: _shape(deref(properties.get(k)) or (extra if isinstance(extra, dict) else {}), v, cast)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_shape(item_schema(schema, index), v, cast) for index, v in enumerate(value)]
    return _typed(schema, value, cast)


def _typed(schema: Schema, value: Any, cast: Cast) -> Any:
    if not isinstance(value, str):
        return value
    if value == "null" and "null" in schema_types(schema):
        # a form has no null: JavaScript's FormData.append(name, null) and JSON-minded clients write the word
        return None
    return cast(schema, value)


def _is_array(schema: Schema) -> bool:
    return "array" in schema_types(schema) or ("items" in schema and "type" not in schema)


def _is_object(schema: Schema) -> bool:
    return "object" in schema_types(schema) or "properties" in schema
