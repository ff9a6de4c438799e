"""The pure parts of the scenario engine: loading errors, matching and decisions, bucket math, job states, the store."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mock.scenario.compiling import check_all, compile_scenario
from mock.scenario.decision import decide, entries_read_first
from mock.scenario.effects.jobs import RECENT, advance, phase_at
from mock.scenario.effects.rate_limit import take
from mock.scenario.loading import ScenarioError, load_scenarios, read_file
from mock.scenario.model import CallTest, RequestFacts, deep_merge
from mock.scenario.store import Put, StateStore
from mock.scenario.templates import render
from mock.spec import load_apis

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def apis():
    return load_apis(REPO / "specs")


def write(tmp_path: Path, text: str, name: str = "test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def compile_text(tmp_path: Path, apis, text: str, settings=None):
    scenarios, _ = read_file(write(tmp_path, text))
    return compile_scenario(scenarios[0], apis, settings)


def op(apis, api: str, operation_id: str):
    return next(o for o in apis[api].operations if o.operation_id == operation_id)


def facts(
    api="aeriox", operation_id="generateImage", body=None, headers=None, query=None, path_params=None, credential="k"
):
    return RequestFacts(
        api, operation_id, "POST", "/x", path_params or {}, query or {}, headers or {}, body, credential
    )


class Empty:
    def get(self, namespace, key, default=None):
        return default

    def items(self, namespace, prefix="", shared=False):
        return []


# ---------------------------------------------------------------- loading errors: file:line: problem


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (
            "scenarios:\n  - name: x\n    rules:\n      - match: {api: aeriox}\n        respnd: {status: 402}\n",
            5,
            "unknown key 'respnd'",
        ),
        ("scenarios:\n  - name: Bad_Name\n    rules:\n      - match: {}\n", 2, "does not match"),
        (
            "scenarios:\n  - name: x\n    rules:\n      - match: {}\n        respond:\n          status: 99\n",
            6,
            "status",
        ),
        ("scenarios:\n  - name: x\n    rules:\n      - match: {}\n        fault: explode\n", 5, "explode"),
        ("scenarios:\n  - name: x\n    rules: []\n", 3, "rules"),
        ("scenarios:\n  - name: x\n    rules:\n      - match: {api: [aeriox\n", 5, "invalid YAML"),
        ("scenarios:\n  - name: x\n    rules:\n      - respond: {status: 200}\n", 4, "'match' is a required property"),
    ],
)
def test_shape_errors_point_at_the_line(tmp_path, text, line, fragment):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        read_file(path)
    assert caught.value.line == line, str(caught.value)
    assert fragment in caught.value.problem
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (
            "scenarios:\n  - name: x\n    rules:\n      - match:\n          api: aeriox\n"
            "          operation: generateImag\n",
            6,
            "unknown operation 'generateImag'",
        ),
        ("scenarios:\n  - name: x\n    rules:\n      - match: {api: nope}\n", 4, "unknown API 'nope'"),
        (
            "scenarios:\n  - name: x\n    rules:\n"
            "      - match: {api: aeriox, operation: getMe}\n        effect: wallet.spend\n",
            5,
            "unknown effect",
        ),
        (
            "scenarios:\n  - name: x\n    rules:\n"
            "      - match: {api: aeriox, operation: getMe}\n        effect: rate_limit\n"
            "        with:\n          limit: 0\n",
            7,
            "limit",
        ),
        (
            "scenarios:\n  - name: x\n    rules:\n"
            "      - match: {api: aeriox, operation: getMe}\n        respond:\n"
            "          status: 429\n",
            6,
            "does not declare status 429",
        ),
        (
            "scenarios:\n  - name: x\n    rules:\n"
            "      - match: {api: aeriox, operation: getMe}\n"
            "        respond: {override: {a: '${jb.id}'}}\n",
            4,
            "unknown template variable",
        ),
    ],
)
def test_meaning_errors_point_at_the_line(tmp_path, apis, text, line, fragment):
    with pytest.raises(ScenarioError) as caught:
        compile_text(tmp_path, apis, text)
    assert caught.value.line == line, str(caught.value)
    assert fragment in caught.value.problem


def test_spec_deviation_allows_undeclared_statuses(tmp_path, apis):
    rules = compile_text(
        tmp_path,
        apis,
        "scenarios:\n  - name: x\n    spec_deviation: on purpose\n    rules:\n"
        "      - match: {api: aeriox, operation: getMe}\n        respond: {status: 429}\n",
    )
    assert rules[0].deviates and rules[0].operations == {("aeriox", "getMe")}


def test_wildcard_rules_skip_operations_that_do_not_declare_the_status(tmp_path, apis):
    rules = compile_text(
        tmp_path,
        apis,
        "scenarios:\n  - name: x\n    rules:\n      - match: {api: aeriox}\n        respond: {status: 402}\n",
    )
    assert ("aeriox", "generateImage") in rules[0].operations and ("aeriox", "getMe") not in rules[0].operations


def test_duplicate_names_and_unknown_settings(tmp_path, apis):
    write(tmp_path, "scenarios:\n  - name: x\n    rules:\n      - match: {}\n", "a.yaml")
    write(tmp_path, "scenarios:\n  - name: x\n    rules:\n      - match: {}\n", "b.yaml")
    with pytest.raises(ScenarioError, match="already defined"):
        load_scenarios(tmp_path)
    _, problems = check_all(tmp_path, apis)
    assert len(problems) == 1 and problems[0].line == 2
    scenario = read_file(tmp_path / "a.yaml")[0][0]
    with pytest.raises(ScenarioError, match="no setting 'limit'"):
        compile_scenario(scenario, apis, {"limit": 3})


def test_shipped_scenarios_all_compile(apis):
    scenarios, problems = check_all(REPO / "scenarios", apis)
    assert not problems, [str(p) for p in problems]
    assert {"wallet", "insufficient-funds", "rate-limit", "job-lifecycle", "stateful", "faults"} <= set(scenarios)


# ---------------------------------------------------------------- matching and decisions

RULES = """\
scenarios:
  - name: demo
    rules:
      - name: vip
        match: {api: aeriox, operation: generateImage, headers: {X-Tier: vip}, body: {prompt: {contains: fast}}}
        headers: {x-lane: priority}
      - name: third
        match: {api: aeriox, operation: generateImage, calls: 3}
        respond: {status: 422, problem: {code: prompt_blocked, message: "blocked: ${request.body.prompt}"}}
      - name: after-five
        match: {api: aeriox, operation: generateImage, calls: {after: 5}}
        respond: {status: 402}
      - name: model
        match: {api: aeriox, operation: generateImage, body: {model: {in: [a, b]}}}
        respond: {override: {status: running, progress_pct: "${call}"}}
