"""`specmock contract` usage errors exit 2 with a one-line message, before any test runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_tests.cli import main
from tests.faulty_apps import free_port, make_app, serve

SPECS = Path(__file__).resolve().parents[2] / "specs"


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert err, "expected an error message on stderr"
    return err[-1]


def test_unknown_api_is_usage_error(capsys):
    assert main(["--api", "nosuchapi", "--specs", str(SPECS), "--base-url", "http://127.0.0.1:9"]) == 2
    assert "unknown api 'nosuchapi'" in one_line_error(capsys)


def test_unreachable_base_url_is_usage_error(capsys):
    port = free_port()  # nothing listens there
    assert main(["--api", "aeriox", "--specs", str(SPECS), "--base-url", f"http://127.0.0.1:{port}"]) == 2
    assert "unreachable" in one_line_error(capsys)


@pytest.mark.parametrize(
    "argv",
    [
        [],  # neither --api nor --spec
        ["--api", "aeriox"],  # no --base-url
        ["--api", "aeriox", "--spec", "x.json", "--base-url", "http://127.0.0.1:9"],
        ["--api", "aeriox", "--base-url", "http://127.0.0.1:9", "--max-examples", "zero"],
        ["--api", "aeriox", "--base-url", "http://127.0.0.1:9", "--header", "no-colon"],
        ["--api", "aeriox", "--base-url", "ftp://127.0.0.1:9"],
    ],
)
def test_argument_errors_exit_2(argv, capsys):
    assert main([*argv[:2], "--specs", str(SPECS), *argv[2:]] if argv else argv) == 2
    assert one_line_error(capsys).startswith("specmock contract: error:")


def test_unknown_operation_is_usage_error(capsys):
    assert (
        main(["--api", "aeriox", "--specs", str(SPECS), "--base-url", "http://127.0.0.1:9", "--operation", "noSuchOp"])
        == 2
    )
    assert "noSuchOp" in one_line_error(capsys)


def test_missing_spec_file_is_usage_error(tmp_path, capsys):
    assert main(["--spec", str(tmp_path / "missing.json"), "--base-url", "http://127.0.0.1:9"]) == 2
    assert "no such file" in one_line_error(capsys)


def test_spec_file_path_works_like_api(tmp_path, capsys):
    """--spec loads one document through the same normaliser and applies overlays beside it."""
    with serve(make_app()) as base_url:
        code = main(
            [
                "--spec",
                str(SPECS / "aeriox-studio.openapi.json"),
                "--base-url",
                base_url,
                "--header",
                "Authorization: Bearer sk_test_contract",
                "--max-examples",
                "3",
                "--operation",
                "getWallet",
            ]
        )
    assert code == 0, capsys.readouterr().out


def test_a_spec_schemathesis_cannot_use_is_an_input_error_in_one_line(monkeypatch, capsys):
    # Plaid's content key `examples` reached schemathesis, whose "Malformed media type" ended the run in a traceback
    from schemathesis.core.errors import MalformedMediaType

    def refuse(options):
        raise MalformedMediaType("Malformed media type: `examples`")

    monkeypatch.setattr("contract_tests.runner.load_schema", refuse)
    with serve(make_app()) as base_url:
        assert main(["--api", "aeriox", "--specs", str(SPECS), "--base-url", base_url]) == 2
    line = one_line_error(capsys)
    assert line.startswith("specmock contract: error:") and "`examples`" in line
