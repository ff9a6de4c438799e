"""The scenario path's shortcuts give exactly what the computations they replace give.

Each reference below is the code as it was before the shortcut (or the library call it stands for),
and hypothesis looks for a value on which the two differ.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mock.response_generation import dump_json
from mock.scenario.effects.jobs import uuid4_text, view
from mock.scenario.effects.resources import RECORD_MAKING_ROLES
from mock.scenario.effects.wallet import FORWARD_SEQ, MICROS, credits, folded, usd
from mock.scenario.engine import DEFAULT_SCENARIOS, ScenarioEngine
from mock.scenario.model import DELETE, MISSING, Respond, deep_merge, deep_merge_all
from mock.scenario.store import Delete, Mutation, Put, _copy
from mock.scenario.templates import compile_template, compiled, lookup, render
from mock.spec import load_apis

EXAMPLES = settings(max_examples=300, deadline=None, database=None)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)


# ---------------------------------------------------------------- the store's copies


def reference_copy(value: Any) -> Any:
    """The store's copy before the shortcut for entries that hold no container."""
    if isinstance(value, dict):
        return {k: reference_copy(v) if isinstance(v, (dict, list)) else v for k, v in value.items()}
    if isinstance(value, list):
        return [reference_copy(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


def containers(value: Any) -> list[Any]:
    found = [value] if isinstance(value, (dict, list)) else []
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        found += containers(item)
    return found


class Mapping(dict[str, Any]):
    pass


class Sequence(list[Any]):
    pass


@EXAMPLES
@given(json_values)
def test_a_copy_equals_the_reference_copy_and_shares_no_container(value: Any) -> None:
    copied = _copy(value)
    assert repr(copied) == repr(reference_copy(value))  # repr tells True from 1 and 1.0
    assert {id(c) for c in containers(copied)}.isdisjoint(id(c) for c in containers(value))


def test_subclassed_containers_are_copied_into_plain_ones_as_before() -> None:
    value = Mapping(a=Sequence([1, Mapping(b=2)]), c=3)
    copied = _copy(value)
    assert type(copied) is dict and type(copied["a"]) is list and type(copied["a"][1]) is dict
    assert copied == reference_copy(value)
    copied["a"][1]["b"] = 99
    assert value["a"][1]["b"] == 2


# ---------------------------------------------------------------- bodies


@EXAMPLES
@given(st.one_of(json_values, st.floats(), st.dictionaries(st.integers() | st.booleans(), scalars, max_size=3)))
@example({"big": 2**70, "inf": [float("inf"), float("nan")]})  # orjson refuses the integer: the fallback writes it
def test_dump_json_writes_what_json_dumps_writes_compact_and_unescaped(value: Any) -> None:
    text = dump_json(value).decode()
    reference = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if not all_finite(value):  # `json.dumps` writes NaN and Infinity, which no JSON reader need accept: null
        assert json.loads(text, parse_constant=refuse) == nulled(value)
        return
    assert repr(json.loads(text)) == repr(json.loads(reference))  # the same value, repr telling 1 from 1.0
    # the same text but for how a number is spelled (`1e-07` may be `1e-7`, `6.1e-05` `0.000061`)
    assert NUMBER.sub("0", text) == NUMBER.sub("0", reference)


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def all_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(map(all_finite, value.values()))
    return all(map(all_finite, value)) if isinstance(value, list) else True


def nulled(value: Any) -> Any:
    """`value` as JSON holds it, NaN and the infinities as null (keys written as text)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {next(iter(json.loads(json.dumps({key: 0})))): nulled(item) for key, item in value.items()}
    return [nulled(item) for item in value] if isinstance(value, list) else value


def refuse(constant: str) -> Any:
    raise AssertionError(f"{constant} written: not JSON")


def reference_merge(base: Any, override: Any) -> Any:
    """deep_merge before mappings and other values took separate branches."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            if value is DELETE:
                merged.pop(key, None)
            else:
                merged[key] = reference_merge(base.get(key, MISSING), value) if key in base else value
        return merged
    return override


overrides = st.recursive(
    st.one_of(scalars, st.just(DELETE)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abcd"), inner, max_size=4),
    max_leaves=12,
)
bases = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abcd"), inner, max_size=4),
    max_leaves=12,
)


@EXAMPLES
@given(bases, overrides)
def test_deep_merge_equals_the_reference_merge(base: Any, override: Any) -> None:
    assert repr(deep_merge(base, override)) == repr(reference_merge(base, override))


@EXAMPLES
@given(bases, st.lists(overrides, max_size=3))
@example({"a": {"x": 1}}, [{"a": DELETE}, {"a": {"y": 2}}])  # a key the first removes, the second puts back
@example({}, [{"b": {"x": 1}}, {"b": {"y": 2}}])  # a mapping the first adds, the second merges into
def test_merging_several_overrides_at_once_equals_merging_them_in_turn(base: Any, several: list[Any]) -> None:
    expected = base
    for override in several:
        expected = deep_merge(expected, override)
    assert repr(deep_merge_all(base, several)) == repr(expected)


@EXAMPLES
@given(st.dictionaries(st.sampled_from("abcd"), bases, max_size=4), st.lists(overrides, max_size=3))
def test_merging_into_a_mapping_changes_none_of_its_values(base: dict[str, Any], several: list[Any]) -> None:
    before = repr(base)
    deep_merge_all(base, [override for override in several if isinstance(override, dict)])
    assert repr(base) == before


# ---------------------------------------------------------------- templates

# Expressions over the context below: found, missing, null, indexed, with fallbacks, `delete`.
expressions = st.sampled_from(
    [
        "job.id",
        "job.status",
        "job.output_urls",
        "job.output_urls.0",
        "job.output_urls.9",
        "job.error",
        "job.error ?? delete",
        "job.missing ?? 5",
        'job.missing ?? {"a": [1]}',  # text: a brace ends a whole expression's match
        "job.missing ?? [1, 2]",
        'job.error ?? "none"',
        "missing.deeper",
        "charge.usd",
        " charge.usd ",
        "call",
        "now",
        "delete",
        "request.body.prompt",
        "items.1",
        "items.x",
        "now.x",
        "counts.z",
        "counts.seen",
        "job.nope",
    ]
)
texts = st.text(alphabet="ab ${}?.", max_size=6)
template_strings = st.one_of(
    texts,
    expressions.map(lambda e: "${" + e + "}"),
    st.lists(st.one_of(texts, expressions.map(lambda e: "${" + e + "}")), min_size=1, max_size=4).map("".join),
    expressions.map(lambda e: "${" + e + "}\n"),  # `$` also matches before a last newline
)
templates = st.recursive(
    st.one_of(template_strings, scalars),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=16,
)
CONTEXT = {
    "job": {
        "id": "j-1",
        "status": "queued",
        "output_urls": ["https://cdn/1.png", "https://cdn/2.png"],
        "error": None,
    },
    "charge": {"usd": 0.04},
    "call": 3,
    "now": "2026-12-02T01:00:00Z",
    "request": {"body": {"prompt": "a fox"}},
    "items": ["a", "b"],
    "counts": defaultdict(int, seen=2),  # a mapping that answers any key: only the keys it holds are found
}


@EXAMPLES
@given(templates)
@example("${a??}")  # hypothesis found it: an empty fallback was parsed as JSON, and failed in both
@example("${job.missing ?? none}")
@example(  # runs of paths under one head (a plain dict, a list, a defaultdict), broken by other values
    {
        "a": "${job.id}",
        "b": "${job.nope}",
        "c": "${job.error}",
        "d": "${items.1}",
        "e": "${items.x}",
        "f": "${counts.seen}",
        "g": "${counts.z}",
        "h": "${job.status ?? delete}",
        "i": "${job.status}",
    }
)
def test_a_compiled_template_renders_what_render_renders(template: Any) -> None:
    assert repr(compile_template(template)(CONTEXT)) == repr(render(template, CONTEXT))


@EXAMPLES
@given(expressions.filter(lambda e: "{" not in e))  # a brace inside makes `${…}` text, not an expression
def test_a_compiled_expression_finds_what_lookup_finds(expression: str) -> None:
    assert repr(compile_template("${" + expression + "}")(CONTEXT)) == repr(lookup(CONTEXT, expression))


def test_a_compiled_template_builds_new_containers_and_never_shares_a_fallback() -> None:
    template = {"a": {"b": ["${job.id}", 1]}, "fallback": "${job.missing ?? [1]}", "gone": "${job.nope}"}
    fill = compiled(template)
    assert fill is compiled(template)  # compiled once per template
    first, second = fill(CONTEXT), fill(CONTEXT)
    assert first == {"a": {"b": ["j-1", 1]}, "fallback": [1]} == second
    assert first["a"] is not template["a"] and first["a"]["b"] is not template["a"]["b"]
    first["fallback"].append(2)
    assert second["fallback"] == [1] and fill(CONTEXT)["fallback"] == [1]
    assert compiled("${job.status} and ${job.missing}")(CONTEXT) == "queued and "
    assert compiled("${delete}")(CONTEXT) is DELETE


# ---------------------------------------------------------------- the ledger's retention


def reference_folded(state: LedgerView, keep: int) -> list[Mutation]:
    """wallet.folded before it counted each wallet's entries before grouping them."""
    by_wallet: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for key, entry in state.items("ledger"):
        by_wallet.setdefault(key.rsplit("|", 1)[0], []).append((key, entry))
    changes: list[Mutation] = []
    for wallet_key, entries in by_wallet.items():
        forward_key = f"{wallet_key}|{FORWARD_SEQ}"
        history = [(key, entry) for key, entry in entries if key != forward_key]
        if len(history) <= keep:
            continue
        old = history[: len(history) - keep]
        forward = dict(entries[0][1]) if entries[0][0] == forward_key else None
        carried = sum(int(entry["amount_micros"]) for _, entry in old) + int((forward or {}).get("amount_micros", 0))
        last = old[-1][1]
        changes += [Delete("ledger", key) for key, _ in old]
        changes.append(
            Put(
                "ledger",
                forward_key,
                {
                    "id": f"txn_{0:06d}",
                    "type": "balance_forward",
                    "amount_usd": usd(carried),
                    "amount_micros": carried,
                    "balance_after_usd": last["balance_after_usd"],
                    "currency": last["currency"],
                    "description": f"Balance brought forward: older entries up to {last['id']} folded by retention",
                    "created_at": last["created_at"],
                },
            )
        )
    return changes


class LedgerView:
    def __init__(self, entries: dict[str, Any]) -> None:
        self._entries = entries

    def get(self, namespace: str, key: str, default: Any = None) -> Any:
        return self._entries.get(key, default) if namespace == "ledger" else default

    def items(self, namespace: str, prefix: str = "", shared: bool = False) -> list[tuple[str, Any]]:
        found = self._entries.items() if namespace == "ledger" else ()
        return sorted((key, value) for key, value in found if key.startswith(prefix))

    def keys(self, namespace: str, prefix: str = "") -> list[str]:
        return [key for key, _ in self.items(namespace, prefix)]

    def get_many(self, namespace: str, keys: list[str]) -> dict[str, Any]:
        return {key: self._entries[key] for key in keys if namespace == "ledger" and key in self._entries}


def ledger_entry(seq: int, amount: int) -> dict[str, Any]:
    return {
        "id": f"txn_{seq:06d}",
        "amount_micros": amount,
        "balance_after_usd": usd(amount),
        "currency": "USD",
        "created_at": "2026-12-02T01:00:00Z",
    }


# Wallet keys as wallet_key makes them, a credential holding the separator among them.
wallets_and_lengths = st.dictionaries(
    st.sampled_from(["api:a", "api:b", "api:a|b", "api:*", "api:a|000000001"]),
    st.tuples(st.integers(0, 12), st.booleans()),  # entries, and whether a forward entry is kept
    max_size=4,
)


@EXAMPLES
@given(wallets_and_lengths, st.integers(1, 6))
def test_folding_the_ledger_changes_what_the_reference_fold_changes(
    wallets: dict[str, tuple[int, bool]], keep: int
) -> None:
    entries: dict[str, Any] = {}
    for wallet, (count, forward) in wallets.items():
        if forward:
            entries[f"{wallet}|{FORWARD_SEQ}"] = ledger_entry(0, 7)
        for seq in range(1, count + 1):
            entries[f"{wallet}|{seq:09d}"] = ledger_entry(seq, seq * 10)
    view = LedgerView(entries)
    assert folded(view, keep) == reference_folded(view, keep)


def test_an_answers_templates_are_compiled_once_and_render_as_render_does() -> None:
    override = {"job_id": "${job.id}", "urls": "${job.output_urls}", "note": "at ${now}", "gone": "${job.nope}"}
    respond = Respond(override=override, problem={"message": "${job.status}"})
    assert respond.fill is respond.fill
    assert repr(respond.fill.override(CONTEXT)) == repr(render(override, CONTEXT))
    assert respond.fill.problem(CONTEXT) == {"message": "queued"}


# ---------------------------------------------------------------- a job as templates see it


def reference_view_fields(job: dict[str, Any]) -> dict[str, Any]:
    """The fields jobs.view kept before it copied the job and deleted the hidden ones."""
    hidden = (
        "key",
        "wallet_key",
        "reservation_micros",
        "queued",
        "running",
        "advance",
        "output_base",
        "callback_name",
        "callback_operation",
    )
    return {k: v for k, v in job.items() if k not in hidden}


job_fields = st.sampled_from(
    ["key", "id", "wallet_key", "status", "queued", "running", "model", "output_base", "callback_name", "prompt"]
)


@EXAMPLES
@given(st.dictionaries(job_fields, scalars, max_size=10), st.sampled_from(["queued", "completed", "failed"]))
def test_a_jobs_view_keeps_the_fields_and_order_the_reference_keeps(job: dict[str, Any], status: str) -> None:
    job = {**job, "status": status, "progress_pct": 50}
    seen = view(job)
    expected = reference_view_fields(job)
    assert list(seen)[: len(expected)] == list(expected)
    assert {k: seen[k] for k in expected} == expected
    assert set(seen) - set(expected) == {"status_word", "error_message", "error_envelope"}


# ---------------------------------------------------------------- money and ids


def reference_usd(micros: float) -> float:
    """wallet.usd before the quotient shortcut."""
    return round(micros / MICROS, 6)


@EXAMPLES
@given(
    st.one_of(
        st.integers(-(10**7), 10**7),  # a few dollars: charges, refunds, the trial credit
        st.integers(-(2**33) * MICROS, 2**33 * MICROS),  # up to and past where the shortcut stops
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),  # never a ledger amount, but usd accepts one
    )
)
@example(2**32 * MICROS - 1)
@example(2**32 * MICROS)
@example(0.5)  # half a micro-dollar: rounding to six decimals gives 0.0, the quotient does not
def test_an_amount_in_dollars_is_what_rounding_to_six_decimals_gives(micros: float) -> None:
    assert repr(usd(micros)) == repr(reference_usd(micros))  # repr tells 0.0 from -0.0


def reference_credits(micros: float) -> float:
    """What charges and estimates gave as credits before the quotient shortcut."""
    return round(micros / 10_000, 2)


@EXAMPLES
@given(
    st.one_of(
        st.integers(-(10**7), 10**7).map(lambda n: n * 100),  # whole credit cents: the shortcut's case
        st.integers(-(10**7), 10**7),  # and amounts between them, which are rounded
        st.integers(-(2**33) * MICROS, 2**33 * MICROS),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
    )
)
@example(40_000)  # the bench's image: four credits
@example(40_050)  # half a hundredth of a credit: the double below 4.005 rounds down
def test_an_amount_in_credits_is_what_rounding_to_two_decimals_gives(micros: float) -> None:
    assert repr(credits(micros)) == repr(reference_credits(micros))


@EXAMPLES
@given(st.binary(min_size=16, max_size=16))
def test_a_job_id_reads_as_the_uuid_module_writes_it(digest: bytes) -> None:
    assert uuid4_text(digest) == str(uuid.UUID(bytes=digest, version=4))


# ---------------------------------------------------------------- what answer asks of an operation's rules

REPO = Path(__file__).resolve().parents[3]


def test_an_operations_rules_say_what_answer_asked_of_each_rule_on_every_request() -> None:
    apis = load_apis(REPO / "specs")
    engine = ScenarioEngine.load(apis, REPO / "scenarios")
    engine.start(list(DEFAULT_SCENARIOS))
    every_scenario = ",".join(sorted(engine.scenarios))
    flags = set()
    for api in apis.values():
        for operation in api.operations:
            for header in (None, every_scenario):  # indexed once, and indexed for one request
                found = engine.rules_for(api.name, operation.operation_id, header)
                if found is None:
                    continue
                rules = found.rules
                assert found.stateful == any(rule.stateful for rule in rules)
                assert found.cacheable == all(rule.cacheable for rule in rules)
                assert found.makes_records == any(
                    rule.effect == "resource.crud" and rule.params.get("role") in RECORD_MAKING_ROLES for rule in rules
                )
                flags.add(found[1:])
    assert len(flags) >= 3  # the bundled scenarios' operations differ in what their rules need


@pytest.mark.parametrize(
    ("template", "rendered"),
    [("${job.missing ?? none}", "none"), ("${job.missing ??}", ""), ("${job.missing ?? 0}", 0), ("${call ?? x}", 3)],
)
def test_a_fallback_that_is_not_json_is_the_text_written(template: str, rendered: Any) -> None:
    assert render(template, CONTEXT) == rendered
    assert compile_template(template)(CONTEXT) == rendered
