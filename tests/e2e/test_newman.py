"""A public API's Postman collection, run by newman against `specmock serve --specs DIR` alone.

The spec is the Train Travel API (Bump.sh's public example, as published in npm's `@readme/oas-examples`);
the collection is what Postman's own converter (`openapi-to-postmanv2`) makes of it, every request as the
converter wrote it, plus what a test suite written against the real API would check:

- on every request (collection-level tests): the status is one the spec declares for that operation, and a
  JSON answer parses;
- a coherence folder: create a booking, read it back (what was sent, the same record), find it in the list
  (one more than before), pay for it, delete it, then it is gone (404) and the list is back to its size.

Newman's own verdict decides (its exit code and its JSON report: every assertion passed). The same
collection against the static mock (`--scenario none`) must fail the coherence folder: the checks can fail.
Needs npm (newman and the spec come from the npm registry, see tests/node_tools.py); skips saying why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import node_tools
from tests.specmock_server import SpecmockServer, self_check_violations

SPEC = "@readme/oas-examples/3.1/json/train-travel.json"
TOKEN = "sk_live_newman"


@pytest.fixture(scope="module")
def tools() -> Path:
    problem = node_tools.ensure()
    if problem is not None:
        pytest.skip(problem)
    if shutil.which("node") is None:
        pytest.skip("node is not installed (apt-get install nodejs): newman runs on it")
    return node_tools.modules()


@pytest.fixture(scope="module")
def specs(tools: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("train-travel")
    shutil.copy(tools / SPEC, folder / "train-travel.json")
    return folder


@pytest.fixture(scope="module")
def converted(specs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("collection") / "converted.json"
    done = subprocess.run(
        [
            str(node_tools.binary("openapi2postmanv2")),
            *("-s", str(specs / "train-travel.json"), "-o", str(out), "-p"),
            *("-O", "folderStrategy=Paths,parametersResolution=Example"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    collection: dict[str, Any] = json.loads(out.read_text())
    return collection


def _requests(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        if "item" in item:
            yield from _requests(item["item"])
        else:
            yield item


def _declared_statuses(spec: dict[str, Any]) -> dict[str, list[str]]:
    """`METHOD /path/{param}` -> the statuses the spec declares (`default` lets any through)."""
    out = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                out[f"{method.upper()} {path}"] = [str(code) for code in operation["responses"]]
    return out


EVERY_REQUEST = """
const declared = %s;
const path = pm.request.url.getPath();
const key = Object.keys(declared).find((k) => {
  const [method, template] = k.split(" ");
  const pattern = new RegExp("^" + template.replace(/\\{[^}]+\\}/g, "[^/]+") + "$");
  return method === pm.request.method && pattern.test(path);
});
pm.test("the operation is in the spec", () => pm.expect(key, path).to.be.a("string"));
pm.test("the status is one the spec declares", () => {
  const codes = declared[key] || [];
  const status = String(pm.response.code);
  const fits = codes.includes(status) || codes.includes(status[0] + "XX") || codes.includes("default");
  pm.expect(fits, status + " for " + key).to.be.true;
});
const type = pm.response.headers.get("Content-Type") || "";
if (type.includes("json") && pm.response.text().length) {
  pm.test("a JSON answer parses", () => pm.response.json());
}
"""


def _request(name: str, method: str, path: str, tests: str, body: Any = None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": method,
        "url": "{{baseUrl}}" + path,
        "header": [{"key": "Accept", "value": "application/json"}],
    }
    if body is not None:
        request["header"].append({"key": "Content-Type", "value": "application/json"})
        request["body"] = {"mode": "raw", "raw": json.dumps(body)}
    return {"name": name, "request": request, "event": [{"listen": "test", "script": {"exec": tests.splitlines()}}]}


def _coherence_folder(booking: dict[str, Any], payment: dict[str, Any]) -> dict[str, Any]:
    sent = json.dumps(booking)
    paid = json.dumps(payment)
    return {
        "name": "coherence: a booking's life",
        "item": [
            _request(
                "list before",
                "GET",
                "/bookings",
                'pm.collectionVariables.set("countBefore", pm.response.json().data.length);',
            ),
            _request(
                "create",
                "POST",
                "/bookings",
                f"""
const sent = {sent};
const made = pm.response.json();
pm.test("created", () => pm.response.to.have.status(201));
pm.test("the booking holds what was sent", () => {{
  for (const [k, v] of Object.entries(sent)) pm.expect(made[k], k).to.eql(v);
}});
pm.collectionVariables.set("bookingId", made.id);
pm.collectionVariables.set("created", JSON.stringify(made));
""",
                booking,
            ),
            _request(
                "read it back",
                "GET",
                "/bookings/{{bookingId}}",
                """
