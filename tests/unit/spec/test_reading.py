"""Reading spec files safely: hostile files give one `file: place: problem` fast, never a traceback or a hang."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from mock.spec import SpecError
from mock.spec.reading import MAX_DEPTH, read_data, read_document

BILLION_LAUGHS = "openapi: 3.1.0\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
)


def _refused(path: Path) -> SpecError:
    started = time.perf_counter()
    with pytest.raises(SpecError) as caught:
        read_document(path)
    assert time.perf_counter() - started < 1.0, "a hostile file must be refused in under a second"
    assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)
    return caught.value


def test_yaml_alias_bomb_is_refused_before_anything_expands_it(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)
    assert "expands to more than" in _refused(path).problem


def test_self_containing_yaml_alias_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("openapi: 3.1.0\nloop: &x\n  again: *x\n")
    assert "contains it" in _refused(path).problem


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_ten_thousand_deep_document_is_refused(tmp_path, suffix):
    path = tmp_path / f"deep{suffix}"
    deep = '{"a": ' * 10_000 + "1" + "}" * 10_000
    path.write_text('{"openapi": "3.1.0", "x": ' + deep + "}")
    problem = _refused(path).problem
    assert f"more than {MAX_DEPTH} levels" in problem or "maximum nesting depth" in problem  # ours or libyaml's


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert _refused(path).problem == "binary data, not JSON or YAML text"


def test_utf16_file_is_refused_with_advice(tmp_path):
    path = tmp_path / "spec.json"
    path.write_bytes(json.dumps({"openapi": "3.1.0"}).encode("utf-16"))
    assert "UTF-16" in _refused(path).problem


def test_invalid_utf8_names_its_line(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"openapi: 3.1.0\ninfo:\n  title: caf\xe9\n")
    error = _refused(path)
    assert (error.place, error.problem) == ("line 3", "not UTF-8 text (byte 0xe9)")


def test_yaml_reads_as_json_would_say_it(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {version: 2024-10-01}\npaths: {/x: {get: {responses: {200: {description: ok}}}}}\n"
    )
    data = read_data(path)
    assert data["info"]["version"] == "2024-10-01"
    assert list(data["paths"]["/x"]["get"]["responses"]) == ["200"]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "just words\n", "42\n", "null\n"])
def test_a_file_that_holds_no_mapping_is_refused_in_one_line(tmp_path, text):
    # an empty spec file (a failed download, a file made to fill in later) once raised a TypeError at start-up
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    assert _refused(path).problem == "not an OpenAPI document (no top-level `openapi` or `swagger` key)"


def test_yaml_is_read_as_yaml_1_2_reads_it(tmp_path):
    # OpenAPI 3.1 asks for YAML 1.2; PyYAML reads 1.1, where Norway's `NO` is false, `18:00` is 1080 and `010` is 8:
    # a country enum [SE, NO, DK] refused {"country": "NO"}
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "enum: [SE, NO, DK, yes, on, Off, y]\nclose: 18:00\nzero: 010\noctal: 0o17\nhex: 0x1F\nbig: 1_000\n"
        "sci: 1e3\nflags: [true, False, TRUE]\nnothing: ~\nfloat: -2.5\ninf: .inf\nwhen: 2024-10-01\n"
    )
    assert read_data(spec) == {
        "enum": ["SE", "NO", "DK", "yes", "on", "Off", "y"],
        "close": "18:00",
        "zero": 10,
        "octal": 15,
        "hex": 31,
        "big": "1_000",
        "sci": 1000.0,
        "flags": [True, False, True],
        "nothing": None,
        "float": -2.5,
        "inf": float("inf"),
        "when": "2024-10-01",
    }
