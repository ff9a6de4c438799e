"""Which realistic value a field gets, by its name and format: one table, read top to bottom.

A rule matches a property by `name` (a regular expression, case-insensitive) and/or by
`format`, for the JSON types it lists, and names the generator that makes its value. The
first rule that matches wins; the spec's own constraints (enum, pattern, lengths) still
apply afterwards in fake_data.

An API extends the table with `x-specmock-field-rules` at the root of its document, directly
or through an overlay (`specs/overlays/<api>.*.yaml`). Its rules come before the built-in ones:

    x-specmock-field-rules:
      - {name: "^sku$", value: ean13}              # a generator below, or any faker provider
      - {name: "^plan$", one_of: [free, pro, team]}
      - {format: handle, value: username}
      - {name: "^score$", type: integer, value: percent}

Besides the table, this module knows the id prefixes a spec shows in its examples
(`cus_…`, `pi_…`), so that ids look like the vendor's.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mock.identity_cache import IdentityCache
from mock.spec.names import name_words, spelling_key

if TYPE_CHECKING:
    from mock.fake_data import Faking

Maker = Callable[["Faking"], Any]

RULES_KEY = "x-specmock-field-rules"
DATETIME_PRECISIONS = ("s", "ms", "us")

CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF")


def _username(ctx: Faking) -> str:
    return re.sub(r"[^a-z0-9_]", "", ctx.faker.user_name().lower()) or f"user{ctx.rng.randint(1, 9999)}"


def _phone_e164(ctx: Faking) -> str:
    # North American numbering: area and exchange codes never start with 0 or 1.
    return f"+1{ctx.rng.randint(201, 989)}{ctx.rng.randint(200, 999)}{ctx.rng.randint(0, 9999):04d}"


def _image_url(ctx: Faking) -> str:
    return f"https://images.{ctx.faker.domain_name()}/{ctx.faker.slug()}.jpg"


def _web_url(ctx: Faking) -> str:
    return f"https://{ctx.faker.domain_name()}/{ctx.faker.uri_path()}"


# A name for a thing that is not a person (a repository, a team, a project, a tag): two words, as teams name them.
THING_NAME_WORDS = (
    (
        "Amber", "Arctic", "Bold", "Bright", "Cedar", "Silver", "Coastal", "Crimson", "Golden", "Granite",
        "Hidden", "Iron", "Lunar", "Maple", "Northern", "Quiet", "Rapid", "Solar", "Swift", "Velvet",
    ),
    (
        "Atlas", "Beacon", "Bridge", "Canyon", "Comet", "Falcon", "Forge", "Harbor", "Horizon", "Lantern",
        "Meadow", "Orbit", "Pioneer", "Ridge", "River", "Summit", "Vertex", "Voyage", "Willow", "Zephyr",
    ),
)  # fmt: skip


def _thing_name(ctx: Faking) -> str:
    return f"{ctx.rng.choice(THING_NAME_WORDS[0])} {ctx.rng.choice(THING_NAME_WORDS[1])}"


def _name(ctx: Faking) -> str:
    """A person's name where the field names a person (or the record is one), a company's where it names one (or
    the record is one), else a thing's."""
    kind = name_kind(ctx.field, ctx.record_kind)
    return (
        ctx.faker.name()
        if kind is NameKind.PERSON
        else ctx.faker.company()
        if kind is NameKind.COMPANY
        else _thing_name(ctx)
    )


