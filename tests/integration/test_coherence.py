"""Answers that agree with the request and with each other, in-process over ASGI.

A RealWorld-like blogging spec (wrapper objects, a current user, actions) and a Stripe-like
payments spec (prefixed ids, form bodies, an error envelope with a `type` enum), both under
tests/data/specs/. Every answer is self-checked against its spec.
"""

from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock.app import ServeConfig, create_app
from mock.echo import echo_request_fields
from mock.request_validation import ValidatedRequest
from mock.scenario.engine import DEFAULT_SCENARIOS
from mock.spec import load_apis
from mock.spec.resources import ACTION, infer_resources
from tests.integration.conftest import SCENARIOS, served

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

DATA = Path(__file__).resolve().parents[1] / "data" / "specs"
JAKE = {"username": "jake", "email": "jake@example.org", "password": "jakejake"}


def serve(spec: str, **config: object) -> TestClient:
    return TestClient(create_app(ServeConfig(specs_dir=DATA / spec, self_check=True, **config)))  # type: ignore[arg-type]


@pytest.fixture
def blog() -> Iterator[TestClient]:
    client = serve("conduit")
    yield client
    assert client.app.state.server.violations_seen == 0


@pytest.fixture
def payments() -> Iterator[TestClient]:
    client = serve("payments")
    client.headers["Authorization"] = "Bearer sk_test_123"
    yield client
    assert client.app.state.server.violations_seen == 0


def sign_up(blog: TestClient) -> dict[str, str]:
    answer = blog.post("/api/users", json={"user": JAKE})
    assert answer.status_code == 201
    return {"Authorization": "Token " + answer.json()["user"]["token"]}


def test_sign_up_sign_in_and_me_describe_one_user(blog):
    created = blog.post("/api/users", json={"user": JAKE}).json()["user"]
    assert (created["username"], created["email"]) == ("jake", "jake@example.org")
    auth = {"Authorization": "Token " + created["token"]}
    assert blog.get("/api/user", headers=auth).json()["user"] == created
    signed_in = blog.post("/api/users/login", json={"user": {"email": JAKE["email"], "password": "x"}}).json()
    assert signed_in["user"] == created
    assert blog.get("/api/user", headers=auth).json()["user"] == created  # again, and after a reload


def test_updating_the_user_is_remembered(blog):
    auth = sign_up(blog)
    updated = blog.put("/api/user", json={"user": {"bio": "I like to skateboard", "password": "new"}}, headers=auth)
    assert updated.json()["user"]["bio"] == "I like to skateboard"
    me = blog.get("/api/user", headers=auth).json()["user"]
    assert (me["bio"], me["username"]) == ("I like to skateboard", "jake")
    assert "new" not in updated.text


def test_an_unknown_credential_is_one_stable_user_holding_that_token(blog):
    first = blog.get("/api/user", headers={"Authorization": "Token abc.def"}).json()["user"]
    again = blog.get("/api/user", headers={"Authorization": "Token abc.def"}).json()["user"]
    other = blog.get("/api/user", headers={"Authorization": "Token zzz"}).json()["user"]
    assert first == again and first["token"] == "abc.def"
    assert other["username"] != first["username"]
    assert " " not in first["username"] and first["image"].startswith("https://")


def test_a_published_article_is_what_was_sent_by_its_author(blog):
    auth = sign_up(blog)
    sent = {"title": "How to train your dragon", "description": "Ever wonder how?", "body": "Believe", "tagList": ["x"]}
    article = blog.post("/api/articles", json={"article": sent}, headers=auth).json()["article"]
    assert {k: article[k] for k in sent} == sent
    assert article["slug"] == "how-to-train-your-dragon"
    assert article["author"]["username"] == "jake"
    assert (article["favorited"], article["favoritesCount"]) == (False, 0)
    assert article["createdAt"] <= article["updatedAt"]
    assert re.fullmatch(r".*T\d{2}:\d{2}:\d{2}\.\d{3}Z", article["createdAt"])


def test_an_article_read_by_slug_has_that_slug(blog):
    article = blog.get("/api/articles/how-to-train-your-dragon").json()["article"]
    assert article["slug"] == "how-to-train-your-dragon"
    assert article["title"] == "How to train your dragon"


def test_actions_set_their_flag_and_comments_are_by_the_caller(blog):
    auth = sign_up(blog)
    favorited = blog.post("/api/articles/some-slug/favorite", headers=auth).json()["article"]
    assert favorited["favorited"] is True and favorited["favoritesCount"] >= 1 and favorited["slug"] == "some-slug"
    unfavorited = blog.delete("/api/articles/some-slug/favorite", headers=auth).json()["article"]
    assert (unfavorited["favorited"], unfavorited["favoritesCount"]) == (False, 0)
    comment = blog.post("/api/articles/some-slug/comments", json={"comment": {"body": "Thanks!"}}, headers=auth)
    assert comment.json()["comment"]["body"] == "Thanks!"
    assert comment.json()["comment"]["author"]["username"] == "jake"
    followed = blog.post("/api/profiles/celeb/follow", headers=auth).json()["profile"]
    assert (followed["username"], followed["following"]) == ("celeb", True)
    assert blog.delete("/api/profiles/celeb/follow", headers=auth).json()["profile"]["following"] is False


def test_the_count_beside_a_list_matches_it(blog):
    # the count of the collection a client pages through, as with state: a page of one says how many there are
    whole = blog.get("/api/articles").json()
    assert whole["articlesCount"] == len(whole["articles"]) > 1
    for query in ("?limit=1", "?limit=0"):
        page = blog.get("/api/articles" + query).json()
        assert page["articlesCount"] == len(whole["articles"])
    assert len(blog.get("/api/articles?limit=1").json()["articles"]) == 1


def test_a_validation_error_says_each_thing_once(blog):
    auth = sign_up(blog)
    answer = blog.post("/api/articles", json={"article": {"title": "t"}}, headers=auth)
    assert answer.status_code == 422
    messages = answer.json()["errors"]["body"]
    assert len(messages) == len(set(messages)) == 2
    assert any("description" in m for m in messages) and any("body" in m for m in messages)


@pytest.mark.parametrize("precision,fraction", [("s", ""), ("us", r"\.\d{6}")])
def test_datetime_precision_is_a_setting(precision, fraction):
    article = serve("conduit", datetime_precision=precision).get("/api/articles/x").json()["article"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}" + fraction + "Z", article["createdAt"])


def test_answers_are_reproducible_across_restarts():
    first = serve("conduit", seed=4).get("/api/articles/abc").json()
    assert serve("conduit", seed=4).get("/api/articles/abc").json() == first
    assert serve("conduit", seed=5).get("/api/articles/abc").json() != first


def test_the_id_asked_for_is_the_id_answered(payments):
    customer = payments.get("/v1/customers/cus_Abc123").json()
    assert (customer["id"], customer["object"]) == ("cus_Abc123", "customer")
    number = payments.get("/v1/phone_numbers/+14155552671").json()
    assert number["phone_number"] == "+14155552671"
    invoice = payments.get("/v1/invoices/in_1234abcd").json()
    assert invoice["id"] == "in_1234abcd" and invoice["invoice_id"] == "in_1234abcd"
    assert invoice["period_start"] <= invoice["period_end"]
    assert payments.get("/v1/disputes/42").json()["number"] == 42  # {dispute_number} names the record's number


