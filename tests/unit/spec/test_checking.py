"""openapi-spec-validator's verdict: only ever warnings, cached by content, and run after start-up when asked."""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

import pytest

from mock.spec.checking import BackgroundCheck, SpecWarning, UncheckedDocument, cached_warnings
from mock.spec.loading import load_specs

DATA = Path(__file__).resolve().parents[2] / "data" / "specs"


@pytest.fixture
def shelter(tmp_path, monkeypatch) -> Path:
    """The multi-file spec (its validator warnings: duplicate `required` entries) with an empty cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "specs"
    shutil.copytree(DATA / "multifile", folder)
    return folder


def _validator_places(warnings: list[SpecWarning]) -> set[str]:
    return {w.place for w in warnings if "non-unique elements" in w.problem}


def test_loading_without_waiting_lists_the_unchecked_document_and_serves_it(shelter):
    loaded = load_specs(shelter, validate_now=False)
    assert set(loaded.apis) == {"shelter"} and not loaded.failures
    assert [d.path.name for d in loaded.unchecked] == ["shelter.yaml"]
    assert [f.name for f in loaded.unchecked[0].files] == ["shelter.yaml", "pet.yaml"]  # the root, then its $refs
    assert not _validator_places(loaded.warnings)  # not judged yet


def test_a_verdict_is_cached_and_found_by_the_next_load_without_waiting(shelter):
    checked = load_specs(shelter)  # validate_now: what `specs check` and `--strict` do
    assert not checked.unchecked
    assert _validator_places(checked.warnings) == {"#/components/schemas/Node/required"}
    again = load_specs(shelter, validate_now=False)
    assert not again.unchecked
    assert _validator_places(again.warnings) == {"#/components/schemas/Node/required"}


def test_a_changed_referenced_file_is_judged_again(shelter):
    load_specs(shelter)
    assert not load_specs(shelter, validate_now=False).unchecked
    (shelter / "pet.yaml").write_text((shelter / "pet.yaml").read_text() + "\n# edited\n")
    loaded = load_specs(shelter, validate_now=False)
    assert [d.path.name for d in loaded.unchecked] == ["shelter.yaml"]
    assert cached_warnings(loaded.unchecked[0].files) is None


def test_background_check_reports_the_warnings_and_caches_them(shelter):
    unchecked = load_specs(shelter, validate_now=False).unchecked
    results: list[tuple[list[SpecWarning], str | None]] = []
    check = BackgroundCheck(unchecked, lambda warnings, failure: results.append((warnings, failure)))
    check.start()
    assert check.wait(timeout=120), "the check did not end"
    [(warnings, failure)] = results
    assert failure is None
    assert _validator_places(warnings) == {"#/components/schemas/Node/required"}
    assert all(w.file.endswith("shelter.yaml") for w in warnings)
    assert _validator_places(load_specs(shelter, validate_now=False).warnings) == {"#/components/schemas/Node/required"}


def test_background_check_that_fails_says_why(tmp_path):
    document = UncheckedDocument(tmp_path / "gone.yaml", tmp_path, (tmp_path / "gone.yaml",))
    results: list[tuple[list[SpecWarning], str | None]] = []
    check = BackgroundCheck([document], lambda warnings, failure: results.append((warnings, failure)))
    check.start()
    assert check.wait(timeout=120)
    [(warnings, failure)] = results
    # a file gone since it was loaded: the check says so as a warning with its place, it does not crash
    assert failure is None and [w.place for w in warnings] == ["#"] and "not checked" in warnings[0].problem


def test_stopping_a_background_check_ends_its_process_without_a_report(shelter):
    unchecked = load_specs(shelter, validate_now=False).unchecked
    called = threading.Event()
    check = BackgroundCheck(unchecked, lambda warnings, failure: called.set())
    check.start()
    check.stop()
    assert check.wait(timeout=30)
    assert not called.is_set()


DEFAULTS = """
openapi: 3.0.3
info: {title: default violating required is reported at "#/", version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      properties:
        spec:
          allOf: [{$ref: "#/components/schemas/Spec"}]
          default: {}
    Spec:
      type: object
      required: [selector]
      properties:
        selector: {type: string}
"""


def test_a_default_that_breaks_its_schema_is_placed_where_the_file_writes_it(tmp_path, monkeypatch):
    # Kubernetes gives `default: {}` to properties whose schema has required fields: each of its 36 warnings read `#/`
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "defaults.yaml").write_text(DEFAULTS)
    warnings = [w for w in load_specs(tmp_path / "specs").warnings if "required property" in w.problem]
    assert [w.place for w in warnings] == ["#/components/schemas/Thing/properties/spec/default"]


def test_a_schema_that_breaks_the_metaschema_is_placed_where_the_file_writes_it(tmp_path, monkeypatch):
    # WorkOS' list schemas require `list_metadata` twice: each warning read `#/required`
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "specs").mkdir()
    twice = DEFAULTS.replace("required: [selector]", "required: [selector, selector]")
    (tmp_path / "specs" / "twice.yaml").write_text(twice)
    warnings = [w for w in load_specs(tmp_path / "specs").warnings if "non-unique" in w.problem]
    assert [w.place for w in warnings] == ["#/components/schemas/Spec/required"]


DOWNLOAD = """
swagger: "2.0"
info: {title: a download, version: "1"}
paths:
  /systeminfo/getcert:
    get:
      operationId: getCert
      produces: [application/octet-stream]
      responses:
        "200":
          description: the certificate
          schema: {type: file}
"""


def test_a_swagger_2_download_of_type_file_is_no_warning_and_is_served_as_binary(tmp_path, monkeypatch):
    # Harbor's root certificate: the validator refused `type: file` (which Swagger 2.0 allows in a response) at `#/type`
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "download.yaml").write_text(DOWNLOAD)
    loaded = load_specs(tmp_path / "specs")
    assert loaded.warnings == []
    media = loaded.apis["download"].operations[0].responses["200"].content["application/octet-stream"]
    assert media.schema == {"type": "string", "format": "binary"}


def test_specs_check_json_reports_each_api_and_the_verdict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `--json` was accepted and ignored: the text report came out
    import json

    from mock.cli import main

    (tmp_path / "ex.yaml").write_text(
        """
openapi: 3.0.3
info: {title: ex, version: "1"}
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
              examples: {one: {value: [{id: "1"}]}}
"""
    )
    assert main(["specs", "check", "--specs", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["failures"] == []
    assert report["apis"]["ex"]["operations"] == 1 and report["apis"]["ex"]["sources"] == ["ex.yaml"]
    assert any("example does not match its schema" in warning for warning in report["apis"]["ex"]["warnings"])
    assert main(["specs", "check", "--specs", str(tmp_path), "--json", "--strict"]) == 2
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_the_spec_validator_runs_under_pythons_own_recursion_limit_not_the_one_specs_load_under(shelter, monkeypatch):
    # past 1,000 frames openapi-spec-validator walked HubSpot's conversations spec for 95 s and 15 GB; under it,
    # it stops within a second and says it did not finish
    from mock.spec import checking

    limits: list[int] = []
    real = checking._run_validator

    def watched(*args, **kwargs):
        limits.append(sys.getrecursionlimit())
        yield from real(*args, **kwargs)

    monkeypatch.setattr(checking, "_run_validator", watched)
    before = sys.getrecursionlimit()
    load_specs(shelter)
    assert limits and set(limits) == {1_000}
    assert sys.getrecursionlimit() >= 10_000 and sys.getrecursionlimit() >= before
