"""Unit tests of the domain checks' rules, on hand-made responses."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from contract_tests.checks import envelope, money, sequences
from contract_tests.checks.base import RunState, start_run
from contract_tests.spec_facts import is_cancel_operation, reads_of_clearable_collections, silent_on_gone

DOCUMENT = {
    "openapi": "3.1.0",
    "paths": {
        "/jobs/{id}": {
            "get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}},
            "delete": {
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {
                                "schema": {"properties": {"status": {"enum": ["queued", "cancelled"]}}}
                            }
                        }
                    },
                    "409": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                }
            },
        },
        "/subscriptions/{id}": {  # Mollie's: a cancel that declares no 409
            "get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}},
            "delete": {
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {
                                "schema": {"properties": {"status": {"enum": ["active", "completed", "canceled"]}}}
                            }
                        }
                    },
                    "404": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                }
            },
        },
        "/things": {
            "post": {
                "responses": {
                    "201": {"links": {"Get": {"operationId": "getThing", "parameters": {"id": "$response.body#/id"}}}},
                    "400": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                }
            }
        },
        "/things/{id}": {
            "get": {
                "operationId": "getThing",
                "responses": {
                    "200": {},
                    "404": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            },
            "delete": {"operationId": "deleteThing", "responses": {"204": {}}},
        },
        "/connectors/{connector_id_or_name}": {  # Mistral's: alike the next but for its parameter's name
            "get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}}
        },
        "/connectors/{connector_id}": {
            "patch": {
                "responses": {
                    "200": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "422": {
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"detail": {"type": "array"}}}
                            }
                        }
                    },
                }
            }
        },
        "/authorize": {  # Box's browser page: its errors are declared as HTML
            "get": {"responses": {"302": {}, "4XX": {"content": {"text/html": {"schema": {"type": "string"}}}}}}
        },
    },
    "components": {
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"type": "object", "required": ["code"]}},
            }
        }
    },
}


def case(method: str, path: str, **path_parameters):
    schema = SimpleNamespace(raw_schema=DOCUMENT)
    return SimpleNamespace(
        method=method,
        operation=SimpleNamespace(path=path, schema=schema),
        path_parameters=path_parameters,
        query={},
        body=None,
    )


def response(status: int, body=None, headers=None):
    content = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    return SimpleNamespace(
        status_code=status, content=content, headers={k.lower(): [v] for k, v in (headers or {}).items()}
    )


@pytest.fixture
def state() -> RunState:
    return start_run(DOCUMENT)


def test_error_envelope_uses_declared_or_common_schema(state):
    ok = {"error": {"code": "x"}}
    assert envelope.check_error_envelope(state, response(400, ok), case("POST", "/things")) is None
    # undeclared 422 on GET /jobs/{id} still has to be in the common envelope
    assert envelope.check_error_envelope(state, response(422, ok), case("GET", "/jobs/{id}")) is None
    with pytest.raises(AssertionError, match="common error schema"):
        envelope.check_error_envelope(state, response(422, {"message": "no"}), case("GET", "/jobs/{id}"))
    with pytest.raises(AssertionError, match="not JSON"):
        envelope.check_error_envelope(state, response(500, b"Internal Server Error"), case("GET", "/jobs/{id}"))


def test_an_error_to_a_method_a_same_shaped_path_declares_is_held_to_that_operations_envelope(state):
    # PATCH sent to `/connectors/{connector_id_or_name}` is `PATCH /connectors/{connector_id}` on the wire: its 422
    # is the one that operation declares, not the API's common envelope
    refused = response(422, {"detail": [{"loc": ["path", "connector_id"], "msg": "not a uuid"}]})
    assert envelope.check_error_envelope(state, refused, case("PATCH", "/connectors/{connector_id_or_name}")) is None
    with pytest.raises(AssertionError, match="schema declared for 422"):
        envelope.check_error_envelope(
            state, response(422, {"detail": "no"}), case("PATCH", "/connectors/{connector_id_or_name}")
        )


def test_an_error_declared_in_another_media_type_is_not_held_to_the_json_envelope(state):
    page = b"<html><body>invalid client_id</body></html>"
    assert envelope.check_error_envelope(state, response(400, page), case("GET", "/authorize")) is None
    # a status the operation does not declare is still the API's common envelope
    with pytest.raises(AssertionError, match="not JSON"):
        envelope.check_error_envelope(state, response(500, page), case("GET", "/authorize"))


def test_an_answer_to_head_has_no_body_to_judge(state):
    # Docker's HEAD /containers/{id}/archive refused with 400 and, as HTTP says, no body
    assert envelope.check_error_envelope(state, response(400), case("HEAD", "/jobs/{id}")) is None
    with pytest.raises(AssertionError, match="not JSON"):
        envelope.check_error_envelope(state, response(400, b""), case("GET", "/jobs/{id}"))


@pytest.mark.parametrize(
    "value,valid",
    [
        ("0", True),
        ("120", True),
        ("Wed, 21 Oct 2015 07:28:00 GMT", True),
        ("-1", False),
        ("soon", False),
        ("1.5", False),
    ],
)
def test_retry_after_values(value, valid):
    assert envelope.is_valid_retry_after(value) is valid


def test_retry_after_required_on_429(state):
    with pytest.raises(AssertionError, match="without a Retry-After"):
        envelope.check_retry_after(state, response(429, {}), case("GET", "/jobs/{id}"))
    assert envelope.check_retry_after(state, response(429, {}, {"Retry-After": "3"}), case("GET", "/jobs/{id}")) is None


@pytest.mark.parametrize(
    "body,ok",
    [
        ({"error": {"code": "insufficient_funds"}}, True),
        ({"errors": [{"code": "other"}, {"code": "insufficientFunds"}]}, True),
        ({"code": "INSUFFICIENT_FUNDS", "message": "x"}, True),
        ({"error": {"code": "payment_required"}}, False),
        ({}, False),
    ],
)
def test_insufficient_funds_on_402(body, ok, state):
    call = lambda: money.check_insufficient_funds(state, response(402, body), case("POST", "/things"))  # noqa: E731
    if ok:
        assert call() is None
    else:
        with pytest.raises(AssertionError):
            call()


def test_negative_balances_found_anywhere_under_balance_keys():
    body = {"balance": {"usd": -1, "nested": {"x": 2}}, "data": [{"freeBalance": -0.5}], "delta": -3}
    assert money.negative_balances(body) == ["/balance/usd = -1", "/data/0/freeBalance = -0.5"]


def test_a_load_balancer_is_no_balance():
    # Hetzner's `load_balancer.health_check.retries` and a `utc_offset_minutes` under it were "negative balances"
    body = {"load_balancer": {"id": 1, "utc_offset_minutes": -698}, "rebalance": -1, "balancer_delta": -2}
    assert money.negative_balances(body) == []
    assert money.negative_balances({"balanceAmount": -1, "Balances": {"x": -2}}) == [
        "/balanceAmount = -1",
        "/Balances/x = -2",
    ]


def test_job_never_moves_backwards_and_terminal_keeps_outcome(state):
    get = case("GET", "/jobs/{id}", id="j1")
    sequences.check_job_lifecycle(state, response(200, {"job_id": "j1", "status": "running"}), get)
    with pytest.raises(AssertionError, match="backwards"):
        sequences.check_job_lifecycle(state, response(200, {"job_id": "j1", "status": "queued"}), get)
    sequences.check_job_lifecycle(state, response(200, {"job_id": "j1", "status": "completed"}), get)
    with pytest.raises(AssertionError, match="already terminal"):
        sequences.check_job_lifecycle(state, response(200, {"job_id": "j1", "status": "failed"}), get)


def test_terminal_job_cancel_must_be_409(state):
    sequences.check_job_lifecycle(
        state, response(200, {"job_id": "j2", "status": "completed"}), case("GET", "/jobs/{id}", id="j2")
    )
    cancel = case("DELETE", "/jobs/{id}", id="j2")
    assert sequences.check_job_cancellation(state, response(409, {"error": {"code": "terminal"}}), cancel) is None
    cancelled = response(200, {"job_id": "j2", "status": "cancelled"})
    # the lifecycle check sees this response first and records "cancelled"; the cancellation check
    # must still judge against the status the job had before this response
    with pytest.raises(AssertionError, match="already terminal"):
        sequences.check_job_lifecycle(state, cancelled, cancel)
    with pytest.raises(AssertionError, match="must answer 409"):
        sequences.check_job_cancellation(state, cancelled, cancel)


def test_a_terminal_job_cancel_need_not_be_409_where_the_cancel_declares_none(state):
    # Mollie's `DELETE …/subscriptions/{id}` declares 200, 404 and 429: a 409 would be no answer of the spec's
    get = case("GET", "/subscriptions/{id}", id="s1")
    sequences.check_job_lifecycle(state, response(200, {"id": "s1", "status": "completed"}), get)
    unchanged = response(200, {"id": "s1", "status": "completed"})
    assert sequences.check_job_cancellation(state, unchanged, case("DELETE", "/subscriptions/{id}", id="s1")) is None


def test_cancel_of_running_job_is_fine_and_delete_of_other_resources_is_not_a_cancel(state):
    sequences.check_job_lifecycle(
        state, response(200, {"job_id": "j3", "status": "running"}), case("GET", "/jobs/{id}", id="j3")
    )
    assert (
        sequences.check_job_cancellation(
            state, response(200, {"job_id": "j3", "status": "cancelled"}), case("DELETE", "/jobs/{id}", id="j3")
        )
        is None
    )
    sequences.check_job_lifecycle(
        state, response(200, {"id": "t1", "status": "failed"}), case("GET", "/things/{id}", id="t1")
    )
    assert sequences.check_job_cancellation(state, response(204), case("DELETE", "/things/{id}", id="t1")) is None


def test_a_record_its_delete_answers_cancelled_is_still_read(state):
    # Impala's `DELETE /bookings/{bookingId}` answers the booking `CANCELLED` (a record named by `bookingId`, no job
    # `id`): the booking read afterwards was reported as deleted yet answered
    sequences.check_resource_lifecycle(state, response(201, {"id": "b1"}), case("POST", "/things"))
    get = case("GET", "/things/{id}", id="b1")
    cancelled = response(200, {"bookingId": "b1", "status": "CANCELLED"})
    sequences.check_resource_lifecycle(state, cancelled, case("DELETE", "/things/{id}", id="b1"))
    sequences.check_resource_lifecycle(state, response(200, {"bookingId": "b1", "status": "CANCELLED"}), get)
    document = {
        "paths": {
            "/b/{id}": {
                "delete": {
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {"properties": {"status": {"enum": ["PENDING", "CANCELLED"]}}}
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert is_cancel_operation(document, "/b/{id}", "delete")  # whatever the case of its status words


def test_created_resource_readable_until_deleted_then_404(state):
    sequences.check_resource_lifecycle(state, response(201, {"id": "t9"}), case("POST", "/things"))
    get = case("GET", "/things/{id}", id="t9")
    with pytest.raises(AssertionError, match="is gone"):
        sequences.check_resource_lifecycle(state, response(404, {"error": {"code": "nf"}}), get)
    sequences.check_resource_lifecycle(state, response(200, {"id": "t9"}), get)
    sequences.check_resource_lifecycle(state, response(204), case("DELETE", "/things/{id}", id="t9"))
    sequences.check_resource_lifecycle(state, response(404, {"error": {"code": "nf"}}), get)
    with pytest.raises(AssertionError, match="deleted earlier"):
        sequences.check_resource_lifecycle(state, response(200, {"id": "t9"}), get)


def test_a_put_that_succeeds_on_a_deleted_resource_may_have_made_it_again(state):
    # Svix's `PUT /event-type/{name}` creates or replaces (RFC 9110 §9.3.4): read after it, the record may be there
    sequences.check_resource_lifecycle(state, response(201, {"id": "t9"}), case("POST", "/things"))
    get = case("GET", "/things/{id}", id="t9")
    sequences.check_resource_lifecycle(state, response(204), case("DELETE", "/things/{id}", id="t9"))
    refused = response(404, {"error": {"code": "nf"}})
    sequences.check_resource_lifecycle(state, refused, case("PUT", "/things/{id}", id="t9"))
    with pytest.raises(AssertionError, match="deleted earlier"):  # a PUT refused wrote nothing
        sequences.check_resource_lifecycle(state, response(200, {"id": "t9"}), get)
    sequences.check_resource_lifecycle(state, response(200, {"id": "t9"}), case("PUT", "/things/{id}", id="t9"))
    sequences.check_resource_lifecycle(state, response(200, {"id": "t9"}), get)


def test_a_delete_of_the_whole_collection_leaves_its_records_unknown_not_failed(state):
    # `DELETE /things` (gotify's `DELETE /message`) may clear them all, or only those its query named: a read of one
    # made before then may find it or not
    sequences.check_resource_lifecycle(state, response(201, {"id": "t9"}), case("POST", "/things"))
    get = case("GET", "/things/{id}", id="t9")
    sequences.check_resource_lifecycle(state, response(204), case("DELETE", "/things"))
    sequences.check_resource_lifecycle(state, response(404, {"error": {"code": "nf"}}), get)
    sequences.check_resource_lifecycle(state, response(201, {"id": "t9"}), case("POST", "/things"))
    with pytest.raises(AssertionError, match="is gone"):  # made again after the clear: known live again
        sequences.check_resource_lifecycle(state, response(404, {"error": {"code": "nf"}}), get)


def test_a_repeated_delete_may_succeed_and_a_read_that_cannot_say_gone_is_not_failed(state):
    # DELETE is idempotent (RFC 9110 §9.2.2): S3 answers a second one 204. SendGrid's GET /alerts/{id} declares
    # no 404, 410, 4XX or default: no answer to a read of a deleted alert conforms, so the spec is noted
    document = json.loads(json.dumps(DOCUMENT))
    document["paths"]["/things/{id}"]["get"]["responses"].pop("404")
    state = start_run(document)
    post, get = case("POST", "/things"), case("GET", "/things/{id}", id="t9")
    delete = case("DELETE", "/things/{id}", id="t9")
    for made in (post, get, delete):
        made.operation.schema.raw_schema = document
    sequences.check_resource_lifecycle(state, response(201, {"id": "t9"}), post)
    sequences.check_resource_lifecycle(state, response(204), delete)
    sequences.check_resource_lifecycle(state, response(204), delete)
    sequences.check_resource_lifecycle(state, response(200, {"id": "t9"}), get)
    # the run says so in its notes; the DELETE declares no 404 either, but a repeated DELETE may succeed
    assert set(silent_on_gone(document)) - set(silent_on_gone(DOCUMENT)) == {"GET /things/{id}"}


def test_a_read_that_can_say_gone_must_after_a_repeated_delete(state):
    sequences.check_resource_lifecycle(state, response(201, {"id": "t9"}), case("POST", "/things"))
    sequences.check_resource_lifecycle(state, response(204), case("DELETE", "/things/{id}", id="t9"))
    sequences.check_resource_lifecycle(state, response(204), case("DELETE", "/things/{id}", id="t9"))
    with pytest.raises(AssertionError, match="deleted earlier"):
        sequences.check_resource_lifecycle(state, response(200, {"id": "t9"}), case("GET", "/things/{id}", id="t9"))


def test_a_404_to_a_path_its_own_parameters_refuse_says_nothing_of_a_live_resource():
    # Qovery's create takes any `{terraformId}` and its delete a uuid: a delete under the `0` the create took asks
    # for no resource, and its 404 is no lifecycle broken; under a uuid parent it is one
    document = json.loads(json.dumps(DOCUMENT))
    document["paths"]["/things/{id}"]["get"]["parameters"] = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
    ]
    state = start_run(document)
    post = case("POST", "/things")
    post.operation.schema.raw_schema = document
    uuid = "7d9f3a52-1b3c-4e5f-8a6b-9c0d1e2f3a4b"
    for made in ("t9", uuid):
        sequences.check_resource_lifecycle(state, response(201, {"id": made}), post)
    sequences.check_resource_lifecycle(
        state, response(404, {"error": {"code": "nf"}}), case("GET", "/things/{id}", id="t9")
    )
    with pytest.raises(AssertionError, match="is gone"):
        sequences.check_resource_lifecycle(
            state, response(404, {"error": {"code": "nf"}}), case("GET", "/things/{id}", id=uuid)
        )


def test_a_malformed_request_for_a_deleted_resource_may_be_refused_as_malformed(state):
    # Asana's GET with `opt_pretty=` (not a boolean), sent by schemathesis' negative data after a DELETE: a 400
    # says the request is malformed, nothing about the resource; a well-formed one must still get its 404
    sequences.check_resource_lifecycle(state, response(201, {"id": "t9"}), case("POST", "/things"))
    sequences.check_resource_lifecycle(state, response(204), case("DELETE", "/things/{id}", id="t9"))
    negative = case("GET", "/things/{id}", id="t9")
    negative.meta = SimpleNamespace(generation=SimpleNamespace(mode=SimpleNamespace(value="negative")))
    sequences.check_resource_lifecycle(state, response(400, {"error": {"code": "bad"}}), negative)
    with pytest.raises(AssertionError, match="deleted earlier"):
        sequences.check_resource_lifecycle(state, response(200, {"id": "t9"}), negative)
    with pytest.raises(AssertionError, match="deleted earlier"):
        sequences.check_resource_lifecycle(
            state, response(400, {"error": {"code": "bad"}}), case("GET", "/things/{id}", id="t9")
        )


def test_two_runs_do_not_share_state():
    """Each run starts its own state: a job seen in one run is unknown to the next."""
    first = start_run(DOCUMENT)
    get = case("GET", "/jobs/{id}", id="j5")
    sequences.check_job_lifecycle(first, response(200, {"job_id": "j5", "status": "completed"}), get)
    second = start_run(DOCUMENT)
    sequences.check_job_lifecycle(second, response(200, {"job_id": "j5", "status": "queued"}), get)
    no_parents = (frozenset(), (), "@jobs")  # named by its path: `@`
    assert second.jobs.status == {"j5": {no_parents: "queued"}} and first.jobs.status == {
        "j5": {no_parents: "completed"}
    }


def test_two_resources_with_one_id_and_other_statuses_are_not_one_job():
    # Linode: disk 1 is `ready`, instance 1 `running`; keyed by id alone, "job 1 moved backwards: ready -> running"
    def item(statuses: list[str]) -> dict:
        schema = {"type": "object", "properties": {"id": {"type": "integer"}, "status": {"enum": statuses}}}
        return {"get": {"responses": {"200": {"content": {"application/json": {"schema": schema}}}}}}

    document = {
        "openapi": "3.1.0",
        "paths": {
            "/disks/{id}": item(["not ready", "ready", "deleting"]),
            "/instances/{id}": item(["queued", "running", "offline", "deleting"]),
            "/instances/{id}/status": item(["running", "offline"]),
        },
    }
    state = start_run(document)

    def seen(path: str, status: str) -> None:
        made = case("GET", path, id=1)
        made.operation.schema.raw_schema = document
        sequences.check_job_lifecycle(state, response(200, {"id": 1, "status": status}), made)

    seen("/disks/{id}", "ready")
    seen("/instances/{id}", "running")
    seen("/instances/{id}/status", "running")  # declares some of the instance's values: the same instance
    with pytest.raises(AssertionError, match="moved backwards"):
        seen("/instances/{id}", "queued")


def test_an_outcome_that_never_waits_or_runs_is_no_job():
    # Ticketmaster's ingestion result of each PATCH to an attraction, named by the attraction's id: `Error` for one
    # write and `Success` for the next was reported as a terminal job changing its outcome
    def patched(statuses: list[str]) -> dict:
        schema = {"type": "object", "properties": {"id": {"type": "string"}, "status": {"enum": statuses}}}
        return {"patch": {"responses": {"200": {"content": {"*/*": {"schema": schema}}}}}}

    document = {
        "openapi": "3.1.0",
        "paths": {
            "/attractions/{id}": patched(["Error", "SuccessWarning", "Success"]),
            "/jobs/{id}": patched(["queued", "running", "success", "error"]),
        },
    }
    state = start_run(document)

    def seen(path: str, status: str) -> None:
        made = case("PATCH", path, id="a1")
        made.operation.schema.raw_schema = document
        sequences.check_job_lifecycle(state, response(200, {"id": "a1", "status": status}), made)

    seen("/attractions/{id}", "Error")
    seen("/attractions/{id}", "Success")
    seen("/jobs/{id}", "error")
    with pytest.raises(AssertionError, match="already terminal"):
        seen("/jobs/{id}", "success")  # a job that can wait or run keeps its outcome


def test_one_run_id_under_two_parents_is_two_jobs(state):
    """Resend's `/automations/{automation_id}/runs/{run_id}`: one run id read under two automations is two runs
    (a real server answers 404 for the wrong one), where keyed by id alone it "moved backwards"; under the same
    automation, and read where no parent is named, it is still one job."""
    run = "f728b4fa-4248-1e3a-8a5d-2f346baa9455"

    def seen(status: str, **parents: str) -> None:
        path = "/automations/{automation_id}/runs/{run_id}" if parents else "/runs/{run_id}"
        made = case("GET", path, run_id=run, **parents)
        sequences.check_job_lifecycle(state, response(200, {"id": run, "status": status}), made)

    seen("failed", automation_id="a1")
    seen("running", automation_id="a2")  # another automation's run
    with pytest.raises(AssertionError, match="already terminal"):
        seen("completed", automation_id="a1")
    with pytest.raises(AssertionError, match="moved backwards"):
        seen("queued", automation_id="a2")
    cancel = case("POST", "/automations/{automation_id}/runs/{run_id}/cancel", run_id=run, automation_id="a2")
    assert [key[1] for key in state.jobs.keys_of(run, sequences.parents_of(cancel, run))] == [
        frozenset({("automation_id", "a2")})
    ]


def test_failures_are_typed_and_deduplicated_by_normalised_message():
    first = envelope.ErrorOutsideEnvelope("GET /jobs/{id} -> 500: body 'abc' id 3fa85f64-5717-4562-b3fc-2c963f66afa6")
    second = envelope.ErrorOutsideEnvelope("GET /jobs/{id} -> 500: body 'xyz' id 9fa85f64-5717-4562-b3fc-2c963f66afa7")
    other = envelope.ErrorOutsideEnvelope("GET /jobs/{id} -> 500: error body is not JSON")
    assert first == second and first != other
    assert first.check == "error_envelope_conformance"
    assert isinstance(first, AssertionError)  # schemathesis reports any AssertionError a check raises


def test_a_negative_balance_the_client_sent_and_got_back_is_not_a_failure(state):
    """A resource that echoes free-form attributes gives back the client's own negative `balance_usd`: that is
    its data, not the server's arithmetic. A negative balance the client did not send still fails."""
    create = case("POST", "/things")
    create.body = {"name": "n", "attributes": {"balance_usd": -5, "credit_balance": [1, -2]}}
    echoed = {"node": {"attributes": {"balance_usd": -5, "credit_balance": [1, -2]}}}
    assert money.check_wallet_balance(state, response(201, echoed), create) is None
    worked_out = {"node": {"attributes": {"balance_usd": -5}}, "wallet": {"balance_usd": -0.25}}
    with pytest.raises(AssertionError, match=r"/wallet/balance_usd = -0.25"):
        money.check_wallet_balance(state, response(201, worked_out), create)
    read_back = case("GET", "/things/{id}", id="n")  # stored, then read: still the client's own number
    assert money.check_wallet_balance(state, response(200, echoed), read_back) is None
    with pytest.raises(AssertionError, match="balance_usd = -5"):  # in a run where the client never sent it
        money.check_wallet_balance(start_run(DOCUMENT), response(200, echoed), read_back)


