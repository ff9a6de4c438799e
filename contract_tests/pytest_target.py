"""The target of `pytest contract_tests`, resolved once by conftest.pytest_configure.

Test modules need the schema at import time (schemathesis' lazy `from_fixture` loader does not work
with pytest 9: it reads `request.node._nodeid`, which pytest 9 removed), so the options live here.
"""

from __future__ import annotations

from contract_tests.runner import RunOptions

OPTIONS: RunOptions | None = None


def options() -> RunOptions:
    if OPTIONS is None:
        raise RuntimeError("contract_tests/conftest.py did not resolve the contract target")
    return OPTIONS
