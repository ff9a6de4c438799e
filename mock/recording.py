"""`specmock proxy --record DIR`: real answers kept as named OpenAPI examples, for the mock to replay.

Each exchange that passed every check becomes an example on the media type of the response
it answered, in one OpenAPI Overlay 1.0 document per API (`DIR/<api>.recorded.yaml`), the
format spec loading applies: `specmock serve --overlay DIR`, or the file dropped into
`specs/overlays/`, serves them (`Prefer: example=NAME`, and by default: recorded examples
are marked `x-specmock-recorded` and come before the spec's own).

Examples are grouped by operation and status and named `recorded_<status>_<n>`; identical
bodies are kept once. Before a body is written, secrets are cut out: any string holding a
credential the request carried, and every field whose name says it is secret (password,
token, api_key…) or that `--redact NAME` names, is replaced by a value its schema accepts.
An exchange with violations, or a body that no longer validates once redacted, is reported
(log line, `rejected`) and not written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mock.fake_data import fake_value
from mock.proxy import Exchange, response_violations
from mock.schema_validation import folded, is_valid
from mock.spec.model import Api, Schema, essence, find_media
from mock.spec.reading import SpecLoader

log = logging.getLogger("specmock")

REDACTED = "[redacted]"
# Field names (lower case, without `_`/`-`) that hold secrets wherever they appear.
SECRET_NAMES = frozenset(
    {
        "password",
        "passwd",
        "secret",
        "clientsecret",
        "apisecret",
        "token",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "apikey",
        "privatekey",
        "authorization",
        "sessionid",
        "cookie",
        "signature",
    }
)
SECRET_SUFFIXES = ("password", "secret", "token", "apikey")


def _normal(name: str) -> str:
    return re.sub(r"[-_\s]", "", name).lower()


@dataclass
class Recorder:
    """An exchange listener of the proxy: writes what validated, reports what did not."""

    api: Api
    directory: Path
    redact_fields: frozenset[str] = frozenset()
    limit_per_group: int = 20
    recorded: int = 0
    rejected: list[str] = field(default_factory=list)
    _examples: dict[str, dict[str, Any]] = field(default_factory=dict)  # overlay target -> name -> example
    _digests: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._load()

    @property
    def path(self) -> Path:
        return self.directory / f"{self.api.name}.recorded.yaml"

    def __call__(self, exchange: Exchange) -> None:
        operation = exchange.operation
        if exchange.source != "upstream" or operation is None or exchange.status is None:
            return
        where = f"{exchange.method} {exchange.path} -> {exchange.status}"
        if exchange.violations:
            self._reject(where, f"{len(exchange.violations)} violation(s)")
            return
        spec = operation.response_for(exchange.status)
        media = find_media(spec.content, essence(exchange.media_type)) if spec else None
        if spec is None or media is None or exchange.body is None:
            self._reject(where, "no JSON body was held and checked (streamed, over the limit, or not JSON)")
            return
        try:
            value = json.loads(exchange.body)
        except ValueError:
            self._reject(where, "the body is not JSON")
            return
        value = redact(value, media.schema or {}, self.redact_fields, exchange.secrets)
        after = response_violations(operation, exchange.status, {}, json.dumps(value).encode(), media.name)
        if after:
            self._reject(where, "once redacted it does not validate: " + "; ".join(after))
            return
        digest = hashlib.blake2b(json.dumps(value, sort_keys=True).encode(), digest_size=12).hexdigest()
        target = (
            f"$.paths[{_quote(operation.path)}].{operation.method.lower()}"
            f".responses[{_quote(spec.status)}].content[{_quote(media.name)}]"
        )
        group = self._examples.setdefault(target, {})
        if f"{target}|{digest}" in self._digests:
            return
        prefix = f"recorded_{exchange.status}_"
        if sum(1 for name in group if name.startswith(prefix)) >= self.limit_per_group:
            return
        number = 1 + max((int(n[len(prefix) :]) for n in group if n[len(prefix) :].isdecimal()), default=0)
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        group[f"{prefix}{number}"] = {
            "summary": f"{exchange.method} {exchange.path} recorded {when}",
            "value": value,
            "x-specmock-recorded": True,
            "x-specmock-digest": digest,
        }
        self._digests.add(f"{target}|{digest}")
        self.recorded += 1
        self._write()
        log.info("record: %s kept as %s%d in %s", where, prefix, number, self.path)

    def _reject(self, where: str, why: str) -> None:
        self.rejected.append(f"{where}: {why}")
        log.warning("record: %s not recorded: %s", where, why)

    # ------------------------------------------------------------ the overlay file

    def _load(self) -> None:
        """Continue an earlier recording: its examples are kept, numbered on and never written twice."""
        if not self.path.is_file():
            return
        text = self.path.read_text(encoding="utf-8")
        overlay = yaml.load(text, Loader=SpecLoader) or {}  # noqa: S506 - a safe loader, reading YAML 1.2 as specs
        for action in overlay.get("actions") or []:
            examples = ((action.get("update") or {}).get("examples")) or {}
            self._examples.setdefault(action["target"], {}).update(examples)
            for example in examples.values():
                self._digests.add(f"{action['target']}|{example.get('x-specmock-digest')}")

    def _write(self) -> None:
        overlay = {
            "overlay": "1.0.0",
            "info": {"title": f"{self.api.name}: answers recorded by specmock proxy", "version": "1.0.0"},
            "actions": [
                {"target": target, "update": {"examples": examples}}
                for target, examples in sorted(self._examples.items())
                if examples
            ],
        }
        text = yaml.safe_dump(overlay, sort_keys=False, allow_unicode=True, width=120)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".recording-", suffix=".yaml")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, self.path)  # a server loading the folder never sees half a file


def _quote(name: str) -> str:
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


# ---------------------------------------------------------------- redaction


def is_secret_name(name: str, extra: frozenset[str]) -> bool:
    normal = _normal(name)
    return name in extra or normal in SECRET_NAMES or normal.endswith(SECRET_SUFFIXES)


def redact(value: Any, schema: Schema, fields: frozenset[str], secrets: tuple[str, ...]) -> Any:
    """`value` with secret fields and credential-bearing strings replaced by values `schema` accepts."""
    schema = _narrowed(schema, value)
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        out = {}
        for name, item in value.items():
            sub = properties.get(name, extra if isinstance(extra, dict) else {})
            if is_secret_name(name, fields):
                out[name] = _placeholder(sub, item)
            else:
                out[name] = redact(item, sub, fields, secrets)
        return out
    if isinstance(value, list):
        items = schema.get("items")
        return [redact(item, items if isinstance(items, dict) else {}, fields, secrets) for item in value]
    if isinstance(value, str) and any(secret in value for secret in secrets):
        return _placeholder(schema, value)
    return value


def _narrowed(schema: Schema, value: Any) -> Schema:
    schema = folded(schema)
    options = schema.get("oneOf") or schema.get("anyOf")
    if options:
        fitting = [option for option in options if isinstance(option, dict) and is_valid(option, value)]
        return _narrowed(fitting[0], value) if fitting else schema
    return schema


def _placeholder(schema: Schema, original: Any) -> Any:
    """A stand-in the schema accepts: `[redacted]` for a plain string, else a generated value of its kind."""
    if original is None:
        return None
    if is_valid(schema, REDACTED):
        return REDACTED
    return fake_value(schema, seed=0)
