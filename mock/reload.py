"""Edit while serving: a spec, overlay or scenario file that changes is loaded again, and swapped in whole.

A thread watches `--specs` (its `overlays/` included) and `--scenarios` with watchfiles. After a
change it loads every spec and scenario again, off the event loop, into a new `MockServer`
that keeps the old one's state store, journal, clock, WebSocket sessions and active
scenarios (with their settings), then swaps it in with one assignment (`Dispatch.replace`):
a request sees the old APIs and rules or the new ones, never half of each.

A broken edit changes nothing: the previous version keeps serving and the log says
`file:line: problem` (the same one line `specmock specs check` / `scenarios check` print).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import watchfiles

from mock.request_log import RequestLog
from mock.scenario.loading import ScenarioError
from mock.spec import SpecError
from mock.spec.loading import LoadedSpecs, load_specs
from mock.spec.model import Api

if TYPE_CHECKING:
    from mock.app import Dispatch, ServeConfig

WATCHED_SUFFIXES = (".json", ".yaml", ".yml")


def watched_file(change: watchfiles.Change, path: str) -> bool:
    """Documents only: editors' swap and backup files (`.x.yaml.swp`, `x.yaml~`) are not."""
    name = Path(path).name
    return name.endswith(WATCHED_SUFFIXES) and not name.startswith((".", "#"))


class Reloader:
    def __init__(self, dispatch: Dispatch, config: ServeConfig, request_log: RequestLog) -> None:
        self.dispatch = dispatch
        self.config = config
        self.request_log = request_log
        folders = [config.specs_dir, config.scenarios_dir, *config.overlays]
        self.paths = [p for p in folders if p is not None and p.is_dir()]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="specmock-reload", daemon=True)
        self.reloads = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        for changes in watchfiles.watch(
            *self.paths, watch_filter=watched_file, stop_event=self._stop, debounce=400, step=50, raise_interrupt=False
        ):
            self.reload(sorted({path for _, path in changes}))

    def _load_specs(self) -> dict[str, Api]:
        # the spec validator only finds warnings, and a reload reports none: it is not waited for
        loaded = load_specs(self.config.specs_dir, extra_overlays=self.config.overlays, validate_now=False)
        apis = lenient_reload(loaded, [mount.api.name for mount in self.dispatch.server.mounts])
        for failure in loaded.failures:
            self.request_log.message(f"not served: {failure}", "error")
        return apis

    def reload(self, changed: Iterable[str] = ()) -> bool:
        """Load everything again and swap it in; False (old version still serving) when a file is broken."""
        from mock.app import build_server

        names = ", ".join(_short(path) for path in changed) or "files"
        try:
            apis = self._load_specs()
            server = build_server(self.config, apis, self.request_log, previous=self.dispatch.server)
        except (SpecError, ScenarioError) as exc:
            self.request_log.message(f"reload failed, still serving the previous version: {exc}", "error")
            return False
        except (KeyError, ValueError) as exc:  # --api no longer defined, a path under the admin prefix
            problem = exc.args[0] if exc.args else exc
            self.request_log.message(f"reload failed, still serving the previous version: {problem}", "error")
            return False
        self.dispatch.replace(server)
        self.reloads += 1
        operations = sum(len(m.api.operations) for m in server.mounts)
        self.request_log.message(
            f"reloaded after a change to {names}: {len(server.mounts)} APIs, {operations} operations, "
            f"scenarios {', '.join(server.scenarios.active()) or 'none'} active"
        )
        return True


def lenient_reload(loaded: LoadedSpecs, served: Iterable[str]) -> dict[str, Api]:
    """The APIs to swap in, loaded as leniently as at start-up: a document that did not load before may
    stay broken while the others change; an edit that breaks an API being served raises (the old version
    keeps serving)."""
    missing = [name for name in served if name not in loaded.apis]
    if loaded.failures and (missing or not loaded.apis):
        raise loaded.failures[0]
    return loaded.apis


def _short(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path
