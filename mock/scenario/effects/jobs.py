"""Async job lifecycles: queued → running (rising progress) → completed | failed | nsfw_blocked, or cancelled.

One state machine serves every kind of job (image, video, audio, compose, character
training, prism application, Runflow batches). Time advances either by polls (each read of
the job is one step: deterministic, tests never sleep) or by wall-clock seconds since the
job was created. The first time a job is seen terminal it is finalised exactly once: a
completed job keeps its reservation as the charge; a failed or blocked one is refunded, as
is a cancelled one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from mock.problems import Problem
from mock.scenario.effects import wallet as wallet_effects
from mock.scenario.effects.base import Effect, EffectInput, EffectResult, StateEntries, StateNamespace, caller_scope
from mock.scenario.model import resolve_runtime_expression
from mock.scenario.retention import beyond_keeping
from mock.scenario.store import Delete, Mutation, Put, StateView
from mock.scenario.templates import compiled

TERMINAL = ("completed", "failed", "cancelled", "nsfw_blocked")
# Finished jobs by key, with when each finished: what retention reads (a sweep that read every job paused the
# event loop for 200 ms at 47,000 of them).
FINISHED = "finished_jobs"
# Each operation's newest `keep_unfinished` jobs, in a ring: slot (call number mod keep) → the job's key. A create
# takes the slot of the job its operation made `keep` calls before and forgets that job: a load test leaves tens of
# thousands nobody polls, which would otherwise stay queued for as long as the mock runs. One read per create,
# instead of a sweep that ranked every unfinished job (its pauses were the latency tail under load).
RECENT = "recent_jobs"
KEEP_UNFINISHED = 10_000
OUTCOMES = ("completed", "failed", "nsfw_blocked")

FAILURES = {
    "failed": ("provider_error", "The upstream provider failed to generate this job; its reservation was refunded"),
    "nsfw_blocked": ("nsfw_blocked", "The output was blocked by the safety filter; its reservation was refunded"),
    "cancelled": ("cancelled", "The job was cancelled; its reservation was refunded"),
}


def make_id(*material: Any) -> str:
    """A UUID (version 4 layout) derived from the request, so the decision stays deterministic."""
    return id_of_text(repr(material))


def id_of_text(text: str) -> str:
    """A UUID (version 4 layout) digested from `text`: `make_id` for material already written as text."""
    return uuid4_text(hashlib.blake2b(text.encode(), digest_size=16).digest())


def uuid4_text(digest: bytes) -> str:
    """`str(uuid.UUID(bytes=digest, version=4))`: the version and variant bits set, without building a UUID.

    In hex, setting them replaces whole digits: the version is the 13th digit (4), the variant the top two
    bits of the 17th (10, so 8, 9, a or b)."""
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{_VARIANT_DIGIT[text[16]]}{text[17:20]}-{text[20:]}"


_VARIANT_DIGIT = {digit: "89ab"[int(digit, 16) & 0b11] for digit in "0123456789abcdef"}


# ---------------------------------------------------------------- the state machine (pure)


@dataclass(frozen=True)
class Phase:
    status: str
    progress_pct: int


def phase_at(job: dict[str, Any], polls: int, elapsed_s: float) -> Phase:
    """Where a job stands after `polls` reads or `elapsed_s` seconds, per its schedule."""
    if job["status"] in TERMINAL:
        return Phase(job["status"], int(job.get("progress_pct") or 0))
    queued, running = float(job["queued"]), float(job["running"])
    step: float
    if job["advance"] == "polls":
        step = polls
        if step <= queued:
            return Phase("queued", 0)
        if step <= queued + running:
            return Phase("running", max(1, min(99, round(100 * (step - queued) / (running + 1)))))
    else:
        step = elapsed_s
        if step < queued:
            return Phase("queued", 0)
        if step < queued + running:
            return Phase("running", max(1, min(99, round(100 * (step - queued) / max(running, 1e-9)))))
    outcome = job["outcome"]
    return Phase(outcome, 100 if outcome == "completed" else max(1, min(99, round(100 * running / (running + 1)))))


def advance(job: dict[str, Any], now: float, poll: bool, now_iso: str) -> tuple[dict[str, Any], str | None]:
    """The job after one observation; the second value names a terminal state reached just now."""
    polls = int(job.get("polls", 0)) + (1 if poll else 0)
    phase = phase_at(job, polls, now - float(job["created_ts"]))
    updated = {**job, "polls": polls, "status": phase.status, "progress_pct": phase.progress_pct}
    reached = phase.status if phase.status in TERMINAL and job["status"] not in TERMINAL else None
    if reached:
        updated["completed_at"] = now_iso
        updated["finished_ts"] = now
        updated["progress_pct"] = phase.progress_pct
        if reached == "completed":
            updated["charged_cost_usd"] = job.get("estimated_cost_usd") or 0.0
            updated["output_urls"] = _outputs(job)
        else:
            updated["charged_cost_usd"] = 0.0
            code, message = FAILURES[reached]
            updated["error"] = {"code": code, "message": message}
    return updated, reached


def cancel(job: dict[str, Any], now_iso: str, now: float) -> dict[str, Any]:
    code, message = FAILURES["cancelled"]
    return {
        **job,
        "status": "cancelled",
        "completed_at": now_iso,
        "finished_ts": now,
        "charged_cost_usd": 0.0,
        "error": {"code": code, "message": message},
    }


def _outputs(job: dict[str, Any]) -> list[str]:
    ext = job.get("output_ext", "png")
    return [f"{job['output_base']}/{job['id']}/{i}.{ext}" for i in range(int(job.get("output_count", 1)))]


def settle(
    state: StateView, before: dict[str, Any], after: dict[str, Any], reached: str | None, now_iso: str
) -> list[Mutation]:
    """State changes for a job that moved: save it (noted among the finished once it ends), and refund its
    reservation if it did not complete."""
    changes: list[Mutation] = [Put("jobs", after["key"], after)]
    if reached is not None or (after is before and after["status"] in TERMINAL):  # `before is after`: born finished
        changes.append(Put(FINISHED, after["key"], finished_at(after)))
    if reached in ("failed", "nsfw_blocked", "cancelled") and after.get("wallet_key"):
        changes += wallet_effects.refund(
            state, after["wallet_key"], int(after.get("reservation_micros") or 0), after["id"], reached, now_iso
        )
    return changes


def finished_at(job: dict[str, Any]) -> float:
    return float(job.get("finished_ts") or job["created_ts"])


def expired(state: StateView, now: float, keep: int, max_age_s: float, every_job: bool = False) -> list[Mutation]:
    """Finished jobs beyond the newest `keep`, or finished more than `max_age_s` ago: to delete.

    They are found in the FINISHED index, so live jobs are never read. `every_job` reads every job as well:
    a state kept by an older specmock (a SQLite file, Redis) holds finished jobs the index never saw.
    """
    finished = dict(state.items(FINISHED, shared=True))  # key → when it finished
    indexed = set(finished)
    if every_job:
        for key, job in state.items("jobs"):
            if job.get("status") in TERMINAL:
                finished.setdefault(key, finished_at(job))
    ended = beyond_keeping(finished, now, keep, max_age_s)
    stored = state.get_many("jobs", ended)  # read together: a sweep may forget thousands
    changes: list[Mutation] = []
    for key in ended:
        if key in indexed:
            changes.append(Delete(FINISHED, key))
        job = stored.get(key)
        if job is not None and job.get("status") in TERMINAL:  # not one made again under that key since a reset
            changes.append(Delete("jobs", key))
    return changes


def _slot(inp: EffectInput) -> str:
    keep = int(inp.params.get("keep_unfinished", KEEP_UNFINISHED))
    return f"{inp.request.api}:{inp.request.operation_id}|{inp.call_count % keep}"


def _take_slot(inp: EffectInput, key: str) -> list[Mutation]:
    """The new job's place among its operation's newest: it forgets the job made `keep_unfinished` calls before,
    finished or not (a finished one that old is history the finished jobs' retention would drop too)."""
    slot = _slot(inp)
    previous = inp.state.get(RECENT, slot)
    changes: list[Mutation] = [Put(RECENT, slot, key)]
    if isinstance(previous, str) and previous != key:
        changes.append(Delete("jobs", previous))
    return changes


# ---------------------------------------------------------------- views


# What a job keeps for the mock's own use, never shown to templates.
_UNSEEN = frozenset(
    {
        "key",
        "wallet_key",
        "reservation_micros",
        "queued",
        "running",
        "advance",
        "output_base",
        "callback_name",
        "callback_operation",
    }
)


def view(job: dict[str, Any], words: dict[str, str] | None = None) -> dict[str, Any]:
    """The job as templates see it (`job.*`), with `status_word` in the operation's own vocabulary."""
    out = job.copy()
    for name in _UNSEEN & job.keys():
        del out[name]
    out["status_word"] = (words or {}).get(job["status"], job["status"])
    out["error_message"] = (job.get("error") or {}).get("message")
    out["error_envelope"] = {"error": job["error"]} if job.get("error") else None
    total = int(job.get("items_total") or 0)
    if total:
        done = round(total * job["progress_pct"] / 100) if job["status"] != "completed" else total
        failed = total - done if job["status"] in ("failed", "nsfw_blocked") else 0
        cancelled = total - done if job["status"] == "cancelled" else 0
        out.update(items_succeeded=done, items_failed=failed, items_cancelled=cancelled)
    return out


def job_key(inp: EffectInput, job_id: str) -> str:
    return f"{inp.request.api}:{caller_scope(inp.request.credential, inp.params.get('per_key', True))}:{job_id}"


def _id(inp: EffectInput) -> str | None:
    name = inp.params.get("id_param")
    params = inp.request.path_params
    value = params.get(name) if name else next(iter(params.values()), None)
    return None if value is None else str(value)


def _not_found(job_id: str, noun: str) -> Problem:
    return Problem(404, "not_found", f"No {noun} with id {job_id} exists in this workspace", subject=noun)


# ---------------------------------------------------------------- effects


def _new_job(inp: EffectInput, job_id: str) -> dict[str, Any]:
    params, context = inp.params, inp.context
    charge = context.get("charge") or {}
    body = inp.request.body if isinstance(inp.request.body, dict) else {}
    kind = params.get("kind", "image")
    if kind == "auto":
        kind = charge.get("kind") if charge.get("kind") in ("image", "video") else "image"
    outcome = params.get("outcome", "completed")
    prompt = str(body.get("prompt") or body.get("text") or "")
    for marker, marked in (params.get("outcome_markers") or {}).items():
        if marker in prompt:
            outcome = marked
            break
    job = {
        "key": job_key(inp, job_id),
        "id": job_id,
        "kind": kind,
        "status": "queued",
        "progress_pct": 0,
        "polls": 0,
        "advance": params.get("advance", "polls"),
        "queued": params.get("queued", 1),
        "running": params.get("running", 2),
        "outcome": outcome,
        "created_ts": inp.now,
        "created_at": context["now"],
        "completed_at": None,
        "estimated_cost_usd": charge.get("usd"),
        "estimated_cost_usd_micros": charge.get("usd_micros"),
        "charged_cost_usd": None,
        "output_urls": None,
        "error": None,
        "wallet_key": charge.get("wallet_key") if charge.get("reservation_id") else None,
        "reservation_micros": charge.get("usd_micros") if charge.get("reservation_id") else 0,
        "model": body.get("model") or charge.get("model"),
        "prompt": body.get("prompt") or body.get("text"),
        "operation": inp.request.operation_id,
        "output_base": params.get("output_base", "https://cdn.aeriox.example/outputs"),
        "output_ext": params.get("output_ext", "png"),
        "output_count": params.get("output_count", 1),
        **_callback_target(inp, body),
    }
    extra = params.get("extra")
    if extra:  # the rule's own template: compiled once
        job.update(compiled(extra)(context))
    if params.get("items_total"):
        job["items_total"] = int(params["items_total"])
    return job


def _callback_target(inp: EffectInput, body: dict[str, Any]) -> dict[str, Any]:
    """Where to call back when the job ends: the URL of a callback the operation declares (its runtime
    expression filled from the request), else the request's `callback_url` (or `callback_url_field`)."""
    for callback in inp.operation.callbacks:
        url = resolve_runtime_expression(callback.url, inp.request) if callback.url else None
        if url:
            return {
                "callback_url": url,
                "callback_name": callback.name,
                "callback_operation": inp.operation.operation_id,
            }
    value = body.get(inp.params.get("callback_url_field", "callback_url"))
    return {"callback_url": value} if isinstance(value, str) and value else {}


def create(inp: EffectInput) -> EffectResult:
    # The operation's call number tells its jobs apart (it is counted in the shared state, where workers share
    # one); the body need not be written out for the id as well.
    request = inp.request  # written as text directly: a tuple's repr costs twice as much
    now = float(inp.now).hex()
    job_id = id_of_text(f"{request.api}|{request.operation_id}|{inp.call_count}|{now}|{request.credential}")
    job = _new_job(inp, job_id)
    changes: list[Mutation] = []
    reached = None
    if inp.params.get("initial") == "completed":  # synchronous work (TTS): done before the answer
        job = {**job, "outcome": "completed", "queued": 0, "running": 0, "advance": "polls"}
        job, reached = advance(job, inp.now, True, inp.context["now"])
        changes = settle(inp.state, job, job, None, inp.context["now"])
    else:
        changes = [Put("jobs", job["key"], job), *_take_slot(inp, job["key"])]
    return EffectResult(vars=_vars(inp, job, reached), mutations=changes)


def _slot_entry(inp: EffectInput) -> StateEntries:
    """What `create` reads: the slot it takes (a synchronous job takes none)."""
    return () if inp.params.get("initial") == "completed" else ((RECENT, _slot(inp)),)


def _addressed_entry(inp: EffectInput) -> StateEntries:
    """What `poll` and `cancel_job` read first: the job the request's path names."""
    job_id = _id(inp)
    return () if job_id is None else (("jobs", job_key(inp, job_id)),)


def _addressed_job(inp: EffectInput) -> tuple[str | None, dict[str, Any] | None]:
    """The id in the request's path, and the job stored under it (None for either when absent)."""
    job_id = _id(inp)
    return job_id, inp.state.get("jobs", job_key(inp, job_id)) if job_id is not None else None


def poll(inp: EffectInput) -> EffectResult:
    job_id, job = _addressed_job(inp)
    if job_id is None:
        return EffectResult(skip=True)
    if job is None:
        template = inp.params.get("create_if_missing")
        if not template:
            return EffectResult(problem=_not_found(job_id, inp.params.get("noun", "job")))
        job = _new_job(
            EffectInput(
                {**inp.params, **template},
                inp.state,
                inp.request,
                inp.operation,
                {**inp.context, "charge": {}},
                inp.now,
                inp.call_count,
            ),
            job_id,
        )
    updated, reached = advance(job, inp.now, inp.params.get("count_as_poll", True), inp.context["now"])
    changes = settle(inp.state, job, updated, reached, inp.context["now"])
    return EffectResult(vars=_vars(inp, updated, reached), mutations=changes)


def cancel_job(inp: EffectInput) -> EffectResult:
    job_id, job = _addressed_job(inp)
    if job_id is None:
        return EffectResult(skip=True)
    if job is None:
        return EffectResult(problem=_not_found(job_id, "job"))
    current, reached = advance(job, inp.now, False, inp.context["now"])
    if current["status"] in TERMINAL:
        problem = Problem(
            409,
            "conflict",
            f"Job {job_id} is already {current['status']}; only queued or running jobs can be cancelled",
            details={"job_id": job_id, "status": current["status"]},
        )
        return EffectResult(
            problem=problem, mutations=settle(inp.state, job, current, reached, inp.context["now"]) if reached else []
        )
    cancelled = cancel(current, inp.context["now"], inp.now)
    changes = settle(inp.state, job, cancelled, "cancelled", inp.context["now"])
    return EffectResult(vars=_vars(inp, cancelled, "cancelled"), mutations=changes)


def _vars(inp: EffectInput, job: dict[str, Any], reached: str | None) -> dict[str, Any]:
    """`job` for templates; `job_event` (the terminal state reached by this request, and the job's key) for
    rules after this one, such as a callback."""
    return {
        "job": view(job, inp.params.get("status_words")),
        "job_event": {
            "reached": reached,
            "key": job["key"],
            "callback": {
                "api": inp.request.api,
                "operation": job["callback_operation"],
                "callback": job["callback_name"],
            }
            if job.get("callback_name")
            else None,
        },
    }


_SCHEDULE = {
    "kind": {"type": "string"},
    "advance": {"enum": ["polls", "seconds"]},
    "queued": {"type": "number", "minimum": 0},
    "running": {"type": "number", "minimum": 0},
    "outcome": {"enum": list(OUTCOMES)},
    "output_base": {"type": "string"},
    "output_ext": {"type": "string"},
    "output_count": {"type": "integer", "minimum": 0},
    "items_total": {"type": "integer", "minimum": 0},
    "extra": {"type": "object"},
    "outcome_markers": {"type": "object", "additionalProperties": {"enum": list(OUTCOMES)}},
    "per_key": {"type": "boolean"},
    "status_words": {"type": "object", "additionalProperties": {"type": "string"}},
    "id_param": {"type": "string"},
    "noun": {"type": "string"},
    "callback_url_field": {"type": "string"},
}


EFFECTS = (
    Effect(
        "job.create",
        create,
        {
            "type": "object",
            "properties": {
                **_SCHEDULE,
                "initial": {"enum": ["queued", "completed"]},
                "keep_unfinished": {"type": "integer", "minimum": 1},
            },
            "additionalProperties": False,
        },
        description="start a job (`job.*`), reserving nothing itself: it keeps the `charge` an earlier rule made",
        reads=_slot_entry,
        reads_count=True,  # the slot is the call count's place in the ring
    ),
    Effect(
        "job.poll",
        poll,
        {
            "type": "object",
            "properties": {
                **_SCHEDULE,
                "count_as_poll": {"type": "boolean"},
                "create_if_missing": {"type": "object", "properties": _SCHEDULE, "additionalProperties": False},
            },
            "additionalProperties": False,
        },
        statuses=(404,),
        description="read a job, advancing it one poll; 404 for an unknown id",
        reads=_addressed_entry,
    ),
    Effect(
        "job.cancel",
        cancel_job,
        {"type": "object", "properties": _SCHEDULE, "additionalProperties": False},
        statuses=(404, 409),
        description="cancel and refund a queued or running job; 409 once terminal",
        reads=_addressed_entry,
    ),
)


def _jobs_view(entries: dict[str, Any]) -> dict[str, Any]:
    """Jobs without their storage key (the state key already says it)."""
    return {key: {k: v for k, v in job.items() if k != "key"} for key, job in entries.items()}


NAMESPACES = (StateNamespace("jobs", _jobs_view), StateNamespace(FINISHED), StateNamespace(RECENT))
