"""XML bodies, both ways, as OpenAPI's `xml` object describes them (name, attribute, wrapped).

Requests: an XML document becomes the value its schema describes, so it is validated like JSON.
Responses: a generated value is written as XML for a client that asks for it.
Documents with a DOCTYPE are refused: entity expansion is how XML bombs work, and no API needs it.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from typing import Any
from xml.parsers import expat

from mock.schema_validation import folded
from mock.spec.model import Schema, essence
from mock.spec.refs import deref
from mock.spec.schemas import item_schema, schema_types

Cast = Callable[[Schema, str], Any]


class XmlError(ValueError):
    pass


def is_xml(media_type: str) -> bool:
    name = essence(media_type)
    return name in ("application/xml", "text/xml") or name.endswith("+xml")


def parse_xml(raw: bytes, schema: Schema | None, cast: Cast) -> Any:
    if b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        raise XmlError("XML with a DOCTYPE or entities is not accepted")
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise XmlError(f"malformed XML: {exc}") from None
    schema = _read(schema)
    if _unwrapped_list(schema) and not len(root) and (root.text or "").strip():
        # an unwrapped list at the root is its items, each an element of the root's name (as schemathesis writes a
        # list); a document holds one, so one item in words (Avaza's expense ids, `<data>4</data>`)
        return [element_value(root, item_schema(schema, 0), cast)]
    return element_value(root, schema, cast)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml(schema: Schema) -> dict[str, Any]:
    xml = schema.get("xml")
    return xml if isinstance(xml, dict) else {}


def _read(schema: Any) -> Schema:
    """A schema as its element is read and written: its `allOf` folded, where AWS's specs say every field's type
    (`Version: {allOf: [{$ref: CollectionVersion}, {description: …}]}`): read as no type, the integers of Route 53's
    XML answers were judged as the text they are written in, and their lists as one element."""
    return folded(deref(schema) or {})  # folded once per schema, not on every element read or written


def _map_values(schema: Schema) -> Schema | None:
    """The schema of a map's values (its `additionalProperties`), read as `_read` reads it; None where it has none."""
    others = schema.get("additionalProperties")
    return _read(others) if isinstance(others, dict) else None


def element_value(element: ElementTree.Element, schema: Schema, cast: Cast) -> Any:
    schema = _read(schema)
    empty = element.text in (None, "", "null") and not len(element) and not element.attrib
    if empty and "null" in schema_types(schema):
        return None  # XML has no null: serialisers write None as an empty element, or as the word (as forms do)
    if empty and set(schema_types(schema)) == {"object"}:
        # an object of no fields (Traccar's position `network: {}`), written `<network />`: not the text ""; or of
        # no elements, its required lists holding no items (Magento's `downloadable_option: {downloadable_links: []}`)
        return _with_lists_of_no_items(schema, {})
    properties: dict[str, Any] = schema.get("properties") or {}  # `_read` folded any `allOf` into them
    text = (element.text or "").strip()
    words_alone = bool(text) and not len(element)  # where a list's or an object's elements belong
    if "array" in schema_types(schema) and not words_alone:
        return [element_value(child, item_schema(schema, index), cast) for index, child in enumerate(element)]
    if not properties and not len(element) and not element.attrib:
        return _read_text(schema, element.text or "", cast)
    if words_alone:
        return text  # words where an object's elements belong (`<booking>true</booking>`): no object, refused as such
    value: dict[str, Any] = {}
    by_tag: dict[str, tuple[str, Schema]] = {}
    for name, sub in properties.items():
        sub = _read(sub)
        xml = _xml(sub)
        if xml.get("attribute"):
            attribute = xml.get("name", name)
            if attribute in element.attrib:
                value[name] = _read_text(sub, element.attrib[attribute], cast)
            continue
        by_tag[str(xml.get("name", name))] = (name, sub)
        if _unwrapped_list(sub):
            # each item of an unwrapped list is an element named as the items are, where they are named (Route 53's
            # `NameServers`, items `NameServer`), as `_element` writes them
            item_name = _xml(_read(sub.get("items"))).get("name")
            if item_name:
                by_tag.setdefault(str(item_name), (name, sub))
    others = _map_values(schema) or {}  # a map's values (CloudWatch's `ExtendedStatistics`, numbers)
    for child in element:
        tag = _local(child.tag)
        name, sub = by_tag.get(tag) or (tag, others)
        if "array" in schema_types(sub):
            if _xml(sub).get("wrapped"):
                value[name] = [
                    element_value(grandchild, item_schema(sub, index), cast) for index, grandchild in enumerate(child)
                ]
            else:
                siblings = value.setdefault(name, [])
                siblings.append(element_value(child, item_schema(sub, len(siblings)), cast))
        elif name in value:  # an element repeated where one value belongs: a list, refused as not of its type
            earlier = value[name]
            value[name] = [*(earlier if isinstance(earlier, list) else [earlier]), element_value(child, sub, cast)]
        else:
            value[name] = element_value(child, sub, cast)
    return _with_lists_of_no_items(schema, value)


