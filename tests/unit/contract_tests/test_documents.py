"""The document a contract run tests: the mock's own, overlays applied, OpenAPI's prose rules made explicit."""

from __future__ import annotations

from pathlib import Path

import yaml

from contract_tests.documents import load_api_document, load_spec_document, without_empty_query_values
from tests.conftest import SPECS


def test_contract_document_is_the_served_document_with_overlays():
    contract = load_api_document("aeriox", SPECS)
    assert [path.name for path in contract.overlays] == ["aeriox.gaps.yaml", "aeriox.links.yaml"]
    generate = contract.document["paths"]["/v1/images/generate"]["post"]
    assert generate["responses"]["202"]["links"]["PollJob"]["operationId"] == "getJob"


def test_query_values_may_be_empty_unless_allow_empty_value_is_false():
    document = {
        "paths": {
            "/x": {
                "get": {
                    "parameters": [
                        {
                            "name": "cursor",
                            "in": "query",
                            "allowEmptyValue": False,
                            "schema": {"type": ["string", "null"]},
                        },
                        {"name": "tag", "in": "query", "allowEmptyValue": True, "schema": {"type": "string"}},
                        {
                            "name": "ids",
                            "in": "query",
                            "allowEmptyValue": False,
                            "schema": {"type": "array", "items": {"type": "string"}},
                        },
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {"name": "X-Org", "in": "header", "schema": {"type": "string"}},
                    ]
                }
            }
        }
    }
    rewritten = without_empty_query_values(document)
    cursor, tag, ids, query, header = rewritten["paths"]["/x"]["get"]["parameters"]
    assert cursor["schema"]["minLength"] == 1
    assert "minLength" not in tag["schema"] and "minLength" not in header["schema"]
    assert "minLength" not in query["schema"]  # empty by default, as real backends take it
    assert ids["schema"]["items"]["minLength"] == 1
    assert "minLength" not in document["paths"]["/x"]["get"]["parameters"][0]["schema"]  # the input is untouched


