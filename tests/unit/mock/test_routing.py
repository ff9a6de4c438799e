from __future__ import annotations

import pytest

from mock.routing import MethodNotAllowed, RouteNotFound, Router, route_path, split_path_key
from mock.spec.model import Operation


def operation(method: str, path: str) -> Operation:
    return Operation("t", f"{method} {path}", method, path, "", (), None, {}, ())


ROUTER = Router(
    tuple(
        operation(m, p)
        for m, p in [
            ("GET", "/"),
            ("POST", "/"),
            ("GET", "/v1/models/{model_id}/examples"),
            ("GET", "/v1/models/example-categories/{code}"),
            ("GET", "/v1/jobs/{id}"),
            ("DELETE", "/v1/jobs/{id}"),
            ("GET", "/v1/jobs/active"),
            ("GET", "/v1/files/{name}"),
        ]
    )
)


def test_static_path_with_or_without_trailing_slash():
    assert ROUTER.match("POST", "/").operation.operation_id == "POST /"
    assert ROUTER.match("GET", "/v1/jobs/active/").operation.path == "/v1/jobs/active"


def test_a_path_written_with_and_without_a_trailing_slash_answers_the_methods_of_both():
    # Frigate's `GET /events` beside `DELETE /events/`: the second had replaced the first, and GET /events was a 405
    router = Router(tuple(operation(m, p) for m, p in [("GET", "/events"), ("DELETE", "/events/"),
                                                        ("POST", "/tags"), ("POST", "/tags/")]))  # fmt: skip
    assert router.match("GET", "/events").operation.path == "/events"
    assert router.match("GET", "/events/").operation.path == "/events"
    assert router.match("DELETE", "/events").operation.path == "/events/"
    assert router.match("POST", "/tags/").operation.path == "/tags/"  # both have it: the one spelled as sent
    assert router.match("POST", "/tags").operation.path == "/tags"
    with pytest.raises(MethodNotAllowed) as refused:
        router.match("PUT", "/events")
    assert refused.value.allowed == ("DELETE", "GET")


def test_literal_segment_beats_template():
    assert ROUTER.match("GET", "/v1/jobs/active").operation.path == "/v1/jobs/active"
    match = ROUTER.match("GET", "/v1/models/example-categories/examples")
    assert match.operation.path == "/v1/models/example-categories/{code}"
    assert match.path_params == {"code": "examples"}


def test_a_template_with_literal_text_beside_its_parameter_beats_a_bare_one():
    # Gitea's `/pulls/{index}.{diffType}` beside `/pulls/{index}` (listed first): `5.diff` was taken whole as an index
    router = Router(tuple(operation(m, p) for m, p in [("GET", "/pulls/{index}"), ("PATCH", "/pulls/{index}"),
                                                        ("GET", "/pulls/{index}.{diffType}")]))  # fmt: skip
    diff = router.match("GET", "/pulls/5.diff")
    assert diff.operation.path == "/pulls/{index}.{diffType}" and diff.path_params == {"index": "5", "diffType": "diff"}
    assert router.match("GET", "/pulls/5").operation.path == "/pulls/{index}"
    with pytest.raises(MethodNotAllowed):
        router.match("PATCH", "/pulls/5.diff")


def test_path_parameters_are_unquoted():
    assert ROUTER.match("GET", "/v1/files/a%20b").path_params == {"name": "a b"}


def test_unknown_path_and_wrong_method():
    with pytest.raises(RouteNotFound):
        ROUTER.match("GET", "/v2/nothing")
    with pytest.raises(MethodNotAllowed) as caught:
        ROUTER.match("PUT", "/v1/jobs/9")
    assert caught.value.allowed == ("DELETE", "GET")


def test_head_is_answered_by_get():
    assert ROUTER.match("HEAD", "/v1/jobs/9").operation.method == "GET"


def test_a_multi_segment_parameter_does_not_swallow_a_longer_route():
    from mock.spec.model import Parameter

    branch = Parameter("branch", "path", True, {"type": "string"}, "simple", False, multi_segment=True)
    get_branch = Operation("x", "getBranch", "GET", "/branches/{branch}", "", (branch,), None, {}, ())
    drop_protection = Operation(
        "x", "dropProtection", "DELETE", "/branches/{branch}/protection", "", (branch,), None, {}, ()
    )
    router = Router((get_branch, drop_protection))
    assert router.match("DELETE", "/branches/main/protection").operation is drop_protection
    assert router.match("GET", "/branches/feature/a").path_params == {"branch": "feature/a"}


