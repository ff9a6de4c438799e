"""The lenient loading policy: what stops a spec (errors) and what is only reported (warnings).

A real backend serves a document whose `info.termsOfService` is not a URI, whose examples are
stale or whose `required` lists a name twice. So does specmock: everything openapi-spec-validator
finds is a warning with its JSON pointer, listed by `specmock specs check` and fatal only under
`--strict`. What stops loading is what stops serving: unreadable files, `$ref`s that cannot or must
not be resolved, and operations that are not there to build (those raise SpecError elsewhere).

The validator is run with resolver handlers that read files inside the spec folder only and
never a URL; our own resolver has already refused anything else before it runs.

Its verdict is cached by content (mock/spec/cache.py). It never stops a document, and on GitHub's
spec it takes 15 CPU seconds, so `serve` (unless `--strict`) does not wait for it: documents it has
not judged yet are served at once and checked by a `BackgroundCheck`, a child process at low
priority, whose warnings are reported when it ends. `specs check` and `--strict` wait for it.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from mock.spec import cache
from mock.spec.errors import SpecError
from mock.spec.reading import is_swagger2, read_data
from mock.spec.recursion import pythons_own_limit
from mock.spec.refs import pointer, written_place


@dataclass(frozen=True)
class SpecWarning:
    """Something a real backend would shrug at: reported, not fatal (unless --strict)."""

    file: str
    place: str  # a JSON pointer, #/paths/~1pets/get/...
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.place}: {self.problem}"


class FolderOnlyHandler:
    """A jsonschema-path handler that reads spec files inside one folder and refuses everything else."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def __call__(self, uri: str) -> Any:
        parts = urlsplit(uri)
        if parts.scheme != "file":
            raise SpecError(uri, "$ref", "remote references are never fetched")
        file = Path(url2pathname(parts.path)).resolve()
        if not file.is_relative_to(self.folder):
            raise SpecError(uri, "$ref", f"outside the spec folder {self.folder}; not read")
        return read_data(file)


@dataclass(frozen=True)
class UncheckedDocument:
    """A document served before openapi-spec-validator has judged it: what the check needs to read it again."""

    path: Path
    folder: Path
    files: tuple[Path, ...]  # every file its `$ref`s read, the root first: the verdict's cache key


def cached_warnings(files: Sequence[Path]) -> list[SpecWarning] | None:
    """The validator's findings on these files when it has judged exactly their content before."""
    found = cache.lookup_verdict(files)
    return None if found is None else [SpecWarning(*finding) for finding in found]


def validator_warnings(
    path: Path, folder: Path, files: Sequence[Path], document: dict[str, Any] | None = None
) -> list[SpecWarning]:
    """openapi-spec-validator's findings as warnings; remembered by the content of every file involved."""
    cached = cached_warnings(files)
    if cached is not None:
        return cached
    try:
        raw = document if document is not None else read_data(path)
    except SpecError as exc:  # changed on disk since it was loaded; the next start checks the new content
        return [SpecWarning(str(path), "#", f"not checked: {exc.problem}")]
    with pythons_own_limit():  # see mock.spec.recursion
        warnings = list(_run_validator(raw, path, folder))
    cache.store_verdict(files, [(w.file, w.place, w.problem) for w in warnings])
    return warnings


