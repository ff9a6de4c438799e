"""Cross-check the hand-transcribed specs against the documentation they came from.

`specs/runflow.openapi.yaml` and `specs/useapi.openapi.yaml` were written by hand from
`shared/seeds/runflow-endpoints.doc.md` and `shared/seeds/useapi-runway-accounts.doc.txt`.
These tests re-read the docs and check operations, status codes, parameters, request
bodies, model names, fields, types and required flags, and that every example/default in
the specs validates against its own schema (Draft 2020-12).

The two documents are copied into `tests/data/seeds/` (from `shared/seeds/`), so the
cross-check runs in any checkout. If one is missing the doc-based tests FAIL (they never
skip): a silently skipped cross-check would look like a passing one.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPO = Path(__file__).resolve().parents[2]
SPECS_DIR = REPO / "specs"
SEEDS_DIR = Path(__file__).resolve().parents[1] / "data" / "seeds"
RUNFLOW_DOC = SEEDS_DIR / "runflow-endpoints.doc.md"
USEAPI_DOC = SEEDS_DIR / "useapi-runway-accounts.doc.txt"
RUNFLOW_SPEC = SPECS_DIR / "runflow.openapi.yaml"
USEAPI_SPEC = SPECS_DIR / "useapi.openapi.yaml"
SPEC_FILES = [RUNFLOW_SPEC, USEAPI_SPEC]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


# --------------------------------------------------------------------------- loading


def _read_seed(path: Path) -> str:
    if not SEEDS_DIR.is_dir():
        pytest.fail(
            f"seeds folder not found at {SEEDS_DIR}: the transcription cross-check needs the "
            "documentation files (copies of shared/seeds/ kept in tests/data/seeds/)",
            pytrace=False,
        )
    if not path.is_file():
        pytest.fail(f"seed doc missing: {path}", pytrace=False)
    return path.read_text(encoding="utf-8")


@functools.cache
def load_spec(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def resolve(spec: dict, node: Any) -> Any:
    """Follow local `$ref`s (only `#/...` refs are used in these specs)."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"non-local $ref {ref!r}"
        assert ref not in seen, f"$ref cycle at {ref}"
        seen.add(ref)
        node = spec
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            assert isinstance(node, dict) and part in node, f"unresolvable $ref {ref!r}"
            node = node[part]
    return node


def spec_operations(spec: dict) -> dict[tuple[str, str], dict]:
    ops = {}
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                ops[(method.upper(), path)] = op
    return ops


def op_parameters(spec: dict, path: str, op: dict) -> dict[tuple[str, str], dict]:
    params = {}
    for raw in list(spec["paths"][path].get("parameters", [])) + list(op.get("parameters", [])):
        p = resolve(spec, raw)
        params[(p["name"], p["in"])] = p  # operation-level overrides path-level
    return params


def response_schema(spec: dict, op: dict, status: str) -> dict | None:
    resp = resolve(spec, op["responses"][status])
    media = (resp.get("content") or {}).get("application/json")
    return None if media is None else media.get("schema")


# --------------------------------------------------------------------------- doc parsing

# A documented field / parameter type: `string`, `string (uuid)`, `array (SomeModel)`, ...
_TYPE = r"[A-Za-z]+(?:\s+\([^()]*\))?"
FIELD_RE = re.compile(
    r"-\s+\*\*(?P<name>[A-Za-z0-9_.\-]+)\*\*\s+\((?P<type>" + _TYPE + r")\)"
    r"(?P<required>\s+\(required\))?"
)
PARAM_RE = re.compile(
    r"-\s+\*\*(?P<name>[A-Za-z0-9_.\-]+)\*\*\s+\((?P<type>" + _TYPE + r"),\s*"
    r"(?P<in>path|query|header|cookie),\s*(?P<req>required|optional)\)"
)
# Top-level section headings only (`### GET /x`, `### Schema: X`); `####` and the inner
# `## Schema:` / `### Parameters` headings do not match.
SECTION_RE = re.compile(
    r"(?<!#)###\s+(?:(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(?P<path>/\S*)"
    r"|Schema:\s+(?P<schema>\w+))"
)
SUBSECTION_RE = re.compile(r"(?<!#)###\s+(Parameters|Request Body|Responses|Example Usage)\b")
STATUS_RE = re.compile(r"(?<!#)####\s+(\d{3})\s+-\s+")


