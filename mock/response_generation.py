"""Response generation: choose the status and media type, then build a body that the spec accepts.

Bodies come from the spec's examples when it has them (unless `Prefer: dynamic=true`),
otherwise from fake_data, seeded by the request so the same request under the same `--seed`
gets the same body after a restart. Then the answer is made to agree with the request:

- echo: what the request supplied (a path `id` or `slug`, a `taskUUID`, the `model` asked for,
  the body's fields at any depth, through wrapper objects like `{"user": {...}}`) is copied into
  the response fields of the same name, except `writeOnly` and password fields;
- identity: operations that answer with the "current user" (the schema a credentialed GET
  without path parameters answers with: `GET /user`, `GET /me`) describe one stable principal
  per credential, generated once and kept in the scenario store; sign-up and sign-in operations
  answering the same schema create or find it, and a token it holds becomes its credential;
- actions: `POST …/favorite` sets `favorited`, `DELETE …/follow` clears `following`;
- coherence (fake_data.cohere): slug from title, ordered timestamps, counts matching lists.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import orjson

from mock.echo import (
    WRITE_METHODS,
    apply_action,
    echo_request_fields,
    echo_task,
    fit_to_page,
    fresh_example_ids,
    fresh_record,
    left_unset,
    object_schema,
    on_the_record,
    page_headers,
    pinned_names,
    request_schema,
    static_page,
    with_page_facts,
    without_repeated_records,
)
from mock.envelopes import error_headers, render_error
from mock.fake_data import cohere, fake_value, moment_value
from mock.field_rules import FieldRuleError, Realism, realism_for
from mock.form_bodies import dump_multipart, is_multipart
from mock.identity_cache import IdentityCache
from mock.negotiation import holds_data, is_json_records, json_record
from mock.preferences import InvalidPreference, Preferences
from mock.problems import Problem, Violation, problem_for, problem_for_status
from mock.request_validation import ValidatedRequest, auth_challenge
from mock.scenario.retention import oldest_beyond
from mock.scenario.store import Delete, Mutation, StateStore, StateView
from mock.schema_validation import is_valid, response_view
from mock.spec.errors import SpecError
from mock.spec.model import Api, MediaType, Operation, ResponseSpec, Schema, is_json_media
from mock.spec.names import spelling_key
from mock.spec.refs import with_refs
from mock.spec.resources import LIMIT_PARAMS, OFFSET_PARAMS, PAGE_PARAMS, ends_in_parameter, stamp_of
from mock.spec.schemas import schema_types
from mock.xml_bodies import dump_xml, is_xml
from mock.yaml_bodies import dump_yaml, is_yaml


@dataclass(frozen=True)
class MockResponse:
    status: int
    body: bytes = b""
    media_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


# `json.dumps` with arguments other than its defaults builds a new encoder on every call; one serves them all.
_JSON_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
# orjson writes the same JSON, compact and unescaped, several times faster (a number may be spelled otherwise:
# `1e-7` for `1e-07`). What it would write otherwise (a date, a dataclass, a subclass of str or dict) or cannot (an
# integer past 64 bits, text that is not UTF-8) it refuses, and the standard encoder writes (or refuses) it.
_ORJSON_LIKE_STDLIB = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_ORJSON_LIKE_STDLIB |= orjson.OPT_PASSTHROUGH_SUBCLASS


def dump_json(value: Any) -> bytes:
    """`json.dumps(value, separators=(",", ":"), ensure_ascii=False)`, encoded as UTF-8, with NaN and the
    infinities written null (JSON has no word for them)."""
    try:
        return orjson.dumps(value, option=_ORJSON_LIKE_STDLIB)
    except TypeError:  # orjson.JSONEncodeError is one
        return _JSON_ENCODER.encode(_finite(value)).encode()


def _finite(value: Any) -> Any:
    """`value` with NaN and the infinities as None, as orjson writes them (null): `json.dumps` writes NaN, not JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def serialise(value: Any, media: MediaType) -> bytes:
    """A body in the media type it is answered in: JSON, XML per the schema's `xml` object, YAML, or text."""
    name = media.name
    if is_json_records(name):
        return json_record(name, dump_json(value))
    if is_json_media(name):  # `application/json; charset=utf-8` too: a string in it is a JSON string
        return dump_json(value)
    if is_xml(name):
        return dump_xml(value, media.schema)
    if is_yaml(name):
        return dump_yaml(value)
    if is_multipart(name):
        return dump_multipart(value, name, dump_json)
    if isinstance(value, (dict, list)):
        return dump_json(value)
    if isinstance(value, bool):  # as JSON and every text reader spell it, not Python's `True`
        return b"true" if value else b"false"
    return ("" if value is None else str(value)).encode()


def can_write(media: MediaType) -> bool:
    """Whether `serialise` writes a value of this media type's schema in it. Another type than JSON, XML or YAML
    (CBOR, msgpack, protobuf: Kubernetes offers them beside JSON) holds only text or bytes, so an object or a list
    offered in it would go out as JSON text mislabelled."""
    return (
        holds_data(media.name) or writes_fields(media.name) or not {"object", "array"} & set(schema_types(media.schema))
    )


def writes_fields(media_type: str) -> bool:
    """A media type `serialise` writes an object's fields in: JSON, XML, YAML (`holds_data`), or multipart, a part
    per field."""
    return holds_data(media_type) or is_multipart(media_type)


