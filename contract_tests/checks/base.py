"""What every domain check shares: typed failures, the run's state, and small response readers.

A check is a plain function `check_x(state, response, case) -> None` that raises a `ContractFailure`
subclass; `registry.py` wraps each in a `@schemathesis.check` adapter that finds the run's state from
the document under test. So a check can be called directly in a unit test with a fresh `RunState`,
and two runs in one process never share what they saw.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from schemathesis.core.failures import Failure, Severity

from contract_tests.spec_facts import SpecFacts, facts_for, followed_ref
from mock.schema_validation import is_valid
from mock.spec.operations import path_parameter_names, template_below
from mock.spec.schemas import schema_types

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_METHOD = re.compile(r"\b(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE|QUERY|CONNECT)\b")


def normalised_message(message: str) -> str:
    """A message with its ids, numbers and quoted values blanked: two failures of one kind compare equal."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    return _METHOD.sub("METHOD", _NUMBER.sub("N", _QUOTED.sub("'…'", _UUID.sub("<id>", first))))


class ContractFailure(Failure):
    """A rule of ours broken. Subclasses name the rule; `check` is the registered check's name.

    Schemathesis keeps one failure per operation and `_unique_key`; ours is the normalised message,
    so distinct problems on one operation are each reported while repeats of one problem are not.
    """

    check: ClassVar[str] = "contract"
    title_text: ClassVar[str] = "Contract rule broken"

    def __init__(self, message: str, *, operation: str | None = None, severity: Severity = Severity.HIGH) -> None:
        super().__init__(operation=operation, title=self.title_text, message=message, severity=severity)

    @property
    def _unique_key(self) -> str:
        return normalised_message(self.message)


# a job's id; the other path parameters of the URL that showed it (`{automation_id}` of `…/runs/{run_id}`), as
# (name, value) pairs; and the status values its answers declare (sorted)
# a job's id, the parents its path names, the status values its answer declares, and the noun its path ends in
JobKey = tuple[str, frozenset[tuple[str, str]], tuple[str, ...], str]
_JobPlace = tuple[frozenset[tuple[str, str]], tuple[str, ...], str]


