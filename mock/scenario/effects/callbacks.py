"""Callbacks and webhooks: when a job ends, a delivery is queued in the store for the dispatcher to send.

`callback.on_terminal` runs in a rule after a job effect (`job.poll`, `job.cancel`). When that
request moved the job into a terminal state (or one the rule lists under `on`), it queues one
delivery in the `callbacks` namespace with:
- the URL: the job's own `callback_url`, taken at creation from the request or from the runtime
  expression of a callback the operation declares, else the scenario's `url` setting;
- the payload: the rule's `payload` template over `job.*` (and `callback.url`, `callback.event`),
  else the job itself;
- the schema that completes it: the declared callback or webhook, or an operation's response;
- the retry policy: `max_attempts`, `backoff_s`, `backoff_factor`, `timeout_s`.
Sending happens outside the request, in mock.callback_delivery, which records every attempt.

`callback.history` answers the deliveries of the job a path addresses (`callbacks` for
templates): Runflow's `GET /v1/batches/{batch_id}/callback`.
"""

from __future__ import annotations

from typing import Any

from mock.scenario.effects.base import Effect, EffectInput, EffectResult, StateNamespace
from mock.scenario.effects.jobs import TERMINAL, job_key, make_id
from mock.scenario.store import Put
from mock.scenario.templates import render

NAMESPACE = "callbacks"
RETRY_DEFAULTS = {"max_attempts": 5, "backoff_s": 1.0, "backoff_factor": 2.0, "timeout_s": 5.0}


def delivery_key(job_key: str, event: str) -> str:
    return f"{job_key}|{event}"


def on_terminal(inp: EffectInput) -> EffectResult:
    job = inp.context.get("job")
    event = inp.context.get("job_event") or {}
    reached = event.get("reached")
    if not isinstance(job, dict) or reached is None or reached not in (inp.params.get("on") or TERMINAL):
        return EffectResult(skip=True)
    url = job.get("callback_url") or inp.params.get("url")
    if not isinstance(url, str) or not url:
        return EffectResult(skip=True)
    template = inp.params.get("payload")
    context = {**inp.context, "callback": {"url": url, "event": reached}}
    payload = (
        render(template, context)
        if template is not None
        else {k: v for k, v in job.items() if k not in ("status_word", "error_message", "error_envelope")}
    )
    key = delivery_key(event["key"], reached)
    delivery = {
        "id": make_id(key),
        "key": key,
        "job_id": job.get("id"),
        "event": reached,
        "url": url,
        "method": "POST",
        "payload": payload,
        "schema": _schema_ref(inp, event),
        "status": "pending",
        "attempts": [],
        "next_attempt_ts": 0.0,  # at once
        "created_at": inp.context["now"],
        "delivered_at": None,
        **{name: inp.params.get(name, default) for name, default in RETRY_DEFAULTS.items()},
    }
    return EffectResult(vars={"callback": public(delivery)}, mutations=[Put(NAMESPACE, key, delivery)])


def _schema_ref(inp: EffectInput, event: dict[str, Any]) -> dict[str, Any] | None:
    """Which declared schema the payload must meet: the job's own callback, else the rule's `payload_schema`."""
    if event.get("callback"):
        return dict(event["callback"])
    named = inp.params.get("payload_schema")
    return {"api": inp.request.api, **named} if named else None


def history(inp: EffectInput) -> EffectResult:
    name = inp.params.get("id_param")
    job_id = inp.request.path_params.get(name) if name else next(iter(inp.request.path_params.values()), None)
    if job_id is None:
        return EffectResult(skip=True)
    prefix = delivery_key(job_key(inp, str(job_id)), "")
    deliveries = [public(d) for _, d in inp.state.items(NAMESPACE, prefix)]
    return EffectResult(vars={"callbacks": sorted(deliveries, key=lambda d: d["created_at"] or "")})


def public(delivery: dict[str, Any]) -> dict[str, Any]:
    """A delivery as the API shows it: no internal key, schema reference or schedule."""
    return {
        "id": delivery["id"],
        "job_id": delivery.get("job_id"),
        "event": delivery["event"],
        "url": delivery["url"],
        "status": delivery["status"],
        "attempt_count": len(delivery["attempts"]),
        "attempts": delivery["attempts"],
        "payload": delivery["payload"],
        "created_at": delivery["created_at"],
        "delivered_at": delivery["delivered_at"],
    }


_RETRY = {
    "max_attempts": {"type": "integer", "minimum": 1, "maximum": 50},
    "backoff_s": {"type": "number", "minimum": 0},
    "backoff_factor": {"type": "number", "minimum": 1},
    "timeout_s": {"type": "number", "exclusiveMinimum": 0},
}

EFFECTS = (
    Effect(
        "callback.on_terminal",
        on_terminal,
        {
            "type": "object",
            "properties": {
                **_RETRY,
                "url": {"type": ["string", "null"]},
                "on": {"type": "array", "items": {"type": "string"}},
                "payload": {},
                "payload_schema": {
                    "type": "object",
                    "properties": {
                        "operation": {"type": "string"},
                        "status": {"type": "integer"},
                        "callback": {"type": "string"},
                        "webhook": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            },
            "additionalProperties": False,
        },
        description="queue a callback (POST) when the job a rule before this one moved reaches a terminal state",
    ),
    Effect(
        "callback.history",
        history,
        {"type": "object", "properties": {"id_param": {"type": "string"}}, "additionalProperties": False},
        description="the callback deliveries of the job the path addresses, with their attempts (`callbacks`)",
    ),
)

NAMESPACES = (StateNamespace(NAMESPACE),)
