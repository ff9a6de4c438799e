"""A query parameter that is no array, sent more than once (`?n=5&n=abc`): the mock reads it as openapi-core does.

schemathesis' negative data sends such a value "become an array" as the name repeated, and Qovery's contract run
found the mock taking `?pageSize=&pageSize=…`. Which value counts is each framework's choice; the mock's reference
is openapi-core, which reads the first. hypothesis draws two or three values per parameter, each valid or junk, and
both validators judge the request; they must agree.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mock.openapi_core_checks import ReferenceRequest, reference_request_errors
from mock.request_validation import AccessPolicy, IncomingRequest, validate_request
from mock.routing import Router
from mock.spec import load_apis
from tests.differential import DIFFERENTIAL

SPEC = """
openapi: 3.0.3
info: {title: repeated query parameters, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: n, in: query, schema: {type: number}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
        - {name: flag, in: query, schema: {type: boolean}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
        "400": {description: bad}
"""

VALUES = {
    "n": st.sampled_from(["5", "1.5", "-2", "", "abc", "1e3"]),
    "limit": st.sampled_from(["1", "50", "100", "0", "101", "", "x", "2.5"]),
    "order": st.sampled_from(["asc", "desc", "up", ""]),
    "flag": st.sampled_from(["true", "false", "yes", ""]),
}


def _api(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("repeated")
    (folder / "spec.yaml").write_text(SPEC)
    return next(iter(load_apis(folder).values()))


@st.composite
def repeated_queries(draw: st.DrawFn) -> list[tuple[str, str]]:
    names = draw(st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=3, unique=True))
    query: list[tuple[str, str]] = []
    for name in names:
        query += [(name, draw(VALUES[name])) for _ in range(draw(st.integers(min_value=1, max_value=3)))]
    return draw(st.permutations(query))


def test_a_repeated_query_parameter_is_judged_as_openapi_core_judges_it(tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    api = _api(tmp_path_factory)
    (operation,) = api.operations
    router = Router(api.operations)

    @DIFFERENTIAL
    @given(query=repeated_queries())
    def agree(query: list[tuple[str, str]]) -> None:
        match = router.match("GET", "/things")
        fast = validate_request(
            api,
            operation,
            match.path_params,
            IncomingRequest("GET", "/things", tuple(query), {}, {}, b""),
            AccessPolicy(),
        )
        reference = reference_request_errors(api, ReferenceRequest("GET", "/things", tuple(query), {}, b"", ""))
        assert bool(fast.violations) == bool(reference), (query, fast.violations, reference)

    agree()
