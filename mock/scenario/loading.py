"""Scenario files: read the YAML in scenarios/, check it against our own schema, compile the rules.

A mistake is reported as one line, `file:line: problem`, pointing at the YAML node at fault
(the schema check, `file_schema.py`, uses the node marks PyYAML keeps). Loading checks the
shape within bounds (size, depth, aliases); `compiling.py` checks the meaning.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from mock.scenario.file_schema import FILE_VALIDATOR
from mock.scenario.model import Scenario
from mock.spec.reading import CoreSchemaLoader
from mock.spec.resources import ResourceOverride

SCENARIO_SUFFIXES = (".yaml", ".yml")


class ScenarioError(Exception):
    """One line: file:line: problem."""

    def __init__(self, file: Path | str, line: int, problem: str) -> None:
        self.file = str(file)
        self.line = line
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.file}:{self.line}: {self.problem}")


# ---------------------------------------------------------------- YAML with lines


def _lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            out[path + (name, "<key>")] = key.start_mark.line + 1
            _lines(value, path + (name,), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, path + (index,), out)


def line_of(lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def describe_error(error: Any) -> str:
    where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in error.absolute_path).replace(".[", "[")
    message = error.message
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extras = [k for k in error.instance if k not in (error.schema.get("properties") or {})]
        known = ", ".join(error.schema.get("properties") or {})
        message = f"unknown key {extras[0]!r}; expected one of: {known}" if extras else message
    if error.validator == "anyOf":
        message = f"{error.instance!r} is not valid here"
        kinds = [s.get("type") for s in error.validator_value if isinstance(s, dict)]
        if kinds:
            message += f" (expected {' or '.join(str(k) for k in kinds if k)}, or a ${{settings.*}} template)"
    return f"{where}: {message}" if where else message


# ---------------------------------------------------------------- reading a file, bounded

MAX_FILE_BYTES = 1024 * 1024  # the bundled files are under 16 KiB
MAX_DEPTH = 64  # nested mappings and sequences
MAX_NODES = 50_000  # YAML nodes once every alias is expanded: an alias bomb passes this in a few lines


_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_text(path: Path) -> str:
    """The file as UTF-8 text, refused before parsing when it is too large or not text at all."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScenarioError(path, 1, f"the file is {size:,} bytes; a scenario file may have at most {MAX_FILE_BYTES:,}")
    data = path.read_bytes()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise ScenarioError(path, 1, f"{encoding} text; save the file as UTF-8")
    if b"\x00" in data:
        raise ScenarioError(
            path, data[: data.index(b"\x00")].count(b"\n") + 1, "a NUL byte: this is not a YAML text file"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(path, line, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None


# libyaml's parser when PyYAML has it (the pure-Python scanner slows to seconds on 10,000 open brackets), reading
# YAML 1.2 as the specs are read: a rule's `country: NO` is the text a request sends.
_LOADER: Any = CoreSchemaLoader


def check_shape(path: Path, text: str) -> None:
    """Refuse nesting past MAX_DEPTH and aliases that expand past MAX_NODES, from the parser's events alone.

    The event parser neither recurses nor expands aliases, so a 10,000-deep document or a
    "billion laughs" alias bomb is measured in time linear in the file, before anything is built.
    """
    depth = 0
    expanded = 0
    anchored: dict[str, int] = {}  # anchor -> nodes it expands to
    open_anchors: list[tuple[str | None, int]] = []  # per open collection: its anchor, `expanded` when it opened
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent):
            expanded += anchored.get(event.anchor or "", 1)
        elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            expanded += 1
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ScenarioError(path, line, f"nested more than {MAX_DEPTH} levels deep")
                open_anchors.append((event.anchor, expanded - 1))
            elif event.anchor:
                anchored[event.anchor] = 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, at_start = open_anchors.pop()
            if anchor:
                anchored[anchor] = expanded - at_start
        if expanded > MAX_NODES:
            raise ScenarioError(
                path,
                line,
                f"YAML aliases expand to more than {MAX_NODES:,} nodes (an alias bomb?); write the values out",
            )


def parse_yaml(path: Path, text: str) -> tuple[yaml.Node | None, Any]:
    """The node graph (for line numbers) and the data built from it, parsed once."""
    try:
        check_shape(path, text)
        loader = _LOADER(text)  # libyaml here too: 7 bundled files took 0.2 s in the pure-Python composer
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise ScenarioError(
            path, mark.line + 1 if mark else 1, f"invalid YAML: {getattr(exc, 'problem', None) or exc}"
        ) from None
    return node, data


def read_file(path: Path) -> tuple[list[Scenario], dict[tuple[Any, ...], int]]:
    node, data = parse_yaml(path, read_text(path))
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _lines(node, (), lines)
    errors = sorted(
        FILE_VALIDATOR.iter_errors(data), key=lambda e: (line_of(lines, tuple(e.absolute_path)), len(e.absolute_path))
    )
    if errors:
        error = errors[0]
        path_in_file = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            extras = [k for k in error.instance if k not in (error.schema.get("properties") or {})]
            if extras:
                path_in_file += (extras[0], "<key>")
        raise ScenarioError(path, line_of(lines, path_in_file), describe_error(error))
    by_rule: dict[tuple[Any, ...], dict[tuple[Any, ...], int]] = {}  # one pass: files may hold many rules
    for place, line in lines.items():
        if len(place) >= 4 and place[2] == "rules":
            by_rule.setdefault(place[:4], {})[place[4:]] = line
    scenarios = []
    for index, raw in enumerate(data.get("scenarios") or []):
        prefix = ("scenarios", index)
        rule_lines = [by_rule.get(prefix + ("rules", rule_index), {}) for rule_index in range(len(raw["rules"]))]
        scenarios.append(
            Scenario(
                name=raw["name"],
                description=str(raw.get("description", "")).strip(),
                file=str(path),
                line=line_of(lines, prefix),
                priority=int(raw.get("priority", 0)),
                settings=dict(raw.get("settings") or {}),
                spec_deviation=raw.get("spec_deviation"),
                raw_rules=tuple(raw["rules"]),
                rule_lines=tuple(rule_lines),
            )
        )
    return scenarios, lines


def scenario_files(directory: Path) -> list[Path]:
    """The scenario files in the folder: regular files inside it (a link out of the folder is refused)."""
    if not directory.is_dir():
        raise ScenarioError(directory, 0, "no such scenarios directory")
    inside = directory.resolve()
    found = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in SCENARIO_SUFFIXES)
    for path in found:
        target = path.resolve()
        if not target.is_relative_to(inside):
            raise ScenarioError(
                path, 1, f"links to {target}, outside {directory}; scenario loading reads only that folder"
            )
    return found


