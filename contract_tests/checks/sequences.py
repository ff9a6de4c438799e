"""Things seen over several requests: a job's status only moves forward, a terminal job refuses
cancellation, a created resource is readable until it is deleted and gone after."""

from __future__ import annotations

from typing import Any

from contract_tests.checks.base import (
    ADDRESSED,
    ContractFailure,
    ResourceKey,
    RpcTarget,
    RunState,
    body_of,
    describe,
    path_breaks_its_parameters,
)
from contract_tests.spec_facts import (
    can_say_gone,
    is_cancel_operation,
    json_pointer,
    response_definition_for,
)
from mock.spec.addresses import part_named
from mock.spec.operations import path_parameter_names, template_shape
from mock.spec.resources import DELETE, GET, ends_in_parameter, rpc_call


class JobMovedBackwards(ContractFailure):
    check = "job_lifecycle_conformance"
    title_text = "Job status moved backwards"


class TerminalJobCancelled(ContractFailure):
    check = "job_cancellation_conformance"
    title_text = "Terminal job accepted a cancel"


class ResourceLifecycleBroken(ContractFailure):
    check = "resource_lifecycle_conformance"
    title_text = "Resource lifecycle broken"


QUEUED = {"queued", "enqueued", "pending", "created", "submitted", "waiting"}
RUNNING = {"running", "processing", "in_progress", "started", "training"}
SUCCEEDED = {"completed", "succeeded", "success", "ready"}
FAILED = {"failed", "error", "nsfw_blocked", "expired"}
CANCELLED = {"cancelled", "canceled"}
GONE = ""  # what the job ledger knows of a job a DELETE removed: nothing to compare what comes next with
TERMINAL = SUCCEEDED | FAILED | CANCELLED


JOB_ID_FIELDS = ("job_id", "id", "generation_id", "task_id")


def status_rank(status: str) -> int:
    if status in QUEUED:
        return 0
    if status in RUNNING:
        return 1
    return 2


def outcome(status: str) -> str:
    # The deprecated generations endpoint says "success" where jobs say "completed": same outcome.
    if status in SUCCEEDED:
        return "succeeded"
    if status in FAILED:
        return "failed"
    if status in CANCELLED:
        return "cancelled"
    return status


def job_of(body: Any) -> tuple[str, str] | None:
    """(job id, status) when a body describes an async job, else None."""
    if not isinstance(body, dict):
        return None
    status = body.get("status")
    if not isinstance(status, str) or status.lower() not in QUEUED | RUNNING | TERMINAL:
        return None
    for key in JOB_ID_FIELDS:
        value = body.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
            return str(value), status.lower()
    return None


def check_job_lifecycle(state: RunState, response: Any, case: Any) -> None:
    """An async job observed over polls never moves backwards: queued -> running -> terminal,
    and a terminal job keeps its outcome."""
    if not 200 <= response.status_code < 300:
        return
    _, body = body_of(response)
    job = job_of(body)
    if job is None:
        return
    job_id, status = job
    kind = tuple(sorted(status_enum(state, case, response.status_code)))
    if kind and not {value.lower() for value in kind} & (QUEUED | RUNNING):
        # a status that is only ever an outcome (Ticketmaster's ingestion result, `Error`, `SuccessWarning` or
        # `Success` of each write to an attraction, named by its id): no job waits or runs, and each write has its own
        return
    # a DELETE that answers the job as anything but cancelled deleted it: what is said of its id next is said of
    # another job (ElevenLabs' RAG index, deleted `succeeded`, then answered `created` by a second delete); one that
    # answers it cancelled cancelled it, and it is kept
    key = (job_id, parents_of(case, job_id), kind, noun_of(case, job_id))
    previous = state.jobs.observe(key, status, response)
    if case.method.upper() == "DELETE" and status not in CANCELLED:
        state.jobs.mark(key, GONE)
    if previous in (None, GONE) or _status_sent(case) == status:
        return  # the client set the status it reads back (Weaviate's classification sent `running` with its id)
    if status_rank(status) < status_rank(previous):
        raise JobMovedBackwards(f"{describe(case, response)}: job {job_id} moved backwards: {previous} -> {status}")
    if previous in TERMINAL and outcome(status) != outcome(previous):
        raise JobMovedBackwards(
            f"{describe(case, response)}: job {job_id} was already terminal ({previous}) and became {status}"
        )