def test_generated_ids_carry_the_vendors_prefix(payments):
    created = payments.post("/v1/customers", data={"email": "jenny@example.com", "phone": "+14155550000"}).json()
    assert created["id"].startswith("cus_") and created["email"] == "jenny@example.com"
    assert created["phone"] == "+14155550000"
    listed = payments.get("/v1/customers", params={"limit": 3}).json()
    assert all(c["id"].startswith("cus_") for c in listed["data"]) and listed["has_more"] is False
    intent = payments.get("/v1/payment_intents/pi_123Abc").json()
    assert intent["id"] == "pi_123Abc"
    assert intent["customer"] is None or intent["customer"].startswith("cus_")


def test_a_validation_error_names_the_parameter_and_its_type(payments):
    answer = payments.get("/v1/customers", params={"limit": 0})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["param"] == "limit"
    assert "limit" in error["message"] and "0" in error["message"]
    assert error["doc_url"].startswith("https://")
    assert "payment_intent" not in error and "charge" not in error  # no filler in fields that have no role


def test_an_auth_error_is_a_request_error_in_an_enum_without_an_auth_value(payments):
    answer = payments.get("/v1/customers", headers={"Authorization": ""})
    assert answer.status_code == 400 or answer.status_code == 401
    assert answer.json()["error"]["type"] == "invalid_request_error"


def test_write_only_and_password_fields_are_never_echoed():
    schema = {
        "type": "object",
        "properties": {"user": {"type": "object", "properties": {"email": {}, "password": {}, "pin": {}}}},
    }
    request = ValidatedRequest({}, {}, {}, {"user": {"email": "a@b.c", "password": "secret", "pin": "1234"}}, None, ())
    body = {"user": {"email": "x", "password": "generated", "pin": "0000"}}

    class Operation:  # only what echo reads: the request body's schema, the path and its query parameters
        path = "/users"
        parameters = ()
        request_body = type(
            "Body",
            (),
            {
                "content": {
                    "application/json": type(
                        "Media",
                        (),
                        {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "user": {
                                        "type": "object",
                                        "properties": {
                                            "email": {"type": "string"},
                                            "password": {"type": "string", "format": "password"},
                                            "pin": {"type": "string", "writeOnly": True},
                                        },
                                    }
                                },
                            }
                        },
                    )()
                }
            },
        )()

    echoed = echo_request_fields(schema, body, request, Operation())  # type: ignore[arg-type]
    assert echoed == {"user": {"email": "a@b.c", "password": "generated", "pin": "0000"}}


# ---------------------------------------------------------------- the same answers with state (the default serve)


def serve_stateful(spec: str) -> TestClient:
    """`specmock serve --specs DIR` as a user runs it: the default scenarios, so records are kept."""
    from mock.scenario.engine import DEFAULT_SCENARIOS

    config = ServeConfig(
        specs_dir=DATA / spec,
        self_check=True,
        scenarios_dir=Path(__file__).resolve().parents[2] / "scenarios",
        scenarios=DEFAULT_SCENARIOS,
        scenarios_are_default=True,
    )
    return TestClient(create_app(config))


def test_with_state_a_published_article_is_kept_as_sent_by_its_author_and_favorites_stick():
    blog = serve_stateful("conduit")
    auth = sign_up(blog)
    sent = {"title": "How to train your dragon", "description": "Ever wonder how?", "body": "Very carefully."}
    article = blog.post("/api/articles", json={"article": {**sent, "tagList": ["dragons"]}}, headers=auth).json()
    article = article["article"]
    assert {k: article[k] for k in sent} == sent and article["author"]["username"] == "jake"
    assert article["slug"] == "how-to-train-your-dragon" and article["favoritesCount"] == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", article["createdAt"])
    assert article["updatedAt"] >= article["createdAt"]
    # read back: signed in, and publicly (a reader with no credential sees what was published)
    assert blog.get(f"/api/articles/{article['slug']}", headers=auth).json()["article"] == article
    assert blog.get(f"/api/articles/{article['slug']}").json()["article"] == article
    favorited = blog.post(f"/api/articles/{article['slug']}/favorite", headers=auth).json()["article"]
    assert (favorited["favorited"], favorited["favoritesCount"]) == (True, 1)
    assert blog.get(f"/api/articles/{article['slug']}", headers=auth).json()["article"] == favorited
    listed = blog.get("/api/articles", params={"author": "jake"}, headers=auth).json()
    assert listed["articles"] == [favorited] and listed["articlesCount"] == 1
    everything = blog.get("/api/articles", headers=auth).json()
    assert everything["articlesCount"] == len(everything["articles"]) and favorited in everything["articles"]
    assert blog.app.state.server.violations_seen == 0


def test_with_state_a_form_created_customer_reads_back_with_its_prefixed_id():
    payments = serve_stateful("payments")
    payments.headers["Authorization"] = "Bearer sk_test_123"
    made = payments.post("/v1/customers", data={"email": "ada@example.org", "name": "Ada Lovelace"}).json()
    assert made["id"].startswith("cus_") and (made["email"], made["name"]) == ("ada@example.org", "Ada Lovelace")
    assert payments.get(f"/v1/customers/{made['id']}").json() == made
    changed = payments.post(f"/v1/customers/{made['id']}", data={"name": "Ada King"}).json()
    assert changed == {**made, "name": "Ada King"}  # Stripe's update: a POST of the fields to change
    assert payments.get(f"/v1/customers/{made['id']}").json() == changed
    listed = payments.get("/v1/customers").json()
    assert changed in listed["data"]
    assert payments.app.state.server.violations_seen == 0


def test_the_users_of_callers_beyond_the_most_recent_are_forgotten_and_made_again_alike() -> None:
    # A fuzzer sending a new token per request would otherwise leave a kept user behind each one.
    from mock.scenario.retention import Retention

    blog = serve("conduit", retention=Retention(credentials=2))
    engine = blog.app.state.server.scenarios

    def token(n: int) -> dict[str, str]:
        return {"Authorization": f"Token t{n}"}

    users = {n: blog.get("/api/user", headers=token(n)).json()["user"] for n in (3, 0, 1, 2)}
    updated = blog.put("/api/user", json={"user": {"bio": "I like to skateboard"}}, headers=token(3)).json()["user"]
    engine.sweep()
    kept = engine.state("principals")["principals"]
    assert sorted(key for key in kept if "|credential|" in key) == ["conduit|credential|t2", "conduit|credential|t3"]
    assert {body["user"]["username"] for body in kept.values()} == {users[2]["username"], users[3]["username"]}
    assert blog.get("/api/user", headers=token(3)).json()["user"] == updated  # kept: with what the caller changed
    assert blog.get("/api/user", headers=token(0)).json()["user"] == users[0]  # forgotten: made again, alike
    assert blog.app.state.server.violations_seen == 0
    # Asking for users alone (no other stateful request) brings the sweep round, as every 500 stateful requests.
    for n in range(10, 530):
        blog.get("/api/user", headers=token(n))
    assert len(engine.state("principals_seen")["principals_seen"]) < 40


