"""YAML request bodies are read as YAML 1.2 within limits; answers are written as YAML (mock/yaml_bodies.py)."""

from __future__ import annotations

import pytest
import yaml

from mock.yaml_bodies import YamlError, dump_yaml, is_yaml, parse_yaml


def test_a_document_reads_as_the_spec_files_do() -> None:
    text = b"spec:\n  replicas: 5\n  country: NO\n  when: 2024-10-01\n  on: yes\n200: ok\n"
    assert parse_yaml(text, 64) == {
        "spec": {"replicas": 5, "country": "NO", "when": "2024-10-01", "on": "yes"},  # YAML 1.2: text, not 1.1
        "200": "ok",  # keys are text, as JSON's are
    }
    assert parse_yaml(b'{"size": 3}', 64) == {"size": 3}  # JSON is YAML


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"a: &x [1, 2]\nb: *x\n", "anchors or aliases"),  # a billion laughs starts so
        (b"[" * 70 + b"]" * 70, "nested deeper than 64"),
        (b"a: [1, 2\n", "malformed YAML at line"),
        (b"a: .inf\n", "not finite"),
        (b"a: 1\n---\nb: 2\n", "malformed YAML"),  # one document per body
        (b"\xff\xfe", "not UTF-8"),
        (b"a: " + b"9" * 5000 + b"\n", "number"),
    ],
)
def test_what_is_refused_says_why(raw: bytes, says: str) -> None:
    with pytest.raises(YamlError, match=says):
        parse_yaml(raw, 64)


def test_an_answer_written_as_yaml_reads_back_as_itself() -> None:
    value = {"name": "web", "labels": {"app": "web"}, "replicas": 3, "ports": [80, 443], "note": "ünïcode"}
    assert yaml.safe_load(dump_yaml(value)) == value


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("application/yaml", True),
        ("application/apply-patch+yaml", True),
        ("text/yaml; charset=utf-8", True),
        ("application/x-yaml", True),
        ("text/vnd.yaml", True),
        ("application/json", False),
        ("application/cbor", False),
    ],
)
def test_yaml_media_types(name: str, expected: bool) -> None:
    assert is_yaml(name) is expected
