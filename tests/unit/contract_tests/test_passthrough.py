"""schemathesis' options and schemathesis.toml reach the run without being re-wrapped."""

from __future__ import annotations

import pytest
from schemathesis.config import SchemathesisConfig

from contract_tests.passthrough import Passthrough, PassthroughError, load_config_file
from contract_tests.runner import RunOptions, build_config

DOCUMENT = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}


def test_only_given_options_are_applied():
    passthrough = Passthrough.parse(["--mode", "positive", "--max-response-time", "2", "--no-shrink"])
    assert passthrough.given == {"generation_modes", "max_response_time", "generation_no_shrink"}
    config = build_config(RunOptions(document=DOCUMENT, base_url="http://127.0.0.1:9", configure=passthrough.apply))
    project = config.projects.get_default()
    assert [mode.value for mode in project.generation_for(phase="fuzzing").modes] == ["positive"]
    assert project.generation_for(phase="fuzzing").no_shrink is True
    assert project.checks_config_for().max_response_time.limit == 2
    # untouched: our defaults
    assert project.generation_for(phase="fuzzing").max_examples == 100


def test_unknown_or_bad_schemathesis_options_are_usage_errors():
    with pytest.raises(PassthroughError, match="no-such-option"):
        Passthrough.parse(["--no-such-option"])
    with pytest.raises(PassthroughError, match="mode"):
        Passthrough.parse(["--mode", "sideways"])


def test_schemathesis_toml_is_found_like_st_run_finds_it(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "schemathesis.toml").write_text("workers = 3\n[generation]\nmax-examples = 7\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    path, data = load_config_file(None, cwd=nested)
    assert path == tmp_path / "schemathesis.toml"
    config = build_config(RunOptions(document=DOCUMENT, base_url="http://127.0.0.1:9", base_config=data))
    project = config.projects.get_default()
    assert project.workers == 3 and project.generation_for(phase="fuzzing").max_examples == 7
    # an explicit option still wins over the file
    config = build_config(
        RunOptions(document=DOCUMENT, base_url="http://127.0.0.1:9", base_config=data, max_examples=2)
    )
    assert config.projects.get_default().generation_for(phase="fuzzing").max_examples == 2


def test_bad_schemathesis_toml_is_one_line(tmp_path):
    bad = tmp_path / "schemathesis.toml"
    bad.write_text("workers = [\n")
    with pytest.raises(PassthroughError, match="not valid TOML"):
        load_config_file(bad)
    bad.write_text('workers = "many"\n')
    with pytest.raises(PassthroughError, match="schemathesis.toml"):
        load_config_file(bad)


def test_no_file_no_settings(tmp_path):
    (tmp_path / ".git").mkdir()
    assert load_config_file(None, cwd=tmp_path) == (None, {})
    assert isinstance(SchemathesisConfig.from_dict({}), SchemathesisConfig)
