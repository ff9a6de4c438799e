"""A Twilio-shaped API served with state (tests/data/suffixed): paths that end in `.json`, ids addressed as
`{Sid}` and held as `sid`, forms that spell fields `FriendlyName` where records spell them `friendly_name`, and an
item updated with POST. What the client sends comes back, under the answer's own spelling."""

from __future__ import annotations

import datetime as dt
import email.utils
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock.app import ServeConfig, create_app
from mock.echo import echo_request_fields, pinned_names
from mock.request_validation import ValidatedRequest
from mock.scenario.engine import DEFAULT_SCENARIOS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
BASE = "/2010-04-01"


@pytest.fixture
def telephony() -> Iterator[TestClient]:
    config = ServeConfig(
        specs_dir=ROOT / "tests" / "data" / "suffixed",
        self_check=True,
        scenarios_dir=ROOT / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
        scenarios_are_default=True,
    )
    client = TestClient(create_app(config))
    client.auth = ("AC0123", "token")
    yield client
    assert client.app.state.server.violations_seen == 0


def test_a_form_field_comes_back_under_the_records_spelling_and_stays(telephony):
    created = telephony.post(f"{BASE}/Accounts.json", data={"FriendlyName": "Ops"})
    assert created.status_code == 201
    account = created.json()
    assert account["friendly_name"] == "Ops" and "FriendlyName" not in account
    # the record's creation, stamped now and written as its format says (RFC 2822), like the seeded records' dates
    stamped = email.utils.parsedate_to_datetime(account["date_created"])
    assert abs((stamped - dt.datetime.now(dt.UTC)).total_seconds()) < 120
    assert account["uri"] == f"{BASE}/Accounts/{account['sid']}.json"  # its own address, suffix and all
    listed = telephony.get(f"{BASE}/Accounts.json").json()["accounts"]
    assert all(email.utils.parsedate_to_datetime(a["date_created"]) for a in listed)
    assert telephony.get(f"{BASE}/Accounts/{account['sid']}.json").json() == account


def test_an_item_updated_with_post_is_read_back_as_updated(telephony):
    sid = telephony.post(f"{BASE}/Accounts.json", data={"FriendlyName": "Ops"}).json()["sid"]
    updated = telephony.post(f"{BASE}/Accounts/{sid}.json", data={"FriendlyName": "New", "Status": "suspended"})
    assert updated.status_code == 200
    assert (updated.json()["sid"], updated.json()["friendly_name"], updated.json()["status"]) == (
        sid,
        "New",
        "suspended",
    )
    assert telephony.get(f"{BASE}/Accounts/{sid}.json").json() == updated.json()
    stamped = email.utils.parsedate_to_datetime(updated.json()["date_updated"])  # the server's own field, now
    assert abs((stamped - dt.datetime.now(dt.UTC)).total_seconds()) < 120


def test_a_page_size_spelled_pagesize_sizes_the_page_and_is_said_back(telephony):
    page = telephony.get(f"{BASE}/Accounts.json", params={"PageSize": 2}).json()
    assert len(page["accounts"]) == 2 and page["page_size"] == 2


def test_a_nested_record_belongs_to_the_account_its_path_names(telephony):
    sid = telephony.post(f"{BASE}/Accounts.json", data={"FriendlyName": "Ops"}).json()["sid"]
    sent = telephony.post(f"{BASE}/Accounts/{sid}/Messages.json", data={"To": "+15550001", "Body": "hi"})
    assert sent.status_code == 201
    message = sent.json()
    assert (message["account_sid"], message["to"], message["body"]) == (sid, "+15550001", "hi")
    listed = telephony.get(f"{BASE}/Accounts/{sid}/Messages.json").json()["messages"]
    assert message in listed and all(m["account_sid"] == sid for m in listed)
    assert telephony.delete(f"{BASE}/Accounts/{sid}/Messages/{message['sid']}.json").status_code == 204
    assert telephony.get(f"{BASE}/Accounts/{sid}/Messages/{message['sid']}.json").status_code == 404


def test_echo_finds_a_field_under_another_spelling_but_never_twice():
    schema = {
        "type": "object",
        "properties": {"friendly_name": {"type": "string"}, "account_sid": {"type": "string"}, "To": {}, "to": {}},
    }
    request = ValidatedRequest({"AccountSid": "AC1"}, {}, {}, {"FriendlyName": "Ops", "To": "+1"}, None, ())
    body = {"friendly_name": "x", "account_sid": "y", "To": "z", "to": "w"}
    echoed = echo_request_fields(schema, body, request)
    # `To` is sent under its own name: it fills `To` only, not also the answer's other spelling `to`
    assert echoed == {"friendly_name": "Ops", "account_sid": "AC1", "To": "+1", "to": "w"}


def test_what_the_request_set_is_pinned_under_every_spelling():
    request = ValidatedRequest({"AccountSid": "AC1"}, {"PageSize": 2}, {}, {"user": {"FriendlyName": "x"}}, None, ())
    assert pinned_names(request) == {"accountsid", "pagesize", "user", "friendlyname"}


