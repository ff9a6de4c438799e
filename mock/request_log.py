"""The request log: one line per request on stderr, as text (coloured on a terminal) or JSON.

    16:40:01.123 POST /aeriox/v1/images/generate?x=1 400 generateImage 1.2ms  body prompt: required
    16:40:02.881 GET  /aeriox/v1/jobs/j_1 200 getJob job-lifecycle/poll 0.4ms

The mock answers thousands of requests a second on one event loop, so a request never
formats or writes its line itself: it puts a tuple of facts on a queue (a fraction of a
microsecond); a writer thread wakes a few dozen times a second, formats whatever has
gathered and writes it in one call. Other messages (reload results) go through the same
queue so they keep their order.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import re
import sys
import threading
import time
from collections.abc import Callable
from typing import NamedTuple, TextIO

FLUSH_INTERVAL_S = 0.05
_STOP = object()

# ANSI colours by status class; off unless the stream is a terminal (and NO_COLOR is unset).
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"
_STATUS_COLOURS = {2: "\x1b[32m", 3: "\x1b[36m", 4: "\x1b[33m", 5: "\x1b[31m"}
_DROPPED_COLOUR = "\x1b[35m"


class LoggedRequest(NamedTuple):
    """What one line says about a request (a tuple: the cheapest thing to build per request)."""

    ts: float
    method: str
    path: str
    query: str  # raw query string, "" when none
    status: int | None  # None: a scenario dropped the connection
    operation: str | None
    scenario: str | None
    rules: tuple[str, ...]
    duration_ms: float
    violations: tuple[str, ...] = ()  # on a 4xx: what was wrong with the request
    reason: str | None = None  # on an error: the message the answer carries
    note: str | None = None  # e.g. "no body: the spec declares none for 400"


class LineWriter:
    """Formats and writes queued items from a thread, in batches, so callers never block on the stream."""

    def __init__(self, stream: TextIO, render: Callable[[LoggedRequest], str] | None = None) -> None:
        self.stream = stream
        self.render = render if render is not None else str
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="specmock-log", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    def put(self, item: str | LoggedRequest) -> None:
        self._queue.put(item)

    def close(self, timeout: float = 2.0) -> None:
        """Write what is queued and stop the thread."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            time.sleep(FLUSH_INTERVAL_S)  # let a burst gather: one write per batch, not per request
            items = [first]
            while True:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            lines = []
            for item in items:
                if item is _STOP:
                    continue
                try:
                    lines.append(item if isinstance(item, str) else self.render(item))  # type: ignore[arg-type]
                except Exception as exc:  # one odd entry must not silence the log
                    lines.append(f"specmock: could not format a log line: {exc!r}")
            try:
                self.stream.write("".join(f"{line}\n" for line in lines))
                self.stream.flush()
            except (OSError, ValueError):  # a closed pipe must not take the server down
                pass
            if any(item is _STOP for item in items):
                return


class RequestLog:
    """Formats request lines and messages; `--log-format json` for machines, `--quiet` for none."""

    def __init__(
        self, writer: LineWriter | None, fmt: str = "text", colour: bool = False, requests: bool = True
    ) -> None:
        self.writer = writer
        self.enabled = writer is not None and requests  # request lines; messages are written whenever there is a writer
        self.json = fmt == "json"
        self.colour = colour and not self.json
        self._second = -1
        self._clock = ""
        if writer is not None:
            writer.render = self.format_json if self.json else self.format_text

    @classmethod
    def to_stderr(cls, fmt: str = "text", quiet: bool = False) -> RequestLog:
        """`quiet`: no request lines; messages (a reload that failed) are still written."""
        stream = sys.stderr
        colour = stream.isatty() and "NO_COLOR" not in os.environ
        return cls(LineWriter(stream), fmt, colour, requests=not quiet)

    def request(self, entry: LoggedRequest) -> None:
        """Queue a request's line; it is formatted and written by the writer thread."""
        if self.enabled and self.writer is not None:
            self.writer.put(entry)

    def message(self, text: str, level: str = "info") -> None:
        """A line that is not a request: reload results, problems with an edited file."""
        if self.writer is None:
            return
        if self.json:
            self.writer.put(json.dumps({"time": _iso(time.time()), "level": level, "message": text}))
        else:  # not self._time: its cache belongs to the writer thread, and this runs on the caller's
            now = time.time()
            clock = time.strftime("%H:%M:%S", time.localtime(now))
            self.writer.put(f"{clock}.{int((now % 1) * 1000):03d} specmock: {text}")

    # ------------------------------------------------------------ formats

    def format_text(self, entry: LoggedRequest) -> str:
        target = printable(f"{entry.path}?{entry.query}" if entry.query else entry.path)
        if len(target) > TARGET_SHOWN:
            target = f"{target[:TARGET_SHOWN]}… (+{len(target) - TARGET_SHOWN:,} characters)"
        status = "---" if entry.status is None else str(entry.status)
        decided = entry.scenario or ""
        if entry.rules:
            decided = " ".join(entry.rules)
        parts = [self._time(entry.ts), f"{entry.method:<6}", target, self._paint_status(status, entry.status)]
        parts.append(entry.operation or "-")
        if decided:
            parts.append(decided)
        parts.append(f"{entry.duration_ms:.1f}ms")
        line = " ".join(parts)
        details = [*entry.violations]
        if not entry.violations and entry.reason and entry.status is not None and entry.status >= 400:
            details.append(entry.reason)
        if entry.note:
            details.append(f"({entry.note})")
        if details:
            tail = printable("; ".join(details))
            line += "  " + (f"{_DIM}{tail}{_RESET}" if self.colour else tail)
        return line

    @staticmethod
    def format_json(entry: LoggedRequest) -> str:
        record: dict[str, object] = {
            "time": _iso(entry.ts),
            "method": entry.method,
            "path": entry.path,
            "query": entry.query,
            "status": entry.status,
            "operation": entry.operation,
            "scenario": entry.scenario,
            "rules": list(entry.rules),
            "ms": round(entry.duration_ms, 3),
        }
        if entry.violations:
            record["violations"] = list(entry.violations)
        if entry.reason and entry.status is not None and entry.status >= 400:
            record["reason"] = entry.reason
        if entry.note:
            record["note"] = entry.note
        return json.dumps(record, ensure_ascii=False)

    def _paint_status(self, text: str, status: int | None) -> str:
        if not self.colour:
            return text
        colour = _DROPPED_COLOUR if status is None else _STATUS_COLOURS.get(status // 100, "")
        return f"{colour}{text}{_RESET}"

    def _time(self, ts: float) -> str:
        second = int(ts)
        if second != self._second:  # strftime once a second, not once a request
            self._second = second
            self._clock = time.strftime("%H:%M:%S", time.localtime(second))
        return f"{self._clock}.{int((ts - second) * 1000):03d}"


# How much of a request's path and query a text line shows: a fuzzer's 60 KB query would otherwise flood the
# terminal with one line a request. The JSON format and the journal keep it whole.
TARGET_SHOWN = 1_000

# Control bytes but the tab: what no HTTP header value may hold (RFC 9110 5.5), and what would let a
# client's text start a log line of its own or write escape sequences to a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def printable(text: str) -> str:
    """`text` with its control bytes percent-encoded, as on the wire: a path decoded from `%0A`, a reason or
    an error header quoting it, can neither break a header nor start a line of its own."""
    return _CONTROL.sub(lambda found: f"%{ord(found.group()):02X}", text) if _CONTROL.search(text) else text


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int((ts % 1) * 1000):03d}Z"
