"""`specmock scenarios list|check`, and what `specmock serve` makes of its scenario flags."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from mock.exit_codes import EXIT_OK, EXIT_USAGE
from mock.scenario.compiling import check_all
from mock.scenario.engine import DEFAULT_SCENARIOS, singletons_of
from mock.scenario.loading import ScenarioError, load_resource_overrides, load_scenarios
from mock.spec import load_apis
from mock.spec.deletions import DeletableItem, infer_deletable_items
from mock.spec.model import Api
from mock.spec.resources import (
    COUNT,
    CREATE,
    LIST,
    ROLES,
    Inference,
    Paging,
    explain_resources,
    singular,
    type_name,
)
from mock.spec.singletons import Singleton


class UsageError(ValueError):
    pass


def parse_settings(items: list[str]) -> dict[str, dict[str, Any]]:
    settings: dict[str, dict[str, Any]] = {}
    for item in items:
        target, sep, raw = item.partition("=")
        name, dot, key = target.partition(".")
        if not sep or not dot or not name or not key:
            raise UsageError(f"--set {item!r}: expected SCENARIO.SETTING=VALUE, e.g. rate-limit.limit=3")
        try:
            value = yaml.safe_load(raw)
        except yaml.YAMLError:
            value = raw
        settings.setdefault(name, {})[key] = value
    return settings


def scenario_choice(args: argparse.Namespace) -> tuple[Path | None, tuple[str, ...], dict[str, dict[str, Any]]]:
    """(scenarios folder to load, scenarios to activate, setting overrides) from serve's flags."""
    requested = args.scenario
    settings = parse_settings(args.settings)
    directory: Path = args.scenarios
    if requested is None:
        if not directory.is_dir():
            if settings:
                raise UsageError(f"--set needs scenarios, and {directory} is not a folder")
            print(f"specmock: no {directory}/ folder: serving the static mock", file=sys.stderr)
            return None, (), {}
        active = DEFAULT_SCENARIOS
    else:
        names = [n.strip() for value in requested for n in value.split(",") if n.strip()]
        if "none" in names:
            if len(names) > 1:
                raise UsageError("--scenario none cannot be combined with other scenarios")
            return (directory if directory.is_dir() else None), (), {}
        if not directory.is_dir():
            raise UsageError(f"--scenario needs the scenarios folder, and {directory} is not a folder")
        active = tuple(dict.fromkeys(names))
    for name in settings:
        if name not in active:
            raise UsageError(f"--set {name}.…: scenario {name!r} is not active; activate it with --scenario {name}")
    return directory, active, settings


def scenarios_list(args: argparse.Namespace) -> int:
    scenarios = load_scenarios(args.scenarios)
    if args.json:
        print(
            json.dumps(
                {
                    name: {
                        "description": s.description,
                        "file": s.file,
                        "line": s.line,
                        "priority": s.priority,
                        "settings": s.settings,
                        "rules": len(s.raw_rules),
                        "spec_deviation": s.spec_deviation,
                        "default": name in DEFAULT_SCENARIOS,
                    }
                    for name, s in sorted(scenarios.items())
                },
                indent=2,
                default=str,
            )
        )
        return EXIT_OK
    for name, scenario in sorted(scenarios.items()):
        marker = " (active by default)" if name in DEFAULT_SCENARIOS else ""
        print(
            f"{name}{marker} — {scenario.file}:{scenario.line}, "
            f"priority {scenario.priority}, {len(scenario.raw_rules)} rules"
        )
        if scenario.description:
            print(f"    {scenario.description.splitlines()[0]}")
        for key, value in scenario.settings.items():
            text = json.dumps(value, default=str)
            print(f"    setting {key} = {text if len(text) < 80 else text[:77] + '...'}")
        if scenario.spec_deviation:
            print(f"    spec deviation: {scenario.spec_deviation.splitlines()[0]}")
        for raw in scenario.raw_rules:
            match = raw.get("match") or {}
            target = match.get("operation") or match.get("path") or "*"
            action = (
                raw.get("effect")
                or raw.get("fault")
                or (
                    "respond " + str((raw.get("respond") or {}).get("status", ""))
                    if raw.get("respond")
                    else "sequence"
                    if raw.get("sequence")
                    else "delay/headers"
                )
            )
            print(f"    rule {raw.get('name', '-')}: {match.get('api', '*')}:{target} → {action}")
    return EXIT_OK


def scenarios_check(args: argparse.Namespace) -> int:
    apis = load_apis(args.specs)
    try:
        scenarios, problems = check_all(args.scenarios, apis)
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    for problem in problems:
        print(str(problem), file=sys.stderr)
    if problems:
        return EXIT_USAGE
    for name, scenario in sorted(scenarios.items()):
        print(f"ok  {name}: {len(scenario.raw_rules)} rules from {scenario.file}")
    return EXIT_OK


