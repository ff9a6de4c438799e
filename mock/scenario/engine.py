"""The scenario stage at run time: which scenarios are active, the rule index, the state store and the answers.

`answer()` is called by the server after a request validated. It finds the rules indexed
under (api, operationId) for the active scenarios (plus any named in the request's
`X-Specmock-Scenario` header); with none, it returns None at the cost of a dict look-up and
the static mock answers. Otherwise it runs the pure decision inside one state transaction
(so concurrent requests cannot interleave a read and a write), applies the changes, and
builds the answer through the API's ResponseFactory: generated success bodies with the
rules' overrides merged in and repaired against the schema, errors in the API's envelope.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from mock.delivery import DeliveredResponse
from mock.fake_data import without_write_only
from mock.field_rules import DEFAULT_REALISM, FieldRuleError, Realism, realism_for
from mock.identity_cache import IdentityCache
from mock.journal import Journal
from mock.negotiation import holds_data
from mock.preferences import InvalidPreference, Preferences
from mock.problems import Problem
from mock.request_validation import ValidatedRequest, cast_scalar
from mock.response_generation import MockResponse, ResponseFactory, dump_json, serialise, success_status
from mock.scenario.bodies import repair
from mock.scenario.compiling import AbsentTarget, compile_scenario, effective_settings, named_apis
from mock.scenario.decision import decide, entries_read_first
from mock.scenario.effects.base import StateNamespace
from mock.scenario.effects.callbacks import NAMESPACE as CALLBACKS  # deliveries sent by mock.callback_delivery
from mock.scenario.effects.registry import state_namespaces
from mock.scenario.effects.resources import RECORD_MAKING_ROLES, CrudOptions
from mock.scenario.loading import ScenarioError, load_resource_overrides, load_scenarios
from mock.scenario.model import (
    DELETE,
    MISSING,
    Decision,
    RequestFacts,
    Rule,
    Scenario,
    deep_merge,
    deep_merge_all,
    place,
)
from mock.scenario.retention import (
    SWEEP_EVERY_REQUESTS,
    SWEEP_EVERY_SECONDS,
    CountingView,
    Retention,
    requests_until_next_sweep,
    sweep,
)
from mock.scenario.store import EMPTY_VIEW, Delete, StateConflict, StateStore, Transaction
from mock.schema_validation import answer_back_view, is_valid
from mock.spec.deletions import CREATES, infer_deletable_items
from mock.spec.model import Api, MediaType, Operation, ResponseSpec, find_media, is_json_media
from mock.spec.oauth import authorization_code_flows
from mock.spec.resources import (
    BELOW,
    COUNT,
    GET,
    JOBS_READ_ALONE,
    LIST,
    SPAWN,
    Resource,
    at_path,
    infer_resources,
    operations_below,
    record_media,
)
from mock.spec.singletons import Singleton, infer_singletons
from mock.xml_bodies import is_xml, parse_xml

log = logging.getLogger("specmock")

DEFAULT_SCENARIOS = ("stateful", "job-lifecycle", "wallet", "callbacks")
MAX_CLOCK_OFFSET_S = 10 * 365.25 * 24 * 3600  # ten years either way: far enough for any expiry, finite everywhere
# The scenario that carries the CRUD behaviour inferred from the specs (plus scenarios/stateful.yaml, if any).
INFERRED_SCENARIO = "stateful"
INFERRED_PRIORITY = 30
SCENARIO_HEADER = "x-specmock-scenario"
# The engine's own state; each effect declares its own namespaces (effects.registry).
ENGINE_NAMESPACES = (
    StateNamespace("calls"),
    StateNamespace("hits"),
    StateNamespace("scenario_state"),
    StateNamespace("principals"),  # the current user per credential (response_generation)
    StateNamespace("principals_seen"),  # when each was last asked for (response_generation)
)
NAMESPACES = {namespace.name: namespace for namespace in (*state_namespaces(), *ENGINE_NAMESPACES)}
STATE_NAMESPACES = tuple(NAMESPACES)
# Where admin changes (activations, the clock) are kept for the other workers and replicas of a shared
# store: a generation number, read on every request, and the settings it numbers. Not a state namespace:
# the admin API's state view and per-namespace reset leave it alone.
SHARED_SETTINGS = "admin"


@dataclass
class Activation:
    scenario: Scenario
    settings: dict[str, Any]
    rules: tuple[Rule, ...]
    order: int


class UnknownScenario(KeyError):
    pass


@dataclass
class ScenarioEngine:
    apis: dict[str, Api]
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    store: StateStore = field(default_factory=StateStore.open)
    journal: Journal = field(default_factory=Journal)
    retention: Retention = field(default_factory=Retention)
    clock_offset: float = 0.0
    absent_apis: frozenset[str] = frozenset()
    skipped_rules: list[AbsentTarget] = field(default_factory=list)  # rules naming APIs/operations not loaded
    resources: dict[str, tuple[Resource, ...]] = field(default_factory=dict)  # api -> inferred resources
    crud_options: CrudOptions = field(default_factory=CrudOptions)
    _active: dict[str, Activation] = field(default_factory=dict)
    _index: dict[tuple[str, str], OperationRules] = field(default_factory=dict)
    _compiled: dict[str, tuple[Rule, ...]] = field(default_factory=dict)  # default-settings rules, for the header
    _collection_apis: dict[str, str] = field(default_factory=dict)  # each stateful collection's API, for retention
    _order: int = 0
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _rng: random.Random = field(default_factory=random.Random)
    _stateful_since_sweep: int = 0
    _sweep_after: int = SWEEP_EVERY_REQUESTS  # stateful requests until the next sweep
    _last_sweep: float = field(default_factory=time.monotonic)
    _read_every_job: bool = True  # the first sweep also finds finished jobs an older specmock left unindexed
    # answers of cacheable rules, by (rules, base answer) and the client's preferences
    _answers: IdentityCache[MockResponse] = field(default_factory=lambda: IdentityCache(max_entries=2048))
    _parsed_answers: IdentityCache[Any] = field(default_factory=lambda: IdentityCache(max_entries=2048))
    on_callbacks: Callable[[], None] | None = None  # told when a decision queued a callback delivery
    _settings_generation: int | None = None  # of the shared settings this process follows (shared stores only)

    @classmethod
    def load(
        cls,
        apis: dict[str, Api],
        directory: Path | None,
        state: str | None = None,
        absent_apis: frozenset[str] = frozenset(),
        crud_options: CrudOptions | None = None,
    ) -> ScenarioEngine:
        """`absent_apis`: APIs the specs define but this server does not serve (`--api`); rules for them are left out.

        Every API gets the CRUD behaviour of the resources `mock.spec.resources` infers from its spec, as
        rules of the `stateful` scenario (which exists even with no scenario files); the `resources:`
        corrections and the hand-written `stateful` rules of the scenario files win over the inference.
        """
        found = directory is not None and directory.is_dir()
        scenarios = load_scenarios(directory) if found and directory is not None else {}
        overrides = load_resource_overrides(directory) if found and directory is not None else ()
        scenarios.setdefault(
            INFERRED_SCENARIO,
            Scenario(
                name=INFERRED_SCENARIO,
                description="create, read, update, delete and list every resource inferred from the specs",
                file="(inferred from the specs)",
                line=0,
                priority=INFERRED_PRIORITY,
                settings={},
                spec_deviation=None,
                raw_rules=(),
                rule_lines=(),
            ),
        )
        engine = cls(apis, scenarios, StateStore.open(state))
        # Rules for APIs these specs do not define (the bundled scenarios beside a user's own --specs) stay idle;
        # `specmock scenarios check` still reports a name that matches no spec.
        engine.absent_apis = absent_apis | (named_apis(scenarios.values()) - frozenset(apis))
        engine.crud_options = crud_options or CrudOptions()
        engine.resources = {name: infer_resources(api, overrides) for name, api in apis.items()}
        # the written scenarios first: the inferred rules leave a job to the scenario that names its operations
        for name in sorted(scenarios, key=lambda name: name == INFERRED_SCENARIO):
            engine._compiled[name] = engine._compile(scenarios[name], None, engine.skipped_rules)
        return engine

    def applicable(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The scenarios among `names` that exist and have a rule for a loaded operation."""
        return tuple(name for name in names if self._compiled.get(name))

    def reloaded(self, apis: dict[str, Api], directory: Path | None, absent_apis: frozenset[str]) -> ScenarioEngine:
        """An engine for edited specs or scenarios that keeps this one's state, journal, clock and activations.

        Raises ScenarioError for a broken file; a scenario that no longer exists is simply no longer active.
        """
        engine = ScenarioEngine.load(apis, directory, None, absent_apis, self.crud_options)  # inference redone too
        engine.store, engine.journal, engine.clock_offset = self.store, self.journal, self.clock_offset
        engine.retention = self.retention
        kept = [a for a in sorted(self._active.values(), key=lambda a: a.order) if a.scenario.name in engine.scenarios]
        engine._set_active([a.scenario.name for a in kept], {a.scenario.name: a.settings for a in kept if a.settings})
        engine._settings_generation = self._settings_generation
        return engine

    def header_names(self) -> set[str]:
        """Every response header a loaded scenario's rules may set."""
        names: set[str] = set()
        for rules in self._compiled.values():
            for rule in rules:
                names.update(rule.headers)
                for respond in (rule.respond, *rule.sequence):
                    if respond is not None:
                        names.update(respond.headers)
        return names

    def _compile(
        self, scenario: Scenario, settings: dict[str, Any] | None, skipped: list[AbsentTarget]
    ) -> tuple[Rule, ...]:
        """`skipped` collects the rules left out because they name an API or operation that is not loaded."""
        rules = compile_scenario(scenario, self.apis, settings, self.absent_apis, skipped=skipped)
        if scenario.name != INFERRED_SCENARIO:
            return rules
        # the scenario's `per_key` (`--set stateful.per_key=false`) scopes the inferred resources as the written ones
        per_key = effective_settings(scenario, settings).get("per_key", self.crud_options.per_key)
        options = replace(self.crud_options, per_key=bool(per_key))
        # the operations whose jobs a written scenario keeps (the jobs effect's), not those every rule of a fault or a
        # rate limit names
        written_elsewhere = frozenset(
            key
            for name, compiled in self._compiled.items()
            if name != INFERRED_SCENARIO
            for rule in compiled
            if rule.effect is not None and rule.effect.startswith(JOB_EFFECTS)
            for key in rule.operations
        )
        return inferred_rules(scenario, rules, self.apis, self.resources, options, written_elsewhere)

    # ------------------------------------------------------------ activation

    def now(self) -> float:
        return time.time() + self.clock_offset

    def advance_clock(self, seconds: float) -> None:
        """Move the scenario clock; refused (ValueError, nothing changed) past MAX_CLOCK_OFFSET_S either way."""

        def advanced(offset: float) -> float:
            moved = offset + seconds
            if not math.isfinite(moved) or abs(moved) > MAX_CLOCK_OFFSET_S:
                raise ValueError(
                    f"advance_s={seconds:g} would put the scenario clock {moved:+.0f} s from real time; "
                    f"it stays within ±{MAX_CLOCK_OFFSET_S:.0f} s (ten years)"
                )
            return moved

        if not self.store.shared:
            self.clock_offset = advanced(self.clock_offset)
            return
        # Read and move the shared offset in one transaction: two workers advancing at once both count.
        self._share(lambda settings: {**settings, "clock_offset": advanced(float(settings["clock_offset"]))})

    def active(self) -> list[str]:
        return [a.scenario.name for a in sorted(self._active.values(), key=lambda a: a.order)]

    def activate(self, name: str, settings: dict[str, Any] | None = None) -> None:
        """Activate a scenario (again, with new settings, if given); already active and no settings: no change."""
        self.follow_shared_settings()
        scenario = self._scenario(name)
        rules = self._compile(scenario, settings, []) if settings else self._compiled[name]
        with self._lock:
            previous = self._active.get(name)
            if previous is not None and not settings:
                return
            if previous is None:
                self._order += 1
            order = previous.order if previous is not None else self._order
            self._active[name] = Activation(scenario, dict(settings or {}), rules, order)
            self._rebuild()
        self._share_activations()

    def deactivate(self, name: str) -> bool:
        self.follow_shared_settings()
        self._scenario(name)
        with self._lock:
            found = self._active.pop(name, None) is not None
            self._rebuild()
        self._share_activations()
        return found

    def start(self, names: list[str], settings: dict[str, dict[str, Any]] | None = None) -> None:
        """The start-up activations; with a shared store, admin changes another process made since win."""
        self._set_active(names, settings)
        self.follow_shared_settings()

    def set_active(self, names: list[str], settings: dict[str, dict[str, Any]] | None = None) -> None:
        """Exactly these scenarios, all or nothing: every one is compiled before any is swapped in."""
        self._set_active(names, settings)
        self._share_activations()

    def _set_active(self, names: list[str], settings: dict[str, dict[str, Any]] | None = None) -> None:
        settings = settings or {}
        for name in settings:
            if name not in names:
                raise ScenarioError("settings", 0, f"settings for {name!r}, which is not among the active scenarios")
        activations: dict[str, Activation] = {}
        for order, name in enumerate(dict.fromkeys(names), start=1):
            scenario = self._scenario(name)
            given = settings.get(name)
            rules = self._compile(scenario, given, []) if given else self._compiled[name]
            activations[name] = Activation(scenario, dict(given or {}), rules, order)
        with self._lock:
            self._active = activations
            self._order = len(activations)
            self._rebuild()

    # ------------------------------------------------------------ admin changes shared across processes

    def _shared_settings(self) -> dict[str, Any]:
        ordered = sorted(self._active.values(), key=lambda a: a.order)
        return {
            "active": [a.scenario.name for a in ordered],
            "settings": {a.scenario.name: a.settings for a in ordered if a.settings},
            "clock_offset": self.clock_offset,
        }

    def _share_activations(self) -> None:
        if self.store.shared:
            mine = self._shared_settings()
            self._share(lambda settings: {**settings, "active": mine["active"], "settings": mine["settings"]})

    def _share(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Apply `change` to the shared settings (this process's own, if none are stored yet) and follow them."""

        def write(tx: Transaction) -> tuple[int, dict[str, Any]]:
            stored = tx.get(SHARED_SETTINGS, "settings")
            settings = change(stored if isinstance(stored, dict) else self._shared_settings())
            generation = int(tx.get(SHARED_SETTINGS, "generation", 0) or 0) + 1
            tx.put(SHARED_SETTINGS, "settings", settings)
            tx.put(SHARED_SETTINGS, "generation", generation)
            return generation, settings

        generation, settings = self.store.transact(write)
        self._follow(generation, settings)

    def follow_shared_settings(self, generation: Any = MISSING) -> None:
        """Take up the activations and clock another worker or replica set through its admin API.

        One small read per call (none when the caller read the settings' `generation` already), and only with
        a shared store (SQLite, Redis); the settings themselves are read only when their generation moved.
        Until an admin change is made, each process keeps its own start-up settings.
        """
        if not self.store.shared:
            return
        if generation is MISSING:
            generation = self.store.peek(SHARED_SETTINGS, "generation")
        if generation is None or generation == self._settings_generation:
            return
        settings = self.store.peek(SHARED_SETTINGS, "settings")
        if isinstance(settings, dict):
            self._follow(int(generation), settings)

    def _follow(self, generation: int, settings: dict[str, Any]) -> None:
        with self._lock:
            self._settings_generation = generation
            offset = settings.get("clock_offset")
            if isinstance(offset, int | float) and math.isfinite(offset) and abs(offset) <= MAX_CLOCK_OFFSET_S:
                self.clock_offset = float(offset)
            names = [name for name in settings.get("active") or () if name in self.scenarios]
            given = settings.get("settings") or {}
            mine = self._shared_settings()
            if names == mine["active"] and given == mine["settings"]:
                return
            try:
                self._set_active(names, {name: value for name, value in given.items() if name in names})
            except ScenarioError as exc:
                # Another process accepted settings this one's scenario files refuse: keep serving as before.
                log.warning("shared scenario settings not taken up: %s", exc)

    def _scenario(self, name: str) -> Scenario:
        scenario = self.scenarios.get(name)
        if scenario is None:
            known = ", ".join(sorted(self.scenarios)) or "none loaded"
            raise UnknownScenario(f"no scenario named {name!r}; known: {known}")
        return scenario

    def _rebuild(self) -> None:
        self._index = _index(sorted(self._active.values(), key=lambda a: a.order))
        self._answers.clear()
        named = [*(r for a in self._active.values() for r in a.rules), *(r for c in self._compiled.values() for r in c)]
        self._collection_apis = {
            **{
                r.params["collection"]: min(r.operations)[0]
                for r in named
                if isinstance(r.params.get("collection"), str) and r.operations
            },
            **{resource.store: resource.api for found in self.resources.values() for resource in found},
        }

    def reset(self, namespaces: tuple[str, ...] | None = None) -> None:
        self.store.reset(namespaces)

    # ------------------------------------------------------------ per request

    def rules_for(self, api: str, operation_id: str, header: str | None) -> OperationRules | None:
        if header is None:
            return self._index.get((api, operation_id))
        names = [n.strip() for n in header.split(",") if n.strip()]
        if names == ["none"]:
            return None
        extra: list[Activation] = []
        for name in names:
            if name in self._active:
                continue
            if name not in self._compiled:
                raise UnknownScenario(
                    f"X-Specmock-Scenario: no scenario named {name!r}; known: {', '.join(sorted(self.scenarios))}"
                )
            extra.append(Activation(self.scenarios[name], {}, self._compiled[name], -len(extra) - 1))
        if not extra:
            return self._index.get((api, operation_id))
        # scenarios named by the request come before the active ones at equal priority
        activations = extra + sorted(self._active.values(), key=lambda a: a.order)
        return _index(activations).get((api, operation_id))

    def answer(
        self,
        factory: ResponseFactory,
        operation: Operation,
        validated: ValidatedRequest,
        headers: dict[str, str],
        preferences: Preferences,
        full_path: str,
    ) -> MockResponse | None:
        if preferences.code is not None:
            return None  # an explicit Prefer: code= asks for the static answer
        count = None  # this call's number, counted where that comes free with the settings' read (Redis)
        early = None  # entries the decision will read, read in that same round trip (Redis)
        if self.store.shared:
            ahead = self._read_before_counting(operation, validated, headers, full_path)
            generation, count, early = self.store.peek_and_count(
                SHARED_SETTINGS, "generation", "calls", operation.key, ahead
            )
            self.follow_shared_settings(generation)
        try:
            found = self.rules_for(operation.api, operation.operation_id, headers.get(SCENARIO_HEADER))
        except UnknownScenario as exc:  # a mistake in using the mock, not an answer of the API: off-spec on purpose
            error = factory.error(None, Problem(422, "unknown_scenario", str(exc.args[0])))
            return DeliveredResponse(error.status, error.body, error.media_type, error.headers, deviates=True)
        if found is None or not found.rules:
            return None
        rules = found.rules
        base = None
        if found.cacheable:
            try:
                base = factory.respond(operation, validated, preferences)
            except InvalidPreference:
                return None
            cached = self._answers.get((rules, base), preferences)
            if cached is not None:
                return cached
        request = _request_facts(
            operation,
            validated,
            headers,
            full_path,
            self._generated_record_source(factory, operation, validated, preferences, base)
            if found.makes_records
            else None,
        )
        now = self.now()
        if found.stateful:
            # Counted apart from the decision: every call of an operation would otherwise collide on its counter.
            if count is None:
                count = self.store.increment("calls", operation.key)

            def decide_in(tx: Transaction) -> Decision:
                nonlocal early
                if self.store.reads_ahead:
                    # What was read with the count is taken as read by the first attempt only: an attempt run again
                    # after a conflict reads everything anew.
                    tx.read_ahead(entries_read_first(rules, operation, request, count, now), early)
                    early = None
                decision = decide(rules, tx, operation, request, count, now)
                tx.apply(decision.mutations)
                return decision

            decision = self.store.transact(decide_in)
            self.after_state_write()
            if self.on_callbacks is not None and any(m.namespace == CALLBACKS for m in decision.mutations):
                self.on_callbacks()
        else:
            decision = decide(rules, EMPTY_VIEW, operation, request, 0, now)
        if not decision.acted:
            return None
        response = self._build(factory, operation, validated, preferences, decision)
        if base is not None:
            self._answers.put((rules, base), response, preferences)
        return response

    def _read_before_counting(
        self, operation: Operation, validated: ValidatedRequest, headers: dict[str, str], full_path: str
    ) -> list[tuple[str, str]]:
        """The entries the operation's rules will read that are known before the call is counted, to read in the
        count's round trip (Redis). Rules named by the request's scenario header are read for once found."""
        if not self.store.reads_ahead or SCENARIO_HEADER in headers:
            return []
        found = self._index.get((operation.api, operation.operation_id))
        if found is None or not found.stateful:
            return []
        request = _request_facts(operation, validated, headers, full_path)
        return entries_read_first(found.rules, operation, request, None, self.now())

    @staticmethod
    def _generated_record_source(
        factory: ResponseFactory,
        operation: Operation,
        validated: ValidatedRequest,
        preferences: Preferences,
        base: MockResponse | None,
    ) -> Any:
        """The static answer's JSON body, for a rule that makes a record from it (an inferred create or upsert).

        Built outside the state transaction: generation reads the current principal from the store itself.
        """
        try:
            answer = base if base is not None else factory.respond(operation, validated, preferences)
        except InvalidPreference:
            return None
        if not answer.body or not is_json_media(answer.media_type or ""):
            return None
        try:
            return json.loads(answer.body)
        except ValueError:
            return None

    def after_state_write(self) -> None:
        """Count a request that wrote state toward the next retention sweep, and sweep when it is due."""
        self._stateful_since_sweep += 1
        due = self._stateful_since_sweep >= self._sweep_after
        if due or time.monotonic() - self._last_sweep >= SWEEP_EVERY_SECONDS:
            try:
                self.sweep()
            except StateConflict:  # housekeeping never fails the request it follows: the next sweep tries again
                log.warning("retention sweep gave up: other workers kept changing what it read; it runs again later")

    def sweep(self) -> int:
        """Apply the retention policy to the state now; returns how many entries changed."""
        self._stateful_since_sweep = 0
        self._last_sweep = time.monotonic()
        now = self.now()
        every_job, self._read_every_job = self._read_every_job, False

        def forget(tx: Transaction) -> tuple[int, int]:
            view = CountingView(tx)
            changes = sweep(view, now, self.retention, every_job, self._collection_apis)
            tx.apply(changes)
            return len(changes), max(0, view.entries_read - sum(isinstance(change, Delete) for change in changes))

        # The sweep only reads to decide what to delete: it may read the stored entries without copies, and
        # what other requests add meanwhile is newer than what it deletes, so only a change to an entry it
        # changes conflicts (on Redis; with listings checked as well, each sweep of two busy workers undid the
        # other's).
        changed, entries_kept = self.store.transact(forget, shared_reads=True, watch_listings=False)
        self._sweep_after = requests_until_next_sweep(entries_kept)
        return changed

    def configure_retention(self, retention: Retention) -> None:
        self.retention = retention
        self.journal = Journal(retention.journal_entries, retention.max_age_s)

    # ------------------------------------------------------------ building the answer

    def _build(
        self,
        factory: ResponseFactory,
        operation: Operation,
        validated: ValidatedRequest,
        preferences: Preferences,
        decision: Decision,
    ) -> MockResponse:
        overridden = None  # the body with the decision's overrides merged in, when it made any
        if decision.fault is not None:
            base = factory.error(None, Problem(502, "bad_gateway", f"Simulated transport fault: {decision.fault}"))
        elif decision.problem is not None:
            base = factory.error(operation, decision.problem)
        elif decision.body is not MISSING:
            spec = operation.response_for(decision.status or _success(operation))
            media = (spec.content.get(validated.media_type or "") or spec.json_media()) if spec else None
            base = MockResponse(
                decision.status or _success(operation),
                serialise(decision.body, media) if media else dump_json(decision.body),
                media.name if media else "application/json",
            )
        else:
            status = decision.status
            wanted = (
                Preferences(code=status, example=preferences.example, dynamic=preferences.dynamic)
                if status
                else preferences
            )
            base = factory.respond(operation, validated, wanted)
            if decision.overrides or decision.task_overrides or decision.placements:
                overridden = self._overridden(
                    operation,
                    base,
                    decision,
                    lambda json_name: factory.respond(operation, replace(validated, media_type=json_name), wanted),
                )
        headers = {**base.headers, **decision.headers, SCENARIO_HEADER: ",".join(decision.scenarios)}
        delay = 0.0
        if decision.delay_ms is not None:
            low, high = decision.delay_ms
            delay = (low if low == high else self._rng.uniform(low, high)) / 1000.0
        return DeliveredResponse(
            status=base.status,
            body=base.body if overridden is None else overridden,
            media_type=base.media_type,
            headers=headers,
            delay_s=delay,
            fault=decision.fault,
            fault_after_s=decision.fault_after_s,
            scenario=decision.decided_by,
            scenarios=tuple(decision.scenarios),
            rules=tuple(decision.rules),
            deviates=decision.deviates,
        )

    def _overridden(
        self,
        operation: Operation,
        base: MockResponse,
        decision: Decision,
        in_json: Callable[[str], MockResponse],
    ) -> bytes | None:
        """The static answer's body with the decision's overrides and placements, in the media type it was answered
        in; None when the answer has no body, or none in a media type that holds data (JSON, XML, YAML).

        The overrides are made to the JSON answer (`in_json(media type)`, the same answer in JSON, where `base` is in
        another media type), then written in the media type `base` is in: read as JSON, an XML answer was a 500."""
        spec = operation.response_for(base.status)
        media = spec.content.get(base.media_type or "") if spec else None
        json_media = spec.json_media() if spec else None
        if json_media is None and spec is not None and base.body:
            written = _in_its_own_type(spec, base, decision)
            if written is not None:
                return written
        if media is None or not base.body:
            return None
        if json_media is None or not holds_data(media.name):
            return _placed_as_text(media, decision)
        source = base if media is json_media else in_json(json_media.name)
        if not source.body:
            return None
        # shared by every request answered from the same static answer (the factory caches those): `_decided` copies
        generated = self._parsed_answers.get_or_build((source.body,), lambda: json.loads(source.body))
        answer = _decided(generated, decision, json_media.schema)
        return dump_json(answer) if media is json_media else serialise(answer, media)

    # ------------------------------------------------------------ admin views

    def describe(self) -> list[dict[str, Any]]:
        active = self._active
        out = []
        for name, scenario in sorted(self.scenarios.items()):
            activation = active.get(name)
            out.append(
                {
                    "name": name,
                    "description": scenario.description,
                    "active": activation is not None,
                    "priority": scenario.priority,
                    "file": scenario.file,
                    "line": scenario.line,
                    "rules": len(scenario.raw_rules),
                    "settings": {**scenario.settings, **(activation.settings if activation else {})},
                    "spec_deviation": scenario.spec_deviation,
                }
            )
        return out

    def state(self, namespace: str | None = None) -> dict[str, Any]:
        names = (namespace,) if namespace else STATE_NAMESPACES
        return {name: NAMESPACES[name].admin_view(self.store.snapshot(name)) for name in names}


def _in_its_own_type(spec: ResponseSpec, base: MockResponse, decision: Decision) -> bytes | None:
    """The overrides and placements made to an answer that declares no JSON but holds records in another type
    (`record_media`): one written as JSON under `*/*` (Salesloft's every answer) or `application/octet-stream`
    (n-auth's created server), or in XML (an XML-only API), read back in the type it was written in; None where it
    was written in none of them."""
    written = base.media_type or ""
    declared = find_media(spec.content, written)
    if declared is None or declared is not record_media(spec):
        return None
    schema = declared.schema
    if is_xml(written):
        generated = parse_xml(base.body, schema, cast_scalar)
    elif is_json_media(written) or not holds_data(written):
        # `serialise` writes an object in a type that holds no data (`*/*`, `application/octet-stream`) as JSON text
        try:
            generated = json.loads(base.body)
        except ValueError:
            return None
    else:
        return None
    return serialise(_decided(generated, decision, schema), replace(declared, name=written))


def _decided(generated: Any, decision: Decision, schema: Any) -> Any:
    """The static answer `generated` with the decision's overrides (a task's by its type) and placements, repaired
    to its `schema`. `generated` is shared by every request answered from the same static answer: nothing here
    changes it in place (deep_merge, place, repair and without_write_only build new containers)."""
    body = deep_merge_all(generated, decision.overrides)
    for by_type in decision.task_overrides:
        results = body.get("data") if isinstance(body, dict) else None
        if isinstance(results, list):
            body = {
                **body,
                "data": [
                    deep_merge(r, by_type[r["taskType"]]) if isinstance(r, dict) and r.get("taskType") in by_type else r
                    for r in results
                ],
            }
    for path, value in sorted(decision.placements.items(), key=lambda item: len(item[0])):
        body = place(body, path, _fit_nullable(value, at_path(schema, path) if path else schema))
    # judged as an answer is (`answer_back_view`): a page number asked beyond int64 fits the request's `page`, not
    # the answer's int64 `meta.page` (DigitalOcean's lists)
    return without_write_only(repair(body, generated, answer_back_view(schema) if schema else schema), schema)


def _placed_as_text(media: MediaType, decision: Decision) -> bytes | None:
    """A text answer (`text/plain`) holds no fields to override: only a scalar the decision places whole, the new id a
    create answers bare (SIGNL4's webhooks), and only where the answer's schema takes it."""
    placed = decision.placements.get("", MISSING)
    if placed is MISSING or isinstance(placed, (dict, list)) or decision.overrides or decision.task_overrides:
        return None
    return serialise(placed, media) if not media.schema or is_valid(media.schema, placed) else None


def _request_facts(
    operation: Operation, validated: ValidatedRequest, headers: dict[str, str], full_path: str, generated: Any = None
) -> RequestFacts:
    return RequestFacts(
        api=operation.api,
        operation_id=operation.operation_id,
        method=operation.method,
        path=full_path,
        path_params=validated.path_params,
        query=validated.query,
        headers=headers,
        body=validated.body,
        credential=validated.credential,
        generated=generated,
    )


def inferred_rules(
    scenario: Scenario,
    written: tuple[Rule, ...],
    apis: dict[str, Api],
    resources: dict[str, tuple[Resource, ...]],
    options: CrudOptions,
    written_elsewhere: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[Rule, ...]:
    """The hand-written rules (seeding their collection when it is an inferred one), then one rule per
    operation of each inferred resource that no hand-written rule answers. A job that other operations make is left
    to the scenarios that name its reads or the writes making it (`written_elsewhere`, as (api, operationId)):
    AERIOX's jobs are its `job-lifecycle` scenario's, kept by the jobs effect."""
    claimed = {key for rule in written for key in rule.operations}
    resources = {
        api: tuple(kept for resource in found if (kept := _without_jobs_written_elsewhere(resource, written_elsewhere)))
        for api, found in resources.items()
    }
    by_collection = {r.collection: r for found in resources.values() for r in found}
    operations = {name: {o.operation_id: o for o in api.operations} for name, api in apis.items()}
    realisms = {name: _realism(api, options) for name, api in apis.items()}
    # Whether a caller of the API can present a credential at all: without one, every record is the
    # anonymous caller's, and a read without a credential need not look through other callers' records.
    credentials = {
        name: any(any(alternative) for o in api.operations for alternative in o.security) for name, api in apis.items()
    }
    out = []
    for rule in written:
        resource = by_collection.get(str(rule.params.get("collection", "")))
        if rule.effect and rule.effect.startswith("resource.") and resource is not None:
            extra = {
                "inferred": resource,
                "options": options,
                "operations": operations[resource.api],
                "credentials": credentials[resource.api],
            }
            rule = replace(rule, params={**rule.params, **extra})
        out.append(rule)
    # a document's own rules come before the resources', and before them the check that the record a document
    # hangs off is there (LakeFS' `/auth/groups/{groupId}/acl` was read back after its group was deleted)
    documents = singleton_rules(scenario, apis, resources, claimed)
    document_ids = {key for rule in documents for key in rule.operations}
    guards: list[Rule] = []
    inferred: list[Rule] = []
    kept_by_resources: dict[str, set[str]] = {}  # per API, the operation ids hand-written and resource rules answer
    for api, found in resources.items():
        names = {r.name: r for r in found}
        nested: dict[str, dict[str, Resource]] = {}
        for resource in found:
            if resource.parent is not None:
                nested.setdefault(resource.parent, {})[resource.name] = resource
        shared = {
            "options": options,
            "operations": operations[api],
            "credentials": credentials[api],
            "realism": realisms[api],
        }
        crud_rule = functools.partial(_crud_rule, scenario, api, names, nested, shared)
        below = operations_below(apis[api], found, set())  # operation id -> the resource whose record it is about
        guards.extend(
            crud_rule(resource, BELOW, operation_id)
            for operation_id, resource in below.items()
            if (api, operation_id) in document_ids
        )
        made = [
            crud_rule(resource, role, operation_id)
            for resource in found
            for role, ids in resource.operations.items()
            for operation_id in ids
            if (api, operation_id) not in claimed and _answers_a_deed(operations[api][operation_id])
        ]
        inferred.extend(made)
        # then each operation below a record's path that no rule answers (`GET /statuses/{id}/context`)
        taken = {operation_id for key_api, operation_id in claimed if key_api == api}
        taken |= {operation_id for rule in made for _, operation_id in rule.operations}
        kept_by_resources[api] = taken
        inferred.extend(
            crud_rule(resource, BELOW, operation_id)
            for operation_id, resource in below.items()
            if operation_id not in taken
        )
        # last, the jobs each write makes besides what its own rules do (`Resource.spawned_by`): answered after them,
        # and not at all where they refuse it
        makers = {
            operation_id: resource
            for resource in found
            for role, ids in resource.operations.items()
            if role not in (LIST, GET, COUNT)
            for operation_id in ids
        }
        inferred.extend(
            crud_rule(job, SPAWN, operation_id, made_by=makers.get(operation_id))
            for job in found
            for operation_id in job.spawned_by
            if (api, operation_id) not in claimed and _answers_a_deed(operations[api][operation_id])
        )
    # the records nothing above keeps but their DELETE ends (`mock.spec.deletions`): their own operations after a
    # resource's guard of the record they live below, which answers first
    answered = {
        api: {*kept_by_resources.get(api, ()), *(i for key_api, i in claimed | document_ids if key_api == api)}
        for api in apis
    }
    deletions = deletion_rules(scenario, apis, answered)
    # an operation another rule answers below a deleted record is refused before that rule changes anything
    # (Ably's `PATCH /apps/{app_id}/keys/{key_id}` after `DELETE /apps/{id}`)
    before: list[Rule] = []
    after: list[Rule] = []
    for rule in deletions:
        ((api, operation_id),) = rule.operations
        (before if operation_id in answered.get(api, ()) else after).append(rule)
    out.extend([*before, *guards, *documents, *inferred, *after])
    out.extend(oauth_rules(scenario, apis, claimed))
    return tuple(out)


def deletion_rules(scenario: Scenario, apis: dict[str, Api], answered: dict[str, set[str]]) -> list[Rule]:
    """A record kept by its delete for every item path whose DELETE no other rule answers (`mock.spec.deletions`):
    read 404 once deleted, until made again."""
    out = []
    for api_name, api in apis.items():
        for item in infer_deletable_items(api, answered.get(api_name, set())):
            for role, operation_id in item.roles:
                params = {"item": item, "role": role}
                out.append(
                    _generated_rule(scenario, f"{item.path}.{role}", api_name, operation_id, "item.deleted", params)
                )
    return out


# The effects that keep jobs of their own (mock.scenario.effects.jobs), beside which no inferred job is kept.
JOB_EFFECTS = "job."


def _without_jobs_written_elsewhere(resource: Resource, written: frozenset[tuple[str, str]]) -> Resource | None:
    """The resource without the writes that make its jobs where a written scenario names them; none at all where it is
    a resource of jobs read alone (`Resource.spawned_by`) whose reads one names, or whose every maker is named."""
    if not resource.spawned_by:
        return resource
    makers = {key: where for key, where in resource.spawned_by.items() if (resource.api, key) not in written}
    reads = {(resource.api, key) for ids in resource.operations.values() for key in ids}
    if resource.source == JOBS_READ_ALONE and (reads & written or not makers):
        return None
    return resource if len(makers) == len(resource.spawned_by) else replace(resource, spawned_by=makers)


def singletons_of(api: Api, resources: Iterable[Resource], excluded: Iterable[str] = ()) -> tuple[Singleton, ...]:
    """The API's singleton documents but the current user, whom the response factory keeps (one per credential,
    found by sign-ups and sign-ins too). `excluded`: operation keys other rules answer."""
    from mock.response_generation import find_principal_schema, principal_answers

    principal = {key for key, _ in principal_answers(api, find_principal_schema(api))}
    return infer_singletons(api, resources, principal | set(excluded))


def singleton_rules(
    scenario: Scenario, apis: dict[str, Api], resources: dict[str, tuple[Resource, ...]], claimed: set[tuple[str, str]]
) -> list[Rule]:
    """A kept document for every singleton a spec describes (`mock.spec.singletons`): `/settings` read back as
    last written. The current user is left to the response factory, which keeps one per credential."""
    out = []
    for api_name, api in apis.items():
        ruled = {f"{api_name}:{operation_id}" for name, operation_id in claimed if name == api_name}
        for singleton in singletons_of(api, resources.get(api_name, ()), ruled):
            for role, operation_id in singleton.operations:
                params = {"singleton": singleton}
                name = f"{singleton.path}.{role}"
                out.append(_generated_rule(scenario, name, api_name, operation_id, "singleton.document", params))
                claimed.add((api_name, operation_id))
    return out


def _answers_a_deed(operation: Operation) -> bool:
    """Whether the operation declares an answer for a deed done: one declaring errors alone (PhotoPrism's deletes:
    401, 403, 404, 429, 500) is answered as it declares, and then does nothing: a 401 for a delete that was done
    left the frontend signed out and its record gone."""
    return success_status(operation) < 400


def _crud_rule(
    scenario: Scenario,
    api: str,
    names: dict[str, Resource],
    nested: dict[str, dict[str, Resource]],
    shared: dict[str, Any],
    resource: Resource,
    role: str,
    operation_id: str,
    made_by: Resource | None = None,
) -> Rule:
    """The rule answering one operation of an inferred resource in its `role`, through `resource.crud`; `names` are
    the API's resources by name, `nested` those under each, `shared` the parameters every such rule of the API has;
    `made_by`, for a job a write makes (SPAWN), the resource whose record that write makes itself."""
    params = {
        **shared,
        "resource": resource,
        "parent": names.get(resource.parent) if resource.parent else None,
        "nested": nested.get(resource.name, {}),  # the collections under its records, by name
        "linked": names.get(resource.linked) if resource.linked else None,
        # the resources whose ids its records hold, by field (`qualityProfileId` -> qualityprofile)
        "referents": {name: names[target] for name, target in resource.references if target in names},
        # the resources whose records its records hold as objects, by field (`Contact` -> Contacts)
        "embedded": {name: names[target] for name, target in resource.embeds if target in names},
        "role": role,
        **({"made_by": made_by} if made_by is not None else {}),
    }
    return _generated_rule(scenario, f"{resource.name}.{role}", api, operation_id, "resource.crud", params)


def _generated_rule(
    scenario: Scenario, name: str, api: str, operation_id: str, effect: str, params: dict[str, Any]
) -> Rule:
    """A rule the engine writes itself (inferred CRUD, an OAuth server): it answers one operation by running
    one effect, and stands where its scenario stands, in its file and in priority."""
    return Rule(
        scenario=scenario.name,
        name=name,
        file=scenario.file,
        line=scenario.line,
        priority=scenario.priority,
        operations=frozenset({(api, operation_id)}),
        effect=effect,
        params=params,
    )


def oauth_rules(scenario: Scenario, apis: dict[str, Api], claimed: set[tuple[str, str]]) -> list[Rule]:
    """An authorization server for every authorization-code flow a spec declares (`mock.spec.oauth`):
    its authorize operation issues codes and its token operation exchanges only those, each once."""
    out = []
    for api_name, api in apis.items():
        for flow in authorization_code_flows(api):
            for effect, operation_id in (("oauth.authorize", flow.authorize), ("oauth.token", flow.token)):
                if operation_id is None or (api_name, operation_id) in claimed:
                    continue
                out.append(
                    _generated_rule(
                        scenario, f"{flow.scheme}.{effect.split('.')[1]}", api_name, operation_id, effect, {}
                    )
                )
                claimed.add((api_name, operation_id))
    return out


def _realism(api: Api, options: CrudOptions) -> Realism:
    """The API's field rules, so seeded and created records look like the static mock's answers."""
    try:
        return realism_for(api.document, options.datetime_precision)
    except FieldRuleError:
        return DEFAULT_REALISM  # the response factory reports the bad rule and stops start-up


def _fit_nullable(value: Any, schema: Any) -> Any:
    """A `None` placed where the schema has no room for null: the key is left out (a last page's next cursor)."""
    if value is None and isinstance(schema, dict) and not is_valid(schema, None):
        return DELETE
    return value


def _success(operation: Operation) -> int:
    from mock.response_generation import success_status

    return success_status(operation)


class OperationRules(NamedTuple):
    """An operation's rules in the order they are tried, and what `answer` asks of them as a whole, worked out
    once when they are indexed rather than on every request."""

    rules: tuple[Rule, ...]
    stateful: bool  # one of them keeps state: the decision runs in a store transaction
    cacheable: bool  # all of them are: the same request gets the same answer
    makes_records: bool  # one of them makes a record out of the static answer (an inferred create or upsert)

    @classmethod
    def of(cls, rules: tuple[Rule, ...]) -> OperationRules:
        return cls(
            rules,
            stateful=any(rule.stateful for rule in rules),
            cacheable=all(rule.cacheable for rule in rules),
            makes_records=any(
                (rule.effect == "resource.crud" and rule.params.get("role") in RECORD_MAKING_ROLES)
                or rule.effect == "singleton.document"  # a document is kept as first answered
                # a create whose answer names a record deleted before makes it again
                or (rule.effect == "item.deleted" and rule.params.get("role") == CREATES)
                for rule in rules
            ),
        )


def _index(activations: list[Activation]) -> dict[tuple[str, str], OperationRules]:
    """Rules by (api, operationId): higher priority first, then activation order, then file order."""
    buckets: dict[tuple[str, str], list[tuple[int, int, int, Rule]]] = {}
    for activation in activations:
        for position, rule in enumerate(activation.rules):
            for key in rule.operations:
                buckets.setdefault(key, []).append((-rule.priority, activation.order, position, rule))
    return {
        key: OperationRules.of(tuple(item[3] for item in sorted(entries, key=lambda e: e[:3])))
        for key, entries in buckets.items()
    }


__all__ = ["DEFAULT_SCENARIOS", "ScenarioEngine", "ScenarioError", "UnknownScenario"]
