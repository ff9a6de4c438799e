"""Records kept by their delete alone: an item path whose DELETE no inferred resource or document answers.

Request Baskets' `DELETE /baskets/{name}`, ETSI's `DELETE /app_packages/{appPkgId}`, The SMS Works'
`DELETE /messages/{messageid}`: the resource inference finds no record it can keep there (the create
answers a token, no field holds the key, nothing lists them), so every read was the static answer, and a
record deleted a moment before read back 200. A client (and schemathesis' `use_after_free`) expects it
gone. This finds such item paths and the operations about the record they name: those at the path and
below it, which answer 404 once it is deleted, and the PUT or POST at the path that makes it again. The
`item.deleted` effect keeps, per caller, which records were deleted.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from mock.spec.model import Api, Operation
from mock.spec.operations import path_parameter_names, template_below, template_shape
from mock.spec.refs import deref
from mock.spec.resources import creates_at_its_key, ends_in_parameter, id_candidates, noun_of, success_schema
from mock.spec.schemas import declared_properties

ABOUT, CREATES, DELETE, MAKES = "about", "creates", "delete", "makes"


@dataclass(frozen=True)
class DeletableItem:
    """An item path its DELETE ends the record of, and what else is about that record."""

    api: str
    path: str  # the DELETE's path template
    roles: tuple[tuple[str, str], ...]  # (role, operationId): the DELETE, the operations about it, those making it

    @property
    def depth(self) -> int:
        """How many path parameters name the record: the DELETE path's."""
        return len(path_parameter_names(self.path))

    @property
    def id_param(self) -> str:
        """The last of them, the record's own (`{messageid}`): a create at the collection path names it in its
        answer."""
        return path_parameter_names(self.path)[-1]

    @property
    def id_fields(self) -> tuple[str, ...]:
        """The fields an answer may name the record by, the parameter's own first: `uid` of Postman's
        `{collection_uid}` ahead of the `id` beside it, which is no address of the collection."""
        collection = self.path.rstrip("/").rpartition("/")[0]
        return tuple(id_candidates(noun_of(collection), self.id_param))


def infer_deletable_items(api: Api, answered: Collection[str]) -> tuple[DeletableItem, ...]:
    """The item paths of `api` whose DELETE `answered` (the operations other rules keep state for) leaves out: one
    at a path ending in a parameter, declaring a success, that ends the record rather than cancelling it. An
    operation `answered` names is left to its own rule, but below the record: Ably's rules and keys, a resource's
    records below `/apps/{id}`, are gone with their app (the engine asks this first, then their own rule)."""
    found = []
    for delete in api.operations:
        if (
            delete.method != "DELETE"
            or delete.operation_id in answered
            or delete.task_protocol is not None
            or not ends_in_parameter(delete.path)
            or not _declares_a_success(delete)
            or _cancels(delete)
        ):
            continue
        shape = template_shape(delete.path)
        collection = shape.rsplit("/", 1)[0]
        roles = [(DELETE, delete.operation_id)]
        for other in api.operations:
            if other is delete or other.task_protocol is not None:
                continue
            if other.operation_id in answered:
                if template_below(other.path, delete.path):
                    roles.append((ABOUT, other.operation_id))
                continue
            if template_shape(other.path) == shape:
                roles.append((MAKES if _makes_at_its_key(other) else ABOUT, other.operation_id))
            elif template_below(other.path, delete.path):
                roles.append((ABOUT, other.operation_id))
            elif other.method == "POST" and template_shape(other.path) == collection and _declares_a_success(other):
                # The SMS Works' `POST /messages`: the static answer names the same id again after its delete
                roles.append((CREATES, other.operation_id))
        found.append(DeletableItem(api.name, delete.path, tuple(roles)))
    return tuple(found)


def _declares_a_success(operation: Operation) -> bool:
    return any(str(status).startswith("2") for status in operation.responses)


def _makes_at_its_key(operation: Operation) -> bool:
    """A write at the item path that makes the record it names: a PUT (RFC 9110 §9.3.4: it makes what is not there)
    unless it declares a 404 for one not there, or a POST whose first success is 201 Created (Request Baskets'
    `POST /baskets/{name}`), as the resource inference reads one."""
    if operation.method == "PUT":
        return "404" not in operation.responses
    return operation.method == "POST" and creates_at_its_key(operation)


_STATE_FIELDS = ("status", "state", "phase")


def _cancels(operation: Operation) -> bool:
    """A DELETE that answers the record in a cancelled state (a job's `DELETE /jobs/{id}`): it is still there."""
    schema = success_schema(operation)
    properties = declared_properties(deref(schema) or {}) if isinstance(schema, dict) else {}
    for name in _STATE_FIELDS:
        field: Any = deref(properties.get(name))
        values = field.get("enum") if isinstance(field, dict) else None
        if isinstance(values, list) and any("cancel" in str(value).lower() for value in values):
            return True
    return False


__all__ = ["ABOUT", "CREATES", "DELETE", "MAKES", "DeletableItem", "infer_deletable_items"]