def load_resource_overrides(directory: Path) -> tuple[ResourceOverride, ...]:
    """The `resources:` corrections of every scenario file in `directory`, in file order."""
    found = []
    for path in scenario_files(directory):
        read_file(path)  # the same checks and file:line errors as for scenarios
        node, data = parse_yaml(path, read_text(path))  # bounded, as read_file reads it
        lines: dict[tuple[Any, ...], int] = {}
        if node is not None:
            _lines(node, (), lines)
        for index, raw in enumerate((data or {}).get("resources") or []):
            values = {k: v for k, v in raw.items() if k not in ("api", "name", "exclude")}
            found.append(
                ResourceOverride(
                    api=raw["api"],
                    name=raw["name"],
                    exclude=bool(raw.get("exclude", False)),
                    values=values,
                    where=f"{path}:{line_of(lines, ('resources', index))}",
                )
            )
    return tuple(found)


def load_scenarios(directory: Path) -> dict[str, Scenario]:
    found: dict[str, Scenario] = {}
    for path in scenario_files(directory):
        scenarios, _ = read_file(path)
        for scenario in scenarios:
            if scenario.name in found:
                other = found[scenario.name]
                raise ScenarioError(
                    path, scenario.line, f"scenario {scenario.name!r} is already defined at {other.file}:{other.line}"
                )
            found[scenario.name] = scenario
    return found
