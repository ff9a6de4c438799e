"""Runware's array-of-tasks protocol (see contract_tests/runware_protocol.py); skipped for other APIs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from contract_tests.runner import RunOptions
from contract_tests.runware_protocol import PROTOCOL_TESTS, Session, is_task_protocol


@pytest.mark.parametrize("protocol_test", PROTOCOL_TESTS, ids=lambda test: test.__name__)
def test_task_protocol(protocol_test: Callable[[Session], None], contract_options: RunOptions) -> None:
    if not is_task_protocol(contract_options.document):
        pytest.skip("not a task-array API (POST / taking an array of taskType objects)")
    session = Session(contract_options.base_url, dict(contract_options.headers))
    try:
        protocol_test(session)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nreproduce: {session.last_curl}") from None