def test_each_parent_of_a_nested_collection_has_its_own_seeded_records():
    # Seeded anew for each parent, a nested collection's integer ids started from 1 again and fell on the first
    # parent's records: every other parent's list was empty.
    shop = serve_stateful("shop")
    shop.headers["Authorization"] = "Bearer sk_shop"
    first = shop.get("/owners/ann/pets").json()
    second = shop.get("/owners/bob/pets").json()
    assert len(first) == len(second) == 5
    assert {pet["owner"] for pet in second} == {"bob"}
    assert not {pet["id"] for pet in first} & {pet["id"] for pet in second}
    for pet in second:
        assert shop.get(f"/owners/bob/pets/{pet['id']}").json() == pet
        assert shop.get(f"/owners/ann/pets/{pet['id']}").status_code == 404  # another owner's pet
    assert shop.get("/owners/ann/pets").json() == first  # the first parent's, as they were
    assert shop.app.state.server.violations_seen == 0


def test_a_map_sent_is_answered_as_sent_not_merged_into_generated_keys():
    # Kubernetes' labels and matchLabels: the generated map's made-up keys stayed beside (or instead of) the sent ones
    labels = {"type": "object", "additionalProperties": {"type": "string"}}
    schema = {
        "type": "object",
        "properties": {
            "labels": labels,
            "selector": {"type": "object", "properties": {"matchLabels": labels}},
        },
    }
    sent = {"labels": {"app": "web"}, "selector": {"matchLabels": {"app": "web", "tier": "front"}}}
    request = ValidatedRequest({}, {}, {}, sent, None, ())
    generated = {"labels": {"man-31": ""}, "selector": {"matchLabels": {"pattern-111": "x"}}}
    assert echo_request_fields(schema, generated, request) == sent


OWNED = """
openapi: 3.0.3
info: {title: created record names the caller as owner but ownerId and members disagree, version: "1"}
security: [{bearer: []}]
paths:
  /users/me:
    get:
      operationId: getMyUser
      responses:
        "200":
          description: me
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
  /users:
    get:
      operationId: listUsers
      responses:
        "200":
          description: users
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/User"}}
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: a user
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
  /albums:
    post:
      operationId: createAlbum
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [albumName]
              properties: {albumName: {type: string}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema:
                type: object
                required: [id, albumName, ownerId, owner, members]
                properties:
                  id: {type: string}
                  albumName: {type: string}
                  ownerId: {type: string}
                  owner: {$ref: "#/components/schemas/User"}
                  members:
                    type: array
                    minItems: 2
                    items: {$ref: "#/components/schemas/User"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    User:
      type: object
      required: [id, email, name]
      properties:
        id: {type: string}
        email: {type: string}
        name: {type: string}
"""


@pytest.mark.parametrize("stateful", [False, True])
def test_the_caller_is_the_owner_not_every_member_and_the_owner_id_agrees(tmp_path, stateful):
    # immich's album: `owner`, `ownerId` and a list of members; every member became the caller (one user listed
    # twice), and `ownerId` named someone else
    client = served(tmp_path, OWNED, stateful)
    auth = {"Authorization": "Bearer tok"}
    me = client.get("/users/me", headers=auth).json()
    album = client.post("/albums", json={"albumName": "Trip"}, headers=auth).json()
    assert album["owner"] == me and album["ownerId"] == me["id"]
    members = [member["id"] for member in album["members"]]
    assert len(members) == len(set(members)) and me["id"] not in members
    assert client.app.state.server.violations_seen == 0


RECEIPT = """
openapi: 3.0.3
info: {title: login answer and /users/me disagree, version: "1"}
paths:
  /auth/login:
    post:
      operationId: login
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [email, password]
              properties:
                email: {type: string, format: email}
                password: {type: string}
      responses:
        "201":
          description: logged in
          content:
            application/json:
              schema:
                type: object
                required: [accessToken, userId, userEmail, name]
                properties:
                  accessToken: {type: string}
                  userId: {type: string}
                  userEmail: {type: string}
                  name: {type: string}
  /users/me:
    get:
      operationId: getMyUser
      security: [{bearer: []}]
      responses:
        "200":
          description: me
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    User:
      type: object
      required: [id, email, name]
      properties:
        id: {type: string}
        email: {type: string}
        name: {type: string}
"""


@pytest.mark.parametrize("stateful", [False, True])
def test_a_sign_in_receipt_is_about_the_user_it_signs_in_and_its_token_stands_for_them(tmp_path, stateful):
    # immich's login answers {accessToken, userId, userEmail, name}: it named a stranger, and /users/me with its
    # token yet another
    client = served(tmp_path, RECEIPT, stateful)
    signed_in = client.post("/auth/login", json={"email": "alice@example.com", "password": "pw"}).json()
    assert signed_in["userEmail"] == "alice@example.com"
    me = client.get("/users/me", headers={"Authorization": f"Bearer {signed_in['accessToken']}"}).json()
    assert (me["id"], me["email"], me["name"]) == (signed_in["userId"], "alice@example.com", signed_in["name"])
    again = client.post("/auth/login", json={"email": "alice@example.com", "password": "pw"}).json()
    assert again["userId"] == signed_in["userId"]
    other = client.post("/auth/login", json={"email": "bob@example.com", "password": "pw"}).json()
    assert other["userId"] != signed_in["userId"] and other["userEmail"] == "bob@example.com"
    assert client.app.state.server.violations_seen == 0


def test_a_user_signing_in_again_gets_their_token_back_and_with_it_what_they_made(tmp_path):
    # the FastAPI template's login answers a bare {access_token}: each sign-in answered a new one, what a user had
    # made was kept under the token it was made with, and signing in again (another password, an upper-case email)
    # emptied their lists
    items = """  /items:
    get:
      operationId: listItems
      security: [{bearer: []}]
      responses:
        "200":
          description: mine
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Item"}}}}
    post:
      operationId: createItem
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [title], properties: {title: {type: string}}}}}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
components:
"""
    spec = RECEIPT.replace("components:\n", items, 1).replace(
        "  schemas:\n",
        "  schemas:\n    Item:\n      type: object\n      required: [id, title]\n"
        "      properties: {id: {type: string, format: uuid}, title: {type: string}}\n",
        1,
    )
    client = served(tmp_path, spec, True)
    first = client.post("/auth/login", json={"email": "alice@example.com", "password": "pw"}).json()["accessToken"]
    made = client.post("/items", json={"title": "milk"}, headers={"Authorization": f"Bearer {first}"}).json()
    again = client.post("/auth/login", json={"email": "Alice@Example.com", "password": "other"}).json()["accessToken"]
    assert again == first
    listed = client.get("/items", headers={"Authorization": f"Bearer {again}"}).json()
    assert made["id"] in [item["id"] for item in listed]
    bob = client.post("/auth/login", json={"email": "bob@example.com", "password": "pw"}).json()["accessToken"]
    assert bob != first
    assert made["id"] not in [
        item["id"] for item in client.get("/items", headers={"Authorization": f"Bearer {bob}"}).json()
    ]
    assert client.app.state.server.violations_seen == 0


