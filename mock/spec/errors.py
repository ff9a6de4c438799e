"""Spec problems: one line each, `file: place: problem`."""

from __future__ import annotations

from pathlib import Path


class SpecError(Exception):
    """A spec file that cannot be served; the message is one line: file: place: problem."""

    def __init__(self, file: Path | str, place: str, problem: str) -> None:
        self.file = str(file)
        self.place = place
        self.problem = " ".join(problem.split())
        super().__init__(f"{self.file}: {self.place}: {self.problem}")