# Nouns for people, and for groups of them that hold people's fields (an organisation's email and avatar), matched
# in a name's last word (`repo_owner`, `createdByUser`, `customers`; not `user_repos`, a user's repositories).
_PERSON_NOUNS = re.compile(
    "user|owner|author|person|people|member|customer|contact|employee|assignee|creator|sender|recipient|committer"
    "|reviewer|requester|reporter|profile|actor|admin|patient|student|teacher|driver|guest|passenger|buyer|seller"
    "|signer|payee|payer|manager|speaker|artist|player|friend|follower|candidate|applicant|collaborator"
    "|subscriber|attendee|participant|maintainer|developer|approver|submitter|uploader|beneficiary|individual"
)
_COMPANY_NOUNS = re.compile(
    "^(org|organi[sz]ation|compan(y|ies)|business(es)?|merchant|enterprise|vendor|provider|supplier)s?$"
)
# Fields only a person's record has; an unnamed record with one of them is a person's.
_PERSON_FIELDS = frozenset(
    {"email", "emailaddress", "firstname", "lastname", "givenname", "familyname", "surname", "login", "username"}
    | {"birthday", "birthdate", "dateofbirth", "gender"}
)
# What may stand before `name` and leave it the record's own name: `full_name`, `display_name`.
_OWN_NAME_STEMS = frozenset({"", "full", "display", "real", "legal", "preferred"})


def record_kind(noun: str, field_names: Iterable[str]) -> NameKind:
    """Whose record it is, for its `name`: what its noun says (`user`, `members`, `organization`), else a person's
    where it has a field only a person has (an email, a login), else a thing's."""
    found = _noun_kind(_last_word(noun))
    if found is not None:
        return found
    return NameKind.PERSON if any(spelling_key(n) in _PERSON_FIELDS for n in field_names) else NameKind.THING


class NameKind(enum.Enum):
    PERSON = "person"
    COMPANY = "company"
    THING = "thing"


def name_kind(field_name: str, record_kind: NameKind) -> NameKind:
    """Whose name a `…name` field holds: `author_name` a person's, `vendor_name` a company's, `project_name` a
    thing's; `name` or `display_name` its record's."""
    words = name_words(field_name)
    stem = words[:-1] if words and words[-1] == "name" else words
    if not stem or "".join(stem) in _OWN_NAME_STEMS:
        return record_kind
    return _noun_kind(stem[-1]) or NameKind.THING


def _noun_kind(word: str) -> NameKind | None:
    if _PERSON_NOUNS.search(word):
        return NameKind.PERSON
    if _COMPANY_NOUNS.match(word):
        return NameKind.COMPANY
    return None


def _last_word(name: str) -> str:
    words = name_words(name)
    return words[-1] if words else ""


def _title(ctx: Faking) -> str:
    return str(ctx.faker.sentence(nb_words=4)).rstrip(".")


