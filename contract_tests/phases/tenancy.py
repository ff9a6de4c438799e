"""The tenancy phase (with --tenant-b): what tenant A creates is 403/404 for tenant B, and B's lists
never show it. B's credentials replace A's; every other header stays. Operations anyone may call
(`security: []`, or an empty requirement) are left out: what they show is public by the spec's word."""

from __future__ import annotations

from contract_tests.checks.security import check_other_tenant_not_listed, check_other_tenant_refused
from contract_tests.phases.base import PhaseRun, collection_list, create, creators, credential_header_names
from contract_tests.phases.security import is_public
from contract_tests.reproduction import Exchange


def tenant_b_headers(run: PhaseRun) -> dict[str, str]:
    credential_names = credential_header_names(run.document) | {name.lower() for name in run.tenant_b}
    plain = {name: value for name, value in run.headers.items() if name.lower() not in credential_names}
    return {**plain, **run.tenant_b}


def run_tenancy_phase(run: PhaseRun) -> None:
    if not run.tenant_b:
        return
    other = tenant_b_headers(run)
    for creator, links in creators(run):
        created = create(run, creator, links)
        if created is None:
            continue
        for target, params in created.targets:
            if target.method.upper() not in ("GET", "HEAD") or is_public(run.document, run.raw(target)):
                continue
            steps: list[Exchange] = list(created.steps)
            case = created.case_for(target, params)
            response = run.send(case, headers=other, steps=steps)
            run.check(
                case,
                response,
                steps,
                lambda state, resp, c, theirs=created.body: check_other_tenant_refused(state, resp, c, theirs),
            )
        listing = collection_list(run, creator)
        identifier = created.resource_id(creator.path)
        if listing is not None and identifier is not None and not is_public(run.document, run.raw(listing)):
            steps = list(created.steps)
            case = listing.Case(query={}, path_parameters=dict(created.case.path_parameters or {}))
            response = run.send(case, headers=other, steps=steps)
            if 200 <= response.status_code < 300:
                run.check(
                    case,
                    response,
                    steps,
                    lambda state, resp, c, i=identifier: check_other_tenant_not_listed(state, resp, c, i),
                )
        # Tidy up: A deletes what it made, so B's later runs (and A's lists) stay small.
        deleter = created.target("DELETE", creator.path)
        if deleter is not None:
            run.send(created.case_for(*deleter))
