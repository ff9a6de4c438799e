"""Schema-valid, realistic, reproducible fake values: the only module that imports faker.

A value is chosen from the schema first (const, enum, examples, default), then from the
property's name (`email`, `prompt`, `currency`…), then from its `format`, then from its
type and bounds. The same schema and seed always give the same value.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import string
import uuid
from collections.abc import Callable
from typing import Any

from faker import Faker

from mock.spec.model import Schema

_faker = Faker("en_US")
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class Faking:
    """One generation pass: a seeded random source shared by faker and our own choices."""

    def __init__(self, seed: int, use_examples: bool = True) -> None:
        self.rng = random.Random(seed)
        _faker.seed_instance(seed)
        self.faker = _faker
        self.use_examples = use_examples

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def datetime(self) -> dt.datetime:
        return EPOCH + dt.timedelta(seconds=self.rng.randint(0, 300 * 86400))


def fake_value(schema: Schema | None, seed: int, name: str = "", use_examples: bool = True) -> Any:
    return generate(schema or {}, Faking(seed, use_examples), name)


# ---------------------------------------------------------------- dispatch


def generate(schema: Schema, ctx: Faking, name: str = "") -> Any:
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return schema["const"]
    if ctx.use_examples:
        if "examples" in schema and isinstance(schema["examples"], list) and schema["examples"]:
            return schema["examples"][0]
        if "example" in schema:
            return schema["example"]
        if "default" in schema:
            return schema["default"]
    if "enum" in schema and schema["enum"]:
        choices = [v for v in schema["enum"] if v is not None] or schema["enum"]
        return ctx.rng.choice(choices)
    if _allows_null(schema) and _ABSENT_WHEN_HEALTHY.search(name):
        return None
    if "allOf" in schema:
        return generate(merge_all_of(schema), ctx, name)
    if "oneOf" in schema or "anyOf" in schema:
        options = schema.get("oneOf") or schema.get("anyOf")
        base = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
        non_null = [o for o in options if not _is_null_schema(o)] or options
        return generate(merge_all_of({"allOf": [base, non_null[0]]}) if base else non_null[0], ctx, name)
    kind = _pick_type(schema)
    return TYPE_GENERATORS.get(kind, _any_value)(schema, ctx, name)


# A live record has no deletion or failure yet: where the spec lets these be null, they are.
_ABSENT_WHEN_HEALTHY = re.compile(r"^(deleted|failure|failed|error|cancel)")


def _allows_null(schema: Schema) -> bool:
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        return True
    return any(_is_null_schema(o) for o in schema.get("anyOf", []) + schema.get("oneOf", []))


def _is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def _pick_type(schema: Schema) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        non_null = [k for k in kind if k != "null"]
        return non_null[0] if non_null else "null"
    if kind:
        return str(kind)
    if "properties" in schema or "additionalProperties" in schema or "required" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return "string"


def merge_all_of(schema: Schema) -> Schema:
    """Fold `allOf` into one schema; enough for the object compositions real specs use."""
    merged: Schema = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema.get("allOf", []):
        if "allOf" in part:
            part = merge_all_of(part)
        for key, value in part.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = sorted(set(merged.get("required", [])) | set(value))
            elif key not in merged:
                merged[key] = value
    return merged


# ---------------------------------------------------------------- types


def _object(schema: Schema, ctx: Faking, name: str) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for prop, sub in (schema.get("properties") or {}).items():
        value[prop] = generate(sub, ctx, prop)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra and not schema.get("properties"):
        has_email = "email" in (extra.get("properties") or {})
        for _ in range(max(2, int(schema.get("minProperties", 0)))):
            entry = generate(extra, ctx, name)
            if has_email and isinstance(entry, dict) and isinstance(entry.get("email"), str):
                key = entry["email"]
            else:
                key = f"{ctx.faker.word()}-{ctx.rng.randint(1, 999)}"
            value[key] = entry
    return value


def _array(schema: Schema, ctx: Faking, name: str) -> list[Any]:
    low = int(schema.get("minItems", 0))
    high = int(schema.get("maxItems", max(low, 3)))
    count = min(max(low, 2), high)
    singular = name[:-1] if name.endswith("s") else name
    items = schema.get("items") or {}
    values: list[Any] = []
    for _ in range(count * 4):
        if len(values) >= count:
            break
        item = generate(items, ctx, singular)
        if schema.get("uniqueItems") and item in values:
            continue
        values.append(item)
    return values


def _integer(schema: Schema, ctx: Faking, name: str) -> int:
    low, high = _bounds(schema, 0, 1000, integer=True)
    hinted = _numeric_hint(name, ctx)
    value = int(hinted) if hinted is not None and low <= hinted <= high else ctx.rng.randint(int(low), int(high))
    step = schema.get("multipleOf")
    if isinstance(step, int) and step > 0:
        value = max(int(low), value - value % step)
        if value % step:
            value += step - value % step
    return value


def _number(schema: Schema, ctx: Faking, name: str) -> float:
    low, high = _bounds(schema, 0.0, 100.0, integer=False)
    hinted = _numeric_hint(name, ctx)
    if hinted is not None and low <= hinted <= high:
        return float(hinted)
    value = round(ctx.rng.uniform(low, high), 2)
    return min(max(value, low), high)


def _bounds(schema: Schema, low: float, high: float, integer: bool) -> tuple[float, float]:
    if "minimum" in schema:
        low = schema["minimum"]
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + (1 if integer else 0.01)
    if "maximum" in schema:
        high = schema["maximum"]
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - (1 if integer else 0.01)
    if high < low:
        high = low + (1000 if integer else 100.0)
        if "maximum" in schema or "exclusiveMaximum" in schema:
            high = low
    return low, high


def _numeric_hint(name: str, ctx: Faking) -> float | None:
    lowered = name.lower()
    if lowered in ("exp", "iat", "timestamp") or lowered.endswith("_ts"):
        return float(int(ctx.datetime().timestamp()))
    if "pct" in lowered or "percent" in lowered:
        return ctx.rng.randint(0, 100)
    if lowered in ("width", "height"):
        return ctx.rng.choice([512, 768, 1024])
    if "usd" in lowered or "cost" in lowered or "price" in lowered or "amount" in lowered or "balance" in lowered:
        return round(ctx.rng.uniform(0.01, 25), 2)
    return None


def _boolean(schema: Schema, ctx: Faking, name: str) -> bool:
    return ctx.rng.random() < 0.5


def _null(schema: Schema, ctx: Faking, name: str) -> None:
    return None


def _any_value(schema: Schema, ctx: Faking, name: str) -> Any:
    return ctx.faker.word()


# ---------------------------------------------------------------- strings


def _string(schema: Schema, ctx: Faking, name: str) -> str:
    fmt = schema.get("format", "")
    maker = FORMAT_GENERATORS.get(fmt) if fmt else None
    if maker is None:
        maker = _name_hint(name)
    value = maker(ctx) if maker else ctx.faker.word()
    if "pattern" in schema:
        value = _from_pattern(schema["pattern"], ctx, value)
    return _fit_length(value, schema, ctx)


def _fit_length(value: str, schema: Schema, ctx: Faking) -> str:
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    while len(value) < low:
        value += ctx.rng.choice(string.ascii_lowercase)
    if high is not None and len(value) > int(high):
        value = value[: int(high)]
    return value


def _from_pattern(pattern: str, ctx: Faking, fallback: str) -> str:
    if re.search(pattern, fallback):
        return fallback
    import rstr  # only specs with patterns pay for the import

    generator = rstr.Rstr(ctx.rng)
    for _ in range(20):
        candidate = generator.xeger(pattern)
        if re.search(pattern, candidate):
            return candidate
    return fallback


FORMAT_GENERATORS: dict[str, Callable[[Faking], str]] = {
    "uuid": lambda c: c.uuid(),
    "email": lambda c: c.faker.email(),
    "idn-email": lambda c: c.faker.email(),
    "date-time": lambda c: c.datetime().isoformat().replace("+00:00", "Z"),
    "date": lambda c: c.datetime().date().isoformat(),
    "time": lambda c: c.datetime().time().isoformat() + "Z",
    "uri": lambda c: c.faker.url() + c.faker.uri_path(),
    "url": lambda c: c.faker.url(),
    "iri": lambda c: c.faker.url(),
    "uri-reference": lambda c: "/" + c.faker.uri_path(),
    "hostname": lambda c: c.faker.hostname(),
    "ipv4": lambda c: c.faker.ipv4(),
    "ipv6": lambda c: c.faker.ipv6(),
    "byte": lambda c: "aGVsbG8gd29ybGQ=",
    "binary": lambda c: c.faker.pystr(),
    "password": lambda c: c.faker.password(length=16),
    "duration": lambda c: f"PT{c.rng.randint(1, 59)}M",
}

# Property-name hints, checked in order: the first regex that matches the name wins.
NAME_HINTS: list[tuple[str, Callable[[Faking], str]]] = [
    (r"(^|_)e?mail$", lambda c: c.faker.email()),
    (
        r"(_|^)(url|uri|href|link)$|_urls?$|^url",
        lambda c: f"https://cdn.{c.faker.domain_name()}/{c.faker.uri_path()}.png",
    ),
    (r"^(first_?name)$", lambda c: c.faker.first_name()),
    (r"^(last_?name)$", lambda c: c.faker.last_name()),
    (r"(^|_)(full_?name|display_?name|name|username|owner)$|Name$", lambda c: c.faker.name()),
    (r"currency", lambda c: c.rng.choice(["USD", "EUR", "GBP"])),
    (r"mime|content_type", lambda c: c.rng.choice(["image/png", "image/jpeg", "video/mp4", "audio/mpeg"])),
    (r"resolution", lambda c: c.rng.choice(["512x512", "1024x1024", "1920x1080", "3840x2160"])),
    (r"provider|vendor|company|organi[sz]ation", lambda c: c.faker.company()),
    (r"(^|_)(key|path|r2_key|s3_key|storage_key)$", lambda c: f"{c.faker.uri_path()}/{c.uuid()[:8]}.png"),
    (r"(^|_)unit$", lambda c: c.rng.choice(["image", "second", "character", "request"])),
    (r"locale|language", lambda c: c.rng.choice(["en-US", "fr-FR", "de-DE", "ja-JP"])),
    (r"country", lambda c: c.faker.country_code()),
    (r"city", lambda c: c.faker.city()),
    (r"phone", lambda c: c.faker.phone_number()),
    (r"prompt", lambda c: c.faker.sentence(nb_words=10)),
    (r"^(description|content|content_markdown|bio|summary|message|msg)$", lambda c: c.faker.paragraph(nb_sentences=2)),
    (r"title|subtitle|label", lambda c: c.faker.sentence(nb_words=4).rstrip(".")),
    (r"slug", lambda c: c.faker.slug()),
    (r"colou?r|gradient", lambda c: c.faker.hex_color()),
    (r"(^|_)(token|secret|signature|password)$", lambda c: c.faker.sha256()[:40]),
    (r"(^|_)(id|uuid)$|UUID$|_id$", lambda c: c.uuid()),
    (r"(_at|At|date|time)$", lambda c: c.datetime().isoformat().replace("+00:00", "Z")),
    (r"(^|_)(code|status|type|kind|category|section)", lambda c: c.faker.word()),
    (r"version", lambda c: f"{c.rng.randint(1, 4)}.{c.rng.randint(0, 9)}.{c.rng.randint(0, 9)}"),
    (r"model", lambda c: c.rng.choice(["flux-schnell", "sdxl-turbo", "kling-1.6", "veo-3", "eleven-v3"])),
    (r"icon", lambda c: c.faker.word()),
]
_COMPILED_HINTS = [(re.compile(p), maker) for p, maker in NAME_HINTS]


def _name_hint(name: str) -> Callable[[Faking], str] | None:
    for pattern, maker in _COMPILED_HINTS:
        if name and pattern.search(name):
            return maker
    return None


TYPE_GENERATORS: dict[str, Callable[[Schema, Faking, str], Any]] = {
    "object": _object,
    "array": _array,
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "null": _null,
}