PAYMENTS = """
openapi: 3.1.0
info: {title: pay, version: "1"}
paths:
  /payments:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Payment'}
            examples:
              card: {value: {source: {object: card, number: '4242'}}}
              bank: {value: {source: {object: bank, iban: GB00X}}}
      responses:
        '200':
          description: paid
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Payment'}
              examples:
                card: {value: {id: p1, status: captured, source: {object: card, number: '4242'}}}
                bank: {value: {id: p2, status: pending, source: {object: bank, iban: GB00X}}}
components:
  schemas:
    Payment:
      type: object
      properties:
        id: {type: string, readOnly: true}
        status: {type: string, readOnly: true}
        source:
          oneOf:
            - {type: object, required: [object, number], properties: {object: {const: card}, number: {type: string}}}
            - {type: object, required: [object, iban], properties: {object: {const: bank}, iban: {type: string}}}
"""


@pytest.mark.parametrize("stateful", [False, True])
def test_an_answer_is_the_example_paired_with_the_request_and_of_the_kind_it_asked_for(tmp_path, stateful):
    # Train Travel pays by `card` or `bank`: its request and answer examples are paired by name, and the source's
    # kinds are told apart by `object: {const: …}`, not a discriminator. Every payment was answered with the first
    # example, and a bank payment's iban was dropped into a card
    client = served(tmp_path, PAYMENTS, stateful)
    bank = client.post("/payments", json={"source": {"object": "bank", "iban": "DE89"}}).json()
    assert (bank["status"], bank["source"]) == ("pending", {"object": "bank", "iban": "DE89"})
    card = client.post("/payments", json={"source": {"object": "card", "number": "5555"}}).json()
    assert (card["status"], card["source"]) == ("captured", {"object": "card", "number": "5555"})
    # each payment has an id of its own, of its example's shape (`p` and digits), not the example's one
    assert len({bank["id"], card["id"], "p1", "p2"}) == 4 and all(
        re.fullmatch(r"p\d{6}", p["id"]) for p in (bank, card)
    )
    assert client.app.state.server.violations_seen == 0


def test_no_pairing_where_the_body_is_as_like_one_request_example_as_another(tmp_path):
    from mock.response_generation import paired_example
    from mock.spec import load_apis

    (tmp_path / "pay.yaml").write_text(PAYMENTS)
    operation = load_apis(tmp_path)["pay"].operations[0]
    answers = {"card": {}, "bank": {}}
    assert paired_example(answers, operation, {"source": {"object": "bank"}}) == "bank"
    assert paired_example(answers, operation, {"source": {}}) is None  # as like the one as the other
    assert paired_example(answers, operation, {"other": 1}) is None


SESSIONS = """
openapi: 3.0.3
info: {title: sign-up by email and username, sign-in by username; notes carry their author's id, version: "1"}
security: [{bearer: []}]
paths:
  /accounts:
    post:
      operationId: register
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [email, username, password]
              properties:
                email: {type: string, format: email}
                username: {type: string}
                password: {type: string}
                displayName: {type: string}
      responses:
        "201":
          description: signed up
          content: {application/json: {schema: {$ref: "#/components/schemas/Session"}}}
  /sessions:
    post:
      operationId: login
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [username, password]
              properties:
                username: {type: string}
                password: {type: string}
      responses:
        "200":
          description: signed in
          content: {application/json: {schema: {$ref: "#/components/schemas/Session"}}}
  /account:
    get:
      operationId: currentAccount
      responses:
        "200":
          description: me
          content: {application/json: {schema: {$ref: "#/components/schemas/Account"}}}
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [title]
              properties:
                title: {type: string}
                reviewerId: {type: string, format: uuid}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema:
                type: object
                required: [id, title, authorId, reviewerId]
                properties:
                  id: {type: integer}
                  title: {type: string}
                  authorId: {type: string, format: uuid}
                  reviewerId: {type: string, format: uuid}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Account:
      type: object
      required: [id, email, username, displayName]
      properties:
        id: {type: string, format: uuid}
        email: {type: string, format: email}
        username: {type: string}
        displayName: {type: string}
    Session:
      type: object
      required: [access_token, account]
      properties:
        access_token: {type: string}
        account: {$ref: "#/components/schemas/Account"}
"""


@pytest.mark.parametrize("stateful", [False, True])
def test_a_sign_in_by_any_login_of_the_user_finds_them_and_what_they_write_carries_their_id(tmp_path, stateful):
    # a sign-up named the user by email and username, the sign-in by username: it answered a stranger; a note's
    # `authorId` (no `author` object beside it) named someone else than the caller
    client = served(tmp_path, SESSIONS, stateful)
    sent = {"email": "ann@example.com", "username": "ann", "password": "pw", "displayName": "Ann Lee"}
    account = client.post("/accounts", json=sent).json()["account"]
    assert (account["email"], account["username"], account["displayName"]) == ("ann@example.com", "ann", "Ann Lee")
    for login in ("ann", "ANN", "ann@example.com"):
        session = client.post("/sessions", json={"username": login, "password": "pw"}).json()
        assert session["account"] == account, login
        me = client.get("/account", headers={"Authorization": f"Bearer {session['access_token']}"}).json()
        assert me == account
    stranger = client.post("/sessions", json={"username": "bob", "password": "pw"}).json()["account"]
    assert stranger["id"] != account["id"] and stranger["username"] == "bob"
    auth = {"Authorization": f"Bearer {session['access_token']}"}
    note = client.post("/notes", json={"title": "t"}, headers=auth).json()
    assert note["authorId"] == account["id"] and note["reviewerId"] != account["id"]
    chosen = "3f0c8a52-8f5e-4d3e-9a7b-2b1f7d0e6c11"
    assert client.post("/notes", json={"title": "t", "reviewerId": chosen}, headers=auth).json()["reviewerId"] == chosen
    assert client.app.state.server.violations_seen == 0


ME_AND_PUBLIC = """
openapi: 3.0.3
info: {title: the caller as a public user and as a record's owner, version: "1"}
security: [{bearer: []}]
paths:
  /me:
    get:
      operationId: getMe
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/PrivateUser"}}}
  /users/{user_id}:
    get:
      operationId: getUser
      parameters: [{name: user_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/PublicUser"}}}
  /me/playlists:
    post:
      operationId: createPlaylist
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        "201":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Playlist"}}}
components:
  securitySchemes: {bearer: {type: http, scheme: bearer}}
  schemas:
    PublicUser:
      type: object
      properties: {id: {type: string}, display_name: {type: string}, type: {type: string, enum: [user]}}
    PrivateUser:
      type: object
      properties: {id: {type: string}, display_name: {type: string}, email: {type: string, format: email}}
    Playlist:
      type: object
      properties: {id: {type: string}, name: {type: string}, owner: {$ref: "#/components/schemas/PublicUser"}}
"""


@pytest.mark.parametrize("stateful", [False, True])
def test_the_caller_read_as_a_public_user_and_as_an_owner_is_the_caller(tmp_path, stateful):
    # Spotify: `/users/{my id}` showed another display name than `/me`, and a playlist the caller made had
    # another owner: the public user has no email or username to know the caller by
    client = served(tmp_path, ME_AND_PUBLIC, stateful)
    auth = {"Authorization": "Bearer tok"}
    me = client.get("/me", headers=auth).json()
    public = client.get(f"/users/{me['id']}", headers=auth).json()
    assert (public["id"], public["display_name"]) == (me["id"], me["display_name"])
    owner = client.post("/me/playlists", json={"name": "Road trip"}, headers=auth).json()["owner"]
    assert (owner["id"], owner["display_name"]) == (me["id"], me["display_name"])
    assert client.app.state.server.violations_seen == 0


