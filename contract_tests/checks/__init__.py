"""specmock's domain checks: API rules our specs imply but schemathesis does not know.

One module per domain (`envelope`, `money`, `sequences`, `lists`, `security`); each check is a plain
function `check_x(state, response, case)` raising its own `ContractFailure` subclass. `registry`
registers them with schemathesis (importing this package does it).
"""

from contract_tests.checks.base import ContractFailure, RunState, normalised_message, start_run, state_of
from contract_tests.checks.registry import DOMAIN_CHECK_NAMES, DOMAIN_CHECKS, PLAIN_CHECKS

__all__ = [
    "DOMAIN_CHECKS",
    "DOMAIN_CHECK_NAMES",
    "PLAIN_CHECKS",
    "ContractFailure",
    "RunState",
    "normalised_message",
    "start_run",
    "state_of",
]
