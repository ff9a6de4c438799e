"""pytest plugin for `pytest contract_tests --base-url URL --api NAME`.

The project's `testpaths` is `tests`, so these tests only run when `contract_tests` is named on the
command line; they then need a target, and refuse to run (usage error) rather than pass vacuously.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_tests import pytest_target
from contract_tests.cli import UsageError, check_reachable, parse_headers
from contract_tests.documents import DocumentError, load_api_document, load_spec_document
from contract_tests.runner import RunOptions


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("specmock contract")
    group.addoption("--base-url", help="server URL of the implementation under test (required)")
    group.addoption("--api", help="API name in the specs directory (aeriox, runware, runflow, useapi)")
    group.addoption("--spec", type=Path, help="one OpenAPI document instead of --api")
    group.addoption("--specs", type=Path, default=Path("specs"), help="specs directory for --api (default: specs/)")
    group.addoption("--header", action="append", default=[], help="'Name: value' sent with every request (repeatable)")
    group.addoption("--max-examples", type=int, default=25, help="examples per operation (default 25)")
    group.addoption("--operation", action="append", default=[], metavar="ID", help="only this operationId (repeatable)")


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--base-url") or not (config.getoption("--api") or config.getoption("--spec")):
        raise pytest.UsageError(
            "contract_tests test a running implementation: pass --base-url URL and --api NAME (or --spec PATH), "
            "e.g. pytest contract_tests --base-url http://127.0.0.1:8000/aeriox --api aeriox"
        )
    try:
        headers = parse_headers(config.getoption("--header"))
        spec = config.getoption("--spec")
        contract = (
            load_spec_document(spec)
            if spec
            else load_api_document(config.getoption("--api"), config.getoption("--specs"))
        )
        base_url = config.getoption("--base-url").rstrip("/")
        check_reachable(base_url, 10.0)
    except (UsageError, DocumentError) as exc:
        raise pytest.UsageError(f"specmock contract: {exc}") from None
    pytest_target.OPTIONS = RunOptions(
        document=contract.document,
        base_url=base_url,
        headers=headers,
        max_examples=config.getoption("--max-examples"),
        seed=config.getoption("hypothesis_seed", None),
        operation_ids=list(config.getoption("--operation")),
    )


@pytest.fixture(scope="session")
def contract_options() -> RunOptions:
    return pytest_target.options()