def _status_sent(case: Any) -> str | None:
    """The status a write's body sets (lowercased), where it sends one."""
    body = getattr(case, "body", None)
    sent = body.get("status") if isinstance(body, dict) and case.method.upper() != "GET" else None
    return sent.lower() if isinstance(sent, str) else None


def _ids_sent(case: Any) -> set[str]:
    """The ids a write's body names its record by (`id`, `job_id`…), as text."""
    body = getattr(case, "body", None)
    if not isinstance(body, dict) or case.method.upper() == "GET":
        return set()
    return {str(body[key]) for key in JOB_ID_FIELDS if isinstance(body.get(key), str | int) and str(body[key])}


def noun_of(case: Any, job_id: str) -> str:
    """The collection a job's request names it in: the literal segments before the path parameter that holds its id
    (`vector_stores/file_batches` of `/vector_stores/{vector_store_id}/file_batches/{batch_id}`, `batches` of
    `/batches/{batch_id}/cancel`), else the path's literal segments (`batches` of `POST /batches`). All of them, not
    the last alone: Mistral's `/v1/batch/jobs/{job_id}` and `/v1/fine_tuning/jobs/{job_id}` are two kinds of job, and
    one id read at both was taken for one job moving backwards."""
    path = case.operation.path.split("?")[0]
    segments = [segment for segment in path.split("/") if segment]
    values = {name: str(value) for name, value in (case.path_parameters or {}).items()}
    literals: list[str] = []
    for segment in segments:
        # the segment may hold more than its parameter (Salesloft's `/v2/actions/{id}.json`)
        if literals and any(values.get(name) == job_id for name in path_parameter_names(segment)):
            return ADDRESSED + "/".join(literals)  # named by its path: a job of that collection alone
        if "{" not in segment:
            literals.append(segment)
    # made at a collection that reads its jobs at an item path of its own (`POST /v1/fine_tuning/jobs` beside
    # `/v1/fine_tuning/jobs/{job_id}`): that collection's job, as if named there; else (`POST /images/generations`,
    # polled at `/tasks/{id}`) one any path may read
    paths = (getattr(case.operation.schema, "raw_schema", None) or {}).get("paths") or {}
    shape = template_shape(path)
    if any(template_shape(other.split("?")[0]) == shape + "/{}" for other in paths):
        return ADDRESSED + "/".join(literals)
    return "/".join(literals)


def parents_of(case: Any, job_id: str) -> frozenset[tuple[str, str]]:
    """The path parameters of a request about a job other than the one that names it: the job's parents."""
    return frozenset((name, str(value)) for name, value in (case.path_parameters or {}).items() if str(value) != job_id)


def check_job_cancellation(state: RunState, response: Any, case: Any) -> None:
    """Cancelling a job already seen in a terminal state is refused with 409, where the cancel declares a 409 (or
    4XX): Mollie's subscription cancel declares 200, 404 and 429 only, so no 409 could conform there."""
    if not is_cancel_operation(state.facts.document, case.operation.path, case.method):
        return
    declared = state.facts.responses(case.operation.path, case.method)
    if "409" not in declared and "4XX" not in declared:
        return
    for value in (case.path_parameters or {}).values():
        job_id = str(value)
        _, body = body_of(response)
        job = job_of(body) if 200 <= response.status_code < 300 else None
        for key in state.jobs.keys_of(job_id, parents_of(case, job_id), noun_of(case, job_id)):
            previous = state.jobs.observe(key, job[1] if job and job[0] == job_id else None, response)
            if previous in TERMINAL and response.status_code != 409:
                raise TerminalJobCancelled(
                    f"{describe(case, response)}: job {job_id} was already {previous}; cancelling it must answer 409"
                )


def link_value(expression: Any, case: Any, body: Any) -> Any:
    """Evaluate the runtime expressions links use ($response.body#..., $request.path/query/body)."""
    if not isinstance(expression, str):
        return expression
    if expression.startswith("$response.body#"):
        return json_pointer(body, expression[len("$response.body#") :])
    if expression.startswith("$request.path."):
        return (case.path_parameters or {}).get(expression[len("$request.path.") :])
    if expression.startswith("$request.query."):
        return (case.query or {}).get(expression[len("$request.query.") :])
    if expression.startswith("$request.body#"):
        return json_pointer(case.body, expression[len("$request.body#") :])
    return None if expression.startswith("$") else expression