# Every generator a rule may name. Faker providers not listed here can be named too.
GENERATORS: dict[str, Maker] = {
    "uuid": lambda c: c.uuid(),
    "email": lambda c: c.faker.email(),
    "username": _username,
    "person_name": lambda c: c.faker.name(),
    "name": _name,
    "thing_name": _thing_name,
    "file_name": lambda c: c.faker.file_name(),
    "ssh_public_key": lambda c: (
        f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{c.faker.sha256()[:43]} {_username(c)}@example.com"
    ),
    "first_name": lambda c: c.faker.first_name(),
    "last_name": lambda c: c.faker.last_name(),
    "company": lambda c: c.faker.company(),
    "url": _web_url,
    "image_url": _image_url,
    "phone_e164": _phone_e164,
    "slug": lambda c: c.faker.slug(),
    "currency": lambda c: c.rng.choice(CURRENCIES),
    "country_code": lambda c: c.faker.country_code(),
    "locale": lambda c: c.rng.choice(["en-US", "fr-FR", "de-DE", "ja-JP"]),
    "city": lambda c: c.faker.city(),
    "street_address": lambda c: c.faker.street_address(),
    "postal_code": lambda c: c.faker.postcode(),
    "title": _title,
    "sentence": lambda c: c.faker.sentence(nb_words=10),
    "paragraph": lambda c: c.faker.paragraph(nb_sentences=2),
    "word": lambda c: c.faker.word(),
    "hex_color": lambda c: c.faker.hex_color(),
    "token": lambda c: c.faker.sha256()[:40],
    # An OAuth 2.0 token answer's fields (RFC 6749, section 5.1), which most sign-ins copy.
    "token_type": lambda c: "Bearer",
    "token_lifetime": lambda c: c.rng.choice([900, 3600, 7200, 86400]),
    "oauth_scope": lambda c: " ".join(sorted(c.rng.sample(["read", "write", "profile", "email", "openid"], k=2))),
    "password": lambda c: c.faker.password(length=16),
    "date_time": lambda c: c.format_datetime(c.datetime()),
    "date_time_rfc_2822": lambda c: c.format_rfc_2822(c.datetime()),
    "date": lambda c: c.datetime().date().isoformat(),
    "time": lambda c: c.format_datetime(c.datetime()).split("T", 1)[1],  # RFC 3339's full-time, "16:39:57.120Z"
    "unix_time": lambda c: int(c.datetime().timestamp()),
    "unix_time_ms": lambda c: int(c.datetime().timestamp() * 1000),
    "version": lambda c: f"{c.rng.randint(1, 4)}.{c.rng.randint(0, 9)}.{c.rng.randint(0, 9)}",
    "mime_type": lambda c: c.rng.choice(["image/png", "image/jpeg", "video/mp4", "audio/mpeg"]),
    "hostname": lambda c: c.faker.hostname(),
    "ipv4": lambda c: c.faker.ipv4(),
    "ipv6": lambda c: c.faker.ipv6(),
    "uri_reference": lambda c: "/" + c.faker.uri_path(),
    "json_pointer": lambda c: "/" + c.faker.uri_path(),  # RFC 6901: `/steps/0/name`
    "relative_json_pointer": lambda c: f"{c.rng.randint(0, 2)}/{c.faker.word()}",
    "base64": lambda c: "aGVsbG8gd29ybGQ=",
    "binary": lambda c: c.faker.pystr(),
    "duration": lambda c: f"PT{c.rng.randint(1, 59)}M",
    "file_path": lambda c: f"{c.faker.uri_path()}/{c.uuid()[:8]}.png",
    "resolution": lambda c: c.rng.choice(["512x512", "1024x1024", "1920x1080", "3840x2160"]),
    "model_name": lambda c: c.rng.choice(["flux-schnell", "sdxl-turbo", "kling-1.6", "veo-3", "eleven-v3"]),
    "unit": lambda c: c.rng.choice(["image", "second", "character", "request"]),
    "percent": lambda c: c.rng.randint(0, 100),
    "pixels": lambda c: c.rng.choice([512, 768, 1024]),
    "money": lambda c: round(c.rng.uniform(0.01, 25), 2),
    "decimal_text": lambda c: f"{c.rng.randint(0, 99999)}.{c.rng.randint(0, 99):02d}",
    "count_text": lambda c: str(c.rng.randint(1, 60)),
    "false": lambda c: False,
    "true": lambda c: True,
}


@dataclass(frozen=True)
class FieldRule:
    """Fields whose name matches `name` (and/or whose format is `format`), of one of `types`, get `make`."""

    make: Maker
    name: re.Pattern[str] | None = None
    format: str | None = None
    types: tuple[str, ...] = ("string",)
    source: str = "built-in"

    def matches(self, name: str, fmt: str, kind: str) -> bool:
        if kind not in self.types:
            return False
        if self.format is not None and self.format != fmt:
            return False
        if self.name is not None and not (name and self.name.search(name)):
            return False
        return self.name is not None or self.format is not None


# The names of an answer's flag of success: true in an answer, false in an error envelope (`mock.envelopes`).
SUCCESS_FLAGS = ("success", "successful", "succeeded", "ok")


def _rule(
    pattern: str | None, generator: str, fmt: str | None = None, types: tuple[str, ...] = ("string",)
) -> FieldRule:
    name = re.compile(pattern, re.IGNORECASE) if pattern is not None else None
    return FieldRule(GENERATORS[generator], name, fmt, types)


