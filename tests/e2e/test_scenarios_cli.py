"""`specmock scenarios list|check`, serve's scenario flags, bad files (exit 2, file:line), --state persistence."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.specmock_server import REPO, SpecmockServer


def cli(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios", folder)
    (folder / "mine.yaml").write_text(
        "scenarios:\n  - name: mine\n    rules:\n"
        "      - match: {api: aeriox, operation: getMe}\n        respond:\n"
        "          status: 402\n"
    )
    return folder


def test_check_and_list_the_shipped_scenarios():
    checked = cli("scenarios", "check")
    assert checked.returncode == 0, checked.stderr
    assert "ok  wallet" in checked.stdout
    listed = cli("scenarios", "list")
    assert listed.returncode == 0 and "rate-limit" in listed.stdout and "(active by default)" in listed.stdout


def test_bad_file_is_one_line_and_exit_2_for_check_and_serve(broken):
    expected = f"{broken / 'mine.yaml'}:6: aeriox:getMe does not declare status 402"
    checked = cli("scenarios", "check", "--scenarios", str(broken))
    assert checked.returncode == 2
    assert checked.stderr.strip().startswith(expected) and len(checked.stderr.strip().splitlines()) == 1
    served = cli("serve", "--scenarios", str(broken), "--port", "1")
    assert served.returncode == 2
    assert served.stderr.strip().splitlines()[-1].startswith(expected)


def test_serve_refuses_unknown_scenarios_and_bad_settings():
    unknown = cli("serve", "--scenario", "walet", "--port", "1")
    assert unknown.returncode == 2 and "no scenario named 'walet'" in unknown.stderr
    inactive = cli("serve", "--scenario", "wallet", "--set", "rate-limit.limit=3", "--port", "1")
    assert inactive.returncode == 2 and "not active" in inactive.stderr
    wrong = cli("serve", "--scenario", "rate-limit", "--set", "rate-limit.limt=3", "--port", "1")
    assert wrong.returncode == 2 and "no setting 'limt'" in wrong.stderr


def test_state_file_survives_a_restart(tmp_path):
    state = tmp_path / "state.db"
    key = "sk_live_" + uuid.uuid4().hex
    with SpecmockServer("--state", str(state)) as first, first.client(key) as client:
        character = client.post(
            "/aeriox/v1/characters", json={"name": "Kept", "image_urls": ["https://img.example/k.png"]}
        ).json()
        balance = client.get("/aeriox/v1/wallet").json()["balance"]["usd"]
        assert balance == 3.5
    with SpecmockServer("--state", str(state)) as second, second.client(key) as client:
        assert client.get(f"/aeriox/v1/characters/{character['character_id']}").json()["name"] == "Kept"
        assert client.get("/aeriox/v1/wallet").json()["balance"]["usd"] == 3.5
        with second.admin() as admin:
            assert admin.get("/").json()["state_store"] == f"sqlite:{state}"