def _resource_key(case: Any) -> ResourceKey:
    return case.operation.path, frozenset((k, str(v)) for k, v in (case.path_parameters or {}).items())


def _is_negative(case: Any) -> bool:
    """Whether schemathesis generated the case to break the spec (its negative data)."""
    mode = getattr(getattr(getattr(case, "meta", None), "generation", None), "mode", None)
    return getattr(mode, "value", None) == "negative"


def check_resource_lifecycle(state: RunState, response: Any, case: Any) -> None:
    """A created resource is readable until deleted, and 404 after.

    "Created" is known from the links of a successful POST: each link to a GET or DELETE names the
    item path and the response field holding its id. A DELETE that answers with a job in a new state
    (a cancel) changes the resource's state rather than deleting it. A link to an RPC-style read or delete
    (`POST /documents.info {"id": …}`) names the record in its body or query instead (`_check_rpc_record`).
    """
    facts = state.facts
    method = case.method.upper()
    status = response.status_code
    if case.operation.path in state.rpc_targets:
        _check_rpc_record(state, response, case)
        return
    if method == "POST" and 200 <= status < 300:
        _, body = body_of(response)
        links = (response_definition_for(facts.responses(case.operation.path, case.method), status) or {}).get("links")
        made: list[ResourceKey] = []
        for link in (links or {}).values():
            target = facts.operation_by_id(link.get("operationId", "")) if isinstance(link, dict) else None
            if target is None:
                continue
            if target[1] not in ("get", "delete"):
                _made_rpc_record(state, link, target[0], case, body)
                continue
            values = {name: link_value(expr, case, body) for name, expr in (link.get("parameters") or {}).items()}
            if any(value is None for value in values.values()):
                continue
            # a record's address (AIP's `name: "memos/abc"`) is read back at `/memos/{memo}` by its last part
            values = {k: (part_named(v, target[0], k) or v) if isinstance(v, str) else v for k, v in values.items()}
            made.append((target[0], frozenset((k, str(v)) for k, v in values.items())))
        state.resources.made_together(made, under=frozenset(str(v) for v in (case.path_parameters or {}).values()))
        return
    if method == "PUT" and 200 <= status < 300:
        state.resources.written_anew(_resource_key(case))
        return
    if method not in ("GET", "DELETE"):
        return
    key = _resource_key(case)
    if method == "DELETE" and 200 <= status < 300 and not ends_in_parameter(case.operation.path):
        state.resources.forget_below(key)
        return
    known = state.resources.get(key)
    if known is None:
        if method == "DELETE" and 200 <= status < 300 and job_of(body_of(response)[1]) is None:
            # a record made before the run (seeded, or made by the server) deleted: what this run made below it
            # may have gone with it or not, as the server decides
            state.resources.forget_below(key)
        return
    where = describe(case, response)
    # a request schemathesis made malformed on purpose, refused as such, says nothing about the resource
    refused_as_malformed = 400 <= status < 500 and _is_negative(case)
    if known == "deleted" and status not in (404, 410) and not refused_as_malformed:
        if method == "DELETE" and 200 <= status < 300:
            return  # DELETE is idempotent (RFC 9110 §9.2.2): a repeated one may succeed again (S3 answers 204)
        if not can_say_gone(facts.responses(case.operation.path, case.method)):
            return  # no answer to this read conforms: the spec's gap, noted once for the run (`silent_on_gone`)
        raise ResourceLifecycleBroken(f"{where}: resource was deleted earlier in this run; expected 404")
    if known == "live":
        if status in (404, 410) and not path_breaks_its_parameters(facts, case):
            raise ResourceLifecycleBroken(f"{where}: resource created earlier in this run (and not deleted) is gone")
        if method == "DELETE" and 200 <= status < 300:
            _, body = body_of(response)
            if job_of(body) is None and not answered_cancelled(body):
                state.resources.delete_with_below(key)


def answered_cancelled(body: Any) -> bool:
    """Whether a DELETE answered its record cancelled (Impala's booking, `status: CANCELLED`, named by `bookingId`
    where a job has an `id`): a cancel, after which the record is still read."""
    status = body.get("status") if isinstance(body, dict) else None
    return isinstance(status, str) and status.lower() in CANCELLED


