"""Live progress of a contract run, per phase and operation: a rich display on a terminal, plain lines in CI.

The runner reports four things: a phase starts (with how many operations it covers), an operation is
done in a phase (cases and failures so far), a phase ends, the run ends. Both displays write to
stderr, so stdout keeps only the summary.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Protocol, TextIO


class Progress(Protocol):
    def phase_started(self, phase: str, operations: int | None) -> None: ...

    def operation_done(self, phase: str, label: str, cases: int, failures: int) -> None: ...

    def phase_finished(self, phase: str) -> None: ...

    def close(self) -> None: ...


class NoProgress:
    def phase_started(self, phase: str, operations: int | None) -> None:
        pass

    def operation_done(self, phase: str, label: str, cases: int, failures: int) -> None:
        pass

    def phase_finished(self, phase: str) -> None:
        pass

    def close(self) -> None:
        pass


class _Tally:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.phase_started_at: dict[str, float] = {}
        self.done: dict[str, int] = {}
        self.total: dict[str, int | None] = {}
        self.cases: dict[str, int] = {}
        self.failures: dict[str, int] = {}

    def start(self, phase: str, operations: int | None) -> None:
        self.phase_started_at[phase] = time.monotonic()
        self.done[phase] = 0
        self.total[phase] = operations
        self.cases[phase] = 0
        self.failures[phase] = 0

    def add(self, phase: str, cases: int, failures: int) -> None:
        if phase not in self.done:
            self.start(phase, None)
        self.done[phase] += 1
        self.cases[phase] += cases
        self.failures[phase] += failures

    def elapsed(self) -> float:
        return time.monotonic() - self.started


class PlainProgress:
    """One line per operation and phase, with a timestamp: readable in a CI log.

    Phases with many small scenarios (the stateful one) would print a line each; those lines are
    folded to one per `interval` seconds.
    """

    def __init__(self, stream: TextIO, interval: float = 2.0) -> None:
        self.stream = stream
        self.interval = interval
        self.tally = _Tally()
        self._last_line = float("-inf")

    def _write(self, text: str) -> None:
        print(f"[{self.tally.elapsed():6.1f}s] {text}", file=self.stream, flush=True)

    def phase_started(self, phase: str, operations: int | None) -> None:
        self.tally.start(phase, operations)
        scope = f" ({operations} operation{'s' if operations != 1 else ''})" if operations else ""
        self._write(f"{phase}: started{scope}")

    def operation_done(self, phase: str, label: str, cases: int, failures: int) -> None:
        self.tally.add(phase, cases, failures)
        total = self.tally.total.get(phase)
        if total is None:  # scenario-based phase: fold into periodic lines
            now = time.monotonic()
            if now - self._last_line < self.interval:
                return
            self._last_line = now
            self._write(
                f"{phase}: {self.tally.done[phase]} scenarios, {self.tally.cases[phase]} cases, "
                f"{self.tally.failures[phase]} failures"
            )
            return
        verdict = f"{failures} failures" if failures else "ok"
        self._write(f"{phase} {self.tally.done[phase]}/{total} {label}: {cases} cases, {verdict}")

    def phase_finished(self, phase: str) -> None:
        if phase not in self.tally.done:
            return
        took = time.monotonic() - self.tally.phase_started_at.get(phase, time.monotonic())
        self._write(
            f"{phase}: done, {self.tally.cases[phase]} cases, {self.tally.failures[phase]} failures in {took:.1f}s"
        )

    def close(self) -> None:
        pass


class RichProgress:
    """A live table on a terminal: one bar per phase with operations done, cases, failures and time."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.tally = _Tally()
        self.progress = Progress(
            TextColumn("[bold]{task.description:<11}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("{task.fields[cases]:>6} cases"),
            TextColumn("{task.fields[failures]}"),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[current]}"),
            console=Console(file=stream),
            transient=False,
        )
        self.tasks: dict[str, Any] = {}
        self.progress.start()

    def phase_started(self, phase: str, operations: int | None) -> None:
        self.tally.start(phase, operations)
        self.tasks[phase] = self.progress.add_task(
            phase, total=operations, cases=0, failures="[green]0 failures", current=""
        )

    def operation_done(self, phase: str, label: str, cases: int, failures: int) -> None:
        if phase not in self.tasks:
            self.phase_started(phase, None)
        self.tally.add(phase, cases, failures)
        count = self.tally.failures[phase]
        colour = "red" if count else "green"
        self.progress.update(
            self.tasks[phase],
            advance=1,
            cases=self.tally.cases[phase],
            failures=f"[{colour}]{count} failures",
            current=label,
        )

    def phase_finished(self, phase: str) -> None:
        task = self.tasks.get(phase)
        if task is not None:
            done = self.tally.done.get(phase, 0)
            self.progress.update(task, total=max(done, 1), completed=max(done, 1), current="done")

    def close(self) -> None:
        self.progress.stop()


def make_progress(mode: str, stream: TextIO | None = None) -> Progress:
    """`auto` is rich on a terminal outside CI, plain lines otherwise; `none` prints nothing."""
    stream = stream or sys.stderr
    if mode == "none":
        return NoProgress()
    if mode == "auto":
        mode = "rich" if stream.isatty() and not os.environ.get("CI") else "plain"
    if mode == "rich":
        return RichProgress(stream)
    return PlainProgress(stream)