"""


def test_decide_matches_headers_body_and_call_counts(tmp_path, apis):
    rules = compile_text(tmp_path, apis, RULES)
    operation = op(apis, "aeriox", "generateImage")
    vip = decide(
        rules, Empty(), operation, facts(body={"prompt": "go fast", "model": "z"}, headers={"x-tier": "vip"}), 1, 0.0
    )
    assert vip.headers == {"x-lane": "priority"} and vip.rules == ["demo/vip"] and vip.problem is None
    third = decide(rules, Empty(), operation, facts(body={"prompt": "p", "model": "z"}), 3, 0.0)
    assert (
        third.problem.status == 422 and third.problem.code == "prompt_blocked" and third.problem.message == "blocked: p"
    )
    assert [decide(rules, Empty(), operation, facts(body={"model": "z"}), n, 0.0).acted for n in (4, 5, 6, 9)] == [
        False,
        False,
        True,
        True,
    ]
    model = decide(rules, Empty(), operation, facts(body={"model": "b"}), 2, 0.0)
    assert model.overrides == [{"status": "running", "progress_pct": 2}] and not model.terminal


def test_sequences_and_wiremock_states(tmp_path, apis):
    rules = compile_text(
        tmp_path,
        apis,
        """\
scenarios:
  - name: flaky
    spec_deviation: test
    rules:
      - match: {api: aeriox, operation: getMe}
        sequence: [{status: 429}, {status: 429}, {status: 200}]
      - match: {api: aeriox, operation: getWallet}
        required_state: Started
        new_state: Drained
        respond: {override: {balance: {usd: 1}}}
      - match: {api: aeriox, operation: getWallet}
        required_state: Drained
        respond: {status: 400}
""",
    )
    store = StateStore.open()
    me, wallet = op(apis, "aeriox", "getMe"), op(apis, "aeriox", "getWallet")

    def run(operation):
        with store.transaction() as tx:
            decision = decide(rules, tx, operation, facts(operation_id=operation.operation_id), 1, 0.0)
            tx.apply(decision.mutations)
        return decision

    assert [run(me).status for _ in range(4)] == [429, 429, 200, 200]
    first, second = run(wallet), run(wallet)
    assert first.overrides == [{"balance": {"usd": 1}}] and second.status == 400


def test_higher_priority_override_wins_and_errors_stop(tmp_path, apis):
    text = """\