def test_a_balance_the_specs_own_examples_show_negative_may_be_negative():
    # Plaid's accounts may be overdrawn: its examples hold `historical_balances[].current = -390`. A wallet
    # whose examples show no negative balance still fails on one.
    account = {
        "type": "object",
        "properties": {
            "balances": {"type": "object", "properties": {"available": {"type": "number", "example": -12.5}}},
            "historical_balances": {"type": "array", "items": {"type": "object"}},
        },
    }
    example = {"historical_balances": [{"current": 10}, {"current": -390}]}
    ok = {"description": "ok", "content": {"application/json": {"schema": account, "example": example}}}
    bank = {"openapi": "3.1.0", "paths": {"/accounts/{id}": {"get": {"responses": {"200": ok}}}}}
    assert money.documented_negatives(bank) == {"current", "available"}
    answer = {"balances": {"available": -3}, "historical_balances": [{"current": -7}]}
    read = case("GET", "/accounts/{id}", id="a1")
    assert money.check_wallet_balance(start_run(bank), response(200, answer), read) is None
    with pytest.raises(AssertionError, match="negative balance"):
        money.check_wallet_balance(start_run(DOCUMENT), response(200, answer), read)


def test_what_a_deleted_record_had_below_it_is_gone_with_it(state):
    # Mastodon links its status create to `GET /statuses/{id}/context` and five more reads below the status: after
    # the status was deleted, each read's 404 was "created earlier in this run (and not deleted) is gone"
    context = case("GET", "/things/{id}/context", id="t9")
    state.resources.set(("/things/{id}", frozenset({("id", "t9")})), "live")
    state.resources.set(("/things/{id}/context", frozenset({("id", "t9")})), "live")
    state.resources.set(("/things/{id}/context", frozenset({("id", "t8")})), "live")
    sequences.check_resource_lifecycle(state, response(204), case("DELETE", "/things/{id}", id="t9"))
    sequences.check_resource_lifecycle(state, response(404, {"error": {"code": "nf"}}), context)
    assert state.resources.get(("/things/{id}/context", frozenset({("id", "t8")}))) == "live"  # another thing's


