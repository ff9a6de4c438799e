"""`specmock contract --base-url URL --api-key KEY` against `specmock serve --api-key KEY` passes on user specs,
whatever security scheme carries the key, and `specmock contract --base-url URL` alone passes against the
mock started with no flag at all.

The user specs are the small public-style specs of tests/data/specs, each given a different security
scheme (apiKey header, bearer, basic, apiKey in the query), plus the two that come with their own
(conduit: an apiKey header named Authorization; payments: bearer). Nothing else is passed: the runner
places the key as the spec declares, the mock reads it back from there, and a wrong key is refused.
"""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from contract_tests.cli import main
from tests.specmock_server import checked_server

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "specs"
KEY = "sk_user_spec_key_0001"
BASIC = "reader:s3cret-pass"

# api -> (security scheme given to its spec, key the contract run passes, base path)
SECURED: dict[str, tuple[dict[str, Any] | None, str, str]] = {
    "library": ({"type": "apiKey", "in": "header", "name": "X-Library-Key"}, KEY, "/api"),
    "petstore": ({"type": "http", "scheme": "bearer"}, KEY, "/v1"),
    "orgs": ({"type": "http", "scheme": "basic"}, BASIC, ""),
    "feed": ({"type": "apiKey", "in": "query", "name": "api_key"}, KEY, ""),
    "conduit": (None, KEY, "/api"),  # its own: apiKey header `Authorization`
    "payments": (None, KEY, ""),  # its own: bearer
}


def _secured(source: Path, scheme: dict[str, Any]) -> dict[str, Any]:
    document = yaml.safe_load(source.read_text())
    document.setdefault("components", {})["securitySchemes"] = {"userKey": scheme}
    document["security"] = [{"userKey": []}]
    return document


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("secured-specs")
    for api, (scheme, _, _) in SECURED.items():
        if scheme is None:
            shutil.copy(SAMPLES / api / f"{api}.yaml", folder / f"{api}.openapi.yaml")
        else:
            document = _secured(SAMPLES / f"{api}.openapi.yaml", scheme)
            (folder / f"{api}.openapi.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return folder


@pytest.fixture(scope="module")
def keyed_mock(specs: Path) -> Iterator[Any]:
    with checked_server("--specs", str(specs), "--api-key", KEY, "--api-key", BASIC) as server:
        yield server


def _spec_file(specs: Path, api: str) -> Path:
    return (
        specs / f"{api}.openapi.yaml"
        if (specs / f"{api}.openapi.yaml").exists()
        else next((specs / api).glob("*.yaml"))
    )


def _contract(specs: Path, api: str, url: str, tmp_path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    report = tmp_path / f"{api}.json"
    argv = ["--spec", str(specs / f"{api}.openapi.yaml"), "--base-url", url, "--max-examples", "3", "--seed", "1"]
    code = main([*argv, *extra, "--report", str(report), "--progress", "none"])
    return code, json.loads(report.read_text())


@pytest.mark.parametrize("api", sorted(SECURED))
def test_a_key_is_all_a_contract_run_needs(api: str, specs: Path, keyed_mock: Any, tmp_path: Path) -> None:
    _, key, base = SECURED[api]
    code, report = _contract(specs, api, f"{keyed_mock.url}/{api}{base}", tmp_path, "--api-key", key)
    failures = sorted({(f["operation"], f["check"], f["message"][:160]) for f in report["failures"]})
    assert report["errors"] == [] and failures == [], f"{api}: {failures or report['errors']}"
    # the key was verified: wrong and forged credentials were tested too
    assert not any("stand-in" in note for note in report["notes"]), report["notes"]
    assert code == 0


def test_the_keyed_mock_refuses_any_other_key(keyed_mock: Any) -> None:
    """The other half of agreeing: with --api-key the mock accepts that key only, in the scheme's place."""
    with httpx.Client(base_url=keyed_mock.url, timeout=10) as client:
        assert client.get("/library/api/books", headers={"X-Library-Key": KEY}).status_code == 200
        assert client.get("/library/api/books", headers={"X-Library-Key": "other"}).status_code == 401
        assert client.get("/feed/posts", params={"api_key": KEY}).status_code == 200
        assert client.get("/feed/posts", params={"api_key": "other"}).status_code == 401
        basic = "Basic " + base64.b64encode(BASIC.encode()).decode()
        wrong = "Basic " + base64.b64encode(b"reader:guess").decode()
        assert client.get("/orgs/orgs", headers={"Authorization": basic}).status_code == 200
        assert client.get("/orgs/orgs", headers={"Authorization": wrong}).status_code == 401


def test_a_wrong_key_fails_the_run(specs: Path, keyed_mock: Any, tmp_path: Path) -> None:
    """No pass by default: a key the server does not accept makes the positive checks fail."""
    code, report = _contract(specs, "petstore", f"{keyed_mock.url}/petstore/v1", tmp_path, "--api-key", "not-the-key")
    assert code == 1 and report["failures"]


@pytest.fixture(scope="module")
def default_mock(specs: Path) -> Iterator[Any]:
    with checked_server("--specs", str(specs)) as server:
        yield server


@pytest.mark.parametrize("api", ["feed", "orgs", "conduit"])
def test_no_flags_pass_against_the_default_mock(api: str, specs: Path, default_mock: Any, tmp_path: Path) -> None:
    """No key at all: a stand-in is sent, and the report says what that leaves untested."""
    _, _, base = SECURED[api]
    code, report = _contract(specs, api, f"{default_mock.url}/{api}{base}", tmp_path)
    failures = sorted({(f["operation"], f["check"], f["message"][:160]) for f in report["failures"]})
    assert report["errors"] == [] and failures == [], f"{api}: {failures or report['errors']}"
    assert any("stand-in" in note for note in report["notes"])
    assert code == 0
