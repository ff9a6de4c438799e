"""An RPC-style backend that loses what it made is caught: the inferred links carry the new id to its reads in the
body (`POST /documents.info {"id": …}`), and a 404 there for a record made and not deleted breaks its lifecycle. A
backend that keeps its records keeps its lifecycle."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contract_tests.cli import main
from tests.faulty_apps import serve
from tests.integration.test_rpc_resources import DOCUMENTS


async def sent_fields(request: Request) -> dict:
    """The JSON object sent; an empty one for anything else (a lenient backend: the spec declares no 400)."""
    try:
        sent = json.loads(await request.body() or b"{}")
    except ValueError:
        return {}
    return sent if isinstance(sent, dict) else {}


def make_documents_app(forgets: bool) -> Starlette:
    documents: dict[str, dict] = {}

    def missing(document_id: str) -> JSONResponse:
        return JSONResponse({"ok": False, "error": "not_found", "message": f"no document {document_id}"}, 404)

    async def create(request: Request) -> JSONResponse:
        sent = await sent_fields(request)
        made = {"id": str(uuid.uuid4()), "title": str(sent.get("title", "")), "createdAt": "2026-12-05T00:00:00Z"}
        made.update({k: sent[k] for k in ("text",) if isinstance(sent.get(k), str)})
        if not forgets:
            documents[made["id"]] = made
        return JSONResponse({"data": made})

    async def info(request: Request) -> JSONResponse:
        document_id = str((await sent_fields(request)).get("id"))
        return JSONResponse({"data": documents[document_id]}) if document_id in documents else missing(document_id)

    async def listed(request: Request) -> JSONResponse:
        return JSONResponse({"data": list(documents.values()), "pagination": {"offset": 0, "limit": 25}})

    async def update(request: Request) -> JSONResponse:
        sent = await sent_fields(request)
        document_id = str(sent.get("id"))
        if document_id not in documents:
            return missing(document_id)
        documents[document_id].update({k: sent[k] for k in ("title", "text") if isinstance(sent.get(k), str)})
        return JSONResponse({"data": documents[document_id]})

    async def delete(request: Request) -> JSONResponse:
        document_id = str((await sent_fields(request)).get("id"))
        if documents.pop(document_id, None) is None:
            return missing(document_id)
        return JSONResponse({"success": True})

    return Starlette(
        routes=[
            Route("/documents.create", create, methods=["POST"]),
            Route("/documents.info", info, methods=["POST"]),
            Route("/documents.list", listed, methods=["POST"]),
            Route("/documents.update", update, methods=["POST"]),
            Route("/documents.delete", delete, methods=["POST"]),
        ]
    )


def run(tmp_path: Path, forgets: bool, phase: str) -> tuple[int, set[str]]:
    spec = tmp_path / "notes.yaml"
    spec.write_text(DOCUMENTS)
    report = tmp_path / "report.json"
    with serve(make_documents_app(forgets)) as base_url:
        code = main(
            [
                *("--spec", str(spec), "--base-url", base_url, "--phases", phase),
                *("--max-examples", "20", "--seed", "1", "--progress", "none", "--report", str(report)),
            ]
        )
    return code, {failure["check"] for failure in json.loads(report.read_text())["failures"]}


# schemathesis' random walk along the links, and our scripted one: create, read twice, delete twice, read again
PHASES = pytest.mark.parametrize("phase", ["stateful", "link-walk"])


@PHASES
def test_a_backend_that_loses_what_it_made_breaks_the_lifecycle(tmp_path, phase):
    code, checks = run(tmp_path, forgets=True, phase=phase)
    assert code == 1 and "resource_lifecycle_conformance" in checks


@PHASES
def test_a_backend_that_keeps_what_it_made_keeps_its_lifecycle(tmp_path, phase):
    # the same walk (same seed) as above: the reads after the creates happen, and find each record, deleted or not
    code, checks = run(tmp_path, forgets=False, phase=phase)
    assert "resource_lifecycle_conformance" not in checks
    # what else it is judged on: it accepts bodies the spec forbids (a lenient backend), nothing else
    assert checks <= {"negative_data_rejection"} and code in (0, 1)