def _paging_text(paging: Paging) -> str:
    params = [p for p in (paging.limit_param, paging.offset_param, paging.page_param, paging.cursor_param) if p]
    text = paging.style + (f" ({', '.join(params)})" if params else "")
    if paging.cursor_is_key:
        text += f", {paging.cursor_param} the key of a page's first record"
    if paging.next_field:
        text += f", next in {paging.next_field}"
    if paging.total_field:
        text += f", total in {paging.total_field}"
    return text + f"; default limit {paging.default_limit}" + (f", max {paging.max_limit}" if paging.max_limit else "")


def _documents(api: Api, inference: Inference) -> tuple[Inference, tuple[Singleton, ...]]:
    """The singleton documents `serve` keeps, and the inference without what they take: a resource all of whose
    operations are a document's (a create-only "collection" at `/push/subscription`), the operations they answer."""
    documents = singletons_of(api, inference.resources)
    taken = frozenset().union(*(document.operation_ids for document in documents))
    resources = tuple(
        resource
        for resource in inference.resources
        if not {operation_id for ids in resource.operations.values() for operation_id in ids} <= taken
    )
    left_out = tuple(item for item in inference.left_out if item.operation_id not in taken)
    return Inference(resources, left_out), documents


def document_lines(documents: tuple[Singleton, ...]) -> list[str]:
    """The singleton documents in `specmock specs resources`' printout."""
    lines = []
    for document in documents:
        since = "until a POST makes it, 404" if document.absent_first else "from the start, as first answered"
        lines.append(f"  document  {document.path}  (one per caller; exists {since})")
        for role, operation_id in document.operations:
            note = "  answers the document" if operation_id in document.answers_document else ""
            lines.append(f"    {role:<9} {operation_id}{note}")
    return lines


def resource_lines(inference: Inference) -> list[str]:
    """The human-readable printout of `specmock specs resources` for one API."""
    lines = []
    for resource in inference.resources:
        where = resource.collection_path + (f"  {resource.item_path}" if resource.item_path else "")
        parent = f", under {resource.parent}" if resource.parent else ""
        lines.append(f"  {resource.name}  {where}  (from {resource.source}{parent})")
        id_from = f" <- {{{resource.id_param}}}" if resource.id_param else ""
        id_from += f"; a create sends it as {resource.id_sent_as}" if resource.id_sent_as else ""
        id_from += f", or {resource.alternate_key}" if resource.alternate_key else ""
        lines.append(f"    id        {resource.id_field} ({type_name(resource.id_schema)}){id_from}")
        if resource.address is not None:
            lines.append(f"    address   {resource.address.field} = {resource.address.template}")
        if resource.items_path is not None:
            shape = "bare array" if resource.items_path == "" else f"array in {resource.items_path}"
            lines.append(f"    shape     {shape}; paging {_paging_text(resource.paging)}")
            for operation_id in dict.fromkeys([*resource.list_items_paths, *resource.list_paging]):
                own = resource.list_items_paths.get(operation_id, resource.items_path)
                shape = "bare array" if own == "" else f"array in {own}"
                paging = resource.list_paging.get(operation_id, resource.paging)
                lines.append(f"    also      {operation_id}: {shape}; paging {_paging_text(paging)}")
        if resource.parent_params:
            scoped = ", ".join(
                f"{{{p}}}" + (f" -> {resource.parent_fields[p]}" if p in resource.parent_fields else "")
                for p in resource.parent_params
            )
            wildcard = f"; {resource.parent_wildcard!r} means every parent" if resource.parent_wildcard else ""
            holds = (
                f"; holds its {singular(resource.parent or '')} in {resource.parent_object}"
                if resource.parent_object
                else ""
            )
            lines.append(f"    scoped    by {scoped}{wildcard}{holds}")
        if resource.by_id_alone:
            named = ", ".join(sorted(resource.by_id_alone))
            lines.append(f"    by id     {named}: name a record by its id alone, under whichever parent it is")
        if resource.linked:
            lines.append(f"    links     {resource.linked}: a write without a body puts one under its parent")
        if resource.shares:
            lines.append(f"    shares    {resource.shares}: the same records, each under the parent it names")
        for name, target in resource.references:
            what = "addresses" if name in resource.references_by_address else "ids"
            lines.append(f"    refers    {name}: {what} of {target} records")
        for name, target in resource.embeds:
            lines.append(f"    holds     {name}: {target} records, shown as stored")
        if resource.lifecycle is not None:
            way = " -> ".join(resource.lifecycle.path)
            lines.append(f"    job       {resource.lifecycle.field}: {way}, a state a poll of the record")
        by_place: dict[str, list[str]] = {}
        for operation_id, where in resource.spawned_by.items():
            by_place.setdefault(where, []).append(operation_id)
        for where, makers in by_place.items():
            lines.append(f"    made by   {', '.join(makers)}: each answers a new job's key in {where}")
        if resource.cancellation is not None:
            cancel = resource.cancellation
            lines.append(
                f"    cancels   a cancel (a DELETE, or POST …/cancel) sets {cancel.field} {cancel.value}"
                " and keeps the record"
            )
        for name, child in resource.child_counts:
            lines.append(f"    counts    {name}: how many {child} records it holds")
        for name, child in resource.child_lists:
            lines.append(f"    embeds    {name}: the {child} records it holds")
        if resource.filters:
            lines.append(f"    filters   {', '.join(f'{q}={p}' if q != p else q for q, p in resource.filters.items())}")
        for name, values in resource.choices.items():
            lines.append(f"    values    {name} holds one of {', '.join(values)} (what a list filter offers)")
        sorting = resource.sorting
        if sorting.sort_params:
            direction = f", {sorting.direction_param}=asc|desc" if sorting.direction_param else ""
            lines.append(f"    sorts     by {', '.join(sorting.sort_params)} (-field descending{direction})")
        elif sorting.direction_param:
            default = f", {sorting.default_direction} by default" if sorting.default_direction else ""
            lines.append(f"    sorts     by when made ({sorting.direction_param}=asc|desc{default})")
        if sorting.search_param:
            lines.append(f"    searches  {sorting.search_param}: text in any of a record's text fields")
        for role in ROLES:
            for operation_id in resource.operations.get(role, ()):
                placed = resource.record_paths.get(operation_id)
                note = ""
                if placed is not None and role == COUNT:
                    note = "  the number of records in " + (placed or "the body")
                elif placed is not None and role != LIST:
                    note = "  record in " + (placed or "the body")
                elif role == CREATE and resource.create_id_path is not None:
                    note = f"  answers the new id in {resource.create_id_path or 'the body'}"
                if operation_id in resource.found_by:
                    note += f"  finds it by {resource.found_by[operation_id]}"
                if operation_id in resource.record_named_by:
                    note += f"  names it by {resource.record_named_by[operation_id]}"
                copying = resource.copies.get(operation_id)
                if copying is not None and copying.source_field is not None:
                    note += f"  names its source in {copying.source_field}"
                lines.append(f"    {role:<9} {operation_id}{note}")
        if resource.server_fields:
            lines.append(f"    server    {', '.join(resource.server_fields)}")
    if inference.left_out:
        lines.append("  left out:")
        for item in inference.left_out:
            lines.append(f"    {item.method:<6} {item.path:<40} {item.operation_id}: {item.reason}")
    return lines


