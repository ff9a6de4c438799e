"""Operations at one path and method told apart only by a `#fragment` in their keys (Box's shared-link variants):
the one the request is valid for answers."""

from __future__ import annotations

from tests.integration.conftest import served

VARIANTS = """
openapi: 3.0.3
info: {title: items, version: "1"}
paths:
  /items/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    put:
      operationId: updateItem
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {name: {type: string}, shared_link: {type: object, properties: {access: {type: string}}}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}}
  /items/{id}#remove_shared_link:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    put:
      operationId: removeSharedLink
      parameters: [{name: fields, in: query, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [shared_link], properties: {shared_link: {nullable: true, type: object}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
components:
  schemas:
    Item: {type: object, required: [id], properties: {id: {type: string}, name: {type: string}}}
"""


def test_the_variant_a_request_is_valid_for_answers_and_one_valid_for_none_is_refused_by_the_first(tmp_path) -> None:
    # Box's documented way to remove a shared link, `PUT /files/{id}?fields=shared_link {"shared_link": null}`,
    # was refused by the plain update (`shared_link: null is not of type "object"`)
    client = served(tmp_path, VARIANTS, stateful=False)
    removed = client.put("/items/1", params={"fields": "shared_link"}, json={"shared_link": None})
    assert removed.status_code == 200
    assert client.put("/items/1", json={"name": "renamed"}).status_code == 200
    refused = client.put("/items/1", json={"name": 5})
    assert refused.status_code == 400 and "name" in refused.text  # the first variant's refusal
    assert client.app.state.server.violations_seen == 0


ACTIONS = """
openapi: 3.0.0
info: {title: certificates, version: "1"}
paths:
  /#X-Amz-Target=Acm.AddTags:
    post:
      operationId: AddTags
      parameters: [{name: X-Amz-Target, in: header, required: true, schema: {type: string, enum: [Acm.AddTags]}}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [Arn, Tags], properties: {Arn: {type: string}, Tags: {type: array}}}
      responses:
        "200": {description: tagged}
        "481": {description: InvalidTag, content: {application/json: {schema: {$ref: '#/components/schemas/E'}}}}
  /#X-Amz-Target=Acm.Describe:
    post:
      operationId: Describe
      parameters: [{name: X-Amz-Target, in: header, required: true, schema: {type: string, enum: [Acm.Describe]}}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [Arn], properties: {Arn: {type: string}}}
      responses:
        "200": {description: described, content: {application/json: {schema: {type: object}}}}
        "482": {description: InvalidArn, content: {application/json: {schema: {$ref: '#/components/schemas/E'}}}}
components:
  schemas:
    E: {type: object, properties: {message: {type: string}}}
"""


def test_a_request_valid_for_no_variant_is_refused_as_the_one_it_breaks_least(tmp_path) -> None:
    # AWS's actions, each naming itself in `X-Amz-Target`: a Describe with a wrong body was refused as AddTags, the
    # first in the spec, with AddTags' status and "X-Amz-Target is not one of Acm.AddTags"
    client = served(tmp_path, ACTIONS, stateful=False)
    refused = client.post("/", headers={"X-Amz-Target": "Acm.Describe"}, json={"Arn": 7})
    assert refused.status_code == 482
    assert "Arn" in refused.json()["message"] and "X-Amz-Target" not in refused.json()["message"]
    refused = client.post("/", headers={"X-Amz-Target": "Acm.AddTags"}, json={"Arn": "a"})
    assert refused.status_code == 481 and "Tags" in refused.json()["message"]
    assert client.post("/", headers={"X-Amz-Target": "Acm.Describe"}, json={"Arn": "a"}).status_code == 200
    assert client.app.state.server.violations_seen == 0


def test_a_request_naming_one_action_is_refused_as_it_before_one_its_body_happens_to_fit(tmp_path) -> None:
    # Kinesis: a CreateStream whose `StreamModeDetails` is wrong fits the body of DeleteStream, which takes any: it
    # was refused as DeleteStream, "X-Amz-Target is not one of DeleteStream"
    lenient = ACTIONS.replace(
        "schema: {type: object, required: [Arn, Tags], properties: {Arn: {type: string}, Tags: {type: array}}}",
        "schema: {type: object}",
    )
    assert lenient != ACTIONS
    client = served(tmp_path, lenient, stateful=False)
    refused = client.post("/", headers={"X-Amz-Target": "Acm.Describe"}, json={"Arn": 7})
    assert refused.status_code == 482 and "X-Amz-Target" not in refused.json()["message"]