def test_a_slash_sent_as_percent_2f_stays_inside_its_parameter():
    get_org = operation("GET", "/orgs/{org}")
    put_repo = operation("PUT", "/orgs/{org}/repos/{repo}")
    router = Router((get_org, put_repo))
    found = router.match("PUT", route_path(b"/orgs/a%2Fb/repos/c%2fd", "/orgs/a/b/repos/c/d"))
    assert found.operation is put_repo
    assert found.path_params == {"org": "a/b", "repo": "c/d"}
    assert router.match("GET", route_path(b"/orgs/a%2Fb", "/orgs/a/b")).path_params == {"org": "a/b"}
    assert router.match("GET", route_path(b"/orgs/50%252F", "/orgs/50%2F")).path_params == {"org": "50%2F"}
    assert router.match("GET", route_path(b"/orgs/caf%C3%A9", "/orgs/café")).path_params == {"org": "café"}


def test_a_literal_slash_ends_a_parameter_where_the_spec_lets_none_span_segments():
    # Twilio: `/AvailablePhoneNumbers/US/x/y/z.json` answered 200 as `{CountryCode}.json`, `US/x/y/z`; a typo under
    # `/Accounts/{Sid}.json` got a 400 for a Sid too long instead of a 404
    router = Router((operation("GET", "/plain/{code}"), operation("GET", "/countries/{CountryCode}.json")))
    for path in ("/plain/US/Local/x", "/countries/US/Local/x.json", "/plain/a/b"):
        with pytest.raises(RouteNotFound):
            router.match("GET", route_path(path.encode(), path))
    assert router.match("GET", "/plain/US").path_params == {"code": "US"}
    # a file's path, a storage key, a git ref: sent with their slashes as they are, where they end the template
    paths = Router((operation("GET", "/raw/{filepath}"), operation("GET", "/objects/{key}/acl")))
    assert paths.match("GET", "/raw/docs/a/readme.md").path_params == {"filepath": "docs/a/readme.md"}
    with pytest.raises(RouteNotFound):
        paths.match("GET", "/objects/a/b/acl")


def test_templates_alike_but_for_parameter_names_are_told_apart_by_method():
    # GitHub: GET /orgs/{org}/attestations/{subject_digest} beside DELETE /orgs/{org}/attestations/{attestation_id}
    router = Router(
        (
            operation("DELETE", "/orgs/{org}/attestations/{attestation_id}"),
            operation("GET", "/orgs/{org}/attestations/{subject_digest}"),
        )
    )
    got = router.match("GET", "/orgs/acme/attestations/sha256:ab")
    assert got.operation.method == "GET" and got.path_params == {"org": "acme", "subject_digest": "sha256:ab"}
    deleted = router.match("DELETE", "/orgs/acme/attestations/7")
    assert deleted.operation.method == "DELETE" and deleted.path_params == {"org": "acme", "attestation_id": "7"}
    assert router.match("HEAD", "/orgs/acme/attestations/x").operation.method == "GET"
    with pytest.raises(MethodNotAllowed):
        router.match("PUT", "/orgs/acme/attestations/7")


def test_templates_alike_but_for_parameter_names_are_told_apart_by_what_their_parameters_take():
    # Xero: GET /Journals/{JournalID} (a uuid) beside GET /Journals/{JournalNumber} (an integer); PUT on the second
    from mock.request_validation import path_parameters_accepted
    from mock.spec.model import Parameter

    def journal(method: str, name: str, schema: dict) -> Operation:
        parameter = Parameter(name, "path", True, schema, "simple", False)
        return Operation("x", f"{method} {name}", method, f"/Journals/{{{name}}}", "", (parameter,), None, {}, ())

    by_id = journal("GET", "JournalID", {"type": "string", "format": "uuid"})
    by_number = journal("GET", "JournalNumber", {"type": "integer"})
    put_number = journal("PUT", "JournalNumber", {"type": "integer"})
    router = Router((by_id, by_number, put_number), accepts=path_parameters_accepted)
    assert router.match("GET", "/Journals/1000").operation is by_number
    uuid = "5b6a2b4c-3f5e-4c1a-9d0e-2f8a7b6c5d4e"
    assert router.match("GET", f"/Journals/{uuid}").operation is by_id
    assert router.match("GET", "/Journals/neither").operation is by_id  # none takes it: the first, refused there
    assert router.match("PUT", "/Journals/1000").operation is put_number
    with pytest.raises(MethodNotAllowed) as caught:
        router.match("PATCH", "/Journals/1000")
    assert caught.value.allowed == ("GET", "PUT")  # every template the path matches, not only the first
    assert Router((by_id, by_number)).match("GET", "/Journals/1000").operation is by_id  # told nothing: the first


