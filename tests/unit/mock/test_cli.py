"""`specmock serve` start-up, in-process: what it leaves behind when it stops before serving."""

from __future__ import annotations

import gc

from mock.cli import main


def test_serve_switches_the_collector_back_on_when_it_stops_before_serving(tmp_path, capsys):
    (tmp_path / "broken.yaml").write_text("openapi: 3.1.0\ninfo: [unclosed\n")
    assert gc.isenabled()
    assert main(["serve", "--port", "0", "--specs", str(tmp_path)]) == 2
    assert gc.isenabled()  # off only while serve loads and builds
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"specmock: {tmp_path / 'broken.yaml'}: line 3 column 1: invalid YAML")


def test_serve_strict_refuses_what_specs_check_strict_refuses(tmp_path, capsys):
    # Mastodon: an example that breaks its schema made `specs check --strict` exit 2 while `serve --strict` served
    (tmp_path / "ex.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: ex, version: '1'}\npaths:\n  /thing:\n    get:\n      responses:\n"
        "        '200':\n          description: one\n          content:\n            application/json:\n"
        "              schema: {type: object, properties: {id: {type: string}}}\n"
        "              examples: {one: {value: [{id: '1'}]}}\n"
    )
    assert main(["specs", "check", "--specs", str(tmp_path), "--strict"]) == 2
    capsys.readouterr()
    assert main(["serve", "--port", "0", "--specs", str(tmp_path), "--strict"]) == 2
    assert "example does not match its schema" in capsys.readouterr().err


def test_specs_check_names_a_pattern_nothing_can_read_and_not_one_only_the_web_reading_takes(tmp_path, capsys):
    # Komga's `^/[\w-/]*…` is read as browsers read it; `[\p{Nonsense}` by nothing: its values go unchecked
    (tmp_path / "paths.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: paths, version: '1'}\npaths:\n  /settings:\n    patch:\n"
        "      requestBody:\n        content:\n          application/json:\n            schema:\n"
        "              type: object\n              properties:\n"
        "                root: {type: string, pattern: '^/[\\w-/]*[a-zA-Z0-9]$'}\n"
        "                name: {type: string, pattern: '[\\p{Nonsense}'}\n"
        "      responses:\n        '204': {description: done}\n"
    )
    assert main(["specs", "check", "--specs", str(tmp_path), "--strict"]) == 2
    captured = capsys.readouterr()
    err = captured.out + captured.err
    assert "pattern '[\\\\p{Nonsense}' can be read neither as ECMA-262 nor by Python" in err
    assert "schema cannot be compiled" not in err
    assert "[a-zA-Z0-9]$' can be read neither" not in err