# What an answer reports problems as: `errors`, `warnings`, Xero's `ValidationErrors` (a list of them, or a flag)
PROBLEMS = r"(validation_?)?(errors?|warnings?|failures?|problems?)"
URL_NAME = r"(^|_)(url|uri|href|link|website|homepage)$|[a-z](Url|Uri|Href)$|_urls?$"
IMAGE_NAME = (
    r"(^|_)(image|avatar|picture|photo|thumbnail|logo|banner|icon_url|cover)(_?url)?$|(Image|Avatar|Photo)(Url)?$"
)

# A whole number named as a moment counted in milliseconds (`created_at_ms`, `timestampMs`, `epoch_millis`), not a
# span of them (`duration_ms`, `latency_ms`), and one named as Unix or epoch time (`created_at_unix`, ElevenLabs'
# `created_at_unix`, which was drawn as `864`).
MILLISECOND_MOMENT = re.compile(
    r"((?-i:_at|At)|timestamp|unix|epoch|^created|^updated|^modified|^expires|date)_?(ms|millis|milliseconds)$",
    re.IGNORECASE,
)
# A bare `epoch` is as often a count (a training run's) as a moment: only a moment's word beside it makes it one.
UNIX_MOMENT = (
    r"(^|_)unix(_|$)|(?-i:[a-z]Unix|^unix[A-Z])"
    r"|((?-i:_at|At)|created|updated|modified|expires|time|date)_?epoch$|^epoch_?(time|seconds|secs)$"
)

# Formats that write a moment as an RFC 2822 (HTTP) date, `Thu, 03 Dec 2026 16:55:23 +0000`: Twilio's
# `date-time-rfc-2822`, AutoRest's (Azure's) `date-time-rfc1123`, `http-date`.
RFC_2822_FORMATS = frozenset(
    {"date-time-rfc-2822", "date-time-rfc2822", "date-time-rfc-1123", "date-time-rfc1123", "http-date", "rfc2822"}
)