def test_templates_are_only_tried_against_paths_of_their_length():
    router = Router((operation("GET", "/a/{x}"), operation("GET", "/a/{x}/b/{y}")))
    assert router.match("GET", "/a/1/b/2").operation.path == "/a/{x}/b/{y}"
    assert router.match("GET", "/a/1").operation.path == "/a/{x}"
    assert router.match("GET", route_path(b"/a/1%2F2", "/a/1/2")).path_params == {"x": "1/2"}  # one segment


def test_a_path_with_another_method_is_405_not_a_shorter_route_taking_a_slash():
    router = Router((operation("POST", "/articles/{slug}/comments"), operation("GET", "/articles/{slug}")))
    with pytest.raises(MethodNotAllowed):
        router.match("GET", "/articles/a/comments")


QUERIED = Router(
    tuple(
        operation(m, p)
        for m, p in [
            ("POST", "/v1/messages"),
            ("POST", "/v1/messages?beta=true"),
            ("GET", "/v1/files/{file_id}/content?beta=true"),
            ("GET", "/cookies"),
            ("GET", "/cookies#formExploded"),
        ]
    )
)


def test_split_path_key_parts_the_template_from_its_fixed_query_and_drops_a_fragment():
    assert split_path_key("/v1/files/{id}?beta=true&v=2") == ("/v1/files/{id}", (("beta", "true"), ("v", "2")))
    assert split_path_key("/cookies#formExploded") == ("/cookies", ())
    assert split_path_key("/v1/messages") == ("/v1/messages", ())


def test_a_query_pair_whose_value_is_a_template_fixes_nothing():
    # Medium's `/search/articles?query={query}`, its `query` a declared query parameter: every search was a 404
    assert split_path_key("/search/articles?query={query}") == ("/search/articles", ())
    assert split_path_key("/files?beta=true&name={name}") == ("/files", (("beta", "true"),))
    router = Router((operation("GET", "/search/articles?query={query}"),))
    assert router.match("GET", "/search/articles", (("query", "startup"),)).operation.path.endswith("{query}")


def test_a_key_with_a_fixed_query_answers_requests_that_carry_it_and_the_plain_key_the_rest():
    beta = QUERIED.match("POST", "/v1/messages", (("beta", "true"), ("x", "1")))
    assert beta.operation.path == "/v1/messages?beta=true"
    assert QUERIED.match("POST", "/v1/messages", (("beta", "false"),)).operation.path == "/v1/messages"
    assert QUERIED.match("POST", "/v1/messages").operation.path == "/v1/messages"


def test_an_operation_only_under_a_fixed_query_is_not_found_without_it():
    found = QUERIED.match("GET", "/v1/files/f-1/content", (("beta", "true"),))
    assert found.path_params == {"file_id": "f-1"}
    with pytest.raises(RouteNotFound):
        QUERIED.match("GET", "/v1/files/f-1/content")
    with pytest.raises(MethodNotAllowed):
        QUERIED.match("DELETE", "/v1/files/f-1/content", (("beta", "true"),))


def test_a_key_with_a_fragment_is_routed_on_its_path_and_the_first_declared_answers():
    assert QUERIED.match("GET", "/cookies").operation.path == "/cookies"


def test_a_parameter_named_twice_in_a_template_holds_one_value():
    router = Router((operation("GET", "/anything/{id}/{action}/{id}"),))
    assert router.match("GET", "/anything/5/lists/5").path_params == {"id": "5", "action": "lists"}
    with pytest.raises(RouteNotFound):
        router.match("GET", "/anything/5/lists/6")


def test_the_self_check_judges_an_answer_by_the_operation_that_gave_it(tmp_path):
    # openapi-core's own path finder took `/pulls/5.diff` for `/pulls/{index}` and judged the diff by its JSON schema
    from mock.openapi_core_checks import response_errors
    from mock.spec import load_apis

    spec = """
openapi: 3.1.0
info: {title: pulls, version: "1"}
paths:
  /pulls/{index}:
    get:
      parameters: [{name: index, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: pull, content: {application/json: {schema: {type: object}}}}}
  /pulls/{index}.{diffType}:
    get:
      parameters:
        - {name: index, in: path, required: true, schema: {type: integer}}
        - {name: diffType, in: path, required: true, schema: {type: string, enum: [diff, patch]}}
      responses: {"200": {description: diff, content: {text/plain: {schema: {type: string}}}}}
"""
    (tmp_path / "pulls.yaml").write_text(spec)
    api = load_apis(tmp_path)["pulls"]
    diff = next(o for o in api.operations if "diffType" in o.path)
    params = {"index": "5", "diffType": "diff"}
    assert response_errors(api, diff, params, 200, {}, b"diff --git a/x b/x", "text/plain") == []


