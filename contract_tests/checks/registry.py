"""The domain checks as schemathesis checks: one thin adapter per plain check.

Importing this module registers them, so they run beside the built-in checks in the CLI engine, in
`case.call_and_validate()` and in the state machine. Each adapter finds the run's state from the
document under test (`base.state_of`) and calls the plain check, which raises a typed failure.
"""

from __future__ import annotations

from typing import Any

import schemathesis

from contract_tests.checks import envelope, lists, money, sequences
from contract_tests.checks.base import ContractFailure, PlainCheck, state_of


def _adapter(name: str, plain: PlainCheck) -> Any:
    def adapter(ctx: Any, response: Any, case: Any) -> None:
        try:
            plain(state_of(case), response, case)
        except ContractFailure as failure:
            failure.operation = failure.operation or case.operation.label
            raise

    adapter.__name__ = adapter.__qualname__ = name
    adapter.__doc__ = plain.__doc__
    adapter.__module__ = __name__
    return schemathesis.check(adapter)


PLAIN_CHECKS: dict[str, PlainCheck] = {
    "error_envelope_conformance": envelope.check_error_envelope,
    "retry_after_conformance": envelope.check_retry_after,
    "insufficient_funds_conformance": money.check_insufficient_funds,
    "wallet_balance_conformance": money.check_wallet_balance,
    "job_lifecycle_conformance": sequences.check_job_lifecycle,
    "job_cancellation_conformance": sequences.check_job_cancellation,
    "resource_lifecycle_conformance": sequences.check_resource_lifecycle,
    "status_order_conformance": sequences.check_status_order,
    "state_transition_conformance": sequences.check_state_transition,
    "list_limit_conformance": lists.check_list_limit,
    "list_unique_items_conformance": lists.check_unique_items,
}

DOMAIN_CHECKS = tuple(_adapter(name, plain) for name, plain in PLAIN_CHECKS.items())
DOMAIN_CHECK_NAMES = tuple(PLAIN_CHECKS)