def _read_text(schema: Schema, text: str, cast: Cast) -> Any:
    """An element's or attribute's text as its schema's value: cast to the type it declares; where it declares none
    but lists its values, the one written as this text (Nexmo's number insight `code`, `enum: [0, 1, 2]` and no type,
    written `code="1"`, was read back as the text "1", none of them)."""
    choices = schema.get("enum")
    if not schema_types(schema) and isinstance(choices, list):
        return next((choice for choice in choices if choice is not None and _text(choice) == text), text)
    return cast(schema, text)


def _with_lists_of_no_items(schema: Schema, value: dict[str, Any]) -> dict[str, Any]:
    """`value` holding a list of no items where its schema requires an unwrapped list written as elements and none
    was read: a list of no items written unwrapped is no element at all (Route 53's `HealthChecks`), whether or not
    anything else of the object was."""
    properties: dict[str, Any] = schema.get("properties") or {}
    for name in schema.get("required") or ():
        if name in value or name not in properties:
            continue
        sub = _read(properties[name])
        if not _xml(sub).get("attribute") and _unwrapped_list(sub):
            value[name] = []
    return value


def _unwrapped_list(schema: Schema) -> bool:
    return "array" in schema_types(schema) and not _xml(schema).get("wrapped")


def dump_xml(value: Any, schema: Schema | None, fallback_name: str = "root") -> bytes:
    schema = _read(schema)
    name = str(_xml(schema).get("name", fallback_name))
    element = _element(name, value, schema)
    encoded: bytes = ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)
    return encoded


def _element(name: str, value: Any, schema: Schema) -> ElementTree.Element:
    schema = _read(schema)
    element = ElementTree.Element(xml_name(name))
    if isinstance(value, dict):
        properties = schema.get("properties") or {}  # `_read` folded any `allOf` into them
        others = _map_values(schema)  # a map's values (SQS' message attributes, each an object)
        for key, item in value.items():
            sub = _read(properties[key]) if key in properties else others or {}
            xml = _xml(sub)
            tag = str(xml.get("name", key))
            if xml.get("attribute") and isinstance(item, (dict, list)):
                # an attribute holds text: an object or a list declared as one (Transport's `class`, `type: object`)
                # cannot be written there, and as an element it is read back as no attribute but as text, ""
                continue
            if xml.get("attribute"):
                element.set(xml_name(tag), _text(item))
            elif isinstance(item, list):
                items = _read(sub.get("items"))
                item_tag = str(_xml(items).get("name", tag))
                parent = ElementTree.SubElement(element, xml_name(tag)) if xml.get("wrapped") else element
                for entry in item:
                    parent.append(_element(item_tag, entry, items))
            else:
                element.append(_element(tag, item, sub))
    elif isinstance(value, list):
        items = _read(schema.get("items"))
        item_tag = str(_xml(items).get("name", "item"))
        for entry in value:
            element.append(_element(item_tag, entry, items))
    elif value is not None:
        element.text = _text(value)
    return element


# What XML 1.0 cannot hold at all, escaped or not: control characters but tab, newline and return, lone surrogates
# and U+FFFE/U+FFFF. A client may store such text through JSON; written as is, the XML answer was unreadable. Each is
# written U+FFFD, the replacement character, so the text keeps its length: dropped, AppVeyor's role named "\x0b" was
# answered with an empty name its `minLength: 1` refuses.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@functools.lru_cache(maxsize=4096)
def xml_name(name: str) -> str:
    """`name` as an XML element or attribute name: a map's keys (Kubernetes' `app.kubernetes.io/name`, a key with a
    space, an empty one) are any text, and written as they are they made the answer unreadable. What a name cannot
    hold becomes `_`, as schemathesis writes such keys."""
    if not name:
        return "_"
    first = name[0]
    start = first if first == "_" or _begins_names(first) else "_" + (first if _in_names(first) else "")
    return start + "".join(ch if ch in "-._" or _in_names(ch) else "_" for ch in name[1:])


# Which letters and digits XML names take, as expat reads them (and so ElementTree, and the self-check): XML 1.0's
# older character classes, narrower than Python's `isalnum` (`º`, `²`) and than the 5th edition's (`Ĳ`, U+0132).
@functools.lru_cache(maxsize=4096)
def _begins_names(character: str) -> bool:
    return character.isalpha() and _expat_reads(f"<{character}/>")


@functools.lru_cache(maxsize=4096)
def _in_names(character: str) -> bool:
    return character.isalnum() and _expat_reads(f"<a{character}/>")


def _expat_reads(text: str) -> bool:
    try:
        expat.ParserCreate().Parse(text, True)
    except expat.ExpatError:
        return False
    return True


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        # JSON's `1073.0` is a whole number a record may hold as sent; an XML reader of an integer takes no `.0`
        return str(int(value))
    return _NOT_XML.sub("\ufffd", str(value))