# The built-in table, most specific first. Formats come before names: a declared format is the spec's word.
BUILT_IN_RULES: tuple[FieldRule, ...] = (
    _rule(None, "uuid", "uuid"),
    _rule(None, "email", "email"),
    _rule(None, "email", "idn-email"),
    _rule(None, "date_time", "date-time"),
    *(_rule(None, "date_time_rfc_2822", fmt) for fmt in sorted(RFC_2822_FORMATS)),
    _rule(None, "date", "date"),
    _rule(None, "time", "time"),
    _rule(IMAGE_NAME, "image_url", "uri"),
    _rule(None, "url", "uri"),
    _rule(None, "url", "url"),
    _rule(None, "url", "iri"),
    _rule(None, "uri_reference", "uri-reference"),
    _rule(None, "json_pointer", "json-pointer"),
    _rule(None, "relative_json_pointer", "relative-json-pointer"),
    _rule(None, "hostname", "hostname"),
    _rule(None, "ipv4", "ipv4"),
    _rule(None, "ipv6", "ipv6"),
    _rule(None, "base64", "byte"),
    _rule(None, "binary", "binary"),
    _rule(None, "password", "password"),
    _rule(None, "duration", "duration"),
    _rule(None, "decimal_text", "decimal"),  # Stripe's `unit_amount_decimal`: SDKs parse it as a Decimal
    _rule(r"(^|_)e?mail(_?address)?$|Email$", "email"),
    _rule(r"^token_?type$", "token_type"),
    _rule(r"^expires_?in$", "token_lifetime", types=("integer", "number")),
    _rule(r"^scope$", "oauth_scope"),
    _rule(IMAGE_NAME, "image_url"),
    _rule(URL_NAME, "url"),
    _rule(r"^(first_?name|given_?name)$", "first_name"),
    _rule(r"^(last_?name|family_?name|surname)$", "last_name"),
    _rule(r"(^|_)(user_?name|login|handle|screen_?name|nick_?name)$|(UserName|Handle|Login)$", "username"),
    _rule(r"(^|_)ip(_?addr(ess)?)?$|[a-z]Ip(Address)?$|^ip[A-Z]", "ipv4"),  # not a street: Kratos' `ip_address`
    _rule(r"(^|_)(public|ssh)_?key$|(Public|Ssh)Key$", "ssh_public_key"),  # not a file's path: DigitalOcean's
    _rule(r"(^|_)file_?name$|^fileName$|FileName$", "file_name"),
    _rule(r"(^|_)owner$", "person_name"),
    _rule(r"(^|_)(full_?name|display_?name|name)$|Name$", "name"),
    _rule(r"currency", "currency"),
    _rule(r"mime|content_?type", "mime_type"),
    _rule(r"resolution", "resolution"),
    _rule(r"provider|vendor|company|organi[sz]ation", "company"),
    _rule(r"(^|_)(key|path|r2_key|s3_key|storage_key)$", "file_path"),
    _rule(r"(^|_)unit$", "unit"),
    _rule(r"locale|language", "locale"),
    _rule(r"country", "country_code"),
    _rule(r"city", "city"),
    _rule(r"(^|_)(street|address|address_?line\d?)$", "street_address"),
    _rule(r"(postal|zip)_?code|^zip$", "postal_code"),
    _rule(r"phone|mobile|(^|_)fax$|msisdn", "phone_e164"),
    _rule(r"prompt", "sentence"),
    _rule(r"^(description|content|content_markdown|bio|summary|message|msg|body|text|comment)$", "paragraph"),
    _rule(r"title|subtitle|label|headline", "title"),
    _rule(r"slug", "slug"),
    _rule(r"colou?r|gradient", "hex_color"),
    _rule(r"(^|_)(token|secret|signature|password|jwt)$|Token$", "token"),
    _rule(r"(^|_)(id|uuid)$|UUID$|_id$|[a-z]Id$", "uuid"),
    # Twilio's `date_created`; Vikunja's and Lemmy's bare `created`, `updated`, `published` (text of no format)
    _rule(
        r"(_at|At|date|time|Time)$|^date_[a-z]+$|^date[A-Z][a-z]+$|^(created|updated|modified|published|edited)$",
        "date_time",
    ),
    _rule(r"(^|_)(code|status|type|kind|category|section)", "word"),
    _rule(r"version", "version"),
    _rule(r"model", "model_name"),
    _rule(None, "unix_time", "unix-time", types=("integer", "number")),
    _rule(MILLISECOND_MOMENT.pattern, "unix_time_ms", types=("integer", "number")),
    _rule(UNIX_MOMENT, "unix_time", types=("integer", "number")),
    _rule(r"^(exp|iat|nbf|timestamp)$|_ts$|[a-z](Timestamp|_timestamp)$", "unix_time", types=("integer", "number")),
    _rule(
        r"^(created|updated|modified|expires|date)$|(_at|At|_on|_date|Date|_time|_start|_end|Start|End)$",
        "unix_time",
        types=("integer",),
    ),
    _rule(r"pct|percent", "percent", types=("integer", "number")),
    # a job's `progress` as a whole number is a percentage (OpenAI's video at `progress: 803`); a fraction is left
    _rule(r"(^|_)progress$|[a-z]Progress$", "percent", types=("integer",)),
    # a number of time units written as text (OpenAI's video `seconds: "4"`, which was a word: "officer")
    _rule(r"^(seconds|secs|minutes|mins|hours|days|weeks)$|(_seconds|Seconds|_secs|_minutes|Minutes)$", "count_text"),
    _rule(r"^(width|height)$", "pixels", types=("integer", "number")),
    _rule(r"usd|cost|price|amount|balance", "money", types=("number",)),
    # An answer's own flag of success says it succeeded (Slack's `ok`, Discourse's `success`), and so does a write's
    # bare acknowledgement (listmonk's `{"data": true}` for a delete); an error envelope's says otherwise
    # (`mock.envelopes`).
    _rule(rf"^({'|'.join(SUCCESS_FLAGS)}|data|result)$", "true", types=("boolean",)),
    # An answer made up has no problems to report (`fake_data.PROBLEM_LIST`): Xero's `HasErrors`, `HasValidationErrors`
    _rule(rf"^has_?{PROBLEMS}$", "false", types=("boolean",)),
    # A record someone just made is not yet favorited, liked or followed by anyone.
    _rule(
        r"^(is_?)?(favou?rited|liked|starred|following|followed|subscribed|bookmarked|pinned|muted|blocked)$",
        "false",
        types=("boolean",),
    ),
)


