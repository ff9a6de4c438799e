"""Live progress: plain lines for CI logs, a rich display on a terminal."""

from __future__ import annotations

import io

from contract_tests.progress import NoProgress, PlainProgress, RichProgress, make_progress


def test_plain_progress_prints_a_line_per_operation_and_phase():
    stream = io.StringIO()
    progress = PlainProgress(stream)
    progress.phase_started("coverage", 2)
    progress.operation_done("coverage", "GET /things", 12, 0)
    progress.operation_done("coverage", "POST /things", 30, 2)
    progress.phase_finished("coverage")
    lines = stream.getvalue().splitlines()
    assert lines[0].endswith("coverage: started (2 operations)")
    assert lines[1].endswith("coverage 1/2 GET /things: 12 cases, ok")
    assert lines[2].endswith("coverage 2/2 POST /things: 30 cases, 2 failures")
    assert "coverage: done, 42 cases, 2 failures" in lines[3]
    assert all(line.startswith("[") and "s] " in line for line in lines)


def test_scenario_phases_are_folded_into_periodic_lines():
    stream = io.StringIO()
    progress = PlainProgress(stream, interval=3600)
    progress.phase_started("stateful", None)
    for _ in range(50):
        progress.operation_done("stateful", "scenario", 3, 0)
    progress.phase_finished("stateful")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3  # started, one folded line, done
    assert "stateful: done, 150 cases, 0 failures" in lines[-1]


def test_auto_mode_is_plain_off_a_terminal_and_rich_on_one(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert isinstance(make_progress("auto", io.StringIO()), PlainProgress)
    assert isinstance(make_progress("none", io.StringIO()), NoProgress)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    display = make_progress("auto", Terminal())
    assert isinstance(display, RichProgress)
    display.phase_started("examples", 1)
    display.operation_done("examples", "GET /x", 4, 1)
    display.close()
    monkeypatch.setenv("CI", "true")
    assert isinstance(make_progress("auto", Terminal()), PlainProgress)
