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


TEXT_OR_LIST = """
openapi: 3.0.3
info: {title: filters, version: "1"}
paths:
  /responses:
    get:
      parameters:
        - name: responseTime
          in: query
          schema:
            oneOf:
              - {type: string, minLength: 1}
              - {type: array, items: {type: string, maxLength: 4}}
        - name: strict
          in: query
          schema:
            oneOf:
              - {type: string, minLength: 1}
              - {type: array, items: {type: string, minLength: 1}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
        "400": {description: bad, content: {application/json: {schema: {type: object}}}}
"""


def test_a_parameter_of_a_text_or_a_list_reads_a_repeated_or_empty_value_as_the_list(tmp_path):
    # iQualify's `responseTime`: `?responseTime=` is no text it takes (minLength 1) but a list of one empty text,
    # and `?responseTime=a&responseTime=b` is the list, where only its first value was read (and judged)
    (tmp_path / "filters.yaml").write_text(TEXT_OR_LIST)
    client = user_spec_client(tmp_path)
    for query in ("responseTime=", "responseTime=a", "responseTime=a&responseTime=b", "responseTime=longer text"):
        assert client.get(f"/responses?{query}").status_code == 200, query
    # the second value is judged as the list's item (maxLength 4); an empty value fits neither option of `strict`
    for query in ("responseTime=a&responseTime=longer", "strict="):
        assert client.get(f"/responses?{query}").status_code == 400, query