def _rpc_key(target: RpcTarget, value: Any) -> ResourceKey:
    """An RPC-style record's key: its collection and its id, the same for its read and its delete (`/documents.info`
    and `/documents.delete` of one document)."""
    return target.collection, frozenset({("record", str(value))})


def _made_rpc_record(state: RunState, link: dict[str, Any], path: str, case: Any, body: Any) -> None:
    """A create's link to an RPC-style read or delete, which names the new record in its body or its query
    (`{"requestBody": {"id": "$response.body#/data/id"}}`): that record is live."""
    sent = link.get("requestBody")
    asked = {
        name[len("query.") :]: expr
        for name, expr in (link.get("parameters") or {}).items()
        if name.startswith("query.")
    }
    if isinstance(sent, dict) and len(sent) == 1 and not asked:
        ((name, expression),) = sent.items()
        where = "body"
    elif len(asked) == 1 and sent is None:
        ((name, expression),) = asked.items()
        where = "query"
    else:
        return
    value = link_value(expression, case, body)
    call = rpc_call(path, state.facts.document.get("paths") or {})
    if value in (None, "") or call is None or call.role not in (GET, DELETE):
        return
    target = RpcTarget(where, name, f"rpc {call.scope}/{call.noun}", call.role == DELETE)  # never an item path's key
    state.rpc_targets[path] = target
    state.resources.set(_rpc_key(target, value), "live")


def _check_rpc_record(state: RunState, response: Any, case: Any) -> None:
    """An RPC-style read or delete of a record made in this run: gone (404, 410) while live is a failure. A read
    after its delete is not judged: such APIs often answer a missing record 200 with the error in the body
    (Slack's `{"ok": false, "error": "not_found"}`)."""
    target = state.rpc_targets[case.operation.path]
    sent = (case.query or {}) if target.where == "query" else case.body if isinstance(case.body, dict) else {}
    if sent.get(target.name) is None:
        return
    key = _rpc_key(target, sent[target.name])
    if state.resources.get(key) != "live":
        return
    status = response.status_code
    if status in (404, 410):
        raise ResourceLifecycleBroken(
            f"{describe(case, response)}: resource created earlier in this run (and not deleted) is gone"
        )
    if target.deletes and 200 <= status < 300:
        state.resources.set(key, "deleted")


class StatusMovedBackwards(ContractFailure):
    check = "status_order_conformance"
    title_text = "Resource status moved backwards between polls"


def status_enum(state: RunState, case: Any, status_code: int) -> list[str]:
    """The success body's `status` enum, in the order the spec lists it."""
    from contract_tests.spec_facts import answered_schema_of

    definition = response_definition_for(state.facts.responses(case.operation.path, case.method), status_code)
    schema = answered_schema_of(definition) or {}
    prop = (schema.get("properties") or {}).get("status") if isinstance(schema, dict) else None
    values = (prop or {}).get("enum") if isinstance(prop, dict) else None
    return [str(value) for value in values or []]


def status_rank_in(status: str, enum: list[str]) -> int:
    """Rank by the lifecycle vocabulary when every value is known to it, else by the enum's order."""
    if enum and all(value.lower() in QUEUED | RUNNING | TERMINAL for value in enum):
        return status_rank(status.lower())
    return enum.index(status) if status in enum else -1


def check_status_order(state: RunState, response: Any, case: Any) -> None:
    """Polling one item (GETs with no write between) never shows its status moving back along the
    spec's state order: the `status` enum's order, or queued -> running -> terminal for job vocabularies."""
    key = _resource_key(case)
    if case.method.upper() != "GET":
        if case.path_parameters:
            state.statuses.set(key, "")  # a write to the item: what it says next starts afresh
        if _status_sent(case) is not None:  # a write that sets the status of the record its body names, wherever
            state.statuses.forget_naming(_ids_sent(case))
        return
    if not 200 <= response.status_code < 300 or not case.path_parameters:
        return
    if declared_machine(success_schema(state, case, response.status_code)) is not None:
        return  # a declared state machine says more than the enum's order: state_transition_conformance
    _, body = body_of(response)
    status = body.get("status") if isinstance(body, dict) else None
    enum = status_enum(state, case, response.status_code)
    if not isinstance(status, str) or status not in enum:
        return
    previous = state.statuses.get(key)
    state.statuses.set(key, status)
    # answers that name different records are not one record polled (Blogger's `GET …/posts/bypath?path=…`, the
    # blog's post at each path: the path parameters name the blog, the query the post)
    record = body.get("id")
    previous_record = state.status_ids.get(key)
    state.status_ids.set(key, str(record) if isinstance(record, (str, int)) else "")
    if previous_record and isinstance(record, (str, int)) and previous_record != str(record):
        return
    if previous and previous in enum and status_rank_in(status, enum) < status_rank_in(previous, enum):
        raise StatusMovedBackwards(
            f"{describe(case, response)}: status went from {previous} back to {status} (order: {' -> '.join(enum)})"
        )