@pytest.mark.parametrize("stateful", [False, True])
def test_with_a_fixed_api_key_the_token_a_sign_in_answered_is_accepted_and_stands_for_its_user(tmp_path, stateful):
    # Conduit with `--api-key tok`: the token register and login answered got 401 from the same mock, so a frontend
    # could not get past its own sign-in
    (tmp_path / "spec.yaml").write_text(RECEIPT)
    config = ServeConfig(
        specs_dir=tmp_path,
        self_check=True,
        scenarios_dir=SCENARIOS,
        scenarios=DEFAULT_SCENARIOS if stateful else (),
        scenarios_are_default=stateful,
        api_keys=frozenset({"tok"}),
    )
    client = TestClient(create_app(config), raise_server_exceptions=False)
    signed_in = client.post("/auth/login", json={"email": "alice@example.com", "password": "pw"}).json()
    me = client.get("/users/me", headers={"Authorization": f"Bearer {signed_in['accessToken']}"})
    assert me.status_code == 200 and me.json()["email"] == "alice@example.com"
    assert client.get("/users/me", headers={"Authorization": "Bearer tok"}).status_code == 200
    assert client.get("/users/me", headers={"Authorization": "Bearer made-up"}).status_code == 401
    assert client.app.state.server.violations_seen == 0


def test_a_public_list_shows_each_seeded_record_once_whoever_read_before() -> None:
    # Conduit: after one signed-in read, the logged-out `GET /articles` said `articlesCount: 10`, each seeded
    # article twice (every caller's collection is seeded with the same records, and a public read sees them all)
    client = serve_stateful("notes")
    first = client.get("/notes").json()
    for caller in ("alice", "bob"):
        assert client.get("/notes", headers={"Authorization": f"Token {caller}"}).json()["notesCount"] == 5
    again = client.get("/notes").json()
    slugs = [note["slug"] for note in again["notes"]]
    assert len(slugs) == len(set(slugs)) == again["notesCount"] == first["notesCount"]
    made = client.post(
        "/notes", json={"note": {"title": "Mine alone"}}, headers={"Authorization": "Token alice"}
    ).json()["note"]
    public = client.get("/notes").json()
    assert public["notesCount"] == first["notesCount"] + 1 and made["slug"] in [n["slug"] for n in public["notes"]]
    assert client.app.state.server.violations_seen == 0


def test_a_record_just_made_has_nothing_under_it_for_any_reader() -> None:
    # a note Alice just made showed five seeded comments, dated before it, to everyone but Alice
    client = serve_stateful("notes")
    alice = {"Authorization": "Token alice"}
    made = client.post("/notes", json={"note": {"title": "Fresh note"}}, headers=alice).json()["note"]
    assert client.get(f"/notes/{made['slug']}/comments", headers=alice).json()["comments"] == []
    assert client.get(f"/notes/{made['slug']}/comments").json()["comments"] == []
    comment = client.post(f"/notes/{made['slug']}/comments", json={"comment": {"body": "First!"}}, headers=alice)
    assert [c["id"] for c in client.get(f"/notes/{made['slug']}/comments").json()["comments"]] == [
        comment.json()["comment"]["id"]
    ]
    seeded = client.get("/notes").json()["notes"][-1]["slug"]
    assert client.get(f"/notes/{seeded}/comments").json()["comments"]  # seeded notes still have theirs
    assert client.app.state.server.violations_seen == 0


USERS_ADMIN = """
openapi: 3.0.3
info: {title: users, version: "1"}
security: [{bearer: []}]
paths:
  /users/me:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}}
  /users:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {entries: {type: array, items: {$ref: '#/components/schemas/User'}}}}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}, login: {type: string}}}
      responses: {"201": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}}
  /users/{user_id}:
    parameters: [{name: user_id, in: path, required: true, schema: {type: string}}]
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}}
    put:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}}
components:
  securitySchemes: {bearer: {type: http, scheme: bearer}}
  schemas:
    User:
      type: object
      required: [id, name, login]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        login: {type: string}
"""


@pytest.mark.parametrize("stateful", [False, True])
def test_an_administrators_create_or_update_of_another_user_leaves_the_caller_who_they_are(tmp_path, stateful):
    # Box's `POST /users` answered the caller's own id, and from then on `/users/me` was the user just made; a
    # `PUT /users/{another}` made the caller that user
    client = served(tmp_path, USERS_ADMIN, stateful)
    auth = {"Authorization": "Bearer tok"}
    me = client.get("/users/me", headers=auth).json()
    made = client.post("/users", json={"name": "Ann", "login": "ann@example.com"}, headers=auth).json()
    assert made["id"] != me["id"] and made["name"] == "Ann"
    other = client.put("/users/u-42", json={"name": "Carol"}, headers=auth)
    assert other.status_code in (200, 404) and other.json().get("id") != me["id"]
    assert client.get("/users/me", headers=auth).json() == me
    assert client.app.state.server.violations_seen == 0


def test_what_a_create_could_set_but_did_not_is_empty_not_made_up() -> None:
    # Conduit: an article published without `tagList` came with two random tags, kept and listed with it
    client = serve_stateful("conduit")
    auth = sign_up(client)
    article = {"title": "No tags", "description": "d", "body": "b"}
    made = client.post("/api/articles", json={"article": article}, headers=auth).json()["article"]
    assert made["tagList"] == []
    assert client.get(f"/api/articles/{made['slug']}").json()["article"]["tagList"] == []
    with_tags = {"article": {**article, "title": "Tagged", "tagList": ["a"]}}
    tagged = client.post("/api/articles", json=with_tags, headers=auth)
    assert tagged.json()["article"]["tagList"] == ["a"]
    assert client.app.state.server.violations_seen == 0


def test_a_signed_in_reader_of_a_public_list_sees_what_other_callers_published() -> None:
    # Conduit: Bob's article was missing from Carol's `GET /articles` and `?author=bob`, and her `GET
    # /articles/bob-post` answered a made-up impostor; both operations declare `security: []`
    client = serve_stateful("notes")
    bob, carol = {"Authorization": "Token bob"}, {"Authorization": "Token carol"}
    made = client.post("/notes", json={"note": {"title": "Bob's post"}}, headers=bob).json()["note"]
    listed = client.get("/notes", headers=carol).json()
    assert made["slug"] in [note["slug"] for note in listed["notes"]]
    assert len({note["slug"] for note in listed["notes"]}) == listed["notesCount"]
    assert client.get(f"/notes/{made['slug']}", headers=carol).json()["note"] == made
    assert client.app.state.server.violations_seen == 0


def test_another_list_of_the_same_records_wrapped_as_the_collections_is_served_from_them(tmp_path) -> None:
    # RealWorld's `GET /articles/feed` answers `{articles, articlesCount}` as `GET /articles` does: it was a static
    # catalogue of two made-up articles no other list held, whatever `limit` and `offset` asked
    spec = (DATA / "conduit" / "conduit.yaml").read_text()
    feed = """  /articles/feed:
    get:
      operationId: GetArticlesFeed
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 20}}
        - {name: offset, in: query, schema: {type: integer, default: 0}}
      responses:
        '200': {$ref: '#/components/responses/MultipleArticlesResponse'}
        '401': {$ref: '#/components/responses/Unauthorized'}
"""
    client = served(tmp_path, spec.replace("  /articles:\n", feed + "  /articles:\n", 1))
    auth = sign_up(client)
    client.post("/api/articles", json={"article": {"title": "Fed", "description": "d", "body": "b"}}, headers=auth)
    every = client.get("/api/articles", params={"limit": 100}, headers=auth).json()
    first = client.get("/api/articles/feed", params={"limit": 2}, headers=auth).json()
    second = client.get("/api/articles/feed", params={"limit": 2, "offset": 2}, headers=auth).json()
    assert first["articlesCount"] == second["articlesCount"] == every["articlesCount"]
    slugs = [a["slug"] for a in every["articles"]]
    assert [a["slug"] for a in first["articles"] + second["articles"]] == slugs[:4]
    assert client.app.state.server.violations_seen == 0


