"""The journal: the newest requests the mock answered, for the admin API, the inspector and `--request-log`.

It keeps what a person debugging a frontend needs (request, answer, which scenario and rule acted, why a
request was refused) and masks secrets when it shows them. It lives beside the scenario engine, which
holds one so it survives a reload of specs or scenarios.
"""

from __future__ import annotations

import marshal
import pickle
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from mock.scenario.decision import iso

BODY_KEPT_BYTES = 16 * 1024  # the journal keeps this much of each body (10,000 entries: at most ~320 MiB)
ALWAYS_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-specmock-token"})
SECRET_HEADERS_KEPT = tuple(sorted(ALWAYS_SECRET_HEADERS))  # as `Journal.record` takes them


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    ts: float
    api: str | None
    operation: str | None
    method: str
    path: str
    status: int | None
    scenario: str | None
    scenarios: tuple[str, ...]
    rules: tuple[str, ...]
    fault: str | None
    duration_ms: float
    credential: str | None
    via: str | None = None  # who answered, when not the mock: upstream, mock (a proxy's fallback), proxy
    query: str = ""
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: bytes = b""
    response_headers: dict[str, str] = field(default_factory=dict)
    response_media_type: str | None = None
    response_body: bytes = b""
    violations: tuple[str, ...] = ()  # what was wrong with the request (a proxy: also what was off-spec in the answer)
    reason: str | None = None
    note: str | None = None
    secret_headers: frozenset[str] = ALWAYS_SECRET_HEADERS  # masked when shown, with the credential wherever it occurs

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "time": iso(self.ts),
            "timestamp": self.ts,
            "api": self.api,
            "operation": self.operation,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "scenario": self.scenario,
            "scenarios": list(self.scenarios),
            "rules": list(self.rules),
            "fault": self.fault,
            "duration_ms": round(self.duration_ms, 3),
            "via": self.via,
            "credential": mask_secret(self.credential) if self.credential else None,
            "query": self._masked(self.query),
            "violations": list(self.violations),
            "reason": self.reason,
            "note": self.note,
            "request": {"headers": self._headers(self.request_headers), "body": self._body(self.request_body)},
            "response": {
                "headers": self._headers(self.response_headers),
                "media_type": self.response_media_type,
                "body": self._body(self.response_body),
            },
        }

    def _masked(self, text: str) -> str:
        if self.credential and len(self.credential) >= 4 and self.credential in text:
            return text.replace(self.credential, mask_secret(self.credential))
        return text

    def _headers(self, headers: dict[str, str]) -> dict[str, str]:
        shown = {}
        for name, value in headers.items():
            if name in self.secret_headers:
                scheme, _, rest = value.partition(" ")
                value = f"{scheme} {mask_secret(rest)}" if rest else mask_secret(value)
            shown[name] = self._masked(value)
        return shown

    def _body(self, body: bytes) -> str:
        text = body[:BODY_KEPT_BYTES].decode("utf-8", "replace")
        if len(body) > BODY_KEPT_BYTES:
            text += f"… ({len(body)} bytes in all)"
        return self._masked(text)


def mask_secret(value: str) -> str:
    """Enough of a secret to tell two apart, not enough to use one."""
    return value[:4] + "…" if len(value) > 8 else "…"