pm.test("found", () => pm.response.to.have.status(200));
pm.test("the same booking as created", () =>
  pm.expect(pm.response.json()).to.eql(JSON.parse(pm.collectionVariables.get("created"))));
""",
            ),
            _request(
                "list after",
                "GET",
                "/bookings",
                """
const listed = pm.response.json().data;
pm.test("the list grew by one", () =>
  pm.expect(listed.length).to.eql(Number(pm.collectionVariables.get("countBefore")) + 1));
pm.test("the list holds the booking as created", () =>
  pm.expect(listed).to.deep.include(JSON.parse(pm.collectionVariables.get("created"))));
""",
            ),
            _request(
                "pay for it",
                "POST",
                "/bookings/{{bookingId}}/payment",
                f"""
const sent = {paid};
pm.test("paid", () => pm.expect(pm.response.code).to.be.oneOf([200, 201]));
pm.test("the payment is for what was sent", () => {{
  const payment = pm.response.json();
  pm.expect(payment.amount).to.eql(sent.amount);
  pm.expect(payment.currency).to.eql(sent.currency);
}});
""",
                payment,
            ),
            _request(
                "delete",
                "DELETE",
                "/bookings/{{bookingId}}",
                'pm.test("deleted", () => pm.response.to.have.status(204));',
            ),
            _request(
                "gone", "GET", "/bookings/{{bookingId}}", 'pm.test("gone", () => pm.response.to.have.status(404));'
            ),
            _request(
                "list again",
                "GET",
                "/bookings",
                """
pm.test("the list is back to its size", () =>
  pm.expect(pm.response.json().data.length).to.eql(Number(pm.collectionVariables.get("countBefore"))));
""",
            ),
        ],
    }


def _collection(converted: dict[str, Any], spec: dict[str, Any], base_url: str) -> dict[str, Any]:
    collection = json.loads(json.dumps(converted))
    requests = {(r["request"]["method"], tuple(r["request"]["url"]["path"])): r for r in _requests(collection["item"])}
    booking = json.loads(requests[("POST", ("bookings",))]["request"]["body"]["raw"])
    booking["passenger_name"] = "Ada Lovelace"  # not the converter's example: an echo must be of this request
    payment = json.loads(requests[("POST", ("bookings", ":bookingId", "payment"))]["request"]["body"]["raw"])
    collection["item"].append(_coherence_folder(booking, payment))
    # OAuth2 with a token Postman would fetch: a bearer token here, as a client holding one sends it
    collection["auth"] = {"type": "bearer", "bearer": [{"key": "token", "value": TOKEN, "type": "string"}]}
    collection["variable"] = [{"key": "baseUrl", "value": base_url}]
    every = EVERY_REQUEST % json.dumps(_declared_statuses(spec))
    collection["event"] = [{"listen": "test", "script": {"type": "text/javascript", "exec": every.splitlines()}}]
    return collection


def _run_newman(collection: dict[str, Any], folder: Path) -> tuple[int, dict[str, Any], str]:
    path, report = folder / "collection.json", folder / "report.json"
    path.write_text(json.dumps(collection))
    done = subprocess.run(
        [
            str(node_tools.binary("newman")),
            *("run", str(path), "--reporters", "cli,json", "--reporter-json-export", str(report)),
            *("--timeout-request", "20000", "--color", "off"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, json.loads(report.read_text()), done.stdout


def _failures(report: dict[str, Any]) -> list[str]:
    return [f"{f['source']['name']}: {f['error']['test']}: {f['error']['message']}" for f in report["run"]["failures"]]


def test_the_converted_collection_and_its_coherence_checks_pass_against_the_default_mock(
    specs: Path, converted: dict[str, Any], tmp_path: Path
) -> None:
    spec = json.loads((specs / "train-travel.json").read_text())
    with SpecmockServer("--specs", str(specs)) as server:
        code, report, output = _run_newman(_collection(converted, spec, server.url), tmp_path)
    assert self_check_violations(server.stderr) == []
    stats = report["run"]["stats"]
    assert _failures(report) == [], output[-3000:]
    assert code == 0
    converted_requests = len(list(_requests(converted["item"])))
    assert stats["requests"]["total"] == converted_requests + 8
    # four checks on every request that answers JSON, plus the folder's own 14
    assert stats["assertions"]["total"] >= 2 * stats["requests"]["total"] + 14
    assert stats["assertions"]["failed"] == 0


def test_the_static_mock_fails_the_coherence_checks(specs: Path, converted: dict[str, Any], tmp_path: Path) -> None:
    spec = json.loads((specs / "train-travel.json").read_text())
    with SpecmockServer("--specs", str(specs), "--scenario", "none") as server:
        code, report, _ = _run_newman(_collection(converted, spec, server.url), tmp_path)
    failed = {f.split(":")[0] for f in _failures(report)}
    assert code != 0
    assert {"read it back", "list after"} <= failed