def test_what_a_record_made_before_the_run_had_below_it_is_not_judged_once_it_is_deleted(state):
    # Clerk: a discount applied in this run to a subscription item the server made (none is created by a client);
    # the item's delete took the discount with it, and the discount's 404 was "created earlier in this run (and not
    # deleted) is gone". Whether a parent's delete takes what hangs off it is the server's to say: not judged.
    discount = ("/things/{id}/context", frozenset({("id", "t9")}))
    state.resources.set(discount, "live")
    state.resources.set(("/things/{id}/context", frozenset({("id", "t8")})), "live")
    sequences.check_resource_lifecycle(state, response(204), case("DELETE", "/things/{id}", id="t9"))
    context = case("GET", "/things/{id}/context", id="t9")
    assert sequences.check_resource_lifecycle(state, response(404, {"error": {"code": "nf"}}), context) is None
    assert sequences.check_resource_lifecycle(state, response(200, {}), context) is None
    assert state.resources.get(discount) is None
    assert state.resources.get(("/things/{id}", frozenset({("id", "t9")}))) is None  # no more known of it than before
    assert state.resources.get(("/things/{id}/context", frozenset({("id", "t8")}))) == "live"  # another thing's


def test_what_hangs_below_a_record_is_found_by_place_whatever_its_parameters_are_called(state):
    # DigitalOcean deletes an app at `/v2/apps/{id}` and reads its deployments at `/v2/apps/{app_id}/deployments/…`:
    # matched by name, the app's delete took nothing below it, and a deployment's 404 was "(and not deleted) is gone"
    mine = ("/things/{thing_id}/parts/{part_id}", frozenset({("thing_id", "t9"), ("part_id", "p1")}))
    theirs = ("/things/{thing_id}/parts/{part_id}", frozenset({("thing_id", "t8"), ("part_id", "p1")}))
    state.resources.set(("/things/{id}", frozenset({("id", "t9")})), "live")
    state.resources.set(mine, "live")
    state.resources.set(theirs, "live")
    sequences.check_resource_lifecycle(state, response(204), case("DELETE", "/things/{id}", id="t9"))
    assert state.resources.get(mine) == "deleted" and state.resources.get(theirs) == "live"
    part = case("GET", "/things/{thing_id}/parts/{part_id}", thing_id="t9", part_id="p1")
    assert sequences.check_resource_lifecycle(state, response(404, {"error": {"code": "nf"}}), part) is None


