"""Swagger 2.0 → OpenAPI 3.1: a Swagger document is served as the OpenAPI document it stands for.

It runs on the resolved document (mock/spec/refs.py has already inlined every `$ref`, from this
file or from one it reads), so a parameter or a response written in another file is upgraded
like one written inline. Shared objects stay shared: each is upgraded once, remembered by
identity. A `$ref` kept because it closes a cycle is rewritten to where its target now lives.

What moves, as the OpenAPI 3.0 specification's changes from 2.0 (and swagger2openapi) say:
  - `host`, `basePath` and `schemes` become `servers`;
  - `definitions`, `parameters`, `responses` and `securityDefinitions` become `components`;
  - an `in: body` parameter becomes the `requestBody`, one media type per `consumes`;
    `in: formData` parameters become one object schema (a `type: file` part makes it multipart);
  - a parameter's or a header's `type`, `format`, `items` and bounds become its `schema`, and
    `collectionFormat` its `style` and `explode`;
  - a response's `schema` becomes `content`, one media type per `produces` (JSON when none is
    declared, as a Swagger client assumes), and its `examples` that media type's `example` (JSON
    written as text in a YAML block is parsed);
  - inside schemas: `type: file` is a binary string, `x-nullable: true` admits null, and a
    `discriminator` that is a property name becomes `{propertyName: ...}`.
"""

from __future__ import annotations

import json
from typing import Any

from mock.spec.model import FORM_MEDIA_TYPES
from mock.spec.normalising import make_nullable
from mock.spec.refs import RefNode
from mock.spec.schemas import schema_types

# The keywords a Swagger parameter, header or `items` object shares with a schema.
SIMPLE_SCHEMA_KEYWORDS = (
    "type",
    "format",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
)
PARAMETER_FIELDS = ("name", "in", "description", "required", "deprecated", "allowEmptyValue")
OPERATION_FIELDS = ("tags", "summary", "description", "externalDocs", "operationId", "deprecated", "security")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
OAUTH2_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}
DELIMITED_STYLES = {"csv": "form", "ssv": "spaceDelimited", "pipes": "pipeDelimited"}


def upgrade_swagger2(document: dict[str, Any], source: str, notes: list[str]) -> dict[str, Any]:
    """The OpenAPI 3.1 document a resolved Swagger 2.0 document stands for."""
    notes.append(f"{source}: swagger {document.get('swagger')} → openapi 3.1.0")
    return _Upgrade(document, source, notes).document()


def _extensions(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in node.items() if isinstance(key, str) and key.startswith("x-")}


def _media_types(value: Any) -> list[str]:
    return [str(kind) for kind in value] if isinstance(value, list) else []


def _moved_ref(ref: str) -> str:
    prefix = "#/definitions/"
    return "#/components/schemas/" + ref[len(prefix) :] if ref.startswith(prefix) else ref