def test_operations_whose_keys_differ_only_in_a_fragment_are_all_offered_in_spec_order():
    # Box's `PUT /files/{file_id}` beside `PUT /files/{file_id}#remove_shared_link` and `#add_shared_link`
    router = Router(
        tuple(
            operation("PUT", p)
            for p in ("/files/{file_id}", "/files/{file_id}#remove_shared_link", "/files/{file_id}#add_shared_link")
        )
    )
    match = router.match("PUT", "/files/12")
    assert match.operation.path == "/files/{file_id}" and match.path_params == {"file_id": "12"}
    assert [o.path for o in match.alternatives] == [
        "/files/{file_id}#remove_shared_link",
        "/files/{file_id}#add_shared_link",
    ]
    assert ROUTER.match("GET", "/v1/jobs/7").alternatives == ()


def test_a_concrete_path_without_the_method_leaves_the_request_to_the_template_beside_it():
    # AWS Lex's `PUT /intents/{name}/versions/$LATEST` beside `GET /intents/{name}/versions/{version}`: a GET of
    # `$LATEST` was a 405 allowing PUT alone
    router = Router(
        (
            operation("PUT", "/intents/{name}/versions/$LATEST"),
            operation("GET", "/intents/{name}/versions/{version}"),
        ),
        accepts=lambda operation, values: True,  # `{version}` takes any text (Gitea's `{index}` is a number)
    )
    found = router.match("GET", "/intents/greet/versions/$LATEST")
    assert found.operation.path == "/intents/{name}/versions/{version}"
    assert found.path_params == {"name": "greet", "version": "$LATEST"}
    assert router.match("PUT", "/intents/greet/versions/$LATEST").operation.path.endswith("$LATEST")
    with pytest.raises(MethodNotAllowed) as refused:
        router.match("DELETE", "/intents/greet/versions/$LATEST")
    assert set(refused.value.allowed) == {"GET", "PUT"}
    # a concrete path of no parameter, the same
    static = Router((operation("PUT", "/items/latest"), operation("GET", "/items/{id}")), accepts=lambda o, v: True)
    assert static.match("GET", "/items/latest").path_params == {"id": "latest"}


def test_a_request_carrying_a_keys_fixed_query_is_that_operations_alone():
    # HDInsight's `/templeton/v1/jobs?op=LISTAFTERID` beside `/templeton/v1/jobs`: `numrecords=0`, refused by the
    # first, was taken by the plain list, which declares no such parameter
    router = Router((operation("GET", "/jobs"), operation("GET", "/jobs?op=LISTAFTERID")))
    found = router.match("GET", "/jobs", (("op", "LISTAFTERID"), ("numrecords", "0")))
    assert found.operation.path == "/jobs?op=LISTAFTERID" and found.alternatives == ()
    assert router.match("GET", "/jobs").operation.path == "/jobs"


def test_parameters_sharing_a_segment_split_it_where_one_of_few_values_ends_it():
    # Buffer's `/profiles/{id}{mediaTypeExtension}`, the extension `.json`: `0.json` was `0.jso` and `n`
    from mock.spec.model import Parameter

    def path_parameter(name: str, schema: dict) -> Parameter:
        return Parameter(name, "path", True, schema, "simple", False)

    extension = path_parameter("mediaTypeExtension", {"type": "string", "enum": [".json", ".js"]})
    profile = Operation(
        "t", "getProfile", "GET", "/profiles/{id}{mediaTypeExtension}", "",
        (path_parameter("id", {"type": "string"}), extension), None, {}, (),
    )  # fmt: skip
    router = Router((profile,))
    assert router.match("GET", "/profiles/0.json").path_params == {"id": "0", "mediaTypeExtension": ".json"}
    assert router.match("GET", "/profiles/a.b.js").path_params == {"id": "a.b", "mediaTypeExtension": ".js"}
    # alone in its segment, a parameter of few values still matches any text: refused by validation, not routing
    kind = path_parameter("kind", {"type": "string", "enum": ["json", "js"]})
    kinds = Operation("t", "kind", "GET", "/kinds/{kind}", "", (kind,), None, {}, ())
    assert Router((kinds,)).match("GET", "/kinds/xml").path_params == {"kind": "xml"}


