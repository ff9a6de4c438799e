"""`pytest contract_tests` end to end, in a subprocess: refuses to run without a target, passes on a
correct implementation, fails naming the check on a faulty one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.faulty_apps import API_KEY, OPERATIONS, make_app, serve

ROOT = Path(__file__).resolve().parents[2]


def run_pytest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "contract_tests", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def target_args(base_url: str) -> list[str]:
    args = [
        "--base-url",
        base_url,
        "--api",
        "aeriox",
        "--header",
        f"Authorization: Bearer {API_KEY}",
        "--max-examples",
        "3",
    ]
    for operation in OPERATIONS:
        args += ["--operation", operation]
    return args


def test_without_base_url_is_a_usage_error():
    result = run_pytest()
    assert result.returncode == 4, result.stdout + result.stderr
    assert "pass --base-url URL and --api NAME" in result.stderr


def test_passes_on_correct_app():
    with serve(make_app()) as base_url:
        result = run_pytest(*target_args(base_url))
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_fails_on_faulty_app_naming_the_check():
    with serve(make_app("deleted_still_readable")) as base_url:
        result = run_pytest(*target_args(base_url))
    assert result.returncode == 1
    assert "resource_lifecycle_conformance" in result.stdout
