"""Actions at one path told apart by a required query parameter (AWS's query APIs, CloudWatch's: every action a
`GET` or `POST /#Action=…`, the parameter's one allowed value naming it) are each judged as their own operation.

A request that leaves `Action` out, or breaks it, names none of them, so which refusal it gets is the server's: the
runner reported 19 "undocumented status" findings on CloudWatch against the mock. And a query that schemathesis lets a
server take as sent (its list of one, `MaxResults=3`; a property the spec does not declare) was judged as an invalid
request accepted: schemathesis reads the query back only where the URL's path is the operation's key, and a key
holding `#` never is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.specmock_server import assert_the_mock_passes, written_spec


def _action(method: str, name: str, own: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    parameters = [
        {"name": "Action", "in": "query", "required": True, "schema": {"type": "string", "enum": [name]}},
        {"name": "Version", "in": "query", "required": True, "schema": {"type": "string", "enum": ["2010-08-01"]}},
        own,
    ]
    signed = [{"name": "X-Amz-Date", "in": "header", "schema": {"type": "string"}}]  # the path item's, as AWS's
    return {"parameters": signed, method: {"operationId": name, "parameters": parameters, "responses": answers}}


ERROR = {  # AWS's errors: a status of their own per exception
    "description": "InvalidParameterValue",
    "content": {"text/xml": {"schema": {"type": "object", "properties": {"Message": {"type": "string"}}}}},
}
LISTED = {
    "description": "the streams",
    "content": {
        "text/xml": {
            "schema": {
                "type": "object",
                "properties": {"Entries": {"type": "array", "items": {"type": "string"}}, "NextToken": {}},
            }
        }
    },
}
SPEC = {
    "openapi": "3.0.0",
    "info": {"title": "Monitoring", "version": "2010-08-01"},
    "paths": {
        "/#Action=ListMetricStreams": _action(
            "get",
            "ListMetricStreams",
            {"name": "MaxResults", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
            {"200": LISTED, "480": ERROR},
        ),
        "/#Action=DescribeAlarmHistory": _action(
            "get",
            "DescribeAlarmHistory",
            {"name": "HistoryItemType", "in": "query", "schema": {"type": "string", "enum": ["StateUpdate", "Action"]}},
            {"200": LISTED, "481": ERROR},
        ),
    },
}


def test_the_mock_passes_every_query_action(tmp_path: Path) -> None:
    # before: a request without `Action` refused with the other action's 480 ("undocumented", "accepted"), and
    # `MaxResults=3`, schemathesis' list of one, "accepted"
    spec = written_spec(tmp_path, "monitoring.yaml", SPEC)
    assert_the_mock_passes(spec, tmp_path, "--max-examples", "25", "--seed", "1", "--max-time", "40")