class _Upgrade:
    def __init__(self, swagger: dict[str, Any], source: str, notes: list[str]) -> None:
        self.swagger = swagger
        self.source = source
        self.notes = notes
        self.consumes = _media_types(swagger.get("consumes"))
        self.produces = _media_types(swagger.get("produces"))
        self._done: dict[Any, Any] = {}  # (what, id of a Swagger object[, media types]) → its upgrade
        self._keep: list[Any] = []  # the Swagger objects remembered, alive so their ids are not reused
        self._open_cycles: list[tuple[RefNode, Any]] = []

    def document(self) -> dict[str, Any]:
        swagger = self.swagger
        out: dict[str, Any] = {"openapi": "3.1.0"}
        out.update({key: swagger[key] for key in ("info", "tags", "externalDocs", "security") if key in swagger})
        out.update(_extensions(swagger))
        out["servers"] = [{"url": url} for url in self._server_urls()]
        paths = _mapping(swagger, "paths")
        out["paths"] = {
            path: self._path_item(item) if not path.startswith("x-") and isinstance(item, dict) else item
            for path, item in paths.items()
        }
        components: dict[str, Any] = {}
        schemas = {name: self.schema(schema) for name, schema in _entries(swagger, "definitions")}
        hoisted = (swagger.get("components") or {}).get("schemas") or {}  # cycles through other files (refs.py)
        schemas.update({name: self.schema(schema) for name, schema in hoisted.items() if name not in schemas})
        parameters = {
            name: self._parameter(parameter)
            for name, parameter in _entries(swagger, "parameters")
            if parameter.get("in") not in ("body", "formData")
        }
        responses = {name: self._response(response, self.produces) for name, response in _entries(swagger, "responses")}
        schemes = {
            name: self._security_scheme(name, scheme) for name, scheme in _entries(swagger, "securityDefinitions")
        }
        for section, entries in (
            ("schemas", schemas),
            ("parameters", parameters),
            ("responses", responses),
            ("securitySchemes", schemes),
        ):
            if entries:
                components[section] = entries
        if components:
            out["components"] = components
        while self._open_cycles:  # a cycle's target is upgraded last, when everything it leads to has been
            node, target = self._open_cycles.pop()
            node.target = self.schema(target)
        return out

    def _remember(self, key: tuple[Any, ...], node: Any, upgraded: Any) -> Any:
        self._done[key] = upgraded
        self._keep.append(node)
        return upgraded

    def _server_urls(self) -> list[str]:
        host = self.swagger.get("host")
        base = str(self.swagger.get("basePath") or "")
        if not isinstance(host, str) or not host:
            return [base or "/"]
        schemes = [s for s in _media_types(self.swagger.get("schemes")) if s in ("https", "http", "wss", "ws")]
        return [f"{scheme}://{host}{base}" for scheme in schemes or ["https"]]

    def _path_item(self, item: dict[str, Any]) -> dict[str, Any]:
        shared = [p for p in item.get("parameters") or [] if isinstance(p, dict)]
        out: dict[str, Any] = {key: item[key] for key in ("summary", "description") if key in item}
        out.update(_extensions(item))
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                out[method] = self._operation(operation, shared)
        return out

    def _operation(self, operation: dict[str, Any], shared: list[dict[str, Any]]) -> dict[str, Any]:
        consumes = _media_types(operation.get("consumes")) or self.consumes or ["application/json"]
        produces = _media_types(operation.get("produces")) or self.produces or ["application/json"]
        merged: dict[tuple[Any, Any], dict[str, Any]] = {}
        for parameter in [*shared, *(operation.get("parameters") or [])]:
            if isinstance(parameter, dict):  # an operation's own parameter replaces the path's of that name
                merged[(parameter.get("name"), parameter.get("in"))] = parameter
        body = [p for p in merged.values() if p.get("in") == "body"]
        form = [p for p in merged.values() if p.get("in") == "formData"]
        out: dict[str, Any] = {key: operation[key] for key in OPERATION_FIELDS if key in operation}
        out.update(_extensions(operation))
        parameters = [self._parameter(p) for p in merged.values() if p.get("in") not in ("body", "formData")]
        if parameters:
            out["parameters"] = parameters
        if body:
            out["requestBody"] = self._body(body[-1], consumes)
        elif form:
            out["requestBody"] = self._form(form, consumes)
        responses = _mapping(operation, "responses")
        out["responses"] = {
            str(code): self._response(response, produces) if not str(code).startswith("x-") else response
            for code, response in responses.items()
            if isinstance(response, dict)
        }
        return out

    def _parameter(self, parameter: dict[str, Any]) -> dict[str, Any]:
        key = ("parameter", id(parameter))
        done = self._done.get(key)
        if done is not None:
            return done  # type: ignore[no-any-return]
        location = parameter.get("in")
        out = {field: parameter[field] for field in PARAMETER_FIELDS if field in parameter}
        out.update(_extensions(parameter))
        if "x-example" in parameter:
            out["example"] = parameter["x-example"]
        if location == "path":
            out["required"] = True
        if location != "query":
            out.pop("allowEmptyValue", None)
        out["schema"] = self._simple_schema(parameter)
        if parameter.get("type") == "array":
            out.update(self._style(str(location), parameter.get("collectionFormat")))
        return self._remember(key, parameter, out)  # type: ignore[no-any-return]

    def _style(self, location: str, collection_format: Any) -> dict[str, Any]:
        fmt = collection_format or "csv"
        if location in ("path", "header"):
            if fmt != "csv":
                self.notes.append(
                    f"{self.source}: collectionFormat {fmt} in {location} has no OpenAPI 3 form; read as csv"
                )
            return {"style": "simple", "explode": False}
        if fmt == "multi":
            return {"style": "form", "explode": True}
        if fmt not in DELIMITED_STYLES:
            self.notes.append(f"{self.source}: collectionFormat {fmt} has no OpenAPI 3 form; read as csv")
        return {"style": DELIMITED_STYLES.get(fmt, "form"), "explode": False}

    def _simple_schema(self, node: dict[str, Any]) -> dict[str, Any]:
        """The schema of a parameter, a header or an `items` object (their keywords are a schema's)."""
        schema: dict[str, Any] = {key: node[key] for key in SIMPLE_SCHEMA_KEYWORDS if key in node}
        if isinstance(node.get("items"), dict):
            schema["items"] = self._simple_schema(node["items"])
        return self._schema_keywords(schema, node)

    def _schema_keywords(self, schema: dict[str, Any], swagger: dict[str, Any]) -> dict[str, Any]:
        if schema.get("type") == "file":
            schema["type"] = "string"
            schema["format"] = "binary"
        if swagger.get("x-nullable") is True:
            schema = make_nullable(dict(schema))
        return schema

    def schema(self, node: Any) -> Any:
        if isinstance(node, RefNode):
            key = ("schema", id(node))
            done = self._done.get(key)
            if done is None:
                done = self._remember(key, node, RefNode({"$ref": _moved_ref(str(node.get("$ref")))}))
                self._open_cycles.append((done, node.target))
            return done
        if isinstance(node, list):
            return [self.schema(option) for option in node]
        if not isinstance(node, dict):
            return node
        key = ("schema", id(node))
        done = self._done.get(key)
        if done is not None:
            return done
        out: dict[str, Any] = {}
        self._remember(key, node, out)  # before its children: they may be reached again through it
        for name, value in node.items():
            if name in ("properties", "patternProperties") and isinstance(value, dict):
                out[name] = {prop: self.schema(sub) for prop, sub in value.items()}
            elif name in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
                out[name] = self.schema(value)
            elif name == "discriminator" and isinstance(value, str):
                out[name] = {"propertyName": value}
            elif name != "x-nullable":
                out[name] = value
        upgraded = self._schema_keywords(dict(out), node)
        out.clear()
        out.update(upgraded)
        return out

    def _body(self, parameter: dict[str, Any], consumes: list[str]) -> dict[str, Any]:
        schema = self.schema(parameter.get("schema") or {})
        examples = _mapping(parameter, "x-examples")
        content: dict[str, Any] = {}
        for kind in consumes:
            content[kind] = {"schema": schema}
            if kind in examples:
                content[kind]["example"] = examples[kind]
        body: dict[str, Any] = {"content": content, "required": parameter.get("required") is True}
        if "description" in parameter:
            body["description"] = parameter["description"]
        return body

    def _form(self, parameters: list[dict[str, Any]], consumes: list[str]) -> dict[str, Any]:
        has_file = any(p.get("type") == "file" for p in parameters)
        kinds = [kind for kind in consumes if kind in FORM_MEDIA_TYPES]
        if has_file and "multipart/form-data" not in kinds:
            kinds.append("multipart/form-data")  # a file travels in no other form body
        if not kinds:
            kinds = ["application/x-www-form-urlencoded"]
        properties: dict[str, Any] = {}
        encoding: dict[str, Any] = {}
        for parameter in parameters:
            name = str(parameter.get("name"))
            prop = self._simple_schema(parameter)
            if "description" in parameter:
                prop = {**prop, "description": parameter["description"]}
            properties[name] = prop
            if parameter.get("type") == "array":
                encoding[name] = self._style("query", parameter.get("collectionFormat"))
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        required = [str(p.get("name")) for p in parameters if p.get("required") is True]
        if required:
            schema["required"] = required
        content: dict[str, Any] = {}
        for kind in kinds:
            content[kind] = {"schema": schema}
            if encoding and kind == "application/x-www-form-urlencoded":
                content[kind]["encoding"] = encoding
        return {"content": content, "required": bool(required)}

    def _response(self, response: dict[str, Any], produces: list[str]) -> dict[str, Any]:
        key = ("response", id(response), tuple(produces))
        done = self._done.get(key)
        if done is not None:
            return done  # type: ignore[no-any-return]
        out: dict[str, Any] = {"description": str(response.get("description") or "")}
        out.update(_extensions(response))
        headers = response.get("headers")
        if isinstance(headers, dict):
            out["headers"] = {
                name: {
                    **({"description": header["description"]} if "description" in header else {}),
                    "schema": self._simple_schema(header),
                }
                for name, header in headers.items()
                if isinstance(header, dict)
            }
        examples = _mapping(response, "examples")
        content: dict[str, Any] = {}
        if "schema" in response:
            schema = self.schema(response["schema"])
            content = {kind: {"schema": schema} for kind in produces}
        for kind, example in examples.items():
            if kind in produces:
                content.setdefault(kind, {})["example"] = _example_value(kind, example, response.get("schema"))
        if content:
            out["content"] = content
        return self._remember(key, response, out)  # type: ignore[no-any-return]

    def _security_scheme(self, name: str, scheme: dict[str, Any]) -> dict[str, Any]:
        kind = scheme.get("type")
        extra = {key: scheme[key] for key in ("description",) if key in scheme} | _extensions(scheme)
        if kind == "basic":
            return {"type": "http", "scheme": "basic", **extra}
        if kind == "apiKey":
            return {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in"), **extra}
        if kind == "oauth2" and scheme.get("flow") in OAUTH2_FLOWS:
            flow: dict[str, Any] = {key: scheme[key] for key in ("authorizationUrl", "tokenUrl") if key in scheme}
            flow["scopes"] = _mapping(scheme, "scopes")
            return {"type": "oauth2", "flows": {OAUTH2_FLOWS[scheme["flow"]]: flow}, **extra}
        self.notes.append(f"{self.source}: securityDefinitions/{name}: type {kind!r} kept as written")
        return dict(scheme)


def _example_value(kind: str, example: Any, schema: Any) -> Any:
    """A JSON example written as a YAML block of JSON text (`application/json: |- {"versions": ...}`, a common
    Swagger habit) is the document it spells, unless the schema says the answer is a string."""
    if not isinstance(example, str) or "json" not in kind or "string" in schema_types(schema):
        return example
    try:
        parsed = json.loads(example)
    except ValueError:
        return example
    return parsed if isinstance(parsed, (dict, list)) else example


def _mapping(node: dict[str, Any], key: str) -> dict[str, Any]:
    value = node.get(key)
    return value if isinstance(value, dict) else {}


def _entries(document: dict[str, Any], section: str) -> list[tuple[str, dict[str, Any]]]:
    return [(str(name), entry) for name, entry in _mapping(document, section).items() if isinstance(entry, dict)]