def parse_fields(text: str) -> list[dict]:
    return [
        {"name": m["name"], "type": " ".join(m["type"].split()), "required": bool(m["required"])}
        for m in FIELD_RE.finditer(text)
    ]


def _subsections(body: str) -> dict[str, str]:
    parts = SUBSECTION_RE.split(body)
    # parts = [preamble, name1, text1, name2, text2, ...]
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _parse_response(text: str) -> dict:
    text = " ".join(text.split())
    model = array_of = None
    m = re.match(r"(?P<desc>.*?)\s+\*\*(?P<model>\w+)\*\*(?=\s|$)(?!\s+\()", text)
    if m:
        desc, model = m["desc"], m["model"]
    else:
        m = re.match(r"(?P<desc>.*?)\s+-\s+Array of\s+(?P<model>\w+)", text)
        if m:
            desc, array_of = m["desc"], m["model"]
        else:
            desc = text
    return {"description": desc.strip(), "model": model, "array_of": array_of, "fields": parse_fields(text)}


@functools.cache
def runflow_doc() -> dict:
    text = _read_seed(RUNFLOW_DOC)
    heads = list(SECTION_RE.finditer(text))
    operations: dict[tuple[str, str], dict] = {}
    schemas: dict[str, dict] = {}
    for i, h in enumerate(heads):
        body = text[h.end() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        if h["schema"]:
            schemas[h["schema"]] = {"fields": parse_fields(body)}
            continue
        key = (h["method"], h["path"])
        assert key not in operations, f"doc documents {key} twice"
        subs = _subsections(body)
        assert "Responses" in subs, f"no '### Responses' found for {key} (doc format changed?)"
        params = [
            {"name": m["name"], "type": " ".join(m["type"].split()), "in": m["in"], "required": m["req"] == "required"}
            for m in PARAM_RE.finditer(subs.get("Parameters", ""))
        ]
        body_fields = parse_fields(subs["Request Body"]) if "Request Body" in subs else None
        statuses = STATUS_RE.split(subs["Responses"])
        responses = {statuses[j]: _parse_response(statuses[j + 1]) for j in range(1, len(statuses) - 1, 2)}
        assert responses, f"no '#### NNN - ...' response headings parsed for {key}"
        preamble = SUBSECTION_RE.split(body)[0]
        operations[key] = {
            "description": " ".join(preamble.split()),
            "params": params,
            "body": body_fields,
            "responses": responses,
        }
    assert operations, f"no '### METHOD /path' headings found in {RUNFLOW_DOC}"
    return {"operations": operations, "schemas": schemas}


def _doc_op_ids() -> list[str]:
    """Operation ids for parametrization; a sentinel when the doc is missing so the test fails."""
    if not RUNFLOW_DOC.is_file():
        return ["<runflow doc missing>"]
    text = RUNFLOW_DOC.read_text(encoding="utf-8")
    return [f"{m['method']} {m['path']}" for m in SECTION_RE.finditer(text) if m["method"]] or [
        "<no operations parsed>"
    ]


def _doc_op(op_id: str) -> tuple[tuple[str, str], dict]:
    ops = runflow_doc()["operations"]
    method, _, path = op_id.partition(" ")
    assert (method, path) in ops, f"could not parse documented operation {op_id!r}"
    return (method, path), ops[(method, path)]


# --------------------------------------------------------------------------- schema helpers

PRIMITIVES = {"string", "integer", "number", "boolean", "object", "array", "null"}


def schema_types(spec: dict, schema: Any) -> set[str]:
    schema = resolve(spec, schema)
    if not isinstance(schema, dict):
        return set()
    t = schema.get("type")
    out = {t} if isinstance(t, str) else set(t or [])
    for key in ("anyOf", "oneOf"):
        for sub in schema.get(key, []):
            out |= schema_types(spec, sub)
    return out


def ref_name(schema: Any) -> str | None:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return schema["$ref"].rsplit("/", 1)[-1]
    return None


def type_matches(spec: dict, doc_type: str, schema: dict) -> bool:
    """Does the spec schema express the documented type (`union`/`unknown` accept anything)?"""
    m = re.fullmatch(r"(\w+)(?: \((.+)\))?", doc_type)
    assert m, f"unparseable doc type {doc_type!r}"
    base, inner = m[1], m[2]
    if base in ("union", "unknown"):
        return True
    resolved = resolve(spec, schema)
    if base not in schema_types(spec, schema):
        return False
    if base == "string" and inner:
        formats = {resolved.get("format")} | {
            resolve(spec, s).get("format") for k in ("anyOf", "oneOf") for s in resolved.get(k, [])
        }
        return inner in formats
    if base == "array" and inner:
        items = resolved.get("items", {})
        if inner in PRIMITIVES:
            return inner in schema_types(spec, items)
        if inner in ("union", "unknown"):
            return True
        return ref_name(items) == inner
    return True


def walk_properties(spec: dict, schema: Any, _seen: frozenset = frozenset()) -> Iterator[tuple[str, dict, bool]]:
    """Yield (name, property schema, is_required) for every object property in the tree."""
    name = ref_name(schema)
    if name is not None:
        if name in _seen:
            return
        _seen = _seen | {name}
    schema = resolve(spec, schema)
    if not isinstance(schema, dict):
        return
    required = set(schema.get("required", []))
    for prop, sub in (schema.get("properties") or {}).items():
        yield prop, sub, prop in required
        yield from walk_properties(spec, sub, _seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from walk_properties(spec, schema[key], _seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            yield from walk_properties(spec, sub, _seen)


def check_fields(spec: dict, where: str, doc_fields: list[dict], schema: dict, *, flat: bool) -> None:
    """Compare documented fields with the spec schema.

    The doc flattens nested objects (array items, embedded objects) into one list without
    indentation, so for responses the comparison is by name over the whole schema tree:
    same set of property names, same set of required names, and every documented field has
    a property of that name with a matching type. Request bodies are flat, so they are
    compared exactly at top level.
    """
    if flat:
        schema = resolve(spec, schema)
        props = {n: (s, n in set(schema.get("required", []))) for n, s in (schema.get("properties") or {}).items()}
        found = {n: [(s, r)] for n, (s, r) in props.items()}
    else:
        found: dict[str, list[tuple[dict, bool]]] = {}
        for n, s, r in walk_properties(spec, schema):
            found.setdefault(n, []).append((s, r))
    doc_names = {f["name"] for f in doc_fields}
    assert set(found) == doc_names, (
        f"{where}: property names differ from the doc; missing in spec: {sorted(doc_names - set(found))}, "
        f"not in doc: {sorted(set(found) - doc_names)}"
    )
    doc_required = {f["name"] for f in doc_fields if f["required"]}
    spec_required = {n for n, entries in found.items() if any(r for _, r in entries)}
    assert doc_required <= spec_required, (
        f"{where}: doc-required fields not required in spec: {sorted(doc_required - spec_required)}"
    )
    assert spec_required <= doc_required, (
        f"{where}: spec requires fields the doc leaves optional: {sorted(spec_required - doc_required)}"
    )
    for f in doc_fields:
        candidates = (
            [s for s, r in found[f["name"]] if r == f["required"]] if flat else [s for s, _ in found[f["name"]]]
        )
        assert any(type_matches(spec, f["type"], s) for s in candidates), (
            f"{where}: field {f['name']!r} documented as {f['type']!r}, "
            f"spec has {[resolve(spec, s) for s in candidates]}"
        )


# --------------------------------------------------------------------------- generic spec checks


@pytest.mark.parametrize("spec_path", SPEC_FILES, ids=lambda p: p.name)
def test_spec_is_valid_openapi_31(spec_path):
    spec = load_spec(spec_path)
    assert spec.get("openapi") == "3.1.0"
    validate_openapi(spec)


@pytest.mark.parametrize("spec_path", SPEC_FILES, ids=lambda p: p.name)
def test_info_description_says_transcribed(spec_path):
    desc = load_spec(spec_path)["info"].get("description", "")
    assert re.search(r"\btranscribed\b", desc, re.I), "info.description must say the spec was transcribed"
    assert "shared/seeds/" in desc, "info.description must name the source doc"
    assert re.search(r"guess", desc, re.I), "info.description must list the guesses"


@pytest.mark.parametrize("spec_path", SPEC_FILES, ids=lambda p: p.name)
def test_bearer_security(spec_path):
    spec = load_spec(spec_path)
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert spec["security"] == [{"bearer": []}]


@pytest.mark.parametrize("spec_path", SPEC_FILES, ids=lambda p: p.name)
def test_operation_ids_unique(spec_path):
    ids = [op.get("operationId") for op in spec_operations(load_spec(spec_path)).values()]
    assert all(ids) and len(ids) == len(set(ids)), ids


def _walk(node: Any, pointer: str = "", in_name_map: bool = False) -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for k, v in node.items():
            child = f"{pointer}/{str(k).replace('~', '~0').replace('/', '~1')}"
            yield from _walk(v, child, in_name_map=k in ("properties", "patternProperties", "$defs"))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{pointer}/{i}")


def _all_schema_pointers(spec: dict) -> list[str]:
    """JSON pointers of every schema object: component schemas and every `schema:` value."""
    ptrs = [f"/components/schemas/{n}" for n in spec.get("components", {}).get("schemas", {})]
    ptrs += [p for p, _ in _walk(spec) if p.endswith("/schema") and "/components/schemas/" not in p]
    return ptrs


def _get(spec: dict, pointer: str) -> Any:
    node = spec
    for part in pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _dangling_refs(spec: dict) -> list[str]:
    bad = []
    for ptr, node in _walk(spec):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            try:
                resolve(spec, node)
            except AssertionError as exc:
                bad.append(f"{ptr}: {exc}")
    return bad


def _validator(spec: dict, pointer: str) -> Draft202012Validator:
    dangling = _dangling_refs(spec)
    assert not dangling, f"dangling $refs: {dangling}"
    registry = Registry().with_resource("urn:spec", Resource.from_contents(spec, default_specification=DRAFT202012))
    return Draft202012Validator({"$ref": f"urn:spec#{pointer}"}, registry=registry, format_checker=FormatChecker())


@pytest.mark.parametrize("spec_path", SPEC_FILES, ids=lambda p: p.name)
def test_every_schema_compiles_draft_2020_12(spec_path):
    spec = load_spec(spec_path)
    assert not _dangling_refs(spec), _dangling_refs(spec)
    ptrs = _all_schema_pointers(spec)
    assert ptrs
    for ptr in ptrs:
        Draft202012Validator.check_schema(_get(spec, ptr))
        # Compile with the whole document as the ref base: every `$ref` inside must resolve.
        v = _validator(spec, ptr)
        list(v.iter_errors(None))  # forces resolution of the top-level ref chain


@pytest.mark.parametrize("spec_path", SPEC_FILES, ids=lambda p: p.name)
def test_schema_bounds_consistent(spec_path):
    spec = load_spec(spec_path)
    for ptr, node in _walk(spec):
        if not isinstance(node, dict):
            continue
        for lo, hi in (
            ("minimum", "maximum"),
            ("minLength", "maxLength"),
            ("minItems", "maxItems"),
            ("minProperties", "maxProperties"),
            ("exclusiveMinimum", "exclusiveMaximum"),
        ):
            if isinstance(node.get(lo), (int, float)) and isinstance(node.get(hi), (int, float)):
                assert node[lo] <= node[hi], f"{spec_path.name}{ptr}: {lo} > {hi}"


@pytest.mark.parametrize("spec_path", SPEC_FILES, ids=lambda p: p.name)
def test_examples_and_defaults_validate(spec_path):
    """Every `example`/`examples`/`default` in the spec is valid against its schema."""
    spec = load_spec(spec_path)
    checked = 0
    for ptr, node in _walk(spec):
        if not isinstance(node, dict) or ptr.endswith(("/properties", "/patternProperties", "/$defs")):
            continue
        if "schema" in node and ("example" in node or "examples" in node):  # parameter / media type
            values = [node["example"]] if "example" in node else []
            values += [
                resolve(spec, ex)["value"]
                for ex in (node.get("examples") or {}).values()
                if "value" in resolve(spec, ex)
            ]
            target = f"{ptr}/schema"
        elif (
            "schema" not in node
            and ("example" in node or "default" in node or "examples" in node)
            and ("type" in node or "$ref" in node or "anyOf" in node or "properties" in node)
        ):  # a schema object
            values = [node[k] for k in ("example", "default") if k in node]
            values += list(node.get("examples") or []) if isinstance(node.get("examples"), list) else []
            target = ptr
        else:
            continue
        v = _validator(spec, target)
        for value in values:
            errors = [e.message for e in v.iter_errors(value)]
            assert not errors, f"{spec_path.name}{ptr}: example/default {value!r} invalid: {errors}"
            checked += 1
    assert checked, "expected at least one example/default to check"


# --------------------------------------------------------------------------- Runflow vs doc


def test_runflow_doc_operations_match_spec_exactly():
    doc_ops = set(runflow_doc()["operations"])
    spec_ops = set(spec_operations(load_spec(RUNFLOW_SPEC)))
    assert doc_ops == spec_ops, (
        f"missing in spec: {sorted(doc_ops - spec_ops)}; not in doc: {sorted(spec_ops - doc_ops)}"
    )
    assert len(doc_ops) == 18, f"the Runflow doc documents 18 operations, parsed {len(doc_ops)}"


def test_runflow_servers_and_paths():
    spec = load_spec(RUNFLOW_SPEC)
    assert [s["url"] for s in spec["servers"]] == ["https://api.runflow.io"]
    assert all(p.startswith("/v1/") for p in spec["paths"])


@pytest.mark.parametrize("op_id", _doc_op_ids())
def test_runflow_status_codes(op_id):
    key, doc = _doc_op(op_id)
    spec = load_spec(RUNFLOW_SPEC)
    op = spec_operations(spec).get(key)
    assert op is not None, f"{op_id} missing from spec"
    assert set(op["responses"]) == set(doc["responses"]), (
        f"{op_id}: spec statuses {sorted(op['responses'])} != doc {sorted(doc['responses'])}"
    )


@pytest.mark.parametrize("op_id", _doc_op_ids())
def test_runflow_responses_models_and_fields(op_id):
    key, doc = _doc_op(op_id)
    spec = load_spec(RUNFLOW_SPEC)
    op = spec_operations(spec)[key]
    for status, d in doc["responses"].items():
        where = f"{op_id} -> {status}"
        resp = resolve(spec, op["responses"][status])
        assert " ".join(resp["description"].split()) == d["description"], f"{where}: description differs"
        schema = response_schema(spec, op, status)
        assert schema is not None, f"{where}: no application/json schema"
        if d["model"]:
            assert ref_name(schema) == d["model"], f"{where}: expected $ref to {d['model']}, got {schema}"
        if d["array_of"]:
            s = resolve(spec, schema)
            assert s.get("type") == "array" and ref_name(s.get("items")) == d["array_of"], f"{where}: {s}"
            assert spec["components"]["schemas"].get(d["array_of"]) is not None
        # nested model names mentioned in field types (`array (SomeModel)`) exist as components
        for f in d["fields"]:
            inner = re.fullmatch(r"array \((\w+)\)", f["type"])
            if inner and inner[1] not in PRIMITIVES | {"union", "unknown"}:
                assert inner[1] in spec["components"]["schemas"], f"{where}: component {inner[1]} missing"
        check_fields(spec, where, d["fields"], schema, flat=False)


@pytest.mark.parametrize("op_id", _doc_op_ids())
def test_runflow_parameters(op_id):
    key, doc = _doc_op(op_id)
    spec = load_spec(RUNFLOW_SPEC)
    op = spec_operations(spec)[key]
    params = op_parameters(spec, key[1], op)
    doc_keys = {(p["name"], p["in"]) for p in doc["params"]}
    assert set(params) == doc_keys, (
        f"{op_id}: missing {sorted(doc_keys - set(params))}, undocumented {sorted(set(params) - doc_keys)}"
    )
    for p in doc["params"]:
        sp = params[(p["name"], p["in"])]
        assert bool(sp.get("required", False)) == p["required"], f"{op_id}: {p['name']} required flag"
        assert type_matches(spec, p["type"], sp["schema"]), f"{op_id}: {p['name']} type {p['type']} vs {sp['schema']}"
        if p["name"] == "limit":  # the mock bounds list length by it
            s = resolve(spec, sp["schema"])
            assert s.get("type") == "integer" and s.get("minimum", 0) >= 1, s
    for name, where in params:  # path templating and parameters agree
        if where == "path":
            assert "{" + name + "}" in key[1]
    assert set(re.findall(r"\{(\w+)\}", key[1])) == {n for n, w in params if w == "path"}


@pytest.mark.parametrize("op_id", _doc_op_ids())
def test_runflow_request_body(op_id):
    key, doc = _doc_op(op_id)
    spec = load_spec(RUNFLOW_SPEC)
    op = spec_operations(spec)[key]
    if doc["body"] is None:
        assert "requestBody" not in op, f"{op_id}: the doc documents no request body"
        return
    body = resolve(spec, op.get("requestBody"))
    assert body, f"{op_id}: request body missing"
    schema = body["content"]["application/json"]["schema"]
    check_fields(spec, f"{op_id} request body", doc["body"], schema, flat=True)
    if any(f["required"] for f in doc["body"]):
        assert body.get("required") is True, f"{op_id}: body has required fields, so it is required"


@pytest.mark.parametrize("op_id", _doc_op_ids())
def test_runflow_security(op_id):
    key, doc = _doc_op(op_id)
    spec = load_spec(RUNFLOW_SPEC)
    op = spec_operations(spec)[key]
    security = op.get("security", spec.get("security"))
    if re.search(r"works unauthenticated", doc["description"], re.I):
        assert {} in security and {"bearer": []} in security, f"{op_id}: auth must be optional, got {security}"
    else:
        assert security == [{"bearer": []}], f"{op_id}: expected bearer auth, got {security}"
        assert "401" in op["responses"]


def test_runflow_documented_schemas():
    spec = load_spec(RUNFLOW_SPEC)
    schemas = runflow_doc()["schemas"]
    assert set(schemas) == {"BatchItemHandle", "CheckoutSessionStatusResponse"}, set(schemas)
    for name, d in schemas.items():
        comp = spec["components"]["schemas"].get(name)
        assert comp is not None, f"component {name} missing"
        assert d["fields"], f"no fields parsed for schema {name}"
        check_fields(spec, f"schema {name}", d["fields"], comp, flat=True)


def test_runflow_error_envelopes():
    spec = load_spec(RUNFLOW_SPEC)
    comps = spec["components"]["schemas"]
    err = comps["ErrorResponse"]
    assert set(err["required"]) == {"code", "message"}
    assert err["properties"]["errors"]["type"] == "array"
    ve = comps["ValidationError"]
    assert set(ve["required"]) == {"loc", "msg", "type"}
    assert schema_types(spec, ve["properties"]["loc"]["items"]) == {"string", "integer"}
    assert ref_name(comps["HTTPValidationError"]["properties"]["detail"]["items"]) == "ValidationError"
    # a FastAPI-shaped validation error and a Runflow error both validate
    _validator(spec, "/components/schemas/HTTPValidationError").validate(
        {"detail": [{"loc": ["query", "redirect_uri"], "msg": "Field required", "type": "missing"}]}
    )
    _validator(spec, "/components/schemas/ErrorResponse").validate({"code": "PERMISSION_DENIED", "message": "x"})


def test_runflow_nullable_only_where_not_required():
    """`null` is only allowed on properties that are not required."""
    spec = load_spec(RUNFLOW_SPEC)
    for name in spec["components"]["schemas"]:
        for prop, sub, required in walk_properties(spec, {"$ref": f"#/components/schemas/{name}"}):
            if required:
                assert "null" not in schema_types(spec, sub), f"{name}.{prop} is required but nullable"


# --------------------------------------------------------------------------- useapi vs doc


def _useapi_doc_example() -> Any:
    """The doc's 200 example, with its missing/trailing commas repaired."""
    text = _read_seed(USEAPI_DOC)
    m = re.search(r"200 OK\s*(\{.*?\n\s*\})\s*\n\s*•", text, re.S)
    assert m, "could not find the 200 example in the useapi doc"
    raw = m[1]
    raw = re.sub(r'(["\d}\]])(\s*\n\s*")', r"\1,\2", raw)  # missing commas between members
    raw = re.sub(r",(\s*[}\]])", r"\1", raw)  # trailing commas
    return json.loads(raw)


def test_useapi_operation_and_statuses():
    text = _read_seed(USEAPI_DOC)
    spec = load_spec(USEAPI_SPEC)
    url = re.search(r"https://api\.useapi\.net/v1/\S+", text)[0]
    ops = spec_operations(spec)
    assert len(ops) == 1
    (method, path), op = next(iter(ops.items()))
    assert method == "GET"
    assert spec["servers"][0]["url"].rstrip("/") + path == url
    doc_statuses = set(re.findall(r"•\s+(\d{3})\s+[A-Z]", text))
    assert doc_statuses == {"200", "401", "404"}, doc_statuses
    assert set(op["responses"]) == doc_statuses
    assert op.get("security", spec["security"]) == [{"bearer": []}]
    assert "Authorization: Bearer" in text


def test_useapi_error_bodies():
    text = _read_seed(USEAPI_DOC)
    spec = load_spec(USEAPI_SPEC)
    op = spec["paths"]["/runwayml/accounts"]["get"]
    ptr401 = "/paths/~1runwayml~1accounts/get/responses/401/content/application~1json"
    media401 = _get(spec, ptr401)
    schema = resolve(spec, media401["schema"])
    assert set(schema["required"]) == {"error", "code"}
    assert schema_types(spec, schema["properties"]["error"]) == {"string"}
    assert schema_types(spec, schema["properties"]["code"]) == {"integer"}
    doc401 = json.loads(re.search(r"401 Unauthorized\s*(\{.*?\})", text, re.S)[1])
    assert media401["example"] == doc401
    v = _validator(spec, ptr401 + "/schema")
    v.validate(media401["example"])
    v.validate(doc401)
    sentence = re.search(r"404 Not Found\s*(.+?\.\s+To create configuration use .+?\.)", text, re.S)[1]
    media404 = op["responses"]["404"]["content"]["application/json"]
    assert " ".join(media404["example"]["error"].split()) == " ".join(sentence.split())
    _validator(spec, ptr401.replace("401", "404") + "/schema").validate(media404["example"])


def test_useapi_model_all_optional_and_example():
    spec = load_spec(USEAPI_SPEC)
    ptr = "/paths/~1runwayml~1accounts/get/responses/200/content/application~1json"
    media = _get(spec, ptr)
    top = resolve(spec, media["schema"])
    assert top["type"] == "object" and isinstance(top.get("additionalProperties"), dict)
    account = resolve(spec, top["additionalProperties"])
    props = {n: (s, r) for n, s, r in walk_properties(spec, top)}
    assert set(props) == {"email", "password", "maxJobs", "jwt", "token", "exp", "iat", "id"}
    assert not any(r for _, r in props.values()), "the doc's model says every field is optional"
    assert set(account["properties"]) == {"email", "password", "maxJobs", "jwt"}
    expected = {
        "email": "string",
        "password": "string",
        "maxJobs": "integer",
        "jwt": "object",
        "token": "string",
        "exp": "number",
        "iat": "number",
        "id": "integer",
    }
    for name, t in expected.items():
        assert schema_types(spec, props[name][0]) == {t}, name
    assert media["example"] == _useapi_doc_example(), "200 example must be the doc's example (commas fixed)"
    _validator(spec, ptr + "/schema").validate(media["example"])