class BackgroundCheck:
    """openapi-spec-validator on documents already being served, in a child process at low priority.

    A child rather than a thread: the check is pure Python, and in a thread it would hold the GIL
    the server needs to answer; a child runs on another core, and its memory is returned when it
    ends. `finished` is called once, from a thread of ours, with the warnings, or with why the
    check did not end (its warnings are then simply not reported; serving goes on).
    """

    def __init__(
        self, documents: Sequence[UncheckedDocument], finished: Callable[[list[SpecWarning], str | None], None]
    ) -> None:
        self.documents = tuple(documents)
        self._finished = finished
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._wait, name="specmock-spec-check", daemon=True)
        self._stopping = False

    def start(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])  # where `mock` is imported from, installed or not
        path = os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH"))))
        self._process = subprocess.Popen(
            [sys.executable, "-c", "from mock.spec.checking import child_main; child_main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )
        self._thread.start()

    def _wait(self) -> None:
        assert self._process is not None
        request = [
            {"path": str(d.path), "folder": str(d.folder), "files": [str(f) for f in d.files]} for d in self.documents
        ]
        try:
            out, err = self._process.communicate(json.dumps(request).encode())
        except (OSError, ValueError) as exc:
            self._finished([], f"the check stopped: {exc}")
            return
        if self._stopping:
            return
        if self._process.returncode != 0:
            lines = err.decode(errors="replace").strip().splitlines()
            self._finished([], f"the check exited {self._process.returncode}: {lines[-1] if lines else 'no output'}")
            return
        try:
            self._finished([SpecWarning(*finding) for finding in json.loads(out)], None)
        except (ValueError, TypeError) as exc:
            self._finished([], f"the check answered something unreadable: {exc}")

    def wait(self, timeout: float) -> bool:
        """True once the check has ended and `finished` was called."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self) -> None:
        """End the child if it is still checking (the server is stopping); `finished` is not called."""
        self._stopping = True
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


def child_main() -> None:
    """The `BackgroundCheck` child: documents as JSON on stdin, their warnings as JSON on stdout."""
    with contextlib.suppress(OSError):
        os.nice(10)  # the server answering beside it comes first
    findings = []
    for entry in json.loads(sys.stdin.read()):
        files = tuple(Path(file) for file in entry["files"])
        warnings = validator_warnings(Path(entry["path"]), Path(entry["folder"]), files)
        findings += [[w.file, w.place, w.problem] for w in warnings]
    json.dump(findings, sys.stdout)


def _run_validator(document: dict[str, Any], path: Path, folder: Path) -> Iterable[SpecWarning]:
    from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    base: type[OpenAPIV2SpecValidator | OpenAPIV30SpecValidator | OpenAPIV31SpecValidator]
    if is_swagger2(document):
        base = OpenAPIV2SpecValidator  # judged as written: its places are the Swagger document's own
    elif str(document.get("openapi")).startswith("3.0"):
        base = OpenAPIV30SpecValidator
    else:
        base = OpenAPIV31SpecValidator
    handler = FolderOnlyHandler(folder)
    keywords = {
        **base.keyword_validators,
        "default": _placed_defaults(base.keyword_validators["default"]),
        "schema": _placed_schema_checks(base.keyword_validators["schema"]),
    }
    validator_cls = type(
        "FolderOnly" + base.__name__,
        (base,),
        {"resolver_handlers": _handlers(handler), "keyword_validators": keywords},
    )
    seen: set[tuple[str, str]] = set()
    try:
        for error in validator_cls(document, base_uri=path.resolve().as_uri()).iter_errors():
            if base is OpenAPIV2SpecValidator and _file_type(error):
                continue
            place = pointer(written_place(document, list(error.absolute_path)))
            problem = _short_message(error)
            if (place, problem) not in seen:
                seen.add((place, problem))
                yield SpecWarning(str(path), place, problem)
    except SpecError as exc:
        yield SpecWarning(str(path), "#", f"not fully checked: {exc.problem}")
    except RecursionError:
        yield SpecWarning(str(path), "#", "not fully checked: the validator ran out of stack")
    except Exception as exc:  # the validator trips over documents it cannot walk; we serve them anyway
        yield SpecWarning(str(path), "#", f"not fully checked: {type(exc).__name__}: {exc}"[:300])


def _file_type(error: Any) -> bool:
    """A Swagger 2.0 schema's `type: file`: the validator refuses it (and cannot say where), but Swagger 2.0 allows
    it in a response's schema, a download (Harbor's root certificate), and the upgrade reads it as binary text."""
    return error.instance == "file" and list(error.absolute_path)[-1:] == ["type"]


def _placed_defaults(validator: Any) -> Any:
    """The validator's check of a `default` against its schema, with each error placed in the document: its own
    errors' places are inside the default value (`#/` for a required property it lacks), which says nothing of
    where (Kubernetes' 36 `default: {}` warnings all read `#/`)."""

    class PlacedDefault(validator):  # type: ignore[misc]
        def __call__(self, schema: Any, value: Any) -> Iterator[Any]:
            for error in super().__call__(schema, value):
                error.path.extendleft(reversed([*schema.parts, "default"]))
                yield error

    return PlacedDefault


def _placed_schema_checks(validator: Any) -> Any:
    """The validator's check of a schema against the metaschema, with each error placed in the document: its own
    errors' places are inside the schema (WorkOS' list schemas that require `list_metadata` twice all read
    `#/required`)."""

    class PlacedSchema(validator):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # The validator remembers the schemas it has checked in lists, and asks each new schema whether it is in
            # them: quadratic in a spec's schemas (loket.nl's 6 MB spec spent 14 of its 40 s there). A set answers
            # the same `in` and takes the same `append`.
            for registry in ("visited_schema_ids", "meta_checked_schema_ids"):
                if isinstance(getattr(self, registry, None), list):
                    setattr(self, registry, _IdSet())

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            error = super()._validate_schema_meta(schema, schema_value)
            if error is not None:
                error.path.extendleft(reversed(list(schema.parts)))
            return error

    return PlacedSchema


class _IdSet(set[int]):
    """The ids of the schemas a validator has seen, kept in a set behind the list method it calls."""

    def append(self, schema_id: int) -> None:
        self.add(schema_id)


def _short_message(error: Any) -> str:
    """The validator's message without the (possibly huge) value it quotes."""
    message = " ".join(str(error.message).split())
    quoted = " ".join(repr(error.instance).split())
    if len(quoted) > 60 and quoted in message:
        message = message.replace(quoted, type(error.instance).__name__)
    return message[:300]


def _handlers(handler: FolderOnlyHandler) -> dict[str, Any]:
    return {"<all_urls>": handler, "http": handler, "https": handler, "file": handler}