def test_a_spec_file_is_read_with_the_files_it_refs_beside_it_and_not_its_neighbours(tmp_path: Path) -> None:
    """DigitalOcean's spec is one root file and 2,900 it `$ref`s from its folder: `--spec` refused it, since the
    file was read from a folder of its own where its references pointed outside."""
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "droplet.yml").write_text(
        yaml.safe_dump({"type": "object", "properties": {"id": {"type": "integer"}}})
    )
    (tmp_path / "description.yml").write_text(yaml.safe_dump({"introduction": "The API, in prose."}))
    root = {
        "openapi": "3.0.3",
        "info": {"title": "Cloud", "version": "2"},
        "tags": [{"name": "Droplets", "description": {"$ref": "description.yml#/introduction"}}],
        "paths": {
            "/droplets/{id}": {
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {
                            "description": "a droplet",
                            "content": {"application/json": {"schema": {"$ref": "resources/droplet.yml"}}},
                        }
                    },
                }
            }
        },
    }
    (tmp_path / "cloud.yaml").write_text(yaml.safe_dump(root))
    (tmp_path / "broken.yaml").write_text("openapi: 3.0.3\npaths: [not, a, mapping]\n")  # another document: not read
    contract = load_spec_document(tmp_path / "cloud.yaml")
    schema = contract.document["paths"]["/droplets/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert schema["schema"]["properties"]["id"] == {"type": "integer"}


def test_a_query_array_written_as_one_value_is_never_empty_and_an_exploded_one_may_be():
    def array(name, **style):
        return {"name": name, "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}, **style}

    document = {
        "paths": {
            "/x": {
                "get": {
                    "parameters": [
                        array("csv", style="form", explode=False),
                        array("pipes", style="pipeDelimited"),
                        array("multi"),  # form, exploded: [] is no `multi=` at all
                        {**array("header"), "in": "header"},
                    ]
                }
            }
        }
    }
    csv, pipes, multi, header = without_empty_query_values(document)["paths"]["/x"]["get"]["parameters"]
    assert csv["schema"]["minItems"] == 1 and pipes["schema"]["minItems"] == 1  # `?csv=` is [""], not []
    assert "minItems" not in multi["schema"] and "minItems" not in header["schema"]


def test_a_shared_schema_is_given_to_the_engine_by_reference(tmp_path):
    # Xero's schemas hold one another many times over: the mock's loading inlines each `$ref` as one shared object,
    # and schemathesis, which walks a schema as a tree, spent minutes and gigabytes in its examples phase
    import json

    from tests.unit.contract_tests.test_spec_facts import _chain

    document = _chain(40)
    document["info"] = {"title": "chain", "version": "1"}
    spec = tmp_path / "chain.json"
    spec.write_text(json.dumps(document))
    contract = load_spec_document(spec)
    schemas = contract.document["components"]["schemas"]
    answer = contract.document["paths"]["/s"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/S0"}
    assert schemas["S0"]["properties"] == {
        "a": {"$ref": "#/components/schemas/S1"},
        "balance": {"$ref": "#/components/schemas/S1"},
    }
    assert schemas["S40"] == {"type": "number", "example": -5}
    assert len(json.dumps(contract.document)) < 20_000


HOOKS = """
openapi: 3.0.3
info: {title: hooks, version: "1"}
paths:
  /admin/hooks:
    post:
      operationId: adminCreateHook
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Hook"}}}}
      responses: {"201": {$ref: "#/components/responses/Hook"}}
  /repos/{owner}/{repo}/hooks:
    parameters:
      - {name: owner, in: path, required: true, schema: {type: string}}
      - {name: repo, in: path, required: true, schema: {type: string}}
    get:
      operationId: repoListHooks
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Hook"}}}}
    post:
      operationId: repoCreateHook
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Hook"}}}}
      responses: {"201": {$ref: "#/components/responses/Hook"}}
  /repos/{owner}/{repo}/hooks/{id}:
    parameters:
      - {name: owner, in: path, required: true, schema: {type: string}}
      - {name: repo, in: path, required: true, schema: {type: string}}
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: repoGetHook
      responses: {"200": {$ref: "#/components/responses/Hook"}, "404": {description: none}}
components:
  responses:
    Hook: {description: a hook, content: {application/json: {schema: {$ref: "#/components/schemas/Hook"}}}}
  schemas:
    Hook: {type: object, properties: {id: {type: integer, readOnly: true}, url: {type: string}}}
"""


def test_inferred_links_go_on_their_operations_own_answer_not_a_shared_one(tmp_path):
    # Gitea's `#/responses/Hook` answers the admin's and a repository's hook creates: the repository's link (with
    # its owner and repo) went on the shared object, and so on `POST /admin/hooks`, which has neither to give
    (tmp_path / "hooks.yaml").write_text(HOOKS)
    document = load_spec_document(tmp_path / "hooks.yaml").document
    links_of = lambda path: set(document["paths"][path]["post"]["responses"]["201"].get("links") or {})  # noqa: E731
    assert links_of("/repos/{owner}/{repo}/hooks") == {"ToRepoGetHook"}
    assert links_of("/admin/hooks") == set()


TEAMS = """
openapi: 3.0.3
info: {title: teams, version: "1"}
paths:
  /orgs/{org}/teams:
    parameters: [{name: org, in: path, required: true, schema: {type: string}}]
    get:
      operationId: orgListTeams
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Team"}}}}
    post:
      operationId: orgCreateTeam
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Team"}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Team"}}}}
  /teams/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      operationId: orgGetTeam
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Team"}}}}
        "404": {description: none}
components:
  schemas:
    Team: {type: object, properties: {id: {type: integer, readOnly: true}, name: {type: string}}}
"""


def test_an_inferred_link_gives_only_the_parameters_its_target_takes(tmp_path):
    # Gitea's teams are made under an org (`POST /orgs/{org}/teams`) and read without one (`GET /teams/{id}`):
    # the link gave `org` too, which schemathesis refused as an invalid link definition
    (tmp_path / "teams.yaml").write_text(TEAMS)
    document = load_spec_document(tmp_path / "teams.yaml").document
    links = document["paths"]["/orgs/{org}/teams"]["post"]["responses"]["201"].get("links") or {}
    assert {name: set(link["parameters"]) for name, link in links.items()} == {"ToOrgGetTeam": {"id"}}


def test_a_spec_without_operation_ids_gets_its_links_and_the_ids_they_name(tmp_path):
    # Swashbuckle writes no operationId (Radarr): every inferred link was dropped, and the stateful, link-walk and
    # lifecycle phases ran no case
    unnamed = yaml.safe_load(TEAMS)
    for item in unnamed["paths"].values():
        for method in ("get", "post"):
            if method in item:
                del item[method]["operationId"]
    (tmp_path / "teams.yaml").write_text(yaml.safe_dump(unnamed))
    contract = load_spec_document(tmp_path / "teams.yaml")
    paths = contract.document["paths"]
    links = paths["/orgs/{org}/teams"]["post"]["responses"]["201"].get("links") or {}
    assert len(links) == 1
    (link,) = links.values()
    assert link["operationId"] == paths["/teams/{id}"]["get"]["operationId"]  # named in the document it is given
    assert set(link["parameters"]) == {"id"}


def test_operation_ids_the_spec_repeats_are_the_mocks_in_the_document_and_its_links(tmp_path):
    # Deepgram names ten operations `get`: the mock serves the second as `get_2`, and the links inferred to it named
    # `get_2`, which the document did not have (49 "Invalid OpenAPI Links Definition" errors in a run)
    repeated = TEAMS.replace("orgListTeams", "get").replace("orgGetTeam", "get")
    (tmp_path / "teams.yaml").write_text(repeated)
    paths = load_spec_document(tmp_path / "teams.yaml").document["paths"]
    ids = {paths["/orgs/{org}/teams"]["get"]["operationId"], paths["/teams/{id}"]["get"]["operationId"]}
    assert len(ids) == 2 and "get" in ids
    (link,) = (paths["/orgs/{org}/teams"]["post"]["responses"]["201"].get("links") or {}).values()
    assert link["operationId"] == paths["/teams/{id}"]["get"]["operationId"]


def test_inferred_links_name_an_rpc_style_record_where_its_reads_take_it_in_the_body_or_the_query(tmp_path):
    # Outline's `POST /documents.info {"id": …}`, `GET /users/get?id=7`: no path parameter to link, so the stateful
    # phase never read back what a create made
    from tests.integration.test_rpc_resources import DOCUMENTS, USERS

    (tmp_path / "documents.yaml").write_text(DOCUMENTS)
    paths = load_spec_document(tmp_path / "documents.yaml").document["paths"]
    links = paths["/documents.create"]["post"]["responses"]["200"]["links"]
    assert links["ToDocumentsInfo"] == {
        "operationId": "documentsInfo",
        "requestBody": {"id": "$response.body#/data/id"},
        "parameters": {},
    }
    assert {link["operationId"] for link in links.values()} == {"documentsInfo", "documentsUpdate", "documentsDelete"}

    (tmp_path / "users.yaml").write_text(USERS)
    paths = load_spec_document(tmp_path / "users.yaml").document["paths"]
    (link,) = [
        link
        for link in paths["/api/users/create"]["post"]["responses"]["201"]["links"].values()
        if "requestBody" not in link
    ]
    assert link["parameters"] == {"query.id": "$response.body#/id"}


def test_inferred_links_name_a_record_by_the_field_its_reads_name_it_by(tmp_path):
    # Slack's `reminders.info?reminder=Rm…` and `reminders.delete reminder=Rm…`: not by its id field's name
    from tests.integration.test_rpc_resources import REMINDERS

    (tmp_path / "chat.yaml").write_text(REMINDERS)
    paths = load_spec_document(tmp_path / "chat.yaml").document["paths"]
    links = paths["/reminders.add"]["post"]["responses"]["200"]["links"].values()
    by_target = {link["operationId"]: link for link in links}
    assert by_target["getRemindersInfo"]["parameters"] == {"query.reminder": "$response.body#/reminder/id"}
    assert by_target["postRemindersDelete"]["requestBody"] == {"reminder": "$response.body#/reminder/id"}


def test_a_read_by_a_records_other_key_links_nothing_its_path_does_not_hold(tmp_path):
    # Xero's `GET /Contacts/{ContactNumber}` reads the contacts `/Contacts/{ContactID}` does: a link from it to
    # `/Contacts/{ContactID}/Attachments` carried `$request.path.ContactID`, which its path has not, and schemathesis
    # dropped the whole stateful phase ("invalid link definitions")
    from tests.integration.test_twin_item_paths import CONTACTS

    attachments = """
  /Contacts/{ContactID}/Attachments:
    parameters: [{name: ContactID, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      operationId: getAttachments
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  Attachments:
                    type: array
                    items: {type: object, properties: {AttachmentID: {type: string}, FileName: {type: string}}}
    post:
      operationId: createAttachment
      requestBody:
        content: {application/json: {schema: {type: object, properties: {FileName: {type: string}}}}}
      responses:
        "200":
          description: made
          content:
            application/json:
              schema: {type: object, properties: {AttachmentID: {type: string}, FileName: {type: string}}}
components:"""
    (tmp_path / "contacts.yaml").write_text(CONTACTS.replace("\ncomponents:", attachments, 1))
    paths = load_spec_document(tmp_path / "contacts.yaml").document["paths"]
    by_id = paths["/Contacts/{ContactID}"]["get"]["responses"]["200"].get("links", {})
    assert {link["operationId"] for link in by_id.values()} >= {"getAttachments", "createAttachment"}
    by_number = paths["/Contacts/{ContactNumber}"]["get"]["responses"]["200"].get("links", {})
    carried = [value for link in by_number.values() for value in link.get("parameters", {}).values()]
    assert "$request.path.ContactID" not in carried


def test_links_to_nowhere_are_left_out_and_a_spec_left_with_none_gets_inferred_ones(tmp_path):
    # DigitalOcean's 12 declared links all name operationIds its spec does not have: schemathesis refused every
    # stateful phase ("Invalid OpenAPI Links Definition"), and the links inferred from its resources went unused
    broken = yaml.safe_load(TEAMS)
    created = broken["paths"]["/orgs/{org}/teams"]["post"]["responses"]["201"]
    created["links"] = {"Old": {"operationId": "teams_get_by_id", "parameters": {"id": "$response.body#/id"}}}
    (tmp_path / "teams.yaml").write_text(yaml.safe_dump(broken))
    contract = load_spec_document(tmp_path / "teams.yaml")
    assert contract.dropped_links == ("POST /orgs/{org}/teams 201: Old -> teams_get_by_id",)
    assert contract.links_inferred
    links = contract.document["paths"]["/orgs/{org}/teams"]["post"]["responses"]["201"]["links"]
    assert [link["operationId"] for link in links.values()] == ["orgGetTeam"]
    # beside one that names an operation, the good one is kept as the spec's own, and nothing is inferred
    created["links"]["Good"] = {"operationId": "orgGetTeam", "parameters": {"id": "$response.body#/id"}}
    (tmp_path / "teams.yaml").write_text(yaml.safe_dump(broken))
    contract = load_spec_document(tmp_path / "teams.yaml")
    assert len(contract.dropped_links) == 1 and not contract.links_inferred
    links = contract.document["paths"]["/orgs/{org}/teams"]["post"]["responses"]["201"]["links"]
    assert set(links) == {"Good"}


def test_a_write_that_makes_a_job_links_to_the_jobs_read(tmp_path):
    # Meilisearch's writes answer `{"taskUid": …}`, read at `GET /tasks/{taskUid}`: without a link the runner never
    # followed a task, nor checked that the task a write answered can be read at all and comes to an end
    from tests.integration.test_jobs_made_elsewhere import ACTIONS, QUEUED

    (tmp_path / "queued.yaml").write_text(QUEUED)
    paths = load_spec_document(tmp_path / "queued.yaml").document["paths"]
    for path, method in (
        ("/indexes", "post"),
        ("/indexes/{indexUid}", "delete"),
        ("/indexes/{indexUid}/documents", "post"),
    ):
        links = paths[path][method]["responses"]["202"]["links"]
        assert links["ToGetTask"] == {"operationId": "getTask", "parameters": {"taskUid": "$response.body#/taskUid"}}
    assert "links" not in paths["/tasks"]["get"]["responses"]["200"]

    (tmp_path / "queued.yaml").unlink()
    (tmp_path / "actions.yaml").write_text(ACTIONS)
    paths = load_spec_document(tmp_path / "actions.yaml").document["paths"]
    links = paths["/v2/droplets/{droplet_id}/actions"]["post"]["responses"]["201"]["links"]
    assert links["ToGetAction"]["parameters"] == {"action_id": "$response.body#/action/id"}


def test_a_schema_closed_against_its_own_parts_is_given_to_the_engine_opened_and_still_named(tmp_path):
    """Bytebase's identity providers: closed beside the `allOf` that declares their fields, so schemathesis could make
    no request body of them, and ten operations were never tested. The engine gets them opened, by reference still,
    and the run's note still names them."""
    from contract_tests.spec_facts import resolve_local_refs, schemas_no_value_meets

    spec = {
        "openapi": "3.1.0",
        "info": {"title": "idps", "version": "1"},
        "paths": {
            "/idps": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Idp"}}}},
                    "responses": {"200": {"description": "made"}},
                }
            }
        },
        "components": {
            "schemas": {
                "Idp": {
                    "type": "object",
                    "additionalProperties": False,
                    "allOf": [{"properties": {"title": {"type": "string"}}, "required": ["title"]}],
                }
            }
        },
    }
    (tmp_path / "idps.yaml").write_text(yaml.safe_dump(spec))
    document = load_spec_document(tmp_path / "idps.yaml").document
    body = document["paths"]["/idps"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Idp"}
    idp = document["components"]["schemas"]["Idp"]
    assert "additionalProperties" not in idp and idp["allOf"][0]["required"] == ["title"]
    assert schemas_no_value_meets(resolve_local_refs(document)) == ["#/components/schemas/Idp"]