def header_text(value: Any) -> str:
    """A value as a header carries it, in OpenAPI's `simple` style: `true`, `1,2,3`, `role,admin,id,5`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(header_text(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{key},{header_text(item)}" for key, item in value.items())
    return "" if value is None else str(value)


# Headers the HTTP layer writes from the answer itself, and the connection's own (hop-by-hop, RFC 9110 7.6.1); a spec
# declaring one does not make it the mock's to invent. Notion's spec, recorded from its servers, declares
# `Content-Encoding: gzip` and `Keep-Alive`: sent beside a body that is not gzip, every client failed to decode it.
SERVER_WRITTEN_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "content-encoding",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "upgrade",
        "date",
    }
)


# Headers whose value is a URL a client follows: a word made up for one (Bitbucket's snippet file redirect answered
# `Location: network`) is a relative URL back into the mock, and the redirect answered the same redirect without end.
_URL_HEADERS = frozenset({"location", "content-location"})
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _absolute(value: str, schema: Schema) -> str:
    """A URL header's value as an absolute URL, outside the mock, where it is none and the schema takes one."""
    if _HAS_SCHEME.match(value):
        return value
    url = "https://example.com/" + urllib.parse.quote(value.lstrip("/"), safe="/?=&")
    return url if is_valid(schema, url) else value


@functools.lru_cache(maxsize=8192)
def success_status(operation: Operation) -> int:
    """The status an operation answers when all goes well (operations hash by identity and never change): its
    lowest 2xx or 3xx, but a POST that declares 201 Created makes something, and says so (Kubernetes declares 200,
    201 and 202 on every create); 200 where only `2XX` or `default` can answer it."""
    codes = sorted(int(s) for s in operation.responses if s.isdecimal())
    if operation.method == "POST" and 201 in codes:
        return 201
    for code in codes:
        if 200 <= code < 400:
            return code
    if "2XX" in operation.responses or "default" in operation.responses:
        # Success declared by its range or by `default` alone (Komga's thumbnails declare 400 and a `default` image):
        # answered 200 from there, not with the only code written down, an error.
        return 200
    # A 1xx is never an answer on its own: Docker's `POST /session` declares only 101 and 400, and a plain request
    # answered 101 (no Upgrade asked for, none given) lost its connection. Its first final status, else 200.
    final = [code for code in codes if code >= 200]
    return final[0] if final else 200


def request_seed(seed: int, operation: Operation, status: int, validated: ValidatedRequest | None) -> int:
    if validated is None:
        return _bare_seed(seed, operation.key, status, False)
    if not validated.path_params and not validated.query and validated.body is None:
        # A request that says nothing but its operation: the same seed every time, digested once.
        return _bare_seed(seed, operation.key, status, True)
    query = {} if validated.query and _reads_one_record(operation.method, operation.path) else validated.query
    if query and (paging := _paging_names(query)):
        # every page is cut from one collection (`fit_to_page`): `?page=2` is the rest of what `?page=1` began
        query = {name: value for name, value in query.items() if name not in paging}
    return _digest([seed, operation.key, status, validated.path_params, query, validated.body])


_PAGING_KEYS = frozenset(spelling_key(name) for name in (*LIMIT_PARAMS, *OFFSET_PARAMS, *PAGE_PARAMS))


def _paging_names(query: dict[str, Any]) -> tuple[str, ...]:
    """The query's names for a page's size, offset and number (`limit`, `offset`, `page`, however spelled)."""
    return tuple(name for name in query if spelling_key(name) in _PAGING_KEYS)


