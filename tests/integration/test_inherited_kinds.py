"""A base schema whose discriminator stands alone, no `oneOf` beside it, and kinds that inherit it by `allOf` (OpenAPI's
model of polymorphism; Azure's specs name each kind's value in `x-ms-discriminator-value`): an answer declared as the
base is one of its kinds, its discriminating property the value that names that kind, never a made-up word."""

from __future__ import annotations

from collections import Counter

from tests.integration.conftest import served

PETS = """
openapi: 3.0.3
info: {title: pets, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /shelters/{id}:
    get:
      operationId: getShelter
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: one, content: {application/json: {schema: {$ref: "#/components/schemas/Shelter"}}}}
components:
  schemas:
    Pet:
      type: object
      required: [petType, name]
      properties:
        petType: {type: string}
        name: {type: string}
      discriminator:
        propertyName: petType
        mapping: {dog: "#/components/schemas/Dog"}
    Dog:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          required: [barks]
          properties: {barks: {type: boolean}}
    Cat:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          required: [lives]
          properties: {lives: {type: integer, minimum: 1, maximum: 9}}
    Shelter:
      type: object
      required: [kind, address]
      additionalProperties: false
      properties:
        kind: {type: string}
        address: {type: string}
      discriminator: {propertyName: kind}
    FarmShelter:
      allOf:
        - $ref: "#/components/schemas/Shelter"
        - type: object
          required: [acres]
          properties: {acres: {type: integer}}
"""

AZURE = """
swagger: "2.0"
info: {title: resources, version: "1"}
paths:
  /resources/{name}:
    get:
      operationId: getResource
      produces: [application/json]
      parameters: [{name: name, in: path, required: true, type: string}]
      responses:
        "200": {description: one, schema: {$ref: "#/definitions/Resource"}}
definitions:
  Resource:
    type: object
    discriminator: kind
    required: [kind]
    properties:
      kind: {type: string}
      location: {type: string}
  AppResource:
    x-ms-discriminator-value: Microsoft.Web/sites
    allOf: [{$ref: "#/definitions/Resource"}]
    required: [appUrl]
    properties: {appUrl: {type: string}}
  DatabaseResource:
    x-ms-discriminator-value: Microsoft.Sql/servers
    allOf: [{$ref: "#/definitions/Resource"}]
    required: [sizeGb]
    properties: {sizeGb: {type: integer, minimum: 1}}
"""


def test_an_answer_declared_as_the_base_is_one_of_the_kinds_that_inherit_it(tmp_path):
    # another spec loaded first, with a `Dog` of its own: the mapping names the `Dog` of the base's own document
    (tmp_path / "kennel").mkdir()
    served(tmp_path / "kennel", PETS.replace("barks", "bark").replace("boolean", "string"), stateful=False)
    (tmp_path / "pets").mkdir()
    client = served(tmp_path / "pets", PETS, stateful=False)
    kinds: Counter[str] = Counter()
    for n in range(16):
        pet = client.get(f"/pets/p{n}").json()
        kinds[pet["petType"]] += 1
        # the mapping's value for Dog, and Cat's own name where the mapping names it not
        assert pet["petType"] in ("dog", "Cat"), pet
        assert ("barks" in pet) == (pet["petType"] == "dog") and ("lives" in pet) == (pet["petType"] == "Cat"), pet
    assert set(kinds) == {"dog", "Cat"}, kinds
    assert client.app.state.server.violations_seen == 0


def test_a_closed_base_that_refuses_its_kinds_fields_is_answered_as_the_base(tmp_path):
    client = served(tmp_path, PETS, stateful=False)
    for n in range(6):
        shelter = client.get(f"/shelters/s{n}").json()
        assert set(shelter) == {"kind", "address"}, shelter
    assert client.app.state.server.violations_seen == 0


def test_azure_kinds_are_named_by_their_discriminator_value(tmp_path):
    client = served(tmp_path, AZURE, stateful=False)
    seen = set()
    for n in range(16):
        resource = client.get(f"/resources/r{n}").json()
        seen.add(resource["kind"])
        expected = {"Microsoft.Web/sites": "appUrl", "Microsoft.Sql/servers": "sizeGb"}[resource["kind"]]
        assert expected in resource, resource
    assert seen == {"Microsoft.Web/sites", "Microsoft.Sql/servers"}
    assert client.app.state.server.violations_seen == 0


BLUEPRINT = """
swagger: "2.0"
info: {title: blueprints, version: "1"}
paths:
  /artifacts/{name}:
    get:
      operationId: getArtifact
      produces: [application/json]
      parameters: [{name: name, in: path, required: true, type: string}]
      responses:
        "200": {description: one, schema: {$ref: "#/definitions/Artifact"}}
definitions:
  AzureResourceBase:
    type: object
    properties:
      id: {type: string, readOnly: true}
      name: {type: string, readOnly: true}
  Artifact:
    type: object
    discriminator: kind
    required: [kind]
    allOf: [{$ref: "#/definitions/AzureResourceBase"}]
    properties:
      kind: {type: string, enum: [template, roleAssignment]}
  TemplateArtifact:
    x-ms-discriminator-value: template
    allOf: [{$ref: "#/definitions/Artifact"}]
    required: [template]
    properties: {template: {type: object}}
  RoleAssignmentArtifact:
    x-ms-discriminator-value: roleAssignment
    allOf: [{$ref: "#/definitions/Artifact"}]
    required: [roleDefinitionId]
    properties: {roleDefinitionId: {type: string}}
"""


def test_a_discriminator_beside_the_parents_it_inherits_selects_the_kinds_that_inherit_it(tmp_path):
    # Azure's blueprint `Artifact`: `allOf: [AzureResourceBase]` beside `discriminator: kind`, whose value openapi-core
    # reads as a schema's name; no kind of its enum names one, so no answer satisfied it, and `kind:
    # AzureResourceBase` (its parent's name) went out, outside the enum
    client = served(tmp_path, BLUEPRINT, stateful=False)
    seen = set()
    for n in range(12):
        artifact = client.get(f"/artifacts/a{n}").json()
        seen.add(artifact["kind"])
        assert {"template": "template", "roleAssignment": "roleDefinitionId"}[artifact["kind"]] in artifact
    assert seen == {"template", "roleAssignment"}
    assert client.app.state.server.violations_seen == 0