class FieldRuleError(ValueError):
    """A user rule that cannot be used; `place` is its JSON pointer in the document."""

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place}: {problem}")
        self.place = place
        self.problem = problem


RULE_KEYS = {"name", "format", "type", "value", "one_of"}
JSON_TYPES = {"string", "integer", "number", "boolean", "array", "object"}


def user_rules(document: dict[str, Any]) -> tuple[FieldRule, ...]:
    """The rules an API's document (or an overlay on it) adds under `x-specmock-field-rules`."""
    raw = document.get(RULES_KEY)
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise FieldRuleError(RULES_KEY, "must be a list of rules")
    return tuple(_user_rule(entry, f"{RULES_KEY}[{index}]") for index, entry in enumerate(raw))


def _user_rule(entry: Any, place: str) -> FieldRule:
    if not isinstance(entry, dict):
        raise FieldRuleError(place, "a rule is a mapping with name and/or format, and value or one_of")
    unknown = sorted(set(entry) - RULE_KEYS)
    if unknown:
        raise FieldRuleError(place, f"unknown key {unknown[0]!r}; a rule takes {', '.join(sorted(RULE_KEYS))}")
    if "name" not in entry and "format" not in entry:
        raise FieldRuleError(place, "a rule needs a name pattern or a format to match")
    try:
        pattern = re.compile(str(entry["name"]), re.IGNORECASE) if "name" in entry else None
    except re.error as exc:
        raise FieldRuleError(place + ".name", f"not a regular expression: {exc}") from None
    kinds = entry.get("type", ["string", "integer", "number", "boolean"])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or not kinds or any(k not in JSON_TYPES for k in kinds):
        raise FieldRuleError(place + ".type", f"must be one or a list of {', '.join(sorted(JSON_TYPES))}")
    make = _user_maker(entry, place)
    fmt = str(entry["format"]) if "format" in entry else None
    return FieldRule(make, pattern, fmt, tuple(kinds), source=place)


def _user_maker(entry: dict[str, Any], place: str) -> Maker:
    if ("value" in entry) == ("one_of" in entry):
        raise FieldRuleError(place, "give exactly one of value (a generator) or one_of (a list of values)")
    if "one_of" in entry:
        choices = entry["one_of"]
        if not isinstance(choices, list) or not choices:
            raise FieldRuleError(place + ".one_of", "must be a non-empty list of values")
        return lambda c: c.rng.choice(choices)
    generator = str(entry["value"])
    if generator in GENERATORS:
        return GENERATORS[generator]
    from mock.fake_data import faker_provider  # faker is fake_data's alone

    provider = faker_provider(generator)
    if provider is None:
        known = ", ".join(sorted(GENERATORS))
        raise FieldRuleError(place + ".value", f"no generator {generator!r}: use one of {known}, or a faker provider")
    return lambda c: provider(c.faker)


# ---------------------------------------------------------------- id prefixes

# An id, unlike a word: a short lower-case prefix, then letters and digits with at least one digit or capital.
_PREFIXED_ID = re.compile(r"^([a-z][a-z0-9]{0,11}_)(?=[a-z]*[A-Z0-9])[A-Za-z0-9]{3,}$")