def page_asked(query: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The page the query asks for, as a key: each paging parameter and its value as text (JSON:API's `page[size]`
    is read as an object, which no key holds)."""
    return tuple((name, str(query[name])) for name in _paging_names(query))


@functools.lru_cache(maxsize=4096)
def _reads_one_record(method: str, path: str) -> bool:
    """A read of the record its path names (`GET /responses/{response_id}`): one record whatever the query asks of
    it (`?include=…`), so the query is no part of what a made-up one is drawn from (OpenAI's response `0` read
    `completed`, then `failed` with another `include`)."""
    return method == "GET" and ends_in_parameter(path)


@functools.lru_cache(maxsize=8192)
def _bare_seed(seed: int, operation_key: str, status: int, validated: bool) -> int:
    """The seed of a request without parameters or body (`validated` False: of no request at all)."""
    return _digest([seed, operation_key, status, {}, {}, None] if validated else [seed, operation_key, status])


# The request's material as text, keys sorted, anything else written as its `str`: orjson, a tenth of the
# standard encoder's time; the standard encoder for what orjson refuses (an integer past 64 bits).
_SEED_ENCODER = json.JSONEncoder(sort_keys=True, default=str)
_SEED_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def _digest(material: list[Any]) -> int:
    try:
        text = orjson.dumps(material, default=str, option=_SEED_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError is one
        text = _SEED_ENCODER.encode(material).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


class ResponseFactory:
    """Builds responses for one API; remembers bodies it built, keyed by their seed."""

    def __init__(
        self,
        api: Api,
        seed: int,
        cache_size: int = 4096,
        datetime_precision: str = "ms",
        store: StateStore | None = None,
    ) -> None:
        self.api = api
        self.seed = seed
        self._cache: OrderedDict[tuple[Any, ...], MockResponse] = OrderedDict()
        self._error_bodies: IdentityCache[bytes] = IdentityCache(max_entries=cache_size)
        self._refusals = functools.lru_cache(maxsize=cache_size)(self._refuse)
        self._cache_size = cache_size
        try:
            self.realism: Realism = realism_for(api.document, datetime_precision)
        except FieldRuleError as exc:
            raise SpecError(api.sources[0] if api.sources else api.name, exc.place, exc.problem) from None
        self.principal_record_schema = find_principal(api)
        self.principal_schema = find_principal_schema(api)
        self.principal_answers = principal_answers(api, self.principal_schema)
        self.sign_in_receipts = sign_in_receipts(api, self.principal_schema)
        self.store = store if store is not None else StateStore.open()

    # ------------------------------------------------------------ success

    def respond(self, operation: Operation, validated: ValidatedRequest, preferences: Preferences) -> MockResponse:
        status = self.choose_status(operation, preferences)
        if status >= 400 and not self._has_example(operation, status, preferences.example):
            return self.error(operation, problem_for_status(status))
        if (operation.key, status) in self.principal_answers and preferences.example is None:
            spec = operation.response_for(status)
            media = _data_media(spec, validated.media_type) if spec else None
            if spec and media and media.schema is not None:
                return self._principal(operation, status, validated, spec, media, media.schema)
        if (operation.key, status) in self.sign_in_receipts and preferences.example is None:
            return self._receipt(operation, status, validated, preferences)
        seed = request_seed(self.seed, operation, status, validated)
        key = (
            operation.key,
            status,
            seed,
            preferences.example,
            preferences.dynamic,
            validated.credential,
            validated.media_type,
            page_asked(validated.query) if validated.query else (),  # the seed leaves it out: one collection
        )
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        response = self._build(operation, status, seed, validated, preferences)
        self._cache[key] = response
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return response

    def choose_status(self, operation: Operation, preferences: Preferences) -> int:
        if preferences.code is None:
            success = success_status(operation)
            if preferences.example is not None and not self._has_example(operation, success, preferences.example):
                # an example named on another status (a recorded 404, say) answers with that status
                for status in sorted(int(s) for s in operation.responses if s.isdecimal()):
                    if self._has_example(operation, status, preferences.example):
                        return status
            return success
        if operation.response_for(preferences.code) is None:
            declared = ", ".join(sorted(operation.responses))
            raise InvalidPreference(
                f"Prefer code={preferences.code}: {operation.operation_id} declares only {declared}"
            )
        return preferences.code

    def check_preferences(self, operation: Operation, preferences: Preferences, validated: ValidatedRequest) -> None:
        """Refuse an override this operation cannot honour, before any stage acts on it.

        The one check, so the answer is the same 422 whether a scenario or the static mock answers.
        """
        status = self.choose_status(operation, preferences)
        if preferences.example is None or status >= 400:
            return  # an error answer is rendered in the envelope; no example applies
        examples = self._examples(operation, status, validated)
        if examples is not None and preferences.example not in examples:
            names = ", ".join(examples) or "none"
            raise InvalidPreference(
                f"Prefer example={preferences.example}: {operation.operation_id} has examples: {names}"
            )

    def _examples(self, operation: Operation, status: int, validated: ValidatedRequest) -> dict[str, Any] | None:
        """The named examples a success answer is chosen from; None where examples do not apply."""
        spec = operation.response_for(status)
        media = spec.json_media() if spec else None
        if media is None or self._serves_own_document(operation):
            return None
        if operation.task_protocol is not None and isinstance(validated.body, list):
            return None  # each task's result is generated from its own schema
        return media.examples

    @staticmethod
    def _has_example(operation: Operation, status: int, name: str | None) -> bool:
        spec = operation.response_for(status)
        media = spec.json_media() if spec else None
        return name is not None and media is not None and name in media.examples

    def _build(
        self, operation: Operation, status: int, seed: int, validated: ValidatedRequest, preferences: Preferences
    ) -> MockResponse:
        spec = operation.response_for(status)
        headers = self._headers(spec, seed) if spec else {}
        media = self._media(spec, validated)
        if spec is None or media is None:
            if 300 <= status < 400:
                headers.setdefault("location", "https://example.com/consent?state=" + str(seed % 10**8))
            return MockResponse(status, b"", None, headers)
        if self._serves_own_document(operation) and is_json_media(media.name):
            return MockResponse(status, dump_json(with_refs(self.api.document)), media.name, headers)
        if operation.task_protocol is not None and isinstance(validated.body, list):
            body: Any = {"data": self._task_results(operation, validated.body, seed, preferences)}
        else:
            body, generated = self._body(media.examples, media.schema, seed, preferences, operation, validated)
            if not generated and preferences.example is None and media.schema is not None and 200 <= status < 300:
                body = without_repeated_records(operation, media.schema, body)
            page = (
                static_page(operation, media.schema, body, validated.query)
                if 200 <= status < 300 and media.schema is not None
                else None
            )
            if page is not None:
                headers.update(page_headers(headers, page))
            if preferences.example is None or generated:  # an example asked for by name is sent as written
                body = echo_request_fields(media.schema, body, validated, operation)
                # a create: an id and secrets of its own, not those of the example it was answered from, or of its
                # fields' examples (gotify's every new application had the example's token); before the answer is
                # made to agree with the request, whose caller keeps their own id
                fresh = operation.method == "POST" and media.schema is not None and 200 <= status < 300
                if generated and media.schema is not None:
                    if fresh:
                        body = fresh_example_ids(body, media.schema, seed, pinned_names(validated))
                    body = self._agree_with_request(operation, status, validated, media.schema, body)
                elif media.schema is not None and 200 <= status < 300:
                    body = fit_to_page(operation, media.schema, body, validated.query)
                    if fresh:
                        body = fresh_example_ids(body, media.schema, seed, pinned_names(validated))
                if page is not None and media.schema is not None:
                    body = with_page_facts(media.schema, body, page)
        return MockResponse(status, serialise(body, media), media.name, headers)

    @staticmethod
    def _media(spec: ResponseSpec | None, validated: ValidatedRequest | None) -> MediaType | None:
        """The media type to answer in: what the client's Accept chose, else JSON, else the first declared."""
        if spec is None or not spec.content:
            return None
        chosen = validated.media_type if validated is not None else None
        if chosen in spec.content:
            return spec.content[chosen]
        return spec.json_media() or next(iter(spec.content.values()))

    def _agree_with_request(
        self, operation: Operation, status: int, validated: ValidatedRequest, schema: Schema, body: Any
    ) -> Any:
        """A generated body: the caller as author of what it writes, action flags, then fields that agree."""
        reads_a_user = operation.method == "GET" and bool(validated.path_params)
        wants_caller = operation.method in WRITE_METHODS or reads_a_user
        if wants_caller and self.principal_schema is not None and validated.credential:
            with self.store.transaction() as tx:
                principal = tx.get(PRINCIPALS, _credential_key(self.api.name, validated.credential))
            if principal:
                pinned_values = {str(v) for v in {**validated.query, **validated.path_params}.values()}
                me = _record(principal)
                if operation.method in WRITE_METHODS:
                    body = _as_author(body, schema, me, pinned_values, 0)
                    body = _by_caller(body, schema, me.get("id"), validated.body, pinned_values)
                elif me.get("id") is not None and str(me["id"]) == str(list(validated.path_params.values())[-1]):
                    body = _as_caller(body, schema, me)  # `/users/{my id}`: the caller as the API shows others
        if status == 201:
            body = fresh_record(body, schema, validated.body)
        body = apply_action(operation, schema, body)
        if 200 <= status < 300:
            body = fit_to_page(operation, schema, body, validated.query)
        return cohere(body, schema, pinned_names(validated))

    def _body(
        self,
        examples: dict[str, Any],
        schema: Schema | None,
        seed: int,
        preferences: Preferences,
        operation: Operation,
        validated: ValidatedRequest | None = None,
    ) -> tuple[Any, bool]:
        """The body, and whether it was generated (True) rather than taken from the spec's examples."""
        # An example name this status lacks was refused up front (check_preferences), or names another status's.
        if preferences.example is not None and preferences.example in examples:
            return examples[preferences.example], False
        if examples and preferences.dynamic is not True:
            # an empty text is no body, and a declared body answered with none is "missing" to openapi-core (Tisane's
            # `text/plain` examples are all ""): made up instead
            valid = {
                n: v for n, v in examples.items() if v != "" and (schema is None or is_valid(response_view(schema), v))
            }
            if valid:
                paired = paired_example(valid, operation, validated.body if validated is not None else None)
                return valid[paired] if paired is not None else next(iter(valid.values())), False
        value = fake_value(
            schema, seed, use_examples=preferences.dynamic is not True, realism=self.realism, for_response=True
        )
        return value, True

    # ------------------------------------------------------------ the current principal

    def _principal(
        self,
        operation: Operation,
        status: int,
        validated: ValidatedRequest,
        spec: ResponseSpec,
        media: MediaType,
        schema: Schema,
    ) -> MockResponse:
        """The one user a credential (or the identity a sign-up/sign-in names) stands for, kept in the store."""
        logins = _logins_in(validated.body) if operation.method in WRITE_METHODS else []
        keys = [_credential_key(self.api.name, validated.credential)] if validated.credential else []
        if not validated.credential:
            keys += [_identity_key(self.api.name, login) for login in logins]
        with self.store.transaction() as tx:
            found = next((tx.get(PRINCIPALS, key) for key in keys if tx.get(PRINCIPALS, key) is not None), None)
            if found is None:
                seed = _stable_hash(f"{self.seed}|{self.api.name}|{keys[0] if keys else 'anonymous'}")
                found = fake_value(schema, seed, use_examples=False, realism=self.realism, for_response=True)
                if operation.method in WRITE_METHODS:  # a sign-up: what it did not send is unset, not made up
                    found = _made_now(schema, _unset_in(schema, found, operation, validated.body), self.realism)
            body = echo_request_fields(schema, found, validated, operation)
            if validated.credential:
                body = _with_token(body, schema, validated.credential)
            body = cohere(body, schema, pinned_names(validated))
            if not is_valid(response_view(schema), body):
                body = found
            for key in [*keys, *_principal_keys(self.api.name, body)]:
                tx.put(PRINCIPALS, key, body)
            if keys:  # when its caller last asked: retention keeps the most recent (`forgotten_principals`)
                tx.put(PRINCIPALS_SEEN, keys[0], time.time())
        headers = self._headers(spec, request_seed(self.seed, operation, status, validated))
        return MockResponse(status, serialise(body, media), media.name, headers)

    def _receipt(
        self, operation: Operation, status: int, validated: ValidatedRequest, preferences: Preferences
    ) -> MockResponse:
        """A sign-in's receipt about the user its login names (the one a sign-up made, else one made for that login
        and kept), whose token then stands for that user: `/users/me` with it answers the same user."""
        seed = request_seed(self.seed, operation, status, validated)
        built = self._build(operation, status, seed, validated, preferences)
        spec = operation.response_for(status)
        media = _data_media(spec, built.media_type) if spec else None
        json_media = spec.json_media() if spec else None
        logins = _logins_in(validated.body)
        if media is None or media.schema is None or not logins or self.principal_record_schema is None:
            return built
        principal_schema = self.principal_record_schema
        if json_media is not None and media is not json_media:  # the receipt is read in JSON, then written as asked
            built_in_json = self._build(
                operation, status, seed, replace(validated, media_type=json_media.name), preferences
            )
            receipt = json.loads(built_in_json.body)
        else:
            receipt = json.loads(built.body)
        keys = [_identity_key(self.api.name, login) for login in logins]
        key = keys[0]
        with self.store.transaction() as tx:
            principal = next((tx.get(PRINCIPALS, k) for k in keys if tx.get(PRINCIPALS, k) is not None), None)
            if principal is None:
                made = fake_value(
                    principal_schema,
                    _stable_hash(f"{self.seed}|{self.api.name}|{key}"),
                    use_examples=False,
                    realism=self.realism,
                    for_response=True,
                )
                principal = cohere(echo_request_fields(principal_schema, made, validated), principal_schema)
                if not is_valid(response_view(principal_schema), principal):
                    principal = made
            me = _record(principal)
            answer = _as_author(_about(receipt, media.schema, me), media.schema, me, set(), 0)
            answer = _with_token(answer, media.schema, self._token_of(media.schema, answer, me, logins))
            if not is_valid(response_view(media.schema), answer):
                return built
            for name, value in _record(answer).items():
                if isinstance(value, str) and value and TOKEN_FIELD.match(name):
                    tx.put(PRINCIPALS, _credential_key(self.api.name, value), principal)
            for login_key in dict.fromkeys([*keys, *_principal_keys(self.api.name, principal)]):
                tx.put(PRINCIPALS, login_key, principal)
            tx.put(PRINCIPALS_SEEN, key, time.time())
        return MockResponse(status, serialise(answer, media), media.name, built.headers)

    def _token_of(self, schema: Schema, receipt: Any, me: dict[str, Any], logins: list[str]) -> str:
        """The token a sign-in hands the user: the same one each time (made from who the user is, their id, else
        their first login), as the state a caller makes is kept under its token: a new token each sign-in left a
        user signing in again without what they had made."""
        properties = object_schema(schema, receipt).get("properties") or {}
        name = next((n for n in properties if TOKEN_FIELD.match(n)), "token")
        who = me.get("id") if me.get("id") is not None else logins[0]
        made = fake_value(properties.get(name) or {"type": "string"}, _stable_hash(f"{self.seed}|token|{who}"), name)
        return made if isinstance(made, str) and made else str(who)

    def _task_results(self, operation: Operation, tasks: list[Any], seed: int, preferences: Preferences) -> list[Any]:
        protocol = operation.task_protocol
        assert protocol is not None
        results = []
        for index, task in enumerate(tasks):
            task_type = task.get(protocol.discriminator) if isinstance(task, dict) else None
            schema = protocol.result_schemas.get(task_type) if isinstance(task_type, str) else None
            if schema is None:
                continue
            result = fake_value(schema, seed + index, use_examples=preferences.dynamic is not True)
            results.append(echo_task(schema, result, task))
        return results

    @staticmethod
    def _serves_own_document(operation: Operation) -> bool:
        return operation.method == "GET" and operation.path.rsplit("/", 1)[-1] in ("openapi.json", "openapi")

    def _headers(self, spec: ResponseSpec, seed: int) -> dict[str, str]:
        """Every header the answer declares, optional ones too (a frontend reads the `X-Total-Count` or the
        `API-Version` a spec promises; Swagger 2.0 cannot mark one required, so Docker's `/_ping` sent none), but
        those the server itself writes from the answer."""
        made = {
            name: header_text(fake_value(schema, seed, name=name))
            for name, schema in spec.headers.items()
            if name not in SERVER_WRITTEN_HEADERS
        }
        for name in _URL_HEADERS & made.keys():
            made[name] = _absolute(made[name], spec.headers[name])
        return made

    # ------------------------------------------------------------ errors

    def refuse(
        self, operation: Operation, violations: tuple[Violation, ...], body: Any = None
    ) -> tuple[Problem, MockResponse]:
        """A malformed request's problem and its answer.

        Both follow from the operation and the violations alone (operations hash by identity, violations by
        value), so a mistake a client repeats is worked out once. A task protocol's problem also names the
        task the first violation is in, read from the body: worked out each time.
        """
        if operation.task_protocol is not None:
            problem = problem_for(operation, violations, body)
            return problem, self.error(operation, problem)
        return self._refusals(operation, violations)

    def _refuse(self, operation: Operation, violations: tuple[Violation, ...]) -> tuple[Problem, MockResponse]:
        problem = problem_for(operation, violations)
        return problem, self.error(operation, problem)

    def error(self, operation: Operation | None, problem: Problem) -> MockResponse:
        spec = operation.response_for(problem.status) if operation else None
        headers = dict(problem.headers)
        if spec is not None:
            told = error_headers(spec.headers, problem, self.api.error_style)
            for name, value in {**self._headers(spec, problem.status), **told}.items():
                headers.setdefault(name, value)
        if problem.status == 429:
            headers.setdefault("retry-after", "1")
        if problem.status == 401 and operation is not None and (challenge := auth_challenge(self.api, operation)):
            headers.setdefault("www-authenticate", challenge)
        if spec is not None and not spec.content:
            # The spec declares this answer without a body: keep it bodiless, say why in a header.
            headers["x-specmock-error"] = problem.message.encode("ascii", "replace").decode()[:500]
            return MockResponse(problem.status, b"", None, headers)
        media = spec.json_media() if spec else None
        written_in = None  # the type the envelope is written in, where that is not JSON
        if media is None and spec is not None:
            # declared only in XML or YAML (gotify's plugin config): the envelope written in it; only in a type that
            # holds no data (Docker's raw stream): the envelope as JSON text in it, as near as the mock writes it,
            # rather than in a JSON the spec never declared for this status
            written_in = next((m for m in spec.content.values() if writes_fields(m.name)), None)
            media = written_in or next((m for m in spec.content.values() if not writes_fields(m.name)), None)
        schema = media.schema if media and media.schema else self.api.error_schema
        return MockResponse(
            problem.status,
            self._error_body(problem, schema, written_in),
            media.name if media else "application/json",
            headers,
        )

    def _error_body(self, problem: Problem, schema: Schema | None, written_in: MediaType | None = None) -> bytes:
        """The rendered envelope, in JSON or in `written_in` (XML, YAML). In JSON it is a pure function of the problem
        and the schema, so the same mistake (a client repeats its own) is rendered once; problems with free-form
        details are not kept, nor the rare envelope in another type."""
        if written_in is not None:
            return serialise(render_error(problem, schema, self.api.error_style), written_in)
        if problem.details:
            return dump_json(render_error(problem, schema, self.api.error_style))
        key = (
            problem.status,
            problem.code,
            problem.message,
            problem.field,
            problem.violations,
            problem.task_type,
            problem.task_uuid,
        )
        return self._error_bodies.get_or_build(
            (schema,), lambda: dump_json(render_error(problem, schema, self.api.error_style)), key
        )


# ---------------------------------------------------------------- the current principal

PRINCIPALS = "principals"
PRINCIPALS_SEEN = "principals_seen"  # the key a principal was asked for by -> when, for retention
IDENTITY_FIELDS = ("email", "username", "user_name", "login", "handle", "phone_number", "phone")
TOKEN_FIELD = re.compile(r"^(token|access_?token|jwt|id_?token|auth_?token|api_?key)$", re.IGNORECASE)


def _fingerprint(schema: Schema) -> str:
    """What identifies a schema, bounded: large specs share subschemas, so a full dump can grow without end."""
    budget = [4000]

    def outline(node: Any, depth: int) -> Any:
        budget[0] -= 1
        if depth > 6 or budget[0] < 0:
            return "…"
        if isinstance(node, dict):
            return {str(k): outline(v, depth + 1) for k, v in sorted(node.items(), key=lambda kv: str(kv[0]))}
        if isinstance(node, list):
            return [outline(v, depth + 1) for v in node[:50]]
        return node if isinstance(node, (str, int, float, bool)) or node is None else str(node)

    return json.dumps(outline(schema, 0), sort_keys=True)


def _unset_in(schema: Schema, body: Any, operation: Operation, sent: Any) -> Any:
    """A new principal with what its sign-up could have set but did not as the user left it (`left_unset`), in the
    body or in the one object a wrapper holds: the FastAPI template's user signed up without a `full_name` had a
    random one, and was inactive at random where `is_active` defaults to true."""
    if not isinstance(body, dict):
        return body
    named = set(_record(sent)) | (set(sent) if isinstance(sent, dict) else set())
    properties = object_schema(schema, body).get("properties") or {}
    if len(body) == 1 and isinstance(next(iter(body.values())), dict):
        ((key, inner),) = body.items()
        inner_properties = object_schema(properties.get(key), inner).get("properties") or {}
        return {key: left_unset(inner_properties, inner, operation, named)}
    return left_unset(properties, body, operation, named)


def _made_now(schema: Schema, body: Any, realism: Realism) -> Any:
    """A new principal's moments (`stamp_of`: `created_at`, `date_joined`) now, in the body or the one object a
    wrapper holds: the FastAPI template's user signed up a moment ago was created last spring."""
    if not isinstance(body, dict):
        return body
    properties = object_schema(schema, body).get("properties") or {}
    if len(body) == 1 and isinstance(next(iter(body.values())), dict):
        ((key, inner),) = body.items()
        return {key: _made_now(properties.get(key) or {}, inner, realism)}
    now = time.time()
    out = dict(body)
    for name, sub in properties.items():
        if name in out and stamp_of(name, sub) is not None:
            value = moment_value(sub, now, realism.datetime_precision, name)
            if value is not None:
                out[name] = value
    return out


def _record(body: Any) -> dict[str, Any]:
    """The principal's own fields: the body, or the one object a wrapper holds."""
    if isinstance(body, dict) and len(body) == 1:
        (inner,) = body.values()
        if isinstance(inner, dict):
            return dict(inner)
    return dict(body) if isinstance(body, dict) else {}


def _has_identity(schema: Schema) -> bool:
    schema = object_schema(schema, {})
    properties = schema.get("properties") or {}
    if len(properties) == 1:
        (inner,) = properties.values()
        properties = object_schema(inner, {}).get("properties") or {}
    return any(name in properties for name in IDENTITY_FIELDS)


def find_principal_schema(api: Api) -> str | None:
    """The fingerprint of the schema the API answers "who am I" with (`find_principal`)."""
    found = find_principal(api)
    return _fingerprint(found) if found is not None else None


def find_principal(api: Api) -> Schema | None:
    """The schema the API answers "who am I" with: a credentialed GET without path parameters, about a user."""
    candidates: list[tuple[int, str, Schema]] = []
    for operation in api.operations:
        if operation.method != "GET" or "{" in operation.path or operation.open_to_anyone:
            continue  # anonymous callers may use it: it cannot be about the caller
        spec = operation.response_for(200)
        media = spec.json_media() if spec else None
        if media is None or media.schema is None or not _has_identity(media.schema):
            continue
        if any(p.required and p.location == "query" for p in operation.parameters):
            continue
        candidates.append((operation.path.count("/"), _fingerprint(media.schema), media.schema))
    return min(candidates, key=lambda found: found[:2])[2] if candidates else None


def principal_answers(api: Api, principal_schema: str | None) -> frozenset[tuple[str, int]]:
    """(operation, status) pairs that answer with the principal: sign-up, sign-in, me, update-me."""
    if principal_schema is None:
        return frozenset()
    answering = [
        (operation, status)
        for operation in api.operations
        for status, schema in _success_json_schemas(operation)
        if _fingerprint(schema) == principal_schema
    ]
    me_paths = {operation.path for operation, _ in answering if operation.method == "GET" and "{" not in operation.path}
    return frozenset(
        (operation.key, status) for operation, status in answering if _about_the_caller(operation, me_paths)
    )


def _about_the_caller(operation: Operation, me_paths: set[str]) -> bool:
    """Whether an operation answering the principal's schema is about the caller: a read or write of the "me" path
    itself, an update naming nobody in its path (Mastodon's `PATCH /accounts/update_credentials`), or a sign-up
    or sign-in, which anyone may call. Not an administrator's create or update of another user (Box's
    `POST /users`, `PUT /users/{id}`): answered as the caller, each made the caller someone else."""
    if "{" in operation.path:
        return False
    if operation.path in me_paths or operation.method in ("PUT", "PATCH"):
        return True
    return operation.open_to_anyone


def _success_json_schemas(operation: Operation) -> Iterator[tuple[int, Schema]]:
    """(status, schema) of each 2xx answer an operation declares in JSON."""
    for status, response in operation.responses.items():
        media = response.json_media()
        if media is not None and media.schema is not None and status.isdecimal() and status.startswith("2"):
            yield int(status), media.schema


def _data_media(spec: ResponseSpec, negotiated: str | None) -> MediaType | None:
    """The media type an answer about the user goes in: the one negotiated, where the mock writes data in it (JSON,
    XML, YAML: ASP.NET specs offer `/me` in all four of JSON, text/json, XML and text/xml), else the JSON one."""
    chosen = spec.content.get(negotiated) if negotiated else None
    if chosen is not None and holds_data(chosen.name) and chosen.schema is not None:
        return chosen
    return spec.json_media()


def sign_in_receipts(api: Api, principal_schema: str | None) -> frozenset[tuple[str, int]]:
    """(operation, status) pairs of sign-ins answered with a receipt, not the user: a POST whose body names a login
    (email, username…) and whose answer holds a token beside what it says of the user (immich's `{accessToken,
    userId, userEmail, name}`, or `{token, user: {...}}`)."""
    if principal_schema is None:
        return frozenset()
    found = set()
    for operation in api.operations:
        sent = request_schema(operation)
        if operation.method != "POST" or sent is None or not _has_identity(sent):
            continue
        for status, schema in _success_json_schemas(operation):
            if _fingerprint(schema) != principal_schema and any(TOKEN_FIELD.match(name) for name in _fields_of(schema)):
                found.add((operation.key, status))
    return frozenset(found)


def _fields_of(schema: Schema) -> dict[str, Any]:
    """An object's properties, or those of the one object a wrapper holds."""
    properties = object_schema(schema, {}).get("properties") or {}
    if len(properties) == 1:
        (inner,) = properties.values()
        return object_schema(inner, {}).get("properties") or properties
    return properties


def _about(receipt: dict[str, Any], schema: Schema, me: dict[str, Any]) -> dict[str, Any]:
    """A sign-in receipt's fields about the user given the user's values: its own spelling (`name`) or prefixed
    with `user` (`userId`, `userEmail`); tokens stay the receipt's own."""
    properties = object_schema(schema, receipt).get("properties") or {}
    by_key = {spelling_key(name): value for name, value in me.items() if not TOKEN_FIELD.match(name)}
    by_key.update({spelling_key("user_" + name): value for name, value in me.items() if not TOKEN_FIELD.match(name)})
    answer = dict(receipt)
    for name, sub in properties.items():
        key = spelling_key(name)
        if name not in answer or key not in by_key or TOKEN_FIELD.match(name):
            continue
        if not isinstance(sub, dict) or is_valid(response_view(sub), by_key[key]):
            answer[name] = by_key[key]
    return answer


def _logins_in(body: Any, depth: int = 0) -> list[str]:
    """The logins a sign-up or sign-in names (email, username…), lower-cased, from the shallowest object of its body
    that holds any. A login is matched by its value whatever field it came in: a user who signed up with an email
    and a username signs in with either, and many sign-ins take an email in their `username`."""
    if not isinstance(body, dict) or depth > 4:
        return []
    found = [body[name].lower() for name in IDENTITY_FIELDS if isinstance(body.get(name), str) and body[name]]
    if found:
        return list(dict.fromkeys(found))
    for value in body.values():
        found = _logins_in(value, depth + 1)
        if found:
            return found
    return []


def issued_credential(store: StateStore, api: str, credential: str) -> bool:
    """Whether the mock itself answered `credential` as the token of one of `api`'s users (a sign-up's, a sign-in's,
    the current user's): such a token stands for that user (`_principal_keys`)."""
    with store.transaction(shared_reads=True) as tx:
        return tx.get(PRINCIPALS, _credential_key(api, credential)) is not None


def _credential_key(api: str, credential: str) -> str:
    # `Token abc` and `Bearer abc` name the same token.
    return f"{api}|credential|{credential.split()[-1] if credential.split() else credential}"


def _identity_key(api: str, login: str) -> str:
    return f"{api}|login|{login}"


def _principal_keys(api: str, body: Any) -> list[str]:
    """Every way a later request may name this principal: its tokens and its logins."""
    keys = []
    record = _record(body)
    for key, value in record.items():
        if isinstance(value, str) and value and TOKEN_FIELD.match(key):
            keys.append(_credential_key(api, value))
    keys += [_identity_key(api, login) for login in _logins_in(record)]
    return keys


def forgotten_principals(state: StateView, keep: int) -> list[Mutation]:
    """Principals to forget: of each API, those beyond the `keep` asked for most recently, under every key that
    names them (token, login) and still holds them. Asked for again, a forgotten one is generated again from the
    same seed (the same user), without what the caller changed since (a sign-up's fields, an update)."""
    by_api: dict[str, list[tuple[float, str]]] = {}
    for key, stamp in state.items(PRINCIPALS_SEEN):
        by_api.setdefault(key.split("|", 1)[0], []).append((float(stamp), key))
    gone = oldest_beyond(by_api, keep)
    if not gone:
        return []
    bodies = state.get_many(PRINCIPALS, gone)
    named_also = {key: _principal_keys(key.split("|", 1)[0], body) for key, body in bodies.items()}
    others = state.get_many(PRINCIPALS, sorted({k for keys in named_also.values() for k in keys} - set(gone)))
    deletions: list[Mutation] = [Delete(PRINCIPALS_SEEN, key) for key in gone]
    deletions += [Delete(PRINCIPALS, key) for key in bodies]
    deletions += [
        Delete(PRINCIPALS, other)
        for key, keys in named_also.items()
        for other in keys
        if other in others and others.pop(other) == bodies[key]  # not one another caller's sign-in changed since
    ]
    return deletions


def _with_token(body: Any, schema: Schema, credential: str) -> Any:
    """The principal's token fields hold the token the caller is using."""
    token = credential.split()[-1] if credential.split() else credential
    if not isinstance(body, dict):
        return body
    if len(body) == 1 and isinstance(next(iter(body.values())), dict):
        (key,) = body
        sub = (object_schema(schema, body).get("properties") or {}).get(key) or {}
        return {key: _with_token(body[key], sub, credential)}
    candidate = {k: token if isinstance(v, str) and TOKEN_FIELD.match(k) else v for k, v in body.items()}
    return candidate if is_valid(response_view(object_schema(schema, body)), candidate) else body


def paired_example(answers: dict[str, Any], operation: Operation, sent: Any) -> str | None:
    """The answer example named like the request example the sent body is most like: specs pair them by name
    (Train's `Card` and `Bank` payments, Museum's `general_entry` and `event_entry` tickets), and the first answer
    example contradicted half the requests. None where no named request example is more like the body than another."""
    body = operation.request_body
    if body is None or sent is None:
        return None
    asked = {
        name: value for media in body.content.values() for name, value in media.examples.items() if name in answers
    }
    if not asked:
        return None
    scores = sorted(((_likeness(sent, value), name) for name, value in asked.items()), reverse=True)
    best, name = scores[0]
    if best == 0 or (len(scores) > 1 and scores[1][0] == best):
        return None
    return name


def _likeness(sent: Any, example: Any, depth: int = 0) -> int:
    """How alike a body and an example are: the places both have, and more for a value both hold there."""
    if depth > 8:
        return 0
    if isinstance(sent, dict) and isinstance(example, dict):
        return sum(1 + _likeness(sent[key], example[key], depth + 1) for key in sent.keys() & example.keys())
    if isinstance(sent, list) and isinstance(example, list):
        return sum(_likeness(a, b, depth + 1) for a, b in zip(sent[:8], example[:8], strict=False))
    return 2 if sent == example and type(sent) is type(example) else 0


def _stable_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _as_author(
    body: Any, schema: Schema, me: dict[str, Any], pinned: set[str], depth: int, listed: bool = False
) -> Any:
    """Nested records about a user (sharing an identity field with the caller) become the caller, and a foreign key
    beside one (`ownerId` by `owner`) its id. A list's users are others (an album's members), never all the caller:
    making each of them the caller listed one user twice (immich)."""
    if depth > 6:
        return body
    if isinstance(body, list):
        items = schema.get("items") if isinstance(schema, dict) else None
        return [_as_author(item, items or {}, me, pinned, depth + 1, listed=True) for item in body]
    if not isinstance(body, dict):
        return body
    schema = object_schema(schema, body)
    properties = schema.get("properties") or {}
    shared = [name for name in IDENTITY_FIELDS if name in body and name in me]
    if depth > 0 and shared and not listed and not any(str(body[name]) in pinned for name in shared):
        candidate = {**body, **{k: v for k, v in me.items() if k in body and not TOKEN_FIELD.match(k)}}
        if is_valid(response_view(schema), candidate) if schema else True:
            return candidate
    answer = {
        key: _as_caller(value, properties.get(key) or {}, me)
        if depth <= 1
        and not listed
        and spelling_key(key) in _CALLER_ROLE_KEYS
        and isinstance(value, dict)
        and str(value.get("id")) not in pinned
        else _as_author(value, properties.get(key) or {}, me, pinned, depth + 1)
        for key, value in body.items()
    }
    my_id = me.get("id")
    for key, value in list(answer.items()):
        if my_id is not None and isinstance(value, dict) and value.get("id") == my_id:
            _point_at(answer, properties, key, my_id, pinned)
    return answer


# The roles a record's writer plays in it (`authorId`, `owner_id`, `createdBy`): a foreign key named for one of them,
# with no object beside it (`_point_at` covers `ownerId` by `owner`), names the caller who wrote it.
_CALLER_ROLES = ("author", "owner", "creator", "user", "submitter", "reporter", "poster", "sender", "uploader")
_CALLER_ROLE_KEYS = frozenset(spelling_key(role) for role in (*_CALLER_ROLES, "created_by"))  # `owner: {…}`
_CALLER_ID_KEYS = frozenset(
    [spelling_key(role + "_id") for role in _CALLER_ROLES]
    + [spelling_key(done + by) for done in ("created", "submitted", "uploaded", "posted") for by in ("_by", "_by_id")]
)


def _as_caller(body: Any, schema: Schema, me: dict[str, Any]) -> Any:
    """A record (or the one record its wrapper holds) with the caller's values in the fields it shares with the
    caller, where its schema takes them: another view of the caller (Spotify's public user of the caller's id)."""
    if not isinstance(body, dict):
        return body
    properties = object_schema(schema, body).get("properties") or {}
    if len(body) == 1 and isinstance(next(iter(body.values())), dict) and not (set(body) & set(me)):
        ((name, inner),) = body.items()
        return {name: _as_caller(inner, properties.get(name) or {}, me)}
    shared = {k: v for k, v in me.items() if k in properties and not TOKEN_FIELD.match(k)}
    candidate = {**body, **shared}
    return candidate if shared and is_valid(response_view(object_schema(schema, body)), candidate) else body


def _by_caller(body: Any, schema: Schema, my_id: Any, sent: Any, pinned: set[str]) -> Any:
    """A record the caller writes (or the one record its wrapper holds, `{data: {...}}`) names the caller in its
    writer's foreign keys (`_CALLER_ID_KEYS`), but where the request set the field itself or a path or query
    value fills it (an admin writing for `/users/{userId}/notes`)."""
    if my_id is None:
        return body

    def name_the_caller(record: dict[str, Any], schema: Schema, sent: Any) -> dict[str, Any]:
        properties = object_schema(schema, record).get("properties") or {}
        sent_names = set(sent) if isinstance(sent, dict) else set()
        changed = dict(record)
        for name, value in record.items():
            if (
                name in sent_names
                or spelling_key(name) not in _CALLER_ID_KEYS
                or value == my_id
                or str(value) in pinned
            ):
                continue
            sub = properties.get(name)
            if not isinstance(sub, dict) or is_valid(response_view(sub), my_id):
                changed[name] = my_id
        return changed

    return on_the_record(body, schema, sent, name_the_caller)


def _point_at(record: dict[str, Any], properties: dict[str, Any], slot: str, user_id: Any, pinned: set[str]) -> None:
    """The foreign key naming the user in `slot` (`ownerId`, `owner_id` beside `owner`) holds that user's id."""
    wanted = spelling_key(slot + "_id")
    for name in record:
        if spelling_key(name) == wanted and str(record[name]) not in pinned:
            sub = properties.get(name)
            if not isinstance(sub, dict) or is_valid(response_view(sub), user_id):
                record[name] = user_id