scenarios:
  - name: low
    priority: 1
    rules:
      - match: {api: aeriox, operation: generateImage}
        respond: {override: {status: queued, type: image}}
  - name: high
    priority: 9
    rules:
      - match: {api: aeriox, operation: generateImage}
        respond: {override: {status: failed}}
"""
    scenarios, _ = read_file(write(tmp_path, text))
    rules = tuple(
        sorted(compile_scenario(scenarios[0], apis) + compile_scenario(scenarios[1], apis), key=lambda r: -r.priority)
    )
    decision = decide(rules, Empty(), op(apis, "aeriox", "generateImage"), facts(body={}), 1, 0.0)
    merged = {}
    for override in decision.overrides:
        merged = deep_merge(merged, override)
    assert merged == {"status": "failed", "type": "image"} and decision.scenarios == ["high", "low"]


def test_call_tests():
    assert [n for n in range(1, 25) if CallTest(every=10, burst=2).holds(n)] == [9, 10, 19, 20]
    assert [n for n in range(1, 8) if CallTest(first=2, last=4).holds(n)] == [2, 3, 4]
    assert [n for n in range(1, 8) if CallTest(after=5).holds(n)] == [6, 7]


def test_templates_keep_types_and_fall_back():
    context = {"job": {"id": "j1", "urls": ["u"], "cost": None}, "path": {"id": "p"}}
    assert render(
        {"a": "${job.urls}", "b": "id-${path.id}", "c": "${job.cost ?? 0}", "d": "${job.nothing}"}, context
    ) == {"a": ["u"], "b": "id-p", "c": 0}


# ---------------------------------------------------------------- token bucket


def test_token_bucket_math():
    first = take(None, None, limit=3, window_s=30, now=100.0)
    assert first.allowed and first.tokens == 2
    second = take(first.tokens, 100.0, 3, 30, 100.0)
    third = take(second.tokens, 100.0, 3, 30, 100.0)
    refused = take(third.tokens, 100.0, 3, 30, 100.0)
    assert (second.allowed, third.allowed, refused.allowed) == (True, True, False)
    assert refused.retry_after_s == 10 and refused.reset_s == 30
    assert not take(refused.tokens, 100.0, 3, 30, 109.9).allowed
    assert take(refused.tokens, 100.0, 3, 30, 110.0).allowed
    assert take(0.0, 0.0, 3, 30, 10_000.0).tokens == 2  # refill is capped at the limit
    assert take(0.5, 0.0, 10, 10, 0.0).retry_after_s == 1  # a partial token still means whole seconds


# ---------------------------------------------------------------- job state machine


def job(**extra):
    return {
        "id": "j",
        "key": "k",
        "status": "queued",
        "progress_pct": 0,
        "polls": 0,
        "advance": "polls",
        "queued": 1,
        "running": 2,
        "outcome": "completed",
        "created_ts": 0.0,
        "estimated_cost_usd": 0.5,
        "output_base": "https://o",
        **extra,
    }


def test_job_advances_by_polls():
    current, seen = job(), []
    for _ in range(5):
        current, reached = advance(current, 0.0, True, "t")
        seen.append((current["status"], current["progress_pct"], reached))
    assert seen == [
        ("queued", 0, None),
        ("running", 33, None),
        ("running", 67, None),
        ("completed", 100, "completed"),
        ("completed", 100, None),
    ]
    assert current["charged_cost_usd"] == 0.5 and current["output_urls"] == ["https://o/j/0.png"]


def test_job_advances_by_seconds_and_fails():
    timed = job(advance="seconds", queued=2, running=4, outcome="failed")
    assert phase_at(timed, 0, 1.0).status == "queued"
    assert phase_at(timed, 0, 4.0) == phase_at(timed, 99, 4.0) and phase_at(timed, 0, 4.0).progress_pct == 50
    failed, reached = advance(timed, 7.0, False, "t")
    assert reached == "failed" and failed["charged_cost_usd"] == 0.0 and failed["error"]["code"] == "provider_error"
    assert advance(failed, 100.0, True, "t")[1] is None  # finalised once


# ---------------------------------------------------------------- the store


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_store_transactions_lose_no_update(tmp_path, backend):
    store = StateStore.open(tmp_path / "state.db" if backend == "sqlite" else None)

    def work():
        for _ in range(50):
            with store.transaction() as tx:
                tx.put("calls", "n", tx.get("calls", "n", 0) + 1)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.snapshot("calls") == {"n": 400}
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.apply([Put("calls", "n", -1)])
        raise RuntimeError("boom")
    assert store.snapshot("calls") == {"n": 400}
    store.reset(("calls",))
    assert store.snapshot("calls") == {}


def test_the_example_in_the_docs_compiles(tmp_path, apis):
    text = (REPO / "docs" / "scenarios.md").read_text()
    example = text.split("## Writing your own", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    for scenario in read_file(write(tmp_path, example))[0]:
        assert compile_scenario(scenario, apis)


def test_absurd_quantities_cost_a_finite_amount():
    from mock.scenario.effects.wallet import MAX_COST_MICROS, cost_of

    minute = {"operation_id": "compose", "unit": "minute", "price_usd": 0.05}
    assert cost_of(minute, {"segments": [{"duration": 1e308}, {"duration": 1e308}]}, {}) == MAX_COST_MICROS
    assert (
        cost_of({"operation_id": "v", "unit": "second", "price_usd": 0.1}, {"duration_s": "x"}, {}) == MAX_COST_MICROS
    )
    assert cost_of(minute, {"segments": [{"duration": 60}]}, {}) == 50_000


def test_job_ids_read_as_the_uuid_module_writes_them() -> None:
    import hashlib
    import uuid

    from mock.scenario.effects.jobs import uuid4_text

    for n in range(300):
        digest = hashlib.blake2b(str(n).encode(), digest_size=16).digest()
        assert uuid4_text(digest) == str(uuid.UUID(bytes=digest, version=4))
    assert uuid4_text(b"\xff" * 16) == str(uuid.UUID(bytes=b"\xff" * 16, version=4))
    assert uuid4_text(b"\x00" * 16) == str(uuid.UUID(bytes=b"\x00" * 16, version=4))


@pytest.mark.parametrize(
    "timestamp",
    [0.0, 1.999, 1764547200.5, 1764547259.999999, 1764547259.9999997, 1.9999996, 1764547260.0, -0.5, -61.25],
)
def test_the_decisions_clock_reads_to_the_second_as_datetime_does(timestamp: float) -> None:
    import datetime as dt

    from mock.scenario.decision import iso

    expected = dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    assert iso(timestamp) == expected


READ_FIRST = """\
scenarios:
  - name: demo
    rules:
      - name: vip-limit
        match: {api: aeriox, operation: generateImage, body: {model: {in: [vip]}}}
        effect: rate_limit
      - name: charge
        match: {api: aeriox, operation: generateImage}
        effect: wallet.charge
        with: {kind: image}
      - name: job
        match: {api: aeriox, operation: generateImage}
        effect: job.create
        with: {kind: image, keep_unfinished: 7}
      - name: poll
        match: {api: aeriox, operation: getJob}
        effect: job.poll
