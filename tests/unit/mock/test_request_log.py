"""The request log's lines and its writer, in-process."""

from __future__ import annotations

import io
import json
import time

from mock.request_log import FLUSH_INTERVAL_S, LineWriter, LoggedRequest, RequestLog

REJECTED = LoggedRequest(
    ts=1_700_000_000.25,
    method="POST",
    path="/aeriox/v1/images/generate",
    query="dry=1",
    status=422,
    operation="generateImage",
    scenario=None,
    rules=(),
    duration_ms=1.234,
    violations=("body prompt: required",),
    reason="The request is invalid",
)
DECIDED = LoggedRequest(
    ts=1_700_000_001.0,
    method="GET",
    path="/aeriox/v1/jobs/j1",
    query="",
    status=200,
    operation="getJob",
    scenario="job-lifecycle",
    rules=("job-lifecycle/poll",),
    duration_ms=0.5,
)


def test_text_line_says_what_happened_and_why():
    line = RequestLog(None).format_text(REJECTED)
    assert "POST" in line and "/aeriox/v1/images/generate?dry=1 422 generateImage 1.2ms" in line
    assert line.endswith("body prompt: required")
    assert "\x1b[" not in line
    decided = RequestLog(None).format_text(DECIDED)
    assert "/aeriox/v1/jobs/j1 200 getJob job-lifecycle/poll 0.5ms" in decided


def test_reason_stands_in_when_there_are_no_violations_and_the_note_follows():
    entry = LoggedRequest(1.0, "GET", "/x", "", 400, "op", None, (), 0.1, reason="bad", note="no body")
    assert RequestLog(None).format_text(entry).endswith("bad; (no body)")


def test_colour_only_when_asked_and_by_status_class():
    coloured = RequestLog(None, colour=True).format_text(REJECTED)
    assert "\x1b[33m422\x1b[0m" in coloured
    assert "\x1b[32m200\x1b[0m" in RequestLog(None, colour=True).format_text(DECIDED)
    assert "\x1b[" not in RequestLog(None, fmt="json", colour=True).format_json(REJECTED)


def test_json_line():
    record = json.loads(RequestLog(None, fmt="json").format_json(REJECTED))
    assert record["path"] == "/aeriox/v1/images/generate" and record["query"] == "dry=1"
    assert record["status"] == 422 and record["operation"] == "generateImage" and record["ms"] == 1.234
    assert record["violations"] == ["body prompt: required"] and record["reason"] == "The request is invalid"
    assert record["time"] == "2023-11-14T22:13:20.250Z"
    assert "violations" not in json.loads(RequestLog(None, fmt="json").format_json(DECIDED))


def test_writer_batches_lines_and_close_flushes_them():
    class CountingStream(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            return super().write(text)

    stream = CountingStream()
    writer = LineWriter(stream)
    log = RequestLog(writer)
    started = time.perf_counter()
    for _ in range(500):
        log.request(DECIDED)
    assert time.perf_counter() - started < FLUSH_INTERVAL_S  # the caller never waits for the stream
    writer.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 500 and all("getJob" in line for line in lines)
    assert stream.writes < 50  # written in batches, not once a line


def test_quiet_log_writes_messages_but_no_requests():
    stream = io.StringIO()
    log = RequestLog(LineWriter(stream), requests=False)
    log.request(DECIDED)
    log.message("reload failed: specs/x.yaml: line 3: bad")
    assert log.writer is not None
    log.writer.close()
    assert stream.getvalue().count("\n") == 1 and "reload failed" in stream.getvalue()


def test_a_line_never_carries_the_control_bytes_a_client_sent() -> None:
    """A path decoded from %0A (and a reason quoting it) would start a forged line of its own."""
    entry = DECIDED._replace(
        path="/v1/jobs/a\n03:00:00.000 GET /admin 200",
        status=404,
        reason="No operation matches the path /v1/jobs/a\nb\x1b[31m",
    )
    for colour in (False, True):
        line = RequestLog(None, colour=colour).format_text(entry)
        assert "\n" not in line and "/v1/jobs/a%0A03:00:00.000 GET /admin 200" in line
        assert "/v1/jobs/a%0Ab%1B[31m" in line


def test_a_long_target_is_cut_in_a_text_line_and_kept_whole_in_json() -> None:
    # schemathesis' coverage phase sends query strings of 60 KB: one line a request would flood a terminal
    entry = DECIDED._replace(query="q=" + "a" * 60_000)
    line = RequestLog(None).format_text(entry)
    assert len(line) < 1_200 and "/aeriox/v1/jobs/j1?q=aaa" in line and "… (+59,021 characters)" in line
    assert line.endswith("200 getJob job-lifecycle/poll 0.5ms")
    assert json.loads(RequestLog.format_json(entry))["query"] == entry.query