def test_another_tenants_success_is_a_breach_only_where_it_shows_their_record_or_a_refusal_was_declared(state):
    from contract_tests.checks.security import check_other_tenant_refused

    theirs = {"id": "j1", "title": "tenant A's secret plan", "owner": "alice-0001"}
    made_up = {"id": "j1", "title": "something else", "owner": "bob-0002"}
    # GET /jobs/{id} declares no 403 or 404 (FastAPI's, Django REST's specs): B answered a record of its own
    job = case("GET", "/jobs/{id}", id="j1")
    assert check_other_tenant_refused(state, response(200, made_up), job, theirs) is None
    with pytest.raises(AssertionError, match="tenant B reached"):
        check_other_tenant_refused(state, response(200, theirs), job, theirs)
    with pytest.raises(AssertionError, match="tenant B reached"):  # A's record with one field changed since
        check_other_tenant_refused(state, response(200, {**theirs, "title": "renamed"}), job, theirs)
    # GET /things/{id} declares a 404: any success is a breach
    thing = case("GET", "/things/{id}", id="j1")
    with pytest.raises(AssertionError, match="tenant B reached"):
        check_other_tenant_refused(state, response(200, made_up), thing, theirs)
    assert check_other_tenant_refused(state, response(404, {"error": {"code": "x"}}), thing, theirs) is None