"""


class Recording(Empty):
    """An empty state that notes every entry read by key, in order."""

    def __init__(self) -> None:
        self.read: list[tuple[str, str]] = []

    def get(self, namespace, key, default=None):
        self.read.append((namespace, key))
        return default


@pytest.mark.parametrize(
    ("operation_id", "body", "path_params", "count"),
    [
        ("generateImage", {"model": "fal-ai/flux/schnell", "prompt": "p"}, {}, 1),
        ("generateImage", {"model": "vip", "prompt": "p"}, {}, 23),
        ("getJob", None, {"job_id": "job-1"}, 4),
    ],
)
def test_the_entries_read_ahead_are_those_the_decision_reads_first(
    tmp_path, apis, operation_id, body, path_params, count
):
    """Read ahead on Redis in one round trip, the entries must be the ones the effects then read, or each read
    costs its round trip again (and an entry read ahead for nothing is checked at commit for nothing)."""
    rules = compile_text(tmp_path, apis, READ_FIRST)
    operation = op(apis, "aeriox", operation_id)
    request = facts(operation_id=operation_id, body=body, path_params=path_params, credential="sk_1")
    ahead = entries_read_first(rules, operation, request, count, 0.0)
    view = Recording()
    decide(rules, view, operation, request, count, 0.0)
    assert ahead and ahead == [entry for entry in view.read if entry in ahead]
    assert set(ahead) == {entry for entry in view.read if entry[0] != "scenario_state"}
    # Before the call is counted (read in the count's own round trip): all but what follows the count.
    before_counting = entries_read_first(rules, operation, request, None, 0.0)
    assert set(before_counting) <= set(ahead)
    if operation_id == "generateImage":
        slot = (RECENT, f"aeriox:generateImage|{count % 7}")
        assert slot in ahead and set(ahead) - set(before_counting) == {slot}
        assert (("buckets", "aeriox:sk_1") in ahead) == (body["model"] == "vip")
    else:
        assert before_counting == ahead