@dataclass(frozen=True)
class IdPrefixes:
    """Prefixes the spec's examples give ids: by the record's `object` value, and by the referring field's name."""

    by_object: dict[str, str] = field(default_factory=dict)
    by_field: dict[str, str] = field(default_factory=dict)

    def for_record(self, record: dict[str, Any]) -> str | None:
        kind = record.get("object")
        return self.by_object.get(kind) if isinstance(kind, str) else None

    def for_field(self, name: str) -> str | None:
        if name in self.by_field:
            return self.by_field[name]
        stem = re.sub(r"(_id|Id)$", "", name)
        return self.by_field.get(stem) or self.by_object.get(stem)


def id_prefixes(document: dict[str, Any]) -> IdPrefixes:
    """Read id prefixes off every example in the document (`example`, `examples`, media-type examples)."""
    by_object: dict[str, str] = {}
    by_field: dict[str, str] = {}
    for example in _examples(document):
        for record in _dicts(example):
            for key, value in record.items():
                if not isinstance(value, str):
                    continue
                found = _PREFIXED_ID.match(value)
                if found is None:
                    continue
                if key == "id" and isinstance(record.get("object"), str):
                    by_object.setdefault(record["object"], found.group(1))
                elif key != "id":
                    by_field.setdefault(key, found.group(1))
    return IdPrefixes(by_object, by_field)


def _examples(document: Any) -> Iterator[Any]:
    """Every `example` and `examples` value in the document, each shared node visited once.

    Resolved `$ref`s are shared objects: walked as a tree, a large spec's schemas (Stripe's refer to each
    other everywhere) unfold into more nodes than there is time for.
    """
    seen: set[int] = set()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if not isinstance(node, (dict, list)) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        for key, value in node.items():
            if key == "example":
                yield value
            elif key == "examples":
                values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
                for item in values:
                    yield item.get("value", item) if isinstance(item, dict) and "value" in item else item
            else:
                stack.append(value)


def _dicts(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 32:
        return
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _dicts(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _dicts(item, depth + 1)


# ---------------------------------------------------------------- the whole


_MAKERS_KEPT = 65_536  # far more distinct fields than any spec has; a bound all the same


@dataclass(frozen=True)
class Realism:
    """What one API's fake data follows: the rule table (the API's own rules first), id prefixes, time precision."""

    rules: tuple[FieldRule, ...] = BUILT_IN_RULES
    prefixes: IdPrefixes = field(default_factory=IdPrefixes)
    datetime_precision: str = "ms"
    # The rule each (name, format, type) came to, found once: a GitHub issue has 500 fields, and going down the
    # table for each was a third of generating one. As many entries as the documents have distinct fields.
    _found: dict[tuple[str, str, str], Maker | None] = field(default_factory=dict, compare=False, repr=False)

    def maker(self, name: str, fmt: str, kind: str) -> Maker | None:
        key = (name, fmt, kind)
        if key in self._found:
            return self._found[key]
        found = next((rule.make for rule in self.rules if rule.matches(name, fmt, kind)), None)
        if len(self._found) < _MAKERS_KEPT:
            self._found[key] = found
        return found


DEFAULT_REALISM = Realism()


# Response generation and the scenario engine each ask for an API's realism; reading the id prefixes walks
# every example of the document (a third of a second on GitHub's), so it is done once per document.
_REALISM: IdentityCache[Realism] = IdentityCache(max_entries=64)


def realism_for(document: dict[str, Any], datetime_precision: str = "ms") -> Realism:
    if datetime_precision not in DATETIME_PRECISIONS:
        raise ValueError(f"datetime precision must be one of {', '.join(DATETIME_PRECISIONS)}")
    return _REALISM.get_or_build(
        (document,),
        lambda: Realism(user_rules(document) + BUILT_IN_RULES, id_prefixes(document), datetime_precision),
        datetime_precision,
    )