def test_schemathesis_use_after_free_spares_the_list_of_a_collection_its_delete_clears():
    # gotify's `DELETE /application/{id}/message`: a correct server answers the list 200 and empty after it
    from contract_tests.runner import RunOptions, default_config

    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/apps/{id}/messages": {"get": {"responses": {}}, "delete": {"responses": {}}},
            "/messages/{id}": {"get": {"responses": {"404": {}}}, "delete": {"responses": {}}},
            "/tags": {"get": {"responses": {}}, "post": {"responses": {}}},
        },
    }
    assert reads_of_clearable_collections(document) == ["GET /apps/{id}/messages"]
    spared = [
        entry["include-name"]
        for entry in default_config(RunOptions(document, "http://127.0.0.1:9"), document)["operations"]
        if entry.get("checks") == {"use_after_free": {"enabled": False}} and "include-name" in entry
    ]
    assert ["GET /apps/{id}/messages"] in spared
    assert not any("GET /messages/{id}" in names for names in spared)  # an item's read still judged


def test_a_record_one_create_links_at_two_item_paths_is_deleted_at_either():
    # Discord's sticker, made at `/guilds/{guild_id}/stickers`, read at `/guilds/{guild_id}/stickers/{sticker_id}`
    # and `/stickers/{sticker_id}`: deleted at the first, its 404 at the second was "(and not deleted) is gone"
    got = {"200": {}, "404": {"content": {"application/json": {"schema": {"type": "object"}}}}}
    document = {
        "openapi": "3.1.0",
        "paths": {
            "/guilds/{guild_id}/stickers": {
                "post": {
                    "responses": {
                        "201": {
                            "links": {
                                "InGuild": {
                                    "operationId": "getGuildSticker",
                                    "parameters": {
                                        "guild_id": "$request.path.guild_id",
                                        "sticker_id": "$response.body#/id",
                                    },
                                },
                                "Alone": {
                                    "operationId": "getSticker",
                                    "parameters": {"sticker_id": "$response.body#/id"},
                                },
                            }
                        }
                    }
                }
            },
            "/guilds/{guild_id}/stickers/{sticker_id}": {
                "get": {"operationId": "getGuildSticker", "responses": got},
                "delete": {"operationId": "deleteGuildSticker", "responses": {"204": {}, "404": got["404"]}},
            },
            "/stickers/{sticker_id}": {"get": {"operationId": "getSticker", "responses": got}},
        },
    }

    def call(method: str, path: str, **values):
        operation = SimpleNamespace(path=path, schema=SimpleNamespace(raw_schema=document))
        return SimpleNamespace(method=method, operation=operation, path_parameters=values, query={}, body=None)

    state = start_run(document)
    made = call("POST", "/guilds/{guild_id}/stickers", guild_id="g1")
    sequences.check_resource_lifecycle(state, response(201, {"id": "s7"}), made)
    alone = call("GET", "/stickers/{sticker_id}", sticker_id="s7")
    with pytest.raises(AssertionError, match="not deleted"):  # live: its 404 is still a finding
        sequences.check_resource_lifecycle(state, response(404, {}), alone)
    gone = call("DELETE", "/guilds/{guild_id}/stickers/{sticker_id}", guild_id="g1", sticker_id="s7")
    sequences.check_resource_lifecycle(state, response(204), gone)
    assert sequences.check_resource_lifecycle(state, response(404, {}), alone) is None
    with pytest.raises(AssertionError, match="deleted earlier"):
        sequences.check_resource_lifecycle(state, response(200, {"id": "s7"}), alone)


