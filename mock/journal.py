"""The journal: the newest requests the mock answered, for the admin API, the inspector and `--request-log`.

It keeps what a person debugging a frontend needs (request, answer, which scenario and rule acted, why a
request was refused) and masks secrets when it shows them. It lives beside the scenario engine, which
holds one so it survives a reload of specs or scenarios.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field, fields
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

    Each entry is kept as one plain tuple of atoms: the entry's field values in order, its header dicts
    as tuples of pairs. The garbage collector stops tracking such tuples after their first collection,
    so ten thousand live entries add nothing to a full collection (with their header dicts they made a
    30 ms pause in the latency tail). Building the tuple costs a few hundred nanoseconds; only the admin
    API turns entries back into `JournalEntry`s.
    """

    def __init__(self, size: int = 10_000, max_age_s: float = 3_600.0) -> None:
        self._entries: deque[tuple[Any, ...]] = deque(maxlen=size)
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
        """One request, with the fields of a `JournalEntry`; `secret_headers` as a tuple (an atom for the collector)."""
        with self._lock:
            self._seq += 1
            self._entries.append(
                (
                    self._seq,
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
                    tuple(request_headers.items()) if request_headers else (),
                    request_body,
                    tuple(response_headers.items()) if response_headers else (),
                    response_media_type,
                    response_body,
                    violations,
                    reason,
                    note,
                    secret_headers,
                )
            )
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
        for row in reversed(entries):
            seq = row[0]
            if since is not None and seq <= since:
                break  # newest first: everything from here on is older (the inspector asks every second)
            entry = _entry(row)
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


def _entry(row: tuple[Any, ...]) -> JournalEntry:
    """A kept tuple back as the entry it was recorded from (fields in `JournalEntry`'s order)."""
    values = list(row)
    values[_REQUEST_HEADERS] = dict(values[_REQUEST_HEADERS])
    values[_RESPONSE_HEADERS] = dict(values[_RESPONSE_HEADERS])
    values[_SECRET_HEADERS] = frozenset(values[_SECRET_HEADERS])
    return JournalEntry(*values)


_FIELD_NAMES = [entry_field.name for entry_field in fields(JournalEntry)]
_REQUEST_HEADERS = _FIELD_NAMES.index("request_headers")
_RESPONSE_HEADERS = _FIELD_NAMES.index("response_headers")
_SECRET_HEADERS = _FIELD_NAMES.index("secret_headers")