def _deletable(api: Api, inference: Inference, documents: tuple[Singleton, ...]) -> tuple[DeletableItem, ...]:
    """The records `serve` keeps by their delete alone: at item paths no resource or document answers."""
    answered = {operation_id for r in inference.resources for ids in r.operations.values() for operation_id in ids}
    answered |= {operation_id for document in documents for operation_id in document.operation_ids}
    return infer_deletable_items(api, answered)


def deletion_lines(items: tuple[DeletableItem, ...]) -> list[str]:
    """The records kept by their delete in `specmock specs resources`' printout."""
    lines = []
    for item in items:
        lines.append(f"  deleted   {item.path}  (per caller: 404 once deleted, until made again)")
        for role, operation_id in item.roles:
            lines.append(f"    {role:<9} {operation_id}")
    return lines


def specs_resources(args: argparse.Namespace) -> int:
    """`specmock specs resources`: what inference made of each spec (with the scenario files' corrections)."""
    apis = load_apis(args.specs)
    if args.api is not None and args.api not in apis:
        print(f"specmock: --api: no API named {args.api!r}; known: {', '.join(sorted(apis))}", file=sys.stderr)
        return EXIT_USAGE
    overrides = load_resource_overrides(args.scenarios) if args.scenarios and args.scenarios.is_dir() else ()
    chosen = {name: api for name, api in sorted(apis.items()) if args.api in (None, name)}
    explained = {name: _documents(api, explain_resources(api, overrides)) for name, api in chosen.items()}
    deletable = {name: _deletable(chosen[name], *found) for name, found in explained.items()}
    if args.json:
        print(
            json.dumps(
                {
                    name: {
                        "resources": [r.describe() for r in inference.resources],
                        "documents": [document.describe() for document in documents],
                        "deleted_items": [
                            {"path": item.path, "operations": [{"role": r, "operation": o} for r, o in item.roles]}
                            for item in deletable[name]
                        ],
                        "left_out": [vars(item) for item in inference.left_out],
                    }
                    for name, (inference, documents) in explained.items()
                },
                indent=2,
            )
        )
        return EXIT_OK
    for name, (inference, documents) in explained.items():
        resources, kept, left = len(inference.resources), len(documents), len(inference.left_out)
        print(
            f"{name}: {resources} resource{'' if resources == 1 else 's'}, "
            + (f"{kept} document{'' if kept == 1 else 's'}, " if kept else "")
            + f"{left} operation{'' if left == 1 else 's'} left out"
        )
        for line in [*resource_lines(inference), *document_lines(documents), *deletion_lines(deletable[name])]:
            print(line)
    return EXIT_OK