def test_two_records_one_create_links_are_deleted_apart():
    # AERIOX's character create links to the character and to the job that trains it: the character deleted, the
    # job was taken for deleted with it, and its 200 was "deleted earlier in this run; expected 404"
    state = start_run(DOCUMENT)
    character = ("/characters/{id}", frozenset({("id", "c1")}))
    job = ("/jobs/{id}", frozenset({("id", "j1")}))
    state.resources.made_together([character, job])
    state.resources.delete_with_below(character)
    assert state.resources.get(character) == "deleted" and state.resources.get(job) == "live"


def test_an_enqueued_job_is_a_job_that_waits():
    # Meilisearch's tasks answer `enqueued`: the job checks did not know the word, and took no such task for a job
    assert sequences.job_of({"taskUid": 1, "id": "t1", "status": "enqueued"}) == ("t1", "enqueued")
    assert sequences.status_rank("enqueued") < sequences.status_rank("processing")


def test_a_balance_transfer_is_no_balance():
    # Mollie's `connect_balance_transfers`: fuzzed transfers held negative numbers, 13 "negative balance" reports
    assert money.negative_balances({"connect_balance_transfers": [{"source": {"x": -1}}], "balanceReports": -2}) == []
    assert money.negative_balances({"balance_usd": -1, "availableBalanceAmount": -2, "balances": [{"v": -3}]}) == [
        "/balance_usd = -1",
        "/availableBalanceAmount = -2",
        "/balances/0/v = -3",
    ]


