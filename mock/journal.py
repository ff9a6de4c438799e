"""The journal: the newest requests the mock answered, for the admin API, the inspector and `--request-log`.

It keeps what a person debugging a frontend needs (request, answer, which scenario and rule acted, why a
request was refused) and masks secrets when it shows them. It lives beside the scenario engine, which
holds one so it survives a reload of specs or scenarios.
"""

from __future__ import annotations

import pickle
import threading
from collections import deque
from dataclasses import MISSING as MISSING_FIELD
from dataclasses import dataclass, field, fields
from typing import Any

from mock.scenario.decision import iso

BODY_KEPT_BYTES = 16 * 1024  # the journal keeps this much of each body (10,000 entries: at most ~320 MiB)
ALWAYS_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-specmock-token"})


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


def _defaults() -> dict[str, Any]:
    """JournalEntry's fields after `seq`, in order, each with its default (a required one: a missing marker)."""
    out: dict[str, Any] = {}
    for entry_field in fields(JournalEntry)[1:]:
        if entry_field.default is not MISSING_FIELD:
            out[entry_field.name] = entry_field.default
        elif entry_field.default_factory is not MISSING_FIELD:
            out[entry_field.name] = entry_field.default_factory()  # never changed: it is pickled
        else:
            out[entry_field.name] = None
    return out


# Merged with a request's fields, this dict keeps its own order (a merge updates values in place), so the
# merged values are the entry's fields in order: one merge in C instead of a lookup per field.
_ENTRY_FIELDS = _defaults()


class Journal:
    """The newest `size` requests, none older than `max_age_s`.

    Entries are kept pickled, as (seq, ts, bytes): tuples of atoms that the garbage collector
    stops tracking. Ten thousand live entries with their header dicts would otherwise be walked
    by every full collection, a 30 ms pause in the latency tail. What is pickled is the tuple of
    the entry's field values, not a JournalEntry: building the dataclass and pickling it cost
    several times more, on every request, while only the admin API reads entries back.
    """

    def __init__(self, size: int = 10_000, max_age_s: float = 3_600.0) -> None:
        self._entries: deque[tuple[int, float, bytes]] = deque(maxlen=size)
        self._seq = 0
        self._lock = threading.Lock()
        self.max_age_s = max_age_s

    def record(self, **fields: Any) -> None:
        merged = {**_ENTRY_FIELDS, **fields}
        if len(merged) != len(_ENTRY_FIELDS):
            raise TypeError(f"not journal fields: {', '.join(sorted(set(fields) - set(_ENTRY_FIELDS)))}")
        ts = fields["ts"]
        with self._lock:
            self._seq += 1
            values = (self._seq, *merged.values())
            self._entries.append((self._seq, ts, pickle.dumps(values, pickle.HIGHEST_PROTOCOL)))
            oldest = ts - self.max_age_s
            while self._entries[0][1] < oldest:
                self._entries.popleft()

    def __len__(self) -> int:
        return len(self._entries)

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
            entries = list(self._entries)
        out = []
        for seq, _, pickled in reversed(entries):
            if since is not None and seq <= since:
                break  # newest first: everything from here on is older (the inspector asks every second)
            entry = JournalEntry(*pickle.loads(pickled))  # our own bytes, written by `record`
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
            self._entries.clear()
