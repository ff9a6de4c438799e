"""Record real answers through `specmock proxy --record`, then replay them with `specmock serve --overlay`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import yaml

from tests.e2e.drift_backend import DRIFTING_BATCH, running_backend
from tests.e2e.test_proxy import GOOD_BATCH, TOKEN, ProxyProcess
from tests.specmock_server import REPO, checked_server

OTHER_BATCH = "7e9d1b3f-4444-4000-8000-000000000004"


def test_recorded_answers_are_replayed_by_the_mock(tmp_path: Path) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with running_backend() as backend, ProxyProcess(backend, "--record", str(tmp_path), "--redact", "created_by") as p:
        real = httpx.get(f"{p.url}/v1/batches/{GOOD_BATCH}", headers=auth, timeout=10).json()
        httpx.get(f"{p.url}/v1/batches/{GOOD_BATCH}", headers=auth, timeout=10)  # the same body: kept once
        httpx.get(f"{p.url}/v1/batches/{DRIFTING_BATCH}", headers=auth, timeout=10)  # off-spec: reported only
    overlay = yaml.safe_load((tmp_path / "runflow.recorded.yaml").read_text())
    (action,) = overlay["actions"]
    assert action["target"] == "$.paths['/v1/batches/{batch_id}'].get.responses['200'].content['application/json']"
    (name,) = action["update"]["examples"]
    assert name == "recorded_200_1"
    recorded = action["update"]["examples"][name]["value"]
    assert "not recorded" in p.stderr and DRIFTING_BATCH in p.stderr

    # secrets and the fields named by --redact are replaced by values the schema accepts; the rest is the real body
    assert TOKEN not in str(recorded) and "tok_backend_internal_77" not in str(recorded)
    assert recorded["metadata"] == {"api_token": "[redacted]", "requested_by": "[redacted]"}
    assert recorded["created_by"] != real["created_by"]
    untouched = {k: v for k, v in real.items() if k not in ("metadata", "created_by")}
    assert {k: recorded[k] for k in untouched} == untouched

    with checked_server("--api", "runflow", "--overlay", str(tmp_path), "--scenario", "none") as mock:
        by_default = httpx.get(f"{mock.url}/v1/batches/{GOOD_BATCH}", headers=auth, timeout=10)
        by_name = httpx.get(
            f"{mock.url}/v1/batches/{GOOD_BATCH}", headers={**auth, "Prefer": f"example={name}"}, timeout=10
        )
        other = httpx.get(f"{mock.url}/v1/batches/{OTHER_BATCH}", headers=auth, timeout=10)
    assert by_default.status_code == 200 and by_default.json() == recorded
    assert by_name.status_code == 200 and by_name.json() == recorded
    # another batch gets the recorded body too, with the id it asked for (the mock echoes path ids)
    assert other.json()["id"] == OTHER_BATCH
    assert {k: v for k, v in other.json().items() if k != "id"} == {k: v for k, v in recorded.items() if k != "id"}


def test_recording_continues_an_earlier_file_and_a_bad_overlay_folder_is_refused(tmp_path: Path) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with running_backend() as backend:
        with ProxyProcess(backend, "--record", str(tmp_path)) as first:
            httpx.get(f"{first.url}/v1/batches/{GOOD_BATCH}", headers=auth, timeout=10)
        with ProxyProcess(backend, "--record", str(tmp_path)) as second:
            httpx.get(f"{second.url}/v1/batches/{GOOD_BATCH}", headers=auth, timeout=10)
            httpx.get(f"{second.url}/v1/batches/{OTHER_BATCH}", headers=auth, timeout=10)
    (action,) = yaml.safe_load((tmp_path / "runflow.recorded.yaml").read_text())["actions"]
    assert sorted(action["update"]["examples"]) == ["recorded_200_1", "recorded_200_2"]

    missing = tmp_path / "no-such-folder"
    run = subprocess.run(
        [sys.executable, "-m", "mock.cli", "serve", "--overlay", str(missing)], capture_output=True, text=True, cwd=REPO
    )
    assert run.returncode == 2
    assert run.stderr.strip() == f"specmock: {missing}: directory: no such overlay folder"
