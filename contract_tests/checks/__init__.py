"""specmock's domain checks: API rules our specs imply but schemathesis does not know.

One module per domain (`envelope`, `money`, `sequences`, `lists`, `security`); each check is a plain
function `check_x(state, response, case)` raising its own `ContractFailure` subclass. `registry`
registers them with schemathesis (importing this package does it).
"""

from contract_tests.checks import acceptance, edges, ids, lists, negotiation, security
from contract_tests.checks.base import ContractFailure, RunState, normalised_message, start_run, state_for, state_of
from contract_tests.checks.registry import DOMAIN_CHECK_NAMES, DOMAIN_CHECKS, PLAIN_CHECKS


def _all_failure_types(base: type[ContractFailure]) -> list[type[ContractFailure]]:
    found = []
    for sub in base.__subclasses__():
        found.append(sub)
        found.extend(_all_failure_types(sub))
    return found


# Checks our phases run (not registered with schemathesis: they need more than one response).
OUTSIDE_ENGINE_CHECKS = tuple(
    sorted({kind.check for kind in _all_failure_types(ContractFailure)} - set(DOMAIN_CHECK_NAMES))
)

__all__ = [
    "OUTSIDE_ENGINE_CHECKS",
    "acceptance",
    "edges",
    "ids",
    "lists",
    "negotiation",
    "security",
    "DOMAIN_CHECKS",
    "DOMAIN_CHECK_NAMES",
    "PLAIN_CHECKS",
    "ContractFailure",
    "RunState",
    "normalised_message",
    "start_run",
    "state_for",
    "state_of",
]
