"""An empty query value (`?x=`, `?x`) by the parameter's `allowEmptyValue`.

Asana puts `opt_pretty` (`allowEmptyValue: true`, a boolean) on nearly every operation; `?opt_pretty` was refused
everywhere ('"" is not of type "boolean"'), though OpenAPI says the keyword "allows sending a parameter with an empty
value"."""

from __future__ import annotations

from tests.integration.conftest import user_spec_client

SPEC = """
openapi: 3.0.3
info: {title: flags, version: "1"}
paths:
  /ping:
    get:
      parameters:
        - {name: opt_pretty, in: query, allowEmptyValue: true, schema: {type: boolean}}
        - {name: limit, in: query, allowEmptyValue: true, schema: {type: integer, minimum: 1}}
        - {name: cursor, in: query, allowEmptyValue: false, schema: {type: string}}
        - {name: tag, in: query, schema: {type: string}}
        - {name: count, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
        "400": {description: bad, content: {application/json: {schema: {type: object}}}}
"""


def test_an_empty_value_is_taken_where_the_spec_allows_it_whatever_the_type(tmp_path):
    (tmp_path / "flags.yaml").write_text(SPEC)
    client = user_spec_client(tmp_path)
    for query in ("opt_pretty=", "opt_pretty", "limit=", "opt_pretty=true", "tag=", "opt_pretty&limit=3"):
        assert client.get(f"/ping?{query}").status_code == 200, query
    for query in ("cursor=", "count=", "opt_pretty=maybe", "limit=0"):
        assert client.get(f"/ping?{query}").status_code == 400, query


NULLABLE = """
openapi: 3.1.0
info: {title: pages, version: "1"}
paths:
  /balances:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: [integer, "null"], minimum: 1}}
        - {name: testmode, in: query, schema: {type: [boolean, "null"]}}
        - {name: currency, in: query, schema: {type: [string, "null"]}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
        "400": {description: bad, content: {application/json: {schema: {type: object}}}}
"""


def test_an_empty_value_is_no_null_a_nullable_number_takes(tmp_path):
    # Mollie's `?limit=` (`type: [integer, "null"]`) was read as null and served; openapi-core casts "" to no
    # integer and refuses it, as it does a null `integer` with `nullable: true`. A nullable text takes "" as text.
    (tmp_path / "pages.yaml").write_text(NULLABLE)
    client = user_spec_client(tmp_path)
    for query in ("limit=", "testmode=", "limit=&limit=3"):
        assert client.get(f"/balances?{query}").status_code == 400, query
    for query in ("limit=3", "currency=", "testmode=true"):
        assert client.get(f"/balances?{query}").status_code == 200, query
