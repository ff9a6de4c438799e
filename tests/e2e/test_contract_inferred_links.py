"""A spec without links still gets its stateful phases: links are inferred from its resources (the
mock's own inference), used in the run, and written as an Overlay with --emit-links."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from contract_tests.cli import main
from contract_tests.documents import load_spec_document
from tests.faulty_apps import serve
from tests.faulty_parcels_app import SPEC, TENANT_A, make_parcels_app


def spec_without_links(tmp_path: Path) -> Path:
    document = yaml.safe_load(SPEC.read_text())
    for item in document["paths"].values():
        for operation in item.values():
            for response in (operation.get("responses") or {}).values() if isinstance(operation, dict) else ():
                response.pop("links", None)
    path = tmp_path / "parcels.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def test_links_are_inferred_from_resources_when_the_spec_has_none(tmp_path):
    contract = load_spec_document(spec_without_links(tmp_path))
    assert contract.links_inferred
    links = contract.document["paths"]["/parcels"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"]: link["parameters"] for link in links.values()} == {
        "getParcel": {"id": "$response.body#/id"},
        "deleteParcel": {"id": "$response.body#/id"},
    }
    # a spec with links keeps its own
    assert not load_spec_document(SPEC).links_inferred


def test_emit_links_writes_an_overlay_and_the_walk_uses_the_links(tmp_path, capsys):
    overlay = tmp_path / "links.yaml"
    report = tmp_path / "report.json"
    with serve(make_parcels_app("status_goes_backwards")) as base_url:
        code = main(
            [
                "--spec",
                str(spec_without_links(tmp_path)),
                "--base-url",
                f"{base_url}/v1",
                "--header",
                f"Authorization: Bearer {TENANT_A}",
                "--phases",
                "link-walk",
                "--progress",
                "none",
                "--emit-links",
                str(overlay),
                "--report",
                str(report),
            ]
        )
    assert code == 1
    assert "status_order_conformance" in {f["check"] for f in json.loads(report.read_text())["failures"]}
    written = yaml.safe_load(overlay.read_text())
    assert written["overlay"] == "1.0.0"
    actions = {action["target"]: action for action in written["actions"]}
    action = actions["$.paths['/parcels'].post.responses['201']"]
    assert set(action["update"]["links"]) == {"ToGetParcel", "ToDeleteParcel"}
    emitted = sum(len(action["update"]["links"]) for action in written["actions"])
    assert f"{emitted} inferred links (used in this run)" in capsys.readouterr().err
