"""A list answer's own page address where its paging fields are kept in an object beside the items: Twilio's v1
APIs answer `{conversations: [...], meta: {page, page_size, first_page_url, previous_page_url, url,
next_page_url, key}}`. `first_page_url` and `next_page_url` said the page asked for, but `meta.url` kept the
spec's example (`…/Conversations?PageSize=50&Page=0`, another host), whatever page it was."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.integration.conftest import served

CONVERSATIONS = """
openapi: 3.0.3
info: {title: conversations, version: "1"}
paths:
  /v1/Conversations:
    get:
      operationId: listConversations
      parameters:
        - {name: PageSize, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
        - {name: Page, in: query, schema: {type: integer, minimum: 0}}
        - {name: PageToken, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  conversations: {type: array, items: {$ref: '#/components/schemas/Conversation'}}
                  meta:
                    type: object
                    properties:
                      page: {type: integer}
                      page_size: {type: integer}
                      first_page_url: {type: string, format: uri}
                      previous_page_url: {type: string, format: uri, nullable: true}
                      url: {type: string, format: uri}
                      next_page_url: {type: string, format: uri, nullable: true}
                      key: {type: string}
              example:
                conversations: []
                meta:
                  page: 0
                  page_size: 50
                  first_page_url: https://conversations.twilio.com/v1/Conversations?PageSize=50&Page=0
                  previous_page_url: null
                  url: https://conversations.twilio.com/v1/Conversations?PageSize=50&Page=0
                  next_page_url: null
                  key: conversations
    post:
      operationId: createConversation
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {FriendlyName: {type: string}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Conversation'}}}}
  /v1/Conversations/{Sid}:
    parameters: [{name: Sid, in: path, required: true, schema: {type: string}}]
    get:
      operationId: fetchConversation
      responses:
        "200": {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Conversation'}}}}
components:
  schemas:
    Conversation:
      type: object
      properties: {sid: {type: string}, friendly_name: {type: string}}
"""


def test_a_pages_own_address_beside_its_paging_fields_is_the_page_asked_for(tmp_path):
    client = served(tmp_path, CONVERSATIONS)
    for name in ("a", "b", "c"):
        client.post("/v1/Conversations", data={"FriendlyName": name})
    first = client.get("/v1/Conversations", params={"PageSize": 2}).json()["meta"]
    assert urlsplit(first["url"]).path == "/v1/Conversations"
    assert parse_qs(urlsplit(first["url"]).query)["PageSize"] == ["2"]
    assert first["url"] == first["first_page_url"]
    second = client.get(first["next_page_url"]).json()["meta"]
    assert second["url"] == first["next_page_url"]
    assert client.app.state.server.violations_seen == 0


MESSAGES = """
openapi: 3.0.3
info: {title: chat, version: "1"}
paths:
  /Messages:
    get:
      operationId: listMessages
      parameters:
        - name: Order
          in: query
          description: The sort order of the returned messages. Can be `asc` or `desc`, with `asc` as the default.
          schema: {type: string, enum: [asc, desc]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {messages: {type: array, items: {$ref: '#/components/schemas/Message'}}}
    post:
      operationId: createMessage
      requestBody:
        content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {Body: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Message'}}}}
  /Messages/{Sid}:
    parameters: [{name: Sid, in: path, required: true, schema: {type: string}}]
    get:
      operationId: fetchMessage
      responses:
        "200": {description: it, content: {application/json: {schema: {$ref: '#/components/schemas/Message'}}}}
components:
  schemas:
    Message:
      type: object
      properties: {sid: {type: string}, body: {type: string}}
"""


def test_a_list_ordered_only_by_a_direction_follows_it_and_its_default(tmp_path):
    # Twilio Conversations' `?Order=asc|desc` ("with `asc` as the default"): a chat's messages were listed newest
    # first whatever was asked, so a frontend showed each conversation upside down
    client = served(tmp_path, MESSAGES)
    for text in ("one", "two", "three"):
        client.post("/Messages", data={"Body": text})

    def bodies(**query: str) -> list[str]:
        said = [m["body"] for m in client.get("/Messages", params=query).json()["messages"]]
        return [b for b in said if b in ("one", "two", "three")]

    assert bodies() == ["one", "two", "three"]
    assert bodies(Order="asc") == ["one", "two", "three"]
    assert bodies(Order="desc") == ["three", "two", "one"]
    assert client.app.state.server.violations_seen == 0
