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
