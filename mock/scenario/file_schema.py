"""Our JSON Schema for scenario files: the shape a file must have before its meaning is checked.

`loading.py` checks each file against `SCENARIO_FILE_SCHEMA` (errors point at the YAML line);
`compiling.py` checks each rule again once its `${settings.*}` are filled in (`RULE_VALIDATOR`).
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

FIELD_OPS = ("equals", "not", "in", "contains", "regex", "exists", "gt", "gte", "lt", "lte")
RUNTIME_ROOTS = {
    "request",
    "path",
    "query",
    "credential",
    "now",
    "call",
    "wallet",
    "charge",
    "topup",
    "estimate",
    "pricing",
    "job",
    "callback",
    "callbacks",
    "resource",
    "page",
    "settings",
    "delete",
}


_SETTING = {"type": "string", "pattern": r"^\$\{settings\.[A-Za-z0-9_.]+(\s*\?\?.*)?\}$"}
_INT = {"anyOf": [{"type": "integer", "minimum": 1}, _SETTING]}
_NUM = {"anyOf": [{"type": "number", "minimum": 0}, _SETTING]}
_NAMES = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    ]
}
_RESPOND = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "status": {"anyOf": [{"type": "integer", "minimum": 100, "maximum": 599}, _SETTING]},
        "body": {},
        "override": {},
        "override_tasks": {"type": "object", "additionalProperties": {"type": "object"}},
        "problem": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string"},
                "details": {"type": "object"},
                "headers": {"type": "object"},
            },
        },
        "headers": {"type": "object", "additionalProperties": {"type": ["string", "number", "integer", "boolean"]}},
    },
}
_CONDITIONS = {"type": "object", "additionalProperties": True}
_NAME_LIST = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string"}}]}
# Corrections to what `mock.spec.resources` infers (see `ResourceOverride`).
_RESOURCE_OVERRIDE = {
    "type": "object",
    "required": ["api", "name"],
    "additionalProperties": False,
    "properties": {
        "api": {"type": "string", "minLength": 1},
        "name": {"type": "string", "minLength": 1},
        "exclude": {"type": "boolean"},
        "collection_path": {"type": "string", "pattern": "^/"},
        "item_path": {"type": "string", "pattern": "^/"},
        "id_field": {"type": "string", "minLength": 1},
        "id_param": {"type": "string", "minLength": 1},
        "items_path": {"type": "string"},
        "create_id_path": {"type": "string"},
        "parent_wildcard": {"type": "string"},
        "operations": {
            "type": "object",
            "additionalProperties": False,
            "properties": {role: _NAME_LIST for role in ("list", "create", "get", "replace", "update", "delete")},
        },
        "record_paths": {"type": "object", "additionalProperties": {"type": "string"}},
        "filters": {"type": "object", "additionalProperties": {"type": "string"}},
        "parent_fields": {"type": "object", "additionalProperties": {"type": "string"}},
        "server_fields": {"type": "array", "items": {"type": "string"}},
        "paging": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "style": {"enum": ["none", "offset", "page", "cursor", "link"]},
                "limit_param": {"type": "string"},
                "offset_param": {"type": "string"},
                "page_param": {"type": "string"},
                "cursor_param": {"type": "string"},
                "cursor_is_key": {"type": "boolean"},
                "next_field": {"type": "string"},
                "previous_field": {"type": "string"},
                "first_field": {"type": "string"},
                "last_field": {"type": "string"},
                "total_field": {"type": "string"},
                "default_limit": {"type": "integer", "minimum": 1},
                "max_limit": {"type": "integer", "minimum": 1},
            },
        },
    },
}
SCENARIO_FILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "anyOf": [{"required": ["scenarios"]}, {"required": ["resources"]}],
    "additionalProperties": False,
    "properties": {
        "resources": {"type": "array", "items": _RESOURCE_OVERRIDE},
        "scenarios": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "rules"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "description": {"type": "string"},
                    "priority": {"type": "integer"},
                    "settings": {"type": "object"},
                    "spec_deviation": {"type": "string", "minLength": 1},
                    "rules": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["match"],
                            "additionalProperties": False,
                            "properties": {
                                "name": {"type": "string", "minLength": 1},
                                "match": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "properties": {
                                        "api": _NAMES,
                                        "operation": _NAMES,
                                        "method": {"type": "string", "pattern": "^[A-Za-z]+$"},
                                        "path": {"type": "string", "pattern": "^/"},
                                        "body": _CONDITIONS,
                                        "query": _CONDITIONS,
                                        "headers": _CONDITIONS,
                                        "path_params": _CONDITIONS,
                                        "calls": {
                                            "anyOf": [
                                                {"type": "integer", "minimum": 1},
                                                {
                                                    "type": "object",
                                                    "additionalProperties": False,
                                                    "minProperties": 1,
                                                    "properties": {
                                                        "nth": _INT,
                                                        "after": {
                                                            "anyOf": [{"type": "integer", "minimum": 0}, _SETTING]
                                                        },
                                                        "from": _INT,
                                                        "to": _INT,
                                                        "every": _INT,
                                                        "burst": _INT,
                                                    },
                                                },
                                            ]
                                        },
                                    },
                                },
                                "required_state": {"type": "string", "minLength": 1},
                                "new_state": {"type": "string", "minLength": 1},
                                "respond": _RESPOND,
                                "sequence": {"type": "array", "minItems": 1, "items": _RESPOND},
                                "effect": {"type": "string"},
                                "with": {"type": "object"},
                                "headers": {
                                    "type": "object",
                                    "additionalProperties": {"type": ["string", "number", "integer", "boolean"]},
                                },
                                "delay_ms": {
                                    "anyOf": [
                                        {"type": "number", "minimum": 0},
                                        _SETTING,
                                        {"type": "array", "minItems": 2, "maxItems": 2, "items": _NUM},
                                    ]
                                },
                                "fault": {"enum": ["connection_reset", "timeout"]},
                                "timeout_s": _NUM,
                                "only_where_declared": {"type": "boolean"},
                                "final": {"type": "boolean"},
                            },
                        },
                    },
                },
            },
        },
    },
}
FILE_VALIDATOR = Draft202012Validator(SCENARIO_FILE_SCHEMA)
# A rule once its ${settings.*} are filled in: settings given at activation are checked against it.
RULE_VALIDATOR = Draft202012Validator(
    SCENARIO_FILE_SCHEMA["properties"]["scenarios"]["items"]["properties"]["rules"]["items"]
)