UPDATE_CREDENTIALS = """
openapi: 3.0.3
info: {title: acct, version: "1"}
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Account:
      type: object
      required: [id, username, display_name]
      properties: {id: {type: string}, username: {type: string}, display_name: {type: string}, note: {type: string}}
paths:
  /accounts/verify_credentials:
    get:
      responses:
        "200": {description: me, content: {application/json: {schema: {$ref: "#/components/schemas/Account"}}}}
  /accounts/update_credentials:
    patch:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {display_name: {type: string}, note: {type: string}}}
      responses:
        "200": {description: me, content: {application/json: {schema: {$ref: "#/components/schemas/Account"}}}}
"""


@pytest.mark.parametrize("stateful", [False, True])
def test_an_update_naming_nobody_in_its_path_changes_the_caller(tmp_path, stateful):
    # Mastodon's `PATCH /accounts/update_credentials` beside `GET /accounts/verify_credentials`: a different path
    # from the "me" read, and still the caller's own account
    client = served(tmp_path, UPDATE_CREDENTIALS, stateful)
    auth = {"Authorization": "Bearer tok"}
    me = client.get("/accounts/verify_credentials", headers=auth).json()
    changed = client.patch("/accounts/update_credentials", json={"display_name": "Ann"}, headers=auth).json()
    assert changed == {**me, "display_name": "Ann"}
    assert client.get("/accounts/verify_credentials", headers=auth).json() == changed


SIGN_UP = """
openapi: 3.1.0
info: {title: sign up, version: "1"}
paths:
  /users/signup:
    post:
      operationId: registerUser
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [email, password]
              properties:
                email: {type: string, format: email}
                password: {type: string}
                full_name: {anyOf: [{type: string}, {type: "null"}]}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/UserPublic"}}}}
  /users/me:
    get:
      operationId: readUserMe
      security: [{bearer: []}]
      responses:
        "200": {description: me, content: {application/json: {schema: {$ref: "#/components/schemas/UserPublic"}}}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    UserPublic:
      type: object
      required: [email, id]
      properties:
        email: {type: string, format: email}
        is_active: {type: boolean, default: true}
        is_superuser: {type: boolean, default: false}
        full_name: {anyOf: [{type: string}, {type: "null"}]}
        id: {type: string, format: uuid}
        created_at: {type: string, format: date-time}
"""


@pytest.mark.parametrize("stateful", [False, True])
def test_a_sign_up_answers_what_the_user_did_not_send_as_unset(tmp_path, stateful):
    # the FastAPI template's sign-up without a `full_name` answered a random one, and `is_active` false at random
    # where its default is true
    client = served(tmp_path, SIGN_UP, stateful)
    for n in range(6):
        made = client.post("/users/signup", json={"email": f"user{n}@example.com", "password": "pw"}).json()
        assert (made["full_name"], made["is_active"], made["is_superuser"]) == (None, True, False), made
    named = client.post("/users/signup", json={"email": "ann@example.com", "password": "pw", "full_name": "Ann"})
    assert named.json()["full_name"] == "Ann"
    # made now, not at a random past moment
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert named.json()["created_at"].startswith(today)
    assert client.app.state.server.violations_seen == 0


def test_a_refusal_for_want_of_credentials_names_the_schemes_to_use(tmp_path):
    # RFC 9110 §11.6.1: a 401 carries `WWW-Authenticate`; the FastAPI template's had none
    spec = RECEIPT.replace(
        "    bearer: {type: http, scheme: bearer}\n",
        "    bearer: {type: http, scheme: bearer}\n    basic: {type: http, scheme: basic}\n"
        "    key: {type: apiKey, in: header, name: X-Key}\n",
    ).replace("      security: [{bearer: []}]\n", "      security: [{bearer: []}, {basic: []}, {key: []}]\n")
    client = served(tmp_path, spec, True)
    refused = client.get("/users/me")
    assert refused.status_code == 401
    realm = 'realm="login answer and /users/me disagree"'
    assert refused.headers["www-authenticate"] == f"Bearer {realm}, Basic {realm}"
    assert "www-authenticate" not in client.post("/auth/login", json={"email": "a@b.co", "password": "x"}).headers


GROUPS = """
openapi: 3.0.3
info: {title: Groups, version: "1"}
paths:
  /groups:
    get:
      operationId: listGroups
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Group"}}}}
    post:
      operationId: createGroup
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/GroupRequest"}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
  /groups/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      operationId: getGroup
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
    patch:
      operationId: updateGroup
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/GroupPatch"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
components:
  schemas:
    Member:
      type: object
      required: [pk, username]
      properties: {pk: {type: integer}, username: {type: string}}
    GroupRequest:
      type: object
      required: [name]
      properties:
        name: {type: string}
        users: {type: array, items: {type: integer}}
        parent: {type: integer, nullable: true}
    GroupPatch:
      type: object
      properties:
        name: {type: string}
        users: {type: array, items: {type: integer}}
        parent: {type: integer, nullable: true}
    Group:
      type: object
      required: [pk, name, users, users_obj, parent, parent_obj]
      properties:
        pk: {type: integer, readOnly: true}
        name: {type: string}
        users: {type: array, items: {type: integer}}
        users_obj: {type: array, readOnly: true, items: {$ref: "#/components/schemas/Member"}}
        parent: {type: integer, nullable: true}
        parent_obj: {allOf: [{$ref: "#/components/schemas/Member"}], nullable: true, readOnly: true}
"""


def test_expanded_objects_agree_with_the_ids_a_create_sent_or_left_unset(tmp_path: Path) -> None:
    """authentik's group made with `users: [590]` and no parent expanded two random users and a random parent."""
    client = served(tmp_path, GROUPS)
    made = client.post("/groups", json={"name": "eng", "users": [3, 4]}).json()
    assert [member["pk"] for member in made["users_obj"]] == [3, 4]
    assert made["parent"] is None and made["parent_obj"] is None
    alone = client.post("/groups", json={"name": "solo"}).json()
    assert alone["users"] == [] and alone["users_obj"] == []
    assert client.get(f"/groups/{made['pk']}").json() == made
    moved = client.patch(f"/groups/{made['pk']}", json={"users": [7], "parent": 9}).json()
    assert [member["pk"] for member in moved["users_obj"]] == [7] and moved["parent_obj"]["pk"] == 9
    assert client.app.state.server.violations_seen == 0