class Journal:
    """The newest `size` requests, none older than `max_age_s`.

    An entry is kept as atoms only: its sequence number, its time and its field values written to bytes (marshal),
    in three deques, so the garbage collector tracks none of them. Kept as tuples instead, a full journal
    starved the young collections: each request put seven new tuples in the young generation and freed
    the seven of the entry it evicted from an old one, and CPython counts a freed object against the
    young generation's count as it counts a new one, so the count that triggers a young collection
    hardly moved while the young generation grew by seven objects a request. A young collection then
    walked ten thousand entries, 20-36 ms in the latency tail. Writing them costs a microsecond or two;
    only the admin API reads them back.
    """

    def __init__(self, size: int = 10_000, max_age_s: float = 3_600.0) -> None:
        self._seqs: deque[int] = deque(maxlen=size)
        self._times: deque[float] = deque(maxlen=size)
        self._kept: deque[bytes] = deque(maxlen=size)
        self._seq = 0
        self._lock = threading.Lock()
        self.max_age_s = max_age_s

    def record(
        self,
        ts: float,
        api: str | None,
        operation: str | None,
        method: str,
        path: str,
        status: int | None,
        scenario: str | None,
        scenarios: tuple[str, ...],
        rules: tuple[str, ...],
        fault: str | None,
        duration_ms: float,
        credential: str | None,
        via: str | None = None,
        query: str = "",
        request_headers: dict[str, str] | None = None,
        request_body: bytes = b"",
        response_headers: dict[str, str] | None = None,
        response_media_type: str | None = None,
        response_body: bytes = b"",
        violations: tuple[str, ...] = (),
        reason: str | None = None,
        note: str | None = None,
        secret_headers: tuple[str, ...] = SECRET_HEADERS_KEPT,
    ) -> None:
        """One request, with the fields of a `JournalEntry` (`secret_headers` as a tuple: it is written cheaper)."""
        values = (
            ts,
            api,
            operation,
            method,
            path,
            status,
            scenario,
            scenarios,
            rules,
            fault,
            duration_ms,
            credential,
            via,
            query,
            request_headers or {},
            request_body,
            response_headers or {},
            response_media_type,
            response_body,
            violations,
            reason,
            note,
            secret_headers,
        )
        try:
            kept = marshal.dumps(values)  # a third faster than pickle for these plain values
        except ValueError:  # a value of a subclass (a str subclass as a header) marshal does not write
            kept = pickle.dumps(values, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._seq += 1
            self._seqs.append(self._seq)
            self._times.append(ts)
            self._kept.append(kept)
            oldest = ts - self.max_age_s
            while self._times[0] < oldest:
                self._seqs.popleft()
                self._times.popleft()
                self._kept.popleft()

    def __len__(self) -> int:
        return len(self._seqs)

    def query(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        scenario: str | None = None,
        api: str | None = None,
        operation: str | None = None,
        since: int | None = None,
        limit: int = 100,
        resolve: Any = None,
    ) -> list[dict[str, Any]]:
        with self._lock:
            entries = list(zip(self._seqs, self._kept, strict=True))
        out = []
        for seq, kept in reversed(entries):
            if since is not None and seq <= since:
                break  # newest first: everything from here on is older (the inspector asks every second)
            entry = _entry(seq, _loaded(kept))
            if method and entry.method != method.upper():
                continue
            if path and path not in entry.path:
                continue
            if status is not None and entry.status != status:
                continue
            if scenario is not None:
                if scenario in ("", "none"):
                    if entry.scenarios:
                        continue
                elif scenario not in entry.scenarios:
                    continue
            if api and entry.api != api:
                continue
            found = entry.as_dict()
            if found["operation"] is None and resolve is not None and entry.api is not None:
                found["operation"] = resolve(entry.method, entry.path)
            if operation and found["operation"] != operation:
                continue
            out.append(found)
            if len(out) >= limit:
                break
        return out

    def clear(self) -> None:
        with self._lock:
            self._seqs.clear()
            self._times.clear()
            self._kept.clear()


def _loaded(kept: bytes) -> tuple[Any, ...]:
    """An entry's values back from the bytes `record` wrote: pickle's begin with its PROTO opcode, which no
    marshal type code is."""
    row: tuple[Any, ...] = pickle.loads(kept) if kept[:1] == pickle.PROTO else marshal.loads(kept)  # noqa: S301
    return row  # our own bytes


def _entry(seq: int, row: tuple[Any, ...]) -> JournalEntry:
    """A kept entry back as it was recorded (`row`: the fields after `seq`, in `JournalEntry`'s order)."""
    values = [seq, *row]
    values[-1] = frozenset(values[-1])  # the secret header names, kept as a tuple
    return JournalEntry(*values)
