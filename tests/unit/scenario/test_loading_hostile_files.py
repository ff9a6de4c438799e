"""The scenario-file battery: a hostile or broken file is one line `file:line: problem`, exit 2, fast.

Alias bombs, deep nesting, binary and UTF-16 files, huge files and links out of the folder are
refused before anything is built from them; the bundled files (which use anchors) still load.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from mock.cli import main
from mock.scenario import loading
from mock.scenario.loading import ScenarioError, load_scenarios
from tests.conftest import ROOT, SPECS

VALID = """\
scenarios:
  - name: ok
    rules:
      - match: {api: aeriox, operation: getMe}
        respond: {status: 200}
"""


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        refs = ",".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + f"\nscenarios: *a{levels}\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


HOSTILE: dict[str, tuple[str | bytes, str]] = {
    "alias-bomb": (billion_laughs(), "alias bomb"),
    "alias-bomb-in-a-rule": (
        VALID
        + "x: &x ["
        + ",".join(["1"] * 50)
        + "]\n"
        + "".join(
            f"y{i}: &y{i} [*{'x' if i == 0 else f'y{i - 1}'}" + f",*{'x' if i == 0 else f'y{i - 1}'}" * 20 + "]\n"
            for i in range(6)
        ),
        "alias bomb",
    ),
    # libyaml, where PyYAML has it, stops at its own nesting limit first: either message says so.
    "deep-flow": ("scenarios: " + "[" * 10_000 + "]" * 10_000 + "\n", "nest"),
    "deep-block": ("".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "v: 1\n", "levels deep"),
    "deep-flow-mapping": ("scenarios: " + "{a: " * 10_000 + "\n", "nest"),
    "deep-sequence": ("- " * 10_000 + "x\n", "levels deep"),
    "binary": (bytes(range(256)) * 40, "NUL byte"),
    "utf-16": (VALID.encode("utf-16"), "UTF-8"),
    "latin-1": ("# café\n".encode("latin-1") + VALID.encode(), "UTF-8"),
    "not-yaml": ("scenarios: [\n  - {\n", "invalid YAML"),
    "tabs": ("scenarios:\n\t- name: x\n", "invalid YAML"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_scenario_file_is_refused_quickly_with_file_and_line(tmp_path: Path, name: str) -> None:
    content, says = HOSTILE[name]
    path = write(tmp_path, f"{name}.yaml", content)
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as refused:
        load_scenarios(tmp_path)
    elapsed = time.perf_counter() - started
    assert says in refused.value.problem
    assert str(refused.value).startswith(f"{path}:{refused.value.line}: ")
    assert refused.value.line >= 1
    assert elapsed < 1.0, f"{name} took {elapsed:.2f} s"


def test_a_huge_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 48 MB on paper, nothing on disk
        handle.truncate(48 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match="48,") as refused:
        load_scenarios(tmp_path)
    assert time.perf_counter() - started < 0.5
    assert refused.value.line == 1


def test_a_link_out_of_the_scenarios_folder_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path, "secret.yaml", VALID)
    folder = tmp_path / "scenarios"
    folder.mkdir()
    os.symlink(outside, folder / "linked.yaml")
    with pytest.raises(ScenarioError, match="outside"):
        load_scenarios(folder)


def test_anchors_within_bounds_still_load(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    write(tmp_path / "scenarios", "anchored.yaml", VALID.replace("name: ok", "name: anchored") + "x: &x [1, 2]\n")
    write(
        tmp_path / "scenarios",
        "shared.yaml",
        "scenarios:\n  - name: shared\n    rules:\n"
        "      - &r {match: {api: aeriox, operation: getMe}, respond: {status: 200}}\n      - *r\n",
    )
    with pytest.raises(ScenarioError, match="unknown key 'x'"):  # the schema still speaks after the shape check
        load_scenarios(tmp_path / "scenarios")
    (tmp_path / "scenarios" / "anchored.yaml").unlink()
    loaded = load_scenarios(tmp_path / "scenarios")
    assert {"shared", "job-lifecycle", "wallet"} <= set(loaded)


@pytest.mark.parametrize("name", ["alias-bomb", "deep-flow", "binary", "utf-16"])
def test_scenarios_check_prints_one_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    content, says = HOSTILE[name]
    path = write(tmp_path, f"{name}.yaml", content)
    code = main(["scenarios", "check", "--scenarios", str(tmp_path), "--specs", str(SPECS)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"{path}:") and says in err[0]
    assert "Traceback" not in err[0]


def test_limits_are_the_documented_ones() -> None:
    assert loading.MAX_FILE_BYTES == 1024 * 1024 and loading.MAX_DEPTH == 64 and loading.MAX_NODES == 50_000