@dataclass
class JobLedger:
    """The statuses each job id has shown in this run.

    A job is known by its id, the parents its path names and the status values its answers declare: created at one
    path and polled at another, its path cannot tell it apart, but Linode's disk 1 (`ready`…) and instance 1
    (`running`…) are not one job, nor is run 7 of one automation run 7 of another. Two answers with one id are one
    job when the values one declares are among the other's (or one declares none), and the parents both paths
    name are the same ones; at paths of two nouns, only when they declare the same values: OpenAI's batch
    `vsfb_abc123` (its file batch's four states are among a batch's eight) is not the example file batch of that id.

    Several checks look at the same response; `observe` is idempotent per response object so each of
    them sees the status the job had *before* this response, whichever check runs first.
    """

    status: dict[str, dict[_JobPlace, str]] = field(default_factory=dict)
    _seen: dict[int, tuple[Any, str | None]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def keys_of(self, job_id: str, parents: frozenset[tuple[str, str]], noun: str = "") -> list[JobKey]:
        """The jobs seen with this id under these parents (or under none of theirs), but those another collection's
        path named (`_two_item_paths`)."""
        return [
            (job_id, seen, kind, seen_noun)
            for seen, kind, seen_noun in self.status.get(job_id, {})
            if _same_parents(seen, parents) and not _two_item_paths(seen_noun, noun)
        ]

    def observe(self, job: JobKey, status: str | None, response: Any) -> str | None:
        """Record what `response` showed (status None: nothing) and return the status known before it."""
        with self._lock:
            key = id(response)
            seen = self._seen.get(key)
            if seen is not None and seen[0] is response:
                return seen[1]
            known, same = self._slot(job)
            previous = known.get(same)
            if status is not None:
                known[same] = status
            # Keeping the response referenced stops its id() being reused while it is in this cache.
            self._seen[key] = (response, previous)
            while len(self._seen) > 512:
                self._seen.pop(next(iter(self._seen)))
            return previous

    def mark(self, job: JobKey, status: str) -> None:
        """Set what is known of a job, whatever a response showed (a DELETE's `GONE`)."""
        with self._lock:
            known, same = self._slot(job)
            known[same] = status

    def _slot(self, job: JobKey) -> tuple[dict[_JobPlace, str], _JobPlace]:
        """The statuses known of the job's id, and the key its job is known by there: one seen under its parents, of
        its kind and collection (`_same_kind`, `_two_item_paths`), else its own."""
        job_id, parents, kind, noun = job
        known = self.status.setdefault(job_id, {})
        same = next(
            (
                (p, k, n)
                for p, k, n in known
                if _same_parents(p, parents)
                and _same_kind(k, kind, n.lstrip(ADDRESSED) == noun.lstrip(ADDRESSED))
                and not _two_item_paths(n, noun)
            ),
            (parents, kind, noun),
        )
        return known, same


# How a job's noun (`sequences.noun_of`) says its request named it by its path (`GET /batches/{batch_id}`), not by a
# body or a create's answer alone.
ADDRESSED = "@"


def _two_item_paths(one: str, other: str) -> bool:
    """Whether two requests named a job by its id in the paths of two collections (Mistral's `/v1/batch/jobs/{job_id}`
    and `/v1/fine_tuning/jobs/{job_id}`): two jobs that share an id, whatever statuses they declare."""
    return one != other and one.startswith(ADDRESSED) and other.startswith(ADDRESSED)


def _same_kind(one: tuple[str, ...], other: tuple[str, ...], same_noun: bool) -> bool:
    """Whether two answers' declared status values may be one job's: one declares none, or (at one noun's paths)
    one's values are among the other's, or (at two nouns') they are the same values."""
    if not one or not other:
        return True
    return set(one) <= set(other) or set(other) <= set(one) if same_noun else set(one) == set(other)


def _same_parents(one: frozenset[tuple[str, str]], other: frozenset[tuple[str, str]]) -> bool:
    """Whether two paths' parents agree wherever both name one (a job made at `/jobs` is the one read at
    `/projects/{project}/jobs/{id}`)."""
    mine, theirs = dict(one), dict(other)
    return all(theirs[name] == value for name, value in mine.items() if name in theirs)


ResourceKey = tuple[str, frozenset[tuple[str, str]]]


@dataclass
class ResourceLedger:
    """Resources created in this run, keyed by (item path template, path parameters): live or deleted."""

    state: dict[ResourceKey, str] = field(default_factory=dict)
    # the keys one create's links name together: one resource at several item paths (Discord's sticker, read at
    # `/guilds/{guild_id}/stickers/{sticker_id}` and at `/stickers/{sticker_id}`), deleted at any of them
    aliases: dict[ResourceKey, frozenset[ResourceKey]] = field(default_factory=dict)
    # the path values of the request that made each one (`s1` of `POST /sites/s1/deploys`): the records made under
    # a record are the server's to keep or delete with it, wherever they are read (Netlify's `/deploys/{deploy_id}`)
    made_under: dict[ResourceKey, frozenset[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, key: ResourceKey, state: str) -> None:
        with self._lock:
            self.state[key] = state

    def made_together(self, keys: Iterable[ResourceKey], under: frozenset[str] = frozenset()) -> None:
        """What one create's links name, live: the keys whose item paths end in the same id are one resource, deleted
        together (a sticker at two paths), and the others apart (a character and the job that trains it). `under`:
        the path values of the create's own request."""
        by_id: dict[str | None, set[ResourceKey]] = {}
        for key in keys:
            by_id.setdefault(_last_value(key), set()).add(key)
        with self._lock:
            for own_id, alike in by_id.items():
                for key in alike:
                    self.state[key] = "live"
                    if under:
                        self.made_under[key] = under
                    if own_id is not None:
                        self.aliases[key] = frozenset(alike)

    def get(self, key: ResourceKey) -> str | None:
        with self._lock:
            return self.state.get(key)

    def forget_below(self, key: ResourceKey) -> None:
        """What the path had below it, no longer known live or deleted: a collection's DELETE (`DELETE /messages`, a
        clear) may have deleted any of its records, or only those its query named."""
        with self._lock:
            for known in self._below(key):
                del self.state[known]

    def delete_with_below(self, key: ResourceKey) -> None:
        """The resource deleted, and what its path had below it (`/statuses/{id}/context` of `/statuses/{id}`, the
        same values): a deleted status has no context to read."""
        with self._lock:
            for alias in self.aliases.get(key, frozenset({key})) | {key}:
                for known in self._below(alias):
                    self.state[known] = "deleted"
                self.state[alias] = "deleted"
            own_id = _last_value(key)
            for known, parents in list(self.made_under.items()):
                if own_id is not None and own_id in parents and self.state.get(known) == "live":
                    del self.state[known]  # made under it: gone with it or kept, as the server decides

    def written_anew(self, key: ResourceKey) -> None:
        """A deleted resource no longer known deleted, at any of its item paths: a PUT that succeeded on it may have
        made it again (RFC 9110 §9.3.4: PUT creates or replaces; Svix's event types are upserted so)."""
        with self._lock:
            if self.state.get(key) == "deleted":
                for alias in self.aliases.get(key, frozenset({key})) | {key}:
                    self.state.pop(alias, None)

    def forget_naming(self, values: Collection[str]) -> None:
        """What is known of the keys whose path values end in one of these: a write that names a record in its body
        (`POST /classifications {"id": …, "status": …}`) may have changed it."""
        with self._lock:
            for known in [k for k in self.state if _last_value(k) in values]:
                del self.state[known]

    def _below(self, key: ResourceKey) -> list[ResourceKey]:
        """The known keys under this one's path with its path values, matched by place whatever each path calls them
        (DigitalOcean's `/v2/apps/{id}` and `/v2/apps/{app_id}/deployments/{deployment_id}`); the caller holds the
        lock."""
        path, values = key
        mine, names = dict(values), path_parameter_names(path)
        found = []
        for known in self.state:
            if not template_below(known[0], path):
                continue
            theirs = dict(known[1])
            places = zip(names, path_parameter_names(known[0]), strict=False)
            if all(name in mine and theirs.get(own) == mine[name] for name, own in places):
                found.append(known)
        return found


def _last_value(key: ResourceKey) -> str | None:
    """The value of the last parameter of a key's path: the record it names."""
    names = path_parameter_names(key[0])
    return dict(key[1]).get(names[-1]) if names else None


@dataclass(frozen=True)
class RpcTarget:
    """An RPC-style read or delete, as a create's link names its record: in `resources` by record, not by path."""

    where: str  # "body" or "query": where the link sends the record's id
    name: str  # the field or parameter it sends it as
    collection: str  # the key's first part: the scope and noun the path names
    deletes: bool


@dataclass
class RunState:
    """Everything the checks remember during one run."""

    facts: SpecFacts
    jobs: JobLedger = field(default_factory=JobLedger)
    resources: ResourceLedger = field(default_factory=ResourceLedger)
    # RPC-style reads and deletes (`POST /documents.info {"id": …}`) a create's link reaches, by path
    rpc_targets: dict[str, RpcTarget] = field(default_factory=dict)
    # The last status each polled item showed (same keys as `resources`), and the id its answer gave beside it.
    statuses: ResourceLedger = field(default_factory=ResourceLedger)
    status_ids: ResourceLedger = field(default_factory=ResourceLedger)
    # The last state each item with a declared state machine showed (keyed by `sequences.item_key`).
    machine_states: ResourceLedger = field(default_factory=ResourceLedger)
    # Negative numbers the client itself sent under `balance`-like fields, by (field name, value): given back
    # later (a stored resource's free-form attributes), they are its data, not a balance the server computed.
    sent_balances: set[tuple[str, float]] = field(default_factory=set)
    # The names of `balance`-like fields the spec's own examples show negative (Plaid's overdrawn `current`),
    # read off the document on first use.
    documented_negatives: frozenset[str] | None = None


_RUNS: dict[int, tuple[dict[str, Any], RunState]] = {}
_RUNS_LOCK = threading.Lock()


def start_run(document: dict[str, Any]) -> RunState:
    """A fresh state for a run testing `document` (the very object schemathesis loads)."""
    state = RunState(facts=facts_for(document))
    with _RUNS_LOCK:
        # The document is held, so its id cannot be reused by another object while it is registered.
        _RUNS[id(document)] = (document, state)
    return state


def state_of(case: Any) -> RunState:
    """The state of the run `case` belongs to; a document never started gets a state of its own."""
    return state_for(case.operation.schema.raw_schema)


def state_for(document: dict[str, Any]) -> RunState:
    """The state of the run testing `document` (the object schemathesis loaded)."""
    with _RUNS_LOCK:
        entry = _RUNS.get(id(document))
        if entry is not None and entry[0] is document:
            return entry[1]
    return start_run(document)


# --------------------------------------------------------------------------- response readers


def body_of(response: Any) -> tuple[bool, Any]:
    """(is_json, parsed body). An empty body is not JSON."""
    if not response.content:
        return False, None
    try:
        return True, json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return False, None


def header_of(response: Any, name: str) -> str | None:
    values = response.headers.get(name.lower())
    if not values:
        return None
    return values[0] if isinstance(values, list) else str(values)


def describe(case: Any, response: Any) -> str:
    return f"{case.method.upper()} {case.operation.path} -> {response.status_code}"


def error_codes(body: Any) -> list[str]:
    """Error codes in any of our envelopes: `error.code`, `errors[].code`, top-level `code`."""
    codes: list[Any] = []
    if isinstance(body, dict):
        codes.append(body.get("code"))
        error = body.get("error")
        if isinstance(error, dict):
            codes.append(error.get("code"))
        errors = body.get("errors")
        if isinstance(errors, list):
            codes.extend(item.get("code") for item in errors if isinstance(item, dict))
    return [str(code) for code in codes if isinstance(code, (str, int)) and not isinstance(code, bool)]


PlainCheck = Callable[[RunState, Any, Any], None]


def path_breaks_its_parameters(facts: Any, case: Any) -> bool:
    """Whether a text the request puts in its path breaks that parameter's own schema, as openapi-core reads it:
    Qovery's create takes any `{terraformId}`, its delete a uuid, so a delete under the `0` a create took is a
    request for no resource, and its 404 says nothing of what was made."""
    document = facts.document
    item = (document.get("paths") or {}).get(case.operation.path) or {}
    declared = [
        *(item.get("parameters") or []),
        *(facts.operation(case.operation.path, case.method).get("parameters") or []),
    ]
    values = case.path_parameters or {}
    for node in declared:
        parameter = followed_ref(document, node)
        if not isinstance(parameter, dict) or parameter.get("in") != "path" or parameter.get("name") not in values:
            continue
        schema = followed_ref(document, parameter.get("schema"))
        value = values[parameter["name"]]
        text = isinstance(schema, dict) and isinstance(value, str) and "string" in schema_types(schema)
        if text and not is_valid(schema, value):
            return True
    return False