def test_a_path_like_name_of_a_number_holds_no_path_and_an_undeclared_method_is_a_405():
    # GoTo's `{trainingKey}`, an integer, was read as a storage key that may hold "/": `DELETE
    # …/trainings/7/registrants` went to `DELETE …/trainings/{trainingKey}` as trainingKey `7/registrants`, a 400
    from mock.request_validation import path_parameters_accepted
    from mock.spec.model import Parameter

    def at(method: str, path: str, key_schema: dict) -> Operation:
        key = Parameter("trainingKey", "path", True, key_schema, "simple", False)
        return Operation("t", f"{method} {path}", method, path, "", (key,), None, {}, ())

    number = {"type": "integer", "format": "int64"}
    router = Router(
        (
            at("GET", "/trainings/{trainingKey}", number),
            at("DELETE", "/trainings/{trainingKey}", number),
            at("GET", "/trainings/{trainingKey}/registrants", number),
            at("POST", "/trainings/{trainingKey}/registrants", number),
        ),
        accepts=path_parameters_accepted,
    )
    with pytest.raises(MethodNotAllowed) as caught:
        router.match("DELETE", "/trainings/7/registrants")
    assert caught.value.allowed == ("GET", "POST")
    with pytest.raises(RouteNotFound):
        router.match("GET", "/trainings/7/other/place")
    # text may be a storage key's path still, where the template ends in it
    files = Router((at("GET", "/files/{trainingKey}", {"type": "string"}),))
    assert files.match("GET", "/files/a/b").path_params == {"trainingKey": "a/b"}


def test_a_path_like_name_takes_no_slash_where_a_template_of_the_paths_length_lacks_the_method():
    # Jira's `{issueIdOrKey}` is text named like a storage key: `PUT /issue/0/attachments`, where only POST is
    # declared, answered 200 as `PUT /issue/{issueIdOrKey}` of the issue `0/attachments`, and OPTIONS allowed PUT
    from mock.request_validation import path_parameters_accepted
    from mock.spec.model import Parameter

    def at(method: str, path: str) -> Operation:
        key = Parameter("issueIdOrKey", "path", True, {"type": "string"}, "simple", False)
        return Operation("t", f"{method} {path}", method, path, "", (key,), None, {}, ())

    router = Router(
        (
            at("GET", "/issue/{issueIdOrKey}"),
            at("PUT", "/issue/{issueIdOrKey}"),
            at("POST", "/issue/{issueIdOrKey}/attachments"),
        ),
        accepts=path_parameters_accepted,
    )
    with pytest.raises(MethodNotAllowed) as caught:
        router.match("PUT", "/issue/0/attachments")
    assert caught.value.allowed == ("POST",)
    assert router.match("POST", "/issue/0/attachments").operation.path == "/issue/{issueIdOrKey}/attachments"
    # no template of that length names the path: the key may still hold it, slashes and all
    assert router.match("PUT", "/issue/a/b/c").path_params == {"issueIdOrKey": "a/b/c"}


def test_a_template_with_an_empty_segment_inside_it_answers_with_the_slashes_merged_too():
    # Clever Cloud's `/vendor//addons` and `//openapi`: clients (schemathesis, httpx) send `/vendor/addons`, a 404
    addons, logs = operation("POST", "/vendor//addons"), operation("GET", "/vendor//apps/{id}/logs")
    spec, declared = operation("GET", "//openapi"), operation("GET", "/other//x")
    router = Router((addons, logs, spec, declared, operation("GET", "/other/x")))
    for path in ("/vendor/addons", "/vendor//addons"):
        assert router.match("POST", path).operation is addons
    with pytest.raises(MethodNotAllowed):
        router.match("GET", "/vendor/addons")
    for path in ("/vendor/apps/a1/logs", "/vendor//apps/a1/logs"):
        found = router.match("GET", path)
        assert found.operation is logs and found.path_params == {"id": "a1"}
    assert router.match("GET", "/openapi").operation is spec
    # a template declared with the slashes merged is its own
    assert router.match("GET", "/other/x").operation.path == "/other/x"
    assert router.match("GET", "/other//x").operation is declared


def test_templates_told_apart_by_trailing_slashes_match_either_spelling_and_offer_each_other():
    single, double = operation("GET", "/map/{v}/wms/"), operation("GET", "/map/{v}/wms//")
    router = Router((single, double, operation("GET", "/plain/"), operation("GET", "/plain//")))
    found = router.match("GET", "/map/1/wms//")
    assert found.operation is double and found.alternatives == (single,)
    assert found.path_params == {"v": "1"}
    found = router.match("GET", "/map/1/wms/")
    assert found.operation is single and found.alternatives == (double,)
    assert router.match("GET", "/plain//").operation.path == "/plain//"
    assert router.match("GET", "/plain").alternatives[0].path in ("/plain/", "/plain//")