def test_a_record_made_under_a_deleted_parent_is_no_longer_known_live():
    # Netlify's deploy, made at `POST /sites/{site_id}/deploys` and read at `/deploys/{deploy_id}`: its site deleted,
    # the mock answered the deploy 404 (gone with its site, as a server may), and the run called it "created earlier
    # in this run (and not deleted) is gone"
    state = start_run(DOCUMENT)
    site = ("/sites/{site_id}", frozenset({("site_id", "s1")}))
    deploy = ("/deploys/{deploy_id}", frozenset({("deploy_id", "d1")}))
    other = ("/deploys/{deploy_id}", frozenset({("deploy_id", "d2")}))
    state.resources.made_together([site])
    state.resources.made_together([deploy], under=frozenset({"s1"}))
    state.resources.made_together([other], under=frozenset({"s2"}))
    state.resources.delete_with_below(site)
    assert state.resources.get(deploy) is None  # the server's to keep or delete with its site: not judged
    assert state.resources.get(other) == "live"


def test_a_status_the_client_sends_is_no_job_moving_backwards(state):
    # Weaviate's `POST /classifications/ {"id": …, "status": "running"}` after the same id read `completed`: the
    # client set the status it read back
    def write(status):
        made = case("POST", "/classifications")
        made.body = {"id": "c1", "status": status}
        return made

    get = case("GET", "/classifications/{id}", id="c1")
    sequences.check_job_lifecycle(state, response(200, {"id": "c1", "status": "completed"}), get)
    sequences.check_job_lifecycle(state, response(201, {"id": "c1", "status": "running"}), write("running"))
    sequences.check_job_lifecycle(state, response(200, {"id": "c1", "status": "completed"}), get)
    with pytest.raises(AssertionError, match="moved backwards"):  # the server's own move back is still one
        sequences.check_job_lifecycle(state, response(201, {"id": "c1", "status": "running"}), write("completed"))


def test_one_id_in_two_collections_whose_statuses_only_overlap_is_two_jobs():
    # OpenAI's examples name the file batch `vsfb_abc123` (4 states) and fuzzing sent the same id to `/batches` (8
    # states, the 4 among them): "job vsfb_abc123 was already terminal (failed) and became completed"
    def item(statuses: list[str]) -> dict:
        schema = {"type": "object", "properties": {"id": {"type": "string"}, "status": {"enum": statuses}}}
        return {"responses": {"200": {"content": {"application/json": {"schema": schema}}}}}

    batch = ["validating", "failed", "in_progress", "finalizing", "completed", "expired", "cancelling", "cancelled"]
    document = {
        "openapi": "3.1.0",
        "paths": {
            "/vector_stores/{vector_store_id}/file_batches/{batch_id}": {
                "get": item(batch[1:3] + batch[4:5] + batch[7:])
            },
            "/batches/{batch_id}": {"get": item(batch)},
            "/batches/{batch_id}/cancel": {"post": item(batch)},
        },
    }
    state = start_run(document)

    def seen(method: str, path: str, status: str, **params: str) -> None:
        made = case(method, path, batch_id="vsfb_abc123", **params)
        made.operation.schema.raw_schema = document
        sequences.check_job_lifecycle(state, response(200, {"id": "vsfb_abc123", "status": status}), made)

    seen("GET", "/vector_stores/{vector_store_id}/file_batches/{batch_id}", "failed", vector_store_id="vs_abc123")
    seen("POST", "/batches/{batch_id}/cancel", "completed")  # another collection's batch of that id
    with pytest.raises(AssertionError, match="already terminal"):  # the same batch, read at its own path
        seen("GET", "/batches/{batch_id}", "cancelled")