def test_a_next_page_uri_leads_through_every_record_once(telephony):
    """Twilio's `next_page_uri`: the path and query of the next page (its cursor), null on the last one."""
    for name in ("Ops", "Sales", "Support"):
        telephony.post(f"{BASE}/Accounts.json", data={"FriendlyName": name})
    everything = telephony.get(f"{BASE}/Accounts.json", params={"PageSize": 1000}).json()["accounts"]
    page = telephony.get(f"{BASE}/Accounts.json", params={"PageSize": 2}).json()
    assert page["first_page_uri"].startswith(f"{BASE}/Accounts.json?")
    walked = list(page["accounts"])
    while page["next_page_uri"] is not None:
        assert page["next_page_uri"].startswith(f"{BASE}/Accounts.json?") and "PageSize=2" in page["next_page_uri"]
        page = telephony.get(page["next_page_uri"]).json()
        walked.extend(page["accounts"])
    assert len(everything) > 4 and walked == everything
    assert telephony.get(page["first_page_uri"]).json()["accounts"] == everything[:2]


def test_a_next_field_of_format_uri_holds_the_whole_url_of_the_next_page(telephony):
    """Django REST framework's `next` and `previous`: absolute URLs, by page number."""
    sid = telephony.post(f"{BASE}/Accounts.json", data={"FriendlyName": "Ops"}).json()["sid"]
    listed = f"{BASE}/Accounts/{sid}/Messages.json"
    assert telephony.get(listed).json()["messages"] == []  # an account just made has sent nothing yet
    for body in ("one", "two", "three"):
        assert telephony.post(listed, data={"To": "+15550001", "Body": body}).status_code == 201
    first = telephony.get(listed, params={"page_size": 2}).json()
    assert first["previous"] is None and first["next"].startswith(f"http://testserver{listed}?")
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    second = telephony.get(first["next"]).json()
    assert second["previous"].startswith("http://testserver") and "page=1" in second["previous"]
    assert not {m["sid"] for m in first["messages"]} & {m["sid"] for m in second["messages"]}


def test_records_under_a_parent_the_api_cannot_say_is_missing_are_kept_under_it(telephony):
    """`POST …/Messages.json` declares no 404: under an account the mock never made, the message is still kept
    (it was the example's canned record, stored nowhere); a read that declares 404 still answers it there."""
    account = "AC" + "7" * 32
    sent = telephony.post(f"{BASE}/Accounts/{account}/Messages.json", data={"To": "+15550001", "Body": "hi"})
    assert sent.status_code == 201 and sent.headers["x-specmock-scenario"] == "stateful"
    message = sent.json()
    assert message["account_sid"] == account and message["body"] == "hi"
    again = telephony.post(f"{BASE}/Accounts/{account}/Messages.json", data={"To": "+15550001", "Body": "hi"})
    assert again.json()["sid"] != message["sid"]
    assert message in telephony.get(f"{BASE}/Accounts/{account}/Messages.json").json()["messages"]
    unknown = telephony.get(f"{BASE}/Accounts/{'AC' + '8' * 32}/Messages/{message['sid']}.json")
    assert unknown.status_code == 404


def test_a_list_taking_a_cursor_and_a_page_number_answers_the_page_either_names(telephony):
    """Twilio's lists take `PageToken` and `Page` (counted from 0, as its schema's minimum says) alike."""
    everything = telephony.get(f"{BASE}/Accounts.json", params={"PageSize": 1000}).json()["accounts"]
    by_number = [telephony.get(f"{BASE}/Accounts.json", params={"PageSize": 2, "Page": n}).json() for n in (0, 1)]
    assert [page["accounts"] for page in by_number] == [everything[:2], everything[2:4]]
    by_cursor = telephony.get(by_number[0]["next_page_uri"]).json()
    assert by_cursor["accounts"] == everything[2:4]


def test_an_echo_that_would_make_the_answer_fit_two_options_of_a_one_of_is_not_made():
    # Okta's new JSON web key: each field sent fits the answer, but an RSA signing key given the `use: enc` sent was
    # as much an encryption key, and valid under both options is valid under none
    signing = {
        "type": "object",
        "required": ["kty"],
        "properties": {"kty": {"enum": ["RSA"]}, "use": {"type": "string"}},
    }
    encryption = {
        "type": "object",
        "required": ["kty", "use"],
        "properties": {"kty": {"enum": ["RSA"]}, "use": {"enum": ["enc"]}},
    }
    schema = {"oneOf": [signing, encryption]}
    made = {"kty": "RSA", "use": "sig"}
    request = ValidatedRequest({}, {}, {}, {"kty": "RSA", "use": "enc"}, None, ())
    assert echo_request_fields(schema, made, request) == made
    loose = {"oneOf": [signing, {**encryption, "properties": {**encryption["properties"], "use": {"enum": ["wrap"]}}}]}
    assert echo_request_fields(loose, made, request) == {"kty": "RSA", "use": "enc"}  # fits one option: echoed