# --------------------------------------------------------------------------- declared state machines

TRANSITIONS = "x-specmock-transitions"


class IllegalTransition(ContractFailure):
    check = "state_transition_conformance"
    title_text = "Status changed in a way the declared state machine does not allow"


class LifecycleBodyInvalid(ContractFailure):
    check = "lifecycle_body_conformance"
    title_text = "A later state's body breaks the declared schema"


def declared_machine(schema: Any) -> tuple[str, dict[str, tuple[str, ...]]] | None:
    """(property, state -> states it may move to) from a body schema whose property carries
    `x-specmock-transitions` (written in the spec or added by an Overlay), else None."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    for name, prop in (properties or {}).items():
        table = prop.get(TRANSITIONS) if isinstance(prop, dict) else None
        if isinstance(table, dict):
            return str(name), {
                str(state): tuple(str(target) for target in targets or [])
                for state, targets in table.items()
                if isinstance(targets, list) or targets is None
            }
    return None


def reachable(machine: dict[str, tuple[str, ...]], start: str) -> set[str]:
    """States reachable from `start` in one or more moves: between two polls a server may take several."""
    seen: set[str] = set()
    frontier = list(machine.get(start, ()))
    while frontier:
        state = frontier.pop()
        if state not in seen:
            seen.add(state)
            frontier.extend(machine.get(state, ()))
    return seen


def item_key(case: Any) -> ResourceKey:
    """The item an operation addresses: its path up to the last parameter (so `/jobs/{id}/cancel`
    and `/jobs/{id}` name the same job), with the parameters' values."""
    parts = case.operation.path.rstrip("/").split("/")
    last = max((i for i, part in enumerate(parts) if part.startswith("{")), default=len(parts) - 1)
    return "/".join(parts[: last + 1]), frozenset((k, str(v)) for k, v in (case.path_parameters or {}).items())


def success_schema(state: RunState, case: Any, status_code: int) -> Any:
    from contract_tests.spec_facts import json_schema_of

    return json_schema_of(response_definition_for(state.facts.responses(case.operation.path, case.method), status_code))


def check_state_transition(state: RunState, response: Any, case: Any) -> None:
    """An item's status only moves along the state machine its schema declares (`x-specmock-transitions`):
    each change seen between two answers about the same item, reads or writes, is reachable from the
    previous status, and a state with no way out is never left."""
    if not 200 <= response.status_code < 300 or not case.path_parameters:
        return
    declared = declared_machine(success_schema(state, case, response.status_code))
    if declared is None:
        return
    field_name, machine = declared
    _, body = body_of(response)
    status = body.get(field_name) if isinstance(body, dict) else None
    if not isinstance(status, str):
        return
    key = item_key(case)
    previous = state.machine_states.get(key)
    state.machine_states.set(key, status)
    if previous is None or previous == status or previous not in machine:
        return
    if status not in reachable(machine, previous):
        allowed = ", ".join(machine[previous]) or "nothing (it is final)"
        raise IllegalTransition(
            f"{describe(case, response)}: {field_name} went {previous} -> {status}; from {previous} the declared "
            f"state machine allows {allowed}"
        )


def check_lifecycle_body(state: RunState, response: Any, case: Any) -> None:
    """Every state a polled item reaches answers a body its declared schema accepts (a status outside the
    enum at a later state, a field that goes missing once the job is done)."""
    if not 200 <= response.status_code < 300:
        return
    schema = success_schema(state, case, response.status_code)
    is_json, body = body_of(response)
    if schema is None or not is_json:
        return
    errors = state.facts.validation_errors(schema, body)
    if errors:
        status = body.get("status") if isinstance(body, dict) else None
        at = f" at status {status!r}" if isinstance(status, str) else ""
        raise LifecycleBodyInvalid(f"{describe(case, response)}{at}: {'; '.join(errors[:3])}")