TRAILING_SLASHES = """
openapi: 3.0.3
info: {title: maps, version: "1"}
paths:
  /map/{version}/wms/:
    get:
      operationId: getMap
      parameters:
        - {name: version, in: path, required: true, schema: {type: integer}}
        - {name: request, in: query, required: true, schema: {type: string, enum: [GetMap]}}
        - {name: bbox, in: query, required: true, schema: {type: string}}
        - {name: width, in: query, required: true, schema: {type: integer}}
        - {name: wms, in: query, required: true, schema: {type: string, enum: ["1.1.1"]}}
      responses: {"200": {description: an image, content: {image/png: {schema: {type: string, format: binary}}}}}
  /map/{version}/wms//:
    get:
      operationId: getCapabilities
      parameters:
        - {name: version, in: path, required: true, schema: {type: integer}}
        - {name: request, in: query, required: true, schema: {type: string, enum: [GetCapabilities]}}
        - {name: wms, in: query, schema: {type: string, enum: ["1.1.1"]}}
      responses: {"200": {description: the capabilities, content: {text/xml: {schema: {type: string}}}}}
"""


def test_paths_told_apart_by_trailing_slashes_answer_the_request_each_fits_in_either_spelling(tmp_path) -> None:
    # TomTom's WMS: `GetCapabilities` at `/wms//` was a 404 there, and refused at `/wms/` as a `GetMap` lacking its
    # box, where clients and proxies that fold `//` send it
    client = served(tmp_path, TRAILING_SLASHES, stateful=False)
    for spelled in ("/map/1/wms//", "/map/1/wms/", "/map/1/wms"):
        capabilities = client.get(spelled, params={"request": "GetCapabilities"})
        assert capabilities.status_code == 200, (spelled, capabilities.text)
        assert capabilities.headers["content-type"].startswith("text/xml")
        image = client.get(spelled, params={"request": "GetMap", "bbox": "0,0,1,1", "width": 256, "wms": "1.1.1"})
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    # valid for neither: refused as the operation its `request` names, for what it lacks there, even where what it
    # lacks is a parameter both declare with their few values (TomTom's `version`): left out, it names neither
    lacking = client.get("/map/1/wms//", params={"request": "GetMap"})
    assert lacking.status_code == 400 and "bbox" in lacking.text and "GetCapabilities" not in lacking.text
    assert client.app.state.server.violations_seen == 0


QUERY_ACTIONS = """
openapi: 3.0.0
info: {title: monitoring, version: "1"}
paths:
  /#Action=DeleteAnomalyDetector:
    get:
      operationId: DeleteAnomalyDetector
      parameters:
        - {name: Action, in: query, required: true, schema: {type: string, enum: [DeleteAnomalyDetector]}}
      responses:
        "200": {description: deleted}
        "481": {description: ResourceNotFound, content: {application/json: {schema: {$ref: '#/components/schemas/E'}}}}
  /#Action=DescribeAlarmHistory:
    get:
      operationId: DescribeAlarmHistory
      parameters:
        - {name: Action, in: query, required: true, schema: {type: string, enum: [DescribeAlarmHistory]}}
        - {name: HistoryItemType, in: query, schema: {type: string, enum: [StateUpdate, Action]}}
      responses:
        "200": {description: history}
        "480": {description: Invalid, content: {application/json: {schema: {$ref: '#/components/schemas/E'}}}}
components:
  schemas:
    E: {type: object, properties: {message: {type: string}}}
"""


def test_a_wrong_value_of_an_actions_own_enum_is_refused_as_that_action_not_as_another(tmp_path) -> None:
    # CloudWatch: a DescribeAlarmHistory with an unknown `HistoryItemType` broke one enum parameter, as it broke
    # `Action` of DeleteAnomalyDetector, before it in the spec: it was refused as that one, "Action is not one of
    # DeleteAnomalyDetector"
    client = served(tmp_path, QUERY_ACTIONS, stateful=False)
    refused = client.get("/", params={"Action": "DescribeAlarmHistory", "HistoryItemType": "AAA"})
    assert refused.status_code == 480 and "HistoryItemType" in refused.text and "DeleteAnomaly" not in refused.text
    assert client.get("/", params={"Action": "DeleteAnomalyDetector"}).status_code == 200