SIDELOADED = """
openapi: 3.1.0
info: {title: forum, version: "1"}
paths:
  /u/{username}.json:
    get:
      parameters: [{name: username, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: a user, with the badges beside it
          content:
            application/json:
              schema:
                type: object
                required: [user_badges, user]
                properties:
                  user_badges: {type: array, items: {type: object, properties: {id: {type: integer}}}}
                  user: {$ref: "#/components/schemas/User"}
  /t/{id}.json:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: a topic
          content:
            application/json:
              schema:
                type: object
                required: [id, title]
                properties: {id: {type: integer}, title: {type: string}}
  /categories/{id}.json:
    put:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      requestBody:
        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
      responses:
        "200":
          description: the category changed
          content:
            application/json:
              schema:
                type: object
                required: [success, category]
                properties:
                  success: {type: string}
                  category:
                    type: object
                    required: [id, name]
                    properties: {id: {type: integer}, name: {type: string}}
components:
  schemas:
    User:
      type: object
      required: [id, username, name]
      properties: {id: {type: integer}, username: {type: string}, name: {type: string}}
"""


def test_an_answer_says_back_the_path_and_body_through_a_wrapper_with_siblings_and_in_the_ids_type(tmp_path):
    """Discourse (rswag): `/u/janefe.json` answered another username (its `user` beside `user_badges`), a category
    renamed answered another name (`category` beside `success`), and `/t/357.json` answered topic 652 (its path id
    typed a string, the topic's `id` an integer)."""
    client = served(tmp_path, SIDELOADED, stateful=False)
    assert client.get("/u/janefe.json").json()["user"]["username"] == "janefe"
    renamed = client.put("/categories/980.json", json={"name": "Renamed"}).json()
    assert renamed["category"] == {**renamed["category"], "id": 980, "name": "Renamed"}
    assert client.get("/t/357.json").json()["id"] == 357
    assert client.app.state.server.violations_seen == 0


BALANCE_CHECK = """
openapi: 3.1.0
info: {title: gift cards, version: "1"}
paths:
  /balance:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [merchantAccount, amount]
              properties:
                merchantAccount: {type: string}
                amount: {$ref: '#/components/schemas/Amount'}
                card: {type: object, properties: {id: {type: string}}}
      responses:
        "200":
          description: the card's balance
          content:
            application/json:
              schema:
                type: object
                required: [id, resultCode, balance]
                properties:
                  id: {type: string}
                  resultCode: {type: string}
                  balance: {$ref: '#/components/schemas/Amount'}
  /members:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [user], properties: {user: {$ref: '#/components/schemas/Person'}}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                required: [success, member]
                properties: {success: {type: boolean}, member: {$ref: '#/components/schemas/Person'}}
components:
  schemas:
    Amount:
      type: object
      required: [currency, value]
      properties: {currency: {type: string, minLength: 3, maxLength: 3}, value: {type: integer}}
    Person:
      type: object
      required: [name]
      properties: {name: {type: string}, email: {type: string}}
"""


def test_an_object_sent_beside_other_fields_is_not_taken_for_the_record_the_answer_holds(tmp_path):
    """Adyen's balance check sends the `amount` to check beside the card and was answered that amount as the card's
    `balance` (a negative one, when fuzzed), and OpenAI's video extension answered the new video with the id of the
    `video: {id}` it extends: only a request that is nothing but a wrapper (`{"user": {…}}`) wraps the record."""
    client = served(tmp_path, BALANCE_CHECK, stateful=False)
    sent = [
        {"merchantAccount": "shop", "amount": {"currency": "EUR", "value": v}, "card": {"id": f"card-{v}"}}
        for v in (-777, 123456789)
    ]
    balances = [client.post("/balance", json=body).json() for body in sent]
    assert [b["balance"]["value"] for b in balances] != [-777, 123456789], balances
    assert [b["id"] for b in balances] != ["card--777", "card-123456789"], balances
    member = client.post("/members", json={"user": {"name": "Jane Roe", "email": "jane@example.com"}}).json()
    assert member["member"] == {**member["member"], "name": "Jane Roe", "email": "jane@example.com"}
    assert client.app.state.server.violations_seen == 0


OK_FLAGS = """
openapi: 3.1.0
info: {title: flags, version: "1"}
paths:
  /users.json:
    post:
      requestBody:
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                required: [success, user_id]
                properties: {success: {type: boolean}, user_id: {type: integer}}
        "400":
          description: refused
          content:
            application/json:
              schema:
                type: object
                required: [ok, error]
                properties: {ok: {type: boolean}, error: {type: string}}
"""


def test_a_success_flag_says_success_and_an_error_says_otherwise(tmp_path):
    """Discourse's `POST /users.json` said `success: false` four times in five; Slack's envelope says `ok`."""
    client = served(tmp_path, OK_FLAGS, stateful=False)
    for n in range(6):
        assert client.post("/users.json", json={"name": f"u{n}"}).json()["success"] is True
    refused = client.post("/users.json", json={"name": 5})
    assert refused.status_code == 400 and refused.json()["ok"] is False
    assert client.app.state.server.violations_seen == 0


ACKNOWLEDGED = """
openapi: 3.0.3
info: {title: acks, version: "1"}
paths:
  /subscribers/{id}:
    delete:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: deleted
          content: {application/json: {schema: {type: object, properties: {data: {type: boolean}}}}}
  /health:
    get:
      responses:
        "200":
          description: up
          content: {application/json: {schema: {type: object, properties: {result: {type: boolean}}}}}
"""


def test_an_acknowledgement_of_a_write_that_worked_says_true(tmp_path):
    """listmonk's deletes and `/health` answered `{"data": false}` half the time: a UI showed an error toast."""
    client = served(tmp_path, ACKNOWLEDGED, stateful=False)
    assert all(client.delete(f"/subscribers/{n}").json()["data"] is True for n in range(1, 8))
    assert client.get("/health").json()["result"] is True


SUBSCRIBERS = """
openapi: 3.0.3
info: {title: newsletter, version: "1"}
paths:
  /subscribers:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {email: {type: string}, lists: {type: array, items: {type: integer}}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                properties:
                  email: {type: string}
                  lists:
                    type: array
                    items: {type: object, properties: {id: {type: integer}, name: {type: string}}}
"""


def test_a_list_of_ids_sent_names_the_objects_answered_in_its_place(tmp_path):
    """listmonk's subscriber made with `lists: [6]` answered an invented list 712."""
    client = served(tmp_path, SUBSCRIBERS, stateful=False)
    made = client.post("/subscribers", json={"email": "a@example.com", "lists": [6, 9]}).json()
    assert [entry["id"] for entry in made["lists"]] == [6, 9]
    assert client.post("/subscribers", json={"email": "b@example.com", "lists": []}).json()["lists"] == []
    assert client.app.state.server.violations_seen == 0


ENUM_OFFERED = """
openapi: 3.0.3
info: {title: newsletter, version: "1"}
paths:
  /lists:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {name: {type: string}, type: {type: string, enum: [public, private]}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                required: [id, type]
                properties: {id: {type: integer}, name: {type: string}, type: {type: string}}
  /lists/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: one
          content:
            application/json:
              schema:
                type: object
                properties: {id: {type: integer}, name: {type: string}, type: {type: string}}
"""


def test_a_choice_a_create_offered_but_was_not_sent_is_one_of_its_choices(tmp_path):
    """listmonk's list made with `{}` had `type: "lay"`, where the create offers `public` or `private`."""
    client = served(tmp_path, ENUM_OFFERED)
    for n in range(5):
        assert client.post("/lists", json={"name": f"l{n}"}).json()["type"] in ("public", "private")


