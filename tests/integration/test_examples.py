"""A spec example that breaks its own schema is reported and never served, unless asked for by name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mock.app import ServeConfig, create_app
from mock.schema_validation import is_valid
from mock.spec import load_apis
from tests.integration.conftest import served

STALE = Path(__file__).resolve().parents[1] / "data" / "specs" / "examples"
REPO = Path(__file__).resolve().parents[2]


def test_invalid_examples_are_replaced_by_generated_data_and_served_only_by_name():
    apis = load_apis(STALE)
    schema = apis["stale"].operations[0].responses["200"].content["application/json"].schema
    with TestClient(create_app(ServeConfig(specs_dir=STALE), apis)) as client:
        served = client.get("/users/1")
        named = client.get("/users/1", headers={"prefer": "example=stale"})
    assert served.status_code == 200 and is_valid(schema, served.json()), served.text
    assert served.json()["login"] != 42 and "2011-04-14 16:00:49" not in served.text
    assert named.json() == {"login": 42, "date": "not-a-date"}


def test_specs_check_reports_the_invalid_example_by_pointer():
    result = subprocess.run(
        [sys.executable, "-m", "mock.cli", "specs", "check", "--specs", str(STALE)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "#/paths/~1users~1{id}/get/responses/200/content/application~1json/examples/stale" in result.stdout


CURRENCIES = """
openapi: 3.0.3
info: {title: money, version: "1"}
paths:
  /currencies:
    get:
      responses:
        "200":
          description: all
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Currency"}}}}
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Currency"}
            example: {code: AMS, name: Ankh-Morpork dollar, decimal_places: 2}
      responses:
        "200": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Currency"}}}}
        "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /currencies/{code}:
    parameters: [{name: code, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200":
          description: one
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Currency"}
              example: {code: AMS, name: Ankh-Morpork dollar, decimal_places: 2}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    Currency:
      type: object
      required: [code, name]
      properties:
        code: {type: string, minLength: 3, maxLength: 3}
        name: {type: string}
        decimal_places: {type: integer}
    Error:
      type: object
      properties: {message: {type: string}}
"""


WRAPPED_CURRENCIES = CURRENCIES.replace(
    """            schema: {$ref: "#/components/schemas/Currency"}
            example: {code: AMS, name: Ankh-Morpork dollar, decimal_places: 2}""",
    """            schema: {type: object, properties: {currency: {$ref: "#/components/schemas/Currency"}}}
            example: {currency: {code: AMS, name: Ankh-Morpork dollar, decimal_places: 2}}""",
)


# the example only in the key field's schema, as a client (schemathesis) builds its request from it: Lago's tax code
FIELD_EXAMPLE_CURRENCIES = CURRENCIES.replace(
    """            example: {code: AMS, name: Ankh-Morpork dollar, decimal_places: 2}
      responses:
        "200": {description: made""",
    """      responses:
        "200": {description: made""",
).replace(
    "code: {type: string, minLength: 3, maxLength: 3}", "code: {type: string, minLength: 3, maxLength: 3, example: AMS}"
)


@pytest.mark.parametrize(
    ("spec", "wrapped"),
    [("plain", False), ("wrapped", True), ("field", False)],
    ids=["plain", "in-its-wrapper", "in-its-field"],
)
def test_the_specs_own_create_example_makes_its_record_on_a_fresh_mock(tmp_path, spec, wrapped):
    # Firefly III's currency `AMS`, tag `expensive`, preference `currencyPreference`: the records seeded from the
    # answers' examples took the keys the create's own example sends, and the documented create was refused
    # "A currency with id AMS already exists"; Lago's `{"feature": {"code": "seats", …}}` too, in its wrapper
    assert CURRENCIES not in (WRAPPED_CURRENCIES, FIELD_EXAMPLE_CURRENCIES)
    client = served(
        tmp_path, {"plain": CURRENCIES, "wrapped": WRAPPED_CURRENCIES, "field": FIELD_EXAMPLE_CURRENCIES}[spec]
    )
    assert client.get("/currencies").status_code == 200  # seeded
    currency = {"code": "AMS", "name": "Ankh-Morpork dollar", "decimal_places": 2}
    made = client.post("/currencies", json={"currency": currency} if wrapped else currency)
    assert made.status_code == 200, made.text
    assert client.get("/currencies/AMS").json()["name"] == "Ankh-Morpork dollar"
    assert client.app.state.server.violations_seen == 0


def test_an_empty_text_example_is_not_an_answer(tmp_path):
    # Tisane's `text/plain` answers show `""` as their example: sent, the answer had no body where one is declared,
    # "missing response data" to openapi-core
    from tests.integration.conftest import served

    spec = """
openapi: 3.0.3
info: {title: words, version: "1"}
paths:
  /hyponyms:
    get:
      responses:
        "200":
          description: the words
          content: {text/plain: {examples: {response: {value: ""}}}}
"""
    client = served(tmp_path, spec)
    answer = client.get("/hyponyms")
    assert answer.status_code == 200 and answer.text != ""
    assert client.app.state.server.violations_seen == 0


NAMESPACES = """
openapi: 3.0.3
info: {title: hubs, version: "1"}
paths:
  /namespaces:
    get:
      responses:
        "200":
          description: every namespace
          content:
            application/json:
              schema:
                type: object
                properties:
                  value:
                    type: array
                    minItems: MIN
                    items:
                      type: object
                      properties: {id: {type: string}, name: {type: string}, tier: {type: string}}
              examples:
                all:
                  value:
                    value:
                      - {id: /ns/a, name: a, tier: basic}
                      - {id: /ns/b, name: b, tier: basic}
                      - {id: /ns/a, name: a, tier: standard}
                      - {name: nameless}
                      - {name: nameless}
"""


@pytest.mark.parametrize("stateful", [False, True], ids=["static", "stateful"])
def test_a_record_the_example_lists_twice_is_answered_once(tmp_path, stateful):
    # Azure Event Hubs' example of every namespace listed `rrama-autoinflate-test` twice, and the mock sent it so: a
    # frontend keying its rows by id showed one row for two records. Items with no id of their own are all kept.
    client = served(tmp_path, NAMESPACES.replace("MIN", "0"), stateful)
    listed = client.get("/namespaces").json()["value"]
    assert [item.get("id") for item in listed] == ["/ns/a", "/ns/b", None, None]
    assert listed[0]["tier"] == "basic"  # the first of the two, as the example wrote it
    named = client.get("/namespaces", headers={"prefer": "example=all"}).json()["value"]
    assert len(named) == 5  # an example asked for by name is sent as written
    assert client.app.state.server.violations_seen == 0


def test_the_repeat_stays_where_the_list_must_be_that_long(tmp_path):
    client = served(tmp_path, NAMESPACES.replace("MIN", "5"), stateful=False)
    assert len(client.get("/namespaces").json()["value"]) == 5
    assert client.app.state.server.violations_seen == 0


LISTED_BY_FLAG = """
openapi: 3.0.3
info: {title: forum, version: "1"}
paths:
  /admin/users/list/{flag}.json:
    get:
      parameters:
        - {name: flag, in: path, required: true, schema: {type: string, enum: [active, new]}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: the users
          content:
            application/json:
              schema:
                type: array
                minItems: 1
                items:
                  type: object
                  required: [id, username]
                  properties: {id: {type: integer}, username: {type: string}}
"""


@pytest.mark.parametrize("stateful", [False, True], ids=["static", "stateful"])
def test_every_page_of_a_made_up_list_is_cut_from_one_collection(tmp_path, stateful):
    # Discourse's `/admin/users/list/{flag}.json?page=2` answered the first page again: the query was left out of a
    # path ending in a parameter's seed (a read of one record), and the cached first page was sent for every page.
    # And each page was drawn from a collection of its own (`?page=1` differed from no page at all).
    client = served(tmp_path, LISTED_BY_FLAG, stateful)
    path = "/admin/users/list/active.json"

    def ids(query: str) -> list[int]:
        answer = client.get(path + query)
        assert answer.status_code == 200, answer.text
        return [user["id"] for user in answer.json()]

    whole = ids("")
    assert ids("?page=1") == whole and ids(f"?limit={len(whole)}") == whole
    assert ids("?limit=1") == whole[:1]
    later = ids("?page=2")
    assert len(later) == 1  # the schema's minItems: a page past the end holds a record all the same
    assert not set(later) & set(whole)  # one of its own, never the first page's again
    assert ids("?page=2") == later  # reproducible
    assert client.app.state.server.violations_seen == 0


JSON_API_PAGES = """
openapi: 3.0.3
info: {title: bookings, version: "1"}
paths:
  /bookings:
    get:
      parameters:
        - name: page
          in: query
          style: deepObject
          explode: true
          schema: {type: object, properties: {size: {type: integer}, number: {type: integer}}}
        - {name: size, in: query, schema: {type: integer}}
      responses:
        "200":
          description: the bookings
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {id: {type: string}}}}
"""


@pytest.mark.parametrize("stateful", [False, True], ids=["static", "stateful"])
def test_a_page_asked_as_an_object_is_answered(tmp_path, stateful):
    # JSON:API's `page[size]=2&page[number]=1` is read as an object: as part of the answer cache's key it was a 500,
    # "unhashable type: 'dict'" (Impala's hotel bookings, in a contract run)
    client = served(tmp_path, JSON_API_PAGES, stateful)
    for query in ("page[size]=2&page[number]=1", "page[size]=2&page[number]=2", "size=3", ""):
        answer = client.get(f"/bookings?{query}")
        assert answer.status_code == 200, answer.text
    assert client.app.state.server.violations_seen == 0