def test_one_id_in_two_collections_of_one_last_name_is_two_jobs():
    # Mistral's `/v1/batch/jobs/{job_id}` and `/v1/fine_tuning/jobs/{job_id}`, both `jobs`, their statuses undeclared
    # here: fuzzing sent one id to both, and the batch job's SUCCESS made the fine-tuning job's STARTED a move back
    document = {
        "openapi": "3.1.0",
        "paths": {
            "/v1/batch/jobs/{job_id}": {"get": {"responses": {"200": {}}}},
            "/v1/fine_tuning/jobs": {"post": {"responses": {"200": {}}}},
            "/v1/fine_tuning/jobs/{job_id}": {"get": {"responses": {"200": {}}}},
            "/v1/fine_tuning/jobs/{job_id}/start": {"post": {"responses": {"200": {}}}},
        },
    }
    state = start_run(document)

    def seen(method: str, path: str, status: str) -> None:
        made = case(method, path, job_id="j1")
        made.operation.schema.raw_schema = document
        sequences.check_job_lifecycle(state, response(200, {"id": "j1", "status": status}), made)

    made = case("POST", "/v1/fine_tuning/jobs")
    made.operation.schema.raw_schema = document
    sequences.check_job_lifecycle(state, response(200, {"id": "j1", "status": "queued"}), made)
    seen("GET", "/v1/batch/jobs/{job_id}", "success")  # another kind of job of that id
    seen("GET", "/v1/fine_tuning/jobs/{job_id}", "started")  # the fine-tuning job made, moving on
    seen("POST", "/v1/fine_tuning/jobs/{job_id}/start", "success")
    with pytest.raises(AssertionError, match="moved backwards"):  # the same fine-tuning job, read again
        seen("GET", "/v1/fine_tuning/jobs/{job_id}", "started")


def test_a_job_made_and_read_at_its_collections_paths_is_one_job_whose_answers_declare_some_of_its_states():
    # `POST /batches` answers a batch only `queued` (its own enum), `GET /batches/{batch_id}` any of its states:
    # one collection, one job, though only the read names it by its path
    def answer(statuses: list[str], status: str = "200") -> dict:
        schema = {"type": "object", "properties": {"id": {"type": "string"}, "status": {"enum": statuses}}}
        return {"responses": {status: {"content": {"application/json": {"schema": schema}}}}}

    document = {
        "openapi": "3.1.0",
        "paths": {
            "/batches": {"post": answer(["queued"], "201")},
            "/batches/{batch_id}": {"get": answer(["queued", "in_progress", "completed"])},
        },
    }
    state = start_run(document)
    made = case("POST", "/batches")
    made.operation.schema.raw_schema = document
    read = case("GET", "/batches/{batch_id}", batch_id="b1")
    read.operation.schema.raw_schema = document
    sequences.check_job_lifecycle(state, response(200, {"id": "b1", "status": "completed"}), read)
    with pytest.raises(AssertionError, match="moved backwards"):
        sequences.check_job_lifecycle(state, response(201, {"id": "b1", "status": "queued"}), made)


def test_what_a_delete_removed_is_no_job_to_compare_the_next_answer_with():
    # ElevenLabs' RAG index, deleted while `succeeded`: a second delete of its id was answered `created` (the API
    # declares no 404), and was taken for the job moving back. A delete that answers it cancelled keeps it.
    document = {
        "openapi": "3.1.0",
        "paths": {"/indexes/{index_id}": {"get": {"responses": {"200": {}}}, "delete": {"responses": {"200": {}}}}},
    }
    state = start_run(document)

    def seen(method: str, status: str, job: str = "i1") -> None:
        made = case(method, "/indexes/{index_id}", index_id=job)
        made.operation.schema.raw_schema = document
        sequences.check_job_lifecycle(state, response(200, {"id": job, "status": status}), made)

    seen("GET", "succeeded")
    seen("DELETE", "succeeded")
    seen("DELETE", "created")  # another index of that id, if any
    seen("GET", "running", "i2")
    seen("DELETE", "cancelled", "i2")
    with pytest.raises(AssertionError, match="already terminal"):
        seen("GET", "succeeded", "i2")  # a cancelled job is kept, and stays cancelled


def test_a_job_named_by_a_path_segment_with_a_suffix_is_its_collection_alone():
    # Salesloft's `/v2/actions/{id}.json`: the segment holds the id and `.json`; read as no segment naming the job,
    # the action took the status another collection's record 0 had shown for its own
    document = {
        "openapi": "3.1.0",
        "paths": {
            "/v2/actions/{id}.json": {"get": {"responses": {"200": {}}}},
            "/v2/imports/{id}.json": {"get": {"responses": {"200": {}}}},
        },
    }
    state = start_run(document)

    def seen(path: str, status: str) -> None:
        made = case("GET", path, id="0")
        made.operation.schema.raw_schema = document
        sequences.check_job_lifecycle(state, response(200, {"id": 0, "status": status}), made)

    assert sequences.noun_of(case("GET", "/v2/actions/{id}.json", id="0"), "0") == "@v2/actions"
    seen("/v2/imports/{id}.json", "completed")
    seen("/v2/actions/{id}.json", "in_progress")  # another collection's record of that id
    with pytest.raises(AssertionError, match="moved backwards"):  # the same import, read again
        seen("/v2/imports/{id}.json", "queued")
