"""Sending the callbacks that scenario effects queue, off the request path.

`callback.on_terminal` only writes a pending delivery into the store's `callbacks` namespace;
this dispatcher, a task on the server's event loop, sends it. Each attempt is a POST with the
payload completed against the declared schema (the spec's callback or webhook, or the
operation's response the rule names), so what arrives is schema-valid and still says what the
rule put in it (the job's id and status). Every attempt is written back onto the delivery
(`GET /v1/batches/{id}/callback` shows them); a failed one is retried after `backoff_s`,
multiplied by `backoff_factor` each time, up to `max_attempts`.

Only loopback hosts and those allowed with `--allow-callback-host` are ever called; a delivery
to any other host is refused, recorded as such and logged, and nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mock.fake_data import fake_value
from mock.response_generation import success_status
from mock.scenario.bodies import repair
from mock.scenario.decision import iso
from mock.scenario.effects.callbacks import NAMESPACE
from mock.scenario.model import deep_merge
from mock.scenario.store import StateStore
from mock.spec.model import Api, Schema

if TYPE_CHECKING:  # imported when the first callback is sent: httpx costs a tenth of a second at start-up
    import httpx

log = logging.getLogger("specmock")


def host_allowed(url: str, allowed: frozenset[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if not host or urlsplit(url).scheme not in ("http", "https"):
        return False
    if host == "localhost" or host in allowed:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def declared_schema(apis: dict[str, Api], ref: dict[str, Any] | None) -> tuple[Schema | None, str]:
    """The schema (and media type) a delivery's payload must meet, from its reference into the spec."""
    api = apis.get(str((ref or {}).get("api")))
    if ref is None or api is None:
        return None, "application/json"
    if ref.get("webhook"):
        hook = next((w for w in api.webhooks if w.name == ref["webhook"]), None)
        return (hook.schema, hook.media_type) if hook else (None, "application/json")
    operation = next((o for o in api.operations if o.operation_id == ref.get("operation")), None)
    if operation is None:
        return None, "application/json"
    if ref.get("callback"):
        callback = next((c for c in operation.callbacks if c.name == ref["callback"]), None)
        return (callback.schema, callback.media_type) if callback else (None, "application/json")
    spec = operation.response_for(int(ref.get("status") or success_status(operation)))
    media = spec.json_media() if spec else None
    return (media.schema, media.name) if media else (None, "application/json")


def complete_payload(payload: Any, schema: Schema | None, seed: int) -> Any:
    """The rule's payload, filled out and repaired so that the schema accepts it."""
    if schema is None:
        return payload
    generated = fake_value(schema, seed)
    body = deep_merge(generated, payload) if isinstance(payload, dict) and isinstance(generated, dict) else payload
    return repair(body, generated, schema)


class CallbackDispatcher:
    def __init__(
        self,
        store: StateStore,
        apis: dict[str, Api],
        allowed_hosts: frozenset[str] = frozenset(),
        transport: httpx.AsyncBaseTransport | None = None,  # tests hand in their own
    ) -> None:
        self._transport = transport
        self.store = store
        self.apis = apis
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self._wakeup: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._sending: set[str] = set()
        self._client: httpx.AsyncClient | None = None

    def wake(self) -> None:
        """Look for due deliveries now; starts the dispatcher on the running loop the first time."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._task is None or self._task.done():
            self._wakeup = asyncio.Event()
            self._task = loop.create_task(self._run())
        assert self._wakeup is not None
        self._wakeup.set()

    async def _run(self) -> None:
        assert self._wakeup is not None
        while True:
            self._wakeup.clear()
            wait_s = self._start_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=wait_s)

    def _start_due(self) -> float | None:
        """Start every due delivery; seconds until the next one falls due (None: none waiting)."""
        now = time.time()
        next_due: float | None = None
        for key, delivery in self.store.snapshot(NAMESPACE).items():
            if delivery.get("status") != "pending" or key in self._sending:
                continue
            due = float(delivery.get("next_attempt_ts") or 0)
            if due <= now:
                self._sending.add(key)
                asyncio.get_running_loop().create_task(self._attempt(key))
            else:
                next_due = due if next_due is None else min(next_due, due)
        return None if next_due is None else max(0.01, next_due - now)

    async def _attempt(self, key: str) -> None:
        try:
            delivery = self.store.snapshot(NAMESPACE, key).get(key)
            if delivery is None or delivery.get("status") != "pending":
                return
            schema, media_type = declared_schema(self.apis, delivery.get("schema"))
            if not delivery.get("completed"):
                delivery["payload"] = complete_payload(delivery["payload"], schema, seed=len(key))
            number = len(delivery["attempts"]) + 1
            started = time.time()
            if not host_allowed(delivery["url"], self.allowed_hosts):
                host = urlsplit(delivery["url"]).hostname or delivery["url"]
                error = f"refused: {host} is neither loopback nor allowed by --allow-callback-host"
                log.warning("callback %s to %s %s", delivery["id"], delivery["url"], error)
                self._record(key, delivery, {"attempt": number, "at": iso(started), "error": error}, final="refused")
                return
            outcome: dict[str, Any]
            import httpx

            try:
                response = await self._http().post(
                    delivery["url"],
                    json=delivery["payload"],
                    headers={"content-type": media_type, "x-specmock-delivery": delivery["id"]},
                    timeout=float(delivery.get("timeout_s") or 5),
                )
                outcome = {"status_code": response.status_code}
            except httpx.HTTPError as exc:
                outcome = {"error": f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__}
            attempt = {
                "attempt": number,
                "at": iso(started),
                "duration_ms": round((time.time() - started) * 1000, 3),
                **outcome,
            }
            delivered = 200 <= int(outcome.get("status_code") or 0) < 300
            log.info("callback %s attempt %d to %s: %s", delivery["id"], number, delivery["url"], outcome)
            self._record(key, delivery, attempt, final="delivered" if delivered else None)
        except Exception:  # one broken delivery must not stop the dispatcher
            log.exception("callback %s could not be sent", key)
        finally:
            self._sending.discard(key)
            self.wake()

    def _record(self, key: str, sent: dict[str, Any], attempt: dict[str, Any], final: str | None) -> None:
        with self.store.transaction() as tx:
            delivery = tx.get(NAMESPACE, key)
            if delivery is None:
                return  # the state was reset meanwhile
            delivery["payload"], delivery["completed"] = sent["payload"], True
            delivery["attempts"] = [*delivery["attempts"], attempt]
            if final is not None:
                delivery["status"] = final
                if final == "delivered":
                    delivery["delivered_at"] = attempt["at"]
            elif len(delivery["attempts"]) >= int(delivery.get("max_attempts") or 1):
                delivery["status"] = "failed"
                log.warning(
                    "callback %s to %s failed after %d attempts", delivery["id"], delivery["url"], attempt["attempt"]
                )
            else:
                wait = float(delivery.get("backoff_s") or 0) * float(delivery.get("backoff_factor") or 1) ** (
                    len(delivery["attempts"]) - 1
                )
                delivery["next_attempt_ts"] = time.time() + wait
            tx.put(NAMESPACE, key, delivery)

    def _http(self) -> httpx.AsyncClient:
        import httpx

        if self._client is None:
            self._client = httpx.AsyncClient(trust_env=False, follow_redirects=False, transport=self._transport)
        return self._client