COUNTED_GROUPS = """openapi: 3.0.3
info: {title: groups, version: "1"}
paths:
  /groups:
    get:
      operationId: listGroups
      responses:
        "200":
          description: every group, and how many there are in each spelling an API counts them by
          content:
            application/json:
              schema:
                type: object
                required: [groups, total_rows_groups, num_groups, groups_total, group_count]
                properties:
                  groups: {type: array, items: {$ref: "#/components/schemas/Group"}}
                  total_rows_groups: {type: integer}
                  num_groups: {type: integer}
                  groups_total: {type: integer}
                  group_count: {type: integer}
    post:
      operationId: createGroup
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
  /groups/{id}:
    get:
      operationId: getGroup
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Group"}}}}
components:
  schemas:
    Group:
      type: object
      required: [id, name]
      properties: {id: {type: integer}, name: {type: string}}
"""


def test_a_stateful_lists_counts_named_for_its_array_count_the_collection(tmp_path):
    # Discourse's `GET /groups.json`: five groups listed beside `total_rows_groups: 2`, the static answer's count
    client = served(tmp_path, COUNTED_GROUPS, True)
    for name in ("red", "green", "blue"):
        assert client.post("/groups", json={"name": name}).status_code == 201
    listed = client.get("/groups").json()
    total = len(listed["groups"])
    assert total >= 3
    assert (listed["total_rows_groups"], listed["num_groups"], listed["groups_total"], listed["group_count"]) == (
        total,
        total,
        total,
        total,
    )
    assert client.app.state.server.violations_seen == 0


FILES = """
openapi: 3.0.3
info: {title: files, version: "1"}
paths:
  /files:
    post:
      operationId: createFile
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
    get:
      operationId: listFiles
      responses:
        "200":
          description: the files
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/File"}}}}
  /files/{id}:
    get:
      operationId: getFile
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
        "404": {description: none}
  /files/{id}/trash:
    post:
      operationId: trashFile
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: trashed, content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
        "404": {description: none}
  /files/{id}/copy:
    post:
      operationId: copyFile
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "201": {description: the copy, content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
components:
  schemas:
    File:
      type: object
      required: [id, name]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        created_at: {type: string, format: date-time, readOnly: true}
        trashed_at: {type: string, format: date-time, nullable: true, readOnly: true}
"""


def test_an_action_on_an_item_sets_the_moment_it_names_and_a_copy_is_no_action_on_it(tmp_path):
    client = served(tmp_path, FILES, stateful=True)
    (files,) = infer_resources(load_apis(tmp_path)["spec"])
    assert set(files.operations[ACTION]) == {"trashFile"}  # the copy answers another file
    made = client.post("/files", json={"name": "notes.txt"}).json()
    assert made.get("trashed_at") is None
    trashed = client.post(f"/files/{made['id']}/trash").json()
    assert (trashed["id"], trashed["name"]) == (made["id"], "notes.txt")
    assert trashed["trashed_at"] is not None and trashed["trashed_at"] >= made["created_at"]
    assert client.get(f"/files/{made['id']}").json() == trashed
    assert client.app.state.server.violations_seen == 0


POSTS = """
openapi: 3.0.3
info: {title: blog, version: "1"}
paths:
  /posts:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [title]
              properties: {title: {type: string}, publish: {type: boolean}, is_pinned: {type: boolean}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Post"}}}}
    get:
      responses:
        "200":
          description: the posts
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Post"}}}}
  /posts/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Post"}}}}
        "404": {description: none}
    patch:
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {title: {type: string}, publish: {type: boolean}}}
      responses:
        "200": {description: changed, content: {application/json: {schema: {$ref: "#/components/schemas/Post"}}}}
        "404": {description: none}
components:
  schemas:
    Post:
      type: object
      required: [id, title]
      properties:
        id: {type: integer, readOnly: true}
        title: {type: string}
        created_at: {type: string, format: date-time, readOnly: true}
        published_at: {type: string, format: date-time, nullable: true, readOnly: true}
        pinnedAt: {type: string, format: date-time, nullable: true, readOnly: true}
"""


def test_a_flag_sent_decides_the_moment_it_names(tmp_path):
    # Outline's `documents.create {"publish": true}` answered a publishedAt months before the document was made
    client = served(tmp_path, POSTS, stateful=True)
    post = client.post("/posts", json={"title": "Hello", "publish": True, "is_pinned": True}).json()
    assert post["published_at"] == post["created_at"] and post["pinnedAt"] == post["created_at"]
    draft = client.post("/posts", json={"title": "Later", "publish": False}).json()
    assert draft["published_at"] is None
    unpublished = client.patch(f"/posts/{post['id']}", json={"publish": False}).json()
    assert unpublished["published_at"] is None and unpublished["title"] == "Hello"
    published = client.patch(f"/posts/{draft['id']}", json={"publish": True}).json()
    assert published["published_at"] is not None and published["published_at"] >= draft["created_at"]
    assert client.get(f"/posts/{draft['id']}").json() == published
    assert client.app.state.server.violations_seen == 0


SIGN_UPS = """
openapi: 3.0.3
info: {title: identity, version: "1"}
paths:
  /users:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                first_name: {type: string}
                email_address: {type: array, items: {type: string}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
                  first_name: {type: string}
                  primary_email_address_id: {type: string}
                  email_addresses:
                    type: array
                    items:
                      type: object
                      properties: {id: {type: string}, email_address: {type: string}, verified: {type: boolean}}
"""


@pytest.mark.parametrize("stateful", [False, True])
def test_values_sent_under_a_lists_singular_name_are_its_objects(tmp_path, stateful):
    # Clerk's user made with `email_address: ["ada@…"]` answered two invented addresses, and a primary address id
    # that named neither
    client = served(tmp_path, SIGN_UPS, stateful=stateful)
    sent = ["ada@example.com", "lovelace@example.com"]
    made = client.post("/users", json={"first_name": "Ada", "email_address": sent}).json()
    assert [entry["email_address"] for entry in made["email_addresses"]] == sent
    assert made["primary_email_address_id"] == made["email_addresses"][0]["id"]
    assert client.app.state.server.violations_seen == 0


MEMBERSHIPS = """
openapi: 3.0.3
info: {title: identity, version: "1"}
paths:
  /memberships:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {user_id: {type: string}, role: {type: string}, name: {type: string}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
                  role: {type: string}
                  public_user_data:
                    type: object
                    properties: {user_id: {type: string}, first_name: {type: string}}
                  organization:
                    type: object
                    properties: {id: {type: string}, name: {type: string}}
"""


def test_an_id_sent_that_the_answer_holds_one_level_down_is_written_there(tmp_path):
    # Clerk's membership made with `{"user_id": …, "role": …}` named another user in its `public_user_data`
    client = served(tmp_path, MEMBERSHIPS, stateful=False)
    made = client.post("/memberships", json={"user_id": "user_2ada", "role": "admin", "name": "Ada's"}).json()
    assert made["role"] == "admin" and made["public_user_data"]["user_id"] == "user_2ada"
    assert made["organization"]["name"] != "Ada's"  # not an id: another record's field of that name is its own
    assert client.app.state.server.violations_seen == 0
